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
    """A rule's three-valued outcome with the values of its parts.

    The values are kept as plain lists (cheap, and what result keys are made of); the
    ``requirements``/``exclusions``/``exemptions`` views pair them with their conditions on
    demand, for the few consumers that need the conditions too."""

    __slots__ = ("rule", "value", "req_values", "excl_values", "exem_values", "exem_applicable", "amount")

    def __init__(self, rule: CompiledRule, value: Any, req_values: list[Any], excl_values: list[Any],
                 exem_values: list[Any], exem_applicable: list[bool], amount: Any) -> None:
        self.rule = rule
        self.value = value  # True, False or Unknown: does the rule apply?
        self.req_values = req_values
        self.excl_values = excl_values
        self.exem_values = exem_values
        self.exem_applicable = exem_applicable
        self.amount = amount  # None (no formula), a value, or Unknown

    @property
    def requirements(self) -> list[ConditionValue]:
        return [ConditionValue(c, v) for c, v in zip(self.rule.requirements, self.req_values)]

    @property
    def exclusions(self) -> list[ConditionValue]:
        return [ConditionValue(c, v) for c, v in zip(self.rule.exclusions, self.excl_values)]

    @property
    def exemptions(self) -> list[ConditionValue]:
        return [ConditionValue(c, v, a) for c, v, a in zip(self.rule.exemptions, self.exem_values, self.exem_applicable)]


def _and(values: list[Any]) -> Any:
    unknowns = None
    for v in values:
        if v is False:
            return False
        if v is not True:
            if unknowns is None:
                unknowns = [v]
            else:
                unknowns.append(v)
    if unknowns is None:
        return True
    return unknowns[0] if len(unknowns) == 1 else merge_unknown(*unknowns)


def _not(v: Any) -> Any:
    return v if isinstance(v, Unknown) else not v


def explain(rule: CompiledRule, env: dict[str, Any], on: date) -> RuleVerdict:
    reqs = [c.fn(env, ()) for c in rule.requirements]
    excl = [c.fn(env, ()) for c in rule.exclusions]
    if rule.exemptions:
        exem = [c.fn(env, ()) for c in rule.exemptions]
        applicable = [c.model.holds_on(on) for c in rule.exemptions]  # type: ignore[attr-defined]
    else:
        exem, applicable = [], []
    parts = reqs + [_not(v) for v in excl] + [_not(v) for v, a in zip(exem, applicable) if a]
    value = _and(parts)
    amount = None
    if rule.amount is not None and value is not False:
        amount = rule.amount(env, ())
    return RuleVerdict(rule, value, reqs, excl, exem, applicable, amount)
