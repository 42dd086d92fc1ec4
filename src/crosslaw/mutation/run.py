"""Run mutants against the scenarios: killed, survived, or excluded with a proof.

A mutant of law L is run against the scenario files of ``<scenarios>/L/`` and of
``<scenarios>/conflicts/``, in-process, with the scenario runner the test suite uses
(``crosslaw.scenarios.check``, the Rete network included): a scenario that fails or raises
*kills* it. Only scenarios that could notice the mutant run: one dated inside the days the
change shows on, and whose expected outcomes read the changed item (directly or through
other rules and computed values, in any version). Skipping the others cannot change the
verdict. Before the full check, the explainer alone (a fraction of the cost) computes what
the scenario inspects (each expected rule's verdict and amount, each expected conflict and
computed value); where that equals the unchanged rules' answer, the scenario passes as it
did without the mutant, since the engine requires the Rete network to agree with the
explainer on every evaluation. Only a difference goes through the full check.

Two kinds of mutant are not scored, each for a reason the tool proves:
*invalid*, when the loader refuses the changed rules (a type error, overlapping versions);
*equivalent*, when no evaluation can see the change: a parameter that no rule in force on
the changed days reads, or a parameter whose value stays the same on every changed day.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Iterable

from crosslaw.engine.engine import Engine
from crosslaw.engine.memo import ExplainMemo
from crosslaw.errors import CrosslawError
from crosslaw.explanation.build import clear_caches
from crosslaw.language.ast import names_in
from crosslaw.mutation.operators import Mutant, generate
from crosslaw.mutation.source import InvalidMutant, RuleSource
from crosslaw.ruleset.compiled import RuleSet
from crosslaw.scenarios import LoadedScenario, check, load_scenarios
from crosslaw.situation import parse_situation

CONFLICTS = "conflicts"


@dataclass(frozen=True)
class MutationResult:
    mutant: Mutant
    status: str  # killed | survived | invalid | equivalent
    reason: str = ""  # the killing scenario, or why it is invalid or equivalent
    scenarios_run: int = 0


@dataclass
class MutationReport:
    results: list[MutationResult]
    pool: int  # mutants generated (before sampling)
    seed: int | None
    sample: int | None
    seconds: float
    broken_scenarios: list[str] = field(default_factory=list)  # fail without any mutation: not used

    def of(self, status: str, law: str | None = None) -> list[MutationResult]:
        return [r for r in self.results if r.status == status and (law is None or r.mutant.law == law)]

    @property
    def laws(self) -> list[str]:
        return sorted({r.mutant.law for r in self.results})

    def score(self, law: str | None = None) -> float | None:
        """Killed / (killed + survived); None when nothing was scored."""
        killed, survived = len(self.of("killed", law)), len(self.of("survived", law))
        return killed / (killed + survived) if killed + survived else None

    @property
    def mutants_per_second(self) -> float:
        return len(self.results) / self.seconds if self.seconds else 0.0

    def to_json(self) -> dict[str, Any]:
        def counts(law: str | None) -> dict[str, Any]:
            out: dict[str, Any] = {s: len(self.of(s, law)) for s in ("killed", "survived", "invalid", "equivalent")}
            score = self.score(law)
            out["score"] = round(score, 4) if score is not None else None
            return out

        def row(r: MutationResult) -> dict[str, Any]:
            m = r.mutant
            return {"id": m.id, "law": m.law, "operator": m.operator, "file": m.file, "line": m.line, "item": m.item,
                    "description": m.description, "status": r.status, "reason": r.reason}

        return {
            "seed": self.seed, "sample": self.sample, "pool": self.pool, "seconds": round(self.seconds, 2),
            "mutants_per_second": round(self.mutants_per_second, 2),
            "total": counts(None), "laws": {law: counts(law) for law in self.laws},
            "survivors": [row(r) for r in self.of("survived")],
            "excluded": [row(r) for r in self.results if r.status in ("invalid", "equivalent")],
            "broken_scenarios": self.broken_scenarios,
        }


class MutationRun:
    """The rules read once, the scenarios loaded once; mutants built and run one by one."""

    def __init__(self, rules_dir: str | Path | None, scenarios_dir: str | Path) -> None:
        self.source = RuleSource(rules_dir)
        self.rules: RuleSet = self.source.rules
        root = Path(scenarios_dir)
        if not root.is_dir():
            raise CrosslawError(f"scenariomap {root} bestaat niet")
        self.scenarios: dict[str, list[LoadedScenario]] = {}
        for f in sorted(root.rglob("*.yaml")):
            for s in load_scenarios(f):
                if not _household(s):  # validated once here, not again for every mutant
                    s = replace(s, situation=parse_situation(s.situation, f"{s.file}:{s.line}"))
                self.scenarios.setdefault(f.parent.name, []).append(s)
        self._reads = _reads(self.rules)
        self._version_reads = _version_reads(self.rules)
        self._reach: dict[str, frozenset[str]] = {}
        self.broken: list[str] = []
        self._base_checked = False
        self._base_views: dict[str, Any] = {}

    # -- what to run ----------------------------------------------------------------------
    def mutants(self, law: str | None = None) -> list[Mutant]:
        if law is not None and law not in self.rules.laws:
            raise CrosslawError(f"onbekende wet {law!r}; bekend: {', '.join(self.rules.laws)}")
        return generate(self.source, law)

    @staticmethod
    def order(mutants: list[Mutant], seed: int) -> list[Mutant]:
        """The mutants in a shuffled order that depends only on ``seed`` and the mutant ids."""
        shuffled = sorted(mutants, key=lambda m: m.id)
        random.Random(seed).shuffle(shuffled)
        return shuffled

    def reach(self, ident: str) -> frozenset[str]:
        """``ident`` and every rule, computed value and parameter it reads, in any version."""
        if ident not in self._reach:
            self._reach[ident] = frozenset()  # no cycles (the loader refuses them); guards recursion anyway
            out = {ident}
            for name in self._reads.get(ident, ()):
                out |= self.reach(name)
            self._reach[ident] = frozenset(out)
        return self._reach[ident]

    def _outputs(self, s: LoadedScenario) -> set[str]:
        out = set(s.expect) | set(s.scenario.conflicts) | set(s.scenario.computed)
        for pe in s.scenario.persons.values():  # a household scenario: expectations per person
            out |= set(pe.expect) | set(pe.conflicts) | set(pe.computed)
        return out

    def relevant(self, mutant: Mutant) -> list[LoadedScenario]:
        """The scenarios that could notice ``mutant``: the others cannot fail because of it."""
        pool = list(self.scenarios.get(mutant.law, []))
        if mutant.law != CONFLICTS:
            pool += self.scenarios.get(CONFLICTS, [])
        broken = set(self.broken)
        reads, others = [], []
        for s in pool:
            if s.id in broken or not mutant.shows_on(s.scenario.date):
                continue
            (reads if any(mutant.changed & self.reach(o) for o in self._outputs(s)) else others).append(s)
        # the scenarios whose expectations read the change first; the others can still fail
        # when the change makes the evaluation itself fail (a law's coverage moved, a division by 0)
        return reads + others

    # -- proofs of equivalence -------------------------------------------------------------
    def equivalence(self, mutant: Mutant, mutated: RuleSet | None = None) -> str | None:
        """Why no evaluation can see ``mutant`` (None when that cannot be shown).

        ``mutated`` is the changed rule set, for the proofs that need it."""
        if mutated is not None and mutant.operator == "validity" and mutant.start and mutant.start == mutant.end:
            if self._unseen_on(mutant, mutated, mutant.start):
                return (f"verandert alleen {mutant.start}, waarop niets wat de wijziging leest wordt geëvalueerd "
                        "(de wetten ervan zijn niet gecodeerd voor die dag)")
        if mutant.operator.startswith("parameter_"):
            readers = [i for i, first, last, names in self._version_reads
                       if mutant.changed & names and _overlaps(first, last, mutant.start, mutant.end)]
            if not readers:
                return "geen regel of berekening die op de veranderde dagen geldt, leest deze parameter"
            if mutant.operator == "parameter_date" and mutant.start is not None:
                if self._same_values(mutant, mutant.start):
                    return "de parameter heeft op de verschoven dag dezelfde waarde"
        return None

    def _unseen_on(self, mutant: Mutant, mutated: RuleSet, on: date) -> bool:
        """On ``on`` no output can show ``mutant``: every law keeps its coverage (so its
        outcomes appear or stay away as before) and every rule or shown computed value that
        reads the change is, in both rule sets, not in force or not evaluated (its law, or a
        law on a side of its conflict, is not encoded for the day)."""
        base = self.rules
        for law, meta in base.laws.items():
            if meta.kind != CONFLICTS and base.covers(law, on) != mutated.covers(law, on):
                return False
        try:
            mutated.parameters_on(on)
        except CrosslawError:
            return False  # the evaluation itself would fail: every scenario of the day sees it
        for rs in (base, mutated):
            skipped = rs.not_evaluated(on)
            for ident, versions in (*rs.rules.items(), *rs.computed.items()):
                if versions[0].law == CONFLICTS and ident in rs.computed:
                    continue  # the conflicts' own computed values are not shown, only read by conflicts
                if not mutant.changed & self.reach(ident):
                    continue
                in_force = rs.rule_on(ident, on) if ident in rs.rules else rs.computed_on(ident, on)
                if in_force is not None and ident not in skipped:
                    return False
        return True

    def _same_values(self, mutant: Mutant, on: date) -> bool:
        try:
            changed = self.source.build(tuple((e.doc, e.path, e.data) for e in mutant.edits))
        except InvalidMutant:
            return False
        return all(_value(self.rules, p, on) == _value(changed, p, on) for p in mutant.changed)

    # -- running ----------------------------------------------------------------------------
    def check_base(self) -> list[str]:
        """Scenarios that fail on the unchanged rules: they could kill nothing honestly, so they are left out."""
        if not self._base_checked:
            engine = Engine(self.rules)
            try:
                for s in (s for group in self.scenarios.values() for s in group):
                    try:
                        if check(engine, s):
                            self.broken.append(s.id)
                    except Exception:  # a scenario the engine cannot evaluate at all
                        self.broken.append(s.id)
            finally:
                engine.network.close()
            self._base_checked = True
        return self.broken

    def run_one(self, mutant: Mutant) -> MutationResult:
        self.check_base()
        why = self.equivalence(mutant)
        if why:
            return MutationResult(mutant, "equivalent", why)
        try:
            rules = self.source.build(tuple((e.doc, e.path, e.data) for e in mutant.edits))
        except InvalidMutant as e:
            return MutationResult(mutant, "invalid", str(e))
        why = self.equivalence(mutant, rules)
        if why:
            return MutationResult(mutant, "equivalent", why)
        scenarios = self.relevant(mutant)
        if not scenarios:
            return MutationResult(mutant, "survived", "geen scenario leest dit op de veranderde dagen")
        explainer = _Explainer(rules)
        engine: Engine | None = None
        try:
            for n, s in enumerate(scenarios, 1):
                try:
                    if not _household(s) and _view(explainer, s) == self._base_view(s):
                        continue  # what the scenario inspects is unchanged: it passes as before
                    if engine is None:
                        engine = Engine(rules)
                    problems = check(engine, s)
                except Exception as e:  # the mutant makes the evaluation fail: the scenario fails too
                    problems = [f"{type(e).__name__}: {e}"]
                if problems:
                    return MutationResult(mutant, "killed", f"{s.id} ({problems[0]})", n)
            noticed = "1 scenario merkt het niet" if len(scenarios) == 1 else f"{len(scenarios)} scenario's merken het niet"
            return MutationResult(mutant, "survived", noticed, len(scenarios))
        finally:
            if engine is not None:
                engine.network.close()
            clear_caches()  # the interning caches key on rule identity; this rule set is dropped now

    def _base_view(self, s: LoadedScenario) -> Any:
        view = self._base_views.get(s.id)
        if view is None:
            view = self._base_views[s.id] = _view(_Explainer(self.rules), s)
        return view

    def run(self, law: str | None = None, sample: int | None = None, seed: int = 1,
            progress: Callable[[MutationResult], None] | None = None) -> MutationReport:
        """Run every mutant (of ``law``), or a seeded sample of ``sample`` scored mutants.

        A sample draws mutants in the seeded order until ``sample`` of them are scored
        (killed or survived); invalid and equivalent ones are reported but do not count."""
        started = time.perf_counter()
        pool = self.mutants(law)
        self.check_base()
        todo: Iterable[Mutant] = self.order(pool, seed) if sample is not None else pool
        results: list[MutationResult] = []
        scored = 0
        for m in todo:
            if sample is not None and scored >= sample:
                break
            r = self.run_one(m)
            results.append(r)
            scored += r.status in ("killed", "survived")
            if progress:
                progress(r)
        return MutationReport(results, len(pool), seed if sample is not None else None, sample,
                              time.perf_counter() - started, list(self.broken))


def _household(s: LoadedScenario) -> bool:
    """A household scenario (several persons): always checked in full, never screened."""
    return isinstance(s.situation, dict) and "persons" in s.situation


class _Explainer:
    """The explainer half of an ``Engine`` over a rule set, without building its Rete network."""

    explain_all = Engine.explain_all

    def __init__(self, rules: RuleSet) -> None:
        self.rules = rules
        self._memo = ExplainMemo(rules)


def _view(explainer: _Explainer, s: LoadedScenario) -> tuple[Any, ...]:
    """What ``check`` inspects of an evaluation of ``s``, as the explainer computes it:
    per expected rule its verdict (value, amount, every condition's value), per expected
    conflict its value, per expected computed value whether it is in force and its value."""
    on = s.scenario.date
    env, verdicts = explainer.explain_all(s.situation, on)
    by_id = {v.rule.id: v for v in verdicts}
    out: list[Any] = []
    for rule_id in (*s.expect, *s.scenario.conflicts):
        v = by_id.get(rule_id)
        out.append(None if v is None else (
            v.value, v.amount, tuple(v.req_values), tuple(v.excl_values), tuple(v.exem_values), tuple(v.exem_applicable)))
    for cid in s.scenario.computed:
        version = explainer.rules.computed_on(cid, on)
        value = env.get(cid)  # compared as check compares it: as text (23 and 23.0 differ there)
        out.append((version is not None, version is not None and version.law, type(value).__name__, str(value)))
    return tuple(out)


def _version_reads(rules: RuleSet) -> list[tuple[str, date, date | None, frozenset[str]]]:
    """Per version of a rule or computed value: its id, period and the names it reads."""
    out = []
    for ident, versions in rules.rules.items():
        for v in versions:
            out.append((ident, v.model.valid_from, v.model.valid_to, frozenset(v.names() | v.amount_names)))
    for ident, cversions in rules.computed.items():
        for c in cversions:
            out.append((ident, c.model.valid_from, c.model.valid_to, frozenset(names_in(_ast_of(c)))))
    return out


def _overlaps(first: date, last: date | None, start: date | None, end: date | None) -> bool:
    return (end is None or first <= end) and (last is None or start is None or start <= last)


def _reads(rules: RuleSet) -> dict[str, frozenset[str]]:
    """Per rule and computed value: the names its expressions read, in any version."""
    out: dict[str, set[str]] = {}
    for ident, versions in rules.rules.items():
        names = out.setdefault(ident, set())
        for v in versions:
            names |= v.names() | v.amount_names
    for ident, cversions in rules.computed.items():
        names = out.setdefault(ident, set())
        for c in cversions:
            names |= names_in(_ast_of(c))
    return {k: frozenset(v) for k, v in out.items()}


def _ast_of(computed: Any) -> Any:
    from crosslaw.language.parser import parse

    return parse(computed.model.formula)


def _value(rules: RuleSet, pid: str, on: date) -> Decimal | int | None:
    p = rules.parameters.get(pid)
    v = p.value_on(on) if p else None
    return v.value if v else None

