"""The intake report: Markdown and one printable HTML page, checked as text and in a real headless browser."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from crosslaw.audit.open import open_log
from crosslaw.deviation.mandates import load_mandates
from crosslaw.deviation.model import Actor, Deviation, DeviationRequest
from crosslaw.deviation.service import DeviationService
from actors_fixture import register_all
from crosslaw.presentation.report import render_report
from crosslaw.presentation.steps import PHASES, next_steps
from crosslaw.presentation.words import dutch_date
from crosslaw.situation.files import load_situation
from test_deviation import GOOD

ROOT = Path(__file__).resolve().parents[1]
# single-person examples (a household file has persons; its report is tested in test_household_report.py)
EXAMPLES = sorted(p for p in (ROOT / "examples").glob("*.yaml") if "persons" not in yaml.safe_load(p.read_text()))
INTAKES = sorted((ROOT / "examples").glob("intake_*.yaml"))
SANDRA = ROOT / "examples" / "intake_alleenstaande_moeder_schulden.yaml"
SCREENSHOTS = ROOT / "build" / "screenshots"
WETTEN = "https://wetten.overheid.nl/"
KEY = "een-geheim-voor-de-test-0123456789"
PHASE_ORDER = [p for p, _ in PHASES]


@pytest.fixture(scope="module")
def evaluations(engine):
    return {p.stem: engine.evaluate(load_situation(p)) for p in EXAMPLES}


def _unmd(text: str) -> str:
    """Markdown without its escapes, to compare with plain text."""
    return text.replace("\\", "")


def _links(ev) -> set[str]:
    """The article links a report must carry: the deciding conditions, conflict sides and levers."""
    links = set()
    for law in ev.laws:
        for o in law.outcomes:
            links.add(o.article.link)
            if o.status in ("eligible", "applies"):
                links.update(c.article.link for c in o.requirements)
    for c in ev.conflicts:
        links.add(c.article.link)
        links.update(s.article.link for s in c.sides)
        links.update(lv.article.link for lv in c.levers)
    return links


# -- Markdown ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("example", [p.stem for p in EXAMPLES])
def test_markdown_has_header_laws_conflicts_links_and_steps(evaluations, example):
    ev = evaluations[example]
    md = render_report(ev, fmt="md")
    plain = _unmd(md)
    assert plain.startswith(f"# Intakeverslag dossier {ev.case_ref}")
    assert f"**Peildatum:** {dutch_date(ev.evaluation_date)}" in plain
    assert ev.ruleset_digest[:12] in md
    for law in ev.laws:
        assert f"### {law.name}" in plain
    for c in ev.conflicts:
        assert f"### {c.title}" in plain
        for lv in c.levers:
            assert lv.title in plain
    for link in _links(ev):
        assert f"]({link})" in md, link
    for m in ev.missing:
        assert m.question in plain
    assert "## Volgende stappen" in md and "## Wat nog ontbreekt" in md and "## Spanningen tussen de wetten" in md
    assert "AVG art. 22" in md


def test_sandra_report_shows_both_conflicts_levers_and_mandates(evaluations):
    md = _unmd(render_report(evaluations[SANDRA.stem], fmt="md"))
    assert "### Verlaging van de bijstand terwijl de schuldhulpverlening loopt" in md
    assert "### Arbeidsplicht van een alleenstaande ouder botst met de zorg voor een kind in intensieve jeugdhulp" in md
    assert "Wet gemeentelijke schuldhulpverlening" in md  # the other side of the debt conflict
    assert "(mandaat: klantmanager)" in md
    assert "Algemene bijstand — recht" in md and "€ 1.401,50" in md
    assert "[art. 18 lid 10 Participatiewet](https://wetten.overheid.nl/jci1.3:c:BWBR0015703&artikel=18&lid=10&" in md


def test_lever_that_needs_a_deviation_is_marked_with_its_mandate(evaluations):
    ev = evaluations["intake_zorg_samenwonen_2026"]
    lever = next(lv for c in ev.conflicts for lv in c.levers if lv.needs_deviation)
    md = _unmd(render_report(ev, fmt="md"))
    assert f"{lever.title} — [{lever.article.text}]({lever.article.link}) (**vraagt gemotiveerd afwijken**; mandaat: {lever.mandate})" in md
    page = render_report(ev, fmt="html")
    assert '<span class="tag deviation">vraagt gemotiveerd afwijken</span>' in page


def test_next_steps_put_debts_first_then_income_then_care_then_participation(evaluations):
    steps = next_steps(evaluations[SANDRA.stem])
    topics = [s.topic for s in steps]
    assert topics[0] == "Schulden"
    first = {t: topics.index(t) for t in ("Schulden", "Inkomen", "Jeugdhulp", "Werk en re-integratie", "Dossier")}
    assert first["Schulden"] < first["Inkomen"] < first["Jeugdhulp"] < first["Werk en re-integratie"] < first["Dossier"]
    texts = " ".join(s.text for s in steps)
    assert "Los de spanning op: Verlaging van de bijstand terwijl de schuldhulpverlening loopt" in texts
    md = _unmd(render_report(evaluations[SANDRA.stem], fmt="md"))
    tail = md.split("## Volgende stappen", 1)[1]
    positions = [tail.index(title) for _, title in PHASES]
    assert positions == sorted(positions)
    assert "1. **Schulden:**" in tail


@pytest.mark.parametrize("example", [p.stem for p in EXAMPLES])
def test_next_steps_are_ordered_by_phase_and_cite_wetten_overheid(evaluations, example):
    steps = next_steps(evaluations[example])
    assert [PHASE_ORDER.index(s.phase) for s in steps] == sorted(PHASE_ORDER.index(s.phase) for s in steps)
    assert all(cit.link.startswith(WETTEN) for s in steps for _, cit in s.refs)
    assert steps[-1].topic == "Dossier" and "AVG art. 22" in steps[-1].text
    present = [c for c in evaluations[example].conflicts if c.status == "present"]
    for c in present:  # every conflict that plays becomes a step with its levers
        assert any(c.title in s.text for s in steps)


def test_undetermined_bijstand_suggests_the_advance(engine):
    ev = engine.evaluate(load_situation(ROOT / "examples" / "onvolledig.yaml"))
    assert ev.outcome("pw.algemene_bijstand").status == "undetermined"
    steps = next_steps(ev)
    income = [s for s in steps if s.topic == "Inkomen" and s.text.startswith("Stel het recht op inkomen vast")]
    assert income and any("artikel=52" in cit.link for _, cit in income[0].refs)
    assert [s.phase for s in steps].index("zorg") > max(i for i, s in enumerate(steps) if s.phase == "stress")


def test_report_is_deterministic_and_dated_by_the_peildatum_only(evaluations):
    ev = evaluations[SANDRA.stem]
    for fmt in ("md", "html"):
        a, b = render_report(ev, fmt=fmt), render_report(ev, fmt=fmt)
        assert a == b
        today = date.today()
        if today != ev.evaluation_date:
            assert dutch_date(today) not in a and today.isoformat() not in a
        assert dutch_date(ev.evaluation_date) in a


def test_unknown_format_is_refused(evaluations):
    with pytest.raises(ValueError):
        render_report(evaluations[SANDRA.stem], fmt="pdf")


# -- deviations ----------------------------------------------------------------------------------------
def _deviation(**changes) -> dict:
    record = {
        "id": "d" * 8 + "0123456789abcdef0123456789ab", "case": "pseudo", "rule_id": "pw.verlaging_arbeidsverplichting",
        "rule_version": "1", "law": "participatiewet", "ground": "hardheidsclausule", "status": "approved",
        "status_without": "applies", "status_with": "does_not_apply", "amount_without_cents": 140150, "amount_with_cents": None,
        "monthly_effect_cents": 140150, "justification": GOOD.model_dump(), "proposer": {"id": "tl-001", "role": "teamleider"},
        "approver": {"id": "tl-002", "role": "teamleider"}, "four_eyes": True,
        "mandate": {"register": "Voorbeeldgemeente", "role": "teamleider"}, "on": "2026-02-02",
        "review_on": "2026-05-01", "ends_on": "2026-08-01", "situation_digest": "x", "ruleset_digest": "y",
    }
    record.update(changes)
    return record


def test_deviations_are_listed_with_rule_both_ways_ground_and_status(evaluations):
    ev = evaluations[SANDRA.stem]
    devs = [Deviation.model_validate(_deviation()), _deviation(id="e" * 32, status="proposed", rule_id="pw.verlaging_verordening")]
    md = _unmd(render_report(ev, devs, fmt="md"))
    section = md.split("## Gemotiveerde afwijkingen", 1)[1].split("## Volgende stappen", 1)[0]
    assert "dddddddd0123456789abcdef0123456789ab" in section and "pw.verlaging_arbeidsverplichting" in section
    assert "geldt, € 1.401,50" in section and "geldt niet" in section
    assert "hardheidsclausule" in section and "goedgekeurd, van kracht" in section
    assert "voorgesteld, wacht op goedkeuring" in section and "pw.verlaging_verordening" in section
    assert "heroverweging 1 mei 2026" in section and "tot en met 1 augustus 2026" in section
    steps = md.split("## Volgende stappen", 1)[1]
    assert "heroverwegen uiterlijk 1 mei 2026" in steps
    page = render_report(ev, devs, fmt="html")
    assert 'title="dddddddd0123456789abcdef0123456789ab"' in page and "goedgekeurd, van kracht" in page


# -- HTML, statically -----------------------------------------------------------------------------------
VOID = {"meta", "br", "hr", "img", "input", "link", "col", "wbr", "area", "base", "source"}


class _Checker(HTMLParser):
    """Balanced tags, the hrefs, and any trace of an external resource or a script."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.hrefs: list[str] = []
        self.tags: set[str] = set()
        self.text: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        a = dict(attrs)
        if "href" in a:
            self.hrefs.append(a["href"])
        if "src" in a or tag in ("script", "link", "img", "iframe", "object", "embed"):
            self.errors.append(f"external or active content: <{tag} {attrs}>")
        if any(k.startswith("on") for k in a):
            self.errors.append(f"event handler on <{tag}>")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unbalanced </{tag}>, open: {self.stack[-3:]}")
            return
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def _check(page: str) -> _Checker:
    c = _Checker()
    c.feed(page)
    c.close()
    assert not c.errors, c.errors[:5]
    assert not c.stack, c.stack
    return c


