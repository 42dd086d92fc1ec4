"""The conflicts between the persons of a household, screened column-wise.

``Engine.evaluate(household)`` evaluates every conflict of ``rules/conflicts_personen``
(``kind: person_conflicts``) per ordered pair of persons related as its ``between``
(``household.evaluate.pairs``: parent -> child, partner <-> partner, giver -> receiver, every two
non-partners), on an environment where each role's facts and outcomes are that person's,
prefixed with the role (``kind.care.youth_care_in_progress``, ``ouder.pw.arbeidsverplichting``).

Column-wise the same happens as a table of related pairs. Each household person's row carries
``household_pairs`` (written by the expansion, screening/households.py): per relation the
persons it relates this person to, this person in the relation's first role. After the persons'
own evaluation (columnar.py) every name a conflict between persons reads is taken from the
person rows (the value and its missing-fact masks, as the per-person conflicts read them), the
pairs are joined to the rows of both persons, and the conflicts are compiled from the same
rule language (compile.py) with the role-prefixed names as columns. Their missing facts are
masks per role: the slot words of that person's projection (missing.py) and one word ``person``
for the person facts a household states (``intensive_care_needs``, ``commercial_basis``).

The result has one column per conflict between persons in force, ``ID.pairs``, on the row of
the person in the first role: a list with one entry per pair, ``{with, status, missing.ROLE.SLOT
...}`` where ``with`` is the other person's ref and ``status`` is present, possible or absent
(the engine lists the first two). The column is null on a single-person row and an empty list
for a household person who is in that role towards nobody.
"""

from __future__ import annotations

from datetime import date
from functools import reduce
from typing import Any, Mapping

import polars as pl

from crosslaw.errors import CrosslawError
from crosslaw.language.ast import Name
from crosslaw.ruleset.compiled import CompiledRule, RuleSet
from crosslaw.ruleset.loader import PERSON_FACTS
from crosslaw.ruleset.model import ROLES
from crosslaw.screening.columnar import STATUS
from crosslaw.screening.compile import Compiler, Context, Val, dtype_of, mask_col
from crosslaw.screening.missing import U64, Slots, gate, union

PAIRS = "household_pairs"
PERSON_PREFIX = "household_person."
PERSON_SLOT = "person"  # the mask word of the person facts, bit i = PERSON_BITS[i]
PERSON_BITS = tuple(sorted(PERSON_FACTS))
PAIR_INPUT_COLUMNS: dict[str, pl.DataType] = {
    PAIRS: pl.List(pl.Struct([pl.Field("between", pl.String()), pl.Field("with", pl.String())])),
    **{PERSON_PREFIX + f: pl.Boolean() for f in PERSON_BITS},
}
A, B, IX = "§pa", "§pb", "§pi"  # the rows of the pair's first and second person, the pair's place


def pair_facts(h: Any) -> dict[str, dict[str, Any]]:
    """Per person ref of household ``h``: the pair columns of their row."""
    from crosslaw.household.evaluate import pairs

    out: dict[str, dict[str, Any]] = {}
    for p in h.persons:
        out[p.ref] = {PAIRS: [], **{PERSON_PREFIX + f: getattr(p, f) for f in PERSON_BITS}}
    for between in ROLES:
        for a, b in pairs(h, between):
            out[a][PAIRS].append({"between": between, "with": b})
    return out


def pair_schema_description() -> list[dict[str, Any]]:
    """The pair columns in ``crosslaw schema --format parquet``."""
    return [
        {"column": PAIRS, "type": str(PAIR_INPUT_COLUMNS[PAIRS]),
         "question": "Intern, gevuld bij het lezen van een huishouden: met wie deze persoon een relatie heeft waarin spanningen "
                     "tussen personen kunnen spelen (between: ouder_kind, partners, huisgenoten of mantelzorg; with: de ref "
                     "van de ander; deze persoon in de eerste rol: ouder, persoon of mantelzorger). Laat leeg."},
        *({"column": PERSON_PREFIX + f, "type": "Boolean",
           "question": f"Intern, gevuld bij het lezen van een huishouden: {f} van de persoon (persons[].{f}). Laat leeg."}
          for f in PERSON_BITS),
        {"column": "ID.pairs", "type": "List(Struct)",
         "question": "In het resultaat, per spanning tussen personen (rules/conflicts_personen): op de rij van de persoon in de "
                     "eerste rol een item per paar: with (de ref van de ander), status (present, possible of absent) en "
                     "missing.ROL.SLOT: de ontbrekende gegevens per rol als bitmaskers (de slots van crosslaw.missing_slots; "
                     "slot person: bit 1 commercial_basis, bit 2 intensive_care_needs). Leeg bij een rij zonder huishouden."},
    ]


