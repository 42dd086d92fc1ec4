"""The screening result: per resident, per outcome and per conflict, in stable columns.

Columns (``ID`` is a rule, conflict or computed-value id as in the engine's JSON):

* ``row``, ``case_ref``, ``pseudonym`` (keyed HMAC of the BSN; the BSN itself never
  appears), ``person.municipality``, ``evaluation_date``;
* ``ID.status`` for every outcome in force (eligible, not_eligible, applies,
  does_not_apply, undetermined) and every conflict (present, possible, absent);
* ``ID.amount_cents`` for outcomes with an amount (null when unknown or not applicable);
* ``ID`` for every computed value a law's overview shows (the engine's ``computed``);
* ``ID.missing.SLOT`` / ``ID.amount_missing.SLOT``: the missing facts as bitmasks
  (screening/missing.py); the Parquet metadata key ``crosslaw.missing_slots`` decodes them,
  as does ``missing_facts()``;
* ``ID.deviation`` where a recorded deviation changed the outcome (its id);
* ``ID.pairs`` for every conflict between the persons of a household (rules/conflicts_personen):
  on the row of the person in the conflict's first role, one entry per related pair with the
  other person's ref, the status and the missing facts per role (screening/pairs.py).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any, Iterable, Mapping

import polars as pl

from crosslaw.household.evaluate import law_of
from crosslaw.language.ast import names_in
from crosslaw.ruleset.compiled import CompiledRule, RuleSet
from crosslaw.screening.columnar import NEGATIVE, POSITIVE, STATUS, ROW, Screener, Unit, _parse
from crosslaw.screening.compile import Context, mask_col
from crosslaw.screening.missing import Slots
from crosslaw.screening.pairs import pair_columns, read_names
from crosslaw.situation.bsn import pseudonym


def shown_computed(rules: RuleSet, on: date) -> list[tuple[str, Any]]:
    """The computed values the engine's result shows (summary ones of every law)."""
    from crosslaw.explanation.coverage import law_coverage

    encoded = {law for law in rules.laws if law_coverage(rules, law, on)["status"] == "encoded"}
    return [
        (cid, v) for cid, v in rules.computed_in_force(on)
        if v is not None and rules.laws[v.law].kind != "conflicts" and v.model.summary and v.law in encoded
    ]


def outcome_columns(rules: RuleSet, frame: pl.DataFrame, ctx: Context, units: list[Unit], on: date,
                    hidden: Mapping[str, pl.Expr] | None = None) -> list[pl.Expr]:
    """``hidden``: per outcome, conflict or computed id, where it is left out (a household person
    the law does not concern): status, amount and value null there, nothing missing."""
    cols: list[pl.Expr] = []
    skipped = ctx.__dict__.get("skipped", set())
    hidden = hidden or {}

    def gated(ident: str, e: pl.Expr, empty: Any = None) -> pl.Expr:
        h = hidden.get(ident)
        return e if h is None else pl.when(h).then(pl.lit(empty)).otherwise(e)

    for u in units:
        if u.kind != "rule" or u.item is None or u.ident in skipped:
            continue
        r: CompiledRule = u.item  # type: ignore[assignment]
        v = pl.col(u.ident)
        if r.model.type == "conflict":
            status = pl.when(v).then(pl.lit("present")).when(v.not_()).then(pl.lit("absent")).otherwise(pl.lit("possible"))
        else:
            status = (pl.when(v).then(pl.lit(POSITIVE[r.model.type])).when(v.not_()).then(pl.lit(NEGATIVE[r.model.type]))
                      .otherwise(pl.lit("undetermined")))
        cols.append(gated(u.ident, status.cast(STATUS)).alias(f"{u.ident}.status"))
        cols.extend(gated(u.ident, pl.col(mask_col(u.ident, s)), 0).alias(f"{u.ident}.missing.{s}") for s in ctx.columns[u.ident])
        amount = f"{u.ident}§amount"
        if amount in ctx.columns:
            cols.append(gated(u.ident, pl.col(amount)).alias(f"{u.ident}.amount_cents"))
            cols.extend(gated(u.ident, pl.col(mask_col(amount, s)), 0).alias(f"{u.ident}.amount_missing.{s}") for s in ctx.columns[amount])
    for cid, _ in shown_computed(rules, on):
        cols.append(gated(cid, pl.col(cid)).alias(cid))
        cols.extend(gated(cid, pl.col(mask_col(cid, s)), 0).alias(f"{cid}.missing.{s}") for s in ctx.columns[cid])
    return cols


