"""Facts the UWV laws (WW, ZW, WIA, Wajong, Toeslagenwet) turn on, beyond work and health."""

from __future__ import annotations

from typing import Optional

from crosslaw.situation.base import SectionModel, fact


class Employment(SectionModel):
    """Employee insurance facts: unemployment, wage, sickness benefits."""

    culpably_unemployed: Optional[bool] = fact("Is de werknemer verwijtbaar werkloos geworden?", "Verwijtbaar werkloos (WW art. 24 lid 1 onder a, lid 2).")
