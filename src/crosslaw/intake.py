"""The joint intake: a guided interview that asks only what can still change an outcome.

Each round evaluates the situation so far, collects the facts that undetermined outcomes
and possible conflicts are waiting for, and asks the one that most of them wait for. An
answer may be "weet niet"; it is then not asked again in this session. The session is a
plain object (library first); ``crosslaw intake`` drives it from a terminal or a script.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Optional

from crosslaw.engine.engine import Engine
from crosslaw.errors import CrosslawError, SituationError
from crosslaw.explanation.result import Evaluation
from crosslaw.situation import parse_situation
from crosslaw.situation.facts import ITEM_LABEL, ITEM_SPECS, catalogue, question_for
from crosslaw.situation.facts import check_dates
from crosslaw.presentation.words import playing

UNKNOWN_WORDS = {"weet niet", "weetniet", "onbekend", "?", "wn", "-"}
YES = {"ja", "j", "yes", "y", "true", "waar", "1"}
NO = {"nee", "n", "no", "false", "onwaar", "0"}
WHO_FIRST = ("relation", "birth_date")  # who a household member is comes before anything about them
_INDEXED = re.compile(r"^(?P<coll>[a-z_.]+)\[(?P<i>\d+)\]\.(?P<field>\w+)$")


class AnswerError(ValueError):
    """An answer that does not fit the question; the message says why, in Dutch."""


@dataclass
class Question:
    fact: str
    text: str
    kind: str  # bool, int, money, date, text, choice, count
    choices: list[str] = field(default_factory=list)
    waiting: int = 0  # how many outcomes and conflicts wait for this fact

    def prompt(self) -> str:
        text = self.text.replace("(in centen)", "(in euro)")
        if self.kind == "choice":
            options = "; ".join(f"{i}. {choice_label(c)}" for i, c in enumerate(self.choices, 1))
            return f"{text} [{options}]"
        if self.kind == "bool":
            return f"{text} [ja/nee]"
        if self.kind == "date":
            return f"{text} [JJJJ-MM-DD]"
        if self.kind == "count":
            return f"{COUNT_QUESTIONS.get(self.fact, text)} [aantal, 0 = geen]"
        return text


# A list fact is asked as a number: how many items there are (each item's fields follow).
COUNT_QUESTIONS = {
    "household.members": "Hoeveel anderen wonen er in de woning (kinderen, ouders, familie, huisgenoten)?",
    "income": "Hoeveel inkomsten heeft het huishouden (loon, uitkeringen, toeslagen, alimentatie; elk telt apart)?",
    "obligations.violations": "Hoeveel keer zijn verplichtingen (de arbeidsplicht of andere) niet nagekomen?",
    "obligations.fines": "Hoeveel boetes zijn er eerder opgelegd?",
}


def choice_label(value: str) -> str:
    """A choice as it is read aloud: 'niet_gelijkgesteld' -> 'niet gelijkgesteld'."""
    return value.replace("_", " ")


def _declared_choices(fact: str) -> list[str] | None:
    """The choices of an enumerated fact in the order the situation model declares them (the natural order)."""
    from typing import Literal, Union, get_args, get_origin

    from crosslaw.situation.model import Situation

    m = _INDEXED.match(fact)
    parts = (m["coll"].split(".") + [m["field"]]) if m else fact.split(".")
    model: Any = Situation
    annotation: Any = None
    for part in parts:
        fields = getattr(model, "model_fields", None)
        if not fields or part not in fields:
            return None
        annotation = fields[part].annotation
        while get_origin(annotation) in (Union, list) or str(get_origin(annotation)) == "types.UnionType":
            annotation = next(a for a in get_args(annotation) if a is not type(None))
        model = annotation
    if get_origin(annotation) is Literal:
        return [str(a) for a in get_args(annotation)]
    return None


def _spec(fact: str) -> tuple[str, list[str]]:
    """The kind of answer a fact takes (and its choices)."""
    m = _INDEXED.match(fact)
    if m:
        spec = ITEM_SPECS[m["coll"]][m["field"]]
    else:
        spec = catalogue()[fact]
    t = spec.type
    if t.kind == "collection":
        return "count", []
    if t.kind == "text" and t.choices:
        declared = _declared_choices(fact)
        return "choice", declared if declared and set(declared) == set(t.choices) else sorted(t.choices)
    return t.kind, []


def parse_answer(q: Question, raw: str) -> Any:
    """The value for an answer, or None for "weet niet"; AnswerError says what is wrong."""
    text = raw.strip()
    if text.lower() in UNKNOWN_WORDS or text == "":
        return None
    low = text.lower()
    if q.kind == "bool":
        if low in YES:
            return True
        if low in NO:
            return False
        raise AnswerError("antwoord met ja of nee (of 'weet niet')")
    if q.kind in ("int", "count"):
        if not re.fullmatch(r"\d+", text):
            raise AnswerError(f"{text!r} is geen geheel getal (0 of meer)")
        return int(text)
    if q.kind == "money":
        cleaned = text.replace("€", "").replace(" ", "")
        if re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d{1,2})?", cleaned):
            cleaned = cleaned.replace(".", "")
        cleaned = cleaned.replace(",", ".")
        try:
            value = Decimal(cleaned)
        except InvalidOperation:
            raise AnswerError(f"{text!r} is geen bedrag; schrijf bijvoorbeeld 1.345,45 of 1345") from None
        if value < 0:
            raise AnswerError("een bedrag kan niet negatief zijn")
        cents = value * 100
        if cents != cents.to_integral_value():
            raise AnswerError("een bedrag heeft ten hoogste twee cijfers achter de komma")
        return int(cents)
    if q.kind == "date":
        m = re.fullmatch(r"(\d{1,2})-(\d{1,2})-(\d{4})", text)
        iso = f"{m[3]}-{int(m[2]):02d}-{int(m[1]):02d}" if m else text
        try:
            return date.fromisoformat(iso).isoformat()
        except ValueError:
            raise AnswerError(f"{text!r} is geen bestaande datum; schrijf JJJJ-MM-DD, bijvoorbeeld 1990-05-14") from None
    if q.kind == "choice":
        if text.isdigit() and 1 <= int(text) <= len(q.choices):
            return q.choices[int(text) - 1]
        if low in q.choices:
            return low
        by_label = {choice_label(c): c for c in q.choices}
        if low in by_label:
            return by_label[low]
        raise AnswerError(f"kies een van de mogelijkheden (1-{len(q.choices)}) of typ de waarde")
    return text


def _set(data: dict[str, Any], fact: str, value: Any) -> None:
    m = _INDEXED.match(fact)
    if m:
        node = data
        parts = m["coll"].split(".")
        for p in parts:
            node = node.setdefault(p, {}) if p != parts[-1] else node
        items = node.setdefault(parts[-1], [])
        while len(items) <= int(m["i"]):
            items.append({})
        items[int(m["i"])][m["field"]] = value
        return
    parts = fact.split(".")
    node = data
    for p in parts[:-1]:
        if not isinstance(node.get(p), dict):
            node[p] = {}
        node = node[p]
    node[parts[-1]] = value


def _get(data: dict[str, Any], fact: str) -> Any:
    try:
        m = _INDEXED.match(fact)
        if m:
            node: Any = data
            for p in m["coll"].split("."):
                node = node[p]
            return node[int(m["i"])].get(m["field"])
        node = data
        for p in fact.split("."):
            node = node[p]
        return node
    except (KeyError, IndexError, TypeError):
        return None


class IntakeSession:
    """One intake: the situation so far, the facts left open on purpose, the questions asked."""

    def __init__(self, engine: Engine, on: date, data: Optional[dict[str, Any]] = None) -> None:
        self.engine = engine
        self.on = on
        self.data: dict[str, Any] = dict(data or {})
        self.data["peildatum"] = on.isoformat()
        self.skipped: set[str] = set()
        self.asked = 0
        parse_situation(self.data)  # a resumed file must be valid

    def evaluate(self, detail: str = "summary") -> Evaluation:
        return self.engine.evaluate(self.data, on=self.on, detail=detail)

    def situation(self) -> Any:
        """The situation so far, validated."""
        return parse_situation(self.data)

    def next_question(self, evaluation: Optional[Evaluation] = None) -> Optional[Question]:
        """The open fact most outcomes and conflicts wait for, or None when nothing can change."""
        ev = evaluation or self.evaluate()
        waiting: Counter[str] = Counter()
        for law in ev.laws:
            for o in law.outcomes:
                waiting.update(m.fact for m in o.missing)
        for c in ev.conflicts:
            waiting.update(m.fact for m in c.missing)
        for fact, n in sorted(waiting.items(), key=lambda kv: (-kv[1], kv[0])):
            if fact in self.skipped or _get(self.data, fact) is not None:
                continue
            fact = self._who_first(fact)
            kind, choices = _spec(fact)
            return Question(fact, question_for(fact), kind, choices, waiting.get(fact, n))
        return None

    def _who_first(self, fact: str) -> str:
        """For a question about a household member, first ask who that member is (relation, then birth date)."""
        m = _INDEXED.match(fact)
        if not m or m["coll"] != "household.members":
            return fact
        for first in WHO_FIRST:
            candidate = f"{m['coll']}[{m['i']}].{first}"
            if candidate == fact:
                return fact
            if candidate not in self.skipped and _get(self.data, candidate) is None:
                return candidate
        return fact

    def answer(self, q: Question, raw: str) -> Any:
        """Record an answer (validated against the whole situation); AnswerError to re-ask."""
        value = parse_answer(q, raw)
        self.asked += 1
        if value is None:
            self.skipped.add(q.fact)
            return None
        if q.kind == "count":
            value = [{} for _ in range(value)]
        previous = _get(self.data, q.fact)
        _set(self.data, q.fact, value)
        try:
            s = parse_situation(self.data)
            check_dates(s, self.on)
        except SituationError as e:
            _set(self.data, q.fact, previous) if previous is not None else self._unset(q.fact)
            self.asked -= 1
            raise AnswerError("; ".join(reason for _, reason in e.problems)) from None
        return value

    def _unset(self, fact: str) -> None:
        m = _INDEXED.match(fact)
        if m:
            _set(self.data, fact, None)
            return
        parts = fact.split(".")
        node = self.data
        for p in parts[:-1]:
            node = node.get(p, {})
        node.pop(parts[-1], None)


def picture(ev: Evaluation) -> str:
    """The running picture: per law what applies, what does not and what is still open."""
    parts = []
    for law in ev.laws:
        yes = sum(1 for o in law.outcomes if o.status in ("eligible", "applies"))
        no = sum(1 for o in law.outcomes if o.status in ("not_eligible", "does_not_apply"))
        open_ = sum(1 for o in law.outcomes if o.status == "undetermined")
        parts.append(f"{law.name}: {yes} van toepassing, {no} niet, {open_} open")
    present = sum(1 for c in ev.conflicts if c.status == "present")
    parts.append(f"spanningen: {playing(present, len(ev.conflicts) - present)}")
    return " | ".join(parts)


def model_field_count() -> int:
    """How many facts the situation model has (list items counted once per field)."""
    return sum(1 for spec in catalogue().values() if spec.path and not spec.derived_from) + sum(
        len([s for s in specs.values() if not s.derived_from]) for specs in ITEM_SPECS.values()
    )


__all__ = ["IntakeSession", "Question", "AnswerError", "parse_answer", "picture", "model_field_count", "CrosslawError", "ITEM_LABEL"]
