"""The joint intake of a household: who lives here first, then per person, asking only what can
still change an outcome or a conflict for anyone.

The order follows a conversation at the table: first the names of everyone who lives in the
dwelling and their birth dates, then who is whose partner and whose child, then the questions
per person (all of one person's open facts before the next person's), each naming the person
("Krijgt Jayden jeugdhulp?"). A question is asked only when some outcome or conflict of some
person waits for its answer. The session is a plain object; ``crosslaw intake --huishouden``
drives it from a terminal or a script.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Optional

from crosslaw.errors import SituationError
from crosslaw.household.parse import parse_household
from crosslaw.household.result import HouseholdEvaluation
from crosslaw.intake import UNKNOWN_WORDS, AnswerError, Question, _get, _set, _spec, parse_answer

NONE_WORDS = {"geen", "niemand", "nee", "n", "-"}
_FACT = re.compile(r"^persons\.(?P<ref>[a-z][a-z0-9_-]*)\.(?P<fact>.+)$")
_RELATION = re.compile(r"^relations\.(?P<type>partner|huisgenoten)\.(?P<a>[a-z][a-z0-9_-]*)\.(?P<b>[a-z][a-z0-9_-]*)\.(?P<field>\w+)$")
COUNT_QUESTIONS = {  # a list is asked as a number of items, about the person
    "income": "Hoeveel inkomsten heeft {name} zelf (loon, uitkeringen, toeslagen, alimentatie; elk telt apart)?",
    "violations": "Hoeveel keer heeft {name} verplichtingen (de arbeidsplicht of andere) niet nagekomen?",
    "fines": "Hoeveel boetes zijn {name} eerder opgelegd?",
}
PERSON_EXTRAS = {"intensive_care_needs": "bool", "commercial_basis": "bool"}


@dataclass
class HouseholdQuestion(Question):
    """A question about the household (``stage``: persons, relations) or about one person (``person``)."""

    person: Optional[str] = None
    stage: str = "person"  # persons | birth_date | partner | children | person

    def prompt(self) -> str:
        if self.kind in ("name", "names"):
            return self.text
        return super().prompt()


def _slug(name: str) -> str:
    s = re.sub(r"[^a-z0-9_-]+", "-", name.strip().lower()).strip("-")
    return s if s and s[0].isalpha() else f"p-{s}" if s else "persoon"


class HouseholdIntake:
    """One household intake: the household so far, the facts left open on purpose, the questions asked."""

    def __init__(self, engine: Any, on: date, data: Optional[dict[str, Any]] = None) -> None:
        self.engine = engine
        self.on = on
        self.data: dict[str, Any] = dict(data or {})
        self.data["peildatum"] = on.isoformat()
        self.skipped: set[str] = set()
        self.asked = 0
        self._relations_done: set[tuple[str, str]] = set()  # (stage, ref) asked about
        self._pending: list[dict[str, Any]] = []  # relations named so far, stored once everyone is asked
        if self.data.get("persons"):
            parse_household(self.data)  # a resumed file must be valid

    # -- the state -----------------------------------------------------------------------------
    def persons(self) -> list[dict[str, Any]]:
        return list(self.data.get("persons") or [])

    def name(self, ref: str) -> str:
        for p in self.persons():
            if p["ref"] == ref:
                return p.get("name") or ref[:1].upper() + ref[1:]
        return ref

    def evaluate(self) -> Optional[HouseholdEvaluation]:
        if not self.persons():
            return None
        return self.engine.evaluate(self.data, on=self.on)

    # -- what to ask next ------------------------------------------------------------------------
    def next_question(self, evaluation: Optional[HouseholdEvaluation] = None) -> Optional[HouseholdQuestion]:
        """Who lives here, their birth dates and relations first; then per person what anyone waits for."""
        if not self.persons():
            if "persons" in self.skipped:
                return None
            return HouseholdQuestion("persons", "Wie wonen er in de woning? Noem ieders voornaam, gescheiden door komma's.",
                                     "names", stage="persons")
        for p in self.persons():
            if (p.get("person") or {}).get("birth_date") is None and f"persons.{p['ref']}.person.birth_date" not in self.skipped:
                return HouseholdQuestion(f"persons.{p['ref']}.person.birth_date", f"Wat is de geboortedatum van {self.name(p['ref'])}?",
                                         "date", person=p["ref"], stage="birth_date")
        if self.data.get("relations") is None:
            q = self._relation_question()
            if q is not None:
                return q
        ev = evaluation or self.evaluate()
        if ev is None:
            return None
        waiting = {m.fact: m for m in ev.missing}
        for p in self.persons():  # all of one person's open facts before the next person's
            ref = p["ref"]
            prefixes = (f"persons.{ref}.", f"relations.partner.{ref}.", f"relations.huisgenoten.{ref}.")
            mine = [f for f in waiting if f.startswith(prefixes) and f not in self.skipped and self._value(f) is None]
            if not mine:
                continue
            fact = mine[0]  # ev.missing is ranked: the fact most outcomes and conflicts wait for first
            kind, choices = self._kind(fact)
            text = COUNT_QUESTIONS.get(fact.rsplit(".", 1)[1], waiting[fact].question) if kind == "count" else waiting[fact].question
            return HouseholdQuestion(fact, text.format(name=self.name(ref)), kind, choices, person=ref)
        return None

    def _value(self, fact: str) -> Any:
        if fact.startswith("relations."):
            rel = self._relation(fact, create=False)
            return None if rel is None else rel.get(fact.rsplit(".", 1)[1])
        m = _FACT.match(fact)
        if m is None:
            return None
        person = next((p for p in self.persons() if p["ref"] == m["ref"]), None)
        return None if person is None else _get(person, m["fact"])

    def _relation_question(self) -> Optional[HouseholdQuestion]:
        refs = [p["ref"] for p in self.persons()]
        if len(refs) == 1:
            self.data["relations"] = []
            return None
        for ref in refs:
            if ("partner", ref) not in self._relations_done and not self._has_partner(ref):
                return HouseholdQuestion(f"relations.partner.{ref}", f"Wie in de woning is de partner van {self.name(ref)}? [naam of 'geen']",
                                         "name", person=ref, stage="partner")
        for ref in refs:
            if ("children", ref) not in self._relations_done:
                return HouseholdQuestion(f"relations.children.{ref}",
                                         f"Welke kinderen van {self.name(ref)} wonen in de woning? [namen, of 'geen']",
                                         "names", person=ref, stage="children")
        self.data["relations"] = self._pending
        self._pending = []
        return None

    def _has_partner(self, ref: str) -> bool:
        return any(r.get("type") == "partner" and ref in r.get("persons", []) for r in self._pending)

    def _kind(self, fact: str) -> tuple[str, list[str]]:
        m = _FACT.match(fact)
        if m is None:
            r = _RELATION.match(fact)
            if r and r["field"] == "partner_kinship":
                return "choice", ["eerste_graad", "geen", "tweede_graad"]
            return ("bool", []) if r else ("text", [])
        inner = m["fact"]
        if inner in PERSON_EXTRAS:
            return PERSON_EXTRAS[inner], []
        return _spec(inner)

    def _relation(self, fact: str, create: bool) -> Optional[dict[str, Any]]:
        """The relation a ``relations.<type>.<a>.<b>.<field>`` fact is stored on (a housemate relation is made when needed)."""
        r = _RELATION.match(fact)
        assert r is not None
        pair = {r["a"], r["b"]}
        for rel in self.data.get("relations") or []:
            if rel.get("type") == r["type"] and set(rel.get("persons", [])) == pair:
                return rel
        if create and r["type"] == "huisgenoten":
            rel = {"type": "huisgenoten", "persons": [r["a"], r["b"]]}
            self.data.setdefault("relations", []).append(rel)
            return rel
        return None

    # -- answers -----------------------------------------------------------------------------------
    def answer(self, q: HouseholdQuestion, raw: str) -> Any:
        """Record an answer (validated against the whole household); AnswerError to re-ask."""
        text = raw.strip()
        if q.stage in ("persons", "partner", "children"):
            return self._answer_people(q, text)
        value = parse_answer(q, raw)
        self.asked += 1
        if value is None:
            self.skipped.add(q.fact)
            return None
        if q.kind == "count":
            value = [{} for _ in range(value)]
        m = _FACT.match(q.fact)
        if m is None:  # a fact about a relation
            target, key = self._relation(q.fact, create=True), q.fact.rsplit(".", 1)[1]
        else:
            target = next(p for p in self.data["persons"] if p["ref"] == m["ref"])
            key = m["fact"]
        assert target is not None
        previous = _get(target, key)
        _set(target, key, value)
        try:
            parse_household(self.data)
            if q.stage == "birth_date" and date.fromisoformat(value) > self.on:
                raise SituationError([(q.fact, f"geboortedatum {value} ligt na de peildatum {self.on.isoformat()}")])
        except SituationError as e:
            _set(target, key, previous)
            self.asked -= 1
            raise AnswerError("; ".join(reason for _, reason in e.problems)) from None
        return value

    def _names(self, text: str) -> list[str]:
        if text.lower() in NONE_WORDS:
            return []
        return [n.strip() for n in re.split(r",|\sen\s", text) if n.strip()]

    def _ref_of(self, name: str) -> str:
        for p in self.persons():
            if p["ref"] == _slug(name) or (p.get("name") or "").lower() == name.lower():
                return p["ref"]
        raise AnswerError(f"{name!r} woont niet in de woning; noem iemand die eerder is genoemd")

    def _answer_people(self, q: HouseholdQuestion, text: str) -> Any:
        if text.lower() in UNKNOWN_WORDS and q.stage == "persons":
            raise AnswerError("noem minstens de persoon om wie het gaat")
        if q.stage == "persons":
            names = self._names(text)
            if not names:
                raise AnswerError("noem minstens de persoon om wie het gaat")
            refs = [_slug(n) for n in names]
            if len(set(refs)) != len(refs):
                raise AnswerError("twee personen hebben dezelfde naam; voeg een letter toe (bijvoorbeeld Jan en Jan-B)")
            self.data["persons"] = [{"ref": r, "name": n[:60]} for r, n in zip(refs, names)]
            self.asked += 1
            return refs
        assert q.person is not None
        relations = self._pending
        if text.lower() in UNKNOWN_WORDS:
            self.asked += 1
            self._relations_done.add((q.stage, q.person))
            return None
        others = [self._ref_of(n) for n in self._names(text)]
        if q.person in others:
            raise AnswerError("iemand is niet zijn eigen partner of kind")
        if q.stage == "partner":
            if len(others) > 1:
                raise AnswerError("noem één partner, of 'geen'")
            if others:
                relations.append({"type": "partner", "persons": [q.person, others[0]]})
                self._relations_done.add(("partner", others[0]))
        else:
            relations.extend({"type": "ouder", "parent": q.person, "child": c} for c in others)
        self._relations_done.add((q.stage, q.person))
        self.asked += 1
        return others


__all__ = ["HouseholdIntake", "HouseholdQuestion"]
