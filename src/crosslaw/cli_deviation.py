"""``crosslaw deviate`` (professionals) and ``crosslaw audit`` (auditors): thin layers over
``DeviationService`` and ``crosslaw.audit.report``."""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any, Optional

import click

from crosslaw.cli_types import EURO, OUTCOME, law_id, resolve_prefix

LOG_ENV = "CROSSLAW_LOG"
DEFAULT_LOG = "crosslaw-afwijkingen.sqlite"

LOG_OPTION = click.option(
    "--log", "log_url", default=None,
    help=f"Logboek: een SQLite-bestand of postgresql://-adres (standaard ${LOG_ENV} of {DEFAULT_LOG}).",
)
MANDATES_OPTION = click.option(
    "--mandates", "mandates_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="Mandaatregeling (YAML); standaard het meegeleverde voorbeeld.",
)


KEY_FILE_OPTION = click.option(
    "--key-file", "key_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="Bestand met uw privésleutel (van crosslaw actors keygen); anders $CROSSLAW_ACTOR_KEY_FILE of $CROSSLAW_ACTOR_KEY. Nooit de sleutel zelf als optie.",
)


def _log(url: Optional[str], *, must_exist: bool = False):
    """Open the log; with ``must_exist`` (commands that only read) a missing SQLite file is an
    error instead of a new empty log."""
    from crosslaw.audit.open import open_log, open_error

    location = url or os.environ.get(LOG_ENV) or DEFAULT_LOG
    if must_exist and "://" not in location and not Path(location).is_file():
        raise click.UsageError(f"logboek {location!r} bestaat niet")
    try:
        return open_log(location)
    except ValueError as e:
        raise click.UsageError(f"logboek: {e}") from None
    except Exception as e:  # a database that cannot be reached or is no database: the user's input
        message = open_error(location, e)
        if message is None:
            raise
        raise click.UsageError(message) from None


def _date(value: Optional[str], option: str) -> Optional[date]:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.UsageError(f"{option}: {value!r} is geen datum; schrijf JJJJ-MM-DD") from None


def _signer(actor_id: str, key_file: Optional[Path]):
    from crosslaw.deviation.actors import Signer

    return Signer.from_env(actor_id, key_file)


def _service(log_url: Optional[str], mandates_path: Optional[Path], rules_dir: Optional[Path] = None, *,
             pseudonyms: bool = False, must_exist: bool = True, engine: Any = None):
    from crosslaw.deviation.mandates import load_mandates
    from crosslaw.deviation.service import DeviationService
    from crosslaw.engine.engine import Engine
    from crosslaw.keys import PSEUDONYM_KEY_ENV, env_key

    if pseudonyms:  # checked before the log is opened: a refused key leaves no empty log
        env_key(PSEUDONYM_KEY_ENV, required=True)
    mandates = load_mandates(mandates_path)
    return DeviationService(engine or Engine(rules_dir), _log(log_url, must_exist=must_exist), mandates)


def _actor(actor_id: str, role: str):
    from crosslaw.deviation.model import Actor

    return Actor(id=actor_id, role=role)


def _describe(d: Any) -> str:
    from crosslaw.presentation.words import STATUS_NL, euro

    STATUS_DEVIATION_NL = {"proposed": "voorgesteld", "approved": "goedgekeurd", "rejected": "afgewezen",
                           "revoked": "ingetrokken", "expired": "verlopen"}
    was = STATUS_NL.get(d.status_without, d.status_without)
    now = STATUS_NL.get(d.status_with, d.status_with)
    return (
        f"{d.id}  {STATUS_DEVIATION_NL.get(d.status, d.status)}  {d.rule_id}  {was} → {now}  effect {euro(d.monthly_effect_cents)}/maand  "
        f"grond {d.ground}  door {d.proposer.id} ({d.proposer.role})"
        + (f"  goedgekeurd door {d.approver.id}" if d.approver else "")
        + (f"  heroverwegen uiterlijk {d.review_on.isoformat()}" if d.review_on else "")
        + (f"  loopt tot en met {d.ends_on.isoformat()}" if d.ends_on else "")
        + (f"  besluit {d.decision['id'][:12]} ({len(d.decision.get('members', []))} doelen)" if getattr(d, "decision", None) else "")
    )


# -- professionals ---------------------------------------------------------------------------------
@click.group()
def deviate() -> None:
    """Gemotiveerd afwijken van een regel, binnen het mandaat (voor professionals).

    \b
    Voorbeeld:
      crosslaw deviate propose examples/intake_ggz_maatregel.yaml --rule pw.verlaging_arbeidsverplichting \\
        --naar "geldt niet" --effect 1401,50 --ground hardheidsclausule --actor tl-001 --role teamleider \\
        --justification motivering.yaml --key-file tl-001.key
    """


