"""Assemble the evaluation result from the explainer's verdicts.

The result is built as plain data and validated into the pydantic model in one pass:
pydantic-core checks a nested dict far faster than thousands of model constructors,
and the model still guarantees the stable shape case systems rely on.
"""

from __future__ import annotations

import hashlib
import weakref
from collections import Counter
from itertools import chain
from functools import lru_cache
from datetime import date
from typing import Any, Collection

from crosslaw.caching import BoundedCache, per_owner
from crosslaw.engine.explainer import ConditionValue, RuleVerdict
from crosslaw.explanation.coverage import law_coverage, notices as coverage_notices
from crosslaw.explanation.result import (
    Amount, AppliedDeviation, Citation, ComputedValue, ConflictResult, DeviationPolicy, Evaluation, MissingFact,
    Outcome,
)
from crosslaw.language.evaluate import round_money
from crosslaw.language.values import Unknown
from crosslaw.ruleset.compiled import RuleSet
from crosslaw.ruleset.model import CATEGORY_NL, Basis
from crosslaw.situation.facts import question_for
from crosslaw.situation.model import Situation
from crosslaw.version import __version__

POSITIVE = {"benefit": "eligible", "service": "eligible", "obligation": "applies", "measure": "applies"}
NEGATIVE = {"benefit": "not_eligible", "service": "not_eligible", "obligation": "does_not_apply", "measure": "does_not_apply"}
TYPE_ORDER = {"benefit": 0, "service": 0, "obligation": 1, "measure": 2}

# The caches of this module hold result parts that are immutable and shared between
# evaluations. All are bounded by the size of what they hold (crosslaw.caching), so a
# long-running process stays within a fixed memory budget whatever it is fed; the parts that
# depend on a rule set live in a cache that belongs to that rule set (see _caches).
_CITATIONS: BoundedCache[tuple[int, date], tuple[Basis, dict[str, str], Citation]] = BoundedCache(10_000)
_LINKS: BoundedCache[int, tuple[Basis, list[str] | None]] = BoundedCache(20_000)
_SENTINEL = date(1, 1, 1)
_SENTINEL_TEXT = _SENTINEL.isoformat()


def _link_on(basis: Basis, on: date) -> str:
    """``basis.link_on(on)`` without a regular expression per call: the link is split once per
    basis around the date it carries (tests/test_result_caches.py proves the two equal)."""
    hit = _LINKS.get(id(basis))
    if hit is None or hit[0] is not basis:
        parts = None if _SENTINEL_TEXT in basis.link else basis.link_on(_SENTINEL).split(_SENTINEL_TEXT)
        hit = _LINKS.put(id(basis), (basis, parts))
    parts = hit[1]
    return basis.link_on(on) if parts is None else on.isoformat().join(parts)


def _citation_entry(basis: Basis, on: date) -> tuple[Basis, dict[str, str], Citation]:
    key = (id(basis), on)
    hit = _CITATIONS.get(key)
    if hit is None or hit[0] is not basis:  # the identity check: an id is reused after a basis is freed
        data = {"text": basis.cite(), "link": _link_on(basis, on)}
        hit = _CITATIONS.put(key, (basis, data, Citation.model_validate(data)))
    return hit


def citation(basis: Basis, on: date) -> dict[str, str]:
    """The citation with a link to the text in force on the evaluation date ``on`` (shared:
    never change it in place)."""
    return _citation_entry(basis, on)[1]


def citation_model(basis: Basis, on: date) -> Citation:
    """``citation`` as the validated, shared model."""
    return _citation_entry(basis, on)[2]


_MISSING: BoundedCache[frozenset[str], tuple[list[str], list[MissingFact]]] = BoundedCache(50_000)


def _missing_lists(facts: frozenset[str]) -> tuple[list[str], list[MissingFact]]:
    """Missing facts as names and as shared models; the same sets recur across conditions and
    cases, so they are converted once (bounded by the number of facts held, not of sets: a set
    over a long list names hundreds)."""
    hit = _MISSING.get(facts)
    if hit is None:
        names = sorted(facts)
        hit = _MISSING.put(facts, (names, [missing_fact(f) for f in names]), len(names))
    return hit


