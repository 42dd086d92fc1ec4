"""A deviation for one person of a household (issue 12): the person is a case of their own
(``<case_ref>/<ref>``), the value deviation moves their amounts in the household evaluation,
and it never reaches the other persons."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from crosslaw.audit.open import open_log
from crosslaw.deviation.model import Actor
from crosslaw.household.deviations import person_case_ref, person_deviations, person_situation
from crosslaw.household.parse import parse_household
from actors_fixture import signed_service
from test_audit_cli import KEY, cli_actors, run
from test_value_deviation import WHY, req

ROOT = Path(__file__).resolve().parents[1]


def household_with_a_cost_sharer(tmp_path=None):
    """Samira's household (the example) with Jayden 28 instead of 17: he is a kostendeler, so the
    kostendelersnorm lowers her bijstand; and his own (he shares the house with his mother)."""
    data = yaml.safe_load((ROOT / "examples" / "gezin_samira_jayden.yaml").read_text(encoding="utf-8"))
    for p in data["persons"]:
        if p["ref"] == "jayden":
            p["person"]["birth_date"] = "1998-03-10"
            p["youth"] = {k: v for k, v in (p.get("youth") or {}).items() if k not in ("continuation_decided",)}
    data["peildatum"] = "2025-12-01"
    return data


@pytest.fixture()
def service(engine, tmp_path, monkeypatch):
    monkeypatch.setenv("CROSSLAW_PSEUDONYM_KEY", KEY)
    log = open_log(tmp_path / "afwijkingen.sqlite")
    svc = signed_service(engine, log)
    yield svc
    log.close()


def test_a_value_deviation_for_one_person_of_a_household(engine, service):
    h = parse_household(household_with_a_cost_sharer())
    on = h.peildatum
    samira = person_situation(h, "samira")
    assert samira.case_ref == person_case_ref(h, "samira") == "gezin-samira-jayden/samira"
    env, _ = engine.explain_all(samira, on)
    assert env["pw.kostendelersnorm_van_toepassing"] is True
    d = service.propose(samira, req(on=on), signer=service.signers["km-017"])
    service.approve(d.id, Actor(id="tl-001", role="teamleider"), signer=service.signers["tl-001"])

    per_person = person_deviations(service, h, on)
    assert [x.id for x in per_person["samira"]] == [d.id] and per_person["jayden"] == []
    plain = engine.evaluate(h, on=on)
    deviated = engine.evaluate(h, on=on, deviations=per_person)
    by_ref = {p.ref: p for p in deviated.persons}
    plain_by_ref = {p.ref: p for p in plain.persons}
    # Samira: the alleenstaande-ouder norm instead of the kostendelersnorm, shown both ways
    (effect,) = by_ref["samira"].evaluation.deviation_effects
    change = {c.id: c for c in effect.outcomes}["pw.algemene_bijstand"]
    before = plain_by_ref["samira"].evaluation.outcome("pw.algemene_bijstand").amount.cents
    after = by_ref["samira"].evaluation.outcome("pw.algemene_bijstand").amount.cents
    assert change.amount_without_cents == before < after == change.amount_with_cents
    # Jayden: untouched
    assert by_ref["jayden"].evaluation == plain_by_ref["jayden"].evaluation
    # the same deviations as a plain list (the whole household's case) are not what the log hands out
    assert service.for_case(person_situation(h, "jayden"), on) == []


def test_propose_for_a_person_on_the_command_line(tmp_path):
    household = tmp_path / "gezin.yaml"
    household.write_text(yaml.safe_dump(household_with_a_cost_sharer(), allow_unicode=True), encoding="utf-8")
    log = str(tmp_path / "log.sqlite")
    keys = cli_actors(tmp_path, log)
    motivation = tmp_path / "motivering.yaml"
    motivation.write_text(yaml.safe_dump(WHY.model_dump(), allow_unicode=True), encoding="utf-8")
    common = ["--rule", "pw.kostendelersnorm_van_toepassing", "--value", "nee", "--ground", "discretionaire_ruimte",
              "--actor", "km-017", "--role", "teamleider", "--justification", str(motivation), "--log", log,
              "--key-file", str(keys["km-017"])]
    no_person = run("deviate", "propose", str(household), *common)
    assert no_person.returncode == 2 and "--person" in no_person.stderr and "samira, jayden" in no_person.stderr
    unknown = run("deviate", "propose", str(household), "--person", "piet", *common)
    assert unknown.returncode == 2 and "piet" in unknown.stderr and "Traceback" not in unknown.stderr
    proposed = run("deviate", "propose", str(household), "--person", "samira", *common)
    assert proposed.returncode == 0, proposed.stderr
    approved = run("deviate", "approve", proposed.stdout.split()[1], "--actor", "tl-002", "--role", "teamleider",
                   "--log", log, "--key-file", str(keys["tl-002"]))
    assert approved.returncode == 0, approved.stderr
    shown = run("evaluate", str(household), "--log", log)
    assert shown.returncode == 0, shown.stderr
    samira, jayden = shown.stdout.split("=== ")[1:3]
    assert "✎ Gemotiveerde afwijking" in samira and "Algemene bijstand: zonder afwijking" in samira
    assert "✎" not in jayden


def test_household_conflicts_print_the_command_for_the_person_and_it_is_accepted(tmp_path):
    """crosslaw conflicts on a household file: a person's lever that needs a deviation comes with
    the command for that person (--person), and the command is accepted."""
    import shlex

    from crosslaw.presentation.proposal import ACTOR_PLACEHOLDER, JUSTIFICATION_PLACEHOLDER, KEY_PLACEHOLDER

    data = household_with_a_cost_sharer()
    for p in data["persons"]:  # Samira moved in temporarily to care for her son: the mantelzorger's conflict
        if p["ref"] == "samira":
            p["care"].update(temporary_stay_for_informal_care=True, informal_care_given_hours_per_week=30)
    household = tmp_path / "gezin.yaml"
    household.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    shown = run("conflicts", str(household))
    assert shown.returncode == 0, shown.stderr
    commands = [line.split("Vastleggen: ", 1)[1] for line in shown.stdout.splitlines() if "Vastleggen: " in line]
    assert commands and all("--person samira" in c for c in commands), shown.stdout
    as_json = json.loads(run("conflicts", str(household), "--format", "json").stdout)
    assert any(lv.get("proposal") for c in as_json["persons"]["samira"] for lv in c["levers"])
    log = str(tmp_path / "log.sqlite")
    keys = cli_actors(tmp_path, log)
    motivation = tmp_path / "motivering.yaml"
    motivation.write_text(yaml.safe_dump(WHY.model_dump(), allow_unicode=True), encoding="utf-8")
    argv = [{ACTOR_PLACEHOLDER: "tl-001", KEY_PLACEHOLDER: str(keys["tl-001"]), JUSTIFICATION_PLACEHOLDER: str(motivation)}.get(a, a)
            for a in shlex.split(commands[0])[1:]]
    r = run(*argv, "--log", log)
    assert r.returncode == 0, r.stderr