@deviate.command("propose", epilog="Voorbeeld: crosslaw deviate propose examples/intake_ggz_maatregel.yaml --rule pw.verlaging_arbeidsverplichting --naar 'geldt niet' --effect 1401,50 --ground hardheidsclausule --actor tl-001 --role teamleider --justification motivering.yaml --key-file tl-001.key (motivering.yaml: situation, purpose, defeats_purpose, alternatives)")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--rule", "rule_ids", required=True, multiple=True,
              help="Id van de regel of afwijkbare waarde (zie crosslaw rules list en de hefbomen van crosslaw conflicts). "
                   "Herhaalbaar: één besluit met meerdere doelen (bijv. over twee wetten), in één keer goed te keuren.")
@click.option("--to", "--naar", "statuses", type=OUTCOME, multiple=True,
              help="Gewenste uitkomst van een regel: 'recht', 'geen recht', 'geldt' of 'geldt niet' (of de code: eligible, not_eligible, applies, does_not_apply). "
                   "Bij meerdere --rule: één per regel, in de volgorde van de regels.")
@click.option("--value", "values", multiple=True, help="Gewenste waarde van een afwijkbare waarde: ja/nee, of een getal (bedragen in centen). "
                                                    "Bij meerdere --rule: één per waarde, in de volgorde van de waarden.")
@click.option("--amount", "--bedrag", "amount_with", type=EURO, default=None, help="Gewenst bedrag per maand in euro, bijv. 1.401,50 (als de regel een bedrag kent; alleen bij één doel).")
@click.option("--effect", "effects", multiple=True, help="Financieel effect per maand in euro, bijv. 200,00: alleen een notitie als crosslaw het effect zelf berekent (het mandaat toetst het berekende effect). "
                                                     "Bij meerdere doelen: REGEL=BEDRAG, bijv. wmo.voorrang_zvw=150,00.")
@click.option("--ground", "grounds", required=True, multiple=True, type=click.Choice(["hardheidsclausule", "discretionaire_ruimte", "awb_3_4", "awb_4_84"]),
              help="Grond van de afwijking; bij meerdere doelen één voor alle, of één per --rule in dezelfde volgorde.")
