"""``crosslaw intake``: the joint intake at the table, or from a script.

At a terminal a wrong answer is asked again with the reason. From a script (standard input
not a terminal) every later line would then answer the wrong question, so the intake stops
at the first invalid answer with exit code 2 and names the question. Answers "weet niet"
are kept in a comment line at the top of the file, so a resumed intake does not ask them
again while the file stays an ordinary situation.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from crosslaw.cli import DATE, RULES_OPTION, _emit, _engine
from crosslaw.cli_questions import InvalidScriptedAnswer, ask_questions

UNKNOWN_MARK = "# weet niet:"  # the comment line that carries the facts answered "weet niet"


def read_unknown(text: str) -> set[str]:
    """The facts answered 'weet niet' in an earlier session of this file."""
    facts: set[str] = set()
    for line in text.splitlines():
        if line.startswith(UNKNOWN_MARK):
            facts.update(f.strip() for f in line[len(UNKNOWN_MARK):].split(",") if f.strip())
    return facts


def write_file(path: Path, data: dict, unknown: set[str]) -> None:
    import yaml

    header = f"{UNKNOWN_MARK} {', '.join(sorted(unknown))}\n" if unknown else ""
    path.write_text(header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--date", "on", type=DATE, default=None, help="Peildatum (JJJJ-MM-DD); bij hervatten die uit het bestand.")
@click.option("--max", "max_questions", type=int, default=250, show_default=True, help="Ten hoogste zoveel vragen.")
@click.option("--verbose", "-v", is_flag=True, help="Toon aan het eind alle voorwaarden en berekeningen.")
@click.option("--huishouden", "household", is_flag=True,
              help="Intake van een heel huishouden: eerst wie er wonen, dan per persoon (vanzelf bij een bestand met 'persons').")
@RULES_OPTION
def intake(file: Path, on: date | None, max_questions: int, verbose: bool, household: bool, rules_dir: Path | None) -> None:
    """Gezamenlijke intake: vraagt alleen wat een uitkomst of spanning nog kan veranderen.

    Het antwoord 'weet niet' mag altijd en wordt onthouden; 'stop' beëindigt de intake. Na elk
    antwoord wordt FILE bijgewerkt, zodat u later kunt hervatten met hetzelfde commando. Na elk
    antwoord ziet u wat dat antwoord veranderde.

    Antwoorden kunnen ook uit een script komen, een per regel. Dan stopt de intake bij het
    eerste ongeldige antwoord (exitcode 2) en noemt de vraag.

    \b
    Voorbeeld:
      crosslaw intake gesprek-jansen.yaml --date 2026-02-02
      crosslaw intake gezin-el-amrani.yaml --huishouden --date 2026-03-09
      printf '1988-03-01\\nja\\nnederlander\\nstop\\n' | crosslaw intake nieuw.yaml --date 2026-02-02
    (geboortedatum, woont in Nederland, nationaliteit; daarna stoppen)
    """
    from crosslaw.intake import IntakeSession, model_field_count
    from crosslaw.presentation.progress import progress_line
    from crosslaw.presentation.relevance import settled_by_age
    from crosslaw.presentation.text import render_text
    from crosslaw.situation.files import load_situation

    from crosslaw.household.parse import is_household
    from crosslaw.situation.files import load_any

    if file.exists() and not household:
        household = is_household(load_any(file))
    if household:  # who lives here first, then per person (cli_household.py)
        from crosslaw.cli_household import run_household_intake

        hdata = None
        if file.exists():
            hdata = load_any(file).model_dump(mode="json", exclude_none=True)
            on = on or (date.fromisoformat(hdata["peildatum"]) if hdata.get("peildatum") else None)
        if on is None:
            raise click.UsageError("geef --date (de peildatum van de intake)")
        run_household_intake(_engine(rules_dir), file, on, hdata, max_questions, _emit)
        return
    data, unknown = None, set()
    if file.exists():
        situation = load_situation(file)
        data = situation.model_dump(mode="json", exclude_none=True)
        unknown = read_unknown(file.read_text(encoding="utf-8"))
        on = on or situation.peildatum
    if on is None:
        raise click.UsageError("geef --date (de peildatum van de intake)")
    scripted = not sys.stdin.isatty()
    tty = not scripted and sys.stdout.isatty()
    style = click.style if tty else (lambda text, **_: text)
    engine = _engine(rules_dir)
    session = IntakeSession(engine, on, data)
    session.skipped |= unknown

    def save() -> None:
        write_file(file, session.data, session.skipped)

    _emit(style(f"Gezamenlijke intake · peildatum {on.isoformat()} · {file}", bold=True))
    _emit("Antwoord 'weet niet' als iets onbekend is, 'stop' om te stoppen (alles wordt bewaard).\n")
    ask_questions(session, file=file, max_questions=max_questions, emit=_emit, style=style, save=save,
                  evaluate=session.evaluate, status=progress_line)
    evaluation = session.evaluate(detail="full" if verbose else "summary") if verbose else session.evaluate()
    settled = frozenset() if verbose else settled_by_age(engine, session.situation(), on)
    _emit("")
    _emit(render_text(evaluation, color=tty, verbose=verbose, settled=settled))
    _emit(f"\nGesteld: {session.asked} vragen (het situatiemodel heeft {model_field_count()} velden). Opgeslagen in {file}.")