@pytest.mark.parametrize("example", [p.stem for p in EXAMPLES])
def test_html_is_one_self_contained_printable_page(evaluations, example):
    ev = evaluations[example]
    page = render_report(ev, fmt="html")
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"nl\">")
    lowered = page.lower()
    for banned in ("<script", "javascript:", "@import", "url(", "@font-face", "<link", "<img", " src="):
        assert banned not in lowered, banned
    assert "<style>" in page and "@media print" in page and "break-before: page" in page and "@page" in page
    c = _check(page)
    assert {"h1", "h2", "h3", "table", "thead", "th", "main", "section", "footer"} <= c.tags
    text = " ".join(c.text)
    for title in [cf.title for cf in ev.conflicts]:
        assert title in text
    assert "Volgende stappen" in text and "AVG art. 22" in text
    assert all(h.startswith(WETTEN) or h.startswith("#") for h in c.hrefs)
    assert _links(ev) <= set(c.hrefs)


def test_html_escapes_every_text(evaluations):
    ev = evaluations[SANDRA.stem]
    evil = '<script>alert("x")</script> & <b>vet</b>'
    conflict = ev.conflicts[0].model_copy(update={"title": evil, "explanation": evil})
    ev = ev.model_copy(update={"case_ref": evil, "conflicts": [conflict] + ev.conflicts[1:]})
    page = render_report(ev, fmt="html")
    assert "<script>" not in page and "<b>vet</b>" not in page
    # Jinja2 escapes a double quote as &#34; (the same character as &quot;)
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;vet&lt;/b&gt;" in page
    c = _check(page)
    assert evil in " ".join(c.text)  # the resident sees the text as written
    md = render_report(ev, fmt="md")
    assert "<script>" not in md and "\\<script\\>" in md


