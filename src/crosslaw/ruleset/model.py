"""The rule file format: pydantic models for law-as-data.

A rule file is YAML with up to three lists: ``parameters`` (dated, sourced amounts
and thresholds), ``computed`` (formulas such as the kostendelersnorm) and ``rules``
(benefits, services, obligations and measures made of requirements, exclusions and
exemptions). Every item names its legal basis with a wetten.overheid.nl link; every
rule declares its kind and whether, and on which ground, it may be deviated from.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

ID = r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$"
LOCAL_ID = r"^[a-z][a-z0-9_]*$"

Kind = Literal["wettelijk", "discretionair", "beleidsregel"]
"""statute (wettelijk), discretion the law grants (discretionair, a kan-bepaling), or a policy rule."""

Ground = Literal["hardheidsclausule", "discretionaire_ruimte", "awb_3_4", "awb_4_84"]
"""Legal ground for a motivated deviation (see docs): a statutory hardship clause, the
room a kan-bepaling leaves, Awb art. 3:4 lid 2 (the adverse consequences of a decision may
not be disproportionate to its purposes: the measure of the room a kan-bepaling leaves),
or Awb art. 4:84 for policy rules. The two Awb grounds are proportionality tests, so a
deviation on them must answer the proportionality question (deviation/model.py)."""

GROUND_FITS_KIND: dict[str, set[str]] = {
    "wettelijk": {"hardheidsclausule"},
    "discretionair": {"discretionaire_ruimte", "hardheidsclausule", "awb_3_4"},
    "beleidsregel": {"awb_4_84"},
}


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Basis(_M):
    """Where a rule stands in the law."""

    law: str = Field(description="Name of the act, e.g. 'Participatiewet'.")
    bwb: str = Field(pattern=r"^BWBR\d{7}$")
    article: str = Field(pattern=r"^[0-9]+[a-z]{0,3}([.:][0-9]+[a-z]{0,3})*$")
    lid: Optional[str] = Field(None, pattern=r"^[0-9]+[a-z]?$")
    onderdeel: Optional[str] = None
    link: str

    @model_validator(mode="after")
    def _link_matches(self) -> "Basis":
        if not self.link.startswith("https://wetten.overheid.nl/"):
            raise ValueError("link moet een wetten.overheid.nl-adres zijn")
        if self.bwb not in self.link:
            raise ValueError(f"link verwijst niet naar {self.bwb}")
        if not re.search(rf"artikel={re.escape(self.article)}(&|$)", self.link):
            raise ValueError(f"link verwijst niet naar artikel {self.article}")
        if self.lid and not re.search(rf"lid={re.escape(self.lid)}(&|$)", self.link):
            raise ValueError(f"link verwijst niet naar lid {self.lid}")
        return self

    def link_on(self, on: date) -> str:
        """The link to the text in force on ``on``: juriconnect ``z=`` (zichtdatum) and ``g=``
        (geldigheidsdatum) set to that date, so the professional reads what applied then
        rather than the text of the rule version's own start."""
        day = on.isoformat()
        link = self.link
        for key in ("z", "g"):
            link, n = re.subn(rf"([?&]){key}=[0-9-]*", rf"\g<1>{key}={day}", link)
            if not n:
                link += f"{'&' if '?' in link or 'jci' in link else '?'}{key}={day}"
        return link

    def cite(self) -> str:
        """Dutch citation, e.g. 'art. 22a lid 1 Participatiewet'."""
        out = f"art. {self.article}"
        if self.lid:
            out += f" lid {self.lid}"
        if self.onderdeel:
            out += f" onder {self.onderdeel}"
        return f"{out} {self.law}"


class Deviation(_M):
    deviable: bool
    ground: Optional[Ground] = None
    note: Optional[str] = Field(None, description="Dutch: what room there is, and its limits.")

    @model_validator(mode="after")
    def _ground_iff_deviable(self) -> "Deviation":
        if self.deviable and not self.ground:
            raise ValueError("een afwijkbare regel noemt de grond (ground)")
        if not self.deviable and self.ground:
            raise ValueError("een niet-afwijkbare regel heeft geen grond")
        return self


