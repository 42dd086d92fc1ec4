"""Dutch values on the command line: outcomes by their Dutch words, euros with a comma, id prefixes.

Professionals read "geldt niet" in the output, so they may type it; they read amounts in
euros, so they may give "200,00"; they see the first characters of an id, so any unique
prefix is enough. Each conversion fails with a Dutch message naming the option (exit 2).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any, Iterable

import click

OUTCOME_WORDS = {
    "recht": "eligible", "geen recht": "not_eligible", "geldt": "applies", "geldt niet": "does_not_apply",
    "eligible": "eligible", "not_eligible": "not_eligible", "applies": "applies", "does_not_apply": "does_not_apply",
}


class OutcomeType(click.ParamType):
    """An outcome: 'recht', 'geen recht', 'geldt', 'geldt niet', or the code (eligible, ...)."""

    name = "uitkomst"

    def get_metavar(self, param: Any, ctx: Any = None) -> str:
        return '["recht"|"geen recht"|"geldt"|"geldt niet"]'

    def convert(self, value: Any, param: Any, ctx: Any) -> str:
        key = " ".join(str(value).strip().lower().replace("_", " ").split())
        code = OUTCOME_WORDS.get(key) or OUTCOME_WORDS.get(key.replace(" ", "_"))
        if code is None:
            self.fail(f"{value!r} is geen uitkomst; kies 'recht', 'geen recht', 'geldt' of 'geldt niet'", param, ctx)
        return code


class EuroType(click.ParamType):
    """An amount in euros as a professional writes it (200, 200,00, 1.401,50, € 70) -> integer cents."""

    name = "euro"

    def get_metavar(self, param: Any, ctx: Any = None) -> str:
        return "EURO"

    def convert(self, value: Any, param: Any, ctx: Any) -> int:
        if isinstance(value, int):
            return value
        text = str(value).replace("€", "").replace(" ", "").strip()
        negative = text.startswith("-")
        text = text.lstrip("-")
        if re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d{1,2})?", text):
            text = text.replace(".", "")
        text = text.replace(",", ".")
        try:
            euros = Decimal(text)
        except InvalidOperation:
            self.fail(f"{value!r} is geen bedrag in euro; schrijf bijvoorbeeld 200,00 of 1.401,50", param, ctx)
        cents = euros * 100
        if cents != cents.to_integral_value():
            self.fail(f"{value!r}: een bedrag heeft ten hoogste twee cijfers achter de komma", param, ctx)
        return -int(cents) if negative else int(cents)


def resolve_prefix(ids: Iterable[str], prefix: str, what: str = "afwijking") -> str:
    """The one id that starts with ``prefix``; a Dutch usage error when none or several do."""
    ids = list(ids)
    if prefix in ids:
        return prefix
    matches = [i for i in ids if i.startswith(prefix)] if len(prefix) >= 4 else []
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise click.UsageError(f"onbekende {what} {prefix!r}" + (" (geef ten minste 4 tekens)" if len(prefix) < 4 else ""))
    raise click.UsageError(f"{len(matches)} afwijkingen beginnen met {prefix!r}; geef meer tekens van de id")


def law_id(value: str | None, laws: dict[str, str] | None = None) -> str | None:
    """A law as typed ('Participatiewet', 'WMO', 'Wmo 2015') -> its id ('participatiewet', 'wmo')."""
    if value is None:
        return None
    key = " ".join(value.strip().lower().split())
    for lid, name in (laws or {}).items():
        if key in (lid.lower(), name.lower()):
            return lid
    return key.removesuffix(" 2015")


OUTCOME = OutcomeType()
EURO = EuroType()


OS_ERRORS_NL = {2: "bestand of map bestaat niet", 13: "geen toegang", 17: "bestaat al", 20: "een deel van het pad is geen map",
                21: "is een map", 28: "de schijf is vol", 30: "alleen-lezen bestandssysteem"}


def os_error_nl(e: OSError) -> str:
    """An operating-system error in Dutch ('[Errno 2] No such file or directory' -> 'bestand of map bestaat niet')."""
    return OS_ERRORS_NL.get(e.errno or 0, e.strerror or str(e))