def left_out(rules: RuleSet, on: date, laws: set[str]) -> set[str]:
    """The outcome, conflict and computed ids a household person's result leaves out when
    ``laws`` do not concern them (household/evaluate._person_result): the laws' own outcomes and
    shown values, the conflicts with a side in one of them, and the conflicts replaced by a
    conflict between persons."""
    out: set[str] = set(replaced_conflicts(rules))
    for r in rules.rules_in_force(on):
        if r.law in laws:
            out.add(r.id)
        elif r.model.type == "conflict" and any(law_of(rules, s.ref) in laws for s in r.model.sides):  # type: ignore[union-attr]
            out.add(r.id)
    out |= {cid for cid, v in shown_computed(rules, on) if v.law in laws}
    return out


def replaced_conflicts(rules: RuleSet) -> frozenset[str]:
    pc = rules.person_conflicts
    if pc is None:
        return frozenset()
    return frozenset(x for versions in pc.rules.values() for v in versions for x in v.model.replaces)  # type: ignore[union-attr]


def _hidden(rules: RuleSet, ctx: Context, on: date) -> dict[str, pl.Expr]:
    """Per id, the household rows that leave it out: the law's ``concerns`` is false for the
    person (unknown shows the law, as in the engine), compiled like any condition."""
    from crosslaw.screening.compile import Compiler

    person = pl.col("person_ref").is_not_null()
    not_concerned: dict[str, pl.Expr] = {}
    for law, (concern, _) in rules.concerns.items():
        val = Compiler(ctx).compile(_parse(concern.when))
        not_concerned[law] = person & val.v.not_().fill_null(False)
    out: dict[str, pl.Expr] = {}
    for ident in replaced_conflicts(rules):
        out[ident] = person
    for law, e in not_concerned.items():
        for ident in left_out(rules, on, {law}) - replaced_conflicts(rules):
            out[ident] = out[ident] | e if ident in out else e
    return out


def build_result(rules: RuleSet, screener: Screener, df: pl.DataFrame, on: date, key: bytes | None, slots: Slots,
                 row_offset: int = 0, pseudonyms: pl.Series | None = None) -> pl.DataFrame:
    """``row_offset``: the first row's number when ``df`` is a slice of a larger population;
    ``pseudonyms``: the slice's pseudonyms when computed already (they do not depend on the date)."""
    keep = {cid for cid, _ in shown_computed(rules, on)} | {r.id for r in rules.rules_in_force(on)}
    keep |= {n for concern, _ in rules.concerns.values() for n in names_in(_parse(concern.when))}  # read by _hidden
    keep |= read_names(rules)  # what the conflicts between persons read of each person
    frame, ctx, units = screener.evaluate(df, on, slots, keep=keep)
    row = pl.col(ROW) if not row_offset else (pl.col(ROW) + pl.lit(row_offset, frame.schema[ROW]))
    ids: list[pl.Expr] = [row.alias("row"), pl.col("case_ref"), pl.col("household_ref"), pl.col("person_ref")]
    if pseudonyms is not None:
        ids.append(pl.lit(pseudonyms.alias("pseudonym")))
    elif key is not None:
        ids.append(pl.lit(pseudonym_column(df, key)))
    else:
        ids.append(pl.lit(None, pl.String).alias("pseudonym"))
    ids += [pl.col("person.municipality"), pl.lit(on, pl.Date).alias("evaluation_date")]
    households = df["person_ref"].is_not_null().any()
    hidden = _hidden(rules, ctx, on) if households else None
    if hidden:  # each "left out here" condition (shared by the ids of a law) once as a column, not per output column
        conditions = {id(e): e for e in hidden.values()}
        frame = frame.with_columns(e.alias(f"§hide{k}") for k, e in conditions.items())
        hidden = {ident: pl.col(f"§hide{id(e)}") for ident, e in hidden.items()}
    between = pair_columns(rules, frame, ctx, on, ROW)
    pair_ids: list[str] = []
    if between is not None:
        pair_ids = [c for c in between.columns if c != ROW]
        frame = frame.join(between, on=ROW, how="left", maintain_order="left")
    return frame.select(ids + outcome_columns(rules, frame, ctx, units, on, hidden) + [pl.col(c) for c in pair_ids])


