"""Screening beyond one process: Dask, partitioned by municipality x evaluation date.

Every partition shares its rules and parameters (one date) and its municipality, so a
worker compiles the rule set once per date and screens its partitions with it. A worker
keeps one ``Screening`` per process (loaded on first use), so rules load once per worker.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Iterable

import polars as pl

_WORKER: dict[str, Any] = {}


def _screen_partition(part: pl.DataFrame, on: date, key: bytes | None, slots: Any = None) -> pl.DataFrame:
    from crosslaw.screening import Screening

    s = _WORKER.get("screening")
    if s is None:
        s = _WORKER["screening"] = Screening()
    return s.screen(part, on, key=key, slots=slots)


def partitions(df: pl.DataFrame, max_rows: int = 250_000) -> list[pl.DataFrame]:
    """The population split by municipality (large ones in slices of about ``max_rows``), row order
    kept within each. A household goes whole with the municipality of its first person: the
    conflicts between its persons join their rows (screening/pairs.py)."""
    from crosslaw.screening.pairs import slice_starts

    indexed = df.with_row_index("§orig")
    key = pl.col("person.municipality")
    if "household_ref" in df.columns:
        key = pl.when(pl.col("household_ref").is_null()).then(key).otherwise(key.first().over("household_ref"))
    out = []
    for _, part in indexed.with_columns(key.alias("§gemeente")).group_by("§gemeente", maintain_order=True):
        part = part.drop("§gemeente")
        starts = slice_starts(part, max_rows)
        for start, end in zip(starts, starts[1:] + [part.height]):
            out.append(part.slice(start, end - start))
    return out


def screen_distributed(client: Any, df: pl.DataFrame, dates: Iterable[date], key: bytes | None = None,
                       progress: Any = None) -> dict[date, pl.DataFrame]:
    """Screen ``df`` on every date on the cluster behind ``client``; results in the input's row order."""
    from distributed import as_completed

    from crosslaw.screening.missing import Slots

    slots = Slots.for_table(df)  # one layout for every partition: the same columns everywhere
    parts = partitions(df)
    futures = {}
    scattered = client.scatter([p.drop("§orig") for p in parts])
    for on in dates:
        for i, fut in enumerate(scattered):
            f = client.submit(_screen_partition, fut, on, key, slots, pure=False)
            futures[f] = (on, i)
    results: dict[date, list[tuple[int, pl.DataFrame]]] = {}
    for f in as_completed(list(futures)):
        on, i = futures[f]
        results.setdefault(on, []).append((i, f.result()))
        if progress is not None:
            progress(1)
    out = {}
    for on, chunks in results.items():
        frames = []
        for i, r in chunks:
            frames.append(r.with_columns(parts[i]["§orig"].alias("row")))
        out[on] = pl.concat(frames, how="diagonal_relaxed").sort("row")
    return out


def layout(max_items: int) -> Any:
    """The missing-fact layout screen_dask uses: ``max_items`` bits per list field."""
    from crosslaw.screening.missing import Slots
    from crosslaw.screening.schema import base_facts

    return Slots.build({c: max_items for c, spec in base_facts().items() if spec.type.kind == "collection"})


def screen_dask(ddf: Any, on: date, key: bytes | None = None, max_items: int = 16) -> pl.DataFrame:
    """Screen a Dask DataFrame (pandas partitions) on the current Dask scheduler; one polars table back.

    The rows of one household (``household_ref``) must be in one partition; a household split
    over two is refused with its name.

    Every partition uses one missing-fact layout with room for ``max_items`` items per list
    (a partition with a longer list is refused with the list named)."""
    import dask

    slots = layout(max_items)  # every partition the same (blocks of the longest list a partition may hold)

    @dask.delayed
    def run(pdf: Any) -> pl.DataFrame:
        return _screen_partition(pl.from_pandas(pdf), on, key, slots)

    parts = ddf.to_delayed()
    results = dask.compute(*[run(p) for p in parts])
    offset = 0
    frames = []
    for r in results:
        frames.append(r.with_columns((pl.col("row") + offset).alias("row")))
        offset += r.height
    return pl.concat(frames, how="diagonal_relaxed")
