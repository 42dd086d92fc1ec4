"""Who did it: actors with their own Ed25519 keys, and the register that says whose key is whose.

A typed name proves nothing, so every proposal, approval, rejection, revocation and expiry in the
log carries a signature by the actor's private key (Ed25519 through the ``cryptography`` package).
The *actor register* maps an actor id to a public key, the roles of the mandate register the actor
holds and a validity period. It lives in the log itself, as entries of kind ``actor``, so it is
chained and versioned like everything else and verification can use the register as it stood when
an entry was written.

Who may change the register: the first entry must register a ``beheerder`` (register keeper) and
be signed by that actor's own key (the bootstrap); every later entry must be signed by an actor who
is a valid ``beheerder`` on that day. One public key belongs to one actor id.

A case system that authenticates its users itself registers either one key per user (it holds
each user's key and signs on their behalf, the user's id is the actor id) or one key per system
(actor id e.g. ``zaaksysteem-wmo``): then the log proves which system acted, and the system's own
records must say which user; four eyes then needs two different system keys.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Iterable, Optional

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from crosslaw.audit.entry import canonical
from crosslaw.errors import CrosslawError

ACTOR_KIND = "actor"
KEEPER_ROLE = "beheerder"
KEY_FILE_ENV = "CROSSLAW_ACTOR_KEY_FILE"
KEY_ENV = "CROSSLAW_ACTOR_KEY"
#: ids are compared exactly, so they are kept to one spelling: lower case, no spaces
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9._@-]{0,63}")


class ActorError(CrosslawError):
    """A signer, key or register entry that cannot be used (Dutch message)."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str, what: str) -> bytes:
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise ActorError(f"{what} is geen geldige base64-tekst") from None


def check_actor_id(actor_id: str) -> str:
    if not isinstance(actor_id, str) or not ID_PATTERN.fullmatch(actor_id):
        raise ActorError(
            f"ongeldige medewerkerscode {actor_id!r}: kleine letters, cijfers en . _ @ -, zonder spaties, hoogstens 64 tekens")
    return actor_id


def public_key_from_text(text: str) -> Ed25519PublicKey:
    """A public key given as base64 of its 32 raw bytes (what ``actors keygen`` prints)."""
    raw = _unb64(text.strip(), "de publieke sleutel")
    if len(raw) != 32:
        raise ActorError("de publieke sleutel is geen Ed25519-sleutel (32 bytes in base64)")
    return Ed25519PublicKey.from_public_bytes(raw)


def signature_ok(public_key: str, message: bytes, signature: str) -> bool:
    try:
        public_key_from_text(public_key).verify(_unb64(signature, "de handtekening"), message)
        return True
    except (InvalidSignature, ActorError):
        return False


