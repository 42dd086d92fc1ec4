"""Keys that hold, a keyed log that is never "In orde" without its key, and every user-input
failure of the deviation and audit commands giving a Dutch error with exit 2 (both backends)."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys

import pytest
import yaml

from actors_fixture import register_all
from crosslaw.audit.entry import GENESIS, KEY_ENV
from crosslaw.audit.open import open_log
from crosslaw.audit.report import EXPORT_FIELDS, to_csv
from crosslaw.audit.rows import new_entry, row_values
from crosslaw.keys import MIN_KEY_BYTES, WeakKeyError
from test_audit_log import INSERT, Backend, backend, postgresql_backend, sqlite_backend  # noqa: F401 (fixtures)
from test_deviation import GOOD, situation

GOOD_KEY = "een-geheim-voor-de-test-0123456789"
LOG_KEY = "log-sleutel-van-voldoende-lengte-0123456789"


def cli(*args, **env):
    full = {k: v for k, v in os.environ.items() if k not in (KEY_ENV, "CROSSLAW_PSEUDONYM_KEY")}
    full.update({"CROSSLAW_PSEUDONYM_KEY": GOOD_KEY, **env})
    return subprocess.run([sys.executable, "-m", "crosslaw", *args], capture_output=True, text=True, timeout=120, env=full)


def refused(result, *words):
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and "Interne fout" not in result.stderr, result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


# -- 4. keys that hold ---------------------------------------------------------------------------------

def _tables(backend: Backend) -> list:
    if backend.name == "sqlite":
        return backend.execute("SELECT name FROM sqlite_master") if os.path.exists(backend.url) else []
    schema = backend.url.rsplit("schema=", 1)[1]
    return backend.execute("SELECT tablename FROM pg_tables WHERE schemaname = ?", (schema,))


def test_a_short_log_key_is_refused_with_nothing_written(backend, monkeypatch):
    for short in ("a", "x" * (MIN_KEY_BYTES - 1)):
        monkeypatch.setenv(KEY_ENV, short)
        with pytest.raises(WeakKeyError, match="minstens 32 bytes"):
            open_log(backend.url)
        assert _tables(backend) == []
    monkeypatch.setenv(KEY_ENV, "x" * MIN_KEY_BYTES)
    with open_log(backend.url) as log:
        assert log.append("proposed", "d", "c", {}).seq == 1


def test_a_short_pseudonym_key_is_refused_with_nothing_written(tmp_path):
    case = tmp_path / "situatie.yaml"
    case.write_text(yaml.safe_dump(situation()), encoding="utf-8")
    motivation = tmp_path / "motivering.yaml"
    motivation.write_text(yaml.safe_dump(GOOD.model_dump(), allow_unicode=True), encoding="utf-8")
    key = tmp_path / "km.key"
    from crosslaw.deviation.actors import Signer

    key.write_bytes(Signer.generate("km-017").private_pem())
    log = tmp_path / "log.sqlite"
    for short in ("a", "sixteen-chars-ok"):
        result = cli("deviate", "propose", str(case), "--rule", "pw.verlaging_verordening", "--to", "does_not_apply",
                     "--effect", "20000", "--ground", "awb_4_84", "--actor", "km-017", "--role", "klantmanager",
                     "--justification", str(motivation), "--log", str(log), "--key-file", str(key),
                     CROSSLAW_PSEUDONYM_KEY=short)
        refused(result, "CROSSLAW_PSEUDONYM_KEY", "minstens 32 bytes", "secrets.token_urlsafe(32)")
        assert not log.exists()
    result = cli("audit", "verify", "--log", str(tmp_path / "ander.sqlite"), CROSSLAW_LOG_KEY="kort")
    refused(result)
    assert not (tmp_path / "ander.sqlite").exists()


# -- 3. a keyed log is never "In orde" without its key ---------------------------------------------------

def test_keyed_log_rewritten_with_plain_sha256_is_refused_without_the_key(backend, monkeypatch):
    monkeypatch.setenv(KEY_ENV, LOG_KEY)
    with backend.open() as log:
        register_all(log)
        entries = list(log.entries())
        assert log.verify().ok
    # an attacker with the database's rights but not the key recomputes the chain with plain SHA-256
    backend.drop_triggers()
    backend.execute("DELETE FROM audit_log")
    head = None
    for e in entries:
        fake = new_entry(head, e.kind, e.deviation_id, e.case, e.payload, e.ts, None)
        backend.execute(INSERT, row_values(fake))
        head = (fake.seq, fake.hash)
    monkeypatch.delenv(KEY_ENV)
    with backend.open() as log:
        result = log.verify()
        assert not result.ok and result.first_bad_seq == 1 and "sleutel" in result.problem
    without = cli("audit", "verify", "--log", backend.url)
    assert without.returncode == 1 and "In orde" not in without.stdout and "sleutel" in without.stderr
    with_key = cli("audit", "verify", "--log", backend.url, CROSSLAW_LOG_KEY=LOG_KEY)
    assert with_key.returncode == 1 and "In orde" not in with_key.stdout


def test_keyed_log_is_not_verified_without_its_key_but_can_be_listed(backend, monkeypatch):
    monkeypatch.setenv(KEY_ENV, LOG_KEY)
    with backend.open() as log:
        register_all(log)
    assert cli("audit", "verify", "--log", backend.url, CROSSLAW_LOG_KEY=LOG_KEY).returncode == 0
    without = cli("audit", "verify", "--log", backend.url)
    assert without.returncode == 1 and "met een sleutel geschreven" in without.stderr
    assert cli("audit", "list", "--log", backend.url).returncode == 0


# -- 7. the small ones ------------------------------------------------------------------------------------

@pytest.mark.parametrize("command", [("audit", "verify"), ("audit", "list"), ("audit", "stats"), ("audit", "export"),
                                     ("audit", "checkpoint"), ("audit", "show", "abc"), ("actors", "list")])
def test_reading_a_log_that_does_not_exist_exits_2_and_creates_nothing(tmp_path, command):
    missing = tmp_path / "typo" / "x.sqlite"
    refused(cli(*command, "--log", str(missing)), "bestaat niet")
    assert not missing.exists() and not missing.parent.exists()


def test_a_file_that_is_no_database_exits_2(tmp_path):
    notes = tmp_path / "notities.txt"
    notes.write_text("dit is geen database\n" * 100, encoding="utf-8")
    refused(cli("audit", "verify", "--log", str(notes)), "geen SQLite-database")
    assert notes.read_text(encoding="utf-8") == "dit is geen database\n" * 100


def test_an_unreachable_postgresql_server_exits_2():
    refused(cli("audit", "verify", "--log", "postgresql://crosslaw@127.0.0.1:1/crosslaw_test"), "PostgreSQL", "niet bereikbaar")


@pytest.mark.parametrize("args,words", [
    (("audit", "list", "--from", "2026-13-01"), ("--from", "JJJJ-MM-DD")),
    (("audit", "stats", "--to", "gisteren"), ("--to", "JJJJ-MM-DD")),
    (("audit", "export", "--from", "1-1-2026"), ("--from",)),
    (("deviate", "expire", "--date", "31-12-2026", "--actor", "tl-002", "--role", "teamleider"), ("--date", "JJJJ-MM-DD")),
])
def test_unparsed_dates_exit_2(tmp_path, args, words):
    log = tmp_path / "log.sqlite"
    with open_log(log) as store:
        register_all(store)
    key = tmp_path / "k.key"
    from crosslaw.deviation.actors import Signer

    key.write_bytes(Signer.generate("tl-002").private_pem())
    extra = ("--key-file", str(key)) if args[0] == "deviate" else ()
    refused(cli(*args, "--log", str(log), *extra), *words)


@pytest.mark.parametrize("option", ["--date", "--review", "--ends"])
def test_unparsed_dates_on_propose_exit_2(tmp_path, option):
    case = tmp_path / "situatie.yaml"
    case.write_text(yaml.safe_dump(situation()), encoding="utf-8")
    motivation = tmp_path / "motivering.yaml"
    motivation.write_text(yaml.safe_dump(GOOD.model_dump(), allow_unicode=True), encoding="utf-8")
    key = tmp_path / "km.key"
    from crosslaw.deviation.actors import Signer

    key.write_bytes(Signer.generate("km-017").private_pem())
    result = cli("deviate", "propose", str(case), "--rule", "pw.verlaging_verordening", "--to", "does_not_apply",
                 "--effect", "20000", "--ground", "awb_4_84", "--actor", "km-017", "--role", "klantmanager",
                 "--justification", str(motivation), "--log", str(tmp_path / "log.sqlite"), "--key-file", str(key),
                 option, "2026-02-30")
    refused(result, option, "JJJJ-MM-DD")


@pytest.mark.parametrize("content,words", [
    ({**GOOD.model_dump(), "extra": "een veld dat niet bestaat"}, ("'extra'", "onbekend veld")),
    (["een", "lijst"], ("groep velden",)),
    ({**GOOD.model_dump(), "purpose": {"genest": "x"}}, ("'purpose'", "verwacht tekst")),
], ids=["extra-key", "list", "not-text"])
def test_a_bad_justification_file_exits_2(tmp_path, content, words):
    case = tmp_path / "situatie.yaml"
    case.write_text(yaml.safe_dump(situation()), encoding="utf-8")
    motivation = tmp_path / "motivering.yaml"
    motivation.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
    key = tmp_path / "km.key"
    from crosslaw.deviation.actors import Signer

    key.write_bytes(Signer.generate("km-017").private_pem())
    result = cli("deviate", "propose", str(case), "--rule", "pw.verlaging_verordening", "--to", "does_not_apply",
                 "--effect", "20000", "--ground", "awb_4_84", "--actor", "km-017", "--role", "klantmanager",
                 "--justification", str(motivation), "--log", str(tmp_path / "log.sqlite"), "--key-file", str(key))
    refused(result, *words)


def test_csv_cells_that_start_a_formula_are_neutralised(tmp_path):
    rows = [{field: "" for field in EXPORT_FIELDS} | {"seq": 1, "deviation_id": value, "actor": value}
            for value in ("=HYPERLINK(\"http://x\",\"klik\")", "+1+2", "-2+3", "@SUM(A1)", "\t=1", "gewoon", "")]
    parsed = list(csv.DictReader(io.StringIO(to_csv(rows))))
    assert [r["deviation_id"] for r in parsed] == ["'=HYPERLINK(\"http://x\",\"klik\")", "'+1+2", "'-2+3", "'@SUM(A1)",
                                                   "'\t=1", "gewoon", ""]
    assert parsed[0]["seq"] == "1"
    # end to end: an entry written past the service (an attacker with append rights) is exported harmlessly
    log = tmp_path / "log.sqlite"
    with open_log(log) as store:
        store.append("proposed", "=HYPERLINK(\"http://evil\")", "c", {})
    out = cli("audit", "export", "--log", str(log))
    assert out.returncode == 0, out.stderr
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in csv.reader(io.StringIO(out.stdout)) for cell in row)
    assert GENESIS  # the chain's start is untouched by export


def test_a_wrong_log_key_on_append_exits_2_in_dutch(tmp_path, monkeypatch):
    log = tmp_path / "log.sqlite"
    monkeypatch.setenv(KEY_ENV, LOG_KEY)
    with open_log(log) as store:
        register_all(store)
    before = log.stat().st_size
    result = cli("actors", "register", "nieuw-1", "--role", "klantmanager", "--by", "beheer", "--key-file", str(tmp_path / "x.key"),
                 "--public-key", "MkAbD+TiP9DhS3Rp1XVFrAMnPDoeFd95KvLb7UheRFk=", "--log", str(log))
    refused(result, "sleutelbestand")  # no key file: refused before the log is touched
    from crosslaw.deviation.actors import Signer

    (tmp_path / "x.key").write_bytes(Signer.generate("beheer").private_pem())
    result = cli("actors", "register", "nieuw-1", "--role", "klantmanager", "--by", "beheer", "--key-file", str(tmp_path / "x.key"),
                 "--public-key", "MkAbD+TiP9DhS3Rp1XVFrAMnPDoeFd95KvLb7UheRFk=", "--log", str(log),
                 CROSSLAW_LOG_KEY="een-andere-sleutel-van-voldoende-lengte-0123")
    refused(result, "CROSSLAW_LOG_KEY is niet de sleutel")
    monkeypatch.setenv(KEY_ENV, LOG_KEY)
    with open_log(log) as store:
        assert len(list(store.entries())) == 6 and store.verify().ok
    assert before > 0


def test_evaluate_with_a_log_that_does_not_exist_exits_2_and_creates_nothing(tmp_path):
    case = tmp_path / "situatie.yaml"
    case.write_text(yaml.safe_dump(situation()), encoding="utf-8")
    missing = tmp_path / "typo.sqlite"
    refused(cli("evaluate", str(case), "--log", str(missing)), "bestaat niet")
    assert not missing.exists()
