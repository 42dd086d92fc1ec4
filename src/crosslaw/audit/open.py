"""Open an audit log from a location string.

- ``postgresql://user@host:5432/db`` (or ``postgres://``): PostgreSQL; an extra ``?schema=NAME``
  keeps the log in that schema.
- ``sqlite:///relative/path.db`` and ``sqlite:////absolute/path.db`` (SQLAlchemy's form, so
  ``f"sqlite:///{path}"`` works for both kinds of path); ``sqlite://`` alone is an in-memory log.
- anything else without ``://``: a path to the SQLite file.
"""

from __future__ import annotations

import os

from crosslaw.audit.store import LogStore


def open_log(url: str | os.PathLike[str]) -> LogStore:
    location = os.fspath(url)
    if location.startswith(("postgresql://", "postgres://")):
        from crosslaw.audit.postgres import PostgresLogStore

        return PostgresLogStore(location)

    from crosslaw.audit.sqlite import SQLiteLogStore

    if location.startswith("sqlite://"):
        rest = location[len("sqlite://"):]
        if rest in ("", "/", "/:memory:"):
            return SQLiteLogStore(":memory:")
        if not rest.startswith("/"):
            raise ValueError(f"{location!r}: a SQLite URL has no host; write sqlite:///relative.db or sqlite:////absolute.db")
        return SQLiteLogStore(rest[1:])
    if "://" in location:
        scheme = location.split("://", 1)[0]
        raise ValueError(f"{location!r}: unknown kind of audit log {scheme!r} (use a file path, sqlite:/// or postgresql://)")
    if not location:
        raise ValueError("empty audit log location")
    return SQLiteLogStore(location)
