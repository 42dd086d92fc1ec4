"""Three-valued values: a known Python value, or ``Unknown`` carrying the facts it lacks.

An unknown value remembers *which* base facts were missing, so the explainer can turn
an undetermined outcome straight into the questions that would settle it.
"""

from __future__ import annotations

from typing import Any


class Unknown:
    """A value that cannot be known yet; ``missing`` names the base facts it waits for."""

    __slots__ = ("missing",)

    def __init__(self, missing: frozenset[str] = frozenset()) -> None:
        self.missing = missing

    def __repr__(self) -> str:
        return f"Unknown({sorted(self.missing)})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Unknown) and other.missing == self.missing

    def __hash__(self) -> int:
        return hash(self.missing)

    def __bool__(self) -> bool:  # pragma: no cover - guard against silent misuse
        raise TypeError("Unknown has no truth value; use is_unknown()")


def is_unknown(value: Any) -> bool:
    return isinstance(value, Unknown)


def merge_unknown(*values: Any) -> Unknown:
    """Union of the missing facts of every unknown among ``values``."""
    found: Unknown | None = None
    for v in values:
        if v.__class__ is Unknown:
            found = v if found is None else merge_two(found, v)
    return found if found is not None else Unknown(frozenset())


_MERGES: dict[tuple[frozenset[str], frozenset[str]], Unknown] = {}


def merge_two(a: Unknown, b: Unknown) -> Unknown:
    """Two unknowns merged: the one that already covers the other, or their union.

    Hot path of the explainer. The base unknowns of the facts are built once
    (situation/facts.py), so evaluations of similar situations merge the same pairs again;
    the result of each pair is kept, which turns most merges into one dictionary lookup on
    hashes that frozensets cache, and makes equal unknowns the same object, so the
    interning caches of the results (explanation/build.py) compare keys by identity."""
    if a is b:
        return a
    key = (a.missing, b.missing)
    hit = _MERGES.get(key)
    if hit is None:
        if b.missing <= a.missing:
            hit = a
        elif a.missing <= b.missing:
            hit = b
        else:
            hit = Unknown(a.missing | b.missing)
        if len(_MERGES) > 100_000:
            _MERGES.clear()
        _MERGES[key] = hit
    return hit
