"""Property tests for motivated deviation (issue 12), over generated situations:

(a) with and without a value deviation, the Rete network and the explainer agree on every rule
    (the deviated value is set in the environment both read, so everything downstream moves in both);
(b) a deviation recorded for one resident never changes the evaluation of another (another
    pseudonym, another situation): the log hands it to no one else, and the evaluation is the plain one.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from crosslaw.audit.open import open_log
from crosslaw.deviation.mandates import load_mandates
from crosslaw.deviation.model import Actor
from crosslaw.deviation.service import DeviationService, case_pseudonym
from crosslaw.language.values import Unknown
from crosslaw.ruleset.loader import load_rules
from crosslaw.situation import parse_situation
from crosslaw.situation.files import load_situation
from actors_fixture import register_all
from strategies import complete_situation
from test_value_deviation import MANTELZORG, ON, req

KEY = b"een-geheim-voor-de-property-test-0123456789"
SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

_RULES = load_rules()
#: every computed value a professional may deviate from, with its type (on some date)
DEVIABLE = sorted({(k, v.model.type) for k, vs in _RULES.computed.items() for v in vs
                   if v.model.deviation is not None and v.model.deviation.deviable})


def _wanted(kind: str):
    return st.booleans() if kind == "bool" else st.integers(0, 500_000)


targets = st.sampled_from(DEVIABLE).flatmap(lambda t: st.tuples(st.just(t[0]), _wanted(t[1])))


def _agree(engine, env, verdicts) -> None:
    fired, outcomes = engine.network.run(env)
    for verdict in verdicts:
        rule = verdict.rule
        assert not isinstance(verdict.value, Unknown), f"{rule.id} undetermined on a complete situation"
        assert (rule.rete_name in fired) == verdict.value, f"{rule.id}: rete {rule.rete_name in fired}, explainer {verdict.value}"
        for ev in verdict.exemptions:
            name = rule.exemption_rete_name(ev.condition.model.id)
            assert (name in fired) == (ev.applicable and ev.value is True), name
    for rule_id in engine.network.referenced:
        assert outcomes.get(rule_id) == env[rule_id], rule_id


def test_the_catalogue_has_deviable_values():
    """Guard: the properties below must not run over nothing."""
    assert ("pw.kostendelersnorm_van_toepassing", "bool") in DEVIABLE


@SETTINGS
@given(complete_situation(), targets)
def test_a_rete_and_explainer_agree_with_and_without_a_value_deviation(engine, case, target):
    situation, on = case
    ident, value = target
    assume(engine.rules.computed_on(ident, on) is not None)
    env, verdicts = engine.explain_all(situation, on)
    _agree(engine, env, verdicts)
    env_with, verdicts_with = engine.explain_all(situation, on, {ident: value})
    assert env_with[ident] == value
    _agree(engine, env_with, verdicts_with)
    # the engine of record checks the same agreement on its own run with the deviation
    ev = engine.evaluate(situation, on=on, overrides={ident: value}, detail="full")
    shown = {c.id: c.value for law in ev.laws for c in law.computed}
    if ident in shown:
        assert shown[ident] == value


@pytest.fixture(scope="module")
def recorded(engine):
    """One approved deviation in a log: the kostendelersnorm set aside for the mantelzorger."""
    with tempfile.TemporaryDirectory() as tmp:
        log = open_log(Path(tmp) / "afwijkingen.sqlite")
        svc = DeviationService(engine, log, load_mandates(), pseudonym_key=KEY)
        signers = register_all(log)
        d = svc.propose(load_situation(MANTELZORG), req(), signer=signers["km-017"])
        svc.approve(d.id, Actor(id="tl-001", role="teamleider"), signer=signers["tl-001"])
        yield svc
        log.close()


case_refs = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=20)


@SETTINGS
@given(complete_situation(), case_refs)
def test_b_a_deviation_never_changes_another_residents_evaluation(engine, recorded, case, ref):
    mantelzorger = load_situation(MANTELZORG)
    assume(ref != mantelzorger.case_ref)
    situation, on = case
    other = parse_situation({**situation, "case_ref": ref})
    assert case_pseudonym(other, KEY) != case_pseudonym(mantelzorger, KEY)
    assert recorded.for_case(other, on) == []
    plain = engine.evaluate(other, on=on)
    with_log = engine.evaluate(other, on=on, deviations=recorded.for_case(other, on))
    assert with_log == plain
    assert with_log.deviation_effects == [] and all(o.applied_deviation is None for law in with_log.laws for o in law.outcomes)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.dates(date(2025, 1, 1), date(2026, 12, 31)), case_refs)
def test_b_the_same_facts_under_another_case_reference_are_not_deviated(engine, recorded, on, suffix):
    """Another situation with the mantelzorger's facts but another case: still the plain evaluation."""
    mantelzorger = load_situation(MANTELZORG)
    assert mantelzorger.bsn is None  # the pseudonym comes from the case reference
    twin = mantelzorger.model_copy(update={"case_ref": f"{mantelzorger.case_ref}-{suffix}"})
    assert recorded.for_case(twin, on) == []
    assert engine.evaluate(twin, on=on, deviations=recorded.for_case(twin, on)) == engine.evaluate(twin, on=on)
    # while the resident it was made for does get it (the property is not vacuous)
    own = recorded.for_case(mantelzorger, ON)
    assert len(own) == 1 and engine.evaluate(mantelzorger, on=ON, deviations=own) != engine.evaluate(mantelzorger, on=ON)
