"""Validating raw data into a household, with the same Dutch errors as a single-person situation."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, Mapping

from pydantic import ValidationError

from crosslaw.errors import SituationError

if TYPE_CHECKING:
    from crosslaw.household.model import HouseholdSituation


def is_household(data: Any) -> bool:
    """A household is recognised by its ``persons`` list (a single-person file has ``person``).

    Does not import the household model: until something has, no value can be one (this keeps
    its classes out of a single-person evaluation's start-up)."""
    if isinstance(data, Mapping):
        return "persons" in data
    model = sys.modules.get("crosslaw.household.model")
    return model is not None and isinstance(data, model.HouseholdSituation)


def parse_household(data: "HouseholdSituation | Mapping[str, Any]", source: str | None = None) -> "HouseholdSituation":
    """Validate a household; errors name each field path (``persons.1.care.youth_care_in_progress``)."""
    from crosslaw.household.model import HouseholdSituation
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
