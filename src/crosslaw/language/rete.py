"""Compile a condition AST to a durable_rules (Rete) condition on one fact.

The Rete network compares a property with a constant or with an arithmetic expression
over other properties of the same fact (``$m``). It has no ``not``, so negation is
pushed down to the comparisons (De Morgan, ``<`` becomes ``>=``). Every comparison is
guarded by the existence of the properties it reads, so a comparison on an unknown fact
is false whichever way it is negated (see ``_comparison``). With that, the network fires a rule exactly when
the three-valued explainer says the rule is *true*, on partial situations as well. A comparison must
have a single fact on at least one side; anything more complex belongs in a computed
value, which the engine derives before matching.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from crosslaw.errors import ExpressionError
from crosslaw.language.ast import Binary, Call, If, In, Literal, Name, Node, Unary

PEILDATUM = "peildatum"
_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}
_NEGATE = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "=="}
_OPS = {"<": "$lt", "<=": "$lte", ">": "$gt", ">=": "$gte", "!=": "$neq"}
_ARITH = {"+": "$add", "-": "$sub", "*": "$mul"}


def prop(name: str) -> str:
    """Property name of a fact in the Rete fact (dots would mean nesting there)."""
    return name.replace(".", "__")


def rete_value(value: Any) -> Any:
    """A Python value as the Rete fact stores it: dates as ordinals, decimals as floats."""
    if isinstance(value, date):
        return value.toordinal()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def always(truth: bool) -> dict[str, Any]:
    """A condition that is always true (or false): every fact carries the peildatum."""
    return {"$gte": {prop(PEILDATUM): 0}} if truth else {"$lt": {prop(PEILDATUM): 0}}


def compile_condition(node: Node, negate: bool = False) -> dict[str, Any]:
    if isinstance(node, Binary) and node.op in ("and", "or"):
        op = node.op if not negate else ("or" if node.op == "and" else "and")
        parts = [compile_condition(node.left, negate), compile_condition(node.right, negate)]
        key = "$and" if op == "and" else "$or"
        flat: list[dict[str, Any]] = []
        for p in parts:
            flat.extend(p[key] if len(p) == 1 and key in p else [p])
        return {key: flat}
    if isinstance(node, Unary) and node.op == "not":
        return compile_condition(node.operand, not negate)
    if isinstance(node, Binary) and node.op in _FLIP:
        return _comparison(node, negate)
    if isinstance(node, In):
        equal = node.negated == negate  # effective: operand equals one of the options
        parts = [_comparison(Binary("==" if equal else "!=", node.operand, opt, node.column), False) for opt in node.options]
        return {"$or": parts} if equal else {"$and": parts}
    if isinstance(node, Name):
        return {prop(node.name): not negate}  # an absent boolean matches neither value
    if isinstance(node, Literal) and isinstance(node.value, bool):
        return always(node.value != negate)
    if isinstance(node, (If, Call)):
        raise ExpressionError("berekeningen horen in 'computed', niet in een voorwaarde", node.column)
    raise ExpressionError("deze voorwaarde is geen ja/nee-uitdrukking", getattr(node, "column", None))


def _comparison(node: Binary, negate: bool) -> dict[str, Any]:
    op = _NEGATE[node.op] if negate else node.op
    left, right = node.left, node.right
    if not isinstance(left, Name):
        if not isinstance(right, Name):
            raise ExpressionError(
                "in een voorwaarde moet één kant van een vergelijking één feit of parameter zijn; "
                "maak van de rest een berekening (computed)",
                node.column,
            )
        left, right, op = right, left, _FLIP[op]
    rhs = _operand(right)
    test = {prop(left.name): rhs} if op == "==" else {_OPS[op]: {prop(left.name): rhs}}
    # An absent property is unknown: the comparison must then be false in *both*
    # polarities. durable_rules already fails every test on an absent left-hand
    # property, but treats a test against an absent ``$m`` reference as passed
    # (measured: <, >=, == and != all fire), so those references get a guard.
    guards = [{"$ex": {p: 1}} for p in sorted(prop(n) for n in _names(right))]
    return {"$and": [*guards, test]} if guards else test


def _names(node: Node) -> set[str]:
    if isinstance(node, Name):
        return {node.name}
    if isinstance(node, Binary):
        return _names(node.left) | _names(node.right)
    if isinstance(node, Unary):
        return _names(node.operand)
    return set()


def _operand(node: Node) -> Any:
    if isinstance(node, Literal):
        return rete_value(node.value)
    if isinstance(node, Name):
        return {"$m": prop(node.name)}
    if isinstance(node, Binary) and node.op in _ARITH:
        return {_ARITH[node.op]: {"$l": _operand(node.left), "$r": _operand(node.right)}}
    if isinstance(node, Unary) and node.op == "-":
        return {"$sub": {"$l": 0, "$r": _operand(node.operand)}}
    raise ExpressionError("deze rekenvorm kan niet in een voorwaarde; gebruik een berekening (computed)", getattr(node, "column", None))
