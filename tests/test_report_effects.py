"""The professional report shows each deviation's consequence both ways (issue 12): the amounts
and conflicts without and with it, and a deviation the law has overtaken."""

from __future__ import annotations

from datetime import date

import pytest
import yaml

from crosslaw.audit.open import open_log
from crosslaw.deviation.mandates import load_mandates
from crosslaw.deviation.model import Actor
from crosslaw.deviation.service import DeviationService
from crosslaw.presentation.report import render_report
from crosslaw.situation.files import load_situation
from actors_fixture import register_all
from test_audit_cli import KEY, cli_actors, run
from test_value_deviation import MANTELZORG, ON, WHY, req


@pytest.fixture()
def service(engine, tmp_path, monkeypatch):
    monkeypatch.setenv("CROSSLAW_PSEUDONYM_KEY", KEY)
    log = open_log(tmp_path / "afwijkingen.sqlite")
    svc = DeviationService(engine, log, load_mandates())
    signers = register_all(log)
    d = svc.propose(load_situation(MANTELZORG), req(), signer=signers["km-017"])
    svc.approve(d.id, Actor(id="tl-001", role="teamleider"), signer=signers["tl-001"])
    yield svc
    log.close()


def _report(engine, svc, on, fmt):
    s = load_situation(MANTELZORG)
    devs = svc.for_case(s, on)
    ev = engine.evaluate(s, on=on, deviations=devs)
    return ev, render_report(ev, devs, fmt=fmt, terms=engine.rules.parameters_on(on), situation=s)


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_report_shows_the_bijstand_both_ways_and_the_conflict_gone(engine, service, fmt):
    ev, text = _report(engine, service, ON, fmt)
    (effect,) = ev.deviation_effects
    change = {c.id: c for c in effect.outcomes}["pw.algemene_bijstand"]
    from crosslaw.presentation.words import euro

    assert "Gevolgen: zonder en met afwijking" in text
    assert f"Algemene bijstand: zonder afwijking {euro(change.amount_without_cents)}, met afwijking {euro(change.amount_with_cents)} per maand" in text
    assert "Spanning verdwijnt: Wie tijdelijk intrekt om mantelzorg te geven" in text
    assert f"Effect per maand (berekend): {euro(effect.monthly_effect_cents)}" in text
    assert "Overbodig geworden" not in text


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_report_flags_the_deviation_the_law_overtook(engine, service, fmt):
    _, text = _report(engine, service, date(2026, 1, 1), fmt)
    assert "Overbodig geworden" in text and "Grondslag gewijzigd sinds de afwijking" in text
    assert "art. 22a lid 4 Participatiewet" in text
    assert "is overbodig geworden: de wet geeft nu zelf wat zij gaf" in text  # and it is a next step


def test_report_on_the_command_line_with_the_log(tmp_path):
    log = str(tmp_path / "log.sqlite")
    keys = cli_actors(tmp_path, log)
    motivation = tmp_path / "motivering.yaml"
    motivation.write_text(yaml.safe_dump(WHY.model_dump(), allow_unicode=True), encoding="utf-8")
    proposed = run("deviate", "propose", str(MANTELZORG), "--rule", "pw.kostendelersnorm_van_toepassing", "--value", "nee",
                   "--ground", "discretionaire_ruimte", "--actor", "km-017", "--role", "teamleider", "--date", ON.isoformat(),
                   "--justification", str(motivation), "--log", log, "--key-file", str(keys["km-017"]))
    assert proposed.returncode == 0, proposed.stderr
    approved = run("deviate", "approve", proposed.stdout.split()[1], "--actor", "tl-002", "--role", "teamleider", "--log", log,
                   "--key-file", str(keys["tl-002"]))
    assert approved.returncode == 0, approved.stderr
    r = run("report", str(MANTELZORG), "--date", ON.isoformat(), "--log", log)
    assert r.returncode == 0, r.stderr
    assert "### Gevolgen: zonder en met afwijking" in r.stdout and "Algemene bijstand: zonder afwijking €" in r.stdout
