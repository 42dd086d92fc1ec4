"""Law-as-data standards: every rule, exemption, computed value and parameter cites its
article with a wetten.overheid.nl link, and every parameter value names its source."""

from __future__ import annotations

import re

import pytest

from crosslaw import default_rules_dir, load_rules

RULES = load_rules(default_rules_dir())
LINK = re.compile(r"^https://wetten\.overheid\.nl/jci1\.3:c:BWBR\d{7}&artikel=[0-9a-z.:]+(&lid=\w+)?(&z=\d{4}-\d{2}-\d{2}&g=\d{4}-\d{2}-\d{2})?$")


def _check_basis(basis, what):
    assert LINK.match(basis.link), f"{what}: bad link {basis.link}"
    assert basis.bwb in basis.link and f"artikel={basis.article}" in basis.link, what


@pytest.mark.parametrize("rule_id", sorted(RULES.rules))
def test_rule_cites_article_kind_and_deviation(rule_id):
    for version in RULES.rules[rule_id]:
        m = version.model
        _check_basis(m.basis, rule_id)
        assert m.kind in ("wettelijk", "discretionair", "beleidsregel")
        assert m.deviation.deviable is False or m.deviation.ground
        assert m.valid_from is not None
        assert len(m.explanation) > 40, f"{rule_id}: explanation too thin"
        for c in (*version.requirements, *version.exclusions, *version.exemptions):
            _check_basis(c.basis, f"{rule_id}/{c.model.id}")
        for e in m.exemptions:
            assert e.kind and e.deviation is not None


@pytest.mark.parametrize("comp_id", sorted(RULES.computed))
def test_computed_cites_article(comp_id):
    for version in RULES.computed[comp_id]:
        _check_basis(version.model.basis, comp_id)


@pytest.mark.parametrize("param_id", sorted(RULES.parameters))
def test_parameter_has_link_and_dated_sources(param_id):
    p = RULES.parameters[param_id]
    _check_basis(p.basis, param_id)
    for v in p.values:
        assert v.valid_from and len(v.source) >= 10, f"{param_id}@{v.valid_from}: no source"
        if not v.verified:
            assert v.note, f"{param_id}@{v.valid_from}: unverified value must say why in a note"


def test_parameters_cover_the_three_dates_of_the_issue():
    """Every parameter has a value on 2025-01-01, 2025-07-01 and 2026-01-01."""
    from datetime import date

    for d in (date(2025, 1, 1), date(2025, 7, 1), date(2026, 1, 1)):
        assert RULES.parameters_on(d)
    dated = {v.valid_from for p in RULES.parameters.values() for v in p.values}
    assert {date(2025, 1, 1), date(2025, 7, 1), date(2026, 1, 1)} <= dated
