"""Presentation: everything that turns an ``Evaluation`` into text for people.

This package sits above the engine: it reads the evaluation model (``crosslaw.explanation.result``)
and nothing below imports it. The text view (``text.py``), the reports in Markdown and HTML
(``report.py``, rendered from one view model in ``view.py`` through Jinja2 templates with
autoescaping), the next steps (``steps.py``), the date diff (``diff.py``) and the shared Dutch
words (``words.py``).
"""

from crosslaw.presentation.diff import render_diff
from crosslaw.presentation.report import render_report
from crosslaw.presentation.steps import Step, next_steps
from crosslaw.presentation.text import render_conflicts, render_text

__all__ = ["render_diff", "render_report", "render_text", "render_conflicts", "next_steps", "Step"]
