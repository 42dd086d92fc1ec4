"""Input that cannot exhaust the host: alias bombs, huge lists, deep nesting and big files are
refused with a Dutch error (exit 2 on the CLI) before anything is built.

Memory is measured with tracemalloc in the process (a bound, not a timing); the refusal times are
printed by benchmarks/bench_input_limits.py.
"""

from __future__ import annotations

import subprocess
import sys
import tracemalloc

import pytest

from crosslaw.errors import SituationError
from crosslaw.ruleset.yamlsource import RULE_LIMITS, SITUATION_LIMITS, Loader, YamlError, load_text
from crosslaw.situation import parse_situation
from crosslaw.situation.limits import MAX_ITEMS

MB = 1_000_000


def alias_bomb() -> str:
    """9 levels of 9 aliases each: 9**9 (387 million) values once expanded, 350-odd bytes."""
    lines = ["a: &a [x,x,x,x,x,x,x,x,x]"]
    for i in range(1, 9):
        prev, name = chr(96 + i), chr(97 + i)
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    lines.append("z: [" + ",".join(["*i"] * 9) + "]")
    return "\n".join(lines) + "\n"


def bounded(fn):
    """Run ``fn``; return (its exception, peak traced memory in bytes)."""
    tracemalloc.start()
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - the refusal is what we are after
        return e, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    pytest.fail("not refused")


def test_the_alias_bomb_is_refused_in_rule_files_and_situations():
    bomb = alias_bomb()
    assert len(bomb.encode()) < 400
    e, peak = bounded(lambda: load_text(bomb, "bom.yaml", RULE_LIMITS))
    assert isinstance(e, YamlError) and "waarden (aliassen meegeteld)" in str(e) and peak < 100 * MB
    e, peak = bounded(lambda: load_text(bomb, "bom.yaml", SITUATION_LIMITS))
    assert isinstance(e, YamlError) and "niet toegestaan" in str(e) and e.line == 1 and peak < 100 * MB


def test_a_self_referring_alias_is_refused():
    e, _ = bounded(lambda: load_text("a: &a [1, *a]\n", "zelf.yaml"))
    assert isinstance(e, YamlError) and "naar zichzelf" in str(e)


def test_modest_aliases_still_work_in_rule_files():
    doc = load_text("base: &b {x: 1, y: [1, 2]}\nuse: *b\nmerged:\n  <<: *b\n  z: 3\n", "ok.yaml")
    assert doc.data["use"] == {"x": 1, "y": [1, 2]} and doc.data["merged"] == {"x": 1, "y": [1, 2], "z": 3}
    assert doc.line_of(("merged", "z")) == 5


def test_line_numbers_survive_the_c_loader():
    text = "rules:\n  - id: a\n    when: x\n  - id: b\n    when: y\n"
    doc = load_text(text, "regels.yaml")
    assert doc.line_of(("rules", 1, "when")) == 5 and doc.line_of(("rules", 0)) == 2
    with pytest.raises(YamlError) as e:
        load_text("a: 1\nb: [1, 2\nc: 3\n", "kapot.yaml")
    assert e.value.line is not None and e.value.line >= 2
    with pytest.raises(YamlError, match="twee keer"):
        load_text("a: 1\nb: 2\na: 3\n", "dubbel.yaml")
    assert Loader.__name__ in ("CSafeLoader", "SafeLoader")


def test_a_120k_item_list_is_refused():
    text = "income: [" + ",".join(["{}"] * 120_000) + "]\n"
    e, peak = bounded(lambda: load_text(text, "lijst.yaml", SITUATION_LIMITS))
    assert isinstance(e, YamlError) and "meer dan 1000 elementen" in str(e) and peak < 100 * MB
    data = {"income": [{"kind": "loon", "monthly_net_cents": 100}] * 120_000}
    e, peak = bounded(lambda: parse_situation(data))
    assert isinstance(e, SituationError) and "income" in str(e) and "te veel elementen" in str(e) and peak < 100 * MB


@pytest.mark.parametrize("path,limit", sorted(MAX_ITEMS.items()))
def test_list_limits_per_field(path, limit):
    def nest(parts, value):
        return {parts[0]: nest(parts[1:], value)} if len(parts) > 1 else {parts[0]: value}

    fine = nest(path.split("."), [{}] * limit)
    assert not any("te veel" in reason for _, reason in _problems(fine))
    too_many = nest(path.split("."), [{}] * (limit + 1))
    with pytest.raises(SituationError) as e:
        parse_situation(too_many)
    assert e.value.problems == [(path, f"te veel elementen: {limit + 1}, hoogstens {limit}")]


def _problems(data):
    try:
        parse_situation(data)
    except SituationError as e:
        return e.problems
    return []


def test_deep_nesting_is_refused():
    deep = "person: " + "[" * 10_000 + "]" * 10_000 + "\n"
    e, _ = bounded(lambda: load_text(deep, "diep.yaml", SITUATION_LIMITS))
    assert isinstance(e, YamlError) and "te diep genest" in str(e)
    data: dict = {}
    cur = data
    for _ in range(10_000):
        cur["x"] = {}
        cur = cur["x"]
    with pytest.raises(SituationError, match="te diep genest"):
        parse_situation(data)


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "crosslaw", *args], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("content,words", [
    (alias_bomb(), "niet toegestaan"),
    ("income: [" + ",".join(["{}"] * 120_000) + "]\n", "meer dan 1000 elementen"),
    ("person: " + "[" * 10_000 + "]" * 10_000 + "\n", "nest"),
    ("# " + "x" * 1_100_000 + "\n", "te groot"),
], ids=["bomb", "list", "nesting", "size"])
def test_cli_refuses_with_exit_2_in_dutch(tmp_path, content, words):
    path = tmp_path / "situatie.yaml"
    path.write_text(content, encoding="utf-8")
    result = _cli("evaluate", str(path))
    assert result.returncode == 2 and words in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.startswith("Fout:")


def test_mandate_file_bomb_is_refused_on_the_cli(tmp_path):
    path = tmp_path / "mandaten.yaml"
    path.write_text(alias_bomb(), encoding="utf-8")
    from crosslaw.deviation.actors import Signer

    key = tmp_path / "tl-002.key"
    key.write_bytes(Signer.generate("tl-002").private_pem())
    result = _cli("deviate", "expire", "--date", "2026-01-01", "--actor", "tl-002", "--role", "teamleider",
                  "--mandates", str(path), "--log", str(tmp_path / "log.sqlite"), "--key-file", str(key))
    assert result.returncode == 2 and "waarden (aliassen meegeteld)" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "log.sqlite").exists()  # refused before the log was opened
