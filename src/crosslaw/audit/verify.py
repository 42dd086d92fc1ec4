"""Chain verification shared by every backend.

``verify_chain`` walks entries in ``seq`` order, one at a time (it never holds the log in memory),
and recomputes each hash from the stored fields. At the first entry that does not fit it looks a
few entries back and ahead to say what happened in one Dutch sentence: an edited entry, a deleted
one, an inserted one, two swapped ones, a wrong key, or (with a checkpoint kept elsewhere) a log
cut short.

The few extra hashes needed for that diagnosis are only computed after the first problem; a
sound log costs one hash per entry.

Verification knows nothing of stores: a store hands it entries (and what it keeps beside them).
"""

from __future__ import annotations

from collections import deque
from itertools import islice
from typing import Iterable, Optional, Sequence

from crosslaw.audit.entry import GENESIS, Checkpoint, Entry, VerifyResult, entry_hash
# the stored form, re-exported for callers that imported it from here before it had a module of its own
from crosslaw.audit.rows import (  # noqa: F401
    COLUMNS, KeyMismatchError, entry_for_verify, entry_from_row, key_check, new_entry, now_ts, row_values,
)

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


def key_refusal(stored: Optional[str], key: bytes | None, has_entries: bool) -> Optional[str]:
    """Why a log may not be verified with ``key`` (Dutch), or None.

    ``stored`` is the key check the log keeps beside its entries. A keyed log is never verified
    without its key or with another one, since a chain rewritten with plain SHA-256 would pass
    such a run; a log with entries but no key check has lost it."""
    if stored is None:
        return "de sleutelcontrole van het logboek ontbreekt (verwijderd?)" if has_entries else None
    if stored == key_check(key):
        return None
    if key is None:
        return ("het logboek is met een sleutel geschreven: controleer het met die sleutel "
                "(CROSSLAW_LOG_KEY); zonder sleutel is het niet te controleren")
    if stored == key_check(None):
        return "het logboek is zonder sleutel geschreven, maar CROSSLAW_LOG_KEY is gezet"
    return "de sleutel (CROSSLAW_LOG_KEY) is niet die waarmee het logboek is geschreven"


def verify_chain(
    entries: Iterable[Entry],
    key: bytes | None,
    checkpoint: Checkpoint | Sequence[Checkpoint] | None = None,
    *,
    key_mismatch: bool = False,
) -> VerifyResult:
    """Recompute the chain over ``entries`` (in stored ``seq`` order, starting at the first).

    ``checkpoint`` is one head kept elsewhere, or any number of them: the entry at each one's
    ``seq`` must carry its hash, and the log must reach the furthest (else it was cut short).

    ``entries`` counts every entry read, also after a problem. ``head`` is the last entry up to
    which the chain is sound (the whole log when ``ok``), None when not even the first is.
    ``key_mismatch`` is a hint from the backend that the log was written with another key; it
    only sharpens the message.
    """
    it = iter(entries)
    recent: deque[Entry] = deque(maxlen=WINDOW)
    expected, prev_hash, count = 1, GENESIS, 0
    wanted: dict[int, str] = {}
    for point in ([] if checkpoint is None else [checkpoint] if isinstance(checkpoint, Checkpoint) else checkpoint):
        if point.seq >= 1 and wanted.setdefault(point.seq, point.hash) != point.hash:
            return VerifyResult(ok=False, entries=0, first_bad_seq=point.seq,
                                problem=f"twee controlepunten voor regel {point.seq} spreken elkaar tegen")
    furthest = max(wanted, default=0)

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
        if wanted.get(entry.seq, entry.hash) != entry.hash:
            return failed(entry.seq, f"regel {entry.seq} wijkt af van het controlepunt: "
                                     "het logboek is tot en met die regel herschreven", count)
        recent.append(entry)
        prev_hash, expected = entry.hash, expected + 1

    if furthest >= expected:
        end = f"het logboek eindigt bij regel {expected - 1}" if expected > 1 else "het logboek is leeg"
        return failed(expected, f"het logboek is ingekort: de controlepunt-regel {furthest} "
                                f"ontbreekt ({end})", count)
    head = Checkpoint(recent[-1].seq, recent[-1].hash) if recent else None
    return VerifyResult(ok=True, entries=count, head=head)
