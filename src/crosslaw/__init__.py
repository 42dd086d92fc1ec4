"""crosslaw: one situation, four Dutch social-domain laws, the conflicts between them.

The public API is small on purpose::

    from datetime import date
    from crosslaw import Engine

    engine = Engine()                                   # load the shipped rules once
    evaluation = engine.evaluate(situation, on=date(2026, 1, 1))
    evaluation.model_dump(mode="json")                  # what the CLI prints as JSON
"""

from crosslaw.engine.engine import Engine, situation_digest
from crosslaw.errors import CrosslawError, EngineConsistencyError, ExpressionError, RuleFileError, SituationError
from crosslaw.explanation.result import Evaluation, Outcome
from crosslaw.ruleset.compiled import RuleSet
from crosslaw.ruleset.loader import default_rules_dir, load_rules
from crosslaw.situation import parse_situation
from crosslaw.situation.bsn import is_valid_bsn, pseudonym
from crosslaw.situation.model import Situation
from crosslaw.version import __version__

__all__ = [
    "Engine",
    "Evaluation",
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
    "load_rules",
    "parse_situation",
    "pseudonym",
    "situation_digest",
    "__version__",
]
