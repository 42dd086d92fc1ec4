"""The situation model (input) and its translation into facts."""

from __future__ import annotations

from typing import Any, Mapping

from pydantic import ValidationError

from crosslaw.errors import SituationError
from crosslaw.situation import limits
from crosslaw.situation.model import Situation

_REASONS = {
    "extra_forbidden": "onbekend veld",
    "missing": "verplicht veld ontbreekt",
    "bool_parsing": "verwacht ja/nee (true/false)",
    "bool_type": "verwacht ja/nee (true/false)",
    "int_parsing": "verwacht een geheel getal",
    "int_type": "verwacht een geheel getal",
    "int_from_float": "verwacht een geheel getal (bedragen in centen)",
    "greater_than_equal": "mag niet negatief zijn",
    "less_than_equal": "is te groot",
    "date_from_datetime_parsing": "verwacht een datum JJJJ-MM-DD",
    "date_parsing": "verwacht een datum JJJJ-MM-DD",
    "date_type": "verwacht een datum JJJJ-MM-DD",
    "literal_error": "ongeldige waarde",
    "list_type": "verwacht een lijst",
    "model_type": "verwacht een groep velden",
    "model_attributes_type": "verwacht een groep velden",
    "dict_type": "verwacht een groep velden",
    "string_type": "verwacht tekst",
}


def _reason(err: Mapping[str, Any]) -> str:
    kind = err["type"]
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        return f"ongeldige waarde {err.get('input')!r}; toegestaan: {expected}"
    if kind == "greater_than_equal" and err.get("ctx", {}).get("ge") not in (0, None):
        return f"moet minstens {err['ctx']['ge']} zijn"
    if kind == "less_than_equal":
        return f"mag hoogstens {err['ctx']['le']} zijn"
    if kind == "value_error":
        return str(err["msg"]).removeprefix("Value error, ")
    base = _REASONS.get(kind, str(err["msg"]))
    if kind in ("bool_parsing", "int_parsing", "date_parsing", "date_from_datetime_parsing", "int_from_float"):
        base += f", kreeg {err.get('input')!r}"
    return base


def parse_situation(data: Situation | Mapping[str, Any], source: str | None = None) -> Situation:
    """Validate raw data into a ``Situation``; errors name each field path and reason."""
    if isinstance(data, Situation):
        return data
    if not isinstance(data, Mapping):
        raise SituationError([("", "een situatie is een groep velden (mapping)")], source)
    too_big = limits.problems(data)  # before pydantic builds anything
    if too_big:
        raise SituationError(too_big, source)
    try:
        return Situation.model_validate(data)
    except ValidationError as e:
        problems = [(".".join(str(p) for p in err["loc"]), _reason(err)) for err in e.errors()]
        raise SituationError(problems, source) from None


__all__ = ["Situation", "parse_situation"]
