"""The Dutch text overview a professional reads at the table.

Two depths. The default is short: per law what applies (with its amount), what does not
with its one deciding reason, what is still open with the question that decides it first,
and the conflicts that play; outcomes that cannot apply to this person at all (by age) are
folded into one line. ``verbose`` shows every condition and computed value. Every condition
is printed as a sentence that says whether it holds (``reasons.condition_sentence``), and
every line a professional might quote carries its article.
"""

from __future__ import annotations

from typing import Any, Callable

from crosslaw.explanation.result import ConditionResult, ConflictResult, Evaluation, LawResult, Outcome
from crosslaw.presentation.proposal import proposable
from crosslaw.presentation.money import amount_line, computed_by_id, exempt_income_line, not_computed_line
from crosslaw.presentation.reasons import condition_sentence, pending_step, reason_line, reasons, status_words
from crosslaw.presentation.words import (
    COLOUR,
    GROUND_NL,
    KIND_NL,
    MARK,
    NEGATIVE,
    POSITIVE,
    STATUS_CONFLICT_NL,
    STATUS_NL,
    TYPE_NL,
    dutch_date,
    euro,
    lever_tags,
    value_text,
)
from crosslaw.presentation.words import playing

Style = Callable[..., str]
SEVERITY_COLOUR = {"hoog": "red", "middel": "yellow", "laag": "cyan"}


def _plain(text: str, **_: Any) -> str:
    return text


def _truth(value: bool | None, role: str) -> str:
    if value is None:
        return "?"
    if role == "requirement":
        return "✔" if value else "✘"
    return "✘" if value else "–"  # an exclusion or exemption that holds changes the outcome


def _conditions(lines: list[str], label: str, conds: list[ConditionResult]) -> None:
    if not conds:
        return
    lines.append(f"      {label}:")
    for c in conds:
        lines.append(f"        {_truth(c.value, c.role)} {condition_sentence(c)}  [{c.article.text}]")


def _deviation_lines(o: Outcome, style: Style) -> list[str]:
    if o.applied_deviation is None:
        return []
    d = o.applied_deviation
    was = STATUS_NL[d.status_without] + (f", {euro(d.amount_without_cents)}" if d.amount_without_cents is not None else "")
    now = STATUS_NL[d.status_with] + (f", {euro(d.amount_with_cents)}" if d.amount_with_cents is not None else "")
    lines = [style(f"      ✎ Gemotiveerde afwijking {d.id[:12]} ({GROUND_NL.get(d.ground, d.ground)}): zonder afwijking {was}; met afwijking {now}", fg="magenta")]
    if d.basis_changed:
        lines.append(style("        Grondslag gewijzigd sinds de afwijking: " + "; ".join(d.basis_changed) + "; heroverweeg de afwijking.",
                           fg="yellow"))
    elif not d.same_rule_version:
        lines.append("        Let op: de regel is sinds de afwijking gewijzigd; heroverweeg de afwijking.")
    return lines


def _head(o: Outcome, style: Style, with_article: bool = True) -> str:
    status = style(f"{MARK[o.status]} {STATUS_NL[o.status]}", fg=COLOUR[o.status], bold=True)
    article = f"  [{o.article.text}]" if with_article else ""
    return f"  {status}  {style(o.title, bold=True)}{article}"


def _outcome_full(o: Outcome, style: Style, computed: dict) -> list[str]:
    """Everything about one outcome: each condition, the missing facts, the kind of rule."""
    lines = [_head(o, style)] + _deviation_lines(o, style)
    amount = amount_line(o, computed)
    if amount:
        lines.append(f"      {amount}")
    _conditions(lines, "Voorwaarden", o.requirements)
    _conditions(lines, "Uitsluitingen", o.exclusions)
    _conditions(lines, "Ontheffingen", o.exemptions)
    if o.missing:
        lines.append("      Nog nodig:")
        lines.extend(f"        - {m.question}" for m in o.missing)
    dev = f"afwijken mogelijk ({GROUND_NL.get(o.deviation.ground or '', o.deviation.ground)})" if o.deviation.deviable else "niet afwijkbaar"
    lines.append(f"      Soort: {KIND_NL.get(o.kind, o.kind)}; {dev}. {o.article.link}")
    return lines


