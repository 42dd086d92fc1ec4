"""The caches of the per-resident path change nothing but speed and stay within their bounds.

- ``BoundedCache`` keeps its total weight under its limit and keeps the newest entries;
- merging unknowns gives the union of their facts, in one pass for many (no pairwise sets);
- ``RuleSet.epoch``: every per-date table built for the first day of a period equals the table
  built for the day itself;
- the split citation link equals ``Basis.link_on``;
- interned results equal results built from empty caches, also after rule sets are dropped and
  new ones loaded (no stale hit on a reused id), and a dropped rule set's caches go with it.
"""

from __future__ import annotations

import gc
from datetime import date, timedelta

from hypothesis import given, settings, strategies as st
from strategies import partial_situation

from crosslaw import Engine
from crosslaw.caching import BoundedCache
from crosslaw.explanation import build
from crosslaw.language import values
from crosslaw.language.values import Unknown, merge_two, merge_unknown
from crosslaw.ruleset.compiled import _last_known, _not_evaluated, _parameters_on, _plan, _uncovered
from crosslaw.ruleset.loader import load_rules

days = st.dates(date(2019, 1, 1), date(2032, 12, 31))


@given(st.lists(st.tuples(st.integers(0, 50), st.integers(1, 30)), max_size=300), st.integers(10, 200))
def test_bounded_cache_stays_under_its_limit_and_keeps_the_newest(puts: list[tuple[int, int]], limit: int) -> None:
    cache: BoundedCache[int, int] = BoundedCache(limit)
    for key, weight in puts:
        cache.put(key, key * 7, weight)
        assert cache.total <= limit
        assert cache.total == sum(w for _, w in cache.data.values())
        if weight * 2 <= limit:  # a light entry is always kept right after it is put
            assert cache.get(key) == key * 7
    for key, (value, _) in cache.data.items():
        assert value == key * 7


@given(st.lists(st.frozensets(st.sampled_from([f"f{i}" for i in range(12)]), max_size=5), max_size=8))
def test_merge_unknown_is_the_union(sets: list[frozenset[str]]) -> None:
    unknowns = [Unknown(s) for s in sets]
    mixed = [x for u in unknowns for x in (u, True, 3)]
    expected = frozenset().union(*sets)
    assert merge_unknown(*mixed).missing == expected
    if len(unknowns) == 2:
        assert merge_two(*unknowns).missing == expected


def test_merging_a_long_list_is_linear_and_bounded() -> None:
    """20,000 distinct item unknowns: one union, and the merge caches stay within their limits."""
    items = [Unknown(frozenset({f"income[{i}].kind"})) for i in range(20_000)]
    merged = merge_unknown(*items)
    assert len(merged.missing) == 20_000
    acc = items[0]
    for u in items[1:2000]:  # pairwise, as an and-chain would: large pairs are not remembered
        acc = merge_two(acc, u)
    assert len(acc.missing) == 2000
    assert values._MERGES.total <= values._MERGES.limit
    assert values._UNKNOWNS.total <= values._UNKNOWNS.limit


@settings(max_examples=300, deadline=None)
@given(days)
def test_per_period_tables_equal_per_day_tables(engine: Engine, on: date) -> None:
    rs = engine.rules
    plan = [(k, i, rs.computed_on(i, on) if k == "computed" else rs.rule_on(i, on)) for k, i in rs.order]
    assert rs.plan(on) == plan
    assert rs.rules_in_force(on) == [r for rid in rs.rules if (r := rs.rule_on(rid, on)) is not None]
    assert rs.computed_in_force(on) == [(c, rs.computed_on(c, on)) for c in rs.computed_order]
    assert rs.parameters_on(on) == _parameters_on.__wrapped__(rs, on)
    assert rs.uncovered_laws(on) == _uncovered.__wrapped__(rs, on)
    assert rs.last_known(on) == _last_known.__wrapped__(rs, on)
    direct_plan = _plan.__wrapped__(rs, on)
    assert direct_plan == plan
    assert rs.not_evaluated(on) == _not_evaluated.__wrapped__(rs, on)


def test_epoch_boundaries_are_the_change_days(engine: Engine) -> None:
    rs = engine.rules
    assert rs.epoch(date(2026, 1, 1)) == date(2026, 1, 1)  # Participatiewet in balans
    assert rs.epoch(date(2025, 12, 31)) < date(2025, 12, 31)
    assert rs.epoch(date(1900, 1, 1)) == date.min


@settings(max_examples=30, deadline=None)
@given(days)
def test_split_link_equals_link_on(engine: Engine, on: date) -> None:
    rs = engine.rules
    bases = {id(c.basis): c.basis for versions in rs.rules.values() for v in versions
             for c in (*v.requirements, *v.exclusions, *v.exemptions)}
    bases |= {id(v.model.basis): v.model.basis for versions in rs.rules.values() for v in versions}
    for basis in bases.values():
        assert build._link_on(basis, on) == basis.link_on(on)
        assert build.citation_model(basis, on).link == basis.link_on(on)


@settings(max_examples=25, deadline=None)
@given(partial_situation())
def test_interned_results_equal_fresh_ones(engine: Engine, case) -> None:
    partial, _complete, on, _blanked = case
    first = engine.evaluate(partial, on=on).model_dump_json()
    again = engine.evaluate(partial, on=on).model_dump_json()  # every part from the caches
    build.clear_caches()
    fresh = engine.evaluate(partial, on=on).model_dump_json()
    other_day = on + timedelta(days=1)
    engine.evaluate(partial, on=other_day)  # fills caches for a neighbouring date
    assert first == again == fresh == engine.evaluate(partial, on=on).model_dump_json()


def test_dropped_rule_sets_take_their_caches_and_leave_no_stale_hits() -> None:
    """Rule sets loaded and dropped one after another reuse addresses; results stay equal to
    those of a rule set that never saw a cache, and the registry forgets the dead ones."""
    situation = {"person": {"birth_date": "1990-05-01", "lives_in_netherlands": True}, "income": [{"kind": "loon"}]}
    on = date(2026, 1, 1)
    reference = None
    for _ in range(3):
        engine = Engine(load_rules())
        result = engine.evaluate(situation, on=on).model_dump_json()
        reference = reference or result
        assert result == reference
        engine.network.close()
        del engine
        gc.collect()
    assert len(build._RULESET_CACHES) <= 2  # the session engine's and at most one being dropped
