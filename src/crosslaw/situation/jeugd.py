"""Facts the Jeugdwet turns on, about the resident as (possibly former) jeugdige.

The Jeugdwet is evaluated for the resident (``person``). Facts about other children in the
household stay on ``household.members`` (``youth_care_in_progress``, ``intensive_care_needs``);
whether jeugdhulp is under way and began before 18 is on ``care`` (shared with other laws).
Judgements the law leaves to the college ("naar het oordeel van het college") are facts
the professional records, never computed.
"""

from __future__ import annotations

from typing import Annotated, Literal, Optional

from pydantic import Field

from crosslaw.situation.base import SectionModel, fact

Referral = Literal["geen", "gemeente", "huisarts", "jeugdarts", "medisch_specialist", "rechter", "gecertificeerde_instelling"]
"""Who opened the way to jeugdhulp: the college itself (lokaal team, art. 2.3 lid 1), a doctor
(art. 2.6 lid 1 onder e), or the court / a gecertificeerde instelling (art. 2.4 lid 2 onder b)."""

CareCategory = Literal["psychisch_psychosociaal_opvoeding", "participatie", "persoonlijke_verzorging"]
"""The three parts of the definition of jeugdhulp in art. 1.1: 1° help with psychological,
psychosocial and behavioural problems, a mental disability or parenting problems; 2° furthering
participation (under 18 only); 3° personal care (under 18 only)."""

ChildProtectionMeasure = Literal["geen", "ots", "voorlopige_ots", "voogdij", "voorlopige_voogdij"]
"""Kinderbeschermingsmaatregel (art. 1.1): (voorlopige) voogdij under BW Boek 1, ondertoezichtstelling
(BW 1:255 lid 1), voorlopige ondertoezichtstelling (BW 1:257 lid 1)."""