def _ranked_questions(o: Outcome, rank: dict[str, int]) -> list[str]:
    """The outcome's open questions, the one most outcomes wait for first."""
    ordered = sorted(o.missing, key=lambda m: rank.get(m.fact, len(rank)))
    return list(dict.fromkeys(m.question for m in ordered))


def short_title(title: str) -> str:
    """'Individuele begeleiding (maatwerkvoorziening ...)' -> 'Individuele begeleiding' for one-line reasons."""
    if title.endswith(")") and " (" in title:
        head = title[: title.rindex(" (")]
        if "(" not in head and len(head) >= 8:
            return head
    return title


def short_titles(titles: list[str]) -> str:
    """Titles joined by '; ', each shortened unless that would make two of them read the same.

    Two provisions can differ only in their parenthetical (art. 60 lid 2 "verplicht" and lid 3
    "bevoegdheid" Pw): those keep their full titles so the reader does not see one provision twice.
    """
    shorts = [short_title(t) for t in titles]
    seen: dict[str, int] = {}
    for s in shorts:
        seen[s] = seen.get(s, 0) + 1
    return "; ".join(s if seen[s] == 1 else t for s, t in zip(shorts, titles))


def _outcome_short(o: Outcome, style: Style, rank: dict[str, int], computed: dict) -> list[str]:
    """One outcome in one or two lines: its status, and its amount, deciding reason or first question."""
    if o.status in NEGATIVE and o.applied_deviation is None:
        return _negative_lines([o], style)
    lines = [_head(o, style)] + _deviation_lines(o, style)
    if o.status in POSITIVE:
        amount = amount_line(o, computed)
        if amount:
            lines.append(f"      {amount}")
        held = [c for c in o.exemptions if c.value is True]
        if held:
            lines.append(f"      {condition_sentence(held[0])}  [{held[0].article.text}]")
    elif o.status in NEGATIVE:
        found = reasons(o)
        if found:
            lines.append(f"      {reason_line(found)}  [{found[0].article.text}]")
    else:
        questions = _ranked_questions(o, rank)
        if questions:
            more = f" (en nog {len(questions) - 1})" if len(questions) > 1 else ""
            lines.append(f"      Eerst te vragen: {questions[0]}{more}")
    return lines


def lever_line(lv: Any) -> str:
    extra = lever_tags(lv)
    suffix = f" ({'; '.join(extra)})" if extra else ""
    return f"{lv.title}  [{lv.article.text}]{suffix}"


def proposal_line(lv: Any, ev: Evaluation, source: str | None, indent: str, person: str | None = None) -> list[str]:
    """Under a lever that needs a deviation: the ready command that proposes it (placeholders for
    who and why), so the advice can be recorded (``presentation.proposal``)."""
    from crosslaw.presentation.proposal import propose_command

    command = propose_command(lv, ev.evaluation_date, source, person)
    return [f"{indent}Vastleggen: {command}"] if command else []


def render_conflicts(ev: Evaluation, style: Style, verbose: bool = False, source: str | None = None,
                     propose: bool = True, person: str | None = None) -> list[str]:
    """The conflicts between the laws, each with both sides and the levers that resolve it;
    with ``propose`` a lever that needs a deviation also shows the command that proposes it."""
    if not ev.conflicts:
        return []
    present = sum(1 for c in ev.conflicts if c.status == "present")
    out = [style(f"SPANNINGEN TUSSEN DE WETTEN ({playing(present, len(ev.conflicts) - present)})", bold=True, underline=True)]
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
                out.append(f"        {_truth(t.value, 'requirement')} {condition_sentence(t)}  [{t.article.text}]")
        if c.missing:
            out.append("      Nog nodig: " + "; ".join(m.question for m in c.missing))
        out.append("      Hefbomen:")
        for lv in c.levers:
            out.append(f"        → {lever_line(lv)}")
            if propose:
                out.extend(proposal_line(lv, ev, source, "          ", person))
            if verbose:
                out.append(f"          {lv.explanation}")
    out.append("")
    return out


