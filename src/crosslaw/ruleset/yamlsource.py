"""Safe YAML loading that remembers where each value came from.

``yaml.safe_load`` forgets line numbers; rule authors need them. We compose the node
tree with the safe loader, build plain Python data from it ourselves and keep a map
from each value's path (as pydantic reports it, e.g. ``rules.3.requirements.0.when``)
to its line. Duplicate keys, which plain PyYAML silently lets win, are an error.

libyaml's C parser is used where PyYAML was built with it (it keeps line numbers too), the pure
Python one elsewhere.

Input that would exhaust the host is refused before anything is built. A first pass over the
parser's events (streamed, no tree, no recursion) checks the file against ``Limits``: nesting
depth, list length, and the number of values the document holds once every alias is expanded, so
a few hundred bytes of nested aliases (a "billion laughs" bomb) cannot grow into gigabytes.
Situation files may hold no aliases at all. Only then is the node tree composed and built.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

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

#: libyaml's C loader when PyYAML has it (much faster, same marks), else the pure Python one
Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Limits:
    """What one YAML file may hold; see the module docstring and the README for the values."""

    max_bytes: int = 5_000_000
    max_depth: int = 64
    max_list: Optional[int] = None  # items in one list (None: only the value count bounds it)
    max_values: int = 1_000_000  # values (scalars and collections) once aliases are expanded
    aliases: bool = True


#: rule files, mandate registers and justifications: aliases allowed, but bounded
RULE_LIMITS = Limits()
#: situation files: one household, no aliases (see crosslaw.situation.limits)
SITUATION_LIMITS = Limits(max_bytes=1_000_000, max_depth=32, max_list=1_000, max_values=100_000, aliases=False)


def _check_events(text: str, file: str, limits: Limits) -> None:
    """Stream the parser's events and refuse the document past ``limits`` (YamlError, Dutch)."""
    anchors: dict[str, int] = {}  # anchor -> values it stands for, expanded
    stack: list[list[Any]] = []  # open collections: [values so far, anchor, items]
    total = 0
    for event in yaml.parse(text, Loader=Loader):
        line = event.start_mark.line + 1 if event.start_mark else None
        if isinstance(event, yaml.AliasEvent):
            if not limits.aliases:
                raise YamlError(file, line, "verwijzingen (anker &naam en alias *naam) zijn in dit bestand niet toegestaan")
            if event.anchor not in anchors:
                if any(frame[1] == event.anchor for frame in stack):
                    raise YamlError(file, line, f"alias *{event.anchor} verwijst naar zichzelf")
                raise YamlError(file, line, f"alias *{event.anchor} verwijst naar een onbekend anker")
            size = anchors[event.anchor]
        elif isinstance(event, yaml.ScalarEvent):
            size = 1
            if event.anchor is not None:
                if not limits.aliases:
                    raise YamlError(file, line, "verwijzingen (anker &naam en alias *naam) zijn in dit bestand niet toegestaan")
                anchors[event.anchor] = 1
        elif isinstance(event, yaml.CollectionStartEvent):
            if len(stack) >= limits.max_depth:
                raise YamlError(file, line, f"te diep genest: meer dan {limits.max_depth} niveaus")
            if event.anchor is not None and not limits.aliases:
                raise YamlError(file, line, "verwijzingen (anker &naam en alias *naam) zijn in dit bestand niet toegestaan")
            if stack:
                stack[-1][2] += 1
                _check_list(stack[-1], event, file, line, limits)
            stack.append([1, event.anchor, 0, isinstance(event, yaml.SequenceStartEvent)])
            total += 1
            if total > limits.max_values:
                raise YamlError(file, line, f"het bestand bevat meer dan {limits.max_values} waarden (aliassen meegeteld)")
            continue
        elif isinstance(event, yaml.CollectionEndEvent):
            size, anchor, _, _ = stack.pop()
            if anchor is not None:
                anchors[anchor] = size
            if stack:
                stack[-1][0] += size
            continue
        else:
            continue
        total += size
        if total > limits.max_values:
            raise YamlError(file, line, f"het bestand bevat meer dan {limits.max_values} waarden (aliassen meegeteld)")
        if stack:
            stack[-1][0] += size
            stack[-1][2] += 1
            _check_list(stack[-1], event, file, line, limits)


def _check_list(frame: list[Any], event: Any, file: str, line: Optional[int], limits: Limits) -> None:
    if limits.max_list is not None and frame[3] and frame[2] > limits.max_list:
        raise YamlError(file, line, f"een lijst heeft meer dan {limits.max_list} elementen")


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


def load_text(text: str, file: str, limits: Limits = RULE_LIMITS) -> Located:
    if len(text) > limits.max_bytes:
        raise YamlError(file, None, f"het bestand is te groot: meer dan {limits.max_bytes} tekens")
    try:
        _check_events(text, file, limits)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        problem = str(e.problem or e)
        if "nesting depth" in problem:  # libyaml's own bound, reached while it reads ahead
            problem = f"te diep genest: meer dan {limits.max_depth} niveaus"
        else:
            problem = f"ongeldige YAML: {problem}"
        raise YamlError(file, mark.line + 1 if mark else None, problem) from None
    except yaml.YAMLError as e:
        raise YamlError(file, None, f"ongeldige YAML: {e}") from None
    loader = Loader(text)
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


def load_file(path: Path, display: str | None = None, limits: Limits = RULE_LIMITS) -> Located:
    name = display or str(path)
    try:
        with open(path, "rb") as f:
            raw = f.read(limits.max_bytes + 1)  # never more than the limit into memory
        if len(raw) > limits.max_bytes:
            raise YamlError(name, None, f"het bestand is te groot: meer dan {limits.max_bytes} bytes")
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise YamlError(name, None, f"kan het bestand niet lezen: {e}") from None
    return load_text(text, name, limits)
