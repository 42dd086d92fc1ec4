"""Facts of a bijstand case beyond the right to algemene bijstand: bijzondere bijstand (Pw art. 35),
the individuele inkomenstoeslag (art. 36), the start date and the advance (art. 44, 52), repeated
violations (art. 18 lid 6-8), kinderopvang before the duty to accept work (art. 9 lid 4), and
recovery and set-off (art. 58-60).

Judgements the law leaves to the college ("naar het oordeel van het college") are recorded as
facts the professional fills in; the engine does not make them.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal, Optional

from pydantic import Field

from crosslaw.situation.base import Cents, SectionModel, fact

OverpaymentCause = Literal[
    "schending_inlichtingenplicht", "voorschot_zonder_recht", "redelijkerwijs_te_begrijpen", "anderszins_onverschuldigd",
]


class AssistanceCase(SectionModel):
    """Participatiewet: the case file of a bijstand request, beyond the facts the right itself needs."""

    # -- bijzondere bijstand (art. 35) ---------------------------------------------------------------
    special_costs_cents: Optional[Cents] = fact(
        "Hoeveel bedragen de kosten waarvoor bijzondere bijstand wordt gevraagd, opgeteld over twaalf maanden (in centen)?",
        "Costs for which bijzondere bijstand is asked, over twelve months (Pw art. 35 lid 1 and the threshold of lid 2).",
    )
    special_costs_necessary: Optional[bool] = fact(
        "Vindt het college deze kosten noodzakelijk, en komen ze voort uit bijzondere omstandigheden?",
        "College's judgement: necessary costs arising from special circumstances (Pw art. 35 lid 1).",
    )
    special_costs_covered_elsewhere: Optional[bool] = fact(
        "Worden deze kosten vergoed door een voorliggende voorziening, zoals de zorgverzekering, de Wmo of een toeslag?",
        "A voorliggende voorziening covers the costs (Pw art. 15 lid 1, which art. 35 lid 1 leaves intact).",
    )
    # -- individuele inkomenstoeslag (art. 36) -------------------------------------------------------
    income_supplement_requested: Optional[bool] = fact(
        "Heeft de aanvrager een individuele inkomenstoeslag aangevraagd?",
        "An aanvraag for the individuele inkomenstoeslag was made (Pw art. 36 lid 1: 'op aanvraag').",
    )
    low_income_months: Optional[Annotated[int, Field(ge=0, le=600)]] = fact(
        "Hoeveel maanden aaneengesloten, tot de aanvraag, was het inkomen van de aanvrager niet hoger dan de inkomensgrens "
        "van de gemeentelijke verordening (een percentage van de bijstandsnorm)?",
        "Months of low income before the aanvraag, as the municipal verordening defines it (Pw art. 36 lid 1, art. 8 lid 2).",
    )
    no_prospect_of_better_income: Optional[bool] = fact(
        "Heeft de aanvrager naar het oordeel van het college geen uitzicht op inkomensverbetering, gelet op zijn krachten en "
        "bekwaamheden en de inspanningen die hij heeft verricht?",
        "College's judgement: no prospect of a better income, given capacities and efforts (Pw art. 36 lid 1 and 2).",
    )
    income_supplement_last_12_months: Optional[bool] = fact(
        "Is aan de aanvrager in de twaalf maanden vóór de aanvraag al een individuele inkomenstoeslag verleend?",
        "An individuele inkomenstoeslag was granted in the 12 months before the aanvraag (Pw art. 36 lid 3).",
    )
    # -- kinderopvang before the duty to accept work (art. 9 lid 4) ---------------------------------
    childcare_assured: Optional[bool] = fact(
        "Heeft het college zich ervan overtuigd dat passende kinderopvang beschikbaar is, dat voldoende scholing is toegepast "
        "en dat de alleenstaande ouder belastbaar is?",
        "The college is satisfied of suitable childcare, sufficient schooling and the parent's capacity (Pw art. 9 lid 4).",
    )
    # -- repeated violations of a work obligation (art. 18 lid 6-8) ---------------------------------
    previous_work_measure_date: Optional[date] = fact(
        "Op welke datum is de laatste verlaging van 100% wegens een arbeidsverplichting opgelegd (leeg als nooit)?",
        "Date the last 100% lowering under Pw art. 18 lid 5-8 was imposed; the recidive term of lid 6-8 runs from it.",
    )
    previous_work_measures_in_row: Optional[Annotated[int, Field(ge=0, le=50)]] = fact(
        "Hoeveel verlagingen van 100% wegens een arbeidsverplichting volgden elkaar op, elk binnen twaalf maanden na de vorige "
        "(0 als er geen was)?",
        "Number of 100% lowerings in a chain, each within twelve months of the one before (Pw art. 18 lid 5-8).",
    )
    previous_work_measure_months: Optional[Annotated[int, Field(ge=0, le=3)]] = fact(
        "Hoeveel maanden duurde de laatste verlaging van 100% wegens een arbeidsverplichting?",
        "Length in months of the last 100% lowering (Pw art. 18 lid 6: the next one is longer, at most three months).",
    )
    # -- start date and advance (art. 44, 52) --------------------------------------------------------
    need_arose_on: Optional[date] = fact(
        "Vanaf welke datum had de aanvrager niet genoeg middelen om van te leven (de dag waarop het recht ontstond)?",
        "The day the right to bijstand arose (Pw art. 44 lid 1).",
    )
    applied_on: Optional[date] = fact(
        "Op welke datum heeft de aanvrager de aanvraag om bijstand ingediend?",
        "Date of the aanvraag (Pw art. 44 lid 3, art. 52 lid 1).",
    )
    late_application_blameworthy: Optional[bool] = fact(
        "Heeft de aanvrager de aanvraag verwijtbaar niet zo spoedig mogelijk na de melding ingediend, en kent het college de "
        "bijstand daarom pas toe vanaf de aanvraag?",
        "Blameworthy late aanvraag; the college grants from the aanvraag instead of the melding (Pw art. 44 lid 3).",
    )
    backdating_necessary: Optional[bool] = fact(
        "Noodzaken individuele omstandigheden ertoe de bijstand toe te kennen vanaf een dag vóór de melding?",
        "Individual circumstances necessitate granting from before the melding, at most three months (Pw art. 44 lid 5, from 2026).",
    )
    right_decided: Optional[bool] = fact(
        "Heeft het college het recht op algemene bijstand al vastgesteld (een besluit op de aanvraag genomen)?",
        "The college has decided on the right to algemene bijstand (Pw art. 52 lid 1: an advance until it has).",
    )
    cooperation_lacking: Optional[bool] = fact(
        "Heeft de aanvrager verwijtbaar gegevens of bewijsstukken niet (tijdig of volledig) verstrekt, of anderszins onvoldoende "
        "meegewerkt?",
        "Blameworthy failure to supply data or to cooperate; no advance then (Pw art. 52 lid 1 onder a).",
    )
    clearly_no_right: Optional[bool] = fact(
        "Is bij de aanvraag al duidelijk dat er geen recht op algemene bijstand bestaat?",
        "It is clear at the aanvraag that there is no right to algemene bijstand (Pw art. 52 lid 1 onder b).",
    )
    # -- recovery and set-off (art. 58-60) -----------------------------------------------------------
    overpaid_cents: Optional[Cents] = fact(
        "Hoeveel bijstand is ten onrechte of tot een te hoog bedrag ontvangen (in centen; 0 als niets)?",
        "Bijstand received wrongly or too much (Pw art. 58 lid 1 and 2).",
    )
    overpayment_cause: Optional[OverpaymentCause] = fact(
        "Waardoor is te veel bijstand ontvangen: schending van de inlichtingenplicht, een voorschot terwijl er geen recht bleek, "
        "een betaling die de aanvrager redelijkerwijs had kunnen begrijpen als onverschuldigd, of anderszins?",
        "Cause of the overpayment: the line of Pw art. 58 that applies (lid 1; lid 2 onder d, e, f).",
    )
    overpayment_older_than_two_years: Optional[bool] = fact(
        "Zijn de teruggevorderde kosten gemaakt meer dan twee jaar vóór de verzending van het besluit tot terugvordering?",
        "The costs were made more than two years before the recovery decision is sent (Pw art. 58 lid 6).",
    )
    recovery_urgent_reasons: Optional[bool] = fact(
        "Zijn er dringende redenen om geheel of gedeeltelijk van terugvordering af te zien?",
        "Urgent reasons to refrain, wholly or partly, from recovery (Pw art. 58 lid 8).",
    )
