"""The situation: what a case system knows about one resident and their household.

Designed for all four frameworks at once. Every field is optional and ``None`` means
*unknown*, never "no": an evaluation on an incomplete situation says which facts are
still missing instead of guessing. Each field's ``vraag`` is the Dutch question an
intake asks to fill it; ``basis`` names the provision that makes the fact relevant.
"""

from __future__ import annotations

import datetime as _dt
from datetime import date
from typing import Annotated, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from crosslaw.situation.base import Cents, Count, Score, fact as _f
from crosslaw.situation.bijstand import AssistanceCase
from crosslaw.situation.bsn import is_valid_bsn
from crosslaw.situation.jeugd import Youth
from crosslaw.situation.uwv import Employment
from crosslaw.situation.wmo import Support

ResidenceStatus = Literal["nederlander", "gelijkgesteld", "niet_gelijkgesteld"]
AddressKind = Literal["woonadres", "briefadres", "dakloos", "instelling"]
Relation = Literal["kind", "pleegkind", "ouder", "broer_of_zus", "overig_familielid", "huisgenoot", "onderhuurder"]
InformalCare = Literal["geen", "geeft_zorg_aan_aanvrager", "ontvangt_zorg_van_aanvrager"]
IncomeKind = Literal[
    "loon", "winst", "ww", "zw", "wia", "wajong", "toeslagenwet", "aow", "anw",
    "alimentatie", "studiefinanciering", "kinderbijslag", "kindgebonden_budget", "zorgtoeslag",
    "huurtoeslag", "overig",
]
WorkStatus = Literal["werknemer", "werkloos", "zelfstandige", "geen_arbeid"]
DebtRelief = Literal["geen", "minnelijk", "wsnp"]
ViolationKind = Literal["arbeidsverplichting", "inlichtingenplicht", "verwijtbaar_gedrag", "overig"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Person(_Model):
    """The resident the evaluation is for (the aanvrager)."""

    birth_date: Optional[date] = _f("Wat is de geboortedatum van de aanvrager?", "Birth date; ages are computed at the evaluation date.")
    residence_status: Optional[ResidenceStatus] = _f(
        "Is de aanvrager Nederlander, een met een Nederlander gelijkgestelde vreemdeling, of geen van beide?",
        "Nationality or equal-status lawful residence (Pw art. 11 lid 1-2).",
    )
    lives_in_netherlands: Optional[bool] = _f("Woont de aanvrager in Nederland?", "Resides in the Netherlands (Pw art. 11 lid 1).")
    municipality: Optional[str] = _f("In welke gemeente woont of verblijft de aanvrager?", "Municipality of residence (responsible municipality).")
    address_kind: Optional[AddressKind] = _f(
        "Heeft de aanvrager een woonadres, een briefadres, geen adres (dakloos) of woont hij in een instelling?",
        "Kind of address; homeless residents may have a postal address (briefadres).",
    )
    detained: Optional[bool] = _f("Is de aanvrager gedetineerd (rechtens zijn vrijheid ontnomen)?", "Deprived of liberty (Pw art. 13 lid 1 onder a).")
    days_abroad_this_year: Optional[Annotated[int, Field(ge=0, le=366)]] = _f(
        "Hoeveel dagen verblijft de aanvrager dit kalenderjaar (of aaneengesloten) in het buitenland?",
        "Days abroad this calendar year or in one stretch (Pw art. 13 lid 1 onder e).",
    )


class Partner(_Model):
    birth_date: Optional[date] = _f("Wat is de geboortedatum van de partner?", "Partner's birth date.")
    residence_status: Optional[ResidenceStatus] = _f("Wat is de verblijfsstatus van de partner?", "Partner's nationality or residence status.")
    detained: Optional[bool] = _f("Is de partner gedetineerd?", "Partner deprived of liberty.")
    study_finance_entitlement: Optional[bool] = _f("Heeft de partner recht op studiefinanciering of WTOS?", "Partner entitled to study finance.")
    in_institution: Optional[bool] = _f(
        "Verblijft de partner ook in de inrichting (instelling voor verpleging, verzorging of opvang)?",
        "Partner also stays in an inrichting; asked when the applicant does (Pw art. 23 lid 1 onder b versus lid 3).",
    )


class Member(_Model):
    """Someone else who lives in the same dwelling: a child, parent, relative or housemate."""

    birth_date: Optional[date] = _f("Wat is de geboortedatum van deze huisgenoot?", "Birth date of the household member.")
    relation: Optional[Relation] = _f("Wat is de relatie van deze huisgenoot tot de aanvrager?", "Relation to the resident.")
    study_finance_entitlement: Optional[bool] = _f(
        "Heeft deze huisgenoot recht op studiefinanciering (WSF 2000) of een tegemoetkoming (WTOS)?",
        "Entitled to study finance; such members are not cost sharers (Pw art. 22a lid 2).",
    )
    commercial_basis: Optional[bool] = _f(
        "Woont deze huisgenoot er op commerciële basis (huur of kost en inwoning tegen een zakelijke prijs)?",
        "Lives in on a commercial basis; not a cost sharer (Pw art. 22a lid 2).",
    )
    informal_care: Optional[InformalCare] = _f(
        "Is er mantelzorg tussen deze huisgenoot en de aanvrager, en zo ja in welke richting?",
        "Informal care between this member and the resident.",
    )
    youth_care_in_progress: Optional[bool] = _f("Krijgt deze huisgenoot jeugdhulp?", "Receives youth care (Jeugdwet).")
    intensive_care_needs: Optional[bool] = _f(
        "Heeft deze huisgenoot een intensieve zorgbehoefte (zoals intensieve jeugdhulp)?",
        "Needs intensive care that ties the resident (signal for exemptions).",
    )
    formerly_married_to_applicant: Optional[bool] = _f(
        "Is deze huisgenoot ooit met de aanvrager gehuwd geweest (of geregistreerd partner)?",
        "Former marriage with the resident (Pw art. 3 lid 4 onder a, until 2025).",
    )
    married_to_applicant_within_two_years: Optional[bool] = _f(
        "Was deze huisgenoot in de twee jaar voor de aanvraag met de aanvrager gehuwd?",
        "Marriage with the resident within two years before the application (Pw art. 3 lid 4 onder a, from 2026).",
    )
    child_together: Optional[bool] = _f(
        "Hebben deze huisgenoot en de aanvrager samen een kind (geboren of erkend)?",
        "A child of both (Pw art. 3 lid 4 onder b).",
    )
    cohabitation_contract: Optional[bool] = _f(
        "Hebben deze huisgenoot en de aanvrager een samenlevingscontract met een wederzijdse zorgplicht?",
        "Cohabitation contract with mutual care (Pw art. 3 lid 4 onder c).",
    )


class Household(_Model):
    married: Optional[bool] = _f(
        "Is de aanvrager gehuwd of geregistreerd partner (en niet duurzaam gescheiden)?",
        "Married or registered partnership, not permanently separated (Pw art. 3 lid 1, lid 2 onder b).",
    )
    joint_household: Optional[bool] = _f(
        "Voert de aanvrager een gezamenlijke huishouding: hoofdverblijf in dezelfde woning en zorgen voor elkaar?",
        "Joint household in the sense of Pw art. 3 lid 3 (before the kinship and care exceptions).",
    )
    partner_kinship: Optional[Literal["geen", "eerste_graad", "tweede_graad"]] = _f(
        "Is de huisgenoot met wie de gezamenlijke huishouding wordt gevoerd familie, en zo ja in welke graad?",
        "Kinship with the joint-household partner (Pw art. 3 lid 2 onder a).",
    )
    cohabitation_for_care: Optional[bool] = _f(
        "Is een zorgbehoefte of mantelzorg de aanleiding om samen te wonen?",
        "Care need or informal care is the reason to live together (Pw art. 3 lid 2 onder a, from 2026).",
    )
    partner: Optional[Partner] = None
    members: Optional[list[Member]] = _f(
        "Wie wonen er verder in de woning (kinderen, ouders, familie, huisgenoten)? Geef een lege lijst als niemand.",
        "Everyone else in the dwelling besides the resident and the partner (the spouse, or the person a joint household is kept with); [] for nobody.",
    )


class IncomeStream(_Model):
    kind: Optional[IncomeKind] = _f("Wat voor soort inkomen is dit?", "Kind of income.")
    monthly_net_cents: Optional[Cents] = _f("Hoeveel is dit inkomen netto per maand (in centen)?", "Net amount per month in euro cents.")
    of_partner: Optional[bool] = _f("Is dit inkomen van de partner?", "Whether this stream belongs to the partner.")


class Gifts(_Model):
    received_this_year_cents: Optional[Cents] = _f(
        "Hoeveel giften (en kostenbesparende bijdragen, geen voedselbank) ontving het huishouden dit kalenderjaar (in centen)?",
        "Gifts and cost-saving contributions this calendar year up to and including the peildatum (Pw art. 31 lid 2 onder m).",
    )
    received_this_month_cents: Optional[Cents] = _f(
        "Hoeveel daarvan ontving het huishouden in de maand van de peildatum (in centen)?",
        "The part of this year's gifts received in the month of the peildatum: middelen count in the month they are "
        "received (Pw art. 31 lid 1 and lid 2 onder m), so only the excess over the yearly amount that this month brings counts.",
    )

    @model_validator(mode="after")
    def _month_within_year(self) -> "Gifts":
        month, year = self.received_this_month_cents, self.received_this_year_cents
        if month is not None and year is not None and month > year:
            raise ValueError("de giften van deze maand zijn meer dan de giften van het hele kalenderjaar")
        return self


class Assets(_Model):
    savings_cents: Optional[Cents] = _f("Hoeveel spaargeld en banktegoed is er (in centen)?", "Bank balances and savings.")
    other_cents: Optional[Cents] = _f("Hoeveel ander vermogen is er, zoals een auto of beleggingen (in centen)?", "Other assets at market value.")
    home_equity_cents: Optional[Cents] = _f("Hoeveel overwaarde zit er in een eigen woning (in centen)?", "Equity in an owner-occupied home.")


class Debts(_Model):
    total_cents: Optional[Cents] = _f("Hoeveel schulden zijn er in totaal (in centen)?", "Total debts.")
    debt_relief: Optional[DebtRelief] = _f(
        "Loopt er schuldhulpverlening: geen, een minnelijk traject of de Wsnp?",
        "Debt relief in progress (Wgs / Wsnp).",
    )


class Work(_Model):
    status: Optional[WorkStatus] = _f("Wat is de arbeidssituatie van de aanvrager?", "Current work status.")
    hours_per_week: Optional[Count] = _f("Hoeveel uur per week werkte de aanvrager (voor het verlies)?", "Hours per week before the loss of work.")
    hours_lost_per_week: Optional[Count] = _f("Hoeveel arbeidsuren per week is de aanvrager kwijtgeraakt?", "Hours per week lost (WW art. 16).")
    weeks_worked_last_36: Optional[Annotated[int, Field(ge=0, le=36)]] = _f(
        "In hoeveel van de laatste 36 weken heeft de aanvrager gewerkt?", "Weeks worked in the last 36 (WW art. 17, wekeneis)."
    )
    years_with_208_hours_last_5: Optional[Annotated[int, Field(ge=0, le=5)]] = _f(
        "In hoeveel van de laatste 5 kalenderjaren werkte de aanvrager minstens 208 uur?", "Jareneis (WW art. 17)."
    )
    work_history_years: Optional[Annotated[int, Field(ge=0, le=60)]] = _f(
        "Hoeveel jaar arbeidsverleden heeft de aanvrager (verouderd: liever de jaren met loon vanaf 1998)?",
        "Deprecated: years of work history as one number. Still accepted for old files; employment.paid_years_since_1998 with the "
        "birth date (fictive years before 1998) and the care years supersede it (WW art. 42 lid 6, art. 42a lid 2).",
    )
    daily_wage_cents: Optional[Cents] = _f("Wat is het dagloon (in centen)?", "Daily wage (dagloon) in cents.")
    available_for_work: Optional[bool] = _f("Is de aanvrager beschikbaar voor arbeid?", "Available for work.")
    has_employer: Optional[bool] = _f("Heeft de aanvrager een werkgever?", "Has an employer (ZW vangnet when not).")
    income_exemption_months_used: Optional[Annotated[int, Field(ge=0, le=600)]] = _f(
        "Hoeveel maanden is de inkomstenvrijlating (art. 31 lid 2 onder n) al toegepast?", "Months of the earnings exemption already used."
    )
    single_parent_exemption_months_used: Optional[Annotated[int, Field(ge=0, le=600)]] = _f(
        "Hoeveel maanden is de vrijlating voor alleenstaande ouders (art. 31 lid 2 onder r) al aaneengesloten toegepast?",
        "Months of the single-parent earnings exemption already used (Pw art. 31 lid 2 onder r).",
    )
    hours_limited_or_wage_subsidy: Optional[bool] = _f(
        "Is de aanvrager of de partner medisch urenbeperkt, of behoort een van hen tot de doelgroep loonkostensubsidie?",
        "Applicant or partner medisch urenbeperkt or in the doelgroep loonkostensubsidie (Pw art. 41 lid 4 onder b).",
    )


class Health(_Model):
    sick: Optional[bool] = _f("Is de aanvrager ziek (arbeidsongeschikt voor het eigen werk)?", "Unfit for own work through sickness.")
    sick_since: Optional[date] = _f("Sinds wanneer is de aanvrager ziek?", "First day of sickness.")
    work_capacity_loss_pct: Optional[Annotated[int, Field(ge=0, le=100)]] = _f("Hoeveel procent arbeidsongeschikt is de aanvrager?", "Loss of earning capacity in percent.")
    lasting: Optional[bool] = _f("Is de arbeidsongeschiktheid duurzaam?", "Whether incapacity is lasting.")
    fully_and_lastingly_incapacitated: Optional[bool] = _f(
        "Is de aanvrager volledig en duurzaam arbeidsongeschikt?", "Fully and lastingly unfit for work (Pw art. 9 lid 5)."
    )
    no_work_capacity_since_youth: Optional[bool] = _f(
        "Heeft de aanvrager sinds zijn jeugd duurzaam geen arbeidsvermogen?", "Lasting absence of work capacity from youth (Wajong)."
    )


class Education(_Model):
    in_education: Optional[bool] = _f("Volgt de aanvrager onderwijs?", "Following education.")
    study_finance_entitlement: Optional[bool] = _f(
        "Kan de aanvrager aanspraak maken op studiefinanciering (WSF 2000) of een tegemoetkoming (WTOS)?",
        "Could claim study finance or WTOS (Pw art. 13 lid 2 onder c).",
    )
    praktijk_or_vso_last_year: Optional[bool] = _f(
        "Stond de aanvrager of de partner in het jaar voor de aanvraag ingeschreven bij het praktijkonderwijs of het voortgezet speciaal onderwijs?",
        "Enrolled in praktijkonderwijs or voortgezet speciaal onderwijs in the year before the application, applicant or partner (Pw art. 41 lid 4 onder a).",
    )


class Zrm(_Model):
    """Zelfredzaamheid-Matrix scores, 1 (acute problems) to 5 (fully self-reliant)."""

    financien: Optional[Score] = _f("ZRM-score financiën (1-5)?", "ZRM finances.")
    werk_opleiding: Optional[Score] = _f("ZRM-score werk en opleiding (1-5)?", "ZRM work and education.")
    huisvesting: Optional[Score] = _f("ZRM-score huisvesting (1-5)?", "ZRM housing.")
    huiselijke_relaties: Optional[Score] = _f("ZRM-score huiselijke relaties (1-5)?", "ZRM domestic relations.")
    geestelijke_gezondheid: Optional[Score] = _f("ZRM-score geestelijke gezondheid (1-5)?", "ZRM mental health.")
    lichamelijke_gezondheid: Optional[Score] = _f("ZRM-score lichamelijke gezondheid (1-5)?", "ZRM physical health.")
    middelengebruik: Optional[Score] = _f("ZRM-score middelengebruik (1-5)?", "ZRM substance use.")
    adl: Optional[Score] = _f("ZRM-score ADL (1-5)?", "ZRM activities of daily living.")
    sociaal_netwerk: Optional[Score] = _f("ZRM-score sociaal netwerk (1-5)?", "ZRM social network.")
    maatschappelijke_participatie: Optional[Score] = _f("ZRM-score maatschappelijke participatie (1-5)?", "ZRM participation.")
    justitie: Optional[Score] = _f("ZRM-score justitie (1-5)?", "ZRM justice.")


class Care(_Model):
    zrm: Optional[Zrm] = None
    wlz_indication: Optional[bool] = _f("Heeft de aanvrager een Wlz-indicatie?", "Has a Wlz indication (Wet langdurige zorg).")
    mental_health_support: Optional[bool] = _f("Krijgt de aanvrager ggz-behandeling of -begeleiding?", "Receives mental-health care.")
    youth_care_in_progress: Optional[bool] = _f("Krijgt de aanvrager zelf jeugdhulp?", "The resident receives youth care.")
    youth_care_started_before_18: Optional[bool] = _f("Is die jeugdhulp begonnen voor het 18e jaar?", "Youth care began before 18 (Jeugdwet art. 1.1).")
    informal_care_given_hours_per_week: Optional[Annotated[int, Field(ge=0, le=168)]] = _f(
        "Hoeveel uur per week verleent de aanvrager mantelzorg?", "Hours of informal care given per week."
    )
    informal_care_received: Optional[bool] = _f("Ontvangt de aanvrager mantelzorg?", "Receives informal care.")
    temporary_stay_for_informal_care: Optional[bool] = _f(
        "Verblijft de aanvrager tijdelijk elders om mantelzorg te geven bij een intensieve zorgbehoefte?",
        "Temporarily lives elsewhere to give informal care for an intensive care need (Pw art. 22a lid 4, from 2026).",
    )


class Violation(_Model):
    """A recorded failure to meet an obligation, with the facts art. 18 turns on."""

    kind: Optional[ViolationKind] = _f("Welke verplichting is niet nagekomen?", "Which obligation was not met.")
    date: Optional[_dt.date] = _f("Wanneer is de verplichting niet nagekomen?", "Date of the violation.")
    blame_absent: Optional[bool] = _f(
        "Ontbreekt bij deze schending elke vorm van verwijtbaarheid?", "Every form of blame is absent (Pw art. 18 lid 9)."
    )
    urgent_reasons: Optional[bool] = _f(
        "Zijn er dringende redenen om van een maatregel af te zien?", "Urgent reasons to refrain from a measure (Pw art. 18 lid 9)."
    )


class Fine(_Model):
    date: Optional[_dt.date] = _f("Wanneer is de boete opgelegd?", "Date of the fine.")
    amount_cents: Optional[Cents] = _f("Hoe hoog is de boete (in centen)?", "Fine amount.")


class ObligationsHistory(_Model):
    violations: Optional[list[Violation]] = _f(
        "Welke schendingen van verplichtingen zijn vastgelegd? Geef een lege lijst als geen.", "Recorded violations; [] for none."
    )
    fines: Optional[list[Fine]] = _f("Welke boetes zijn opgelegd? Geef een lege lijst als geen.", "Fines imposed; [] for none.")
    recovery_in_progress: Optional[bool] = _f("Loopt er een terugvordering?", "A recovery (terugvordering) is in progress.")


class Assessment(_Model):
    """Judgements the professional records; each is a fact the law leaves to the college."""

    urgent_reasons_for_exemption: Optional[bool] = _f(
        "Zijn er dringende redenen (zoals zorgtaken of gezondheid) om tijdelijk ontheffing van de arbeidsverplichtingen te geven?",
        "Urgent reasons for a temporary exemption (Pw art. 9 lid 2).",
    )
    single_parent_exemption_requested: Optional[bool] = _f(
        "Heeft de alleenstaande ouder om ontheffing van de arbeidsverplichtingen gevraagd?", "Request under Pw art. 9a."
    )
    search_period_waived: Optional[bool] = _f(
        "Ziet het college af van de zoekperiode van vier weken (kwetsbare jongere)?",
        "College waives the four-week search period (Pw art. 41 lid 4, from 2026).",
    )
    reported_on: Optional[date] = _f("Op welke datum heeft de aanvrager zich gemeld voor bijstand?", "Date of the melding (Pw art. 41 lid 4).")
    income_exemption_supports_work: Optional[bool] = _f(
        "Draagt de inkomstenvrijlating naar het oordeel van het college bij aan de arbeidsinschakeling?",
        "College's judgement for the earnings exemption (Pw art. 31 lid 2 onder n).",
    )
    gifts_justified: Optional[bool] = _f(
        "Vindt het college de giften uit een oogpunt van bijstandsverlening verantwoord?",
        "College's judgement on gifts before 2026 (Pw art. 31 lid 2 onder m, old text).",
    )
    cannot_rely_on_parents: Optional[bool] = _f(
        "Kan de jongere (18-20 jaar) voor de kosten van levensonderhoud geen beroep doen op de ouders?",
        "Young person cannot rely on parents (Pw art. 20 lid 3, from 2026).",
    )
    partner_cannot_rely_on_parents: Optional[bool] = _f(
        "Kan de partner (18-20 jaar) voor de kosten van levensonderhoud geen beroep doen op de eigen ouders?",
        "Partner aged 18-20 cannot rely on their parents (Pw art. 20 lid 3 from 2026: every belanghebbende of 18-20, married or not).",
    )


class Situation(_Model):
    """One resident's situation, the single input of an evaluation."""

    case_ref: Optional[str] = Field(None, description="The case system's reference; never a BSN.", max_length=100)
    peildatum: Optional[date] = Field(
        None, description="Date the situation describes; the default evaluation date when none is given."
    )
    bsn: Optional[str] = Field(None, description="BSN, 9 digits passing the 11-proef; never stored, only pseudonymised.")
    person: Person = Field(default_factory=Person)
    household: Household = Field(default_factory=Household)
    income: Optional[list[IncomeStream]] = _f(
        "Welke inkomsten zijn er (soort en netto bedrag per maand)? Geef een lege lijst als geen.", "Income streams; [] for none."
    )
    gifts: Gifts = Field(default_factory=Gifts)
    assets: Assets = Field(default_factory=Assets)
    debts: Debts = Field(default_factory=Debts)
    work: Work = Field(default_factory=Work)
    health: Health = Field(default_factory=Health)
    education: Education = Field(default_factory=Education)
    care: Care = Field(default_factory=Care)
    obligations: ObligationsHistory = Field(default_factory=ObligationsHistory)
    assessment: Assessment = Field(default_factory=Assessment)
    support: Support = Field(default_factory=Support)
    youth: Youth = Field(default_factory=Youth)
    employment: Employment = Field(default_factory=Employment)
    assistance: AssistanceCase = Field(default_factory=AssistanceCase)

    @field_validator("bsn")
    @classmethod
    def _bsn_passes_11_proef(cls, v: Optional[str]) -> Optional[str]:
        if v is not None and not is_valid_bsn(v):
            raise ValueError("BSN voldoet niet aan de 11-proef (9 cijfers, gewogen som deelbaar door 11)")
        return v

    @field_validator("case_ref")
    @classmethod
    def _case_ref_is_no_bsn(cls, v: Optional[str]) -> Optional[str]:
        if v is not None and is_valid_bsn(v.strip()):
            raise ValueError("een dossierreferentie mag geen BSN zijn; gebruik het veld 'bsn'")
        return v
