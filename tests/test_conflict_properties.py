"""Conflicts are joins of findings from one evaluation, whatever order the laws run in."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crosslaw import Engine, load_rules
from strategies import complete_situation, partial_situation

RULES = load_rules()
LAWS = list(RULES.laws)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(partial_situation())
def test_conflicts_refer_only_to_findings_of_the_same_evaluation(engine, case):
    _, partial, on, _ = case
    ev = engine.evaluate(partial, on=on, detail="full")
    outcomes = {o.id: o for law in ev.laws for o in law.outcomes}
    computed = {c.id for law in ev.laws for c in law.computed}
    signals = {cid for cid, _ in engine.rules.computed_in_force(on)}
    for c in ev.conflicts:
        for side in c.sides:
            if side.ref is None:
                continue
            assert side.ref in outcomes or side.ref in computed or side.ref in signals, (c.id, side.ref)
            if side.ref in outcomes:
                assert side.finding == outcomes[side.ref].status, (c.id, side.ref)
        if c.status == "present":
            assert all(t.value is True for t in c.triggers), c.id
            assert all(u.value is False for u in c.unless), c.id
        else:
            assert c.missing, c.id  # a possible conflict says what would settle it


_ENGINES: dict[tuple[str, ...], Engine] = {}


def _engine_for(order: tuple[str, ...]) -> Engine:
    if order not in _ENGINES:
        _ENGINES[order] = Engine(RULES.reordered(list(order)))
    return _ENGINES[order]


@SETTINGS
@given(st.one_of(complete_situation(), partial_situation().map(lambda c: (c[1], c[2]))), st.permutations(LAWS))
def test_law_order_does_not_change_the_conflicts(engine, case, order):
    situation, on = case
    baseline = {(c.id, c.status) for c in engine.evaluate(situation, on=on).conflicts}
    permuted = _engine_for(tuple(order))
    level0 = [law for g in permuted.network.groups if g.level == 0 for law in g.laws]
    assert level0 == [law for law in order if law in level0]  # the network really runs in that order
    assert {(c.id, c.status) for c in permuted.evaluate(situation, on=on).conflicts} == baseline
