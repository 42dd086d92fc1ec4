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

__all__ = ["render_report", "render_resident_page"]


def render_report(evaluation: Evaluation, deviations: Sequence[Any] = (), fmt: str = "md", terms: Any = None,
                  situation: Any = None) -> str:
    """The intake report for one evaluation, as Markdown (``fmt="md"``) or one HTML page (``"html"``).

    ``deviations`` are the motivated deviations recorded for this case (``Deviation`` objects or
    their dicts, e.g. from ``DeviationService.for_case``); deviations the evaluation already applied
    are listed too. The only date in the report is the peildatum. ``terms`` (``RuleSet.parameters_on``)
    and ``situation`` let the next steps say by when (see ``steps.next_steps``).
    """
    if fmt not in ("md", "html"):
        raise ValueError(f"onbekend formaat {fmt!r}: kies 'md' of 'html'")
    view = report_view(evaluation, list(deviations), terms, situation)
    if fmt == "md":
        return render("report.md.j2", v=view).rstrip() + "\n"
    return render("report.html.j2", v=view, css=css())


def render_resident_page(evaluation: Evaluation, deviations: Sequence[Any] = (), fmt: str = "html", terms: Any = None,
                         situation: Any = None, contact: str | None = None) -> str:
    """The page for the resident in plain Dutch (B1): one A4 page in HTML, or Markdown (``fmt="md"``)."""
    from crosslaw.presentation.resident import resident_page

    if fmt not in ("md", "html"):
        raise ValueError(f"onbekend formaat {fmt!r}: kies 'md' of 'html'")
    page = resident_page(evaluation, list(deviations), terms, situation, contact)
    if fmt == "md":
        return render("inwoner.md.j2", p=page).rstrip() + "\n"
    return render("inwoner.html.j2", p=page, css=css())
