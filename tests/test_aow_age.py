"""The pensioengerechtigde leeftijd follows the birth date (art. 7a lid 1 AOW), in every law.

The table per birth date below is the one the Rijksoverheid publishes ("Wanneer gaat mijn AOW
in?"); crosslaw derives it from the age per calendar year, so these cases check the derivation
at every cohort boundary from 2021 to 2029.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crosslaw.errors import RuleFileError
from crosslaw.language.ages import first_day_of_age, months_completed, reaching_date
from crosslaw.ruleset.loader import load_rules

# (born, AOW date): the first and last birth date of each cohort in the Rijksoverheid table
COHORTS = [
    ("1955-08-31", "2021-12-31"),  # 2021: 66 jaar en 4 maanden
    ("1955-09-01", "2022-04-01"),  # 2022: 66 jaar en 7 maanden, na 31 augustus 1955 ...
    ("1956-05-31", "2022-12-31"),  # ... en voor 1 juni 1956
    ("1956-06-01", "2023-04-01"),  # 2023: 66 jaar en 10 maanden, na 31 mei 1956 ...
    ("1957-02-28", "2023-12-28"),  # ... en voor 1 maart 1957
    ("1957-03-01", "2024-03-01"),  # 2024: 67 jaar, na 28 februari 1957
    ("1959-01-15", "2026-01-15"),  # 2026: 67 jaar
    ("1960-10-01", "2027-10-01"),  # 2027: 67 jaar (not 67 and 3 months: reached in 2027)
    ("1960-12-31", "2027-12-31"),  # ... voor 1 januari 1961
    ("1961-01-01", "2028-04-01"),  # 2028: 67 jaar en 3 maanden, na 31 december 1960 ...
    ("1961-02-10", "2028-05-10"),
    ("1961-09-30", "2028-12-30"),  # ... en voor 1 oktober 1961
    ("1961-10-01", "2029-01-01"),  # 2029: 67 jaar en 3 maanden, na 30 september 1961
]


@pytest.fixture(scope="module")
def schedule(engine):
    return engine.rules.parameters["pw.pensioengerechtigde_leeftijd"].schedule()


@pytest.mark.parametrize("born, aow", COHORTS)
def test_aow_date_per_cohort(schedule, born, aow):
    assert reaching_date(date.fromisoformat(born), schedule) == date.fromisoformat(aow)


def test_born_1961_has_not_reached_aow_age_on_the_67th_birthday_in_2028(engine):
    """The issue's case: 67 on 2028-02-10, but the age of 2028 is 67 years and 3 months."""
    situation = {
        "person": {"birth_date": "1961-02-10"},
        "household": {"married": True, "joint_household": True, "partner": {"birth_date": "1961-02-10"}},
    }
    env = engine.facts(situation, date(2028, 2, 10))
    assert env["person.age"] == 67
    assert env["pw.aow_datum"] == date(2028, 5, 10)
    assert env["pw.aow_bereikt"] is False
    assert env["pw.partner_aow_bereikt"] is False
    assert env["uwv.aow_bereikt"] is False
    assert env["wmo.gehuwd_onder_aow_leeftijd"] is True
    later = engine.facts(situation, date(2028, 5, 10))
    assert later["pw.aow_bereikt"] is True and later["uwv.aow_bereikt"] is True
    assert later["wmo.gehuwd_onder_aow_leeftijd"] is False


def test_unknown_birth_date_leaves_the_aow_date_unknown(engine):
    env = engine.facts({"person": {"residence_status": "nederlander"}}, date(2026, 1, 1))
    assert "person.birth_date" in env["pw.aow_bereikt"].missing


def test_month_end_birthdays_follow_whole_year_ages():
    # 31 May + 10 months: 31 March exists; 30 November + 3 months: no 30 February -> 1 March
    assert first_day_of_age(date(1956, 5, 31), 10) == date(1957, 3, 31)
    assert first_day_of_age(date(1955, 11, 30), 3) == date(1956, 3, 1)
    assert first_day_of_age(date(1960, 2, 29), 12) == date(1961, 3, 1)  # as age_on: 29 Feb -> 1 March


@settings(deadline=None)
@given(st.dates(date(1930, 1, 1), date(1990, 12, 31)), st.integers(0, 1300))
def test_first_day_of_age_is_the_first_day_with_that_many_months(birth, months):
    day = first_day_of_age(birth, months)
    assert months_completed(birth, day) >= months
    assert months_completed(birth, day.fromordinal(day.toordinal() - 1)) < months


@settings(deadline=None)
@given(birth=st.dates(date(1930, 1, 1), date(1975, 12, 31)))
def test_aow_date_is_the_first_day_at_the_age_of_its_year(engine, birth):
    """For every birth date: the age of the AOW date's year is reached on it, and not the day before."""
    schedule = engine.rules.parameters["pw.pensioengerechtigde_leeftijd"].schedule()
    aow = reaching_date(birth, schedule)

    def age_of_year(day: date) -> int:
        return max(m for start, m in schedule if start.year <= day.year)

    assert months_completed(birth, aow) >= age_of_year(aow)
    before = date.fromordinal(aow.toordinal() - 1)
    assert months_completed(birth, before) < age_of_year(before)


def _rules_with(tmp_path: Path, parameters: str, formula: str) -> Path:
    law = tmp_path / "rules" / "x"
    law.mkdir(parents=True)
    (law / "law.yaml").write_text("id: x\nname: X\nprefix: x\nbwb: [BWBR0002221]\n")
    basis = "{law: AOW, bwb: BWBR0002221, article: '7a', link: 'https://wetten.overheid.nl/jci1.3:c:BWBR0002221&artikel=7a'}"
    (law / "x.yaml").write_text(
        f"parameters:\n{parameters.replace('BASIS', basis)}\n"
        f"computed:\n  - {{id: x.d, title: datum, type: date, basis: {basis}, valid_from: 2025-01-01, formula: '{formula}'}}\n"
    )
    return tmp_path / "rules"


SCHEDULE_PARAM = (
    "  - {id: x.leeftijd, title: leeftijd, unit: age_by_year, basis: BASIS,\n"
    "     values: [{valid_from: 2024-01-01, value: 804, source: 'AOW art. 7a lid 1'}]}"
)


def test_a_schedule_is_read_only_through_date_reaching(tmp_path):
    ok = load_rules(_rules_with(tmp_path / "a", SCHEDULE_PARAM, "date_reaching(person.birth_date, x.leeftijd)"))
    assert ok.computed["x.d"][0].type.kind == "date"
    with pytest.raises(RuleFileError, match="leeftijd per kalenderjaar"):
        load_rules(_rules_with(tmp_path / "b", SCHEDULE_PARAM, "date_reaching(person.birth_date, person.age)"))
    with pytest.raises(RuleFileError, match="leeftijd per kalenderjaar kan alleen"):
        load_rules(_rules_with(tmp_path / "c", SCHEDULE_PARAM, "max(x.leeftijd, x.leeftijd)"))


def test_a_schedule_value_starts_on_1_january(tmp_path):
    bad = SCHEDULE_PARAM.replace("2024-01-01", "2024-07-01")
    with pytest.raises(RuleFileError, match="1 januari"):
        load_rules(_rules_with(tmp_path, bad, "date_reaching(person.birth_date, x.leeftijd)"))
