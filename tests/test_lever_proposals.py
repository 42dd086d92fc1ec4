"""A lever that needs a deviation is actionable (issue 12): ``crosslaw conflicts`` prints the ready
``deviate propose`` command, and the JSON output the library call; with the actor, key and
justification filled in, each is accepted by the deviation service."""

from __future__ import annotations

import json
import shlex
from datetime import date
from pathlib import Path

import pytest
import yaml

from crosslaw.audit.open import open_log
from crosslaw.deviation.mandates import load_mandates
from crosslaw.deviation.model import DeviationRequest
from crosslaw.deviation.service import DeviationService
from crosslaw.presentation.proposal import ACTOR_PLACEHOLDER, EFFECT_PLACEHOLDER, JUSTIFICATION_PLACEHOLDER, KEY_PLACEHOLDER
from crosslaw.situation.files import load_situation
from actors_fixture import register_all
from test_audit_cli import KEY, cli_actors, run
from test_value_deviation import WHY

ROOT = Path(__file__).resolve().parents[1]
#: (example, date): every example whose conflicts have a lever with a deviable target, and the
#: mantelzorger before 2026 (the issue's case)
CASES = [
    ("mantelzorg.yaml", "2025-12-31"),
    ("intake_ww_mantelzorger.yaml", None),
    ("intake_wlz_wachtend.yaml", None),
    ("intake_ggz_maatregel.yaml", None),
]
MOTIVATION = {**WHY.model_dump(), "proportionality": "De gevolgen voor de inwoner wegen hier zwaarder dan het doel van de regel."}


def _commands(example: str, on: str | None) -> list[str]:
    args = ["conflicts", str(ROOT / "examples" / example)] + (["--date", on] if on else [])
    r = run(*args)
    assert r.returncode == 0, r.stderr
    return [line.split("Vastleggen: ", 1)[1] for line in r.stdout.splitlines() if "Vastleggen: " in line]


@pytest.mark.parametrize("example,on", CASES)
def test_the_printed_command_is_accepted(example, on, tmp_path):
    commands = _commands(example, on)
    assert commands, f"{example}: geen hefboom met een kant-en-klaar voorstel"
    log = str(tmp_path / "log.sqlite")
    keys = cli_actors(tmp_path, log)
    motivation = tmp_path / "motivering.yaml"
    motivation.write_text(yaml.safe_dump(MOTIVATION, allow_unicode=True), encoding="utf-8")
    for command in commands:
        argv = shlex.split(command)
        assert argv[:3] == ["crosslaw", "deviate", "propose"] and str(ROOT / "examples" / example) == argv[3]
        actor = "tl-001" if "teamleider" in argv else "km-017"
        filled = [{ACTOR_PLACEHOLDER: actor, KEY_PLACEHOLDER: str(keys[actor]), JUSTIFICATION_PLACEHOLDER: str(motivation),
                   EFFECT_PLACEHOLDER: "150,00"}.get(a, a) for a in argv[1:]]
        r = run(*filled, "--log", log)
        assert r.returncode == 0, f"{command}\n{r.stderr}"
        assert r.stdout.startswith("Afwijking ") and "Traceback" not in r.stderr


@pytest.mark.parametrize("example,on", CASES)
def test_the_library_call_in_json_is_accepted(example, on, engine, tmp_path, monkeypatch):
    monkeypatch.setenv("CROSSLAW_PSEUDONYM_KEY", KEY)
    path = ROOT / "examples" / example
    r = run("conflicts", str(path), "--format", "json", *(["--date", on] if on else []))
    assert r.returncode == 0, r.stderr
    proposals = [lv["proposal"] for c in json.loads(r.stdout) for lv in c["levers"] if lv.get("proposal")]
    assert proposals
    situation = load_situation(path)
    with open_log(tmp_path / "log.sqlite") as log:
        signers = register_all(log)
        svc = DeviationService(engine, log, load_mandates())
        for p in proposals:
            assert p["library"]["call"].startswith("DeviationService.propose(")
            request = dict(p["library"]["request"], justification=MOTIVATION)
            request["actor"] = dict(request["actor"], id="tl-001")
            if "monthly_effect_cents" in request:
                request["monthly_effect_cents"] = 15000
            d = svc.propose(situation, DeviationRequest.model_validate(request), signer=signers["tl-001"])
            assert d.rule_id == request["rule_id"] and d.status in ("proposed", "approved")


def test_no_proposal_without_a_deviable_target(engine):
    """The kostendelers lever of the mantelzorger's conflict names its value; a lever without a
    target (or not deviable on the date) prints no command."""
    from crosslaw.presentation.proposal import propose_command

    ev = engine.evaluate(load_situation(ROOT / "examples" / "mantelzorg.yaml"), on=date(2025, 12, 31))
    levers = [lv for c in ev.conflicts for lv in c.levers]
    assert any(propose_command(lv, ev.evaluation_date) for lv in levers)
    for lv in levers:
        if not lv.needs_deviation or lv.target is None:
            assert propose_command(lv, ev.evaluation_date) is None