def missing(value: Any) -> list[dict[str, str]]:
    """The missing facts of ``value`` as (fact + question) entries: fresh dicts a caller may rename."""
    if not isinstance(value, Unknown) or not value.missing:
        return []
    return [{"fact": m.fact, "question": m.question} for m in _missing_lists(value.missing)[1]]


def missing_models(value: Any) -> list[MissingFact]:
    if value.__class__ is not Unknown or not value.missing:
        return []
    return _missing_lists(value.missing)[1]


@lru_cache(maxsize=4096)
def missing_fact(fact: str) -> MissingFact:
    """One validated, shared model per fact: an evaluation of a sparse situation lists dozens."""
    return MissingFact(fact=fact, question=question_for(fact))


def missing_names(value: Any) -> list[str]:
    if not isinstance(value, Unknown) or not value.missing:
        return []
    return _missing_lists(value.missing)[0]


def json_value(v: Any) -> Any:
    if isinstance(v, Unknown):
        return None
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, list):
        return f"{len(v)} item(s)"
    if hasattr(v, "as_integer_ratio") and not isinstance(v, (int, float)):
        return str(v)  # Decimal, exact
    return v


def situation_digest(situation: Situation) -> str:
    """SHA-256 of the situation's JSON without the BSN (a BSN's hash is reversible by brute force).

    The serialisation is pydantic's, in the model's field order, so the same situation always
    gives the same digest for a given crosslaw version."""
    return hashlib.sha256(situation.model_dump_json(exclude={"bsn"}).encode()).hexdigest()


class _Caches:
    """The interned result parts of one rule set. They key on the identity of its rules and
    computed versions, which the rule set keeps alive, and die with it (a weak-keyed registry),
    so an id reused by a later rule set can never hit an entry of a dead one, and no cache
    keeps a dropped rule set alive. Each entry is also checked against the object it was made
    for. Bounded by weight: an outcome counts its conditions and missing facts."""

    __slots__ = ("static", "outcomes", "computed", "conflicts", "__weakref__")

    def __init__(self) -> None:
        self.static: dict[int, tuple[Any, dict[str, Any]]] = {}  # per rule version: bounded by the rule set
        self.outcomes: BoundedCache[tuple[Any, ...], tuple[Any, Outcome]] = BoundedCache(100_000)
        self.computed: BoundedCache[tuple[Any, ...], tuple[Any, ComputedValue]] = BoundedCache(30_000)
        self.conflicts: BoundedCache[tuple[Any, ...], tuple[Any, ConflictResult]] = BoundedCache(20_000)


_RULESET_CACHES: "weakref.WeakKeyDictionary[RuleSet, _Caches]" = weakref.WeakKeyDictionary()


def _caches(rules: RuleSet) -> _Caches:
    c = _RULESET_CACHES.get(rules)
    if c is None:
        c = _RULESET_CACHES[rules] = _Caches()
    return c


def _static(caches: _Caches, obj: Any, make: Any) -> dict[str, Any]:
    """The parts of a result entry that depend only on the rule, built once per rule object."""
    hit = caches.static.get(id(obj))
    if hit is None or hit[0] is not obj:
        hit = caches.static[id(obj)] = (obj, make(obj))
    return hit[1]


def _condition(cv: ConditionValue, on: date) -> dict[str, Any]:
    """A condition's result as plain data (for the conflicts, which a household renames)."""
    c = cv.condition
    value = cv.value
    return {
        "id": c.model.id,
        "role": c.role,
        "title": c.model.title,
        "value": None if isinstance(value, Unknown) else bool(value),
        "article": citation(c.basis, on),
        "missing": missing_names(value),
        "gate": bool(getattr(c.model, "gate", False)),
    }


