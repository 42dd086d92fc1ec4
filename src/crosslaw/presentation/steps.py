"""Next steps after an intake, in the order the intake research advises.

Stress factors first (debts, housing, safety, income), then care (Wmo, Jeugdwet), then
participation (work obligations, re-integration), then the case file. A step is data
(topic, text, cited articles, questions) so every report renders the same steps.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Iterable, Mapping, Sequence

from crosslaw.deviation.model import Deviation
from crosslaw.explanation.result import Citation, ConflictResult, Evaluation, Outcome
from crosslaw.presentation.money import basis_word
from crosslaw.presentation.reasons import pending_step
from crosslaw.presentation.words import POSITIVE, STATUS_NL, dutch_date, euro, lever_tags, n_of

__all__ = ["Step", "next_steps", "PHASES", "ORDER_NOTE", "VOORSCHOT"]

# The advance on bijstand while the right is not yet established (also a lever in rules/conflicts/voorrang.yaml).
VOORSCHOT = Citation(
    text="art. 52 lid 1 Participatiewet",
    link="https://wetten.overheid.nl/jci1.3:c:BWBR0015703&artikel=52&lid=1&z=2026-01-01&g=2026-01-01",
)

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
    actor: str = ""  # who acts; empty: the usual counter for the topic (see ``who``)
    when: str = ""  # by when, from a statutory term and the peildatum, or a birthday

    @property
    def phase(self) -> str:
        return TOPIC_PHASE[self.topic]

    @property
    def who(self) -> str:
        return self.actor or ACTORS[self.topic]


# The usual counter per topic; a step names another where another organisation acts (UWV, SVB, Toeslagen).
ACTORS = {
    "Schulden": "schuldhulpverlening van de gemeente",
    "Wonen": "gemeente (wijkteam)",
    "Veiligheid": "gemeente (wijkteam)",
    "Inkomen": "gemeente (werk en inkomen)",
    "Wmo-ondersteuning": "gemeente (wijkteam)",
    "Jeugdhulp": "gemeente (jeugdteam)",
    "Werk en re-integratie": "gemeente (klantmanager werk)",
    "Dossier": "de professional",
}
UWV, TOESLAGEN, SVB = "UWV", "Belastingdienst/Toeslagen", "SVB (Sociale Verzekeringsbank)"


HOUSING_FACTS = ("shelter", "protected_living", "left_home", "address_kind", "homeless")


def _is_housing(o: Outcome) -> bool:
    return any(k in o.id for k in ("opvang", "beschermd_wonen", "dakloos"))


def _is_safety(o: Outcome) -> bool:
    return any(k in o.id for k in ("kinderbescherming", "bij_maatregel", "tijdelijke_maatwerkvoorziening", "spoed"))


def _is_fine(o: Outcome) -> bool:
    return "boete" in o.id


def amount_text(o: Outcome) -> str:
    if o.amount is None or o.status not in POSITIVE:
        return ""
    if o.amount.cents is None:
        return "bedrag nog niet te berekenen"
    word = basis_word(o)
    return f"{euro(o.amount.cents)}{' ' + word if word else ''} per maand"


def outcome_label(o: Outcome) -> str:
    amount = amount_text(o)
    return f"{o.title} ({amount})" if amount else o.title


_n = n_of


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


def as_deviation(d: Any) -> Deviation:
    return d if isinstance(d, Deviation) else Deviation.model_validate(d)


def _weeks(terms: Mapping[str, Any], key: str) -> int | None:
    value = terms.get(key)
    return int(value) if isinstance(value, int) and not isinstance(value, bool) else None


def _in_weeks(on: date, weeks: int) -> str:
    return dutch_date(on + timedelta(weeks=weeks))


def _eighteenth_birthday(situation: Any, on: date) -> date | None:
    birth = getattr(getattr(situation, "person", None), "birth_date", None)
    if birth is None:
        return None
    try:
        day = birth.replace(year=birth.year + 18)
    except ValueError:  # born on 29 February
        day = date(birth.year + 18, 3, 1)
    return day if on < day else None


def next_steps(evaluation: Evaluation, deviations: Sequence[Any] = (), terms: Mapping[str, Any] | None = None,
               situation: Any = None) -> list[Step]:
    """The next steps derived from the evaluation, ordered: stress factors, care, participation.

    ``terms`` are the parameter values on the peildatum (``RuleSet.parameters_on``); with them a step
    says by when (the Wmo six weeks, the decision term on bijstand). ``situation`` adds the steps that
    need a fact the evaluation does not carry (the 18th birthday, children for the kinderbijslag).
    """
    ev = evaluation
    terms = terms or {}
    on = ev.evaluation_date
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
            steps.append(Step("Schulden", "Er is een boete aan de orde die de schulden vergroot; weeg de gevolgen voor de schuldsituatie mee.", ((outcome_label(o), o.article),)))

    # stress: housing and acute safety
    housing = [o for o in outcomes if _is_housing(o) and o.status == "eligible"]
    if housing:
        steps.append(Step("Wonen", "Regel een (veilige) woonplek.", tuple((outcome_label(o), o.article) for o in housing)))
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
            steps.append(Step("Veiligheid", "Acute veiligheid of spoed gaat voor: zorg dat dit geregeld is.", ((outcome_label(o), o.article),)))

    # stress: income
    measures = [o for o in outcomes if o.type == "measure" and o.law in ("participatiewet", "uwv") and not _is_fine(o) and o.status == "applies"]
    if measures:
        steps.append(Step(
            "Inkomen",
            "Er ligt een maatregel die het inkomen raakt: beoordeel verwijtbaarheid en dringende redenen voordat die ingaat.",
            tuple((outcome_label(o), o.article) for o in measures),
        ))
    benefits = [o for o in outcomes if o.type == "benefit" and o.status == "eligible"]
    decide = _weeks(terms, "pw.termijn.beslissen_weken")
    search = _weeks(terms, "pw.termijn.zoektermijn_weken")
    young = any(o.id == "pw.zoektermijn_jongeren" and o.status == "applies" for o in outcomes)

    def bijstand_when() -> str:
        parts = []
        if young and search:
            parts.append(f"eerst {search} weken zelf werk zoeken: aanvragen vanaf {_in_weeks(on, search)}")
        if decide:
            parts.append(f"de gemeente beslist binnen {decide} weken na de aanvraag (bij aanvraag op de peildatum: uiterlijk {_in_weeks(on, decide)})")
        return "; ".join(parts)

    for actor, group in ((UWV, [o for o in benefits if o.law == "uwv"]), ("", [o for o in benefits if o.law != "uwv"])):
        if group:
            what = "de uitkering" if len(group) == 1 else "de uitkeringen"
            when = bijstand_when() if any(o.id == "pw.algemene_bijstand" for o in group) else ""
            steps.append(Step("Inkomen", f"Zet het inkomen zeker: vraag {what} aan of zet de betaling door.",
                              tuple((outcome_label(o), o.article) for o in group), actor=actor, when=when))
    open_benefits = [o for o in outcomes if o.type == "benefit" and o.status == "undetermined"]
    if open_benefits:
        refs = [(o.title, o.article) for o in open_benefits]
        bijstand_open = any(o.id == "pw.algemene_bijstand" for o in open_benefits)
        if bijstand_open:
            day = ev.evaluation_date.isoformat()  # the text in force on the peildatum, like every other citation
            voorschot = VOORSCHOT.model_copy(update={"link": VOORSCHOT.link.replace("z=2026-01-01&g=2026-01-01", f"z={day}&g={day}")})
            refs.append(("Voorschot op de bijstand zolang het recht niet is vastgesteld", voorschot))
        questions = [m for o in open_benefits for m in o.missing]
        steps.append(Step("Inkomen", "Stel het recht op inkomen vast.", tuple(refs), _questions(questions),
                          when=bijstand_when() if bijstand_open else ""))
    steps.append(Step("Inkomen", "Zorgtoeslag, huurtoeslag en kindgebonden budget berekent crosslaw niet: vraag ze aan bij "
                      "Belastingdienst/Toeslagen (toeslagen.nl).", actor=TOESLAGEN))
    members = getattr(getattr(situation, "household", None), "members", None) or []
    if any(getattr(m, "relation", None) in ("kind", "pleegkind") for m in members):
        steps.append(Step("Inkomen", "Kinderbijslag berekent crosslaw niet: die regelt de SVB.", actor=SVB))

    # care: Wmo and Jeugdwet
    care = {"wmo": "Wmo-ondersteuning", "jeugdwet": "Jeugdhulp"}
    for law_id, topic in care.items():
        law_outcomes = [o for o in outcomes if o.law == law_id and not _is_housing(o) and not _is_safety(o)]
        services = [o for o in law_outcomes if o.type in ("service", "benefit") and o.status == "eligible"]
        if services:
            steps.append(Step(topic, "Zet de ondersteuning in waarop recht bestaat.", tuple((outcome_label(o), o.article) for o in services)))
        open_services = [o for o in law_outcomes if o.type in ("service", "benefit") and o.status == "undetermined"]
        pending = [o for o in law_outcomes if o.type in ("service", "benefit") and pending_step(o)]
        if open_services or pending:
            what = "Onderzoek de hulpvraag (melding en gesprek)" if law_id == "wmo" else "Ga na of jeugdhulp nodig is"
            when = ""
            research, decide_wmo = _weeks(terms, "wmo.termijn.onderzoek_weken"), _weeks(terms, "wmo.termijn.beschikking_weken")
            if law_id == "wmo" and research:
                when = (f"na de melding is het onderzoek binnen {research} weken klaar (bij een melding op de peildatum: "
                        f"uiterlijk {_in_weeks(on, research)})")
                if decide_wmo:
                    when += f"; na de aanvraag beslist de gemeente binnen {decide_wmo} weken"
            steps.append(Step(topic, f"{what}: nog niet te bepalen.", tuple((o.title, o.article) for o in open_services + pending),
                              _questions([m for o in open_services for m in o.missing]), when=when))
        referrals = [o for o in law_outcomes if o.type == "measure" and o.status == "applies"]
        if referrals:
            steps.append(Step(topic, "De zorg komt (deels) uit een andere wet: verwijs door en stem af.", tuple((o.title, o.article) for o in referrals)))
        contributions = [o for o in law_outcomes if o.type == "obligation" and o.status == "applies"]
        if contributions:
            steps.append(Step(topic, "Bespreek de eigen bijdrage met de inwoner.", tuple((outcome_label(o), o.article) for o in contributions)))
    for law in ev.laws:
        for c in law.computed:
            if c.type == "bool" and c.value is True and "(signaal)" in c.title:
                steps.append(Step(_signal_topic(law.law), f"Signaal: {c.title.replace(' (signaal)', '')}. Betrek dit bij één gezamenlijk plan.", ((c.title, c.article),)))

    eighteen = _eighteenth_birthday(situation, on)
    youth = [o for o in outcomes if o.law == "jeugdwet" and o.type in ("service", "benefit") and o.status in ("eligible", "undetermined")]
    if eighteen and youth and (eighteen - on).days <= 366:
        extended = next((o for o in outcomes if o.id == "jw.verlengde_jeugdhulp"), None)
        refs = ((extended.title, extended.article),) if extended else ()
        steps.append(Step("Jeugdhulp", "Besluit vóór de 18e verjaardag of de jeugdhulp na 18 doorloopt (verlengde jeugdhulp); "
                          "daarna is een besluit te laat.", refs, when=f"vóór {dutch_date(eighteen)}"))

    # participation
    duties = [o for o in outcomes if o.type == "obligation" and o.law in ("participatiewet", "uwv") and o.status == "applies"]
    for actor, group in (("", [o for o in duties if o.law != "uwv"]), (UWV, [o for o in duties if o.law == "uwv"])):
        if not group:
            continue
        refs = [(o.title, o.article) for o in group]
        refs += [(f"Ontheffing geldt: {e.title}", e.article) for o in group for e in o.exemptions if e.value is True]
        steps.append(Step(
            "Werk en re-integratie",
            "Arbeidsverplichtingen en re-integratie: zet ze in als inkomen, wonen en zorg stabiel zijn, en stem ze af op de zorg.",
            tuple(refs), actor=actor,
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
    for d in map(as_deviation, deviations):
        when = [f"heroverwegen uiterlijk {dutch_date(d.review_on)}" if d.review_on else "", f"loopt af op {dutch_date(d.ends_on)}" if d.ends_on else ""]
        when = [w for w in when if w]
        if when and d.status in ("approved", "proposed"):
            steps.append(Step("Dossier", f"Afwijking {d.id[:12]} van {d.rule_id}: {', '.join(when)}."))
    for o in outcomes:
        if o.applied_deviation is not None and not o.applied_deviation.same_rule_version:
            steps.append(Step("Dossier", f"De regel {o.id} is gewijzigd sinds afwijking {o.applied_deviation.id[:12]}: heroverweeg de afwijking.", ((o.title, o.article),)))
    for e in getattr(ev, "deviation_effects", []):  # a value deviation the law has overtaken
        if e.redundant:
            steps.append(Step("Dossier", f"Afwijking {e.id[:12]} ({e.target}) is overbodig geworden: de wet geeft nu zelf wat zij gaf; "
                                         "trek haar in of leg vast waarom zij blijft."))
        elif e.basis_changed:
            steps.append(Step("Dossier", f"De grondslag van afwijking {e.id[:12]} ({e.target}) is gewijzigd: heroverweeg de afwijking."))
    steps.append(Step("Dossier", "Bespreek dit verslag met de inwoner; leg het besluit en de motivering vast. De professional beslist (AVG art. 22)."))

    return [s for _, s in sorted(enumerate(steps), key=lambda p: (TOPIC_ORDER[p[1].topic], p[0]))]

