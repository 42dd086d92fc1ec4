"""The edge of knowledge: which laws crosslaw encodes for a date, and which amounts it
uses past the last date they were verified for.

An evaluation outside what is encoded does not fail: each law says for itself that it is
not encoded (with the period it does cover), conflicts that depend on such a law say they
were not assessed, and amounts carried past their ``verified_until`` are named as the last
known ones. The messages are Dutch; they are read aloud at the table.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from crosslaw.caching import per_owner
from crosslaw.ruleset.compiled import RuleSet

MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"]


def dutch_date(d: date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def period_nl(first: date | None, last: date | None) -> str:
    """'van 1 januari 2022 tot en met 31 december 2026' or 'vanaf 1 januari 2022'."""
    if first is None:
        return "voor geen enkele datum"
    if last is None:
        return f"vanaf {dutch_date(first)}"
    return f"van {dutch_date(first)} tot en met {dutch_date(last)}"


def _value_nl(value: Any, unit: str) -> str:
    if unit == "money":
        sign = "-" if value < 0 else ""
        whole, rest = divmod(abs(int(value)), 100)
        return f"{sign}€ {whole:,}".replace(",", ".") + f",{rest:02d}"
    return str(value).replace(".", ",")


def law_coverage(rules: RuleSet, law: str, on: date) -> dict[str, Any]:
    """The coverage fields of a law's result on ``on``."""
    first, last = rules.coverage(law)
    return {"status": "encoded" if rules.covers(law, on) else "not_encoded", "covered_from": first, "covered_until": last}


@per_owner(maxsize=256)
def notices(rules: RuleSet, on: date) -> list[dict[str, Any]]:
    """The notices of an evaluation on ``on`` (the same for every situation on that date)."""
    out: list[dict[str, Any]] = []
    for law in sorted(rules.uncovered_laws(on), key=lambda law: list(rules.laws).index(law)):
        meta = rules.laws[law]
        first, last = rules.coverage(law)
        out.append({
            "kind": "not_encoded",
            "law": law,
            "message": f"{meta.name}: niet gecodeerd voor deze datum ({dutch_date(on)}). "
                       f"crosslaw kent {'deze spanningen' if meta.kind == 'conflicts' else 'deze wet'} {period_nl(first, last)}.",
        })
    for ident, laws in rules.not_evaluated(on).items():
        item = rules.rule_on(ident, on)
        if item is None or item.model.type != "conflict" or item.law in laws:
            continue
        names = ", ".join(rules.laws[law].name for law in laws)
        out.append({
            "kind": "conflict_not_encoded",
            "law": item.law,
            "ids": [ident],
            "message": f"Spanning niet beoordeeld: {item.model.title}. Deze hangt af van {names}, "
                       f"niet gecodeerd voor {dutch_date(on)}.",
        })
    by_law: dict[str, list[Any]] = {}
    for law, p in rules.last_known(on):
        by_law.setdefault(law, []).append(p)
    for law, params in by_law.items():
        amounts = []
        for p in params:
            v = p.values[-1]
            amounts.append({
                "parameter": p.id, "title": p.title, "unit": p.unit,
                "value": v.value if p.unit != "decimal" else str(v.value),
                "valid_from": v.valid_from, "verified_until": p.verified_until,
            })
        until = min(p.verified_until for p in params)
        shown = "; ".join(f"{a['title']}: {_value_nl(a['value'], a['unit'])} (sinds {dutch_date(a['valid_from'])})" for a in amounts[:3])
        more = f" en nog {len(amounts) - 3}" if len(amounts) > 3 else ""
        out.append({
            "kind": "last_known_amounts",
            "law": law,
            "ids": [a["parameter"] for a in amounts],
            "message": f"{rules.laws[law].name}: voor {dutch_date(on)} zijn niet alle bedragen in crosslaw vastgelegd "
                       f"(geverifieerd tot en met {dutch_date(until)}); gebruikt zijn de laatst bekende bedragen: {shown}{more}.",
            "amounts": amounts,
        })
    return out
