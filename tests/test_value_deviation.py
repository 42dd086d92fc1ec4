"""Deviable values (issue 12): the kostendelers lever for the mantelzorger, the engine's effect,
the counterfactual and the deviation that outlives its reason."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from crosslaw.audit.open import open_log
from crosslaw.deviation.mandates import load_mandates
from crosslaw.deviation.model import Actor, DeviationRequest, Justification
from crosslaw.deviation.service import DeviationRefused, DeviationService
from crosslaw.situation.files import load_situation
from actors_fixture import signed_service

ROOT = Path(__file__).resolve().parents[1]
MANTELZORG = ROOT / "examples" / "mantelzorg.yaml"
ON = date(2025, 12, 31)
WHY = Justification(
    situation="Petra woont tijdelijk bij haar moeder om dertig uur per week intensieve mantelzorg te geven.",
    purpose="De kostendelersnorm verdisconteert dat woonlasten gedeeld worden door wie samen een huis delen.",
    defeats_purpose="Zij woont daar om te zorgen, niet om kosten te delen; de lagere norm straft de mantelzorg.",
    alternatives="Wachten tot art. 22a lid 4 per 2026 geldt laat haar maanden onder het minimum; bijzondere bijstand dekt het niet.",
)


@pytest.fixture()
def service(engine, tmp_path, monkeypatch):
    monkeypatch.setenv("CROSSLAW_PSEUDONYM_KEY", "een-geheim-voor-de-test-0123456789")
    log = open_log(tmp_path / "afwijkingen.sqlite")
    svc = signed_service(engine, log)
    yield svc
    log.close()


def req(**changes):
    data = dict(rule_id="pw.kostendelersnorm_van_toepassing", on=ON, value_with=False, ground="discretionaire_ruimte",
                justification=WHY, actor=Actor(id="km-017", role="teamleider"))
    data.update(changes)
    return DeviationRequest(**data)


def test_lever_target_proposed_approved_and_evaluated_both_ways(service, engine):
    s = load_situation(MANTELZORG)
    plain = engine.evaluate(s, on=ON)
    assert "conflict.kostendelersnorm_mantelzorger_tijdelijk_elders" in {c.id for c in plain.conflicts if c.status == "present"}
    bijstand_without = plain.outcome("pw.algemene_bijstand").amount.cents

    d = service.propose(s, req(), signer=service.signers["km-017"])
    assert d.status == "proposed" and d.target_kind == "value" and d.value_without is True and d.value_with is False
    assert d.ruleset_digest == engine.rules.digest
    d = service.approve(d.id, Actor(id="tl-001", role="teamleider"), signer=service.signers["tl-001"])
    assert d.status == "approved"

    ev = engine.evaluate(s, on=ON, deviations=service.for_case(s, ON))
    bijstand_with = ev.outcome("pw.algemene_bijstand").amount.cents
    assert bijstand_with > bijstand_without  # alleenstaandennorm instead of the kostendelersnorm
    (effect,) = ev.deviation_effects
    assert effect.id == d.id and not effect.redundant
    change = {c.id: c for c in effect.outcomes}["pw.algemene_bijstand"]
    assert (change.amount_without_cents, change.amount_with_cents) == (bijstand_without, bijstand_with)
    assert "conflict.kostendelersnorm_mantelzorger_tijdelijk_elders" in effect.conflicts_gone
    assert "conflict.kostendelersnorm_mantelzorger_tijdelijk_elders" not in {c.id for c in ev.conflicts if c.status == "present"}
    # the recorded effect is the engine's, and equals what the evaluation shows
    assert d.monthly_effect_cents == effect.monthly_effect_cents >= bijstand_with - bijstand_without > 0
    assert d.effect["outcomes"]


def test_understated_effect_is_replaced_and_mandate_checks_the_computed_effect(service, engine, tmp_path):
    s = load_situation(MANTELZORG)
    real = service.propose(s, req(), signer=service.signers["km-017"]).monthly_effect_cents
    assert real > 1000
    typed = 100
    # a mandate whose limit lies between the typed and the computed effect
    data = load_mandates().model_dump()
    data["roles"]["teamleider"]["may_deviate"][0]["max_monthly_effect_cents"] = (typed + real) // 2
    from crosslaw.deviation.mandates import MandateRegister
    tight = DeviationService(engine, service.log, MandateRegister.model_validate(data))
    with pytest.raises(DeviationRefused) as e:
        tight.propose(s, req(monthly_effect_cents=typed), signer=service.signers["km-017"])
    assert e.value.code == "effect_exceeds_mandate"
    # under the ordinary mandate the understated figure is kept only as a note
    d = service.propose(s, req(monthly_effect_cents=typed), signer=service.signers["km-017"])
    assert d.monthly_effect_cents == real and d.typed_effect_cents == typed


def test_typed_understatement_of_a_rule_deviation_is_caught(service, engine):
    """The issue's case: EUR 200 typed against a verlaging of EUR 1.401,50; the mandate sees the real figure."""
    s = load_situation(ROOT / "examples" / "intake_ggz_maatregel.yaml")
    on = s.peildatum
    outcome = engine.evaluate(s, on=on).outcome("pw.verlaging_arbeidsverplichting")
    assert outcome.status == "applies" and outcome.amount.cents == 140150
    r = DeviationRequest(rule_id="pw.verlaging_arbeidsverplichting", on=on, status_with="does_not_apply",
                         monthly_effect_cents=20000, ground="hardheidsclausule", justification=WHY,
                         actor=Actor(id="km-017", role="teamleider"))
    d = service.propose(s, r, signer=service.signers["km-017"])
    assert d.monthly_effect_cents == 140150 and d.typed_effect_cents == 20000
    data = load_mandates().model_dump()
    data["roles"]["teamleider"]["may_deviate"][0]["max_monthly_effect_cents"] = 50000  # between 200 and 1.401,50
    from crosslaw.deviation.mandates import MandateRegister
    tight = DeviationService(engine, service.log, MandateRegister.model_validate(data))
    with pytest.raises(DeviationRefused) as e:
        tight.propose(s, r, signer=service.signers["km-017"])
    assert e.value.code == "effect_exceeds_mandate"


