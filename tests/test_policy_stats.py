"""Evidence for policy (issue 12): ``audit stats --per kwartaal`` counts deviations per quarter and
per rule or value, with the total recorded monthly effect and the grounds."""

from __future__ import annotations

import json
import re
from datetime import date

from crosslaw.audit.policy_stats import per_period, period_of
from crosslaw.presentation.policy_table import render_table
from test_audit_cli import generated_log, run  # noqa: F401 (fixture)


def test_quarters_and_months():
    assert period_of(date(2026, 1, 1), "kwartaal") == "2026-K1"
    assert period_of(date(2026, 3, 31), "kwartaal") == "2026-K1"
    assert period_of(date(2026, 4, 1), "kwartaal") == "2026-K2"
    assert period_of(date(2025, 12, 31), "kwartaal") == "2025-K4"
    assert period_of(date(2025, 12, 31), "maand") == "2025-12"


def _at(d, ts: str, **changes):
    """A folded deviation as if it had been proposed at ``ts``."""
    history = [dict(d.history[0], ts=ts)] + d.history[1:]
    return d.model_copy(update={"history": history, **changes})


def test_per_quarter_counts_effects_and_grounds(engine, tmp_path, monkeypatch):
    from crosslaw.audit.open import open_log
    from crosslaw.deviation.mandates import load_mandates
    from crosslaw.deviation.model import Actor
    from crosslaw.deviation.service import DeviationService
    from crosslaw.situation.files import load_situation
    from actors_fixture import register_all
    from test_value_deviation import MANTELZORG, req

    monkeypatch.setenv("CROSSLAW_PSEUDONYM_KEY", "een-geheim-voor-de-test-0123456789")
    with open_log(tmp_path / "log.sqlite") as log:
        svc = DeviationService(engine, log, load_mandates())
        signers = register_all(log)
        d = svc.propose(load_situation(MANTELZORG), req(), signer=signers["km-017"])
        d = svc.approve(d.id, Actor(id="tl-001", role="teamleider"), signer=signers["tl-001"])
    effect = d.monthly_effect_cents
    assert effect > 0
    ds = [
        _at(d, "2025-11-03T10:00:00+00:00", id="a"),
        _at(d, "2025-12-20T10:00:00+00:00", id="b", status="proposed", history=[dict(d.history[0], ts="2025-12-20T10:00:00+00:00")]),
        _at(d, "2026-01-05T10:00:00+00:00", id="c"),
        _at(d, "2026-02-05T10:00:00+00:00", id="e", rule_id="pw.verlaging_arbeidsverplichting", ground="hardheidsclausule",
            monthly_effect_cents=140150, target_kind="rule"),
    ]
    rows = per_period(ds, "kwartaal")
    assert [(r["period"], r["target"], r["count"], r["approved"]) for r in rows] == [
        ("2025-K4", "pw.kostendelersnorm_van_toepassing", 2, 1),
        ("2026-K1", "pw.kostendelersnorm_van_toepassing", 1, 1),
        ("2026-K1", "pw.verlaging_arbeidsverplichting", 1, 1),
    ]
    assert rows[0]["monthly_effect_cents"] == 2 * effect and rows[0]["monthly_effect_cents_approved"] == effect
    assert rows[0]["grounds"] == {"discretionaire_ruimte": 2} and rows[0]["target_kind"] == "value"
    assert rows[2]["monthly_effect_cents"] == 140150 and rows[2]["grounds"] == {"hardheidsclausule": 1}
    months = per_period(ds, "maand")
    assert [r["period"] for r in months] == ["2025-11", "2025-12", "2026-01", "2026-02"]
    table = render_table(rows, "kwartaal")
    assert table[0].startswith("Kwartaal") and "Effect per maand" in table[0]
    assert "2026-K1" in table[2] and "€ 1.401,50" in table[3] and "hardheid 1" in table[3]


def test_audit_stats_per_kwartaal_on_the_command_line(generated_log):
    path, _ = generated_log
    listed = json.loads(run("audit", "list", "--log", str(path), "--format", "json").stdout)
    data = json.loads(run("audit", "stats", "--per", "kwartaal", "--log", str(path), "--format", "json").stdout)
    assert data["per"] == "kwartaal" and data["total"] == len(listed) == 10
    assert {r["target"]: r["count"] for r in data["rows"]} == {"pw.verlaging_verordening": 9, "pw.verlaging_arbeidsverplichting": 1}
    assert all(re.fullmatch(r"\d{4}-K[1-4]", r["period"]) for r in data["rows"])
    assert sum(r["monthly_effect_cents"] for r in data["rows"]) == sum(d["monthly_effect_cents"] for d in listed)
    text = run("audit", "stats", "--per", "kwartaal", "--log", str(path))
    assert text.returncode == 0, text.stderr
    assert "Afwijkingen per kwartaal en per regel of waarde (10 in totaal" in text.stdout
    line = next(l for l in text.stdout.splitlines() if "pw.verlaging_verordening" in l)
    approved = sum(1 for d in listed if d["rule_id"] == "pw.verlaging_verordening" and d["status"] == "approved")
    assert re.search(rf"K[1-4]\s+pw\.verlaging_verordening\s+9\s+{approved}\s+€", line) and "Awb 4:84 9" in line
    bad = run("audit", "stats", "--per", "jaar", "--log", str(path))
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_audit_stats_overview_names_statuses_and_grounds_in_dutch(generated_log):
    path, _ = generated_log
    text = run("audit", "stats", "--log", str(path))
    assert text.returncode == 0, text.stderr
    status_line = next(l for l in text.stdout.splitlines() if l.startswith("Per status:"))
    ground_line = next(l for l in text.stdout.splitlines() if l.startswith("Per grond:"))
    assert not re.search(r"\b(proposed|approved|rejected|revoked|expired)\b", status_line), status_line
    assert "_" not in ground_line, ground_line
