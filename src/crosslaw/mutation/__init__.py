"""Mutation testing of the rules: how well the scenarios pin the law down.

One small change at a time to the rule YAML (a threshold, a comparison, a date, a
requirement, a parameter), applied in memory, then the law's scenarios run in-process:
a scenario that fails *kills* the mutant; a mutant that survives is a change to the law
no scenario would notice. ``crosslaw rules mutate`` is the command for rule authors.
"""

from crosslaw.mutation.operators import OPERATORS, Edit, Mutant, generate
from crosslaw.mutation.run import MutationReport, MutationResult, MutationRun

__all__ = ["OPERATORS", "Edit", "Mutant", "MutationReport", "MutationResult", "MutationRun", "generate"]
