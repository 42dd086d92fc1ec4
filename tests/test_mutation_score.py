"""CI gate: the scenarios pin the shipped rules down. A seeded sample of mutants of the rules
(crosslaw rules mutate) must be at least 90 % killed by the scenarios under tests/scenarios.

The full measurement is ``crosslaw rules mutate --sample 400 --seed 1`` (docs/research/mutation-testing.md);
this test runs a smaller sample so it fits in the suite's budget. A failure lists the survivors: write a
scenario that notices each change (see the survivor's file, line and rule id), never lower the bar."""

from __future__ import annotations

from pathlib import Path

from crosslaw.mutation import MutationRun

SCENARIOS = Path(__file__).parent / "scenarios"
SAMPLE, SEED, THRESHOLD = 50, 2026, 0.90


def test_a_seeded_sample_of_mutants_is_at_least_90_percent_killed():
    run = MutationRun(None, SCENARIOS)
    report = run.run(sample=SAMPLE, seed=SEED)
    assert not report.broken_scenarios, report.broken_scenarios
    scored = report.of("killed") + report.of("survived")
    assert len(scored) == SAMPLE
    survivors = "\n".join(f"  {r.mutant.file}:{r.mutant.line} {r.mutant.item}: {r.mutant.description}" for r in report.of("survived"))
    assert report.score() >= THRESHOLD, f"{report.score():.1%} killed; survivors:\n{survivors}"
