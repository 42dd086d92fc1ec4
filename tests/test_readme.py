"""The README stays true: its deviation example runs as written, its counts are the real ones."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from crosslaw.intake import model_field_count
from crosslaw.situation.files import load_situation

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _block_after(heading: str) -> str:
    section = README.split(heading, 1)[1]
    return re.search(r"```sh\n(.*?)```", section, re.S).group(1)


def test_deviation_example_runs_end_to_end_as_written(tmp_path):
    """Propose, approve by another actor, evaluate with the log: the outcome shows both ways."""
    script = _block_after("## Motivated deviation and the audit log")
    crosslaw = f'"{sys.executable}" -m crosslaw'
    script = script.replace(".venv/bin/crosslaw", crosslaw).replace("examples/", f"{ROOT}/examples/")
    env = {k: v for k, v in os.environ.items() if not k.startswith("CROSSLAW_")}
    r = subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=300, env=env)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    assert "✎ Gemotiveerde afwijking" in r.stdout
    assert "zonder afwijking geldt, € 1.401,50; met afwijking geldt niet" in r.stdout
    assert (tmp_path / "motivering.yaml").exists() and "Traceback" not in r.stderr


def test_readme_shows_the_four_keys_of_a_justification():
    script = _block_after("## Motivated deviation and the audit log")
    keys = re.findall(r"^(\w+):", script.split("<<'EOF'", 1)[1].split("\nEOF", 1)[0], re.M)
    assert keys == ["situation", "purpose", "defeats_purpose", "alternatives"]


def test_readme_names_the_build_requirements():
    setup = " ".join(README.split("## Set up", 1)[1].split("##", 1)[0].split())
    assert "C compiler" in setup and "Python headers" in setup and "python3-dev" in setup


def test_readme_counts_are_the_real_ones(engine):
    from test_intake import oracle_answers

    assert f"against {model_field_count()} fields in the situation model" in README
    situation = load_situation(ROOT / "examples" / "intake_alleenstaande_moeder_schulden.yaml")
    answers, _ = oracle_answers(engine, situation.model_dump(mode="json", exclude_none=True), situation.peildatum)
    assert f"a scripted intake needs {len(answers)}\nquestions for the single mother with debts" in README
