"""Auditor views over the log: filters, statistics and exports (library first; the CLI prints them)."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any, Iterable, Optional

from crosslaw.deviation.model import Deviation


@dataclass(frozen=True)
class Filter:
    """Which deviations an auditor looks at; every field narrows, None means any."""

    since: Optional[date] = None
    until: Optional[date] = None
    law: Optional[str] = None
    rule: Optional[str] = None
    role: Optional[str] = None
    ground: Optional[str] = None
    status: Optional[str] = None

    def match(self, d: Deviation) -> bool:
        proposed = _proposed_on(d)
        return (
            (self.since is None or (proposed is not None and proposed >= self.since))
            and (self.until is None or (proposed is not None and proposed <= self.until))
            and (self.law is None or d.law == self.law)
            and (self.rule is None or d.rule_id == self.rule)
            and (self.role is None or d.proposer.role == self.role)
            and (self.ground is None or d.ground == self.ground)
            and (self.status is None or d.status == self.status)
        )


def _proposed_on(d: Deviation) -> Optional[date]:
    if not d.history:
        return None
    return date.fromisoformat(d.history[0]["ts"][:10])


def select(deviations: Iterable[Deviation], f: Filter) -> list[Deviation]:
    return sorted((d for d in deviations if f.match(d)), key=lambda d: d.history[0]["seq"] if d.history else 0)


def stats(deviations: Iterable[Deviation], top: int = 10) -> dict[str, Any]:
    """Counts per rule, law, ground, role, status and month, and the rules deviated from most:
    a rule that is set aside every week is a signal for policy."""
    ds = list(deviations)
    month = Counter((_proposed_on(d) or date.min).strftime("%Y-%m") for d in ds)
    per_rule = Counter(d.rule_id for d in ds)
    return {
        "total": len(ds),
        "per_rule": dict(per_rule.most_common()),
        "per_law": dict(Counter(d.law for d in ds).most_common()),
        "per_ground": dict(Counter(d.ground for d in ds).most_common()),
        "per_role": dict(Counter(d.proposer.role for d in ds).most_common()),
        "per_status": dict(Counter(d.status for d in ds).most_common()),
        "per_month": dict(sorted(month.items())),
        "top_rules": [{"rule": r, "count": n} for r, n in per_rule.most_common(top)],
        "monthly_effect_cents_in_force": sum(d.monthly_effect_cents for d in ds if d.status == "approved"),
    }


EXPORT_FIELDS = ["seq", "ts", "kind", "deviation_id", "case", "rule_id", "law", "ground", "role", "actor",
                 "status_without", "status_with", "monthly_effect_cents", "prev_hash", "hash", "payload"]


def entry_rows(entries: Iterable[Any], deviations: dict[str, Deviation]) -> list[dict[str, Any]]:
    """One row per log entry, with the deviation's key fields alongside for filtering in a spreadsheet."""
    rows = []
    for e in entries:
        d = deviations.get(e.deviation_id)
        actor = e.payload.get("actor") or {}
        rows.append({
            "seq": e.seq, "ts": e.ts, "kind": e.kind, "deviation_id": e.deviation_id, "case": e.case,
            "rule_id": d.rule_id if d else "", "law": d.law if d else "", "ground": d.ground if d else "",
            "role": actor.get("role", ""), "actor": actor.get("id", ""),
            "status_without": d.status_without if d else "", "status_with": d.status_with if d else "",
            "monthly_effect_cents": d.monthly_effect_cents if d else "",
            "prev_hash": e.prev_hash, "hash": e.hash,
            "payload": json.dumps(e.payload, sort_keys=True, ensure_ascii=False),
        })
    return rows


#: a cell starting with one of these is a formula to a spreadsheet (=HYPERLINK(...) and the like)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula, prefixed with ' so it is shown as text."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def to_csv(rows: list[dict[str, Any]]) -> str:
    """CSV for a spreadsheet; text that would start a formula is neutralised (OWASP: CSV injection)."""
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=EXPORT_FIELDS)
    w.writeheader()
    w.writerows({k: neutralise(v) for k, v in row.items()} for row in rows)
    return out.getvalue()
