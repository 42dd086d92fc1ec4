"""Remembered explainer work: a rule's verdict and a computed value are functions of the values
they read and of the evaluation date, nothing else.

Why: a provision reads a handful of facts, parameters and other outcomes, mostly yes/no
values, and residents share those far more often than whole situations. On the synthetic
population with incomes and savings varied to the cent, about 97 % of the verdicts of one
evaluation were met before with the same inputs (benchmarks/bench.py prints the rate it sees).
A hit costs one C-level ``itemgetter`` over the environment and one dictionary look-up,
where the explainer walks every condition in three-valued logic.

What is *not* remembered: the Rete run. The network of record still sees every situation,
and the engine still checks every verdict, remembered or not, against what fired
(``Engine._check_agreement``), so a verdict that did not belong to its situation could not
pass unnoticed.

The key is (slot, date, values read). A rule's date matters beyond its inputs through the
exemptions in force and the citation links of its result part, which the verdict carries once
built (``RuleVerdict.shown``; not for a conflict, whose result part also shows its sides'
findings, read after it). Items that read a list (an aggregate over members, incomes,
violations) are never remembered: a list is not a key. The cache is bounded by weight
(crosslaw.caching), so the steady state of a long run is its early phase.
"""

from __future__ import annotations

from datetime import date
from operator import itemgetter
from typing import Any, Callable

from crosslaw.caching import BoundedCache
from crosslaw.ruleset.compiled import CompiledComputed, CompiledRule, RuleSet

Getter = Callable[[dict[str, Any]], Any]
# The weight a memo holds at most (a verdict weighs its condition values and missing facts, a
# value 1 plus its missing facts). Measured: 46,000 entries (weight 138,000) after 40,000 fresh
# synthetic residents, and 4 MiB more resident memory than an engine with memo_limit=0.
MEMO_LIMIT = 200_000
REVIEW_EVERY = 4096  # evaluations between two reviews of what is worth remembering
VOLATILE = 0.7  # a step that missed in more than this share of a window's evaluations is dropped
PlanStep = tuple[bool, str, Any, int, Getter]


def _reads(rules: RuleSet, item: CompiledRule | CompiledComputed) -> frozenset[str]:
    """Every name of the environment ``item``'s evaluation reads (item fields of aggregates
    are not in the scope and drop out)."""
    names = set(item.names) if isinstance(item, CompiledComputed) else set(item.names()) | set(item.amount_names)
    return frozenset(n for n in names if n in rules.scope or n == "peildatum")


class ExplainMemo:
    """Per rule set: which items may be remembered (and how to read their key), and the
    remembered verdicts and values."""

    __slots__ = ("rules", "getters", "cache", "lookups", "misses", "_plans", "slot_misses", "volatile",
                 "evaluations", "_window_start", "_by_slot")

    def __init__(self, rules: RuleSet, limit: int = MEMO_LIMIT) -> None:
        self.rules = rules
        self._plans: dict[date, list[PlanStep]] = {}
        self.getters: dict[int, tuple[int, Getter]] = {}  # id(item) -> (slot, reads its key from env)
        self.cache: BoundedCache[tuple[int, date, Any], Any] = BoundedCache(max(limit, 1))
        self.lookups = 0  # counted per evaluation, not per look-up (the hot path stays bare)
        self.misses = 0
        self.evaluations = 0
        self._window_start = 0
        self.slot_misses: list[int] = [0]  # per slot, since the last review
        self.volatile: set[str] = set()  # ids of the steps no longer remembered (see review)
        self._by_slot: dict[int, tuple[int, str]] = {}  # slot -> (id of the item, its rule or value id)
        if limit <= 0:  # remember nothing: no step gets a slot
            return
        slot = 0
        items: list[CompiledRule | CompiledComputed] = [v for vs in rules.rules.values() for v in vs]
        items += [v for vs in rules.computed.values() for v in vs]
        for item in items:
            names = sorted(_reads(rules, item))
            if any(rules.scope[n].kind == "collection" for n in names if n in rules.scope):
                continue
            slot += 1
            # one name gives the value itself, several a tuple: either is a key part, as the slot differs
            self.getters[id(item)] = (slot, itemgetter(*names) if names else _nothing)
            self._by_slot[slot] = (id(item), item.model.id)
        self.slot_misses = [0] * (slot + 1)

    def plan(self, on: date) -> list[PlanStep]:
        """``RuleSet.plan(on)`` with each step's key reader resolved: (is a computed value, id,
        version in force or None, slot, getter); slot 0 when the step is never remembered."""
        epoch = self.rules.epoch(on)
        steps = self._plans.get(epoch)
        if steps is None:
            steps = []
            for kind, ident, item in self.rules.plan(on):
                slot, getter = self.getters.get(id(item), (0, _nothing))
                steps.append((kind == "computed", ident, item, slot, getter))
            if len(self._plans) >= 256:  # a handful of periods in practice; never unbounded
                self._plans.clear()
            self._plans[epoch] = steps
        return steps

    def counted(self, lookups: int, misses: int) -> None:
        """One evaluation's tally; every REVIEW_EVERY evaluations, ``review``."""
        self.lookups += lookups
        self.misses += misses
        self.evaluations += 1
        if self.evaluations - self._window_start >= REVIEW_EVERY:
            self.review()

    def review(self) -> None:
        """Stop remembering the steps that missed in most evaluations of the last window.

        A step that reads an amount to the cent (the bijstand's means test reads every income)
        is met again almost never: remembering it only costs an entry per evaluation, which pushes
        useful entries out and leaves long-lived objects for the garbage collector to walk (on
        the synthetic population, a dozen such steps made most of the memo's misses). Once
        volatile, a step stays so for this memo's life."""
        window = self.evaluations - self._window_start
        self._window_start = self.evaluations
        if window <= 0:
            return
        dropped = False
        for slot, misses in enumerate(self.slot_misses):
            if slot and misses > VOLATILE * window and slot in self._by_slot:
                item_id, ident = self._by_slot.pop(slot)
                self.getters.pop(item_id, None)
                self.volatile.add(ident)
                dropped = True
        self.slot_misses = [0] * len(self.slot_misses)
        if dropped:
            self._plans = {}  # rebuilt without the dropped steps' slots

    def hit_rate(self) -> float:
        return 1 - self.misses / self.lookups if self.lookups else 0.0


def _nothing(env: dict[str, Any]) -> None:
    return None

