"""The page for the resident: one A4 page in headless Chromium, in plain Dutch (B1) by a measure.

The measure: Flesch-Douma (the Dutch Flesch formula, textstat with pyphen's Dutch hyphenation)
of at least 60, and the B1 writing guidance the municipalities use: about ten words a sentence on
average, none much longer, few long words, "u", and no article numbers.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import textstat

from crosslaw.presentation.report import render_resident_page
from crosslaw.situation.files import load_situation
from test_report import _browser, _chromium

ROOT = Path(__file__).resolve().parents[1]
INTAKES = sorted((ROOT / "examples").glob("intake_*.yaml"))

FLESCH_DOUMA_MIN = 60  # "vrij makkelijk" and easier
MEAN_WORDS_MAX = 12  # B1 guidance: about ten words a sentence
SENTENCE_WORDS_MAX = 20
LONG_WORD_LETTERS = 13
LONG_WORD_SHARE_MAX = 0.08


@pytest.fixture(scope="module")
def pages(engine):
    out = {}
    for p in INTAKES:
        situation = load_situation(p)
        ev = engine.evaluate(situation)
        terms = engine.rules.parameters_on(ev.evaluation_date)
        out[p.stem] = (ev, render_resident_page(ev, fmt="html", terms=terms, situation=situation))
    return out


def visible_text(page: str) -> str:
    body = page.split("<body>", 1)[1]
    return html.unescape(re.sub(r"<[^>]+>", "\n", body))


def sentences(text: str) -> list[str]:
    out = []
    for block in text.split("\n"):
        block = block.strip()
        if not block or set(block) <= set(". "):
            continue
        out.extend(s.strip() for s in re.split(r"(?<=[.?!:])\s+", block) if len(s.split()) > 1)
    return out


def words(text: str) -> list[str]:
    return re.findall(r"[A-Za-zÀ-ÿ]+", text)


@pytest.mark.parametrize("example", [p.stem for p in INTAKES])
def test_resident_page_is_b1_dutch_by_the_measure(pages, example):
    ev, page = pages[example]
    text = visible_text(page)
    said = sentences(text)
    lengths = [len(words(s)) for s in said]
    long_share = sum(1 for w in words(text) if len(w) >= LONG_WORD_LETTERS) / len(words(text))
    textstat.set_lang("nl")
    douma = textstat.flesch_reading_ease(" ".join(said))
    print(f"{example}: Flesch-Douma {douma:.0f}, {len(said)} sentences, mean {sum(lengths) / len(lengths):.1f} words, "
          f"longest {max(lengths)}, long words {long_share:.1%}")
    assert douma >= FLESCH_DOUMA_MIN
    assert sum(lengths) / len(lengths) <= MEAN_WORDS_MAX
    assert max(lengths) <= SENTENCE_WORDS_MAX, max(said, key=lambda s: len(words(s)))
    assert long_share <= LONG_WORD_SHARE_MAX
    assert not re.search(r"\bart(ikel)?\.? ?\d", text), "no article numbers for the resident"
    assert re.search(r"\bu\b", text) and re.search(r"\buw\b", text, re.I)
    for heading in ("Wat u krijgt", "Wat u moet doen", "Waar u terecht kunt", "Uw contactpersoon"):
        assert heading in text


@pytest.mark.parametrize("example", [p.stem for p in INTAKES])
def test_resident_page_is_one_a4_page_in_headless_chromium(pages, example, tmp_path):
    chromium = _chromium()
    _, page = pages[example]
    source = tmp_path / f"inwoner_{example}.html"
    source.write_text(page, encoding="utf-8")
    pdf = tmp_path / f"inwoner_{example}.pdf"
    r = _browser(chromium, tmp_path / "profile", f"--print-to-pdf={pdf}", "--no-pdf-header-footer", source.as_uri())
    assert r.returncode == 0 and pdf.exists(), r.stderr[-2000:]
    count = len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))
    print(f"{example}: {count} page(s)")
    assert count == 1


def test_bijstand_shows_the_monthly_payment_and_the_holiday_money_apart(pages):
    _, page = pages["intake_alleenstaande_moeder_schulden"]
    text = visible_text(page)
    assert "€ 1.331,42 netto per maand" in text and "vakantiegeld" in text and "€ 840,96" in text


def test_cli_report_for_the_resident(tmp_path):
    import subprocess
    import sys

    out = tmp_path / "inwoner.html"
    r = subprocess.run([sys.executable, "-m", "crosslaw", "report", str(INTAKES[0]), "--voor", "inwoner", "--format", "html",
                        "-o", str(out), "--contact", "Mevrouw De Vries, 030 123 45 67"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "Mevrouw De Vries, 030 123 45 67" in out.read_text(encoding="utf-8")
