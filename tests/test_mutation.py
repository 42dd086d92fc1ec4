"""crosslaw rules mutate: the operators, how a mutant is applied, and how it is scored.

The small law in tests/data/mutation/ has one boundary of each kind, and three
scenarios that pin some of them down (the 18th birthday and the day before) but not
others, so both verdicts are exercised on rules whose answer is known by hand."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from crosslaw.cli import main
from crosslaw.engine.engine import Engine
from crosslaw.mutation import OPERATORS, MutationRun, generate
from crosslaw.mutation.source import InvalidMutant, RuleSource
from crosslaw.ruleset.loader import default_rules_dir

DATA = Path(__file__).parent / "data" / "mutation"
RULES, SCENARIOS = DATA / "rules", DATA / "scenarios"


@pytest.fixture(scope="module")
def small() -> MutationRun:
    return MutationRun(RULES, SCENARIOS)


@pytest.fixture(scope="module")
def shipped() -> RuleSource:
    return RuleSource()


def _by(run_or_source, operator: str, item: str, contains: str = ""):
    source = run_or_source.source if isinstance(run_or_source, MutationRun) else run_or_source
    found = [m for m in generate(source) if m.operator == operator and m.item == item and contains in m.description]
    assert found, f"no {operator} mutant of {item} ({contains!r})"
    return found


def _changed_items(base, mutated, mutant) -> list[str]:
    """Ids among ``mutant.changed`` whose definition differs between two rule sets."""
    out = []
    for ident in mutant.changed:
        if ident in base.parameters:
            a, b = base.parameters[ident].model_dump(), mutated.parameters[ident].model_dump()
        elif ident in base.rules:
            a = [v.model.model_dump() for v in base.rules[ident]]
            b = [v.model.model_dump() for v in mutated.rules[ident]]
        else:
            a = [v.model.model_dump() for v in base.computed[ident]]
            b = [v.model.model_dump() for v in mutated.computed[ident]]
        if a != b:
            out.append(ident)
    return out


def test_every_operator_makes_mutants_of_the_shipped_rules(shipped):
    operators = {m.operator for m in generate(shipped)}
    assert operators == set(OPERATORS)


@pytest.mark.parametrize("operator", sorted(OPERATORS))
def test_each_operator_changes_the_loaded_rule_set(shipped, operator):
    """Every mutant of the operator that loads differs from the unchanged rules in what it says it changes."""
    mutants = [m for m in generate(shipped) if m.operator == operator]
    loaded = 0
    for m in mutants[:: max(1, len(mutants) // 12)]:  # a spread over the files, a dozen per operator
        try:
            mutated = shipped.build(tuple((e.doc, e.path, e.data) for e in m.edits))
        except InvalidMutant:
            continue
        loaded += 1
        assert _changed_items(shipped.rules, mutated, m), m.id
    assert loaded


def test_mutant_ids_are_unique_and_generation_is_deterministic(shipped):
    first, second = generate(shipped), generate(RuleSource())
    assert [m.id for m in first] == [m.id for m in second]
    assert len({m.id for m in first}) == len(first)


def test_applying_a_mutant_writes_nothing_and_leaves_the_base_alone(small):
    files = sorted(RULES.rglob("*.yaml"))
    before = {f: f.read_bytes() for f in files}
    base_digest = small.rules.digest
    m = _by(small, "comparison", "tw.uitkering", "'>=' wordt '>'")[0]
    mutated = small.source.build(tuple((e.doc, e.path, e.data) for e in m.edits))
    assert {f: f.read_bytes() for f in sorted(RULES.rglob("*.yaml"))} == before
    assert small.rules.digest == base_digest
    text = [c.model.when for v in small.rules.rules["tw.uitkering"] for c in v.requirements]
    assert "person.age >= tw.min_leeftijd" in text
    changed = [c.model.when for v in mutated.rules["tw.uitkering"] for c in v.requirements]
    assert "person.age > tw.min_leeftijd" in changed


def test_a_mutant_changes_an_outcome_on_its_boundary(small):
    """>= made > : on the 18th birthday the benefit goes; a day later both agree again."""
    m = [x for x in _by(small, "comparison", "tw.uitkering", "'>=' wordt '>'") if x.start == date(2025, 1, 1)][0]
    mutated = Engine(small.source.build(tuple((e.doc, e.path, e.data) for e in m.edits)))
    base = Engine(small.rules)
    try:
        person = {"person": {"birth_date": "2007-03-10", "lives_in_netherlands": True, "detained": False}}
        on = date(2025, 3, 10)
        assert base.evaluate(person, on=on).outcome("tw.uitkering").status == "eligible"
        assert mutated.evaluate(person, on=on).outcome("tw.uitkering").status == "not_eligible"
        later = date(2026, 3, 10)
        assert base.evaluate(person, on=later).outcome("tw.uitkering").status == \
            mutated.evaluate(person, on=later).outcome("tw.uitkering").status
    finally:
        mutated.network.close()
        base.network.close()


def test_boundary_pair_kills_the_age_mutants_and_misses_the_rest(small):
    report = small.run()
    # the 2025 version: the birthday pair pins >= and the 18 down
    killed = {(r.mutant.item, r.mutant.description) for r in report.of("killed")}
    survived = {(r.mutant.item, r.mutant.description) for r in report.of("survived")}
    assert ("tw.min_leeftijd", "waarde vanaf 2025-01-01: 18 -> 19") in killed
    assert ("tw.min_leeftijd", "waarde vanaf 2025-01-01: 18 -> 17") in killed
    assert ("tw.bedrag", "waarde vanaf 2025-01-01: 10000 -> 10001") in killed
    assert any(r.mutant.operator == "negation" for r in report.of("killed"))
    # 2026 has one scenario far from the boundary: its threshold is not pinned down
    assert ("tw.min_leeftijd", "waarde vanaf 2026-01-01: 21 -> 22") in survived
    # the 2026 comparison survives, the 2025 one is killed (two versions, one boundary pair)
    comparisons = {r.mutant.start: r.status for r in report.results if r.mutant.operator == "comparison"}
    assert comparisons == {date(2025, 1, 1): "killed", date(2026, 1, 1): "survived"}
    assert report.score() == pytest.approx(len(report.of("killed")) / (len(report.of("killed")) + len(report.of("survived"))))


def test_a_parameter_no_rule_reads_is_proven_equivalent_not_scored(small):
    report = small.run()
    unread = [r for r in report.results if r.mutant.item == "tw.ongebruikt"]
    assert unread and {r.status for r in unread} == {"equivalent"}
    assert "leest deze parameter" in unread[0].reason


def test_a_mutant_the_loader_refuses_is_invalid(small):
    m = _by(small, "validity", "tw.uitkering", "valid_from 2026-01-01 -> 2026-01-02")[0]
    broken = m.edits[0]
    data = dict(broken.data, valid_from=date(2025, 6, 1))  # overlaps the 2025 version
    bad = type(m)(**{**m.__dict__, "edits": (type(broken)(broken.doc, broken.path, data),)})
    result = small.run_one(bad)
    assert result.status == "invalid" and "overlapt" in result.reason


def test_a_seeded_sample_is_the_same_for_the_same_seed(small):
    a = [r.mutant.id for r in small.run(sample=5, seed=3).results]
    b = [r.mutant.id for r in small.run(sample=5, seed=3).results]
    c = [r.mutant.id for r in small.run(sample=5, seed=4).results]
    assert a == b and a != c
    scored = [r for r in small.run(sample=5, seed=3).results if r.status in ("killed", "survived")]
    assert len(scored) == 5


def test_cli_reports_scores_and_survivors_in_json(capsys):
    with pytest.raises(SystemExit) as e:
        main(["rules", "mutate", "--rules", str(RULES), "--scenarios", str(SCENARIOS), "--format", "json"])
    assert e.value.code == 0
    out = json.loads(capsys.readouterr().out)
    assert out["laws"]["wet"]["killed"] > 0 and out["laws"]["wet"]["survived"] > 0
    assert out["mutants_per_second"] > 0
    survivor = out["survivors"][0]
    assert survivor["file"].endswith("regels.yaml") and survivor["line"] and survivor["item"].startswith("tw.")


def test_cli_text_names_file_line_and_rule_of_each_survivor(capsys):
    with pytest.raises(SystemExit) as e:
        main(["rules", "mutate", "--rules", str(RULES), "--scenarios", str(SCENARIOS)])
    assert e.value.code == 0
    out = capsys.readouterr().out
    assert "Overlevende mutanten" in out and "rules/wet/regels.yaml:" in out and "tw.uitkering" in out
    assert "mutanten/s" in out


@pytest.mark.parametrize("args,message", [
    (["--law", "bestaatniet"], "onbekende wet"),
    (["--scenarios", "/nergens"], "scenariomap"),
    (["--sample", "0"], "--sample"),
])
def test_cli_bad_arguments_exit_2_in_dutch(capsys, args, message):
    with pytest.raises(SystemExit) as e:
        main(["rules", "mutate", "--rules", str(RULES), "--scenarios", str(SCENARIOS), *args])
    assert e.value.code == 2
    assert message in capsys.readouterr().err


def test_default_scenarios_sit_next_to_the_shipped_rules():
    from crosslaw.cli_mutate import default_scenarios_dir

    assert default_scenarios_dir(None) == default_rules_dir().resolve().parent / "tests" / "scenarios"
