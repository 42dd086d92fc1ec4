"""The engine: one situation and one date in, one evaluation of every law out."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping, Sequence, overload

from crosslaw.engine.explainer import RuleVerdict, explain
from crosslaw.engine.memo import MEMO_LIMIT, ExplainMemo
from crosslaw.engine.rete import ReteNetwork
from crosslaw.errors import CrosslawError, EngineConsistencyError, SituationError
from crosslaw.explanation.build import apply_deviations, build_evaluation, situation_digest
from crosslaw.explanation.result import Evaluation
from crosslaw.household.parse import is_household
from crosslaw.language.evaluate import EvaluationError, round_money
from crosslaw.language.values import Unknown, facts_named
from crosslaw.ruleset.compiled import RuleSet
from crosslaw.ruleset.loader import load_rules
from crosslaw.situation import parse_situation
from crosslaw.situation.facts import check_dates, derive
from crosslaw.situation.model import Situation

if TYPE_CHECKING:  # the household classes load with the first household (household/parse.py)
    from crosslaw.household.model import HouseholdSituation
    from crosslaw.household.result import HouseholdEvaluation

__all__ = ["Engine", "situation_digest", "value_overrides"]


def value_overrides(deviations: Sequence[Any], on: date, rules: RuleSet) -> dict[str, Any]:
    """The computed values the value deviations in force on ``on`` set (id -> value), for the
    values that exist on that date."""
    out: dict[str, Any] = {}
    for d in deviations:
        if getattr(d, "target_kind", "rule") == "value" and d.in_force(on) and rules.computed_on(d.rule_id, on) is not None:
            out[d.rule_id] = d.value_with
    return out

NOT_ENCODED = Unknown(frozenset())  # the value of a rule or computed value whose law is not encoded for the date

class Engine:
    """Loads the rules once; evaluates many situations, from many threads if need be.

    >>> from datetime import date
    >>> engine = Engine()                                   # the rules shipped with crosslaw
    >>> evaluation = engine.evaluate({"person": {"birth_date": "1990-01-01"}}, on=date(2026, 1, 1))
    >>> evaluation.outcome("pw.algemene_bijstand").status
    'undetermined'
    """

    def __init__(self, rules: RuleSet | str | Path | None = None, memo_limit: int = MEMO_LIMIT) -> None:
        """``memo_limit`` bounds what the explainer remembers (engine/memo.py; 0: nothing)."""
        self.rules = rules if isinstance(rules, RuleSet) else load_rules(rules)
        self._network = ReteNetwork(self.rules)
        self._memo = ExplainMemo(self.rules, memo_limit)

    @property
    def network(self) -> ReteNetwork:
        return self._network

    @property
    def person_network(self) -> ReteNetwork:
        """The Rete network of the conflicts between persons (built on first use)."""
        net = self.__dict__.get("_person_network")
        if net is None:
            if self.rules.person_conflicts is None:
                raise CrosslawError("deze regels bevatten geen conflicten tussen personen")
            net = self.__dict__["_person_network"] = ReteNetwork(self.rules.person_conflicts)
        return net

    def explain_all(self, situation: Situation | Mapping[str, Any], on: date,
                    overrides: Mapping[str, Any] | None = None) -> tuple[dict[str, Any], list[RuleVerdict]]:
        """The explainer's pass: facts, parameters, computed values and every rule in force,
        in dependency order, so a rule or formula can read another rule's outcome.

        ``overrides`` sets computed values a motivated deviation fixes for this resident; they
        are set in the environment both evaluators read, so everything downstream moves and
        Rete and the explainer still see the same facts.

        A step met before with the same inputs on the same date is taken from the engine's memo
        (engine/memo.py): its inputs are read from the environment, so overrides move it too."""
        s = parse_situation(situation)
        check_dates(s, on)
        env = derive(s, on)
        env.update(self.rules.parameters_on(on))
        verdicts: list[RuleVerdict] = []
        skipped = self.rules.not_evaluated(on)  # a law not encoded for this date answers "unknown"
        memo = self._memo
        data = memo.cache.data  # if a put below shrinks the cache, the rest of this pass reads the old dict: still valid
        lookups = misses = 0
        for computed, ident, item, slot, getter in memo.plan(on):
            if skipped and ident in skipped:
                env[ident] = NOT_ENCODED
                continue
            if item is None:  # not in force on this date: a rule does not apply, a value is unknown
                env[ident] = Unknown(frozenset()) if computed else False
                continue
            if computed and overrides and ident in overrides:
                env[ident] = overrides[ident]
                continue
            if slot:
                key = (slot, on, getter(env))
                lookups += 1
                hit = data.get(key)  # BoundedCache.get without the call (hot path)
                if hit is not None:
                    if computed:
                        env[ident] = hit[0]
                    else:
                        verdicts.append(hit[0])
                        env[ident] = hit[0].value
                    continue
                misses += 1
                memo.slot_misses[slot] += 1
            try:
                if computed:
                    value = item.fn(env, ())
                    if item.money and value.__class__ is not int:  # type: ignore[union-attr]
                        value = round_money(value)
                    env[ident] = value
                    if slot:
                        memo.cache.put(key, value, 1 + facts_named(key[2]) + (len(value) if value.__class__ is Unknown else 0))
                else:
                    verdict = explain(item, env, on)  # type: ignore[arg-type]
                    verdicts.append(verdict)
                    env[ident] = verdict.value
                    if slot:
                        memo.cache.put(key, verdict, verdict.weight() + facts_named(key[2]))
            except EvaluationError as e:
                raise CrosslawError(f"{item.file}:{item.line}: {ident}: {e}") from None  # type: ignore[union-attr]
        memo.counted(lookups, misses)
        return env, verdicts

    def facts(self, situation: Situation | Mapping[str, Any], on: date) -> dict[str, Any]:
        """The full environment (facts, parameters, computed values, rule outcomes) for ``on``."""
        return self.explain_all(situation, on)[0]

    @overload
    def evaluate(self, situation: "HouseholdSituation", on: date | None = ..., detail: str = ..., deviations: Sequence[Any] = ...) -> "HouseholdEvaluation": ...

    @overload
    def evaluate(self, situation: Situation | Mapping[str, Any], on: date | None = ..., detail: str = ..., deviations: Sequence[Any] = ...) -> Evaluation: ...

    def evaluate(
        self,
        situation: "Situation | HouseholdSituation | Mapping[str, Any]",
        on: date | None = None,
        detail: str = "summary",
        deviations: Sequence[Any] = (),
        overrides: Mapping[str, Any] | None = None,
    ) -> "Evaluation | HouseholdEvaluation":
        """Evaluate ``situation`` against every law on ``on`` (default: its peildatum).

        ``detail="full"`` adds every intermediate computed value to each law's result.
        ``deviations`` are approved motivated deviations for this resident (see
        ``DeviationService.for_case``); each one in force shows its outcome both ways, and a
        deviation from a computed value is evaluated through: the result is the evaluation
        with the deviation, with the counterfactual (what changed downstream) attached.
        ``overrides`` sets computed values directly (what a value deviation does).
        A household (a mapping with ``persons``, or a ``HouseholdSituation``) gives a
        ``HouseholdEvaluation``: each person under the laws that concern them, and the
        conflicts between persons.
        """
        if is_household(situation):
            from crosslaw.household.evaluate import evaluate_household
            from crosslaw.household.parse import parse_household

            h = parse_household(situation)
            when_h = on or h.peildatum
            if when_h is None:
                raise SituationError([("peildatum", "geen peildatum: geef een evaluatiedatum op of vul 'peildatum' in")])
            return evaluate_household(self, h, when_h, detail, deviations)
        s = parse_situation(situation)  # type: ignore[arg-type]
        when = on or s.peildatum
        if when is None:
            raise SituationError([("peildatum", "geen peildatum: geef een evaluatiedatum op of vul 'peildatum' in")])
        values = value_overrides(deviations, when, self.rules)
        if values:
            from crosslaw.deviation.effect import attach_effects

            without = self._evaluate_once(s, when, detail, overrides)
            merged = {**values, **(overrides or {})}
            evaluation = self._evaluate_once(s, when, detail, merged)
            evaluation = attach_effects(evaluation, without, deviations, when, self, s)
        else:
            evaluation = self._evaluate_once(s, when, detail, overrides)
        return apply_deviations(evaluation, deviations, when, self.rules) if deviations else evaluation

    def _evaluate_once(self, s: Situation, when: date, detail: str, overrides: Mapping[str, Any] | None) -> Evaluation:
        env, verdicts = self.explain_all(s, when, overrides)
        fired, outcomes = self._network.run(env, skip=self.rules.not_evaluated(when))
        self._check_agreement(verdicts, fired, outcomes, env)
        return build_evaluation(self.rules, s, when, env, verdicts, detail, self._memo.volatile)

    def _check_agreement(self, verdicts: list[RuleVerdict], fired: set[str], outcomes: dict[str, bool], env: dict[str, Any]) -> None:
        # The network fires exactly when the explainer says "true", unknown facts included
        # (see language/rete.py), so any difference is a bug in one of the two evaluators.
        for v in verdicts:
            rule = v.rule
            rete = rule.rete_name in fired
            if (v.value is True) != rete:
                raise EngineConsistencyError(f"Rete and explainer disagree on {rule.rete_name}: explainer {v.value!r}, rete {rete}")
            if v.exem_values:
                for name, value, applicable in zip(rule.exemption_rete_names, v.exem_values, v.exem_applicable):
                    if (applicable and value is True) != (name in fired):
                        raise EngineConsistencyError(f"Rete and explainer disagree on {name}: explainer {value!r}, rete {name in fired}")
        for rule_id in self._network.referenced:
            explained = env[rule_id]
            expected = None if isinstance(explained, Unknown) else explained
            if outcomes.get(rule_id) != expected:
                raise EngineConsistencyError(f"Rete and explainer disagree on the outcome of {rule_id}: explainer {explained!r}, rete {outcomes.get(rule_id)!r}")
