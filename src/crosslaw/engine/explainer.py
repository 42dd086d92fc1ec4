"""The explainer: the same conditions, evaluated in three-valued logic.

Where the Rete network only says *that* a rule fired, the explainer says for every
requirement whether it holds, is violated or cannot yet be known, and which facts would
settle it. Its verdict on a rule must agree with the Rete run whenever nothing is
unknown; the engine checks that on every evaluation.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from crosslaw.language.values import Unknown, facts_named, merge_unknown
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

    The values are kept as plain tuples (cheap, and what result keys are made of); the
    ``requirements``/``exclusions``/``exemptions`` views pair them with their conditions on
    demand, for the few consumers that need the conditions too."""

    __slots__ = ("rule", "value", "req_values", "excl_values", "exem_values", "exem_applicable", "amount", "shown")

    def __init__(self, rule: CompiledRule, value: Any, req_values: tuple[Any, ...], excl_values: tuple[Any, ...],
                 exem_values: tuple[Any, ...], exem_applicable: tuple[bool, ...], amount: Any) -> None:
        self.rule = rule
        self.value = value  # True, False or Unknown: does the rule apply?
        self.req_values = req_values
        self.excl_values = excl_values
        self.exem_values = exem_values
        self.exem_applicable = exem_applicable
        self.amount = amount  # None (no formula), a value, or Unknown
        # the result part built from this verdict (explanation/build.py), kept with it: a verdict
        # is remembered per date (engine/memo.py), so its result part is built once
        self.shown: Any = None

    def weight(self) -> int:
        """What it holds, for the bounded caches: its values and the facts each unknown one misses."""
        w = 3 + facts_named(self.req_values) + facts_named(self.excl_values) + facts_named(self.exem_values)
        w += len(self.req_values) + len(self.excl_values) + len(self.exem_values)
        if self.value.__class__ is Unknown:
            w += len(self.value)
        if self.amount.__class__ is Unknown:
            w += len(self.amount)
        return w

    @property
    def requirements(self) -> list[ConditionValue]:
        return [ConditionValue(c, v) for c, v in zip(self.rule.requirements, self.req_values)]

    @property
    def exclusions(self) -> list[ConditionValue]:
        return [ConditionValue(c, v) for c, v in zip(self.rule.exclusions, self.excl_values)]

    @property
    def exemptions(self) -> list[ConditionValue]:
        return [ConditionValue(c, v, a) for c, v, a in zip(self.rule.exemptions, self.exem_values, self.exem_applicable)]


def explain(rule: CompiledRule, env: dict[str, Any], on: date) -> RuleVerdict:
    """Three-valued: the rule applies when every requirement holds and no exclusion or
    exemption in force does; unknown (with the facts it lacks) when that cannot be told yet.

    One pass over the condition values, without intermediate lists: this runs for every
    rule of every evaluation."""
    # tuples: a verdict may be remembered (engine/memo.py), and a tuple of plain values is one
    # object fewer for the garbage collector to walk
    reqs = tuple([c.fn(env, ()) for c in rule.requirements])
    excl = tuple([c.fn(env, ()) for c in rule.exclusions]) if rule.exclusions else ()
    if rule.exemptions:
        exem = tuple([c.fn(env, ()) for c in rule.exemptions])
        applicable = tuple([c.model.holds_on(on) for c in rule.exemptions])  # type: ignore[attr-defined]
    else:
        exem, applicable = (), ()
    false = False
    unknowns: list[Any] = []
    for v in reqs:
        if v is False:
            false = True
            break
        if v is not True:
            unknowns.append(v)
    if not false:
        for v in excl:
            if v is True:
                false = True
                break
            if v is not False:
                unknowns.append(v)
    if not false:
        for v, a in zip(exem, applicable):
            if not a:
                continue
            if v is True:
                false = True
                break
            if v is not False:
                unknowns.append(v)
    if false:
        value: Any = False
    elif not unknowns:
        value = True
    else:
        value = unknowns[0] if len(unknowns) == 1 else merge_unknown(*unknowns)
    amount = None
    if rule.amount is not None and value is not False:
        amount = rule.amount(env, ())
    return RuleVerdict(rule, value, reqs, excl, exem, applicable, amount)
