"""A motivated deviation for one person of a household.

A deviation is recorded per case under a keyed pseudonym. In a household file the persons have
no BSN and share the household's case reference, so each person is a case of their own under
``<case_ref>/<ref>``: a deviation proposed for Samira never reaches Jayden. The deviation is
assessed on the person's own situation as the household pass sees it (``project``), and the
household evaluation sets it for that person only, so their amounts and the conflicts between
the persons move with it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from crosslaw.errors import CrosslawError
from crosslaw.household.model import HouseholdSituation
from crosslaw.household.project import project
from crosslaw.situation.model import Situation


def person_case_ref(h: HouseholdSituation, ref: str) -> str:
    """The case reference of one person of the household: ``<household case_ref>/<ref>``."""
    if not h.case_ref:
        raise CrosslawError("het huishouden heeft geen dossierreferentie (case_ref): die is nodig om een afwijking "
                            "voor één persoon vast te leggen")
    if ref not in h.by_ref():
        raise CrosslawError(f"persoon {ref!r} staat niet in het huishouden; kies uit {', '.join(h.by_ref())}")
    return f"{h.case_ref}/{ref}"


def person_situation(h: HouseholdSituation, ref: str) -> Situation:
    """The person's situation as the household pass evaluates it, under the person's own case."""
    case_ref = person_case_ref(h, ref)  # first: it names an unknown person in Dutch
    return project(h, ref).situation.model_copy(update={"case_ref": case_ref})


def person_deviations(service: Any, h: HouseholdSituation, on: date) -> dict[str, list[Any]]:
    """The deviations in force for each person (person ref -> list), for ``Engine.evaluate``."""
    if not h.case_ref:
        return {}
    return {p.ref: service.for_case(person_situation(h, p.ref), on) for p in h.persons}
