"""Hypothesis strategies for situations: complete ones, and partial ones made by
blanking facts of a complete one (so the complete one is a known completion)."""

from __future__ import annotations

import copy
from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from crosslaw.situation.model import (
    AddressKind, DebtRelief, IncomeKind, InformalCare, Relation, ResidenceStatus, ViolationKind, WorkStatus,
)
from typing import get_args

# evaluation dates: the parameter change dates and their neighbours weigh heavily
KEY_DATES = [date(2025, 1, 1), date(2025, 6, 30), date(2025, 7, 1), date(2025, 12, 31), date(2026, 1, 1), date(2026, 6, 30)]
eval_dates = st.one_of(st.sampled_from(KEY_DATES), st.dates(date(2025, 1, 1), date(2026, 12, 31)))
# ages around every threshold the rules use (18, 21, 27, 67) and some in between
ages = st.one_of(st.sampled_from([0, 4, 5, 12, 17, 18, 20, 21, 26, 27, 40, 66, 67, 70]), st.integers(0, 90))
# amounts around the norms, limits and thresholds in cents
cents = st.one_of(
    st.sampled_from([0, 28500, 100000, 120000, 134545, 140150, 200213, 777000, 800000, 1554000, 6750000]),
    st.integers(0, 3_000_000),
)


def _literal(t: Any) -> st.SearchStrategy[str]:
    return st.sampled_from(list(get_args(t)))


@st.composite
def birth_date(draw: Any, on: date) -> str:
    age = draw(ages)
    days = draw(st.integers(0, 364))
    b = date(on.year - age, on.month, min(on.day, 28)) - timedelta(days=days)
    return min(b, on).isoformat()


@st.composite
def member(draw: Any, on: date) -> dict[str, Any]:
    return {
        "birth_date": draw(birth_date(on)),
        "relation": draw(_literal(Relation)),
        "study_finance_entitlement": draw(st.booleans()),
        "commercial_basis": draw(st.booleans()),
        "informal_care": draw(_literal(InformalCare)),
        "youth_care_in_progress": draw(st.booleans()),
        "intensive_care_needs": draw(st.booleans()),
        "formerly_married_to_applicant": draw(st.booleans()),
        "married_to_applicant_within_two_years": draw(st.booleans()),
        "child_together": draw(st.booleans()),
        "cohabitation_contract": draw(st.booleans()),
    }


