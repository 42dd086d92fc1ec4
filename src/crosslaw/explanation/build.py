"""Assemble the evaluation result from the explainer's verdicts.

The result is built as plain data and validated into the pydantic model in one pass:
pydantic-core checks a nested dict far faster than thousands of model constructors,
and the model still guarantees the stable shape case systems rely on.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from datetime import date
from typing import Any

from crosslaw.engine.explainer import ConditionValue, RuleVerdict
from crosslaw.explanation.result import Evaluation
from crosslaw.language.evaluate import round_money
from crosslaw.language.values import Unknown
from crosslaw.ruleset.compiled import RuleSet
from crosslaw.ruleset.model import Basis
from crosslaw.situation.facts import question_for
from crosslaw.situation.model import Situation
from crosslaw.version import __version__

POSITIVE = {"benefit": "eligible", "service": "eligible", "obligation": "applies", "measure": "applies"}
NEGATIVE = {"benefit": "not_eligible", "service": "not_eligible", "obligation": "does_not_apply", "measure": "does_not_apply"}
TYPE_ORDER = {"benefit": 0, "service": 0, "obligation": 1, "measure": 2}

_CITATIONS: dict[int, tuple[Basis, dict[str, str]]] = {}


def citation(basis: Basis) -> dict[str, str]:
    hit = _CITATIONS.get(id(basis))
    if hit is None or hit[0] is not basis:
        hit = _CITATIONS[id(basis)] = (basis, {"text": basis.cite(), "link": basis.link})
    return hit[1]


def missing(value: Any) -> list[dict[str, str]]:
    if not isinstance(value, Unknown):
        return []
    return [{"fact": f, "question": question_for(f)} for f in sorted(value.missing)]


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
    """SHA-256 of the canonical situation without the BSN (a BSN's hash is reversible by brute force)."""
    data = situation.model_dump(mode="json", exclude={"bsn"})
    return hashlib.sha256(json.dumps(data, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def _condition(cv: ConditionValue, env: dict[str, Any]) -> dict[str, Any]:
    c = cv.condition
    return {
        "id": c.model.id,
        "role": c.role,
        "title": c.model.title,
        "value": None if isinstance(cv.value, Unknown) else bool(cv.value),
        "article": citation(c.basis),
        "facts": {n: json_value(env.get(n)) for n in sorted(c.names)},
        "missing": missing(cv.value),
    }


def _outcome(v: RuleVerdict, env: dict[str, Any]) -> dict[str, Any]:
    m = v.rule.model
    status = POSITIVE[m.type] if v.value is True else NEGATIVE[m.type] if v.value is False else "undetermined"
    amount = None
    if m.amount:
        known = v.amount is not None and not isinstance(v.amount, Unknown)
        amount = {
            "title": m.amount_title or "Bedrag per maand",
            "cents": round_money(v.amount) if known else None,
            "missing": missing(v.amount),
        }
    return {
        "id": m.id,
        "version": v.rule.version,
        "law": v.rule.law,
        "type": m.type,
        "title": m.title,
        "status": status,
        "article": citation(m.basis),
        "kind": m.kind,
        "deviation": {"deviable": m.deviation.deviable, "ground": m.deviation.ground, "note": m.deviation.note},
        "valid_from": m.valid_from,
        "valid_to": m.valid_to,
        "explanation": m.explanation.strip(),
        "requirements": [_condition(c, env) for c in v.requirements],
        "exclusions": [_condition(c, env) for c in v.exclusions],
        "exemptions": [_condition(c, env) for c in v.exemptions if c.applicable],
        "amount": amount,
        "missing": missing(v.value),
    }


def build_evaluation(rules: RuleSet, situation: Situation, on: date, env: dict[str, Any], verdicts: list[RuleVerdict]) -> Evaluation:
    by_law: dict[str, list[dict[str, Any]]] = {law: [] for law in rules.laws}
    counts: Counter[str] = Counter()
    for v in verdicts:
        o = _outcome(v, env)
        counts.update(f["fact"] for f in o["missing"])
        by_law[v.rule.law].append(o)
    laws = []
    for law, meta in rules.laws.items():
        computed = [
            {
                "id": cid,
                "title": version.model.title,
                "value": json_value(env[cid]),
                "type": version.model.type,
                "article": citation(version.model.basis),
                "summary": version.model.summary,
                "missing": missing(env[cid]),
            }
            for cid, version in rules.computed_in_force(on)
            if version is not None and version.law == law
        ]
        outcomes = sorted(by_law[law], key=lambda o: TYPE_ORDER[o["type"]])
        laws.append({"law": law, "name": meta.name, "outcomes": outcomes, "computed": computed})
    ranked = sorted(counts, key=lambda f: (-counts[f], f))
    return Evaluation.model_validate({
        "evaluation_date": on,
        "ruleset_digest": rules.digest,
        "crosslaw_version": __version__,
        "case_ref": situation.case_ref,
        "situation_digest": situation_digest(situation),
        "laws": laws,
        "missing": [{"fact": f, "question": question_for(f)} for f in ranked],
    })