# -- CLI ----------------------------------------------------------------------------------------------------
def run(*args: str, env_extra: dict | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, CROSSLAW_PSEUDONYM_KEY=KEY, **(env_extra or {}))
    return subprocess.run([sys.executable, "-m", "crosslaw", *args], capture_output=True, text=True, timeout=120, env=env)


def test_cli_report_markdown_and_html_file(tmp_path):
    r = run("report", str(SANDRA))
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("# Intakeverslag dossier voorbeeld-101") and "## Volgende stappen" in r.stdout
    out = tmp_path / "verslag.html"
    r = run("report", str(SANDRA), "--format", "html", "--output", str(out), "--date", "2026-02-02")
    assert r.returncode == 0, r.stderr
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>") and r.stdout == ""
    # another peildatum gives another report
    r = run("report", str(SANDRA), "--date", "2025-12-31")
    assert r.returncode == 0 and "31 december 2025" in r.stdout


def test_cli_report_help_and_bad_input(tmp_path):
    r = run("report", "--help")
    assert r.returncode == 0 and "Voorbeeld:" in r.stdout and "crosslaw report examples/" in r.stdout and "--log" in r.stdout
    assert run("report", str(tmp_path / "bestaat-niet.yaml")).returncode == 2
    assert run("report", str(SANDRA), "--date", "2026-13-01").returncode == 2
    assert run("report", str(SANDRA), "--format", "pdf").returncode == 2
    assert run("report", str(SANDRA), "--output", str(tmp_path / "geen-map" / "x.md")).returncode == 2


