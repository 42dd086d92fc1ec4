"""``crosslaw rules mutate``: how well the scenarios pin the rules down (a thin layer over
``crosslaw.mutation``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from crosslaw.cli import RULES_OPTION, _emit


def _percent(score: float | None) -> str:
    return "-" if score is None else f"{score * 100:.1f} %".replace(".", ",")


def default_scenarios_dir(rules_dir: Path | None) -> Path:
    """``tests/scenarios`` next to the rules directory (the layout of this repository)."""
    from crosslaw.ruleset.loader import default_rules_dir

    root = (rules_dir or default_rules_dir()).resolve()
    return root.parent / "tests" / "scenarios"


@click.command("mutate")
@click.option("--law", default=None, help="Alleen mutanten van deze wet (bijv. participatiewet).")
@click.option("--sample", type=click.IntRange(min=1), default=None,
              help="Een steekproef van N meetellende mutanten in plaats van alle.")
@click.option("--seed", type=int, default=1, show_default=True, help="Zaad van de steekproef (zelfde zaad, zelfde mutanten).")
@click.option("--scenarios", "scenarios_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Map met scenario's per wet; standaard tests/scenarios naast de regelmap.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("-v", "--verbose", is_flag=True, help="Toon ook de niet meegetelde mutanten en wie elke mutant doodde.")
@RULES_OPTION
def rules_mutate(law: str | None, sample: int | None, seed: int, scenarios_dir: Path | None, fmt: str, verbose: bool,
                 rules_dir: Path | None) -> None:
    """Mutatietoets: verander de regels telkens op één plek en kijk of een scenario het merkt.

    Elke mutant is één kleine wijziging in de regel-YAML (een grens één hoger of lager,
    >= in plaats van >, and in plaats van or, een weggelaten not, een datum een dag
    verschoven, een vereiste weg, een parameterwaarde een cent anders, twee parameters
    verwisseld). De wijziging gebeurt in het geheugen; de regelbestanden blijven zoals ze
    zijn. Een mutant is gedood als een scenario van de wet (of een conflictscenario) dan
    faalt; een overlevende mutant is een wijziging van de wet die geen scenario opmerkt.
    Ongeldige mutanten (die niet laden) en aantoonbaar gelijkwaardige (die geen evaluatie
    kan zien) tellen niet mee.

    \b
    Voorbeeld:
      crosslaw rules mutate --law wmo --sample 100 --seed 7
    """
    from crosslaw.mutation import MutationRun

    where = scenarios_dir or default_scenarios_dir(rules_dir)
    if not where.is_dir():
        raise click.UsageError(f"geen scenariomap {where}; geef de map met scenario's per wet op met --scenarios")
    run = MutationRun(rules_dir, where)
    progress = None
    if sys.stderr.isatty():
        done = [0]

        def progress(_result: object) -> None:
            done[0] += 1
            if done[0] % 25 == 0:
                click.echo(f"  {done[0]} mutanten ...", err=True)

    report = run.run(law=law, sample=sample, seed=seed, progress=progress)
    if fmt == "json":
        _emit(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
        return
    _emit(render_report(report, law, verbose))


def render_report(report, law: str | None, verbose: bool) -> str:  # type: ignore[no-untyped-def]
    """The Dutch text report: the score per law, the speed and every survivor with its place."""
    from crosslaw.mutation import OPERATORS

    lines = []
    what = f"steekproef van {report.sample} meetellende mutanten (zaad {report.seed})" if report.sample else "alle mutanten"
    lines.append(f"Mutatietoets van de regels: {what}, uit {report.pool} mutanten van {law or 'alle wetten'}")
    lines.append(f"  {'wet':<18}{'gedood':>8}{'overleefd':>11}{'score':>10}   niet meegeteld (ongeldig, gelijkwaardig)")
    for name in [*report.laws, None]:
        killed, survived = len(report.of("killed", name)), len(report.of("survived", name))
        invalid, equivalent = len(report.of("invalid", name)), len(report.of("equivalent", name))
        label = name or "totaal"
        lines.append(f"  {label:<18}{killed:>8}{survived:>11}{_percent(report.score(name)):>10}   {invalid}, {equivalent}")
    lines.append(f"Snelheid: {len(report.results)} mutanten in {report.seconds:.1f} s "
                 f"({report.mutants_per_second:.1f} mutanten/s)".replace(".", ","))
    if report.broken_scenarios:
        lines.append(f"Let op: {len(report.broken_scenarios)} scenario('s) falen al zonder mutatie en tellen niet mee: "
                     + ", ".join(report.broken_scenarios[:5]))
    survivors = report.of("survived")
    lines.append("")
    lines.append(f"Overlevende mutanten ({len(survivors)}):" if survivors else "Geen overlevende mutanten.")
    for r in sorted(survivors, key=lambda r: (r.mutant.file, r.mutant.line or 0)):
        m = r.mutant
        lines.append(f"  {m.file}:{m.line}  {m.item}  [{OPERATORS[m.operator]}]")
        lines.append(f"      {_one_line(m.description)}  ({r.reason})")
    if verbose:
        for status, title in (("killed", "Gedood"), ("invalid", "Ongeldig (laden weigert de wijziging)"),
                              ("equivalent", "Aantoonbaar gelijkwaardig")):
            rows = report.of(status)
            if rows:
                lines.append("")
                lines.append(f"{title} ({len(rows)}):")
                for r in rows:
                    m = r.mutant
                    lines.append(f"  {m.file}:{m.line}  {m.item}: {_one_line(m.description)}")
                    lines.append(f"      {r.reason}")
    return "\n".join(lines)


def _one_line(text: str, width: int = 160) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"
