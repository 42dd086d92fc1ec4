"""The stored form of an entry, shared by every backend: building the next entry, the row it
is stored as, reading a row back, and the value that tells whether a key is the log's key.

Knows nothing of stores or of verification; both import it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import replace
from datetime import datetime, timezone
from typing import Any, Optional, Sequence

from crosslaw.audit.entry import GENESIS, Entry, canonical, entry_hash
from crosslaw.errors import CrosslawError


#: the column order every backend stores and reads
COLUMNS = ("seq", "ts", "kind", "deviation_id", "case_ref", "payload", "prev_hash", "hash")

_UNREADABLE = "\u0000onleesbare payload"


class KeyMismatchError(CrosslawError, RuntimeError):
    """The log was written with another CROSSLAW_LOG_KEY (or with one where none is set now, or
    the other way round): appending would make a chain that never verifies. The user's error:
    the CLI shows the Dutch message with exit 2."""


def key_mismatch_message(stored: str, where: str = "") -> str:
    prefix = f"{where}: " if where else ""
    if stored == key_check(None):
        return f"{prefix}het logboek is zonder sleutel geschreven, maar CROSSLAW_LOG_KEY is gezet; er is niets toegevoegd"
    return f"{prefix}CROSSLAW_LOG_KEY is niet de sleutel waarmee dit logboek is geschreven (of ontbreekt); er is niets toegevoegd"


def key_check(key: bytes | None) -> str:
    """A value stored with the log that tells whether a key is the one it was written with,
    without revealing the key."""
    if not key:
        return "geen sleutel"
    return "hmac-sha256:" + hmac.new(key, b"crosslaw audit log key check", hashlib.sha256).hexdigest()


def now_ts() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def new_entry(
    head: Optional[tuple[int, str]], kind: str, deviation_id: str, case: str,
    payload: dict[str, Any], ts: str | None, key: bytes | None,
) -> Entry:
    """The entry that follows ``head`` (its seq and hash, None for an empty log), hashed."""
    for name, value in (("kind", kind), ("deviation_id", deviation_id), ("case", case)):
        if not isinstance(value, str):
            raise TypeError(f"{name} must be a string, not {value!r}")
    if not isinstance(payload, dict):
        raise TypeError(f"payload must be a dict, not {type(payload).__name__}")
    if ts is not None and not isinstance(ts, str):
        raise TypeError(f"ts must be an ISO 8601 string, not {ts!r}")
    # stored as canonical JSON and read back parsed: hash what will be read back
    payload = json.loads(canonical(payload))
    seq, prev_hash = (head[0] + 1, head[1]) if head else (1, GENESIS)
    entry = Entry(seq=seq, ts=ts or now_ts(), kind=kind, deviation_id=deviation_id, case=case,
                  payload=payload, prev_hash=prev_hash)
    return replace(entry, hash=entry_hash(entry.body(), key))


def chain_entries(head: Optional[tuple[int, str]], records: Sequence[dict[str, Any]], key: bytes | None) -> list[Entry]:
    """The entries for ``records`` (keyword arguments of ``append``), each following the one before,
    the first following ``head``: the same chaining for every backend."""
    entries: list[Entry] = []
    for record in records:
        entry = new_entry(head, record["kind"], record["deviation_id"], record["case"],
                          record.get("payload", {}), record.get("ts"), key)
        entries.append(entry)
        head = (entry.seq, entry.hash)
    return entries


def row_values(entry: Entry) -> tuple[Any, ...]:
    """The stored form of an entry, in ``COLUMNS`` order (payload as canonical JSON text)."""
    return (entry.seq, entry.ts, entry.kind, entry.deviation_id, entry.case,
            canonical(entry.payload).decode("utf-8"), entry.prev_hash, entry.hash)


def entry_from_row(row: Sequence[Any]) -> Entry:
    """A stored row (``COLUMNS`` order) as an Entry; ValueError when its payload is no JSON."""
    seq, ts, kind, deviation_id, case, payload, prev_hash, hash_ = row
    try:
        data = json.loads(payload)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"regel {seq}: de payload is geen geldige JSON") from exc
    return Entry(seq=seq, ts=ts, kind=kind, deviation_id=deviation_id, case=case, payload=data,
                 prev_hash=prev_hash, hash=hash_)


def entry_for_verify(row: Sequence[Any]) -> Entry:
    """Like ``entry_from_row`` but never raises: an unreadable payload becomes one whose hash
    cannot match, so verification reports the entry as changed."""
    try:
        return entry_from_row(row)
    except ValueError:
        seq, ts, kind, deviation_id, case, payload, prev_hash, hash_ = row
        return Entry(seq=seq, ts=ts, kind=kind, deviation_id=deviation_id, case=case,
                     payload={_UNREADABLE: str(payload)}, prev_hash=prev_hash, hash=hash_)
