"""The Jinja2 environment of the reports: HTML autoescaped, Markdown escaped by a filter.

Templates live in ``presentation/templates``; a missing variable is an error (StrictUndefined),
never an empty string in a report a resident reads.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from crosslaw.explanation.result import Citation

if TYPE_CHECKING:  # pragma: no cover
    import jinja2


def md(text: Any) -> str:
    """Escape the characters that would turn plain Dutch text into Markdown markup."""
    out = str(text).replace("\\", "\\\\")
    for ch in "*_`[]<>|":
        out = out.replace(ch, "\\" + ch)
    return out.replace("\n", " ")


def md_link(c: Citation) -> str:
    link = c.link.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
    return f"[{md(c.text)}]({link})"


def md_code(text: Any) -> str:
    return f"`{str(text).replace('`', '')}`"


@lru_cache(maxsize=1)
def environment() -> "jinja2.Environment":
    import jinja2  # imported on first render: a plain `crosslaw evaluate` never pays for it (cold start)

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("crosslaw.presentation", "templates"),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",), disabled_extensions=("md.j2", "txt.j2"), default=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # templates ship with the package; no stat() per render
    )
    env.filters.update(md=md, link=md_link, code=md_code)
    return env


@lru_cache(maxsize=1)
def css() -> str:
    return resources.files("crosslaw.presentation").joinpath("templates", "report.css").read_text(encoding="utf-8")


def render(name: str, **context: Any) -> str:
    return environment().get_template(name).render(**context)
