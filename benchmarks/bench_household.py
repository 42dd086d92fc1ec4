"""Household benchmark: a household of five against one person (issue 11: within 3x).

    python benchmarks/bench_household.py [--rounds 5] [--n 200]

Prints figures, asserts nothing. "Single" is the mother of the household as a single-person file
(today's shape: her children as member records); "household" is the same family with every person
described and evaluated under the laws that concern them, plus the conflicts between them.
"""

from __future__ import annotations

import argparse
import copy
import os
import statistics
import time
from datetime import date
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
ON = date(2026, 3, 9)


def household_of_five() -> dict:
    """Samira and Jayden (examples/gezin_samira_jayden.yaml), plus a partner, a daughter of 10 and a son of 19."""
    h = yaml.safe_load((ROOT / "examples" / "gezin_samira_jayden.yaml").read_text())
    samira, jayden = h["persons"]
    partner = copy.deepcopy(samira) | {"ref": "marco"}
    partner["person"] = dict(samira["person"], birth_date="1980-05-05")
    partner["income"] = [{"kind": "loon", "monthly_net_cents": 90000}]
    partner["care"] = dict(samira["care"], mental_health_support=False)
    daughter = copy.deepcopy(jayden) | {"ref": "lina", "intensive_care_needs": False}
    daughter["person"] = dict(jayden["person"], birth_date="2015-09-01")
    daughter["care"] = dict(jayden["care"], youth_care_in_progress=False)
    older = copy.deepcopy(jayden) | {"ref": "noah", "intensive_care_needs": False}
    older["person"] = dict(jayden["person"], birth_date="2006-11-11")
    older["care"] = dict(jayden["care"], youth_care_in_progress=False)
    h["persons"] = [samira, partner, jayden, daughter, older]
    h["relations"] = [
        {"type": "partner", "persons": ["samira", "marco"], "married": True, "joint_household": True,
         "partner_kinship": "geen", "cohabitation_for_care": False},
        {"type": "ouder", "parent": "samira", "child": "jayden"},
        {"type": "ouder", "parent": "samira", "child": "lina"},
        {"type": "ouder", "parent": "samira", "child": "noah"},
        {"type": "ouder", "parent": "marco", "child": "lina"},
    ]
    return h


def timed(fn, n: int, rounds: int) -> list[float]:
    out = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        for _ in range(n):
            fn()
        out.append((time.perf_counter() - t0) / n * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100, help="evaluations per round")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    try:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    except (AttributeError, OSError):
        pass
    from crosslaw import Engine
    from crosslaw.household.parse import parse_household
    from crosslaw.household.project import project

    engine = Engine()
    five = parse_household(household_of_five())
    single = project(five, "samira").situation  # the mother with her family as today's member records
    engine.evaluate(single, on=ON)
    engine.evaluate(five, on=ON)  # warm up (the conflicts between persons get their Rete network)
    s = timed(lambda: engine.evaluate(single, on=ON), args.n, args.rounds)
    h = timed(lambda: engine.evaluate(five, on=ON), max(1, args.n // 5), args.rounds)
    ms, mh = statistics.median(s), statistics.median(h)
    print(f"{'':28} {'median ms':>10} {'best ms':>10}")
    print(f"{'one person':28} {ms:10.2f} {min(s):10.2f}")
    print(f"{'household of five':28} {mh:10.2f} {min(h):10.2f}")
    print(f"ratio (median): {mh / ms:.2f}x   ratio (best): {min(h) / min(s):.2f}x   (target: within 3x)")


if __name__ == "__main__":
    main()