@dataclass(frozen=True)
class Signer:
    """An actor id and the private key that signs for it. Build one with ``from_file``,
    ``from_env`` or ``generate``; the CLI never takes a key on its command line."""

    actor_id: str
    private_key: Ed25519PrivateKey

    def __post_init__(self) -> None:
        check_actor_id(self.actor_id)

    @classmethod
    def generate(cls, actor_id: str) -> "Signer":
        return cls(actor_id, Ed25519PrivateKey.generate())

    @classmethod
    def from_text(cls, actor_id: str, text: bytes | str) -> "Signer":
        """From PEM (PKCS#8, unencrypted) or the base64 of the 32-byte private key."""
        data = text.encode("utf-8") if isinstance(text, str) else text
        try:
            if b"-----BEGIN" in data:
                key = serialization.load_pem_private_key(data, password=None)
            else:
                raw = _unb64(data.decode("ascii", "replace").strip(), "de privésleutel")
                key = Ed25519PrivateKey.from_private_bytes(raw)
        except (ValueError, TypeError):
            raise ActorError("de privésleutel is geen leesbare Ed25519-sleutel (PEM of base64)") from None
        if not isinstance(key, Ed25519PrivateKey):
            raise ActorError("de privésleutel is geen Ed25519-sleutel")
        return cls(actor_id, key)

    @classmethod
    def from_file(cls, actor_id: str, path: str | os.PathLike[str]) -> "Signer":
        try:
            data = Path(path).read_bytes()
        except OSError as e:
            raise ActorError(f"kan het sleutelbestand {os.fspath(path)!r} niet lezen: {e.strerror or e}") from None
        return cls.from_text(actor_id, data)

    @classmethod
    def from_env(cls, actor_id: str, key_file: Optional[str | os.PathLike[str]] = None) -> "Signer":
        """The key from ``key_file``, else the file named by ``CROSSLAW_ACTOR_KEY_FILE``, else the
        key itself in ``CROSSLAW_ACTOR_KEY``."""
        path = key_file or os.environ.get(KEY_FILE_ENV)
        if path:
            return cls.from_file(actor_id, path)
        text = os.environ.get(KEY_ENV)
        if text:
            return cls.from_text(actor_id, text)
        raise ActorError(f"geen sleutel om mee te ondertekenen: geef --key-file, of zet {KEY_FILE_ENV} of {KEY_ENV}")

    def public_key(self) -> str:
        raw = self.private_key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        return _b64(raw)

    def private_pem(self) -> bytes:
        return self.private_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                              serialization.NoEncryption())

    def sign(self, message: bytes) -> str:
        return _b64(self.private_key.sign(message))


# -- what is signed -------------------------------------------------------------------------------

def signed_message(kind: str, deviation_id: str, case: str, ts: str, payload: dict[str, Any]) -> bytes:
    """The bytes a signature covers: the entry's fields except its place in the chain (seq and
    hashes are fixed only at append), with the payload as stored, minus the signature itself."""
    body = {k: v for k, v in payload.items() if k != "signature"}
    return canonical({"kind": kind, "deviation_id": deviation_id, "case": case, "ts": ts, "payload": body})


def sign_payload(signer: Signer, kind: str, deviation_id: str, case: str, ts: str,
                 payload: dict[str, Any]) -> dict[str, Any]:
    """``payload`` with a ``signature`` by ``signer`` over ``signed_message``."""
    import json

    stored = json.loads(canonical(payload))  # what the log reads back
    message = signed_message(kind, deviation_id, case, ts, stored)
    return {**stored, "signature": {"actor": signer.actor_id, "alg": "ed25519", "sig": signer.sign(message)}}


# -- the register -------------------------------------------------------------------------------

