"""The household situation: persons with a stable ``ref``, each with their own facts, and the
relations between them stated once.

A person entry is today's single-person ``Situation`` without ``case_ref``, ``bsn``,
``peildatum`` and ``household`` (those belong to the household), plus the few facts that today
live on a member record. The layout is deliberately regular: every person has the same sections
with the same field names as the single-person file, so a columnar evaluator can read one column
per fact across all persons. Absent means unknown, as everywhere in crosslaw.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal, Optional, Union

from pydantic import Field, field_validator, model_validator

from crosslaw.situation.base import SectionModel, fact
from crosslaw.situation.bsn import is_valid_bsn
from crosslaw.situation.jeugd import Youth
from crosslaw.situation.model import (
    AssistanceCase, Assessment, Assets, Care, Debts, Education, Gifts, Health, IncomeStream, ObligationsHistory, Person, Work,
)
from crosslaw.situation.uwv import Employment
from crosslaw.situation.wmo import Support

REF_PATTERN = r"^[a-z][a-z0-9_-]{0,39}$"


class HouseholdPerson(SectionModel):
    """One person of the household, with the facts about that person only."""

    ref: str = Field(
        pattern=REF_PATTERN,
        description="Stable short name or pseudonym of the person within the case (kleine letters, cijfers, _ of -); never a BSN.",
    )
    name: Optional[str] = Field(None, max_length=60, description="Name to address the person by in questions; default: the ref with a capital.")
    person: Person = Field(default_factory=Person)
    income: Optional[list[IncomeStream]] = fact(
        "Welke inkomsten heeft deze persoon (soort en netto bedrag per maand)? Geef een lege lijst als geen.",
        "This person's own income streams; [] for none (a partner's income is on the partner).",
    )
    gifts: Gifts = Field(default_factory=Gifts)
    assets: Assets = Field(default_factory=Assets)
    debts: Debts = Field(default_factory=Debts)
    work: Work = Field(default_factory=Work)
    health: Health = Field(default_factory=Health)
    education: Education = Field(default_factory=Education)
    care: Care = Field(default_factory=Care)
    obligations: ObligationsHistory = Field(default_factory=ObligationsHistory)
    assessment: Assessment = Field(default_factory=Assessment)
    support: Support = Field(default_factory=Support)
    youth: Youth = Field(default_factory=Youth)
    employment: Employment = Field(default_factory=Employment)
    assistance: AssistanceCase = Field(default_factory=AssistanceCase)
    intensive_care_needs: Optional[bool] = fact(
        "Heeft deze persoon een intensieve zorgbehoefte (zoals intensieve jeugdhulp)?",
        "Needs intensive care that ties the others in the household (signal for exemptions).",
    )
    commercial_basis: Optional[bool] = fact(
        "Woont deze persoon er op commerciële basis (huur of kost en inwoning tegen een zakelijke prijs)?",
        "Lives in on a commercial basis; not a cost sharer of the others (Pw art. 22a lid 2).",
    )

    @field_validator("ref")
    @classmethod
    def _ref_is_no_bsn(cls, v: str) -> str:
        if any(ch.isdigit() for ch in v) and is_valid_bsn("".join(ch for ch in v if ch.isdigit())):
            raise ValueError("een persoonsreferentie mag geen BSN bevatten")
        return v

    def display_name(self) -> str:
        return self.name or self.ref[:1].upper() + self.ref[1:]


class PartnerRelation(SectionModel):
    """Two persons who are each other's partner (spouse, or the person a joint household is kept with)."""

    type: Literal["partner"]
    persons: tuple[str, str]
    married: Optional[bool] = fact(
        "Zijn deze twee gehuwd of geregistreerd partner (en niet duurzaam gescheiden)?",
        "Married or registered partnership, not permanently separated (Pw art. 3 lid 1, lid 2 onder b).",
    )
    joint_household: Optional[bool] = fact(
        "Voeren deze twee een gezamenlijke huishouding: hoofdverblijf in dezelfde woning en zorgen voor elkaar?",
        "Joint household in the sense of Pw art. 3 lid 3.",
    )
    partner_kinship: Optional[Literal["geen", "eerste_graad", "tweede_graad"]] = fact(
        "Zijn deze twee familie van elkaar, en zo ja in welke graad?", "Kinship between the partners (Pw art. 3 lid 2 onder a)."
    )
    cohabitation_for_care: Optional[bool] = fact(
        "Is een zorgbehoefte of mantelzorg de aanleiding om samen te wonen?",
        "Care need or informal care is the reason to live together (Pw art. 3 lid 2 onder a, from 2026).",
    )


