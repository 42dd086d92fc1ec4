"""Population screening: the rules of the engine, evaluated column-wise over a whole table.

``screen(table, on=date)`` returns one row per resident with the status of every outcome
and conflict, amounts, the computed values a law's overview shows and the missing facts
(as bitmasks). The per-resident ``Engine`` stays the engine of record: ``verify_sample``
re-evaluates rows through it, and the property test holds both to the same answers.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Iterable

import polars as pl

from crosslaw.ruleset.compiled import RuleSet

__all__ = ["screen", "screen_dask", "Screening"]


class Screening:
    """A loaded rule set ready to screen tables (compile once, screen many partitions)."""

    def __init__(self, rules: RuleSet | None = None) -> None:
        from crosslaw.ruleset.loader import load_rules
        from crosslaw.screening.columnar import Screener

        self.rules = rules if rules is not None else load_rules(None)
        self.screener = Screener(self.rules)
        self.slots: Any = None  # the missing-fact layout of the last screened table
        self.households: dict[str, Any] = {}  # the households of the last screened table, by household_ref

    def screen(self, table: Any, on: date, key: bytes | None = None, deviations: Iterable[Any] = (),
               slots: Any = None, row_offset: int = 0, pseudonyms: pl.Series | None = None) -> pl.DataFrame:
        """``slots``: the missing-fact layout (missing.Slots); by default the one ``table``
        needs. Give the same layout to every partition of one population. ``row_offset`` and
        ``pseudonyms`` serve a table that is one slice of a population (screening/stream.py)."""
        from crosslaw.screening.missing import Slots
        from crosslaw.screening.result import apply_deviations, build_result
        from crosslaw.screening.schema import check_birth_dates, conform

        from crosslaw.screening.households import expand_table

        df, households = expand_table(_as_polars(table))
        self.households = households  # by household_ref: what verification evaluates
        df = conform(df)
        check_birth_dates(df, on)
        self.slots = slots if slots is not None else Slots.for_table(df)
        if slots is not None:
            slots.check(df)
        result = build_result(self.rules, self.screener, df, on, key, self.slots, row_offset, pseudonyms)
        deviations = list(deviations)
        if deviations:
            result = apply_deviations(result, deviations, on)
        return result


def _as_polars(table: Any) -> pl.DataFrame:
    if isinstance(table, pl.DataFrame):
        return table
    if isinstance(table, pl.LazyFrame):
        return table.collect()
    return pl.DataFrame(pl.from_arrow(table)) if not hasattr(table, "to_dict") else pl.from_pandas(table)


_DEFAULT: dict[int, Screening] = {}


def screen(table: Any, on: date, rules: RuleSet | None = None, key: bytes | None = None,
           deviations: Iterable[Any] = ()) -> pl.DataFrame:
    """Screen a population table (polars, Arrow or pandas) on ``on``; a polars DataFrame back
    (``.to_arrow()`` for Arrow). ``key`` is the pseudonym key: without it no pseudonym is made."""
    s = _DEFAULT.get(id(rules)) if rules is not None else _DEFAULT.get(0)
    if s is None:
        s = Screening(rules)
        _DEFAULT[id(rules) if rules is not None else 0] = s
    return s.screen(table, on, key=key, deviations=deviations)


def screen_dask(ddf: Any, on: date, key: bytes | None = None) -> Any:
    """Screen a Dask DataFrame partition by partition (see screening/distributed.py)."""
    from crosslaw.screening.distributed import screen_dask as run

    return run(ddf, on, key=key)
