"""Population screening at scale: `crosslaw screen` over a synthetic population, end to end.

Prints, in one run:
  * the rows/s and end-to-end seconds of `crosslaw screen POPULATION.parquet --date D --output RESULT.parquet`
    (a child process: read Parquet, all four laws and every conflict, missing facts, write Parquet);
  * that child's peak RSS (from getrusage of the child: the real process, not this one);
  * the per-resident loop's rows/s (Engine.evaluate over residents of the same population, in a child
    process too) and the ratio between the two.

Not part of the test suite (a million rows takes minutes on a shared machine); CI screens small
populations in tests/test_screening_*.py.

    .venv/bin/python benchmarks/bench_screen.py                 # 1,000,000 residents
    .venv/bin/python benchmarks/bench_screen.py --n 100000 --compare 2025-12-31 --stages
    .venv/bin/python benchmarks/bench_screen.py --households 20000 --date 2026-03-10 --compare 2026-03-09

With ``--households N`` the population is N household rows (``persons`` and ``relations``) made from
examples/gezin_samira_jayden.yaml: the mother and her son with birth dates moved by up to two years
(seeded), half of them with a second child and a third with an unknown intensive care need, so the
expansion to one row per person and the conflicts between persons (screening/pairs.py) are measured;
the per-resident loop is then Engine.evaluate per household.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CROSSLAW = [sys.executable, "-m", "crosslaw"]

LOOP = r"""
import sys, time
from datetime import date
import polars as pl
from crosslaw import Engine
from crosslaw.screening.schema import conform, row_situation
engine = Engine()
on = date.fromisoformat(sys.argv[2])
rows = conform(pl.read_parquet(sys.argv[1]).head(int(sys.argv[3]))).to_dicts()
situations = [row_situation(r) for r in rows]
for s in situations[:200]:
    engine.evaluate(s, on=on)          # warm up: caches and the Rete network
t = time.perf_counter()
for s in situations:
    engine.evaluate(s, on=on)
print(len(situations) / (time.perf_counter() - t))
"""


HOUSEHOLD_LOOP = r"""
import sys, time
from datetime import date
import polars as pl
from crosslaw import Engine
from crosslaw.screening.households import expand
engine = Engine()
on = date.fromisoformat(sys.argv[2])
_, households = expand(pl.read_parquet(sys.argv[1]).head(int(sys.argv[3])).to_dicts())
hs = list(households.values())
for h in hs[:20]:
    engine.evaluate(h, on=on)          # warm up
t = time.perf_counter()
for h in hs:
    engine.evaluate(h, on=on)
print(len(hs) / (time.perf_counter() - t))
"""


def household_population(n: int, seed: int, path: Path) -> int:
    """``n`` household rows after examples/gezin_samira_jayden.yaml, varied (see the docstring);
    returns the number of persons."""
    import copy
    import random
    from datetime import date, timedelta

    import polars as pl
    import yaml

    base = yaml.safe_load((HERE.parent / "examples" / "gezin_samira_jayden.yaml").read_text())
    base.pop("peildatum", None)
    rng = random.Random(seed)
    records, persons = [], 0

    def shifted(d: object, days: int) -> str:
        return (date.fromisoformat(str(d)) + timedelta(days=days)).isoformat()

    for i in range(n):
        h = copy.deepcopy(base)
        h["case_ref"] = f"gezin-{i}"
        mother, son = h["persons"]
        mother["person"]["birth_date"] = shifted(mother["person"]["birth_date"], rng.randint(-730, 730))
        son["person"]["birth_date"] = shifted(son["person"]["birth_date"], rng.randint(-730, 20))
        if rng.random() < 0.5:
            sister = copy.deepcopy(son)
            sister["ref"] = "noor"
            sister["person"]["birth_date"] = shifted(son["person"]["birth_date"], rng.randint(300, 2000))
            h["persons"].append(sister)
            h["relations"].append({"type": "ouder", "parent": mother["ref"], "child": "noor"})
        if rng.random() < 0.33:
            son.pop("intensive_care_needs", None)
        persons += len(h["persons"])
        records.append(h)
    pl.DataFrame(records, infer_schema_length=None).write_parquet(path)
    return persons


STAGES = r"""
import sys, time, resource
from datetime import date
from pathlib import Path
import polars as pl
import crosslaw.screening.columnar as columnar, crosslaw.screening.result as result, crosslaw.screening.stream as stream
import crosslaw.screening.summary as summary, crosslaw.screening.io as io, crosslaw.screening.schema as schema
from crosslaw.screening import Screening
from crosslaw.screening.missing import Slots
cpu, calls = {}, {}
def timed(owner, name, label):
    fn = getattr(owner, name)
    def wrapper(*a, **k):
        t = time.process_time()
        try:
            return fn(*a, **k)
        finally:
            cpu[label] = cpu.get(label, 0.0) + time.process_time() - t
            calls[label] = calls.get(label, 0) + 1
    setattr(owner, name, wrapper)
timed(io, "read_population_households", "read Parquet")
timed(schema, "conform", "conform (types, values)")
timed(result, "pseudonym_column", "pseudonyms (HMAC)")
timed(columnar.Screener, "evaluate", "evaluate: all levels")
timed(columnar.Screener, "_aggregate", "  of which aggregates (lists)")
timed(columnar.Screener, "_island", "  of which Decimal islands")
timed(result, "build_result", "evaluate + result columns")
if hasattr(result, "pair_columns"):
    timed(result, "pair_columns", "  of which conflicts between persons")
