"""The Dutch text overview a professional reads at the table.

Plain text with optional colour; every line a professional might quote carries the
article it rests on, and unknowns are phrased as the questions that would settle them.
"""

from __future__ import annotations

from typing import Any, Callable

from crosslaw.explanation.result import ConditionResult, Evaluation, Outcome
from crosslaw.presentation.words import (
    COLOUR,
    GROUND_NL,
    KIND_NL,
    MARK,
    STATUS_CONFLICT_NL,
    STATUS_NL,
    TYPE_NL,
    dutch_date,
    euro,
    lever_tags,
    value_text,
)

Style = Callable[..., str]


def _plain(text: str, **_: Any) -> str:
    return text


def _truth(value: bool | None, role: str) -> str:
    if value is None:
        return "?"
    if role == "requirement":
        return "✔" if value else "✘"
    return "✘" if value else "–"  # an exclusion or exemption that holds changes the outcome


def _conditions(lines: list[str], label: str, conds: list[ConditionResult], style: Style) -> None:
    if not conds:
        return
    lines.append(f"      {label}:")
    for c in conds:
        mark = _truth(c.value, c.role)
        lines.append(f"        {mark} {c.title}  [{c.article.text}]")


def _outcome(o: Outcome, style: Style, verbose: bool) -> list[str]:
    status = style(f"{MARK[o.status]} {STATUS_NL[o.status]}", fg=COLOUR[o.status], bold=True)
    lines = [f"  {status:<1}  {style(o.title, bold=True)}  [{o.article.text}]"]
    if o.applied_deviation is not None:
        d = o.applied_deviation
        was = STATUS_NL[d.status_without] + (f", {euro(d.amount_without_cents)}" if d.amount_without_cents is not None else "")
        now = STATUS_NL[d.status_with] + (f", {euro(d.amount_with_cents)}" if d.amount_with_cents is not None else "")
        lines.append(style(f"      ✎ Gemotiveerde afwijking {d.id[:12]} ({GROUND_NL.get(d.ground, d.ground)}): zonder afwijking {was}; met afwijking {now}", fg="magenta"))
        if not d.same_rule_version:
            lines.append("        Let op: de regel is sinds de afwijking gewijzigd; heroverweeg de afwijking.")
    if o.amount is not None and o.status in ("eligible", "applies"):
        amount = euro(o.amount.cents) if o.amount.cents is not None else "nog niet te berekenen"
        lines.append(f"      {o.amount.title}: {style(amount, bold=True)}")
    if verbose:
        _conditions(lines, "Voorwaarden", o.requirements, style)
        _conditions(lines, "Uitsluitingen", o.exclusions, style)
        _conditions(lines, "Ontheffingen", o.exemptions, style)
    elif o.status in ("not_eligible", "does_not_apply"):
        # one line suffices: the first reason it does not apply
        reasons = [c for c in o.requirements if c.value is False] + [c for c in o.exclusions if c.value is True]
        reasons += [c for c in o.exemptions if c.value is True]
        if reasons:
            r = reasons[0]
            more = f" (+{len(reasons) - 1})" if len(reasons) > 1 else ""
            lines.append(f"      Reden: {r.title}{more}  [{r.article.text}]")
    else:
        # positive: the exemptions and exclusions that hold are worth knowing; open: all that is open
        open_ok = o.status == "undetermined"
        failed = [c for c in o.requirements if c.value is not True]
        _conditions(lines, "Voorwaarden open", failed, style)
        _conditions(lines, "Uitsluitingen", [c for c in o.exclusions if c.value is True or (open_ok and c.value is None)], style)
        _conditions(lines, "Ontheffingen", [c for c in o.exemptions if c.value is True or (open_ok and c.value is None)], style)
    if o.missing:
        lines.append("      Nog nodig:")
        lines.extend(f"        - {m.question}" for m in o.missing)
    if verbose:
        dev = f"afwijken mogelijk ({GROUND_NL.get(o.deviation.ground or '', o.deviation.ground)})" if o.deviation.deviable else "niet afwijkbaar"
        lines.append(f"      Soort: {KIND_NL.get(o.kind, o.kind)}; {dev}. {o.article.link}")
    return lines


SEVERITY_COLOUR = {"hoog": "red", "middel": "yellow", "laag": "cyan"}


def render_conflicts(ev: Evaluation, style: Style, verbose: bool = False) -> list[str]:
    """The conflicts between the laws, each with both sides and the levers that resolve it."""
    if not ev.conflicts:
        return []
    present = sum(1 for c in ev.conflicts if c.status == "present")
    out = [style(f"SPANNINGEN TUSSEN DE WETTEN ({present} spelen, {len(ev.conflicts) - present} mogelijk)", bold=True, underline=True)]
    for c in ev.conflicts:
        head = style(f"⚠ [{c.severity}] {c.title}", fg=SEVERITY_COLOUR[c.severity], bold=True)
        out.append(f"  {head}  ({c.category_title}; {STATUS_CONFLICT_NL[c.status]})")
        if c.status == "possible" and not verbose:
            questions = [m.question for m in c.missing]
            shown = "; ".join(questions[:3]) + (f" (+{len(questions) - 3})" if len(questions) > 3 else "")
            out.append(f"      Hangt af van: {shown}")
            continue
        out.append(f"      {c.explanation}")
        for sd in c.sides:
            finding = STATUS_NL.get(sd.finding or "", sd.finding or "onbekend")
            out.append(f"      · {sd.law}: {sd.role}: {finding}  [{sd.article.text}]")
        if verbose:
            for t in c.triggers:
                out.append(f"        {_truth(t.value, 'requirement')} {t.title}  [{t.article.text}]")
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


def render_text(ev: Evaluation, color: bool = False, verbose: bool = False) -> str:
    """The overview as text; ``color`` adds ANSI styles (only on a terminal)."""
    if color:
        import click

        style: Style = click.style
    else:
        style = _plain
    out = [
        style(f"crosslaw: evaluatie op {dutch_date(ev.evaluation_date)}", bold=True),
        f"Dossier: {ev.case_ref or '(geen referentie)'} · regelset {ev.ruleset_digest[:12]} · crosslaw {ev.crosslaw_version}",
        "",
    ]
    if ev.notices:  # the edge of knowledge comes first: what this evaluation cannot vouch for
        out.extend(style(f"Let op: {n.message}", fg="yellow") for n in ev.notices)
        out.append("")
    for law in ev.laws:
        if not law.outcomes:
            continue
        out.append(style(law.name.upper(), bold=True, underline=True))
        current = None
        for o in law.outcomes:
            group = TYPE_NL[o.type]
            if group != current:
                out.append(style(f" {group}", bold=True))
                current = group
            out.extend(_outcome(o, style, verbose))
        shown = law.computed
        if shown:
            out.append(style(" Berekeningen", bold=True))
            for c in shown:
                out.append(f"    {c.title}: {value_text(c.value, c.type)}  [{c.article.text}]")
        out.append("")
    out.extend(render_conflicts(ev, style, verbose))
    if ev.missing:
        out.append(style("Nog te beantwoorden (belangrijkste eerst)", bold=True))
        out.extend(f"  {i}. {m.question}" for i, m in enumerate(ev.missing, 1))
        out.append("")
    out.append("Dit is een advies; de professional beslist (AVG art. 22).")
    return "\n".join(out)
