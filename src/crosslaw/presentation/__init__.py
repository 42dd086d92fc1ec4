"""Presentation: everything that turns an ``Evaluation`` into text for people.

This package sits above the engine: it reads the evaluation model (``crosslaw.explanation.result``)
and nothing below imports it. The text view (``text.py``), the reports in Markdown and HTML
(``report.py``, rendered from one view model in ``view.py`` through Jinja2 templates with
autoescaping), the next steps (``steps.py``), the date diff (``diff.py``) and the shared Dutch
words (``words.py``).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

# Loaded on first use: a plain ``crosslaw evaluate`` needs the text view only, and importing the
# reports (view model, templates) here would cost every cold start.
_WHERE = {
    "render_diff": "crosslaw.presentation.diff",
    "render_report": "crosslaw.presentation.report",
    "Step": "crosslaw.presentation.steps",
    "next_steps": "crosslaw.presentation.steps",
    "render_conflicts": "crosslaw.presentation.text",
    "render_text": "crosslaw.presentation.text",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(import_module(_WHERE[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["render_diff", "render_report", "render_text", "render_conflicts", "next_steps", "Step"]
