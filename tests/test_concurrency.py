"""The engine is safe from many threads and holds no state between evaluations."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strategies import partial_situation


def _generate(n: int):
    cases = []

    @settings(max_examples=n, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(partial_situation())
    def collect(case):
        cases.append(case)

    collect()
    return [(partial, on) for _, partial, on, _ in cases]


def test_500_situations_from_8_threads_match_sequential(engine):
    cases = _generate(500)
    assert len(cases) >= 400
    sequential = [engine.evaluate(s, on=on).model_dump_json() for s, on in cases]
    with ThreadPoolExecutor(max_workers=8) as pool:
        parallel = list(pool.map(lambda c: engine.evaluate(c[0], on=c[1]).model_dump_json(), cases))
    assert parallel == sequential
    assert len({json.loads(r)["situation_digest"] for r in parallel}) > 100  # they really differ


def test_5000_evaluations_leave_no_state(engine):
    """Well past durable_rules' 1024-state table: every fact is retracted after its evaluation,
    so the network's one state per ruleset is empty between evaluations."""
    cases = _generate(50)
    for i in range(5000):
        s, on = cases[i % len(cases)]
        engine.evaluate(s, on=on)
    network = engine.network
    # positive control: a state left alive is visible to live_facts
    rs_name = next(iter(network.ruleset_names.values()))
    network._host.assert_fact(rs_name, {"sid": "probe", "peildatum": 1})
    assert network.live_facts("probe") == 1
    network._host.delete_state(rs_name, "probe")
    assert network.live_facts(network.sid) == 0


def test_a_run_that_fails_half_way_leaves_no_state(engine, monkeypatch):
    """If anything fails between the asserts and the retracts, the states are deleted whole and
    the next evaluation starts clean."""
    from datetime import date

    import crosslaw.engine.rete as rete_module

    situation = {"person": {"birth_date": "1990-01-01", "lives_in_netherlands": True}}
    expected = engine.evaluate(situation, on=date(2026, 1, 1)).statuses()
    network = engine.network
    calls = {"n": 0}
    real_settle = rete_module.ReteNetwork._settle

    def failing_settle(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:  # after the first level's facts are asserted
            raise RuntimeError("boom")
        return real_settle(self, *args, **kwargs)

    monkeypatch.setattr(rete_module.ReteNetwork, "_settle", failing_settle)
    with pytest.raises(RuntimeError):
        engine.evaluate(situation, on=date(2026, 1, 1))
    assert network.live_facts(network.sid) == 0
    monkeypatch.setattr(rete_module.ReteNetwork, "_settle", real_settle)
    assert engine.evaluate(situation, on=date(2026, 1, 1)).statuses() == expected
