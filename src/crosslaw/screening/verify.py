"""Agreement with the engine of record: a result row against ``Engine.evaluate`` of the same resident.

Used by the property test (every generated row) and by ``crosslaw screen --verify-sample N``
(N random rows plus every boundary row: an undetermined outcome, an amount within a cent of
a threshold the outcome turns on, a conflict that only possibly plays). A household person's row
is held to ``Engine.evaluate`` of the whole household, the conflicts between persons included.
"""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal
from typing import Any, Iterable, Mapping

import polars as pl

from crosslaw.engine.engine import Engine
from crosslaw.explanation.build import json_value
from crosslaw.explanation.result import Evaluation
from crosslaw.screening.missing import Slots
from crosslaw.screening.result import missing_facts
from crosslaw.screening.schema import row_situation


def differences(row: Mapping[str, Any], evaluation: Evaluation, slots: Slots, left_out: Iterable[str] = ()) -> list[str]:
    """Every way ``row`` (a result row) differs from ``evaluation``; empty when they agree.

    ``left_out``: for a household person, the outcome, conflict and computed ids their result
    leaves out (result.left_out); the row must show them as null."""
    out: list[str] = []
    left_out = set(left_out)

    def check(what: str, columnar: Any, engine: Any) -> None:
        if columnar != engine:
            out.append(f"{what}: kolomsgewijs {columnar!r}, engine {engine!r}")

    for ident in sorted(left_out):
        for col in (f"{ident}.status", ident):
            if col in row and not (col == ident and f"{ident}.status" in row):
                check(f"{col} (geldt niet voor deze persoon)", row[col], None)

    for law in evaluation.laws:
        for o in law.outcomes:
            check(f"{o.id}.status", row.get(f"{o.id}.status"), o.status)
            check(f"{o.id}.missing", missing_facts(row, f"{o.id}.missing", slots), frozenset(m.fact for m in o.missing))
            if o.amount is not None:
                check(f"{o.id}.amount_cents", row.get(f"{o.id}.amount_cents"), o.amount.cents)
                check(f"{o.id}.amount_missing", missing_facts(row, f"{o.id}.amount_missing", slots),
                      frozenset(m.fact for m in o.amount.missing))
        for cv in law.computed:
            value = row.get(cv.id)
            if cv.type == "decimal" and value is not None and cv.value is not None:
                # exact decimal text in the table; the engine's JSON shows an int when Python's value is one
                check(cv.id, Decimal(value), Decimal(str(cv.value)))
            else:
                check(cv.id, json_value(value) if value is not None else None, cv.value)
            check(f"{cv.id}.missing", missing_facts(row, f"{cv.id}.missing", slots), frozenset(cv.missing))
    listed = {c.id: c for c in evaluation.conflicts}
    for key in row:
        if key.startswith("conflict.") and key.endswith(".status"):
            cid = key[: -len(".status")]
            if cid in left_out:
                continue
            c = listed.get(cid)
            check(key, row[key], c.status if c else "absent")
            check(f"{cid}.missing", missing_facts(row, f"{cid}.missing", slots), frozenset(m.fact for m in c.missing) if c else frozenset())
    return out


def pair_differences(row: Mapping[str, Any], household_evaluation: Any, household: Any, rules: Any, on: date,
                     slots: Slots) -> list[str]:
    """Every way the ``ID.pairs`` entries of a household person's row differ from the conflicts
    between persons of ``Engine.evaluate(household)`` in which that person has the first role:
    the pairs evaluated (every related pair, present, possible and absent), status, missing facts."""
    from collections import Counter

    from crosslaw.household.evaluate import pairs
    from crosslaw.household.project import project
    from crosslaw.ruleset.model import ROLES
    from crosslaw.screening.pairs import entry_missing, in_force

    ref = row["person_ref"]
    out: list[str] = []
    projections: dict[str, Any] = {}

    def projection(r: str) -> Any:
        if r not in projections:
            projections[r] = project(household, r)
        return projections[r]

    engine: Counter[tuple[str, str, str, frozenset[str]]] = Counter()
    for c in household_evaluation.conflicts:
        first, second = ROLES[c.between]
        if c.persons[first] == ref:
            engine[(c.id, c.persons[second], c.status, frozenset(m.fact for m in c.missing))] += 1
    columnar: Counter[tuple[str, str, str, frozenset[str]]] = Counter()
    for r in in_force(rules, on):
        first, second = ROLES[r.model.between]  # type: ignore[union-attr]
        col = f"{r.id}.pairs"
        entries = row.get(col)
        if entries is None:
            out.append(f"{col}: ontbreekt voor een persoon in een huishouden")
            continue
        related = [b for a, b in pairs(household, r.model.between) if a == ref]  # type: ignore[union-attr]
        if sorted(e["with"] for e in entries) != sorted(related):
            out.append(f"{col}: paren kolomsgewijs {[e['with'] for e in entries]!r}, engine {related!r}")
        for e in entries:
            facts = entry_missing(e, {first: ref, second: e["with"]}, slots, {ref: projection(ref), e["with"]: projection(e["with"])})
            if e["status"] == "absent":
                if facts:
                    out.append(f"{col} met {e['with']}: speelt niet maar mist {sorted(facts)!r}")
                continue
            columnar[(r.id, e["with"], e["status"], facts)] += 1
    for key in sorted(set(engine) | set(columnar), key=str):
        if engine[key] != columnar[key]:
            ident, other, status, facts = key
            out.append(f"{ident}.pairs met {other}: {status} {sorted(facts)!r} kolomsgewijs {columnar[key]}x, engine {engine[key]}x")
    return out


