"""The six joint-intake households: each shows its conflicts with levers, in Dutch, on the CLI."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from crosslaw.situation.files import load_situation

EXAMPLES = sorted((Path(__file__).parents[1] / "examples").glob("intake_*.yaml"))


def test_six_examples_touch_every_category(engine):
    assert len(EXAMPLES) >= 6
    categories = set()
    for path in EXAMPLES:
        ev = engine.evaluate(load_situation(path))
        categories |= {c.category for c in ev.conflicts if c.status == "present"}
    assert categories == {"werk_vs_zorg", "handhaving_vs_steun", "voorrang", "kostendeling_vs_mantelzorg",
                          "grens_18", "definities", "dubbele_verplichtingen"}


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_conflicts_with_levers_in_dutch(engine, path):
    ev = engine.evaluate(load_situation(path))
    present = [c for c in ev.conflicts if c.status == "present"]
    assert present, path.name
    assert all(c.levers and all(lv.article.link.startswith("https://wetten.overheid.nl/") for lv in c.levers) for c in present)
    result = subprocess.run([sys.executable, "-m", "crosslaw", "conflicts", str(path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "SPANNINGEN TUSSEN DE WETTEN" in result.stdout and "Hefbomen:" in result.stdout
    for c in present:
        assert c.title in result.stdout


def test_cost_sharing_conflict_resolved_by_law_on_2026(engine):
    situation = load_situation(Path(__file__).parents[1] / "examples" / "mantelzorg.yaml")
    before = {c.id: c.status for c in engine.evaluate(situation, on=date(2025, 12, 31)).conflicts}
    after = {c.id: c.status for c in engine.evaluate(situation, on=date(2026, 1, 1)).conflicts}
    key = "conflict.kostendelersnorm_mantelzorger_tijdelijk_elders"
    assert before.get(key) == "present"
    assert key not in after
