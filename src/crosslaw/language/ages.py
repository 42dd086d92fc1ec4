"""The day a person reaches an age that the law fixes per calendar year (the AOW age).

Art. 7a lid 1 AOW does not give one pensioengerechtigde leeftijd but one per calendar year
("in 2022: 66 jaar en zeven maanden", "in 2028: ..." as fixed five years ahead under lid 2-3).
A person reaches it on the first day on which their age is at least the age of *that day's*
calendar year. Because the yearly age only rises, this yields the published table per birth
date: born 1 October 1960 reaches 67 (the age of 2027) on 1 October 2027, while born
1 January 1961 reaches 67 years and 3 months (the age of 2028) on 1 April 2028, and nobody
reaches it between 1 January and 31 March 2028.

Ages in months follow the engine's whole-year ages (``situation.facts.age_on``): a birthday
that does not exist in the target month (29 February, the 31st) is reached on the first day of
the next month.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

#: (first day of a calendar year, age in whole months) in date order, as the loader builds it.
Schedule = tuple[tuple[date, int], ...]

#: Years after the birth year searched for the reaching day: any age the law sets lies well inside.
_SEARCH_YEARS = 100


def months_completed(birth: date, on: date) -> int:
    """Whole months of age on ``on`` (like whole years: the day of the month must be reached)."""
    return (on.year - birth.year) * 12 + (on.month - birth.month) - (on.day < birth.day)


def first_day_of_age(birth: date, months: int) -> date:
    """The first day on which a person born on ``birth`` is ``months`` months old."""
    total = birth.month - 1 + months
    year, month = birth.year + total // 12, total % 12 + 1
    try:
        return date(year, month, birth.day)
    except ValueError:  # the day does not exist in that month: reached on the 1st of the next
        return date(year + month // 12, month % 12 + 1, 1)


def _age_in_year(schedule: Schedule, year: int) -> int | None:
    found = None
    for start, months in schedule:
        if start.year <= year:
            found = months
        else:
            break
    return found


@lru_cache(maxsize=8192)
def reaching_date(birth: date, schedule: Schedule) -> date:
    """First day on which the age of ``birth`` is at least the schedule's age for that day's year."""
    for year in range(birth.year, birth.year + _SEARCH_YEARS):
        months = _age_in_year(schedule, year)
        if months is None:
            continue
        day = first_day_of_age(birth, months)
        if day.year == year:
            return day
        if day.year < year:  # already old enough when this year began
            return date(year, 1, 1)
    raise ValueError(f"geen leeftijd in de tabel bereikt voor geboortedatum {birth.isoformat()}")  # pragma: no cover
