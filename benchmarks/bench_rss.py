"""Memory of one long-running process: RSS after N varied evaluations (default 50,000).

    python benchmarks/bench_rss.py [--n 50000] [--every 10000]

Prints the resident set size (VmRSS) after loading and every ``--every`` evaluations, the peak
(ru_maxrss) and the longest full garbage collection. The situations vary in every way the
engine's caches key on: dates, household size, list lengths (incomes up to 200 items, the
limit), unknown fields inside list items. Target: under 300 MB after 50,000. Asserts nothing.
"""

from __future__ import annotations

import argparse
import gc
import random
import resource
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import situation  # noqa: E402  (the throughput benchmark's generator)


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def varied(rng: random.Random, i: int) -> tuple[dict, date]:
    on = date(2025, 1, 1) + timedelta(days=rng.randint(0, 540))
    s = situation(rng, on)
    if i % 7 == 0:  # a long income list, some items with an unknown amount or kind
        s["income"] = [{"kind": rng.choice(["loon", "ww", "overig", None]),
                        "monthly_net_cents": rng.choice([rng.randint(0, 90000), None])}
                       for _ in range(rng.randint(20, 200))]
    if i % 11 == 0:
        s["household"]["members"] = [{"birth_date": (on - timedelta(days=rng.randint(0, 80 * 365))).isoformat(),
                                      "relation": rng.choice(["kind", "huisgenoot", None])}
                                     for _ in range(rng.randint(5, 50))]
    return s, on


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=50_000)
    parser.add_argument("--every", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()

    from crosslaw import Engine

    engine = Engine()
    rng = random.Random(args.seed)
    print(f"after loading the rules: RSS {rss_mb():.0f} MB")
    longest_gc = 0.0
    t0 = time.perf_counter()
    for i in range(1, args.n + 1):
        s, on = varied(rng, i)
        engine.evaluate(s, on=on)
        if i % args.every == 0 or i == args.n:
            g = time.perf_counter()
            gc.collect()
            longest_gc = max(longest_gc, time.perf_counter() - g)
            print(f"after {i:>6} evaluations: RSS {rss_mb():.0f} MB  ({time.perf_counter() - t0:.0f} s)", flush=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS (ru_maxrss): {peak:.0f} MB; longest full collection: {longest_gc * 1000:.0f} ms; target: under 300 MB")


if __name__ == "__main__":
    main()
