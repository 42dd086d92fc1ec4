"""Conditions as sentences that are true as written.

A rule file states every condition positively ("De aanvrager is jeugdige"); printed bare
next to a negative outcome it reads as the opposite of the facts. Every view therefore
prints a condition through ``condition_sentence``, which says first whether it holds, does
not hold or is unknown: "Niet voldaan: de aanvrager is jeugdige".
"""

from __future__ import annotations

from typing import Any, Sequence

from crosslaw.explanation.result import ConditionResult, Outcome

# (role, value) -> the words that say how the condition stands, read before its title
PREFIX: dict[tuple[str, Any], str] = {
    ("requirement", True): "Voldaan",
    ("requirement", False): "Niet voldaan",
    ("requirement", None): "Nog onbekend",
    ("exclusion", True): "Uitsluiting geldt",
    ("exclusion", False): "Uitsluiting geldt niet",
    ("exclusion", None): "Uitsluiting nog onbekend",
    ("exemption", True): "Ontheffing geldt",
    ("exemption", False): "Ontheffing geldt niet",
    ("exemption", None): "Ontheffing nog onbekend",
}
NEGATIONS = tuple(p for (_, v), p in PREFIX.items() if v is False)


def lower_first(title: str) -> str:
    """'De aanvrager ...' -> 'de aanvrager ...'; names and abbreviations ('UWV', 'Zvw-zorg', 'EU-burger') keep their capital."""
    first = title.split(" ", 1)[0].split("-", 1)[0].rstrip(",:;")
    if len(first) > 1 and first[0].isupper() and first[1:].islower() and first not in _NAMES:
        return title[0].lower() + title[1:]
    return title


# words that can start a condition title and are names, so keep their capital
_NAMES = {"Wlz", "Zvw", "Wmo", "Jeugdwet", "Participatiewet", "Nederland", "Nederlander", "Toeslagenwet", "Ziektewet", "Wajong"}


def condition_sentence(c: ConditionResult) -> str:
    """The condition with how it stands: 'Niet voldaan: de aanvrager is 18 jaar of ouder en jonger dan 27'."""
    return f"{PREFIX[(c.role, c.value)]}: {lower_first(c.title)}"


def reasons(o: Outcome) -> list[ConditionResult]:
    """Why an outcome is negative: failed requirements, exclusions and exemptions that hold.

    A step not yet taken (a Wmo melding) comes last: when there is also a reason of substance,
    that reason decides the outcome and is the one to say.
    """
    found = [c for c in o.requirements if c.value is False] + [c for c in o.exclusions if c.value is True] + [c for c in o.exemptions if c.value is True]
    return sorted(found, key=lambda c: (o.law, c.id) in PROCEDURAL_STEPS)


def deciding_reason(o: Outcome) -> ConditionResult | None:
    """The one reason shown for a negative outcome: the first that decides it."""
    found = reasons(o)
    return found[0] if found else None


# Requirements that are a step in the procedure, not a condition of the right: while only these fail, the
# outcome is "not yet" (the step comes first), never a refusal. Keyed by condition id, per law.
PROCEDURAL_STEPS = {
    ("wmo", "melding"): "eerst een melding bij de gemeente",
    ("wmo", "onderzoek"): "eerst het onderzoek na de melding (binnen zes weken)",
}


def pending_step(o: Outcome) -> str:
    """The procedural step an otherwise possible outcome waits for ('eerst een melding ...'), or ''."""
    found = reasons(o)
    if not found or o.applied_deviation is not None:
        return ""
    steps = [PROCEDURAL_STEPS.get((o.law, c.id)) for c in found]
    if all(steps) and all(c.role == "requirement" for c in found):
        return steps[0] or ""
    return ""


def status_words(o: Outcome, status_nl: dict[str, str]) -> str:
    """The status as said aloud: 'nog niet: eerst een melding bij de gemeente' instead of 'geen recht'."""
    step = pending_step(o)
    return f"nog niet: {step}" if step else status_nl[o.status]


def reason_line(found: Sequence[ConditionResult]) -> str:
    """The first reason as a sentence, with how many more there are."""
    if not found:
        return ""
    more = f" (en nog {len(found) - 1})" if len(found) > 1 else ""
    return condition_sentence(found[0]) + more
