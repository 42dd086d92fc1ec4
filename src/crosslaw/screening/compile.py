"""The rule language compiled to polars expressions: a value column and its missing-fact masks.

The same AST the explainer closes over (language/ast.py) becomes, per node, a polars
expression for its value, null where the explainer says ``Unknown``, and one ``UInt64``
expression per mask slot (screening/missing.py) that may be non-zero. polars' ``&``/``|``
are Kleene's strong logic, the explainer's; the masks follow the explainer's merges node by
node (evaluate.py): ``and`` keeps the union of both sides' missing facts only while the
result is unknown, ``in`` reports the operand's facts before the options', ``if`` with an
unknown condition and equal known branches is known, and so on.

Two constructs are not compiled inline:

* aggregates (``count any all sum`` over a list) are prepared per level by exploding the
  list, evaluating the predicate per item and grouping back (columnar.py); the compiler
  reads their prepared columns;
* an expression with any ``decimal`` node (the kostendelersfactor, a percentage of a
  wage) is an *island*: it runs through the explainer's own closure once per distinct
  combination of its inputs, so the arithmetic is Python's ``Decimal`` with its context and
  its rounding, bit for bit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import reduce
from typing import Any, Mapping

import polars as pl

from crosslaw.language.ast import Binary, Call, If, In, Literal, Name, Node, Unary, children
from crosslaw.language.types import Checker, Type
from crosslaw.language.values import Unknown
from crosslaw.screening.missing import U64, ZERO, Slots, gate, union

AGGREGATES = {"count", "any", "all", "sum"}
ITEM = "§f."  # prefix of an item field's column in an exploded list
INDEX = "§ix"  # the item's index in its list
BIT = "§bit"  # 2 ** index: the item's bit in an item mask


@dataclass
class Val:
    v: pl.Expr
    m: dict[str, pl.Expr]


def mask_col(column: str, slot: str) -> str:
    return f"{column}#{slot}"


def dtype_of(t: Type) -> pl.DataType:
    return {
        "bool": pl.Boolean(), "int": pl.Int64(), "money": pl.Int64(), "date": pl.Date(),
        "text": pl.String(), "decimal": pl.String(), "schedule": pl.Null(),
    }[t.kind]


def age_expr(birth: pl.Expr, on: date) -> pl.Expr:
    """Whole years at ``on`` (facts.age_on, columnar)."""
    later = (birth.dt.month() > on.month) | ((birth.dt.month() == on.month) & (birth.dt.day() > on.day))
    return (pl.lit(on.year, pl.Int64) - birth.dt.year().cast(pl.Int64) - later.cast(pl.Int64)).alias("age")


def literal(value: Any) -> pl.Expr:
    if isinstance(value, bool):
        return pl.lit(value, pl.Boolean)
    if isinstance(value, int):
        return pl.lit(value, pl.Int64)
    if isinstance(value, date):
        return pl.lit(value, pl.Date)
    if isinstance(value, str):
        return pl.lit(value, pl.String)
    if isinstance(value, Decimal):  # pragma: no cover - decimals only occur inside islands
        raise TypeError("decimal outside an island")
    raise TypeError(f"unsupported literal {value!r}")  # pragma: no cover


class Context:
    """What the compiler knows on one evaluation date: parameters, columns and their mask slots."""

    def __init__(self, scope: Mapping[str, Type], params: Mapping[str, Any], slots: Slots, on: date,
                 facts: Mapping[str, Any], item_types: Mapping[str, Mapping[str, Type]]) -> None:
        self.scope = scope
        self.params = params
        self.slots = slots
        self.on = on
        self.facts = facts  # catalogue: name -> FactSpec
        self.item_types = item_types
        self.columns: dict[str, list[str]] = {}  # computed/rule/prepared column -> its mask slots
        self.prepared: dict[Node, str] = {}  # aggregate or island node -> its column


class Compiler:
    """Compiles one expression at the top level or inside one aggregate over ``item``."""

    def __init__(self, ctx: Context, item: tuple[str, set[str]] | None = None) -> None:
        self.ctx = ctx
        self.item = item

    def compile(self, node: Node) -> Val:
        if self.item is None and node in self.ctx.prepared:
            return self.column(self.ctx.prepared[node])
        return getattr(self, f"_{type(node).__name__.lower()}")(node)

    def column(self, name: str) -> Val:
        return Val(pl.col(name), {s: pl.col(mask_col(name, s)) for s in self.ctx.columns[name]})

    # -- leaves -----------------------------------------------------------------------
    def _literal(self, node: Literal) -> Val:
        return Val(literal(node.value), {})

    def _name(self, node: Name) -> Val:
        name = node.name
        if self.item is not None and name in self.item[1]:
            return self._item_field(name)
        if name == "peildatum":
            return Val(pl.lit(self.ctx.on, pl.Date), {})
        if name in self.ctx.params:
            value = self.ctx.params[name]
            if isinstance(value, Unknown):  # a law not encoded for the date has no value
                return Val(pl.lit(None, dtype_of(self.ctx.scope[name])), {})
            return Val(literal(value), {})
        if name in self.ctx.columns:
            return self.column(name)
        spec = self.ctx.facts[name]
        if spec.derived_from:
            base = pl.col(spec.derived_from)
            slot, bit = self.ctx.slots.scalar(spec.derived_from)
            return Val(age_expr(base, self.ctx.on), {slot: base.is_null().cast(U64) * pl.lit(bit, U64)})
        col = pl.col(name)
        slot, bit = self.ctx.slots.scalar(name)
        return Val(col, {slot: col.is_null().cast(U64) * pl.lit(bit, U64)})

    def _item_field(self, name: str) -> Val:
        coll = self.item[0]  # type: ignore[index]
        source = "birth_date" if name == "age" else name
        col = pl.col(ITEM + source)
        value = age_expr(col, self.ctx.on) if name == "age" else col
        slot, factor = self.ctx.slots.item(coll, source)
        return Val(value, {slot: col.is_null().cast(U64) * (pl.col(BIT) * pl.lit(factor, U64))})

    # -- operators --------------------------------------------------------------------
    def _unary(self, node: Unary) -> Val:
        a = self.compile(node.operand)
        return Val(a.v.not_() if node.op == "not" else -a.v, a.m)

    def _binary(self, node: Binary) -> Val:
        a, b = self.compile(node.left), self.compile(node.right)
        op = node.op
        if op in ("and", "or"):
            v = a.v & b.v if op == "and" else a.v | b.v
            return Val(v, gate(union(a.m, b.m), v.is_null()))
        fn = {
            "==": lambda x, y: x == y, "!=": lambda x, y: x != y, "<": lambda x, y: x < y,
            "<=": lambda x, y: x <= y, ">": lambda x, y: x > y, ">=": lambda x, y: x >= y,
            "+": lambda x, y: x + y, "-": lambda x, y: x - y, "*": lambda x, y: x * y,
        }[op]
        # a known result has known operands, whose masks are zero: the union is exact
        return Val(fn(a.v, b.v), union(a.m, b.m))

    def _in(self, node: In) -> Val:
        operand = self.compile(node.operand)
        options = [self.compile(o) for o in node.options]
        v = reduce(lambda x, y: x | y, [operand.v == o.v for o in options])
        if node.negated:
            v = v.not_()
        opt_masks = union(*(o.m for o in options))
        if not opt_masks:
            return Val(v, operand.m)
        return Val(v, union(operand.m, gate(opt_masks, operand.v.is_not_null() & v.is_null())))

    def _if(self, node: If) -> Val:
        c, a, b = self.compile(node.condition), self.compile(node.then), self.compile(node.otherwise)
        same = a.v == b.v
        v = pl.when(c.v).then(a.v).when(c.v.not_()).then(b.v).when(same).then(a.v).otherwise(None)
        masks = {}
        for s in set(c.m) | set(a.m) | set(b.m):
            ma, mb, mc = a.m.get(s, ZERO), b.m.get(s, ZERO), c.m.get(s, ZERO)
            masks[s] = pl.when(c.v).then(ma).when(c.v.not_()).then(mb).when(same).then(ZERO).otherwise(mc | ma | mb)
        return Val(v, masks)

    def _call(self, node: Call) -> Val:
        f = node.function
        if f in AGGREGATES:  # pragma: no cover - prepared before compiling (columnar.py)
            raise NotImplementedError("nested aggregate")
        if f == "date_reaching":
            return self._date_reaching(node)
        args = [self.compile(a) for a in node.args]
        if f == "round":
            return args[0]  # an integer stays itself (round_money); decimals are islands
        if f == "floor":
            return args[0]  # an integer is its own floor; a decimal argument makes the node an island
        if f == "first_known":
            a, b = args
            masks: dict[str, pl.Expr] = {}
            for slot, ma in a.m.items():  # known a or known b: nothing missing; both unknown: a's facts
                masks[slot] = pl.when(a.v.is_not_null() | b.v.is_not_null()).then(ZERO).otherwise(ma)
            return Val(pl.coalesce(a.v, b.v), masks)
        if f in ("year", "add_days", "add_months"):
            return self._calendar(f, args)
        anynull = pl.any_horizontal([a.v.is_null() for a in args])
        pick = pl.min_horizontal if f == "min" else pl.max_horizontal
        return Val(pl.when(anynull).then(None).otherwise(pick([a.v for a in args])), union(*(a.m for a in args)))


    def _calendar(self, f: str, args: list[Val]) -> Val:
        """year(), add_days(), add_months() (language/evaluate.py): null when an argument is null;
        polars' month offset clamps to the month's last day, as evaluate.add_months does."""
        anynull = pl.any_horizontal([a.v.is_null() for a in args])
        if f == "year":
            value = args[0].v.dt.year().cast(pl.Int64)
        elif f == "add_days":
            value = args[0].v + pl.duration(days=args[1].v)
        else:
            value = args[0].v.dt.offset_by(pl.format("{}mo", args[1].v))
        return Val(pl.when(anynull).then(None).otherwise(value), union(*(a.m for a in args)))

    def _date_reaching(self, node: Call) -> Val:
        """The day a birth date reaches the age of a schedule (language/ages.reaching_date),
        computed once per distinct birth date of the batch."""
        birth = self.compile(node.args[0])
        schedule_name = node.args[1]
        assert isinstance(schedule_name, Name)
        schedule = self.ctx.params[schedule_name.name]
        if isinstance(schedule, Unknown):
            return Val(pl.lit(None, pl.Date), birth.m)

        def reach(s: pl.Series) -> pl.Series:
            from crosslaw.language.ages import reaching_date

            births = s.drop_nulls().unique().to_list()
            return s.replace_strict(births, [reaching_date(b, schedule) for b in births], default=None, return_dtype=pl.Date)

        return Val(birth.v.map_batches(reach, return_dtype=pl.Date), birth.m)


# -- static analysis ---------------------------------------------------------------------


def node_types(node: Node, scope: Mapping[str, Type]) -> list[Type]:
    """The type of every node of ``node`` (aggregate predicates in their item scope)."""
    out: list[Type] = []

    def walk(n: Node, items: list[Mapping[str, Type]]) -> None:
        ch = Checker(scope, "formula")
        ch.items = list(items)
        out.append(ch.check(n))
        if isinstance(n, Call) and n.function in AGGREGATES:  # the predicate reads the items' fields
            coll = n.args[0]
            assert isinstance(coll, Name)
            item = scope[coll.name].item or {}
            for a in n.args[1:]:
                walk(a, items + [item])
            return
        for c in children(n):
            walk(c, items)

    walk(node, [])
    return out


def is_island(node: Node, scope: Mapping[str, Type], params: Mapping[str, Any]) -> bool:
    """True when exact ``Decimal`` arithmetic is needed: a decimal node or a decimal parameter."""
    from crosslaw.language.ast import names_in

    if any(isinstance(params.get(n), Decimal) for n in names_in(node)):
        return True
    return any(t.kind == "decimal" for t in node_types(node, scope))


def aggregates_in(node: Node) -> list[Call]:
    """The top-level aggregate calls of ``node`` (each becomes a prepared column)."""
    out: list[Call] = []
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, Call) and n.function in AGGREGATES:
            out.append(n)
            continue
        stack.extend(children(n))
    return out
