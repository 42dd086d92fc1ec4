"""The running picture of an intake: after each answer, what that answer changed.

A line of counts per law says nothing about the answer just given. This says which outcomes
and conflicts changed ("Algemene bijstand: nog niet te bepalen → recht"), then how much is
still open, so the table hears the effect of every answer.
"""

from __future__ import annotations

from crosslaw.explanation.result import Evaluation
from crosslaw.presentation.words import NEGATIVE, POSITIVE, STATUS_CONFLICT_NL, STATUS_NL, playing

CONFLICT_NL = dict(STATUS_CONFLICT_NL, absent="speelt niet")


def totals(ev: Evaluation) -> str:
    """'3 van toepassing, 20 niet, 12 open · spanningen: 1 speelt, 4 mogelijk'."""
    outcomes = [o for law in ev.laws for o in law.outcomes]
    yes = sum(1 for o in outcomes if o.status in POSITIVE)
    no = sum(1 for o in outcomes if o.status in NEGATIVE)
    open_ = sum(1 for o in outcomes if o.status == "undetermined")
    present = sum(1 for c in ev.conflicts if c.status == "present")
    return f"{yes} van toepassing, {no} niet, {open_} open · spanningen: {playing(present, len(ev.conflicts) - present)}"


def changes(before: Evaluation, after: Evaluation, per_group: int = 3) -> list[str]:
    """What changed, grouped by transition: 'nog niet te bepalen → geen recht: Jeugdhulp, Wajong-uitkering (+4)'."""
    from crosslaw.presentation.text import short_title

    was = {o.id: o for law in before.laws for o in law.outcomes}
    groups: dict[str, list[str]] = {}
    for law in after.laws:
        for o in law.outcomes:
            b = was.get(o.id)
            if b is None:
                continue
            old_amount = b.amount.cents if b.amount else None
            new_amount = o.amount.cents if o.amount else None
            if b.status != o.status:
                groups.setdefault(f"{STATUS_NL[b.status]} → {STATUS_NL[o.status]}", []).append(short_title(o.title))
            elif old_amount != new_amount and o.status in POSITIVE:
                groups.setdefault("ander bedrag", []).append(short_title(o.title))
    before_c = {c.id: c for c in before.conflicts}
    after_c = {c.id: c for c in after.conflicts}
    for cid in list(after_c) + [k for k in before_c if k not in after_c]:
        old = before_c[cid].status if cid in before_c else "absent"
        new = after_c[cid].status if cid in after_c else "absent"
        if old != new:
            title = (after_c.get(cid) or before_c[cid]).title
            groups.setdefault(f"spanning {CONFLICT_NL[old]} → {CONFLICT_NL[new]}", []).append(title)
    out = []
    for transition, titles in groups.items():
        more = f" (+{len(titles) - per_group})" if len(titles) > per_group else ""
        out.append(f"{transition}: {', '.join(titles[:per_group])}{more}")
    return out


def progress_line(before: Evaluation | None, after: Evaluation) -> str:
    """What the last answer changed, then the totals; before the first answer only the totals."""
    if before is None:
        return f"Stand: {totals(after)}"
    changed = changes(before, after)
    what = "; ".join(changed) if changed else "geen uitkomst veranderd"
    return f"Dit antwoord: {what}.\n  Stand: {totals(after)}"