def boundary_rows(result: pl.DataFrame, per_status: int, seed: int = 0) -> list[int]:
    """Rows on a boundary: every row with an amount of 0 or 1 cent (the edge of
    ``max(0, norm - income)``), and for every outcome and conflict up to ``per_status`` rows of
    each status it takes, undetermined and possible ones included (in a real caseload most rows
    have some outcome undetermined, so "every undetermined row" would be the whole table)."""
    status = [c for c in result.columns if c.endswith(".status")]
    amounts = [c for c in result.columns if c.endswith(".amount_cents")]
    rows: set[int] = set()
    if amounts:
        edge = result.select(pl.col("row"), pl.any_horizontal([pl.col(c).is_in([0, 1]) for c in amounts]).alias("b"))
        rows |= set(edge.filter(pl.col("b"))["row"].to_list())
    if status and per_status:
        long = result.select(["row"] + status).unpivot(index="row", variable_name="c", value_name="s")
        picked = (
            long.with_columns(pl.col("s").cast(pl.String), pl.col("row").hash(seed=seed).alias("h"))
            .sort("h").group_by("c", "s").head(per_status)
        )
        rows |= set(picked["row"].to_list())
    pair_cols = [c for c in result.columns if c.endswith(".pairs")]
    if pair_cols and per_status:  # a conflict between persons: the first person's row, per status it takes
        for c in pair_cols:
            long = (result.select("row", pl.col(c).list.eval(pl.element().struct.field("status").cast(pl.String)).alias("s"))
                    .explode("s", empty_as_null=False).drop_nulls("s").unique())
            picked = long.with_columns(pl.col("row").hash(seed=seed).alias("h")).sort("h").group_by("s").head(per_status)
            rows |= set(picked["row"].to_list())
    return sorted(rows)


def verify_sample(engine: Engine, population: pl.DataFrame, result: pl.DataFrame, on: date, slots: Slots,
                  n: int, seed: int = 0, per_status: int | None = None, deviations: Any = None,
                  total: int | None = None, households: Mapping[str, Any] | None = None) -> tuple[int, list[str]]:
    """Re-evaluate ``n`` random rows plus the boundary rows through ``Engine.evaluate``
    (``per_status`` rows per outcome and status; default ``max(1, n // 10)``).

    A household person's row (``person_ref``) is held to ``Engine.evaluate`` of the whole
    household in ``households`` (by ``household_ref``), that person's part of it.
    ``result`` is the whole result or, with ``total`` (the population's size), the rows of it
    that may be picked (stream.Verification keeps them slice by slice): the same rows are checked.
    Returns (rows checked, mismatches); each mismatch names the row and the difference."""
    rng = random.Random(seed)
    total = result.height if total is None else total
    chosen = set(rng.sample(range(total), min(n, total)))
    chosen |= set(boundary_rows(result, max(1, n // 10) if per_status is None else per_status, seed))
    rows = sorted(chosen)
    pop = population.with_row_index("§r").filter(pl.col("§r").is_in(rows))
    res = result.filter(pl.col("row").is_in(rows))
    mismatches: list[str] = []
    evaluated: dict[tuple[str, tuple[int, ...]], Any] = {}
    for prow, rrow in zip(pop.iter_rows(named=True), res.iter_rows(named=True)):
        devs = deviations(prow, rrow) if deviations else ()
        if prow.get("person_ref") is not None:
            if households is None or prow.get("household_ref") not in households:
                mismatches.append(f"rij {rrow['row']}: het huishouden {prow.get('household_ref')!r} is niet bekend; niet te controleren")
                continue
            key = (prow["household_ref"], tuple(id(d) for d in devs))  # the persons of a household share one evaluation
            if key not in evaluated:
                evaluated[key] = engine.evaluate(households[prow["household_ref"]], on=on, deviations=devs)
            evaluation, left = person_part(engine.rules, evaluated[key], prow["person_ref"], on)
            between = pair_differences(rrow, evaluated[key], households[prow["household_ref"]], engine.rules, on, slots)
        else:
            evaluation, left, between = engine.evaluate(row_situation(prow), on=on, deviations=devs), set(), []
        for d in differences(rrow, evaluation, slots, left) + between:
            mismatches.append(f"rij {rrow['row']}: {d}")
    return len(rows), mismatches


def person_part(rules: Any, household_evaluation: Any, ref: str, on: date) -> tuple[Evaluation, set[str]]:
    """One person's part of ``Engine.evaluate(household)``, and the ids their result leaves out."""
    from crosslaw.screening.result import left_out

    person = next(p for p in household_evaluation.persons if p.ref == ref)
    return person.evaluation, left_out(rules, on, {nc.law for nc in person.not_concerned})


def agree(engine: Engine, situations: Iterable[Mapping[str, Any]], result: pl.DataFrame, on: date, slots: Slots) -> list[str]:
    out = []
    for situation, row in zip(situations, result.iter_rows(named=True)):
        out.extend(f"rij {row['row']}: {d}" for d in differences(row, engine.evaluate(situation, on=on), slots))
    return out


def agree_households(engine: Engine, households: Mapping[str, Any], result: pl.DataFrame, on: date, slots: Slots) -> list[str]:
    """Every household person's row against their part of ``Engine.evaluate(household)``."""
    out = []
    cache: dict[str, Any] = {}
    for row in result.iter_rows(named=True):
        ref = row["household_ref"]
        if ref not in cache:
            cache[ref] = engine.evaluate(households[ref], on=on)
        evaluation, left = person_part(engine.rules, cache[ref], row["person_ref"], on)
        found = differences(row, evaluation, slots, left) + pair_differences(row, cache[ref], households[ref], engine.rules, on, slots)
        out.extend(f"rij {row['row']} ({ref}/{row['person_ref']}): {d}" for d in found)
    return out
