"""The interface every log backend implements (SQLite and PostgreSQL)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator, Optional, Protocol

from crosslaw.audit.entry import Entry


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


class LogStore(Protocol):
    """Append-only storage of a hash chain.

    ``append`` takes the fields of a new entry except seq/prev_hash/hash, computes them
    atomically against the current head (safe across threads and processes) and returns the
    stored entry. Nothing else writes; the database itself refuses UPDATE and DELETE.
    """

    def append(self, kind: str, deviation_id: str, case: str, payload: dict[str, Any], ts: str | None = None) -> Entry: ...

    def entries(self, start: int = 1) -> Iterator[Entry]: ...

    def head(self) -> Optional[Checkpoint]: ...

    def verify(self, checkpoint: Optional[Checkpoint] = None) -> VerifyResult: ...

    def close(self) -> None: ...
