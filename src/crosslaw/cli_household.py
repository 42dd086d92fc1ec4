"""``crosslaw intake --huishouden``: the household intake at the terminal (or from a script).

Kept out of cli.py so the single-person commands stay as they are; cli.py only hands over."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any, Callable

import click

from crosslaw.presentation.words import playing


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
    parts.append(f"tussen personen: {playing(present, len(ev.conflicts) - present)}")
    return " | ".join(parts)


def run_household_intake(engine: Any, file: Path, on: date, data: dict[str, Any] | None, max_questions: int,
                         emit: Callable[[str], None]) -> None:
    import yaml

    from crosslaw.household.intake import HouseholdIntake
    from crosslaw.cli_questions import ask_questions
    from crosslaw.presentation.household import render_household_text

    tty = sys.stdin.isatty() and sys.stdout.isatty()
    style = click.style if tty else (lambda text, **_: text)
    session = HouseholdIntake(engine, on, data)

    def save() -> None:
        if session.persons():
            file.write_text(yaml.safe_dump(session.data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    emit(style(f"Gezamenlijke intake van het huishouden · peildatum {on.isoformat()} · {file}", bold=True))
    emit("Eerst wie er wonen, dan per persoon. Antwoord 'weet niet' als iets onbekend is, 'stop' om te stoppen.\n")
    ask_questions(session, file=file, max_questions=max_questions, emit=emit, style=style, save=save,
                  evaluate=lambda: session.evaluate() if session.data.get("relations") is not None else None,
                  status=lambda _before, ev: f"Stand: {household_picture(ev)}" if ev is not None else None)
    if session.persons() and session.data.get("relations") is not None:
        emit("")
        emit(render_household_text(session.evaluate(), color=tty))
    emit(f"\nGesteld: {session.asked} vragen. Opgeslagen in {file}.")
