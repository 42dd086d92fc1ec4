"""The evaluation of a household: one per-person evaluation in today's shape, and the conflicts
between persons, each naming the persons on its sides. JSON-serialisable with stable English
field names, like the single-person ``Evaluation``."""

from __future__ import annotations

from datetime import date
from typing import Optional

from pydantic import BaseModel, ConfigDict

from crosslaw.explanation.result import Citation, ConflictResult, Evaluation, SideResult


class _R(BaseModel):
    model_config = ConfigDict(frozen=True)


class NotConcerned(_R):
    """A law left out for this person, and why it cannot concern them."""

    law: str
    name: str
    reason: str
    article: Citation


class PersonEvaluation(_R):
    ref: str
    name: str
    age: Optional[int]  # at the evaluation date; None when the birth date is unknown
    not_concerned: list[NotConcerned]
    evaluation: Evaluation  # the laws that concern this person, fact names as seen from this person


class PersonSide(SideResult):
    person: str  # the ref of the person whose finding this side is
    person_role: str  # ouder, kind, partner, ...


class HouseholdConflict(ConflictResult):
    """A conflict between two persons of the household."""

    between: str  # ouder_kind | partners | huisgenoten | mantelzorg
    persons: dict[str, str]  # role -> person ref
    sides: list[PersonSide]  # type: ignore[assignment]


class HouseholdMissingFact(_R):
    fact: str  # household path, e.g. persons.jayden.care.youth_care_in_progress
    question: str  # addressed to the person it is about
    persons: list[str]  # whose outcomes or conflicts wait for it


class HouseholdEvaluation(_R):
    evaluation_date: date
    ruleset_digest: str
    crosslaw_version: str
    case_ref: Optional[str]
    situation_digest: str
    persons: list[PersonEvaluation]
    conflicts: list[HouseholdConflict]
    missing: list[HouseholdMissingFact]

    def person(self, ref: str) -> Evaluation:
        """The evaluation of one person (the same shape as a single-person evaluation)."""
        for p in self.persons:
            if p.ref == ref:
                return p.evaluation
        raise KeyError(ref)

    def conflicts_of(self, ref: str) -> list[HouseholdConflict]:
        """The conflicts between persons that have ``ref`` on one of their sides."""
        return [c for c in self.conflicts if ref in c.persons.values()]
