"""The explainer: the same conditions, evaluated in three-valued logic.

Where the Rete network only says *that* a rule fired, the explainer says for every
requirement whether it holds, is violated or cannot yet be known, and which facts would
settle it. Its verdict on a rule must agree with the Rete run whenever nothing is
unknown; the engine checks that on every evaluation.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from crosslaw.language.values import Unknown, merge_unknown
from crosslaw.ruleset.compiled import CompiledCondition, CompiledRule


class ConditionValue:
    """One condition's three-valued outcome (a slotted class: thousands are made per second)."""

    __slots__ = ("condition", "value", "applicable")

    def __init__(self, condition: CompiledCondition, value: Any, applicable: bool = True) -> None:
        self.condition = condition
        self.value = value  # True, False or Unknown
        self.applicable = applicable  # exemptions outside their validity do not count


class RuleVerdict:
    """A rule's three-valued outcome with the values of its parts."""

    __slots__ = ("rule", "value", "requirements", "exclusions", "exemptions", "amount")

    def __init__(self, rule: CompiledRule, value: Any, requirements: list[ConditionValue], exclusions: list[ConditionValue],
                 exemptions: list[ConditionValue], amount: Any) -> None:
        self.rule = rule
        self.value = value  # True, False or Unknown: does the rule apply?
        self.requirements = requirements
        self.exclusions = exclusions
        self.exemptions = exemptions
        self.amount = amount  # None (no formula), a value, or Unknown


def _and(values: list[Any]) -> Any:
    if any(v is False for v in values):
        return False
    if all(v is True for v in values):
        return True
    return merge_unknown(*values)


def _not(v: Any) -> Any:
    return v if isinstance(v, Unknown) else not v


def explain(rule: CompiledRule, env: dict[str, Any], on: date) -> RuleVerdict:
    reqs = [ConditionValue(c, c.fn(env, ())) for c in rule.requirements]
    excl = [ConditionValue(c, c.fn(env, ())) for c in rule.exclusions]
    exem = [
        ConditionValue(c, c.fn(env, ()), c.model.holds_on(on))  # type: ignore[attr-defined]
        for c in rule.exemptions
    ] if rule.exemptions else []
    parts = [r.value for r in reqs]
    parts += [_not(e.value) for e in excl]
    parts += [_not(e.value) for e in exem if e.applicable]
    value = _and(parts)
    amount = None
    if rule.amount is not None and value is not False:
        amount = rule.amount(env, ())
    return RuleVerdict(rule, value, reqs, excl, exem, amount)
