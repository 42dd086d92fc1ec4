"""Issue 12 acceptance on the command line: on examples/mantelzorg.yaml (2025-12-31) the
kostendelers lever's target is proposed and approved; evaluate --log shows the bijstand with
and without the deviation and the conflict gone; on 2026-01-01 the deviation is redundant."""

from __future__ import annotations

from pathlib import Path

import yaml

from test_audit_cli import cli_actors, run
from test_value_deviation import WHY

ROOT = Path(__file__).resolve().parents[1]
CASE = str(ROOT / "examples" / "mantelzorg.yaml")


def test_mantelzorger_deviation_end_to_end(tmp_path):
    motivation = tmp_path / "motivering.yaml"
    motivation.write_text(yaml.safe_dump(WHY.model_dump(), allow_unicode=True), encoding="utf-8")
    log = str(tmp_path / "log.sqlite")
    keys = cli_actors(tmp_path, log)
    before = run("evaluate", CASE, "--date", "2025-12-31")
    assert before.returncode == 0, before.stderr
    proposed = run("deviate", "propose", CASE, "--rule", "pw.kostendelersnorm_van_toepassing", "--value", "nee",
                   "--effect", "100", "--ground", "discretionaire_ruimte", "--actor", "km-017", "--role", "teamleider",
                   "--justification", str(motivation), "--log", log, "--key-file", str(keys["km-017"]))
    assert proposed.returncode == 0, proposed.stderr
    assert "wacht op goedkeuring" in proposed.stdout and "berekend" in proposed.stdout
    dev_id = proposed.stdout.split()[1]
    approved = run("deviate", "approve", dev_id, "--actor", "tl-002", "--role", "teamleider", "--log", log,
                   "--key-file", str(keys["tl-002"]))
    assert approved.returncode == 0, approved.stderr

    text = run("evaluate", CASE, "--date", "2025-12-31", "--log", log)
    assert text.returncode == 0, text.stderr
    out = text.stdout
    assert dev_id[:12] in out and "ja → nee" in out
    line = next(l for l in out.splitlines() if "zonder afwijking" in l and "met afwijking" in l and "€" in l)
    assert "per maand" in line
    assert "Spanning verdwijnt: Wie tijdelijk intrekt om mantelzorg te geven" in out
    assert "Wie tijdelijk intrekt om mantelzorg te geven, krijgt een lagere norm" in before.stdout

    later = run("evaluate", CASE, "--date", "2026-01-01", "--log", log)
    assert later.returncode == 0, later.stderr
    assert "Overbodig geworden" in later.stdout


def test_value_needs_to_or_value_and_a_readable_value(tmp_path):
    log = str(tmp_path / "log.sqlite")
    both = run("deviate", "propose", CASE, "--rule", "pw.kostendelersnorm_van_toepassing", "--ground", "discretionaire_ruimte",
               "--actor", "km-017", "--role", "teamleider", "--log", log)
    assert both.returncode == 2 and "--value" in both.stderr and "Traceback" not in both.stderr
    bad = run("deviate", "propose", CASE, "--rule", "pw.kostendelersnorm_van_toepassing", "--value", "misschien",
              "--ground", "discretionaire_ruimte", "--actor", "km-017", "--role", "teamleider", "--log", log)
    assert bad.returncode == 2 and "geen ja/nee" in bad.stderr and "Traceback" not in bad.stderr
