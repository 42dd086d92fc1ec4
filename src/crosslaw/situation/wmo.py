"""Facts the Wmo 2015 turns on: the investigation after a melding (art. 2.3.2) as the
professional records it, and the need for support per life domain."""

from __future__ import annotations

from typing import Optional

from crosslaw.situation.base import SectionModel, fact


class Support(SectionModel):
    """Wmo 2015: what the onderzoek (art. 2.3.2 lid 4) established."""

    melding_done: Optional[bool] = fact("Is er een melding van een hulpvraag gedaan bij de gemeente?", "A melding was made (Wmo art. 2.3.2 lid 1).")
