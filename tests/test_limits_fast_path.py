"""The fast path of the input limits (situation/limits.py) never hides a problem the full walk finds."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from crosslaw.situation.limits import MAX_DEPTH, problems, walk

KEYS = st.sampled_from(["income", "household", "members", "obligations", "violations", "fines", "x", "0"])
LEAVES = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=3), st.just(date(2020, 1, 1)), st.just(Decimal("1.5")))


def _lists(children):
    return st.one_of(
        st.lists(children, max_size=3),
        st.integers(45, 60).flatmap(lambda n: st.lists(children, min_size=n, max_size=n)),  # around the smallest limit
        st.tuples(children, children),
    )


DATA = st.recursive(LEAVES, lambda children: st.one_of(_lists(children), st.dictionaries(KEYS, children, max_size=4)), max_leaves=200)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(KEYS, DATA, max_size=4))
def test_fast_path_agrees_with_the_full_walk(data):
    assert problems(data) == walk(data)


def test_long_lists_and_deep_nesting_still_reported():
    members = {"household": {"members": [{} for _ in range(51)]}}
    assert problems(members) == walk(members) == [("household.members", "te veel elementen: 51, hoogstens 50")]
    deep: object = 1
    for _ in range(MAX_DEPTH + 2):
        deep = {"x": deep}
    assert problems({"a": deep}) == walk({"a": deep})
    assert problems({"a": deep}) and "te diep genest" in problems({"a": deep})[0][1]
    almost: object = 1
    for _ in range(MAX_DEPTH - 2):
        almost = [almost]
    assert problems({"a": almost}) == walk({"a": almost}) == []
