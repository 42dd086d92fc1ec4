"""Regenerate src/crosslaw/screening/archetypes.yaml from the examples and scenario files.

The synthetic population (crosslaw synth) varies these archetypes; the shares are in
SHARES below, each with its source (docs/research/synthetic-population.md explains them).
Run from the repository root: .venv/bin/python tools/make_archetypes.py
"""

from __future__ import annotations

import copy
from pathlib import Path

import yaml

from crosslaw.scenarios import load_scenarios

ROOT = Path(__file__).resolve().parents[1]

# name: (source, share per 10,000 residents, basis of the share)
SHARES: list[tuple[str, str, int, str]] = [
    ("werkend_alleenstaand", "gen:single", 3600, "CBS 37975: 3.340.560 eenpersoonshuishoudens van 8.374.404 (1-1-2024), minus de archetypen hieronder"),
    ("werkend_paar", "gen:couple", 2600, "CBS 37975: 2.385.910 meerpersoonshuishoudens zonder kinderen (28,5%), minus de archetypen hieronder"),
    ("werkend_gezin", "gen:family", 2000, "CBS 37975: 2.647.934 huishoudens met kinderen (31,6%); eenouder: CBS 71487ned 610.633 (2023)"),
    ("bijstand_alleenstaand", "participatiewet/algemene_bijstand::alleenstaande zonder inkomen 2026-01-01 (nieuwe norm)", 200, "CBS: 406.000 personen in de bijstand eind 2024 (~3,7% van 18-AOW); verdeeld over de bijstandsarchetypen (schatting)"),
    ("bijstand_moeder_schulden", "examples/intake_alleenstaande_moeder_schulden.yaml", 60, "deel van de bijstand (schatting)"),
    ("bijstand_ggz_maatregel", "examples/intake_ggz_maatregel.yaml", 25, "deel van de bijstand (schatting)"),
    ("bijstand_ww_aanvullend", "examples/ww_aanvullend.yaml", 40, "UWV: 167.800 WW-uitkeringen eind juni 2024; aanvullende bijstand (schatting)"),
    ("ww_mantelzorger", "examples/intake_ww_mantelzorger.yaml", 20, "CBS/vzinfo: 12,9% van 16+ geeft mantelzorg (2024); combinatie met WW (schatting)"),
    ("ww_niet_ontvangen", "conflicts/voorrang::conflicts/ww_gaat_voor_bijstand present: recht op WW, nog niet ontvangen", 40, "WW-instroom (schatting)"),
    ("ww_toeslag", "uwv/toeslagenwet::alleenstaande met lage WW krijgt toeslag 2026", 30, "UWV Toeslagenwet (schatting)"),
    ("mantelzorger_tijdelijk_elders", "examples/mantelzorg.yaml", 30, "CBS 2024: 170.000 intensieve mantelzorgers van 80-plus-ouders; tijdelijk ingetrokken en in de bijstand (schatting)"),
    ("zorg_samenwonen", "examples/intake_zorg_samenwonen_2026.yaml", 20, "schatting"),
    ("jongere_uit_jeugdhulp", "examples/intake_18_jaar_uit_jeugdhulp.yaml", 20, "CBS Jeugdmonitor 2024: 10,6% van de jongeren tot 23 jaar krijgt jeugdzorg; 18-jarigen daarvan (schatting)"),
    ("jongere_19_jeugdhulp", "examples/jongere_19_jeugdhulp.yaml", 20, "idem, verlengde jeugdhulp (schatting)"),
    ("wmo_huishoudelijke_hulp", "wmo/zelfredzaamheid::hulp bij het huishouden 2026-01-01, abonnementstarief 2026", 300, "CBS 83264NED: 60-63 Wmo-cliënten met maatwerk per 1.000 inwoners (2023); hulp bij het huishouden het grootste deel"),
    ("wmo_dagbesteding", "wmo/zelfredzaamheid::dagbesteding en begeleiding samen, één abonnementstarief", 120, "idem, begeleiding en dagbesteding"),
    ("wmo_woningaanpassing", "wmo/zelfredzaamheid::woningaanpassing voor een volwassene", 100, "idem, woningaanpassing en hulpmiddelen"),
    ("wmo_beschermd_wonen", "wmo/beschermd_wonen_opvang::beschermd wonen aangevraagd in een andere gemeente dan de woongemeente", 10, "idem, verblijf en opvang"),
    ("wmo_opvang", "wmo/beschermd_wonen_opvang::opvang na het verlaten van de thuissituatie, in een andere gemeente", 10, "idem"),
    ("wlz_wachtend", "examples/intake_wlz_wachtend.yaml", 20, "schatting"),
    ("zvw_gaat_voor_wmo", "conflicts/voorrang::conflicts/zvw_gaat_voor_wmo present: wijkverpleging dekt de begeleiding", 30, "schatting"),
    ("kind_jeugdhulp", "jeugdwet/jeugdhulp::kind van 11 met opvoedingsproblemen via het lokaal team", 150, "CBS Jeugdmonitor 2024: 474.000 jongeren met jeugdzorg (10,6% van 0-22)"),
    ("kind_ots", "jeugdwet/kinderbescherming::ondertoezichtstelling en de gecertificeerde instelling zet jeugdhulp in", 10, "CBS: ~28.000 jeugdbeschermingsmaatregelen (30-6-2023)"),
    ("zw_vangnet", "uwv/zw_wia::zieke zonder werkgever krijgt ziekengeld", 30, "schatting"),
    ("wia_iva", "uwv/zw_wia::volledig en duurzaam arbeidsongeschikt na de wachttijd krijgt IVA", 30, "schatting (WIA ~2,5% van 18-AOW, UWV)"),
    ("wia_wga", "uwv/zw_wia::50 procent arbeidsongeschikt is WGA", 100, "schatting"),
    ("wajong", "uwv/wajong::jonggehandicapte zonder arbeidsvermogen krijgt Wajong 2026", 150, "schatting (~250.000 Wajongers, UWV)"),
    ("ao_voor_bijstand", "conflicts/voorrang::conflicts/ao_uitkering_gaat_voor_bijstand present: ziek zonder werkgever", 10, "schatting"),
    ("verlaging_schuldhulp", "conflicts/handhaving_vs_steun::conflicts/verlaging_tijdens_schuldhulp present: 100% verlaging tijdens", 10, "schatting"),
    ("boete_schuldhulp", "conflicts/handhaving_vs_steun::conflicts/boete_tijdens_schuldhulp present: boete voor de inlichtingen", 10, "schatting"),
    ("onvolledig", "examples/onvolledig.yaml", 300, "schatting: dossiers waarin de meeste feiten nog niet bekend zijn"),
]


