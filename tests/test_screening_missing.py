"""The missing-fact bit layout: every set of facts survives encode -> decode, and the layout
follows the table's longest lists (at most 64 items, refused with the list named beyond)."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crosslaw.errors import SituationError
from crosslaw.screening.missing import Slots
from crosslaw.screening.schema import base_facts, item_fields

LENGTHS = {"household.members": 5, "income": 3, "obligations.violations": 2, "obligations.fines": 1}
SLOTS = Slots.build(LENGTHS)
SCALARS = [n for n, s in base_facts().items()]
ITEMS = [f"{c}[{i}].{f}" for c, n in LENGTHS.items() if c in base_facts() for f in item_fields(c) for i in range(n)]


@settings(max_examples=200, deadline=None)
@given(st.sets(st.sampled_from(SCALARS + ITEMS), max_size=40))
def test_encode_decode_round_trip(facts):
    masks = SLOTS.encode(frozenset(facts))
    assert set(masks) <= set(SLOTS.names)
    assert SLOTS.decode(masks) == frozenset(facts)


def test_blocks_never_straddle_a_word_and_follow_the_longest_list():
    for (coll, _), (word, offset) in SLOTS.items.items():
        assert offset + SLOTS.lengths[coll] <= 64
    df = pl.DataFrame({"income": [[{"kind": "loon"}] * 9, []]})
    assert Slots.for_table(df).lengths["income"] == 9
    with pytest.raises(SituationError) as e:
        Slots.for_table(pl.DataFrame({"income": [[{"kind": "loon"}] * 65]}))
    assert "income" in str(e.value)
    with pytest.raises(SituationError):
        SLOTS.check(pl.DataFrame({"income": [[{"kind": "loon"}] * 4]}))
