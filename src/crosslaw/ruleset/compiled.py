"""A loaded rule set: validated models plus their compiled expressions.

Loading happens once; everything an evaluation needs per case (closures for the
explainer, Rete conditions, the order of computed values) is prepared here.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from crosslaw.caching import per_owner
from crosslaw.errors import CrosslawError
from crosslaw.language.ast import Node
from crosslaw.language.evaluate import Fn
from crosslaw.language.types import Type
from crosslaw.language.values import Unknown
from crosslaw.ruleset.model import Basis, Computed, Condition, Conflict, LawMeta, Parameter, Rule


@dataclass(frozen=True)
class CompiledCondition:
    model: Condition
    role: str  # requirement | exclusion | exemption
    basis: Basis
    ast: Node
    fn: Fn
    rete: dict[str, Any]
    names: frozenset[str]
    file: str
    line: int | None


@dataclass(frozen=True)
class CompiledRule:
    model: Rule | Conflict
    law: str
    requirements: tuple[CompiledCondition, ...]
    exclusions: tuple[CompiledCondition, ...]
    exemptions: tuple[CompiledCondition, ...]
    amount: Fn | None
    amount_names: frozenset[str]
    file: str
    line: int | None

    id: str = field(init=False)
    version: str = field(init=False)
    rete_name: str = field(init=False)  # the rule's name in the Rete network: id@version
    exemption_rete_names: tuple[str, ...] = field(init=False)  # in the order of ``exemptions``

    def __post_init__(self) -> None:
        # derived once: the engine reads these for every rule of every evaluation
        object.__setattr__(self, "id", self.model.id)
        object.__setattr__(self, "version", self.model.valid_from.isoformat())
        object.__setattr__(self, "rete_name", f"{self.model.id}@{self.version}")
        object.__setattr__(self, "exemption_rete_names", tuple(self.exemption_rete_name(e.model.id) for e in self.exemptions))  # type: ignore[attr-defined]

    def exemption_rete_name(self, exemption_id: str) -> str:
        return f"{self.rete_name}/{exemption_id}"

    def names(self) -> frozenset[str]:
        out: set[str] = set()
        for c in (*self.requirements, *self.exclusions, *self.exemptions):
            out |= c.names
        return frozenset(out)


@dataclass(frozen=True)
class CompiledComputed:
    model: Computed
    law: str
    type: Type
    fn: Fn
    depends_on: frozenset[str]
    file: str
    line: int | None
    names: frozenset[str] = frozenset()  # every name the formula reads (item fields included)
    money: bool = field(init=False)  # rounded to whole cents after every evaluation

    def __post_init__(self) -> None:
        object.__setattr__(self, "money", self.type.kind == "money")


@dataclass(eq=False)
class RuleSet:
    """Every law's rules, parameters and computed values, ready to evaluate."""

    laws: dict[str, LawMeta]
    parameters: dict[str, Parameter]
    parameter_law: dict[str, str]
    computed: dict[str, list[CompiledComputed]]  # id -> versions
    computed_order: list[str]  # dependency order
    order: list[tuple[str, str]]  # ("computed" | "rule", id), every reference before its use
    rules: dict[str, list[CompiledRule]]  # id -> versions
    scope: dict[str, Type]
    digest: str
    root: str
    files: list[str] = field(default_factory=list)
    concerns: dict[str, tuple[Any, Fn]] = field(default_factory=dict)  # law -> (Concern, compiled condition)
    person_conflicts: "RuleSet | None" = None  # conflicts between persons of a household (their own rule set)

    def epoch(self, on: date) -> date:
        """The first day of the period around ``on`` in which nothing this rule set reads from
        the date changes: which rule and computed versions hold, every parameter's value,
        which laws are covered and which amounts are past their ``verified_until``.

        The per-date tables (plan, parameters, coverage) are built once per period instead of
        once per day, so evaluations on many different days share them: a long-running
        process evaluating every day of a year keeps a dozen plans, not 365."""
        cuts = _breakpoints(self)
        i = bisect_right(cuts, on)
        return cuts[i - 1] if i else date.min

    def rules_of(self, law: str) -> list[CompiledRule]:
        return [v for versions in self.rules.values() for v in versions if v.law == law]

    def rule_on(self, rule_id: str, on: date) -> CompiledRule | None:
        for v in self.rules.get(rule_id, []):
            if v.model.holds_on(on):
                return v
        return None

    def computed_on(self, comp_id: str, on: date) -> CompiledComputed | None:
        for v in self.computed.get(comp_id, []):
            if v.model.holds_on(on):
                return v
        return None

    def parameters_on(self, on: date) -> dict[str, Any]:
        """Every parameter's value on ``on``. A parameter of a law that is not encoded for ``on``
        and has no value then is unknown; inside a law's covered period a missing value is an
        error in the rule data."""
        try:
            return _parameters_on(self, self.epoch(on))
        except NoParameterValue:
            return _parameters_on(self, on)  # the same error, naming the date asked for

    def coverage(self, law: str) -> tuple[date | None, date | None]:
        """The first and last date ``law`` is encoded for (last ``None``: open-ended).

        The first date is the earliest ``valid_from`` of the law's rules and computed values;
        the last is ``covered_until`` in its law.yaml."""
        return _coverage(self, law)

    def covers(self, law: str, on: date) -> bool:
        first, last = self.coverage(law)
        return first is not None and first <= on and (last is None or on <= last)

    def uncovered_laws(self, on: date) -> frozenset[str]:
        """The laws (and the conflicts folder) that are not encoded for ``on``."""
        return _uncovered(self, self.epoch(on))

    def amounts_verified_until(self, law: str) -> date | None:
        """The earliest ``verified_until`` among the law's parameters: up to that date every
        amount that changes on a rhythm is known; ``None`` when no parameter declares one."""
        dates = [p.verified_until for pid, p in self.parameters.items() if self.parameter_law[pid] == law and p.verified_until]
        return min(dates) if dates else None

    def not_evaluated(self, on: date) -> dict[str, tuple[str, ...]]:
        """Rules and computed values in force on ``on`` that cannot be evaluated because a law
        they belong to, or (for a conflict) a law on one of its sides, is not encoded for ``on``:
        id -> the laws concerned. Empty on every date all laws cover."""
        return _not_evaluated(self, self.epoch(on))

    def last_known(self, on: date) -> list[tuple[str, Parameter]]:
        """Parameters of laws encoded for ``on`` whose values are verified only until before ``on``:
        the evaluation uses their last known value and must say so. Pairs of (law, parameter)."""
        return _last_known(self, self.epoch(on))

    def rules_in_force(self, on: date) -> list[CompiledRule]:
        """The version of each rule that holds on ``on`` (cached per period, see ``epoch``)."""
        return _rules_in_force(self, self.epoch(on))

    def computed_in_force(self, on: date) -> list[tuple[str, CompiledComputed | None]]:
        """Computed values in dependency order with the version holding on ``on``."""
        return _computed_in_force(self, self.epoch(on))

    def plan(self, on: date) -> list[tuple[str, str, CompiledComputed | CompiledRule | None]]:
        """The evaluation plan for ``on``: computed values and rules in dependency order."""
        return _plan(self, self.epoch(on))

    def reordered(self, law_order: list[str]) -> "RuleSet":
        """The same rules with the laws evaluated in another order (for order-independence checks)."""
        from dataclasses import replace

        from crosslaw.ruleset.loader import _topological

        laws = {law: self.laws[law] for law in law_order}
        order = _topological(self.computed, self.rules, law_order)
        return replace(self, laws=laws, order=order, computed_order=[i for k, i in order if k == "computed"])

    def referenced_rules(self) -> set[str]:
        """Rules whose outcome another rule's condition reads (the Rete must decide them both ways)."""
        return {n for versions in self.rules.values() for v in versions for n in v.names() if n in self.rules}


