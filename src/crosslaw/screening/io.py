"""Reading population files (Parquet, CSV, JSON Lines) and writing results, with Dutch errors.

CSV has no lists: a list column (``household.members``, ``income``, ...) is a JSON array in
its cell. Everything else maps one to one on the population schema (screening/schema.py).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import polars as pl

from crosslaw.errors import CrosslawError
from crosslaw.screening.schema import input_schema


def read_population(path: Path) -> pl.DataFrame:
    return read_population_households(path)[0]


def read_population_households(path: Path) -> tuple[pl.DataFrame, dict[str, Any]]:
    """The table, with every household (a row with ``persons``) as one row per person
    (screening/households.py), and the households by ``household_ref``."""
    from crosslaw.screening.households import expand_table

    suffix = path.suffix.lower()
    if not path.exists():
        raise CrosslawError(f"{path}: bestand bestaat niet")
    try:
        if suffix == ".parquet":
            return expand_table(pl.read_parquet(path), str(path))
        if suffix in (".jsonl", ".ndjson"):
            return _read_jsonl(path)
        if suffix == ".csv":
            return _read_csv(path), {}
    except CrosslawError:
        raise
    except Exception as e:  # polars' own messages name the column; keep them, in a Dutch frame
        raise CrosslawError(f"{path}: kan het bestand niet lezen: {e}") from None
    raise CrosslawError(f"{path}: onbekend bestandstype {suffix!r}; gebruik .parquet, .csv of .jsonl")


def _read_csv(path: Path) -> pl.DataFrame:
    schema = input_schema()
    header = pl.read_csv(path, n_rows=0).columns
    overrides = {c: (pl.String if isinstance(schema.get(c), pl.List) else schema[c]) for c in header if c in schema}
    df = pl.read_csv(path, schema_overrides=overrides, try_parse_dates=False)
    lists = [c for c in header if isinstance(schema.get(c), pl.List)]
    if lists:
        df = df.with_columns([pl.col(c).str.json_decode(schema[c]).alias(c) for c in lists])
    return df


def _read_jsonl(path: Path) -> tuple[pl.DataFrame, dict[str, Any]]:
    from crosslaw.screening.households import HOUSEHOLD_COLUMNS, collector_paused, expand

    rows: list[dict[str, Any]] = []
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as e:
                raise CrosslawError(f"{path}:{n}: geen geldige JSON ({e.msg})") from None
            if not isinstance(row, dict):
                raise CrosslawError(f"{path}:{n}: verwacht een object per regel")
            rows.append(row)
    schema = input_schema()
    with collector_paused():
        households_rows, households = expand(rows, str(path))
    at = [n for n, r in enumerate(rows) if r.get("persons") is None]
    rows = [r for r in rows if r.get("persons") is None]
    unknown = sorted({k for r in rows for k in r if k not in schema and k not in ("peildatum", *HOUSEHOLD_COLUMNS)})
    if unknown:
        raise CrosslawError(f"{path}: onbekende kolom(men) {', '.join(unknown)}; zie `crosslaw schema --format parquet`")
    present = [c for c in schema if any(c in r for r in rows)]
    from crosslaw.screening.schema import _parse_scalar, base_facts, item_fields

    facts = base_facts()
    clean = []
    for r in rows:
        out = {}
        for c in present:
            v = r.get(c)
            spec = facts.get(c)
            if v is not None and spec is not None:
                if spec.type.kind == "collection":
                    fields = item_fields(c)
                    v = [{f: _parse_scalar(item.get(f), fields[f].type) for f in fields} for item in v]
                else:
                    v = _parse_scalar(v, spec.type)
            out[c] = v
        clean.append(out)
    single = pl.DataFrame(clean, schema={c: schema[c] for c in present}, orient="row")
    if not households:
        return single, {}
    from crosslaw.screening.schema import conform

    parts = [pl.DataFrame(households_rows, schema={**schema, "§at": pl.Int64()}, orient="row")]
    if clean:
        parts.insert(0, conform(single, str(path)).with_columns(pl.Series("§at", at, dtype=pl.Int64)))
    both = pl.concat(parts).with_row_index("§k").sort("§at", "§k")
    return both.drop("§at", "§k"), households


def write_result(result: pl.DataFrame, path: Path, metadata: dict[str, str]) -> None:
    """Parquet with the missing-fact layout in the file's metadata (key ``crosslaw.missing_slots``)."""
    import pyarrow.parquet as pq

    table = result.to_arrow()
    table = table.replace_schema_metadata({**(table.schema.metadata or {}), **{k.encode(): v.encode() for k, v in metadata.items()}})
    pq.write_table(table, path)
