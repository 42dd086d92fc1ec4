"""The Rete half of an evaluation: rule sets compiled to durable_rules, one per law.

durable_rules keeps every state in a fixed C table of 1024 entries and runs timer
threads that dispatch actions in the background. We use neither: each evaluation
asserts one fact per group under the network's one ``sid``, collects what fired through
plain action callbacks, and retracts the facts again, so the state is empty between two
evaluations and is reused (making a state per evaluation cost ~11 µs per group: the C
engine allocates and clears its tables each time). If anything fails half-way, the states
are deleted whole. One process-wide lock serialises access to the C engine, so at most one
state per ruleset is ever alive and many threads may call the engine at once.
"""

from __future__ import annotations

import copy
import itertools
import json
import threading
from typing import Any, Callable, Collection

import durable_rules_engine as _dre
from durable import engine as durable

from crosslaw.engine.heap import keep_heap_top
from crosslaw.language.rete import PEILDATUM, always, compile_condition, prop, rete_value
from crosslaw.errors import CrosslawError, RuleFileError
from crosslaw.language.values import Unknown
from crosslaw.ruleset.compiled import CompiledRule, RuleSet

_LOCK = threading.Lock()
_PLAIN = {bool, int, str}  # stored in the Rete fact as they are
SEEN = "__seen__"


def _ignore(_closure: Any) -> None:
    pass
_NETWORK_IDS = itertools.count(1)


class _Host(durable.Host):
    """A durable_rules host without background dispatch threads."""

    def __init__(self, actions: dict[str, Callable[[Any], None]]) -> None:
        self._actions = actions
        super().__init__()

    def _run(self) -> None:  # no timers, no queued actions: nothing to dispatch
        pass

    def get_action(self, action_name: str) -> Callable[[Any], None]:
        return self._actions[action_name]


def _period(valid_from: Any, valid_to: Any) -> list[dict[str, Any]]:
    out = [{"$gte": {prop(PEILDATUM): valid_from.toordinal()}}] if valid_from else []
    if valid_to:
        out.append({"$lte": {prop(PEILDATUM): valid_to.toordinal()}})
    return out


def _negated_exemption(rule: CompiledRule, idx: int) -> dict[str, Any]:
    e = rule.exemptions[idx]
    outside = [
        {"$lt": {prop(PEILDATUM): e.model.valid_from.toordinal()}} if e.model.valid_from else always(False),
        {"$gt": {prop(PEILDATUM): e.model.valid_to.toordinal()}} if e.model.valid_to else always(False),
    ]
    return {"$or": [*outside, compile_condition(e.ast, negate=True)]}


def rule_condition(rule: CompiledRule) -> dict[str, Any]:
    """The whole rule on one fact: in force, all requirements, no exclusion, no exemption."""
    parts = _period(rule.model.valid_from, rule.model.valid_to)
    parts += [c.rete for c in rule.requirements]
    parts += [compile_condition(c.ast, negate=True) for c in rule.exclusions]
    parts += [_negated_exemption(rule, i) for i in range(len(rule.exemptions))]
    return {"$and": parts or [always(True)]}


def negated_rule_condition(rule: CompiledRule) -> dict[str, Any]:
    """The rule definitely does not apply: not in force, a requirement fails, or an
    exclusion or exemption holds. Fires only on facts that are known, like every test."""
    m = rule.model
    parts: list[dict[str, Any]] = [{"$lt": {prop(PEILDATUM): m.valid_from.toordinal()}}]
    if m.valid_to:
        parts.append({"$gt": {prop(PEILDATUM): m.valid_to.toordinal()}})
    parts += [compile_condition(c.ast, negate=True) for c in rule.requirements]
    parts += [c.rete for c in rule.exclusions]
    for e in rule.exemptions:
        period = _period(e.model.valid_from, e.model.valid_to)
        parts.append({"$and": [*period, e.rete]} if period else e.rete)
    return {"$or": parts}