class ActorRecord(BaseModel):
    """One version of one actor in the register."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    public_key: str
    roles: list[str] = Field(min_length=1)
    valid_from: date
    valid_to: Optional[date] = None

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        try:
            return check_actor_id(value)
        except ActorError as e:
            raise ValueError(str(e)) from None

    @field_validator("public_key")
    @classmethod
    def _key(cls, value: str) -> str:
        try:
            public_key_from_text(value)
        except ActorError as e:
            raise ValueError(str(e)) from None
        return value.strip()

    def valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


def record_from(data: dict[str, Any]) -> ActorRecord:
    try:
        return ActorRecord.model_validate(data)
    except ValidationError as e:
        err = e.errors()[0]
        where = ".".join(map(str, err["loc"]))
        raise ActorError(f"ongeldige actor ({where}): {str(err['msg']).removeprefix('Value error, ')}") from None


class ActorRegister:
    """The register as it stands after the ``actor`` entries seen so far (replay them in order)."""

    def __init__(self) -> None:
        self.current: dict[str, ActorRecord] = {}
        self._key_owner: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self.current)

    def lookup(self, actor_id: str, day: date) -> Optional[ActorRecord]:
        record = self.current.get(actor_id)
        return record if record is not None and record.valid_on(day) else None

    def check_signer(self, signer_id: str, public_key: Optional[str], day: date) -> ActorRecord:
        """The register entry of a signer on ``day``; ActorError when unregistered, out of its
        period, or (with ``public_key``) holding another key."""
        record = self.current.get(signer_id)
        if record is None:
            raise ActorError(f"{signer_id!r} staat niet in het actorenregister")
        if not record.valid_on(day):
            raise ActorError(f"{signer_id!r} is op {day.isoformat()} niet (meer) geldig in het actorenregister")
        if public_key is not None and public_key != record.public_key:
            raise ActorError(f"de sleutel hoort niet bij {signer_id!r} volgens het actorenregister")
        return record

    def admit(self, record: ActorRecord, signer_id: str, day: date) -> None:
        """Refuse a registration the rules above forbid (``ActorError``), without changing anything."""
        if not self.current:
            if signer_id != record.id or KEEPER_ROLE not in record.roles:
                raise ActorError(f"het eerste actor in het register is een {KEEPER_ROLE} die zichzelf registreert")
        else:
            keeper = self.check_signer(signer_id, None, day)
            if KEEPER_ROLE not in keeper.roles:
                raise ActorError(f"{signer_id!r} is geen {KEEPER_ROLE} en mag het actorenregister niet wijzigen")
        owner = self._key_owner.get(record.public_key)
        if owner is not None and owner != record.id:
            raise ActorError(f"deze sleutel is al geregistreerd voor {owner!r}: één sleutel hoort bij één actor")

    def apply(self, record: ActorRecord) -> None:
        self.current[record.id] = record
        self._key_owner.setdefault(record.public_key, record.id)


def entry_day(ts: str) -> date:
    return date.fromisoformat(ts[:10])


def replay_register(entries: Iterable[Any]) -> ActorRegister:
    """The register after every sound ``actor`` entry among ``entries`` (unsound ones are skipped;
    ``verify_signatures`` reports them)."""
    register = ActorRegister()
    for e in entries:
        if e.kind == ACTOR_KIND:
            try:
                admit_entry(register, e)
            except ActorError:
                continue
    return register


def admit_entry(register: ActorRegister, e: Any) -> ActorRecord:
    """Check one ``actor`` entry against the register before it and apply it."""
    sig = e.payload.get("signature") or {}
    record = record_from(e.payload.get("register") or {})
    signer_id = sig.get("actor")
    day = entry_day(e.ts)
    register.admit(record, signer_id, day)
    # the bootstrap keeper signs with the key it registers; later a registered keeper's key signs
    key = record.public_key if not register.current else register.check_signer(signer_id, None, day).public_key
    if not signature_ok(key, signed_message(e.kind, e.deviation_id, e.case, e.ts, e.payload), sig.get("sig", "")):
        raise ActorError("de handtekening klopt niet")
    register.apply(record)
    return record


def register_actor(log: Any, record: ActorRecord, *, signer: Signer) -> ActorRecord:
    """Append ``record`` (a new actor or a new version of one) to the register in ``log``, signed
    by ``signer``: checked against the register in the same transaction as the append."""
    from crosslaw.audit.rows import now_ts

    ts = now_ts()
    day = entry_day(ts)
    deviation_id = f"actor:{record.id}"

    def step(entries: list[Any]) -> list[dict[str, Any]]:
        register = replay_register(entries)
        register.admit(record, signer.actor_id, day)
        expected = record.public_key if not register.current else register.check_signer(signer.actor_id, None, day).public_key
        if signer.public_key() != expected:
            raise ActorError(f"de sleutel hoort niet bij {signer.actor_id!r} volgens het actorenregister")
        payload = sign_payload(signer, ACTOR_KIND, deviation_id, "-", ts, {"register": record.model_dump(mode="json")})
        return [{"kind": ACTOR_KIND, "deviation_id": deviation_id, "case": "-", "ts": ts, "payload": payload}]

    log.append_checked(step, deviation_id)
    return record


def actors_in(log: Any) -> ActorRegister:
    """The register as it stands now in ``log``."""
    return replay_register(log.entries())
