"""Facts the UWV laws (WW, ZW, WIA, Wajong, Toeslagenwet) turn on, beyond work and health.

The shared sections already hold most of what these laws need (``work.*``: hours, weeks,
years with 208 hours, work history and dagloon; ``health.*``: sickness, loss of earning
capacity, lastingness; ``income``: the UWV benefits received). What is specific to the
employee insurances lives here.
"""

from __future__ import annotations

from typing import Annotated, Optional

from pydantic import Field

from crosslaw.situation.base import SectionModel, fact


class Employment(SectionModel):
    """Employee insurance facts: unemployment, sickness, incapacity, young disabled, supplements."""

    # --- WW (Werkloosheidswet, BWBR0004045) -------------------------------------------------
    work_history_years_since_2016: Optional[Annotated[int, Field(ge=0, le=60)]] = fact(
        "Hoeveel van de jaren met loon over ten minste 208 uur liggen in 2016 of later (het jaar waarin de WW begint niet meegeteld)?",
        "Calendar years of work history from 2016 onwards; beyond the tenth year they count for half a month (WW art. 42 lid 2).",
    )
    paid_years_since_1998: Optional[Annotated[int, Field(ge=0, le=60)]] = fact(
        "In hoeveel kalenderjaren vanaf 1998 kreeg de aanvrager loon over ten minste 208 uur (vóór 2013: over ten minste 52 "
        "dagen)? Tel het jaar waarin de WW begint niet mee.",
        "Actual years of work history since 1998 (WW art. 42 lid 6 onder a and b); the fictive years before 1998 follow from "
        "the birth date (lid 6 onder c). Supersedes work.work_history_years.",
    )
    care_years_child_under_5: Optional[Annotated[int, Field(ge=0, le=60)]] = fact(
        "In hoeveel andere kalenderjaren vanaf 1998 (jaren zonder 208 uur loon) had de aanvrager kinderbijslag voor een kind in "
        "zijn huishouden dat op 1 januari van dat jaar jonger was dan 5?",
        "Years of caring for a child under 5 not already counted; they count for half (WW art. 42a lid 2, verzorgingsforfait).",
    )
    care_years_child_under_5_since_2016: Optional[Annotated[int, Field(ge=0, le=60)]] = fact(
        "Hoeveel van die jaren met kinderbijslag voor een kind onder 5 liggen in 2016 of later?",
        "Care years (WW art. 42a lid 2) from 2016 onwards; they extend the duration by half a month each (art. 42 lid 2).",
    )
    staying_abroad: Optional[bool] = fact(
        "Verblijft de aanvrager buiten Nederland, anders dan voor vakantie?",
        "Stays outside the Netherlands other than on holiday (WW art. 19 lid 1 onder e).",
    )
    lawful_residence: Optional[bool] = fact(
        "Heeft de aanvrager rechtmatig verblijf in Nederland (art. 8 Vreemdelingenwet 2000)?",
        "Lawful residence in the sense of Vw 2000 art. 8 (WW art. 19 lid 1 onder f, Wajong art. 1a:6 lid 1 onder d).",
    )
    culpably_unemployed: Optional[bool] = fact(
        "Is de werknemer verwijtbaar werkloos geworden?",
        "Verwijtbaar werkloos (WW art. 24 lid 1 onder a, lid 2).",
    )
    culpability_not_predominant: Optional[bool] = fact(
        "Kan de verwijtbare werkloosheid de werknemer niet in overwegende mate worden verweten?",
        "The breach cannot be predominantly blamed on the employee: half the amount for at most 26 weeks (WW art. 27 lid 1).",
    )
    urgent_reasons_no_measure: Optional[bool] = fact(
        "Zijn er dringende redenen om van een WW-maatregel af te zien?",
        "Urgent reasons for UWV to refrain from a measure (WW art. 27 lid 8).",
    )
    exempted_from_job_search: Optional[bool] = fact(
        "Heeft UWV tijdelijk ontheffing verleend van de sollicitatie- en registratieverplichtingen?",
        "Temporary individual exemption from the obligations of WW art. 24 lid 1 onder b and art. 26 (art. 24 lid 9, art. 26 lid 4).",
    )
    # --- ZW and WIA (Ziektewet BWBR0001888, Wet WIA BWBR0019057) ----------------------------
    weeks_sick: Optional[Annotated[int, Field(ge=0, le=520)]] = fact(
        "Hoeveel weken is de aanvrager (aaneengesloten) ongeschikt voor zijn arbeid wegens ziekte?",
        "Weeks of incapacity for work, counted from the first day (ZW art. 29 lid 5, 19aa; WIA wachttijd art. 23).",
    )
    # --- Wajong (BWBR0008657) ----------------------------------------------------------------
    incapacity_arose_before_18: Optional[bool] = fact(
        "Had de aanvrager op zijn 18e verjaardag al duurzaam geen mogelijkheden tot arbeidsparticipatie?",
        "No lasting capacity for work participation on the 18th birthday (Wajong art. 1a:1 lid 1 onder a).",
    )
    student_when_incapacity_arose: Optional[bool] = fact(
        "Was de aanvrager in het jaar voordat de arbeidsongeschiktheid ontstond ten minste zes maanden studerende?",
        "Student for at least six months in the year before the incapacity arose (Wajong art. 1a:1 lid 1 onder b, art. 1:4).",
    )
    # --- Toeslagenwet (BWBR0004043) ------------------------------------------------------------
    partner_born_after_1971: Optional[bool] = fact(
        "Is de partner (echtgenoot of huisgenoot met gezamenlijke huishouding) geboren na 31 december 1971?",
        "Partner born after 31 December 1971 (Toeslagenwet art. 3); the rule language has no date literals, hence a fact.",
    )
