"""The evaluation result: a pydantic model with stable, JSON-serialisable field names.

Case systems store and diff these; field names are English and stable, values that a
professional reads (titles, explanations, questions) are Dutch.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field

Status = Literal["eligible", "not_eligible", "undetermined", "applies", "does_not_apply"]
Truth = Optional[bool]  # None: unknown


class _R(BaseModel):
    model_config = ConfigDict(frozen=True)


class Citation(_R):
    text: str  # e.g. "art. 22a lid 1 Participatiewet"
    link: str


class MissingFact(_R):
    fact: str
    question: str


class ConditionResult(_R):
    id: str
    role: Literal["requirement", "exclusion", "exemption"]
    title: str
    value: Truth
    article: Citation
    missing: list[str]  # names of the facts that would settle it (questions: see the outcome)
    gate: bool = False  # the request or event the provision waits for (ruleset Condition.gate)


class DeviationPolicy(_R):
    deviable: bool
    ground: Optional[str] = None
    note: Optional[str] = None


class Amount(_R):
    title: str
    cents: Optional[int]
    missing: list[MissingFact]


class AppliedDeviation(_R):
    """A motivated deviation in force for this outcome: the outcome is shown both ways."""

    id: str
    ground: str
    status_without: str
    status_with: str
    amount_without_cents: Optional[int]
    amount_with_cents: Optional[int]
    ends_on: Optional[date]
    review_on: Optional[date]
    same_rule_version: bool
    basis_changed: list[str] = Field(
        default_factory=list, description="What changed in the rule's legal footing since the deviation ('grondslag gewijzigd')."
    )


class Outcome(_R):
    id: str
    version: str
    law: str
    type: Literal["benefit", "service", "obligation", "measure"]
    title: str
    status: Status
    article: Citation
    kind: str
    deviation: DeviationPolicy
    valid_from: date
    valid_to: Optional[date]
    explanation: str
    requirements: list[ConditionResult]
    exclusions: list[ConditionResult]
    exemptions: list[ConditionResult]
    amount: Optional[Amount] = None
    missing: list[MissingFact]
    applied_deviation: Optional[AppliedDeviation] = None


class ComputedValue(_R):
    id: str
    title: str
    value: Any  # None when unknown; money in cents
    type: str
    article: Citation
    summary: bool
    missing: list[str]


class LawResult(_R):
    law: str
    name: str
    outcomes: list[Outcome]
    computed: list[ComputedValue]  # the values the law's overview shows (summary); all of them with detail="full"
    # the edge of knowledge: "not_encoded" when crosslaw does not encode this law for the date
    # (then outcomes and computed are empty); the period it does encode
    status: Literal["encoded", "not_encoded"] = "encoded"
    covered_from: Optional[date] = None
    covered_until: Optional[date] = None  # None: open-ended (see the notices for amounts past their last verified date)


class SideResult(_R):
    law: str
    ref: Optional[str]
    role: str
    article: Citation
    finding: Optional[str]  # status of the referenced rule, or the computed value as text
    value: Truth


class LeverResult(_R):
    title: str
    explanation: str
    instrument: str
    article: Citation
    needs_deviation: bool
    mandate: Optional[str]
    target: Optional[str] = Field(
        None, description="The rule or computed value a deviation sets for this lever; only when it is deviable on the date."
    )
    target_kind: Optional[Literal["rule", "value"]] = None
    target_value: Optional[Union[bool, int, str]] = Field(
        None, description="The value (computed value) or outcome code (rule) the deviation typically sets."
    )
    ground: Optional[str] = Field(None, description="The ground the target may be deviated from on (its deviation policy).")
    effect_computed: Optional[bool] = Field(
        None, description="Whether crosslaw computes the deviation's monthly effect; False: the proposal must state it."
    )


class ConflictResult(_R):
    id: str
    version: str
    category: str
    category_title: str
    title: str
    explanation: str
    severity: Literal["hoog", "middel", "laag"]
    status: Literal["present", "possible"]  # possible: it depends on facts still missing
    article: Citation
    valid_from: date
    valid_to: Optional[date]
    sides: list[SideResult]
    triggers: list[ConditionResult]
    unless: list[ConditionResult]
    levers: list[LeverResult]
    missing: list[MissingFact]


class KnownAmount(_R):
    """A parameter value used past the last date it was verified for."""

    parameter: str
    title: str
    unit: Literal["money", "int", "decimal"]
    value: Any  # cents for money, a decimal as text
    valid_from: date  # the last known value holds since
    verified_until: date


class Notice(_R):
    """What the evaluation cannot vouch for on its date, in Dutch for the professional.

    kind: ``not_encoded`` (a law is not encoded for the date), ``conflict_not_encoded`` (a
    conflict depends on such a law and was not assessed), ``last_known_amounts`` (amounts
    past their last verified date: the last known ones are used)."""

    kind: Literal["not_encoded", "conflict_not_encoded", "last_known_amounts"]
    law: Optional[str] = None
    ids: list[str] = []
    message: str
    amounts: list[KnownAmount] = []


class OutcomeChange(_R):
    """One outcome a deviation moves: its status and monthly amount without and with it."""

    id: str
    title: str
    type: str
    status_without: str
    status_with: str
    amount_without_cents: Optional[int] = None  # the amount that is paid (or deducted): None when not eligible
    amount_with_cents: Optional[int] = None


class DeviationEffect(_R):
    """What a deviation from a computed value changes downstream (the counterfactual).

    ``redundant`` ("overbodig geworden"): without the deviation the value already is what the
    deviation sets, so on this date the law itself gives what the deviation gave."""

    id: str
    target: str
    target_title: str
    value_without: Any
    value_with: Any
    redundant: bool
    monthly_effect_cents: int
    outcomes: list[OutcomeChange]
    conflicts_gone: list[str]  # conflict ids present without the deviation, not with it
    conflicts_new: list[str]
    conflict_titles: dict[str, str] = {}
    basis_changed: list[str] = Field(
        default_factory=list, description="What changed in the value's legal footing since the deviation ('grondslag gewijzigd')."
    )


class Evaluation(_R):
    evaluation_date: date
    ruleset_digest: str
    crosslaw_version: str
    case_ref: Optional[str]
    situation_digest: str
    laws: list[LawResult]
    conflicts: list[ConflictResult]
    missing: list[MissingFact]
    notices: list[Notice] = []  # the edge of knowledge; empty on a date everything is encoded and verified for
    deviation_effects: list[DeviationEffect] = []  # value deviations in force: what they change downstream

    def outcome(self, rule_id: str) -> Outcome:
        for law in self.laws:
            for o in law.outcomes:
                if o.id == rule_id:
                    return o
        raise KeyError(rule_id)

    def statuses(self) -> dict[str, str]:
        return {o.id: o.status for law in self.laws for o in law.outcomes}
