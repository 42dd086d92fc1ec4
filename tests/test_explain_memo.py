"""The explainer's memo (engine/memo.py) changes nothing but speed.

Every property compares an engine whose memo has seen many situations with an engine that
remembers nothing (``memo_limit=0``) over the same rule set: the whole result, every computed
value, every missing fact, households and value overrides included."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crosslaw import Engine, load_rules
from crosslaw.engine.memo import ExplainMemo
from crosslaw.language.values import Unknown
from household_strategies import household
from strategies import complete_situation, partial_situation

RULES = load_rules()
REMEMBERS = Engine(RULES)  # shared by every example: its memo fills up as hypothesis runs
FORGETS = Engine(RULES, memo_limit=0)
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _same(situation, on, detail="full"):
    first = REMEMBERS.evaluate(situation, on=on, detail=detail).model_dump()
    again = REMEMBERS.evaluate(situation, on=on, detail=detail).model_dump()  # now from the memo
    plain = FORGETS.evaluate(situation, on=on, detail=detail).model_dump()
    assert first == plain
    assert again == plain


@SETTINGS
@given(st.one_of(complete_situation(), partial_situation().map(lambda c: (c[1], c[2]))))
def test_remembered_evaluations_equal_fresh_ones(case):
    situation, on = case
    _same(situation, on)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(household(min_persons=2, max_persons=3))
def test_households_evaluate_the_same_with_a_memo(case):
    situation, on = case
    _same(situation, on, detail="summary")


def _money_values(on: date) -> list[str]:
    return sorted(cid for cid, v in RULES.computed_in_force(on) if v is not None and v.money)


@SETTINGS
@given(partial_situation(), st.data())
def test_overrides_flow_through_the_memo(case, data):
    _, partial, on, _ = case
    cid = data.draw(st.sampled_from(_money_values(on)))
    overrides = {cid: data.draw(st.integers(0, 500_000))}
    remembered, _ = REMEMBERS.explain_all(partial, on, overrides)
    plain, _ = FORGETS.explain_all(partial, on, overrides)
    assert remembered == plain
    assert remembered[cid] == overrides[cid]


def test_the_memo_remembers_per_engine():
    situation = {"person": {"birth_date": "1990-01-01", "lives_in_netherlands": True}}
    e = Engine(RULES)
    e.evaluate(situation, on=date(2026, 1, 1))
    misses = e._memo.misses
    assert misses > 0 and len(e._memo.cache) > 0
    e.evaluate(situation, on=date(2026, 1, 1))
    assert e._memo.misses == misses  # the second time every remembered step was met
    assert e._memo.hit_rate() > 0.4
    assert len(FORGETS._memo.cache) == 0 and not FORGETS._memo.getters  # memo_limit=0 remembers nothing


def test_a_memo_never_holds_more_than_its_limit():
    small = Engine(RULES, memo_limit=400)
    plain = FORGETS
    for i in range(60):
        situation = {
            "person": {"birth_date": f"{1950 + i}-03-01", "lives_in_netherlands": True, "residence_status": "nederlander"},
            "income": [{"kind": "loon", "monthly_net_cents": 100_000 + 997 * i}],
        }
        assert small.evaluate(situation, on=date(2026, 1, 1)).model_dump() == plain.evaluate(situation, on=date(2026, 1, 1)).model_dump()
        assert small._memo.cache.total <= 400


def test_steps_that_read_a_list_are_never_remembered():
    memo = ExplainMemo(RULES)
    for versions in RULES.computed.values():
        for v in versions:
            reads_list = any(RULES.scope[n].kind == "collection" for n in v.names if n in RULES.scope)
            assert (id(v) in memo.getters) is not reads_list, v.model.id
    assert any(id(v) not in memo.getters for vs in RULES.computed.values() for v in vs)  # the case occurs


def test_a_remembered_unknown_keeps_its_missing_facts():
    e = Engine(RULES)
    on = date(2026, 1, 1)
    for _ in range(2):
        env, verdicts = e.explain_all({"person": {"birth_date": "1990-01-01"}}, on)
    undetermined = [v for v in verdicts if isinstance(v.value, Unknown)]
    assert undetermined and all(v.value.missing for v in undetermined if v.rule.model.type != "conflict")


def test_heap_padding_is_set_once_and_can_be_switched_off():
    code = "from crosslaw.engine.heap import keep_heap_top; print(keep_heap_top(), keep_heap_top())"
    env = {**os.environ, "CROSSLAW_MALLOC_TOP_PAD": "off"}
    off = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout.split()
    assert off == ["False", "False"]
    if sys.platform.startswith("linux"):
        env.pop("CROSSLAW_MALLOC_TOP_PAD")
        on = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout.split()
        assert on == ["True", "True"]  # glibc (the CI image) accepts M_TOP_PAD


@pytest.mark.parametrize("limit", [40, 60])
def test_rete_groups_stay_inside_the_engines_limits(monkeypatch, limit):
    """Smaller property limits split a level into more groups; the result does not change."""
    from crosslaw.engine import rete

    monkeypatch.setattr(rete, "MAX_PROPERTIES", limit)
    split = Engine(RULES)
    assert len(split.network.groups) > len(REMEMBERS.network.groups)
    for g in split.network.groups:
        assert len(g.laws) == 1 or len(g.names) <= limit  # a law alone may pass the limit, a merge never does
    for born in ("1950-06-01", "1990-01-01", "2009-02-01"):
        s = {"person": {"birth_date": born, "lives_in_netherlands": True}, "work": {"status": "werkloos"}}
        assert split.evaluate(s, on=date(2026, 1, 1)).statuses() == FORGETS.evaluate(s, on=date(2026, 1, 1)).statuses()


def test_shipped_rules_merge_each_level_into_one_group():
    from crosslaw.engine.rete import MAX_PROPERTIES

    level0 = [g for g in REMEMBERS.network.groups if g.level == 0]
    assert len(level0) == 1 and level0[0].laws == [law for law in RULES.laws if law in level0[0].laws]
    assert all(len(g.names) <= MAX_PROPERTIES for g in REMEMBERS.network.groups)


def test_steps_that_miss_in_most_evaluations_are_dropped_and_results_stay_equal(monkeypatch):
    from crosslaw.engine import memo as memo_module

    monkeypatch.setattr(memo_module, "REVIEW_EVERY", 40)
    e = Engine(RULES)
    on = date(2026, 1, 1)
    for i in range(100):  # the same resident, with an income that differs by the cent every time
        situation = {
            "person": {"birth_date": "1980-05-01", "lives_in_netherlands": True, "residence_status": "nederlander"},
            "household": {"married": False, "joint_household": False},
            "income": [{"kind": "loon", "monthly_net_cents": 90_000 + i}],
            "assets": {"savings_cents": 100 * i},
        }
        assert e.evaluate(situation, on=on).model_dump() == FORGETS.evaluate(situation, on=on).model_dump()
    assert "pw.vermogen" in e._memo.volatile  # reads the savings, a new amount every time
    assert not any(ident.startswith("jw.") for ident in e._memo.volatile)  # nothing here changes the Jeugdwet's inputs
    assert e._memo.hit_rate() > 0.5


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(complete_situation(), partial_situation().map(lambda c: (c[1], c[2]))))
def test_fleeting_outcomes_are_built_like_interned_ones(case):
    """A rule the memo dropped gets its amount put into an interned outcome without it: the
    result equals the one built whole."""
    from crosslaw.explanation.build import build_evaluation
    from crosslaw.situation import parse_situation

    situation, on = case
    s = parse_situation(situation)
    every_rule = frozenset(RULES.rules)

    def build(fleeting=frozenset()):
        env, verdicts = FORGETS.explain_all(s, on)  # fresh verdicts: a built one keeps its result part
        return build_evaluation(RULES, s, on, env, verdicts, "full", fleeting).model_dump()

    whole = build()
    assert build(every_rule) == whole
    assert build(every_rule) == whole  # the second time from the interned outcomes without amount


def test_an_entry_weighs_the_unknowns_its_key_keeps_alive():
    """An entry's key holds the unknowns a step read; they count towards the bound, so long
    lists of unknown items cannot grow the memo past it (benchmarks/bench_rss.py)."""
    from crosslaw.language.values import facts_named

    e = Engine(RULES)
    items = [{"kind": "loon"} for _ in range(60)]  # amounts unknown: every item names its facts
    e.evaluate({"person": {"birth_date": "1980-01-01"}, "income": items}, on=date(2026, 1, 1))
    heavy = 0
    for (slot, on, read), (value, weight) in e._memo.cache.data.items():
        named = facts_named(read)
        assert weight >= named
        heavy += named >= 60
    assert heavy  # the case occurs: some step read an unknown over the whole list
