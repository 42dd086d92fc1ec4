"""The page for the resident: what this means for you, in plain Dutch (B1), on one A4 page.

Short sentences, "u", no article numbers, a word list where a legal term cannot be avoided.
What you may get, what you must do and by when, where to go, what is still being looked at,
and who your contact is. The professional report keeps the articles; this page keeps the
meaning. Outcomes without a plain sentence here are named by their title, so nothing that
applies is left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

from crosslaw.explanation.result import Evaluation, Outcome
from crosslaw.presentation.money import VAKANTIETOESLAG, VRIJGELATEN, computed_by_id
from crosslaw.presentation.reasons import pending_step
from crosslaw.presentation.steps import SVB, TOESLAGEN, UWV, next_steps
from crosslaw.presentation.text import short_title
from crosslaw.presentation.words import POSITIVE, dutch_date, euro


@dataclass(frozen=True)
class ResidentPage:
    peildatum: str
    get: list[str]
    do: list[str]
    when: list[str]
    where: list[tuple[str, str]]
    open_: list[str]
    contact: str
    words: list[tuple[str, str]]
    notices: list[str] = field(default_factory=list)


# What an outcome means for the resident, in one or two short sentences. {amount} is filled in.
GET = {
    "pw.algemene_bijstand": "Bijstand van de gemeente. Dat is geld om van te leven.",
    "uwv.ww": "Een WW-uitkering van UWV, omdat u uw werk kwijt bent.",
    "uwv.toeslag": "Een toeslag van UWV. Die vult uw uitkering aan tot het minimum.",
    "uwv.wajong": "Een Wajong-uitkering van UWV.",
    "uwv.zw_vangnet": "Ziekengeld van UWV.",
    "uwv.iva": "Een uitkering van UWV omdat u niet meer kunt werken.",
    "uwv.wga": "Een uitkering van UWV omdat u minder kunt werken.",
    "wmo.begeleiding_individueel": "Een begeleider van de gemeente die u helpt thuis.",
    "wmo.hulp_bij_het_huishouden": "Hulp bij het huishouden.",
    "wmo.dagbesteding": "Dagbesteding: een plek waar u overdag iets kunt doen.",
    "wmo.hulpmiddelen_vervoer": "Een hulpmiddel of hulp bij vervoer.",
    "wmo.woningaanpassing": "Een aanpassing in uw huis.",
    "wmo.beschermd_wonen": "Een plek in beschermd wonen.",
    "wmo.opvang": "Opvang: een veilige plek om te slapen.",
    "wmo.tijdelijke_maatwerkvoorziening": "Snelle hulp, omdat het dringend is.",
    "jw.jeugdhulp": "Jeugdhulp.",
    "jw.verlengde_jeugdhulp": "Jeugdhulp, ook na uw 18e.",
}
DO = {
    "pw.arbeidsverplichting": "U zoekt werk en u neemt werk aan dat u kunt doen.",
    "pw.re_integratieverplichting": "U doet mee aan hulp om werk te vinden.",
    "pw.zoektermijn_jongeren": "U zoekt eerst vier weken zelf naar werk. Daarna vraagt u bijstand aan.",
    "uwv.ww_verplichtingen": "U zoekt werk en u staat ingeschreven bij UWV. Zo houdt u uw WW.",
    "wmo.bijdrage": "U betaalt een eigen bijdrage voor de hulp. Die betaalt u aan het CAK.",
}
WARN = {
    "pw.verlaging_arbeidsverplichting": "Let op: de gemeente wil uw bijstand verlagen. Praat erover met uw klantmanager. Soms hoeft het niet.",
    "pw.verlaging_verordening": "Let op: de gemeente wil uw bijstand verlagen. Praat erover met uw klantmanager. Soms hoeft het niet.",
    "pw.boete_inlichtingenplicht": "Let op: u kunt een boete krijgen. Praat erover met uw klantmanager.",
    "wmo.voorrang_zvw": "Een deel van uw zorg komt via uw zorgverzekering.",
    "wmo.weigeringsgrond_wlz": "Uw zorg komt uit de Wet langdurige zorg. Het zorgkantoor regelt dat.",
}
COUNTERS = {
    "gemeente (werk en inkomen)": "Gemeente, team werk en inkomen: voor bijstand en hulp bij werk.",
    "gemeente (wijkteam)": "Wijkteam van de gemeente: voor hulp thuis en zorg.",
    "gemeente (jeugdteam)": "Jeugdteam van de gemeente: voor jeugdhulp.",
    "schuldhulpverlening van de gemeente": "Schuldhulp van de gemeente: voor hulp bij schulden.",
    UWV: "UWV: voor WW, ziekengeld en de toeslag (uwv.nl).",
    TOESLAGEN: "Belastingdienst/Toeslagen: voor zorgtoeslag en huurtoeslag (toeslagen.nl).",
    SVB: "SVB: voor kinderbijslag (svb.nl).",
}
WORDS = {
    "bijstand": ("Bijstand", "geld van de gemeente als u te weinig inkomen hebt."),
    "netto": ("Netto", "het bedrag dat u echt krijgt, na belasting."),
    "bruto": ("Bruto", "het bedrag vóór belasting. U krijgt iets minder."),
    "toeslag": ("Toeslag", "extra geld bovenop een uitkering of voor zorg en huur."),
    "vakantiegeld": ("Vakantiegeld", "een deel van uw geld dat de gemeente bewaart en één keer per jaar betaalt."),
}


def _money_sentence(o: Outcome, computed: dict) -> str:
    if o.amount is None or o.amount.cents is None:
        return ""
    cents = o.amount.cents
    if o.id == "pw.algemene_bijstand":
        reserved = computed.get(VAKANTIETOESLAG)
        if reserved is not None and reserved.value:
            yearly = int(reserved.value) * 12
            return (f"U krijgt {euro(cents - int(reserved.value))} netto per maand. "
                    f"Eén keer per jaar krijgt u vakantiegeld: ongeveer {euro(yearly)}.")
        return f"U krijgt {euro(cents)} netto per maand."
    if o.law == "uwv":
        return f"Dat is ongeveer {euro(cents)} bruto per maand."
    if o.law == "wmo" and o.type == "obligation":
        return f"U betaalt {euro(cents)} per maand."
    return f"Bedrag: {euro(cents)} per maand."


def resident_page(ev: Evaluation, deviations: Sequence[Any] = (), terms: Any = None, situation: Any = None,
                  contact: str | None = None) -> ResidentPage:
    outcomes = [o for law in ev.laws for o in law.outcomes]
    computed = computed_by_id(ev.laws)
    get, do, words = [], [], set()
    for o in outcomes:
        if o.type in ("benefit", "service") and o.status in POSITIVE:
            line = " ".join(x for x in (GET.get(o.id, short_title(o.title) + "."), _money_sentence(o, computed)) if x)
            get.append(line)
            if o.id == "pw.algemene_bijstand":
                words.update({"bijstand", "netto", "vakantiegeld"})
            if o.law == "uwv":
                words.add("bruto")
            if o.id == "uwv.toeslag":
                words.add("toeslag")
        elif o.type == "obligation" and o.status in POSITIVE:
            held = [c for c in o.exemptions if c.value is True]
            if held:
                do.append(f"{DO.get(o.id, short_title(o.title) + '.').split('.')[0]}: dat hoeft nu even niet.")
            else:
                do.append(DO.get(o.id, short_title(o.title) + "."))
        elif o.status in POSITIVE and o.id in WARN:
            do.append(WARN[o.id])
    pending = sorted({pending_step(o) for o in outcomes if pending_step(o)})
    for step in pending:
        do.append("Meld uw hulpvraag bij het wijkteam van de gemeente. Dan kijken we samen wat u nodig hebt."
                  if "melding" in step else f"Eerst nodig: {step}.")
    exempt = computed.get(VRIJGELATEN)
    if exempt is not None and exempt.value:
        get.append(f"Uw kinderbijslag en toeslagen ({euro(int(exempt.value))} per maand) tellen niet mee. Die houdt u.")
    steps = next_steps(ev, deviations, terms, situation)
    when = _deadlines(ev, outcomes, steps, terms or {})
    where, seen = [], set()
    for s in steps:
        if s.who in COUNTERS and s.who not in seen:
            seen.add(s.who)
            where.append((s.who, COUNTERS[s.who]))
    # provisions that wait for a request the resident did not make (a gate requirement) are not "being looked at"
    open_titles = [short_title(o.title) for o in outcomes if o.status == "undetermined"
                   and not any(c.gate and c.value is not True for c in o.requirements)]
    open_ = []
    if open_titles:
        # one short line per provision: a list of long titles in one sentence is not B1
        open_.append("We zoeken nog uit of u recht hebt op:")
        open_.extend(f"{title}." for title in open_titles[:3])
        if len(open_titles) > 3:
            open_.append(f"En nog {len(open_titles) - 3} andere regelingen.")
    if ev.missing:
        open_.append(f"Daarvoor hebben we nog {len(ev.missing)} antwoorden van u nodig.")
    present = [c for c in ev.conflicts if c.status == "present"]
    if present:
        open_.append("Soms zeggen twee regels iets anders. Wij zoeken samen met u naar een oplossing.")
    return ResidentPage(
        peildatum=dutch_date(ev.evaluation_date), get=get, do=do, when=when, where=where, open_=open_,
        contact=contact or "", words=[WORDS[w] for w in ("bijstand", "netto", "bruto", "toeslag", "vakantiegeld") if w in words],
        notices=[n.message for n in getattr(ev, "notices", [])],
    )


def _deadlines(ev: Evaluation, outcomes: list[Outcome], steps: list[Any], terms: Any) -> list[str]:
    """By when, in plain words, from the statutory terms on the peildatum."""
    from datetime import timedelta

    on, out = ev.evaluation_date, []
    status = {o.id: o.status for o in outcomes}
    decide, search = terms.get("pw.termijn.beslissen_weken"), terms.get("pw.termijn.zoektermijn_weken")
    if status.get("pw.zoektermijn_jongeren") == "applies" and search:
        out.append(f"U zoekt eerst {search} weken zelf werk. Vanaf {dutch_date(on + timedelta(weeks=search))} kunt u bijstand aanvragen.")
    if status.get("pw.algemene_bijstand") in ("eligible", "undetermined") and decide:
        out.append(f"Na uw aanvraag besluit de gemeente binnen {decide} weken over uw bijstand.")
    research, decide_wmo = terms.get("wmo.termijn.onderzoek_weken"), terms.get("wmo.termijn.beschikking_weken")
    wmo_open = any(o.law == "wmo" and o.type in ("service", "benefit") and (o.status == "undetermined" or pending_step(o)) for o in outcomes)
    if wmo_open and research:
        out.append(f"Na uw melding kijkt de gemeente binnen {research} weken met u wat u nodig hebt."
                   + (f" Na uw aanvraag besluit de gemeente binnen {decide_wmo} weken." if decide_wmo else ""))
    for step in steps:
        if step.topic == "Jeugdhulp" and step.when.startswith("vóór"):
            out.append(f"De gemeente besluit {step.when} of uw jeugdhulp doorgaat na uw 18e verjaardag.")
    return out
