"""A synthetic population for tests, benchmarks and demos (``crosslaw synth``).

Each resident is a variation of an archetype (archetypes.yaml: the repository's examples
and scenario situations, so every law and most conflicts occur), drawn with the shares
documented in docs/research/synthetic-population.md (CBS/Statline and UWV figures where they
exist, marked estimates elsewhere). Variation: birth dates shift by up to half a year either
way, incomes and savings by -15..+15 % and -50..+50 % in steps of a millionth (so amounts
differ to the cent, as real ones do, and no cache of the per-resident path meets the same
income twice by construction), the municipality is one of eight, and the hours of informal
care vary, so thresholds are crossed in both directions. A date the archetype leaves out
(a partner's birth date where there is no partner) stays out.

Everything is derived from hashes of the row number and the seed, column-wise: the same
seed gives the same table (for the pinned polars version), and a million rows take seconds.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

import polars as pl
import yaml

from crosslaw.screening.schema import frame_from_situations

MUNICIPALITIES = ["Utrecht", "Zwolle", "Tilburg", "Amsterdam", "Rotterdam", "Groningen", "Eindhoven", "Almere"]
LATEST_BIRTH = date(2024, 12, 31)  # nobody is born after the earliest screening date the tests use
PPM = 1_000_000  # factors are drawn in millionths


def _shifted(column: str, shift: pl.Expr) -> pl.Expr:
    """A birth date moved by ``shift``, never after LATEST_BIRTH; a missing date stays missing
    (min_horizontal alone skips nulls and would make it LATEST_BIRTH)."""
    col = pl.col(column)
    return pl.when(col.is_null()).then(None).otherwise(pl.min_horizontal(col + shift, pl.lit(LATEST_BIRTH))).alias(column)


@lru_cache(maxsize=1)
def archetypes() -> list[dict[str, Any]]:
    text = resources.files("crosslaw.screening").joinpath("archetypes.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def _hash(seed: int, stream: int) -> pl.Expr:
    """A pseudo-random UInt64 per row, one independent stream per ``stream``."""
    return pl.int_range(pl.len(), dtype=pl.UInt64).hash(seed=seed * 1_000_003 + stream)


def _uniform_int(seed: int, stream: int, n: int) -> pl.Expr:
    return (_hash(seed, stream) % n).cast(pl.Int64)


def synthesize(n: int, seed: int = 1) -> pl.DataFrame:
    """``n`` residents in the population schema, deterministic per ``seed``."""
    arch = archetypes()
    templates = frame_from_situations([a["situation"] for a in arch])
    cumulative = []
    total = 0
    for a in arch:
        total += int(a["share_per_10000"])
        cumulative.append(total)
    base = pl.select(pl.int_range(n, dtype=pl.Int64).alias("§i"))
    picks = base.select(
        pl.lit(pl.Series(cumulative, dtype=pl.Int64)).search_sorted(_uniform_int(seed, 0, total), side="right").alias("§a"),
        pl.col("§i"),
    )
    df = templates[picks["§a"].to_list()] if n else templates.clear()
    df = df.with_columns(pl.Series("§i", picks["§i"]), pl.Series("§a", picks["§a"]))
    shift = lambda s: pl.duration(days=_uniform_int(seed, s, 365) - 182)  # noqa: E731
    new_municipality = pl.lit(pl.Series(MUNICIPALITIES)).gather(_uniform_int(seed, 3, len(MUNICIPALITIES)))
    old = pl.col("person.municipality")
    town_cols = ["support.applies_to_municipality", "youth.municipality_before_stay", "youth.fallback_municipality"]
    df = df.with_columns(
        [pl.when(pl.col(c) == old).then(new_municipality).otherwise(pl.col(c)).alias(c) for c in town_cols]
        + [
            pl.when(old.is_not_null()).then(new_municipality).otherwise(old).alias("person.municipality"),
            _shifted("person.birth_date", shift(1)),
            _shifted("household.partner.birth_date", shift(2)),
            (pl.col("assets.savings_cents") * (PPM // 2 + _uniform_int(seed, 4, PPM + 1)) // PPM).alias("assets.savings_cents"),
            (pl.col("care.informal_care_given_hours_per_week") + _uniform_int(seed, 5, 7) - 3).clip(0, 168)
            .alias("care.informal_care_given_hours_per_week"),
            pl.format("syn-{}-{}", pl.lit(seed), pl.col("§i")).alias("case_ref"),
            _bsn(seed).alias("bsn"),
            (PPM * 85 // 100 + _uniform_int(seed, 6, PPM * 30 // 100 + 1)).alias("§f"),
        ]
    )
    df = _scale_income(df)
    return df.drop("§i", "§a", "§f")


def _scale_income(df: pl.DataFrame) -> pl.DataFrame:
    """Incomes times the row's factor (85-115 %, in millionths), through an explode and re-implode by row."""
    fields = df.schema["income"].inner.fields  # type: ignore[union-attr]
    exploded = df.select("§i", "§f", "income").explode("income", empty_as_null=True).with_columns(
        pl.struct([
            (pl.col("income").struct.field(f.name) * pl.col("§f") // PPM).alias(f.name) if f.name == "monthly_net_cents"
            else pl.col("income").struct.field(f.name)
            for f in fields
        ]).alias("§inc")
    )
    regrouped = exploded.group_by("§i", maintain_order=True).agg(
        pl.col("§inc").filter(pl.col("income").is_not_null()).alias("§list"),
    )
    return df.with_columns(
        pl.when(pl.col("income").is_null()).then(None).otherwise(regrouped["§list"]).cast(df.schema["income"]).alias("income")
    )


def _bsn(seed: int) -> pl.Expr:
    """A BSN that passes the 11-proef, different per row (never a real person's on purpose:
    the numbers start with 9, which the BSN range does not hand out yet)."""
    stem = 90_000_000 + (pl.int_range(pl.len(), dtype=pl.Int64) * 7 + seed) % 9_999_999

    def check_digit(x: pl.Expr) -> pl.Expr:
        return sum((9 - k) * ((x // 10 ** (7 - k)) % 10) for k in range(8)) % 11

    # a remainder of 10 has no check digit: change the last digit of the stem (moves the sum by 2 or -18)
    stem = pl.when(check_digit(stem) == 10).then(pl.when(stem % 10 < 9).then(stem + 1).otherwise(stem - 9)).otherwise(stem)
    return pl.format("{}{}", stem, check_digit(stem))
