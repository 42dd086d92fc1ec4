"""A cache of parsed rule files, so a fresh process does not parse the same YAML again.

Parsing the rule files (libyaml's events checked against the limits, the node tree, the line of
every value) is most of the time ``crosslaw evaluate`` spends loading its rules. The parsed result
of a file (``Located``: its data and the line map) depends only on the file's bytes and the name it
is shown under, so it is stored under a SHA-256 of exactly those (plus crosslaw's version and this
format's), in the user's cache directory:

* ``$CROSSLAW_CACHE_DIR`` when set (``off`` or empty: no cache at all), else
  ``$XDG_CACHE_HOME/crosslaw`` or ``~/.cache/crosslaw``;
* a changed file has another digest, so a stale entry is never read (old ones are simply unused);
* an entry that cannot be read, is cut short, holds anything but plain data (a pickle that names
  any class other than ``datetime.date``/``datetime.datetime`` is refused before it is built) or
  does not have the shape of a ``Located`` is ignored and the file is parsed as if there were no
  cache; entries are written to a temporary file and renamed, so a reader never sees half a file;
* a cache directory that cannot be created or written is no error: the file is parsed each time.

Only what validation and compilation start from is cached; they run on every load as before, and
every error a file can cause is raised by the parse that precedes a cache entry (errors are never
cached). tests/test_parse_cache.py proves a cached load equals an uncached one.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

from crosslaw.ruleset.yamlsource import RULE_LIMITS, Located, Limits, YamlError, load_text
from crosslaw.version import __version__

FORMAT = b"crosslaw-parsecache-1"
_ALLOWED = {("datetime", "date"), ("datetime", "datetime")}


def cache_dir() -> Path | None:
    """The directory entries are kept in, or None when caching is switched off."""
    configured = os.environ.get("CROSSLAW_CACHE_DIR")
    if configured is not None:
        return None if configured.strip() in ("", "off") else Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "crosslaw"


class _PlainUnpickler(pickle.Unpickler):
    """Builds plain data only: a pickle naming any other class is refused (a corrupt or
    planted entry can never run code)."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not plain data")


def _key(raw: bytes, display: str, limits: Limits) -> str:
    h = hashlib.sha256(FORMAT + b"\0" + __version__.encode() + b"\0" + repr(limits).encode() + b"\0")
    h.update(display.encode() + b"\0" + raw)
    return h.hexdigest()


def _read(path: Path, display: str) -> Located | None:
    try:
        with open(path, "rb") as f:
            entry = _PlainUnpickler(io.BytesIO(f.read())).load()
    except Exception:  # missing, unreadable, cut short or refused: parse instead
        return None
    if not (isinstance(entry, tuple) and len(entry) == 3 and entry[0] == display and isinstance(entry[2], dict)):
        return None
    return Located(entry[1], entry[2], display)


def _write(path: Path, doc: Located) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump((doc.file, doc.data, doc.lines), f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except Exception:  # a read-only home, a full disk: no cache, no error
        pass


def load_rule_file(path: Path, display: str, limits: Limits = RULE_LIMITS) -> Located:
    """``yamlsource.load_file`` through the cache (same result, same errors)."""
    try:
        with open(path, "rb") as f:
            raw = f.read(limits.max_bytes + 1)  # never more than the limit into memory
        if len(raw) > limits.max_bytes:
            raise YamlError(display, None, f"het bestand is te groot: meer dan {limits.max_bytes} bytes")
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise YamlError(display, None, f"kan het bestand niet lezen: {e}") from None
    where = cache_dir()
    entry = None if where is None else where / f"{_key(raw, display, limits)}.pickle"
    if entry is not None:
        doc = _read(entry, display)
        if doc is not None:
            return doc
    doc = load_text(text, display, limits)
    if entry is not None:
        _write(entry, doc)
    return doc
