"""The edge of knowledge (issue 9, items 4 and 5): links to the text of the day, laws that
say they are not encoded for a date, and amounts used past the date they were verified for."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml

from crosslaw import Engine, load_rules

ROOT = Path(__file__).parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
LAWS = ("wmo", "participatiewet", "jeugdwet", "uwv")


def _situation(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _links(ev) -> list[str]:
    out = []
    for law in ev.laws:
        for o in law.outcomes:
            out.append(o.article.link)
            out += [c.article.link for c in (*o.requirements, *o.exclusions, *o.exemptions)]
        out += [c.article.link for c in law.computed]
    for c in ev.conflicts:
        out.append(c.article.link)
        out += [s.article.link for s in c.sides] + [lv.article.link for lv in c.levers]
        out += [t.article.link for t in (*c.triggers, *c.unless)]
    return out


# -- item 4: every link points at the text in force on the peildatum --------------------------

@pytest.mark.parametrize("on", [date(2025, 7, 15), date(2025, 12, 31), date(2026, 1, 1), date(2026, 3, 9)])
@pytest.mark.parametrize("example", ["intake_alleenstaande_moeder_schulden.yaml", "mantelzorg.yaml", "ww_aanvullend.yaml"])
def test_every_link_carries_the_peildatum(engine, on, example):
    ev = engine.evaluate(_situation(ROOT / "examples" / example), on=on, detail="full")
    links = _links(ev)
    assert len(links) > 50
    day = on.isoformat()
    for link in links:
        assert link.startswith("https://wetten.overheid.nl/jci1.3:c:BWBR"), link
        assert f"&z={day}&g={day}" in link, link
        assert link.count("z=") == 1 and link.count("g=") == 1, link


def test_the_same_rule_links_to_another_text_on_another_date(engine):
    """An evaluation on 2025-07-15 no longer links to the text of 2026-01-01 (the old behaviour)."""
    s = _situation(ROOT / "examples" / "alleenstaande.yaml")
    a = engine.evaluate(s, on=date(2025, 7, 15)).outcome("pw.algemene_bijstand").article.link
    b = engine.evaluate(s, on=date(2026, 3, 9)).outcome("pw.algemene_bijstand").article.link
    assert a == "https://wetten.overheid.nl/jci1.3:c:BWBR0015703&artikel=11&lid=1&z=2025-07-15&g=2025-07-15"
    assert b == "https://wetten.overheid.nl/jci1.3:c:BWBR0015703&artikel=11&lid=1&z=2026-03-09&g=2026-03-09"


def test_link_on_adds_dates_to_a_link_without_them(engine):
    basis = next(iter(engine.rules.parameters.values())).basis
    bare = basis.model_copy(update={"link": basis.link.split("&z=")[0]})
    assert bare.link_on(date(2024, 2, 29)).endswith("&z=2024-02-29&g=2024-02-29")


# -- item 5: outside the encoded period each law says so --------------------------------------

def _first_covered(engine) -> date:
    return min(engine.rules.coverage(law)[0] for law in LAWS)


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_before_the_encoded_period_every_law_says_it_is_not_encoded(engine, example):
    first = _first_covered(engine)
    on = date(first.year - 3, 6, 15)
    whole = engine.evaluate(_situation(example), on=on)
    evaluations = [whole]
    if hasattr(whole, "persons"):  # a household: every person's evaluation says it, and nothing plays between them
        assert whole.conflicts == [] and whole.missing == []
        evaluations = [p.evaluation for p in whole.persons]
    for ev in evaluations:
        assert [law.law for law in ev.laws] == list(LAWS)
        for law in ev.laws:
            assert law.status == "not_encoded" and law.outcomes == [] and law.computed == []
            assert law.covered_from == engine.rules.coverage(law.law)[0]
        assert ev.conflicts == [] and ev.missing == []
        kinds = {(n.kind, n.law) for n in ev.notices}
        assert {("not_encoded", law) for law in (*LAWS, "conflicts")} <= kinds
        for n in ev.notices:
            assert "niet gecodeerd voor deze datum" in n.message and "crosslaw kent" in n.message
    json.dumps(whole.model_dump(mode="json"))  # still one serialisable evaluation


def test_the_first_encoded_day_answers_and_the_day_before_does_not(engine):
    first = _first_covered(engine)
    s = _situation(ROOT / "examples" / "alleenstaande.yaml")
    on_first = engine.evaluate(s, on=first)
    assert all(law.status == "encoded" and law.outcomes for law in on_first.laws)
    assert not [n for n in on_first.notices if n.kind == "not_encoded"]
    before = engine.evaluate(s, on=date.fromordinal(first.toordinal() - 1))
    assert all(law.status == "not_encoded" for law in before.laws)


@pytest.fixture(scope="module")
def wmo_ends(tmp_path_factory):
    """The shipped rules with the Wmo declared encoded only until 2025-06-30."""
    root = tmp_path_factory.mktemp("regels") / "rules"
    shutil.copytree(ROOT / "rules", root)
    meta = root / "wmo" / "law.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + "covered_until: 2025-06-30\n", encoding="utf-8")
    return Engine(load_rules(root))


def test_a_law_not_encoded_leaves_the_others_answering(wmo_ends):
    s = _situation(ROOT / "examples" / "intake_zorg_samenwonen_2026.yaml")
    ev = wmo_ends.evaluate(s, on=date(2025, 9, 1))  # the Rete network and the explainer still agree
    by_law = {law.law: law for law in ev.laws}
    assert by_law["wmo"].status == "not_encoded" and by_law["wmo"].outcomes == []
    assert by_law["wmo"].covered_until == date(2025, 6, 30)
    for law in ("participatiewet", "jeugdwet", "uwv"):
        assert by_law[law].status == "encoded" and by_law[law].outcomes
    wmo_conflicts = {r.id for r in wmo_ends.rules.rules_of("conflicts") if any(sd.law == "wmo" for sd in r.model.sides)}
    assert wmo_conflicts and not wmo_conflicts & {c.id for c in ev.conflicts}
    skipped = {i for n in ev.notices if n.kind == "conflict_not_encoded" for i in n.ids}
    in_force = {i for i in wmo_conflicts if wmo_ends.rules.rule_on(i, date(2025, 9, 1))}
    assert skipped == in_force
    assert any(n.kind == "not_encoded" and n.law == "wmo" and "tot en met 30 juni 2025" in n.message for n in ev.notices)
    before = wmo_ends.evaluate(s, on=date(2025, 6, 30))
    assert {law.law: law.status for law in before.laws}["wmo"] == "encoded"


# -- item 5: amounts past their last verified date -----------------------------------------

def test_rhythm_amounts_declare_the_last_date_they_are_verified_for(engine):
    """Norms, vrijlatingen, the minimum wage, the maximum dagloon, the TW norms, the vermogensgrenzen
    and the Wmo abonnementstarief change on a known rhythm: each says until when it is verified."""
    rhythm = ["pw.norm.alleenstaande_21", "pw.norm.gehuwden_21", "pw.vermogensgrens.alleenstaande",
              "pw.vrijlating.arbeid_maximum", "pw.vrijlating.alo_maximum", "uwv.maximum_dagloon", "uwv.wml.maand",
              "uwv.tw.norm_21_dag", "wmo.abonnementstarief"]
    for pid in rhythm:
        p = engine.rules.parameters[pid]
        assert p.verified_until is not None and p.verified_until >= p.values[-1].valid_from, pid


def test_past_the_verified_date_the_evaluation_names_the_last_known_amounts(engine):
    p = engine.rules.parameters["pw.norm.alleenstaande_21"]
    s = _situation(ROOT / "examples" / "alleenstaande.yaml")
    inside = engine.evaluate(s, on=p.verified_until)
    assert not [n for n in inside.notices if n.kind == "last_known_amounts" and "pw.norm.alleenstaande_21" in n.ids]
    past = date.fromordinal(p.verified_until.toordinal() + 1)
    ev = engine.evaluate(s, on=past)
    notice = next(n for n in ev.notices if n.kind == "last_known_amounts" and n.law == "participatiewet")
    amount = next(a for a in notice.amounts if a.parameter == "pw.norm.alleenstaande_21")
    assert amount.value == p.values[-1].value and amount.valid_from == p.values[-1].valid_from
    assert amount.verified_until == p.verified_until
    assert "laatst bekende bedragen" in notice.message
    assert all(law.status == "encoded" and law.outcomes for law in ev.laws)


def test_cli_text_says_which_amounts_are_the_last_known(engine):
    p = engine.rules.parameters["pw.norm.alleenstaande_21"]
    past = date.fromordinal(p.verified_until.toordinal() + 1).isoformat()
    result = subprocess.run([sys.executable, "-m", "crosslaw", "evaluate", str(ROOT / "examples" / "alleenstaande.yaml"),
                             "--date", past], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Let op: Participatiewet:" in result.stdout and "laatst bekende bedragen" in result.stdout


def test_rules_list_shows_the_covered_period_per_law(engine):
    result = subprocess.run([sys.executable, "-m", "crosslaw", "rules", "list"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    head = result.stdout.split("\n\n")[0]
    for law in LAWS:
        meta = engine.rules.laws[law]
        assert f"{meta.name}: gecodeerd van {engine.rules.coverage(law)[0].isoformat()}" in head
    rows = json.loads(subprocess.run([sys.executable, "-m", "crosslaw", "rules", "list", "--format", "json"],
                                     capture_output=True, text=True, timeout=120).stdout)
    assert all(r["law_covered_from"] == engine.rules.coverage(r["law"])[0].isoformat() for r in rows)


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_the_report_links_to_the_text_of_its_peildatum(engine, fmt):
    """The printable report, next steps included (the art. 52 voorschot), cites the text of the day."""
    from crosslaw.presentation.report import render_report

    ev = engine.evaluate(_situation(ROOT / "examples" / "onvolledig.yaml"), on=date(2025, 7, 15))
    assert ev.outcome("pw.algemene_bijstand").status == "undetermined"
    out = render_report(ev, fmt=fmt)
    assert "artikel=52" in out and "z=2025-07-15&amp;g=2025-07-15" in out.replace("&g=", "&amp;g=")
    assert "z=2026-01-01" not in out
