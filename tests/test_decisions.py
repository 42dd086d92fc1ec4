"""One motivated decision across laws (issue 12): several targets, each checked against its own
deviation policy and mandate, approved once, recorded as one atomic group the verifier checks;
on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from crosslaw.deviation.authenticity import verify_signatures
from crosslaw.deviation.decisions import group_problems
from crosslaw.deviation.mandates import MandateRegister, load_mandates
from crosslaw.deviation.model import Actor, DecisionRequest, DecisionTarget
from crosslaw.deviation.service import DeviationRefused, DeviationService
from crosslaw.situation.files import load_situation
from actors_fixture import signed_service
from test_audit_cli import KEY, cli_actors, run
from test_audit_log import Backend, backend, postgresql_backend, sqlite_backend  # noqa: F401 (fixtures)
from test_value_deviation import WHY

ROOT = Path(__file__).resolve().parents[1]
GGZ = ROOT / "examples" / "intake_ggz_maatregel.yaml"
MOTIVATION = WHY.model_copy(update={"proportionality": "De gevolgen voor de inwoner wegen hier zwaarder dan het doel van de beleidsregel."})
TL1 = Actor(id="tl-001", role="teamleider")
TL2 = Actor(id="tl-002", role="teamleider")


@pytest.fixture()
def svc(engine, backend, monkeypatch):
    monkeypatch.setenv("CROSSLAW_PSEUDONYM_KEY", KEY)
    monkeypatch.delenv("CROSSLAW_LOG_KEY", raising=False)
    log = backend.open()
    service = signed_service(engine, log)
    yield service
    log.close()


def care_first(**changes) -> DecisionRequest:
    """Care first for the resident of the ggz intake: no 100% verlaging under the Participatiewet
    (hardheidsclausule) and Wmo support not deferred to the Zvw (the policy rule set aside, Awb 4:84)."""
    s = load_situation(GGZ)
    data = dict(on=s.peildatum, justification=MOTIVATION, actor=TL1, targets=[
        DecisionTarget(rule_id="pw.verlaging_arbeidsverplichting", ground="hardheidsclausule", status_with="does_not_apply"),
        DecisionTarget(rule_id="wmo.voorrang_zvw", ground="awb_4_84", status_with="does_not_apply", monthly_effect_cents=15000),
    ])
    data.update(changes)
    return DecisionRequest(**data)


def _deviation_entries(log):
    return [e for e in log.entries() if e.kind != "actor"]


def test_two_targets_across_laws_approved_once_recorded_as_one_group(svc, engine):
    s = load_situation(GGZ)
    members = svc.propose_decision(s, care_first(), signer=svc.signers["tl-001"])
    assert [d.rule_id for d in members] == ["pw.verlaging_arbeidsverplichting", "wmo.voorrang_zvw"]
    assert {d.law for d in members} == {"participatiewet", "wmo"}
    assert all(d.status == "proposed" for d in members)
    decision = members[0].decision["id"]
    assert all(d.decision["members"] == [m.id for m in members] for d in members)
    # each target's own effect: the engine's for the verlaging, the typed one where the engine has none
    assert [d.monthly_effect_cents for d in members] == [140150, 15000]
    proposed = _deviation_entries(svc.log)
    assert len(proposed) == 2 and len({e.ts for e in proposed}) == 1 and proposed[1].seq == proposed[0].seq + 1

    svc.approve(decision, TL2, signer=svc.signers["tl-002"])  # one approval for the whole decision
    entries = _deviation_entries(svc.log)
    approved = [e for e in entries if e.kind == "approved"]
    assert len(approved) == 2 and len({e.ts for e in approved}) == 1 and approved[1].seq == approved[0].seq + 1
    assert all(e.payload["decision"] == decision for e in approved)
    assert [d.status for d in svc.members(decision)] == ["approved", "approved"]
    assert svc.log.verify().ok and verify_signatures(list(svc.log.entries())) == []

    ev = engine.evaluate(s, deviations=svc.for_case(s, s.peildatum))
    assert ev.outcome("pw.verlaging_arbeidsverplichting").status == "does_not_apply"
    assert ev.outcome("wmo.voorrang_zvw").status == "does_not_apply"
    # a second approval, of the decision or of a member, is refused and writes nothing
    for ident in (decision, members[1].id):
        with pytest.raises(DeviationRefused) as e:
            svc.approve(ident, TL2, signer=svc.signers["tl-002"])
        assert e.value.code == "bad_state"
    assert len(_deviation_entries(svc.log)) == 4


def test_approving_a_member_approves_the_decision_and_revoking_revokes_it(svc):
    members = svc.propose_decision(load_situation(GGZ), care_first(), signer=svc.signers["tl-001"])
    svc.approve(members[1].id, TL2, signer=svc.signers["tl-002"])
    assert [d.status for d in svc.members(members[0].id)] == ["approved", "approved"]
    svc.revoke(members[0].decision["id"], TL2, "De inwoner werkt weer mee aan het plan.", signer=svc.signers["tl-002"])
    assert [d.status for d in svc.members(members[0].id)] == ["revoked", "revoked"]
    assert verify_signatures(list(svc.log.entries())) == []


def _register(limit_wmo: bool = False, approver_pw_only: bool = False) -> MandateRegister:
    data = load_mandates().model_dump()
    if limit_wmo:  # the proposer's role may deviate under the Participatiewet only
        data["roles"]["teamleider"]["may_deviate"][0]["laws"] = ["participatiewet"]
    if approver_pw_only:
        data["roles"]["kwaliteit"] = {"title": "Kwaliteitsmedewerker", "may_approve": True, "may_deviate": [
            {"laws": ["participatiewet"], "grounds": ["hardheidsclausule"], "max_monthly_effect_cents": 500000}]}
    return MandateRegister.model_validate(data)


def test_each_target_is_checked_against_its_own_mandate(svc, engine):
    s = load_situation(GGZ)
    narrow = DeviationService(engine, svc.log, _register(limit_wmo=True))
    before = len(list(svc.log.entries()))
    with pytest.raises(DeviationRefused) as e:
        narrow.propose_decision(s, care_first(), signer=svc.signers["tl-001"])
    assert e.value.code == "no_mandate" and "wmo.voorrang_zvw" in str(e.value)
    # a target's mandate limit is its own: the computed EUR 1.401,50 of the verlaging counts, not the sum
    data = load_mandates().model_dump()
    data["roles"]["teamleider"]["may_deviate"][0]["max_monthly_effect_cents"] = 100000
    tight = DeviationService(engine, svc.log, MandateRegister.model_validate(data))
    with pytest.raises(DeviationRefused) as e:
        tight.propose_decision(s, care_first(), signer=svc.signers["tl-001"])
    assert e.value.code == "effect_exceeds_mandate" and "pw.verlaging_arbeidsverplichting" in str(e.value)
    # a target that is not deviable refuses the whole decision
    with pytest.raises(DeviationRefused) as e:
        svc.propose_decision(s, care_first(targets=[*care_first().targets[:1],
                                                    DecisionTarget(rule_id="pw.algemene_bijstand", ground="hardheidsclausule",
                                                                   status_with="eligible")]), signer=svc.signers["tl-001"])
    assert e.value.code in ("not_deviable", "ground_does_not_fit") and "pw.algemene_bijstand" in str(e.value)
    assert len(list(svc.log.entries())) == before  # nothing written


def test_the_approver_needs_a_mandate_for_every_target(svc, engine):
    s = load_situation(GGZ)
    members = svc.propose_decision(s, care_first(), signer=svc.signers["tl-001"])
    from actors_fixture import ActorRecord, Signer, register_actor
    from datetime import date

    kw = Signer.generate("kw-001")
    register_actor(svc.log, ActorRecord(id="kw-001", public_key=kw.public_key(), roles=["kwaliteit"], valid_from=date(2020, 1, 1)),
                   signer=svc.signers["beheer"])
    partial = DeviationService(engine, svc.log, _register(approver_pw_only=True))
    with pytest.raises(DeviationRefused) as e:
        partial.approve(members[0].decision["id"], Actor(id="kw-001", role="kwaliteit"), signer=kw)
    assert e.value.code == "approver_no_mandate" and "wmo.voorrang_zvw" in str(e.value)
    assert [d.status for d in svc.members(members[0].id)] == ["proposed", "proposed"]  # not half approved


def test_a_split_group_is_reported_by_the_verifier(svc):
    members = svc.propose_decision(load_situation(GGZ), care_first(), signer=svc.signers["tl-001"])
    svc.approve(members[0].decision["id"], TL2, signer=svc.signers["tl-002"])
    entries = list(svc.log.entries())
    assert group_problems(entries) == []
    one_approval_missing = [e for e in entries if not (e.kind == "approved" and e.deviation_id == members[1].id)]
    problems = group_problems(one_approval_missing)
    assert problems and "niet als geheel approved (1 van 2 doelen)" in problems[0][1]
    one_member_missing = [e for e in entries if e.deviation_id != members[1].id]
    assert any("niet als geheel voorgesteld" in p for _, p in group_problems(one_member_missing))


def test_a_decision_needs_two_distinct_targets():
    with pytest.raises(ValueError):
        care_first(targets=care_first().targets[:1])
    with pytest.raises(ValueError):
        care_first(targets=[care_first().targets[0], care_first().targets[0]])


def test_decision_on_the_command_line(tmp_path):
    """Repeatable --rule: one decision, approved once by its id prefix, and the log verifies."""
    log = str(tmp_path / "log.sqlite")
    keys = cli_actors(tmp_path, log)
    motivation = tmp_path / "motivering.yaml"
    motivation.write_text(yaml.safe_dump(MOTIVATION.model_dump(), allow_unicode=True), encoding="utf-8")
    proposed = run("deviate", "propose", str(GGZ), "--rule", "pw.verlaging_arbeidsverplichting", "--rule", "wmo.voorrang_zvw",
                   "--naar", "geldt niet", "--naar", "geldt niet", "--ground", "hardheidsclausule", "--ground", "awb_4_84",
                   "--effect", "wmo.voorrang_zvw=150,00", "--actor", "tl-001", "--role", "teamleider",
                   "--justification", str(motivation), "--log", log, "--key-file", str(keys["tl-001"]))
    assert proposed.returncode == 0, proposed.stderr
    assert proposed.stdout.startswith("Besluit ") and "met 2 doelen voorgesteld" in proposed.stdout
    decision = proposed.stdout.split()[1]
    approved = run("deviate", "approve", decision[:12], "--actor", "tl-002", "--role", "teamleider", "--log", log,
                   "--key-file", str(keys["tl-002"]), "--format", "json")
    assert approved.returncode == 0, approved.stderr
    assert [d["status"] for d in json.loads(approved.stdout)] == ["approved", "approved"]
    verified = run("audit", "verify", "--log", log)
    assert verified.returncode == 0 and verified.stdout.startswith("In orde"), verified.stdout + verified.stderr
    evaluated = run("evaluate", str(GGZ), "--log", log, "-v")
    assert evaluated.returncode == 0 and evaluated.stdout.count("✎ Gemotiveerde afwijking") == 2


def test_decision_usage_errors_are_dutch_and_exit_2(tmp_path):
    log = str(tmp_path / "log.sqlite")
    base = ["deviate", "propose", str(GGZ), "--rule", "pw.verlaging_arbeidsverplichting", "--rule", "wmo.voorrang_zvw",
            "--actor", "tl-001", "--role", "teamleider", "--log", log]
    for extra, words in [
        (["--naar", "geldt niet", "--ground", "hardheidsclausule"], "--to"),
        (["--naar", "geldt niet", "--naar", "geldt niet", "--ground", "hardheidsclausule", "--ground", "awb_4_84",
          "--ground", "awb_3_4"], "--ground"),
        (["--naar", "geldt niet", "--naar", "geldt niet", "--ground", "awb_4_84", "--effect", "150"], "REGEL=BEDRAG"),
    ]:
        r = run(*base, *extra)
        assert r.returncode == 2 and words in r.stderr and "Traceback" not in r.stderr, r.stderr
