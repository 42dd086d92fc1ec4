"""The rule expression language: a small, safe, typed language for conditions and formulas.

Parsed into an AST at load time, type-checked against the fact catalogue, then compiled
twice: to a three-valued Python evaluator (the explainer) and to durable_rules JSON
conditions (the Rete run). Nothing here ever calls ``eval``.
"""

from crosslaw.language.ast import Node
from crosslaw.language.parser import parse
from crosslaw.language.types import Type
from crosslaw.language.values import Unknown, is_unknown

__all__ = ["Node", "parse", "Type", "Unknown", "is_unknown"]
