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


class ChainStoreBase:
    """What both backends share once their connection and queries exist: verification,
    closing and the context-manager protocol. A backend provides ``_conn``, ``_lock``,
    ``_rows()`` (every row in seq order) and ``_stored_key_check()``."""

    _lock: Any
    _conn: Any

    def _rows(self) -> Iterator[Any]:  # pragma: no cover - provided by the backend
        raise NotImplementedError

    def _stored_key_check(self) -> Optional[str]:  # pragma: no cover - provided by the backend
        raise NotImplementedError

    def verify(self, checkpoint: Optional[Checkpoint] = None) -> VerifyResult:
        from crosslaw.audit.entry import log_key
        from crosslaw.audit.verify import entry_for_verify, key_check, verify_chain

        key = log_key()
        with self._lock:
            stored = self._stored_key_check()
        mismatch = stored is not None and stored != key_check(key)
        return verify_chain((entry_for_verify(r) for r in self._rows()), key, checkpoint, key_mismatch=mismatch)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> "ChainStoreBase":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
