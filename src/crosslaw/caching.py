"""A cache bounded by the size of what it holds, not by its number of entries.

The interning caches of the per-resident path (merged unknowns, result parts) keep entries
whose size depends on the input: an unknown merged over a 200-item income list names 400
facts, one over a single fact names one. A cap on the number of entries then bounds nothing
(50,000 entries of 400 facts each is gigabytes), so every entry here carries a weight (the
number of facts, conditions, ... it holds) and the cache keeps the total weight under a
limit. When an insertion passes the limit, the older half of the entries is dropped in one
pass (the newest entries, up to half the limit, stay): amortised O(1) per insertion, no
per-hit bookkeeping on the hot path, and a steady state that looks like the early phase.

Thread safety: readers see either the old or the new dictionary (one attribute store under
the GIL); two writers racing may drop an entry too many or count one weight twice, which only
costs a later miss.
"""

from __future__ import annotations

import functools
import weakref
from typing import Any, Callable, Generic, Hashable, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class BoundedCache(Generic[K, V]):
    """``get``/``put`` with a total weight limit (see the module docstring)."""

    __slots__ = ("limit", "total", "data")

    def __init__(self, limit: int) -> None:
        if limit < 1:
            raise ValueError("limit must be positive")
        self.limit = limit
        self.total = 0
        self.data: dict[K, tuple[V, int]] = {}

    def get(self, key: K) -> V | None:
        hit = self.data.get(key)
        return None if hit is None else hit[0]

    def put(self, key: K, value: V, weight: int = 1) -> V:
        """Store ``value`` (returned, for chaining). An entry heavier than half the limit is
        not stored at all: it would push out everything else for one hit."""
        weight = max(1, weight)
        if weight * 2 > self.limit:
            return value
        data = self.data
        old = data.pop(key, None)  # a replaced entry counts as the newest
        if old is not None:
            self.total -= old[1]
        data[key] = (value, weight)
        self.total += weight
        if self.total > self.limit:
            self._shrink()
        return value

    def _shrink(self) -> None:
        keep: list[tuple[K, tuple[V, int]]] = []
        total = 0
        half = self.limit // 2
        for key, entry in reversed(list(self.data.items())):  # newest first
            if total + entry[1] > half:
                break
            keep.append((key, entry))
            total += entry[1]
        keep.reverse()
        self.data = dict(keep)
        self.total = total

    def clear(self) -> None:
        self.data = {}
        self.total = 0

    def __len__(self) -> int:
        return len(self.data)


def per_owner(maxsize: int = 256) -> Callable[[Callable[..., V]], Callable[..., V]]:
    """Like ``functools.lru_cache`` for a function whose first argument owns the result (a
    rule set), but the cache lives and dies with that owner (a weak-keyed registry): an
    ``lru_cache`` keyed on a rule set keeps up to ``maxsize`` dropped rule sets alive, and
    with them every rule, network and interned result part they hold. At most ``maxsize``
    results are kept per owner (all dropped at once past that: the per-date tables it is
    used for are keyed by a handful of periods). The other arguments must be hashable."""

    def decorate(fn: Callable[..., V]) -> Callable[..., V]:
        registry: weakref.WeakKeyDictionary[Any, dict[Any, V]] = weakref.WeakKeyDictionary()

        @functools.wraps(fn)
        def cached(owner: Any, *args: Any) -> V:
            cache = registry.get(owner)
            if cache is None:
                cache = registry[owner] = {}
            try:
                return cache[args]
            except KeyError:
                pass
            value = fn(owner, *args)
            if len(cache) >= maxsize:
                cache.clear()
            cache[args] = value
            return value

        cached.cache_clear = registry.clear  # type: ignore[attr-defined]
        return cached

    return decorate
