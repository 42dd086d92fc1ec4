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


def open_error(location: str, exc: BaseException) -> str | None:
    """A Dutch sentence for a log that could not be opened because of what the user gave (a
    server that does not answer, a file that is no database, a key refused), else None."""
    import sqlite3

    from crosslaw.errors import CrosslawError

    if isinstance(exc, CrosslawError):
        return str(exc)
    if isinstance(exc, sqlite3.DatabaseError):
        return f"logboek {location!r} is geen SQLite-database of is beschadigd ({exc})"
    if isinstance(exc, OSError):
        return f"logboek {location!r} kan niet worden geopend: {exc.strerror or exc}"
    try:
        import psycopg
    except ImportError:  # pragma: no cover - depends on the installed extras
        return None
    if isinstance(exc, psycopg.OperationalError):
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return f"de PostgreSQL-server van het logboek is niet bereikbaar of weigert de verbinding ({first})"
    if isinstance(exc, psycopg.Error):
        return f"het PostgreSQL-logboek kan niet worden geopend ({str(exc).strip().splitlines()[0]})"
    return None
