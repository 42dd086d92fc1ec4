"""History from 2022 (issue 9, item 3): every law answers on any date from 2022-01-01 to 2026-12-31.

Every example and a sample of the scenario situations are evaluated on dates spread over the
five years (the half-year indexation dates, the days around them and the year ends); no law may
say it is not encoded and no parameter may lack a value. The amounts themselves are pinned by the
scenario files (tests/scenarios/*/normen_2022_2024.yaml, historie_2022_2024.yaml)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from crosslaw import SituationError
from crosslaw.scenarios import load_scenarios

ROOT = Path(__file__).parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
DATES = [date(2022, 1, 1), date(2022, 6, 30), date(2022, 7, 1), date(2022, 12, 31), date(2023, 1, 1),
         date(2023, 7, 1), date(2023, 10, 17), date(2024, 1, 1), date(2024, 7, 1), date(2024, 12, 31),
         date(2025, 7, 1), date(2025, 12, 31), date(2026, 1, 1), date(2026, 7, 1), date(2026, 12, 31)]
LAWS = {"wmo", "participatiewet", "jeugdwet", "uwv"}
SAMPLE = [s for f in sorted((ROOT / "tests" / "scenarios").rglob("*.yaml")) for s in load_scenarios(f)][::7]


def _answers(engine, situation, on) -> bool:
    try:
        ev = engine.evaluate(situation, on=on)
    except SituationError as e:  # e.g. a child born after this date: bad input for that date, not a gap
        assert "peildatum" in str(e), str(e)
        return False
    if hasattr(ev, "persons"):  # a household: every person answers under the laws that can concern them
        for p in ev.persons:
            shown = {law.law for law in p.evaluation.laws}
            assert shown | {nc.law for nc in p.not_concerned} == LAWS and not shown & {nc.law for nc in p.not_concerned}
            _all_encoded(p.evaluation, on)
        return True
    assert {law.law for law in ev.laws} == LAWS
    _all_encoded(ev, on)
    return True


def _all_encoded(ev, on) -> None:
    for law in ev.laws:
        assert law.status == "encoded" and law.outcomes, f"{law.law} on {on}"
    assert not [n for n in ev.notices if n.kind in ("not_encoded", "conflict_not_encoded")], on


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_example_answers_on_every_date_2022_2026(engine, example):
    situation = yaml.safe_load(example.read_text(encoding="utf-8"))
    assert sum(_answers(engine, situation, on) for on in DATES) >= len(DATES) - 2


def test_a_sample_of_scenario_situations_answers_on_every_date_2022_2026(engine):
    assert len(SAMPLE) > 40
    answered = sum(_answers(engine, s.situation, on) for s in SAMPLE for on in DATES)
    assert answered > 0.8 * len(SAMPLE) * len(DATES)


def test_all_four_laws_and_the_conflicts_are_encoded_from_2022(engine):
    for law in (*LAWS, "conflicts"):
        first, _ = engine.rules.coverage(law)
        assert first == date(2022, 1, 1), law


def test_every_parameter_has_a_value_on_every_covered_day(engine):
    """The covered period is a promise: no parameter may start later than the law that uses it."""
    for pid, p in engine.rules.parameters.items():
        first, _ = engine.rules.coverage(engine.rules.parameter_law[pid])
        assert p.values[0].valid_from <= first, f"{pid} starts {p.values[0].valid_from}, its law {first}"


@pytest.mark.parametrize("pid", ["pw.norm.alleenstaande_21", "pw.norm.gehuwden_21", "pw.vrijlating.arbeid_maximum",
                                 "uwv.wml.maand", "uwv.maximum_dagloon", "uwv.tw.norm_gehuwd_dag"])
def test_half_yearly_amounts_have_a_value_for_every_half_year(engine, pid):
    p = engine.rules.parameters[pid]
    starts = {v.valid_from for v in p.values}
    for year in (2022, 2023, 2024, 2025):
        assert {date(year, 1, 1), date(year, 7, 1)} <= starts, f"{pid} {year}"


def test_the_extra_minimum_wage_increase_of_2023_is_in_the_norms(engine):
    """1 January 2023: the minimum wage rose 10,15 % (Stb. 2022, 381); the norms followed."""
    wml = engine.rules.parameters["uwv.wml.maand"]
    before, after = wml.value_on(date(2022, 12, 31)).value, wml.value_on(date(2023, 1, 1)).value
    assert (before, after) == (175620, 193440) and round(after / before - 1, 4) == 0.1015
