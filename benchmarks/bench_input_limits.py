"""How fast and how small hostile input is refused (the input limits of crosslaw.ruleset.yamlsource
and crosslaw.situation.limits). Prints seconds and peak traced memory per case; asserts nothing.

    python benchmarks/bench_input_limits.py

Target (issue 14): each refused within 1 s and 100 MB.
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))


def cases() -> dict:
    from test_input_limits import alias_bomb

    from crosslaw.ruleset.yamlsource import RULE_LIMITS, SITUATION_LIMITS, load_text
    from crosslaw.situation import parse_situation

    bomb = alias_bomb()
    items = "income: [" + ",".join(["{kind: loon, monthly_net_cents: 100}"] * 120_000) + "]\n"
    data = {"income": [{"kind": "loon", "monthly_net_cents": 100} for _ in range(120_000)]}
    deep = "person: " + "[" * 10_000 + "]" * 10_000 + "\n"
    return {
        f"alias bomb ({len(bomb.encode())} bytes) in a rule file": lambda: load_text(bomb, "b.yaml", RULE_LIMITS),
        "alias bomb in a situation file": lambda: load_text(bomb, "b.yaml", SITUATION_LIMITS),
        f"120k-item income list as text ({len(items) // 1000} kB, no size limit)":
            lambda: load_text(items, "l.yaml", RULE_LIMITS.__class__(max_bytes=10**9, max_list=1_000, aliases=False)),
        "120k-item income list as data (library)": lambda: parse_situation(data),
        "10,000-level nesting": lambda: load_text(deep, "d.yaml", SITUATION_LIMITS),
    }


def main() -> None:
    for name, fn in cases().items():
        tracemalloc.start()
        t = time.perf_counter()
        try:
            fn()
            outcome = "NOT refused"
        except Exception as e:  # noqa: BLE001
            outcome = f"refused: {str(e)[:70]}"
        seconds = time.perf_counter() - t
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        print(f"{name:<58} {seconds * 1000:8.1f} ms {peak:8.1f} MB  {outcome}")


if __name__ == "__main__":
    main()