class NoParameterValue(CrosslawError):
    pass


def _day_after(d: date | None) -> date | None:
    if d is None or d == date.max:
        return None
    return d + timedelta(days=1)


@per_owner(maxsize=64)
def _breakpoints(rs: RuleSet) -> tuple[date, ...]:
    """Every day on which something ``RuleSet.epoch`` covers may change: the first day of each
    rule, computed and parameter value, the day after each last day, the first and the day
    after the last covered day of each law, and the day after each ``verified_until``."""
    days: set[date | None] = set()
    for versions in (*rs.rules.values(), *rs.computed.values()):
        for v in versions:
            days.add(v.model.valid_from)
            days.add(_day_after(v.model.valid_to))
    for p in rs.parameters.values():
        days.update(pv.valid_from for pv in p.values)
        days.add(_day_after(p.verified_until))
    for law in rs.laws:
        first, last = rs.coverage(law)
        days.add(first)
        days.add(_day_after(last))
    days.discard(None)
    return tuple(sorted(days))  # type: ignore[arg-type]


@per_owner(maxsize=64)
def _parameters_on(rs: RuleSet, on: date) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for pid, p in rs.parameters.items():
        if p.unit == "age_by_year":  # read as a whole: the age of the year in which it is reached
            out[pid] = p.schedule()
            continue
        v = p.value_on(on)
        if v is None and not rs.covers(rs.parameter_law[pid], on):
            out[pid] = Unknown(frozenset())  # the law is not encoded for this date: no value, no error
            continue
        if v is None:
            raise NoParameterValue(
                f"parameter {pid} heeft geen waarde op {on.isoformat()} (eerste waarde geldt vanaf {p.values[0].valid_from.isoformat()})"
            )
        out[pid] = v.value
    return out


