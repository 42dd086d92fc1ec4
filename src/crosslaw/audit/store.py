"""The interface every log backend implements (SQLite and PostgreSQL)."""

from __future__ import annotations

from typing import Any, Callable, Iterator, Optional, Protocol, Sequence

from crosslaw.audit.entry import Checkpoint, Entry, VerifyResult, log_key
from crosslaw.audit.rows import entry_for_verify, entry_from_row
from crosslaw.audit.verify import key_refusal, verify_chain

__all__ = ["BATCH", "ChainStoreBase", "Checkpoint", "LogStore", "VerifyResult"]


class LogStore(Protocol):
    """Append-only storage of a hash chain.

    ``append`` takes the fields of a new entry except seq/prev_hash/hash, computes them
    atomically against the current head (safe across threads and processes) and returns the
    stored entry. Nothing else writes; the database itself refuses UPDATE and DELETE.
    """

    def append(self, kind: str, deviation_id: str, case: str, payload: dict[str, Any], ts: str | None = None) -> Entry: ...

    def append_checked(self, step: Callable[[list[Entry]], list[dict[str, Any]]],
                       deviation_id: Optional[str] = None) -> list[Entry]: ...

    def entries(self, start: int = 1) -> Iterator[Entry]: ...

    def head(self) -> Optional[Checkpoint]: ...

    def verify(self, checkpoint: "Checkpoint | Sequence[Checkpoint] | None" = None) -> VerifyResult: ...

    def close(self) -> None: ...


BATCH = 5000  # rows read per query while streaming


class ChainStoreBase:
    """What both backends share once their connection and queries exist: streaming rows,
    reading entries and the head, verification, closing and the context-manager protocol.
    A backend provides ``_conn``, ``_lock``, ``_row_batch(seq, limit)`` (rows from ``seq`` on,
    in seq order), ``_head_row()`` and ``_stored_key_check()``."""

    _lock: Any
    _conn: Any

    def _row_batch(self, seq: int, limit: int) -> list[Any]:  # pragma: no cover - provided by the backend
        raise NotImplementedError

    def _head_row(self) -> Any:  # pragma: no cover - provided by the backend
        raise NotImplementedError

    def _rows(self, start: int = 1) -> Iterator[Any]:
        seq = start
        while True:
            with self._lock:
                rows = self._row_batch(seq, BATCH)
            yield from rows
            if len(rows) < BATCH:
                return
            seq = rows[-1][0] + 1

    def entries(self, start: int = 1) -> Iterator[Entry]:
        return (entry_from_row(row) for row in self._rows(start))

    def head(self) -> Optional[Checkpoint]:
        with self._lock:
            row = self._head_row()
        return Checkpoint(row[0], row[1]) if row else None

    def _stored_key_check(self) -> Optional[str]:  # pragma: no cover - provided by the backend
        raise NotImplementedError

    def verify(self, checkpoint: "Checkpoint | Sequence[Checkpoint] | None" = None) -> VerifyResult:
        key = log_key()
        with self._lock:
            stored = self._stored_key_check()
            head = self._head_row()
        refused = key_refusal(stored, key, head is not None)
        if refused:
            return VerifyResult(ok=False, entries=sum(1 for _ in self._rows()), first_bad_seq=1, problem=refused)
        return verify_chain((entry_for_verify(r) for r in self._rows()), key, checkpoint)

    def stored_key_check(self) -> Optional[str]:
        """What the log keeps to tell its key (see ``rows.key_check``); None for a new log."""
        with self._lock:
            return self._stored_key_check()

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> "ChainStoreBase":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
