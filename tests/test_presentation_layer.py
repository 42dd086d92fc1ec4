"""Presentation sits above the engine: nothing below imports it, and its HTML is autoescaped."""

from __future__ import annotations

import ast
from pathlib import Path

from crosslaw.presentation.templating import environment

SRC = Path(__file__).resolve().parents[1] / "src" / "crosslaw"
BELOW = ("engine", "explanation", "household", "language", "ruleset", "situation", "deviation", "audit")
SHIMS = {SRC / "explanation" / "text.py", SRC / "explanation" / "report.py"}  # re-exports for old import paths


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
    return names


def test_no_module_below_the_engine_imports_presentation():
    offenders = []
    for package in BELOW:
        for path in (SRC / package).rglob("*.py"):
            if path in SHIMS:
                continue
            if any(n == "crosslaw.presentation" or n.startswith("crosslaw.presentation.") for n in _imports(path)):
                offenders.append(str(path.relative_to(SRC)))
    assert offenders == []


def test_html_templates_autoescape_and_markdown_templates_do_not():
    env = environment()
    assert env.autoescape("report.html.j2") is True
    assert env.autoescape("report.md.j2") is False
    html_t = env.get_template("macros.html.j2")
    assert html_t.module.cite(type("C", (), {"link": "x\"><script>", "text": "<b>"})()) == '<a href="x&#34;&gt;&lt;script&gt;">&lt;b&gt;</a>'
