"""Every condition is printed with how it stands: no unmet condition reads as a statement of fact.

A rule file states conditions positively ("De aanvrager is jeugdige"). This renders every outcome
of every scenario file in text (short and -v), Markdown and HTML and checks each place a condition
title appears: it must follow the words that say whether it holds, and for a condition that does
not hold (a failed requirement, an exclusion or exemption that does not apply) those words are a
negation ("Niet voldaan:", "Uitsluiting geldt niet:").
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from crosslaw.presentation.reasons import NEGATIONS, PREFIX, lower_first
from crosslaw.presentation.report import render_report
from crosslaw.presentation.text import render_text
from crosslaw.scenarios import load_scenarios

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted((ROOT / "tests" / "scenarios").rglob("*.yaml"))


def _html_text(page: str) -> str:
    """The text of the page; tag boundaries become ' | ' so two cells never read as one sentence."""
    body = page.split("</style>", 1)[-1]
    return html.unescape(re.sub(r"<[^>]*>", " | ", body))


def _conditions(ev):
    for law in ev.laws:
        for o in law.outcomes:
            yield from o.requirements + o.exclusions + o.exemptions
    for c in ev.conflicts:
        yield from c.triggers + c.unless


def _other_texts(ev):
    for law in ev.laws:
        yield from (c.title for c in law.computed)
        for o in law.outcomes:
            yield o.title
            yield o.explanation
            yield from (m.question for m in o.missing)
            if o.amount is not None:
                yield o.amount.title
    for c in ev.conflicts:
        yield from (c.title, c.explanation, c.category_title)
        yield from (s.role for s in c.sides)
        for lv in c.levers:
            yield from (lv.title, lv.explanation)
        yield from (m.question for m in c.missing)
    yield from (m.question for m in ev.missing)


_VALUE_AFTER = re.compile(r"\s*[:|]\s*(ja|nee|onbekend)\b")


def _occurrences(text: str, needle: str):
    i = text.find(needle)
    while i >= 0:
        yield i, i + len(needle)
        i = text.find(needle, i + 1)


def check_reads_true(ev, output: str) -> list[str]:
    """Each occurrence of a condition title, with the words before it; the ones that do not say how it stands."""
    allowed: dict[str, set[str]] = {}
    unmet_only: dict[str, bool] = {}
    for c in _conditions(ev):
        prefix = PREFIX[(c.role, c.value)]
        allowed.setdefault(c.title, set()).add(prefix)
        unmet = prefix in NEGATIONS
        unmet_only[c.title] = unmet_only.get(c.title, True) and unmet
    text = output.replace("\\", "")  # Markdown escapes
    masked = bytearray(len(text))
    # other texts that may contain a condition title (a conflict title, a question, a computed value
    # printed with its value) are not conditions: take them out first
    for other in sorted(set(_other_texts(ev)), key=len, reverse=True):
        for a, b in _occurrences(text, other) if other else ():
            masked[a:b] = b"\x01" * (b - a)
    problems = []
    for title in sorted(allowed, key=len, reverse=True):
        for variant in {title, lower_first(title)}:
            for a, b in _occurrences(text, variant):
                if masked.find(1, a, b) >= 0:
                    continue
                masked[a:b] = b"\x01" * (b - a)
                if _VALUE_AFTER.match(text, b):
                    continue  # a computed value with the same title, followed by its value: "...: nee"
                before = text[max(0, a - 40):a]
                said = [p for p in allowed[title] if before.endswith(f"{p}: ")]
                if not said:
                    problems.append(f"zonder hoe het staat: …{before!r}{variant!r}")
                elif unmet_only[title] and not any(p in NEGATIONS for p in said):
                    problems.append(f"niet voldaan maar zonder ontkenning: …{before!r}{variant!r}")
    return problems


@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.name}/{p.stem}" for p in FILES])
def test_every_scenario_outcome_reads_true_in_every_format(engine, path):
    checked = 0
    for ls in load_scenarios(path):
        full = engine.evaluate(ls.situation, on=ls.scenario.date, detail="full")
        ev = engine.evaluate(ls.situation, on=ls.scenario.date)  # what `evaluate` and `report` show by default
        if hasattr(ev, "persons"):  # a household: every person's evaluation, in the same views
            pairs = [(p.evaluation, f.evaluation) for p, f in zip(ev.persons, full.persons)]
        else:
            pairs = [(ev, full)]
        for ev, full in pairs:
            outputs = {
                "text": (ev, render_text(ev)),
                "text -v": (full, render_text(full, verbose=True)),
                "md": (ev, render_report(ev, fmt="md")),
                "html": (ev, _html_text(render_report(ev, fmt="html"))),
            }
            for fmt, (shown, out) in outputs.items():
                problems = check_reads_true(shown, out)
                assert not problems, f"{ls.id} ({fmt}): {problems[:3]}"
            checked += sum(1 for c in _conditions(ev) if c.value is False)
    assert checked > 0  # the file has unmet conditions to check


def test_the_check_catches_a_bare_unmet_condition(engine):
    """The old text view printed 'Reden: De aanvrager is 18 jaar of ouder en jonger dan 27' for a 34-year-old."""
    ev = engine.evaluate({"person": {"birth_date": "1991-09-14"}}, on=__import__("datetime").date(2026, 1, 1))
    o = ev.outcome("pw.zoektermijn_jongeren")
    unmet = next(c for c in o.requirements if c.value is False)
    assert check_reads_true(ev, f"Reden: {unmet.title}  [{unmet.article.text}]")
    assert not check_reads_true(ev, f"Reden: Niet voldaan: {lower_first(unmet.title)}")
    assert "Niet voldaan: de aanvrager is 18 jaar of ouder en jonger dan 27" in render_text(ev)
