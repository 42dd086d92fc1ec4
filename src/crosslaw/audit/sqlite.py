"""The embedded audit log: one SQLite file.

Durable and safe with several writers at once, threads and processes alike: WAL journal,
``synchronous=FULL`` (every commit is on disk before ``append`` returns), and each append reads
the head and inserts the next entry inside one ``BEGIN IMMEDIATE`` transaction, which holds the
database's write lock, so every writer chains onto the entry the previous one committed. Writers
wait for that lock up to ``timeout`` seconds (``busy_timeout``).

Triggers make the database itself refuse UPDATE and DELETE on the log (also a DELETE of all
rows). They are created with the table when the file is opened, and put back on the next open
when someone dropped them; whoever can drop them can also change rows, which is what
``verify`` is for.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path
from typing import Any, Callable, Optional

from crosslaw.audit.entry import Entry, log_key
from crosslaw.audit.store import ChainStoreBase
from crosslaw.audit.rows import (
    COLUMNS, KeyMismatchError, chain_entries, entry_from_row, key_check, key_mismatch_message, new_entry, row_values,
)

TABLE = "audit_log"
META = "audit_meta"

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS {TABLE} (
    seq          INTEGER PRIMARY KEY CHECK (seq >= 1),
    ts           TEXT NOT NULL,
    kind         TEXT NOT NULL,
    deviation_id TEXT NOT NULL,
    case_ref     TEXT NOT NULL,
    payload      TEXT NOT NULL,   -- canonical JSON
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS {META} (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS {TABLE}_no_update BEFORE UPDATE ON {TABLE}
BEGIN SELECT RAISE(ABORT, 'crosslaw audit log is append-only: UPDATE refused'); END;
CREATE TRIGGER IF NOT EXISTS {TABLE}_no_delete BEFORE DELETE ON {TABLE}
BEGIN SELECT RAISE(ABORT, 'crosslaw audit log is append-only: DELETE refused'); END;
CREATE TRIGGER IF NOT EXISTS {META}_no_update BEFORE UPDATE ON {META}
BEGIN SELECT RAISE(ABORT, 'crosslaw audit log is append-only: UPDATE refused'); END;
CREATE TRIGGER IF NOT EXISTS {META}_no_delete BEFORE DELETE ON {META}
BEGIN SELECT RAISE(ABORT, 'crosslaw audit log is append-only: DELETE refused'); END;
"""

#: the triggers that protect the log (a test drops them to play an attacker with admin rights)
TRIGGERS = (f"{TABLE}_no_update", f"{TABLE}_no_delete", f"{META}_no_update", f"{META}_no_delete")


class SQLiteLogStore(ChainStoreBase):
    """The audit log in the SQLite file ``path`` (created with its schema when absent).

    One store may be shared by threads; each process opens its own.
    """

    def __init__(self, path: str | os.PathLike[str], *, timeout: float = 60.0) -> None:
        log_key()  # a key too short is refused before anything is created
        self.path = os.fspath(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._key_ok: Optional[tuple[bytes | None]] = None  # (key,) once found to match the log
        self._conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None,
                                     check_same_thread=False)
        try:
            self._conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            mode = self._conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode.lower() != "wal" and self.path != ":memory:":
                raise sqlite3.OperationalError(f"{self.path}: cannot switch to WAL (journal mode {mode})")
            self._conn.execute("PRAGMA synchronous = FULL")
            with self._write():
                for statement in _statements(SCHEMA):
                    self._conn.execute(statement)
        except BaseException:
            self._conn.close()
            raise

    # -- writing ---------------------------------------------------------------------------

    def _write(self) -> "_Immediate":
        return _Immediate(self._conn)

    def _check_key(self, key: bytes | None) -> None:
        if self._key_ok is not None and self._key_ok == (key,):
            return
        wanted = key_check(key)
        row = self._conn.execute(f"SELECT value FROM {META} WHERE name = 'key_check'").fetchone()
        if row is None:
            self._conn.execute(f"INSERT INTO {META} (name, value) VALUES ('key_check', ?)", (wanted,))
        elif row[0] != wanted:
            raise KeyMismatchError(key_mismatch_message(row[0], self.path))
        self._key_ok = (key,)

    def append(self, kind: str, deviation_id: str, case: str, payload: dict[str, Any],
               ts: str | None = None) -> Entry:
        key = log_key()
        with self._lock, self._write():
            self._check_key(key)
            head = self._conn.execute(f"SELECT seq, hash FROM {TABLE} ORDER BY seq DESC LIMIT 1").fetchone()
            entry = new_entry(head, kind, deviation_id, case, payload, ts, key)
            self._conn.execute(f"INSERT INTO {TABLE} ({', '.join(COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                               row_values(entry))
        return entry

    def append_many(self, records: list[dict[str, Any]]) -> list[Entry]:
        """Append several entries in one transaction (one disk flush): each record holds the
        keyword arguments of ``append``. For imports and benchmarks."""
        key = log_key()
        with self._lock, self._write():
            self._check_key(key)
            head = self._conn.execute(f"SELECT seq, hash FROM {TABLE} ORDER BY seq DESC LIMIT 1").fetchone()
            entries = chain_entries(head, records, key)
            self._conn.executemany(
                f"INSERT INTO {TABLE} ({', '.join(COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (row_values(e) for e in entries))
        return entries

    def append_checked(self, step: Callable[[list[Entry]], list[dict[str, Any]]],
                       deviation_id: Optional[str] = None) -> list[Entry]:
        """Read the log, decide, append: all in one ``BEGIN IMMEDIATE`` transaction, so no other
        writer can change the state ``step`` decided on. ``step`` gets every entry and returns the
        records to append (keyword arguments of ``append``), or raises to append nothing. With
        ``deviation_id`` it gets only that deviation's entries and the actor register's."""
        key = log_key()
        with self._lock, self._write():
            self._check_key(key)
            rows = self._rows() if deviation_id is None else self._conn.execute(
                f"SELECT {', '.join(COLUMNS)} FROM {TABLE} WHERE kind = 'actor' OR deviation_id = ? ORDER BY seq",
                (deviation_id,)).fetchall()
            current = [entry_from_row(row) for row in rows]
            head = self._head_row()
            entries = chain_entries(head, step(current), key)
            self._conn.executemany(
                f"INSERT INTO {TABLE} ({', '.join(COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (row_values(e) for e in entries))
        return entries

    # -- reading ---------------------------------------------------------------------------

    def _row_batch(self, seq: int, limit: int) -> list[Any]:
        return self._conn.execute(
            f"SELECT {', '.join(COLUMNS)} FROM {TABLE} WHERE seq >= ? ORDER BY seq LIMIT ?", (seq, limit)).fetchall()

    def _head_row(self) -> Any:
        return self._conn.execute(f"SELECT seq, hash FROM {TABLE} ORDER BY seq DESC LIMIT 1").fetchone()

    def _stored_key_check(self) -> Optional[str]:
        row = self._conn.execute(f"SELECT value FROM {META} WHERE name = 'key_check'").fetchone()
        return row[0] if row else None

    def __repr__(self) -> str:
        return f"SQLiteLogStore({self.path!r})"


class _Immediate:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``, rolled back on any error."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def __enter__(self) -> None:
        self._conn.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            try:
                self._conn.execute("COMMIT")
                return
            except BaseException:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise
        if self._conn.in_transaction:
            self._conn.execute("ROLLBACK")


def _statements(script: str) -> list[str]:
    """Split the schema into statements (a trigger body holds a ';' of its own)."""
    statements, current = [], ""
    for line in script.strip().splitlines():
        current += line + "\n"
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    return statements
