"""Secret keys read from the environment, refused when too short to hold.

A keyed pseudonym (``CROSSLAW_PSEUDONYM_KEY``) or a keyed log chain (``CROSSLAW_LOG_KEY``) is only
as strong as its key: a one-letter key is brute-forced from one known BSN and its pseudonym in a
fraction of a millisecond. Both keys must hold at least ``MIN_KEY_BYTES`` bytes (UTF-8); generate
one with ``python -c 'import secrets; print(secrets.token_urlsafe(32))'`` (43 characters).

Every writer checks its keys through here *before* it opens or creates anything, so a refused key
leaves no empty log behind.
"""

from __future__ import annotations

import os

from crosslaw.errors import CrosslawError

MIN_KEY_BYTES = 32
PSEUDONYM_KEY_ENV = "CROSSLAW_PSEUDONYM_KEY"
LOG_KEY_ENV = "CROSSLAW_LOG_KEY"
GENERATE_HINT = "maak er een met: python -c 'import secrets; print(secrets.token_urlsafe(32))'"


class WeakKeyError(CrosslawError):
    """A key shorter than ``MIN_KEY_BYTES`` bytes: refused before anything is written."""


def check_key(value: bytes | str, name: str) -> bytes:
    """The key as bytes when it is long enough; ``WeakKeyError`` (Dutch) otherwise."""
    key = value.encode("utf-8") if isinstance(value, str) else bytes(value)
    if len(key) < MIN_KEY_BYTES:
        raise WeakKeyError(
            f"{name} is te kort: {len(key)} bytes, minstens {MIN_KEY_BYTES} bytes sleutelmateriaal nodig; {GENERATE_HINT}")
    return key


def env_key(name: str, *, required: bool) -> bytes | None:
    """The key in environment variable ``name``: None when unset (and not required), else checked."""
    value = os.environ.get(name)
    if not value:
        if required:
            raise WeakKeyError(f"geen sleutel: zet {name} (minstens {MIN_KEY_BYTES} bytes); {GENERATE_HINT}")
        return None
    return check_key(value, name)
