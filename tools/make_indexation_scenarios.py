"""Write the boundary-pair scenarios for every indexation date from 1 July 2022 to 1 January 2025.

Why: the history from 2022 gave every indexed amount its dated values, but no scenario looked at the
days around those dates, so a value one cent off or a start date one day early went unseen (the
mutation test `crosslaw rules mutate` showed it). For each date this writes a scenario on the day
before (the old amount) and one on the date itself (the new amount).

The expected amounts are NOT read from the rule files or the engine: they are the table below, typed
from the published texts the parameters cite (the consolidated law texts per date, checked against
municipal norm tables; see docs/research/history-2022.md, table "Amounts per half year"). The
Participatiewet amounts of 1 July 2023 were compared once more with the harvested law text of
2023-07-01 (MinBZK/regelrecht-corpus) when this script was written. A scenario that fails therefore
means the rule data and the published table disagree.

Run from the repository root:  python tools/make_indexation_scenarios.py
It rewrites tests/scenarios/{participatiewet,uwv,wmo}/indexatie_2022_2024.yaml. The situations are
the bases of the existing 2025-2026 scenario files, with birth dates set so every age fits the date.
"""

from __future__ import annotations

import copy
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SCEN = ROOT / "tests" / "scenarios"

# The half-year dates and the day before each; 2022-01-01 is the first day covered (dekking.yaml).
HALF_YEARS = [date(2022, 7, 1), date(2023, 1, 1), date(2023, 7, 1), date(2024, 1, 1), date(2024, 7, 1), date(2025, 1, 1)]
YEARS = [d for d in HALF_YEARS if d.month == 1]
PERIODS = [date(2022, 1, 1)] + HALF_YEARS   # start of each period whose amount is listed below

# Amounts in cents per period (2022-01-01, 2022-07-01, 2023-01-01, 2023-07-01, 2024-01-01, 2024-07-01,
# 2025-01-01). Sources: docs/research/history-2022.md (2022-2024), the 2025-01-01 column from the 2025
# law text as already pinned in tests/scenarios/participatiewet/normtabel.yaml and
# tests/scenarios/uwv/toeslagenwet_normtabel.yaml.
PW = {
    # art. 21 onder a / b
    "alleenstaande_21": [109171, 110182, 119566, 121662, 128383, 130845, 134545],
    "gehuwden_21": [155958, 157403, 170808, 173802, 183404, 186921, 192207],
    # art. 20 lid 1 onder a, b, c; lid 2 onder b, c
    "alleenstaande_18_20": [26951, 27202, 29520, 30036, 31694, 32303, 33217],
    "gehuwden_18_20": [53902, 54404, 59040, 60072, 63388, 64606, 66434],
    "gehuwden_18_20_met_kind": [85094, 85885, 93202, 94832, 100069, 101990, 104875],
    "gehuwden_een_18_20": [104930, 105904, 114924, 116937, 123396, 125764, 129321],
    "gehuwden_een_18_20_met_kind": [136122, 137385, 149086, 151697, 160077, 163148, 167762],
    # art. 22 onder a, b, c (b and c are the same amount; 2024-01-01 is unverified, see the research note)
    "alleenstaande_aow": [121306, 122567, 133067, 135766, 142576, 145685, 150107],
    "gehuwden_aow": [164254, 166036, 180720, 184360, 193398, 197664, 205348],
    # art. 22a lid 3 onder a (met kinderen) and b (zonder): the fixed amount for the partner of 18-20
    "kostendelers_18_20_met_kind": [58143, 58683, 63682, 64796, 68375, 69687, 71658],
    "kostendelers_18_20": [26951, 27202, 29520, 30036, 31694, 32303, 33217],
    # art. 23 lid 1 and the lid 2 increase
    "inrichting_alleenstaande": [34568, 34889, 37862, 38524, 40651, 41431, 42603],
    "inrichting_gehuwden": [53769, 54269, 58893, 59923, 63231, 64445, 66269],
    "inrichting_verhoging_alleenstaande": [3400, 3400, 300, 300, 4200, 4200, 4500],
    "inrichting_verhoging_gehuwden": [7900, 7900, 5000, 5000, 9500, 9500, 10100],
    # art. 31 lid 2 onder n and r
    "vrijlating_arbeid_maximum": [22400, 22600, 24600, 24900, 26400, 26900, 27300],
    "vrijlating_alo_maximum": [13971, 14112, 15338, 15574, 16473, 16779, 17061],
    # art. 34 lid 3 (alleenstaande ouder = gehuwden) and lid 2 onder d
    "vermogensgrens_alleenstaande": [650500, 650500, 760500, 760500, 757500, 757500, 777000],
    "vermogensgrens_gehuwden": [1301000, 1301000, 1521000, 1521000, 1515000, 1515000, 1554000],
    "eigen_woning_vrijlating": [5490000, 5490000, 6410000, 6410000, 6390000, 6390000, 6550000],
}
TW = {  # Toeslagenwet art. 2 and 8, day norms
    "gehuwd": [7931, 8074, 8894, 9172, 9514, 9810, 10077],
    "21": [5748, 5822, 6340, 6475, 6775, 6940, 7219],
    "20": [4343, 4436, 4899, 5064, 5230, 5412, 5622],
    "19": [3158, 3225, 3570, 3693, 3806, 3940, 4110],
    "18": [2641, 2679, 2922, 2989, 3146, 3214, 3347],
    "medebewoner": [3638, 3692, 4030, 4132, 4295, 4416, 4671],
}
WML = [172500, 175620, 193440, 199500, 206940, 213360, 219180]            # Wml, per month
MAX_DAGLOON = [22876, 23290, 25654, 26457, 27444, 28295, 29067]           # Wfsv art. 17; 2022-07-01 derived (unverified)
WMO_ABONNEMENT = {date(2022, 1, 1): 1900, date(2023, 1, 1): 1900, date(2024, 1, 1): 2060, date(2025, 1, 1): 2100}

