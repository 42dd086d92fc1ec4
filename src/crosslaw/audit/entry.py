"""Log entries and their canonical form.

An entry's hash covers the previous entry's hash and a canonical serialisation of the entry
(JSON, sorted keys, no whitespace, UTF-8), so an edit, deletion, insertion or reordering
anywhere breaks the chain from that point on. With a key (``CROSSLAW_LOG_KEY``) the hash is
an HMAC: an attacker who can write the database cannot recompute a valid chain without it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass, field
from typing import Any, Optional

from crosslaw.keys import env_key

GENESIS = "0" * 64
KEY_ENV = "CROSSLAW_LOG_KEY"


def canonical(data: Any) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def log_key() -> bytes | None:
    """The HMAC key from the environment, or None for a plain SHA-256 chain; a key shorter than
    32 bytes is refused (``crosslaw.keys.WeakKeyError``)."""
    return env_key(KEY_ENV, required=False)


@dataclass(frozen=True)
class Entry:
    """One appended record. ``seq`` starts at 1; ``prev_hash`` of the first is ``GENESIS``."""

    seq: int
    ts: str  # ISO 8601 UTC; the only wall-clock value crosslaw stores
    kind: str  # proposed | approved | rejected | revoked | expired
    deviation_id: str
    case: str  # keyed pseudonym of the case, never a BSN
    payload: dict[str, Any] = field(default_factory=dict)
    prev_hash: str = GENESIS
    hash: str = ""

    def body(self) -> dict[str, Any]:
        return {
            "seq": self.seq, "ts": self.ts, "kind": self.kind, "deviation_id": self.deviation_id,
            "case": self.case, "payload": self.payload, "prev_hash": self.prev_hash,
        }


def entry_hash(body: dict[str, Any], key: bytes | None) -> str:
    data = canonical(body)
    if key:
        return hmac.new(key, data, hashlib.sha256).hexdigest()
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Checkpoint:
    """A head to keep elsewhere (a file, a ticket, an e-mail): detects truncation later."""

    seq: int
    hash: str


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    entries: int
    first_bad_seq: Optional[int] = None  # the first entry that was edited, inserted, deleted or moved
    problem: Optional[str] = None  # Dutch, one sentence
    head: Optional[Checkpoint] = None
