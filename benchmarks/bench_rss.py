"""Memory of one long-running process: RSS after N varied evaluations (default 50,000).

    python benchmarks/bench_rss.py [--n 50000] [--every 10000]

Prints the resident set size (VmRSS) after loading and every ``--every`` evaluations, the peak
(ru_maxrss), the longest full garbage collection and the CPU time of the evaluating process.
The situations are fresh synthetic residents (all four laws, see bench.py) varied in every way
the engine's caches key on: any day of 2025-2026, household size, list lengths (incomes up to
200 items, the limit), unknown fields inside list items. They are generated in a child process
and streamed as JSON lines, so the figures are the engine's alone (the generator's polars
tables stay out of them). Target: under 300 MB after 50,000. Asserts nothing.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import resource
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Iterator

sys.path.insert(0, str(Path(__file__).resolve().parent))


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def varied(rng: random.Random, i: int, cases: Iterator[tuple[dict, date]]) -> tuple[dict, date]:
    """A fresh synthetic resident (all four laws) on a random day of 2025-2026, sometimes
    with a long list whose items miss facts: every kind of key the caches could grow on."""
    on = date(2025, 1, 1) + timedelta(days=rng.randint(0, 540))
    s = next(cases)[0]
    if i % 7 == 0:  # a long income list, some items with an unknown amount or kind
        s["income"] = [{"kind": rng.choice(["loon", "ww", "overig", None]),
                        "monthly_net_cents": rng.choice([rng.randint(0, 90000), None])}
                       for _ in range(rng.randint(20, 200))]
    if i % 11 == 0:
        s.setdefault("household", {})["members"] = [
            {"birth_date": (on - timedelta(days=rng.randint(0, 80 * 365))).isoformat(),
             "relation": rng.choice(["kind", "huisgenoot", None])}
            for _ in range(rng.randint(5, 50))]
    return s, on


def generate(n: int, seed: int) -> None:
    """The child: ``n`` varied situations as JSON lines on stdout."""
    from bench import fresh_cases

    rng = random.Random(seed)
    cases = fresh_cases(seed)
    out = sys.stdout
    for i in range(1, n + 1):
        s, on = varied(rng, i, cases)
        out.write(json.dumps([s, on.isoformat()], default=str) + "\n")
    out.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=50_000)
    parser.add_argument("--every", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--generate", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate:
        generate(args.n, args.seed)
        return

    from crosslaw import Engine

    engine = Engine()
    print(f"after loading the rules: RSS {rss_mb():.0f} MB")
    child = subprocess.Popen([sys.executable, __file__, "--generate", "--n", str(args.n), "--seed", str(args.seed)],
                             stdout=subprocess.PIPE, text=True, bufsize=1 << 20)
    assert child.stdout is not None
    longest_gc = 0.0
    t0 = time.perf_counter()
    cpu0 = time.process_time()
    i = 0
    for line in child.stdout:
        s, on = json.loads(line)
        engine.evaluate(s, on=date.fromisoformat(on))
        i += 1
        if i % args.every == 0 or i == args.n:
            g = time.perf_counter()
            gc.collect()
            longest_gc = max(longest_gc, time.perf_counter() - g)
            print(f"after {i:>6} evaluations: RSS {rss_mb():.0f} MB  ({time.perf_counter() - t0:.0f} s wall, "
                  f"{time.process_time() - cpu0:.0f} s CPU)", flush=True)
    child.wait()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS (ru_maxrss): {peak:.0f} MB; longest full collection: {longest_gc * 1000:.0f} ms; "
          f"CPU per evaluation: {(time.process_time() - cpu0) / max(i, 1) * 1000:.2f} ms; target: under 300 MB; "
          f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
