"""A rule may read another rule's outcome (same law or another law): the explainer
evaluates in dependency order, the Rete network in levels, and both agree."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from crosslaw import Engine, RuleFileError, load_rules

LINK = "https://wetten.overheid.nl/jci1.3:c:BWBR0015703&artikel=11"
BASIS = f"{{law: Testwet, bwb: BWBR0015703, article: '11', link: '{LINK}'}}"


def rule(rule_id: str, when: str, typ: str = "benefit") -> str:
    return f"""
  - id: {rule_id}
    type: {typ}
    title: Regel {rule_id}
    explanation: Een regel om verwijzingen tussen regels te testen.
    basis: {BASIS}
    kind: wettelijk
    deviation: {{deviable: false}}
    valid_from: 2025-01-01
    requirements:
      - id: voorwaarde
        title: De voorwaarde
        when: "{when}"
"""


def write_laws(root: Path, a_rules: str, b_rules: str) -> Path:
    for law, prefix, body in (("wet_a", "a", a_rules), ("wet_b", "b", b_rules)):
        d = root / law
        d.mkdir(parents=True)
        (d / "law.yaml").write_text(f"id: {law}\nname: Wet {prefix.upper()}\nprefix: {prefix}\nbwb: [BWBR0015703]\n")
        (d / "regels.yaml").write_text("rules:" + body)
    return root


@pytest.fixture()
def engine(tmp_path):
    root = write_laws(
        tmp_path,
        rule("a.uitkering", "person.age >= 1 and not person.detained") + rule("a.toeslag", "a.uitkering and person.lives_in_netherlands"),
        rule("b.aanvulling", "not a.uitkering or a.toeslag", typ="service") + rule("b.plicht", "b.aanvulling", typ="obligation"),
    )
    return Engine(root)


@pytest.mark.parametrize("person,expected", [
    ({"birth_date": "1990-01-01", "detained": False, "lives_in_netherlands": True},
     {"a.uitkering": "eligible", "a.toeslag": "eligible", "b.aanvulling": "eligible", "b.plicht": "applies"}),
    ({"birth_date": "1990-01-01", "detained": False, "lives_in_netherlands": False},
     {"a.uitkering": "eligible", "a.toeslag": "not_eligible", "b.aanvulling": "not_eligible", "b.plicht": "does_not_apply"}),
    ({"birth_date": "1990-01-01", "detained": True},
     {"a.uitkering": "not_eligible", "a.toeslag": "not_eligible", "b.aanvulling": "eligible", "b.plicht": "applies"}),
    ({"birth_date": "1990-01-01", "detained": False},
     {"a.uitkering": "eligible", "a.toeslag": "undetermined", "b.aanvulling": "undetermined", "b.plicht": "undetermined"}),
])
def test_outcomes_flow_through_references(engine, person, expected):
    ev = engine.evaluate({"person": person}, on=date(2026, 1, 1))
    assert ev.statuses() == expected


def test_unknown_propagates_the_missing_fact(engine):
    ev = engine.evaluate({"person": {"birth_date": "1990-01-01", "detained": False}}, on=date(2026, 1, 1))
    assert [m.fact for m in ev.outcome("b.plicht").missing] == ["person.lives_in_netherlands"]


def test_network_uses_levels(engine):
    levels = {g.name.rsplit("_", 1)[1] for g in engine.network.groups}
    assert levels == {"0", "1", "2", "3"}  # a.uitkering < a.toeslag < b.aanvulling < b.plicht


def test_a_cycle_is_refused_with_file_and_line(tmp_path):
    root = write_laws(tmp_path, rule("a.een", "b.twee"), rule("b.twee", "a.een"))
    with pytest.raises(RuleFileError) as e:
        load_rules(root)
    assert "kringverwijzing" in str(e.value) and "regels.yaml:" in str(e.value)
