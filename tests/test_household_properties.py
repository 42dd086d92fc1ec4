"""Property tests for households (issue 11): who else lives there matters only where a law says so,
the order of the persons carries no meaning, and Rete and the explainer agree per person."""

from __future__ import annotations

import random
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crosslaw.household.parse import parse_household
from crosslaw.household.project import project
from household_strategies import household, household_person

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _view(ev, ref):
    p = ev.person(ref)
    return p.statuses(), sorted((c.id, c.status) for c in p.conflicts)


@SETTINGS
@given(st.data())
def test_person_order_does_not_matter(engine, data):
    h, on = data.draw(household(2, 4))
    shuffled = dict(h, persons=random.Random(data.draw(st.integers(0, 10**6))).sample(h["persons"], len(h["persons"])))
    a, b = engine.evaluate(h, on=on), engine.evaluate(shuffled, on=on)
    for p in a.persons:
        assert _view(a, p.ref) == _view(b, p.ref)
    key = lambda c: (c.id, sorted(c.persons.items()), c.status)  # noqa: E731
    assert sorted(map(key, a.conflicts)) == sorted(map(key, b.conflicts))
    assert sorted((m.fact, tuple(m.persons)) for m in a.missing) == sorted((m.fact, tuple(m.persons)) for m in b.missing)
    assert a.situation_digest == b.situation_digest


@SETTINGS
@given(st.data())
def test_a_commercial_lodger_changes_nobody_elses_outcomes(engine, data):
    """A lodger on a commercial basis, with no partner, family or care relation and no presumption of a
    joint household (Pw art. 3 lid 4, 19a lid 1), is irrelevant to every law for the others."""
    h, on = data.draw(household(1, 3))
    lodger = data.draw(household_person("kamerhuurder", on)) | {"commercial_basis": True}
    housemates = [
        {"type": "huisgenoten", "persons": [p["ref"], "kamerhuurder"], "formerly_married": False,
         "married_within_two_years": False, "child_together": False, "cohabitation_contract": False}
        for p in h["persons"]
    ]
    bigger = dict(h, persons=h["persons"] + [lodger], relations=h["relations"] + housemates)
    a, b = engine.evaluate(h, on=on), engine.evaluate(bigger, on=on)
    for p in a.persons:
        assert _view(a, p.ref) == _view(b, p.ref)


@SETTINGS
@given(st.data())
def test_an_unrelated_adult_changes_nobody_elses_jeugdwet_outcomes(engine, data):
    """The Jeugdwet reads the household only for a parent's children; an adult of 23 or older who is
    nobody's child cannot change another person's Jeugdwet outcomes (art. 1.1, 2.3)."""
    h, on = data.draw(household(1, 3))
    adult = data.draw(household_person("volwassene", on))
    adult["person"]["birth_date"] = date(on.year - data.draw(st.integers(23, 90)), 1, 1).isoformat()
    a, b = engine.evaluate(h, on=on), engine.evaluate(dict(h, persons=h["persons"] + [adult]), on=on)
    for p in a.persons:
        jw_a = {k: v for k, v in a.person(p.ref).statuses().items() if k.startswith("jw.")}
        jw_b = {k: v for k, v in b.person(p.ref).statuses().items() if k.startswith("jw.")}
        assert jw_a == jw_b


@SETTINGS
@given(household(1, 4))
def test_rete_and_explainer_agree_per_person(engine, generated):
    """Each person's evaluation is the engine's own on their projection, agreement check included
    (evaluate raises EngineConsistencyError otherwise); the household shows exactly those outcomes,
    less the laws that cannot concern the person."""
    h, on = generated
    ev = engine.evaluate(h, on=on)
    parsed = parse_household(h)
    for p in ev.persons:
        single = engine.evaluate(project(parsed, p.ref).situation, on=on)
        dropped = {nc.law for nc in p.not_concerned}
        expected = {o.id: o.status for law in single.laws if law.law not in dropped for o in law.outcomes}
        assert p.evaluation.statuses() == expected
        env, verdicts = engine.explain_all(project(parsed, p.ref).situation, on)
        fired, _ = engine.network.run(env)
        for v in verdicts:
            assert (v.value is True) == (v.rule.rete_name in fired)
