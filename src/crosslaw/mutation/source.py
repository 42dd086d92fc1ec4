"""The rules as read once, and a rule set rebuilt from them with a few items changed.

Reading and validating every rule file is the slow part of a load (YAML with line numbers,
pydantic); compiling is fast, and parsing an expression is the bulk of compiling. So the
files are read once, every expression is parsed once, and a mutant only swaps the
validated models of the items it changes before the rule set is compiled again: nothing
is written to the rules directory, and every check of the loader (types, overlapping
versions, cycles) still applies to the mutated rules.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from crosslaw.errors import CrosslawError
from crosslaw.ruleset.compiled import RuleSet
from crosslaw.ruleset.loader import _Loader, _person_conflicts, default_rules_dir
from crosslaw.ruleset.model import Computed, Conflict, LawMeta, Parameter, Rule
from crosslaw.ruleset.yamlsource import Located

#: The model class of an item, by the list it sits in within a rule file.
MODELS: dict[str, type[BaseModel]] = {"parameters": Parameter, "computed": Computed, "rules": Rule, "conflicts": Conflict}


class InvalidMutant(CrosslawError):
    """The changed rules do not load (a mutant the loader itself refuses)."""


class _Reader(_Loader):
    """The loader, remembering every rule file it read and every expression it parsed."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.docs: list[tuple[LawMeta, Located]] = []
        self.parsed: dict[tuple[str, str, str], Any] = {}
        self.compiled: dict[tuple[str, int], tuple[Any, Any]] = {}

    def _read_rule_file(self, meta: LawMeta, doc: Located) -> None:
        self.docs.append((meta, doc))
        super()._read_rule_file(meta, doc)

    def _parse(self, text, doc, path, scope, context, want):  # type: ignore[no-untyped-def]
        # the scope is the same for every mutant (no mutation changes a type), so the
        # parsed and type-checked tree of a text can be reused; errors are never cached
        key = (text, context, want.kind)
        ast = self.parsed.get(key)
        if ast is None:
            ast = self.parsed[key] = super()._parse(text, doc, path, scope, context, want)
        return ast

    # the trees above are shared, so what is compiled from a tree can be shared too; the
    # tree is kept with its result, so an id is never reused while its entry lives
    def _compile_expr(self, ast, scope):  # type: ignore[no-untyped-def]
        return self._memo("expr", ast, lambda: super(_Reader, self)._compile_expr(ast, scope))

    def _compile_condition(self, ast):  # type: ignore[no-untyped-def]
        return self._memo("rete", ast, lambda: super(_Reader, self)._compile_condition(ast))

    def _memo(self, kind: str, ast: Any, make: Any) -> Any:
        hit = self.compiled.get((kind, id(ast)))
        if hit is None or hit[0] is not ast:
            hit = self.compiled[(kind, id(ast))] = (ast, make())
        return hit[1]


class RuleSource:
    """The rule files of a directory, read once, from which changed rule sets are built."""

    def __init__(self, rules_dir: str | Path | None = None) -> None:
        root = Path(rules_dir) if rules_dir is not None else default_rules_dir()
        self._reader = _Reader(root.resolve())
        self._reader.read()
        self.rules: RuleSet = self._reader.compile()
        self.rules.person_conflicts = _person_conflicts(self._reader, self.rules)  # as load_rules does
        r = self._reader
        self.docs = r.docs
        self._rule_index = {(doc.file, path): i for i, (_, _, doc, path) in enumerate(r.rule_models)}
        self._computed_index = {(doc.file, path): i for i, (_, _, doc, path) in enumerate(r.computed_models)}

    def data(self, doc: Located, path: tuple[Any, ...]) -> Any:
        """The YAML data of ``path`` in ``doc`` (a fresh copy, free to change)."""
        node = doc.data
        for key in path:
            node = node[key]
        return copy.deepcopy(node)

    def build(self, edits: Any) -> RuleSet:
        """Compile the rules with each edited item replaced by its changed YAML data.

        ``edits`` are ``(doc, path, data)`` triples; raises ``InvalidMutant`` when the
        changed rules would not load."""
        base = self._reader
        loader = copy.copy(base)
        loader.parameters = dict(base.parameters)
        loader.rule_models = list(base.rule_models)
        loader.computed_models = list(base.computed_models)
        for doc, path, data in edits:
            kind = path[0]
            try:
                model = MODELS[kind].model_validate(data)
            except ValidationError as e:
                err = e.errors()[0]
                raise InvalidMutant(f"{'.'.join(map(str, err['loc']))}: {err['msg']}") from None
            if kind == "parameters":
                loader.parameters[model.id] = model  # type: ignore[attr-defined]
            elif kind == "computed":
                i = self._computed_index[(doc.file, path)]
                law, _, _, _ = base.computed_models[i]
                loader.computed_models[i] = (law, model, doc, path)
            else:
                i = self._rule_index[(doc.file, path)]
                law, _, _, _ = base.rule_models[i]
                loader.rule_models[i] = (law, model, doc, path)
        try:
            rules = loader.compile()
            rules.person_conflicts = _person_conflicts(loader, rules)  # the conflicts between persons read the changed rules
            return rules
        except CrosslawError as e:
            raise InvalidMutant(str(e)) from None
