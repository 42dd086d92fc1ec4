"""Households (issue 11): persons with their own facts, evaluated under the laws that concern them,
and the conflicts between persons. The acceptance example is examples/gezin_samira_jayden.yaml."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest
import yaml

from crosslaw import Engine, SituationError
from crosslaw.explanation.result import Evaluation
from crosslaw.household.diff import compare_household
from crosslaw.household.project import project
from crosslaw.household.result import HouseholdEvaluation
from crosslaw.scenarios import load_scenarios
from crosslaw.situation.files import load_any

ROOT = Path(__file__).parents[1]
EXAMPLE = ROOT / "examples" / "gezin_samira_jayden.yaml"
BEFORE, BIRTHDAY = date(2026, 3, 9), date(2026, 3, 10)


@pytest.fixture(scope="module")
def gezin():
    return load_any(EXAMPLE)


def _outcome_ids(ev: Evaluation) -> set[str]:
    return {o.id for law in ev.laws for o in law.outcomes}


def test_jayden_has_youth_care_and_the_18_cliff_plays_for_him(engine, gezin):
    ev = engine.evaluate(gezin, on=BEFORE)
    assert isinstance(ev, HouseholdEvaluation)
    jayden = ev.person("jayden")
    assert jayden.outcome("jw.jeugdhulp").status == "eligible"
    cliff = [c for c in ev.conflicts_of("jayden") if c.id == "conflict.persoon.kind_wordt_18_in_jeugdhulp"]
    assert len(cliff) == 1 and cliff[0].status == "present"
    assert cliff[0].persons == {"ouder": "samira", "kind": "jayden"}
    assert {(s.person, s.law) for s in cliff[0].sides} == {("jayden", "jeugdwet"), ("samira", "participatiewet")}
    assert all(s.article.link.startswith("https://wetten.overheid.nl/") for s in cliff[0].sides)
    assert cliff[0].levers


def test_samira_is_never_judged_under_the_jeugdwet(engine, gezin):
    for on in (BEFORE, BIRTHDAY):
        ev = engine.evaluate(gezin, on=on)
        samira = ev.person("samira")
        assert not any(o.startswith("jw.") for o in _outcome_ids(samira))
        assert "jeugdwet" not in {law.law for law in samira.laws}
        assert not any(s.law == "jeugdwet" and s.ref and s.ref.startswith("jw.") for c in samira.conflicts for s in c.sides)
        assert [nc.law for p in ev.persons if p.ref == "samira" for nc in p.not_concerned] == ["jeugdwet"]
        assert not any(m.fact.startswith("persons.samira.youth.") for m in ev.missing)


def test_the_birthday_diff_names_the_person_and_the_reason(engine, gezin):
    d = compare_household(engine, gezin, BEFORE, BIRTHDAY)
    by_ref = {p.ref: p for p in d.persons}
    samira = {c.id: c for c in by_ref["samira"].changes}
    assert (samira["pw.alleenstaande_ouder"].before, samira["pw.alleenstaande_ouder"].after) == ("True", "False")
    assert (samira["pw.vermogensgrens"].before, samira["pw.vermogensgrens"].after) == ("1600000", "800000")
    for c in by_ref["samira"].changes:
        assert [(x.kind, x.person) for x in c.causes] == [("verjaardag", "jayden")], c.id
    jayden = {c.id: c for c in by_ref["jayden"].changes}
    assert jayden["jw.jeugdhulp"].before.startswith("eligible") and jayden["jw.jeugdhulp"].after.startswith("not_eligible")
    assert jayden["pw.algemene_bijstand"].before is None and jayden["pw.algemene_bijstand"].after.startswith("eligible")
    assert jayden["conflict.jeugdhulp_stopt_op_18"].after == "present"
    assert {lc.law for lc in by_ref["jayden"].laws if lc.concerns_after} == {"participatiewet", "uwv"}
    assert all(x.person == "jayden" for c in by_ref["jayden"].changes for x in c.causes)
    conflicts = {k.id: k for k in d.conflicts}
    assert conflicts["conflict.persoon.kind_wordt_18_in_jeugdhulp"].after == "absent"
    assert conflicts["conflict.persoon.jongerennorm_kind_ouder_in_bijstand"].after == "present"
    assert all(k.causes[0].text == "Jayden wordt 18 (10 maart 2026)" for k in d.conflicts)


def test_a_change_of_law_is_not_blamed_on_a_birthday(engine, gezin):
    d = compare_household(engine, gezin, date(2025, 12, 31), date(2026, 1, 1))
    causes = {x.kind for p in d.persons for c in p.changes for x in c.causes}
    assert "verjaardag" not in causes and causes <= {"regelwijziging", "parameterwijziging", "tijd"}
    assert any(p.changes for p in d.persons)


def test_cli_diff_and_evaluate_per_person(tmp_path):
    run = lambda *a: subprocess.run([sys.executable, "-m", "crosslaw", *a], capture_output=True, text=True, timeout=120)  # noqa: E731
    r = run("diff", str(EXAMPLE), "--from", "2026-03-09", "--to", "2026-03-10")
    assert r.returncode == 0, r.stderr
    assert "=== Samira, 43 jaar ===" in r.stdout and "=== Jayden, 17 → 18 jaar ===" in r.stdout
    assert "Alleenstaande ouder (participatiewet): ja → nee" in r.stdout
    assert "reden: Jayden wordt 18 (10 maart 2026)" in r.stdout
    assert "=== Spanningen tussen personen ===" in r.stdout
    r = run("evaluate", str(EXAMPLE), "--format", "json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert [p["ref"] for p in data["persons"]] == ["samira", "jayden"]
    assert {c["id"] for c in data["conflicts"]} >= {"conflict.persoon.kind_wordt_18_in_jeugdhulp"}
    assert all("person" in s for c in data["conflicts"] for s in c["sides"])
    r = run("evaluate", str(EXAMPLE))
    assert r.returncode == 0 and "SPANNINGEN TUSSEN PERSONEN" in r.stdout and "=== Jayden, 17 jaar ===" in r.stdout
    r = run("conflicts", str(EXAMPLE))
    assert r.returncode == 0 and "Samira (ouder) en Jayden (kind)" in r.stdout


def test_bad_household_input_is_a_dutch_error_naming_the_field(tmp_path):
    data = yaml.safe_load(EXAMPLE.read_text())
    data["persons"][1]["care"]["youth_care_in_progress"] = "misschien"
    data["relations"].append({"type": "ouder", "parent": "samira", "child": "kevin"})
    bad = tmp_path / "gezin.yaml"
    bad.write_text(yaml.safe_dump(data))
    r = subprocess.run([sys.executable, "-m", "crosslaw", "evaluate", str(bad)], capture_output=True, text=True, timeout=60)
    assert r.returncode == 2
    assert "persons.1.care.youth_care_in_progress" in r.stderr and "verwacht ja/nee" in r.stderr
    assert "Traceback" not in r.stderr
    data = yaml.safe_load(EXAMPLE.read_text())
    data["relations"].append({"type": "ouder", "parent": "samira", "child": "kevin"})
    with pytest.raises(SituationError, match="onbekende persoon 'kevin'"):
        Engine.evaluate(Engine.__new__(Engine), data)  # validation comes before any rule is read
    data = yaml.safe_load(EXAMPLE.read_text())
    data["persons"][0]["ref"] = "111222333"
    with pytest.raises(SituationError, match="ref"):
        Engine.evaluate(Engine.__new__(Engine), data)


def test_a_birth_date_after_the_peildatum_names_the_person(engine, gezin):
    with pytest.raises(SituationError, match="persons.jayden.person.birth_date"):
        engine.evaluate(gezin, on=date(2008, 1, 1))


def test_single_person_files_keep_their_shape(engine):
    ev = engine.evaluate(load_any(ROOT / "examples" / "alleenstaande.yaml"))
    assert type(ev) is Evaluation


def test_a_household_of_one_is_todays_single_person_evaluation(engine):
    """Projecting a household of one gives back the single-person situation, and the same outcomes."""
    single = yaml.safe_load((ROOT / "examples" / "alleenstaande.yaml").read_text())
    person = {k: v for k, v in single.items() if k not in ("case_ref", "peildatum", "household", "bsn")}
    household = {"case_ref": single.get("case_ref"), "peildatum": single.get("peildatum"),
                 "persons": [{"ref": "inwoner", **person}], "relations": []}
    on = date(2026, 1, 1)
    a = engine.evaluate(single, on=on)
    b = engine.evaluate(household, on=on).person("inwoner")
    shown = {law.law for law in b.laws}
    assert {law.law for law in a.laws} - shown == {"jeugdwet"}  # an adult: the Jeugdwet cannot concern them
    assert {k: v for k, v in a.statuses().items() if not k.startswith("jw.")} == b.statuses()
    own = [c.id for c in a.conflicts if not any(s.ref and s.ref.startswith("jw.") for s in c.sides)]
    assert own == [c.id for c in b.conflicts] and len(own) < len(a.conflicts)


def test_projection_derives_relations_from_the_stated_ones(gezin):
    p = project(gezin, "samira")
    (member,) = p.situation.household.members
    assert member.relation == "kind" and member.youth_care_in_progress is True and member.intensive_care_needs is True
    assert p.situation.household.married is False and p.situation.household.partner is None
    q = project(gezin, "jayden")
    assert q.situation.household.members[0].relation == "ouder"
    assert q.fact_path("household.members[0].birth_date") == "persons.samira.person.birth_date"
    assert p.question("household.members[0].youth_care_in_progress") == "Krijgt Jayden jeugdhulp?"
    assert q.question("care.youth_care_in_progress") == "Krijgt Jayden jeugdhulp?"


def test_missing_facts_are_asked_about_the_person(engine, gezin):
    data = gezin.model_dump(mode="json", exclude_none=True)
    del data["persons"][1]["care"]["youth_care_in_progress"]
    ev = engine.evaluate(data, on=BEFORE)
    m = {x.fact: x for x in ev.missing}["persons.jayden.care.youth_care_in_progress"]
    assert m.question == "Krijgt Jayden jeugdhulp?"
    assert set(m.persons) == {"samira", "jayden"}


def test_every_person_conflict_has_a_present_case_and_a_nearest_miss(engine):
    pc = engine.rules.person_conflicts
    ids = {r for r in pc.rules}
    assert len(ids) >= 6
    seen: dict[str, set[str]] = defaultdict(set)
    for f in sorted((ROOT / "tests" / "scenarios" / "conflicts").glob("*.yaml")):
        for s in load_scenarios(f):
            if "persons" in s.situation:
                for cid, status in s.scenario.conflicts.items():
                    seen[cid].add(status)
    for cid in sorted(ids):
        assert {"present", "absent"} <= seen[cid], f"{cid}: {sorted(seen[cid])}"
        for v in pc.rules[cid]:
            m = v.model
            assert m.between and len({s.person for s in m.sides}) == 2 and m.levers
            assert all(s.basis.link.startswith("https://wetten.overheid.nl/") for s in m.sides)


def test_the_person_layout_is_the_single_person_layout():
    """A person entry has exactly the single-person sections (so a columnar evaluator reads one column
    per fact across persons), plus its ref, name and the two household-only facts."""
    from crosslaw.household.model import HouseholdPerson
    from crosslaw.household.project import PERSON_SECTIONS
    from crosslaw.situation.model import Situation

    single = set(Situation.model_fields) - {"household", "bsn", "case_ref", "peildatum"}
    assert set(HouseholdPerson.model_fields) == single | {"ref", "name", "intensive_care_needs", "commercial_basis"}
    assert set(PERSON_SECTIONS) | {"income"} == single
    for section in PERSON_SECTIONS:
        assert HouseholdPerson.model_fields[section].annotation == Situation.model_fields[section].annotation
