"""The multi-user audit log: a PostgreSQL table.

Each append runs in one transaction that first takes a transaction-scoped advisory lock for this
log (``pg_advisory_xact_lock``), then reads the head and inserts the next entry; the lock is
released by the commit, so every writer, on any connection or machine, chains onto the entry the
previous one committed. ``synchronous_commit`` is set on for the session: an append has
returned only once its commit is on disk.

A trigger function makes the database itself refuse UPDATE and DELETE (per row) and TRUNCATE
(per statement). Table, function and triggers are created when absent on open.

The URL is a libpq URL; crosslaw reads one extra query parameter, ``schema``, to keep the log in
a schema of its own (created when absent): ``postgresql://user@host/db?schema=crosslaw``.
"""

from __future__ import annotations

import threading
from typing import Any, Callable, Optional
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from crosslaw.audit.entry import Entry, log_key
from crosslaw.audit.store import ChainStoreBase
from crosslaw.audit.rows import (
    COLUMNS, KeyMismatchError, chain_entries, entry_from_row, key_check, key_mismatch_message, new_entry, row_values,
)

try:
    import psycopg
    from psycopg import sql
except ImportError:  # pragma: no cover - depends on the installed extras
    psycopg = None  # type: ignore[assignment]

TABLE = "audit_log"
META = "audit_meta"
FUNCTION = "audit_log_refuse"
#: the triggers that protect the log (a test drops them to play an attacker with admin rights)
TRIGGERS = ((f"{TABLE}_no_update_delete", TABLE), (f"{TABLE}_no_truncate", TABLE),
            (f"{META}_no_update_delete", META), (f"{META}_no_truncate", META))
_LOCK_CLASS = 0x63726C77  # 'crlw': the high half of every advisory lock key crosslaw takes


