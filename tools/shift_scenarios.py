"""Copy the hand-written scenarios of 2025 two years back, to 2023, where the rules of 2022-2024 apply.

Why: the boundary scenarios (an age on the birthday and the day before, a number of weeks or days
exactly on a limit, a requirement missed by one fact) were written for 2025 and 2026. The history
from 2022 gave every parameter and rule a version for 2022-2024 as well, and nothing looked at those:
an age limit of 27 changed to 28 in the 2022 version went unseen (`crosslaw rules mutate`).

Moving a whole scenario two years back - its date and every date in its situation - keeps every age,
every term in months and every count the same, so its expected outcome is the one a person wrote for
2025, as long as the law did not change in between. What does change is taken out, never filled in
from the engine:
  - amounts (money) and money-valued computed values: the amounts of 2023 differ (they are pinned by
    tools/make_indexation_scenarios.py);
  - expectations about rules and computed values that have no version on the new date (provisions
    encoded from 2025 on);
  - scenarios listed in EXCLUDED below, each with the reason the 2025 outcome does not hold in 2023
    (an amount in the situation that sits exactly on a limit of 2025, an AOW date that depends on the
    birth cohort, a text that changed).
Only scenarios dated in 2025 are moved (2026 is the Participatiewet in balans); 2025 → 2023 keeps the
kostendelers age of 27 (art. 19a lid 1 since 2023-01-01) and stays in the same (pre-2026) texts.

The same is done one year back (2026 -> 2025) for the files in ONE_YEAR, whose provisions read the same in
the texts of 2025 and 2026: that pins the 2025 versions of their parameters and their first day in force.

Run from the repository root:  python tools/shift_scenarios.py
It rewrites tests/scenarios/<law>/twee_jaar_eerder.yaml and een_jaar_eerder.yaml.
"""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from crosslaw import Engine

ROOT = Path(__file__).resolve().parent.parent
SCEN = ROOT / "tests" / "scenarios"
OUT = "twee_jaar_eerder.yaml"
# Files whose 2026 scenarios also hold one year earlier: the provisions they test read the same in the texts of
# 2025 and 2026 (see the sources of their rules), so 2026 -> 2025 pins the 2025 versions of their parameters.
ONE_YEAR = {
    "participatiewet": ["maatregelen_recidive.yaml", "arbeid_alleenstaande_ouder.yaml", "terugvordering.yaml"],
    "uwv": ["toeslagenwet_8a.yaml"],   # not arbeidsverleden.yaml: its facts are tied to the years 1998 and 2016
    "wmo": ["beschikking_pgb.yaml"],
    "jeugdwet": ["pgb.yaml"],
}
OUT_ONE = "een_jaar_eerder.yaml"
LAWS = ["participatiewet", "uwv", "jeugdwet", "wmo", "conflicts"]
# Files that are about amounts or dates of their own year (they are not moved).
SKIP_FILES = {"indexatie_2022_2024.yaml", "indexatie_2026.yaml", "normen_2022_2024.yaml", "historie_2022.yaml", "historie_2022_2024.yaml",
              "dekking.yaml", "normtabel.yaml", "toeslagenwet_normtabel.yaml", "aow_tabel.yaml", "toeslagenwet_8a_gehuwd.yaml",
              OUT, "een_jaar_eerder.yaml"}

# (file stem, scenario name) -> why the outcome of 2025 does not carry over to 2023.
_AOW = "the AOW age follows the birth cohort: two years earlier born is a different row of the AOW table"
_MONEY = "the situation holds an amount exactly at or next to a limit of 2025 (the limits of 2023 are lower)"
EXCLUDED: dict[tuple[str, str], str] = {
    ("aow_leeftijd", "de AOW-datum van 2023 lag op 66 jaar en 10 maanden (geboren 1957-02-28, in 2025 al bereikt)"): _AOW,
    ("grenzen", "Een dag voor de 67e verjaardag in 2025 is de AOW-leeftijd nog niet bereikt"): _AOW,
    ("bijdrage_grenzen", "Een dag voor de 67e verjaardag in 2025 heeft een gehuwde de AOW-leeftijd nog niet"): _AOW,
    ("grenzen", "Met een vermogen een cent onder de grens van 777000 heeft een alleenstaande in 2025 recht op bijstand"): _MONEY,
    ("grenzen", "Met een vermogen een cent onder de grens van 1554000 heeft gehuwden in 2025 recht op bijstand"): _MONEY,
    ("grenzen", "Met een vermogen een cent onder de grens van 1554000 heeft een alleenstaande ouder in 2025 recht op bijstand"): _MONEY,
    ("grenzen", "Met inkomen een cent onder de norm van 136906 heeft een 25-jarige in 2025 recht op 1 cent bijstand"): _MONEY,
    ("middelen", "de vrijlating voor de alleenstaande ouder is gemaximeerd (bedrag per 2025-07-01)"): _MONEY,
    ("toeslagenwet", "alleenstaande met lage WW 1 januari 2025"): _MONEY,
    ("toeslagenwet", "alleenstaande met lage WW 1 juli 2025"): _MONEY,
    ("toeslagenwet", "gehuwd met partner geboren voor 1972 telt het partnerinkomen mee"): _MONEY,
    ("verplichtingen", "geen zoektermijn binnen een jaar na het praktijkonderwijs of vso (art. 41 lid 4 onder a, 2025)"):
        "the art. 41 lid 4 exemptions are encoded from 2025-01-01 (their entry date before that was not found, "
        "docs/research/history-2022.md)",
    ("verplichtingen", "onbekend of de jongere van het praktijkonderwijs of vso komt"):
        "the art. 41 lid 4 exemptions are encoded from 2025-01-01 (see above)",
    ("arbeidsverleden", "hetzelfde arbeidsverleden in 2025"):
        "the WW arbeidsverleden from the birth date and paid years (art. 42 WW, rules/uwv/arbeidsverleden.yaml) is "
        "encoded from 2025-01-01; before that only the old single number work_history_years gives a duration",
}


