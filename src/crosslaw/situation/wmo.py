"""Facts the Wmo 2015 turns on: the investigation after a melding (art. 2.3.2) as the
professional records it, the need for support per life domain, what goes first (art. 2.3.5
lid 3 and 4) and the facts the own contribution (art. 2.1.4a, Uitvoeringsbesluit Wmo 2015
art. 3.8) depends on.

Judgements the law leaves to the college ("naar het oordeel van het college") are recorded
here as facts: the engine does not make them, the professional does, after the onderzoek.
Each judgement is about the support the resident asked for.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Optional

from pydantic import Field

from crosslaw.situation.base import SectionModel, fact


class Support(SectionModel):
    """Wmo 2015: the melding, what the onderzoek (art. 2.3.2 lid 4) established, and the contribution."""

    # -- melding, onderzoek and the competent municipality (art. 1.2.1, 2.3.2, 2.3.3, 2.3.5 lid 1) ----------
    melding_done: Optional[bool] = fact("Is er een melding van een hulpvraag gedaan bij de gemeente?", "A melding was made (Wmo art. 2.3.2 lid 1).")
    applies_to_municipality: Optional[str] = fact(
        "Tot welke gemeente wendt de aanvrager zich met zijn hulpvraag?",
        "The municipality whose college receives the melding (Wmo art. 1.2.1 onder b en c: 'de gemeente tot welke hij zich wendt'; "
        "for zelfredzaamheid and participatie it must be his own municipality, art. 1.2.1 onder a, 2.3.5 lid 1 onder a).",
        max_length=100,
    )
    investigation_done: Optional[bool] = fact(
        "Heeft het college het onderzoek naar aanleiding van de melding uitgevoerd en de uitkomst schriftelijk vastgelegd?",
        "The onderzoek of Wmo art. 2.3.2 lid 1-8 has been carried out.",
    )
    investigation_overdue: Optional[bool] = fact(
        "Is het onderzoek niet binnen zes weken na de melding uitgevoerd?",
        "The onderzoek was not done within six weeks of the melding, so the aanvraag may be made without it (Wmo art. 2.3.2 lid 9).",
    )
    urgent: Optional[bool] = fact(
        "Is er sprake van een spoedeisend geval, zoals wanneer terstond opvang nodig is?",
        "Urgent case in which the college decides at once on a temporary maatwerkvoorziening (Wmo art. 2.3.3).",
    )

    # -- who: the problems art. 1.2.1 names ------------------------------------------------------------------
    has_limitation: Optional[bool] = fact(
        "Heeft de aanvrager een beperking of chronische psychische of psychosociale problemen?",
        "A disability or chronic psychological or psychosocial problems (Wmo art. 1.2.1 onder a).",
    )
    psychosocial_problems: Optional[bool] = fact(
        "Heeft de aanvrager psychische of psychosociale problemen?",
        "Psychological or psychosocial problems, the target group of beschermd wonen (Wmo art. 1.1.1, 1.2.1 onder b).",
    )
    left_home: Optional[bool] = fact(
        "Heeft de aanvrager de thuissituatie verlaten?",
        "The resident has left the home situation (Wmo art. 1.1.1 'opvang', 1.2.1 onder c).",
    )
    domestic_violence: Optional[bool] = fact(
        "Heeft de aanvrager de thuissituatie verlaten in verband met risico's voor zijn veiligheid als gevolg van huiselijk geweld?",
        "Left home because of risks to his safety from domestic violence (Wmo art. 1.2.1 onder c, 1.2.2 lid 2).",
    )

    # -- lawful stay of aliens (art. 1.2.2) ------------------------------------------------------------------
    alien_equated: Optional[bool] = fact(
        "Wordt de vreemdeling voor de Wmo met een Nederlander gelijkgesteld (art. 2.1 Uitvoeringsbesluit Wmo 2015), bijvoorbeeld "
        "na rechtmatig verblijf met een tijdige verlengingsaanvraag of als slachtoffer van huiselijk geweld in afwachting van een verblijfsvergunning?",
        "An alien equated with a Dutch national by Uitvoeringsbesluit Wmo 2015 art. 2.1 (Wmo art. 1.2.2 lid 3).",
    )
    eu_citizen_directive_24_2: Optional[bool] = fact(
        "Is de aanvrager een EU-burger (of familielid) voor wie art. 24 lid 2 van Richtlijn 2004/38/EG een uitzondering op gelijke behandeling toelaat "
        "(bijvoorbeeld de eerste drie maanden verblijf of verblijf als werkzoekende)?",
        "A Union citizen in the cases of art. 24(2) of Directive 2004/38/EC, excluded from opvang (Wmo art. 1.2.2 lid 2).",
    )

    # -- behoeften per levensdomein (art. 2.3.2 lid 4 onder a) -----------------------------------------------
    needs_household_help: Optional[bool] = fact(
        "Heeft de aanvrager beperkingen bij het voeren van een gestructureerd huishouden (behoefte aan hulp bij het huishouden)?",
        "Need for household help: limits in running a structured household (Wmo art. 1.1.1 'zelfredzaamheid', 2.3.2 lid 4 onder a).",
    )
    needs_personal_support: Optional[bool] = fact(
        "Heeft de aanvrager individuele begeleiding nodig voor zijn zelfredzaamheid of participatie (structuur, regie, praktische ondersteuning)?",
        "Need for individual begeleiding (Wmo art. 1.1.1 'begeleiding', 2.3.2 lid 4 onder a).",
    )
    needs_day_activities: Optional[bool] = fact(
        "Heeft de aanvrager dagbesteding of begeleiding in een groep nodig om te kunnen participeren?",
        "Need for day activities / group begeleiding (Wmo art. 2.1.2 lid 4 onder f, 2.3.2 lid 4 onder a).",
    )
    needs_home_adaptation: Optional[bool] = fact(
        "Heeft de aanvrager een bouwkundige of woontechnische aanpassing van zijn woning nodig om zelfredzaam te zijn?",
        "Need for a woningaanpassing (Wmo art. 1.1.1 'woningaanpassing', 2.3.2 lid 4 onder a).",
    )
    needs_aids_or_transport: Optional[bool] = fact(
        "Heeft de aanvrager een hulpmiddel (zoals een rolstoel of scootmobiel) of vervoer nodig voor zijn zelfredzaamheid of participatie?",
        "Need for aids (hulpmiddelen) or transport (Wmo art. 1.1.1 'hulpmiddel', 'maatwerkvoorziening' 1° en 2°).",
    )
    needs_protected_living: Optional[bool] = fact(
        "Kan de aanvrager zich niet op eigen kracht handhaven in de samenleving en heeft hij wonen met toezicht en begeleiding (beschermd wonen) nodig?",
        "Need for beschermd wonen (Wmo art. 1.1.1, 1.2.1 onder b).",
    )
    needs_shelter: Optional[bool] = fact(
        "Kan de aanvrager zich niet op eigen kracht handhaven in de samenleving en heeft hij onderdak en begeleiding (opvang) nodig?",
        "Need for opvang (Wmo art. 1.1.1, 1.2.1 onder c).",
    )

    # -- wat gaat voor (art. 2.3.2 lid 4 onder b, c, e; art. 2.3.5 lid 3 en 4) -------------------------------
    own_strength_sufficient: Optional[bool] = fact(
        "Kan de aanvrager naar het oordeel van het college de beperkingen of problemen waarvoor hij ondersteuning vraagt op eigen kracht verminderen of wegnemen?",
        "Own strength (eigen kracht) suffices for the support asked (Wmo art. 2.3.2 lid 4 onder b, 2.3.5 lid 3 en 4).",
    )
    commonly_used_provision_sufficient: Optional[bool] = fact(
        "Volstaat een algemeen gebruikelijke voorziening (iets wat ook mensen zonder beperking kopen of gebruiken) voor de gevraagde ondersteuning?",
        "An algemeen gebruikelijke voorziening suffices (Wmo art. 2.3.5 lid 3; zelfredzaamheid and participatie only).",
    )
    usual_help_sufficient: Optional[bool] = fact(
        "Volstaat gebruikelijke hulp van de echtgenoot, ouders, inwonende kinderen of andere huisgenoten voor de gevraagde ondersteuning?",
        "Gebruikelijke hulp from household members suffices (Wmo art. 1.1.1, 2.3.2 lid 4 onder b, 2.3.5 lid 3 en 4).",
    )
    informal_care_sufficient: Optional[bool] = fact(
        "Volstaat mantelzorg voor de gevraagde ondersteuning?",
        "Mantelzorg suffices (Wmo art. 2.3.2 lid 4 onder c, 2.3.5 lid 3 en 4).",
    )
    social_network_sufficient: Optional[bool] = fact(
        "Volstaat hulp van andere personen uit het sociale netwerk voor de gevraagde ondersteuning?",
        "Help from others in the social network suffices (Wmo art. 2.3.2 lid 4 onder c, 2.3.5 lid 3 en 4).",
    )
    general_provision_sufficient: Optional[bool] = fact(
        "Volstaat een algemene voorziening (toegankelijk zonder onderzoek, zoals een inloop of was- en boodschappendienst) voor de gevraagde ondersteuning?",
        "An algemene voorziening suffices (Wmo art. 2.3.2 lid 4 onder e, 2.3.5 lid 3 en 4).",
    )
    zvw_covers_support_need: Optional[bool] = fact(
        "Dekt zorg uit de Zorgverzekeringswet (zoals wijkverpleging of ggz-behandeling) de behoefte aan begeleiding?",
        "Zvw care (wijkverpleging, ggz) covers the need for begeleiding (Wmo art. 2.3.2 lid 4 onder f, 2.3.5 lid 5 onder b; "
        "Zvw precedence is a policy rule, see docs/research/wmo-encoding.md).",
    )
    zvw_covers_aids_need: Optional[bool] = fact(
        "Dekt de Zorgverzekeringswet (hulpmiddelenzorg of ziekenvervoer) de behoefte aan een hulpmiddel of vervoer?",
        "Zvw aids or patient transport covers the need for an aid or transport (Wmo art. 2.3.5 lid 5 onder b; policy rule).",
    )

    # -- Wlz (art. 2.3.5 lid 6 en 7) --------------------------------------------------------------------------
    wlz_refuses_assessment: Optional[bool] = fact(
        "Zijn er redenen om aan te nemen dat de aanvrager aanspraak op Wlz-zorg met verblijf kan doen gelden, en weigert hij mee te werken aan een Wlz-indicatiebesluit?",
        "Reasons to assume a Wlz entitlement while the client refuses to cooperate in obtaining a decision (Wmo art. 2.3.5 lid 6).",
    )
    wlz_transitional_insured: Optional[bool] = fact(
        "Is de aanvrager een Wlz-verzekerde met overgangsrecht als bedoeld in art. 11.1.1 lid 3 Wet langdurige zorg (lichte zorgzwaartepakketten uit de AWBZ)?",
        "Insured person of Wlz art. 11.1.1 lid 3, to whom the Wlz refusal power does not apply (Wmo art. 2.3.5 lid 7).",
    )

    # -- eigen bijdrage (art. 2.1.4a, 2.1.5; Uitvoeringsbesluit Wmo 2015 art. 3.8) ------------------------
    aid_is_wheelchair: Optional[bool] = fact(
        "Is het gevraagde hulpmiddel een rolstoel?",
        "The aid is a wheelchair; no contribution for a wheelchair (Uitvoeringsbesluit Wmo 2015 art. 3.8 lid 3 onder d).",
    )
    parents_liable_for_home_adaptation: Optional[bool] = fact(
        "Bepaalt de gemeentelijke verordening dat de ouders de bijdrage voor een woningaanpassing van hun minderjarige kind verschuldigd zijn?",
        "Municipal ordinance makes the parents liable for the contribution for a minor's home adaptation (Wmo art. 2.1.5; Uitvoeringsbesluit art. 3.8 lid 3 onder e).",
    )
    other_contribution_due: Optional[bool] = fact(
        "Is de aanvrager of diens echtgenoot al een eigen bijdrage verschuldigd voor beschermd wonen of voor de Wet langdurige zorg?",
        "Client or spouse owes a contribution for beschermd wonen (Uitvoeringsbesluit art. 3.11, 3.12) or the Wlz (Besluit langdurige zorg art. 3.3.2.1, 3.3.2.2) "
        "(Uitvoeringsbesluit Wmo 2015 art. 3.8 lid 3 onder a).",
    )
    shelter_nights_this_month: Optional[Annotated[int, Field(ge=0, le=31)]] = fact(
        "Hoeveel nachten aaneengesloten verblijft de aanvrager of diens echtgenoot deze maand in een instelling voor opvang?",
        "Consecutive nights this month the client or spouse stays in a shelter (Uitvoeringsbesluit Wmo 2015 art. 3.8 lid 3 onder b).",
    )
    contribution_endangers_child: Optional[bool] = fact(
        "Is het college, na advies van het algemeen maatschappelijk werk, de Raad voor de Kinderbescherming of Veilig Thuis, van oordeel dat de bijdrage "
        "kan leiden tot mishandeling, verwaarlozing of ernstige schade voor de opvoeding en ontwikkeling van een minderjarige?",
        "College's judgement after advice (Uitvoeringsbesluit Wmo 2015 art. 3.8 lid 3 onder c).",
    )
    insufficient_capacity_to_pay: Optional[bool] = fact(
        "Is het college van oordeel dat de aanvrager onvoldoende betalingscapaciteit heeft voor de bijdrage?",
        "College's judgement on the capacity to pay (Uitvoeringsbesluit Wmo 2015 art. 3.8 lid 3 onder g).",
    )
    contribution_harms_integrated_approach: Optional[bool] = fact(
        "Is het college van oordeel dat de bijdrage nadelige gevolgen heeft voor een integrale of persoonsgerichte aanpak van de aanvrager?",
        "College's judgement on the integrated approach (Uitvoeringsbesluit Wmo 2015 art. 3.8 lid 3 onder h).",
    )
    municipal_low_income_exemption: Optional[bool] = fact(
        "Valt de aanvrager onder de gemeentelijke regeling die de bijdrage op nihil stelt voor een inkomen onder de in de verordening vastgestelde grens?",
        "Municipal ordinance sets the contribution at nil below an income threshold (Wmo art. 2.1.4a lid 5 onder b; Uitvoeringsbesluit Wmo 2015 art. 3.8 lid 2).",
    )
    transport_fare_by_municipality: Optional[bool] = fact(
        "Stelt de gemeente in de verordening zelf de bijdrage voor de vervoersvoorziening vast (zoals een ritprijs voor collectief vervoer)?",
        "Municipal ordinance sets the contribution for a transport provision itself (Uitvoeringsbesluit Wmo 2015 art. 3.8 lid 1).",
    )

    # -- the decision on the aanvraag (art. 2.3.5 lid 2) and the persoonsgebonden budget (art. 2.3.6) ---------
    application_received_on: Optional[date] = fact(
        "Op welke datum heeft het college de aanvraag om een maatwerkvoorziening ontvangen?",
        "Date the college received the aanvraag; the beschikking is due within two weeks (Wmo art. 2.3.5 lid 2).",
    )
    decision_made: Optional[bool] = fact(
        "Heeft het college op de aanvraag beslist (een beschikking afgegeven)?",
        "The college has decided on the aanvraag (Wmo art. 2.3.5 lid 2).",
    )
    pgb_requested: Optional[bool] = fact(
        "Wil de cliënt de ondersteuning als persoonsgebonden budget (pgb) in plaats van in natura?",
        "The cliënt wishes a persoonsgebonden budget (Wmo art. 2.3.6 lid 1).",
    )
    pgb_capable: Optional[bool] = fact(
        "Kan de cliënt naar het oordeel van het college, zelf of met hulp uit zijn netwerk of van een vertegenwoordiger, de taken "
        "van een pgb op verantwoorde wijze uitvoeren?",
        "The cliënt can, alone or with help, perform the tasks of a pgb responsibly (Wmo art. 2.3.6 lid 2 onder a).",
    )
    pgb_motivated: Optional[bool] = fact(
        "Heeft de cliënt gemotiveerd aangegeven waarom hij de ondersteuning met een pgb wil inkopen?",
        "The cliënt has given his reasons for wanting a pgb (Wmo art. 2.3.6 lid 2 onder b).",
    )
    pgb_quality_assured: Optional[bool] = fact(
        "Is naar het oordeel van het college gewaarborgd dat wat de cliënt met het pgb inkoopt veilig, doeltreffend en "
        "cliëntgericht wordt verstrekt?",
        "The college judges the bought support safe, effective and client-oriented (Wmo art. 2.3.6 lid 2 onder c, lid 3).",
    )
    pgb_costs_higher: Optional[bool] = fact(
        "Zijn de kosten van het pgb hoger dan de kosten van de maatwerkvoorziening in natura?",
        "The pgb costs more than the maatwerkvoorziening in kind: the college may refuse (Wmo art. 2.3.6 lid 5 onder a).",
    )
    pgb_previously_revoked: Optional[bool] = fact(
        "Heeft het college eerder een beslissing over een voorziening of pgb herzien of ingetrokken wegens onjuiste gegevens, "
        "het niet voldoen aan de voorwaarden of gebruik voor een ander doel?",
        "Earlier revision or revocation under Wmo art. 2.3.10 lid 1 onder a, d or e: the college may refuse a pgb (art. 2.3.6 lid 5 onder b).",
    )
