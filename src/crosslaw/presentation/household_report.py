"""The intake report of a household: a section per person (the laws that concern them, what is
still missing about them, their own conflicts and next steps) and one for the tensions between
persons. Built from the same per-person view model as the single-person report, rendered through
``household.md.j2`` and ``household.html.j2``; the only date in it is the peildatum."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from crosslaw.household.result import HouseholdEvaluation
from crosslaw.presentation.templating import css, render
from crosslaw.presentation.view import AVG_NOTE, ConflictView, ReportView, SideRow, _conflict_view, law_names, report_view
from crosslaw.presentation.words import dutch_date

ROLE_NL = {"ouder": "ouder", "kind": "kind", "persoon": "huisgenoot", "partner": "partner", "huisgenoot": "huisgenoot",
           "mantelzorger": "mantelzorger", "zorgvrager": "zorgvrager"}


@dataclass(frozen=True)
class PersonSection:
    ref: str
    name: str
    heading: str  # "Jayden, 17 jaar"
    not_concerned: list[tuple[str, str, Any]]  # (law name, why, citation)
    view: ReportView


@dataclass(frozen=True)
class BetweenView:
    who: str  # "Samira (ouder) en Jayden (kind)"
    conflict: ConflictView


@dataclass(frozen=True)
class HouseholdReportView:
    case: str
    peildatum: str
    peildatum_iso: str
    ruleset_digest: str
    crosslaw_version: str
    situation_short: str
    avg_note: str
    persons: list[PersonSection]
    between: list[BetweenView]
    present: int

    @property
    def title(self) -> str:
        return f"Intakeverslag huishouden {self.case} · peildatum {self.peildatum}"


def household_report_view(ev: HouseholdEvaluation) -> HouseholdReportView:
    names = {p.ref: p.name for p in ev.persons}
    persons = []
    for p in ev.persons:
        mine = (f"persons.{p.ref}.", f"relations.partner.{p.ref}.", f"relations.huisgenoten.{p.ref}.")
        view = replace(report_view(p.evaluation, []), missing=[m.question for m in ev.missing if m.fact.startswith(mine)])
        heading = p.name + (f", {p.age} jaar" if p.age is not None else "")
        persons.append(PersonSection(p.ref, p.name, heading, [(nc.name, nc.reason, nc.article) for nc in p.not_concerned], view))
    law_of: dict[str, str] = {}
    for p in ev.persons:
        law_of.update(law_names(p.evaluation))
        law_of.update({nc.law: nc.name for nc in p.not_concerned})
    between = []
    for c in ev.conflicts:
        cv = _conflict_view(c, law_of)
        sides = [SideRow(f"{names.get(s.person, s.person)}: {row.law}", row.role, row.finding, row.article) for s, row in zip(c.sides, cv.sides)]
        who = " en ".join(f"{names.get(ref, ref)} ({ROLE_NL.get(role, role)})" for role, ref in c.persons.items())
        between.append(BetweenView(who, replace(cv, sides=sides)))
    return HouseholdReportView(
        case=ev.case_ref or "(geen referentie)", peildatum=dutch_date(ev.evaluation_date), peildatum_iso=ev.evaluation_date.isoformat(),
        ruleset_digest=ev.ruleset_digest, crosslaw_version=ev.crosslaw_version, situation_short=ev.situation_digest[:16],
        avg_note=AVG_NOTE, persons=persons, between=between, present=sum(1 for c in ev.conflicts if c.status == "present"),
    )


def render_household_report(ev: HouseholdEvaluation, fmt: str = "md") -> str:
    """The household report as Markdown (``fmt="md"``) or one self-contained HTML page (``"html"``)."""
    if fmt not in ("md", "html"):
        raise ValueError(f"onbekend formaat {fmt!r}: kies 'md' of 'html'")
    view = household_report_view(ev)
    if fmt == "md":
        return render("household.md.j2", v=view).rstrip() + "\n"
    return render("household.html.j2", v=view, css=css())
