"""The columnar evaluator: a whole population on one date, from the same rules as the engine.

The rule set's plan (computed values and rules in dependency order, with the version in
force on the date) is grouped into levels: every item of a level reads only facts,
parameters and items of lower levels, so a level is one ``with_columns`` over the table.
Aggregates and Decimal islands (compile.py) are prepared at the start of their level.
The per-resident engine stays the engine of record; ``verify.py`` and the property test
hold this evaluator to it row by row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache, reduce
from typing import Any

import polars as pl

from crosslaw.language.ast import Call, Name, Node, names_in
from crosslaw.language.evaluate import compile_expr, round_money
from crosslaw.language.parser import parse
from crosslaw.language.types import Type
from crosslaw.language.values import Unknown
from crosslaw.ruleset.compiled import CompiledComputed, CompiledRule, RuleSet
from crosslaw.screening.compile import (
    BIT, INDEX, ITEM, Compiler, Context, Val, aggregates_in, dtype_of, is_island, mask_col,
)
from crosslaw.screening.missing import U64, ZERO, Slots, gate, union
from crosslaw.screening.schema import base_facts, item_fields
from crosslaw.situation.facts import ITEM_SPECS, catalogue

ROW = "§row"
POSITIVE = {"benefit": "eligible", "service": "eligible", "obligation": "applies", "measure": "applies"}
NEGATIVE = {"benefit": "not_eligible", "service": "not_eligible", "obligation": "does_not_apply", "measure": "does_not_apply"}
STATUS = pl.Enum(["eligible", "not_eligible", "applies", "does_not_apply", "undetermined", "present", "possible", "absent"])


@lru_cache(maxsize=None)
def _parse(text: str) -> Node:
    return parse(text)


@dataclass
class Unit:
    """One plan entry on one date: a computed value or a rule (conflicts are rules)."""

    kind: str  # computed | rule
    ident: str
    item: CompiledComputed | CompiledRule | None
    asts: list[Node]
    level: int = 0


def _units(rules: RuleSet, on: date) -> list[Unit]:
    units = []
    skipped = rules.not_evaluated(on)
    for kind, ident, item in rules.plan(on):
        asts: list[Node] = []
        if ident in skipped:
            pass
        elif item is not None and kind == "computed":
            asts = [_parse(item.model.formula)]  # type: ignore[union-attr]
        elif item is not None:
            r: CompiledRule = item  # type: ignore[assignment]
            asts = [c.ast for c in (*r.requirements, *r.exclusions)]
            asts += [c.ast for c in r.exemptions if c.model.holds_on(on)]  # type: ignore[attr-defined]
            if getattr(r.model, "amount", None):
                asts.append(_parse(r.model.amount))  # type: ignore[union-attr]
        units.append(Unit(kind, ident, item, asts))
    level: dict[str, int] = {}
    for u in units:
        deps = {n for a in u.asts for n in names_in(a)}
        u.level = 1 + max((level[d] for d in deps if d in level), default=0)
        level[u.ident] = u.level
    return units


class Screener:
    """Compiles the rule set per date and evaluates tables of residents."""

    def __init__(self, rules: RuleSet) -> None:
        self.rules = rules
        self.item_types = {c: {k: v for k, v in t.item.items()} for c, t in rules.scope.items() if t.kind == "collection" and t.item}

    # -- the evaluation ---------------------------------------------------------------
    def evaluate(self, df: pl.DataFrame, on: date, slots: Slots, keep: set[str] | None = None) -> tuple[pl.DataFrame, Context, list[Unit]]:
        """The working frame: input columns plus every computed value and rule outcome.

        With ``keep`` (the names the caller reads afterwards) a column is dropped after the last
        level that reads it, with its masks, and prepared columns after their level: a million
        rows then need a fraction of the memory."""
        params = self.rules.parameters_on(on)
        ctx = Context(self.rules.scope, params, slots, on, catalogue(), self.item_types)
        units = _units(self.rules, on)
        last_use: dict[str, int] = {}
        for u in units:
            for a in u.asts:
                for n in names_in(a):
                    last_use[n] = max(last_use.get(n, 0), u.level)
        produced = {u.ident for u in units}
        frame = df.lazy().with_row_index(ROW).collect()
        for lvl in sorted({u.level for u in units}):
            if keep is not None and lvl > 1:
                frame = self._drop_dead(frame, ctx, produced, keep, last_use, lvl - 1)
            todo = [u for u in units if u.level == lvl]
            frame = self._prepare(frame, ctx, todo)
            first: list[pl.Expr] = []
            second: list[pl.Expr] = []
            for u in todo:
                a, b = self._unit_exprs(ctx, u)
                first.extend(a)
                second.extend(b)
            frame = frame.lazy().with_columns(first).collect()
            if second:
                temps = [c for c in frame.columns if c.startswith("§c.")]
                frame = frame.lazy().with_columns(second).drop(temps).collect()
        if keep is not None:
            frame = self._drop_dead(frame, ctx, produced, keep, last_use, 10**9)
        return frame, ctx, units

    def _drop_dead(self, frame: pl.DataFrame, ctx: Context, produced: set[str], keep: set[str],
                   last_use: dict[str, int], done: int) -> pl.DataFrame:
        """Drop what no later level reads and the caller does not keep (levels up to ``done`` ran)."""
        dead: list[str] = []
        present = set(frame.columns)
        for name in list(ctx.columns):
            prepared = name.startswith(("§agg", "§isl"))
            if name in keep or name not in present:
                continue
            base = name.split("§amount")[0]
            if name.endswith("§amount") and base in keep:
                continue
            if prepared or (name in produced and last_use.get(name, 0) <= done):
                dead.append(name)
                dead.extend(mask_col(name, s) for s in ctx.columns[name])
        for node in [n for n, col in ctx.prepared.items() if col in dead]:
            del ctx.prepared[node]  # prepared again should a later level need the same node
        return frame.drop([c for c in dead if c in present]) if dead else frame

    def _unit_exprs(self, ctx: Context, u: Unit) -> tuple[list[pl.Expr], list[pl.Expr]]:
        """Expressions of one unit in two steps: a rule's conditions (and amount) are stored
        first, so combining them reads columns instead of recomputing each condition per mask."""
        c = Compiler(ctx)
        t = self.rules.scope.get(u.ident)
        if u.ident in self.rules.not_evaluated(ctx.on):  # its law is not encoded for the date: unknown
            ctx.columns[u.ident] = []
            ctx.__dict__.setdefault("skipped", set()).add(u.ident)
            return [pl.lit(None, dtype_of(t) if t is not None else pl.Boolean()).alias(u.ident)], []  # type: ignore[arg-type]
        if u.kind == "computed":
            if u.item is None:  # not in force on this date: unknown, missing nothing
                ctx.columns[u.ident] = []
                return [pl.lit(None, dtype_of(t)).alias(u.ident)], []  # type: ignore[arg-type]
            val = c.compile(u.asts[0])
            return self._store(ctx, u.ident, val, dtype_of(t)), []  # type: ignore[arg-type]
        if u.item is None:  # a rule not in force does not apply
            ctx.columns[u.ident] = []
            return [pl.lit(False, pl.Boolean).alias(u.ident)], []
        r: CompiledRule = u.item  # type: ignore[assignment]
        n_req, n_excl = len(r.requirements), len(r.exclusions)
        has_amount = bool(getattr(r.model, "amount", None))
        first: list[pl.Expr] = []
        conds: list[Val] = []
        for k, a in enumerate(u.asts):
            name = f"§c.{u.ident}.{k}"
            val = c.compile(a)
            first += self._store(ctx, name, val, pl.Int64() if has_amount and k == len(u.asts) - 1 else pl.Boolean())
            conds.append(c.column(name))
        amt = conds.pop() if has_amount else None
        reqs, excl, exem = conds[:n_req], conds[n_req:n_req + n_excl], conds[n_req + n_excl:]
        v = reduce(lambda x, y: x & y, [x.v for x in reqs], pl.lit(True))
        for x in excl + exem:
            v = v & x.v.not_()
        second = self._store(ctx, u.ident, Val(v, gate(union(*(x.m for x in conds)), v.is_null())), pl.Boolean())
        if amt is not None:
            applies = v.fill_null(True)  # the amount is computed unless the rule is false
            second += self._store(ctx, f"{u.ident}§amount", Val(pl.when(applies).then(amt.v).otherwise(None), gate(amt.m, applies)), pl.Int64())
        return first, second

    def _store(self, ctx: Context, name: str, val: Val, dtype: pl.DataType) -> list[pl.Expr]:
        ctx.columns[name] = sorted(val.m)
        return [val.v.cast(dtype).alias(name)] + [e.cast(U64).alias(mask_col(name, s)) for s, e in val.m.items()]

    # -- aggregates and islands, prepared per level -------------------------------------
    def _prepare(self, frame: pl.DataFrame, ctx: Context, units: list[Unit]) -> pl.DataFrame:
        by_coll: dict[str, list[Call]] = {}
        islands: list[Node] = []
        for u in units:
            for a in u.asts:
                if a in ctx.prepared:
                    continue
                if is_island(a, ctx.scope, ctx.params) and a not in islands:
                    islands.append(a)
                for call in aggregates_in(a):
                    if call not in ctx.prepared:
                        coll = call.args[0]
                        assert isinstance(coll, Name)
                        if call not in by_coll.setdefault(coll.name, []):
                            by_coll[coll.name].append(call)
        for coll, calls in by_coll.items():
            frame = self._aggregate(frame, ctx, coll, calls)
        for a in islands:
            frame = self._island(frame, ctx, a)
        return frame

    def _aggregate(self, frame: pl.DataFrame, ctx: Context, coll: str, calls: list[Call]) -> pl.DataFrame:
        fields = set(ctx.item_types[coll])
        outer: set[str] = set()
        for call in calls:
            for a in call.args[1:]:
                outer |= {n for n in names_in(a) if n not in fields}
        items = self._items(frame, ctx, coll)
        outer_cols: list[str] = []
        for n in sorted(outer):
            if n in ctx.columns:
                outer_cols.append(n)
                outer_cols.extend(mask_col(n, s) for s in ctx.columns[n])
            elif n in ctx.facts and n not in ctx.params and n != "peildatum":
                spec = ctx.facts[n]
                outer_cols.append(spec.derived_from or n)
        outer_cols = list(dict.fromkeys(outer_cols))
        if outer_cols:
            items = items.hstack(frame.select(outer_cols)[items[ROW]])
        inner = Compiler(ctx, (coll, fields))
        row_exprs: list[pl.Expr] = []
        aggs: list[pl.Expr] = []
        plans = []
        for k, call in enumerate(calls):
            key = f"§agg{_next(ctx)}"
            f = call.function
            args = [inner.compile(a) for a in call.args[1:]]
            if f == "count" and not args:
                plans.append((key, "len", []))
                continue
            if f in ("any", "all", "count"):
                p = args[0]
                row_exprs.append(p.v.alias(key + "§p"))
                row_exprs.extend(m.alias(mask_col(key, s)) for s, m in p.m.items())
                pv = pl.col(key + "§p")
                if f == "any":
                    aggs.append(pv.any(ignore_nulls=False).alias(key))
                elif f == "all":
                    aggs.append(pv.all(ignore_nulls=False).alias(key))
                else:
                    aggs.append(pv.is_null().sum().alias(key + "§unk"))
                    aggs.append(pv.cast(pl.Int64).sum().alias(key))
                aggs.extend(pl.col(mask_col(key, s)).bitwise_or() for s in p.m)
                plans.append((key, f, sorted(p.m)))
            else:  # sum(value[, predicate])
                value = args[0]
                p = args[1] if len(args) > 1 else Val(pl.lit(True), {})
                counted = p.v.fill_null(True)
                row_exprs.append((counted & (p.v.is_null() | value.v.is_null())).alias(key + "§u"))
                row_exprs.append(pl.when(p.v.fill_null(False)).then(value.v).otherwise(0).cast(pl.Int64).alias(key + "§v"))
                masks = union(p.m, value.m)
                row_exprs.extend(pl.when(counted).then(m).otherwise(ZERO).alias(mask_col(key, s)) for s, m in masks.items())
                aggs.append(pl.col(key + "§u").sum().alias(key + "§unk"))
                aggs.append(pl.col(key + "§v").sum().alias(key))
                aggs.extend(pl.col(mask_col(key, s)).bitwise_or() for s in masks)
                plans.append((key, f, sorted(masks)))
        if aggs:
            grouped = items.lazy().with_columns(row_exprs).group_by(ROW).agg(aggs).collect()
            frame = frame.join(grouped, on=ROW, how="left", maintain_order="left")
        length = pl.col(coll).list.len()
        slot, bit = ctx.slots.scalar(coll)
        finals: list[pl.Expr] = []
        temps: list[str] = []
        for call, (key, f, mslots) in zip(calls, plans):
            if f == "len":
                v = length
            else:
                empty = {"any": pl.lit(False), "all": pl.lit(True), "count": pl.lit(0, pl.Int64), "sum": pl.lit(0, pl.Int64)}[f]
                raw = pl.col(key)
                if f in ("count", "sum"):
                    raw = pl.when(pl.col(key + "§unk") > 0).then(None).otherwise(raw)
                    temps.append(key + "§unk")
                v = pl.when(length.is_null()).then(None).when(length == 0).then(empty).otherwise(raw)
            masks = {s: pl.when((length > 0) & v.is_null()).then(pl.col(mask_col(key, s)).fill_null(0)).otherwise(ZERO) for s in mslots}
            masks = union(masks, {slot: pl.when(length.is_null()).then(pl.lit(bit, U64)).otherwise(ZERO)})
            ctx.columns[key] = sorted(masks)
            finals.append(v.alias(key))
            finals.extend(e.cast(U64).alias(mask_col(key, s)) for s, e in masks.items())
            ctx.prepared[call] = key
        frame = frame.lazy().with_columns(finals).drop(temps).collect()
        return frame

    def _items(self, frame: pl.DataFrame, ctx: Context, coll: str) -> pl.DataFrame:
        """The items of a list, one row each (rows with an empty or unknown list have none),
        with their row, index and index bit; built once per evaluation."""
        cache = ctx.__dict__.setdefault("items", {})
        if coll not in cache:
            exploded = (
                frame.lazy().select(pl.col(ROW), pl.col(coll), pl.int_ranges(0, pl.col(coll).list.len()).alias(INDEX))
                .filter(pl.col(coll).list.len() > 0)
                .explode([coll, INDEX], empty_as_null=True)
                .select([pl.col(ROW), pl.col(INDEX), pl.lit(2, U64).pow(pl.col(INDEX)).cast(U64).alias(BIT)]
                        + [pl.col(coll).struct.field(f).alias(ITEM + f) for f in item_fields(coll)])
                .collect()
            )
            cache[coll] = exploded
        return cache[coll]

    def _island(self, frame: pl.DataFrame, ctx: Context, node: Node) -> pl.DataFrame:
        """Evaluate ``node`` with the explainer's closure once per distinct input combination."""
        key = f"§isl{_next(ctx)}"
        t: Type = node_type(node, ctx.scope)
        original = node
        scope = dict(ctx.scope)
        for call in aggregates_in(node):  # prepared already: the island reads their columns
            scope[ctx.prepared[call]] = node_type(call, ctx.scope)
            node = _replace(node, call, Name(ctx.prepared[call]))
        names = sorted(n for n in _top_names(node) if n not in ctx.params and n != "peildatum")
        c = Compiler(ctx)
        keys: list[pl.Expr] = []
        layout: list[tuple[str, str, list[str]]] = []
        for i, n in enumerate(names):
            val = c.compile(Name(n))
            keys.append(val.v.alias(f"§k{i}"))
            keys.extend(e.alias(f"§k{i}#{s}") for s, e in val.m.items())
            layout.append((n, f"§k{i}", sorted(val.m)))
        key_cols = [e.meta.output_name() for e in keys]
        frame = frame.lazy().with_columns(keys).collect()
        uniq = frame.select(key_cols).unique()
        fn = compile_expr(node, scope)
        # only what the node reads: the environment is copied for every distinct combination
        read = names_in(node)
        env_base = {n: v for n, v in ctx.params.items() if n in read}
        env_base["peildatum"] = ctx.on
        # distinct combinations are about as many as rows when an input is an amount to the cent,
        # while the sets of missing facts repeat: each mask combination is decoded, and each
        # result's missing facts encoded, once
        decoded: dict[tuple[Any, ...], Unknown] = {}
        encoded: dict[frozenset[str], dict[str, int]] = {}
        values: list[Any] = []
        # the possible slots are the inputs' (static): the same columns in every partition
        possible = sorted({s for _, _, mslots in layout for s in mslots})
        out_masks: dict[str, list[int]] = {s: [0] * uniq.height for s in possible}
        decimal_names = {n for n in names if ctx.scope.get(n) is not None and ctx.scope[n].kind == "decimal"}
        at = {c: i for i, c in enumerate(uniq.columns)}  # rows as plain tuples: positions, not names
        inputs = [(n, at[col], tuple(at[f"{col}#{s}"] for s in mslots), mslots, n in decimal_names) for n, col, mslots in layout]
        for j, row in enumerate(uniq.iter_rows()):
            env = dict(env_base)
            for n, i, mask_at, mslots, is_decimal in inputs:
                x = row[i]
                if x is None:
                    mk = (i, *[row[k] for k in mask_at])
                    u = decoded.get(mk)
                    if u is None:
                        u = decoded[mk] = Unknown(ctx.slots.decode(dict(zip(mslots, mk[1:]))))
                    env[n] = u
                else:
                    env[n] = Decimal(x) if is_decimal else x
            result = fn(env, ())
            if isinstance(result, Unknown):
                values.append(None)
                code = encoded.get(result.missing)
                if code is None:
                    code = encoded[result.missing] = ctx.slots.encode(result.missing)
                for s, m in code.items():
                    out_masks[s][j] = m
            elif t.kind == "money":
                values.append(round_money(result))
            elif t.kind == "decimal":
                values.append(str(result))
            else:
                values.append(result)
        result_cols = [pl.Series(key, values, dtype=dtype_of(t))]
        result_cols += [pl.Series(mask_col(key, s), m, dtype=U64) for s, m in out_masks.items()]
        uniq = uniq.with_columns(result_cols)
        frame = frame.join(uniq, on=key_cols, how="left", nulls_equal=True, maintain_order="left").drop(key_cols)
        ctx.columns[key] = sorted(out_masks)
        ctx.prepared[original] = key
        return frame


