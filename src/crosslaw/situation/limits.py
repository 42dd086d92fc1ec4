"""How big a situation may be: limits checked before a situation is validated or evaluated.

A situation describes one household. Lists far longer than any household has (tens of thousands of
income items, say) only serve to exhaust the host, so they are refused with a Dutch error naming
the field, before pydantic builds a single model. The same limits apply to a file (checked while
it is read, see ``crosslaw.ruleset.yamlsource``) and to data passed to the library.

=======================  ========  ==========================================================
limit                    value     why
=======================  ========  ==========================================================
file size                1 MB      a full household is a few kB
nesting depth            32        the model is at most six levels deep
``income``               200       income streams of one household (all members, all kinds)
``household.members``    50        people in one dwelling (an institution is one address kind)
``obligations.violations`` 500     recorded violations over many years
``obligations.fines``    500       fines over many years
any other list           1,000     every other list of the model
=======================  ========  ==========================================================
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Mapping

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 32
MAX_LIST = 1_000
MAX_ITEMS: Mapping[str, int] = {
    "income": 200,
    "household.members": 50,
    "obligations.violations": 500,
    "obligations.fines": 500,
}


_LEAVES = frozenset({str, int, bool, float, type(None)})


SMALLEST_LIST = min(MAX_LIST, *MAX_ITEMS.values())
_SCALARS = _LEAVES | {date, datetime, Decimal}


def _plainly_small(value: Any, depth: int) -> bool:
    """True when ``value`` certainly breaks no limit: plain dicts and lists only, no list longer
    than the smallest limit, well above the depth limit. The per-evaluation fast path: it builds
    no field paths; anything it is not sure of goes to the full walk. Recursion is bounded by
    the depth check."""
    if depth >= MAX_DEPTH - 1:
        return False
    cls = value.__class__
    if cls is dict:
        items = value.values()
    elif cls is list:
        if len(value) > SMALLEST_LIST:
            return False
        items = value
    else:
        return cls in _SCALARS  # a mapping or tuple of another type: the full walk decides
    for v in items:
        c = v.__class__
        if c is not str and c is not int and c is not bool and v is not None and not _plainly_small(v, depth + 1):
            return False
    return True


def problems(data: Any) -> list[tuple[str, str]]:
    """(field path, Dutch reason) for every limit ``data`` breaks."""
    return [] if _plainly_small(data, 0) else walk(data)


def walk(data: Any) -> list[tuple[str, str]]:
    """The full walk behind ``problems``: without recursion, with the field path of each problem."""
    found: list[tuple[str, str]] = []
    stack: list[tuple[Any, tuple[str, ...]]] = [(data, ())]
    while stack:
        value, path = stack.pop()
        if len(path) > MAX_DEPTH:
            found.append((".".join(path[:MAX_DEPTH]), f"te diep genest (meer dan {MAX_DEPTH} niveaus)"))
            continue
        # a plain leaf can break no limit unless it lies too deep: below the depth limit only
        # containers are walked (most of a situation's values are leaves)
        shallow = len(path) < MAX_DEPTH
        if value.__class__ is dict or isinstance(value, Mapping):
            stack.extend((v, path + (str(k),)) for k, v in value.items() if not (shallow and v.__class__ in _LEAVES))
        elif isinstance(value, (list, tuple)):
            name = ".".join(p for p in path if not p.isdigit())
            limit = MAX_ITEMS.get(name, MAX_LIST)
            if len(value) > limit:
                found.append((".".join(path), f"te veel elementen: {len(value)}, hoogstens {limit}"))
                continue
            stack.extend((v, path + (str(i),)) for i, v in enumerate(value) if not (shallow and v.__class__ in _LEAVES))
    return sorted(found)
