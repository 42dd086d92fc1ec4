"""Deviations that outlive their reason (issue 12): "grondslag gewijzigd" when the target's legal
footing on the peildatum differs from when it was assessed, and ``audit list --review``."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from crosslaw.audit.open import open_log
from crosslaw.deviation.model import Actor, DeviationRequest
from crosslaw.deviation.review import basis_changes, due_for_review, footing
from crosslaw.engine.engine import Engine
from crosslaw.situation.files import load_situation
from actors_fixture import signed_service
from test_audit_cli import KEY, run
from test_value_deviation import MANTELZORG, ON, WHY, req

ROOT = Path(__file__).resolve().parents[1]
GGZ = ROOT / "examples" / "intake_ggz_maatregel.yaml"


@pytest.fixture()
def service(engine, tmp_path, monkeypatch):
    monkeypatch.setenv("CROSSLAW_PSEUDONYM_KEY", KEY)
    log = open_log(tmp_path / "afwijkingen.sqlite")
    svc = signed_service(engine, log)
    yield svc
    log.close()


def _approved(service, situation, request):
    d = service.propose(situation, request, signer=service.signers["km-017"])
    return service.approve(d.id, Actor(id="tl-001", role="teamleider"), signer=service.signers["tl-001"])


def test_the_record_keeps_the_footing_it_was_assessed_on(service):
    d = _approved(service, load_situation(MANTELZORG), req())
    assert d.basis == {"version": "2022-01-01", "article": "art. 22a lid 1 Participatiewet", "deviable": True,
                       "ground": "discretionaire_ruimte", "room": "art. 18 lid 1 Participatiewet"}


def test_mantelzorger_deviation_grondslag_gewijzigd_on_2026(service, engine):
    s = load_situation(MANTELZORG)
    d = _approved(service, s, req())
    same_year = engine.evaluate(s, on=ON, deviations=service.for_case(s, ON))
    assert same_year.deviation_effects[0].basis_changed == []
    later = engine.evaluate(s, on=date(2026, 1, 1), deviations=service.for_case(s, date(2026, 1, 1)))
    (effect,) = later.deviation_effects
    assert effect.redundant
    assert any("art. 22a lid 1 Participatiewet → art. 22a lid 4 Participatiewet" in c for c in effect.basis_changed)
    assert any("geldig vanaf 2026-01-01 (was 2022-01-01)" in c for c in effect.basis_changed)
    assert basis_changes(engine.rules, d, date(2026, 1, 1)) == effect.basis_changed


def test_a_rule_deviation_whose_rule_is_no_longer_deviable_is_flagged(service, tmp_path):
    """A municipality's (or a new) rule set in which the rule is no longer deviable: the outcome
    deviation in force says so instead of silently applying."""
    s = load_situation(GGZ)
    on = s.peildatum
    r = DeviationRequest(rule_id="pw.verlaging_arbeidsverplichting", on=on, status_with="does_not_apply",
                         ground="hardheidsclausule", justification=WHY, actor=Actor(id="km-017", role="teamleider"))
    _approved(service, s, r)
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    path = rules / "participatiewet" / "maatregelen.yaml"
    text = path.read_text(encoding="utf-8")
    old = "    deviation:\n      deviable: true\n      ground: hardheidsclausule\n      note: Dringende redenen (art. 18 lid 10)"
    assert old in text
    path.write_text(text.replace(old, "    deviation:\n      deviable: false\n      note: Dringende redenen (art. 18 lid 10)", 1),
                    encoding="utf-8")
    changed = Engine(rules)
    ev = changed.evaluate(s, on=on, deviations=service.for_case(s, on))
    applied = ev.outcome("pw.verlaging_arbeidsverplichting").applied_deviation
    assert applied is not None and applied.basis_changed == [f"pw.verlaging_arbeidsverplichting is op {on.isoformat()} niet meer afwijkbaar"]
    plain = service.engine.evaluate(s, on=on, deviations=service.for_case(s, on))
    assert plain.outcome("pw.verlaging_arbeidsverplichting").applied_deviation.basis_changed == []


def test_due_for_review_end_date_review_date_and_footing(service, engine):
    s = load_situation(MANTELZORG)
    plain = _approved(service, s.model_copy(update={"case_ref": "a"}), req())
    # still proposed: an approval after the end date (the log's clock) would be refused
    ending = service.propose(s.model_copy(update={"case_ref": "b"}), req(ends_on=date(2025, 12, 31)),
                             signer=service.signers["km-017"])
    reviewing = _approved(service, s.model_copy(update={"case_ref": "c"}), req(review_on=date(2025, 12, 20)))
    items = {i.deviation.id: i for i in due_for_review(engine.rules, service.all().values(), date(2025, 12, 10))}
    assert set(items) == {ending.id, reviewing.id}
    assert items[ending.id].reasons == ["einddatum nadert: 2025-12-31"]
    assert items[reviewing.id].reasons == ["heroverwegen uiterlijk 2025-12-20"]
    assert due_for_review(engine.rules, service.all().values(), date(2025, 10, 1)) == []
    later = {i.deviation.id: i for i in due_for_review(engine.rules, service.all().values(), date(2026, 1, 1))}
    assert set(later) == {plain.id, ending.id, reviewing.id}
    assert any(r.startswith("grondslag gewijzigd: ") for r in later[plain.id].reasons)
    assert any("verstreken" in r for r in later[ending.id].reasons)
    assert footing(engine.rules, "pw.kostendelersnorm_van_toepassing", date(2026, 1, 1))["article"] == "art. 22a lid 4 Participatiewet"


def test_audit_list_review_on_the_command_line(service, tmp_path):
    s = load_situation(MANTELZORG)
    d = _approved(service, s, req())
    log = str(tmp_path / "afwijkingen.sqlite")
    before = run("audit", "list", "--review", "--date", "2025-12-31", "--log", log)
    assert before.returncode == 0, before.stderr
    assert before.stdout.startswith("Te heroverwegen op 2025-12-31: 0 van 1 afwijking(en).")
    after = run("audit", "list", "--review", "--date", "2026-01-01", "--log", log)
    assert after.returncode == 0, after.stderr
    assert d.id in after.stdout and "grondslag gewijzigd: " in after.stdout and "art. 22a lid 4" in after.stdout
    assert "overbodig geworden" not in after.stdout.split("Of een afwijking")[0] and "--situatie" in after.stdout
    with_case = run("audit", "list", "--review", "--date", "2026-01-01", "--situatie", str(MANTELZORG), "--log", log,
                    "--format", "json")
    assert with_case.returncode == 0, with_case.stderr
    (item,) = json.loads(with_case.stdout)["due"]
    assert item["id"] == d.id and item["overbodig_geworden"] is True
    assert any(r.startswith("overbodig geworden") for r in item["reasons"])
    assert any(r.startswith("grondslag gewijzigd") for r in item["reasons"])


def test_audit_list_review_needs_a_date(tmp_path, service):
    log = str(tmp_path / "afwijkingen.sqlite")
    r = run("audit", "list", "--review", "--log", log)
    assert r.returncode == 2 and "--date" in r.stderr and "Traceback" not in r.stderr
    r = run("audit", "list", "--date", "2026-01-01", "--log", log)
    assert r.returncode == 2 and "--review" in r.stderr
