"""Reading a situation from a YAML or JSON file, with errors that point at the line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from crosslaw.errors import SituationError
from crosslaw.ruleset.yamlsource import SITUATION_LIMITS, YamlError, load_file
from crosslaw.situation import parse_situation
from crosslaw.situation.model import Situation


def load_situation(path: str | Path) -> Situation:
    """Parse and validate a single-person situation file; every problem names ``file:line`` and the field."""
    s = load_any(path, household=False)
    assert isinstance(s, Situation)
    return s


def load_any(path: str | Path, household: bool = True) -> Any:
    """A single-person situation or, with ``household``, a household file (recognised by ``persons``)."""
    from crosslaw.household.parse import is_household, parse_household

    p = Path(path)
    if not p.is_file():
        raise SituationError([("", "bestand bestaat niet")], str(p))
    doc = load_file(p, limits=SITUATION_LIMITS)  # JSON is valid YAML, so one loader serves both
    if doc.data is None:
        raise SituationError([("", "het bestand is leeg")], doc.file)
    try:
        if is_household(doc.data):
            if not household:
                raise SituationError([("persons", "dit commando leest nog geen huishouden; gebruik evaluate, conflicts of diff")], doc.file)
            return parse_household(doc.data)
        return parse_situation(doc.data)
    except SituationError as e:
        if e.source:
            raise
        located = []
        for field, reason in e.problems:
            path_ = tuple(int(x) if x.isdigit() else x for x in field.split(".")) if field else ()
            line = doc.line_of(path_)
            located.append((f"{field} (regel {line})" if line else field, reason))
        raise SituationError(located, doc.file) from None


__all__ = ["load_situation", "load_any", "YamlError"]
