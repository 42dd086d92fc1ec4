"""Three-valued values: a known Python value, or ``Unknown`` carrying the facts it lacks.

An unknown value remembers *which* base facts were missing, so the explainer can turn
an undetermined outcome straight into the questions that would settle it.
"""

from __future__ import annotations

from typing import Any

from crosslaw.caching import BoundedCache


class Unknown(frozenset):  # type: ignore[type-arg]
    """A value that cannot be known yet; ``missing`` names the base facts it waits for.

    It *is* the set of those facts (a frozenset), so hashing and comparing one, which the
    explainer's memo (engine/memo.py) does for every unknown fact a step reads, runs in C with
    the hash frozensets cache, not through a Python ``__hash__``: about a tenth of the look-up
    cost. ``missing`` is the plain frozenset it was made from (shared with the interning caches).
    Values of the fact environment are never sets, so being equal to a frozenset of the same
    facts confuses nothing."""

    __slots__ = ("missing",)

    def __new__(cls, missing: frozenset[str] = frozenset()) -> "Unknown":
        self = frozenset.__new__(cls, missing)
        self.missing = missing
        return self

    def __repr__(self) -> str:
        return f"Unknown({sorted(self.missing)})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (Unknown, (self.missing,))

    def __bool__(self) -> bool:  # pragma: no cover - guard against silent misuse
        raise TypeError("Unknown has no truth value; use is_unknown()")


def is_unknown(value: Any) -> bool:
    return isinstance(value, Unknown)


def facts_named(values: Any) -> int:
    """How many facts the unknowns among ``values`` (one value or a tuple) name: the weight they
    add to a bounded cache that keeps them alive. The explainer's memo (engine/memo.py) counts the
    unknowns of its keys too, as an entry keeps them alive after the interning caches have let them
    go: without that, long lists of unknown items (benchmarks/bench_rss.py) grew the memo past 100 MB."""
    if values.__class__ is tuple:
        return sum([len(v) for v in values if v.__class__ is Unknown])
    return len(values) if values.__class__ is Unknown else 0


EMPTY = Unknown(frozenset())  # unknown without a named fact (a law not encoded, a missing version)

# Equal unknowns are made the same object where cheap, so the interning caches of the results
# (explanation/build.py) mostly compare keys by identity. Both caches are bounded by the number
# of facts they hold (crosslaw.caching): an unknown merged over a long list names hundreds of
# facts, and a cap on entries alone let 50,000 such entries take gigabytes.
_MERGES: BoundedCache[tuple[frozenset[str], frozenset[str]], Unknown] = BoundedCache(100_000)
_UNKNOWNS: BoundedCache[frozenset[str], Unknown] = BoundedCache(100_000)
SMALL = 64  # merges of at most this many facts in all are remembered per pair


def interned(missing: frozenset[str]) -> Unknown:
    """The shared ``Unknown`` for ``missing`` (a new one once the cache has forgotten it)."""
    hit = _UNKNOWNS.get(missing)
    if hit is None:
        hit = _UNKNOWNS.put(missing, Unknown(missing), len(missing))
    return hit


def merge_unknown(*values: Any) -> Unknown:
    """Union of the missing facts of every unknown among ``values``.

    Linear in the total number of facts: two unknowns go through ``merge_two``; more (the
    items of a list under a quantifier, a sum) are united in one pass, never pairwise, so a
    200-item list costs 200 steps and no intermediate sets."""
    found: Unknown | None = None
    more: list[Unknown] | None = None
    for v in values:
        if v.__class__ is Unknown and v is not found:
            if found is None:
                found = v
            elif more is None:
                more = [v]
            else:
                more.append(v)
    if found is None:
        return EMPTY
    if more is None:
        return found
    if len(more) == 1:
        return merge_two(found, more[0])
    first = found.missing
    union = first.union(*[u.missing for u in more])
    return found if len(union) == len(first) else interned(union)


def merge_two(a: Unknown, b: Unknown) -> Unknown:
    """Two unknowns merged: the one that already covers the other, or their union.

    Hot path of the explainer. The base unknowns of the facts are built once
    (situation/facts.py), so evaluations of similar situations merge the same pairs again;
    the result of each small pair is kept, which turns most merges into one dictionary
    lookup on hashes that frozensets cache. Large pairs are merged directly (linear)."""
    if a is b:
        return a
    am, bm = a.missing, b.missing
    small = len(am) + len(bm) <= SMALL
    if small:
        key = (am, bm)
        entry = _MERGES.data.get(key)  # BoundedCache.get without the call (hot path)
        if entry is not None:
            return entry[0]
    if bm <= am:
        hit = a
    elif am <= bm:
        hit = b
    else:
        hit = interned(am | bm)
    if small:
        _MERGES.put(key, hit, len(am) + len(bm))
    return hit
