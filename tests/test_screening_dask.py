"""The Dask path gives exactly the single-process result (a real LocalCluster, two worker processes)."""

from __future__ import annotations

from datetime import date

import pytest

distributed = pytest.importorskip("distributed")


def test_localcluster_with_two_workers_equals_single_process(engine):
    from crosslaw.screening import Screening
    from crosslaw.screening.distributed import screen_distributed
    from crosslaw.screening.synth import synthesize

    df = synthesize(400, 11)
    dates = [date(2025, 12, 31), date(2026, 1, 1)]
    single = {d: Screening(engine.rules).screen(df, d, key=b"sleutel-voor-de-test") for d in dates}
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        multi = screen_distributed(client, df, dates, key=b"sleutel-voor-de-test")
        assert len(client.scheduler_info()["workers"]) == 2
    for d in dates:
        assert multi[d].equals(single[d].select(multi[d].columns)), d
        assert set(multi[d].columns) == set(single[d].columns)


def test_screen_dask_on_a_dask_dataframe_equals_screen():
    dd = pytest.importorskip("dask.dataframe")
    import crosslaw
    from crosslaw.screening.synth import synthesize

    df = synthesize(300, 2)
    ddf = dd.from_pandas(df.to_pandas(use_pyarrow_extension_array=True), npartitions=3)
    on = date(2026, 1, 1)
    from crosslaw.screening import Screening
    from crosslaw.screening.distributed import layout

    got = crosslaw.screen_dask(ddf, on)
    want = Screening().screen(df, on, slots=layout(16))  # the layout screen_dask gives every partition
    assert got.height == 300 and set(got.columns) == set(want.columns)
    assert got.equals(want.select(got.columns))
