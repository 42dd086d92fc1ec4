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
    """Union of the missing facts of every unknown among ``values``.

    Hot path of the explainer: when one unknown already covers the others it is returned
    as is (they are immutable), so most merges allocate nothing."""
    found: Unknown | None = None
    for v in values:
        if v.__class__ is Unknown:
            if found is None:
                found = v
            elif v.missing <= found.missing:
                continue
            elif found.missing <= v.missing:
                found = v
            else:
                found = _union(found, v)
    return found if found is not None else Unknown(frozenset())


_UNIONS: dict[tuple[frozenset[str], frozenset[str]], Unknown] = {}


def _union(a: Unknown, b: Unknown) -> Unknown:
    """The unknown that misses the facts of both, shared between evaluations.

    The base unknowns of the facts are built once (situation/facts.py), so evaluations of
    similar situations meet the same pairs again; sharing their unions makes the missing
    sets the same objects every time, so the interning caches of the results
    (explanation/build.py) compare their keys by identity instead of element by element."""
    key = (a.missing, b.missing)
    hit = _UNIONS.get(key)
    if hit is None:
        hit = Unknown(a.missing | b.missing)
        if len(_UNIONS) > 100_000:
            _UNIONS.clear()
        _UNIONS[key] = hit
    return hit