def _condition_data(c: Any, value: Any, on: date) -> dict[str, Any]:
    """A condition's result for an outcome: plain data around the shared citation model
    (validated with the outcome in one pass; cheaper than interning each condition, which an
    evaluation on a new date would miss anyway)."""
    m = c.model
    return {
        "id": m.id,
        "role": c.role,
        "title": m.title,
        "value": None if value.__class__ is Unknown else bool(value),
        "article": citation_model(c.basis, on),
        "missing": missing_names(value),
        "gate": bool(getattr(m, "gate", False)),
    }


def _outcome_static(rule: Any) -> dict[str, Any]:
    m = rule.model
    return {
        "id": m.id,
        "version": rule.version,
        "law": rule.law,
        "type": m.type,
        "title": m.title,
        "kind": m.kind,
        "deviation": DeviationPolicy(deviable=m.deviation.deviable, ground=m.deviation.ground, note=m.deviation.note),
        "valid_from": m.valid_from,
        "valid_to": m.valid_to,
        "explanation": m.explanation.strip(),
    }


def _key(value: Any) -> Any:
    return value.missing if isinstance(value, Unknown) else value


def _outcome(caches: _Caches, v: RuleVerdict, on: date, fleeting: Collection[str] = ()) -> Outcome:
    """The validated outcome. Outcomes are immutable and fully determined by the rule version
    and the values of its conditions and amount, so equal ones are built once and shared; the
    parts (citations, conditions, missing facts) are shared models as well, so an entry costs
    little more than its lists. A rule in ``fleeting`` is met with new values in nearly every
    evaluation (engine/memo.py, ``review``): its outcome is built, not interned."""
    shown = v.shown  # the verdict was remembered (engine/memo.py) and shown before on this date
    if shown is not None and shown[0] == on:
        return shown[1]
    rule = v.rule
    m = rule.model
    amount = v.amount
    amount_unknown = amount.__class__ is Unknown
    amount_cents = None
    if m.amount and amount is not None and not amount_unknown:
        amount_cents = round_money(amount)
    if fleeting and rule.id in fleeting and m.amount:
        return _fleeting_outcome(caches, v, on, amount_cents)
    # one flat tuple: the rule version fixes how many values of each kind follow, and an
    # unknown compares by the facts it misses (the same shared object in most evaluations)
    key = (
        id(rule), on, v.value, amount_cents, amount if amount_unknown else None,
        *v.req_values, *v.excl_values, *v.exem_values, *v.exem_applicable,
    )
    entry = caches.outcomes.data.get(key)  # BoundedCache.get without the call (hot path)
    if entry is not None and entry[0][0] is rule:
        v.shown = (on, entry[0][1])
        return entry[0][1]
    model = _outcome_model(caches, v, on, amount_cents)
    weight = 4 + len(key) + len(model.missing) + (len(model.amount.missing) if model.amount else 0)
    caches.outcomes.put(key, (rule, model), weight)
    v.shown = (on, model)
    return model


def _fleeting_outcome(caches: _Caches, v: RuleVerdict, on: date, amount_cents: int | None) -> Outcome:
    """The outcome of a rule whose amount is new in nearly every evaluation (engine/memo.py,
    ``review``): everything but the amount is interned as usual (keyed without it), and the
    amount is put in per evaluation, so the conditions are not built again for every cent."""
    rule = v.rule
    key = ("zonder bedrag", id(rule), on, v.value, *v.req_values, *v.excl_values, *v.exem_values, *v.exem_applicable)
    entry = caches.outcomes.data.get(key)
    if entry is None or entry[0][0] is not rule:
        template = _outcome_model(caches, v, on, None)
        caches.outcomes.put(key, (rule, template), 4 + len(key) + len(template.missing))
    else:
        template = entry[0][1]
    amount = Amount.model_validate({
        "title": rule.model.amount_title or "Bedrag per maand", "cents": amount_cents, "missing": missing_models(v.amount),
    })
    return template.model_copy(update={"amount": amount})


