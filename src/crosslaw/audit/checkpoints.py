"""Signed checkpoints: the head of the chain, kept outside the database.

Someone who can write the database can cut off the tail, delete every row, or (without the log
key) recompute the whole chain; the log alone cannot tell. A checkpoint written earlier and kept
elsewhere (a file, a ticket, an e-mail) can: the entry at its sequence number must still carry its
hash, and the log must still reach it.

A checkpoint is one JSON line: ``seq``, ``hash``, ``ts`` (when it was taken), ``key_check`` (which
log key the chain was written with), ``signer`` and the signer's ``public_key``, and ``sig``, an
Ed25519 signature over all of them. The public key travels with the checkpoint so it can be checked
even when the log (and the actor register in it) is gone; ``audit verify`` also checks that the key
is the one the register gives the signer. The older unsigned form ``SEQ:HASH`` is still read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Optional

from crosslaw.audit.entry import Checkpoint, canonical
from crosslaw.audit.rows import now_ts
from crosslaw.errors import CrosslawError

FIELDS = ("seq", "hash", "ts", "key_check", "signer", "public_key")


class CheckpointError(CrosslawError):
    """A checkpoint that cannot be read or whose signature does not hold (Dutch)."""


@dataclass(frozen=True)
class SignedCheckpoint:
    seq: int
    hash: str
    ts: str
    key_check: str
    signer: str
    public_key: str
    sig: str

    @property
    def point(self) -> Checkpoint:
        return Checkpoint(self.seq, self.hash)

    def body(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in FIELDS}

    def to_line(self) -> str:
        return json.dumps({**self.body(), "sig": self.sig}, ensure_ascii=False, sort_keys=True)


def take(head: Optional[Checkpoint], key_check: str, signer: Any, ts: Optional[str] = None) -> SignedCheckpoint:
    """Sign the head of a log (``head`` None: an empty log, seq 0)."""
    seq, hash_ = (head.seq, head.hash) if head else (0, "")
    body = {"seq": seq, "hash": hash_, "ts": ts or now_ts(), "key_check": key_check,
            "signer": signer.actor_id, "public_key": signer.public_key()}
    return SignedCheckpoint(**body, sig=signer.sign(canonical(body)))


def parse(text: str, origin: str) -> list[Checkpoint | SignedCheckpoint]:
    """Every checkpoint in ``text``: one per line, JSON (signed) or ``SEQ:HASH``; blank lines and
    lines starting with ``#`` are skipped."""
    from crosslaw.deviation.actors import signature_ok

    found: list[Checkpoint | SignedCheckpoint] = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        where = f"{origin}:{number}" if "\n" in text.strip() or Path(origin).exists() else origin
        if line.startswith("{"):
            try:
                data = json.loads(line)
                point = SignedCheckpoint(**{name: data[name] for name in (*FIELDS, "sig")})
                if not isinstance(point.seq, int) or point.seq < 0 or not isinstance(point.hash, str):
                    raise ValueError
            except (ValueError, KeyError, TypeError):
                raise CheckpointError(f"{where}: geen leesbaar controlepunt") from None
            if not signature_ok(point.public_key, canonical(point.body()), point.sig):
                raise CheckpointError(f"{where}: de handtekening van het controlepunt klopt niet (vervalst of gewijzigd)")
            found.append(point)
            continue
        seq, sep, hash_ = line.partition(":")
        if not sep or not seq.strip().isdigit() or not hash_.strip():
            raise CheckpointError(f"{where}: een controlepunt is een ondertekende regel (JSON) of VOLGNUMMER:HASH")
        found.append(Checkpoint(int(seq), hash_.strip()))
    return found


def read(values: Iterable[str]) -> list[Checkpoint | SignedCheckpoint]:
    """Checkpoints from command-line values: each a file of checkpoint lines or one ``SEQ:HASH``."""
    found: list[Checkpoint | SignedCheckpoint] = []
    for value in values:
        path = Path(value)
        if ":" not in value or path.is_file():
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as e:
                raise CheckpointError(f"controlepunt {value!r}: kan het bestand niet lezen ({getattr(e, 'strerror', None) or e})") from None
            found.extend(parse(text, value))
        else:
            found.extend(parse(value, value))
    return found


def signer_problems(points: Iterable[Checkpoint | SignedCheckpoint], register: Any, stored_key_check: Optional[str]) -> list[str]:
    """Dutch problems with signed checkpoints against the log as it is: a signer the register
    does not know with that key, or a chain written with another log key than when signed."""
    problems = []
    for point in points:
        if not isinstance(point, SignedCheckpoint):
            continue
        record = register.current.get(point.signer)
        if record is None or record.public_key != point.public_key:
            # a rotated key: the register keeps only the current version, so look at the key's owner
            if getattr(register, "_key_owner", {}).get(point.public_key) != point.signer:
                problems.append(f"controlepunt {point.seq}: de sleutel hoort volgens het actorenregister niet bij {point.signer!r}")
        if point.seq > 0 and stored_key_check is not None and stored_key_check != point.key_check:
            problems.append(f"controlepunt {point.seq}: het logboek is nu met een andere sleutel geschreven dan toen (herschreven)")
    return problems
