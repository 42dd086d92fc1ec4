"""``crosslaw intake --huishouden``: the household intake at the terminal (or from a script).

Kept out of cli.py so the single-person commands stay as they are; cli.py only hands over."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any, Callable

import click


def household_picture(ev: Any) -> str:
    """The running picture: per person per law what applies, and the tensions between persons."""
    parts = []
    for p in ev.persons:
        laws = []
        for law in p.evaluation.laws:
            yes = sum(1 for o in law.outcomes if o.status in ("eligible", "applies"))
            open_ = sum(1 for o in law.outcomes if o.status == "undetermined")
            laws.append(f"{law.name.split(' ')[0]} {yes}+/{open_}?")
        parts.append(f"{p.name}: " + ", ".join(laws))
    present = sum(1 for c in ev.conflicts if c.status == "present")
    parts.append(f"tussen personen: {present} spelen, {len(ev.conflicts) - present} mogelijk")
    return " | ".join(parts)


def run_household_intake(engine: Any, file: Path, on: date, data: dict[str, Any] | None, max_questions: int,
                         emit: Callable[[str], None]) -> None:
    import yaml

    from crosslaw.household.intake import HouseholdIntake
    from crosslaw.intake import AnswerError
    from crosslaw.presentation.household import render_household_text

    tty = sys.stdin.isatty() and sys.stdout.isatty()
    style = click.style if tty else (lambda text, **_: text)
    session = HouseholdIntake(engine, on, data)

    def save() -> None:
        if session.persons():
            file.write_text(yaml.safe_dump(session.data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    emit(style(f"Gezamenlijke intake van het huishouden · peildatum {on.isoformat()} · {file}", bold=True))
    emit("Eerst wie er wonen, dan per persoon. Antwoord 'weet niet' als iets onbekend is, 'stop' om te stoppen.\n")
    while session.asked < max_questions:
        evaluation = session.evaluate() if session.data.get("relations") is not None else None
        if evaluation is not None:
            emit(style(f"  Stand: {household_picture(evaluation)}", fg="cyan"))
        question = session.next_question(evaluation)
        if question is None:
            emit("Geen vragen meer die een uitkomst of spanning kunnen veranderen.")
            break
        emit(style(f"Vraag {session.asked + 1}: ", bold=True) + question.prompt())
        line = sys.stdin.readline()
        if line == "":
            emit("(einde van de invoer)")
            break
        if line.strip().lower() in ("stop", "klaar"):
            break
        try:
            session.answer(question, line)
        except AnswerError as e:
            if not sys.stdin.isatty():  # from a script the next lines would answer the wrong questions
                from crosslaw.cli_intake import InvalidScriptedAnswer

                save()
                raise InvalidScriptedAnswer(
                    f"ongeldig antwoord {line.strip()!r} op vraag {session.asked + 1} ({question.text}): {e}. "
                    f"De intake stopt; de antwoorden tot hier zijn bewaard in {file}."
                ) from None
            emit(style(f"  Ongeldig antwoord: {e}. Probeer het opnieuw.", fg="red"))
            continue
        save()
    save()
    if session.persons() and session.data.get("relations") is not None:
        emit("")
        emit(render_household_text(session.evaluate(), color=tty))
    emit(f"\nGesteld: {session.asked} vragen. Opgeslagen in {file}.")