def _outcome_model(caches: _Caches, v: RuleVerdict, on: date, amount_cents: int | None) -> Outcome:
    rule = v.rule
    m = rule.model
    amount = v.amount
    value = v.value
    status = POSITIVE[m.type] if value is True else NEGATIVE[m.type] if value is False else "undetermined"
    amount_part = None
    if m.amount:
        amount_part = {"title": m.amount_title or "Bedrag per maand", "cents": amount_cents, "missing": missing_models(amount)}
    out = dict(_static(caches, rule, _outcome_static))
    out.update(
        status=status,
        article=citation_model(m.basis, on),
        requirements=[_condition_data(c, x, on) for c, x in zip(rule.requirements, v.req_values)],
        exclusions=[_condition_data(c, x, on) for c, x in zip(rule.exclusions, v.excl_values)],
        exemptions=[_condition_data(c, x, on) for c, x, a in zip(rule.exemptions, v.exem_values, v.exem_applicable) if a],
        amount=amount_part,
        missing=missing_models(value),
    )
    return Outcome.model_validate(out)


def _computed(caches: _Caches, cid: str, version: Any, value: Any, on: date, fleeting: Collection[str] = ()) -> ComputedValue:
    cls = value.__class__
    if fleeting and cid in fleeting:  # met with a new value in nearly every evaluation: not interned
        return _computed_model(cid, version, value, on)
    key = (id(version), on, cls, value.missing if cls is Unknown else (len(value) if cls is list else value))
    entry = caches.computed.data.get(key)
    hit = None if entry is None else entry[0]
    if hit is None or hit[0] is not version:
        model = _computed_model(cid, version, value, on)
        hit = caches.computed.put(key, (version, model), 2 + len(model.missing))
    return hit[1]


def _computed_model(cid: str, version: Any, value: Any, on: date) -> ComputedValue:
    return ComputedValue.model_validate({
        "id": cid,
        "title": version.model.title,
        "value": json_value(value),
        "type": version.model.type,
        "article": citation_model(version.model.basis, on),
        "summary": version.model.summary,
        "missing": missing_names(value),
    })


def _side_finding(rules: RuleSet, ref: str | None, env: dict[str, Any]) -> tuple[str | None, bool | None]:
    if ref is None:
        return None, None
    value = env.get(ref)
    if ref in rules.rules:
        versions = rules.rules[ref]
        typ = versions[0].model.type
        if isinstance(value, Unknown):
            return "undetermined", None
        return (POSITIVE if value else NEGATIVE)[typ], bool(value)
    if isinstance(value, Unknown):
        return None, None
    if isinstance(value, bool):
        return ("ja" if value else "nee"), value
    return str(json_value(value)), None


def clear_caches() -> None:
    """Forget every interned result part. The caches of a rule set die with it and every entry
    is checked against the object it was made for, so this is never needed for correctness;
    a tool that builds and drops many rule sets (``crosslaw rules mutate``) calls it to return
    the memory of the global caches at once."""
    for cache in (_CITATIONS, _LINKS, _MISSING):
        cache.clear()
    _RULESET_CACHES.clear()


def _conflict(caches: _Caches, rules: RuleSet, v: RuleVerdict, env: dict[str, Any], on: date) -> ConflictResult:
    """Interned like outcomes: the result depends on the rule version, the values of its
    triggers and the findings of its sides, nothing else."""
    m = v.rule.model
    findings = tuple([_side_finding(rules, sd.ref, env) for sd in m.sides])  # type: ignore[union-attr]
    shown = v.shown  # a remembered verdict (engine/memo.py) shown before on this date with these findings
    if shown is not None and shown[0] == on and shown[1] == findings:
        return shown[2]
    key = (
        id(v.rule), on, _key(v.value), findings, tuple([lv.holds_on(on) for lv in m.levers]),  # type: ignore[union-attr]
        tuple([x.missing if x.__class__ is Unknown else x for x in v.req_values]),
        tuple([x.missing if x.__class__ is Unknown else x for x in v.excl_values]),
    )
    hit = caches.conflicts.get(key)
    if hit is None or hit[0] is not v.rule:
        model = ConflictResult.model_validate(_conflict_data(rules, v, findings, on))
        hit = caches.conflicts.put(key, (v.rule, model), 4 + len(model.missing) + len(model.triggers) + len(model.unless))
    v.shown = (on, findings, hit[1])
    return hit[1]