def exemption_condition(rule: CompiledRule, idx: int) -> dict[str, Any]:
    e = rule.exemptions[idx]
    parts = _period(rule.model.valid_from, rule.model.valid_to) + _period(e.model.valid_from, e.model.valid_to)
    return {"$and": [*parts, e.rete]}


def negative_name(rete_name: str) -> str:
    return f"{rete_name}!niet"


def _levels(rules: RuleSet) -> dict[str, int]:
    """Dependency level of each rule: 0 when its conditions read no other rule's outcome."""
    level: dict[str, int] = {}

    def visit(rule_id: str) -> int:
        if rule_id not in level:
            refs = {n for v in rules.rules[rule_id] for n in v.names() if n in rules.rules}
            level[rule_id] = 1 + max((visit(r) for r in refs), default=-1)
        return level[rule_id]

    for rule_id in rules.rules:
        visit(rule_id)
    # all conflict rules in one ruleset, above every law: they join the laws' findings
    conflicts = [r for r in rules.rules if rules.rules[r][0].model.type == "conflict"]
    if conflicts:
        top = 1 + max((lv for r, lv in level.items() if r not in conflicts), default=-1)
        top = max([top] + [level[r] for r in conflicts])
        for r in conflicts:
            level[r] = top
    return level


# one encoder for every fact: json.dumps with options builds a new one per call; facts are flat
# dicts of plain values, so the circular-reference check is not needed
_encode = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode


# A group's fact carries one property per name its rules read; durable_rules allows 255
# (MAX_OBJECT_PROPERTIES, ../shared/durable-rules-notes.md). Groups of one level are merged
# while both stay well inside the engine's limits.
MAX_PROPERTIES = 200
MAX_RULES = 150


class _Group:
    """One durable_rules ruleset: the rules of one or more laws at one dependency level.

    Fewer, larger groups cost fewer asserts per evaluation (each is a JSON encoding, a call
    into the C engine and a state to delete): merging the laws of a level took the Rete half
    of an evaluation from ~0.19 to ~0.15 ms (benchmarks/bench.py)."""

    def __init__(self, law: str, level: int) -> None:
        self.laws, self.level = [law], level
        self.name = ""
        self.definitions: dict[str, Any] = {SEEN: {"all": [{"m": always(True)}], "run": SEEN}}
        self.names: set[str] = {PEILDATUM}
        self.outcome_props: list[tuple[str, str]] = []
        self.value_props: list[tuple[str, str]] = []

    @property
    def law(self) -> str:
        return "-".join(self.laws)

    def fits(self, other: "_Group") -> bool:
        return (other.level == self.level and len(self.names | other.names) <= MAX_PROPERTIES
                and len(self.definitions) + len(other.definitions) <= MAX_RULES)

    def absorb(self, other: "_Group") -> None:
        self.laws += other.laws
        self.definitions.update(other.definitions)
        self.names |= other.names


