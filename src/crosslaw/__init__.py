"""crosslaw: one situation, four Dutch social-domain laws, the conflicts between them.

The public API is small on purpose::

    from datetime import date
    from crosslaw import Engine

    engine = Engine()                                   # load the shipped rules once
    evaluation = engine.evaluate(situation, on=date(2026, 1, 1))
    evaluation.model_dump(mode="json")                  # what the CLI prints as JSON
"""

from datetime import date
from typing import TYPE_CHECKING, Any

from crosslaw.engine.engine import Engine, situation_digest
from crosslaw.errors import CrosslawError, EngineConsistencyError, ExpressionError, RuleFileError, SituationError
from crosslaw.explanation.result import Evaluation, Outcome
from crosslaw.ruleset.compiled import RuleSet
from crosslaw.ruleset.loader import default_rules_dir, load_rules
from crosslaw.situation import parse_situation
from crosslaw.situation.bsn import is_valid_bsn, pseudonym
from crosslaw.situation.files import load_any, load_situation
from crosslaw.situation.model import Situation
from crosslaw.version import __version__


if TYPE_CHECKING:
    from crosslaw.household.model import HouseholdSituation
    from crosslaw.household.result import HouseholdEvaluation

_LAZY = {  # the household models load on first use: a single-person evaluation never needs them
    "HouseholdSituation": "crosslaw.household.model",
    "HouseholdEvaluation": "crosslaw.household.result",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'crosslaw' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def screen(table: "Any", on: "date", rules: RuleSet | None = None, key: bytes | None = None, deviations: "Any" = ()) -> "Any":
    """Screen a whole population table (polars, Arrow or pandas; one row per resident) on ``on``.

    Returns a polars DataFrame (``.to_arrow()`` for Arrow): per resident the status of every
    outcome and conflict, amounts, computed values and missing facts (bitmasks). Imported lazily:
    polars stays out of the per-resident path's start-up."""
    from crosslaw.screening import screen as run

    return run(table, on, rules=rules, key=key, deviations=deviations)


def screen_dask(ddf: "Any", on: "date", key: bytes | None = None) -> "Any":
    """Screen a Dask DataFrame partition by partition on the current Dask scheduler."""
    from crosslaw.screening import screen_dask as run

    return run(ddf, on, key=key)

__all__ = [
    "Engine",
    "Evaluation",
    "HouseholdEvaluation",
    "HouseholdSituation",
    "Outcome",
    "RuleSet",
    "Situation",
    "CrosslawError",
    "EngineConsistencyError",
    "ExpressionError",
    "RuleFileError",
    "SituationError",
    "default_rules_dir",
    "is_valid_bsn",
    "load_any",
    "load_rules",
    "load_situation",
    "parse_situation",
    "pseudonym",
    "screen",
    "screen_dask",
    "situation_digest",
    "__version__",
]
