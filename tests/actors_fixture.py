"""Test helper: a log with an actor register holding one key per test actor (generated per test)."""

from __future__ import annotations

from datetime import date

from crosslaw.deviation.actors import ActorRecord, Signer, register_actor

#: the actors the deviation tests use, with the roles the register gives them
ROLES = {
    "beheer": ["beheerder"],
    "km-017": ["klantmanager", "teamleider"],  # also a teamleider: four eyes must still refuse them
    "km-020": ["klantmanager"],
    "wt-9": ["wijkteammedewerker"],
    "tl-001": ["teamleider"],
    "tl-002": ["teamleider"],
}


def register_all(log, roles: dict[str, list[str]] | None = None) -> dict[str, Signer]:
    """Generate a key per actor, register them all in ``log`` (signed by 'beheer') and return the signers."""
    signers = {actor_id: Signer.generate(actor_id) for actor_id in (roles or ROLES)}
    keeper = signers["beheer"]
    for actor_id, actor_roles in (roles or ROLES).items():
        register_actor(log, ActorRecord(id=actor_id, public_key=signers[actor_id].public_key(), roles=actor_roles,
                                        valid_from=date(2020, 1, 1)), signer=keeper)
    return signers


def signed_service(engine, log):
    """A DeviationService on ``log`` with the example mandates, every test actor registered and their
    signers at ``service.signers``: the service most deviation tests start from."""
    from crosslaw.deviation.mandates import load_mandates
    from crosslaw.deviation.service import DeviationService

    service = DeviationService(engine, log, load_mandates())
    service.signers = register_all(log)
    return service