@click.option("--actor", "actor_id", required=True, help="Uw medewerkerscode.")
@click.option("--role", required=True, help="Uw rol in de mandaatregeling.")
@click.option("--justification", "justification_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="YAML met situation, purpose, defeats_purpose en alternatives (en proportionality bij grond awb_3_4 of "
                   "awb_4_84); anders wordt ernaar gevraagd.")
@click.option("--date", "on", default=None, help="Peildatum (JJJJ-MM-DD); standaard die in het bestand.")
@click.option("--person", "--persoon", "person", default=None,
              help="Bij een huishoudbestand: de persoon (ref) voor wie de afwijking geldt; die is een dossier op zich (<case_ref>/<ref>).")
@click.option("--review", "review_on", default=None, help="Datum van heroverweging.")
@click.option("--ends", "ends_on", default=None, help="Einddatum van de afwijking.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@LOG_OPTION
@MANDATES_OPTION
@KEY_FILE_OPTION
def propose(file: Path, rule_ids: tuple[str, ...], statuses: tuple[str, ...], values: tuple[str, ...], amount_with: Optional[int],
            effects: tuple[str, ...], grounds: tuple[str, ...],
            actor_id: str, role: str, justification_file: Optional[Path], on: Optional[str], person: Optional[str], review_on: Optional[str],
            ends_on: Optional[str], fmt: str, log_url: Optional[str], mandates_path: Optional[Path],
            key_file: Optional[Path]) -> None:
    """Stel een afwijking voor (of leg haar vast als het mandaat geen tweede paar ogen vraagt); met
    meerdere --rule één besluit met meerdere doelen, elk getoetst aan het eigen mandaat."""
    from crosslaw.deviation.model import PROPORTIONALITY_GROUNDS, DeviationRequest, Justification
    from crosslaw.ruleset.yamlsource import load_file
    from crosslaw.situation.files import load_situation

    if len(rule_ids) > 1:
        _propose_decision(file, rule_ids, statuses, values, amount_with, effects, grounds, actor_id, role, justification_file,
                          on, person, review_on, ends_on, fmt, log_url, mandates_path, key_file)
        return
    rule_id, ground = rule_ids[0], grounds[0]
    if len(grounds) > 1 or len(statuses) > 1 or len(values) > 1 or len(effects) > 1:
        raise click.UsageError("--ground, --to, --value en --effect gelden één keer per doel; herhaal --rule voor een besluit met meerdere doelen")
    status_with = statuses[0] if statuses else None
    value_with = values[0] if values else None
    effect = _euro(effects[0], "--effect") if effects else None
    if (status_with is None) == (value_with is None):
        raise click.UsageError("geef --to (uitkomst van een regel) of --value (afwijkbare waarde), niet beide of geen")
    value = _value(value_with) if value_with is not None else None
    signer = _signer(actor_id, key_file)
    situation = _situation_for(file, person)
    when = _date(on, "--date") or situation.peildatum
    if when is None:
        raise click.UsageError("geef --date of een peildatum in het bestand")
    parts = _justification_parts(justification_file, grounds)
    req = DeviationRequest(
        rule_id=rule_id, on=when, status_with=status_with, value_with=value, amount_with_cents=amount_with, monthly_effect_cents=effect,
        ground=ground, justification=_justification(parts, justification_file), actor=_actor(actor_id, role),
        review_on=_date(review_on, "--review"), ends_on=_date(ends_on, "--ends"),
    )
    d = _service(log_url, mandates_path, pseudonyms=True, must_exist=False).propose(situation, req, signer=signer)
    if fmt == "json":
        click.echo(d.model_dump_json(indent=2))
    else:
        state = "voorgesteld; wacht op goedkeuring door een tweede persoon" if d.status == "proposed" else "vastgelegd en van kracht"
        click.echo(f"Afwijking {d.id} {state}.")
        click.echo(_describe(d))
        _typed_note(d)


def _typed_note(d: Any) -> None:
    if d.typed_effect_cents is not None and d.typed_effect_cents != d.monthly_effect_cents:
        from crosslaw.presentation.words import euro

        click.echo(f"Opgegeven effect {euro(d.typed_effect_cents)}; door crosslaw berekend "
                   f"{euro(d.monthly_effect_cents)} per maand: het mandaat is daaraan getoetst.")


def _euro(text: str, option: str) -> int:
    """An amount in euros typed into a free-text option (``--effect``), as integer cents."""
    try:
        return EURO.convert(text, None, None)
    except click.BadParameter as e:
        raise click.UsageError(f"{option}: {e.message}") from None


def _justification_parts(justification_file: Optional[Path], grounds: tuple[str, ...]) -> Any:
    """The motivation: from the file, or asked for on a terminal (with the proportionality question
    when a ground asks for it)."""
    from crosslaw.deviation.model import PROPORTIONALITY_GROUNDS
    from crosslaw.ruleset.yamlsource import load_file

    if justification_file:
        return load_file(justification_file).data or {}
    if sys.stdin.isatty():
        click.echo("Motivering (omgekeerde toets): beantwoord elke vraag in een of twee zinnen.")
        parts = {
            "situation": click.prompt("1. Wat is de situatie van de inwoner?"),
            "purpose": click.prompt("2. Wat is het doel van de regel?"),
            "defeats_purpose": click.prompt("3. Waarom schiet toepassing hier het doel voorbij?"),
            "alternatives": click.prompt("4. Welke alternatieven zijn overwogen?"),
        }
        asked = [g for g in dict.fromkeys(grounds) if g in PROPORTIONALITY_GROUNDS]
        if asked:
            cites = ", ".join(PROPORTIONALITY_GROUNDS[g] for g in asked)
            parts["proportionality"] = click.prompt(
                f"5. Zijn de gevolgen voor de inwoner onevenredig in verhouding tot het doel van de regel "
                f"({cites})? Waarom?"
            )
        return parts
    raise click.UsageError("geef de motivering met --justification FILE (geen terminal om naar te vragen)")


def _situation_for(file: Path, person: Optional[str]):
    """The situation a deviation is assessed on: the file's, or for a household file the chosen
    person's (``--person``), as a case of their own."""
    from crosslaw.errors import CrosslawError
    from crosslaw.household.deviations import person_situation
    from crosslaw.household.parse import is_household
    from crosslaw.situation.files import load_any

    loaded = load_any(file)
    if not is_household(loaded):
        if person:
            raise click.UsageError("--person geldt alleen voor een huishoudbestand (met persons)")
        return loaded
    if not person:
        refs = ", ".join(p.ref for p in loaded.persons)
        raise click.UsageError(f"dit is een huishouden: kies met --person voor wie de afwijking geldt ({refs})")
    try:
        return person_situation(loaded, person)
    except CrosslawError as e:
        raise click.UsageError(str(e)) from None


def _propose_decision(file: Path, rule_ids: tuple[str, ...], statuses: tuple[str, ...], values: tuple[str, ...],
                      amount_with: Optional[int], effects: tuple[str, ...], grounds: tuple[str, ...], actor_id: str, role: str,
                      justification_file: Optional[Path], on: Optional[str], person: Optional[str], review_on: Optional[str], ends_on: Optional[str],
                      fmt: str, log_url: Optional[str], mandates_path: Optional[Path], key_file: Optional[Path]) -> None:
    """``propose`` with several --rule: one decision. A rule takes the next --to, a computed value
    the next --value (each in the order given); --ground once for all or once per target;
    --effect as RULE=BEDRAG for the targets whose effect crosslaw cannot compute."""
    from pydantic import ValidationError

    from crosslaw.deviation.model import DecisionRequest, DecisionTarget
    from crosslaw.engine.engine import Engine
    from crosslaw.situation.files import load_situation

    if amount_with is not None:
        raise click.UsageError("--amount geldt alleen bij één doel")
    if len(grounds) not in (1, len(rule_ids)):
        raise click.UsageError(f"geef --ground één keer (voor alle doelen) of {len(rule_ids)} keer (één per --rule)")
    typed: dict[str, int] = {}
    for item in effects:
        target, sep, amount = item.partition("=")
        if not sep or target.strip() not in rule_ids:
            raise click.UsageError(f"--effect {item!r}: schrijf REGEL=BEDRAG met een REGEL uit --rule, bijv. {rule_ids[-1]}=150,00")
        typed[target.strip()] = _euro(amount.strip(), "--effect")
    situation = _situation_for(file, person)
    when = _date(on, "--date") or situation.peildatum
    if when is None:
        raise click.UsageError("geef --date of een peildatum in het bestand")
    engine = Engine()
    outcomes, wanted_values = list(statuses), [_value(v) for v in values]
    targets = []
    for i, rule_id in enumerate(rule_ids):
        ground = grounds[0] if len(grounds) == 1 else grounds[i]
        if engine.rules.rule_on(rule_id, when) is not None:
            if not outcomes:
                raise click.UsageError(f"--rule {rule_id} is een regel: geef er een --to (gewenste uitkomst) bij")
            want: dict[str, Any] = {"status_with": outcomes.pop(0)}
        elif engine.rules.computed_on(rule_id, when) is not None:
            if not wanted_values:
                raise click.UsageError(f"--rule {rule_id} is een waarde: geef er een --value bij")
            want = {"value_with": wanted_values.pop(0)}
        else:
            raise click.UsageError(f"--rule {rule_id}: geen regel of waarde die op {when.isoformat()} geldt")
        targets.append(DecisionTarget(rule_id=rule_id, ground=ground, monthly_effect_cents=typed.get(rule_id), **want))
    if outcomes or wanted_values:
        raise click.UsageError("meer --to of --value dan doelen: geef één per --rule")
    signer = _signer(actor_id, key_file)
    parts = _justification_parts(justification_file, grounds)
    try:
        req = DecisionRequest(targets=targets, on=when, justification=_justification(parts, justification_file),
                              actor=_actor(actor_id, role), review_on=_date(review_on, "--review"), ends_on=_date(ends_on, "--ends"))
    except ValidationError as e:
        raise click.UsageError(e.errors()[0]["msg"].removeprefix("Value error, ")) from None
    svc = _service(log_url, mandates_path, pseudonyms=True, must_exist=False, engine=engine)
    members = svc.propose_decision(situation, req, signer=signer)
    if fmt == "json":
        click.echo(json.dumps({"decision": members[0].decision["id"], "status": members[0].status,
                               "members": [d.model_dump(mode="json") for d in members]}, indent=2, ensure_ascii=False))
        return
    state = "voorgesteld; wacht op één goedkeuring door een tweede persoon" if members[0].status == "proposed" else "vastgelegd en van kracht"
    click.echo(f"Besluit {members[0].decision['id']} met {len(members)} doelen {state}.")
    for d in members:
        click.echo(_describe(d))
        _typed_note(d)


def _value(text: str):
    """--value: ja/nee (true/false) or a whole number; anything else is the user's error."""
    word = text.strip().lower()
    if word in ("ja", "true", "waar"):
        return True
    if word in ("nee", "false", "onwaar"):
        return False
    try:
        return int(word)
    except ValueError:
        raise click.UsageError(f"--value: {text!r} is geen ja/nee of geheel getal (bedragen in centen)") from None


def _justification(parts: Any, source: Optional[Path]):
    """The four parts of the motivation; a file with other keys or other shapes is the user's error."""
    from pydantic import ValidationError

    from crosslaw.deviation.model import JUSTIFICATION_NL, Justification

    where = f"{source}: " if source else ""
    if not isinstance(parts, dict):
        raise click.UsageError(f"{where}de motivering is een groep velden: {', '.join(JUSTIFICATION_NL)}")
    try:
        return Justification.model_validate(parts)
    except ValidationError as e:
        err = e.errors()[0]
        field = ".".join(map(str, err["loc"]))
        reason = "onbekend veld" if err["type"] == "extra_forbidden" else "verwacht tekst"
        raise click.UsageError(f"{where}motivering, veld {field!r}: {reason}; toegestaan: {', '.join(JUSTIFICATION_NL)}") from None


def _transition(action: str, deviation_id: str, actor_id: str, role: str, reason: Optional[str], log_url, mandates_path,
                fmt: str = "text", key_file: Optional[Path] = None) -> None:
    from crosslaw.deviation.service import decision_ids

    signer = _signer(actor_id, key_file)
    svc = _service(log_url, mandates_path)
    # the 12 characters the evaluation shows are enough; a decision's id covers all its targets
    deviation_id = resolve_prefix(decision_ids(svc.all()), deviation_id)
    actor = _actor(actor_id, role)
    if action == "approve":
        d = svc.approve(deviation_id, actor, signer=signer)
    elif action == "reject":
        d = svc.reject(deviation_id, actor, reason or "", signer=signer)
    else:
        d = svc.revoke(deviation_id, actor, reason or "", signer=signer)
    group = svc.members(deviation_id) if d.decision else [d]
    if fmt == "json":
        click.echo(d.model_dump_json(indent=2) if len(group) == 1 else
                   json.dumps([m.model_dump(mode="json") for m in group], indent=2, ensure_ascii=False))
        return
    if len(group) > 1:
        click.echo(f"Besluit {d.decision['id']}: {len(group)} doelen in één keer.")
    for m in group:
        click.echo(_describe(m))


for _name, _doc, _needs_reason in (
    ("approve", "Keur een voorgestelde afwijking goed (vier ogen: niet door de voorsteller).\n\n\b\nVoorbeeld:\n  crosslaw deviate approve 3f2a... --actor tl-002 --role teamleider --key-file tl-002.key", False),
    ("reject", "Wijs een voorgestelde afwijking af, met reden.\n\n\b\nVoorbeeld:\n  crosslaw deviate reject 3f2a... --actor tl-002 --role teamleider --reason 'Geen onevenredige gevolgen.' --key-file tl-002.key", True),
    ("revoke", "Trek een afwijking in, met reden.\n\n\b\nVoorbeeld:\n  crosslaw deviate revoke 3f2a... --actor tl-002 --role teamleider --reason 'Situatie gewijzigd.' --key-file tl-002.key", True),
):
    def _make(action: str = _name, needs_reason: bool = _needs_reason):
        @click.argument("deviation_id")
        @click.option("--actor", "actor_id", required=True)
        @click.option("--role", required=True)
        @click.option("--reason", required=needs_reason, default=None)
        @click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
        @LOG_OPTION
        @MANDATES_OPTION
        @KEY_FILE_OPTION
        def command(deviation_id: str, actor_id: str, role: str, reason: Optional[str], fmt: str, log_url, mandates_path,
                    key_file: Optional[Path]) -> None:
            _transition(action, deviation_id, actor_id, role, reason, log_url, mandates_path, fmt, key_file)

        return command

    deviate.command(_name, help=_doc)(_make())


@deviate.command("expire")
@click.option("--date", "on", required=True, help="Leg het einde vast van afwijkingen die voor deze datum afliepen.")
@click.option("--actor", "actor_id", required=True, help="Uw medewerkerscode.")
@click.option("--role", required=True, help="Uw rol in het actorenregister.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@LOG_OPTION
@MANDATES_OPTION
@KEY_FILE_OPTION
def expire(on: str, actor_id: str, role: str, fmt: str, log_url, mandates_path, key_file: Optional[Path]) -> None:
    """Leg vast welke afwijkingen zijn verlopen.

    \b
    Voorbeeld:
      crosslaw deviate expire --date 2026-07-01 --actor tl-002 --role teamleider --key-file tl-002.key
    """
    signer = _signer(actor_id, key_file)
    when = _date(on, "--date")
    assert when is not None
    done = _service(log_url, mandates_path).expire(when, _actor(actor_id, role), signer=signer)
    if fmt == "json":
        click.echo(json.dumps([d.model_dump(mode="json") for d in done], indent=2, ensure_ascii=False))
        return
    click.echo(f"{len(done)} afwijking(en) verlopen.")
    for d in done:
        click.echo(_describe(d))


# -- auditors ----------------------------------------------------------------------------------------
def _filter(since, until, law, rule, role, ground, status):
    from crosslaw.audit.report import Filter

    return Filter(
        since=_date(since, "--from"), until=_date(until, "--to"),
        law=law_id(law), rule=rule, role=role, ground=ground, status=status,
    )


def _filter_options(f):
    for opt in reversed([
        click.option("--from", "since", default=None, help="Vanaf datum (JJJJ-MM-DD)."),
        click.option("--to", "until", default=None, help="Tot en met datum."),
        click.option("--law", default=None),
        click.option("--rule", default=None),
        click.option("--role", default=None),
        click.option("--ground", default=None),
        click.option("--status", default=None, type=click.Choice(["proposed", "approved", "rejected", "revoked", "expired"])),
    ]):
        f = opt(f)
    return f


@click.group()
def audit() -> None:
    """Het logboek van afwijkingen controleren en doorzoeken (voor auditors).

    \b
    Voorbeeld:
      crosslaw audit verify --log afwijkingen.sqlite --checkpoint 1600:3fa4...
    """


@audit.command("verify")
@click.option("--checkpoint", "checkpoints", multiple=True,
              help="Eerder bewaard controlepunt: een bestand van crosslaw audit checkpoint, of VOLGNUMMER:HASH. Herhaalbaar.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@LOG_OPTION
def verify(checkpoints: tuple[str, ...], fmt: str, log_url) -> None:
    """Controleer de hashketen, de controlepunten en elke handtekening; exit 1 en de eerste foute
    regel als er is geknoeid.

    \b
    Voorbeeld:
      crosslaw audit verify --log afwijkingen.sqlite --checkpoint controlepunten.txt
    """
    from crosslaw.audit import checkpoints as cps
    from crosslaw.deviation.actors import replay_register
    from crosslaw.deviation.authenticity import verify_signatures

    points = cps.read(checkpoints)
    log = _log(log_url, must_exist=True)
    result = log.verify([getattr(p, "point", p) for p in points])
    problems: list[tuple[int, str]] = []
    if result.ok:
        entries = list(log.entries())
        problems = [(0, msg) for msg in cps.signer_problems(points, replay_register(entries), log.stored_key_check())]
        problems += verify_signatures(entries)
    ok = result.ok and not problems
    first_bad = result.first_bad_seq if not result.ok else (problems[0][0] if problems else None)
    problem = result.problem if not result.ok else (problems[0][1] if problems else None)
    if fmt == "json":
        click.echo(json.dumps({"ok": ok, "entries": result.entries, "first_bad_seq": first_bad, "problem": problem,
                               "problems": [msg for _, msg in problems],
                               "head": f"{result.head.seq}:{result.head.hash}" if result.head else None}, indent=2, ensure_ascii=False))
        if not ok:
            sys.exit(1)
        return
    if ok:
        head = f" Kop: {result.head.seq}:{result.head.hash}" if result.head else ""
        signed = f" {len(points)} controlepunt(en) kloppen." if points else ""
        click.echo(f"In orde: {result.entries} regels, de keten en de handtekeningen kloppen.{signed}{head}")
        return
    click.echo(f"NIET IN ORDE: {problem} (eerste foute regel: {first_bad})", err=True)
    for _, more in problems[1:]:
        click.echo(f"  ook: {more}", err=True)
    sys.exit(1)


@audit.command("init", epilog="Voorbeeld: crosslaw audit init --log postgresql://crosslaw_owner@db/crosslaw --app-role crosslaw_app")
@click.option("--app-role", "app_role", default=None,
              help="PostgreSQL: de rol waarmee de toepassing verbindt; die mag daarna alleen toevoegen en lezen (INSERT, SELECT).")
@LOG_OPTION
def init(app_role: Optional[str], log_url) -> None:
    """Maak het logboek aan (als eigenaar) en geef de toepassingsrol alleen INSERT en SELECT."""
    log = _log(log_url)
    if app_role:
        grant = getattr(log, "grant_app", None)
        if grant is None:
            raise click.UsageError("--app-role geldt alleen voor een PostgreSQL-logboek")
        for statement in grant(app_role):
            click.echo(statement + ";")
    click.echo(f"Logboek klaar: {log!r}")


@audit.command("checkpoint")
@click.option("--actor", "actor_id", default=None, help="Wie het controlepunt ondertekent (medewerkerscode in het actorenregister).")
@KEY_FILE_OPTION
@LOG_OPTION
def checkpoint(actor_id: Optional[str], key_file: Optional[Path], log_url) -> None:
    """Print een ondertekend controlepunt (volgnummer, kop-hash, tijd, ondertekenaar) om buiten de
    database te bewaren; zonder --actor alleen VOLGNUMMER:HASH.

    \b
    Voorbeeld:
      crosslaw audit checkpoint --log afwijkingen.sqlite --actor beheer --key-file beheer.key >> controlepunten.txt
    """
    from crosslaw.audit import checkpoints as cps
    from crosslaw.audit.rows import key_check

    signer = _signer(actor_id, key_file) if actor_id else None
    log = _log(log_url, must_exist=True)
    head = log.head()
    if signer is None:
        click.echo(f"{head.seq}:{head.hash}" if head else "0:leeg")
        return
    from crosslaw.deviation.actors import actors_in

    actors_in(log).check_signer(signer.actor_id, signer.public_key(), date.today())
    stored = log.stored_key_check() or key_check(None)
    click.echo(cps.take(head, stored, signer).to_line())


@audit.command("list", epilog="Voorbeeld: crosslaw audit list --law participatiewet --from 2026-01-01 --status approved; "
                              "crosslaw audit list --review --date 2026-01-01 --situatie examples/mantelzorg.yaml")
@_filter_options
@click.option("--review", is_flag=True, help="Alleen afwijkingen om te heroverwegen op --date: einddatum of heroverweging nabij, "
                                             "grondslag gewijzigd, overbodig geworden (dat laatste alleen met --situatie).")
@click.option("--date", "review_date", default=None, help="Peildatum van de heroverweging (JJJJ-MM-DD); nodig bij --review.")
@click.option("--binnen", "window", type=click.IntRange(0, 3660), default=30, show_default=True,
              help="Bij --review: een eind- of heroverwegingsdatum binnen zoveel dagen telt als nabij.")
@click.option("--situatie", "situations", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Bij --review: situatiebestand van een dossier, om te zien of een afwijking overbodig is geworden. Herhaalbaar.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@LOG_OPTION
@MANDATES_OPTION
def list_(since, until, law, rule, role, ground, status, review, review_date, window, situations, fmt, log_url, mandates_path) -> None:
    """Toon de afwijkingen, gefilterd op periode, wet, regel, rol, grond of status; met --review de
    afwijkingen die op een datum heroverwogen moeten worden, met de redenen."""
    from crosslaw.audit.report import select
    from crosslaw.deviation.service import fold

    if review:
        _review(since, until, law, rule, role, ground, status, review_date, window, situations, fmt, log_url)
        return
    if review_date or situations:
        raise click.UsageError("--date en --situatie horen bij --review")
    chosen = select(fold(_log(log_url, must_exist=True).entries()).values(), _filter(since, until, law, rule, role, ground, status))
    if fmt == "json":
        click.echo(json.dumps([d.model_dump(mode="json") for d in chosen], indent=2, ensure_ascii=False))
        return
    for d in chosen:
        click.echo(_describe(d))
    click.echo(f"{len(chosen)} afwijking(en).")


def _review(since, until, law, rule, role, ground, status, review_date, window, situations, fmt, log_url) -> None:
    """``audit list --review``: the deviations due for review on a date, each with its reasons."""
    from crosslaw.audit.report import select
    from crosslaw.deviation.review import due_for_review, redundancy
    from crosslaw.deviation.service import fold
    from crosslaw.engine.engine import Engine

    when = _date(review_date, "--date")
    if when is None:
        raise click.UsageError("--review: geef de peildatum van de heroverweging met --date JJJJ-MM-DD")
    if situations:  # the pseudonym key is needed to find a situation's deviations
        from crosslaw.keys import PSEUDONYM_KEY_ENV, env_key

        env_key(PSEUDONYM_KEY_ENV, required=True)
    deviations = select(fold(_log(log_url, must_exist=True).entries()).values(), _filter(since, until, law, rule, role, ground, status))
    engine = Engine()
    redundant: dict[str, bool] = {}
    if situations:
        from crosslaw.situation.files import load_situation

        redundant = redundancy(engine, [load_situation(p) for p in situations], deviations, when)
    items = due_for_review(engine.rules, deviations, when, window, redundant)
    if fmt == "json":
        click.echo(json.dumps({"date": when.isoformat(), "window_days": window, "situations_checked": len(situations),
                               "due": [i.to_json() for i in items]}, indent=2, ensure_ascii=False))
        return
    click.echo(f"Te heroverwegen op {when.isoformat()}: {len(items)} van {len(deviations)} afwijking(en).")
    for i in items:
        click.echo(_describe(i.deviation))
        for reason in i.reasons:
            click.echo(f"  · {reason}")
    if not situations:
        click.echo("Of een afwijking overbodig is geworden, blijkt alleen uit de situatie: geef --situatie BESTAND.")


@audit.command("show")
@click.argument("deviation_id")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@LOG_OPTION
def show(deviation_id: str, fmt: str, log_url) -> None:
    """Toon één afwijking met motivering, mandaat en geschiedenis.

    \b
    Voorbeeld:
      crosslaw audit show 3f2a... --log afwijkingen.sqlite
    """
    from crosslaw.deviation.service import fold

    deviations = fold(_log(log_url, must_exist=True).entries())
    d = deviations[resolve_prefix(deviations, deviation_id)]
    if fmt == "json":
        click.echo(d.model_dump_json(indent=2))
        return
    click.echo(_describe(d))
    j = d.justification
    click.echo(f"  Situatie: {j.situation}\n  Doel van de regel: {j.purpose}\n  Waarom het doel hier voorbijgeschoten wordt: {j.defeats_purpose}\n  Alternatieven: {j.alternatives}")
    if j.proportionality:
        click.echo(f"  Evenredigheid: {j.proportionality}")
    click.echo(f"  Mandaat: {d.mandate.get('register')} · rol {d.mandate.get('role')} · vier ogen: {'ja' if d.four_eyes else 'nee'}")
    click.echo(f"  Regelversie {d.rule_version} · regelset {d.ruleset_digest[:12]} · situatie {d.situation_digest[:12]} · dossier {d.case}")
    for h in d.history:
        who = (h.get("actor") or {}).get("id", "")
        click.echo(f"  #{h['seq']} {h['ts']} {h['kind']} {who}")


@audit.command("export", epilog="Voorbeeld: crosslaw audit export --format csv --from 2026-01-01 > afwijkingen.csv")
@_filter_options
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True)
@LOG_OPTION
def export(since, until, law, rule, role, ground, status, fmt, log_url) -> None:
    """Exporteer de logregels (één rij per regel) als CSV of JSON."""
    from crosslaw.audit.report import entry_rows, select, to_csv
    from crosslaw.deviation.service import fold

    log = _log(log_url, must_exist=True)
    deviations = fold(log.entries())
    wanted = {d.id for d in select(deviations.values(), _filter(since, until, law, rule, role, ground, status))}
    rows = [r for r in entry_rows(log.entries(), deviations) if r["deviation_id"] in wanted]
    if fmt == "csv":
        click.echo(to_csv(rows), nl=False)
    else:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))


@audit.command("stats", epilog="Voorbeeld: crosslaw audit stats --from 2026-01-01 --to 2026-06-30; crosslaw audit stats --per kwartaal")
@_filter_options
@click.option("--per", "per", type=click.Choice(["kwartaal", "maand"]), default=None,
              help="Per kwartaal (of maand) en per regel of waarde: aantal, totaal berekend effect per maand en gronden.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@LOG_OPTION
def stats_(since, until, law, rule, role, ground, status, per, fmt, log_url) -> None:
    """Tellingen per regel, wet, grond, rol en maand, en de regels waarvan het vaakst wordt afgeweken;
    met --per kwartaal een tabel per kwartaal en per regel of waarde: het signaal voor beleid."""
    from crosslaw.audit.report import select, stats
    from crosslaw.deviation.service import fold
    from crosslaw.presentation.words import euro

    chosen = select(fold(_log(log_url, must_exist=True).entries()).values(), _filter(since, until, law, rule, role, ground, status))
    if per:
        from crosslaw.audit.policy_stats import per_period
        from crosslaw.presentation.policy_table import render_table

        rows = per_period(chosen, per)
        if fmt == "json":
            click.echo(json.dumps({"per": per, "total": len(chosen), "rows": rows}, indent=2, ensure_ascii=False))
            return
        click.echo(f"Afwijkingen per {per} en per regel of waarde ({len(chosen)} in totaal; effect: het berekende "
                   f"effect per maand, opgeteld):")
        for line in render_table(rows, per):
            click.echo("  " + line)
        return
    s = stats(chosen)
    from crosslaw.presentation.words import GROUND_NL, STATUS_SHORT

    if fmt == "json":
        click.echo(json.dumps(s, indent=2, ensure_ascii=False))
        return
    click.echo(f"Afwijkingen: {s['total']} · effect van afwijkingen in kracht: {euro(s['monthly_effect_cents_in_force'])} per maand")
    click.echo("Regels waarvan het vaakst wordt afgeweken (signaal voor beleid):")
    for i, row in enumerate(s["top_rules"], 1):
        click.echo(f"  {i}. {row['rule']}: {row['count']}")
    for title, key in (("Per wet", "per_law"), ("Per grond", "per_ground"), ("Per rol", "per_role"), ("Per status", "per_status"), ("Per maand", "per_month")):
        words = {"per_status": STATUS_SHORT, "per_ground": GROUND_NL}.get(key, {})
        click.echo(f"{title}: " + ", ".join(f"{words.get(k, k)} {v}" for k, v in s[key].items()))
