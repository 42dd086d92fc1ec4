"""``crosslaw screen`` and ``crosslaw synth``: a whole population at once (thin layer over crosslaw.screening)."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from crosslaw.cli import DATE, RULES_OPTION, _emit
from crosslaw.errors import CrosslawError

PSEUDONYM_KEY_ENV = "CROSSLAW_PSEUDONYM_KEY"


def _key() -> bytes | None:
    """The pseudonym key when set; refused (Dutch, exit 2) when shorter than 32 bytes."""
    from crosslaw.keys import env_key

    return env_key(PSEUDONYM_KEY_ENV, required=False)


def _progress(total: int, desc: str) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="stap", file=sys.stderr, disable=not sys.stderr.isatty() and os.environ.get("CROSSLAW_PROGRESS") != "1")


@click.command()
@click.argument("population", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--date", "on", type=DATE, required=True, help="Peildatum van de screening (JJJJ-MM-DD).")
@click.option("--compare", "compare_on", type=DATE, default=None, help="Tweede peildatum: toont de overgangen tussen beide.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Resultaat als Parquet (per inwoner per uitkomst; met --compare beide datums onder elkaar).")
@click.option("--workers", type=click.IntRange(min=1), default=None, help="Aantal lokale processen (Dask).")
@click.option("--scheduler", default=None, help="Adres van een bestaand Dask-cluster, bijv. tcp://host:8786.")
@click.option("--verify-sample", "verify_n", type=click.IntRange(min=0), default=0,
              help="Controleer N willekeurige rijen plus elke grensrij opnieuw met de engine per inwoner; een verschil laat de run falen.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "html"]), default="text", show_default=True,
              help="Vorm van de samenvatting op stdout.")
@click.option("--log", "log_url", default=None, help="Logboek met afwijkingen (SQLite-pad of postgresql://...); goedgekeurde afwijkingen tellen mee.")
@RULES_OPTION
def screen(population: Path, on: date, compare_on: date | None, output: Path | None, workers: int | None,
           scheduler: str | None, verify_n: int, fmt: str, log_url: str | None, rules_dir: Path | None) -> None:
    """Screen een hele populatie (Parquet, CSV of JSON Lines) op alle wetten en spanningen.

    Een rij per inwoner, kolommen volgens `crosslaw schema --format parquet`. Een rij met
    `persons` (Parquet of JSON Lines) is een huishouden: die wordt een rij per persoon. De
    uitvoer bevat geen BSN: alleen een pseudoniem met de sleutel uit CROSSLAW_PSEUDONYM_KEY.

    \b
    Voorbeeld:
      crosslaw synth --n 100000 --seed 1 --output populatie.parquet
      crosslaw screen populatie.parquet --date 2026-01-01 --compare 2025-12-31 --output resultaat.parquet
    """
    from crosslaw.ruleset.loader import load_rules
    from crosslaw.screening import Screening
    from crosslaw.screening.io import read_population_households, write_result
    from crosslaw.screening.result import missing_slots_metadata
    from crosslaw.screening.schema import check_birth_dates, conform
    from crosslaw.screening.summary import render_html, render_json, render_text, summarize

    if workers and scheduler:
        raise click.UsageError("kies --workers of --scheduler, niet allebei")
    key = _key()
    df, households = read_population_households(population)
    df = conform(df, str(population))
    dates = [on] + ([compare_on] if compare_on else [])
    for d in dates:
        check_birth_dates(df, d)
    rules = load_rules(rules_dir)
    screening = Screening(rules)
    from crosslaw.screening.missing import Slots

    slots = Slots.for_table(df)  # one missing-fact layout for both dates
    deviations = _load_deviations(log_url, rules_dir) if log_url else []
    metadata = {"crosslaw.missing_slots": missing_slots_metadata(slots)}
    if workers or scheduler:
        if rules_dir is not None:
            raise click.UsageError("--rules werkt (nog) niet met --workers of --scheduler: de workers laden de meegeleverde regels")
        results = _run_dask(df, dates, key, workers, scheduler)
        if deviations:
            from crosslaw.screening.result import apply_deviations

            results = {d: apply_deviations(r, deviations, d) for d, r in results.items()}
        if verify_n:
            _verify(rules, df, results, slots, verify_n, deviations, households=households)
        if output is not None:
            import polars as pl

            combined = pl.concat([results[d] for d in dates], how="diagonal_relaxed")
            write_result(combined, output, metadata)
        summary = summarize(rules, results[on], on, results.get(compare_on) if compare_on else None, compare_on)
    else:
        summary = _screen_here(screening, rules, df, dates, slots, key, deviations, output, metadata, verify_n, households)
    _emit({"text": render_text, "json": render_json, "html": render_html}[fmt](summary).rstrip("\n"))


def _screen_here(screening: Any, rules: Any, df: Any, dates: list[date], slots: Any, key: bytes | None,
                 deviations: list[Any], output: Path | None, metadata: dict[str, str], verify_n: int,
                 households: dict[str, Any]) -> dict[str, Any]:
    """One process, slice by slice (screening/stream.py); the output appears under its name only
    when the run (and its verification) succeeded."""
    from crosslaw.screening.stream import CHUNK_ROWS, screen_in_slices
    from crosslaw.screening.summary import summarize

    partial = output.with_name(output.name + ".onvolledig") if output is not None else None
    bar = _progress(len(dates) * max(1, -(-df.height // CHUNK_ROWS)), "screenen")
    try:
        run = screen_in_slices(screening, df, dates, slots, key, deviations, partial, metadata,
                               verify_n=verify_n, progress=bar.update)
        bar.close()
        if run.verification is not None:
            v = run.verification
            _verify(rules, df, {d: v.rows_of(d) for d in dates}, slots, verify_n, deviations, total=df.height, households=households)
        if partial is not None and output is not None:
            os.replace(partial, output)
    finally:
        if partial is not None and partial.exists():
            partial.unlink()
    compare_on = dates[1] if len(dates) > 1 else None
    return summarize(rules, run.tallies[dates[0]], dates[0], run.tallies[compare_on] if compare_on else None, compare_on)


def _run_dask(df: Any, dates: list[date], key: bytes | None, workers: int | None, scheduler: str | None) -> dict[date, Any]:
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise CrosslawError("--workers en --scheduler vragen Dask: pip install 'crosslaw[dask]'") from None
    from crosslaw.screening.distributed import partitions, screen_distributed

    total = len(partitions(df)) * len(dates)
    bar = _progress(total, "partities")
    if scheduler:
        try:
            client = Client(scheduler, timeout=10)
        except OSError as e:
            raise CrosslawError(f"geen verbinding met het Dask-cluster {scheduler}: {e}") from None
        with client:
            out = screen_distributed(client, df, dates, key, bar.update)
    else:
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, Client(cluster) as client:
            out = screen_distributed(client, df, dates, key, bar.update)
    bar.close()
    return out


def _load_deviations(log_url: str, rules_dir: Path | None) -> list[Any]:
    from crosslaw.deviation.service import fold

    from crosslaw.cli_deviation import _log

    log = _log(log_url, must_exist=True)  # a typo is an error, not a new empty log
    return list(fold(log.entries()).values())


def _verify(rules: Any, df: Any, results: dict[date, Any], slots: Any, n: int, deviations: list[Any],
            total: int | None = None, households: dict[str, Any] | None = None) -> None:
    from crosslaw.engine.engine import Engine
    from crosslaw.screening.verify import verify_sample

    engine = Engine(rules)
    by_case = {}
    for d in deviations:
        by_case.setdefault(d.case, []).append(d)
    for on, result in results.items():
        checked, mismatches = verify_sample(
            engine, df, result, on, slots, n,
            deviations=(lambda prow, rrow: by_case.get(rrow.get("pseudonym"), [])) if deviations else None,
            total=total, households=households,
        )
        click.echo(f"Controle {on.isoformat()}: {checked} rijen opnieuw geëvalueerd met de engine per inwoner, "
                   f"{len(mismatches)} verschil(len).", err=True)
        if mismatches:
            for m in mismatches[:20]:
                click.echo(f"  {m}", err=True)
            raise CrosslawError(f"de kolomsgewijze screening wijkt af van de engine per inwoner op {len(mismatches)} punt(en)")


@click.command()
@click.option("--n", "n", type=click.IntRange(min=1), required=True, help="Aantal inwoners.")
@click.option("--seed", type=int, default=1, show_default=True, help="Zelfde seed, zelfde populatie.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), required=True, help="Parquet-bestand.")
def synth(n: int, seed: int, output: Path) -> None:
    """Maak een synthetische populatie (voor tests, benchmarks en demo's).

    Varianten van de voorbeeldhuishoudens met aandelen uit CBS-cijfers en gemarkeerde
    schattingen (docs/research/synthetic-population.md). Alle BSN's beginnen met 9: geen
    echte personen.

    \b
    Voorbeeld:
      crosslaw synth --n 1000000 --seed 1 --output populatie.parquet
    """
    from crosslaw.screening.synth import synthesize

    df = synthesize(n, seed)
    df.write_parquet(output)
    _emit(f"{n} inwoners geschreven naar {output}")
