"""The effect of a deviation, computed by the engine: the evaluation without and with it,
compared outcome by outcome and conflict by conflict.

The mandate limit is checked against this computed effect, not against a typed figure, so a
limit cannot be bypassed by understating; the evaluation shows the same comparison for every
value deviation in force (the counterfactual), and flags one whose value the law itself now
gives ("overbodig geworden").
"""

from __future__ import annotations

from datetime import date
from typing import Any, Sequence

from crosslaw.deviation.review import basis_changes
from crosslaw.explanation.result import DeviationEffect, Evaluation, OutcomeChange

PAID = ("eligible", "applies")


def _paid(o: Any) -> int | None:
    """The monthly amount an outcome pays (benefit) or deducts (measure); None when it does not apply."""
    if o.status not in PAID or o.amount is None:
        return None
    return o.amount.cents


def changes(without: Evaluation, with_: Evaluation) -> tuple[list[OutcomeChange], list[str], list[str], int]:
    """Outcomes whose status or amount differ, conflicts gone and new, and the monthly effect
    (the sum of the absolute amount changes, unknown amounts counted as none)."""
    before = {o.id: o for law in without.laws for o in law.outcomes}
    out: list[OutcomeChange] = []
    effect = 0
    for law in with_.laws:
        for o in law.outcomes:
            b = before.get(o.id)
            if b is None:
                continue
            a0, a1 = _paid(b), _paid(o)
            if b.status != o.status or a0 != a1:
                out.append(OutcomeChange(id=o.id, title=o.title, type=o.type, status_without=b.status, status_with=o.status,
                                         amount_without_cents=a0, amount_with_cents=a1))
                effect += abs((a1 or 0) - (a0 or 0))
    c0 = {c.id for c in without.conflicts if c.status == "present"}
    c1 = {c.id for c in with_.conflicts if c.status == "present"}
    return out, sorted(c0 - c1), sorted(c1 - c0), effect


def value_effect(engine: Any, situation: Any, on: date, target: str, value: Any) -> tuple[Any, DeviationEffect]:
    """Evaluate ``situation`` on ``on`` without and with ``target`` set to ``value``.

    Returns the value without the deviation and the comparison (with id left empty)."""
    env, _ = engine.explain_all(situation, on)
    value_without = env.get(target)
    without = engine.evaluate(situation, on=on)
    with_ = engine.evaluate(situation, on=on, overrides={target: value})
    return value_without, _effect("", engine, target, on, value_without, value, without, with_)


def _effect(dev_id: str, engine: Any, target: str, on: date, value_without: Any, value_with: Any,
            without: Evaluation, with_: Evaluation) -> DeviationEffect:
    item = engine.rules.computed_on(target, on)
    outcomes, gone, new, effect = changes(without, with_)
    plain = value_without if isinstance(value_without, (bool, int, str)) or value_without is None else None
    return DeviationEffect(
        id=dev_id, target=target, target_title=item.model.title if item else target,
        value_without=plain, value_with=value_with, redundant=(plain is not None and plain == value_with),
        monthly_effect_cents=effect, outcomes=outcomes, conflicts_gone=gone, conflicts_new=new,
        conflict_titles={c.id: c.title for c in (*without.conflicts, *with_.conflicts) if c.id in (*gone, *new)},
    )


def attach_effects(evaluation: Evaluation, without: Evaluation, deviations: Sequence[Any], on: date, engine: Any,
                   situation: Any = None) -> Evaluation:
    """The evaluation with its value deviations' effects: each one against the evaluation
    without any value deviation (one deviation per value; with several, each effect is shown
    against the same baseline)."""
    effects: list[DeviationEffect] = []
    env: dict[str, Any] | None = None
    for d in deviations:
        if getattr(d, "target_kind", "rule") != "value" or not d.in_force(on) or engine.rules.computed_on(d.rule_id, on) is None:
            continue
        if env is None and situation is not None:
            env = engine.explain_all(situation, on)[0]
        value_without = env.get(d.rule_id) if env is not None else None
        effect = _effect(d.id, engine, d.rule_id, on, value_without, d.value_with, without, evaluation)
        effects.append(effect.model_copy(update={"basis_changed": basis_changes(engine.rules, d, on)}))
    return evaluation.model_copy(update={"deviation_effects": effects})