NL_MONTH = {1: "januari", 6: "juni", 7: "juli", 12: "december"}


def nl(d: date) -> str:
    return f"{d.day} {NL_MONTH[d.month]} {d.year}"


def amount(table: list[int], on: date) -> int:
    """The amount of the period that contains ``on``."""
    i = max(i for i, start in enumerate(PERIODS) if start <= on)
    return table[i]


def half_up(x: Decimal) -> int:
    return int(x.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def pairs(dates: list[date]):
    """(day before, date) for each date, with the year whose birthdays keep ages constant over the pair."""
    for d in dates:
        before = d - timedelta(days=1)
        yield before, d


def born(age: int, pair_start: date, month: int = 3, day: int = 1) -> date:
    """A birth date that gives ``age`` on both days of a pair (birthday in spring, the pair in summer or winter)."""
    return date(pair_start.year - age, month, day)


def bases_of(path: Path, names: list[str]) -> dict:
    doc = yaml.safe_load(path.read_text())
    return {n: copy.deepcopy(doc["bases"][n]) for n in names}


def scenario(name: str, base: str, on: date, computed: dict | None = None, situation: dict | None = None,
             expect: dict | None = None) -> dict:
    s = {"name": name, "base": base, "date": on}
    if situation:
        s["situation"] = situation
    if expect:
        s["expect"] = expect
    if computed:
        s["computed"] = computed
    return s


def side(on: date, d: date) -> str:
    """Which period's amount applies: the new one on the date, the previous one the day before."""
    return f"van {nl(d)}" if on == d else f"van voor {nl(d)}"


KIND = {"birth_date": date(2021, 1, 1), "relation": "kind", "study_finance_entitlement": False, "commercial_basis": False}
OUDER = {"birth_date": date(1950, 2, 1), "relation": "ouder", "study_finance_entitlement": False, "commercial_basis": False}


def participatiewet() -> dict:
    names = ["alleenstaande_45", "gehuwden_21", "alleenstaande_19", "gehuwden_19", "gehuwden_19_kind", "gehuwden_een_19",
             "gehuwden_een_19_kind", "alleenstaande_75", "gehuwden_75", "gehuwden_een_75", "inrichting_alleenstaande",
             "inrichting_gehuwden", "kostendelers_een_19", "kostendelers_een_19_kind"]
    bases = bases_of(SCEN / "participatiewet" / "normtabel.yaml", names)
    for n in ("gehuwden_19_kind", "gehuwden_een_19_kind"):
        bases[n]["household"]["members"] = [dict(KIND)]
    bases["kostendelers_een_19_kind"]["household"]["members"] = [dict(OUDER), dict(KIND)]
    bases.update(bases_of(SCEN / "participatiewet" / "vrijlatingen.yaml", ["alleenstaande"]))
    bases["alleenstaande_ouder"] = copy.deepcopy(bases["alleenstaande_45"])
    bases["alleenstaande_ouder"]["household"]["members"] = [dict(KIND)]

    # (base, description, article, expected amount as a function of the date, which ages to set)
    table = [
        ("alleenstaande_45", "een alleenstaande van 45", "art. 21 onder a", lambda on: amount(PW["alleenstaande_21"], on), None),
        ("gehuwden_21", "gehuwden van 21 jaar of ouder", "art. 21 onder b", lambda on: amount(PW["gehuwden_21"], on), None),
        ("alleenstaande_19", "een alleenstaande van 19", "art. 20 lid 1 onder a", lambda on: amount(PW["alleenstaande_18_20"], on), "self"),
        ("gehuwden_19", "gehuwden van 19 zonder kinderen", "art. 20 lid 1 onder b", lambda on: amount(PW["gehuwden_18_20"], on), "both"),
        ("gehuwden_19_kind", "gehuwden van 19 met een kind", "art. 20 lid 2 onder b", lambda on: amount(PW["gehuwden_18_20_met_kind"], on), "both"),
        ("gehuwden_een_19", "gehuwden van 37 en 19 zonder kinderen", "art. 20 lid 1 onder c", lambda on: amount(PW["gehuwden_een_18_20"], on), "partner"),
        ("gehuwden_een_19_kind", "gehuwden van 37 en 19 met een kind", "art. 20 lid 2 onder c", lambda on: amount(PW["gehuwden_een_18_20_met_kind"], on), "partner"),
        ("alleenstaande_75", "een alleenstaande van 75", "art. 22 onder a", lambda on: amount(PW["alleenstaande_aow"], on), None),
        ("gehuwden_75", "gehuwden die beiden de AOW-leeftijd hebben", "art. 22 onder b", lambda on: amount(PW["gehuwden_aow"], on), None),
        ("gehuwden_een_75", "gehuwden van wie een de AOW-leeftijd heeft", "art. 22 onder c", lambda on: amount(PW["gehuwden_aow"], on), None),
        ("inrichting_alleenstaande", "een alleenstaande in een inrichting", "art. 23 lid 1 onder a en lid 2",
         lambda on: amount(PW["inrichting_alleenstaande"], on) + amount(PW["inrichting_verhoging_alleenstaande"], on), None),
        ("inrichting_gehuwden", "gehuwden die beiden in een inrichting verblijven", "art. 23 lid 1 onder b en lid 2",
         lambda on: amount(PW["inrichting_gehuwden"], on) + amount(PW["inrichting_verhoging_gehuwden"], on), None),
    ]
    scenarios = []
    for before, d in pairs(HALF_YEARS):
        for base, who, article, expected, ages in table:
            for on in (before, d):
                situation = ages_situation(base, ages, before)
                scenarios.append(scenario(f"Op {nl(on)} geldt voor {who} de norm {side(on, d)} ({article})", base, on,
                                          {"pw.norm_zonder_kostendelers": expected(on)}, situation))
        # art. 22a lid 3: the fixed amount for the partner of 18-20 plus half the gehuwdennorm of art. 21 onder b
        # (A = 2: the partner of 21+ and one kostendelende medebewoner; (40% + 30%) / ... as in normtabel.yaml)
        for base, key, letter in (("kostendelers_een_19", "kostendelers_18_20", "b"),
                                  ("kostendelers_een_19_kind", "kostendelers_18_20_met_kind", "a")):
            for on in (before, d):
                norm = amount(PW[key], on) + half_up(Decimal(amount(PW["gehuwden_21"], on)) / 2)
                scenarios.append(scenario(
                    f"Op {nl(on)} krijgen gehuwden van 45 en 19 {'met een kind en ' if letter == 'a' else ''}met een kostendelende "
                    f"ouder de kostendelersnorm {side(on, d)} (art. 22a lid 3 onder {letter})",
                    base, on, {"pw.norm_kostendelers": norm, "pw.kostendelers": 1}, ages_situation(base, "partner", before)))
        # art. 31 lid 2 onder n and r: the maximum of the income exemptions
        for on in (before, d):
            scenarios.append(scenario(
                f"Op {nl(on)} is de vrijlating van inkomsten uit arbeid hooguit het bedrag {side(on, d)} (art. 31 lid 2 onder n)",
                "alleenstaande", on, {"pw.inkomstenvrijlating": amount(PW["vrijlating_arbeid_maximum"], on)},
                {"work": {"status": "zelfstandige", "income_exemption_months_used": 0, "single_parent_exemption_months_used": 0},
                 "income": [{"kind": "winst", "monthly_net_cents": 200000, "of_partner": False}],
                 "assessment": {"income_exemption_supports_work": True}}))
            scenarios.append(scenario(
                f"Op {nl(on)} is de vrijlating voor een alleenstaande ouder hooguit het bedrag {side(on, d)} (art. 31 lid 2 onder r)",
                "alleenstaande", on, {"pw.vrijlating_alleenstaande_ouder": amount(PW["vrijlating_alo_maximum"], on)},
                {"work": {"status": "zelfstandige", "income_exemption_months_used": 6, "single_parent_exemption_months_used": 0},
                 "income": [{"kind": "winst", "monthly_net_cents": 200000, "of_partner": False}],
                 "assessment": {"income_exemption_supports_work": True},
                 "household": {"members": [dict(KIND)]}}))
    # art. 34: the asset limits and the home-equity exemption change each 1 January
    for before, d in pairs(YEARS):
        for on in (before, d):
            for base, who, key in (("alleenstaande_45", "een alleenstaande", "vermogensgrens_alleenstaande"),
                                   ("alleenstaande_ouder", "een alleenstaande ouder", "vermogensgrens_gehuwden"),
                                   ("gehuwden_21", "gehuwden", "vermogensgrens_gehuwden")):
                scenarios.append(scenario(f"Op {nl(on)} geldt voor {who} de vermogensgrens {side(on, d)} (art. 34 lid 3)",
                                          base, on, {"pw.vermogensgrens": amount(PW[key], on)}))
            equity = 10_000_000
            scenarios.append(scenario(
                f"Op {nl(on)} telt van 100.000 euro vermogen in de eigen woning het deel boven de vrijlating {side(on, d)} (art. 34 lid 2 onder d)",
                "alleenstaande_45", on, {"pw.vermogen": equity - amount(PW["eigen_woning_vrijlating"], on)},
                {"assets": {"home_equity_cents": equity}}))
    return {"bases": bases, "scenarios": scenarios}


def ages_situation(base: str, ages: str | None, pair_start: date) -> dict | None:
    """Birth dates that make the 18-20-year-olds of a base 19 on both days of the pair."""
    if ages is None:
        return None
    out: dict = {}
    if ages in ("self", "both"):
        out["person"] = {"birth_date": born(19, pair_start, 3, 1)}
    if ages in ("partner", "both"):
        out["household"] = {"partner": {"birth_date": born(19, pair_start, 5, 1)}}
    return out


def uwv() -> dict:
    tw_bases = bases_of(SCEN / "uwv" / "toeslagenwet_normtabel.yaml", ["gehuwd_40", "alleen_40", "alleen_20", "alleen_19", "alleen_18", "met_ouder_40"])
    bases = dict(tw_bases)
    bases.update(bases_of(SCEN / "uwv" / "grenzen.yaml", ["kaal"]))
    rows = [("gehuwd_40", "gehuwden van 40", "art. 2 lid 1", "gehuwd", None),
            ("alleen_40", "een ongehuwde van 40 zonder medebewoners", "art. 2 lid 2 onder b 1°", "21", None),
            ("met_ouder_40", "een ongehuwde van 40 die met een meetellende medebewoner woont", "art. 2 lid 7", "medebewoner", None),
            ("alleen_20", "een ongehuwde van 20", "art. 2 lid 2 onder b 2°", "20", 20),
            ("alleen_19", "een ongehuwde van 19", "art. 2 lid 2 onder b 3°", "19", 19),
            ("alleen_18", "een ongehuwde van 18", "art. 2 lid 2 onder b 4°", "18", 18)]
    scenarios = []
    for before, d in pairs(HALF_YEARS):
        for base, who, article, key, age in rows:
            for on in (before, d):
                situation = {"person": {"birth_date": born(age, before)}} if age else None
                scenarios.append(scenario(f"Op {nl(on)} hebben {who} de dagnorm {side(on, d)} ({article} Toeslagenwet)",
                                          base, on, {"uwv.tw_norm_dag": amount(TW[key], on)}, situation))
        for on in (before, d):
            scenarios.append(scenario(f"Op {nl(on)} is het dagloon begrensd op het maximumdagloon {side(on, d)} (art. 17 Wfsv)",
                                      "kaal", on, {"uwv.dagloon": amount(MAX_DAGLOON, on)}, {"work": {"daily_wage_cents": 50000}}))
            scenarios.append(scenario(f"Op {nl(on)} is de Wajong-grondslag van iemand van 40 of ouder het minimumloon {side(on, d)} (art. 2:1 Wajong, art. 8 Wml)",
                                      "kaal", on, {"uwv.wajong_grondslag": amount(WML, on)}))
    return {"bases": bases, "scenarios": scenarios}


def wmo() -> dict:
    bases = bases_of(SCEN / "wmo" / "historie_2022_2024.yaml", ["huishoudelijke_hulp_72"])
    scenarios = []
    for before, d in pairs(YEARS):
        for on in (before, d):
            tarief = WMO_ABONNEMENT[max(k for k in WMO_ABONNEMENT if k <= on)]
            scenarios.append(scenario(
                f"Op {nl(on)} betalen gehuwden boven de AOW-leeftijd het abonnementstarief {side(on, d)} (art. 2.1.4a lid 4 Wmo 2015)",
                "huishoudelijke_hulp_72", on, {"wmo.bijdrage_per_jaar": tarief * 12},
                {"household": {"married": True, "partner": {"birth_date": date(1950, 1, 1)}}, "support": {"needs_household_help": True}},
                {"wmo.eigen_bijdrage": {"status": "applies", "amount": tarief}}))
    return {"bases": bases, "scenarios": scenarios}


# --- 1 January 2026 (asset limits) and 1 July 2026 ------------------------------------------------------------
# Amounts of 2025-07-01 / 2026-01-01 as pinned in tests/scenarios/participatiewet/normtabel.yaml, grenzen.yaml and
# tests/scenarios/uwv/toeslagenwet_normtabel.yaml; those of 2026-07-01 typed from the consolidated law texts of
# 2026-07-01 (Participatiewet art. 20-23, 22a lid 3; Toeslagenwet art. 2), read in MinBZK/regelrecht-corpus.
JULY_2026 = date(2026, 7, 1)
PW_2026 = {  # (2026-01-01, 2026-07-01)
    "alleenstaande_21": (140150, 141946), "gehuwden_21": (200213, 202779),
    "alleenstaande_18_20": (34599, 35042), "gehuwden_18_20": (69198, 70084),
    "gehuwden_18_20_met_kind": (109241, 110640), "gehuwden_een_18_20": (134706, 136432),
    "gehuwden_een_18_20_met_kind": (174749, 176988), "alleenstaande_aow": (156469, 158734),
    "gehuwden_aow": (214416, 217610), "kostendelers_18_20_met_kind": (74642, 75598), "kostendelers_18_20": (34599, 35042),
    "inrichting_alleenstaande": (44376, 44944), "inrichting_gehuwden": (69027, 69911),
    "inrichting_verhoging_alleenstaande": (4700, 4700), "inrichting_verhoging_gehuwden": (10600, 10600),
    "toeslag_jongere_zonder_ouders": (74645, 76224),
}
TW_2026 = {"gehuwd": (10549, 10745), "21": (7562, 7675), "20": (5894, 6015), "19": (4315, 4402), "18": (3525, 3595),
           "medebewoner": (4903, 4994)}
ASSETS_2026 = {  # (2025-01-01, 2026-01-01), art. 34 lid 3 and lid 2 onder d
    "vermogensgrens_alleenstaande": (777000, 800000), "vermogensgrens_gehuwden": (1554000, 1600000),
    "eigen_woning_vrijlating": (6550000, 6750000)}


def in_2026(pair: tuple[int, int], on: date) -> int:
    return pair[1] if on >= JULY_2026 else pair[0]


def participatiewet_2026() -> dict:
    source = participatiewet()
    bases = {k: v for k, v in source["bases"].items()}
    rows = [
        ("alleenstaande_45", "een alleenstaande van 45", "art. 21 onder a", "alleenstaande_21", None),
        ("gehuwden_21", "gehuwden van 21 jaar of ouder", "art. 21 onder b", "gehuwden_21", None),
        ("alleenstaande_19", "een alleenstaande van 19", "art. 20 lid 1 onder a", "alleenstaande_18_20", "self"),
        ("gehuwden_19", "gehuwden van 19 zonder kinderen", "art. 20 lid 1 onder b", "gehuwden_18_20", "both"),
        ("gehuwden_19_kind", "gehuwden van 19 met een kind", "art. 20 lid 2 onder b", "gehuwden_18_20_met_kind", "both"),
        ("gehuwden_een_19", "gehuwden van 37 en 19 zonder kinderen", "art. 20 lid 1 onder c", "gehuwden_een_18_20", "partner"),
        ("gehuwden_een_19_kind", "gehuwden van 37 en 19 met een kind", "art. 20 lid 2 onder c", "gehuwden_een_18_20_met_kind", "partner"),
        ("alleenstaande_75", "een alleenstaande van 75", "art. 22 onder a", "alleenstaande_aow", None),
        ("gehuwden_75", "gehuwden die beiden de AOW-leeftijd hebben", "art. 22 onder b", "gehuwden_aow", None),
        ("gehuwden_een_75", "gehuwden van wie een de AOW-leeftijd heeft", "art. 22 onder c", "gehuwden_aow", None),
    ]
    before, d = JULY_2026 - timedelta(days=1), JULY_2026
    scenarios = []
    for base, who, article, key, ages in rows:
        for on in (before, d):
            scenarios.append(scenario(f"Op {nl(on)} geldt voor {who} de norm {side(on, d)} ({article})", base, on,
                                      {"pw.norm_zonder_kostendelers": in_2026(PW_2026[key], on)}, ages_situation(base, ages, before)))
    for base, who, kind in (("inrichting_alleenstaande", "een alleenstaande in een inrichting", "alleenstaande"),
                            ("inrichting_gehuwden", "gehuwden die beiden in een inrichting verblijven", "gehuwden")):
        for on in (before, d):
            norm = in_2026(PW_2026[f"inrichting_{kind}"], on) + in_2026(PW_2026[f"inrichting_verhoging_{kind}"], on)
            scenarios.append(scenario(f"Op {nl(on)} geldt voor {who} de norm {side(on, d)} (art. 23 lid 1 en lid 2)",
                                      base, on, {"pw.norm_zonder_kostendelers": norm}))
    for base, key, letter in (("kostendelers_een_19", "kostendelers_18_20", "b"), ("kostendelers_een_19_kind", "kostendelers_18_20_met_kind", "a")):
        for on in (before, d):
            norm = in_2026(PW_2026[key], on) + half_up(Decimal(in_2026(PW_2026["gehuwden_21"], on)) / 2)
            scenarios.append(scenario(
                f"Op {nl(on)} krijgen gehuwden van 45 en 19 {'met een kind en ' if letter == 'a' else ''}met een kostendelende "
                f"ouder de kostendelersnorm {side(on, d)} (art. 22a lid 3 onder {letter})",
                base, on, {"pw.norm_kostendelers": norm, "pw.kostendelers": 1}, ages_situation(base, "partner", before)))
    for on in (before, d):
        # art. 20 lid 3 and 4: the increase, at most up to the norm of a 21-year-old alone (far above it here)
        extra = min(in_2026(PW_2026["toeslag_jongere_zonder_ouders"], on),
                    in_2026(PW_2026["alleenstaande_21"], on) - in_2026(PW_2026["alleenstaande_18_20"], on))
        situation = ages_situation("alleenstaande_19", "self", before)
        situation["assessment"] = {"cannot_rely_on_parents": True}
        scenarios.append(scenario(
            f"Op {nl(on)} krijgt een alleenstaande van 19 die niet op zijn ouders kan terugvallen de verhoging {side(on, d)} (art. 20 lid 3)",
            "alleenstaande_19", on, {"pw.verhoging_jongere_zonder_ouders": extra}, situation))
    jan = date(2026, 1, 1)
    for on in (jan - timedelta(days=1), jan):
        for base, who, key in (("alleenstaande_45", "een alleenstaande", "vermogensgrens_alleenstaande"),
                               ("alleenstaande_ouder", "een alleenstaande ouder", "vermogensgrens_gehuwden"),
                               ("gehuwden_21", "gehuwden", "vermogensgrens_gehuwden")):
            limit = ASSETS_2026[key][1 if on >= jan else 0]
            scenarios.append(scenario(f"Op {nl(on)} geldt voor {who} de vermogensgrens {side(on, jan)} (art. 34 lid 3)",
                                      base, on, {"pw.vermogensgrens": limit}))
        equity = 10_000_000
        scenarios.append(scenario(
            f"Op {nl(on)} telt van 100.000 euro vermogen in de eigen woning het deel boven de vrijlating {side(on, jan)} (art. 34 lid 2 onder d)",
            "alleenstaande_45", on, {"pw.vermogen": equity - ASSETS_2026["eigen_woning_vrijlating"][1 if on >= jan else 0]},
            {"assets": {"home_equity_cents": equity}}))
    used = {s["base"] for s in scenarios}
    return {"bases": {k: v for k, v in bases.items() if k in used}, "scenarios": scenarios}


def uwv_2026() -> dict:
    bases = bases_of(SCEN / "uwv" / "toeslagenwet_normtabel.yaml", ["gehuwd_40", "alleen_40", "alleen_20", "alleen_19", "alleen_18", "met_ouder_40"])
    rows = [("gehuwd_40", "gehuwden van 40", "art. 2 lid 1", "gehuwd", None),
            ("alleen_40", "een ongehuwde van 40 zonder medebewoners", "art. 2 lid 2 onder b 1°", "21", None),
            ("met_ouder_40", "een ongehuwde van 40 die met een meetellende medebewoner woont", "art. 2 lid 7", "medebewoner", None),
            ("alleen_20", "een ongehuwde van 20", "art. 2 lid 2 onder b 2°", "20", 20),
            ("alleen_19", "een ongehuwde van 19", "art. 2 lid 2 onder b 3°", "19", 19),
            ("alleen_18", "een ongehuwde van 18", "art. 2 lid 2 onder b 4°", "18", 18)]
    before, d = JULY_2026 - timedelta(days=1), JULY_2026
    scenarios = []
    for base, who, article, key, age in rows:
        for on in (before, d):
            situation = {"person": {"birth_date": born(age, before)}} if age else None
            scenarios.append(scenario(f"Op {nl(on)} hebben {who} de dagnorm {side(on, d)} ({article} Toeslagenwet)",
                                      base, on, {"uwv.tw_norm_dag": in_2026(TW_2026[key], on)}, situation))
    return {"bases": bases, "scenarios": scenarios}


HEADER = """# GENERATED by tools/make_indexation_scenarios.py - edit the script, not this file.
# {what}:
# both sides of every indexation date from 1 July 2022 to 1 January 2025 (the day before: the old
# amount; the date itself: the new one). The expected amounts are the script's table, typed from the
# published law texts per date (docs/research/history-2022.md), not read from the rules or the engine.
"""


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data):  # every date written out, no &anchors
        return True


