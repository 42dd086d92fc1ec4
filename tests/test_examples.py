"""The acceptance examples of the core issue, end to end through the library and the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import yaml

from crosslaw.situation.files import load_situation

EXAMPLES = Path(__file__).parents[1] / "examples"


def test_cli_json_has_status_and_article_links(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "crosslaw", "evaluate", str((EXAMPLES / "alleenstaande.yaml").resolve()), "--format", "json"],
        capture_output=True, text=True, cwd=tmp_path, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    outcomes = [o for law in data["laws"] for o in law["outcomes"]]
    assert outcomes
    for o in outcomes:
        assert o["status"] in {"eligible", "not_eligible", "undetermined", "applies", "does_not_apply"}
        for req in o["requirements"]:
            assert req["article"]["link"].startswith("https://wetten.overheid.nl/jci1.3:c:BWBR")
    bijstand = next(o for o in outcomes if o["id"] == "pw.algemene_bijstand")
    assert bijstand["status"] == "eligible" and bijstand["amount"]["cents"] == 140150


def test_text_overview_is_dutch():
    result = subprocess.run([sys.executable, "-m", "crosslaw", "evaluate", str(EXAMPLES / "alleenstaande.yaml")], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert "Algemene bijstand" in result.stdout and "recht" in result.stdout and "€ 1.401,50" in result.stdout


def test_missing_facts_then_completed(engine):
    situation = load_situation(EXAMPLES / "onvolledig.yaml")
    ev = engine.evaluate(situation)
    bijstand = ev.outcome("pw.algemene_bijstand")
    assert bijstand.status == "undetermined"
    facts = {m.fact for m in bijstand.missing}
    # who lives there is unknown, so a presumed partner (art. 3 lid 4) is still possible, and with it
    # the questions about that partner's age and own right to bijstand (the norm of art. 24) and, from
    # 2026, whether a partner of 18-20 can rely on their parents (the increase of art. 20 lid 3)
    partner = {"household.partner.birth_date", "household.partner.detained", "household.partner.residence_status",
               "household.partner.study_finance_entitlement", "assessment.partner_cannot_rely_on_parents"}
    assert {"household.members", "income"} <= facts <= {"household.members", "income"} | partner
    assert all(m.question.endswith("?") or "lijst" in m.question for m in bijstand.missing)
    completed = situation.model_dump(mode="json") | {"income": []}
    completed["household"]["members"] = []
    ev2 = engine.evaluate(completed)
    assert ev2.outcome("pw.algemene_bijstand").status == "eligible"
    assert ev2.outcome("pw.algemene_bijstand").missing == []


def test_norm_changes_across_2026(engine):
    situation = load_situation(EXAMPLES / "alleenstaande.yaml")
    before = engine.evaluate(situation, on=date(2025, 12, 31)).outcome("pw.algemene_bijstand")
    after = engine.evaluate(situation, on=date(2026, 1, 1)).outcome("pw.algemene_bijstand")
    assert (before.amount.cents, after.amount.cents) == (136906, 140150)


def test_cost_sharer_rule_of_each_period_with_informal_care(engine):
    situation = load_situation(EXAMPLES / "mantelzorg.yaml")

    def cost_sharing(on):
        ev = engine.evaluate(situation, on=on)
        values = {c.id: c for law in ev.laws for c in law.computed}
        return values["pw.kostendelersnorm_van_toepassing"], values["pw.norm"].value

    rule_2025, norm_2025 = cost_sharing(date(2025, 12, 31))
    rule_2026, norm_2026 = cost_sharing(date(2026, 1, 1))
    assert rule_2025.value is True and rule_2025.article.text == "art. 22a lid 1 Participatiewet"
    assert rule_2026.value is False and rule_2026.article.text == "art. 22a lid 4 Participatiewet"
    # A = 2 (Petra and her mother): 50% of the couple norm 195580 before, the full single norm after
    assert norm_2025 == 97790 and norm_2026 == 140150


def test_examples_are_valid_situations():
    from crosslaw.household.model import HouseholdSituation
    from crosslaw.situation.files import load_any

    households = 0
    for path in EXAMPLES.glob("*.yaml"):
        situation = load_any(path)  # a single-person situation, or a household (persons)
        if isinstance(situation, HouseholdSituation):
            households += 1
        else:
            load_situation(path)
        assert yaml.safe_load(path.read_text())  # plain YAML, no tags
    assert households >= 1


def test_diff_across_2026_shows_changed_norm_and_cost_sharer_rule():
    result = subprocess.run(
        [sys.executable, "-m", "crosslaw", "diff", str(EXAMPLES / "mantelzorg.yaml"), "--from", "2025-12-31", "--to", "2026-01-01"],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Bijstandsnorm per maand (participatiewet): € 977,90 → € 1.401,50" in out
    assert "Kostendelersnorm van toepassing (participatiewet): ja → nee" in out
    assert "andere regel: art. 22a lid 1 Participatiewet → art. 22a lid 4 Participatiewet" in out
    assert "Algemene bijstand" in out
    data = json.loads(subprocess.run(
        [sys.executable, "-m", "crosslaw", "diff", str(EXAMPLES / "mantelzorg.yaml"), "--from", "2025-12-31", "--to", "2026-01-01",
         "--format", "json"], capture_output=True, text=True, timeout=60).stdout)
    rule = next(c for c in data["changes"] if c["id"] == "pw.kostendelersnorm_van_toepassing")
    assert rule["rule_changed"] and rule["before"] == "True" and rule["after"] == "False"
