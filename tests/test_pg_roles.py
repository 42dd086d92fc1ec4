"""PostgreSQL: the log's tables belong to an owner role; the application connects with a role that
may only INSERT and SELECT, so it cannot disable the triggers or change rows (real server).

Needs the roles ``crosslaw_owner`` and ``crosslaw_app`` that ``.ci/postgres.sh`` creates.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from urllib.parse import urlsplit, urlunsplit

import pytest

from actors_fixture import register_all
from crosslaw.audit.open import open_log
from test_audit_log import _pg_base_url

OWNER, APP = "crosslaw_owner", "crosslaw_app"


def _as(url: str, role: str) -> str:
    parts = urlsplit(url)
    host = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit(parts._replace(netloc=f"{role}@{host}"))


@pytest.fixture()
def roles_schema():
    base = _pg_base_url()
    import psycopg

    with psycopg.connect(base) as conn:
        present = {r[0] for r in conn.execute("SELECT rolname FROM pg_roles WHERE rolname = ANY(%s)", ([OWNER, APP],))}
    if present != {OWNER, APP}:
        message = f"roles {OWNER} and {APP} are missing: run .ci/postgres.sh (it creates them)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    schema = f"crosslaw_roles_{uuid.uuid4().hex[:10]}"
    owner = _as(base, OWNER)
    try:
        yield owner, _as(base, APP), schema
    finally:
        with psycopg.connect(owner, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def test_app_role_cannot_disable_triggers_update_delete_or_truncate(roles_schema, monkeypatch):
    import psycopg

    owner, app, schema = roles_schema
    monkeypatch.delenv("CROSSLAW_LOG_KEY", raising=False)
    made = subprocess.run([sys.executable, "-m", "crosslaw", "audit", "init", "--log", f"{owner}?schema={schema}",
                           "--app-role", APP], capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    assert f'GRANT SELECT, INSERT ON "{schema}"."audit_log", "{schema}"."audit_meta" TO "{APP}";' in made.stdout
    with open_log(f"{app}?schema={schema}") as log:  # the application: appends and reads
        register_all(log)
        head = log.head()
        assert head.seq == 6 and log.verify().ok
    with psycopg.connect(owner) as conn:
        table_owner = conn.execute("SELECT tableowner FROM pg_tables WHERE schemaname = %s AND tablename = 'audit_log'",
                                   (schema,)).fetchone()[0]
    assert table_owner == OWNER
    attacks = [
        f'ALTER TABLE "{schema}".audit_log DISABLE TRIGGER USER',
        f'ALTER TABLE "{schema}".audit_log DISABLE TRIGGER ALL',
        f'UPDATE "{schema}".audit_log SET kind = \'approved\' WHERE seq = 2',
        f'DELETE FROM "{schema}".audit_log WHERE seq > 3',
        f'DELETE FROM "{schema}".audit_meta',
        f'TRUNCATE "{schema}".audit_log',
        f'DROP TRIGGER audit_log_no_update_delete ON "{schema}".audit_log',
        f'DROP TABLE "{schema}".audit_log',
    ]
    with psycopg.connect(app, autocommit=True) as conn:
        for statement in attacks:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
    with open_log(f"{app}?schema={schema}") as log:
        assert log.head() == head and log.verify().ok


def test_app_role_cannot_create_the_log(roles_schema):
    """Opening a log that the owner has not made is a Dutch error with exit 2, not a traceback."""
    owner, app, schema = roles_schema
    result = subprocess.run([sys.executable, "-m", "crosslaw", "audit", "verify", "--log", f"{app}?schema={schema}"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "PostgreSQL" in result.stderr and "Traceback" not in result.stderr
