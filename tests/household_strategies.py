"""Hypothesis strategies for households: persons built from the single-person strategies (every
person-level fact known), with birth dates around the thresholds and random relations."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import strategies as st

from crosslaw.household.project import PERSON_SECTIONS
from crosslaw.situation.model import Situation
from strategies import _model, birth_date, eval_dates


@st.composite
def household_person(draw: Any, ref: str, on: date) -> dict[str, Any]:
    data = _model(draw, Situation, "", on)
    person: dict[str, Any] = {"ref": ref}
    for section in PERSON_SECTIONS:
        person[section] = data[section]
    person["person"]["birth_date"] = draw(birth_date(on))
    gifts = person["gifts"]  # this month's gifts are part of this year's (the model refuses more)
    if gifts.get("received_this_month_cents") is not None and gifts.get("received_this_year_cents") is not None:
        gifts["received_this_month_cents"] = min(gifts["received_this_month_cents"], gifts["received_this_year_cents"])
    person["income"] = [{k: v for k, v in i.items() if k != "of_partner"} for i in data["income"]]
    person["intensive_care_needs"] = draw(st.booleans())
    person["commercial_basis"] = draw(st.booleans())
    return person


@st.composite
def household(draw: Any, min_persons: int = 1, max_persons: int = 4) -> tuple[dict[str, Any], date]:
    on = draw(eval_dates)
    n = draw(st.integers(min_persons, max_persons))
    refs = [f"p{i}" for i in range(n)]
    persons = [draw(household_person(ref, on)) for ref in refs]
    relations: list[dict[str, Any]] = []
    rest = list(refs)
    if n >= 2 and draw(st.booleans()):
        a, b = rest[0], rest[1]
        relations.append({"type": "partner", "persons": [a, b], "married": draw(st.booleans()), "joint_household": True,
                          "partner_kinship": "geen", "cohabitation_for_care": draw(st.booleans())})
        rest = rest[2:] if n > 2 else []
        for child in rest:
            if draw(st.booleans()):
                relations.append({"type": "ouder", "parent": a, "child": child})
    elif n >= 2:
        for child in rest[1:]:
            if draw(st.booleans()):
                relations.append({"type": "ouder", "parent": rest[0], "child": child})
    if n >= 2 and draw(st.booleans()):
        giver, receiver = draw(st.permutations(refs))[:2]
        relations.append({"type": "mantelzorg", "giver": giver, "receiver": receiver})
    return {"case_ref": "eigenschap", "persons": persons, "relations": relations}, on