def in_force(rules: RuleSet, on: date) -> list[CompiledRule]:
    """The conflicts between persons in force on ``on`` (as the engine takes them)."""
    pc = rules.person_conflicts
    return [] if pc is None else list(pc.rules_in_force(on))


def read_names(rules: RuleSet) -> set[str]:
    """The names of a person the conflicts between persons read (the screening keeps their columns)."""
    from crosslaw.household.evaluate import _pair_plan

    pc = rules.person_conflicts
    if pc is None:
        return set()
    return {rest for _, role, rest in _pair_plan(pc) if role is not None and rest not in PERSON_FACTS}


def pair_columns(rules: RuleSet, frame: pl.DataFrame, ctx: Context, on: date, row: str) -> pl.DataFrame | None:
    """Per row (column ``row``) of ``frame`` that is the first person of a pair: ``ID.pairs`` of
    every conflict between persons in force. None when no conflict between persons is in force."""
    from crosslaw.household.evaluate import _pair_plan

    conflicts = in_force(rules, on)
    if not conflicts or PAIRS not in frame.columns:
        return None
    pc = rules.person_conflicts
    assert pc is not None
    plan = _pair_plan(pc)
    own = Compiler(ctx)
    values: list[pl.Expr] = []
    person_masks: dict[str, list[str]] = {}  # rest -> its mask slots
    for rest in sorted({r for _, role, r in plan if role is not None}):
        if rest in PERSON_FACTS:
            col = pl.col(PERSON_PREFIX + rest)
            val = Val(col, {PERSON_SLOT: col.is_null().cast(U64) * pl.lit(1 << (PERSON_BITS.index(rest) + 1), U64)})
        else:
            val = own.compile(Name(rest))
        person_masks[rest] = sorted(val.m)
        values.append(val.v.alias(f"§v.{rest}"))
        values.extend(e.cast(U64).alias(f"§v.{rest}#{s}") for s, e in val.m.items())
    table = (frame.lazy().filter(pl.col("person_ref").is_not_null())  # only the columns read are filtered
             .select([pl.col(row), pl.col("household_ref"), pl.col("person_ref"), pl.col(PAIRS)] + values).collect())
    pairs = (
        table.select(pl.col(row).alias(A), pl.col("household_ref"), pl.col(PAIRS))
        .explode(PAIRS, empty_as_null=False).filter(pl.col(PAIRS).is_not_null())
        .with_row_index(IX)
        .select(IX, A, "household_ref", pl.col(PAIRS).struct.field("between"), pl.col(PAIRS).struct.field("with"))
    )
    pairs = pairs.join(table.select(pl.col(row).alias(B), "household_ref", pl.col("person_ref").alias("with")),
                       on=["household_ref", "with"], how="left", maintain_order="left")
    lost = pairs.filter(pl.col(B).is_null())
    if lost.height:
        h = lost.row(0, named=True)
        raise CrosslawError(f"huishouden {h['household_ref']!r}: persoon {h['with']!r} staat niet in hetzelfde deel van de tabel; "
                            "houd de rijen van een huishouden bij elkaar")
    params = rules.parameters_on(on)
    out = table.select(pl.col(row))
    for between, (first, second) in ROLES.items():
        mine = [r for r in conflicts if r.model.between == between]  # type: ignore[union-attr]
        if not mine:
            continue
        part = pairs.filter(pl.col("between") == between)
        pctx = Context(pc.scope, params, ctx.slots, on, {}, {})
        cols: dict[str, list[pl.Expr]] = {}
        for name, role, rest in plan:
            if role is None:
                continue
            if role not in (first, second):  # a role of another relation: unknown, missing nothing
                pctx.columns[name] = []
                cols.setdefault("§none", []).append(pl.lit(None, dtype_of(pc.scope[name])).alias(name))
                continue
            side = A if role == first else B
            pctx.columns[name] = [f"{role}.{s}" for s in person_masks[rest]]
            cols.setdefault(side, []).append(pl.col(f"§v.{rest}").alias(name))
            cols[side].extend(pl.col(f"§v.{rest}#{s}").alias(mask_col(name, f"{role}.{s}")) for s in person_masks[rest])
        for side in (A, B):
            if cols.get(side):
                part = part.join(table.select([pl.col(row).alias(side)] + cols[side]), on=side, how="left", maintain_order="left")
        if cols.get("§none"):
            part = part.with_columns(cols["§none"])
        entries: list[pl.Expr] = []
        for r in mine:
            val = _conflict(Compiler(pctx), r, on)
            status = pl.when(val.v).then(pl.lit("present")).when(val.v.not_()).then(pl.lit("absent")).otherwise(pl.lit("possible"))
            fields = [pl.col("with"), status.cast(STATUS).alias("status")]
            fields += [e.cast(U64).alias(f"missing.{s}") for s, e in sorted(val.m.items())]
            entries.append(pl.struct(fields).alias(f"{r.id}.pairs"))
        grouped = part.sort(IX).select([pl.col(A)] + entries).group_by(A, maintain_order=True).agg(pl.all())
        out = out.join(grouped.rename({A: row}), on=row, how="left", maintain_order="left")
    ids = [c for c in out.columns if c != row]
    # a household person in the first role towards nobody: an empty list (null stays for single rows)
    return out.with_columns(pl.col(c).fill_null(pl.lit([], out.schema[c])) for c in ids)


