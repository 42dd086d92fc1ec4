"""The audit log's storage: both backends, real databases, no mocks.

Every test taking ``backend`` runs on SQLite (a file in tmp_path) and on PostgreSQL (a schema of
its own in the server named by CROSSLAW_TEST_PG_URL; start one with
``eval "$(bash .ci/postgres.sh)"``). Without that variable the PostgreSQL runs fail under CI and
are skipped elsewhere.

Tamper tests play an attacker with admin rights: they drop the protecting triggers and then
change the table directly, as such an attacker would.
"""

from __future__ import annotations

import hashlib
import hmac
import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
import uuid
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

from crosslaw.audit.entry import GENESIS, KEY_ENV, Entry, canonical, entry_hash
from crosslaw.audit.open import open_log
from crosslaw.audit.sqlite import SQLiteLogStore
from crosslaw.audit.store import Checkpoint, VerifyResult
from crosslaw.audit.verify import KeyMismatchError, new_entry, row_values, verify_chain

PG_ENV = "CROSSLAW_TEST_PG_URL"


# ---------------------------------------------------------------------------------------------
# backends


@dataclass
class Backend:
    name: str
    url: str
    execute: Callable[..., list[tuple[Any, ...]]]  # raw SQL ('?' placeholders) outside crosslaw
    drop_triggers: Callable[[], None]
    refused: tuple[type[BaseException], ...]  # what the database raises for UPDATE/DELETE

    def open(self):
        return open_log(self.url)


def _pg_base_url() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        if os.environ.get("CI"):
            pytest.fail(f"{PG_ENV} is not set: CI must run the PostgreSQL tests (.ci/run starts a server "
                        "with .ci/postgres.sh)")
        pytest.skip(f"PostgreSQL tests need a server: set {PG_ENV}, e.g. eval \"$(bash .ci/postgres.sh)\"")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("psycopg is not installed: pip install -e '.[test]'")
        pytest.skip("psycopg is not installed: pip install -e '.[test]'")
    return url


