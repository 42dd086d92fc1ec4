"""Types of the expression language and the load-time type checker.

The checker runs once per expression when a rule file loads, so a rule that compares
money with an age, names a fact that does not exist, or hides an unsourced number in a
formula fails before any resident is evaluated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Mapping

from crosslaw.errors import ExpressionError
from crosslaw.language.ast import Binary, Call, If, In, Literal, Name, Node, Unary

NUMERIC = {"int", "decimal"}


@dataclass(frozen=True)
class Type:
    """``kind`` is bool, int, decimal, money, text, date or collection."""

    kind: str
    choices: frozenset[str] | None = None  # allowed values of an enumerated text
    item: Mapping[str, "Type"] | None = field(default=None, compare=False, hash=False)

    def __str__(self) -> str:
        return DUTCH_KIND.get(self.kind, self.kind)


DUTCH_KIND = {
    "bool": "ja/nee",
    "int": "geheel getal",
    "decimal": "decimaal getal",
    "money": "bedrag (centen)",
    "text": "tekst",
    "date": "datum",
    "collection": "lijst",
    "schedule": "leeftijd per kalenderjaar",
}

BOOL = Type("bool")
INT = Type("int")
DECIMAL = Type("decimal")
MONEY = Type("money")
TEXT = Type("text")
DATE = Type("date")
#: A parameter with ``unit: age_by_year`` (an age fixed per calendar year, AOW art. 7a): it has no
#: value of its own on a date; only ``date_reaching(birth_date, schedule)`` reads it.
SCHEDULE = Type("schedule")

#: Numeric literals a rule may write inline. Every other number is an amount or a
#: threshold and must be a dated parameter with a source.
ALLOWED_NUMBER_LITERALS = {0, 1}

AGGREGATES = {"count", "any", "all", "sum"}
#: Calendar functions: the year of a date, and a date moved by whole days or months (a
#: deadline such as "binnen twee weken na ontvangst", or "drie maanden voor de melding").
DATE_FUNCTIONS = {"year": ("date",), "add_days": ("date", "int"), "add_months": ("date", "int")}
#: ``floor(x)``: whole part of a number (the law rounds years of work history down, WW art. 42 lid 5).
#: ``first_known(a, b)``: ``a`` when known, else ``b``; for a deprecated input that a newer, more
#: precise one supersedes (formulas only; when both are unknown it waits for ``a``).
FUNCTIONS = {"min", "max", "round", "date_reaching", "floor", "first_known"} | AGGREGATES | set(DATE_FUNCTIONS)


def _literal_type(value: object) -> Type:
    if isinstance(value, bool):
        return BOOL
    if isinstance(value, int):
        return INT
    if isinstance(value, Decimal):
        return DECIMAL
    if isinstance(value, str):
        return TEXT
    if isinstance(value, date):
        return DATE
    raise ExpressionError(f"onbekend soort waarde {value!r}")  # pragma: no cover


def _numeric_result(a: Type, b: Type) -> Type:
    return INT if a.kind == b.kind == "int" else DECIMAL


class Checker:
    """Type-checks an AST against a scope of names.

    ``scope`` maps every name a rule may use (facts, parameters, computed values) to
    its type. ``context`` is "condition" or "formula"; aggregates and ``if`` are only
    for formulas because conditions must compile to the Rete network.
    """

    def __init__(self, scope: Mapping[str, Type], context: str) -> None:
        self.scope = scope
        self.context = context
        self.items: list[Mapping[str, Type]] = []

    def check(self, node: Node) -> Type:
        method = getattr(self, f"_{type(node).__name__.lower()}")
        return method(node)

    # -- leaves -----------------------------------------------------------------
    def _literal(self, node: Literal) -> Type:
        v = node.value
        if isinstance(v, (int, Decimal)) and not isinstance(v, bool) and v not in ALLOWED_NUMBER_LITERALS:
            raise ExpressionError(
                f"getal {v} zonder bron in een regel; leg het vast als parameter met bron en geldigheid",
                node.column,
            )
        return _literal_type(v)

    def _name(self, node: Name) -> Type:
        for item in reversed(self.items):
            if node.name in item:
                return item[node.name]
        if node.name in self.scope:
            return self.scope[node.name]
        hint = _closest(node.name, list(self.scope) + [k for i in self.items for k in i])
        extra = f"; bedoelt u {hint!r}?" if hint else ""
        raise ExpressionError(f"onbekend feit of parameter {node.name!r}{extra}", node.column)

    # -- operators --------------------------------------------------------------
    def _unary(self, node: Unary) -> Type:
        t = self.check(node.operand)
        if node.op == "not":
            self._want(t, {"bool"}, "'not'", node.column)
            return BOOL
        self._want(t, NUMERIC | {"money"}, "'-'", node.column)
        return t

    def _binary(self, node: Binary) -> Type:
        lt, rt = self.check(node.left), self.check(node.right)
        op = node.op
        if op in ("and", "or"):
            self._want(lt, {"bool"}, f"'{op}'", node.column)
            self._want(rt, {"bool"}, f"'{op}'", node.column)
            return BOOL
        if op in ("==", "!=", "<", "<=", ">", ">="):
            self._comparable(lt, rt, op, node)
            return BOOL
        if op in ("+", "-"):
            if lt.kind == rt.kind == "money" or (_zero(node.left) and rt.kind == "money") or (_zero(node.right) and lt.kind == "money"):
                return MONEY
            if lt.kind in NUMERIC and rt.kind in NUMERIC:
                return _numeric_result(lt, rt)
            raise ExpressionError(f"'{op}' op {lt} en {rt} kan niet", node.column)
        if op == "*":
            if lt.kind == "money" and rt.kind in NUMERIC or rt.kind == "money" and lt.kind in NUMERIC:
                return MONEY
            if lt.kind in NUMERIC and rt.kind in NUMERIC:
                return _numeric_result(lt, rt)
            raise ExpressionError(f"'*' op {lt} en {rt} kan niet", node.column)
        if op == "/":
            if self.context == "condition":
                raise ExpressionError("deling mag alleen in een berekening (computed), niet in een voorwaarde", node.column)
            if lt.kind == "money" and rt.kind in NUMERIC:
                return MONEY
            if lt.kind == rt.kind == "money" or lt.kind in NUMERIC and rt.kind in NUMERIC:
                return DECIMAL
            raise ExpressionError(f"'/' op {lt} en {rt} kan niet", node.column)
        raise ExpressionError(f"onbekende operator {op!r}", node.column)  # pragma: no cover

    def _in(self, node: In) -> Type:
        t = self.check(node.operand)
        for opt in node.options:
            self._comparable(t, self.check(opt), "in", opt)
        return BOOL

    def _if(self, node: If) -> Type:
        if self.context == "condition":
            raise ExpressionError("'if' mag alleen in een berekening (computed), niet in een voorwaarde", node.column)
        self._want(self.check(node.condition), {"bool"}, "'if'", node.column)
        a, b = self.check(node.then), self.check(node.otherwise)
        return self._unify(a, b, node.then, node.otherwise, "'then' en 'else'")

    def _call(self, node: Call) -> Type:
        f = node.function
        if f not in FUNCTIONS:
            raise ExpressionError(f"onbekende functie {f!r}; beschikbaar: {', '.join(sorted(FUNCTIONS))}", node.column)
        if f in AGGREGATES:
            return self._aggregate(node)
        if f in DATE_FUNCTIONS:
            return self._date_function(node)
        if f == "floor":
            if len(node.args) != 1:
                raise ExpressionError("floor() verwacht één argument", node.column)
            self._want(self.check(node.args[0]), NUMERIC, "floor()", node.column)
            return INT
        if f == "first_known":
            if self.context == "condition":
                raise ExpressionError("first_known() mag alleen in een berekening (computed), niet in een voorwaarde", node.column)
            if len(node.args) != 2:
                raise ExpressionError("first_known() verwacht twee argumenten", node.column)
            a, b = (self.check(x) for x in node.args)
            return self._unify(a, b, node.args[0], node.args[1], "argumenten van first_known()")
        if not node.args:
            raise ExpressionError(f"{f}() verwacht minstens één argument", node.column)
        types = [self.check(a) for a in node.args]
        if f == "date_reaching":
            if self.context == "condition":
                raise ExpressionError("date_reaching() mag alleen in een berekening (computed), niet in een voorwaarde", node.column)
            if len(types) != 2:
                raise ExpressionError("date_reaching() verwacht twee argumenten: een geboortedatum en een leeftijd per kalenderjaar", node.column)
            self._want(types[0], {"date"}, "date_reaching()", node.column)
            self._want(types[1], {"schedule"}, "date_reaching()", node.column)
            return DATE
        for t, arg in zip(types, node.args):
            if t.kind == "schedule":
                raise ExpressionError("een leeftijd per kalenderjaar kan alleen in date_reaching()", getattr(arg, "column", node.column))
        if f == "round":
            if len(types) != 1:
                raise ExpressionError("round() verwacht één argument", node.column)
            self._want(types[0], NUMERIC | {"money"}, "round()", node.column)
            return MONEY if types[0].kind == "money" else INT
        result = types[0]
        for t, arg in zip(types[1:], node.args[1:]):
            result = self._unify(result, t, node.args[0], arg, f"argumenten van {f}()")
        self._want(result, NUMERIC | {"money", "date"}, f"{f}()", node.column)
        return result

    def _date_function(self, node: Call) -> Type:
        f = node.function
        wanted = DATE_FUNCTIONS[f]
        if len(node.args) != len(wanted):
            raise ExpressionError(f"{f}() verwacht {len(wanted)} argument(en)", node.column)
        for arg, kind in zip(node.args, wanted):
            self._want(self.check(arg), {kind}, f"{f}()", node.column)
        return INT if f == "year" else DATE

    def _aggregate(self, node: Call) -> Type:
        f = node.function
        if self.context == "condition":
            raise ExpressionError(f"{f}() mag alleen in een berekening (computed), niet in een voorwaarde", node.column)
        arity = {"count": (1, 2), "any": (2, 2), "all": (2, 2), "sum": (2, 3)}[f]
        if not arity[0] <= len(node.args) <= arity[1]:
            raise ExpressionError(f"{f}() verwacht {arity[0]} tot {arity[1]} argumenten", node.column)
        coll = node.args[0]
        if not isinstance(coll, Name):
            raise ExpressionError(f"het eerste argument van {f}() moet een lijst zijn", node.column)
        ct = self._name(coll)
        if ct.kind != "collection" or ct.item is None:
            raise ExpressionError(f"{coll.name!r} is geen lijst", coll.column)
        self.items.append(ct.item)
        try:
            rest = [self.check(a) for a in node.args[1:]]
        finally:
            self.items.pop()
        if f == "count":
            if rest:
                self._want(rest[0], {"bool"}, "count()", node.column)
            return INT
        if f in ("any", "all"):
            self._want(rest[0], {"bool"}, f"{f}()", node.column)
            return BOOL
        self._want(rest[0], NUMERIC | {"money"}, "sum()", node.column)
        if len(rest) == 2:
            self._want(rest[1], {"bool"}, "sum()", node.column)
        return rest[0]

    # -- helpers ----------------------------------------------------------------
    @staticmethod
    def _want(t: Type, kinds: set[str], what: str, column: int) -> None:
        if t.kind not in kinds:
            wanted = " of ".join(sorted(DUTCH_KIND[k] for k in kinds))
            raise ExpressionError(f"{what} verwacht {wanted}, maar kreeg {t}", column)

    @staticmethod
    def _unify(a: Type, b: Type, left: Node, right: Node, what: str) -> Type:
        if a.kind == b.kind:
            if a.kind == "text" and a.choices and b.choices:
                return Type("text", a.choices | b.choices)
            return a if a.kind != "text" else TEXT
        if a.kind in NUMERIC and b.kind in NUMERIC:
            return DECIMAL
        # the literal 0 is the one number that may stand for an amount
        if a.kind == "money" and _zero(right) or b.kind == "money" and _zero(left):
            return MONEY
        raise ExpressionError(f"{what} hebben verschillende soorten: {a} en {b}", getattr(right, "column", None))

    def _comparable(self, a: Type, b: Type, op: str, node: Node) -> None:
        col = getattr(node, "column", None)
        if a.kind in NUMERIC and b.kind in NUMERIC:
            return
        if {a.kind, b.kind} == {"money", "int"}:
            if isinstance(node, Binary) and (_zero(node.left) or _zero(node.right)):
                return
            if isinstance(node, Literal) and node.value == 0:
                return
            raise ExpressionError(f"'{op}' vergelijkt een bedrag met een getal", col)
        if a.kind != b.kind:
            raise ExpressionError(f"'{op}' vergelijkt {a} met {b}", col)
        if a.kind in ("bool", "collection") and op not in ("==", "!=", "in"):
            raise ExpressionError(f"'{op}' kan niet op {a}", col)
        if isinstance(node, Binary):
            self._check_choice(node.left, node.right, a, b)
            self._check_choice(node.right, node.left, b, a)
        elif isinstance(node, Literal):
            self._check_choice(node, None, b, a)

    @staticmethod
    def _check_choice(lit: Node, _other: Node | None, _lit_type: Type, other_type: Type) -> None:
        if isinstance(lit, Literal) and isinstance(lit.value, str) and other_type.choices:
            if lit.value not in other_type.choices:
                raise ExpressionError(
                    f"{lit.value!r} is geen toegestane waarde; kies uit {', '.join(sorted(other_type.choices))}",
                    lit.column,
                )


def _zero(node: Node) -> bool:
    return isinstance(node, Literal) and not isinstance(node.value, bool) and node.value == 0


def _closest(name: str, candidates: list[str]) -> str | None:
    import difflib

    found = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
    return found[0] if found else None


def check(node: Node, scope: Mapping[str, Type], context: str) -> Type:
    """Type of ``node`` in ``scope``; raises ``ExpressionError`` with a column."""
    return Checker(scope, context).check(node)
