"""A deviation: what a professional asks to change for one resident, and why.

The justification follows the *omgekeerde toets*: the resident's situation, the purpose of
the rule, why applying it defeats that purpose here, and the alternatives considered.
Every part is required; a deviation without a complete motivation is refused. A deviation
on one of the proportionality grounds of the Awb (art. 3:4 lid 2, art. 4:84) must also
answer the question those articles ask: are the consequences for the resident
disproportionate to the purpose of the rule?
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, model_validator

from crosslaw.ruleset.model import Ground

MIN_PART = 20  # characters: a part of a justification is a sentence, not a keyword

JUSTIFICATION_NL = {
    "situation": "de situatie van de inwoner",
    "purpose": "het doel van de regel",
    "defeats_purpose": "waarom toepassing hier het doel voorbijschiet",
    "alternatives": "welke alternatieven zijn overwogen",
}

#: Grounds that are a proportionality test, with the article that sets it.
PROPORTIONALITY_GROUNDS = {
    "awb_3_4": "art. 3:4 lid 2 Awb",
    "awb_4_84": "art. 4:84 Awb",
}
PROPORTIONALITY_NL = (
    "de evenredigheidsafweging: waarom de gevolgen voor de inwoner onevenredig zijn in verhouding tot het doel van de regel"
)

Status = Literal["proposed", "approved", "rejected", "revoked", "expired"]


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Justification(_M):
    situation: str = ""
    purpose: str = ""
    defeats_purpose: str = ""
    alternatives: str = ""
    proportionality: str = Field(
        "", description="Why the consequences for the resident are disproportionate to the purpose of the rule "
        "(required on the grounds awb_3_4 and awb_4_84)."
    )

    def missing_parts(self, ground: str | None = None) -> list[str]:
        """The Dutch names of the parts that are missing; ``ground`` adds the parts it requires."""
        missing = [JUSTIFICATION_NL[k] for k in JUSTIFICATION_NL if len(getattr(self, k).strip()) < MIN_PART]
        if ground in PROPORTIONALITY_GROUNDS and len(self.proportionality.strip()) < MIN_PART:
            missing.append(f"{PROPORTIONALITY_NL} (vereist bij grond {ground}, {PROPORTIONALITY_GROUNDS[ground]})")
        return missing


class Actor(_M):
    id: str = Field(min_length=1, description="The professional's identifier in the case system.")
    role: str = Field(min_length=1, description="A role of the mandate register.")


class DeviationRequest(_M):
    """What a professional proposes. ``status_with``/``amount_with_cents`` is the outcome wanted."""

    rule_id: str = Field(description="The deviable rule, or the deviable computed value (see ``value_with``).")
    on: date = Field(description="The evaluation date the deviation is assessed on.")
    status_with: Optional[str] = Field(None, description="The outcome wanted, for a rule.")
    value_with: Optional[Union[bool, int]] = Field(
        None, description="The value wanted, for a computed value: true/false, or a number (money in cents)."
    )
    amount_with_cents: Optional[int] = Field(None, ge=0)
    monthly_effect_cents: Optional[int] = Field(
        None, ge=0,
        description="A typed monthly effect: only a note when the engine can compute the effect (the mandate is "
        "checked against the larger of the two), required when it cannot.",
    )
    ground: Ground
    justification: Justification
    actor: Actor
    review_on: Optional[date] = None
    ends_on: Optional[date] = None


class DecisionTarget(_M):
    """One target of a decision with several: the rule (outcome) or computed value (value) it sets."""

    rule_id: str
    ground: Ground
    status_with: Optional[str] = None
    value_with: Optional[Union[bool, int]] = None
    amount_with_cents: Optional[int] = Field(None, ge=0)
    monthly_effect_cents: Optional[int] = Field(None, ge=0, description="Only where the engine cannot compute the effect.")


class DecisionRequest(_M):
    """One motivated decision with several targets (e.g. care first: no sanction under the
    Participatiewet and Wmo support not deferred to the Zvw): one justification, one proposer,
    one period; each target checked against its own deviation policy and mandate."""

    targets: list[DecisionTarget] = Field(min_length=2)
    on: date
    justification: Justification
    actor: Actor
    review_on: Optional[date] = None
    ends_on: Optional[date] = None

    @model_validator(mode="after")
    def _distinct(self) -> "DecisionRequest":
        ids = [t.rule_id for t in self.targets]
        if len(set(ids)) != len(ids):
            raise ValueError("een besluit noemt elk doel één keer")
        return self

    def request_for(self, target: DecisionTarget) -> DeviationRequest:
        return DeviationRequest(
            rule_id=target.rule_id, on=self.on, status_with=target.status_with, value_with=target.value_with,
            amount_with_cents=target.amount_with_cents, monthly_effect_cents=target.monthly_effect_cents,
            ground=target.ground, justification=self.justification, actor=self.actor,
            review_on=self.review_on, ends_on=self.ends_on,
        )


class Deviation(_M):
    """A deviation as the log records it (folded from its entries)."""

    id: str
    case: str  # keyed pseudonym
    rule_id: str
    rule_version: str
    law: str
    ground: str
    status: Status
    status_without: str
    status_with: str
    amount_without_cents: Optional[int]
    amount_with_cents: Optional[int]
    monthly_effect_cents: int
    justification: Justification
    proposer: Actor
    approver: Optional[Actor] = None
    four_eyes: bool
    mandate: dict[str, Any]
    on: date
    review_on: Optional[date] = None
    ends_on: Optional[date] = None
    situation_digest: str
    ruleset_digest: str
    target_kind: Literal["rule", "value"] = "rule"
    value_without: Optional[Union[bool, int]] = None
    value_with: Optional[Union[bool, int]] = None
    typed_effect_cents: Optional[int] = None
    effect: Optional[dict[str, Any]] = Field(None, description="The engine's comparison without/with (DeviationEffect).")
    basis: Optional[dict[str, Any]] = Field(
        None, description="The target's legal footing when assessed (version, article, ground, room): "
        "evaluation compares it with the footing on the peildatum ('grondslag gewijzigd', deviation/review.py)."
    )
    decision: Optional[dict[str, Any]] = Field(
        None, description="For one decision with several targets: its id, the member deviations and their targets."
    )
    history: list[dict[str, Any]] = Field(default_factory=list)

    def in_force(self, on: date) -> bool:
        return self.status == "approved" and (self.ends_on is None or on <= self.ends_on)