def lever_target(rules: RuleSet, lever: Any, on: date) -> dict[str, Any]:
    """The deviation a lever asks for, as far as the rules allow it on ``on``: the target, whether
    it is a rule or a computed value, the value it typically sets and the target's ground. Empty
    when the lever needs no deviation or its target is not deviable on that date, so no one is
    handed a proposal the service would refuse."""
    if not lever.needs_deviation or not lever.target:
        return {}
    rule = rules.rule_on(lever.target, on)
    if rule is not None:
        dev = rule.model.deviation
        if rule.model.type == "conflict" or not dev.deviable:
            return {}
        return {"target": lever.target, "target_kind": "rule", "target_value": lever.target_value, "ground": dev.ground,
                "effect_computed": rule.model.amount is not None}
    value = rules.computed_on(lever.target, on)
    if value is None or value.model.deviation is None or not value.model.deviation.deviable:
        return {}
    return {"target": lever.target, "target_kind": "value", "target_value": lever.target_value,
            "ground": value.model.deviation.ground, "mandate": lever.mandate or value.model.deviation.mandate,
            "effect_computed": True}


def _conflict_data(rules: RuleSet, v: RuleVerdict, findings: tuple[Any, ...], on: date) -> dict[str, Any]:
    m = v.rule.model
    sides = []
    for sd, (finding, value) in zip(m.sides, findings):  # type: ignore[union-attr]
        sides.append({"law": sd.law, "ref": sd.ref, "role": sd.role, "article": citation(sd.basis, on), "finding": finding, "value": value})
    levers = [
        {"title": lv.title, "explanation": lv.explanation, "instrument": lv.instrument, "article": citation(lv.basis, on),
         "needs_deviation": lv.needs_deviation, "mandate": lv.mandate, **lever_target(rules, lv, on)}
        for lv in m.levers if lv.holds_on(on)  # type: ignore[union-attr]
    ]
    return {
        "id": m.id,
        "version": v.rule.version,
        "category": m.category,  # type: ignore[union-attr]
        "category_title": CATEGORY_NL[m.category],  # type: ignore[union-attr]
        "title": m.title,
        "explanation": m.explanation.strip(),
        "severity": m.severity,  # type: ignore[union-attr]
        "status": "present" if v.value is True else "possible",
        "article": citation(m.basis, on),
        "valid_from": m.valid_from,
        "valid_to": m.valid_to,
        "sides": sides,
        "triggers": [_condition(c, on) for c in v.requirements],
        "unless": [_condition(c, on) for c in v.exclusions],
        "levers": levers,
        "missing": missing(v.value),
    }


def _basis_changes(rules: RuleSet | None, d: Any, on: date) -> list[str]:
    if rules is None:
        return []
    from crosslaw.deviation.review import basis_changes  # the deviation layer sits above the result

    return basis_changes(rules, d, on)


SEVERITY_ORDER = {"hoog": 0, "middel": 1, "laag": 2}


@per_owner(maxsize=1024)
def _shown_computed(rules: RuleSet, on: date, law: str, full: bool) -> list[tuple[str, Any]]:
    """The computed values a law's result shows on a date (summary ones, or all); called with
    the first day of the date's period (``RuleSet.epoch``), where the same versions hold."""
    return [
        (cid, version) for cid, version in rules.computed_in_force(on)
        if version is not None and version.law == law and (version.model.summary or full)
    ]


@per_owner(maxsize=1024)
def _frame(rules: RuleSet, on: date, full: bool) -> tuple[list[tuple[str, str, dict[str, Any], list[tuple[str, Any]]]], dict[str, tuple[int, int]]]:
    """What an evaluation on ``on`` shows whatever the situation: per law (in the rule set's
    order, conflicts apart) its name, coverage and the computed values it shows; and per rule
    id in force the bucket its outcome goes in (law, then benefits and services before
    obligations before measures: the order a reader meets them)."""
    laws = []
    for law, meta in rules.laws.items():
        if meta.kind == "conflicts":
            continue
        coverage = law_coverage(rules, law, on)
        shown = _shown_computed(rules, rules.epoch(on), law, full) if coverage["status"] == "encoded" else []
        laws.append((law, meta.name, coverage, shown))
    index = {law: i for i, (law, _, _, _) in enumerate(laws)}
    buckets = {
        r.id: (index[r.law], TYPE_ORDER[r.model.type])
        for r in rules.rules_in_force(on) if r.model.type != "conflict" and r.law in index
    }
    return laws, buckets