def test_deviation_of_2025_is_redundant_from_2026(service, engine):
    s = load_situation(MANTELZORG)
    d = service.propose(s, req(), signer=service.signers["km-017"])
    service.approve(d.id, Actor(id="tl-001", role="teamleider"), signer=service.signers["tl-001"])
    ev = engine.evaluate(s, on=date(2026, 1, 1), deviations=service.for_case(s, date(2026, 1, 1)))
    (effect,) = ev.deviation_effects
    assert effect.redundant and effect.value_without is False and not effect.outcomes


def test_value_deviation_refusals(service):
    s = load_situation(MANTELZORG)
    signer = service.signers["km-017"]
    for changes, code in [
        ({"value_with": True}, "no_change"),
        ({"value_with": 5}, "bad_outcome"),
        ({"ground": "awb_4_84"}, "ground_does_not_fit"),
        ({"rule_id": "pw.norm", "value_with": 100000}, "not_deviable"),
        ({"actor": Actor(id="km-017", role="klantmanager")}, "no_mandate"),
    ]:
        with pytest.raises(DeviationRefused) as e:
            service.propose(s, req(**changes), signer=signer)
        assert e.value.code == code, changes
    assert service.all() == {}


def test_a_value_deviation_never_changes_another_case(service, engine):
    s = load_situation(MANTELZORG)
    d = service.propose(s, req(), signer=service.signers["km-017"])
    service.approve(d.id, Actor(id="tl-001", role="teamleider"), signer=service.signers["tl-001"])
    other = s.model_copy(update={"case_ref": "voorbeeld-999"})
    assert service.for_case(other, ON) == []
    assert engine.evaluate(other, on=ON, deviations=service.for_case(other, ON)).model_dump(exclude={"case_ref", "situation_digest"}) == \
        engine.evaluate(other, on=ON).model_dump(exclude={"case_ref", "situation_digest"})