@per_owner(maxsize=64)
def _coverage(rs: RuleSet, law: str) -> tuple[date | None, date | None]:
    starts = [v.model.valid_from for versions in rs.rules.values() for v in versions if v.law == law]
    starts += [v.model.valid_from for versions in rs.computed.values() for v in versions if v.law == law]
    meta = rs.laws.get(law)
    return (min(starts) if starts else None), (meta.covered_until if meta else None)


@per_owner(maxsize=256)
def _uncovered(rs: RuleSet, on: date) -> frozenset[str]:
    return frozenset(law for law in rs.laws if not rs.covers(law, on))


@per_owner(maxsize=256)
def _not_evaluated(rs: RuleSet, on: date) -> dict[str, tuple[str, ...]]:
    uncovered = rs.uncovered_laws(on)
    if not uncovered:
        return {}
    out: dict[str, tuple[str, ...]] = {}
    for kind, ident, item in rs.plan(on):
        if item is None:
            continue
        laws = {item.law} & uncovered
        if kind == "rule" and item.model.type == "conflict":
            laws |= {sd.law for sd in item.model.sides} & uncovered  # type: ignore[union-attr]
        if laws:
            out[ident] = tuple(sorted(laws))
    return out


@per_owner(maxsize=256)
def _last_known(rs: RuleSet, on: date) -> list[tuple[str, Parameter]]:
    uncovered = rs.uncovered_laws(on)
    return [
        (rs.parameter_law[pid], p) for pid, p in rs.parameters.items()
        if p.verified_until is not None and p.verified_until < on and rs.parameter_law[pid] not in uncovered
    ]


@per_owner(maxsize=256)
def _rules_in_force(rs: RuleSet, on: date) -> list[CompiledRule]:
    return [r for rid in rs.rules if (r := rs.rule_on(rid, on)) is not None]


@per_owner(maxsize=256)
def _computed_in_force(rs: RuleSet, on: date) -> list[tuple[str, CompiledComputed | None]]:
    return [(cid, rs.computed_on(cid, on)) for cid in rs.computed_order]


@per_owner(maxsize=256)
def _plan(rs: RuleSet, on: date) -> list[tuple[str, str, CompiledComputed | CompiledRule | None]]:
    return [(kind, i, rs.computed_on(i, on) if kind == "computed" else rs.rule_on(i, on)) for kind, i in rs.order]
