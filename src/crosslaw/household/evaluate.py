"""Evaluate a household: every person under the laws that concern them, then the conflicts between them.

Each person is evaluated on their projection (see ``project``) by the engine's own two evaluators,
Rete and the explainer, with the same agreement check as a single-person evaluation, so they agree
per person by construction. A law whose ``concerns`` condition is false for a person is left out of
that person's result, with the article that says why. Conflicts between persons are evaluated per
ordered pair of related persons on an environment that prefixes each person's facts and outcomes
with their role, again by both evaluators.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import date
from typing import TYPE_CHECKING, Any, Iterator, Mapping, Sequence

from crosslaw.engine.explainer import RuleVerdict, explain
from crosslaw.caching import per_owner
from crosslaw.errors import CrosslawError, EngineConsistencyError, SituationError
from crosslaw.explanation.build import (
    SEVERITY_ORDER, _conflict_data, _side_finding, apply_deviations, build_evaluation, citation, missing_fact,
)
from crosslaw.explanation.result import ConflictResult, Evaluation
from crosslaw.household.model import CareRelation, HouseholdSituation, ParentRelation, PartnerRelation
from crosslaw.household.project import Projection, project
from crosslaw.household.result import HouseholdConflict, HouseholdEvaluation, HouseholdMissingFact, NotConcerned, PersonEvaluation
from crosslaw.language.evaluate import EvaluationError
from crosslaw.language.values import Unknown
from crosslaw.ruleset.compiled import RuleSet
from crosslaw.ruleset.loader import PERSON_FACTS
from crosslaw.ruleset.model import ROLES
from crosslaw.situation.facts import age_on
from crosslaw.version import __version__

if TYPE_CHECKING:  # pragma: no cover
    from crosslaw.engine.engine import Engine


def household_digest(h: HouseholdSituation) -> str:
    """SHA-256 of the household's JSON with the persons in ref order (their order carries no meaning)."""
    data = h.model_dump(mode="json")
    data["persons"] = sorted(data["persons"], key=lambda p: p["ref"])
    import json

    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def pairs(h: HouseholdSituation, between: str) -> Iterator[tuple[str, str]]:
    """The ordered pairs of persons related as ``between`` (first role first)."""
    rels = h.relations or []
    if between == "ouder_kind":
        for r in rels:
            if isinstance(r, ParentRelation):
                yield r.parent, r.child
    elif between == "partners":
        for r in rels:
            if isinstance(r, PartnerRelation):
                yield r.persons[0], r.persons[1]
                yield r.persons[1], r.persons[0]
    elif between == "mantelzorg":
        for r in rels:
            if isinstance(r, CareRelation):
                yield r.giver, r.receiver
    elif between == "huisgenoten":
        partners = {frozenset(r.persons) for r in rels if isinstance(r, PartnerRelation)}
        refs = [p.ref for p in h.persons]
        for a in refs:
            for b in refs:
                if a != b and frozenset((a, b)) not in partners:
                    yield a, b


class _PersonRun:
    """One person's evaluation with what the household pass needs from it."""

    def __init__(self, projection: Projection, env: dict[str, Any], evaluation: Evaluation, concerned: dict[str, Any]) -> None:
        self.projection = projection
        self.env = env
        self.evaluation = evaluation
        self.concerned = concerned  # law -> True / False / Unknown


def _run_person(engine: "Engine", h: HouseholdSituation, ref: str, on: date, detail: str,
                overrides: Mapping[str, Any] | None = None) -> _PersonRun:
    proj = project(h, ref)
    env, verdicts = engine.explain_all(proj.situation, on, overrides)
    fired, outcomes = engine.network.run(env, skip=engine.rules.not_evaluated(on))
    engine._check_agreement(verdicts, fired, outcomes, env)
    evaluation = build_evaluation(engine.rules, proj.situation, on, env, verdicts, detail, engine._memo.volatile)
    concerned = {law: fn(env, ()) for law, (_, fn) in engine.rules.concerns.items()}
    return _PersonRun(proj, env, evaluation, concerned)


