"""The cache of parsed rule files cannot change what is loaded (crosslaw.ruleset.parsecache).

A load from the cache equals a load without it: every file's data and line map, the rule set's
digest and files, and the evaluation of every example. A corrupt, truncated, planted or foreign
entry is ignored (the file is parsed again), a changed file never reads an old entry, and a cache
directory that cannot be written is no error.
"""

from __future__ import annotations

import os
import pickle
from datetime import date
from pathlib import Path

import pytest

from crosslaw import Engine
from crosslaw.ruleset import parsecache
from crosslaw.ruleset.loader import default_rules_dir, load_rules
from crosslaw.ruleset.yamlsource import load_file
from crosslaw.situation.files import load_any

EXAMPLES = sorted(Path(__file__).resolve().parents[1].joinpath("examples").glob("*.yaml"))


def _rule_files() -> list[Path]:
    return sorted(default_rules_dir().rglob("*.yaml"))


def test_cached_parse_equals_parse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CROSSLAW_CACHE_DIR", str(tmp_path))
    for f in _rule_files():
        plain = load_file(f, f.name)
        first = parsecache.load_rule_file(f, f.name)  # parses and writes the entry
        again = parsecache.load_rule_file(f, f.name)  # reads it
        for doc in (first, again):
            assert (doc.data, doc.lines, doc.file) == (plain.data, plain.lines, plain.file)
    assert len(list(tmp_path.glob("*.pickle"))) == len(_rule_files())


def test_cached_rule_set_evaluates_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CROSSLAW_CACHE_DIR", "off")
    plain = load_rules()
    monkeypatch.setenv("CROSSLAW_CACHE_DIR", str(tmp_path))
    load_rules()  # fills the cache
    cached = load_rules()  # reads it
    assert cached.digest == plain.digest and cached.files == plain.files
    assert sorted(cached.rules) == sorted(plain.rules) and sorted(cached.computed) == sorted(plain.computed)
    a, b = Engine(plain), Engine(cached)
    for example in EXAMPLES:
        data = load_any(example)
        for on in (date(2025, 12, 31), date(2026, 1, 1)):
            assert a.evaluate(data, on=on).model_dump_json() == b.evaluate(data, on=on).model_dump_json()


@pytest.mark.parametrize("garbage", [
    b"",
    b"not a pickle at all",
    pickle.dumps(("x",))[:-3],  # cut short
    pickle.dumps(os.system),  # names a function: refused before anything is built
    pickle.dumps(("other.yaml", {"a": 1}, {(): 1})),  # another file's entry
    pickle.dumps({"a": 1}),  # not the shape of an entry
])
def test_a_bad_entry_is_ignored_and_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, garbage: bytes) -> None:
    monkeypatch.setenv("CROSSLAW_CACHE_DIR", str(tmp_path))
    f = _rule_files()[0]
    parsecache.load_rule_file(f, f.name)
    (entry,) = tmp_path.glob("*.pickle")
    entry.write_bytes(garbage)
    doc = parsecache.load_rule_file(f, f.name)
    plain = load_file(f, f.name)
    assert (doc.data, doc.lines) == (plain.data, plain.lines)
    assert entry.read_bytes() != garbage  # parsed again and rewritten


def test_a_changed_file_is_parsed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CROSSLAW_CACHE_DIR", str(tmp_path / "cache"))
    f = tmp_path / "r.yaml"
    f.write_text("a: 1\n", encoding="utf-8")
    assert parsecache.load_rule_file(f, "r.yaml").data == {"a": 1}
    f.write_text("a: 2\nb: [1, 2]\n", encoding="utf-8")
    doc = parsecache.load_rule_file(f, "r.yaml")
    assert doc.data == {"a": 2, "b": [1, 2]} and doc.lines[("b",)] == 2


def test_errors_are_raised_as_without_cache_and_not_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CROSSLAW_CACHE_DIR", str(tmp_path / "cache"))
    f = tmp_path / "bad.yaml"
    f.write_text("a: 1\na: 2\n", encoding="utf-8")
    with pytest.raises(Exception) as cached:
        parsecache.load_rule_file(f, "bad.yaml")
    with pytest.raises(Exception) as plain:
        load_file(f, "bad.yaml")
    assert str(cached.value) == str(plain.value)
    assert not list((tmp_path / "cache").glob("*.pickle"))


def test_an_unwritable_cache_directory_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("CROSSLAW_CACHE_DIR", str(blocker / "cache"))  # a directory under a file
    f = _rule_files()[0]
    assert parsecache.load_rule_file(f, f.name).data == load_file(f, f.name).data
