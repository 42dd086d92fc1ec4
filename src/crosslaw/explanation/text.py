"""Moved to ``crosslaw.presentation`` (text view) and ``crosslaw.presentation.words``.

Kept only so imports of the old path keep working while other branches land; new code
imports from ``crosslaw.presentation``. Nothing below the engine imports this module.
"""

from crosslaw.presentation.text import SEVERITY_COLOUR, render_conflicts, render_text  # noqa: F401
from crosslaw.presentation.words import (  # noqa: F401
    COLOUR,
    GROUND_NL,
    KIND_NL,
    MARK,
    MONTHS,
    STATUS_CONFLICT_NL,
    STATUS_NL,
    TYPE_NL,
    dutch_date,
    euro,
    lever_tags,
)
