"""Safe YAML loading that remembers where each value came from.

``yaml.safe_load`` forgets line numbers; rule authors need them. We compose the node
tree with the safe loader, build plain Python data from it ourselves and keep a map
from each value's path (as pydantic reports it, e.g. ``rules.3.requirements.0.when``)
to its line. Duplicate keys, which plain PyYAML silently lets win, are an error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from crosslaw.errors import CrosslawError

Path_ = tuple[Any, ...]


class YamlError(CrosslawError):
    def __init__(self, file: str, line: int | None, message: str) -> None:
        self.file, self.line, self.reason = file, line, message
        super().__init__(f"{file}:{line}: {message}" if line else f"{file}: {message}")


class Located:
    """Parsed YAML data plus the line of every value in it."""

    def __init__(self, data: Any, lines: dict[Path_, int], file: str) -> None:
        self.data = data
        self.lines = lines
        self.file = file

    def line_of(self, path: Path_) -> int | None:
        """Line of ``path`` or of its nearest enclosing value."""
        path = tuple(path)
        while True:
            if path in self.lines:
                return self.lines[path]
            if not path:
                return None
            path = path[:-1]


_constructor = yaml.SafeLoader.yaml_constructors


def _build(node: yaml.Node, path: Path_, lines: dict[Path_, int], file: str, loader: yaml.SafeLoader) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        loader.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if key in out:
                raise YamlError(file, key_node.start_mark.line + 1, f"sleutel {key!r} komt twee keer voor")
            out[key] = _build(value_node, path + (key,), lines, file, loader)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(v, path + (i,), lines, file, loader) for i, v in enumerate(node.value)]
    try:
        return loader.construct_object(node, deep=True)
    except ValueError:  # an unquoted date that does not exist (1991-13-14): the resolver makes it a timestamp
        raise YamlError(file, node.start_mark.line + 1, f"{node.value!r} is geen bestaande datum (JJJJ-MM-DD)") from None


def load_text(text: str, file: str) -> Located:
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Located(None, {}, file)
        lines: dict[Path_, int] = {}
        data = _build(node, (), lines, file, loader)
        return Located(data, lines, file)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else None
        raise YamlError(file, line, f"ongeldige YAML: {e.problem or e}") from None
    except yaml.YAMLError as e:
        raise YamlError(file, None, f"ongeldige YAML: {e}") from None
    finally:
        loader.dispose()


def load_file(path: Path, display: str | None = None) -> Located:
    name = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise YamlError(name, None, f"kan het bestand niet lezen: {e}") from None
    return load_text(text, name)
