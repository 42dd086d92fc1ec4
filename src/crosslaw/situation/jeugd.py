"""Facts the Jeugdwet turns on, about the resident as (former) jeugdige."""

from __future__ import annotations

from typing import Optional

from crosslaw.situation.base import SectionModel, fact


class Youth(SectionModel):
    """Jeugdwet: the resident's need for jeugdhulp and its history."""

    needs_youth_care: Optional[bool] = fact(
        "Is er jeugdhulp nodig vanwege opgroei- of opvoedingsproblemen, psychische problemen of stoornissen?",
        "Need for jeugdhulp (Jeugdwet art. 2.3 lid 1).",
    )
