"""The intake report: what a professional hands to the resident and to colleagues, in Dutch.

``render_report(evaluation, deviations, fmt)`` turns one evaluation into a summary: per law
what applies and why (each requirement with its article on wetten.overheid.nl), what is
still missing, the conflicts between the laws with both sides and their levers, the
motivated deviations recorded for the case, and the next steps (``steps.py``).

The report is a pure function of its input: the only date in it is the peildatum, never the
wall clock, so the same evaluation always gives the same report. Markdown for ``fmt="md"``;
for ``fmt="html"`` one self-contained printable page (inline CSS from
``templates/report.css``, no scripts, fonts or images; every text escaped by Jinja2's autoescape).
"""

from __future__ import annotations

from typing import Any, Sequence

from crosslaw.explanation.result import Evaluation
from crosslaw.presentation.templating import css, render
from crosslaw.presentation.view import report_view

__all__ = ["render_report"]


def render_report(evaluation: Evaluation, deviations: Sequence[Any] = (), fmt: str = "md") -> str:
    """The intake report for one evaluation, as Markdown (``fmt="md"``) or one HTML page (``"html"``).

    ``deviations`` are the motivated deviations recorded for this case (``Deviation`` objects or
    their dicts, e.g. from ``DeviationService.for_case``); deviations the evaluation already applied
    are listed too. The only date in the report is the peildatum.
    """
    if fmt not in ("md", "html"):
        raise ValueError(f"onbekend formaat {fmt!r}: kies 'md' of 'html'")
    view = report_view(evaluation, list(deviations))
    if fmt == "md":
        return render("report.md.j2", v=view).rstrip() + "\n"
    return render("report.html.j2", v=view, css=css())