def _run_deviated(engine: "Engine", h: HouseholdSituation, ref: str, on: date, detail: str, devs: Sequence[Any],
                  plain: _PersonRun) -> _PersonRun:
    """A person's run with their value deviations set (as ``Engine.evaluate`` does for one
    resident), with the counterfactual against their plain run attached."""
    from crosslaw.deviation.effect import attach_effects
    from crosslaw.engine.engine import value_overrides

    values = value_overrides(devs, on, engine.rules)
    if not values:
        return plain
    run = _run_person(engine, h, ref, on, detail, values)
    run.evaluation = attach_effects(run.evaluation, plain.evaluation, devs, on, engine, run.projection.situation)
    return run


def law_of(rules: RuleSet, ident: str | None) -> str | None:
    """The law of a rule or computed value (None for an unknown id or none)."""
    if ident is None:
        return None
    if ident in rules.rules:
        return rules.rules[ident][0].law
    if ident in rules.computed:
        return rules.computed[ident][0].law
    return None


def _replaced(rules: RuleSet) -> frozenset[str]:
    pc = rules.person_conflicts
    if pc is None:
        return frozenset()
    return frozenset(x for versions in pc.rules.values() for v in versions for x in v.model.replaces)  # type: ignore[union-attr]


def _person_result(rules: RuleSet, run: _PersonRun, on: date) -> PersonEvaluation:
    """The person's evaluation without the laws that cannot concern them (and their conflicts)."""
    dropped = {law for law, v in run.concerned.items() if v is False}
    ev = run.evaluation
    replaced = _replaced(rules)
    laws = [law for law in ev.laws if law.law not in dropped]
    conflicts = [
        c for c in ev.conflicts
        if c.id not in replaced and not any(law_of(rules, s.ref) in dropped for s in c.sides)
    ]
    counts: Counter[str] = Counter()
    for law in laws:
        for o in law.outcomes:
            counts.update(m.fact for m in o.missing)
    for c in conflicts:
        counts.update(m.fact for m in c.missing)
    ranked = sorted(counts, key=lambda f: (-counts[f], f))
    if dropped or len(conflicts) != len(ev.conflicts):
        ev = ev.model_copy(update={"laws": laws, "conflicts": conflicts, "missing": [missing_fact(f) for f in ranked]})
    birth = run.projection.situation.person.birth_date
    not_concerned = [
        NotConcerned(law=law, name=rules.laws[law].name, reason=rules.concerns[law][0].title,
                     article=citation(rules.concerns[law][0].basis, on))
        for law in rules.laws if law in dropped
    ]
    return PersonEvaluation(
        ref=run.projection.ref, name=run.projection.names[run.projection.ref],
        age=None if birth is None else age_on(birth, on), not_concerned=not_concerned, evaluation=ev,
    )


@per_owner(maxsize=4)
def _pair_plan(pc: RuleSet) -> tuple[tuple[str, str | None, str], ...]:
    """Every name the conflicts between persons read: (name, role or None, name within the role)."""
    names: set[str] = set()
    for versions in pc.rules.values():
        for v in versions:
            names |= v.names()
    out = []
    for n in sorted(names):
        head, _, rest = n.partition(".")
        out.append((n, head, rest) if rest and any(head in roles for roles in ROLES.values()) else (n, None, n))
    return tuple(out)


_PREFIXED: dict[tuple[str, frozenset[str]], Unknown] = {}


def _role_unknown(role: str, u: Unknown) -> Unknown:
    """The same unknown, its missing facts named after the role (``kind.care.youth_care_in_progress``)."""
    key = (role, u.missing)
    hit = _PREFIXED.get(key)
    if hit is None:
        if len(_PREFIXED) > 20_000:
            _PREFIXED.clear()
        hit = _PREFIXED[key] = Unknown(frozenset(f"{role}.{m}" for m in u.missing))
    return hit


