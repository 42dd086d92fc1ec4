"""The professional's and the auditor's commands, end to end on a real SQLite log."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml

from crosslaw.audit.open import open_log
from crosslaw.deviation.mandates import load_mandates
from crosslaw.deviation.model import Actor
from crosslaw.deviation.service import DeviationService
from actors_fixture import register_all
from test_deviation import GOOD, ON, request, situation

KEY = "een-geheim-voor-de-test-0123456789"


def register_all_roles():
    from actors_fixture import ROLES

    return ROLES


def cli_actors(tmp_path, log):
    """Register the test actors in ``log`` and write each private key to a file: {id: key file}."""
    with open_log(log) as store:
        signers = register_all(store)
    files = {}
    for actor_id, signer in signers.items():
        files[actor_id] = tmp_path / f"{actor_id}.key"
        files[actor_id].write_bytes(signer.private_pem())
    return files


def run(*args: str, env_extra: dict | None = None) -> subprocess.CompletedProcess[str]:
    import os

    env = dict(os.environ, CROSSLAW_PSEUDONYM_KEY=KEY, **(env_extra or {}))
    return subprocess.run([sys.executable, "-m", "crosslaw", *args], capture_output=True, text=True, timeout=120, env=env)


@pytest.fixture()
def generated_log(engine, tmp_path, monkeypatch):
    """A log with deviations from several rules, roles and states."""
    monkeypatch.setenv("CROSSLAW_PSEUDONYM_KEY", KEY)
    path = tmp_path / "log.sqlite"
    svc = DeviationService(engine, open_log(path), load_mandates())
    signers = register_all(svc.log)
    for i in range(6):
        svc.propose(situation(case_ref=f"dossier-{i}"), request(), signer=signers["km-017"])
    for i in range(3):
        d = svc.propose(situation(case_ref=f"dossier-x{i}"), request(monthly_effect_cents=60000), signer=signers["km-017"])
        svc.approve(d.id, Actor(id="tl-002", role="teamleider"), signer=signers["tl-002"])
    s = situation(case_ref="dossier-arb", obligations={"violations": [{"kind": "arbeidsverplichting", "date": "2026-01-15", "blame_absent": False, "urgent_reasons": False}]})
    d = svc.propose(s, request(rule_id="pw.verlaging_arbeidsverplichting", ground="hardheidsclausule", monthly_effect_cents=None,
                               actor=Actor(id="tl-001", role="teamleider")), signer=signers["tl-001"])
    svc.reject(d.id, Actor(id="tl-002", role="teamleider"), "Er is geen hardheid die afwijking rechtvaardigt.", signer=signers["tl-002"])
    entries = len([e for e in svc.log.entries() if e.kind != "actor"])
    svc.log.close()
    return path, entries


def test_stats_show_the_top_deviated_rules(generated_log):
    path, _ = generated_log
    result = run("audit", "stats", "--log", str(path))
    assert result.returncode == 0, result.stderr
    assert "Regels waarvan het vaakst wordt afgeweken" in result.stdout
    first = result.stdout.split("Regels waarvan het vaakst wordt afgeweken")[1].splitlines()[1]
    assert "pw.verlaging_verordening: 9" in first
    data = json.loads(run("audit", "stats", "--log", str(path), "--format", "json").stdout)
    assert data["per_rule"] == {"pw.verlaging_verordening": 9, "pw.verlaging_arbeidsverplichting": 1}
    assert data["per_status"]["rejected"] == 1


def test_export_csv_has_one_row_per_entry(generated_log):
    path, entries = generated_log
    result = run("audit", "export", "--log", str(path), "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == entries == 14
    first = len(register_all_roles())  # the actor register's entries come first and belong to no deviation
    assert [int(r["seq"]) for r in rows] == list(range(first + 1, first + entries + 1))
    filtered = list(csv.DictReader(io.StringIO(run("audit", "export", "--log", str(path), "--status", "rejected").stdout)))
    assert {r["kind"] for r in filtered} == {"proposed", "rejected"}


def test_verify_list_show_and_checkpoint(generated_log):
    path, entries = generated_log
    ok = run("audit", "verify", "--log", str(path))
    assert ok.returncode == 0 and f"{entries + len(register_all_roles())} regels" in ok.stdout
    head = run("audit", "checkpoint", "--log", str(path)).stdout.strip()
    assert run("audit", "verify", "--log", str(path), "--checkpoint", head).returncode == 0
    listing = run("audit", "list", "--log", str(path), "--role", "teamleider")
    assert "pw.verlaging_arbeidsverplichting" in listing.stdout and "1 afwijking(en)" in listing.stdout
    dev_id = listing.stdout.split()[0]
    shown = run("audit", "show", dev_id, "--log", str(path))
    assert "Situatie:" in shown.stdout and "Mandaat:" in shown.stdout and "rejected" in shown.stdout


def test_propose_and_approve_from_the_cli_and_evaluate_with_the_log(tmp_path):
    case = tmp_path / "situatie.yaml"
    case.write_text(yaml.safe_dump(situation()), encoding="utf-8")
    motivation = tmp_path / "motivering.yaml"
    motivation.write_text(yaml.safe_dump(GOOD.model_dump(), allow_unicode=True), encoding="utf-8")
    log = str(tmp_path / "log.sqlite")
    keys = cli_actors(tmp_path, log)
    proposed = run("deviate", "propose", str(case), "--rule", "pw.verlaging_verordening", "--to", "does_not_apply",
                   "--effect", "600,00", "--ground", "awb_4_84", "--actor", "km-017", "--role", "klantmanager",
                   "--justification", str(motivation), "--log", log, "--key-file", str(keys["km-017"]))
    assert proposed.returncode == 0, proposed.stderr
    assert "wacht op goedkeuring" in proposed.stdout
    dev_id = proposed.stdout.split()[1]
    refused = run("deviate", "approve", dev_id, "--actor", "km-017", "--role", "teamleider", "--log", log,
                  "--key-file", str(keys["km-017"]))
    assert refused.returncode == 2 and "vier ogen" in refused.stderr and "Traceback" not in refused.stderr
    approved = run("deviate", "approve", dev_id, "--actor", "tl-002", "--role", "teamleider", "--log", log,
                   env_extra={"CROSSLAW_ACTOR_KEY": keys["tl-002"].read_text()})  # the key from the environment
    assert approved.returncode == 0, approved.stderr
    text = run("evaluate", str(case), "--log", log)
    assert "Gemotiveerde afwijking" in text.stdout and dev_id[:12] in text.stdout


def test_refused_deviation_on_the_cli_exits_2_and_writes_nothing(tmp_path):
    case = tmp_path / "situatie.yaml"
    case.write_text(yaml.safe_dump(situation()), encoding="utf-8")
    motivation = tmp_path / "motivering.yaml"
    motivation.write_text(yaml.safe_dump({"situation": GOOD.situation}), encoding="utf-8")
    log = tmp_path / "log.sqlite"
    keys = cli_actors(tmp_path, log)
    result = run("deviate", "propose", str(case), "--rule", "pw.verlaging_verordening", "--to", "does_not_apply",
                 "--effect", "10,00", "--ground", "awb_4_84", "--actor", "km-017", "--role", "klantmanager",
                 "--justification", str(motivation), "--log", str(log), "--key-file", str(keys["km-017"]))
    assert result.returncode == 2 and "motivering mist" in result.stderr
    assert run("audit", "verify", "--log", str(log)).stdout.startswith(f"In orde: {len(keys)} regels")  # only the register


def test_cli_refuses_awb_4_84_without_proportionality_in_dutch(tmp_path):
    case = tmp_path / "situatie.yaml"
    case.write_text(yaml.safe_dump(situation()), encoding="utf-8")
    motivation = tmp_path / "motivering.yaml"
    parts = GOOD.model_dump()
    parts.pop("proportionality")
    motivation.write_text(yaml.safe_dump(parts, allow_unicode=True), encoding="utf-8")
    log = tmp_path / "log.sqlite"
    keys = cli_actors(tmp_path, log)
    result = run("deviate", "propose", str(case), "--rule", "pw.verlaging_verordening", "--to", "does_not_apply",
                 "--effect", "1000", "--ground", "awb_4_84", "--actor", "km-017", "--role", "klantmanager",
                 "--justification", str(motivation), "--log", str(log), "--key-file", str(keys["km-017"]))
    assert result.returncode == 2 and "evenredigheidsafweging" in result.stderr and "Traceback" not in result.stderr
    assert run("audit", "verify", "--log", str(log)).stdout.startswith(f"In orde: {len(keys)} regels")  # only the register
