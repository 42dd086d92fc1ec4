"""The benchmarks still run (they rotted before: a generator they imported was gone). This
checks that they print their figures, never what the figures are: speed is measured, not tested."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_bench_prints_every_row(tmp_path):
    out = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench.py"), "--steady", "2200", "--rounds", "1", "--round-size", "100"],
        capture_output=True, text=True, check=True, timeout=600, env={"CROSSLAW_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
    ).stdout
    for row in ("steady state", "throughput", "cold start", "peak RSS of the cold-start child", "explainer memo"):
        assert row in out, row
    assert "(no memo)" not in out


def test_instructions_loop_runs_without_valgrind(tmp_path):
    """The loop instructions.py counts under callgrind (its --child mode) evaluates its cases."""
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "instructions.py"), "--child", "3", "5"],
                          capture_output=True, text=True, timeout=300, env={"CROSSLAW_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr[-2000:]