def _next(ctx: Context) -> int:
    """A fresh number for a prepared column (names are never reused within an evaluation)."""
    n = ctx.__dict__.get("counter", 0)
    ctx.__dict__["counter"] = n + 1
    return n


def _replace(node: Node, old: Node, new: Node) -> Node:
    """``node`` with every occurrence of the subtree ``old`` replaced by ``new``."""
    from dataclasses import fields, replace

    if node == old:
        return new
    changes = {}
    for f in fields(node):  # type: ignore[arg-type]
        v = getattr(node, f.name)
        if isinstance(v, tuple):
            nv = tuple(_replace(x, old, new) if hasattr(x, "__dataclass_fields__") else x for x in v)
            if nv != v:
                changes[f.name] = nv
        elif hasattr(v, "__dataclass_fields__"):
            nv = _replace(v, old, new)
            if nv is not v:
                changes[f.name] = nv
    return replace(node, **changes) if changes else node  # type: ignore[type-var]


def _top_names(node: Node) -> set[str]:
    """Names read at the top level (not the item fields inside an aggregate)."""
    return names_in(node)


def node_type(node: Node, scope: Any) -> Type:
    from crosslaw.language.types import Checker

    return Checker(scope, "formula").check(node)


__all__ = ["Screener", "STATUS", "POSITIVE", "NEGATIVE", "ITEM_SPECS", "base_facts"]
