"""The engine: one situation and one date in, one evaluation of every law out."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any, Mapping

from crosslaw.engine.explainer import ConditionValue, RuleVerdict, explain
from crosslaw.engine.rete import ReteNetwork
from crosslaw.errors import CrosslawError, EngineConsistencyError, SituationError
from crosslaw.explanation import result as R
from crosslaw.language.evaluate import EvaluationError, round_money
from crosslaw.language.values import Unknown
from crosslaw.ruleset.compiled import CompiledCondition, RuleSet
from crosslaw.ruleset.loader import load_rules
from crosslaw.ruleset.model import Basis
from crosslaw.situation import parse_situation
from crosslaw.situation.facts import check_dates, derive, question_for
from crosslaw.situation.model import Situation
from crosslaw.version import __version__

POSITIVE = {"benefit": "eligible", "service": "eligible", "obligation": "applies", "measure": "applies"}
NEGATIVE = {"benefit": "not_eligible", "service": "not_eligible", "obligation": "does_not_apply", "measure": "does_not_apply"}


_CITATIONS: dict[int, R.Citation] = {}


def _citation(basis: Basis) -> R.Citation:
    """Citations are immutable and shared: one per basis object, built once."""
    c = _CITATIONS.get(id(basis))
    if c is None or c.link != basis.link:
        c = _CITATIONS[id(basis)] = R.Citation(text=basis.cite(), link=basis.link)
    return c


def _missing(value: Any) -> list[R.MissingFact]:
    if not isinstance(value, Unknown):
        return []
    return [R.MissingFact.model_construct(fact=f, question=question_for(f)) for f in sorted(value.missing)]


def _json_value(v: Any) -> Any:
    if isinstance(v, Unknown):
        return None
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, list):
        return f"{len(v)} item(s)"
    if hasattr(v, "as_integer_ratio") and not isinstance(v, (int, float)):
        return str(v)  # Decimal
    return v


_DEVIATIONS: dict[int, R.DeviationPolicy] = {}


def _deviation(d: Any) -> R.DeviationPolicy:
    out = _DEVIATIONS.get(id(d))
    if out is None:
        out = _DEVIATIONS[id(d)] = R.DeviationPolicy(deviable=d.deviable, ground=d.ground, note=d.note)
    return out


def situation_digest(situation: Situation) -> str:
    """SHA-256 of the canonical situation without the BSN (a BSN's hash is reversible by brute force)."""
    data = situation.model_dump(mode="json", exclude={"bsn"})
    return hashlib.sha256(json.dumps(data, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


class Engine:
    """Loads the rules once; evaluates many situations, from many threads if need be.

    >>> from datetime import date
    >>> engine = Engine()                                   # the rules shipped with crosslaw
    >>> evaluation = engine.evaluate({"person": {"birth_date": "1990-01-01"}}, on=date(2026, 1, 1))
    >>> evaluation.outcome("pw.algemene_bijstand").status
    'undetermined'
    """

    def __init__(self, rules: RuleSet | str | Path | None = None) -> None:
        self.rules = rules if isinstance(rules, RuleSet) else load_rules(rules)
        self._network = ReteNetwork(self.rules)

    @property
    def network(self) -> ReteNetwork:
        return self._network

    def facts(self, situation: Situation | Mapping[str, Any], on: date) -> dict[str, Any]:
        """The full fact environment (facts, parameters, computed values) for ``on``."""
        s = parse_situation(situation)
        check_dates(s, on)
        env = derive(s, on)
        env.update(self.rules.parameters_on(on))
        for cid, version in self.rules.computed_in_force(on):
            if version is None:
                env[cid] = Unknown(frozenset())
                continue
            try:
                value = version.fn(env, ())
            except EvaluationError as e:
                raise CrosslawError(f"{version.file}:{version.line}: {cid}: {e}") from None
            env[cid] = round_money(value) if version.type.kind == "money" else value
        return env

    def evaluate(self, situation: Situation | Mapping[str, Any], on: date | None = None) -> R.Evaluation:
        """Evaluate ``situation`` against every law on ``on`` (default: its peildatum)."""
        s = parse_situation(situation)
        when = on or s.peildatum
        if when is None:
            raise SituationError([("peildatum", "geen peildatum: geef een evaluatiedatum op of vul 'peildatum' in")])
        env = self.facts(s, when)
        fired = self._network.run(env)
        verdicts = self._verdicts(env, when)
        self._check_agreement(verdicts, fired)
        return self._result(s, when, env, verdicts)

    def _verdicts(self, env: dict[str, Any], on: date) -> list[RuleVerdict]:
        out = []
        for rule in self.rules.rules_in_force(on):
            try:
                out.append(explain(rule, env, on))
            except EvaluationError as e:
                raise CrosslawError(f"{rule.file}:{rule.line}: {rule.id}: {e}") from None
        return out

    @staticmethod
    def _check_agreement(verdicts: list[RuleVerdict], fired: set[str]) -> None:
        # The network fires exactly when the explainer says "true", unknown facts included
        # (see language/rete.py), so any difference is a bug in one of the two evaluators.
        for v in verdicts:
            rete = v.rule.rete_name in fired
            if (v.value is True) != rete:
                raise EngineConsistencyError(f"Rete and explainer disagree on {v.rule.rete_name}: explainer {v.value!r}, rete {rete}")
            for e in v.exemptions:
                name = v.rule.exemption_rete_name(e.condition.model.id)
                if (e.applicable and e.value is True) != (name in fired):
                    raise EngineConsistencyError(f"Rete and explainer disagree on {name}: explainer {e.value!r}, rete {name in fired}")

    def _condition(self, cv: ConditionValue, env: dict[str, Any]) -> R.ConditionResult:
        c: CompiledCondition = cv.condition
        value = None if isinstance(cv.value, Unknown) else bool(cv.value)
        facts = {n: _json_value(env.get(n)) for n in sorted(c.names)}
        return R.ConditionResult.model_construct(
            id=c.model.id,
            role=c.role,  # type: ignore[arg-type]
            title=c.model.title,
            value=value,
            article=_citation(c.basis),
            facts=facts,
            missing=_missing(cv.value),
        )

    def _result(self, s: Situation, on: date, env: dict[str, Any], verdicts: list[RuleVerdict]) -> R.Evaluation:
        by_law: dict[str, list[R.Outcome]] = {law: [] for law in self.rules.laws}
        counts: Counter[str] = Counter()
        for v in verdicts:
            m = v.rule.model
            if v.value is True:
                status = POSITIVE[m.type]
            elif v.value is False:
                status = NEGATIVE[m.type]
            else:
                status = "undetermined"
            missing = _missing(v.value)
            counts.update(f.fact for f in missing)
            amount = None
            if m.amount:
                amount = R.Amount.model_construct(
                    title=m.amount_title or "Bedrag per maand",
                    cents=None if v.amount is None or isinstance(v.amount, Unknown) else round_money(v.amount),
                    missing=_missing(v.amount),
                )
            by_law[v.rule.law].append(
                R.Outcome.model_construct(
                    id=m.id,
                    version=v.rule.version,
                    law=v.rule.law,
                    type=m.type,
                    title=m.title,
                    status=status,  # type: ignore[arg-type]
                    article=_citation(m.basis),
                    kind=m.kind,
                    deviation=_deviation(m.deviation),
                    valid_from=m.valid_from,
                    valid_to=m.valid_to,
                    explanation=m.explanation.strip(),
                    requirements=[self._condition(c, env) for c in v.requirements],
                    exclusions=[self._condition(c, env) for c in v.exclusions],
                    exemptions=[self._condition(c, env) for c in v.exemptions if c.applicable],
                    amount=amount,
                    missing=missing,
                )
            )
        order = {"benefit": 0, "service": 0, "obligation": 1, "measure": 2}
        for outcomes in by_law.values():
            outcomes.sort(key=lambda o: order[o.type])
        laws = []
        for law, meta in self.rules.laws.items():
            computed = []
            for cid, version in self.rules.computed_in_force(on):
                if version is None or version.law != law:
                    continue
                computed.append(
                    R.ComputedValue.model_construct(
                        id=cid,
                        title=version.model.title,
                        value=_json_value(env[cid]),
                        type=version.model.type,
                        article=_citation(version.model.basis),
                        summary=version.model.summary,
                        missing=_missing(env[cid]),
                    )
                )
            laws.append(R.LawResult.model_construct(law=law, name=meta.name, outcomes=by_law[law], computed=computed))
        missing = sorted(counts, key=lambda f: (-counts[f], f))
        return R.Evaluation.model_construct(
            evaluation_date=on,
            ruleset_digest=self.rules.digest,
            crosslaw_version=__version__,
            case_ref=s.case_ref,
            situation_digest=situation_digest(s),
            laws=laws,
            missing=[R.MissingFact(fact=f, question=question_for(f)) for f in missing],
        )