def _pair_env(h: HouseholdSituation, pc: RuleSet, roles: dict[str, str], runs: dict[str, _PersonRun], params: dict[str, Any], on: date) -> dict[str, Any]:
    persons = h.by_ref()
    env: dict[str, Any] = {"peildatum": on}
    for name, role, rest in _pair_plan(pc):
        if role is None:
            env[name] = params[name] if name in params else env.get(name, Unknown(frozenset()))
            continue
        ref = roles.get(role)
        if ref is None:  # a role of another relation: not part of this pair
            env[name] = Unknown(frozenset())
            continue
        if rest in PERSON_FACTS:
            v = getattr(persons[ref], rest)
            env[name] = Unknown(frozenset({name})) if v is None else v
            continue
        v = runs[ref].env[rest]
        env[name] = _role_unknown(role, v) if v.__class__ is Unknown else v
    return env


def _household_fact(name: str, roles: dict[str, str], runs: dict[str, _PersonRun]) -> tuple[str, str, str]:
    """(household path, question, ref) of a role-prefixed fact of a conflict between persons."""
    role, _, rest = name.partition(".")
    ref = roles.get(role, "")
    run = runs.get(ref)
    if run is None:
        return name, name, ref
    if rest in PERSON_FACTS:
        from crosslaw.household.model import HouseholdPerson

        return f"persons.{ref}.{rest}", _field_question(HouseholdPerson, rest, run.projection.names[ref]), ref
    return run.projection.fact_path(rest), run.projection.question(rest), ref


def _field_question(model: Any, field: str, name: str) -> str:
    extra = model.model_fields[field].json_schema_extra or {}
    return str(extra.get("vraag", field)).replace("deze persoon", name)


def _pair_conflicts(engine: "Engine", h: HouseholdSituation, runs: dict[str, _PersonRun], on: date) -> tuple[list[HouseholdConflict], Counter, dict]:
    pc = engine.rules.person_conflicts
    found: list[HouseholdConflict] = []
    counts: Counter[str] = Counter()
    questions: dict[str, tuple[str, set[str]]] = {}
    if pc is None:
        return found, counts, questions
    network = engine.person_network
    params = engine.rules.parameters_on(on)
    in_force = [r for r in pc.rules_in_force(on)]
    for between, (first, second) in ROLES.items():
        mine = [r for r in in_force if r.model.between == between]  # type: ignore[union-attr]
        if not mine:
            continue
        for a, b in pairs(h, between):
            roles = {first: a, second: b}
            env = _pair_env(h, pc, roles, runs, params, on)
            verdicts: list[RuleVerdict] = []
            for r in mine:
                try:
                    verdicts.append(explain(r, env, on))
                except EvaluationError as e:  # pragma: no cover - a type-checked rule does not fail
                    raise CrosslawError(f"{r.file}:{r.line}: {r.id}: {e}") from None
            fired, _ = network.run(env)
            names = {r.rete_name for r in mine}
            for v in verdicts:
                if (v.value is True) != (v.rule.rete_name in fired):
                    raise EngineConsistencyError(
                        f"Rete and explainer disagree on {v.rule.rete_name} for {roles}: explainer {v.value!r}, rete {v.rule.rete_name in fired}"
                    )
            stray = fired - names
            if stray:
                raise EngineConsistencyError(f"Rete fired conflicts of another relation for {roles}: {sorted(stray)}")
            for v in verdicts:
                if v.value is False:
                    continue
                found.append(_household_conflict(engine.rules, pc, v, between, roles, runs, on, counts, questions))
    found.sort(key=lambda c: (c.status != "present", SEVERITY_ORDER[c.severity], c.id, sorted(c.persons.items())))
    return found, counts, questions