def split_url(url: str) -> tuple[str, Optional[str]]:
    """The libpq URL without crosslaw's ``schema`` parameter, and that schema (or None)."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    schema = next((value for name, value in query if name == "schema"), None)
    rest = urlencode([(name, value) for name, value in query if name != "schema"])
    return urlunsplit(parts._replace(query=rest)), schema or None


class PostgresLogStore(ChainStoreBase):
    """The audit log in a PostgreSQL database (``url``: ``postgresql://...``).

    One store may be shared by threads (its appends are serialised on its one connection);
    any number of stores, in any processes, may append to the same log at once.
    """

    def __init__(self, url: str, *, schema: Optional[str] = None, connect_timeout: int = 10) -> None:
        if psycopg is None:
            raise ImportError("the PostgreSQL audit log needs psycopg: pip install 'crosslaw[postgres]'")
        log_key()  # a key too short is refused before anything is created
        conninfo, url_schema = split_url(url)
        self.schema = schema or url_schema
        self._lock = threading.RLock()
        self._key_ok: Optional[tuple[bytes | None]] = None
        self._conn = psycopg.connect(conninfo, autocommit=True, connect_timeout=connect_timeout,
                                     application_name="crosslaw-audit")
        try:
            self._conn.execute("SET synchronous_commit = on")
            self._table = self._name(TABLE)
            self._meta = self._name(META)
            self._create_schema()
            oid = self._conn.execute("SELECT %s::regclass::oid::bigint",
                                     (self._table.as_string(self._conn),)).fetchone()[0]
            self._lock_key = (_LOCK_CLASS << 32) | oid
            cols = sql.SQL(", ").join(map(sql.Identifier, COLUMNS))
            self._insert = sql.SQL("INSERT INTO {} ({}) VALUES ({})").format(
                self._table, cols, sql.SQL(", ").join(sql.Placeholder() * len(COLUMNS)))
            self._select_head = sql.SQL("SELECT seq, hash FROM {} ORDER BY seq DESC LIMIT 1").format(self._table)
            self._select_rows = sql.SQL("SELECT {} FROM {} WHERE seq >= %s ORDER BY seq LIMIT %s").format(
                cols, self._table)
            self._select_key = sql.SQL("SELECT value FROM {} WHERE name = 'key_check'").format(self._meta)
        except BaseException:
            self._conn.close()
            raise

    def _name(self, name: str) -> "sql.Identifier":
        return sql.Identifier(self.schema, name) if self.schema else sql.Identifier(name)

    def _create_schema(self) -> None:
        conn = self._conn
        names = [self._name(table).as_string(conn) for table in (TABLE, META)]
        present = conn.execute(
            "SELECT count(*) FROM pg_trigger WHERE tgrelid IN (to_regclass(%s), to_regclass(%s)) AND tgname = ANY(%s)",
            (*names, [trigger for trigger, _ in TRIGGERS])).fetchone()[0]
        if present == len(TRIGGERS):
            return
        refuse = self._name(FUNCTION)
        with conn.transaction():
            # one creator at a time: concurrent CREATE ... IF NOT EXISTS can still collide
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_CLASS << 32,))
            if self.schema:
                conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(self.schema)))
            conn.execute(sql.SQL("""
                CREATE TABLE IF NOT EXISTS {} (
                    seq          bigint PRIMARY KEY CHECK (seq >= 1),
                    ts           text NOT NULL,
                    kind         text NOT NULL,
                    deviation_id text NOT NULL,
                    case_ref     text NOT NULL,
                    payload      text NOT NULL,
                    prev_hash    text NOT NULL,
                    hash         text NOT NULL
                )""").format(self._table))
            conn.execute(sql.SQL("CREATE TABLE IF NOT EXISTS {} (name text PRIMARY KEY, value text NOT NULL)")
                         .format(self._meta))
            conn.execute(sql.SQL("""
                CREATE OR REPLACE FUNCTION {}() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'crosslaw audit log is append-only: % refused on %', TG_OP, TG_TABLE_NAME
                        USING ERRCODE = 'insufficient_privilege';
                END
                $$""").format(refuse))
            for trigger, table in TRIGGERS:
                exists = conn.execute(
                    "SELECT 1 FROM pg_trigger WHERE tgname = %s AND tgrelid = %s::regclass",
                    (trigger, self._name(table).as_string(conn))).fetchone()
                if exists:
                    continue
                if trigger.endswith("truncate"):
                    timing = sql.SQL("BEFORE TRUNCATE ON {} FOR EACH STATEMENT")
                else:
                    timing = sql.SQL("BEFORE UPDATE OR DELETE ON {} FOR EACH ROW")
                conn.execute(sql.SQL("CREATE TRIGGER {} ").format(sql.Identifier(trigger))
                             + timing.format(self._name(table))
                             + sql.SQL(" EXECUTE FUNCTION {}()").format(refuse))

    def grant_app(self, role: str) -> list[str]:
        """Let ``role`` (the application's login) append and read, and nothing else: run as the
        owner of the tables. Returns the statements run. Only the owner can ALTER the tables
        (e.g. DISABLE TRIGGER), and without UPDATE, DELETE and TRUNCATE privileges the
        application role cannot change rows even if a trigger were gone."""
        statements = []
        if self.schema:
            statements.append(sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(sql.Identifier(self.schema), sql.Identifier(role)))
        statements.append(sql.SQL("GRANT SELECT, INSERT ON {}, {} TO {}").format(self._table, self._meta, sql.Identifier(role)))
        with self._lock, self._conn.transaction():
            for statement in statements:
                self._conn.execute(statement)
        return [statement.as_string(self._conn) for statement in statements]

    # -- writing ---------------------------------------------------------------------------

    def _check_key(self, key: bytes | None) -> None:
        if self._key_ok is not None and self._key_ok == (key,):
            return
        wanted = key_check(key)
        row = self._conn.execute(self._select_key).fetchone()
        if row is None:
            self._conn.execute(sql.SQL("INSERT INTO {} (name, value) VALUES ('key_check', %s)").format(self._meta),
                               (wanted,))
        elif row[0] != wanted:
            raise KeyMismatchError(key_mismatch_message(row[0]))
        self._key_ok = (key,)

    def _locked_head(self) -> Optional[tuple[int, str]]:
        self._conn.execute("SELECT pg_advisory_xact_lock(%s)", (self._lock_key,))
        return self._conn.execute(self._select_head).fetchone()

    def append(self, kind: str, deviation_id: str, case: str, payload: dict[str, Any],
               ts: str | None = None) -> Entry:
        key = log_key()
        with self._lock, self._conn.transaction():
            head = self._locked_head()  # the head read after the lock: what the last writer committed
            self._check_key(key)
            entry = new_entry(head, kind, deviation_id, case, payload, ts, key)
            self._conn.execute(self._insert, row_values(entry))
        return entry

    def append_many(self, records: list[dict[str, Any]]) -> list[Entry]:
        """Append several entries in one transaction (one disk flush): each record holds the
        keyword arguments of ``append``. For imports and benchmarks."""
        key = log_key()
        with self._lock, self._conn.transaction():
            head = self._locked_head()
            self._check_key(key)
            entries = chain_entries(head, records, key)
            with self._conn.cursor() as cur:
                cur.executemany(self._insert, [row_values(e) for e in entries])
        return entries

    def append_checked(self, step: Callable[[list[Entry]], list[dict[str, Any]]],
                       deviation_id: Optional[str] = None) -> list[Entry]:
        """Read the log, decide, append: all in one transaction under the log's advisory lock, so
        no other writer can change the state ``step`` decided on. ``step`` gets every entry and
        returns the records to append (keyword arguments of ``append``), or raises to append nothing.
        With ``deviation_id`` it gets only that deviation's entries and the actor register's."""
        key = log_key()
        with self._lock, self._conn.transaction():
            self._locked_head()
            self._check_key(key)
            rows = self._rows() if deviation_id is None else self._conn.execute(
                sql.SQL("SELECT {} FROM {} WHERE kind = 'actor' OR deviation_id = %s ORDER BY seq").format(
                    sql.SQL(", ").join(map(sql.Identifier, COLUMNS)), self._table), (deviation_id,)).fetchall()
            current = [entry_from_row(row) for row in rows]
            head = self._head_row()
            entries = chain_entries(head, step(current), key)
            if entries:
                with self._conn.cursor() as cur:
                    cur.executemany(self._insert, [row_values(e) for e in entries])
        return entries

    # -- reading ---------------------------------------------------------------------------

    def _row_batch(self, seq: int, limit: int) -> list[Any]:
        return self._conn.execute(self._select_rows, (seq, limit)).fetchall()

    def _head_row(self) -> Any:
        return self._conn.execute(self._select_head).fetchone()

    def _stored_key_check(self) -> Optional[str]:
        row = self._conn.execute(self._select_key).fetchone()
        return row[0] if row else None

    def __repr__(self) -> str:
        where = f", schema={self.schema!r}" if self.schema else ""
        return f"PostgresLogStore({self._conn.info.dbname!r}{where})"
