"""The engine: one situation and one date in, one evaluation of every law out."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Mapping

from crosslaw.engine.explainer import RuleVerdict, explain
from crosslaw.engine.rete import ReteNetwork
from crosslaw.errors import CrosslawError, EngineConsistencyError, SituationError
from crosslaw.explanation.build import build_evaluation, situation_digest
from crosslaw.explanation.result import Evaluation
from crosslaw.language.evaluate import EvaluationError, round_money
from crosslaw.language.values import Unknown
from crosslaw.ruleset.compiled import RuleSet
from crosslaw.ruleset.loader import load_rules
from crosslaw.situation import parse_situation
from crosslaw.situation.facts import check_dates, derive
from crosslaw.situation.model import Situation

__all__ = ["Engine", "situation_digest"]

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

    def evaluate(self, situation: Situation | Mapping[str, Any], on: date | None = None) -> Evaluation:
        """Evaluate ``situation`` against every law on ``on`` (default: its peildatum)."""
        s = parse_situation(situation)
        when = on or s.peildatum
        if when is None:
            raise SituationError([("peildatum", "geen peildatum: geef een evaluatiedatum op of vul 'peildatum' in")])
        env = self.facts(s, when)
        fired = self._network.run(env)
        verdicts = self._verdicts(env, when)
        self._check_agreement(verdicts, fired)
        return build_evaluation(self.rules, s, when, env, verdicts)

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
