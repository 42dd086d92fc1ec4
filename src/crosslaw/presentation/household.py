"""Dutch text for a household: a section per person, one for the tensions between persons, and the
diff per person with the reason for each change.

Kept small on purpose: the per-person sections reuse the single-person overview, so a household
reads like today's evaluation, once per person, under that person's name.
"""

from __future__ import annotations

from typing import Any, Optional

from crosslaw.household.diff import HouseholdDiff
from crosslaw.household.result import HouseholdConflict, HouseholdEvaluation
from crosslaw.presentation.words import playing

ROLE_NL = {"ouder": "ouder", "kind": "kind", "persoon": "", "partner": "partner", "huisgenoot": "huisgenoot",
           "mantelzorger": "mantelzorger", "zorgvrager": "zorgvrager"}


def _plain(text: str, **_: Any) -> str:
    return text


def _names(ev: HouseholdEvaluation) -> dict[str, str]:
    return {p.ref: p.name for p in ev.persons}


def render_person_conflicts(ev: HouseholdEvaluation, style: Any = _plain, verbose: bool = False) -> list[str]:
    from crosslaw.presentation.text import SEVERITY_COLOUR
    from crosslaw.presentation.words import STATUS_CONFLICT_NL, STATUS_NL, lever_tags

    if not ev.conflicts:
        return []
    names = _names(ev)
    present = sum(1 for c in ev.conflicts if c.status == "present")
    out = [style(f"SPANNINGEN TUSSEN PERSONEN ({playing(present, len(ev.conflicts) - present)})", bold=True, underline=True)]
    for c in ev.conflicts:
        who = " en ".join(f"{names[ref]} ({ROLE_NL.get(role) or role})" for role, ref in c.persons.items())
        head = style(f"⚠ [{c.severity}] {c.title}", fg=SEVERITY_COLOUR[c.severity], bold=True)
        out.append(f"  {head}  ({who}; {STATUS_CONFLICT_NL[c.status]})")
        out.append(f"      {c.explanation}")
        for sd in c.sides:
            finding = STATUS_NL.get(sd.finding or "", sd.finding or "onbekend")
            out.append(f"      · {names.get(sd.person, sd.person)}, {sd.law}: {sd.role}: {finding}  [{sd.article.text}]")
        if c.missing:
            out.append("      Nog nodig: " + "; ".join(m.question for m in c.missing))
        out.append("      Hefbomen:")
        for lv in c.levers:
            extra = lever_tags(lv)
            suffix = f" ({'; '.join(extra)})" if extra else ""
            out.append(f"        → {lv.title}  [{lv.article.text}]{suffix}")
            if verbose:
                out.append(f"          {lv.explanation}")
    out.append("")
    return out


def render_household_text(ev: HouseholdEvaluation, color: bool = False, verbose: bool = False) -> str:
    """The household overview: per person the laws that concern them, then the tensions between persons."""
    from crosslaw.presentation.text import render_text
    from crosslaw.presentation.words import dutch_date

    if color:
        import click

        style: Any = click.style
    else:
        style = _plain
    out = [
        style(f"crosslaw: evaluatie van het huishouden op {dutch_date(ev.evaluation_date)}", bold=True),
        f"Dossier: {ev.case_ref or '(geen referentie)'} · {len(ev.persons)} personen · regelset {ev.ruleset_digest[:12]} · crosslaw {ev.crosslaw_version}",
        "",
    ]
    for p in ev.persons:
        age = f", {p.age} jaar" if p.age is not None else ""
        out.append(style(f"=== {p.name}{age} ===", bold=True))
        for nc in p.not_concerned:
            out.append(f"  {nc.name}: niet van toepassing op {p.name} ({nc.reason})  [{nc.article.text}]")
        body = render_text(p.evaluation.model_copy(update={"missing": []}), color=color, verbose=verbose).splitlines()
        out.extend(body[3:-1])  # without the single-person header and footer
    out.extend(render_person_conflicts(ev, style, verbose))
    if ev.missing:
        out.append(style("Nog te beantwoorden (belangrijkste eerst)", bold=True))
        out.extend(f"  {i}. {m.question}" for i, m in enumerate(ev.missing, 1))
        out.append("")
    out.append("Dit is een advies; de professional beslist (AVG art. 22).")
    return "\n".join(out)


def render_household_diff(d: HouseholdDiff, names: Optional[dict[str, str]] = None) -> str:
    from crosslaw.presentation.diff import change_value as show
    from crosslaw.presentation.words import dutch_date

    names = names or {p.ref: p.name for p in d.persons}
    lines = [f"Wat verandert er in het huishouden tussen {dutch_date(d.date_from)} en {dutch_date(d.date_to)}?", ""]
    for p in d.persons:
        ages = f", {p.age_before} → {p.age_after} jaar" if p.age_before != p.age_after else (f", {p.age_after} jaar" if p.age_after is not None else "")
        lines.append(f"=== {p.name}{ages} ===")
        if not p.changes and not p.laws:
            lines.append("  Niets verandert voor " + p.name + ".")
        for lc in p.laws:
            what = "gaat gelden voor" if lc.concerns_after else "geldt niet meer voor"
            lines.append(f"  • {lc.name} {what} {p.name}")
            lines.append("      reden: " + "; ".join(x.text for x in lc.causes))
        for c in p.changes:
            lines.append(f"  • {c.title} ({c.law}): {show(c.before, c.kind, c.value_type)} → {show(c.after, c.kind, c.value_type)}")
            lines.append("      reden: " + "; ".join(x.text for x in c.causes))
        lines.append("")
    if d.conflicts:
        lines.append("=== Spanningen tussen personen ===")
        for k in d.conflicts:
            who = " en ".join(names.get(ref, ref) for ref in k.persons.values())
            lines.append(f"  • {k.title} ({who}): {show(k.before, 'conflict')} → {show(k.after, 'conflict')}")
            lines.append("      reden: " + "; ".join(x.text for x in k.causes))
        lines.append("")
    return "\n".join(lines).rstrip()


__all__ = ["render_household_text", "render_household_diff", "render_household_conflicts", "render_person_conflicts", "HouseholdConflict"]


def render_household_conflicts(ev: HouseholdEvaluation, fmt: str = "text", color: bool = False, verbose: bool = False,
                               source: Optional[str] = None) -> str:
    """``crosslaw conflicts`` for a household: each person's own conflicts (a lever that needs a
    deviation with the command that proposes it for that person), then those between persons."""
    import json

    from crosslaw.presentation.proposal import conflicts_json
    from crosslaw.presentation.text import render_conflicts
    from crosslaw.presentation.words import dutch_date

    if fmt == "json":
        data = {
            "persons": {p.ref: conflicts_json(p.evaluation, source, p.ref) for p in ev.persons},
            "between_persons": [c.model_dump(mode="json") for c in ev.conflicts],
        }
        return json.dumps(data, indent=2, ensure_ascii=False)
    if color:
        import click

        style: Any = click.style
    else:
        style = _plain
    out = [f"Spanningen op {dutch_date(ev.evaluation_date)} · dossier {ev.case_ref or '(geen referentie)'}", ""]
    for p in ev.persons:
        lines = render_conflicts(p.evaluation, style, verbose, source, person=p.ref)
        out.append(style(f"=== {p.name} ===", bold=True))
        out.extend(lines or ["  Geen spanningen tussen de wetten voor " + p.name + ".", ""])
    out.extend(render_person_conflicts(ev, style, verbose) or ["Geen spanningen tussen personen gevonden.", ""])
    return "\n".join(out).rstrip()
