"""The synthetic population varies like real data: amounts to the cent, and no invented facts."""

from __future__ import annotations

from datetime import date

import polars as pl

from crosslaw.screening.schema import row_situation
from crosslaw.screening.synth import archetypes, synthesize


def test_a_missing_birth_date_stays_missing():
    df = synthesize(2000, 3)
    assert any(not ((a["situation"].get("household") or {}).get("partner") or {}).get("birth_date") for a in archetypes())
    partner_births = df["household.partner.birth_date"]
    assert partner_births.null_count() > 0
    assert partner_births.drop_nulls().max() < date(2024, 12, 31)  # before the fix every missing one became this date
    for row in df.head(300).to_dicts():
        s = row_situation(row)
        partner = (s.get("household") or {}).get("partner") or {}
        if partner.get("birth_date") is not None:
            assert str(partner["birth_date"]) < "2024-12-31"


def test_incomes_and_savings_differ_to_the_cent():
    df = synthesize(5000, 1)
    incomes = df.select(pl.col("income").list.first().struct.field("monthly_net_cents")).to_series().drop_nulls()
    savings = df["assets.savings_cents"].drop_nulls().filter(df["assets.savings_cents"].drop_nulls() > 0)
    assert incomes.n_unique() > 0.9 * len(incomes)
    assert savings.n_unique() > 0.9 * len(savings)
