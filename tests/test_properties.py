"""Invariants over generated situations.

(a) on complete situations the Rete run and the explainer agree on every rule;
(b) a determined status never changes when the missing facts are filled in;
(c) any generated situation evaluates without an exception.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from crosslaw.language.values import Unknown
from strategies import complete_situation, fact_name, partial_situation

def _value_at(data, fact: str):
    node = data
    for part in fact.replace("[", ".").replace("]", "").split("."):
        if node is None:
            return None
        node = node[int(part)] if part.isdigit() else node.get(part)
    return node


SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(complete_situation())
def test_a_rete_and_explainer_agree_on_complete_situations(engine, case):
    situation, on = case
    env, verdicts = engine.explain_all(situation, on)
    fired, outcomes = engine.network.run(env)
    for verdict in verdicts:
        rule, rule_id = verdict.rule, verdict.rule.id
        assert not isinstance(verdict.value, Unknown), f"{rule_id} undetermined on a complete situation: {verdict.value}"
        assert (rule.rete_name in fired) == verdict.value, f"{rule_id}: rete {rule.rete_name in fired}, explainer {verdict.value}"
        for ev in verdict.exemptions:
            name = rule.exemption_rete_name(ev.condition.model.id)
            assert (name in fired) == (ev.applicable and ev.value is True), name
    for rule_id in engine.network.referenced:  # outcomes other rules read, decided both ways
        assert outcomes.get(rule_id) == env[rule_id], rule_id


@SETTINGS
@given(partial_situation())
def test_b_determined_status_is_stable_under_completion(engine, case):
    complete, partial, on, blanked = case
    full = engine.evaluate(complete, on=on).statuses()
    part = engine.evaluate(partial, on=on)
    blanked_names = {fact_name(p) for p in blanked}
    for law in part.laws:
        for o in law.outcomes:
            if o.status != "undetermined":
                assert o.status == full[o.id], f"{o.id}: {o.status} with facts missing, {full[o.id]} when complete"
            for m in o.missing:
                # never ask for a fact that is known: a missing fact was blanked (or lies in a
                # blanked list), or is absent from the complete situation too (a partner's
                # birth date when it is unknown whether there is a partner)
                inside_blank = any(m.fact == b or m.fact.startswith((b + ".", b + "[")) for b in blanked_names)
                assert inside_blank or _value_at(complete, m.fact) is None, (o.id, m.fact, blanked_names)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(partial_situation())
def test_c_any_generated_situation_evaluates(engine, case):
    _, partial, on, _ = case
    evaluation = engine.evaluate(partial, on=on)
    assert evaluation.evaluation_date == on
    assert {o.status for law in evaluation.laws for o in law.outcomes} <= {
        "eligible", "not_eligible", "undetermined", "applies", "does_not_apply"}
    evaluation.model_dump_json()  # JSON-serialisable, always