def _household_conflict(rules: RuleSet, pc: RuleSet, v: RuleVerdict, between: str, roles: dict[str, str],
                        runs: dict[str, _PersonRun], on: date, counts: Counter, questions: dict) -> HouseholdConflict:
    m = v.rule.model
    findings = tuple(_side_finding(rules, sd.ref, runs[roles[sd.person]].env) for sd in m.sides)  # type: ignore[union-attr]
    data = _conflict_data(pc, v, findings, on)
    for side, sd in zip(data["sides"], m.sides):  # type: ignore[union-attr]
        side["person"] = roles[sd.person]
        side["person_role"] = sd.person
    rename: dict[str, str] = {}
    renamed = []
    for item in data["missing"]:  # the shared, cached entries of missing(): never changed in place
        path, question, _ = _household_fact(item["fact"], roles, runs)
        rename[item["fact"]] = path
        counts[path] += 1
        _, refs = questions.setdefault(path, (question, set()))
        refs.update(roles.values())  # the conflict between them waits for it
        renamed.append({"fact": path, "question": question})
    data["missing"] = renamed
    for cond in data["triggers"] + data["unless"]:
        cond["missing"] = sorted({rename.get(f) or _household_fact(f, roles, runs)[0] for f in cond["missing"]})
    data["between"] = between
    data["persons"] = dict(roles)
    return HouseholdConflict.model_validate(data)


def _check_birth_dates(h: HouseholdSituation, on: date) -> None:
    problems = [
        (f"persons.{p.ref}.person.birth_date", f"geboortedatum {p.person.birth_date.isoformat()} ligt na de peildatum {on.isoformat()}")
        for p in h.persons if p.person.birth_date is not None and p.person.birth_date > on
    ]
    if problems:
        raise SituationError(problems)


def evaluate_household(
    engine: "Engine", h: HouseholdSituation, on: date, detail: str = "summary", deviations: Sequence[Any] = ()
) -> HouseholdEvaluation:
    """Every person of ``h`` under the laws that concern them on ``on``, and the conflicts between them.

    ``deviations`` are the motivated deviations in force: a mapping person ref -> that person's
    deviations (``household.deviations.person_deviations``; a value deviation is evaluated through,
    so the person's amounts and the conflicts between persons move), or a plain sequence applied to
    every person's outcomes by rule id (one deviation for the whole household's case)."""
    _check_birth_dates(h, on)
    per_person = deviations if isinstance(deviations, Mapping) else None
    runs = {p.ref: _run_person(engine, h, p.ref, on, detail) for p in h.persons}
    if per_person:
        runs.update({ref: _run_deviated(engine, h, ref, on, detail, devs, runs[ref])
                     for ref, devs in per_person.items() if devs and ref in runs})
    persons = []
    counts: Counter[str] = Counter()
    questions: dict[str, tuple[str, set[str]]] = {}
    for p in h.persons:
        run = runs[p.ref]
        pe = _person_result(engine.rules, run, on)
        mine = (per_person or {}).get(p.ref, ()) if per_person is not None else deviations
        if mine:
            pe = pe.model_copy(update={"evaluation": apply_deviations(pe.evaluation, mine, on, engine.rules)})
        persons.append(pe)
        proj = run.projection
        local: Counter[str] = Counter()
        for law in pe.evaluation.laws:
            for o in law.outcomes:
                local.update(mf.fact for mf in o.missing)
        for c in pe.evaluation.conflicts:
            local.update(mf.fact for mf in c.missing)
        for fact, n in local.items():
            path = proj.fact_path(fact)
            counts[path] += n
            own = path.startswith(f"persons.{p.ref}.")
            q, refs = questions.get(path, (None, set()))
            if q is None or own:
                q = proj.question(fact)
            refs.add(p.ref)
            questions[path] = (q, refs)
    conflicts, pair_counts, pair_questions = _pair_conflicts(engine, h, runs, on)
    counts.update(pair_counts)
    for path, (q, refs) in pair_questions.items():
        old_q, old_refs = questions.get(path, (q, set()))
        questions[path] = (old_q, old_refs | refs)
    ranked = sorted(counts, key=lambda f: (-counts[f], f))
    return HouseholdEvaluation(
        evaluation_date=on,
        ruleset_digest=engine.rules.digest,
        crosslaw_version=__version__,
        case_ref=h.case_ref,
        situation_digest=household_digest(h),
        persons=persons,
        conflicts=conflicts,
        missing=[HouseholdMissingFact(fact=f, question=questions[f][0], persons=sorted(questions[f][1])) for f in ranked],
    )


__all__ = ["evaluate_household", "pairs", "household_digest", "ConflictResult"]
