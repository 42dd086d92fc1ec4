"""Error types shared by every layer.

Each error carries enough context (a field path or a file and line) that the CLI can
print one readable paragraph without a traceback; the CLI maps them to exit code 2.
"""

from __future__ import annotations


class CrosslawError(Exception):
    """Base class of every error the user can cause (bad input, bad rule file)."""


class SituationError(CrosslawError):
    """A situation failed validation; ``problems`` lists (field path, reason) pairs."""

    def __init__(self, problems: list[tuple[str, str]], source: str | None = None) -> None:
        self.problems = problems
        self.source = source
        where = f"{source}: " if source else ""
        lines = "; ".join(f"{path or '(situatie)'}: {reason}" for path, reason in problems)
        super().__init__(f"{where}ongeldige situatie: {lines}")


class RuleFileError(CrosslawError):
    """A rule file is malformed; the message starts with ``file:line``."""

    def __init__(self, file: str, line: int | None, message: str) -> None:
        self.file = file
        self.line = line
        self.reason = message
        loc = f"{file}:{line}" if line else file
        super().__init__(f"{loc}: {message}")


class ExpressionError(CrosslawError):
    """An expression does not parse or does not type-check.

    ``column`` is 1-based within the expression text, so the loader can point at it.
    """

    def __init__(self, message: str, column: int | None = None) -> None:
        self.reason = message
        self.column = column
        super().__init__(message if column is None else f"{message} (kolom {column})")


class EngineConsistencyError(Exception):
    """The Rete run and the explainer disagree on a complete fact: a bug, never user error."""
