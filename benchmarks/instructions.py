"""Instructions per evaluation, counted by valgrind (callgrind): a figure that does not drift.

    python benchmarks/instructions.py [--n 400]

Wall-clock throughput on a shared host drifts by 10-20 % over minutes, which hides
changes of a few per cent. Callgrind counts executed instructions instead: the same
code, inputs and interpreter give the same count. The script runs the evaluation loop
twice under callgrind, with 100 and 100 + N situations, and prints the difference per
evaluation, so loading the rules and building the Rete network cancel out.
Needs valgrind (Debian package ``valgrind``); takes about a minute.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASE = 100


def _loop(n: int, total: int) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench import DATES, situation  # noqa: E402

    from crosslaw import Engine

    engine = Engine()
    rng = random.Random(2026)
    cases = [(situation(rng, d := rng.choice(DATES)), d) for _ in range(total)]  # same work in both runs
    for s, d in cases[:n]:
        engine.evaluate(s, on=d)


def _count(n: int, total: int) -> int:
    out = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, __file__, "--child", str(n), str(total)],
        capture_output=True, text=True, check=True,
    )
    match = re.search(r"Collected : (\d+)", out.stderr)
    if match is None:  # pragma: no cover
        raise SystemExit(f"no instruction count in valgrind's output:\n{out.stderr[-2000:]}")
    return int(match.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=400, help="situations measured on top of the baseline run")
    parser.add_argument("--child", type=int, nargs=2, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        _loop(*args.child)
        return
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (apt-get install valgrind)")
    total = BASE + args.n
    base, full = _count(BASE, total), _count(total, total)
    per = (full - base) / args.n
    print(f"crosslaw instructions · Python {sys.version.split()[0]} · callgrind")
    print(f"  instructions per evaluation (full rule set, {args.n} generated situations)  {per / 1e6:.2f} M")


if __name__ == "__main__":
    main()
