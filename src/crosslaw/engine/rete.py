"""The Rete half of an evaluation: rule sets compiled to durable_rules, one per law.

durable_rules keeps every state in a fixed C table of 1024 entries and runs timer
threads that dispatch actions in the background. We use neither: each evaluation
asserts one fact per law under a fresh ``sid``, collects what fired through plain
action callbacks, and deletes the state in ``finally``. One process-wide lock
serialises access to the C engine, so the 1024 limit can never be reached (at most one
state per law is alive) and many threads may call the engine at once.
"""

from __future__ import annotations

import itertools
import threading
from typing import Any, Callable

from durable import engine as durable

from crosslaw.language.rete import PEILDATUM, always, compile_condition, prop, rete_value
from crosslaw.language.values import Unknown
from crosslaw.ruleset.compiled import CompiledRule, RuleSet

_LOCK = threading.Lock()
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


def exemption_condition(rule: CompiledRule, idx: int) -> dict[str, Any]:
    e = rule.exemptions[idx]
    parts = _period(rule.model.valid_from, rule.model.valid_to) + _period(e.model.valid_from, e.model.valid_to)
    return {"$and": [*parts, e.rete]}


class ReteNetwork:
    """All laws' rule sets in one durable_rules host."""

    def __init__(self, rules: RuleSet) -> None:
        self._fired: list[str] = []
        uid = next(_NETWORK_IDS)
        definitions: dict[str, dict[str, Any]] = {}
        actions: dict[str, Callable[[Any], None]] = {}
        self.names: dict[str, list[str]] = {}
        self.ruleset_names: dict[str, str] = {}
        for law in rules.laws:
            law_rules = rules.rules_of(law)
            if not law_rules:
                continue
            # Every fact must be handled: deleting the state of a fact that matched no
            # rule crashes durable_rules 2.0.28 (segfault, measured), so one rule
            # always fires and records nothing.
            defs: dict[str, Any] = {SEEN: {"all": [{"m": always(True)}], "run": SEEN}}
            actions[SEEN] = _ignore
            names: set[str] = {PEILDATUM}
            for r in law_rules:
                defs[r.rete_name] = {"all": [{"m": rule_condition(r)}], "run": r.rete_name}
                actions[r.rete_name] = self._recorder(r.rete_name)
                for i, e in enumerate(r.exemptions):
                    name = r.exemption_rete_name(e.model.id)
                    defs[name] = {"all": [{"m": exemption_condition(r, i)}], "run": name}
                    actions[name] = self._recorder(name)
                names |= r.names()
            rs_name = f"crosslaw{uid}_{law}"
            definitions[rs_name] = defs
            self.ruleset_names[law] = rs_name
            self.names[law] = sorted(names)
        self._host = _Host(actions)
        with _LOCK:
            self._host.set_rulesets(definitions)
        self._sids = itertools.count(1)

    def _recorder(self, name: str) -> Callable[[Any], None]:
        fired = self._fired

        def record(_closure: Any) -> None:
            fired.append(name)

        return record

    def fact_for(self, law: str, env: dict[str, Any]) -> dict[str, Any]:
        fact: dict[str, Any] = {}
        for n in self.names[law]:
            v = env[n]
            if not isinstance(v, Unknown):
                fact[prop(n)] = rete_value(v)
        return fact

    def run(self, env: dict[str, Any]) -> set[str]:
        """Names of the rules (and exemptions) that fired for this fact environment."""
        facts = {law: self.fact_for(law, env) for law in self.ruleset_names}
        with _LOCK:
            sid = str(next(self._sids))
            self._fired.clear()
            try:
                for law, fact in facts.items():
                    fact["sid"] = sid
                    self._host.assert_fact(self.ruleset_names[law], fact)
                return set(self._fired)
            finally:
                for rs_name in self.ruleset_names.values():
                    self._host.delete_state(rs_name, sid)

    def live_facts(self, sid: str) -> int:
        """Facts still held for ``sid`` across all laws (0 after every evaluation)."""
        with _LOCK:
            total = 0
            for rs_name in self.ruleset_names.values():
                try:
                    total += len(self._host.get_facts(rs_name, sid))
                except Exception:
                    pass
            return total
