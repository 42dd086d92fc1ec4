"""Screening a population slice by slice, so a million residents fit in a fraction of the memory.

Evaluating the whole table at once holds every intermediate column of every level for every
resident (about 3.5 GiB for a million rows). Here the population is screened in slices of
``chunk_rows``: each slice's result is written to the Parquet output as row groups, added to the
summary's counts and searched for the rows ``--verify-sample`` may pick, then dropped. Rows are
numbered as in the whole table and written in the same order (all rows of the first date,
then all rows of the next), so the file equals the one a single ``screen()`` of the whole table
gives (tests/test_screening_stream.py holds it to that). A slice never splits a household: the
conflicts between its persons join their rows (screening/pairs.py).

For the transitions between two dates only the status columns of the first date are kept
(one byte per status, as the Enum's code) and compared slice by slice with the second.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterable

import polars as pl

from crosslaw.screening.missing import Slots
from crosslaw.screening.pairs import slice_starts
from crosslaw.screening.summary import Tally

CHUNK_ROWS = 100_000


@dataclass
class Verification:
    """What ``--verify-sample N`` needs of a run: the random rows (drawn over the whole
    population, as verify.verify_sample draws them) and, per date, every result row it may pick."""

    n: int
    total: int
    seed: int = 0
    random_rows: set[int] = field(default_factory=set)
    candidates: dict[date, list[pl.DataFrame]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        rng = random.Random(self.seed)
        self.random_rows = set(rng.sample(range(self.total), min(self.n, self.total)))

    @property
    def per_status(self) -> int:
        return max(1, self.n // 10)

    def add(self, on: date, result: pl.DataFrame) -> None:
        """Keep the rows of this slice that are drawn or on a boundary: the boundary rows of the
        whole result are among those of its slices (the same hash order per outcome and status)."""
        from crosslaw.screening.verify import boundary_rows

        first = result["row"][0] if result.height else 0
        rows = {r for r in self.random_rows if first <= r < first + result.height}
        rows |= set(boundary_rows(result, self.per_status, self.seed))
        self.candidates.setdefault(on, []).append(result.filter(pl.col("row").is_in(sorted(rows))))

    def rows_of(self, on: date) -> pl.DataFrame:
        return pl.concat(self.candidates.get(on, []), how="vertical")


@dataclass
class Run:
    """The outcome of a screening run without its full result: per date the summary's counts
    (the later date's ``changed`` filled with --compare), and what verification needs."""

    tallies: dict[date, Tally]
    verification: Verification | None = None


def screen_in_slices(screening: Any, df: pl.DataFrame, dates: list[date], slots: Slots, key: bytes | None = None,
                     deviations: Iterable[Any] = (), output: Path | None = None, metadata: dict[str, str] | None = None,
                     chunk_rows: int = CHUNK_ROWS, verify_n: int = 0, progress: Callable[[int], Any] | None = None) -> Run:
    """Screen ``df`` (conformed, birth dates checked for every date) on ``dates``.

    With ``output`` the result is written there as Parquet, all rows of ``dates[0]`` first; its
    columns are those of every date (absent ones null), as ``pl.concat(how="diagonal_relaxed")``
    of the whole results gives them."""
    from crosslaw.screening.result import apply_deviations, build_result, pseudonym_column

    deviations = list(deviations)
    rules, screener = screening.rules, screening.screener
    pseudonyms = pseudonym_column(df, key) if key is not None and df.height else None
    starts = slice_starts(df, chunk_rows)  # a household's rows stay in one slice (its pairs join them)
    ends = dict(zip(starts, starts[1:] + [max(df.height, 1)]))

    def one(on: date, start: int) -> pl.DataFrame:
        part = df.slice(start, ends[start] - start)
        names = pseudonyms.slice(start, ends[start] - start) if pseudonyms is not None else None
        result = build_result(rules, screener, part, on, key, slots, row_offset=start, pseudonyms=names)
        if deviations:
            result = apply_deviations(result, deviations, on)
        return result

    verification = Verification(verify_n, df.height) if verify_n else None
    tallies = {on: Tally() for on in dates}
    writer = _Writer(output, metadata or {}) if output is not None else None
    earlier: list[pl.DataFrame] = []  # the first date's statuses, one frame per slice
    first_results: dict[date, pl.DataFrame] = {dates[0]: one(dates[0], starts[0])}
    if writer is not None and len(dates) > 1:
        # the file's columns are every date's: the first slice of each date names them
        for on in dates[1:]:
            first_results[on] = one(on, starts[0])
        writer.open([r.head(0) for r in first_results.values()])
    for k, on in enumerate(dates):
        for i, start in enumerate(starts):
            result = first_results.pop(on) if i == 0 and on in first_results else one(on, start)
            tallies[on].add(result)
            if k == 0 and len(dates) > 1:
                earlier.append(_statuses(result))
            elif k > 0:
                tallies[on].compare(earlier[i], result)
            if verification is not None:
                verification.add(on, result)
            if writer is not None:
                if writer.schema is None:
                    writer.open([result.head(0)])
                writer.write(result)
            del result
            if progress is not None:
                progress(1)
    if writer is not None:
        writer.close()
    return Run(tallies, verification)


def _statuses(result: pl.DataFrame) -> pl.DataFrame:
    """The status columns, and of each conflict between persons only the statuses of its pairs."""
    return result.select(
        [pl.col(c) for c in result.columns if c.endswith(".status")]
        + [pl.col(c).list.eval(pl.element().struct.field("status")) for c in result.columns if c.endswith(".pairs")]
    )


class _Writer:
    """Parquet row groups appended slice by slice, in the column layout of all dates together."""

    def __init__(self, path: Path, metadata: dict[str, str]) -> None:
        self.path = path
        self.metadata = metadata
        self.schema: dict[str, pl.DataType] | None = None
        self.writer: Any = None

    def open(self, empties: list[pl.DataFrame]) -> None:
        combined = pl.concat(empties, how="diagonal_relaxed") if len(empties) > 1 else empties[0]
        self.schema = dict(combined.schema)

    def write(self, result: pl.DataFrame) -> None:
        import pyarrow.parquet as pq

        assert self.schema is not None
        have = result.schema
        conformed = result.select(
            (pl.col(c) if have.get(c) == t else pl.col(c).cast(t)) if c in have else pl.lit(None, t).alias(c)
            for c, t in self.schema.items()
        )
        table = conformed.to_arrow()
        meta = {**(table.schema.metadata or {}), **{k.encode(): v.encode() for k, v in self.metadata.items()}}
        table = table.replace_schema_metadata(meta)
        if self.writer is None:
            self.arrow_schema = table.schema
            self.writer = pq.ParquetWriter(self.path, table.schema)
        elif not table.schema.equals(self.arrow_schema):
            table = table.cast(self.arrow_schema)
        self.writer.write_table(table)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
