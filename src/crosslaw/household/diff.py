"""What changes for each person of a household between two dates, and why.

Every difference is attributed: to a person's birthday between the two dates (found by
evaluating the second date again with that person's age held at the first date: if the
difference then disappears, the birthday caused it), to another version of a rule, to new
amounts or thresholds (parameters), or else to the passing of time.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Literal, Optional

from pydantic import BaseModel, ConfigDict

from crosslaw.explanation.diff import Change, compare
from crosslaw.household.model import HouseholdSituation
from crosslaw.household.result import HouseholdConflict, HouseholdEvaluation
from crosslaw.situation.facts import age_on

if TYPE_CHECKING:  # pragma: no cover
    from crosslaw.engine.engine import Engine


_MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december")


def dutch_date(d: date) -> str:
    """10 maart 2026 (the household diff sits below the presentation package, so it spells dates itself)."""
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


class Cause(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: Literal["verjaardag", "regelwijziging", "parameterwijziging", "tijd"]
    person: Optional[str] = None  # whose birthday
    text: str  # Dutch, e.g. "Jayden wordt 18 (10 maart 2026)"


class CausedChange(Change):
    causes: list[Cause]


class LawChange(BaseModel):
    """A law that starts or stops concerning the person (its outcomes appear or disappear)."""

    model_config = ConfigDict(frozen=True)

    law: str
    name: str
    concerns_after: bool
    causes: list[Cause]


class PersonDiff(BaseModel):
    model_config = ConfigDict(frozen=True)

    ref: str
    name: str
    age_before: Optional[int]
    age_after: Optional[int]
    laws: list[LawChange]  # laws that start or stop concerning this person
    changes: list[CausedChange]  # outcomes, conflicts, and computed values of laws that concern the person on both dates


class ConflictChange(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    persons: dict[str, str]
    before: str  # present | possible | absent
    after: str
    causes: list[Cause]


class HouseholdDiff(BaseModel):
    model_config = ConfigDict(frozen=True)

    date_from: date
    date_to: date
    ruleset_digest: str
    persons: list[PersonDiff]
    conflicts: list[ConflictChange]


def _birthdays(h: HouseholdSituation, a: date, b: date) -> list[tuple[str, int, int, date]]:
    """Persons whose age differs between the dates: (ref, age at a, age at b, the birthday)."""
    out = []
    for p in h.persons:
        birth = p.person.birth_date
        if birth is None:
            continue
        before, after = age_on(birth, a), age_on(birth, b)
        if before != after:
            try:
                day = birth.replace(year=birth.year + after)
            except ValueError:  # born on 29 February
                day = date(birth.year + after, 3, 1)
            out.append((p.ref, before, after, day))
    return out


def _hold_age(h: HouseholdSituation, ref: str, shift: timedelta) -> HouseholdSituation:
    persons = [
        p.model_copy(update={"person": p.person.model_copy(update={"birth_date": p.person.birth_date + shift})})  # type: ignore[operator]
        if p.ref == ref else p
        for p in h.persons
    ]
    return h.model_copy(update={"persons": persons})


def _value(kind: str, ev: HouseholdEvaluation, ref: str, ident: str) -> Optional[str]:
    """The value a change compares, in the counterfactual evaluation."""
    person = ev.person(ref)
    if kind == "outcome":
        for law in person.laws:
            for o in law.outcomes:
                if o.id == ident:
                    amount = f" {o.amount.cents}" if o.amount is not None and o.amount.cents is not None else ""
                    return f"{o.status}{amount}"
        return None
    if kind == "computed":
        for law in person.laws:
            for c in law.computed:
                if c.id == ident:
                    return str(c.value)
        return None
    for k in person.conflicts:
        if k.id == ident:
            return k.status
    return "absent"


def _conflict_key(c: HouseholdConflict) -> tuple[str, tuple[tuple[str, str], ...]]:
    return c.id, tuple(sorted(c.persons.items()))


def compare_household(engine: "Engine", h: HouseholdSituation, date_from: date, date_to: date) -> HouseholdDiff:
    """Per person: every outcome, computed value and conflict that differs, with its causes."""
    before = engine.evaluate(h, on=date_from, detail="full")
    after = engine.evaluate(h, on=date_to, detail="full")
    birthdays = _birthdays(h, date_from, date_to)
    names = {p.ref: p.display_name() for p in h.persons}
    shift = date_to - date_from
    held = {ref: engine.evaluate(_hold_age(h, ref, shift), on=date_to, detail="full") for ref, *_ in birthdays}
    params_changed = engine.rules.parameters_on(date_from) != engine.rules.parameters_on(date_to)

    def birthday_cause(ref: str, age: int, day: date) -> Cause:
        return Cause(kind="verjaardag", person=ref, text=f"{names[ref]} wordt {age} ({dutch_date(day)})")

    def causes_for(check) -> list[Cause]:  # check(held_evaluation) -> True when the change disappears
        return [birthday_cause(ref, new, day) for ref, _, new, day in birthdays if check(held[ref])]

    def fallback(rule_changed: bool) -> list[Cause]:
        if rule_changed:
            return [Cause(kind="regelwijziging", text="een andere versie van de regel geldt")]
        if params_changed:
            return [Cause(kind="parameterwijziging", text="nieuwe bedragen of grenzen gelden")]
        return [Cause(kind="tijd", text="de tijd verstrijkt (termijnen en perioden)")]

    persons = []
    for pb, pa in zip(before.persons, after.persons):
        d = compare(pb.evaluation, pa.evaluation)
        was = {law.law for law in pb.evaluation.laws}
        now = {law.law for law in pa.evaluation.laws}
        laws = []
        for law in sorted(was ^ now):
            def concerns(ev: HouseholdEvaluation, law=law, ref=pb.ref) -> bool:
                return any(x.law == law for x in ev.person(ref).laws)
            causes = causes_for(lambda ev, law=law: concerns(ev) == (law in was)) or fallback(False)
            laws.append(LawChange(law=law, name=engine.rules.laws[law].name, concerns_after=law in now, causes=causes))
        moved = was ^ now
        changes = []
        for c in d.changes:
            if c.kind == "computed" and c.law in moved:
                continue  # the law as a whole starts or stops concerning the person (see laws)
            causes = causes_for(lambda ev, c=c, ref=pb.ref: _value(c.kind, ev, ref, c.id) == c.before)
            if not causes or (c.rule_changed and c.article_before != c.article_after and c.before is not None and c.after is not None):
                causes += fallback(c.rule_changed and c.before is not None and c.after is not None)
            changes.append(CausedChange(**c.model_dump(), causes=causes))
        persons.append(PersonDiff(ref=pb.ref, name=pb.name, age_before=pb.age, age_after=pa.age, laws=laws, changes=changes))
    a_k = {_conflict_key(c): c for c in before.conflicts}
    b_k = {_conflict_key(c): c for c in after.conflicts}
    conflicts = []
    for key in list(a_k) + [k for k in b_k if k not in a_k]:
        ka, kb = a_k.get(key), b_k.get(key)
        sa, sb = (ka.status if ka else "absent"), (kb.status if kb else "absent")
        if sa == sb:
            continue
        ref = kb or ka

        def gone(ev: HouseholdEvaluation, key=key, sa=sa) -> bool:
            hit = {_conflict_key(c): c.status for c in ev.conflicts}.get(key, "absent")
            return hit == sa

        causes = causes_for(gone) or fallback(False)
        conflicts.append(ConflictChange(id=ref.id, title=ref.title, persons=ref.persons, before=sa, after=sb, causes=causes))  # type: ignore[union-attr]
    return HouseholdDiff(date_from=date_from, date_to=date_to, ruleset_digest=after.ruleset_digest, persons=persons, conflicts=conflicts)
