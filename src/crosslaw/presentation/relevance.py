"""Which outcomes cannot apply to this person at all, whatever the other facts are.

Youth care at 34 or the search period for under-27s at 43 are decided by the birth date
alone. The short view folds them into one line per law instead of listing each with a
reason. The test is exact, not a guess from ids: the situation is evaluated with nothing
but the birth date, and what is already negative then can never become positive (more
facts never overturn a settled value in three-valued logic).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from crosslaw.presentation.words import NEGATIVE


def settled_by_age(engine: Any, situation: Any, on: date | None = None) -> frozenset[str]:
    """Ids of the outcomes that are negative for anyone born on this person's birth date."""
    person = getattr(situation, "person", None)
    birth = getattr(person, "birth_date", None)
    when = on or getattr(situation, "peildatum", None)
    if birth is None or when is None:
        return frozenset()
    ev = engine.evaluate({"peildatum": when.isoformat(), "person": {"birth_date": birth.isoformat()}}, on=when)
    return frozenset(o.id for law in ev.laws for o in law.outcomes if o.status in NEGATIVE)
