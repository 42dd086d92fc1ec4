"""The intake report: what a professional hands to the resident and to colleagues, in Dutch.

``render_report(evaluation, deviations, fmt)`` turns one evaluation into a summary: per law
what applies and why (each requirement with its article on wetten.overheid.nl), what is
still missing, the conflicts between the laws with both sides and their levers, the
motivated deviations recorded for the case, and the next steps in the order the intake
research advises: stress factors first (debts, housing, safety, income), then care (Wmo,
Jeugdwet), then participation (work obligations, re-integration).

The report is a pure function of its input: the only date in it is the peildatum, never the
wall clock, so the same evaluation always gives the same report. Markdown for ``fmt="md"``;
for ``fmt="html"`` one self-contained printable page (inline CSS from
``templates/report.css``, no scripts, fonts or images; every text escaped).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable, Sequence

from crosslaw.deviation.model import Deviation
from crosslaw.explanation.result import (
    Citation,
    ComputedValue,
    ConditionResult,
    ConflictResult,
    Evaluation,
    LawResult,
    Outcome,
)
from crosslaw.explanation.text import GROUND_NL, KIND_NL, STATUS_CONFLICT_NL, STATUS_NL, dutch_date, euro, lever_tags

__all__ = ["Step", "render_report", "next_steps"]

POSITIVE = ("eligible", "applies")
NEGATIVE = ("not_eligible", "does_not_apply")

DEVIATION_STATUS_NL = {
    "proposed": "voorgesteld, wacht op goedkeuring",
    "approved": "goedgekeurd, van kracht",
    "rejected": "afgewezen",
    "revoked": "ingetrokken",
    "expired": "verlopen",
}
SEVERITY_NL = {"hoog": "ernst hoog", "middel": "ernst middel", "laag": "ernst laag"}
# laws that appear on a side of a conflict without being evaluated themselves
OTHER_LAWS = {
    "wgs": "Wet gemeentelijke schuldhulpverlening",
    "wlz": "Wet langdurige zorg",
    "zvw": "Zorgverzekeringswet",
}
# The advance on bijstand while the right is not yet established (also a lever in rules/conflicts/voorrang.yaml).
VOORSCHOT = Citation(
    text="art. 52 lid 1 Participatiewet",
    link="https://wetten.overheid.nl/jci1.3:c:BWBR0015703&artikel=52&lid=1&z=2026-01-01&g=2026-01-01",
)
AVG_NOTE = (
    "Dit verslag is een advies op basis van de vastgelegde gegevens en de regels op de peildatum. "
    "De professional beslist, na eigen afweging en in gesprek met de inwoner; er is geen besluit "
    "dat uitsluitend op geautomatiseerde verwerking berust (AVG art. 22)."
)

# -- next steps ---------------------------------------------------------------------------------------
PHASES = (
    ("stress", "Eerst: stressfactoren wegnemen"),
    ("zorg", "Dan: zorg en ondersteuning"),
    ("participatie", "Daarna: participatie"),
    ("dossier", "Dossier"),
)
TOPICS = (  # in the order the steps are taken; each belongs to one phase
    ("Schulden", "stress"),
    ("Wonen", "stress"),
    ("Veiligheid", "stress"),
    ("Inkomen", "stress"),
    ("Wmo-ondersteuning", "zorg"),
    ("Jeugdhulp", "zorg"),
    ("Werk en re-integratie", "participatie"),
    ("Dossier", "dossier"),
)
TOPIC_ORDER = {t: i for i, (t, _) in enumerate(TOPICS)}
TOPIC_PHASE = dict(TOPICS)
ORDER_NOTE = (
    "Volgorde: eerst de stressfactoren (schulden, wonen, acute veiligheid, inkomen), dan zorg "
    "(Wmo, Jeugdwet), daarna participatie (arbeidsverplichtingen, re-integratie)."
)


@dataclass(frozen=True)
class Step:
    """One next step. ``refs`` are (label, article) pairs, ``details`` plain lines (questions)."""

    topic: str
    text: str
    refs: tuple[tuple[str, Citation], ...] = ()
    details: tuple[str, ...] = ()

    @property
    def phase(self) -> str:
        return TOPIC_PHASE[self.topic]


HOUSING_FACTS = ("shelter", "protected_living", "left_home", "address_kind", "homeless")


def _is_housing(o: Outcome) -> bool:
    return any(k in o.id for k in ("opvang", "beschermd_wonen", "dakloos"))


def _is_safety(o: Outcome) -> bool:
    return any(k in o.id for k in ("kinderbescherming", "bij_maatregel", "tijdelijke_maatwerkvoorziening", "spoed"))


def _is_fine(o: Outcome) -> bool:
    return "boete" in o.id


def _amount(o: Outcome) -> str:
    if o.amount is None or o.status not in POSITIVE:
        return ""
    return f"{euro(o.amount.cents)} per maand" if o.amount.cents is not None else "bedrag nog niet te berekenen"


def _label(o: Outcome) -> str:
    amount = _amount(o)
    return f"{o.title} ({amount})" if amount else o.title


def _n(count: int, one: str, more: str) -> str:
    return f"{count} {one if count == 1 else more}"


def _questions(items: Iterable[Any], limit: int = 3) -> tuple[str, ...]:
    qs = list(dict.fromkeys(m.question for m in items))
    shown = qs[:limit]
    if len(qs) > limit:
        shown.append(f"en nog {_n(len(qs) - limit, 'vraag', 'vragen')} (zie ‘Wat nog ontbreekt’)")
    return tuple(shown)


def _depends_on(c: ConflictResult, limit: int = 2) -> str:
    qs = list(dict.fromkeys(m.question for m in c.missing))
    more = f" (en nog {_n(len(qs) - limit, 'vraag', 'vragen')})" if len(qs) > limit else ""
    return " ".join(qs[:limit]) + more


def _lever_label(lv: Any) -> str:
    notes = lever_tags(lv)
    return lv.title + (f" ({'; '.join(notes)})" if notes else "")


def _conflict_topic(c: ConflictResult) -> str:
    laws = {s.law for s in c.sides}
    refs = {s.ref or "" for s in c.sides} | {t.id for t in c.triggers}
    if "wgs" in laws or any("schuld" in r for r in refs):
        return "Schulden"
    cat = c.category
    if cat in ("handhaving_vs_steun", "kostendeling_vs_mantelzorg", "definities"):
        return "Inkomen"
    if cat == "voorrang":
        if {"uwv", "participatiewet"} <= laws:
            return "Inkomen"
        return "Jeugdhulp" if "jeugdwet" in laws else "Wmo-ondersteuning"
    if cat == "grens_18":
        return "Inkomen" if "participatiewet" in laws else "Jeugdhulp"
    if cat in ("werk_vs_zorg", "dubbele_verplichtingen"):
        return "Werk en re-integratie"
    if "jeugdwet" in laws:
        return "Jeugdhulp"
    if laws & {"wmo", "wlz", "zvw"}:
        return "Wmo-ondersteuning"
    return "Inkomen"


def _signal_topic(law: str) -> str:
    return {"jeugdwet": "Jeugdhulp", "wmo": "Wmo-ondersteuning", "uwv": "Werk en re-integratie"}.get(law, "Inkomen")


def _as_deviation(d: Any) -> Deviation:
    return d if isinstance(d, Deviation) else Deviation.model_validate(d)


def next_steps(evaluation: Evaluation, deviations: Sequence[Any] = ()) -> list[Step]:
    """The next steps derived from the evaluation, ordered: stress factors, care, participation."""
    ev = evaluation
    steps: list[Step] = []
    outcomes = [o for law in ev.laws for o in law.outcomes]

    # stress: debts (the signal reaches the evaluation through the conflicts that read it)
    debt_sides = {(s.role, s.article) for c in ev.conflicts for s in c.sides if s.value is True and (s.law == "wgs" or "schuld" in (s.ref or ""))}
    if debt_sides:
        steps.append(Step("Schulden", "Er loopt schuldhulpverlening: houd het inkomen stabiel, zodat de schuldregeling niet mislukt.",
                          tuple(sorted(debt_sides, key=lambda p: p[0]))))
    debt_questions = [m for m in ev.missing if m.fact.startswith("debts.")]
    if debt_questions:
        steps.append(Step("Schulden", "Breng de schulden en een lopende schuldhulpverlening in kaart.", details=_questions(debt_questions)))
    for o in outcomes:
        if _is_fine(o) and o.status == "applies":
            steps.append(Step("Schulden", "Er is een boete aan de orde die de schulden vergroot; weeg de gevolgen voor de schuldsituatie mee.", ((_label(o), o.article),)))

    # stress: housing and acute safety
    housing = [o for o in outcomes if _is_housing(o) and o.status == "eligible"]
    if housing:
        steps.append(Step("Wonen", "Regel een (veilige) woonplek.", tuple((_label(o), o.article) for o in housing)))
    open_housing = [o for o in outcomes if _is_housing(o) and o.status == "undetermined"]
    if open_housing:
        specific = [m for o in open_housing for m in o.missing if any(k in m.fact for k in HOUSING_FACTS)]
        steps.append(Step("Wonen", "Ga na of de inwoner een (veilige) woonplek heeft.",
                          tuple((f"{o.title}: {STATUS_NL[o.status]}", o.article) for o in open_housing), _questions(specific)))
    address = [m for m in ev.missing if m.fact == "person.address_kind"]
    if address:
        steps.append(Step("Wonen", "Stel vast waar de inwoner woont of verblijft.", details=_questions(address)))
    for o in outcomes:
        if _is_safety(o) and o.status in POSITIVE:
            steps.append(Step("Veiligheid", "Acute veiligheid of spoed gaat voor: zorg dat dit geregeld is.", ((_label(o), o.article),)))

    # stress: income
    measures = [o for o in outcomes if o.type == "measure" and o.law in ("participatiewet", "uwv") and not _is_fine(o) and o.status == "applies"]
    if measures:
        steps.append(Step(
            "Inkomen",
            "Er ligt een maatregel die het inkomen raakt: beoordeel verwijtbaarheid en dringende redenen voordat die ingaat.",
            tuple((_label(o), o.article) for o in measures),
        ))
    benefits = [o for o in outcomes if o.type == "benefit" and o.status == "eligible"]
    if benefits:
        what = "de uitkering" if len(benefits) == 1 else "de uitkeringen"
        steps.append(Step("Inkomen", f"Zet het inkomen zeker: vraag {what} aan of zet de betaling door.", tuple((_label(o), o.article) for o in benefits)))
    open_benefits = [o for o in outcomes if o.type == "benefit" and o.status == "undetermined"]
    if open_benefits:
        refs = [(o.title, o.article) for o in open_benefits]
        if any(o.id == "pw.algemene_bijstand" for o in open_benefits):
            refs.append(("Voorschot op de bijstand zolang het recht niet is vastgesteld", VOORSCHOT))
        questions = [m for o in open_benefits for m in o.missing]
        steps.append(Step("Inkomen", "Stel het recht op inkomen vast.", tuple(refs), _questions(questions)))

    # care: Wmo and Jeugdwet
    care = {"wmo": "Wmo-ondersteuning", "jeugdwet": "Jeugdhulp"}
    for law_id, topic in care.items():
        law_outcomes = [o for o in outcomes if o.law == law_id and not _is_housing(o) and not _is_safety(o)]
        services = [o for o in law_outcomes if o.type in ("service", "benefit") and o.status == "eligible"]
        if services:
            steps.append(Step(topic, "Zet de ondersteuning in waarop recht bestaat.", tuple((_label(o), o.article) for o in services)))
        open_services = [o for o in law_outcomes if o.type in ("service", "benefit") and o.status == "undetermined"]
        if open_services:
            what = "Onderzoek de hulpvraag (melding en gesprek)" if law_id == "wmo" else "Ga na of jeugdhulp nodig is"
            steps.append(Step(topic, f"{what}: nog niet te bepalen.", tuple((o.title, o.article) for o in open_services),
                              _questions([m for o in open_services for m in o.missing])))
        referrals = [o for o in law_outcomes if o.type == "measure" and o.status == "applies"]
        if referrals:
            steps.append(Step(topic, "De zorg komt (deels) uit een andere wet: verwijs door en stem af.", tuple((o.title, o.article) for o in referrals)))
        contributions = [o for o in law_outcomes if o.type == "obligation" and o.status == "applies"]
        if contributions:
            steps.append(Step(topic, "Bespreek de eigen bijdrage met de inwoner.", tuple((_label(o), o.article) for o in contributions)))
    for law in ev.laws:
        for c in law.computed:
            if c.type == "bool" and c.value is True and "(signaal)" in c.title:
                steps.append(Step(_signal_topic(law.law), f"Signaal: {c.title.replace(' (signaal)', '')}. Betrek dit bij één gezamenlijk plan.", ((c.title, c.article),)))

    # participation
    duties = [o for o in outcomes if o.type == "obligation" and o.law in ("participatiewet", "uwv") and o.status == "applies"]
    if duties:
        refs = [(o.title, o.article) for o in duties]
        refs += [(f"Ontheffing geldt: {e.title}", e.article) for o in duties for e in o.exemptions if e.value is True]
        steps.append(Step(
            "Werk en re-integratie",
            "Arbeidsverplichtingen en re-integratie: zet ze in als inkomen, wonen en zorg stabiel zijn, en stem ze af op de zorg.",
            tuple(refs),
        ))
    open_duties = [o for o in outcomes if o.type == "obligation" and o.law in ("participatiewet", "uwv") and o.status == "undetermined"]
    if open_duties:
        steps.append(Step("Werk en re-integratie", "Stel vast welke verplichtingen gelden.", tuple((o.title, o.article) for o in open_duties),
                          _questions([m for o in open_duties for m in o.missing])))

    # the conflicts, each in the topic it belongs to: present ones to resolve, possible ones to check
    possible: dict[str, list[ConflictResult]] = {}
    for c in ev.conflicts:
        topic = _conflict_topic(c)
        if c.status == "present":
            steps.append(Step(topic, f"Los de spanning op: {c.title}. Mogelijke hefbomen:", tuple((_lever_label(lv), lv.article) for lv in c.levers)))
        else:
            possible.setdefault(topic, []).append(c)
    for topic, cs in possible.items():
        refs = tuple((f"{c.title}. Hangt af van: {_depends_on(c)}", c.article) for c in cs)
        what = "deze spanning speelt" if len(cs) == 1 else "deze spanningen spelen"
        steps.append(Step(topic, f"Ga na of {what}; dat hangt af van gegevens die nog ontbreken.", refs))

    # the case file
    if ev.missing:
        steps.append(Step("Dossier", f"Beantwoord de {_n(len(ev.missing), 'open vraag', 'open vragen')} (zie ‘Wat nog ontbreekt’) en beoordeel opnieuw."))
    for d in map(_as_deviation, deviations):
        when = [f"heroverwegen uiterlijk {dutch_date(d.review_on)}" if d.review_on else "", f"loopt af op {dutch_date(d.ends_on)}" if d.ends_on else ""]
        when = [w for w in when if w]
        if when and d.status in ("approved", "proposed"):
            steps.append(Step("Dossier", f"Afwijking {d.id[:12]} van {d.rule_id}: {', '.join(when)}."))
    for o in outcomes:
        if o.applied_deviation is not None and not o.applied_deviation.same_rule_version:
            steps.append(Step("Dossier", f"De regel {o.id} is gewijzigd sinds afwijking {o.applied_deviation.id[:12]}: heroverweeg de afwijking.", ((o.title, o.article),)))
    steps.append(Step("Dossier", "Bespreek dit verslag met de inwoner; leg het besluit en de motivering vast. De professional beslist (AVG art. 22)."))

    return [s for _, s in sorted(enumerate(steps), key=lambda p: (TOPIC_ORDER[p[1].topic], p[0]))]


# -- shared helpers -------------------------------------------------------------------------------------
def _law_names(ev: Evaluation) -> dict[str, str]:
    names = dict(OTHER_LAWS)
    names.update({law.law: law.name for law in ev.laws})
    return names


def _reasons(o: Outcome) -> list[ConditionResult]:
    """Why an outcome is negative: failed requirements, exclusions and exemptions that hold."""
    return [c for c in o.requirements if c.value is False] + [c for c in o.exclusions if c.value is True] + [c for c in o.exemptions if c.value is True]


def _reason_text(reasons: list[ConditionResult]) -> str:
    if not reasons:
        return ""
    r = reasons[0]
    prefix = {"requirement": "niet voldaan", "exclusion": "uitsluiting", "exemption": "ontheffing"}[r.role]
    return f"{prefix}: {r.title}" + (f" (+{len(reasons) - 1})" if len(reasons) > 1 else "")


def _deciding(o: Outcome) -> list[ConditionResult]:
    """The conditions that decide a positive or open outcome."""
    if o.status == "undetermined":
        return [c for c in o.requirements if c.value is not True] + [c for c in o.exclusions + o.exemptions if c.value is not False]
    return list(o.requirements) + [c for c in o.exclusions + o.exemptions if c.value is True]


def _mark(c: ConditionResult) -> tuple[str, str, str]:
    """(symbol, css class, Dutch word) for a condition as it bears on the outcome."""
    if c.value is None:
        return "?", "open", "onbekend"
    ok = c.value if c.role == "requirement" else not c.value
    if c.role == "requirement":
        return ("✔", "ok", "voldaan") if ok else ("✘", "no", "niet voldaan")
    return ("–", "ok", "niet van toepassing") if ok else ("✘", "no", "van toepassing")


def _role_nl(c: ConditionResult) -> str:
    return {"requirement": "voorwaarde", "exclusion": "uitsluiting", "exemption": "ontheffing"}[c.role]


def _computed_text(c: ComputedValue) -> str | None:
    v = c.value
    if v is None:
        return None
    if c.type == "money":
        return euro(int(v))
    if c.type == "bool":
        return "ja" if v else "nee"
    if c.type == "decimal":
        return str(v).replace(".", ",")
    return str(v)


def _finding(value: str | None) -> str:
    return STATUS_NL.get(value or "", value or "onbekend")


def _deviation_rows(ev: Evaluation, deviations: Sequence[Any]) -> list[dict[str, str]]:
    titles = {o.id: o.title for law in ev.laws for o in law.outcomes}
    rows = []
    seen = set()

    def money(cents: int | None) -> str:
        return f", {euro(cents)}" if cents is not None else ""

    for d in map(_as_deviation, deviations):
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


def _summary(ev: Evaluation, deviations: Sequence[Any]) -> list[str]:
    outcomes = [o for law in ev.laws for o in law.outcomes]
    rights = [_label(o) for o in outcomes if o.status == "eligible"]
    duties = [o.title for o in outcomes if o.type == "obligation" and o.status == "applies"]
    measures = [_label(o) for o in outcomes if o.type == "measure" and o.status == "applies"]
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
    lines.append(f"Spanningen tussen de wetten: {present} spelen, {len(ev.conflicts) - present} mogelijk")
    lines.append(f"Open vragen: {len(ev.missing)}")
    n_dev = len(_deviation_rows(ev, deviations))
    lines.append(f"Gemotiveerde afwijkingen in dit verslag: {n_dev}")
    return lines


def _policy(o: Outcome) -> str:
    dev = f"afwijken mogelijk ({GROUND_NL.get(o.deviation.ground or '', o.deviation.ground)})" if o.deviation.deviable else "niet afwijkbaar"
    return f"{KIND_NL.get(o.kind, o.kind)}; {dev}"


# -- Markdown -------------------------------------------------------------------------------------------
def _md(text: str) -> str:
    """Escape the characters that would turn plain Dutch text into Markdown markup."""
    out = str(text).replace("\\", "\\\\")
    for ch in "*_`[]<>|":
        out = out.replace(ch, "\\" + ch)
    return out.replace("\n", " ")


def _md_link(c: Citation) -> str:
    link = c.link.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
    return f"[{_md(c.text)}]({link})"


def _md_code(text: str) -> str:
    return f"`{str(text).replace('`', '')}`"


def _md_report(ev: Evaluation, deviations: Sequence[Any]) -> str:
    names = _law_names(ev)
    out: list[str] = []
    add = out.append
    add(f"# Intakeverslag dossier {_md(ev.case_ref or '(geen referentie)')}")
    add("")
    add("Overzicht van vier wetten voor één inwoner: Wmo 2015, Participatiewet, Jeugdwet en UWV.")
    add("")
    add(f"- **Dossier:** {_md(ev.case_ref or '(geen referentie)')}")
    add(f"- **Peildatum:** {dutch_date(ev.evaluation_date)}")
    add(f"- **Regelset:** {_md_code(ev.ruleset_digest[:12])} (crosslaw {_md(ev.crosslaw_version)})")
    add("")
    add(f"> {_md(AVG_NOTE)}")
    add("")
    add("## In het kort")
    add("")
    out.extend(f"- {_md(line)}" for line in _summary(ev, deviations))
    add("")

    add("## Per wet: wat geldt en waarom")
    add("")
    for law in ev.laws:
        _md_law(out, law)

    add("## Wat nog ontbreekt")
    add("")
    if ev.missing:
        add("Deze vragen beslissen over regelingen die nu nog niet te bepalen zijn (belangrijkste eerst):")
        add("")
        out.extend(f"{i}. {_md(m.question)}" for i, m in enumerate(ev.missing, 1))
    else:
        add("Alle gegevens die de regels nodig hebben, zijn bekend.")
    add("")

    present = sum(1 for c in ev.conflicts if c.status == "present")
    add("## Spanningen tussen de wetten")
    add("")
    if not ev.conflicts:
        add("Geen spanningen tussen de wetten gevonden.")
        add("")
    else:
        add(f"{present} spelen, {len(ev.conflicts) - present} spelen mogelijk (afhankelijk van ontbrekende gegevens).")
        add("")
    for c in ev.conflicts:
        add(f"### {_md(c.title)}")
        add("")
        add(f"*{_md(SEVERITY_NL[c.severity])} · {_md(STATUS_CONFLICT_NL[c.status])} · {_md(c.category_title)}* · grondslag {_md_link(c.article)}")
        add("")
        add(_md(c.explanation))
        add("")
        add("| Wet | Kant | Bevinding | Artikel |")
        add("|---|---|---|---|")
        for s in c.sides:
            add(f"| {_md(names.get(s.law, s.law))} | {_md(s.role)} | {_md(_finding(s.finding))} | {_md_link(s.article)} |")
        add("")
        if c.missing:
            add("Hangt af van:")
            add("")
            out.extend(f"- {_md(m.question)}" for m in c.missing)
            add("")
        add("**Hefbomen:**")
        add("")
        for lv in c.levers:
            tags = [f"**{_md(t)}**" if lv.needs_deviation and i == 0 else _md(t) for i, t in enumerate(lever_tags(lv))]
            suffix = f" ({'; '.join(tags)})" if tags else ""
            add(f"- {_md(lv.title)} — {_md_link(lv.article)}{suffix}  ")
            add(f"  {_md(lv.explanation)}")
        add("")

    add("## Gemotiveerde afwijkingen")
    add("")
    rows = _deviation_rows(ev, deviations)
    if rows:
        add("| Afwijking | Regel | Zonder afwijking | Met afwijking | Grond | Status | Mandaat | Termijn |")
        add("|---|---|---|---|---|---|---|---|")
        for r in rows:
            rule = _md_code(r["rule"]) + (f" {_md(r['title'])}" if r["title"] else "")
            add(f"| {_md_code(r['id'])} | {rule} | {_md(r['without'])} | {_md(r['with'])} | {_md(r['ground'])} | {_md(r['status'])} | {_md(r['mandate'])} | {_md(r['period'])} |")
    else:
        add("In dit verslag zijn geen gemotiveerde afwijkingen opgenomen.")
    add("")

    add("## Volgende stappen")
    add("")
    add(_md(ORDER_NOTE))
    add("")
    n = 0
    steps = next_steps(ev, deviations)
    for phase, title in PHASES:
        in_phase = [s for s in steps if s.phase == phase]
        if not in_phase:
            continue
        add(f"### {title}")
        add("")
        for s in in_phase:
            n += 1
            add(f"{n}. **{_md(s.topic)}:** {_md(s.text)}")
            for label, cit in s.refs:
                add(f"   - {_md(label)} — {_md_link(cit)}")
            for d in s.details:
                add(f"   - {_md(d)}")
        add("")

    add("---")
    add("")
    add(_md(AVG_NOTE))
    add("")
    add(f"Regelset {_md_code(ev.ruleset_digest)} · situatie {_md_code(ev.situation_digest[:16])} · crosslaw {_md(ev.crosslaw_version)} · peildatum {dutch_date(ev.evaluation_date)}")
    return "\n".join(out).rstrip() + "\n"


def _md_law(out: list[str], law: LawResult) -> None:
    add = out.append
    add(f"### {_md(law.name)}")
    add("")
    shown = [o for o in law.outcomes if o.status not in NEGATIVE or o.applied_deviation is not None]
    if not shown:
        add("Geen van de regelingen van deze wet is op de peildatum van toepassing.")
        add("")
    for o in shown:
        amount = _amount(o)
        add(f"#### {_md(o.title)} — {STATUS_NL[o.status]}")
        add("")
        if amount:
            add(f"**{_md(o.amount.title if o.amount else 'Bedrag')}: {_md(amount)}**")
            add("")
        add(f"Grondslag: {_md_link(o.article)} · {_md(_policy(o))}")
        add("")
        if o.applied_deviation is not None:
            a = o.applied_deviation
            add(f"> Gemotiveerde afwijking {_md_code(a.id[:12])} ({_md(GROUND_NL.get(a.ground, a.ground))}): zonder afwijking "
                f"{STATUS_NL.get(a.status_without, a.status_without)}, met afwijking {STATUS_NL.get(a.status_with, a.status_with)}.")
            add("")
        deciding = _deciding(o)
        if deciding:
            add("Waarom:" if o.status != "undetermined" else "Nog open:")
            add("")
            for c in deciding:
                sym, _, word = _mark(c)
                add(f"- {sym} {_md(c.title)} ({_role_nl(c)}: {word}) — {_md_link(c.article)}")
            add("")
        if o.missing and o.status == "undetermined":
            add("Nog nodig:")
            add("")
            out.extend(f"- {_md(m.question)}" for m in o.missing)
            add("")
    negative = [o for o in law.outcomes if o not in shown]
    if negative:
        add(f"Niet van toepassing ({len(negative)}):")
        add("")
        add("| Regeling | Uitkomst | Reden | Artikel van de reden |")
        add("|---|---|---|---|")
        for o in negative:
            reasons = _reasons(o)
            r = reasons[0] if reasons else None
            reason = _reason_text(reasons)
            add(f"| {_md(o.title)} ({_md_link(o.article)}) | {STATUS_NL[o.status]} | {_md(reason)} | {_md_link(r.article) if r else ''} |")
        add("")
    if any(o.status in POSITIVE for o in law.outcomes):
        values = [(c, _computed_text(c)) for c in law.computed]
        values = [(c, v) for c, v in values if v is not None]
        if values:
            add("Berekeningen:")
            add("")
            add("| Berekening | Waarde | Artikel |")
            add("|---|---|---|")
            for c, v in values:
                add(f"| {_md(c.title)} | {_md(v)} | {_md_link(c.article)} |")
            add("")


# -- HTML -----------------------------------------------------------------------------------------------
def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _a(c: Citation) -> str:
    return f'<a href="{_e(c.link)}">{_e(c.text)}</a>'


def _badge(text: str, cls: str) -> str:
    return f'<span class="badge {cls}">{_e(text)}</span>'


@lru_cache(maxsize=1)
def _css() -> str:
    return resources.files("crosslaw.explanation").joinpath("templates", "report.css").read_text(encoding="utf-8")


def _html_report(ev: Evaluation, deviations: Sequence[Any]) -> str:
    names = _law_names(ev)
    case = ev.case_ref or "(geen referentie)"
    peil = dutch_date(ev.evaluation_date)
    b: list[str] = []
    add = b.append
    add('<header class="report-header">')
    add(f"<h1>Intakeverslag dossier {_e(case)}</h1>")
    add('<p class="subtitle">Overzicht van vier wetten voor één inwoner: Wmo 2015, Participatiewet, Jeugdwet en UWV.</p>')
    add('<dl class="meta">')
    add(f"<dt>Dossier</dt><dd>{_e(case)}</dd>")
    add(f'<dt>Peildatum</dt><dd><time datetime="{ev.evaluation_date.isoformat()}">{_e(peil)}</time></dd>')
    add(f'<dt>Regelset</dt><dd><code title="{_e(ev.ruleset_digest)}">{_e(ev.ruleset_digest[:12])}</code> (crosslaw {_e(ev.crosslaw_version)})</dd>')
    add("</dl>")
    add('<nav class="toc" aria-label="Inhoud"><ol>'
        '<li><a href="#wetten">Per wet</a></li><li><a href="#ontbreekt">Wat nog ontbreekt</a></li>'
        '<li><a href="#spanningen">Spanningen</a></li><li><a href="#afwijkingen">Afwijkingen</a></li>'
        '<li><a href="#stappen">Volgende stappen</a></li></ol></nav>')
    add("</header>")
    add(f'<p class="notice" role="note">{_e(AVG_NOTE)}</p>')

    add('<section class="summary" aria-labelledby="kort"><h2 id="kort">In het kort</h2><ul>')
    b.extend(f"<li>{_e(line)}</li>" for line in _summary(ev, deviations))
    add("</ul></section>")

    add('<section id="wetten" aria-labelledby="wetten-h"><h2 id="wetten-h">Per wet: wat geldt en waarom</h2>')
    for law in ev.laws:
        _html_law(b, law)
    add("</section>")

    add('<section id="ontbreekt" aria-labelledby="ontbreekt-h"><h2 id="ontbreekt-h">Wat nog ontbreekt</h2>')
    if ev.missing:
        add("<p>Deze vragen beslissen over regelingen die nu nog niet te bepalen zijn (belangrijkste eerst):</p>")
        add('<ol class="questions">' + "".join(f"<li>{_e(m.question)}</li>" for m in ev.missing) + "</ol>")
    else:
        add("<p>Alle gegevens die de regels nodig hebben, zijn bekend.</p>")
    add("</section>")

    present = sum(1 for c in ev.conflicts if c.status == "present")
    add('<section id="spanningen" class="page-break" aria-labelledby="spanningen-h"><h2 id="spanningen-h">Spanningen tussen de wetten</h2>')
    if not ev.conflicts:
        add("<p>Geen spanningen tussen de wetten gevonden.</p>")
    else:
        add(f"<p>{present} spelen, {len(ev.conflicts) - present} spelen mogelijk (afhankelijk van ontbrekende gegevens).</p>")
    for c in ev.conflicts:
        add(f'<article class="conflict sev-border-{_e(c.severity)}" id="{_e(c.id)}">')
        add(f"<h3>{_e(c.title)}</h3>")
        add(f'<p>{_badge(SEVERITY_NL[c.severity], "sev-" + c.severity)} {_badge(STATUS_CONFLICT_NL[c.status], "st-" + ("applies" if c.status == "present" else "undetermined"))} '
            f'<span class="small">{_e(c.category_title)} · grondslag {_a(c.article)}</span></p>')
        add(f"<p>{_e(c.explanation)}</p>")
        add('<table><caption>De twee kanten</caption><thead><tr><th scope="col">Wet</th><th scope="col">Kant</th>'
            '<th scope="col">Bevinding</th><th scope="col" class="article">Artikel</th></tr></thead><tbody>')
        for s in c.sides:
            add(f"<tr><td>{_e(names.get(s.law, s.law))}</td><td>{_e(s.role)}</td><td>{_e(_finding(s.finding))}</td><td class=\"article\">{_a(s.article)}</td></tr>")
        add("</tbody></table>")
        if c.missing:
            add("<h4>Hangt af van</h4><ul>" + "".join(f"<li>{_e(m.question)}</li>" for m in c.missing) + "</ul>")
        add('<h4>Hefbomen</h4><ul class="levers">')
        for lv in c.levers:
            tags = "".join(
                f'<span class="tag{" deviation" if lv.needs_deviation and i == 0 else ""}">{_e(t)}</span>'
                for i, t in enumerate(lever_tags(lv))
            )
            add(f"<li><strong>{_e(lv.title)}</strong> — {_a(lv.article)}{tags}<span class=\"explain\">{_e(lv.explanation)}</span></li>")
        add("</ul></article>")
    add("</section>")

    add('<section id="afwijkingen" aria-labelledby="afwijkingen-h"><h2 id="afwijkingen-h">Gemotiveerde afwijkingen</h2>')
    rows = _deviation_rows(ev, deviations)
    if rows:
        add('<table><thead><tr><th scope="col">Afwijking</th><th scope="col">Regel</th><th scope="col">Zonder afwijking</th>'
            '<th scope="col">Met afwijking</th><th scope="col">Grond</th><th scope="col">Status</th><th scope="col">Mandaat</th>'
            '<th scope="col">Termijn</th></tr></thead><tbody>')
        for r in rows:
            title = f"<br><span class=\"small\">{_e(r['title'])}</span>" if r["title"] else ""
            add(f'<tr><td><code title="{_e(r["id"])}">{_e(r["id"][:12])}</code></td><td><code>{_e(r["rule"])}</code>{title}</td>'
                f"<td>{_e(r['without'])}</td><td>{_e(r['with'])}</td><td>{_e(r['ground'])}</td><td>{_e(r['status'])}</td>"
                f"<td>{_e(r['mandate'])}</td><td>{_e(r['period'])}</td></tr>")
        add("</tbody></table>")
    else:
        add("<p>In dit verslag zijn geen gemotiveerde afwijkingen opgenomen.</p>")
    add("</section>")

    add('<section id="stappen" class="page-break" aria-labelledby="stappen-h"><h2 id="stappen-h">Volgende stappen</h2>')
    add(f"<p>{_e(ORDER_NOTE)}</p>")
    steps = next_steps(ev, deviations)
    n = 0
    for phase, title in PHASES:
        in_phase = [s for s in steps if s.phase == phase]
        if not in_phase:
            continue
        add(f'<h3 class="phase">{_e(title)}</h3>')
        add(f'<ol class="steps" start="{n + 1}">')
        for s in in_phase:
            n += 1
            subs = [f"<li>{_e(label)} — {_a(cit)}</li>" for label, cit in s.refs] + [f"<li>{_e(d)}</li>" for d in s.details]
            sub = f"<ul>{''.join(subs)}</ul>" if subs else ""
            add(f'<li><span class="topic">{_e(s.topic)}:</span> {_e(s.text)}{sub}</li>')
        add("</ol>")
    add("</section>")

    add("<footer>")
    add(f"<p>{_e(AVG_NOTE)}</p>")
    add(f"<p>Regelset <code>{_e(ev.ruleset_digest)}</code> · situatie <code>{_e(ev.situation_digest[:16])}</code> · "
        f"crosslaw {_e(ev.crosslaw_version)} · peildatum {_e(peil)}</p>")
    add("</footer>")

    title = f"Intakeverslag dossier {case} · peildatum {peil}"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="color-scheme" content="light">\n'
        f"<title>{_e(title)}</title>\n<style>\n{_css()}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(b)
        + "\n</main>\n</body>\n</html>\n"
    )


def _html_law(b: list[str], law: LawResult) -> None:
    add = b.append
    add(f'<section class="law" aria-label="{_e(law.name)}"><h3>{_e(law.name)}</h3>')
    shown = [o for o in law.outcomes if o.status not in NEGATIVE or o.applied_deviation is not None]
    if not shown:
        add("<p>Geen van de regelingen van deze wet is op de peildatum van toepassing.</p>")
    for o in shown:
        add(f'<article class="outcome" id="{_e(o.id)}">')
        add(f"<h4 class=\"outcome-title\">{_e(o.title)} {_badge(STATUS_NL[o.status], 'st-' + o.status)}</h4>")
        amount = _amount(o)
        if amount and o.amount is not None:
            add(f'<p class="amount">{_e(o.amount.title)}: {_e(amount)}</p>')
        add(f'<p class="small">Grondslag {_a(o.article)} · {_e(_policy(o))}</p>')
        if o.applied_deviation is not None:
            a = o.applied_deviation
            add(f'<p class="applied-deviation">Gemotiveerde afwijking <code>{_e(a.id[:12])}</code> ({_e(GROUND_NL.get(a.ground, a.ground))}): '
                f"zonder afwijking {_e(STATUS_NL.get(a.status_without, a.status_without))}, met afwijking {_e(STATUS_NL.get(a.status_with, a.status_with))}.</p>")
        deciding = _deciding(o)
        if deciding:
            caption = "Waarom" if o.status != "undetermined" else "Nog open"
            add(f'<table><caption>{caption}</caption><thead><tr><th scope="col" class="mark" aria-label="Uitkomst"></th><th scope="col">Voorwaarde</th>'
                '<th scope="col">Soort</th><th scope="col" class="article">Artikel</th></tr></thead><tbody>')
            for c in deciding:
                sym, cls, word = _mark(c)
                add(f'<tr><td class="mark {cls}" title="{_e(word)}">{_e(sym)}</td><td>{_e(c.title)}</td>'
                    f"<td>{_e(_role_nl(c))}: {_e(word)}</td><td class=\"article\">{_a(c.article)}</td></tr>")
            add("</tbody></table>")
        if o.missing and o.status == "undetermined":
            add('<p><strong>Nog nodig:</strong></p><ul class="reasons">' + "".join(f"<li>{_e(m.question)}</li>" for m in o.missing) + "</ul>")
        add("</article>")
    negative = [o for o in law.outcomes if o not in shown]
    if negative:
        add(f'<table><caption>Niet van toepassing ({len(negative)})</caption><thead><tr><th scope="col">Regeling</th>'
            '<th scope="col">Uitkomst</th><th scope="col">Reden</th><th scope="col" class="article">Artikel van de reden</th></tr></thead><tbody>')
        for o in negative:
            reasons = _reasons(o)
            r = reasons[0] if reasons else None
            reason = _reason_text(reasons)
            add(f"<tr><td>{_e(o.title)}<br><span class=\"small\">{_a(o.article)}</span></td><td>{_badge(STATUS_NL[o.status], 'st-' + o.status)}</td>"
                f"<td>{_e(reason)}</td><td class=\"article\">{_a(r.article) if r else ''}</td></tr>")
        add("</tbody></table>")
    if any(o.status in POSITIVE for o in law.outcomes):
        values = [(c, _computed_text(c)) for c in law.computed]
        values = [(c, v) for c, v in values if v is not None]
        if values:
            add('<table><caption>Berekeningen</caption><thead><tr><th scope="col">Berekening</th><th scope="col" class="num">Waarde</th>'
                '<th scope="col" class="article">Artikel</th></tr></thead><tbody>')
            for c, v in values:
                add(f'<tr><td>{_e(c.title)}</td><td class="num">{_e(v)}</td><td class="article">{_a(c.article)}</td></tr>')
            add("</tbody></table>")
    add("</section>")


# -- entry point ----------------------------------------------------------------------------------------
def render_report(evaluation: Evaluation, deviations: Sequence[Any] = (), fmt: str = "md") -> str:
    """The intake report for one evaluation, as Markdown (``fmt="md"``) or one HTML page (``"html"``).

    ``deviations`` are the motivated deviations recorded for this case (``Deviation`` objects or
    their dicts, e.g. from ``DeviationService.for_case``); deviations the evaluation already applied
    are listed too. The only date in the report is the peildatum.
    """
    devs = list(deviations)
    if fmt == "md":
        return _md_report(evaluation, devs)
    if fmt == "html":
        return _html_report(evaluation, devs)
    raise ValueError(f"onbekend formaat {fmt!r}: kies 'md' of 'html'")
