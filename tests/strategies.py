"""Hypothesis strategies for situations: complete ones, and partial ones made by
blanking facts of a complete one (so the complete one is a known completion)."""

from __future__ import annotations

import copy
import types
import typing
from datetime import date, timedelta
from typing import Any, Literal, get_args, get_origin

from hypothesis import strategies as st
from pydantic import BaseModel

from crosslaw.situation.base import MONEY
from crosslaw.situation.model import Situation

# evaluation dates: the parameter change dates and their neighbours weigh heavily
KEY_DATES = [date(2025, 1, 1), date(2025, 6, 30), date(2025, 7, 1), date(2025, 12, 31), date(2026, 1, 1), date(2026, 6, 30),
             date(2026, 12, 31), date(2027, 1, 1)]  # Pw art. 24a takes effect on 2027-01-01
eval_dates = st.one_of(st.sampled_from(KEY_DATES), st.dates(date(2025, 1, 1), date(2027, 6, 30)))
# ages around every threshold the rules use (18, 21, 27, 67) and some in between
ages = st.one_of(st.sampled_from([0, 4, 5, 12, 17, 18, 20, 21, 26, 27, 40, 66, 67, 70]), st.integers(0, 90))
# amounts around the norms, limits and thresholds in cents
cents = st.one_of(
    st.sampled_from([0, 28500, 100000, 120000, 134545, 140150, 200213, 777000, 800000, 1554000, 6750000]),
    st.integers(0, 3_000_000),
)


@st.composite
def birth_date(draw: Any, on: date) -> str:
    age = draw(ages)
    days = draw(st.integers(0, 364))
    b = date(on.year - age, on.month, min(on.day, 28)) - timedelta(days=days)
    return min(b, on).isoformat()


# Field-specific strategies where a generic one would miss the thresholds rules use.
SPECIAL: dict[str, Any] = {
    "person.days_abroad_this_year": st.sampled_from([0, 28, 29, 60, 91, 92]),
    "person.municipality": st.sampled_from(["Utrecht", "Zwolle", "Tilburg"]),
    "obligations.fines": st.just([]),
    # bijzondere bijstand: around the threshold of art. 35 lid 2 (2025: 17000, 2026: 17600) and typical costs
    "assistance.special_costs_cents": st.one_of(st.sampled_from([0, 16999, 17000, 17001, 17599, 17600, 17601, 50000]), cents),
    # inkomenstoeslag: around the example verordening's 36 months
    "assistance.low_income_months": st.sampled_from([0, 12, 35, 36, 37, 120]),
    "assistance.previous_work_measures_in_row": st.sampled_from([0, 1, 2, 3, 5]),
    "assistance.overpaid_cents": st.sampled_from([0, 1, 250000]),
    # WW arbeidsverleden: around the ten years of full build-up and the 2016 split
    "employment.paid_years_since_1998": st.sampled_from([0, 2, 8, 10, 11, 20, 28]),
    "employment.care_years_child_under_5": st.sampled_from([0, 1, 3, 4]),
}


def _bounds(annotation: Any) -> tuple[Any, int | None, int | None, bool]:
    """Unwrap Optional/Annotated: the base type, ge, le and whether it is money."""
    money, ge, le = False, None, None
    if get_origin(annotation) in (typing.Union, types.UnionType):
        annotation = [a for a in get_args(annotation) if a is not type(None)][0]
    if get_origin(annotation) is typing.Annotated:
        base, *meta = get_args(annotation)
        for m in meta:
            money = money or m == MONEY
            for c in getattr(m, "metadata", [m]):
                ge = getattr(c, "ge", ge)
                le = getattr(c, "le", le)
        annotation = base
    return annotation, ge, le, money


def _strategy(draw: Any, path: str, annotation: Any, on: date) -> Any:
    if path in SPECIAL:
        return draw(SPECIAL[path])
    base, ge, le, money = _bounds(annotation)
    name = path.rsplit(".", 1)[-1]
    if isinstance(base, type) and issubclass(base, BaseModel):
        return _model(draw, base, path, on)
    if get_origin(base) is list:
        (item,) = get_args(base)
        return [_model(draw, item, path, on) for _ in range(draw(st.integers(0, 3)))]
    if get_origin(base) is Literal:
        return draw(st.sampled_from(list(get_args(base))))
    if base is bool:
        return draw(st.booleans())
    if base is date:
        if name == "birth_date":
            return draw(birth_date(on))
        return (on - timedelta(days=draw(st.integers(0, 900)))).isoformat()
    if base is int:
        if money:
            return draw(cents)
        lo, hi = ge or 0, le if le is not None else 60
        if name in ("hours_per_week", "hours_lost_per_week"):
            hi = min(hi, 48)
        return draw(st.one_of(st.sampled_from(sorted({lo, hi, min(lo + 1, hi)})), st.integers(lo, hi)))
    if base is str:
        return draw(st.sampled_from(["Utrecht", "Zwolle", "Tilburg"]))
    raise TypeError(f"no strategy for {path}: {annotation!r}")  # pragma: no cover


def _model(draw: Any, model: type[BaseModel], prefix: str, on: date) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        path = f"{prefix}.{name}" if prefix else name
        if path in ("bsn", "case_ref", "peildatum"):
            continue
        out[name] = _strategy(draw, path, field.annotation, on)
    return out


@st.composite
def complete_situation(draw: Any) -> tuple[dict[str, Any], date]:
    """Every fact known. Generated from the model itself, so a field a law adds is covered
    at once. A partner is always described: one may also be presumed from a housemate."""
    on = draw(eval_dates)
    situation = _model(draw, Situation, "", on)
    gifts = situation["gifts"]  # this month's gifts are part of this year's (the model refuses more)
    gifts["received_this_month_cents"] = min(gifts["received_this_month_cents"], gifts["received_this_year_cents"])
    return situation, on


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
