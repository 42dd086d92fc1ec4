"""Instructions per evaluation, counted by valgrind (callgrind): a figure that does not drift.

    python benchmarks/instructions.py [--n 400]

Wall-clock throughput on a shared host drifts by 10-20 % over minutes, which hides
changes of a few per cent. Callgrind counts executed instructions instead: the same
code, inputs and interpreter give the same count. The script runs the evaluation loop
twice under callgrind, with W and W + N fresh synthetic residents (the cases bench.py uses,
W = ``--warm``, 1,000 by default, so the explainer's memo is past its empty start), and prints
the difference per evaluation, so loading the rules, building the Rete network and the warm-up
cancel out. Needs valgrind (Debian package ``valgrind``); takes a few minutes.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _loop(n: int, total: int) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench import fresh_cases, take  # noqa: E402

    from crosslaw import Engine

    engine = Engine()
    cases = take(fresh_cases(2026), total)  # the same cases, made the same way, in both runs
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
    parser.add_argument("--warm", type=int, default=1000, help="situations evaluated in both runs (the baseline)")
    parser.add_argument("--child", type=int, nargs=2, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        _loop(*args.child)
        return
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (apt-get install valgrind)")
    total = args.warm + args.n
    base, full = _count(args.warm, total), _count(total, total)
    per = (full - base) / args.n
    print(f"crosslaw instructions · Python {sys.version.split()[0]} · callgrind")
    print(f"  instructions per evaluation (full rule set, {args.n} generated situations)  {per / 1e6:.2f} M")


if __name__ == "__main__":
    main()
