"""Scenario files: a situation, a date and the expected outcome per provision.

The same format serves the test suite and municipalities checking their own rules:
``crosslaw`` ships the runner, a rule author writes YAML. A file holds ``bases``
(named situations) and ``scenarios``; a scenario starts from a base and overrides
fields (mappings merge, lists replace), so each case states only what makes it differ.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from crosslaw.errors import CrosslawError
from crosslaw.ruleset.yamlsource import load_file


ABSENT = "absent"  # expected status of a rule that has no outcome on the date (not yet or no longer in force)


class Expectation(BaseModel):
    model_config = ConfigDict(extra="forbid")
    status: Optional[str] = None
    amount: Optional[int] = None
    missing: Optional[list[str]] = Field(None, description="Facts that must be listed as missing (subset).")
    exemptions: Optional[dict[str, Optional[bool]]] = None


class PersonExpectation(BaseModel):
    """What one person of a household scenario must show (the same checks as a single-person scenario)."""

    model_config = ConfigDict(extra="forbid")
    expect: dict[str, Expectation | str] = Field(default_factory=dict)
    computed: dict[str, Any] = Field(default_factory=dict)
    conflicts: dict[str, str] = Field(default_factory=dict, description="this person's own conflicts: id -> present | possible | absent")
    laws_absent: list[str] = Field(default_factory=list, description="laws that cannot concern this person (no outcomes)")


class Scenario(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    description: Optional[str] = None
    date: date
    base: Optional[str] = None
    situation: dict[str, Any] = Field(default_factory=dict)
    expect: dict[str, Expectation | str] = Field(default_factory=dict)
    computed: dict[str, Any] = Field(default_factory=dict)
    conflicts: dict[str, str] = Field(default_factory=dict, description="conflict id -> present | possible | absent")
    persons: dict[str, PersonExpectation] = Field(default_factory=dict, description="household scenarios: per person ref")


class ScenarioFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    bases: dict[str, dict[str, Any]] = Field(default_factory=dict)
    scenarios: list[Scenario]


def merge(base: Any, override: Any, key: str | None = None) -> Any:
    """Mappings merge, lists replace; a household's ``persons`` merge by ``ref`` (a new ref is added,
    ``drop: true`` removes one), so a scenario states only the person that differs."""
    if key == "persons" and isinstance(base, list) and isinstance(override, list):
        out = [dict(p) for p in base]
        for p in override:
            i = next((j for j, q in enumerate(out) if q.get("ref") == p.get("ref")), None)
            if p.get("drop"):
                if i is not None:
                    out.pop(i)
            elif i is None:
                out.append(p)
            else:
                out[i] = merge(out[i], p)
        return out
    if isinstance(base, dict) and isinstance(override, dict):
        out = dict(base)
        for k, v in override.items():
            out[k] = merge(base.get(k), v, k) if k in base else v
        return out
    return override


@dataclass
class LoadedScenario:
    scenario: Scenario
    situation: dict[str, Any]
    file: str
    line: int | None
    expect: dict[str, Expectation] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{Path(self.file).stem}::{self.scenario.name}"


def load_scenarios(path: Path) -> list[LoadedScenario]:
    doc = load_file(path)
    try:
        sf = ScenarioFile.model_validate(doc.data)
    except ValidationError as e:
        err = e.errors()[0]
        raise CrosslawError(f"{doc.file}:{doc.line_of(tuple(err['loc']))}: {'.'.join(map(str, err['loc']))}: {err['msg']}") from None
    out = []
    for i, sc in enumerate(sf.scenarios):
        if sc.base and sc.base not in sf.bases:
            raise CrosslawError(f"{doc.file}:{doc.line_of(('scenarios', i, 'base'))}: onbekende basis {sc.base!r}")
        situation = merge(sf.bases.get(sc.base, {}) if sc.base else {}, sc.situation)
        expect = {k: (Expectation(status=v) if isinstance(v, str) else v) for k, v in sc.expect.items()}
        out.append(LoadedScenario(sc, situation, doc.file, doc.line_of(("scenarios", i)), expect))
    return out


def check(engine: Any, ls: LoadedScenario) -> list[str]:
    """Differences between the expectation and the evaluation (empty when it passes)."""
    if "persons" in ls.situation:
        return _check_household(engine, ls)
    ev = engine.evaluate(ls.situation, on=ls.scenario.date, detail="full")
    return _check_evaluation(ev, ls.expect, ls.scenario.conflicts, ls.scenario.computed, ls.scenario.date)


def _check_household(engine: Any, ls: LoadedScenario) -> list[str]:
    sc = ls.scenario
    if ls.expect or sc.computed:
        return ["een huishouden zet verwachtingen per persoon (persons: {ref: {expect: ...}})"]
    ev = engine.evaluate(ls.situation, on=sc.date, detail="full")
    problems: list[str] = []
    for ref, pe in sc.persons.items():
        try:
            person = ev.person(ref)
        except KeyError:
            problems.append(f"persoon {ref!r} staat niet in het huishouden")
            continue
        expect = {k: (Expectation(status=v) if isinstance(v, str) else v) for k, v in pe.expect.items()}
        problems += [f"{ref}: {p}" for p in _check_evaluation(person, expect, pe.conflicts, pe.computed, sc.date)]
        shown = {law.law for law in person.laws}
        problems += [f"{ref}: wet {law} hoort niet te gelden, maar heeft uitkomsten" for law in pe.laws_absent if law in shown]
    rank = {"present": 0, "possible": 1}
    found: dict[str, str] = {}
    for c in ev.conflicts:
        if c.id not in found or rank[c.status] < rank[found[c.id]]:
            found[c.id] = c.status
    for conflict_id, want in sc.conflicts.items():
        got = found.get(conflict_id, "absent")
        if got != want:
            problems.append(f"conflict tussen personen {conflict_id}: {got}, verwacht {want}")
    return problems


def _check_evaluation(ev: Any, expect: dict[str, Expectation], conflicts: dict[str, str], computed: dict[str, Any], on: date) -> list[str]:
    problems: list[str] = []
    for rule_id, exp in expect.items():
        try:
            o = ev.outcome(rule_id)
        except KeyError:
            if exp.status != ABSENT:
                problems.append(f"{rule_id}: geen uitkomst (regel geldt niet op {on})")
            continue
        if exp.status == ABSENT:
            problems.append(f"{rule_id}: status {o.status}, verwacht geen uitkomst (de regel geldt niet op {on})")
            continue
        if exp.status is not None and o.status != exp.status:
            why = [c.title for c in o.requirements if c.value is False] + [c.title for c in o.exclusions if c.value]
            problems.append(f"{rule_id}: status {o.status}, verwacht {exp.status} ({'; '.join(why) or 'geen reden'}; ontbreekt: {[m.fact for m in o.missing]})")
        if exp.amount is not None:
            got = o.amount.cents if o.amount else None
            if got != exp.amount:
                problems.append(f"{rule_id}: bedrag {got}, verwacht {exp.amount}")
        if exp.missing is not None:
            facts = {m.fact for m in o.missing}
            lacking = set(exp.missing) - facts
            if lacking:
                problems.append(f"{rule_id}: ontbrekende feiten {sorted(facts)}, verwacht ook {sorted(lacking)}")
        if exp.exemptions is not None:
            got_ex = {c.id: c.value for c in o.exemptions}
            for ex_id, want in exp.exemptions.items():
                if got_ex.get(ex_id, "afwezig") != want:
                    problems.append(f"{rule_id}: ontheffing {ex_id} = {got_ex.get(ex_id, 'afwezig')}, verwacht {want}")
    found = {c.id: c.status for c in ev.conflicts}
    for conflict_id, want in conflicts.items():
        got = found.get(conflict_id, "absent")
        if got != want:
            problems.append(f"conflict {conflict_id}: {got}, verwacht {want}")
    values = {c.id: c.value for law in ev.laws for c in law.computed}
    for cid, want in computed.items():
        got = values.get(cid, "afwezig")
        if str(got) != str(want):
            problems.append(f"berekening {cid}: {got}, verwacht {want}")
    return problems
