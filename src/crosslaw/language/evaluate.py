"""Three-valued evaluation of expressions: the explainer's half of the language.

``compile_expr`` turns an AST into a Python closure once, at load time; evaluating a
situation then costs a few function calls per node. Values are Python values or
``Unknown``; ``and``/``or`` follow Kleene's strong logic, so ``false and unknown`` is
``false`` (the missing fact cannot matter) while ``true and unknown`` stays unknown
and remembers what is missing.
"""

from __future__ import annotations

import calendar
import math
import operator
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Callable, Mapping, Sequence

from crosslaw.language.ages import reaching_date
from crosslaw.language.ast import Binary, Call, If, In, Literal, Name, Node, Unary
from crosslaw.language.types import Type
from crosslaw.language.values import Unknown, merge_two, merge_unknown

Env = Mapping[str, Any]
Items = Sequence[Mapping[str, Any]]
Fn = Callable[[Env, Items], Any]


class EvaluationError(Exception):
    """A formula failed at run time (division by zero): a rule-authoring bug."""


def round_money(value: Any) -> Any:
    """Whole cents, half away from zero, as the benefit tables do."""
    if isinstance(value, Unknown) or isinstance(value, int):
        return value
    return int(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def add_months(d: date, months: int) -> date:
    """``d`` moved by whole calendar months; a day past the month's end becomes its last day
    (31 May minus three months is 28 or 29 February), as the civil calendar counts."""
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


_DATE_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "year": lambda d: d.year,
    "add_days": lambda d, n: d + timedelta(days=int(n)),
    "add_months": lambda d, n: add_months(d, int(n)),
}


def _cmp(op: str) -> Callable[[Any, Any], bool]:
    return {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}[op]


def _arith(op: str) -> Callable[[Any, Any], Any]:
    def div(a: Any, b: Any) -> Any:
        if b == 0:
            raise EvaluationError("deling door nul in een berekening")
        return Decimal(a) / Decimal(b)

    def mul(a: Any, b: Any) -> Any:
        if isinstance(a, Decimal) or isinstance(b, Decimal):
            return Decimal(a) * Decimal(b)
        return a * b

    return {"+": operator.add, "-": operator.sub, "*": mul, "/": div}[op]


