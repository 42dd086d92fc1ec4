"""``crosslaw actors``: make a key pair and keep the actor register (who holds which key and role).

A thin layer over ``crosslaw.deviation.actors``. Private keys go to files (mode 0600) or come from
the environment, never from the command line, where other users and the shell history see them.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path
from typing import Optional

import click

from crosslaw.cli_deviation import KEY_FILE_OPTION, LOG_OPTION, _date, _log, _signer


@click.group()
def actors() -> None:
    """Sleutels en het actorenregister: wie mag ondertekenen, met welke sleutel en rol.

    \b
    Voorbeeld (eerste keer: de beheerder registreert zichzelf, daarna de medewerkers):
      crosslaw actors keygen --out beheer.key
      crosslaw actors register beheer --role beheerder --public-key <sleutel> --by beheer --key-file beheer.key
      crosslaw actors keygen --out km-017.key
      crosslaw actors register km-017 --role klantmanager --public-key <sleutel> --by beheer --key-file beheer.key
    """


@actors.command("keygen", epilog="Voorbeeld: crosslaw actors keygen --out km-017.key   (print de publieke sleutel)")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Bestand voor de privésleutel (wordt aangemaakt met rechten 0600; bestaat het al, dan stopt crosslaw).")
def keygen(out: Path) -> None:
    """Maak een Ed25519-sleutelpaar: de privésleutel in --out, de publieke sleutel op het scherm."""
    from crosslaw.deviation.actors import Signer

    signer = Signer.generate("nieuw")
    try:
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise click.UsageError(f"{out} bestaat al; kies een ander bestand (een sleutel wordt nooit overschreven)") from None
    except OSError as e:
        raise click.UsageError(f"kan {out} niet aanmaken: {e.strerror or e}") from None
    with os.fdopen(fd, "wb") as f:
        f.write(signer.private_pem())
    click.echo(signer.public_key())


@actors.command("register", epilog="Voorbeeld: crosslaw actors register km-017 --role klantmanager --public-key <sleutel> --by beheer --key-file beheer.key")
@click.argument("actor_id")
@click.option("--public-key", "public_key", required=True, help="De publieke sleutel van de actor (uitvoer van actors keygen).")
@click.option("--role", "roles", multiple=True, required=True, help="Rol uit de mandaatregeling (of beheerder); herhaalbaar.")
@click.option("--from", "valid_from", default=None, help="Geldig vanaf (JJJJ-MM-DD); standaard vandaag.")
@click.option("--to", "valid_to", default=None, help="Geldig tot en met (JJJJ-MM-DD); leeg: onbepaald.")
@click.option("--by", "by", required=True, help="De beheerder die ondertekent (bij de eerste registratie: de actor zelf).")
@KEY_FILE_OPTION
@LOG_OPTION
def register(actor_id: str, public_key: str, roles: tuple[str, ...], valid_from: Optional[str], valid_to: Optional[str],
             by: str, key_file: Optional[Path], log_url: Optional[str]) -> None:
    """Zet een actor in het actorenregister (of een nieuwe versie: andere sleutel, rol of einddatum)."""
    from crosslaw.deviation.actors import record_from, register_actor

    signer = _signer(by, key_file)
    record = record_from({"id": actor_id, "public_key": public_key, "roles": list(roles),
                          "valid_from": (_date(valid_from, "--from") or date.today()).isoformat(),
                          "valid_to": valid_to and _date(valid_to, "--to").isoformat()})
    with _log(log_url) as log:
        register_actor(log, record, signer=signer)
    click.echo(f"{record.id} geregistreerd: rollen {', '.join(record.roles)}, geldig vanaf {record.valid_from.isoformat()}"
               + (f" t/m {record.valid_to.isoformat()}" if record.valid_to else ""))


@actors.command("list", epilog="Voorbeeld: crosslaw actors list --log afwijkingen.sqlite")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@LOG_OPTION
def list_(fmt: str, log_url: Optional[str]) -> None:
    """Toon het actorenregister zoals het nu is."""
    from crosslaw.deviation.actors import actors_in

    with _log(log_url, must_exist=True) as log:
        current = actors_in(log).current
    if fmt == "json":
        click.echo(json.dumps([r.model_dump(mode="json") for r in current.values()], indent=2, ensure_ascii=False))
        return
    for r in current.values():
        until = r.valid_to.isoformat() if r.valid_to else "…"
        click.echo(f"{r.id:<20} {', '.join(r.roles):<30} {r.valid_from.isoformat()} t/m {until}  {r.public_key}")
    click.echo(f"{len(current)} actor(en).")