@st.composite
def complete_situation(draw: Any) -> tuple[dict[str, Any], date]:
    on = draw(eval_dates)
    married = draw(st.booleans())
    joint = draw(st.booleans())
    s: dict[str, Any] = {
        "person": {
            "birth_date": draw(birth_date(on)),
            "residence_status": draw(_literal(ResidenceStatus)),
            "lives_in_netherlands": draw(st.booleans()),
            "municipality": draw(st.sampled_from(["Utrecht", "Zwolle", "Tilburg"])),
            "address_kind": draw(_literal(AddressKind)),
            "detained": draw(st.booleans()),
            "days_abroad_this_year": draw(st.sampled_from([0, 28, 29, 60, 91, 92])),
        },
        "household": {
            "married": married,
            "joint_household": joint,
            "partner_kinship": draw(st.sampled_from(["geen", "eerste_graad", "tweede_graad"])),
            "cohabitation_for_care": draw(st.booleans()),
            "partner": {
                "birth_date": draw(birth_date(on)),
                "residence_status": draw(_literal(ResidenceStatus)),
                "detained": draw(st.booleans()),
                "study_finance_entitlement": draw(st.booleans()),
            },  # always described: a partner may also be presumed (art. 3 lid 4) from a housemate
            "members": draw(st.lists(member(on), max_size=3)),
        },
        "income": draw(st.lists(st.fixed_dictionaries({
            "kind": _literal(IncomeKind), "monthly_net_cents": cents, "of_partner": st.booleans(),
        }), max_size=3)),
        "gifts": {"received_this_year_cents": draw(cents)},
        "assets": {"savings_cents": draw(cents), "other_cents": draw(cents), "home_equity_cents": draw(cents)},
        "debts": {"total_cents": draw(cents), "debt_relief": draw(_literal(DebtRelief))},
        "work": {
            "status": draw(_literal(WorkStatus)),
            "hours_per_week": draw(st.integers(0, 48)),
            "hours_lost_per_week": draw(st.integers(0, 48)),
            "weeks_worked_last_36": draw(st.integers(0, 36)),
            "years_with_208_hours_last_5": draw(st.integers(0, 5)),
            "work_history_years": draw(st.integers(0, 50)),
            "daily_wage_cents": draw(st.integers(0, 40000)),
            "available_for_work": draw(st.booleans()),
            "has_employer": draw(st.booleans()),
            "income_exemption_months_used": draw(st.integers(0, 12)),
        },
        "health": {
            "sick": draw(st.booleans()),
            "sick_since": (on - timedelta(days=draw(st.integers(0, 900)))).isoformat(),
            "work_capacity_loss_pct": draw(st.integers(0, 100)),
            "lasting": draw(st.booleans()),
            "fully_and_lastingly_incapacitated": draw(st.booleans()),
            "no_work_capacity_since_youth": draw(st.booleans()),
        },
        "education": {"in_education": draw(st.booleans()), "study_finance_entitlement": draw(st.booleans())},
        "care": {
            "zrm": {k: draw(st.integers(1, 5)) for k in [
                "financien", "werk_opleiding", "huisvesting", "huiselijke_relaties", "geestelijke_gezondheid",
                "lichamelijke_gezondheid", "middelengebruik", "adl", "sociaal_netwerk",
                "maatschappelijke_participatie", "justitie"]},
            "wlz_indication": draw(st.booleans()),
            "mental_health_support": draw(st.booleans()),
            "youth_care_in_progress": draw(st.booleans()),
            "youth_care_started_before_18": draw(st.booleans()),
            "informal_care_given_hours_per_week": draw(st.integers(0, 40)),
            "informal_care_received": draw(st.booleans()),
            "temporary_stay_for_informal_care": draw(st.booleans()),
        },
        "obligations": {
            "violations": draw(st.lists(st.fixed_dictionaries({
                "kind": _literal(ViolationKind), "date": st.just(on.isoformat()),
                "blame_absent": st.booleans(), "urgent_reasons": st.booleans(),
            }), max_size=2)),
            "fines": [],
            "recovery_in_progress": draw(st.booleans()),
        },
        "assessment": {
            "urgent_reasons_for_exemption": draw(st.booleans()),
            "single_parent_exemption_requested": draw(st.booleans()),
            "search_period_waived": draw(st.booleans()),
            "reported_on": on.isoformat(),
            "income_exemption_supports_work": draw(st.booleans()),
            "gifts_justified": draw(st.booleans()),
            "cannot_rely_on_parents": draw(st.booleans()),
        },
    }
    return s, on


def leaf_paths(data: Any, prefix: tuple = ()) -> list[tuple]:
    """Every path to a scalar or a list in ``data``: the things that can be unknown."""
    out: list[tuple] = []
    if isinstance(data, dict):
        for k, v in data.items():
            if isinstance(v, dict):
                out.extend(leaf_paths(v, prefix + (k,)))
            elif isinstance(v, list):
                out.append(prefix + (k,))
                for i, item in enumerate(v):
                    if isinstance(item, dict):
                        out.extend(leaf_paths(item, prefix + (k, i)))
            elif v is not None:
                out.append(prefix + (k,))
    return out


def blank(data: dict[str, Any], paths: list[tuple]) -> dict[str, Any]:
    out = copy.deepcopy(data)
    for path in paths:
        node: Any = out
        try:
            for p in path[:-1]:
                node = node[p]
            if isinstance(node, dict):
                node[path[-1]] = None
        except (KeyError, IndexError, TypeError):
            continue  # an ancestor was blanked already
    return out


def fact_name(path: tuple) -> str:
    """The fact name crosslaw reports for a blanked path: list items as name[i].field."""
    out = ""
    for p in path:
        if isinstance(p, int):
            out += f"[{p}]"
        else:
            out += ("." if out else "") + p
    return out


@st.composite
def partial_situation(draw: Any) -> tuple[dict[str, Any], dict[str, Any], date, list[tuple]]:
    """(complete, partial, date, blanked paths): partial is complete with some facts unknown."""
    complete, on = draw(complete_situation())
    paths = leaf_paths(complete)
    chosen = draw(st.lists(st.sampled_from(paths), max_size=8, unique=True))
    return complete, blank(complete, chosen), on, chosen
