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


def _intake_at_a_terminal(out: Path, answers: list[str], date_: str = "2026-02-02") -> str:
    """Run the intake with a pseudo-terminal as standard input and output, as at the table."""
    import os
    import pty
    import select
    import time

    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "crosslaw", "intake", str(out), "--date", date_],
                            stdin=slave, stdout=slave, stderr=slave, close_fds=True)
    os.close(slave)
    output, pending, deadline = b"", list(answers), time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
            if pending and output.rstrip().endswith((b"]", b"?")) and output.count(b"Vraag ") + output.count(b"Ongeldig") > 0:
                os.write(master, (pending.pop(0) + "\n").encode())
        elif proc.poll() is not None:
            break
    proc.wait(timeout=30)
    os.close(master)
    return output.decode("utf-8", "replace").replace("\r\n", "\n")


def test_invalid_answers_are_re_asked_with_the_reason_at_a_terminal(tmp_path):
    out = tmp_path / "intake.yaml"
    answers = ["geen datum", "2026-02-30", "2030-01-01", "1990-04-01", "misschien", "ja", "stop"]
    text = _intake_at_a_terminal(out, answers)
    assert "Traceback" not in text
    assert "'geen datum' is geen bestaande datum" in text
    assert "'2026-02-30' is geen bestaande datum" in text
    assert "ligt na de peildatum" in text  # a birth date in the future is refused by the model
    assert "antwoord met ja of nee" in text
    assert text.count("Probeer het opnieuw") == 4
    saved = yaml.safe_load(out.read_text())
    assert saved["person"]["birth_date"] == "1990-04-01"


@pytest.mark.parametrize("bad, reason", [
    ("geen datum", "'geen datum' is geen bestaande datum"),
    ("2026-02-30", "'2026-02-30' is geen bestaande datum"),
    ("2030-01-01", "ligt na de peildatum"),
])
def test_piped_intake_stops_at_the_first_invalid_answer_with_exit_2(tmp_path, bad, reason):
    """From a script a re-ask would take the next line as its answer and shift every later answer."""
    out = tmp_path / "intake.yaml"
    result = subprocess.run(
        [sys.executable, "-m", "crosslaw", "intake", str(out), "--date", "2026-02-02"],
        input="\n".join([bad, "ja", "nederlander", "nee"]) + "\n", capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert reason in result.stderr and "vraag 1 (Wat is de geboortedatum van de aanvrager?)" in result.stderr
    assert "Probeer het opnieuw" not in result.stdout and result.stdout.count("Vraag ") == 1


def test_piped_intake_keeps_the_valid_answers_before_the_invalid_one(tmp_path):
    out = tmp_path / "intake.yaml"
    result = subprocess.run(
        [sys.executable, "-m", "crosslaw", "intake", str(out), "--date", "2026-02-02"],
        input="1990-04-01\nmisschien\nnederlander\n", capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 2 and "vraag 2 (Woont de aanvrager in Nederland?)" in result.stderr
    assert yaml.safe_load(out.read_text())["person"] == {"birth_date": "1990-04-01"}


def test_weet_niet_survives_a_resume(tmp_path):
    out = tmp_path / "intake.yaml"
    first = subprocess.run([sys.executable, "-m", "crosslaw", "intake", str(out), "--date", "2026-02-02"],
                           input="weet niet\nstop\n", capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    assert out.read_text().startswith("# weet niet: person.birth_date\n")
    second = subprocess.run([sys.executable, "-m", "crosslaw", "intake", str(out)],
                            input="stop\n", capture_output=True, text=True, timeout=120)
    assert second.returncode == 0, second.stderr
    assert "Wat is de geboortedatum van de aanvrager" not in second.stdout.split("crosslaw: evaluatie")[0]
    # the file is still an ordinary situation
    assert subprocess.run([sys.executable, "-m", "crosslaw", "evaluate", str(out)], capture_output=True, timeout=120).returncode == 0


def test_running_picture_says_what_the_last_answer_changed(tmp_path):
    out = tmp_path / "intake.yaml"
    result = subprocess.run([sys.executable, "-m", "crosslaw", "intake", str(out), "--date", "2026-02-02"],
                            input="1988-03-01\nja\nstop\n", capture_output=True, text=True, timeout=120)
    lines = result.stdout.splitlines()
    after_birth = lines[lines.index(next(x for x in lines if x.startswith("Vraag 1:"))) + 1]
    assert after_birth.startswith("  Dit antwoord: nog niet te bepalen → ") and "Jeugdhulp" in after_birth
    after_second = lines[lines.index(next(x for x in lines if x.startswith("Vraag 2:"))) + 1]
    assert after_second == "  Dit antwoord: geen uitkomst veranderd."


def test_choices_in_dutch_in_the_natural_order_and_accepted_as_read(engine):
    from crosslaw.intake import Question, _spec, parse_answer

    kind, choices = _spec("person.residence_status")
    assert kind == "choice" and choices == ["nederlander", "gelijkgesteld", "niet_gelijkgesteld"]
    q = Question("person.residence_status", "?", kind, choices)
    assert "[1. nederlander; 2. gelijkgesteld; 3. niet gelijkgesteld]" in q.prompt()
    assert parse_answer(q, "niet gelijkgesteld") == "niet_gelijkgesteld"


def test_count_questions_ask_for_a_number(engine):
    from crosslaw.intake import Question

    q = Question("income", "Welke inkomsten zijn er (soort en netto bedrag per maand)? Geef een lege lijst als geen.", "count")
    assert q.prompt().startswith("Hoeveel inkomsten") and "lege lijst" not in q.prompt()


def test_who_a_household_member_is_comes_before_questions_about_them(engine):
    session = IntakeSession(engine, date(2026, 2, 2), {
        "person": {"birth_date": "1990-01-01", "residence_status": "nederlander", "lives_in_netherlands": True},
        "household": {"members": [{}]},
    })
    asked = []
    while (q := session.next_question()) is not None and len(asked) < 40:
        asked.append(q.fact)
        session.answer(q, "weet niet")
    member = [f for f in asked if f.startswith("household.members[0].")]
    assert member and member[0] == "household.members[0].relation", member


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
