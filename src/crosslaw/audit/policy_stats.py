"""Evidence for policy: how often professionals deviated from each rule or value, per quarter (or
month), with what total computed monthly effect and on which grounds.

A rule that is set aside every quarter, always on the same ground, is the signal a municipality
needs to change its own policy rule (or to ask for a change in the law). The effect is the one
recorded with each deviation: the engine's computation where it could make one (issue 12), the
professional's figure only where it could not.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from typing import Any, Iterable, Literal, Optional

Period = Literal["kwartaal", "maand"]


def period_of(day: date, period: Period) -> str:
    """``2026-K1`` for a quarter, ``2026-01`` for a month."""
    if period == "kwartaal":
        return f"{day.year}-K{(day.month - 1) // 3 + 1}"
    return day.strftime("%Y-%m")


def _proposed_on(d: Any) -> Optional[date]:
    return date.fromisoformat(d.history[0]["ts"][:10]) if d.history else None


def per_period(deviations: Iterable[Any], period: Period = "kwartaal") -> list[dict[str, Any]]:
    """One row per period and rule or value: count, the count per status, the total recorded
    monthly effect (of all and of the approved ones), the grounds and the laws. A deviation counts
    in the period it was proposed (the log's timestamp of its first entry)."""
    groups: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for d in deviations:
        day = _proposed_on(d) or d.on
        groups[(period_of(day, period), d.rule_id)].append(d)
    rows = []
    for (when, target), ds in groups.items():
        approved = [d for d in ds if d.status in ("approved", "expired") or any(h["kind"] == "approved" for h in d.history)]
        rows.append({
            "period": when,
            "target": target,
            "target_kind": getattr(ds[0], "target_kind", "rule"),
            "law": ds[0].law,
            "count": len(ds),
            "approved": len(approved),
            "per_status": dict(Counter(d.status for d in ds).most_common()),
            "monthly_effect_cents": sum(d.monthly_effect_cents for d in ds),
            "monthly_effect_cents_approved": sum(d.monthly_effect_cents for d in approved),
            "grounds": dict(Counter(d.ground for d in ds).most_common()),
        })
    return sorted(rows, key=lambda r: (r["period"], -r["count"], r["target"]))
