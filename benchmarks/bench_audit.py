"""Audit-log benchmark: prints a table, asserts nothing (speed is measured, not tested).

    python benchmarks/bench_audit.py [--appends 2000] [--procs 4] [--per-proc 250] [--entries 100000]

For SQLite (a fresh file in a temporary folder) and, when CROSSLAW_TEST_PG_URL is set (or
--pg-url is given), PostgreSQL (a fresh schema, dropped afterwards):

- durable appends/s from one writer (every append committed to disk before the next starts),
- durable appends/s with several writer processes on the same log at once,
- the time to verify a log of --entries entries (built in bulk first; that time is shown too).

Runs without CROSSLAW_LOG_KEY (plain SHA-256); --key sets one (HMAC-SHA-256).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from crosslaw.audit.entry import KEY_ENV  # noqa: E402
from crosslaw.audit.open import open_log  # noqa: E402


def _payload(i: int) -> dict:
    return {"reden": "cliënt kan de eigen bijdrage niet dragen; afwijking van art. 2.1.4 Wmo 2015",
            "regel": "wmo2015.eigen_bijdrage", "medewerker": f"m{i % 40}", "n": i}


def _writer(url: str, worker: int, count: int, barrier) -> None:
    log = open_log(url)
    barrier.wait(timeout=120)
    for i in range(count):
        log.append("proposed", f"w{worker}-{i}", f"case-{worker}", _payload(i))
    log.close()


def measure(url: str, args: argparse.Namespace) -> dict[str, str]:
    row: dict[str, str] = {}
    log = open_log(url)
    try:
        started = time.perf_counter()
        for i in range(args.appends):
            log.append("proposed", f"dev-{i}", f"case-{i % 97}", _payload(i))
        row["appends/s (1 writer)"] = f"{args.appends / (time.perf_counter() - started):,.0f}"

        ctx = multiprocessing.get_context("spawn")
        barrier = ctx.Barrier(args.procs + 1)
        procs = [ctx.Process(target=_writer, args=(url, w, args.per_proc, barrier)) for w in range(args.procs)]
        for proc in procs:
            proc.start()
        barrier.wait(timeout=120)
        started = time.perf_counter()
        for proc in procs:
            proc.join()
        elapsed = time.perf_counter() - started
        if any(proc.exitcode for proc in procs):
            raise RuntimeError("a writer process failed")
        row[f"appends/s ({args.procs} processes)"] = f"{args.procs * args.per_proc / elapsed:,.0f}"

        have = log.head().seq
        started = time.perf_counter()
        chunk = 20_000
        for start in range(have, args.entries, chunk):
            log.append_many([{"kind": "proposed", "deviation_id": f"dev-{i}", "case": f"case-{i % 97}",
                              "payload": _payload(i)} for i in range(start, min(start + chunk, args.entries))])
        row["bulk build"] = f"{time.perf_counter() - started:.1f} s"

        started = time.perf_counter()
        result = log.verify(log.head())
        elapsed = time.perf_counter() - started
        if not result.ok:
            raise RuntimeError(f"verify failed: {result}")
        row[f"verify {result.entries:,} entries"] = f"{elapsed:.2f} s"
    finally:
        log.close()
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--appends", type=int, default=2000, help="appends timed from one writer")
    parser.add_argument("--procs", type=int, default=4, help="writer processes appending at once")
    parser.add_argument("--per-proc", type=int, default=250, help="appends per writer process")
    parser.add_argument("--entries", type=int, default=100_000, help="size of the log to verify")
    parser.add_argument("--pg-url", default=os.environ.get("CROSSLAW_TEST_PG_URL"))
    parser.add_argument("--key", help="set CROSSLAW_LOG_KEY for the run (HMAC chain)")
    args = parser.parse_args()
    if args.key:
        os.environ[KEY_ENV] = args.key
    else:
        os.environ.pop(KEY_ENV, None)

    rows: dict[str, dict[str, str]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        rows["SQLite"] = measure(str(Path(tmp) / "audit.db"), args)

    if args.pg_url:
        import psycopg

        schema = f"crosslaw_bench_{uuid.uuid4().hex[:8]}"
        separator = "&" if "?" in args.pg_url else "?"
        try:
            rows["PostgreSQL"] = measure(f"{args.pg_url}{separator}schema={schema}", args)
        finally:
            with psycopg.connect(args.pg_url, autocommit=True) as conn:
                conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    else:
        print("PostgreSQL skipped: set CROSSLAW_TEST_PG_URL (eval \"$(bash .ci/postgres.sh)\")\n")

    metrics = list(next(iter(rows.values())))
    width = max(map(len, metrics))
    print(f"{'':{width}}  " + "  ".join(f"{name:>12}" for name in rows))
    for metric in metrics:
        print(f"{metric:{width}}  " + "  ".join(f"{row.get(metric, '-'):>12}" for row in rows.values()))
    print(f"\n(durable: SQLite WAL with synchronous=FULL, PostgreSQL synchronous_commit=on; "
          f"{'HMAC-SHA-256 with a key' if args.key else 'SHA-256, no key'}; {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
