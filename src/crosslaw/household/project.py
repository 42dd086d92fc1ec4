"""Project a household onto one person: today's single-person situation as seen from that person.

The rules speak of "the applicant", their partner and the other members of the household. A
projection fills exactly those places from the persons' own facts and the relations, so the
derived household facts (alleenstaande ouder, kostendelers, who is jeugdige) are computed by the
rules themselves from the persons' birth dates: a birthday moves them by itself. The projection
also remembers where every projected fact came from, so a missing fact is reported as the fact of
the person it is about (``persons.jayden.care.youth_care_in_progress``), with a question that
names that person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Optional

from crosslaw.household.model import (
    CareRelation, HouseholdPerson, HouseholdSituation, HousemateRelation, KinRelation, ParentRelation, PartnerRelation,
)
from crosslaw.situation.facts import question_for
from crosslaw.situation.model import Situation

PERSON_SECTIONS = (
    "person", "gifts", "assets", "debts", "work", "health", "education", "care", "obligations",
    "assessment", "support", "youth", "employment", "assistance",
)
SUMMED = {"assets": ("savings_cents", "other_cents", "home_equity_cents"), "gifts": ("received_this_year_cents", "received_this_month_cents")}


@dataclass(frozen=True)
class Projection:
    """One person's view of the household, and the way back from its facts to the household's."""

    ref: str
    situation: Situation
    partner: Optional[str]
    members: tuple[str, ...]  # the ref of each household.members entry, in order
    own_income_items: int  # income[i] with i below this is the person's own, the rest the partner's
    names: dict[str, str]  # ref -> display name

    def fact_path(self, fact: str) -> str:
        """The household path of a projected fact (``household.members[0].birth_date`` -> ``persons.jayden.person.birth_date``)."""
        return _household_path(self, fact)

    def question(self, fact: str) -> str:
        """The projected fact's question, addressed to the person it is about."""
        return _personal_question(self, fact)


def _sum(a: Any, b: Any) -> Any:
    return None if a is None or b is None else a + b


def _relation_to(h: HouseholdSituation, me: str, other: str) -> Optional[str]:
    """What ``other`` is to ``me`` in the words of the member record."""
    if h.relations is None:
        return None
    parents_of: dict[str, set[str]] = {}
    for r in h.relations:
        if isinstance(r, ParentRelation):
            if r.parent == me and r.child == other:
                return "pleegkind" if r.foster else "kind"
            if r.parent == other and r.child == me:
                return "ouder"
            parents_of.setdefault(r.child, set()).add(r.parent)
    if parents_of.get(me, set()) & parents_of.get(other, set()):
        return "broer_of_zus"
    for r in h.relations:
        if isinstance(r, KinRelation) and set(r.persons) == {me, other}:
            return "overig_familielid"
    return "huisgenoot"


def _informal_care(h: HouseholdSituation, me: str, other: str) -> Optional[str]:
    if h.relations is None:
        return None
    for r in h.relations:
        if isinstance(r, CareRelation):
            if r.giver == other and r.receiver == me:
                return "geeft_zorg_aan_aanvrager"
            if r.giver == me and r.receiver == other:
                return "ontvangt_zorg_van_aanvrager"
    return "geen"


def _housemates(h: HouseholdSituation, me: str, other: str) -> Optional[HousemateRelation]:
    for r in h.relations or []:
        if isinstance(r, HousemateRelation) and set(r.persons) == {me, other}:
            return r
    return None


def partner_of(h: HouseholdSituation, ref: str) -> tuple[Optional[str], Optional[PartnerRelation]]:
    for r in h.relations or []:
        if isinstance(r, PartnerRelation) and ref in r.persons:
            return (r.persons[1] if r.persons[0] == ref else r.persons[0]), r
    return None, None


def _member(h: HouseholdSituation, me: str, q: HouseholdPerson) -> dict[str, Any]:
    hm = _housemates(h, me, q.ref)
    return {
        "birth_date": q.person.birth_date,
        "relation": _relation_to(h, me, q.ref),
        "study_finance_entitlement": q.education.study_finance_entitlement,
        "commercial_basis": q.commercial_basis,
        "informal_care": _informal_care(h, me, q.ref),
        "youth_care_in_progress": q.care.youth_care_in_progress,
        "intensive_care_needs": q.intensive_care_needs,
        "formerly_married_to_applicant": hm.formerly_married if hm else None,
        "married_to_applicant_within_two_years": hm.married_within_two_years if hm else None,
        "child_together": hm.child_together if hm else None,
        "cohabitation_contract": hm.cohabitation_contract if hm else None,
    }