HEADER_2026 = """# GENERATED by tools/make_indexation_scenarios.py - edit the script, not this file.
# {what}.
# The day before: the old amount; the date itself: the new one. The amounts of 1 July 2026 are the script's table,
# typed from the consolidated law texts of 2026-07-01 (docs/research/history-2022.md, "1 July 2026").
"""


def render() -> dict[Path, str]:
    """The text of each generated file (tests/test_generated_scenarios.py checks the files are up to date)."""
    out = {}
    for path, what, doc in (
        (SCEN / "participatiewet" / "indexatie_2022_2024.yaml",
         "Participatiewet: the norm table (art. 20-23, 22a lid 3), the income exemptions (art. 31 lid 2 onder n, r), "
         "the asset limits (art. 34)", participatiewet()),
        (SCEN / "uwv" / "indexatie_2022_2024.yaml",
         "UWV: the Toeslagenwet day norms, the maximum dagloon (Wfsv art. 17), the minimum wage (Wajong grondslag)", uwv()),
        (SCEN / "wmo" / "indexatie_2022_2024.yaml", "Wmo 2015: the abonnementstarief (art. 2.1.4a lid 4)", wmo()),
    ):
        out[path] = HEADER.format(what=what) + yaml.dump(doc, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                                                         width=200, default_flow_style=None)
    for path, what, doc in (
        (SCEN / "participatiewet" / "indexatie_2026.yaml",
         "Participatiewet: the norm table (art. 20-23, 22a lid 3, 20 lid 3) on both sides of 1 July 2026, and the asset "
         "limits (art. 34) on both sides of 1 January 2026", participatiewet_2026()),
        (SCEN / "uwv" / "indexatie_2026.yaml", "UWV: the Toeslagenwet day norms on both sides of 1 July 2026", uwv_2026()),
    ):
        out[path] = HEADER_2026.format(what=what) + yaml.dump(doc, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                                                              width=200, default_flow_style=None)
    return out


if __name__ == "__main__":
    for path, text in render().items():
        path.write_text(text)
        print(f"{path.relative_to(ROOT)}: {text.count(chr(10) + '- name: ')} scenarios")
