"""The calendar functions of the rule language: type-checked at load time, exact on month ends."""

from __future__ import annotations

from datetime import date

import pytest

from crosslaw.errors import ExpressionError
from crosslaw.language.evaluate import add_months, compile_expr
from crosslaw.language.parser import parse
from crosslaw.language.types import DATE, INT, check
from crosslaw.language.values import Unknown

SCOPE = {"d": DATE, "n": INT}


def _eval(expr: str, **env):
    node = parse(expr)
    check(node, SCOPE, "formula")
    return compile_expr(node, SCOPE)(env, ())


def test_year_add_days_add_months():
    assert _eval("year(d)", d=date(1961, 2, 10), n=0) == 1961
    assert _eval("add_days(d, n)", d=date(2026, 2, 20), n=14) == date(2026, 3, 6)
    assert _eval("add_months(d, n)", d=date(2026, 5, 31), n=-3) == date(2026, 2, 28)


@pytest.mark.parametrize("start,months,expected", [
    (date(2024, 5, 31), -3, date(2024, 2, 29)),   # leap year
    (date(2026, 1, 15), -3, date(2025, 10, 15)),  # across the year
    (date(2026, 12, 31), 2, date(2027, 2, 28)),
    (date(2026, 3, 1), 0, date(2026, 3, 1)),
])
def test_add_months_clamps_to_the_last_day(start, months, expected):
    assert add_months(start, months) == expected


def test_unknown_propagates():
    v = _eval("add_days(d, n)", d=Unknown(frozenset({"d"})), n=14)
    assert isinstance(v, Unknown) and v.missing == {"d"}


@pytest.mark.parametrize("expr", ["year(n)", "add_days(n, n)", "add_days(d)", "add_months(d, d)"])
def test_wrong_arguments_are_refused_at_load_time(expr):
    with pytest.raises(ExpressionError):
        check(parse(expr), SCOPE, "formula")


def test_no_calendar_function_in_a_condition_literal_numbers():
    with pytest.raises(ExpressionError):  # 14 is a threshold: it must be a dated parameter
        check(parse("add_days(d, 14)"), SCOPE, "formula")


def test_floor_rounds_down_whole_and_half_years():
    from decimal import Decimal

    scope = {"x": INT}
    node = parse("floor(x / n)")
    check(node, {**scope, "n": INT}, "formula")
    fn = compile_expr(node, {**scope, "n": INT})
    assert fn({"x": 3, "n": 2}, ()) == 1 and fn({"x": 4, "n": 2}, ()) == 2 and fn({"x": 0, "n": 2}, ()) == 0
    assert _eval_floor(Decimal("2.5")) == 2 and _eval_floor(Decimal("0.5")) == 0


def _eval_floor(v):
    from crosslaw.language.types import DECIMAL

    node = parse("floor(x)")
    check(node, {"x": DECIMAL}, "formula")
    return compile_expr(node, {"x": DECIMAL})({"x": v}, ())


def test_first_known_prefers_the_first_and_waits_for_it():
    scope = {"a": INT, "b": INT}
    node = parse("first_known(a, b)")
    check(node, scope, "formula")
    fn = compile_expr(node, scope)
    ua, ub = Unknown(frozenset({"a"})), Unknown(frozenset({"b"}))
    assert fn({"a": 3, "b": 5}, ()) == 3
    assert fn({"a": ua, "b": 5}, ()) == 5
    assert fn({"a": ua, "b": ub}, ()).missing == {"a"}   # asks for the new fact, not the deprecated one
    with pytest.raises(ExpressionError):
        check(parse("first_known(a, d)"), {**scope, "d": DATE}, "formula")