class _Dated(_M):
    valid_from: date
    valid_to: Optional[date] = Field(None, description="Last day the item holds (inclusive); open when absent.")

    @model_validator(mode="after")
    def _period(self) -> "_Dated":
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise ValueError("valid_to ligt voor valid_from")
        return self

    def holds_on(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


class Condition(_M):
    """A requirement or exclusion: one testable element of a rule, with its own basis."""

    id: str = Field(pattern=LOCAL_ID)
    title: str = Field(min_length=3, description="Dutch statement that holds when the condition is true.")
    when: str = Field(description="Condition in the expression language.")
    basis: Optional[Basis] = Field(None, description="Defaults to the rule's basis.")
    gate: bool = Field(
        False,
        description="The request or event the provision waits for (an aanvraag, a wish, an overpayment). When it does "
        "not hold or is not known, the short overview folds the outcome into one line instead of asking about it.",
    )


class Exemption(Condition):
    """An exemption from an obligation; a rule of its own with kind and deviation policy."""

    kind: Kind
    deviation: Deviation
    valid_from: Optional[date] = None
    valid_to: Optional[date] = None
    explanation: Optional[str] = None

    def holds_on(self, on: date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (self.valid_to is None or on <= self.valid_to)


class Rule(_Dated):
    id: str = Field(pattern=ID)
    type: Literal["benefit", "service", "obligation", "measure"]
    title: str = Field(min_length=3)
    explanation: str = Field(min_length=10, description="Dutch explanation a professional can read aloud.")
    basis: Basis
    kind: Kind
    deviation: Deviation
    requirements: list[Condition] = Field(default_factory=list)
    exclusions: list[Condition] = Field(default_factory=list)
    exemptions: list[Exemption] = Field(default_factory=list)
    amount: Optional[str] = Field(None, description="Monthly amount formula (money), for benefits and measures.")
    amount_title: Optional[str] = None

    @model_validator(mode="after")
    def _shape(self) -> "Rule":
        if self.exemptions and self.type != "obligation":
            raise ValueError("alleen een verplichting (obligation) kent ontheffingen (exemptions)")
        if not self.requirements:
            raise ValueError("een regel heeft minstens één voorwaarde (requirements)")
        ids = [c.id for c in (*self.requirements, *self.exclusions, *self.exemptions)]
        dup = {i for i in ids if ids.count(i) > 1}
        if dup:
            raise ValueError(f"dubbele id binnen de regel: {', '.join(sorted(dup))}")
        allowed = GROUND_FITS_KIND[self.kind]
        if self.deviation.ground and self.deviation.ground not in allowed:
            raise ValueError(f"grond {self.deviation.ground!r} past niet bij een regel van soort {self.kind!r}")
        for e in self.exemptions:
            if e.deviation.ground and e.deviation.ground not in GROUND_FITS_KIND[e.kind]:
                raise ValueError(f"ontheffing {e.id}: grond {e.deviation.ground!r} past niet bij soort {e.kind!r}")
        return self


class ValueDeviation(Deviation):
    """A computed value a professional may set for one resident (e.g. afstemming under
    art. 18 lid 1 Pw): the kind of room, its ground, its own legal basis and who may use it.
    A value is a fact of the calculation, so deviating from it moves everything downstream."""

    kind: Kind = Field(description="Kind of the room the deviation uses (not of the formula).")
    basis: Basis = Field(description="The article that gives the room (e.g. art. 18 lid 1 Pw), not the formula's.")
    mandate: Optional[str] = Field(None, description="The role that may at least propose it, e.g. teamleider.")

    @model_validator(mode="after")
    def _ground_fits(self) -> "ValueDeviation":
        if self.ground and self.ground not in GROUND_FITS_KIND[self.kind]:
            raise ValueError(f"grond {self.ground!r} past niet bij soort {self.kind!r}")
        return self


class Computed(_Dated):
    id: str = Field(pattern=ID)
    title: str = Field(min_length=3)
    type: Literal["bool", "int", "decimal", "money", "text", "date"]
    basis: Basis
    formula: str
    explanation: Optional[str] = None
    summary: bool = Field(False, description="Show in the short overview (the norm, income, assets...).")
    deviation: Optional[ValueDeviation] = Field(
        None, description="Set when a professional may deviate from this value for one resident."
    )

    @model_validator(mode="after")
    def _deviable_type(self) -> "Computed":
        if self.deviation and self.deviation.deviable and self.type not in ("bool", "int", "money", "decimal"):
            raise ValueError("alleen een ja/nee-waarde, getal of bedrag kan afwijkbaar zijn")
        return self


class ParameterValue(_M):
    valid_from: date
    value: Union[int, Decimal]
    source: str = Field(min_length=5, description="Publication the value was read in.")
    source_url: Optional[str] = None
    verified: bool = Field(True, description="False where the value could not be checked against its source.")
    note: Optional[str] = None

    @field_validator("value", mode="before")
    @classmethod
    def _no_float(cls, v: object) -> object:
        if isinstance(v, float):
            raise ValueError("schrijf een decimaal getal als tekst (bijv. '0.40'), nooit als float")
        return v


class Parameter(_M):
    id: str = Field(pattern=ID)
    title: str = Field(min_length=3)
    unit: Literal["money", "int", "decimal", "age_by_year"] = Field(
        description="age_by_year: an age in whole months per calendar year in which it is reached (AOW art. 7a); "
        "each value starts on 1 January and the table is read as a whole by date_reaching()."
    )
    basis: Basis
    values: list[ParameterValue] = Field(min_length=1)
    verified_until: Optional[date] = Field(
        None,
        description=(
            "For a value that changes on a known rhythm (norms each 1 January and 1 July, limits each year): "
            "the last date the encoded values are known to hold. Past it an evaluation still uses the last "
            "known value but says so."
        ),
    )

    @model_validator(mode="after")
    def _dated_values(self) -> "Parameter":
        dates = [v.valid_from for v in self.values]
        if dates != sorted(dates) or len(set(dates)) != len(dates):
            raise ValueError("waarden staan op volgorde van valid_from, elke datum één keer")
        for v in self.values:
            if self.unit in ("money", "int", "age_by_year") and not isinstance(v.value, int):
                raise ValueError(f"een {self.unit}-parameter heeft gehele waarden (centen), niet {v.value}")
            if self.unit == "age_by_year" and (v.valid_from.month, v.valid_from.day) != (1, 1):
                raise ValueError(f"een leeftijd per kalenderjaar begint op 1 januari, niet op {v.valid_from.isoformat()}")
        if self.verified_until is not None and self.verified_until < dates[-1]:
            raise ValueError("verified_until ligt voor de laatste valid_from")
        return self

    def schedule(self) -> tuple[tuple[date, int], ...]:
        """The whole table of an ``age_by_year`` parameter: (1 January of the year, months)."""
        return tuple((v.valid_from, int(v.value)) for v in self.values)

    def value_on(self, on: date) -> ParameterValue | None:
        found = None
        for v in self.values:
            if v.valid_from <= on:
                found = v
        return found


Category = Literal[
    "werk_vs_zorg",
    "handhaving_vs_steun",
    "voorrang",
    "kostendeling_vs_mantelzorg",
    "grens_18",
    "definities",
    "dubbele_verplichtingen",
    "kostendeling",
]
"""The conflict catalogue (domain.md §4): where the laws pull a resident apart."""

CATEGORY_NL = {
    "werk_vs_zorg": "Werk eerst versus zorg eerst",
    "handhaving_vs_steun": "Handhaving versus hulpverlening",
    "voorrang": "Voorliggende voorziening (voorrang)",
    "kostendeling_vs_mantelzorg": "Kostendeling versus mantelzorg",
    "grens_18": "De grens van 18 jaar",
    "definities": "Verschillende definities",
    "dubbele_verplichtingen": "Dubbele verplichtingen",
    "kostendeling": "Kostendeling in het huishouden",
}

Instrument = Literal[
    "ontheffing", "geen_verwijtbaarheid", "dringende_redenen", "voorliggende_voorziening", "verlengde_jeugdhulp",
    "afwijking", "gezamenlijk_plan", "schuldhulp_eerst", "wettelijke_ruimte", "maatwerkvoorziening", "doorverwijzing",
]


class Side(_M):
    """One law's part in a conflict: the finding (a rule or computed value) and what it asks.

    ``law`` is a law folder of the rule set, or another act (``wlz``, ``zvw``) that crosslaw
    does not encode; such a side has no ``ref``."""

    law: str = Field(pattern=LOCAL_ID)
    ref: Optional[str] = Field(None, pattern=ID, description="Rule or computed value whose outcome is this side's finding.")
    role: str = Field(min_length=5, description="Dutch: what this law asks of or offers the resident here.")
    basis: Basis
    person: Optional[str] = Field(
        None, pattern=LOCAL_ID, description="In a conflict between persons: the role (e.g. ouder, kind) whose finding this side is."
    )


Between = Literal["ouder_kind", "partners", "huisgenoten", "mantelzorg"]
"""How two persons of a household are related in a conflict between persons."""

ROLES: dict[str, tuple[str, str]] = {
    "ouder_kind": ("ouder", "kind"),
    "partners": ("persoon", "partner"),
    "huisgenoten": ("persoon", "huisgenoot"),
    "mantelzorg": ("mantelzorger", "zorgvrager"),
}
"""The two roles of each relation; expressions read a role's facts and outcomes as ``<role>.<name>``."""


class Lever(_M):
    """A legal instrument that resolves (or softens) the conflict."""

    title: str = Field(min_length=5)
    explanation: str = Field(min_length=10)
    instrument: Instrument
    basis: Basis
    needs_deviation: bool = Field(description="True when only a motivated deviation (gemotiveerd afwijken) helps.")
    mandate: Optional[str] = Field(None, description="The role that may use the lever, e.g. klantmanager, teamleider.")
    target: Optional[str] = Field(
        None, pattern=ID, description="The deviable rule or computed value a lever that needs a deviation sets."
    )
    target_value: Optional[Union[bool, int, str]] = Field(
        None, description="The value (or outcome) the deviation typically sets, e.g. false; shown in the ready command."
    )
    valid_from: Optional[date] = None
    valid_to: Optional[date] = None

    def holds_on(self, on: date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (self.valid_to is None or on <= self.valid_to)


class Conflict(_Dated):
    """A tension between laws, detected when all ``triggers`` hold and no ``unless`` does."""

    id: str = Field(pattern=ID)
    type: Literal["conflict"] = "conflict"
    category: Category
    title: str = Field(min_length=5)
    explanation: str = Field(min_length=20, description="Dutch, to be read aloud at the table.")
    severity: Literal["hoog", "middel", "laag"]
    basis: Basis = Field(description="The article the conflict turns on most (shown as its citation).")
    sides: list[Side] = Field(min_length=2)
    requirements: list[Condition] = Field(min_length=1, alias="triggers")
    exclusions: list[Condition] = Field(default_factory=list, alias="unless")
    levers: list[Lever] = Field(min_length=1)
    exemptions: list[Exemption] = Field(default_factory=list, exclude=True)
    amount: Optional[str] = Field(None, exclude=True)
    amount_title: Optional[str] = Field(None, exclude=True)
    kind: Kind = Field("wettelijk", exclude=True)
    deviation: Deviation = Field(default_factory=lambda: Deviation(deviable=False), exclude=True)
    between: Optional[Between] = Field(None, description="A conflict between two persons of a household, related like this.")
    replaces: list[str] = Field(
        default_factory=list, description="Single-person conflicts this one states more precisely between the persons."
    )

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=False)

    @model_validator(mode="after")
    def _two_laws(self) -> "Conflict":
        if self.between is not None:
            roles = ROLES[self.between]
            if any(s.person not in roles for s in self.sides):
                raise ValueError(f"elke kant noemt de persoon: {' of '.join(roles)}")
            if len({(s.law, s.person) for s in self.sides}) < 2 or len({s.person for s in self.sides}) < 2:
                raise ValueError("een conflict tussen personen heeft kanten bij beide personen")
        elif any(s.person for s in self.sides):
            raise ValueError("'person' op een kant hoort alleen bij een conflict tussen personen ('between')")
        elif len({s.law for s in self.sides}) < 2:
            raise ValueError("een conflict heeft kanten uit minstens twee wetten")
        ids = [c.id for c in (*self.requirements, *self.exclusions)]
        if len(ids) != len(set(ids)):
            raise ValueError("dubbele id in triggers/unless")
        return self


class LawMeta(_M):
    """``law.yaml`` in a law's folder."""

    id: str = Field(pattern=LOCAL_ID)
    name: str
    prefix: str = Field(pattern=LOCAL_ID, description="Every id in this law starts with '<prefix>.'.")
    bwb: list[str] = Field(min_length=1)
    description: Optional[str] = None
    kind: Literal["law", "conflicts", "person_conflicts"] = Field(
        "law", description="'conflicts' for the folder of cross-law conflict rules; 'person_conflicts' for conflicts between persons."
    )
    order: int = Field(100, description="Position in overviews (lower first).")
    covered_until: Optional[date] = Field(
        None,
        description=(
            "Last date this law is encoded for; past it an evaluation says the law is not encoded. "
            "Open when absent (amounts past their verified_until are then reported as the last known ones). "
            "The first date is derived: the earliest valid_from of the law's rules and computed values."
        ),
    )
    concerns: Optional["Concern"] = Field(None, description="Whom the law can concern in a household; absent: everyone.")


class Concern(_M):
    """Whom a law can concern at all: in a household, its outcomes are shown only for them."""

    title: str = Field(min_length=5, description="Dutch: whom the law concerns.")
    when: str = Field(description="Condition in the expression language, about the person.")
    basis: Basis


class RuleFile(_M):
    parameters: list[Parameter] = Field(default_factory=list)
    computed: list[Computed] = Field(default_factory=list)
    rules: list[Rule] = Field(default_factory=list)
    conflicts: list[Conflict] = Field(default_factory=list)


LawMeta.model_rebuild()  # Concern is defined after LawMeta
