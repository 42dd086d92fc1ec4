"""Scenario files under tests/scenarios/<law>/ mirror the rules under rules/<law>/."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest

from crosslaw.scenarios import check, load_scenarios

ROOT = Path(__file__).parent / "scenarios"
FILES = sorted(ROOT.rglob("*.yaml"))
SCENARIOS = [s for f in FILES for s in load_scenarios(f)]
CHANGE = date(2026, 1, 1)
POSITIVE = {"eligible", "applies"}
NEGATIVE = {"not_eligible", "does_not_apply"}


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.id for s in SCENARIOS])
def test_scenario(engine, scenario):
    problems = check(engine, scenario)
    assert not problems, f"{scenario.file}:{scenario.line}\n  " + "\n  ".join(problems)


def _law_scenarios(law: str):
    return [s for s in SCENARIOS if Path(s.file).parent.name == law]


@pytest.mark.parametrize("law,minimum", [("participatiewet", 30), ("jeugdwet", 20), ("uwv", 30), ("wmo", 20)])
def test_enough_scenarios_on_both_sides_of_2026(law, minimum):
    mine = _law_scenarios(law)
    assert len(mine) >= minimum
    assert any(s.scenario.date < CHANGE for s in mine) and any(s.scenario.date >= CHANGE for s in mine)


@pytest.mark.parametrize("law", ["participatiewet", "jeugdwet", "uwv", "wmo"])
def test_every_rule_exercised_both_ways(engine, law):
    """Each rule of the law reaches a positive and a negative status in some scenario."""
    seen: dict[str, set[str]] = defaultdict(set)
    exemptions: dict[str, set[bool]] = defaultdict(set)
    for s in _law_scenarios(law):
        for rule_id, exp in s.expect.items():
            if exp.status:
                seen[rule_id].add(exp.status)
            for ex_id, value in (exp.exemptions or {}).items():
                if value is not None:
                    exemptions[f"{rule_id}/{ex_id}"].add(value)
    rule_ids = {r.id for r in engine.rules.rules_of(law)}
    for rule_id in sorted(rule_ids):
        assert seen[rule_id] & POSITIVE, f"{rule_id}: no scenario where it applies"
        assert seen[rule_id] & NEGATIVE, f"{rule_id}: no scenario where it does not apply"
    for r in engine.rules.rules_of(law):
        for e in r.exemptions:
            key = f"{r.id}/{e.model.id}"
            assert exemptions[key] == {True, False}, f"{key}: exemption not exercised both ways"


def test_every_conflict_has_a_trigger_and_a_nearest_miss(engine):
    """Each conflict rule is present in some scenario and absent in another (its nearest miss)."""
    seen: dict[str, set[str]] = defaultdict(set)
    for s in SCENARIOS:
        for conflict_id, status in s.scenario.conflicts.items():
            seen[conflict_id].add(status)
    conflict_ids = {r.id for r in engine.rules.rules_of("conflicts")}
    assert len(conflict_ids) >= 14
    for conflict_id in sorted(conflict_ids):
        assert {"present", "absent"} <= seen[conflict_id], f"{conflict_id}: {sorted(seen[conflict_id])}"


def test_conflict_catalogue_covers_every_category(engine):
    categories = {r.model.category for r in engine.rules.rules_of("conflicts")}
    assert categories == {"werk_vs_zorg", "handhaving_vs_steun", "voorrang", "kostendeling_vs_mantelzorg",
                          "grens_18", "definities", "dubbele_verplichtingen"}