@pytest.fixture
def sqlite_backend(tmp_path: Path) -> Iterator[Backend]:
    path = tmp_path / "audit.db"

    def execute(statement: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        conn = sqlite3.connect(path, isolation_level=None)
        try:
            return conn.execute(statement, params).fetchall()
        finally:
            conn.close()

    def drop_triggers() -> None:
        for (name,) in execute("SELECT name FROM sqlite_master WHERE type = 'trigger'"):
            execute(f'DROP TRIGGER "{name}"')

    yield Backend("sqlite", str(path), execute, drop_triggers, (sqlite3.DatabaseError,))


@pytest.fixture
def postgresql_backend() -> Iterator[Backend]:
    base = _pg_base_url()
    import psycopg

    schema = f"crosslaw_test_{uuid.uuid4().hex[:12]}"
    admin = psycopg.connect(base, autocommit=True)
    admin.execute(f'CREATE SCHEMA "{schema}"')
    admin.execute(f'SET search_path TO "{schema}"')
    lock = threading.Lock()

    def execute(statement: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with lock, admin.cursor() as cur:
            cur.execute(statement.replace("?", "%s"), params)
            return cur.fetchall() if cur.description else []

    def drop_triggers() -> None:
        rows = execute("SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                       "WHERE c.relnamespace = ?::regnamespace AND NOT t.tgisinternal", (schema,))
        assert rows, "no triggers to drop"
        for trigger, table in rows:
            execute(f'DROP TRIGGER "{trigger}" ON "{table}"')

    separator = "&" if "?" in base else "?"
    try:
        yield Backend("postgresql", f"{base}{separator}schema={schema}", execute, drop_triggers,
                      (psycopg.Error,))
    finally:
        admin.execute(f'DROP SCHEMA "{schema}" CASCADE')
        admin.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> Backend:
    return request.getfixturevalue(f"{request.param}_backend")


@pytest.fixture(autouse=True)
def no_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test starts without CROSSLAW_LOG_KEY; the ones that need a key set it."""
    monkeypatch.delenv(KEY_ENV, raising=False)


@pytest.fixture
def log(backend: Backend):
    store = backend.open()
    yield store
    store.close()


def fill(store, count: int, start: int = 1) -> list[Entry]:
    return [store.append("proposed", f"dev-{i}", f"case-{i % 7}", {"reden": f"reden {i}", "n": i})
            for i in range(start, start + count)]


# ---------------------------------------------------------------------------------------------
# append, read, head


def test_empty_log(log) -> None:
    assert log.head() is None
    assert list(log.entries()) == []
    result = log.verify()
    assert result.ok and result.entries == 0 and result.head is None


def test_append_read_head(backend: Backend, log) -> None:
    first = log.append("proposed", "dev-1", "case-a", {"reden": "woningnood", "bedrag": 120.5})
    assert first.seq == 1 and first.prev_hash == GENESIS
    assert first.hash == entry_hash(first.body(), None)
    stamp = datetime.fromisoformat(first.ts)
    assert stamp.utcoffset().total_seconds() == 0 and abs((datetime.now(timezone.utc) - stamp).total_seconds()) < 60
    assert len(first.ts.split(".")[1].split("+")[0]) == 6  # microseconds

    second = log.append("approved", "dev-1", "case-a", {"door": "teamleider", "lijst": (1, "twee")},
                        ts="2026-01-02T03:04:05.000006+00:00")
    assert second.seq == 2 and second.prev_hash == first.hash and second.ts == "2026-01-02T03:04:05.000006+00:00"
    assert second.payload == {"door": "teamleider", "lijst": [1, "twee"]}  # as it will read back
    third = log.append("rejected", "dev-2", "case-b", {})

    assert list(log.entries()) == [first, second, third]
    assert list(log.entries(start=2)) == [second, third]
    assert log.head() == Checkpoint(3, third.hash)
    assert log.verify() == VerifyResult(ok=True, entries=3, head=Checkpoint(3, third.hash))

    # stored as canonical JSON text, with hash and prev_hash
    stored = backend.execute("SELECT payload, prev_hash, hash FROM audit_log WHERE seq = ?", (2,))[0]
    assert stored == (canonical(second.payload).decode(), first.hash, second.hash)

    # a second store (as another process would) sees the same log and continues it
    with backend.open() as other:
        assert other.head() == Checkpoint(3, third.hash)
        fourth = other.append("revoked", "dev-1", "case-a", {"reden": "ingetrokken"})
    assert fourth.seq == 4 and fourth.prev_hash == third.hash
    assert log.head() == Checkpoint(4, fourth.hash) and log.verify().ok


def test_append_checks_types(log) -> None:
    with pytest.raises(TypeError):
        log.append("proposed", 17, "case", {})  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        log.append("proposed", "dev", "case", ["not", "a", "dict"])  # type: ignore[arg-type]
    assert log.head() is None


def test_sqlite_is_durable_wal(tmp_path: Path) -> None:
    with SQLiteLogStore(tmp_path / "a.db") as store:
        conn = store._conn
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000


# ---------------------------------------------------------------------------------------------
# the database itself refuses changes


def test_update_refused_by_database(backend: Backend, log) -> None:
    fill(log, 3)
    before = backend.execute("SELECT * FROM audit_log ORDER BY seq")
    with pytest.raises(backend.refused, match="append-only"):
        backend.execute("UPDATE audit_log SET payload = ? WHERE seq = ?", ('{"reden":"anders"}', 2))
    with pytest.raises(backend.refused, match="append-only"):
        backend.execute("UPDATE audit_log SET seq = seq + 10")
    assert backend.execute("SELECT * FROM audit_log ORDER BY seq") == before
    assert log.verify().ok


def test_delete_refused_by_database(backend: Backend, log) -> None:
    fill(log, 3)
    before = backend.execute("SELECT * FROM audit_log ORDER BY seq")
    with pytest.raises(backend.refused, match="append-only"):
        backend.execute("DELETE FROM audit_log WHERE seq = ?", (2,))
    with pytest.raises(backend.refused, match="append-only"):
        backend.execute("DELETE FROM audit_log")
    if backend.name == "postgresql":
        with pytest.raises(backend.refused, match="append-only"):
            backend.execute("TRUNCATE audit_log")
    with pytest.raises(backend.refused, match="append-only"):
        backend.execute("DELETE FROM audit_meta")
    assert backend.execute("SELECT * FROM audit_log ORDER BY seq") == before
    assert log.verify().ok


def test_dropped_triggers_come_back_on_open(backend: Backend, log) -> None:
    fill(log, 2)
    backend.drop_triggers()
    backend.open().close()
    with pytest.raises(backend.refused, match="append-only"):
        backend.execute("DELETE FROM audit_log WHERE seq = ?", (1,))


# ---------------------------------------------------------------------------------------------
# tampering: an attacker with admin rights drops the triggers and changes the table


N = 30


@pytest.fixture(params=[None, "geheime-sleutel-van-minstens-32-bytes"], ids=["unkeyed", "keyed"])
def tampered(request: pytest.FixtureRequest, backend: Backend, monkeypatch: pytest.MonkeyPatch):
    """A log of N entries whose triggers are gone; yields (backend, store, entries)."""
    if request.param:
        monkeypatch.setenv(KEY_ENV, request.param)
    store = backend.open()
    entries = fill(store, N)
    assert store.verify().ok
    backend.drop_triggers()
    yield backend, store, entries
    store.close()


def forged(seq: int, prev_hash: str, deviation_id: str = "vals") -> tuple[Any, ...]:
    """A row the attacker makes up, hashed as well as they can: without the key."""
    entry = new_entry((seq - 1, prev_hash), "approved", deviation_id, "case-x", {"reden": "verzonnen"}, None, None)
    return row_values(entry)


def renumber(backend: Backend, from_seq: int, by: int) -> None:
    """Shift entries from_seq.. by ``by`` (via a far-away range, so no key collides on the way)."""
    backend.execute("UPDATE audit_log SET seq = seq + 1000000 WHERE seq >= ?", (from_seq,))
    backend.execute("UPDATE audit_log SET seq = seq - 1000000 + ? WHERE seq >= 1000000", (by,))


INSERT = "INSERT INTO audit_log (seq, ts, kind, deviation_id, case_ref, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"


def assert_fails(result, seq: int, *words: str) -> None:
    assert not result.ok, result
    assert result.first_bad_seq == seq, result
    for word in words:
        assert word in result.problem, result


def test_untouched_log_verifies(tampered) -> None:
    backend, store, entries = tampered
    result = store.verify(Checkpoint(N, entries[-1].hash))
    assert result.ok and result.entries == N and result.head == Checkpoint(N, entries[-1].hash)
    assert store.verify(Checkpoint(10, entries[9].hash)).ok


@pytest.mark.parametrize("column, value", [
    ("payload", '{"n":17,"reden":"geen reden"}'), ("kind", "approved"), ("deviation_id", "dev-99"),
    ("case_ref", "case-0"), ("ts", "2020-01-01T00:00:00.000000+00:00"), ("prev_hash", "f" * 64), ("hash", "e" * 64),
])
def test_edited_field_is_named(tampered, column: str, value: str) -> None:
    backend, store, _ = tampered
    backend.execute(f"UPDATE audit_log SET {column} = ? WHERE seq = ?", (value, 17))
    assert_fails(store.verify(), 17, "regel 17 is gewijzigd")


def test_unreadable_payload_is_an_edit(tampered) -> None:
    backend, store, _ = tampered
    backend.execute("UPDATE audit_log SET payload = ? WHERE seq = ?", ("{niet json", 17))
    assert_fails(store.verify(), 17, "regel 17 is gewijzigd")


def test_edit_with_recomputed_hash_is_named(tampered) -> None:
    backend, store, entries = tampered
    edited = replace(entries[16], payload={"reden": "achteraf verzonnen"})
    new_hash = entry_hash(edited.body(), None)  # the attacker has no key
    backend.execute("UPDATE audit_log SET payload = ?, hash = ? WHERE seq = ?",
                    (canonical(edited.payload).decode(), new_hash, 17))
    assert_fails(store.verify(), 17, "regel 17 is gewijzigd")


def test_deleted_entry_is_named(tampered) -> None:
    backend, store, _ = tampered
    backend.execute("DELETE FROM audit_log WHERE seq = ?", (17,))
    assert_fails(store.verify(), 17, "regel 17 ontbreekt (verwijderd)")


def test_deleted_entries_are_named(tampered) -> None:
    backend, store, _ = tampered
    backend.execute("DELETE FROM audit_log WHERE seq BETWEEN ? AND ?", (17, 19))
    assert_fails(store.verify(), 17, "regels 17 t/m 19 ontbreken (verwijderd)")


def test_deleted_first_entry_is_named(tampered) -> None:
    backend, store, _ = tampered
    backend.execute("DELETE FROM audit_log WHERE seq = ?", (1,))
    assert_fails(store.verify(), 1, "regel 1 ontbreekt (verwijderd)")


def test_deleted_and_renumbered_entry_is_named(tampered) -> None:
    backend, store, _ = tampered
    backend.execute("DELETE FROM audit_log WHERE seq = ?", (17,))
    renumber(backend, 18, -1)
    assert_fails(store.verify(), 17, "regel 17 ontbreekt (verwijderd)", "omgenummerd")


@pytest.mark.parametrize("hashed", [True, False], ids=["forged-hash", "garbage-hash"])
def test_inserted_entry_is_named(tampered, hashed: bool) -> None:
    backend, store, entries = tampered
    renumber(backend, 17, +1)
    row = forged(17, entries[15].hash)
    if not hashed:
        row = (*row[:-1], "0" * 64)
    backend.execute(INSERT, row)
    result = store.verify()
    assert_fails(result, 17, "regel 17 is ingevoegd")
    assert result.entries == N + 1


def test_inserted_first_entry_is_named(tampered) -> None:
    backend, store, _ = tampered
    renumber(backend, 1, +1)
    backend.execute(INSERT, forged(1, GENESIS))
    assert_fails(store.verify(), 1, "regel 1 is ingevoegd")


def test_appended_forgery_at_the_end(tampered) -> None:
    """Without the key a forged last entry is caught; with no key it cannot be (the key's job)."""
    backend, store, entries = tampered
    backend.execute(INSERT, forged(N + 1, entries[-1].hash))
    result = store.verify()
    if os.environ.get(KEY_ENV):
        assert_fails(result, N + 1, f"regel {N + 1} is gewijzigd")
    else:
        assert result.ok


@pytest.mark.parametrize("a, b", [(17, 18), (17, 19), (1, 2), (N - 1, N)])
def test_swapped_entries_are_named(tampered, a: int, b: int) -> None:
    backend, store, _ = tampered
    backend.execute("UPDATE audit_log SET seq = ? WHERE seq = ?", (1000000, a))
    backend.execute("UPDATE audit_log SET seq = ? WHERE seq = ?", (a, b))
    backend.execute("UPDATE audit_log SET seq = ? WHERE seq = ?", (b, 1000000))
    assert_fails(store.verify(), a, f"regels {a} en {b} zijn van plaats verwisseld")


def test_swapped_contents_are_named(tampered) -> None:
    """The same swap done by exchanging every column but seq."""
    backend, store, _ = tampered
    columns = "ts, kind, deviation_id, case_ref, payload, prev_hash, hash"
    row17 = backend.execute(f"SELECT {columns} FROM audit_log WHERE seq = ?", (17,))[0]
    row18 = backend.execute(f"SELECT {columns} FROM audit_log WHERE seq = ?", (18,))[0]
    assignments = ", ".join(f"{c} = ?" for c in columns.split(", "))
    backend.execute(f"UPDATE audit_log SET {assignments} WHERE seq = ?", (*row18, 17))
    backend.execute(f"UPDATE audit_log SET {assignments} WHERE seq = ?", (*row17, 18))
    assert_fails(store.verify(), 17, "regels 17 en 18 zijn van plaats verwisseld")


def test_truncated_tail_is_caught_by_checkpoint(tampered) -> None:
    backend, store, entries = tampered
    checkpoint = store.head()
    assert checkpoint == Checkpoint(N, entries[-1].hash)
    backend.execute("DELETE FROM audit_log WHERE seq > ?", (25,))
    assert store.verify().ok  # a cut-off tail leaves a sound chain: only the checkpoint knows
    result = store.verify(checkpoint)
    assert_fails(result, 26, f"het logboek is ingekort: de controlepunt-regel {N} ontbreekt")
    assert result.entries == 25 and result.head == Checkpoint(25, entries[24].hash)


def test_emptied_log_is_caught_by_checkpoint(tampered) -> None:
    backend, store, entries = tampered
    backend.execute("DELETE FROM audit_log")
    assert_fails(store.verify(Checkpoint(N, entries[-1].hash)), 1, "ingekort", "leeg")


def test_rewritten_chain_is_caught_by_checkpoint(tampered) -> None:
    """Without a key an attacker can rewrite the whole chain consistently: a checkpoint still tells."""
    backend, store, entries = tampered
    checkpoint = store.head()
    backend.execute("DELETE FROM audit_log")
    prev = GENESIS
    for entry in entries:
        fake = new_entry((entry.seq - 1, prev), entry.kind, entry.deviation_id, "herschreven", entry.payload,
                         entry.ts, None)
        backend.execute(INSERT, row_values(fake))
        prev = fake.hash
    result = store.verify(checkpoint)
    assert not result.ok
    if os.environ.get(KEY_ENV):
        assert result.first_bad_seq == 1
    else:
        assert_fails(result, N, f"regel {N} wijkt af van het controlepunt")


# ---------------------------------------------------------------------------------------------
# keyed chain


def test_keyed_chain(backend: Backend, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    ts = "2026-03-04T05:06:07.000008+00:00"
    with SQLiteLogStore(tmp_path / "plain.db") as plain:
        unkeyed = plain.append("proposed", "dev-1", "case-a", {"reden": "x"}, ts=ts)

    monkeypatch.setenv(KEY_ENV, "sleutel-een-van-minstens-32-bytes-lang")
    with backend.open() as store:
        keyed = store.append("proposed", "dev-1", "case-a", {"reden": "x"}, ts=ts)
        fill(store, 5)
        assert keyed.body() == unkeyed.body() and keyed.hash != unkeyed.hash
        assert keyed.hash == hmac.new(b"sleutel-een-van-minstens-32-bytes-lang", canonical(keyed.body()), hashlib.sha256).hexdigest()
        assert unkeyed.hash == hashlib.sha256(canonical(unkeyed.body())).hexdigest()
        assert store.verify().ok

        monkeypatch.setenv(KEY_ENV, "sleutel-twee-van-minstens-32-bytes-lang")
        result = store.verify()
        assert_fails(result, 1, "sleutel")
        with pytest.raises(KeyMismatchError):
            store.append("proposed", "dev-9", "case-a", {})

        monkeypatch.delenv(KEY_ENV)
        assert_fails(store.verify(), 1, "sleutel")
        with pytest.raises(KeyMismatchError, match="CROSSLAW_LOG_KEY is niet de sleutel"):
            store.append("proposed", "dev-9", "case-a", {})

        monkeypatch.setenv(KEY_ENV, "sleutel-een-van-minstens-32-bytes-lang")
        assert store.head().seq == 6 and store.verify().ok
    with backend.open() as again:  # the right key is right for a new store too
        assert again.append("approved", "dev-1", "case-a", {}).seq == 7 and again.verify().ok


def test_unkeyed_log_refuses_a_key(backend: Backend, monkeypatch: pytest.MonkeyPatch) -> None:
    with backend.open() as store:
        fill(store, 3)
        monkeypatch.setenv(KEY_ENV, "later-gezet-en-minstens-32-bytes-lang")
        with pytest.raises(KeyMismatchError, match="zonder sleutel geschreven"):
            store.append("proposed", "dev-9", "case-a", {})
        assert_fails(store.verify(), 1, "sleutel")


# ---------------------------------------------------------------------------------------------
# concurrency: one linear chain, nothing lost


def _append_worker(url: str, worker: int, count: int, barrier) -> None:
    store = open_log(url)
    barrier.wait(timeout=60)
    for i in range(count):
        store.append("proposed", f"w{worker}-{i}", f"case-{worker}", {"worker": worker, "i": i})
    store.close()


def _check_one_chain(store, workers: int, per_worker: int) -> None:
    entries = list(store.entries())
    assert [e.seq for e in entries] == list(range(1, workers * per_worker + 1))
    seen: dict[int, list[int]] = {}
    for entry in entries:
        seen.setdefault(entry.payload["worker"], []).append(entry.payload["i"])
    assert seen == {w: list(range(per_worker)) for w in range(workers)}  # all there, each in its order
    result = store.verify(store.head())
    assert result.ok and result.entries == workers * per_worker


def test_processes_append_one_chain(backend: Backend) -> None:
    workers, per_worker = 8, 200
    # no store opened before: the writers also race to create the schema
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(workers)
    procs = [ctx.Process(target=_append_worker, args=(backend.url, w, per_worker, barrier)) for w in range(workers)]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(timeout=300)
    assert [proc.exitcode for proc in procs] == [0] * workers
    with backend.open() as store:
        _check_one_chain(store, workers, per_worker)


def test_threads_append_one_chain(backend: Backend) -> None:
    workers, per_worker = 6, 100
    shared = backend.open()
    barrier = threading.Barrier(workers)
    errors: list[BaseException] = []

    def run(worker: int) -> None:
        try:
            store = shared if worker % 2 else backend.open()  # some share a store, some have their own
            barrier.wait(timeout=60)
            for i in range(per_worker):
                store.append("proposed", f"w{worker}-{i}", "case", {"worker": worker, "i": i})
            if store is not shared:
                store.close()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(w,)) for w in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not errors
    _check_one_chain(shared, workers, per_worker)
    shared.close()


# ---------------------------------------------------------------------------------------------
# crash: a writer killed mid-run leaves a sound log without a partial entry

WRITER = textwrap.dedent("""
    import sys
    from crosslaw.audit.open import open_log
    log = open_log(sys.argv[1])
    i = 0
    while True:
        log.append("proposed", f"crash-{i}", "case", {"i": i, "tekst": "x" * 500})
        i += 1
""")


def test_writer_killed_mid_run(backend: Backend) -> None:
    with backend.open() as store:
        fill(store, 5)
        for round_ in range(3):
            before = store.head().seq
            writer = subprocess.Popen([sys.executable, "-c", WRITER, backend.url])
            try:
                deadline = time.monotonic() + 60
                while store.head().seq < before + 100 + 37 * round_:
                    assert writer.poll() is None, "the writer stopped by itself"
                    assert time.monotonic() < deadline, "the writer appended too slowly"
                    time.sleep(0.005)
            finally:
                os.kill(writer.pid, signal.SIGKILL)
                writer.wait(timeout=30)
            assert writer.returncode == -signal.SIGKILL
            with backend.open() as after:  # a fresh connection, as after a restart
                result = after.verify()
                assert result.ok, result
                head = after.head()
                assert result.entries == head.seq > before
                rows = backend.execute("SELECT count(*) FROM audit_log WHERE payload = '' OR hash = '' "
                                       "OR length(hash) <> 64 OR length(prev_hash) <> 64")
                assert rows == [(0,)]
                if backend.name == "sqlite":
                    assert backend.execute("PRAGMA integrity_check") == [("ok",)]
                after.append("proposed", "na-crash", "case", {})
                assert after.verify().ok


# ---------------------------------------------------------------------------------------------
# a large log (its speed is measured by benchmarks/bench_audit.py, not timed here)


def test_verify_a_100k_entry_log(backend: Backend) -> None:
    with backend.open() as store:
        for start in range(0, 100_000, 20_000):
            store.append_many([{"kind": "proposed", "deviation_id": f"dev-{i}", "case": f"case-{i % 97}",
                                "payload": {"reden": "artikel 4 lid 2 wijkt af", "n": i}}
                               for i in range(start, start + 20_000)])
        result = store.verify()
        assert result.ok and result.entries == 100_000
        assert [e.seq for e in store.entries(start=99_998)] == [99_998, 99_999, 100_000]


# ---------------------------------------------------------------------------------------------
# open_log


def test_open_log_locations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    absolute = tmp_path / "abs" / "log.db"
    for location in (str(absolute), f"sqlite:///{absolute}"):
        with open_log(location) as store:
            assert isinstance(store, SQLiteLogStore)
            store.append("proposed", "d", "c", {})
    with open_log(absolute) as store:
        assert store.head().seq == 2
    monkeypatch.chdir(tmp_path)
    with open_log("sqlite:///rel.db") as store:
        store.append("proposed", "d", "c", {})
    assert (tmp_path / "rel.db").exists()
    with open_log("sqlite://") as store:
        store.append("proposed", "d", "c", {})
        assert store.verify().ok
    for bad in ("mysql://x/y", "sqlite://host/x.db", ""):
        with pytest.raises(ValueError):
            open_log(bad)


def test_open_log_postgresql(postgresql_backend: Backend) -> None:
    from crosslaw.audit.postgres import PostgresLogStore

    with open_log(postgresql_backend.url) as store:
        assert isinstance(store, PostgresLogStore)
        assert store.schema and store.schema.startswith("crosslaw_test_")


# ---------------------------------------------------------------------------------------------
# the shared verification on plain lists


def _chain(count: int, key: bytes | None = None) -> list[Entry]:
    entries, head = [], None
    for i in range(1, count + 1):
        entry = new_entry(head, "proposed", f"d{i}", "c", {"i": i}, f"2026-01-01T00:00:{i:02d}.000000+00:00", key)
        entries.append(entry)
        head = (entry.seq, entry.hash)
    return entries


def test_verify_chain_on_lists() -> None:
    chain = _chain(10)
    assert verify_chain(chain, None).ok
    assert verify_chain(iter(chain), None, Checkpoint(10, chain[-1].hash)).ok
    assert_fails(verify_chain(chain, b"k"), 1, "sleutel")
    assert_fails(verify_chain(chain[:4] + chain[5:], None), 5, "regel 5 ontbreekt")
    assert_fails(verify_chain(chain[:4] + [chain[5], chain[4]] + chain[6:], None), 5)  # order of seq broken
    assert_fails(verify_chain(chain, None, Checkpoint(12, "a" * 64)), 11, "controlepunt-regel 12 ontbreekt")
    assert_fails(verify_chain(chain, None, Checkpoint(4, "a" * 64)), 4, "controlepunt")
    twice = chain[:5] + [chain[4]] + chain[5:]
    assert not verify_chain(twice, None).ok


# ---------------------------------------------------------------------------------------------
# the auditor's command on both backends


def _cli(*args: str) -> "subprocess.CompletedProcess[str]":
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "crosslaw", *args], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("tamper", ["edit", "delete", "swap", "truncate"])
def test_audit_verify_command_names_the_entry(backend: Backend, tamper: str) -> None:
    from crosslaw.audit.sqlite import TABLE

    from actors_fixture import register_all

    store = backend.open()
    # 12 signed entries (audit verify also checks every signature): the keeper and 11 actors it registers
    register_all(store, {"beheer": ["beheerder"], **{f"mw-{i}": ["klantmanager"] for i in range(11)}})
    head = store.head()
    store.close()
    ok = _cli("audit", "verify", "--log", backend.url)
    assert ok.returncode == 0 and "In orde: 12 regels" in ok.stdout
    backend.drop_triggers()
    if tamper == "edit":
        backend.execute(f"UPDATE {TABLE} SET kind = 'approved' WHERE seq = 5")
        expected = "5"
    elif tamper == "delete":
        backend.execute(f"DELETE FROM {TABLE} WHERE seq = 7")
        expected = "7"
    elif tamper == "swap":
        backend.execute(f"UPDATE {TABLE} SET seq = 1000 WHERE seq = 3")
        backend.execute(f"UPDATE {TABLE} SET seq = 3 WHERE seq = 4")
        backend.execute(f"UPDATE {TABLE} SET seq = 4 WHERE seq = 1000")
        expected = "3"
    else:
        backend.execute(f"DELETE FROM {TABLE} WHERE seq > 9")
        expected = "10"  # the first entry the checkpoint vouches for that is gone
    args = ["audit", "verify", "--log", backend.url]
    if tamper == "truncate":
        args += ["--checkpoint", f"{head.seq}:{head.hash}"]
    bad = _cli(*args)
    assert bad.returncode == 1, bad.stdout
    assert "NIET IN ORDE" in bad.stderr and f"eerste foute regel: {expected}" in bad.stderr
    assert "Traceback" not in bad.stderr
