"""The Dutch words every view shares: statuses, money, dates, kinds of rule, grounds.

One place for them, so the text view, the reports and the CLI say the same thing the same way.
"""

from __future__ import annotations

from datetime import date
from typing import Any

STATUS_NL = {
    "eligible": "recht",
    "not_eligible": "geen recht",
    "undetermined": "nog niet te bepalen",
    "applies": "geldt",
    "does_not_apply": "geldt niet",
}
MARK = {"eligible": "✔", "applies": "●", "not_eligible": "✘", "does_not_apply": "○", "undetermined": "?"}
COLOUR = {"eligible": "green", "applies": "yellow", "not_eligible": "red", "does_not_apply": "bright_black", "undetermined": "cyan"}
TYPE_NL = {"benefit": "Voorzieningen", "service": "Voorzieningen", "obligation": "Verplichtingen", "measure": "Maatregelen en boetes"}
MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"]
KIND_NL = {"wettelijk": "wettelijke regel", "discretionair": "discretionaire bevoegdheid", "beleidsregel": "beleidsregel"}
GROUND_NL = {"hardheidsclausule": "hardheidsclausule", "discretionaire_ruimte": "discretionaire ruimte", "awb_3_4": "art. 3:4 lid 2 Awb", "awb_4_84": "art. 4:84 Awb"}
STATUS_CONFLICT_NL = {"present": "speelt", "possible": "speelt mogelijk"}
SEVERITY_NL = {"hoog": "ernst hoog", "middel": "ernst middel", "laag": "ernst laag"}
DEVIATION_STATUS_NL = {
    "proposed": "voorgesteld, wacht op goedkeuring",
    "approved": "goedgekeurd, van kracht",
    "rejected": "afgewezen",
    "revoked": "ingetrokken",
    "expired": "verlopen",
}
STATUS_SHORT = {"proposed": "voorgesteld", "approved": "goedgekeurd", "rejected": "afgewezen", "revoked": "ingetrokken",
                "expired": "verlopen"}  # a deviation's status in a count
POSITIVE = ("eligible", "applies")
NEGATIVE = ("not_eligible", "does_not_apply")


def euro(cents: int) -> str:
    """Dutch money notation: € 1.401,50."""
    sign = "-" if cents < 0 else ""
    whole, rest = divmod(abs(cents), 100)
    return f"{sign}€ {whole:,}".replace(",", ".") + f",{rest:02d}"


def dutch_date(d: date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def value_text(v: Any, kind: str) -> str:
    """A computed value as a professional reads it; ``onbekend`` when it is not known."""
    if v is None:
        return "onbekend"
    if kind == "money":
        return euro(int(v))
    if kind == "bool":
        return "ja" if v else "nee"
    return str(v).replace(".", ",") if kind == "decimal" else str(v)


def n_of(count: int, one: str, more: str) -> str:
    """``1 vraag`` / ``3 vragen``."""
    return f"{count} {one if count == 1 else more}"


def playing(present: int, possible: int) -> str:
    """``1 speelt, 4 mogelijk`` / ``2 spelen, 1 mogelijk``: how many tensions play, how many may."""
    return f"{n_of(present, 'speelt', 'spelen')}, {possible} mogelijk"


def lever_tags(lever: Any) -> list[str]:
    """What a professional must know before pulling a lever: deviation needed, and by whom."""
    tags = []
    if lever.needs_deviation:
        tags.append("vraagt gemotiveerd afwijken")
    if lever.mandate:
        tags.append(f"mandaat: {lever.mandate}")
    return tags


def policy_text(o: Any) -> str:
    """The kind of rule and whether a professional may deviate from it."""
    dev = f"afwijken mogelijk ({GROUND_NL.get(o.deviation.ground or '', o.deviation.ground)})" if o.deviation.deviable else "niet afwijkbaar"
    return f"{KIND_NL.get(o.kind, o.kind)}; {dev}"
