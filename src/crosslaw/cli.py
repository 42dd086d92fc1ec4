"""The ``crosslaw`` command: a thin layer over the library, in Dutch.

Exit codes: 0 ok, 1 internal error, 2 bad input (situation, rule file or arguments).
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from crosslaw.cli_nl import install as _dutch_click
from crosslaw.errors import CrosslawError

_dutch_click()  # click's own texts (Usage, Options, Error: ...) in Dutch

EXIT_OK, EXIT_INTERNAL, EXIT_INPUT = 0, 1, 2


class _DateType(click.ParamType):
    name = "JJJJ-MM-DD"

    def convert(self, value: Any, param: Any, ctx: Any) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.fail(f"{value!r} is geen geldige datum (JJJJ-MM-DD)", param, ctx)


DATE = _DateType()
RULES_OPTION = click.option(
    "--rules", "rules_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Map met eigen regels (bijv. van een gemeente); standaard de meegeleverde regels.",
)


def _engine(rules_dir: Path | None):  # imported lazily: keeps `--help` fast
    from crosslaw.engine.engine import Engine

    return Engine(rules_dir)


def _deviations_for(engine, situation, on: date | None, log_url: str | None) -> list:
    """The approved deviations in force for this resident, from the audit log (if one is given)."""
    when = on or situation.peildatum
    if not log_url or when is None:
        return []
    from crosslaw.cli_deviation import _log
    from crosslaw.deviation.mandates import load_mandates
    from crosslaw.deviation.service import DeviationService

    log = _log(log_url, must_exist=True)  # a typo is an error, not a new empty log
    return DeviationService(engine, log, load_mandates()).for_case(situation, when)


def _household_deviations(engine, h, on: date | None, log_url: str | None) -> dict:
    """Per person of the household, the approved deviations in force for them (if a log is given)."""
    when = on or h.peildatum
    if not log_url or when is None:
        return {}
    from crosslaw.cli_deviation import _log
    from crosslaw.deviation.mandates import load_mandates
    from crosslaw.deviation.service import DeviationService
    from crosslaw.household.deviations import person_deviations

    return person_deviations(DeviationService(engine, _log(log_url, must_exist=True), load_mandates()), h, when)


def _emit(text: str) -> None:
    click.echo(text)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="crosslaw", message="crosslaw %(version)s")
def cli() -> None:
    """crosslaw: één situatie, vier wetten (Wmo 2015, Participatiewet, Jeugdwet, UWV).

    \b
    Voorbeelden:
      crosslaw evaluate examples/alleenstaande.yaml --date 2026-01-01
      crosslaw conflicts examples/intake_ww_mantelzorger.yaml
      crosslaw intake gesprek.yaml --date 2026-02-02

    \b
    Exitcodes: 0 gelukt; 1 interne fout (of: het logboek klopt niet, bij audit verify);
    2 ongeldige invoer (situatie, regelbestand, argumenten, geweigerde afwijking).
    Kleur alleen op een terminal; --format json voor scripts.
    """


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--date", "on", type=DATE, default=None, help="Peildatum (JJJJ-MM-DD); standaard de peildatum in het bestand.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Uitvoer: tekst voor mensen, json voor systemen.")
@click.option("--verbose", "-v", is_flag=True, help="Toon alle voorwaarden, ook die voldaan zijn.")
@click.option("--log", "log_url", default=None, help="Logboek van afwijkingen: toon de afwijkingen die voor dit dossier gelden.")
@RULES_OPTION
def evaluate(file: Path, on: date | None, fmt: str, verbose: bool, log_url: str | None, rules_dir: Path | None) -> None:
    """Beoordeel een situatie (YAML of JSON) tegen alle wetten.

    \b
    Voorbeeld:
      crosslaw evaluate examples/alleenstaande.yaml --date 2025-12-31 --format json
    """
    from crosslaw.household.parse import is_household
    from crosslaw.presentation.relevance import settled_by_age
    from crosslaw.presentation.text import render_text
    from crosslaw.situation.files import load_any

    situation = load_any(file)
    engine = _engine(rules_dir)
    if is_household(situation):  # a household (persons): its own overview
        from crosslaw.presentation.household import render_household_text

        hev = engine.evaluate(situation, on=on, detail="full" if verbose else "summary",
                              deviations=_household_deviations(engine, situation, on, log_url))
        _emit(hev.model_dump_json(indent=2) if fmt == "json" else render_household_text(hev, color=sys.stdout.isatty(), verbose=verbose))
        return
    deviations = _deviations_for(engine, situation, on, log_url)
    evaluation = engine.evaluate(situation, on=on, detail="full" if verbose else "summary", deviations=deviations)
    if fmt == "json":
        _emit(evaluation.model_dump_json(indent=2))
    else:
        settled = frozenset() if verbose else settled_by_age(engine, situation, evaluation.evaluation_date)
        _emit(render_text(evaluation, color=sys.stdout.isatty(), verbose=verbose, settled=settled, source=str(file)))


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--date", "on", type=DATE, default=None, help="Peildatum (JJJJ-MM-DD); standaard de peildatum in het bestand.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--verbose", "-v", is_flag=True, help="Toon ook de uitleg bij elke hefboom.")
@RULES_OPTION
def conflicts(file: Path, on: date | None, fmt: str, verbose: bool, rules_dir: Path | None) -> None:
    """Toon alleen de spanningen tussen de wetten, met hun hefbomen.

    \b
    Voorbeeld:
      crosslaw conflicts examples/intake_alleenstaande_moeder_schulden.yaml
    """
    import click as _click

    from crosslaw.household.parse import is_household
    from crosslaw.presentation.text import render_conflicts
    from crosslaw.presentation.words import dutch_date
    from crosslaw.situation.files import load_any

    situation = load_any(file)
    if is_household(situation):  # a household: the conflicts per person and between persons
        from crosslaw.presentation.household import render_household_conflicts

        hev = _engine(rules_dir).evaluate(situation, on=on)
        _emit(render_household_conflicts(hev, fmt, sys.stdout.isatty(), verbose, str(file)))
        return
    evaluation = _engine(rules_dir).evaluate(situation, on=on)
    if fmt == "json":
        from crosslaw.presentation.proposal import conflicts_json

        _emit(json.dumps(conflicts_json(evaluation, str(file)), indent=2, ensure_ascii=False))
        return
    style = _click.style if sys.stdout.isatty() else (lambda text, **_: text)
    lines = render_conflicts(evaluation, style, verbose, str(file))
    header = f"Spanningen op {dutch_date(evaluation.evaluation_date)} · dossier {evaluation.case_ref or '(geen referentie)'}"
    _emit("\n".join([header, ""] + (lines or ["Geen spanningen tussen de wetten gevonden.", ""])).rstrip())


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--from", "date_from", type=DATE, required=True, help="Eerste peildatum (JJJJ-MM-DD).")
@click.option("--to", "date_to", type=DATE, required=True, help="Tweede peildatum (JJJJ-MM-DD).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@RULES_OPTION
def diff(file: Path, date_from: date, date_to: date, fmt: str, rules_dir: Path | None) -> None:
    """Wat verandert er voor deze inwoner tussen twee datums (normen, regels, spanningen)?

    \b
    Voorbeeld:
      crosslaw diff examples/mantelzorg.yaml --from 2025-12-31 --to 2026-01-01
    """
    from crosslaw.explanation.diff import compare
    from crosslaw.household.parse import is_household
    from crosslaw.presentation.diff import render_diff
    from crosslaw.situation.files import load_any

    situation = load_any(file)
    engine = _engine(rules_dir)
    if is_household(situation):  # a household: per person, with the reason for each change
        from crosslaw.household.diff import compare_household
        from crosslaw.presentation.household import render_household_diff

        hd = compare_household(engine, situation, date_from, date_to)
        _emit(hd.model_dump_json(indent=2) if fmt == "json" else render_household_diff(hd))
        return
    d = compare(engine.evaluate(situation, on=date_from, detail="full"), engine.evaluate(situation, on=date_to, detail="full"))
    _emit(d.model_dump_json(indent=2) if fmt == "json" else render_diff(d))


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--date", "on", type=DATE, default=None, help="Peildatum (JJJJ-MM-DD); standaard de peildatum in het bestand.")
@click.option("--format", "fmt", type=click.Choice(["md", "html", "json"]), default="md", show_default=True,
              help="md: Markdown; html: één zelfstandige pagina om te printen of als PDF op te slaan; json: evaluatie en volgende stappen.")
@click.option("--output", "-o", "output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Schrijf het verslag naar dit bestand in plaats van naar de terminal.")
@click.option("--log", "log_url", default=None, help="Logboek van afwijkingen: neem de afwijkingen op die voor dit dossier gelden.")
@click.option("--voor", "audience", type=click.Choice(["professional", "inwoner"]), default="professional", show_default=True,
              help="professional: per wet met artikelen; inwoner: één A4 in eenvoudig Nederlands (B1), zonder artikelnummers.")
@click.option("--contact", default=None, help="Contactpersoon op de pagina voor de inwoner (naam en telefoon).")
@RULES_OPTION
def report(file: Path, on: date | None, fmt: str, output: Path | None, log_url: str | None, audience: str,
           contact: str | None, rules_dir: Path | None) -> None:
    """Maak het verslag: voor collega's (--voor professional) of voor de inwoner (--voor inwoner).

    Voor de professional: per wet wat geldt en waarom (met artikelen), wat nog ontbreekt, de
    spanningen tussen de wetten met hun hefbomen, de vastgelegde afwijkingen en de volgende
    stappen met wie en wanneer. Voor de inwoner: één A4 met wat u krijgt, wat u moet doen en
    wanneer, waar u terecht kunt en wie uw contactpersoon is. Het verslag draagt alleen de
    peildatum, geen aanmaakdatum.

    \b
    Voorbeeld:
      crosslaw report examples/intake_alleenstaande_moeder_schulden.yaml --format html -o verslag.html
      crosslaw report examples/intake_ggz_maatregel.yaml --voor inwoner --format html -o inwoner.html
    """
    from crosslaw.household.parse import is_household
    from crosslaw.presentation.report import render_report, render_resident_page
    from crosslaw.situation.files import load_any

    situation = load_any(file)
    engine = _engine(rules_dir)
    if is_household(situation):  # a household: a section per person and one for the tensions between them
        from crosslaw.presentation.household_report import render_household_report

        hev = engine.evaluate(situation, on=on, deviations=_household_deviations(engine, situation, on, log_url))
        text = hev.model_dump_json(indent=2) if fmt == "json" else render_household_report(hev, fmt=fmt)
        if output is None:
            _emit(text.rstrip("\n"))
            return
        output.write_text(text, encoding="utf-8")
        click.echo(f"Verslag geschreven naar {output}.", err=True)
        return
    deviations = _deviations_for(engine, situation, on, log_url)
    evaluation = engine.evaluate(situation, on=on, deviations=deviations)
    terms = engine.rules.parameters_on(evaluation.evaluation_date)
    if fmt == "json":
        from dataclasses import asdict

        from crosslaw.presentation.steps import next_steps

        steps = [dict(asdict(step), who=step.who) for step in next_steps(evaluation, deviations, terms, situation)]
        text = json.dumps({"evaluation": evaluation.model_dump(mode="json"), "next_steps": steps}, indent=2,
                          ensure_ascii=False, default=lambda o: o.model_dump(mode="json") if hasattr(o, "model_dump") else str(o))
    elif audience == "inwoner":
        text = render_resident_page(evaluation, deviations, fmt=fmt, terms=terms, situation=situation, contact=contact)
    else:
        text = render_report(evaluation, deviations, fmt=fmt, terms=terms, situation=situation)
    if output is None:
        _emit(text.rstrip("\n"))
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as e:
        from crosslaw.cli_types import os_error_nl

        raise click.ClickException(f"kan het verslag niet schrijven naar {str(output)!r}: {os_error_nl(e)}") from None
    click.echo(f"Verslag geschreven naar {output}.", err=True)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["json", "parquet"]), default="json", show_default=True,
              help="json: JSON Schema van een situatie; parquet: de kolommen van een populatietabel (crosslaw screen).")
def schema(fmt: str) -> None:
    """Print het JSON Schema van een situatie: één inwoner (person) of een huishouden (persons).

    \b
    Voorbeeld:
      crosslaw schema > situatie.schema.json
      crosslaw schema --format parquet      # kolommen voor crosslaw screen
    """
    if fmt == "parquet":
        from crosslaw.screening.schema import schema_description

        _emit(json.dumps(schema_description(), indent=2, ensure_ascii=False))
        return
    from crosslaw.household.schema import situation_schema

    _emit(json.dumps(situation_schema(), indent=2, ensure_ascii=False))


@cli.group()
def rules() -> None:
    """Regels controleren en bekijken (voor regelschrijvers)."""


@rules.command("validate")
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rules_validate(directory: Path | None, fmt: str) -> None:
    """Controleer een regelmap: YAML, velden, expressies, types en bronnen.

    \b
    Voorbeeld:
      crosslaw rules validate rules/
    """
    from crosslaw.engine.engine import Engine

    rs = Engine(directory).rules  # builds the Rete network too: it has limits of its own
    n_rules = sum(len(v) for v in rs.rules.values())
    n_comp = sum(len(v) for v in rs.computed.values())
    if fmt == "json":
        _emit(json.dumps({"ok": True, "laws": list(rs.laws), "rule_versions": n_rules, "computed": n_comp,
                          "parameters": len(rs.parameters), "files": rs.files, "digest": rs.digest}, indent=2))
        return
    _emit(
        f"In orde: {len(rs.laws)} wet(ten), {n_rules} regelversies, {n_comp} berekeningen, "
        f"{len(rs.parameters)} parameters in {len(rs.files)} bestanden (regelset {rs.digest[:12]})."
    )


@rules.command("list")
@click.option("--date", "on", type=DATE, default=None, help="Alleen regels die op deze datum gelden.")
@click.option("--law", default=None, help="Alleen deze wet (bijv. participatiewet).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@RULES_OPTION
def rules_list(on: date | None, law: str | None, fmt: str, rules_dir: Path | None) -> None:
    """Toon de regels met artikel, soort, afwijkbaarheid en geldigheid.

    \b
    Voorbeeld:
      crosslaw rules list --law participatiewet --date 2026-01-01
    """
    from crosslaw.ruleset.loader import load_rules

    from crosslaw.cli_types import law_id

    rs = load_rules(rules_dir)
    periods = {name: rs.coverage(name) for name in rs.laws}
    law = law_id(law, {lid: getattr(meta, "name", lid) for lid, meta in rs.laws.items()})  # 'Participatiewet' finds 'participatiewet'
    rows = []
    for versions in rs.rules.values():
        for r in versions:
            m = r.model
            if law and r.law != law:
                continue
            if on and not m.holds_on(on):
                continue
            rows.append({
                "id": m.id, "law": r.law, "type": m.type, "title": m.title, "article": m.basis.cite(),
                "link": m.basis.link_on(on) if on else m.basis.link, "kind": m.kind, "deviable": m.deviation.deviable, "ground": m.deviation.ground,
                "valid_from": m.valid_from.isoformat(), "valid_to": m.valid_to.isoformat() if m.valid_to else None,
                "file": f"{r.file}:{r.line}",
                "law_covered_from": _iso(periods[r.law][0]), "law_covered_until": _iso(periods[r.law][1]),
            })
    if fmt == "json":
        _emit(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for name, meta in rs.laws.items():  # the covered period per law first: which dates crosslaw knows
        if law and name != law:
            continue
        first, last = periods[name]
        verified = rs.amounts_verified_until(name)
        amounts = f"; bedragen geverifieerd t/m {verified.isoformat()}" if verified else ""
        _emit(f"{meta.name}: gecodeerd van {_iso(first) or '…'} t/m {_iso(last) or '… (doorlopend)'}{amounts}")
    _emit("")
    for row in rows:
        period = f"{row['valid_from']} t/m {row['valid_to'] or '…'}"
        dev = f"afwijkbaar ({row['ground']})" if row["deviable"] else "niet afwijkbaar"
        _emit(f"{row['id']:<34} {row['article']:<36} {row['kind']:<13} {dev:<36} {period}")
        _emit(f"{'':<34} {row['title']}")


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _register_subcommands() -> None:
    from crosslaw.cli_actors import actors
    from crosslaw.cli_deviation import audit, deviate
    from crosslaw.cli_intake import intake
    from crosslaw.cli_mutate import rules_mutate
    from crosslaw.cli_screen import screen, synth

    cli.add_command(intake)
    cli.add_command(deviate)
    cli.add_command(audit)
    cli.add_command(actors)
    cli.add_command(screen)
    cli.add_command(synth)
    rules.add_command(rules_mutate)


_register_subcommands()


def _dutch_metavars(command: click.Command) -> None:
    """'[OPTIONS]' and 'COMMAND [ARGS]...' in the usage lines, in Dutch like the rest."""
    command.options_metavar = "[OPTIES]"
    if isinstance(command, click.Group):
        command.subcommand_metavar = "COMMANDO [ARGUMENTEN]..."
        for sub in command.commands.values():
            _dutch_metavars(sub)


_dutch_metavars(cli)


def main(argv: list[str] | None = None) -> None:
    """Entry point: every error the user can cause becomes one paragraph and exit code 2."""
    try:
        cli.main(args=argv, prog_name="crosslaw", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Afgebroken.", err=True)
        sys.exit(EXIT_INPUT)
    except click.ClickException as e:
        e.show()
        sys.exit(EXIT_INPUT)
    except CrosslawError as e:
        click.echo(f"Fout: {e}", err=True)
        sys.exit(EXIT_INPUT)
    except (BrokenPipeError, KeyboardInterrupt):
        sys.exit(EXIT_INTERNAL)
    except Exception as e:  # an internal error: still no traceback for the user
        click.echo(f"Interne fout ({type(e).__name__}): {e}. Meld dit aan de beheerder van crosslaw.", err=True)
        sys.exit(EXIT_INTERNAL)
    sys.exit(EXIT_OK)

