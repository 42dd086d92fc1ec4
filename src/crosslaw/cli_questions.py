"""The question loop both intakes share (one resident, a whole household).

Ask the next question that can still change an outcome or a tension, show what the answers so far
mean, save after every answer. From a script (standard input not a terminal) a wrong answer stops
the intake with exit code 2: every later line would answer the wrong question."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Callable, Optional

import click


class InvalidScriptedAnswer(click.ClickException):
    exit_code = 2


def ask_questions(session: Any, *, file: Path, max_questions: int, emit: Callable[[str], None],
                  style: Callable[..., str], save: Callable[[], None],
                  evaluate: Callable[[], Any], status: Callable[[Any, Any], Optional[str]]) -> None:
    """Run the intake until no question is left, the input ends, 'stop' or ``max_questions``.

    ``evaluate`` gives the evaluation so far (or None when it cannot be made yet); ``status(before,
    now)`` gives the running line shown above each question (or None)."""
    from crosslaw.intake import AnswerError

    scripted = not sys.stdin.isatty()
    before = None
    while session.asked < max_questions:
        evaluation = evaluate()
        line = status(before, evaluation)
        if line:
            emit(style(f"  {line}", fg="cyan"))
        question = session.next_question(evaluation)
        if question is None:
            emit("Geen vragen meer die een uitkomst of spanning kunnen veranderen.")
            break
        number = session.asked + 1
        emit(style(f"Vraag {number}: ", bold=True) + question.prompt())
        answer = sys.stdin.readline()
        if answer == "":
            emit("(einde van de invoer)")
            break
        if answer.strip().lower() in ("stop", "klaar"):
            break
        try:
            session.answer(question, answer)
        except AnswerError as e:
            if scripted:
                save()
                raise InvalidScriptedAnswer(
                    f"ongeldig antwoord {answer.strip()!r} op vraag {number} ({question.text}): {e}. "
                    f"De intake stopt, want de volgende regels zouden bij de verkeerde vragen horen; "
                    f"de antwoorden tot hier zijn bewaard in {file}."
                ) from None
            emit(style(f"  Ongeldig antwoord: {e}. Probeer het opnieuw.", fg="red"))
            continue
        before = evaluation
        save()
    save()
