"""The household report (issue 11): a section per person and one for the tensions between persons."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from crosslaw.presentation.household_report import render_household_report
from crosslaw.situation.files import load_any

EXAMPLE = Path(__file__).parents[1] / "examples" / "gezin_samira_jayden.yaml"


@pytest.fixture(scope="module")
def household_ev(engine):
    return engine.evaluate(load_any(EXAMPLE), on=date(2026, 3, 9))


def test_markdown_has_a_section_per_person_and_the_tensions_between_them(household_ev):
    md = render_household_report(household_ev, fmt="md").replace("\\", "")
    assert md.startswith("# Intakeverslag huishouden gezin-samira-jayden")
    assert "**Peildatum:** 9 maart 2026" in md
    assert md.index("## Samira, 43 jaar") < md.index("## Jayden, 17 jaar") < md.index("## Spanningen tussen personen")
    samira = md.split("## Samira, 43 jaar", 1)[1].split("## Jayden, 17 jaar", 1)[0]
    assert "### Samira: Jeugdwet" not in samira and "Jeugdwet: niet van toepassing op Samira" in samira
    assert "### Jayden: Jeugdwet" in md and "### Jayden: Participatiewet" not in md
    between = md.split("## Spanningen tussen personen", 1)[1]
    for c in household_ev.conflicts:
        assert f"### {c.title}" in between
        for lv in c.levers:
            assert lv.title in between and lv.article.link in between
        for s in c.sides:
            assert s.article.link in between
    assert "Samira (ouder) en Jayden (kind)" in between
    assert "| Samira: Participatiewet |" in between and "| Jayden: Jeugdwet |" in between
    assert "AVG art. 22" in md
    assert render_household_report(household_ev, fmt="md") == render_household_report(household_ev, fmt="md")


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.hrefs += [v for k, v in attrs if k == "href" and v]


def test_html_is_one_self_contained_page_per_household(household_ev):
    page = render_household_report(household_ev, fmt="html")
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"nl\">")
    lowered = page.lower()
    for banned in ("<script", "javascript:", "@import", "url(", "<link", "<img", " src="):
        assert banned not in lowered, banned
    t = _Tags()
    t.feed(page)
    assert {"h1", "h2", "h3", "table", "main", "section", "footer", "nav"} <= t.tags
    assert all(h.startswith("https://wetten.overheid.nl/") or h.startswith("#") for h in t.hrefs)
    assert "#persoon-samira" in t.hrefs and "#persoon-jayden" in t.hrefs and "#tussen-personen" in t.hrefs
    for c in household_ev.conflicts:
        assert c.title in page


def test_cli_report_for_a_household(tmp_path):
    out = tmp_path / "gezin.html"
    r = subprocess.run([sys.executable, "-m", "crosslaw", "report", str(EXAMPLE), "--format", "html", "-o", str(out)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "Spanningen tussen personen" in out.read_text()
    r = subprocess.run([sys.executable, "-m", "crosslaw", "report", str(EXAMPLE)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and "## Jayden, 17 jaar" in r.stdout


def test_every_condition_in_the_household_report_says_how_it_stands(household_ev):
    """The same check as for the single-person reports (tests/test_reasons_read_true.py), per person."""
    from test_reasons_read_true import _html_text, check_reads_true

    md = render_household_report(household_ev, fmt="md")
    page = _html_text(render_household_report(household_ev, fmt="html"))
    for p in household_ev.persons:
        section_md = md.split(f"## {p.name}", 1)[1].split("\n## ", 1)[0]
        assert not check_reads_true(p.evaluation, section_md), p.ref
    assert page