def _conflict(c: Compiler, r: CompiledRule, on: date) -> Val:
    """A conflict's value and missing facts, as columnar._unit_exprs combines a rule's conditions."""
    conds = [c.compile(x.ast) for x in (*r.requirements, *r.exclusions)]
    conds += [c.compile(x.ast) for x in r.exemptions if x.model.holds_on(on)]  # type: ignore[attr-defined]
    n_req = len(r.requirements)
    v = reduce(lambda x, y: x & y, [x.v for x in conds[:n_req]], pl.lit(True))
    for x in conds[n_req:]:
        v = v & x.v.not_()
    return Val(v, gate(union(*(x.m for x in conds)), v.is_null()))


def entry_missing(entry: Mapping[str, Any], roles: Mapping[str, str], slots: Slots, projections: Mapping[str, Any]) -> frozenset[str]:
    """The household paths (``persons.jayden.care.youth_care_in_progress``) behind one pair entry's
    masks; ``roles``: role -> person ref, ``projections``: ref -> household.project.Projection."""
    out: set[str] = set()
    for role, ref in roles.items():
        masks: dict[str, int] = {}
        for k, v in entry.items():
            if not k.startswith(f"missing.{role}.") or not v:
                continue
            slot = k[len(f"missing.{role}."):]
            if slot == PERSON_SLOT:
                out |= {f"persons.{ref}.{f}" for i, f in enumerate(PERSON_BITS) if v >> (i + 1) & 1}
            else:
                masks[slot] = v
        out |= {projections[ref].fact_path(f) for f in slots.decode(masks)}
    return frozenset(out)


def household_boundaries(df: pl.DataFrame) -> list[int]:
    """The row numbers where a new household (or a single-person row) starts: a slice of the
    table may start only there, so a pair's persons are always in one slice."""
    if "household_ref" not in df.columns or df.height == 0:
        return list(range(df.height))
    starts = df.select(
        (pl.col("household_ref").is_null() | pl.col("household_ref").ne_missing(pl.col("household_ref").shift(1))).alias("s")
    )["s"]
    return starts.arg_true().to_list()


def slice_starts(df: pl.DataFrame, chunk_rows: int) -> list[int]:
    """Starts of slices of about ``chunk_rows`` rows that never split a household."""
    if df.height == 0:
        return [0]
    if "household_ref" not in df.columns or df["household_ref"].null_count() == df.height:
        return list(range(0, df.height, chunk_rows))
    bounds = household_boundaries(df)
    out, nxt = [], 0
    for b in bounds:
        if b >= nxt:
            out.append(b)
            nxt = b + chunk_rows
    return out
