"""crosslaw benchmark: prints a table, asserts nothing (speed is measured, not tested).

    python benchmarks/bench.py [--steady 20000] [--rounds 3] [--round-size 5000]

Measures the per-resident path on one core, honestly:

* the situations are residents of the synthetic population (crosslaw synth: archetypes of
  all four laws, varied per seed), and every phase and every round evaluates FRESH ones, so
  no cache sees a case twice unless the population itself repeats it;
* latency p50/p99 in the early phase (the first 2,000 evaluations after warm-up) and in the
  steady state (after ``--steady`` evaluations, default 20,000), so cache growth shows;
* throughput in rounds of fresh cases (median and best);
* the cold start of ``crosslaw evaluate`` as a fresh process (wall and CPU, after one warm-up
  run that fills the bytecode and parsed-rules caches), and that child's own peak RSS
  (wait4 in a small launcher process: not this process's figure, see _LAUNCHER);
* this process's resident memory before and after the steady-state run (cache growth);
* the hit rate of the explainer's memo (engine/memo.py): the share of verdicts and computed
  values met before with the same inputs. The synthetic residents vary incomes and savings to
  the cent, so a verdict that reads an amount is rarely met twice.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parents[1]
DATES = [date(2025, 1, 1), date(2025, 7, 1), date(2025, 12, 31), date(2026, 1, 1), date(2026, 6, 1)]


def fresh_cases(seed: int) -> Iterator[tuple[dict, date]]:
    """Endless fresh situations: synthetic residents, 5,000 per seed, a new seed each batch."""
    from crosslaw.screening.schema import row_situation
    from crosslaw.screening.synth import synthesize

    rng = random.Random(seed)
    while True:
        for row in synthesize(5000, seed).to_dicts():
            yield row_situation(row), rng.choice(DATES)
        seed += 1


def take(it: Iterator, n: int) -> list:
    return [next(it) for _ in range(n)]


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def latencies(engine, cases) -> tuple[float, float, float, float]:
    """p50 and p99 wall time in ms, p50 CPU time of this thread in ms (what a busy shared host
    does not distort), and minor page faults per evaluation."""
    import resource

    out, cpu = [], []
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for s, d in cases:
        c = time.thread_time()
        t = time.perf_counter()
        engine.evaluate(s, on=d)
        out.append((time.perf_counter() - t) * 1000)
        cpu.append((time.thread_time() - c) * 1000)
    faults = (resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults) / len(cases)
    out.sort()
    cpu.sort()
    return out[len(out) // 2], out[int(len(out) * 0.99)], cpu[len(cpu) // 2], faults


# A small launcher process starts the child and reads its rusage with wait4. Started straight
# from this (large) process, the child's ru_maxrss would include this process's size: Linux
# counts the memory a child had between fork and exec, which is a copy of (or, with vfork, the
# very memory of) its parent. From a fresh interpreter of ~10 MB that floor is far below the
# figure measured.
_LAUNCHER = """
import os, subprocess, sys, time
t = time.perf_counter()
p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_, status, ru = os.wait4(p.pid, 0)
print(time.perf_counter() - t, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024, os.waitstatus_to_exitcode(status))
"""


def cold_start(args_rules: str | None) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + sys) and peak RSS (MiB) of one `crosslaw evaluate`
    child. The child may write bytecode (PYTHONDONTWRITEBYTECODE is dropped from its
    environment): an installed package has its .pyc files, and a first, unmeasured run (see
    main) fills them and the parsed-rules cache, as any earlier use of crosslaw would."""
    example = ROOT / "examples" / "alleenstaande.yaml"
    rules = ["--rules", args_rules] if args_rules else []
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    out = subprocess.run([sys.executable, "-c", _LAUNCHER, sys.executable, "-m", "crosslaw", "evaluate", str(example), *rules],
                         env=env, capture_output=True, text=True, check=True).stdout.split()
    wall, cpu, rss, code = float(out[0]), float(out[1]), float(out[2]), int(out[3])
    if code:
        sys.exit(f"crosslaw evaluate failed ({code})")
    return wall, cpu, rss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steady", type=int, default=20_000, help="fresh evaluations before the steady-state measurement")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--round-size", type=int, default=5000)
    parser.add_argument("--rules", default=None, help="a rules directory (default: the shipped rules)")
    parser.add_argument("--memo-limit", type=int, default=None,
                        help="Engine(memo_limit=...): 0 measures the engine without its memo (engine/memo.py)")
    parser.add_argument("--gc-freeze", action="store_true",
                        help="call gc.freeze() after loading, as a long-running service may (README, Benchmark)")
    args = parser.parse_args()
    try:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    except (AttributeError, OSError):
        pass

    t0 = time.perf_counter()
    from crosslaw import Engine  # noqa: E402  (import is part of what we measure)

    engine = Engine(args.rules) if args.memo_limit is None else Engine(args.rules, memo_limit=args.memo_limit)
    load_s = time.perf_counter() - t0

    cases = fresh_cases(1)
    for s, d in take(cases, 200):  # warm up
        engine.evaluate(s, on=d)
    if args.gc_freeze:
        gc.freeze()
    rss_before = rss_mb()
    early = take(cases, 2000)
    p50_early, p99_early, cpu_early, faults_early = latencies(engine, early)
    done = 2200
    while done < args.steady:  # the long run that grows caches, with fresh cases throughout
        batch = take(cases, min(5000, args.steady - done))
        for s, d in batch:
            engine.evaluate(s, on=d)
        done += len(batch)
    p50_steady, p99_steady, cpu_steady, faults_steady = latencies(engine, take(cases, 2000))
    rounds, cpu_rounds = [], []
    for _ in range(args.rounds):
        batch = take(cases, args.round_size)
        c = time.thread_time()
        t = time.perf_counter()
        for s, d in batch:
            engine.evaluate(s, on=d)
        rounds.append(len(batch) / (time.perf_counter() - t))
        cpu_rounds.append(len(batch) / (time.thread_time() - c))
    total = done + 2000 + args.rounds * args.round_size
    rss_after = rss_mb()
    memo = getattr(engine, "_memo", None)  # engine/memo.py (absent in versions before it: compare runs)

    cold_start(args.rules)  # warm-up: bytecode and parsed-rules caches, as after any earlier use
    colds = [cold_start(args.rules) for _ in range(5)]
    cold = statistics.median(c[0] for c in colds)
    cold_cpu = statistics.median(c[1] for c in colds)
    child_mb = max(c[2] for c in colds)

    laws = ", ".join(engine.rules.laws)
    n_rules = sum(len(v) for v in engine.rules.rules.values())
    rows = [
        ("rule set", f"{laws} ({n_rules} rule versions)", ""),
        ("load rules + build Rete (in process)", f"{load_s * 1000:.0f} ms", ""),
        ("early phase (first 2,000 fresh), p50 / p99 wall", f"{p50_early:.3f} / {p99_early:.3f} ms", ""),
        (f"steady state (after {done:,} fresh), p50 / p99 wall", f"{p50_steady:.3f} / {p99_steady:.3f} ms", "target p50 <= 0.5 ms"),
        ("p50 CPU time of the evaluating thread, early / steady", f"{cpu_early:.3f} / {cpu_steady:.3f} ms", ""),
        ("minor page faults per evaluation, early / steady", f"{faults_early:.1f} / {faults_steady:.1f}", ""),
        (f"throughput, {args.rounds} rounds of {args.round_size:,} fresh (median)", f"{statistics.median(rounds):,.0f} evaluations/s",
         "target >= 2,000/s"),
        ("  rounds: slowest / best", f"{min(rounds):,.0f} / {max(rounds):,.0f} evaluations/s", ""),
        ("  per CPU-second of the evaluating thread (median)", f"{statistics.median(cpu_rounds):,.0f} evaluations/s", ""),
        ("cold start `crosslaw evaluate` (median of 5), wall / CPU", f"{cold * 1000:.0f} / {cold_cpu * 1000:.0f} ms",
         "target <= 300 ms"),
        ("peak RSS of the cold-start child (wait4 via a launcher)", f"{child_mb:.1f} MiB", ""),
        (f"RSS of this process before / after {total:,} evaluations", f"{rss_before:.0f} / {rss_after:.0f} MiB", ""),
        ("explainer memo: hit rate over the run / entries held",
         f"{memo.hit_rate():.1%} / {len(memo.cache):,}" if memo else "(no memo)", ""),
    ]
    width = max(len(r[0]) for r in rows)
    frozen = " · gc.freeze() after loading" if args.gc_freeze else ""
    frozen += f" · memo_limit={args.memo_limit}" if args.memo_limit is not None else ""
    print(f"crosslaw benchmark · Python {sys.version.split()[0]} · {os.cpu_count()} cpu(s) visible, pinned to 1{frozen}"
          f" · load average {os.getloadavg()[0]:.1f}")
    for name, value, target in rows:
        print(f"  {name:<{width}}  {value:>30}  {target}")


if __name__ == "__main__":
    main()
