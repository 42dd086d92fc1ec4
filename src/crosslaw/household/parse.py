"""Validating raw data into a household, with the same Dutch errors as a single-person situation."""

from __future__ import annotations

from typing import Any, Mapping

from pydantic import ValidationError

from crosslaw.errors import SituationError
from crosslaw.household.model import HouseholdSituation


def is_household(data: Any) -> bool:
    """A household is recognised by its ``persons`` list (a single-person file has ``person``)."""
    return isinstance(data, HouseholdSituation) or (isinstance(data, Mapping) and "persons" in data)


def parse_household(data: HouseholdSituation | Mapping[str, Any], source: str | None = None) -> HouseholdSituation:
    """Validate a household; errors name each field path (``persons.1.care.youth_care_in_progress``)."""
    from crosslaw.situation import _reason

    if isinstance(data, HouseholdSituation):
        return data
    try:
        return HouseholdSituation.model_validate(data)
    except ValidationError as e:
        problems = []
        for err in e.errors():
            loc = [str(p) for p in err["loc"] if not str(p).endswith("Relation")]  # the union member tag adds nothing
            problems.append((".".join(loc), _reason(err)))
        raise SituationError(problems, source) from None
