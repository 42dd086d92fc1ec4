"""The guided intake: asks only what can change an outcome, accepts 'weet niet', re-asks bad answers."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml

from crosslaw.intake import IntakeSession, _get, model_field_count
from crosslaw.situation.files import load_situation

EXAMPLE = Path(__file__).parents[1] / "examples" / "intake_alleenstaande_moeder_schulden.yaml"


def as_answer(question, value) -> str:
    """What a professional would type for the value the example file holds."""
    if value is None:
        return "weet niet"
    if question.kind == "count":
        return str(len(value))
    if question.kind == "bool":
        return "ja" if value else "nee"
    if question.kind == "money":
        return f"{value // 100},{value % 100:02d}"
    return str(value)


def oracle_answers(engine, example: dict, on: date) -> tuple[list[str], IntakeSession]:
    session = IntakeSession(engine, on)
    answers = []
    while (q := session.next_question()) is not None:
        answer = as_answer(q, _get(example, q.fact))
        answers.append(answer)
        session.answer(q, answer)
    return answers, session


def outcome_picture(ev):
    return {o.id: (o.status, o.amount.cents if o.amount else None) for law in ev.laws for o in law.outcomes}, \
        {(c.id, c.status) for c in ev.conflicts}


@pytest.fixture(scope="module")
def scripted(engine):
    situation = load_situation(EXAMPLE)
    example = situation.model_dump(mode="json", exclude_none=True)
    answers, session = oracle_answers(engine, example, situation.peildatum)
    return situation, answers, session


def test_scripted_intake_reaches_the_example_evaluation(engine, scripted):
    situation, answers, session = scripted
    assert outcome_picture(session.evaluate()) == outcome_picture(engine.evaluate(situation))
    assert session.asked == len(answers) < model_field_count()


def test_the_same_intake_piped_into_the_cli(engine, scripted, tmp_path):
    situation, answers, _ = scripted
    out = tmp_path / "intake.yaml"
    result = subprocess.run(
        [sys.executable, "-m", "crosslaw", "intake", str(out), "--date", situation.peildatum.isoformat()],
        input="\n".join(answers) + "\n", capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert f"Gesteld: {len(answers)} vragen (het situatiemodel heeft {model_field_count()} velden)" in result.stdout
    print(f"intake of {EXAMPLE.name}: {len(answers)} questions of {model_field_count()} fields")
    saved = load_situation(out)
    assert outcome_picture(engine.evaluate(saved)) == outcome_picture(engine.evaluate(situation))


def test_invalid_answers_are_re_asked_with_the_reason(tmp_path):
    out = tmp_path / "intake.yaml"
    answers = ["geen datum", "2026-02-30", "2030-01-01", "1990-04-01", "misschien", "ja", "stop"]
    result = subprocess.run(
        [sys.executable, "-m", "crosslaw", "intake", str(out), "--date", "2026-02-02"],
        input="\n".join(answers) + "\n", capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    text = result.stdout
    assert "'geen datum' is geen bestaande datum" in text
    assert "'2026-02-30' is geen bestaande datum" in text
    assert "ligt na de peildatum" in text  # a birth date in the future is refused by the model
    assert "antwoord met ja of nee" in text
    saved = yaml.safe_load(out.read_text())
    assert saved["person"]["birth_date"] == "1990-04-01"


def test_resume_from_a_saved_file(engine, tmp_path):
    out = tmp_path / "intake.yaml"
    first = subprocess.run([sys.executable, "-m", "crosslaw", "intake", str(out), "--date", "2026-02-02"],
                           input="1990-04-01\nstop\n", capture_output=True, text=True, timeout=120)
    assert first.returncode == 0
    second = subprocess.run([sys.executable, "-m", "crosslaw", "intake", str(out)],
                            input="stop\n", capture_output=True, text=True, timeout=120)
    assert second.returncode == 0, second.stderr
    assert "Wat is de geboortedatum van de aanvrager" not in second.stdout.split("crosslaw: evaluatie")[0]  # not asked again
    assert "peildatum 2026-02-02" in second.stdout


def test_weet_niet_is_not_asked_again(engine):
    session = IntakeSession(engine, date(2026, 2, 2))
    q = session.next_question()
    session.answer(q, "weet niet")
    assert session.next_question().fact != q.fact
