"""Missing facts as bitmask columns.

The explainer's ``Unknown`` carries the set of base facts it waits for. Columnar, that set
is a few ``UInt64`` columns ("slots", the words ``w0``, ``w1``, ...): a scalar fact is one
bit, a field of a list item (``household.members[2].birth_date``) one bit per item in a block
as long as the table's longest list of that kind. Lists of up to 64 items are represented
exactly; the representation grows linearly with the number of facts and the list length,
not with the number of distinct sets. A non-zero mask appears only where the value is null.
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
    """The bit layout of missing facts for one rule set, situation model and table.

    Scalar facts get one bit each; a field of a list item gets a block of ``length`` bits (bit
    ``i`` is item ``i``), where ``length`` is the longest list of that kind in the table, at
    most 64. Blocks never straddle a word, so an item's bit is ``2 ** (offset + i)`` in one word."""

    bits: dict[str, tuple[int, int]] = field(default_factory=dict)  # scalar fact -> (word, bit)
    items: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)  # (list, field) -> (word, offset)
    lengths: dict[str, int] = field(default_factory=dict)  # list -> items per block
    names: list[str] = field(default_factory=list)  # every slot (word), in order

    @classmethod
    def build(cls, lengths: dict[str, int] | None = None) -> "Slots":
        s = cls()
        word, used = 0, 0
        for name in base_facts():
            if used == 64:
                word, used = word + 1, 0
            s.bits[name] = (word, used)
            used += 1
        for coll, spec in base_facts().items():
            if spec.type.kind != "collection":
                continue
            n = max(1, min(MAX_ITEMS, (lengths or {}).get(coll, 1)))
            s.lengths[coll] = n
            for f in item_fields(coll):
                if used + n > 64:
                    word, used = word + 1, 0
                s.items[(coll, f)] = (word, used)
                used += n
        s.names = [f"w{w}" for w in range(word + 1)]
        return s

    @classmethod
    def for_table(cls, df: pl.DataFrame) -> "Slots":
        """The layout for ``df``: blocks as long as its longest lists (a list of more than 64
        items is refused with the field named)."""
        from crosslaw.errors import SituationError

        colls = [c for c, spec in base_facts().items() if spec.type.kind == "collection" and c in df.columns]
        longest = df.select([pl.col(c).list.len().max().alias(c) for c in colls]).row(0, named=True) if colls and df.height else {}
        too_long = [(c, f"lijst van {n} items; de screening kent er hoogstens {MAX_ITEMS}") for c, n in longest.items() if n and n > MAX_ITEMS]
        if too_long:
            raise SituationError(too_long)
        return cls.build({c: int(n or 1) for c, n in longest.items()})

    def check(self, df: pl.DataFrame) -> None:
        """Refuse a table whose lists are longer than this layout's blocks (naming the list)."""
        from crosslaw.errors import SituationError

        wide = Slots.for_table(df)
        too_long = [(c, f"lijst van {n} items; deze screening heeft ruimte voor {self.lengths[c]}")
                    for c, n in wide.lengths.items() if n > self.lengths.get(c, 1) and df.height]
        if too_long:
            raise SituationError(too_long)

    def scalar(self, fact: str) -> tuple[str, int]:
        word, bit = self.bits[fact]
        return f"w{word}", 1 << bit

    def item(self, coll: str, fld: str) -> tuple[str, int]:
        """The word of an item field and the factor that moves bit ``i`` (2 ** i) into place."""
        word, offset = self.items[(coll, fld)]
        return f"w{word}", 1 << offset

    def _inverse(self) -> dict[tuple[int, int], tuple[str, ...]]:
        inv = getattr(self, "_inv", None)
        if inv is None:
            inv = {}
            for n, (w, b) in self.bits.items():
                inv[(w, b)] = (n,)
            for (coll, f), (w, off) in self.items.items():
                for i in range(self.lengths[coll]):
                    inv[(w, off + i)] = (coll, f, str(i))
            self._inv = inv  # type: ignore[attr-defined]
        return inv

    def decode(self, masks: dict[str, int]) -> frozenset[str]:
        """Slot values of one row -> the fact names, as the explainer spells them."""
        out: set[str] = set()
        inv = self._inverse()
        for slot, m in masks.items():
            if not m:
                continue
            w = int(slot[1:])
            for b in range(64):
                if m >> b & 1:
                    entry = inv[(w, b)]
                    out.add(entry[0] if len(entry) == 1 else f"{entry[0]}[{entry[2]}].{entry[1]}")
        return frozenset(out)

    def encode(self, facts: frozenset[str]) -> dict[str, int]:
        out: dict[str, int] = {}
        for f in facts:
            m = _ITEM.match(f)
            if m:
                slot, factor = self.item(m["coll"], m["field"])
                bit = factor << int(m["i"])
            else:
                slot, bit = self.scalar(f)
            out[slot] = out.get(slot, 0) | bit
        return out

    def describe(self) -> dict[str, object]:
        """The layout as data: stored in the result's metadata so a reader can decode it."""
        return {
            "words": self.names,
            "scalar_bits": {n: {"word": w, "bit": b} for n, (w, b) in self.bits.items()},
            "item_blocks": {f"{c}[i].{f}": {"word": w, "offset": o, "items": self.lengths[c]} for (c, f), (w, o) in self.items.items()},
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