class ReteNetwork:
    """Every law's rules in one durable_rules host: a ruleset per law and dependency level.

    A rule that reads another rule's outcome sits one level above it. Levels run in
    order; after each, the outcomes that later levels read are taken from what fired:
    the rule itself (yes) or its negation (no); neither means unknown.
    """

    def __init__(self, rules: RuleSet) -> None:
        self._fired: list[str] = []
        uid = next(_NETWORK_IDS)
        actions: dict[str, Callable[[Any], None]] = {SEEN: _ignore}
        self.rules = rules
        self.referenced = rules.referenced_rules()
        levels = _levels(rules)
        groups: dict[tuple[int, str], _Group] = {}
        for rule_id, versions in rules.rules.items():
            for r in versions:
                key = (levels[rule_id], r.law)
                g = groups.get(key)
                if g is None:
                    g = groups[key] = _Group(r.law, key[0])
                self._add(g, r.rete_name, rule_condition(r), actions)
                for i, e in enumerate(r.exemptions):
                    self._add(g, r.exemption_rete_name(e.model.id), exemption_condition(r, i), actions)
                if rule_id in self.referenced:
                    self._add(g, negative_name(r.rete_name), negated_rule_condition(r), actions)
                g.names |= r.names()
        # the referenced outcomes each level decides, with the names that decide them, resolved once
        self._decided_at: dict[int, list[tuple[str, frozenset[str], frozenset[str]]]] = {}
        for rule_id in sorted(self.referenced):
            versions = rules.rules[rule_id]
            self._decided_at.setdefault(levels[rule_id], []).append((
                rule_id,
                frozenset(v.rete_name for v in versions),
                frozenset(negative_name(v.rete_name) for v in versions),
            ))
        rank = {law: i for i, law in enumerate(rules.laws)}
        merged: list[_Group] = []
        for k in sorted(groups, key=lambda k: (k[0], rank.get(k[1], len(rank)), k[1])):
            if merged and merged[-1].fits(groups[k]):
                merged[-1].absorb(groups[k])
            else:
                merged.append(groups[k])
        for g in merged:
            g.name = f"crosslaw{uid}_{g.law}_{g.level}"
        self.groups = merged
        for g in self.groups:  # the properties each fact carries, resolved once
            g.outcome_props = [(n, prop(n)) for n in sorted(g.names) if n in rules.rules]
            g.value_props = [(n, prop(n)) for n in sorted(g.names) if n not in rules.rules]
        self.ruleset_names = {g.name: g.name for g in self.groups}  # kept for tooling and tests
        self._host = _Host(actions)
        keep_heap_top()
        with _LOCK:
            try:
                # durable_rules deletes each rule's "run" key from what it is given: pass copies
                self._host.set_rulesets(copy.deepcopy({g.name: g.definitions for g in self.groups}))
            except Exception as e:  # durable_rules refuses a ruleset it cannot compile
                raise self._culprit(e, actions) from None
        self._handles = {g.name: self._host.get_ruleset(g.name)._handle for g in self.groups}
        self.sid = "crosslaw"  # the one state each ruleset keeps (see the module docstring)

    def _culprit(self, error: Exception, actions: dict[str, Callable[[Any], None]]) -> Exception:
        """Find the rule durable_rules cannot compile and name its file and line.

        Its known limit: at most 31 expressions in one rule's condition (error 113)."""
        by_name = {}
        for versions in self.rules.rules.values():
            for r in versions:
                by_name[r.rete_name] = r
                by_name[negative_name(r.rete_name)] = r
                for e in r.exemptions:
                    by_name[r.exemption_rete_name(e.model.id)] = r
        probe = _Host(actions)
        for i, g in enumerate(self.groups):
            for name, definition in g.definitions.items():
                try:
                    probe.set_rulesets({f"probe{next(_NETWORK_IDS)}_{i}": copy.deepcopy({name: definition})})
                except Exception:
                    r = by_name.get(name)
                    hint = (
                        "de voorwaarde is te groot voor de Rete-engine (durable_rules: ten hoogste 31 expressies per regel); "
                        "verplaats een deel naar een berekening (computed) met een ja/nee-uitkomst"
                    )
                    if r is None:  # pragma: no cover
                        return CrosslawError(f"Rete-engine weigert {name}: {error}")
                    what = "de ontkenning van " if name.endswith("!niet") else ""
                    return RuleFileError(r.file, r.line, f"{what}{r.id}: {hint} ({error})")
        return CrosslawError(f"Rete-engine weigert de regels: {error}")  # pragma: no cover

    @staticmethod
    def _add(group: _Group, name: str, condition: dict[str, Any], actions: dict[str, Callable[[Any], None]]) -> None:
        group.definitions[name] = {"all": [{"m": condition}], "run": name}
        actions[name] = _ignore  # durable_rules wants an action; what fired is read in _assert

    def _fact(self, group: _Group, env: dict[str, Any], outcomes: dict[str, bool]) -> dict[str, Any]:
        fact: dict[str, Any] = {}
        for n, p in group.outcome_props:
            if n in outcomes:
                fact[p] = outcomes[n]
        for n, p in group.value_props:
            v = env[n]
            cls = v.__class__
            if cls is Unknown:
                continue
            fact[p] = v if cls in _PLAIN else rete_value(v)
        return fact

    def _assert(self, group: _Group, fact: dict[str, Any]) -> str:
        """Assert one fact and collect the rules that fire.

        This drives durable_rules' C engine directly instead of through its Python action
        machinery (closures, state write-back, timers): our actions only record a name and
        never change the state, so the write-back is skipped. Measured: about a third of
        the Rete time per evaluation."""
        handle = self._handles[group.name]
        text = _encode(fact)
        result = _dre.assert_fact(handle, text)
        if result[0] == 1:  # pragma: no cover - the SEEN rule always matches
            raise durable.MessageNotHandledException(fact)
        state_handle = 0 if result[0] == 3 else result[1]
        started = _dre.start_action_for_state(handle, state_handle)
        if not started:
            return text
        message = started[1]
        fired = self._fired
        while message:
            # the message is {"<rule name>": {...}}; rule names hold no quotes, so the name is
            # read straight from the text instead of parsing the whole message
            fired.append(message[2:message.index('"', 2)])
            message = _dre.complete_and_start_action(handle, state_handle)
        return text

    def run(self, env: dict[str, Any], skip: Collection[str] = ()) -> tuple[set[str], dict[str, bool]]:
        """What fired for this fact environment, and the referenced outcomes it decided.

        ``skip`` names rules whose outcome stays unknown whatever fires (their law is not
        encoded for the date), as the explainer leaves them."""
        outcomes: dict[str, bool] = {}
        with _LOCK:
            sid = self.sid
            self._fired.clear()
            asserted: list[tuple[int, str]] = []
            clean = False
            try:
                level = None
                for g in self.groups:
                    if level is not None and g.level != level:
                        self._settle(outcomes, level, skip)
                    level = g.level
                    fact = self._fact(g, env, outcomes)
                    fact["sid"] = sid
                    asserted.append((self._handles[g.name], self._assert(g, fact)))
                if level is not None:
                    self._settle(outcomes, level, skip)
                for handle, text in asserted:  # the state stays, empty, for the next evaluation
                    _dre.retract_fact(handle, text)
                clean = True
                return set(self._fired) - {SEEN}, outcomes
            finally:
                if not clean:  # something failed half-way: drop the states whole
                    for g in self.groups:
                        _dre.delete_state(self._handles[g.name], sid)

    def _settle(self, outcomes: dict[str, bool], level: int, skip: Collection[str] = ()) -> None:
        """Take the outcomes later levels read from what fired at ``level`` (only its rules can)."""
        plan = self._decided_at.get(level)
        if not plan:
            return
        fired = set(self._fired)
        for rule_id, positive, negative in plan:
            if skip and rule_id in skip:
                continue
            if not fired.isdisjoint(positive):  # one version holds
                outcomes[rule_id] = True
            elif negative <= fired:  # every version definitely does not
                outcomes[rule_id] = False

    def close(self) -> None:
        """Free the network's rulesets in the C engine (they live until the process ends
        otherwise, ~2.5 MB per network): for tools that build many networks, such as
        ``crosslaw rules mutate``. The network cannot run afterwards."""
        with _LOCK:
            handles, self._handles = self._handles, {}
            for handle in handles.values():
                _dre.delete_ruleset(handle)

    def live_facts(self, sid: str) -> int:
        """Facts still held for ``sid`` across all rulesets (0 after every evaluation)."""
        with _LOCK:
            total = 0
            for g in self.groups:
                try:
                    total += len(self._host.get_facts(g.name, sid))
                except Exception:
                    pass
            return total
