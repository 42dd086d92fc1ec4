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


def names_in(node: Node) -> set[str]:
    """Every dotted name the expression refers to (item fields included)."""
    out: set[str] = set()
    stack: list[Node] = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, Name):
            out.add(n.name)
        elif isinstance(n, Unary):
            stack.append(n.operand)
        elif isinstance(n, Binary):
            stack.extend((n.left, n.right))
        elif isinstance(n, In):
            stack.append(n.operand)
            stack.extend(n.options)
        elif isinstance(n, If):
            stack.extend((n.condition, n.then, n.otherwise))
        elif isinstance(n, Call):
            stack.extend(n.args)
    return out