class _Compiler:
    def __init__(self, scope: Mapping[str, Type], item_fields: Sequence[set[str]] = ()) -> None:
        self.scope = scope
        self.item_fields: list[set[str]] = list(item_fields)

    def compile(self, node: Node) -> Fn:
        return getattr(self, f"_{type(node).__name__.lower()}")(node)

    def _literal(self, node: Literal) -> Fn:
        value = node.value
        return lambda env, items: value

    def _env_name(self, node: Node) -> str | None:
        """The name if ``node`` reads the environment directly (not an aggregate's item field)."""
        if isinstance(node, Name) and not any(node.name in fields for fields in self.item_fields):
            return node.name
        return None

    def _name(self, node: Name) -> Fn:
        name = node.name
        for depth in range(len(self.item_fields) - 1, -1, -1):
            if name in self.item_fields[depth]:
                d = depth
                return lambda env, items: items[d][name]
        return lambda env, items: env[name]

    def _unary(self, node: Unary) -> Fn:
        inner = self.compile(node.operand)
        if node.op == "not":
            def not_(env: Env, items: Items) -> Any:
                v = inner(env, items)
                return v if isinstance(v, Unknown) else not v
            return not_

        def neg(env: Env, items: Items) -> Any:
            v = inner(env, items)
            return v if isinstance(v, Unknown) else -v
        return neg

    def _binary(self, node: Binary) -> Fn:
        left, right = self.compile(node.left), self.compile(node.right)
        op = node.op
        if op == "and":
            def and_(env: Env, items: Items) -> Any:
                a = left(env, items)
                if a is False:
                    return False
                b = right(env, items)
                if b is False:
                    return False
                # neither is False: True and X is X (saves a merge when one side is unknown)
                if a is True:
                    return b
                if b is True:
                    return a
                return merge_two(a, b)
            return and_
        if op == "or":
            def or_(env: Env, items: Items) -> Any:
                a = left(env, items)
                if a is True:
                    return True
                b = right(env, items)
                if b is True:
                    return True
                # neither is True: False or X is X
                if a is False:
                    return b
                if b is False:
                    return a
                return merge_two(a, b)
            return or_
        fn = _cmp(op) if op in ("==", "!=", "<", "<=", ">", ">=") else _arith(op)
        ln, rn = self._env_name(node.left), self._env_name(node.right)
        # fast paths for the shapes most conditions have (fact vs fact, fact vs literal):
        # read the environment directly instead of calling a closure per operand
        if ln is not None and rn is not None:
            def names(env: Env, items: Items) -> Any:
                a = env[ln]
                b = env[rn]
                if a.__class__ is Unknown:
                    return a if b.__class__ is not Unknown else merge_two(a, b)
                if b.__class__ is Unknown:
                    return b
                return fn(a, b)
            return names
        if ln is not None and isinstance(node.right, Literal):
            lit = node.right.value

            def name_literal(env: Env, items: Items) -> Any:
                a = env[ln]
                if a.__class__ is Unknown:
                    return a
                return fn(a, lit)
            return name_literal

        def binary(env: Env, items: Items) -> Any:
            a = left(env, items)
            b = right(env, items)
            if a.__class__ is Unknown:
                return a if b.__class__ is not Unknown else merge_two(a, b)
            if b.__class__ is Unknown:
                return b
            return fn(a, b)
        return binary

    def _in(self, node: In) -> Fn:
        operand = self.compile(node.operand)
        options = [self.compile(o) for o in node.options]
        negated = node.negated

        def in_(env: Env, items: Items) -> Any:
            v = operand(env, items)
            if isinstance(v, Unknown):
                return v
            unknowns = []
            for opt in options:
                o = opt(env, items)
                if isinstance(o, Unknown):
                    unknowns.append(o)
                elif o == v:
                    return not negated
            if unknowns:
                return merge_unknown(*unknowns)
            return negated
        return in_

    def _if(self, node: If) -> Fn:
        cond, then, otherwise = self.compile(node.condition), self.compile(node.then), self.compile(node.otherwise)

        def if_(env: Env, items: Items) -> Any:
            c = cond(env, items)
            if c is True:
                return then(env, items)
            if c is False:
                return otherwise(env, items)
            a, b = then(env, items), otherwise(env, items)
            if not isinstance(a, Unknown) and not isinstance(b, Unknown) and a == b:
                return a
            return merge_unknown(c, a, b)
        return if_

    def _call(self, node: Call) -> Fn:
        f = node.function
        if f in ("count", "any", "all", "sum"):
            return self._aggregate(node)
        args = [self.compile(a) for a in node.args]
        if f == "date_reaching":
            birth_of, schedule_of = args

            def date_reaching(env: Env, items: Items) -> Any:
                birth, schedule = birth_of(env, items), schedule_of(env, items)
                if isinstance(birth, Unknown) or isinstance(schedule, Unknown):
                    return merge_unknown(birth, schedule)
                return reaching_date(birth, schedule)
            return date_reaching
        if f == "floor":
            (arg,) = args

            def floor_(env: Env, items: Items) -> Any:
                v = arg(env, items)
                return v if isinstance(v, Unknown) else int(math.floor(v))
            return floor_
        if f == "first_known":
            first, second = args

            def first_known(env: Env, items: Items) -> Any:
                a = first(env, items)
                if not isinstance(a, Unknown):
                    return a
                b = second(env, items)
                return a if isinstance(b, Unknown) else b
            return first_known
        if f in _DATE_FUNCTIONS:
            fn = _DATE_FUNCTIONS[f]

            def calendar_fn(env: Env, items: Items) -> Any:
                values = [a(env, items) for a in args]
                if any(isinstance(v, Unknown) for v in values):
                    return merge_unknown(*values)
                return fn(*values)
            return calendar_fn
        if f == "round":
            (arg,) = args
            return lambda env, items: round_money(arg(env, items))
        pick = min if f == "min" else max

        def minmax(env: Env, items: Items) -> Any:
            values = [a(env, items) for a in args]
            if any(isinstance(v, Unknown) for v in values):
                return merge_unknown(*values)
            return pick(values)
        return minmax

    def _aggregate(self, node: Call) -> Fn:
        f = node.function
        coll_name = node.args[0]
        assert isinstance(coll_name, Name)
        coll = self._name(coll_name)
        item_type = self.scope[coll_name.name]
        inner = _Compiler(self.scope, self.item_fields + [set(item_type.item or {})])
        rest = [inner.compile(a) for a in node.args[1:]]

        def elements(env: Env, items: Items) -> Any:
            return coll(env, items)

        if f == "count":
            pred = rest[0] if rest else (lambda env, items: True)

            def count(env: Env, items: Items) -> Any:
                xs = elements(env, items)
                if isinstance(xs, Unknown):
                    return xs
                n, unknowns = 0, []
                for x in xs:
                    v = pred(env, (*items, x))
                    if isinstance(v, Unknown):
                        unknowns.append(v)
                    elif v:
                        n += 1
                return merge_unknown(*unknowns) if unknowns else n
            return count

        if f in ("any", "all"):
            pred = rest[0]
            decisive = f == "any"  # any: a True decides; all: a False decides

            def quantifier(env: Env, items: Items) -> Any:
                xs = elements(env, items)
                if isinstance(xs, Unknown):
                    return xs
                unknowns = []
                for x in xs:
                    v = pred(env, (*items, x))
                    if isinstance(v, Unknown):
                        unknowns.append(v)
                    elif v is decisive:
                        return decisive
                return merge_unknown(*unknowns) if unknowns else (not decisive)
            return quantifier

        value = rest[0]
        pred = rest[1] if len(rest) > 1 else (lambda env, items: True)

        def sum_(env: Env, items: Items) -> Any:
            xs = elements(env, items)
            if isinstance(xs, Unknown):
                return xs
            total: Any = 0
            unknowns = []
            for x in xs:
                scope = (*items, x)
                p = pred(env, scope)
                if p is False:
                    continue
                v = value(env, scope)
                if isinstance(p, Unknown) or isinstance(v, Unknown):
                    unknowns.append(merge_unknown(p, v))
                    continue
                total = total + v
            return merge_unknown(*unknowns) if unknowns else total
        return sum_


def compile_expr(node: Node, scope: Mapping[str, Type]) -> Fn:
    """Closure ``fn(env, items)``; call it with ``items=()`` at the top level.

    ``scope`` is the same the type checker used: it tells aggregates which names are
    fields of the items they range over.
    """
    return _Compiler(scope).compile(node)