import crosslaw.screening.households as households
timed(households, "expand_table", "households: one row per person")
timed(summary.Tally, "add", "summary counts")
timed(summary.Tally, "compare", "transitions (changed)")
timed(stream._Writer, "write", "write Parquet row groups")
dates = [date.fromisoformat(d) for d in sys.argv[2].split(",")]
t0 = time.process_time()
df, _ = io.read_population_households(Path(sys.argv[1]))
df = schema.conform(df)
s = Screening()
slots = Slots.for_table(df)
stream.screen_in_slices(s, df, dates, slots, key=b"benchmark-key-not-a-secret-0123456789", output=Path(sys.argv[3]), metadata={})
total = time.process_time() - t0
for label in cpu:
    print(f"  {label:32s} {cpu[label]:7.2f} s CPU  ({calls[label]} calls)")
print(f"  {'total (this process)':32s} {total:7.2f} s CPU; peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20:.2f} GiB")
"""

CPU: dict[str, float] = {}


def child(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, int, str]:
    """Run ``cmd``; wall seconds, that child's own peak RSS in bytes (GNU time -v), its stdout.
    The child's user+system CPU seconds are left in CPU["last"]."""
    timed = ["/usr/bin/time", "-v"] + cmd if os.path.exists("/usr/bin/time") else cmd
    t = time.perf_counter()
    proc = subprocess.run(timed, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    rss = 0
    CPU["last"] = 0.0
    for line in proc.stderr.splitlines():
        if "Maximum resident set size" in line:
            rss = int(line.rsplit(":", 1)[1]) * 1024
        if "User time (seconds)" in line or "System time (seconds)" in line:
            CPU["last"] += float(line.rsplit(":", 1)[1])
    if not rss:  # no GNU time: the largest child so far (KiB on Linux)
        rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    return wall, rss, proc.stdout


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--date", default="2026-01-01")
    ap.add_argument("--compare", default=None)
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--loop-rows", type=int, default=3000, help="residents the per-resident loop evaluates")
    ap.add_argument("--dir", default=None, help="keep the population and result here")
    ap.add_argument("--stages", action="store_true", help="also print the CPU seconds per stage (a second, instrumented run)")
    ap.add_argument("--households", type=int, default=None, help="screen N household rows instead of the synthetic residents")
    args = ap.parse_args()

    work = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="crosslaw-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    population = work / f"population-{args.n}-{args.seed}.parquet"
    result = work / "result.parquet"
    env = {**os.environ, "CROSSLAW_PSEUDONYM_KEY": os.environ.get("CROSSLAW_PSEUDONYM_KEY", "benchmark-key-not-a-secret-0123456789")}

    if args.households:
        population = work / f"households-{args.households}-{args.seed}.parquet"
        persons = household_population(args.households, args.seed, population)
        print(f"households: {args.households:,} household rows, {persons:,} persons")
        args.n = persons
    elif not population.exists():
        wall, _, _ = child(CROSSLAW + ["synth", "--n", str(args.n), "--seed", str(args.seed), "--output", str(population)], env)
        print(f"synth: {args.n:,} residents in {wall:.1f} s ({population.stat().st_size / 1e6:.0f} MB Parquet)")

    cmd = CROSSLAW + ["screen", str(population), "--date", args.date, "--output", str(result), "--format", "json"]
    if args.compare:
        cmd += ["--compare", args.compare]
    if args.workers:
        cmd += ["--workers", str(args.workers)]
    wall, rss, _ = child(cmd, env)
    dates = 2 if args.compare else 1
    rows_per_s = args.n * dates / wall
    print(f"crosslaw screen: {args.n:,} residents x {dates} date(s), end to end {wall:.1f} s "
          f"(read Parquet, all laws and conflicts, write Parquet): {rows_per_s:,.0f} rows/s")
    if CPU["last"]:
        print(f"crosslaw screen: {CPU['last']:.1f} CPU seconds (user+system, all threads): {args.n * dates / CPU['last']:,.0f} rows per CPU second")
    print(f"crosslaw screen: peak RSS of the child process {rss / 2**30:.2f} GiB")
    print(f"result: {result.stat().st_size / 1e6:.0f} MB Parquet")

    if args.stages:
        dates_arg = ",".join([args.date] + ([args.compare] if args.compare else []))
        _, _, out = child([sys.executable, "-c", STAGES, str(population), dates_arg, str(work / "stages.parquet")], env)
        print("where the CPU time goes (an instrumented run of the same screening, slices of 100,000 rows):")
        print(out.rstrip())

    if args.households:
        n_loop = max(1, args.loop_rows // 10)
        _, _, out = child([sys.executable, "-c", HOUSEHOLD_LOOP, str(population), args.date, str(n_loop)], env)
        loop = float(out.strip()) * persons / args.households  # persons per second
        print(f"per-household loop (Engine.evaluate of the household, one process): {loop:,.0f} persons/s over {n_loop:,} households")
    else:
        _, _, out = child([sys.executable, "-c", LOOP, str(population), args.date, str(args.loop_rows)], env)
        loop = float(out.strip())
        print(f"per-resident loop (Engine.evaluate, one process): {loop:,.0f} rows/s over {args.loop_rows:,} residents")
    print(f"ratio columnar / per-resident: {rows_per_s / loop:,.0f}x")
    print(f"cores: {os.cpu_count()}, load average {os.getloadavg()[0]:.1f} (a shared machine drifts; compare runs on a quiet host)")


if __name__ == "__main__":
    main()
