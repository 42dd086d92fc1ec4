"""Bad input: one readable paragraph naming the field or file:line, exit code 2, no traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from crosslaw import RuleFileError, SituationError, load_rules

DATA = Path(__file__).parent / "data"
EXAMPLE = Path(__file__).parents[1] / "examples" / "alleenstaande.yaml"


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "crosslaw", *args], capture_output=True, text=True, timeout=60)


def bad_situation(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "situatie.yaml"
    p.write_text(text, encoding="utf-8")
    return p


CASES = {
    "malformed_yaml": ("person:\n  birth_date: 1990-01-01\n   detained: [true\n", ["situatie.yaml:", "ongeldige YAML"]),
    "unknown_field": ("person:\n  birth_date: 1990-01-01\n  shoe_size: 44\n", ["person.shoe_size", "onbekend veld", "regel 3"]),
    "wrong_type": ("person:\n  detained: misschien\n", ["person.detained", "ja/nee"]),
    "negative_amount": ("assets:\n  savings_cents: -500\n", ["assets.savings_cents", "negatief"]),
    "birth_after_date": ("peildatum: 2026-01-01\nperson:\n  birth_date: 2030-05-01\n", ["person.birth_date", "na de peildatum"]),
    "bsn_11_proef": ("bsn: '123456789'\nperson:\n  birth_date: 1990-01-01\n", ["bsn", "11-proef"]),
    "money_as_float": ("assets:\n  savings_cents: 12.5\n", ["assets.savings_cents", "geheel getal"]),
    "not_a_mapping": ("- 1\n- 2\n", ["groep velden"]),
    "month_gifts_above_year": (
        "gifts:\n  received_this_year_cents: 10000\n  received_this_month_cents: 20000\n",
        ["gifts", "giften van deze maand zijn meer dan de giften van het hele kalenderjaar"],
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_situation_cli(tmp_path, name):
    text, needles = CASES[name]
    result = run_cli("evaluate", str(bad_situation(tmp_path, text)), "--date", "2026-01-01")
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    for needle in needles:
        assert needle in result.stderr, f"{needle!r} not in {result.stderr!r}"
    assert result.stderr.count("\n") <= 3  # one paragraph


def test_bad_situation_library_names_paths(engine):
    with pytest.raises(SituationError) as e:
        engine.evaluate({"person": {"birth_date": "1990-01-01", "detained": "misschien"}, "income": [{"monthly_net_cents": -1}]}, on=None)
    fields = [p for p, _ in e.value.problems]
    assert "person.detained" in fields and "income.0.monthly_net_cents" in fields


def test_valid_bsn_accepted(engine):
    ev = engine.evaluate({"bsn": "111222333", "person": {"birth_date": "1990-01-01"}}, on=__import__("datetime").date(2026, 1, 1))
    assert "111222333" not in ev.model_dump_json()  # never echoed in output meant for storage


@pytest.mark.parametrize("folder,needles", [
    ("bad_rules_syntax", ["regels.yaml:13", "verwacht een waarde"]),
    ("bad_rules_unknown_fact", ["regels.yaml:13", "onbekend feit", "person.leeftijd", "person.age"]),
])
def test_bad_rule_file(folder, needles):
    with pytest.raises(RuleFileError) as e:
        load_rules(DATA / folder)
    for needle in needles:
        assert needle in str(e.value)
    result = run_cli("rules", "validate", str(DATA / folder))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in result.stderr


def test_unknown_date_argument():
    result = run_cli("evaluate", str(EXAMPLE), "--date", "2026-02-30")
    assert result.returncode == 2
    assert "geen geldige datum" in result.stderr


def test_missing_file():
    result = run_cli("evaluate", "/nonexistent/situatie.yaml")
    assert result.returncode == 2 and "bestaat niet" in result.stderr


def test_date_before_the_encoded_period_is_not_bad_input():
    """A date crosslaw does not encode is a fact about crosslaw, not an error of the user
    (issue 9): exit 0, each law says so in Dutch with the dates it does know, no traceback."""
    result = run_cli("evaluate", str(EXAMPLE), "--date", "2019-01-01")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "geen waarde" not in result.stdout + result.stderr
    for name in ("Participatiewet", "Wmo 2015", "Jeugdwet", "UWV"):
        assert f"{name}" in result.stdout
    assert result.stdout.count("niet gecodeerd voor deze datum") >= 4
    assert "crosslaw kent deze wet vanaf" in result.stdout or "crosslaw kent deze wet van" in result.stdout


def test_rule_too_large_for_the_rete_engine_names_file_and_line(tmp_path):
    """durable_rules allows ~31 expressions per rule; validate reports the rule, not a C error."""
    law = tmp_path / "wet"
    law.mkdir()
    (law / "law.yaml").write_text("id: wet\nname: Testwet\nprefix: tw\nbwb: [BWBR0015703]\n")
    basis = "{law: Testwet, bwb: BWBR0015703, article: '11', link: 'https://wetten.overheid.nl/jci1.3:c:BWBR0015703&artikel=11'}"
    big = " or ".join(f"person.age > tw.grens{i}" for i in range(40))
    params = "".join(
        f"  - {{id: tw.grens{i}, title: Grens {i}, unit: int, basis: {basis}, values: [{{valid_from: 2025-01-01, value: {i}, source: testwaarde voor de test}}]}}\n"
        for i in range(40)
    )
    (law / "regels.yaml").write_text(
        "parameters:\n" + params + "rules:\n  - id: tw.groot\n    type: benefit\n    title: Te grote regel\n"
        "    explanation: Een regel met veel te veel vergelijkingen voor de Rete-engine.\n"
        f"    basis: {basis}\n    kind: wettelijk\n    deviation: {{deviable: false}}\n    valid_from: 2025-01-01\n"
        f"    requirements:\n      - {{id: groot, title: Veel grenzen, when: '{big}'}}\n"
    )
    result = run_cli("rules", "validate", str(tmp_path))
    assert result.returncode == 2, result.stdout
    assert "Traceback" not in result.stderr
    assert "regels.yaml:" in result.stderr and "tw.groot" in result.stderr and "computed" in result.stderr
