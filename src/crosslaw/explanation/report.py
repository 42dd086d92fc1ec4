"""Moved to ``crosslaw.presentation.report`` and ``crosslaw.presentation.steps``.

Kept only so imports of the old path keep working while other branches land; new code
imports from ``crosslaw.presentation``. Nothing below the engine imports this module.
"""

from crosslaw.presentation.report import render_report  # noqa: F401
from crosslaw.presentation.steps import PHASES, Step, next_steps  # noqa: F401