def _conflicts_short(ev: Evaluation, style: Style, names: dict[str, str]) -> list[str]:
    """The conflicts that play, each with its sides and levers; the possible ones in one line."""
    present = [c for c in ev.conflicts if c.status == "present"]
    possible = [c for c in ev.conflicts if c.status == "possible"]
    if not ev.conflicts:
        return []
    out = [style(f"SPANNINGEN TUSSEN DE WETTEN ({playing(len(present), len(possible))})", bold=True, underline=True)]
    for c in present:
        out.append("  " + style(f"⚠ [{c.severity}] {c.title}", fg=SEVERITY_COLOUR[c.severity], bold=True))
        sides = [f"{names.get(sd.law, sd.law)}: {sd.role}: {STATUS_NL.get(sd.finding or '', sd.finding or 'onbekend')} [{sd.article.text}]"
                 for sd in c.sides]
        out.append("      · " + "  ↔  ".join(sides))
        for lv in c.levers:  # one screen: the ready command is one step away (conflicts or -v)
            hint = "  Vastleggen: zie crosslaw conflicts of -v" if proposable(lv) else ""
            out.append(f"      → {lever_line(lv)}{hint}")
    if possible:
        out.append(f"  Mogelijk, hangt af van open vragen: {'; '.join(c.title for c in possible)}")
    out.append("")
    return out


def _negative_lines(negative: list[Outcome], style: Style) -> list[str]:
    """Negative outcomes, one line per deciding reason: outcomes that fail on the same condition share it."""
    groups: dict[tuple[str, str, str], list[Outcome]] = {}
    for o in negative:
        found = reasons(o)
        key = (status_words(o, STATUS_NL), reason_line(found) if found else "", found[0].article.text if found else o.article.text)
        groups.setdefault(key, []).append(o)
    lines = []
    for (words, reason, article), outcomes in groups.items():
        o = outcomes[0]
        mark = "…" if pending_step(o) else MARK[o.status]
        colour = "cyan" if pending_step(o) else COLOUR[o.status]
        status = style(f"{mark} {words}", fg=colour, bold=True)
        titles = short_titles([x.title for x in outcomes])
        lines.append(f"  {status}  {titles}. {reason}  [{article}]" if reason else f"  {status}  {titles}  [{article}]")
    return lines


def _open_lines(open_: list[Outcome], style: Style, rank: dict[str, int]) -> list[str]:
    """Open outcomes, one line per first question: outcomes waiting for the same answer share it."""
    groups: dict[str, list[tuple[Outcome, int]]] = {}
    for o in open_:
        questions = _ranked_questions(o, rank)
        groups.setdefault(questions[0] if questions else "", []).append((o, len(questions)))
    status = style(f"{MARK['undetermined']} {STATUS_NL['undetermined']}", fg=COLOUR["undetermined"], bold=True)
    lines = []
    for question, members in groups.items():
        titles = short_titles([o.title for o, _ in members])
        rest = max(n for _, n in members) - 1
        more = f" (en nog {rest})" if rest > 0 else ""
        lines.append(f"  {status}  {titles}" + (f". Eerst te vragen: {question}{more}" if question else ""))
    return lines


def _waiting(law: LawResult, settled: frozenset[str]) -> list[Outcome]:
    """Provisions that wait for a request or event (a gate requirement: an aanvraag, a wish, an overpayment)
    that did not happen or is not known. The short view names them in one phrase instead of asking about them."""
    return [o for o in law.outcomes if o.status not in POSITIVE and o.applied_deviation is None
            and not (o.id in settled and o.status in NEGATIVE)
            and any(c.gate and c.value is not True for c in o.requirements)]


def _law_short(law: LawResult, style: Style, rank: dict[str, int], settled: frozenset[str]) -> list[str]:
    computed = computed_by_id([law])
    folded = [o for o in law.outcomes if o.id in settled and o.status in NEGATIVE and o.applied_deviation is None]
    waiting = _waiting(law, settled)
    negative = [o for o in law.outcomes if o.status in NEGATIVE and o.applied_deviation is None
                and o not in folded and o not in waiting]
    waiting_text = f"niet aangevraagd of niet aan de orde: {short_titles([o.title for o in waiting])}"
    header = style(law.name.upper(), bold=True, underline=True)
    out = [f"{header}  ({waiting_text})" if waiting and not folded else header]
    for o in [o for o in law.outcomes if o.status in POSITIVE or o.applied_deviation is not None]:
        out.extend(_outcome_short(o, style, rank, computed))
    out.extend(_open_lines([o for o in law.outcomes if o.status == "undetermined" and o.applied_deviation is None
                            and o not in waiting], style, rank))
    out.extend(_negative_lines(negative, style))
    exempt = exempt_income_line(computed)
    if exempt:
        out.append(f"  {exempt}")
    if folded:
        more = f". Verder {waiting_text}" if waiting else ""
        out.append(f"  ○ Kan door de leeftijd niet gelden: {short_titles([o.title for o in folded])}{more}")
    if getattr(law, "status", "encoded") == "not_encoded":
        out.append("  Niet gecodeerd voor deze datum (zie 'Let op' hierboven).")
    elif not law.outcomes:
        out.append("  (geen regels op deze peildatum)")
    out.append("")
    return out


