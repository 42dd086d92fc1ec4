"""Missing facts as bitmask columns.

The explainer's ``Unknown`` carries the set of base facts it waits for. Columnar, that set
is a few ``UInt64`` columns ("slots"): scalar facts get one bit each in the words ``w0``,
``w1``, ...; a field of a list item (``household.members[2].birth_date``) is one slot per
(list, field) whose bit ``i`` is item ``i``. A list of up to 64 items is therefore
represented exactly, and the representation grows linearly with the number of facts, not
with the number of distinct sets. A non-zero mask appears only where the value is null.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import polars as pl

from crosslaw.screening.schema import base_facts, item_fields

MAX_ITEMS = 64
U64 = pl.UInt64
_ITEM = re.compile(r"^(?P<coll>[a-z_.]+)\[(?P<i>\d+)\]\.(?P<field>\w+)$")


@dataclass
class Slots:
    """The bit layout of missing facts for one rule set and situation model."""

    bits: dict[str, int] = field(default_factory=dict)  # scalar fact -> bit number
    items: dict[tuple[str, str], str] = field(default_factory=dict)  # (list, field) -> slot name
    names: list[str] = field(default_factory=list)  # every slot, in a stable order

    @classmethod
    def build(cls) -> "Slots":
        s = cls()
        for i, name in enumerate(base_facts()):
            s.bits[name] = i
        words = (len(s.bits) + 63) // 64
        s.names = [f"w{w}" for w in range(words)]
        for coll, spec in base_facts().items():
            if spec.type.kind != "collection":
                continue
            for f in item_fields(coll):
                slot = f"i{len(s.items)}"
                s.items[(coll, f)] = slot
                s.names.append(slot)
        return s

    def scalar(self, fact: str) -> tuple[str, int]:
        bit = self.bits[fact]
        return f"w{bit // 64}", 1 << (bit % 64)

    def decode(self, masks: dict[str, int]) -> frozenset[str]:
        """Slot values of one row -> the fact names, as the explainer spells them."""
        out: set[str] = set()
        inverse = getattr(self, "_inverse", None)
        if inverse is None:
            inverse = self._inverse = ({b: n for n, b in self.bits.items()}, {s: k for k, s in self.items.items()})  # type: ignore[attr-defined]
        by_bit, by_slot = inverse
        for slot, m in masks.items():
            if not m:
                continue
            if slot[0] == "w":
                base = int(slot[1:]) * 64
                for b in range(64):
                    if m >> b & 1:
                        out.add(by_bit[base + b])
            else:
                coll, f = by_slot[slot]
                for i in range(MAX_ITEMS):
                    if m >> i & 1:
                        out.add(f"{coll}[{i}].{f}")
        return frozenset(out)

    def encode(self, facts: frozenset[str]) -> dict[str, int]:
        out: dict[str, int] = {}
        for f in facts:
            m = _ITEM.match(f)
            if m:
                slot = self.items[(m["coll"], m["field"])]
                out[slot] = out.get(slot, 0) | (1 << int(m["i"]))
            else:
                slot, bit = self.scalar(f)
                out[slot] = out.get(slot, 0) | bit
        return out

    def describe(self) -> dict[str, object]:
        """The layout as data: stored in the result's metadata so a reader can decode it."""
        return {
            "scalar_bits": {n: b for n, b in self.bits.items()},
            "item_slots": {s: f"{c}[i].{f}" for (c, f), s in self.items.items()},
        }


ZERO = pl.lit(0, U64)


def union(*masks: dict[str, pl.Expr]) -> dict[str, pl.Expr]:
    out: dict[str, pl.Expr] = {}
    for m in masks:
        for slot, e in m.items():
            out[slot] = out[slot] | e if slot in out else e
    return out


def gate(masks: dict[str, pl.Expr], cond: pl.Expr) -> dict[str, pl.Expr]:
    """The masks where ``cond`` holds, zero elsewhere (a null ``cond`` counts as false)."""
    if not masks:
        return {}
    factor = cond.fill_null(False).cast(U64)
    return {s: e * factor for s, e in masks.items()}
