"""Reading a situation from a YAML or JSON file, with errors that point at the line."""

from __future__ import annotations

from pathlib import Path

from crosslaw.errors import SituationError
from crosslaw.ruleset.yamlsource import SITUATION_LIMITS, YamlError, load_file
from crosslaw.situation import parse_situation
from crosslaw.situation.model import Situation


def load_situation(path: str | Path) -> Situation:
    """Parse and validate a situation file; every problem names ``file:line`` and the field."""
    p = Path(path)
    if not p.is_file():
        raise SituationError([("", "bestand bestaat niet")], str(p))
    doc = load_file(p, limits=SITUATION_LIMITS)  # JSON is valid YAML, so one loader serves both
    if doc.data is None:
        raise SituationError([("", "het bestand is leeg")], doc.file)
    try:
        return parse_situation(doc.data)
    except SituationError as e:
        located = []
        for field, reason in e.problems:
            path_ = tuple(int(x) if x.isdigit() else x for x in field.split(".")) if field else ()
            line = doc.line_of(path_)
            located.append((f"{field} (regel {line})" if line else field, reason))
        raise SituationError(located, doc.file) from None


__all__ = ["load_situation", "YamlError"]
