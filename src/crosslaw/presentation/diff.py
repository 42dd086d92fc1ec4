"""What changes for one resident between two dates, as Dutch text (the model is ``explanation/diff.py``)."""

from __future__ import annotations

from typing import Optional

from crosslaw.explanation.diff import Diff
from crosslaw.presentation.words import STATUS_NL, dutch_date, euro


def change_value(value: Optional[str], kind: str, value_type: Optional[str] = None) -> str:
    """One side of a change ('before' or 'after') in Dutch: a status with its amount, a conflict state,
    a sum of money or a yes/no; the same words for one resident and for a household."""
    if value is None:
        return "(geldt niet)"
    if kind == "outcome":
        status, _, cents = value.partition(" ")
        return STATUS_NL.get(status, status) + (f" {euro(int(cents))}" if cents else "")
    if kind == "conflict":
        return {"present": "speelt", "possible": "speelt mogelijk", "absent": "speelt niet"}.get(value, value)
    if value_type == "money" and value.lstrip("-").isdigit():
        return euro(int(value))
    return {"True": "ja", "False": "nee", "None": "onbekend"}.get(value, value)


def render_diff(diff: Diff) -> str:
    show = change_value
    lines = [f"Wat verandert er tussen {dutch_date(diff.date_from)} en {dutch_date(diff.date_to)}?", ""]
    if not diff.changes:
        lines.append("Niets: elke uitkomst, berekening en spanning is gelijk.")
    titles = {"outcome": "Uitkomsten", "computed": "Berekeningen", "conflict": "Spanningen tussen de wetten"}
    for kind in ("outcome", "computed", "conflict"):
        group = [c for c in diff.changes if c.kind == kind]
        if not group:
            continue
        lines.append(titles[kind])
        for c in group:
            lines.append(f"  • {c.title} ({c.law}): {show(c.before, kind, c.value_type)} → {show(c.after, kind, c.value_type)}")
            if c.rule_changed and c.article_before != c.article_after:
                lines.append(f"      andere regel: {c.article_before or '-'} → {c.article_after or '-'}")
            elif c.rule_changed:
                lines.append("      andere versie van de regel")
        lines.append("")
    return "\n".join(lines).rstrip()
