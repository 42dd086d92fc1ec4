"""WW arbeidsverleden: an unknown work history asks for the new facts, never for the deprecated total."""

from __future__ import annotations

from datetime import date


def _computed(evaluation, cid):
    return next(c for law in evaluation.laws for c in law.computed if c.id == cid)


def test_unknown_history_asks_for_years_since_1998_not_the_deprecated_total(engine):
    situation = {"person": {"birth_date": "1975-06-01"}, "employment": {"work_history_years_since_2016": 6}}
    ev = engine.evaluate(situation, on=date(2026, 1, 1), detail="full")
    duur = _computed(ev, "uwv.ww_arbeidsverleden_voor_2016")
    assert duur.value is None
    assert "employment.paid_years_since_1998" in duur.missing
    assert "work.work_history_years" not in duur.missing


def test_fictive_years_need_only_the_birth_date(engine):
    ev = engine.evaluate({"person": {"birth_date": "1960-02-10"}}, on=date(2026, 1, 1), detail="full")
    assert _computed(ev, "uwv.ww_fictieve_jaren").value == 1998 - 1960 - 18