class ParentRelation(SectionModel):
    """A parent and a child who live together."""

    type: Literal["ouder"]
    parent: str
    child: str
    foster: Optional[bool] = Field(False, description="A foster child (pleegkind) rather than an own child.")


class CareRelation(SectionModel):
    """Informal care (mantelzorg) given by one person of the household to another."""

    type: Literal["mantelzorg"]
    giver: str
    receiver: str


class KinRelation(SectionModel):
    """Two persons who are otherwise related (overig familielid)."""

    type: Literal["familie"]
    persons: tuple[str, str]


class HousemateRelation(SectionModel):
    """Facts about two housemates that make a joint household presumed (Pw art. 3 lid 4)."""

    type: Literal["huisgenoten"]
    persons: tuple[str, str]
    formerly_married: Optional[bool] = fact("Zijn deze twee ooit met elkaar gehuwd geweest?", "Pw art. 3 lid 4 onder a, until 2025.")
    married_within_two_years: Optional[bool] = fact(
        "Waren deze twee in de twee jaar voor de aanvraag met elkaar gehuwd?", "Pw art. 3 lid 4 onder a, from 2026."
    )
    child_together: Optional[bool] = fact("Hebben deze twee samen een kind?", "Pw art. 3 lid 4 onder b.")
    cohabitation_contract: Optional[bool] = fact(
        "Hebben deze twee een samenlevingscontract met een wederzijdse zorgplicht?", "Pw art. 3 lid 4 onder c."
    )


Relation = Annotated[
    Union[PartnerRelation, ParentRelation, CareRelation, KinRelation, HousemateRelation], Field(discriminator="type")
]


class HouseholdSituation(SectionModel):
    """A household: everyone who lives in the dwelling, and the relations between them."""

    case_ref: Optional[str] = Field(None, description="The case system's reference; never a BSN.", max_length=100)
    peildatum: Optional[date] = Field(None, description="Date the situation describes; the default evaluation date.")
    persons: list[HouseholdPerson] = Field(min_length=1, max_length=20, description="Everyone who lives in the dwelling.")
    relations: Optional[list[Relation]] = Field(
        None,
        max_length=200,
        description="Partner, parent/child, informal care, kinship and housemate relations, each stated once; [] for none. "
        "A person with no partner relation in a stated list has no partner.",
    )

    @field_validator("case_ref")
    @classmethod
    def _case_ref_is_no_bsn(cls, v: Optional[str]) -> Optional[str]:
        if v is not None and is_valid_bsn(v.strip()):
            raise ValueError("een dossierreferentie mag geen BSN zijn")
        return v

    @model_validator(mode="after")
    def _relations_name_persons(self) -> "HouseholdSituation":
        refs = [p.ref for p in self.persons]
        if len(refs) != len(set(refs)):
            raise ValueError(f"dubbele persoonsreferentie: {sorted({r for r in refs if refs.count(r) > 1})}")
        known = set(refs)
        partners: dict[str, str] = {}
        for i, r in enumerate(self.relations or []):
            named = list(getattr(r, "persons", ())) or [getattr(r, k) for k in ("parent", "child", "giver", "receiver") if hasattr(r, k)]
            unknown = [n for n in named if n not in known]
            if unknown:
                raise ValueError(f"relatie {i + 1} ({r.type}) noemt onbekende persoon {unknown[0]!r}")
            if len(set(named)) != len(named):
                raise ValueError(f"relatie {i + 1} ({r.type}) noemt dezelfde persoon twee keer")
            if isinstance(r, PartnerRelation):
                for a, b in (r.persons, r.persons[::-1]):
                    if a in partners and partners[a] != b:
                        raise ValueError(f"{a!r} heeft meer dan één partner")
                    partners[a] = b
        return self

    def by_ref(self) -> dict[str, HouseholdPerson]:
        return {p.ref: p for p in self.persons}
