"""Households in a population table: one row per person, each the household as seen from that person.

A population row with a ``persons`` list is a household file of issue 11 (``persons`` and
``relations``, docs/design/household.md). It becomes one row per person: the single-person
situation the engine itself evaluates for that person (``household/project.py``: the partner as
partner, the others as members with their relation derived), plus ``household_ref`` (the
household's ``case_ref``, else ``huishouden-N`` by its place in the table) and ``person_ref``.
The columnar evaluator then treats these rows like any other, except that a law whose
``concerns`` condition is false for the person shows no outcomes for them (status null), as
``Engine.evaluate`` leaves such a law out of the person's result, and the same for conflicts
with a side in such a law or replaced by a conflict between persons.

The conflicts *between* persons (rules/conflicts_personen) are screened from the same rows: each
person's row also carries ``household_pairs`` (the persons it is related to, per relation, with
this person in the relation's first role, in the order ``household.evaluate.pairs`` yields them)
and the person facts a household states that a single-person situation has no place for
(``household_person.intensive_care_needs`` and ``.commercial_basis``); screening/pairs.py joins
the rows of each pair. A household's rows therefore stay together in one slice or partition.

Expanding is Python per household (the projection is the engine's own code, so it agrees by
construction); a population of single-person rows does not pass through here.
"""

from __future__ import annotations

import gc
from datetime import date
from contextlib import contextmanager
from itertools import count
from typing import Any, Iterable, Iterator, Mapping

import polars as pl

from crosslaw.errors import SituationError
from crosslaw.household.model import HouseholdSituation

HOUSEHOLD_COLUMNS = ("persons", "relations")
EXPAND_PART = 2_000  # household records expanded at a time


def _without_nulls(v: Any) -> Any:
    """A record read from a table has every struct field, null where the file had none: absent again."""
    t = type(v)  # exact types first: typing's isinstance is slow, and this runs per field of every person
    if t is dict:
        return {k: _without_nulls(x) for k, x in v.items() if x is not None}
    if t is list:
        return [_without_nulls(x) for x in v]
    if t in _SCALARS:
        return v
    if isinstance(v, Mapping):
        return {k: _without_nulls(x) for k, x in v.items() if x is not None}
    if isinstance(v, list):
        return [_without_nulls(x) for x in v]
    return v


_SCALARS = frozenset({str, int, bool, float, date})


def household_rows(h: HouseholdSituation, household_ref: str) -> list[dict[str, Any]]:
    """One table row per person of ``h`` (in the order of ``h.persons``)."""
    from crosslaw.household.project import project
    from crosslaw.screening.schema import situation_row

    from crosslaw.screening.pairs import pair_facts

    extra = pair_facts(h)
    rows = []
    for p in h.persons:
        proj = project(h, p.ref)
        row = situation_row(proj.situation.model_dump(exclude_none=True))
        row["household_ref"] = household_ref
        row["person_ref"] = p.ref
        row.update(extra[p.ref])
        rows.append(row)
    return rows


def expand(records: Iterable[Mapping[str, Any]], source: str | None = None, places: Iterable[int] | None = None,
           households: dict[str, HouseholdSituation] | None = None) -> tuple[list[dict[str, Any]], dict[str, HouseholdSituation]]:
    """Records (dicts) of which some are households: the household ones become one row per person.

    Returns the rows of the household records (with ``§at``: the record's place, for ordering)
    and the households by ``household_ref``. Invalid households raise one ``SituationError``
    naming each field as ``N.persons.1.person.birth_date`` (N: the record's place). ``places``:
    the records' places when they are a part of a table; ``households``: those of the parts
    before (added to, so a household named twice in the table is found across parts)."""
    from crosslaw.household.parse import parse_household

    rows: list[dict[str, Any]] = []
    households = {} if households is None else households
    problems: list[tuple[str, str]] = []
    for n, record in zip(places if places is not None else count(), records):
        if record.get("persons") is None:
            continue
        stray = sorted(k for k, v in record.items() if v is not None and k not in ("case_ref", "peildatum", *HOUSEHOLD_COLUMNS))
        if stray:  # a household's facts are in its persons; a fact next to them would be ignored
            problems.extend((f"{n}.{k}", "hoort niet bij een huishouden; zet het bij de persoon in persons") for k in stray)
            continue
        data = _without_nulls({k: v for k, v in record.items() if k in ("case_ref", "peildatum", *HOUSEHOLD_COLUMNS)})
        data.pop("peildatum", None)  # the screening's --date is the evaluation date
        try:
            h = parse_household(data)
        except SituationError as e:
            problems.extend((f"{n}.{field}", reason) for field, reason in e.problems)
            continue
        ref = h.case_ref or f"huishouden-{n}"
        if ref in households:
            problems.append((f"{n}.case_ref", f"huishouden {ref!r} staat twee keer in de tabel"))
            continue
        households[ref] = h
        for row in household_rows(h, ref):
            row["§at"] = n
            rows.append(row)
    if problems:
        raise SituationError(problems, source)
    return rows, households


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused: the expansion makes millions of small objects and
    few cycles, and the collector's passes over the growing heap took 40 % of its time (8 of 21 s
    CPU for 50,000 persons)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def expand_table(df: pl.DataFrame, source: str | None = None) -> tuple[pl.DataFrame, dict[str, HouseholdSituation]]:
    """``df`` with every household row replaced by its persons' rows, in place (row order kept)."""
    if "persons" not in df.columns:
        return df, {}
    from crosslaw.screening.schema import input_schema

    schema = input_schema()
    indexed = df.with_row_index("§at")
    # the household records a part at a time: their persons' rows as Python dicts are large
    # (about 25 KB each), so only one part's of them exist at once
    households: dict[str, HouseholdSituation] = {}
    problems: list[tuple[str, str]] = []
    parts = []
    with collector_paused():
        for part in indexed.filter(pl.col("persons").is_not_null()).iter_slices(EXPAND_PART):
            try:
                rows, _ = expand(part.drop("§at").to_dicts(), source, part["§at"].to_list(), households)
            except SituationError as e:
                problems.extend(e.problems)
                continue
            if rows:
                parts.append(pl.DataFrame(rows, schema={**schema, "§at": pl.Int64()}, orient="row"))
            del rows
    if problems:
        raise SituationError(problems, source)
    single = indexed.filter(pl.col("persons").is_null()).drop([c for c in HOUSEHOLD_COLUMNS if c in df.columns])
    from crosslaw.screening.schema import conform

    if single.height:
        parts.insert(0, conform(single.drop("§at"), source).with_columns(single["§at"].cast(pl.Int64)))
    if not parts:
        return pl.DataFrame(schema=schema), households
    out = pl.concat(parts, how="vertical").with_row_index("§k").sort("§at", "§k", maintain_order=True)
    return out.drop("§at", "§k"), households
