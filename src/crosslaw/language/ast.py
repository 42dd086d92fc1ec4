"""AST nodes of the expression language. Every node keeps its column for error messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Union


@dataclass(frozen=True)
class Literal:
    value: Union[bool, int, Decimal, str, date]
    column: int = 0


@dataclass(frozen=True)
class Name:
    """A dotted reference: a fact, a parameter, a computed value, or an item field."""

    name: str
    column: int = 0


@dataclass(frozen=True)
class Unary:
    op: str  # "not" | "-"
    operand: "Node"
    column: int = 0


@dataclass(frozen=True)
class Binary:
    op: str  # and or + - * / == != < <= > >=
    left: "Node"
    right: "Node"
    column: int = 0


@dataclass(frozen=True)
class In:
    operand: "Node"
    options: tuple["Node", ...]
    negated: bool = False
    column: int = 0


@dataclass(frozen=True)
class If:
    condition: "Node"
    then: "Node"
    otherwise: "Node"
    column: int = 0


@dataclass(frozen=True)
class Call:
    function: str
    args: tuple["Node", ...] = field(default_factory=tuple)
    column: int = 0


Node = Union[Literal, Name, Unary, Binary, In, If, Call]


def children(n: Node) -> tuple[Node, ...]:
    """The direct sub-expressions of ``n`` (none for a name or a literal): one walk for every
    analysis of an expression (the names it reads here, the aggregates the screening prepares)."""
    if isinstance(n, Unary):
        return (n.operand,)
    if isinstance(n, Binary):
        return (n.left, n.right)
    if isinstance(n, In):
        return (n.operand, *n.options)
    if isinstance(n, If):
        return (n.condition, n.then, n.otherwise)
    if isinstance(n, Call):
        return tuple(n.args)
    return ()


def names_in(node: Node) -> set[str]:
    """Every dotted name the expression refers to (item fields included)."""
    out: set[str] = set()
    stack: list[Node] = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, Name):
            out.add(n.name)
        stack.extend(children(n))
    return out