def _law_full(law: LawResult, style: Style) -> list[str]:
    out = [style(law.name.upper(), bold=True, underline=True)]
    computed = computed_by_id([law])
    current = None
    for o in law.outcomes:
        group = TYPE_NL[o.type]
        if group != current:
            out.append(style(f" {group}", bold=True))
            current = group
        out.extend(_outcome_full(o, style, computed))
    if law.computed:
        out.append(style(" Berekeningen", bold=True))
        for c in law.computed:
            out.append(f"    {c.title}: {value_text(c.value, c.type)}  [{c.article.text}]")
    out.append("")
    return out


def render_text(ev: Evaluation, color: bool = False, verbose: bool = False, settled: frozenset[str] = frozenset(),
                source: str | None = None) -> str:
    """The overview as text; ``color`` adds ANSI styles (only on a terminal); ``source`` is the
    situation file the ready deviation commands name.

    ``settled`` are the outcome ids that cannot apply to this person whatever the other facts
    (``relevance.settled_by_age``); the short view folds them into one line per law.
    """
    if color:
        import click

        style: Style = click.style
    else:
        style = _plain
    out = [
        style(f"crosslaw: evaluatie op {dutch_date(ev.evaluation_date)} · dossier {ev.case_ref or '(geen referentie)'}", bold=True),
        f"Regelset {ev.ruleset_digest[:12]} · crosslaw {ev.crosslaw_version}" + ("" if verbose else " · alle voorwaarden en berekeningen: -v"),
    ]
    if ev.notices:  # the edge of knowledge comes first: what this evaluation cannot vouch for
        out.extend(style(f"Let op: {n.message}", fg="yellow") for n in ev.notices)
    out.append("")
    if ev.deviation_effects:  # a value deviation moves everything downstream: show both ways first
        from crosslaw.presentation.effects import effect_lines

        out.extend(effect_lines(ev, style))
    rank = {m.fact: i for i, m in enumerate(ev.missing)}
    names = {law.law: law.name for law in ev.laws}
    for law in ev.laws:
        if verbose:
            if law.outcomes or law.computed:
                out.extend(_law_full(law, style))
        else:
            out.extend(_law_short(law, style, rank, settled))
    if verbose:
        out.extend(render_conflicts(ev, style, verbose, source))
    else:
        out.extend(_conflicts_short(ev, style, names))
    if ev.missing:
        if verbose:
            out.append(style("Nog te beantwoorden (belangrijkste eerst)", bold=True))
            out.extend(f"  {i}. {m.question}" for i, m in enumerate(ev.missing, 1))
        else:
            # questions that only provisions waiting for a request would need stay out of the short list
            waiting_ids = {o.id for law in ev.laws for o in _waiting(law, settled)}
            needed = {m.fact for law in ev.laws for o in law.outcomes if o.id not in waiting_ids for m in o.missing}
            needed |= {m.fact for c in ev.conflicts for m in c.missing}
            relevant = [m for m in ev.missing if m.fact in needed]
            shown = relevant[:3]
            rest = len(relevant) - len(shown)
            if relevant:
                out.append(style(f"Nog te beantwoorden: {len(relevant)} vragen; de belangrijkste:", bold=True))
                out.extend(f"  {i}. {m.question}" for i, m in enumerate(shown, 1))
                if rest:
                    out.append(f"  (en nog {rest}: crosslaw intake stelt ze, -v toont ze allemaal)")
        if verbose or relevant:
            out.append("")
    out.append(not_computed_line())
    out.append("Dit is een advies; de professional beslist (AVG art. 22).")
    return "\n".join(out)