def build_evaluation(
    rules: RuleSet, situation: Situation, on: date, env: dict[str, Any], verdicts: list[RuleVerdict], detail: str = "summary",
    fleeting: Collection[str] = (),
) -> Evaluation:
    """``detail="full"`` also lists every intermediate computed value, not only the summary ones.
    ``fleeting``: rules whose outcomes are not worth interning (see ``_outcome``)."""
    caches = _caches(rules)
    frame, buckets = _frame(rules, on, detail == "full")
    by_law: list[list[list[Outcome]]] = [[[], [], []] for _ in frame]
    unknown: list[frozenset[str]] = []  # the missing facts of every undetermined outcome and conflict
    conflicts: list[ConflictResult] = []
    for v in verdicts:
        value = v.value
        place = buckets.get(v.rule.id)
        if place is None:  # a conflict
            if value is not False:  # a conflict that is absent is not listed
                conflicts.append(_conflict(caches, rules, v, env, on))
                if value.__class__ is Unknown:
                    unknown.append(value.missing)
            continue
        by_law[place[0]][place[1]].append(_outcome(caches, v, on, fleeting))
        if value.__class__ is Unknown:
            unknown.append(value.missing)
    conflicts.sort(key=lambda c: (c.status != "present", SEVERITY_ORDER[c.severity], c.id))
    laws = []
    for (law, name, coverage, shown), kinds in zip(frame, by_law):
        computed = [_computed(caches, cid, version, env[cid], on, fleeting) for cid, version in shown]
        laws.append({"law": law, "name": name, "outcomes": kinds[0] + kinds[1] + kinds[2], "computed": computed, **coverage})
    counts = Counter(chain.from_iterable(unknown))
    ranked = sorted(counts, key=lambda f: (-counts[f], f))
    return Evaluation.model_validate({
        "evaluation_date": on,
        "ruleset_digest": rules.digest,
        "crosslaw_version": __version__,
        "case_ref": situation.case_ref,
        "situation_digest": situation_digest(situation),
        "laws": laws,
        "conflicts": conflicts,
        "missing": [missing_fact(f) for f in ranked],
        "notices": coverage_notices(rules, on),
    })


def apply_deviations(evaluation: Evaluation, deviations: Any, on: date, rules: RuleSet | None = None) -> Evaluation:
    """Show each outcome a deviation in force covers both ways, marked with the record's id;
    with ``rules``, also what changed in the rule's legal footing since ('grondslag gewijzigd')."""
    by_rule = {d.rule_id: d for d in deviations if d.in_force(on) and getattr(d, "target_kind", "rule") == "rule"}
    if not by_rule:
        return evaluation
    laws = []
    for law in evaluation.laws:
        outcomes = []
        for o in law.outcomes:
            d = by_rule.get(o.id)
            if d is None:
                outcomes.append(o)
                continue
            amount = o.amount
            if amount is not None and d.amount_with_cents is not None:
                amount = amount.model_copy(update={"cents": d.amount_with_cents})
            applied = AppliedDeviation(
                id=d.id, ground=d.ground, status_without=o.status, status_with=d.status_with,
                amount_without_cents=o.amount.cents if o.amount else None, amount_with_cents=d.amount_with_cents,
                ends_on=d.ends_on, review_on=d.review_on, same_rule_version=(d.rule_version == o.version),
                basis_changed=_basis_changes(rules, d, on),
            )
            outcomes.append(o.model_copy(update={"status": d.status_with, "amount": amount, "applied_deviation": applied}))
        laws.append(law.model_copy(update={"outcomes": outcomes}))
    return evaluation.model_copy(update={"laws": laws})
