"""Every lever that needs a motivated deviation names a target that can be deviated from on
every date the lever (and its conflict) is valid (issue 12)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from crosslaw.ruleset.loader import load_rules

RULES = load_rules()
HORIZON = date(2027, 12, 31)



def _conflicts():
    """Every conflict version: of one resident, and between the persons of a household."""
    for group in (RULES.rules, RULES.person_conflicts.rules):
        for versions in group.values():
            for v in versions:
                if v.model.type == "conflict":
                    yield v.model


def _levers():
    return [pytest.param(m, lv, id=f"{m.id}@{m.valid_from}#{i}")
            for m in _conflicts() for i, lv in enumerate(m.levers) if lv.needs_deviation]


def _change_dates() -> set[date]:
    days: set[date] = set()
    for group in (RULES.rules, RULES.computed):
        for versions in group.values():
            for v in versions:
                days.add(v.model.valid_from)
                if v.model.valid_to:
                    days.update({v.model.valid_to, v.model.valid_to + timedelta(days=1)})
    return days


def _deviable_on(target: str, on: date) -> bool:
    rule = RULES.rule_on(target, on)
    if rule is not None:
        return rule.model.type != "conflict" and rule.model.deviation.deviable
    value = RULES.computed_on(target, on)
    return value is not None and value.model.deviation is not None and value.model.deviation.deviable


@pytest.mark.parametrize("conflict,lever", _levers())
def test_lever_that_needs_a_deviation_has_a_deviable_target(conflict, lever):
    assert lever.target, f"{conflict.id}: hefboom {lever.title!r} noemt geen doel (target)"
    start = max(conflict.valid_from, lever.valid_from or conflict.valid_from)
    end = min(conflict.valid_to or HORIZON, lever.valid_to or HORIZON)
    days = {start, end} | {d for d in _change_dates() if start <= d <= end}
    assert len(days) >= 2 or start == end
    for day in sorted(days):
        assert _deviable_on(lever.target, day), f"{conflict.id}: {lever.target} is niet afwijkbaar op {day}"


def test_the_catalogue_has_levers_that_need_a_deviation():
    """Guard: the parametrised test above must not pass vacuously."""
    assert len(_levers()) >= 5


def test_the_zoektermijn_before_2026_claims_no_deviation():
    """Art. 41 lid 4 Pw as in force until 2025-12-31 (lid 1-10) is mandatory law without a hardship
    clause; lid 11 (the college may deal with the application earlier) is in force from 2026-01-01.
    So before 2026 the lever says the law leaves no room and claims no deviation; from 2026 the
    lever is the statutory power of lid 11, which needs no deviation either."""
    (conflict,) = [v.model for v in RULES.rules["conflict.zoektermijn_kwetsbare_jongere"]]
    before = [lv for lv in conflict.levers if lv.holds_on(date(2025, 12, 31))]
    after = [lv for lv in conflict.levers if lv.holds_on(date(2026, 1, 1))]
    assert before and not any(lv.needs_deviation for lv in before)
    assert any("geen ruimte" in lv.title and lv.basis.article == "41" and lv.basis.lid == "4" for lv in before)
    assert after and not any(lv.needs_deviation for lv in after)
    assert any(lv.basis.article == "41" and lv.basis.lid == "11" for lv in after)
    # and the obligation itself stays what the law makes it: not deviable
    for day in (date(2025, 12, 31), date(2026, 1, 1)):
        assert not RULES.rule_on("pw.zoektermijn_jongeren", day).model.deviation.deviable