def pseudonym_column(df: pl.DataFrame, key: bytes) -> pl.Series:
    """The keyed pseudonym of every row, as the deviation log keys a case
    (deviation/service.case_pseudonym): of the BSN, else of the case reference."""
    ids = df.select(pl.coalesce(pl.col("bsn"), pl.col("case_ref"))).to_series().to_list()
    return pl.Series("pseudonym", [pseudonym(b, key) if b is not None else None for b in ids], dtype=pl.String)


def missing_slots_metadata(slots: Slots) -> str:
    return json.dumps(slots.describe(), sort_keys=True)


def missing_facts(row: Mapping[str, Any], prefix: str, slots: Slots) -> frozenset[str]:
    """The fact names behind ``{prefix}.SLOT`` columns of one result row."""
    masks = {}
    for k, v in row.items():
        if k.startswith(prefix + ".") and v:
            masks[k[len(prefix) + 1:]] = v
    return slots.decode(masks)


def apply_deviations(result: pl.DataFrame, deviations: Iterable[Any], on: date, key_column: str = "pseudonym") -> pl.DataFrame:
    """Recorded deviations in force on ``on`` change their outcome as in the per-resident path
    (explanation/build.apply_deviations): status and amount become the deviation's, and the
    record's id is shown. ``deviations`` carry ``case`` (the pseudonym or case_ref the log keys
    them by), ``rule_id``, ``status_with``, ``amount_with_cents`` and ``in_force(on)``."""
    rows: dict[str, list[Any]] = {}
    for d in deviations:
        if not d.in_force(on):
            continue
        rows.setdefault(d.rule_id, []).append(d)
    out = result
    for rule_id, ds in rows.items():
        status_col = f"{rule_id}.status"
        if status_col not in out.columns:
            continue
        table = pl.DataFrame({
            key_column: [d.case for d in ds],
            "§status": [d.status_with for d in ds],
            "§amount": [d.amount_with_cents for d in ds],
            "§id": [d.id for d in ds],
        }, schema={key_column: pl.String, "§status": pl.String, "§amount": pl.Int64, "§id": pl.String}).unique(key_column, keep="last")
        out = out.join(table, on=key_column, how="left", maintain_order="left")
        updates = [
            pl.when(pl.col("§id").is_not_null()).then(pl.col("§status").cast(STATUS)).otherwise(pl.col(status_col)).alias(status_col),
            pl.col("§id").alias(f"{rule_id}.deviation"),
        ]
        amount_col = f"{rule_id}.amount_cents"
        if amount_col in out.columns:
            updates.append(
                pl.when(pl.col("§id").is_not_null() & pl.col("§amount").is_not_null()).then(pl.col("§amount"))
                .otherwise(pl.col(amount_col)).alias(amount_col)
            )
        out = out.with_columns(updates).drop("§status", "§amount", "§id")
    return out
