"""The generated scenario files are what their generators write today.

tools/make_indexation_scenarios.py writes the boundary pairs of every indexation date of 2022-2024 from a table
typed from the published law texts; tools/shift_scenarios.py moves hand-written scenarios to earlier years. If a
source scenario or the table changes, the generated file must be written again (run the tool), or the scenarios
would test something other than what the tool and its documentation say."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _tool(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _check(rendered: dict[Path, str], tool: str) -> None:
    assert rendered
    for path, text in rendered.items():
        assert path.exists(), f"{path} ontbreekt: run python tools/{tool}.py"
        assert path.read_text() == text, f"{path.relative_to(ROOT)} is niet bijgewerkt: run python tools/{tool}.py"


def test_indexation_pairs_are_up_to_date():
    _check(_tool("make_indexation_scenarios").render(), "make_indexation_scenarios")


def test_moved_scenarios_are_up_to_date(engine):
    _check(_tool("shift_scenarios").render(engine), "shift_scenarios")


def test_indexation_table_has_an_amount_for_every_period():
    tool = _tool("make_indexation_scenarios")
    for name, table in {**tool.PW, **tool.TW, "wml": tool.WML, "max_dagloon": tool.MAX_DAGLOON}.items():
        assert len(table) == len(tool.PERIODS), name
        assert all(isinstance(v, int) and v > 0 for v in table), name


@pytest.mark.parametrize("law", ["participatiewet", "uwv", "jeugdwet", "wmo", "conflicts"])
def test_moved_scenarios_exist_for_every_law(law):
    assert (ROOT / "tests" / "scenarios" / law / "twee_jaar_eerder.yaml").exists()