class Youth(SectionModel):
    """Jeugdwet: the resident's need for jeugdhulp, its history, referral and child protection."""

    needs_youth_care: Optional[bool] = fact(
        "Is er jeugdhulp nodig vanwege opgroei- of opvoedingsproblemen, psychische problemen of stoornissen?",
        "Need for jeugdhulp, in the college's judgement (Jeugdwet art. 2.3 lid 1).",
    )
    own_means_insufficient: Optional[bool] = fact(
        "Zijn de eigen mogelijkheden en het probleemoplossend vermogen (van de jeugdige, de ouders en hun omgeving) ontoereikend?",
        "Own possibilities and problem-solving capacity fall short (Jeugdwet art. 2.3 lid 1).",
    )
    referral: Optional[Referral] = fact(
        "Langs welke weg is de jeugdhulp gevraagd of ingezet: geen, de gemeente (lokaal team), de huisarts, de jeugdarts, "
        "een medisch specialist, de rechter of een gecertificeerde instelling?",
        "Referral route (Jeugdwet art. 2.3 lid 1, art. 2.6 lid 1 onder e, art. 2.4 lid 2 onder b).",
    )
    care_category: Optional[CareCategory] = fact(
        "Om welke jeugdhulp gaat het: hulp bij psychische, psychosociale of gedragsproblemen, een verstandelijke beperking of "
        "opvoedingsproblemen (onder 1°), participatie bij een beperking (onder 2°) of persoonlijke verzorging (onder 3°)?",
        "Part of the definition of jeugdhulp the care falls under (Jeugdwet art. 1.1, jeugdhulp 1°-3°).",
    )
    continuation_necessary: Optional[bool] = fact(
        "Is bepaald dat voortzetting van de vóór het 18e jaar begonnen jeugdhulp na het 18e jaar noodzakelijk is?",
        "Continuation of jeugdhulp begun before 18 determined necessary (Jeugdwet art. 1.1, jeugdige 4°, first indent).",
    )
    decided_before_18: Optional[bool] = fact(
        "Is vóór het 18e jaar bepaald dat jeugdhulp noodzakelijk is?",
        "Before 18 it was determined that jeugdhulp is necessary (Jeugdwet art. 1.1, jeugdige 4°, second indent).",
    )
    resumption_necessary: Optional[bool] = fact(
        "Is de vóór het 18e jaar begonnen jeugdhulp beëindigd en is bepaald dat hervatting noodzakelijk is?",
        "Resumption of ended jeugdhulp begun before 18 determined necessary (Jeugdwet art. 1.1, jeugdige 4°, third indent).",
    )
    months_between_end_and_resumption: Optional[Annotated[int, Field(ge=0, le=240)]] = fact(
        "Hoeveel maanden liggen tussen de beëindiging van de jeugdhulp of pleegzorg en de hervatting? Tel een begonnen maand als hele maand.",
        "Months (rounded up) between the end of jeugdhulp or pleegzorg and its resumption; the law allows half a year "
        "(Jeugdwet art. 1.1, jeugdige 3° and 4°).",
    )
    foster_care: Optional[bool] = fact(
        "Bestaat de (te verlenen) jeugdhulp uit pleegzorg?",
        "The jeugdhulp consists of pleegzorg (Jeugdwet art. 1.1, jeugdige 3°).",
    )
    foster_care_started_before_18: Optional[bool] = fact(
        "Is de pleegzorg begonnen vóór het 18e jaar?",
        "Pleegzorg began before 18 (Jeugdwet art. 1.1, jeugdige 3°).",
    )
    foster_care_resumed: Optional[bool] = fact(
        "Was de pleegzorg beëindigd en wordt die nu hervat (in plaats van ononderbroken voortgezet)?",
        "Pleegzorg ended and is being resumed (Jeugdwet art. 1.1, jeugdige 3°, second indent).",
    )
    adolescent_criminal_law: Optional[bool] = fact(
        "Is ten aanzien van de aanvrager (18 jaar of ouder) recht gedaan volgens het adolescentenstrafrecht (art. 77c Sr)?",
        "Tried under adolescentenstrafrecht, Sr art. 77c with art. 77g-77gg (Jeugdwet art. 1.1, jeugdige 2°).",
    )
    child_protection_measure: Optional[ChildProtectionMeasure] = fact(
        "Geldt er een kinderbeschermingsmaatregel: geen, ondertoezichtstelling, voorlopige ondertoezichtstelling, voogdij of voorlopige voogdij?",
        "Kinderbeschermingsmaatregel in force (Jeugdwet art. 1.1; BW Boek 1 art. 241, 255, 257).",
    )
    juvenile_probation: Optional[bool] = fact(
        "Voert een gecertificeerde instelling jeugdreclassering uit voor de aanvrager?",
        "Jeugdreclassering in progress (Jeugdwet art. 1.1, art. 2.4 lid 2).",
    )
    lawfully_resident: Optional[bool] = fact(
        "Verblijft de aanvrager (als vreemdeling) rechtmatig in Nederland?",
        "Lawful residence of an alien; the college's duty covers lawfully resident aliens (Jeugdwet art. 1.3 lid 2).",
    )
    zvw_care_covers_need: Optional[bool] = fact(
        "Bestaat er voor deze problematiek recht op zorg uit de zorgverzekering (Zvw), zoals ggz-behandeling vanaf 18 jaar?",
        "A right to Zvw care for the problem (Jeugdwet art. 1.2 lid 1 onder a).",
    )
    multiple_causes: Optional[bool] = fact(
        "Liggen er meerdere oorzaken aan de problematiek ten grondslag, zodat zowel Wlz- of Zvw-zorg als soortgelijke jeugdhulp kan worden verkregen?",
        "Several causes, so both Wlz/Zvw care and a similar Jeugdwet voorziening are obtainable (Jeugdwet art. 1.2 lid 2).",
    )
    other_statutory_provision: Optional[bool] = fact(
        "Bestaat er naar het oordeel van het college voor deze problematiek aanspraak op een voorziening uit een andere wet "
        "(niet zijnde Wmo-begeleiding)?",
        "Entitlement under another statutory provision, other than Wmo begeleiding (Jeugdwet art. 1.2 lid 1 onder b).",
    )
    refuses_wlz_cooperation: Optional[bool] = fact(
        "Heeft het college gegronde redenen om aan te nemen dat de jeugdige Wlz-zorg kan krijgen, en weigert de jeugdige "
        "of zijn wettelijk vertegenwoordiger mee te werken aan een Wlz-besluit?",
        "Likely Wlz entitlement while cooperation with a Wlz decision is refused (Jeugdwet art. 1.2 lid 1 onder c).",
    )
    stays_in_care_setting: Optional[bool] = fact(
        "Verblijft de jeugdige bij een jeugdhulpaanbieder of pleegouder, in opvang of beschermd wonen (Wmo), in een "
        "Wlz-instelling of in een justitiële jeugdinrichting?",
        "Stay with a provider, foster parent or institution; the woonplaats is then the address before the stay "
        "(Jeugdwet art. 1.1, woonplaats 2°).",
    )
    municipality_before_stay: Optional[str] = fact(
        "In welke gemeente had de jeugdige zijn woonadres (BRP) direct vóór dat verblijf?",
        "Municipality of the BRP woonadres immediately before the stay (Jeugdwet art. 1.1, woonplaats 2°).",
    )
    fallback_municipality: Optional[str] = fact(
        "Als de woonplaats niet uit het BRP-woonadres volgt (geen woonadres of buitenland): in welke gemeente stond de moeder "
        "bij de geboorte ingeschreven, of anders: in welke gemeente verblijft de jeugdige werkelijk?",
        "Woonplaats when no BRP woonadres determines it, or it is abroad (Jeugdwet art. 1.1, woonplaats 3° and 4°).",
    )
    # -- persoonsgebonden budget (art. 8.1.1) ----------------------------------------------------------------
    pgb_requested: Optional[bool] = fact(
        "Willen de jeugdige of zijn ouders de jeugdhulp als persoonsgebonden budget (pgb) in plaats van in natura?",
        "The jeugdige or his parents wish a persoonsgebonden budget (Jeugdwet art. 8.1.1 lid 1).",
    )
    pgb_capable: Optional[bool] = fact(
        "Zijn de jeugdige of zijn ouders naar het oordeel van het college, zelf of met hulp uit hun netwerk of van een "
        "vertegenwoordiger, in staat de taken van een pgb op verantwoorde wijze uit te voeren?",
        "Able to perform the tasks of a pgb responsibly, alone or with help (Jeugdwet art. 8.1.1 lid 2 onder a).",
    )
    pgb_provider_unsuitable: Optional[bool] = fact(
        "Hebben de jeugdige of zijn ouders gemotiveerd aangegeven dat zij de jeugdhulp van de gecontracteerde aanbieder niet passend vinden?",
        "They argue with reasons that the individual provision of a contracted provider is not suitable (Jeugdwet art. 8.1.1 lid 2 onder b).",
    )
    pgb_quality_assured: Optional[bool] = fact(
        "Is naar het oordeel van het college gewaarborgd dat de jeugdhulp die met het pgb wordt ingekocht van goede kwaliteit is?",
        "The college judges the jeugdhulp bought with the pgb of good quality (Jeugdwet art. 8.1.1 lid 2 onder c).",
    )
    pgb_costs_higher: Optional[bool] = fact(
        "Zijn de kosten van de jeugdhulp via het pgb hoger dan de kosten van de voorziening in natura?",
        "Buying the jeugdhulp costs more than the individual provision: the college may refuse (Jeugdwet art. 8.1.1 lid 4 onder a).",
    )
    pgb_previously_revoked: Optional[bool] = fact(
        "Heeft het college eerder een pgb-beslissing herzien of ingetrokken wegens onjuiste gegevens, het niet voldoen aan de "
        "voorwaarden of gebruik voor een ander doel?",
        "Earlier revision or revocation under Jeugdwet art. 8.1.4 lid 1 onder a, d or e: the college may refuse (art. 8.1.1 lid 4 onder b).",
    )
