"""Screening slice by slice (screening/stream.py) gives exactly what one screen() of the whole table gives:
the Parquet file, the summary with its transitions, and the rows --verify-sample checks."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from crosslaw.screening import Screening
from crosslaw.screening.io import write_result
from crosslaw.screening.missing import Slots
from crosslaw.screening.stream import screen_in_slices
from crosslaw.screening.summary import summarize
from crosslaw.screening.synth import synthesize
from crosslaw.screening.verify import verify_sample

KEY = b"een-sleutel-van-de-test-van-32-bytes-of-meer"
DATES = [date(2026, 1, 1), date(2025, 12, 31)]


@pytest.fixture(scope="module")
def case(engine):
    df = synthesize(900, 4)
    s = Screening(engine.rules)
    slots = Slots.for_table(df)
    whole = {d: s.screen(df, d, key=KEY, slots=slots) for d in DATES}
    return s, df, slots, whole


@pytest.mark.parametrize("chunk_rows", [250, 900, 5000])
def test_slices_write_the_same_file_and_summary(case, tmp_path, chunk_rows):
    s, df, slots, whole = case
    meta = {"crosslaw.missing_slots": "x"}
    write_result(pl.concat([whole[d] for d in DATES], how="diagonal_relaxed"), tmp_path / "whole.parquet", meta)
    run = screen_in_slices(s, df, DATES, slots, KEY, output=tmp_path / "sliced.parquet", metadata=meta,
                           chunk_rows=chunk_rows)
    a, b = pl.read_parquet(tmp_path / "whole.parquet"), pl.read_parquet(tmp_path / "sliced.parquet")
    assert a.schema == b.schema
    assert a.equals(b)
    import pyarrow.parquet as pq

    assert pq.read_schema(tmp_path / "sliced.parquet").metadata[b"crosslaw.missing_slots"] == b"x"
    want = summarize(s.rules, whole[DATES[0]], DATES[0], whole[DATES[1]], DATES[1])
    got = summarize(s.rules, run.tallies[DATES[0]], DATES[0], run.tallies[DATES[1]], DATES[1])
    assert got == want
    assert any(t["changed"] for t in got["transitions"])  # not vacuous: residents change status between the dates


def test_slices_keep_every_row_verify_sample_checks(case, engine):
    s, df, slots, whole = case
    run = screen_in_slices(s, df, DATES[:1], slots, KEY, chunk_rows=200, verify_n=30)
    on = DATES[0]
    calls: list[list[int]] = []

    class Spy:
        def evaluate(self, situation, on, deviations=()):
            calls[-1].append(situation.get("case_ref"))
            return engine.evaluate(situation, on=on, deviations=deviations)

    calls.append([])
    n_whole, bad_whole = verify_sample(Spy(), df, whole[on], on, slots, 30)
    calls.append([])
    n_sliced, bad_sliced = verify_sample(Spy(), df, run.verification.rows_of(on), on, slots, 30, total=df.height)
    assert n_whole == n_sliced > 30
    assert calls[0] == calls[1]
    assert bad_whole == bad_sliced == []
