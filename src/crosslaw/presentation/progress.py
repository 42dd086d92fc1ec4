"""The running picture of an intake: after each answer, what that answer changed.

A line of counts per law says nothing about the answer just given. This says which outcomes
and conflicts changed ("Algemene bijstand: nog niet te bepalen → recht"), then how much is
still open, so the table hears the effect of every answer.
"""

from __future__ import annotations

from crosslaw.explanation.result import Evaluation
from crosslaw.presentation.words import NEGATIVE, POSITIVE, STATUS_CONFLICT_NL, STATUS_NL

CONFLICT_NL = dict(STATUS_CONFLICT_NL, absent="speelt niet")


def totals(ev: Evaluation) -> str:
    """'3 van toepassing, 20 niet, 12 open · spanningen: 1 speelt, 4 mogelijk'."""
    outcomes = [o for law in ev.laws for o in law.outcomes]
    yes = sum(1 for o in outcomes if o.status in POSITIVE)
    no = sum(1 for o in outcomes if o.status in NEGATIVE)
    open_ = sum(1 for o in outcomes if o.status == "undetermined")
    present = sum(1 for c in ev.conflicts if c.status == "present")
    return f"{yes} van toepassing, {no} niet, {open_} open · spanningen: {present} spelen, {len(ev.conflicts) - present} mogelijk"


def changes(before: Evaluation, after: Evaluation, limit: int = 4) -> list[str]:
    """The outcomes and conflicts whose status or amount changed, as 'title: was → is'."""
    was = {o.id: o for law in before.laws for o in law.outcomes}
    out = []
    for law in after.laws:
        for o in law.outcomes:
            b = was.get(o.id)
            if b is None or (b.status, b.amount and b.amount.cents) == (o.status, o.amount and o.amount.cents):
                continue
            out.append(f"{o.title}: {STATUS_NL[b.status]} → {STATUS_NL[o.status]}")
    before_c = {c.id: c.status for c in before.conflicts}
    after_c = {c.id: c for c in after.conflicts}
    for cid in list(after_c) + [k for k in before_c if k not in after_c]:
        old, new = before_c.get(cid, "absent"), after_c[cid].status if cid in after_c else "absent"
        if old != new:
            title = after_c[cid].title if cid in after_c else next(c.title for c in before.conflicts if c.id == cid)
            out.append(f"spanning '{title}': {CONFLICT_NL[old]} → {CONFLICT_NL[new]}")
    if len(out) > limit:
        out = out[:limit] + [f"en nog {len(out) - limit} wijziging(en)"]
    return out


def progress_line(before: Evaluation | None, after: Evaluation) -> str:
    """What the last answer changed, then the totals; before the first answer only the totals."""
    if before is None:
        return f"Stand: {totals(after)}"
    changed = changes(before, after)
    what = "; ".join(changed) if changed else "geen uitkomst veranderd"
    return f"Dit antwoord: {what}. Stand: {totals(after)}"
