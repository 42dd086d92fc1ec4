"""A loaded rule set: validated models plus their compiled expressions.

Loading happens once; everything an evaluation needs per case (closures for the
explainer, Rete conditions, the order of computed values) is prepared here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from crosslaw.errors import CrosslawError
from crosslaw.language.ast import Node
from crosslaw.language.evaluate import Fn
from crosslaw.language.types import Type
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
        return _parameters_on(self, on)

    def rules_in_force(self, on: date) -> list[CompiledRule]:
        """The version of each rule that holds on ``on`` (cached per date)."""
        return _rules_in_force(self, on)

    def computed_in_force(self, on: date) -> list[tuple[str, CompiledComputed | None]]:
        """Computed values in dependency order with the version holding on ``on``."""
        return _computed_in_force(self, on)

    def plan(self, on: date) -> list[tuple[str, str, CompiledComputed | CompiledRule | None]]:
        """The evaluation plan for ``on``: computed values and rules in dependency order."""
        return _plan(self, on)

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


@lru_cache(maxsize=64)
def _parameters_on(rs: RuleSet, on: date) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for pid, p in rs.parameters.items():
        if p.unit == "age_by_year":  # read as a whole: the age of the year in which it is reached
            out[pid] = p.schedule()
            continue
        v = p.value_on(on)
        if v is None:
            raise NoParameterValue(
                f"parameter {pid} heeft geen waarde op {on.isoformat()} (eerste waarde geldt vanaf {p.values[0].valid_from.isoformat()})"
            )
        out[pid] = v.value
    return out


@lru_cache(maxsize=256)
def _rules_in_force(rs: RuleSet, on: date) -> list[CompiledRule]:
    return [r for rid in rs.rules if (r := rs.rule_on(rid, on)) is not None]


@lru_cache(maxsize=256)
def _computed_in_force(rs: RuleSet, on: date) -> list[tuple[str, CompiledComputed | None]]:
    return [(cid, rs.computed_on(cid, on)) for cid in rs.computed_order]


@lru_cache(maxsize=256)
def _plan(rs: RuleSet, on: date) -> list[tuple[str, str, CompiledComputed | CompiledRule | None]]:
    return [(kind, i, rs.computed_on(i, on) if kind == "computed" else rs.rule_on(i, on)) for kind, i in rs.order]