def project(h: HouseholdSituation, ref: str) -> Projection:
    """The single-person situation of ``ref``: their facts as the applicant's, their partner as the
    partner, everyone else as members with the relation derived from the stated relations."""
    persons = h.by_ref()
    me = persons[ref]
    partner_ref, rel = partner_of(h, ref)
    partner = persons[partner_ref] if partner_ref else None
    data: dict[str, Any] = {"case_ref": h.case_ref, "peildatum": h.peildatum}
    for section in PERSON_SECTIONS:
        data[section] = getattr(me, section).model_dump(exclude_none=True)
    if partner is not None:
        for section, fields in SUMMED.items():
            mine, theirs = getattr(me, section), getattr(partner, section)
            data[section] = {f: _sum(getattr(mine, f), getattr(theirs, f)) for f in fields}
        data["debts"]["total_cents"] = _sum(me.debts.total_cents, partner.debts.total_cents)
    own = me.income
    if own is None or (partner is not None and partner.income is None):
        data["income"] = None
    else:
        data["income"] = [i.model_dump(exclude_none=True) for i in own]
        if partner is not None:
            data["income"] += [i.model_dump(exclude_none=True) | {"of_partner": True} for i in partner.income or []]
    household: dict[str, Any] = {}
    if rel is not None:
        household.update(married=rel.married, joint_household=rel.joint_household, partner_kinship=rel.partner_kinship,
                         cohabitation_for_care=rel.cohabitation_for_care)
        household["partner"] = {
            "birth_date": partner.person.birth_date,  # type: ignore[union-attr]
            "residence_status": partner.person.residence_status,  # type: ignore[union-attr]
            "detained": partner.person.detained,  # type: ignore[union-attr]
            "study_finance_entitlement": partner.education.study_finance_entitlement,  # type: ignore[union-attr]
        }
    elif h.relations is not None:
        household.update(married=False, joint_household=False)
    others = [p for p in h.persons if p.ref not in (ref, partner_ref)]
    household["members"] = [_member(h, ref, q) for q in others]
    data["household"] = household
    situation = Situation.model_validate(_drop_none(data))
    return Projection(
        ref=ref, situation=situation, partner=partner_ref, members=tuple(q.ref for q in others),
        own_income_items=len(own or []), names={p.ref: p.display_name() for p in h.persons},
    )


def _drop_none(v: Any) -> Any:
    if isinstance(v, dict):
        return {k: _drop_none(x) for k, x in v.items() if x is not None}
    if isinstance(v, list):
        return [_drop_none(x) for x in v]
    return v


_MEMBER = re.compile(r"^household\.members\[(\d+)\]\.(\w+)$")
_INCOME = re.compile(r"^income\[(\d+)\]\.(\w+)$")
_MEMBER_FIELD = {
    "birth_date": "person.birth_date",
    "age": "person.birth_date",
    "study_finance_entitlement": "education.study_finance_entitlement",
    "commercial_basis": "commercial_basis",
    "youth_care_in_progress": "care.youth_care_in_progress",
    "intensive_care_needs": "intensive_care_needs",
}
_HOUSEMATE_FIELD = {
    "formerly_married_to_applicant": "formerly_married",
    "married_to_applicant_within_two_years": "married_within_two_years",
    "child_together": "child_together",
    "cohabitation_contract": "cohabitation_contract",
}
_PARTNER_FIELD = {
    "birth_date": "person.birth_date",
    "age": "person.birth_date",
    "residence_status": "person.residence_status",
    "detained": "person.detained",
    "study_finance_entitlement": "education.study_finance_entitlement",
}


def _about(p: Projection, fact: str) -> tuple[str, Optional[str]]:
    """(household path, ref of the other person the fact is about, if any)."""
    m = _MEMBER.match(fact)
    if m:
        other = p.members[int(m[1])]
        target = _MEMBER_FIELD.get(m[2])
        if target:
            return f"persons.{other}.{target}", other
        if m[2] in _HOUSEMATE_FIELD:
            return f"relations.huisgenoten.{p.ref}.{other}.{_HOUSEMATE_FIELD[m[2]]}", other
        return "relations", other
    if fact.startswith("household.partner."):
        target = _PARTNER_FIELD.get(fact.removeprefix("household.partner."), "person")
        return f"persons.{p.partner}.{target}", p.partner
    if fact.startswith("household.") and p.partner and fact.count(".") == 1:
        return f"relations.partner.{p.ref}.{p.partner}.{fact.removeprefix('household.')}", p.partner
    if fact.startswith("household."):
        return "relations", p.partner
    m = _INCOME.match(fact)
    if m:
        i = int(m[1])
        if i >= p.own_income_items and p.partner:
            return f"persons.{p.partner}.income[{i - p.own_income_items}].{m[2]}", p.partner
        return f"persons.{p.ref}.{fact}", None
    return f"persons.{p.ref}.{fact}", None


def _item_number(p: Projection, fact: str, shown: str) -> int:
    """The item's number in its owner's own list (the partner's income follows the person's own)."""
    m = _INCOME.match(fact)
    if m and int(m[1]) >= p.own_income_items and p.partner:
        return int(m[1]) - p.own_income_items + 1
    return int(shown)


def _household_path(p: Projection, fact: str) -> str:
    return _about(p, fact)[0]


def _personal_question(p: Projection, fact: str) -> str:
    other = _about(p, fact)[1]
    me = p.names[p.ref]
    q = re.sub(r" \(huisgenoot \d+\)$", "", question_for(fact))
    owner = p.names[other] if other is not None else me
    q = re.sub(r" \((inkomstenbron|schending|boete) (\d+)\)$", lambda m: f" ({m[1]} {_item_number(p, fact, m[2])} van {owner})", q)
    q = q.replace("de aanvrager zelf", me).replace("De aanvrager", me).replace("de aanvrager", me)
    if other is not None:
        them = p.names[other]
        q = q.replace("deze huisgenoot", them).replace("Deze huisgenoot", them).replace("de partner", them).replace("De partner", them)
    return q