def _scenario(ref: str) -> dict:
    path, name = ref.split("::", 1)
    for ls in load_scenarios(ROOT / "tests" / "scenarios" / f"{path}.yaml"):
        if ls.scenario.name.startswith(name):
            return copy.deepcopy(ls.situation)
    raise SystemExit(f"scenario not found: {ref}")


def _general(kind: str) -> dict:
    base = _scenario("participatiewet/algemene_bijstand::alleenstaande zonder inkomen 2026-01-01 (nieuwe norm)")
    base["income"] = [{"kind": "loon", "monthly_net_cents": 285000, "of_partner": False}]
    base.setdefault("work", {}).update({"status": "werknemer", "has_employer": True})
    base.setdefault("assets", {}).update({"savings_cents": 1850000})
    if kind in ("couple", "family"):
        base["household"].update({"married": True, "joint_household": True})
        base["household"]["partner"] = {"birth_date": "1982-03-01", "residence_status": "nederlander", "detained": False,
                                         "study_finance_entitlement": False}
        base["income"].append({"kind": "loon", "monthly_net_cents": 210000, "of_partner": True})
    if kind == "family":
        base["household"]["members"] = [
            {"birth_date": "2014-06-01", "relation": "kind", "study_finance_entitlement": False, "informal_care": "geen",
             "youth_care_in_progress": False, "intensive_care_needs": False},
            {"birth_date": "2017-09-15", "relation": "kind", "study_finance_entitlement": False, "informal_care": "geen",
             "youth_care_in_progress": False, "intensive_care_needs": False},
        ]
    return base


def main() -> None:
    out = []
    for name, source, share, basis in SHARES:
        if source.startswith("gen:"):
            situation = _general(source[4:])
        elif source.startswith("examples/"):
            situation = yaml.safe_load((ROOT / source).read_text())
        else:
            situation = _scenario(source)
        situation.pop("peildatum", None)
        situation.pop("case_ref", None)
        situation.pop("bsn", None)
        out.append({"name": name, "share_per_10000": share, "basis": basis, "from": source, "situation": situation})
    header = (
        "# Archetypes of the synthetic population (crosslaw synth). Generated by tools/make_archetypes.py from\n"
        "# examples/ and tests/scenarios/; shares and their sources: docs/research/synthetic-population.md.\n"
    )
    text = yaml.safe_dump(out, allow_unicode=True, sort_keys=False, default_flow_style=None, width=140)
    (ROOT / "src" / "crosslaw" / "screening" / "archetypes.yaml").write_text(header + text)


if __name__ == "__main__":
    main()
