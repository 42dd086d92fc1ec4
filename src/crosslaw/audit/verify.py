"""Chain verification shared by every backend.

``verify_chain`` walks entries in ``seq`` order, one at a time (it never holds the log in memory),
and recomputes each hash from the stored fields. At the first entry that does not fit it looks a
few entries back and ahead to say what happened in one Dutch sentence: an edited entry, a deleted
one, an inserted one, two swapped ones, a wrong key, or (with a checkpoint kept elsewhere) a log
cut short.

The few extra hashes needed for that diagnosis are only computed after the first problem; a
sound log costs one hash per entry.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections import deque
from dataclasses import replace
from datetime import datetime, timezone
from itertools import islice
from typing import Any, Iterable, Optional, Sequence

from crosslaw.audit.entry import GENESIS, Entry, canonical, entry_hash
from crosslaw.audit.store import Checkpoint, VerifyResult

#: how many entries are looked at around the first problem, and how far a moved entry is searched
WINDOW = 4


def _hash_as(entry: Entry, seq: int, key: bytes | None) -> str:
    body = entry.body()
    body["seq"] = seq
    return entry_hash(body, key)


def _original_seq(entry: Entry, key: bytes | None) -> Optional[int]:
    """The sequence number this entry was hashed with: its own, or a nearby one when it was
    renumbered or moved; None when its fields were changed."""
    try:
        if _hash_as(entry, entry.seq, key) == entry.hash:
            return entry.seq
        for distance in range(1, WINDOW + 1):
            for seq in (entry.seq + distance, entry.seq - distance):
                if seq >= 1 and _hash_as(entry, seq, key) == entry.hash:
                    return seq
    except (TypeError, ValueError):  # a field an attacker made unserialisable
        return None
    return None


def _span(first: int, last: int, one: str, many: str) -> str:
    return one.format(first) if first == last else many.format(first, last)


def _diagnose(
    ahead: Sequence[Entry], recent: Sequence[Entry], expected: int, prev_hash: str,
    key: bytes | None, key_mismatch: bool,
) -> tuple[int, str]:
    """(first_bad_seq, Dutch sentence) for the first entry ``ahead[0]`` that breaks the chain.

    ``recent`` are the last sound entries before it, ``expected`` the seq it should have had and
    ``prev_hash`` the hash it should have linked to."""
    entry = ahead[0]
    original = _original_seq(entry, key)
    later = ahead[1:]

    # whole entries missing: the stored numbers jump
    if entry.seq > expected:
        return expected, _span(expected, entry.seq - 1, "regel {} ontbreekt (verwijderd)",
                               "regels {} t/m {} ontbreken (verwijderd)")

    if entry.seq == expected:
        # moved: this entry was hashed as another number; its partner sits at that number
        if original is not None and original != entry.seq:
            partner = next((e for e in later if e.seq == original), None)
            if partner is not None and _original_seq(partner, key) == entry.seq:
                return expected, f"regels {entry.seq} en {original} zijn van plaats verwisseld"
            if original > entry.seq and entry.prev_hash != prev_hash and all(
                _original_seq(e, key) == e.seq + (original - entry.seq) for e in later
            ):
                return expected, _span(
                    expected, original - 1,
                    "regel {} ontbreekt (verwijderd) en de regels erna zijn omgenummerd",
                    "regels {} t/m {} ontbreken (verwijderd) en de regels erna zijn omgenummerd",
                )

        # inserted: a later entry links straight onto the last sound one
        for count, follower in enumerate(later, start=1):
            if follower.prev_hash == prev_hash and _original_seq(follower, key) is not None:
                return expected, _span(expected, expected + count - 1, "regel {} is ingevoegd",
                                       "regels {} t/m {} zijn ingevoegd")

        if original is not None:
            # intact itself, but linked to an older entry: the entries in between were inserted
            # (and given valid hashes by someone who could compute them)
            sound = list(recent)
            for back in range(1, len(sound) + 1):
                before = len(sound) - 1 - back
                target = sound[before].hash if before >= 0 else (GENESIS if sound[0].seq == 1 else None)
                if target is not None and entry.prev_hash == target:
                    inserted = sound[-back:]
                    return inserted[0].seq, _span(inserted[0].seq, inserted[-1].seq,
                                                  "regel {} is ingevoegd", "regels {} t/m {} zijn ingevoegd")
            if original == entry.seq and entry.prev_hash != prev_hash:
                if not recent:
                    return expected, f"regel {expected} is gewijzigd (de verwijzing naar het begin klopt niet)"
                before = recent[-1].seq
                return before, f"regel {before} is gewijzigd (met een opnieuw berekende hash)"

        if original is None:
            # no hash fits while the links between the entries are intact: the key is wrong, or
            # everything from here on was rewritten
            linked = entry.prev_hash == prev_hash and all(
                b.prev_hash == a.hash for a, b in zip(ahead, later)
            )
            if key_mismatch or (linked and later and all(_original_seq(e, key) is None for e in later)):
                return expected, (
                    f"vanaf regel {expected} klopt geen enkele hash: de sleutel (CROSSLAW_LOG_KEY) "
                    "is niet die waarmee het logboek is geschreven, of het logboek is vanaf daar herschreven"
                )
            return expected, f"regel {expected} is gewijzigd"

    if entry.seq < expected:
        return entry.seq, f"regel {entry.seq} komt dubbel of buiten volgorde voor"
    return expected, f"regel {expected} is gewijzigd of verplaatst"


def verify_chain(
    entries: Iterable[Entry],
    key: bytes | None,
    checkpoint: Optional[Checkpoint] = None,
    *,
    key_mismatch: bool = False,
) -> VerifyResult:
    """Recompute the chain over ``entries`` (in stored ``seq`` order, starting at the first).

    ``entries`` counts every entry read, also after a problem. ``head`` is the last entry up to
    which the chain is sound (the whole log when ``ok``), None when not even the first is.
    ``key_mismatch`` is a hint from the backend that the log was written with another key; it
    only sharpens the message.
    """
    it = iter(entries)
    recent: deque[Entry] = deque(maxlen=WINDOW)
    expected, prev_hash, count = 1, GENESIS, 0
    checkpoint_seen = checkpoint is None or checkpoint.seq < 1

    def failed(first_bad: int, problem: str, read: int) -> VerifyResult:
        read += sum(1 for _ in it)
        head = Checkpoint(recent[-1].seq, recent[-1].hash) if recent else None
        return VerifyResult(ok=False, entries=read, first_bad_seq=first_bad, problem=problem, head=head)

    for entry in it:
        count += 1
        try:
            sound = (entry.seq == expected and entry.prev_hash == prev_hash
                     and entry_hash(entry.body(), key) == entry.hash)
        except (TypeError, ValueError):
            sound = False
        if not sound:
            ahead = [entry, *islice(it, WINDOW)]
            first_bad, problem = _diagnose(ahead, recent, expected, prev_hash, key, key_mismatch)
            return failed(first_bad, problem, count + len(ahead) - 1)
        if checkpoint is not None and entry.seq == checkpoint.seq:
            if entry.hash != checkpoint.hash:
                return failed(entry.seq, f"regel {entry.seq} wijkt af van het controlepunt: "
                                         "het logboek is tot en met die regel herschreven", count)
            checkpoint_seen = True
        recent.append(entry)
        prev_hash, expected = entry.hash, expected + 1

    if not checkpoint_seen:
        assert checkpoint is not None
        end = f"het logboek eindigt bij regel {expected - 1}" if expected > 1 else "het logboek is leeg"
        return failed(expected, f"het logboek is ingekort: de controlepunt-regel {checkpoint.seq} "
                                f"ontbreekt ({end})", count)
    head = Checkpoint(recent[-1].seq, recent[-1].hash) if recent else None
    return VerifyResult(ok=True, entries=count, head=head)


# ---------------------------------------------------------------------------------------------
# helpers shared by the backends: building a new entry, reading a stored row, the key check

#: the column order every backend stores and reads
COLUMNS = ("seq", "ts", "kind", "deviation_id", "case_ref", "payload", "prev_hash", "hash")

_UNREADABLE = "\u0000onleesbare payload"


class KeyMismatchError(RuntimeError):
    """The log was written with another CROSSLAW_LOG_KEY (or with one where none is set now, or
    the other way round): appending would make a chain that never verifies."""


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
