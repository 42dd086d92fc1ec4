"""A scripted household intake (issue 11): who lives here first, then per person, each question
naming the person, and only what can still change an outcome or a conflict for someone."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import yaml

from crosslaw.household.intake import HouseholdIntake
from crosslaw.household.parse import parse_household
from crosslaw.intake import _get

ROOT = Path(__file__).parents[1]
TRUTH = yaml.safe_load((ROOT / "examples" / "gezin_samira_jayden.yaml").read_text())
PEOPLE = {p["ref"]: p for p in TRUTH["persons"]}
ON = date(2026, 3, 9)
SCRIPT = {
    "persons": "Samira, Jayden",
    "relations.partner.samira": "geen",
    "relations.partner.jayden": "geen",
    "relations.children.samira": "Jayden",
    "relations.children.jayden": "geen",
}


def _answer_from_truth(q) -> str:
    """What the resident would say: the value in the example file, or 'weet niet' when it has none."""
    if q.fact in SCRIPT:
        return SCRIPT[q.fact]
    _, ref, rest = q.fact.split(".", 2)
    v = _get(PEOPLE[ref], rest)
    if v is None:
        return "weet niet"
    if isinstance(v, bool):
        return "ja" if v else "nee"
    if isinstance(v, list):
        return str(len(v))
    if q.kind == "money":
        return str(Decimal(v) / 100).replace(".", ",")
    return str(v)


def test_scripted_household_intake(engine):
    session = HouseholdIntake(engine, ON)
    asked = []
    while (q := session.next_question()) is not None:
        ev = session.evaluate()
        if ev is not None and q.stage == "person":  # asked only when someone's outcome or conflict waits for it
            assert q.fact in {m.fact for m in ev.missing}
        asked.append(q)
        session.answer(q, _answer_from_truth(q))
        assert len(asked) < 150
    texts = [q.text for q in asked]
    # who lives here first, then their birth dates, then who is whose partner and child
    assert [q.stage for q in asked[:7]] == ["persons", "birth_date", "birth_date", "partner", "partner", "children", "children"]
    assert texts[1] == "Wat is de geboortedatum van Samira?" and texts[2] == "Wat is de geboortedatum van Jayden?"
    # then per person: Samira's questions before Jayden's
    people = [q.person for q in asked[7:]]
    first_jayden = people.index("jayden")
    assert set(people[:first_jayden]) == {"samira"} and "samira" not in people[first_jayden:]
    assert "Krijgt Jayden jeugdhulp?" in texts
    assert "Krijgt Samira ggz-behandeling of -begeleiding?" in texts
    assert not any("de aanvrager" in t or "deze huisgenoot" in t for t in texts)
    assert not any(q.fact.startswith("persons.samira.youth.") for q in asked)  # the Jeugdwet cannot concern her
    h = parse_household(session.data)
    assert [p.ref for p in h.persons] == ["samira", "jayden"]
    ev = session.evaluate()
    statuses = {c.id: c.status for c in ev.conflicts}
    assert statuses["conflict.persoon.kind_wordt_18_in_jeugdhulp"] == "present"
    assert statuses["conflict.persoon.arbeidsplicht_ouder_vs_jeugdhulp_kind"] == "present"
    assert ev.person("jayden").outcome("jw.jeugdhulp").status == "eligible"
    assert len(asked) < 120  # far fewer than the facts of two persons (the situation model has hundreds)


def test_wrong_answers_are_reasked_with_the_reason(engine):
    session = HouseholdIntake(engine, ON)
    q = session.next_question()
    session.answer(q, "Samira, Jayden")
    q = session.next_question()
    try:
        session.answer(q, "2030-01-01")
    except Exception as e:
        assert "na de peildatum" in str(e)
    else:  # pragma: no cover
        raise AssertionError("a birth date after the peildatum was accepted")
    assert session.next_question().fact == "persons.samira.person.birth_date"
    session.answer(session.next_question(), "1982-10-05")
    session.answer(session.next_question(), "2008-03-10")
    q = session.next_question()
    try:
        session.answer(q, "Kevin")
    except Exception as e:
        assert "woont niet in de woning" in str(e)


def test_cli_household_intake_from_a_script(tmp_path):
    out = tmp_path / "gezin.yaml"
    answers = "Samira, Jayden\n1982-10-05\n2008-03-10\ngeen\ngeen\nJayden\ngeen\nja\nnederlander\nstop\n"
    r = subprocess.run([sys.executable, "-m", "crosslaw", "intake", str(out), "--huishouden", "--date", "2026-03-09"],
                       input=answers, capture_output=True, text=True, timeout=180)
    assert r.returncode == 0, r.stderr
    assert "Vraag 1: Wie wonen er in de woning?" in r.stdout
    assert "Vraag 2: Wat is de geboortedatum van Samira?" in r.stdout
    assert "Vraag 8: Woont Samira in Nederland?" in r.stdout
    assert "=== Jayden, 17 jaar ===" in r.stdout
    saved = yaml.safe_load(out.read_text())
    assert saved["relations"] == [{"type": "ouder", "parent": "samira", "child": "jayden"}]
    assert saved["persons"][0]["person"] == {"birth_date": "1982-10-05", "lives_in_netherlands": True, "residence_status": "nederlander"}
    # resuming the file continues as a household, with the next open question
    r = subprocess.run([sys.executable, "-m", "crosslaw", "intake", str(out)], input="stop\n", capture_output=True, text=True, timeout=180)
    assert r.returncode == 0, r.stderr
    assert "Vraag 4: Is Samira gedetineerd" in r.stdout or "Vraag 1: Is Samira gedetineerd" in r.stdout
