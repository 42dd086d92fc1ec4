"""Money with its meaning: gross or net, per what period, what is reserved, what does not count.

An amount without its meaning misleads at the table: the bijstand norm is net and includes
the vakantietoeslag the municipality reserves, UWV benefits are gross, the Wmo contribution
is paid to the CAK. The words live here, the numbers come from the evaluation.
"""

from __future__ import annotations

from typing import Iterable, Mapping

from crosslaw.explanation.result import ComputedValue, LawResult, Outcome
from crosslaw.presentation.words import POSITIVE, euro

VAKANTIETOESLAG = "pw.vakantietoeslag_per_maand"
VRIJGELATEN = "pw.vrijgelaten_inkomsten"

# Benefits crosslaw does not compute, and who decides them.
NOT_COMPUTED = (
    ("Zorgtoeslag, huurtoeslag en kindgebonden budget", "Belastingdienst/Toeslagen"),
    ("Kinderbijslag", "de SVB (Sociale Verzekeringsbank)"),
)


def basis_word(o: Outcome) -> str:
    """Whether the amount is gross or net, or what kind of payment it is."""
    if o.law == "participatiewet":
        return "netto"  # art. 19 lid 4: the municipality adds the wage tax on top of the norm
    if o.law == "uwv":
        return "bruto"
    if o.law == "wmo" and o.type == "obligation":
        return "te betalen aan het CAK"
    return ""


def computed_by_id(laws: Iterable[LawResult]) -> dict[str, ComputedValue]:
    return {c.id: c for law in laws for c in law.computed}


def _cents(computed: Mapping[str, ComputedValue], cid: str) -> int | None:
    c = computed.get(cid)
    return int(c.value) if c is not None and c.value is not None else None


def amount_line(o: Outcome, computed: Mapping[str, ComputedValue] | None = None) -> str:
    """'Algemene bijstand per maand ...: € 1.401,50 netto, waarvan € 70,08 vakantietoeslag ...'; '' without an amount."""
    if o.amount is None or o.status not in POSITIVE:
        return ""
    if o.amount.cents is None:
        return f"{o.amount.title}: nog niet te berekenen"
    word = basis_word(o)
    text = f"{o.amount.title}: {euro(o.amount.cents)}" + (f" {word}" if word else "")
    reserved = _cents(computed or {}, VAKANTIETOESLAG) if o.id == "pw.algemene_bijstand" else None
    if reserved:
        text += (f", waarvan {euro(reserved)} vakantietoeslag (apart gehouden, één keer per jaar uitbetaald);"
                 f" per maand uitbetaald {euro(o.amount.cents - reserved)}")
    return text


def exempt_income_line(computed: Mapping[str, ComputedValue]) -> str:
    """What income was given but does not count for the bijstand, or ''."""
    cents = _cents(computed, VRIJGELATEN)
    if not cents:
        return ""
    c = computed[VRIJGELATEN]
    return f"Telt niet mee voor de bijstand: {euro(cents)} per maand aan kinderbijslag en toeslagen  [{c.article.text}]"


def not_computed_line() -> str:
    return "Niet berekend door crosslaw: " + "; ".join(f"{what}: beslist {who}" for what, who in NOT_COMPUTED) + "."
