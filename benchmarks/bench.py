"""crosslaw benchmark: prints a table, asserts nothing (speed is measured, not tested).

    python benchmarks/bench.py [--n 10000]

Measures, on one core: rule loading, warm single-evaluation latency (p50/p99),
evaluations per second over N generated situations, the cold start of
``crosslaw evaluate`` as a fresh process, and peak memory.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATES = [date(2025, 1, 1), date(2025, 7, 1), date(2025, 12, 31), date(2026, 1, 1), date(2026, 6, 1)]


def situation(rng: random.Random, on: date) -> dict:
    """A varied, mostly complete situation; about one in four leaves a fact unknown."""
    def bd(lo: int, hi: int) -> str:
        return (on - timedelta(days=rng.randint(lo * 365, hi * 365))).isoformat()

    married = rng.random() < 0.3
    s = {
        "person": {"birth_date": bd(18, 80), "residence_status": rng.choice(["nederlander", "gelijkgesteld", "niet_gelijkgesteld"]),
                   "lives_in_netherlands": rng.random() < 0.95, "address_kind": rng.choice(["woonadres", "briefadres", "dakloos", "instelling"]),
                   "detained": rng.random() < 0.05, "days_abroad_this_year": rng.choice([0, 0, 10, 40])},
        "household": {"married": married, "joint_household": False, "partner_kinship": "geen", "cohabitation_for_care": False,
                      "partner": {"birth_date": bd(18, 80)} if married else None,
                      "members": [{"birth_date": bd(0, 80), "relation": rng.choice(["kind", "ouder", "huisgenoot"]),
                                   "study_finance_entitlement": rng.random() < 0.2, "commercial_basis": rng.random() < 0.2}
                                  for _ in range(rng.randint(0, 3))]},
        "income": [{"kind": rng.choice(["loon", "ww", "alimentatie", "kinderbijslag"]), "monthly_net_cents": rng.randint(0, 250000), "of_partner": False}
                   for _ in range(rng.randint(0, 2))],
        "gifts": {"received_this_year_cents": rng.choice([0, 0, 50000, 200000])},
        "assets": {"savings_cents": rng.randint(0, 2_000_000), "other_cents": 0, "home_equity_cents": rng.choice([0, 0, 8_000_000])},
        "debts": {"total_cents": rng.randint(0, 1_000_000), "debt_relief": rng.choice(["geen", "minnelijk", "wsnp"])},
        "work": {"income_exemption_months_used": rng.randint(0, 8)},
        "health": {"fully_and_lastingly_incapacitated": rng.random() < 0.1},
        "education": {"study_finance_entitlement": rng.random() < 0.1},
        "care": {"temporary_stay_for_informal_care": rng.random() < 0.1},
        "obligations": {"violations": [{"kind": rng.choice(["arbeidsverplichting", "inlichtingenplicht", "overig"]),
                                        "blame_absent": rng.random() < 0.3, "urgent_reasons": rng.random() < 0.2}
                                       for _ in range(rng.randint(0, 1))]},
        "assessment": {"urgent_reasons_for_exemption": rng.random() < 0.2, "single_parent_exemption_requested": rng.random() < 0.5,
                       "search_period_waived": rng.random() < 0.3, "income_exemption_supports_work": True,
                       "gifts_justified": rng.random() < 0.5, "cannot_rely_on_parents": rng.random() < 0.3},
    }
    if rng.random() < 0.25:
        s["income"] = None
    return s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="situations for the throughput run")
    parser.add_argument("--rules", default=None, help="a rules directory (default: the shipped rules), e.g. one law only")
    parser.add_argument("--gc-freeze", action="store_true",
                        help="call gc.freeze() after loading, as a long-running service may (README, Benchmark)")
    args = parser.parse_args()
    try:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    except (AttributeError, OSError):
        pass

    t0 = time.perf_counter()
    from crosslaw import Engine  # noqa: E402  (import is part of what we measure)

    engine = Engine(args.rules)
    load_s = time.perf_counter() - t0

    rng = random.Random(2026)
    cases = [(situation(rng, d := rng.choice(DATES)), d) for _ in range(args.n)]
    for s, d in cases[:200]:  # warm up
        engine.evaluate(s, on=d)
    if args.gc_freeze:
        gc.freeze()  # the rules, the Rete network and the inputs leave the cyclic collector's scans

    latencies = []
    for s, d in cases[:2000]:
        t = time.perf_counter()
        engine.evaluate(s, on=d)
        latencies.append((time.perf_counter() - t) * 1000)
    latencies.sort()
    p50 = latencies[len(latencies) // 2]
    p99 = latencies[int(len(latencies) * 0.99)]

    # five rounds: a shared host's speed drifts by 10-20 % over minutes, so one round alone says
    # little. The table gives the median and the best round; as with timeit, the best round is the
    # estimate of what the core can do (interference only ever slows a round down)
    rounds = []
    for _ in range(5):
        t = time.perf_counter()
        for s, d in cases:
            engine.evaluate(s, on=d)
        rounds.append(len(cases) / (time.perf_counter() - t))
    per_s = statistics.median(rounds)

    example = ROOT / "examples" / "alleenstaande.yaml"
    colds = []
    for _ in range(5):
        t = time.perf_counter()
        rules = ["--rules", args.rules] if args.rules else []
        subprocess.run([sys.executable, "-m", "crosslaw", "evaluate", str(example), *rules], check=True, capture_output=True)
        colds.append(time.perf_counter() - t)
    cold = statistics.median(colds)

    own_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    laws = ", ".join(engine.rules.laws)
    n_rules = sum(len(v) for v in engine.rules.rules.values())

    rows = [
        ("rule set", f"{laws} ({n_rules} rule versions)", ""),
        ("load rules + build Rete (in process)", f"{load_s * 1000:.0f} ms", ""),
        ("single evaluation, warm, p50", f"{p50:.3f} ms", "target <= 2 ms"),
        ("single evaluation, warm, p99", f"{p99:.3f} ms", ""),
        (f"throughput, {len(cases):,} situations, 1 core (median)", f"{per_s:,.0f} evaluations/s", "target >= 1,000/s"),
        ("  five rounds: slowest / best", f"{min(rounds):,.0f} / {max(rounds):,.0f} evaluations/s", ""),
        ("cold start `crosslaw evaluate` (median of 5)", f"{cold * 1000:.0f} ms", "target <= 1 s"),
        ("peak memory, benchmark process", f"{own_mb:.0f} MB", ""),
        ("peak memory, cold-start process", f"{child_mb:.0f} MB", ""),
    ]
    width = max(len(r[0]) for r in rows)
    frozen = " · gc.freeze() after loading" if args.gc_freeze else ""
    print(f"crosslaw benchmark · Python {sys.version.split()[0]} · {os.cpu_count()} cpu(s) visible, pinned to 1{frozen}")
    for name, value, target in rows:
        print(f"  {name:<{width}}  {value:>28}  {target}")


if __name__ == "__main__":
    main()