def shift(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year - years)
    except ValueError:  # 29 February
        return d.replace(year=d.year - years, day=28)


def shift_all(x: Any, years: int) -> Any:
    if isinstance(x, date):
        return shift(x, years)
    if isinstance(x, dict):
        return {k: shift_all(v, years) for k, v in x.items()}
    if isinstance(x, list):
        return [shift_all(v, years) for v in x]
    if isinstance(x, str) and len(x) == 10 and x[4] == "-" and x[7] == "-":
        try:
            return shift(date.fromisoformat(x), years).isoformat()
        except ValueError:
            return x
    return x


def moved(engine: Engine, law: str, year: int = 2025, years: int = 2, files: list[str] | None = None) -> dict:
    rs = engine.rules
    bases: dict[str, Any] = {}
    scenarios: list[dict] = []
    for path in sorted((SCEN / law).glob("*.yaml")):
        if path.name in SKIP_FILES or (files is not None and path.name not in files):
            continue
        doc = yaml.safe_load(path.read_text())
        used = set()
        for sc in doc["scenarios"]:
            on = sc["date"] if isinstance(sc["date"], date) else date.fromisoformat(sc["date"])
            if not (date(year, 1, 1) <= on <= date(year, 12, 31)) or sc.get("persons"):
                continue
            if (path.stem, sc["name"]) in EXCLUDED:
                continue
            new_on = shift(on, years)
            label = "twee jaar eerder" if years == 2 else "een jaar eerder"
            out: dict[str, Any] = {"name": f"{sc['name']} ({label}: {path.stem}, {on} → {new_on})"}
            if sc.get("base"):
                out["base"] = f"{path.stem}.{sc['base']}"
            out["date"] = new_on
            if sc.get("situation"):
                out["situation"] = shift_all(sc["situation"], years)
            expect = {}
            for rule_id, exp in (sc.get("expect") or {}).items():
                exp = {"status": exp} if isinstance(exp, str) else dict(exp)
                if rs.rule_on(rule_id, new_on) is None and exp.get("status") != "absent":
                    continue
                exp.pop("amount", None)
                if exp:
                    expect[rule_id] = exp
            if expect:
                out["expect"] = expect
            computed = {}
            for cid, want in (sc.get("computed") or {}).items():
                c = rs.computed_on(cid, new_on)
                if c is None or c.money:
                    continue
                computed[cid] = shift_all(want, years)
            if computed:
                out["computed"] = computed
            if sc.get("conflicts"):
                out["conflicts"] = sc["conflicts"]
            if not (expect or computed or sc.get("conflicts")):
                continue
            if sc.get("base"):
                used.add(sc["base"])   # only the bases of scenarios that are kept
            scenarios.append(out)
        for name in sorted(used):
            bases[f"{path.stem}.{name}"] = shift_all(copy.deepcopy(doc["bases"][name]), years)
    return {"bases": bases, "scenarios": scenarios}


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data):
        return True


HEADER = """# GENERATED by tools/shift_scenarios.py - edit the script or the source scenarios, not this file.
# The {law} scenarios of {year}, moved {label} back with every date in their situation, so the rule and
# parameter versions of that earlier year are held to the same outcomes. Amounts, rules without a version
# on the new date and the scenarios listed in the script (with the reason) are left out.
"""


def text(law: str, year: int, label: str, doc: dict) -> str:
    return (HEADER.format(law=law, year=year, label=label)
            + yaml.dump(doc, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=200, default_flow_style=None))


def render(engine: Engine) -> dict[Path, str]:
    """The text of each generated file (tests/test_generated_scenarios.py checks the files are up to date)."""
    out = {SCEN / law / OUT: text(law, 2025, "two years", moved(engine, law)) for law in LAWS}
    for law, files in ONE_YEAR.items():
        out[SCEN / law / OUT_ONE] = text(law, 2026, "one year", moved(engine, law, year=2026, years=1, files=files))
    return out


if __name__ == "__main__":
    for path, body in render(Engine()).items():
        path.write_text(body)
        print(f"{path.relative_to(ROOT)}: {body.count(chr(10) + '- name: ')} scenarios")
