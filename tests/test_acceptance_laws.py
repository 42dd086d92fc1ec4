"""Cross-law acceptance of the four frameworks evaluated together."""

from __future__ import annotations

from pathlib import Path

from crosslaw.situation.files import load_situation

EXAMPLES = Path(__file__).parents[1] / "examples"
MAATWERK = ["wmo.begeleiding_individueel", "wmo.dagbesteding", "wmo.hulp_bij_het_huishouden",
            "wmo.woningaanpassing", "wmo.hulpmiddelen_vervoer"]


def test_one_evaluation_returns_all_four_laws_grouped(engine):
    ev = engine.evaluate(load_situation(EXAMPLES / "jongere_19_jeugdhulp.yaml"))
    assert [law.law for law in ev.laws] == ["wmo", "participatiewet", "jeugdwet", "uwv"]
    assert all(law.outcomes for law in ev.laws)
    assert all(o.law == law.law for law in ev.laws for o in law.outcomes)


def test_nineteen_year_old_continued_youth_care_and_wmo_with_conditions(engine):
    ev = engine.evaluate(load_situation(EXAMPLES / "jongere_19_jeugdhulp.yaml"))
    verlengd = ev.outcome("jw.verlengde_jeugdhulp")
    assert verlengd.status == "eligible"
    assert len(verlengd.requirements) >= 3 and all(r.value is True for r in verlengd.requirements)
    assert all("BWBR0034925" in r.article.link for r in verlengd.requirements if "Jeugdwet" in r.article.text)
    begeleiding = ev.outcome("wmo.begeleiding_individueel")
    assert begeleiding.status == "eligible"
    assert {r.article.text.split(" Wmo")[0] for r in begeleiding.requirements} >= {"art. 2.3.5 lid 3"}


def test_wlz_indication_excludes_wmo_maatwerk_citing_the_article(engine):
    situation = load_situation(EXAMPLES / "jongere_19_jeugdhulp.yaml").model_dump(mode="json")
    situation["care"]["wlz_indication"] = True
    ev = engine.evaluate(situation)
    for rule_id in MAATWERK:
        o = ev.outcome(rule_id)
        assert o.status == "not_eligible", rule_id
    begeleiding = ev.outcome("wmo.begeleiding_individueel")
    reasons = [c for c in begeleiding.exclusions if c.value is True]
    assert reasons and any("art. 2.3.5 lid 6" in c.article.text for c in reasons)
    # and the youth care gives way too (Jeugdwet art. 1.2 lid 1)
    assert ev.outcome("jw.jeugdhulp").status == "not_eligible"


def test_ww_resident_gets_supplementary_bijstand(engine):
    ev = engine.evaluate(load_situation(EXAMPLES / "ww_aanvullend.yaml"))
    ww = ev.outcome("uwv.ww")
    assert ww.status == "eligible" and ww.amount.cents == 97875
    computed = {c.id: c.value for law in ev.laws for c in law.computed}
    assert computed["uwv.ww_duur_maanden"] in ("23.0", "23")
    bijstand = ev.outcome("pw.algemene_bijstand")
    assert bijstand.status == "eligible" and bijstand.amount.cents == 140150 - 97875