def test_cli_report_with_log_includes_the_deviation_in_force(engine, tmp_path, monkeypatch):
    monkeypatch.setenv("CROSSLAW_PSEUDONYM_KEY", KEY)
    log_path = tmp_path / "afwijkingen.sqlite"
    svc = DeviationService(engine, open_log(log_path), load_mandates())
    signers = register_all(svc.log)
    situation = load_situation(SANDRA)
    req = DeviationRequest(
        rule_id="pw.verlaging_arbeidsverplichting", on=situation.peildatum, status_with="does_not_apply",
        ground="hardheidsclausule", justification=GOOD, actor=Actor(id="tl-001", role="teamleider"), review_on=date(2026, 5, 1),
    )
    d = svc.propose(situation, req, signer=signers["tl-001"])
    d = svc.approve(d.id, Actor(id="tl-002", role="teamleider"), signer=signers["tl-002"])
    svc.log.close()
    r = run("report", str(SANDRA), "--log", str(log_path))
    assert r.returncode == 0, r.stderr
    section = r.stdout.split("## Gemotiveerde afwijkingen", 1)[1].split("## Volgende stappen", 1)[0]
    assert d.id in section and "pw.verlaging\\_arbeidsverplichting" not in section  # ids are code, not escaped
    assert "`pw.verlaging_arbeidsverplichting`" in section and "hardheidsclausule" in section
    assert "goedgekeurd, van kracht" in section
    # the evaluation shows the outcome both ways
    assert f"Gemotiveerde afwijking `{d.id[:12]}`" in r.stdout
    r = run("report", str(SANDRA), "--log", str(log_path), "--format", "html")
    assert r.returncode == 0 and d.id[:12] in r.stdout


# -- in a real headless browser ---------------------------------------------------------------------------------
def _chromium() -> str:
    path = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed (apt-get install -y chromium); it is required in CI")
        pytest.skip("chromium is not installed (apt-get install -y chromium)")
    return path


def _browser(chromium: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    cmd = [
        chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}", *args,
    ]
    # Output goes to files, not pipes, and the browser gets its own process group that is always killed:
    # chromium's helper processes may outlive it and would keep a pipe (and so the test) open forever.
    out, err = profile.parent / f"{profile.name}.out", profile.parent / f"{profile.name}.err"
    with out.open("w") as stdout, err.open("w") as stderr:
        proc = subprocess.Popen(cmd, stdout=stdout, stderr=stderr, stdin=subprocess.DEVNULL, start_new_session=True)
        try:
            returncode = proc.wait(timeout=120)
        except subprocess.TimeoutExpired:
            returncode = None
        finally:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait()
    if returncode is None:
        pytest.fail(f"chromium did not finish within 120 s: {' '.join(args)}")
    return subprocess.CompletedProcess(cmd, returncode, out.read_text(errors="replace"), err.read_text(errors="replace"))


@pytest.mark.parametrize("example", [p.stem for p in INTAKES])
def test_html_renders_in_headless_chromium(evaluations, example, tmp_path):
    chromium = _chromium()
    ev = evaluations[example]
    page = tmp_path / f"report_{example}.html"
    page.write_text(render_report(ev, fmt="html"), encoding="utf-8")

    dom = _browser(chromium, tmp_path / "profile", "--dump-dom", page.as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    c = _Checker()
    c.feed(dom.stdout)
    text = " ".join(" ".join(c.text).split())
    assert ev.conflicts, "every intake example has at least one conflict"
    for conflict in ev.conflicts:
        assert " ".join(conflict.title.split()) in text
    wetten = [h for h in c.hrefs if h.startswith(WETTEN)]
    assert len(wetten) >= 10 and _links(ev) <= set(wetten)
    assert "Volgende stappen" in text and "script" not in c.tags

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOTS / f"report_{example}.png"
    shot.unlink(missing_ok=True)
    r = _browser(chromium, tmp_path / "profile", f"--screenshot={shot}", "--window-size=1280,2400", page.as_uri())
    assert r.returncode == 0, r.stderr[-2000:]
    assert shot.exists() and shot.stat().st_size > 10_000
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
