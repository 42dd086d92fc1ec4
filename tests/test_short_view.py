"""The default view is the short one: each intake example fits one screen; -v still shows everything."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from crosslaw.presentation.relevance import settled_by_age
from crosslaw.presentation.text import render_text
from crosslaw.situation.files import load_situation

ROOT = Path(__file__).resolve().parents[1]
INTAKES = sorted((ROOT / "examples").glob("intake_*.yaml"))
SCREEN = 60


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "crosslaw", *args], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("path", INTAKES, ids=[p.stem for p in INTAKES])
def test_default_evaluate_of_each_intake_example_fits_one_screen(path):
    r = run("evaluate", str(path))
    assert r.returncode == 0, r.stderr
    lines = r.stdout.rstrip("\n").splitlines()
    print(f"{path.name}: {len(lines)} lines by default")
    assert len(lines) <= SCREEN, "\n".join(lines)


@pytest.mark.parametrize("path", INTAKES, ids=[p.stem for p in INTAKES])
def test_short_view_names_every_outcome_and_every_conflict_that_plays(engine, path):
    situation = load_situation(path)
    ev = engine.evaluate(situation)
    text = render_text(ev, settled=settled_by_age(engine, situation, ev.evaluation_date))
    for law in ev.laws:
        assert law.name.upper() in text
        for o in law.outcomes:
            short = re.sub(r" \([^()]*\)$", "", o.title)
            assert short in text, o.id
    for c in ev.conflicts:
        if c.status == "present":
            assert c.title in text
            for lv in c.levers:
                assert lv.title in text and lv.article.text in text


@pytest.mark.parametrize("path", INTAKES, ids=[p.stem for p in INTAKES])
def test_verbose_shows_every_condition_and_computed_value(engine, path):
    r = run("evaluate", str(path), "-v")
    assert r.returncode == 0, r.stderr
    ev = engine.evaluate(load_situation(path), detail="full")
    for law in ev.laws:
        for c in law.computed:
            assert f"{c.title}: " in r.stdout, c.id
        for o in law.outcomes:
            assert o.title in r.stdout
            for cond in o.requirements + o.exclusions + o.exemptions:
                assert cond.article.text in r.stdout
    for m in ev.missing:
        assert m.question in r.stdout


def test_youth_care_at_34_is_folded_into_one_line_wajong_is_not(engine):
    situation = load_situation(ROOT / "examples" / "intake_ggz_maatregel.yaml")  # born 1991: 34 on the peildatum
    ev = engine.evaluate(situation)
    settled = settled_by_age(engine, situation, ev.evaluation_date)
    jeugd = {o.id for law in ev.laws if law.law == "jeugdwet" for o in law.outcomes}
    assert jeugd <= settled and "pw.zoektermijn_jongeren" in settled
    assert "uwv.wajong" not in settled  # Wajong can still be claimed at 34 when the incapacity arose in youth
    text = render_text(ev, settled=settled)
    folded = [line for line in text.splitlines() if line.startswith("  ○ Kan door de leeftijd niet gelden:")]
    assert len(folded) == 2 and "Jeugdhulp" in folded[1] and "Zoektermijn" in folded[0]
    assert "Niet voldaan: de aanvrager is jeugdige" not in text  # folded, not listed one by one


def test_wmo_before_the_melding_reads_not_yet_instead_of_no_right(engine):
    """Defect 9: with support.melding_done false every maatwerkvoorziening read 'geen recht'."""
    ev = engine.evaluate({"peildatum": "2026-02-02", "person": {"birth_date": "1980-01-01"}, "support": {"melding_done": False}})
    text = render_text(ev)
    spoed = next(o for law in ev.laws for o in law.outcomes if o.id == "wmo.tijdelijke_maatwerkvoorziening")
    assert spoed.status == "not_eligible"
    line = next(x for x in text.splitlines() if "Tijdelijke maatwerkvoorziening" in x)
    assert "nog niet: eerst een melding bij de gemeente" in line and "geen recht" not in line
    from crosslaw.presentation.report import render_report

    assert "nog niet: eerst een melding bij de gemeente" in render_report(ev, fmt="md")


def test_conflicts_help_names_an_example_that_exists():
    r = run("conflicts", "--help")
    named = re.findall(r"examples/\S+\.yaml", r.stdout)
    assert named and all((ROOT / n).exists() for n in named)


def test_intake_help_is_not_garbled_and_its_example_answers_the_right_questions(tmp_path):
    r = run("intake", "--help")
    assert r.returncode == 0
    example = next(line for line in r.stdout.splitlines() if line.strip().startswith("printf"))
    assert "\\n" in example  # the escapes are shown as typed, not as line breaks
    script = re.search(r"printf '([^']*)'", example).group(1).encode().decode("unicode_escape")
    out = tmp_path / "nieuw.yaml"
    done = subprocess.run([sys.executable, "-m", "crosslaw", "intake", str(out), "--date", "2026-02-02"],
                          input=script, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    saved = load_situation(out)
    assert str(saved.person.birth_date) == "1988-03-01"
    assert saved.person.lives_in_netherlands is True and saved.person.residence_status == "nederlander"


def test_unquoted_impossible_date_in_a_situation_file_is_bad_input(tmp_path):
    """Defect 3: 'birth_date: 1991-13-14' unquoted gave 'Interne fout (ValueError)' and exit 1."""
    f = tmp_path / "s.yaml"
    f.write_text("peildatum: 2026-01-01\nperson:\n  birth_date: 1991-13-14\n", encoding="utf-8")
    r = run("evaluate", str(f))
    assert r.returncode == 2 and "Interne fout" not in r.stderr
    assert "s.yaml:3" in r.stderr and "'1991-13-14' is geen bestaande datum" in r.stderr


@pytest.mark.parametrize("path", INTAKES, ids=[p.stem for p in INTAKES])
def test_no_provision_is_named_twice_in_one_list(engine, path):
    """Two provisions that differ only in their parenthetical (art. 60 lid 2 and 3 Pw) keep it, so a
    list never names what reads as the same provision twice."""
    situation = load_situation(path)
    ev = engine.evaluate(situation)
    text = render_text(ev, settled=settled_by_age(engine, situation, ev.evaluation_date))
    for line in text.splitlines():
        items = [x.strip(" .") for x in re.split(r"[;:]", line) if x.strip(" .")]
        repeated = {x for x in items if items.count(x) > 1}
        assert not repeated, f"{line!r} names {repeated} twice"
