"""The JSON Schema of what crosslaw reads: a single-person situation or a household."""

from __future__ import annotations

from typing import Any, Union

from pydantic import TypeAdapter

from crosslaw.household.model import HouseholdSituation
from crosslaw.situation.model import Situation


def situation_schema() -> dict[str, Any]:
    """Either shape validates: ``person`` (one resident, as always) or ``persons`` (a household)."""
    schema = TypeAdapter(Union[Situation, HouseholdSituation]).json_schema()
    schema["title"] = "crosslaw-situatie"
    schema["description"] = (
        "Een situatie van één inwoner (met 'person', zoals altijd) of van een huishouden (met 'persons': "
        "iedereen die in de woning woont, elk met een vaste 'ref' en de eigen feiten, en 'relations' die de "
        "partner-, ouder-kind-, mantelzorg- en familierelaties één keer noemen)."
    )
    return schema
