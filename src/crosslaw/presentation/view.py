"""The report's view model: one evaluation turned into the rows and lines a report shows.

Markdown and HTML are rendered from this one structure by templates, so the two formats
cannot drift apart; the only date in it is the peildatum.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

from crosslaw.explanation.result import Citation, ComputedValue, ConditionResult, ConflictResult, Evaluation, LawResult, Outcome
from crosslaw.presentation.money import amount_line, computed_by_id, exempt_income_line, not_computed_line
from crosslaw.presentation.reasons import condition_sentence, reason_line, reasons, status_words
from crosslaw.presentation.steps import ORDER_NOTE, PHASES, Step, as_deviation, next_steps, outcome_label
from crosslaw.presentation.words import (
    DEVIATION_STATUS_NL,
    GROUND_NL,
    NEGATIVE,
    POSITIVE,
    SEVERITY_NL,
    STATUS_CONFLICT_NL,
    STATUS_NL,
    dutch_date,
    euro,
    lever_tags,
    policy_text,
    value_text,
)
from crosslaw.presentation.words import playing

AVG_NOTE = (
    "Dit verslag is een advies op basis van de vastgelegde gegevens en de regels op de peildatum. "
    "De professional beslist, na eigen afweging en in gesprek met de inwoner; er is geen besluit "
    "dat uitsluitend op geautomatiseerde verwerking berust (AVG art. 22)."
)
# laws that appear on a side of a conflict without being evaluated themselves
OTHER_LAWS = {
    "wgs": "Wet gemeentelijke schuldhulpverlening",
    "wlz": "Wet langdurige zorg",
    "zvw": "Zorgverzekeringswet",
}
ROLE_NL = {"requirement": "voorwaarde", "exclusion": "uitsluiting", "exemption": "ontheffing"}


def law_names(ev: Evaluation) -> dict[str, str]:
    names = dict(OTHER_LAWS)
    names.update({law.law: law.name for law in ev.laws})
    return names


def deciding(o: Outcome) -> list[ConditionResult]:
    """The conditions that decide a positive or open outcome."""
    if o.status == "undetermined":
        return [c for c in o.requirements if c.value is not True] + [c for c in o.exclusions + o.exemptions if c.value is not False]
    return list(o.requirements) + [c for c in o.exclusions + o.exemptions if c.value is True]


def mark(c: ConditionResult) -> tuple[str, str, str]:
    """(symbol, css class, Dutch word) for a condition as it bears on the outcome."""
    if c.value is None:
        return "?", "open", "onbekend"
    ok = c.value if c.role == "requirement" else not c.value
    if c.role == "requirement":
        return ("✔", "ok", "voldaan") if ok else ("✘", "no", "niet voldaan")
    return ("–", "ok", "niet van toepassing") if ok else ("✘", "no", "van toepassing")


def computed_text(c: ComputedValue) -> str | None:
    return None if c.value is None else value_text(c.value, c.type)


def finding(value: str | None) -> str:
    return STATUS_NL.get(value or "", value or "onbekend")


# -- the view ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ConditionRow:
    title: str
    symbol: str
    css: str
    word: str
    role: str
    article: Citation


@dataclass(frozen=True)
class OutcomeView:
    id: str
    title: str
    status: str
    status_nl: str
    article: Citation
    policy: str
    amount_title: str
    amount: str
    deviation: str  # one sentence, or ""
    deviation_id: str
    caption: str  # "Waarom" / "Nog open"
    conditions: list[ConditionRow]
    questions: list[str]


@dataclass(frozen=True)
class NegativeRow:
    title: str
    article: Citation
    status: str
    status_nl: str
    reason: str
    reason_article: Citation | None


@dataclass(frozen=True)
class ValueRow:
    title: str
    value: str
    article: Citation


@dataclass(frozen=True)
class LawView:
    law: str
    name: str
    shown: list[OutcomeView]
    negative: list[NegativeRow]
    values: list[ValueRow]
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SideRow:
    law: str
    role: str
    finding: str
    article: Citation


@dataclass(frozen=True)
class LeverRow:
    title: str
    article: Citation
    explanation: str
    tags: list[str]
    needs_deviation: bool


@dataclass(frozen=True)
class ConflictView:
    id: str
    title: str
    severity: str
    severity_nl: str
    status_nl: str
    status_css: str
    category_title: str
    article: Citation
    explanation: str
    sides: list[SideRow]
    questions: list[str]
    levers: list[LeverRow]


@dataclass(frozen=True)
class PhaseView:
    title: str
    start: int
    steps: list[Step]


@dataclass(frozen=True)
class ReportView:
    case: str
    peildatum: str
    peildatum_iso: str
    ruleset_digest: str
    crosslaw_version: str
    situation_short: str
    avg_note: str
    order_note: str
    summary: list[str]
    laws: list[LawView]
    missing: list[str]
    conflicts: list[ConflictView]
    present: int
    deviations: list[dict[str, str]]
    phases: list[PhaseView] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # the edge of knowledge (a law not encoded, last known amounts)
    effects: list["EffectView"] = field(default_factory=list)  # each value deviation in force, without and with

    @property
    def title(self) -> str:
        return f"Intakeverslag dossier {self.case} · peildatum {self.peildatum}"


def _outcome_view(o: Outcome, computed: dict[str, ComputedValue]) -> OutcomeView:
    dev, dev_id = "", ""
    if o.applied_deviation is not None:
        a = o.applied_deviation
        dev_id = a.id[:12]
        dev = (f"({GROUND_NL.get(a.ground, a.ground)}): zonder afwijking {STATUS_NL.get(a.status_without, a.status_without)}, "
               f"met afwijking {STATUS_NL.get(a.status_with, a.status_with)}.")
    rows = [ConditionRow(condition_sentence(c), *mark(c), role=ROLE_NL[c.role], article=c.article) for c in deciding(o)]
    return OutcomeView(
        id=o.id, title=o.title, status=o.status, status_nl=STATUS_NL[o.status], article=o.article, policy=policy_text(o),
        amount_title=o.amount.title if o.amount is not None else "Bedrag", amount=amount_line(o, computed), deviation=dev, deviation_id=dev_id,
        caption="Waarom" if o.status != "undetermined" else "Nog open", conditions=rows,
        questions=[m.question for m in o.missing] if o.status == "undetermined" else [],
    )


def _law_view(law: LawResult) -> LawView:
    shown = [o for o in law.outcomes if o.status not in NEGATIVE or o.applied_deviation is not None]
    negative = []
    for o in law.outcomes:
        if o in shown:
            continue
        found = reasons(o)
        negative.append(NegativeRow(o.title, o.article, o.status, status_words(o, STATUS_NL), reason_line(found), found[0].article if found else None))
    values: list[ValueRow] = []
    if any(o.status in POSITIVE for o in law.outcomes):
        values = [ValueRow(c.title, v, c.article) for c in law.computed if (v := computed_text(c)) is not None]
    computed = computed_by_id([law])
    notes = [n for n in [exempt_income_line(computed)] if n]
    return LawView(law.law, law.name, [_outcome_view(o, computed) for o in shown], negative, values, notes)


def _conflict_view(c: ConflictResult, names: dict[str, str]) -> ConflictView:
    return ConflictView(
        id=c.id, title=c.title, severity=c.severity, severity_nl=SEVERITY_NL[c.severity], status_nl=STATUS_CONFLICT_NL[c.status],
        status_css="st-" + ("applies" if c.status == "present" else "undetermined"), category_title=c.category_title,
        article=c.article, explanation=c.explanation,
        sides=[SideRow(names.get(s.law, s.law), s.role, finding(s.finding), s.article) for s in c.sides],
        questions=[m.question for m in c.missing],
        levers=[LeverRow(lv.title, lv.article, lv.explanation, lever_tags(lv), lv.needs_deviation) for lv in c.levers],
    )


@dataclass(frozen=True)
class EffectView:
    """The counterfactual of one deviation in force: what the evaluation says without and with it."""

    id: str
    head: str
    items: list[tuple[str, bool]]  # (Dutch sentence, is a warning)


def effect_views(ev: Evaluation) -> list[EffectView]:
    """Every deviation in force whose consequence moves downstream or whose footing changed: value
    deviations with their computed counterfactual, outcome deviations whose rule changed."""
    from crosslaw.presentation.effects import effect_head, effect_items

    out = [EffectView(e.id[:12], effect_head(e), effect_items(e)) for e in ev.deviation_effects]
    for law in ev.laws:
        for o in law.outcomes:
            a = o.applied_deviation
            if a is not None and a.basis_changed:
                out.append(EffectView(a.id[:12], f"{o.title} ({o.id})", [
                    ("Grondslag gewijzigd sinds de afwijking: " + "; ".join(a.basis_changed) + "; heroverweeg de afwijking.", True)]))
    return out


def deviation_rows(ev: Evaluation, deviations: Sequence[Any]) -> list[dict[str, str]]:
    titles = {o.id: o.title for law in ev.laws for o in law.outcomes}
    rows = []
    seen = set()

    def money(cents: int | None) -> str:
        return f", {euro(cents)}" if cents is not None else ""

    for d in map(as_deviation, deviations):
        seen.add(d.id)
        period = []
        if d.review_on:
            period.append(f"heroverweging {dutch_date(d.review_on)}")
        if d.ends_on:
            period.append(f"tot en met {dutch_date(d.ends_on)}")
        rows.append({
            "id": d.id, "rule": d.rule_id, "title": titles.get(d.rule_id, ""),
            "without": STATUS_NL.get(d.status_without, d.status_without) + money(d.amount_without_cents),
            "with": STATUS_NL.get(d.status_with, d.status_with) + money(d.amount_with_cents),
            "ground": GROUND_NL.get(d.ground, d.ground),
            "status": DEVIATION_STATUS_NL.get(d.status, d.status),
            "mandate": f"{d.mandate.get('role') or d.proposer.role}" + (", vier ogen" if d.four_eyes else ""),
            "period": "; ".join(period),
        })
    for law in ev.laws:  # deviations the evaluation applied but that were not passed in
        for o in law.outcomes:
            a = o.applied_deviation
            if a is None or a.id in seen:
                continue
            rows.append({
                "id": a.id, "rule": o.id, "title": o.title,
                "without": STATUS_NL.get(a.status_without, a.status_without) + money(a.amount_without_cents),
                "with": STATUS_NL.get(a.status_with, a.status_with) + money(a.amount_with_cents),
                "ground": GROUND_NL.get(a.ground, a.ground), "status": DEVIATION_STATUS_NL["approved"], "mandate": "",
                "period": f"tot en met {dutch_date(a.ends_on)}" if a.ends_on else "",
            })
    return rows


def summary(ev: Evaluation, n_deviations: int) -> list[str]:
    outcomes = [o for law in ev.laws for o in law.outcomes]
    rights = [outcome_label(o) for o in outcomes if o.status == "eligible"]
    duties = [o.title for o in outcomes if o.type == "obligation" and o.status == "applies"]
    measures = [outcome_label(o) for o in outcomes if o.type == "measure" and o.status == "applies"]
    open_ = [o.title for o in outcomes if o.status == "undetermined"]
    present = sum(1 for c in ev.conflicts if c.status == "present")
    lines = [
        "Recht op: " + ("; ".join(rights) if rights else "nog niets vastgesteld"),
        "Verplichtingen: " + ("; ".join(duties) if duties else "geen vastgesteld"),
    ]
    if measures:
        lines.append("Maatregelen en doorverwijzingen: " + "; ".join(measures))
    if open_:
        lines.append(f"Nog niet te bepalen: {len(open_)} regeling(en)")
    lines.append(f"Spanningen tussen de wetten: {playing(present, len(ev.conflicts) - present)}")
    lines.append(f"Open vragen: {len(ev.missing)}")
    lines.append(f"Gemotiveerde afwijkingen in dit verslag: {n_deviations}")
    lines.append(not_computed_line())
    return lines


def phases(steps: list[Step]) -> list[PhaseView]:
    out, n = [], 0
    for phase, title in PHASES:
        in_phase = [s for s in steps if s.phase == phase]
        if in_phase:
            out.append(PhaseView(title, n + 1, in_phase))
            n += len(in_phase)
    return out


def report_view(ev: Evaluation, deviations: Sequence[Any], terms: Any = None, situation: Any = None) -> ReportView:
    """Everything the professional report shows, in the order it shows it."""
    names = law_names(ev)
    rows = deviation_rows(ev, deviations)
    return ReportView(
        case=ev.case_ref or "(geen referentie)", peildatum=dutch_date(ev.evaluation_date), peildatum_iso=ev.evaluation_date.isoformat(),
        ruleset_digest=ev.ruleset_digest, crosslaw_version=ev.crosslaw_version, situation_short=ev.situation_digest[:16],
        avg_note=AVG_NOTE, order_note=ORDER_NOTE, summary=summary(ev, len(rows)), laws=[_law_view(law) for law in ev.laws],
        missing=[m.question for m in ev.missing], conflicts=[_conflict_view(c, names) for c in ev.conflicts],
        present=sum(1 for c in ev.conflicts if c.status == "present"), deviations=rows, phases=phases(next_steps(ev, deviations, terms, situation)),
        notices=[n.message for n in getattr(ev, "notices", [])], effects=effect_views(ev),
    )
