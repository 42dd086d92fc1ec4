"""Load a rules directory: validate every file, type-check and compile every expression.

A directory holds one folder per law (with a ``law.yaml``); every other ``*.yaml`` in
that folder is a rule file. Any error stops the load with ``file:line`` and a Dutch
reason, so a municipality's rule author sees exactly what to fix.
"""

from __future__ import annotations

import hashlib
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from crosslaw.errors import ExpressionError, RuleFileError
from crosslaw.language.ast import names_in
from crosslaw.language.evaluate import compile_expr
from crosslaw.language.parser import parse
from crosslaw.language.rete import compile_condition
from crosslaw.language.types import BOOL, DATE, DECIMAL, INT, MONEY, SCHEDULE, Type, check
from crosslaw.ruleset.compiled import CompiledComputed, CompiledCondition, CompiledRule, RuleSet
from crosslaw.ruleset.model import ROLES, Basis, LawMeta, Parameter, RuleFile
from crosslaw.ruleset.parsecache import load_rule_file
from crosslaw.ruleset.yamlsource import Located
from crosslaw.situation.facts import fact_types

LAW_FILE = "law.yaml"
UNIT_TYPES = {"money": MONEY, "int": INT, "decimal": DECIMAL, "age_by_year": SCHEDULE}
COMPUTED_TYPES = {"bool": BOOL, "int": INT, "decimal": DECIMAL, "money": MONEY, "text": Type("text"), "date": DATE}


def default_rules_dir() -> Path:
    """The rules shipped in the wheel, or the repository's ``rules/`` in a source checkout."""
    packaged = Path(str(resources.files("crosslaw"))) / "_rules"
    if packaged.is_dir():
        return packaged
    source = Path(__file__).resolve().parents[3] / "rules"
    if source.is_dir():
        return source
    raise RuleFileError(str(packaged), None, "geen regels gevonden in het pakket")  # pragma: no cover


def _pydantic_error(e: ValidationError, doc: Located) -> RuleFileError:
    err = e.errors()[0]
    loc = tuple(err["loc"])
    where = ".".join(str(p) for p in loc) or "(bestand)"
    msg = err["msg"].removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        msg = "onbekend veld"
    elif err["type"] == "missing":
        msg = "verplicht veld ontbreekt"
    more = f" (en nog {len(e.errors()) - 1} fout(en))" if len(e.errors()) > 1 else ""
    return RuleFileError(doc.file, doc.line_of(loc), f"{where}: {msg}{more}")


class _Loader:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.laws: dict[str, LawMeta] = {}
        self.parameters: dict[str, Parameter] = {}
        self.parameter_law: dict[str, str] = {}
        self.rule_models: list[tuple[str, Any, Located, tuple[Any, ...]]] = []
        self.computed_models: list[tuple[str, Any, Located, tuple[Any, ...]]] = []
        self.where: dict[str, tuple[str, int | None]] = {}
        self.files: list[str] = []
        self.hasher = hashlib.sha256()
        self.person_conflict_docs: list[tuple[LawMeta, Located]] = []
        self._law_doc: dict[str, Located] = {}

    def display(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root.parent))
        except ValueError:  # pragma: no cover
            return str(path)

    # -- reading ------------------------------------------------------------------
    def read(self) -> None:
        if not self.root.is_dir():
            raise RuleFileError(str(self.root), None, "regelmap bestaat niet")
        law_dirs = sorted(p for p in self.root.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
        for law_dir in law_dirs:
            meta_path = law_dir / LAW_FILE
            files = sorted(p for p in law_dir.glob("*.yaml") if p.name != LAW_FILE)
            if not meta_path.exists():
                if files:
                    raise RuleFileError(self.display(law_dir), None, f"map met regels zonder {LAW_FILE}")
                continue  # an empty home for a law still to be encoded
            doc = self._load(meta_path)
            try:
                meta = LawMeta.model_validate(doc.data)
                self._law_doc[meta.id] = doc
            except ValidationError as e:
                raise _pydantic_error(e, doc) from None
            if meta.id in self.laws:
                raise RuleFileError(doc.file, 1, f"wet {meta.id!r} is al gedefinieerd")
            if meta.concerns is not None:
                self._check_basis(meta.concerns.basis, meta, doc, ("concerns",))
            if meta.kind == "person_conflicts":  # compiled after the laws they read (see person_conflicts)
                self.person_conflict_docs += [(meta, self._load(f)) for f in files]
                continue
            self.laws[meta.id] = meta
            for f in files:
                self._read_rule_file(meta, self._load(f))
        if not self.laws:
            raise RuleFileError(str(self.root), None, "geen enkele wet gevonden (map met law.yaml)")
        self.laws = dict(sorted(self.laws.items(), key=lambda kv: (kv[1].order, kv[0])))

    def _load(self, path: Path) -> Located:
        doc = load_rule_file(path, self.display(path))  # parsed once per file content (parsecache.py)
        self.files.append(doc.file)
        self.hasher.update(doc.file.encode() + b"\0" + path.read_bytes() + b"\0")
        return doc

    def _claim(self, ident: str, meta: LawMeta, doc: Located, path: tuple[Any, ...], versioned: bool) -> None:
        if not ident.startswith(meta.prefix + "."):
            raise RuleFileError(doc.file, doc.line_of(path + ("id",)), f"id {ident!r} begint niet met '{meta.prefix}.'")
        if ident in self.where and not versioned:
            f, line = self.where[ident]
            raise RuleFileError(doc.file, doc.line_of(path + ("id",)), f"id {ident!r} bestaat al ({f}:{line})")
        self.where.setdefault(ident, (doc.file, doc.line_of(path)))

    def _read_rule_file(self, meta: LawMeta, doc: Located) -> None:
        if doc.data is None:
            return
        try:
            rf = RuleFile.model_validate(doc.data)
        except ValidationError as e:
            raise _pydantic_error(e, doc) from None
        for i, p in enumerate(rf.parameters):
            path = ("parameters", i)
            self._claim(p.id, meta, doc, path, versioned=False)
            self._check_basis(p.basis, meta, doc, path)
            self.parameters[p.id] = p
            self.parameter_law[p.id] = meta.id
        for i, c in enumerate(rf.computed):
            path = ("computed", i)
            self._claim(c.id, meta, doc, path, versioned=True)
            self._check_basis(c.basis, meta, doc, path)
            self.computed_models.append((meta.id, c, doc, path))
        for i, r in enumerate(rf.rules):
            path = ("rules", i)
            self._claim(r.id, meta, doc, path, versioned=True)
            self._check_basis(r.basis, meta, doc, path)
            self.rule_models.append((meta.id, r, doc, path))
        if rf.conflicts and meta.kind not in ("conflicts", "person_conflicts"):
            raise RuleFileError(doc.file, doc.line_of(("conflicts",)), "conflicten horen in een map met 'kind: conflicts' in law.yaml")
        for i, c in enumerate(rf.conflicts):
            path = ("conflicts", i)
            if (c.between is not None) != (meta.kind == "person_conflicts"):
                where = "in een map met 'kind: person_conflicts'" if c.between is None else "met 'between' (tussen personen)"
                raise RuleFileError(doc.file, doc.line_of(path), f"conflict {c.id!r} hoort alleen {where}")
            self._claim(c.id, meta, doc, path, versioned=True)
            for j, basis in enumerate([c.basis, *(sd.basis for sd in c.sides), *(lv.basis for lv in c.levers)]):
                self._check_basis(basis, meta, doc, path)
            self.rule_models.append((meta.id, c, doc, path))

    @staticmethod
    def _check_basis(basis: Basis, meta: LawMeta, doc: Located, path: tuple[Any, ...]) -> None:
        if basis.bwb not in meta.bwb:
            raise RuleFileError(doc.file, doc.line_of(path + ("basis", "bwb")), f"{basis.bwb} hoort niet bij wet {meta.id!r} ({', '.join(meta.bwb)})")

    # -- compiling ------------------------------------------------------------------
    def compile(self, base: RuleSet | None = None, base_scope: dict[str, Type] | None = None) -> RuleSet:
        """Compile what was read. With ``base``, the rules are conflicts between persons that read
        the base rule set's facts and outcomes per role (``base_scope`` names them)."""
        scope: dict[str, Type] = dict(base_scope) if base_scope is not None else dict(fact_types())
        for pid, p in self.parameters.items():
            if pid in scope:
                raise RuleFileError(*self.where[pid], f"id {pid!r} botst met een feit")
            scope[pid] = UNIT_TYPES[p.unit]
        for law, c, doc, path in self.computed_models:
            t = COMPUTED_TYPES[c.type]
            if c.id in scope and scope[c.id] != t:
                raise RuleFileError(doc.file, doc.line_of(path + ("type",)), f"versies van {c.id!r} hebben verschillende types")
            scope[c.id] = t
        for law, r, doc, path in self.rule_models:
            if r.id in scope and scope[r.id] is not BOOL:
                raise RuleFileError(doc.file, doc.line_of(path + ("id",)), f"id {r.id!r} botst met een feit, parameter of berekening")
        for law, r, doc, path in self.rule_models:
            scope[r.id] = BOOL  # a rule's outcome is a yes/no value other rules may refer to
        rule_ids = {r.id for _, r, _, _ in self.rule_models}
        computed_ids = {c.id for _, c, _, _ in self.computed_models}

        computed: dict[str, list[CompiledComputed]] = {}
        for law, c, doc, path in self.computed_models:
            ast = self._parse(c.formula, doc, path + ("formula",), scope, "formula", COMPUTED_TYPES[c.type])
            deps = frozenset(n for n in names_in(ast) if n in computed_ids or n in rule_ids)
            versions = computed.setdefault(c.id, [])
            for other in versions:
                if _overlap(other.model, c):
                    raise RuleFileError(doc.file, doc.line_of(path), f"geldigheid van {c.id!r} overlapt met {other.file}:{other.line}")
            versions.append(CompiledComputed(c, law, scope[c.id], self._compile_expr(ast, scope), deps, doc.file, doc.line_of(path),
                                             frozenset(names_in(ast))))

        rules: dict[str, list[CompiledRule]] = {}
        for law, r, doc, path in self.rule_models:
            conds = {}
            file_keys = {"requirements": "triggers", "exclusions": "unless"} if r.type == "conflict" else {}
            for role, key in (("requirement", "requirements"), ("exclusion", "exclusions"), ("exemption", "exemptions")):
                conds[key] = tuple(
                    self._condition(c, role, r.basis, doc, path + (file_keys.get(key, key), i), scope) for i, c in enumerate(getattr(r, key))
                )
            if r.type == "conflict" and base is not None:
                _check_person_conflict(r, base, conds, doc, path)
            elif r.type == "conflict":
                for j, side in enumerate(r.sides):
                    if side.ref is not None and side.ref not in rule_ids and side.ref not in computed_ids:
                        raise RuleFileError(doc.file, doc.line_of(path + ("sides", j, "ref")), f"kant verwijst naar onbekende regel of berekening {side.ref!r}")
                    if side.ref is None and side.law in self.laws:
                        raise RuleFileError(doc.file, doc.line_of(path + ("sides", j)), f"een kant uit {side.law!r} noemt de regel of berekening (ref) waarop hij rust")
            amount = None
            amount_names: frozenset[str] = frozenset()
            if r.amount:
                ast = self._parse(r.amount, doc, path + ("amount",), scope, "formula", MONEY)
                amount, amount_names = self._compile_expr(ast, scope), frozenset(names_in(ast))
            versions = rules.setdefault(r.id, [])
            for other in versions:
                if _overlap(other.model, r):
                    raise RuleFileError(doc.file, doc.line_of(path), f"geldigheid van {r.id!r} overlapt met {other.file}:{other.line}")
                if other.model.type != r.type:
                    raise RuleFileError(doc.file, doc.line_of(path + ("type",)), f"versies van {r.id!r} hebben een ander type")
            versions.append(
                CompiledRule(r, law, conds["requirements"], conds["exclusions"], conds["exemptions"], amount, amount_names, doc.file, doc.line_of(path))
            )
        order = _topological(computed, rules)
        concerns = {}
        for law, meta in self.laws.items():
            if meta.concerns is not None:
                ast = self._parse(meta.concerns.when, self._law_doc[law], ("concerns", "when"), scope, "condition", BOOL)
                concerns[law] = (meta.concerns, compile_expr(ast, scope))
        return RuleSet(
            laws=self.laws,
            parameters=self.parameters,
            parameter_law=self.parameter_law,
            computed=computed,
            computed_order=[i for kind, i in order if kind == "computed"],
            order=order,
            rules=rules,
            scope=scope,
            digest=self.hasher.hexdigest(),
            root=str(self.root),
            files=self.files,
            concerns=concerns,
        )

    def _parse(self, text: str, doc: Located, path: tuple[Any, ...], scope: dict[str, Type], context: str, want: Type):
        line = doc.line_of(path)
        try:
            ast = parse(text)
            got = check(ast, scope, context)
        except ExpressionError as e:
            col = f", kolom {e.column}" if e.column else ""
            raise RuleFileError(doc.file, line, f"{'.'.join(map(str, path))}{col}: {e.reason}\n    {text}") from None
        if got.kind != want.kind and not (want.kind == "decimal" and got.kind == "int"):
            raise RuleFileError(doc.file, line, f"{'.'.join(map(str, path))}: verwacht {want}, maar de uitdrukking geeft {got}")
        return ast

    # hooks: a tool that compiles one rule set many times (crosslaw rules mutate) memoises these
    def _compile_expr(self, ast: Any, scope: dict[str, Type]) -> Any:
        return compile_expr(ast, scope)

    def _compile_condition(self, ast: Any) -> dict[str, Any]:
        return compile_condition(ast)

    def _condition(self, c: Any, role: str, rule_basis: Basis, doc: Located, path: tuple[Any, ...], scope: dict[str, Type]) -> CompiledCondition:
        ast = self._parse(c.when, doc, path + ("when",), scope, "condition", BOOL)
        try:
            rete = self._compile_condition(ast)
        except ExpressionError as e:
            raise RuleFileError(doc.file, doc.line_of(path + ("when",)), f"{'.'.join(map(str, path))}.when: {e.reason}") from None
        basis = c.basis or rule_basis
        return CompiledCondition(c, role, basis, ast, self._compile_expr(ast, scope), rete, frozenset(names_in(ast)), doc.file, doc.line_of(path))


def _overlap(a: Any, b: Any) -> bool:
    a_end = a.valid_to or a.valid_from.max
    b_end = b.valid_to or b.valid_from.max
    return a.valid_from <= b_end and b.valid_from <= a_end


def _topological(
    computed: dict[str, list[CompiledComputed]], rules: dict[str, list[CompiledRule]], law_order: list[str] | None = None
) -> list[tuple[str, str]]:
    """Computed values and rules in an order where every reference comes first.

    Among nodes that do not depend on each other, ``law_order`` decides which law goes first
    (alphabetical by id when absent); any such order gives the same evaluation."""
    order: list[tuple[str, str]] = []
    state: dict[str, int] = {}

    def deps(node: str) -> set[str]:
        if node in computed:
            return {d for v in computed[node] for d in v.depends_on}
        out: set[str] = set()
        for v in rules[node]:
            out |= v.names() | v.amount_names
        return {d for d in out if d in computed or d in rules}

    def where(node: str) -> tuple[str, int | None]:
        v = computed[node][0] if node in computed else rules[node][0]
        return v.file, v.line

    def visit(node: str, trail: list[str]) -> None:
        if state.get(node) == 2:
            return
        if state.get(node) == 1:
            raise RuleFileError(*where(node), f"kringverwijzing: {' -> '.join(trail + [node])}")
        state[node] = 1
        for dep in sorted(deps(node)):
            visit(dep, trail + [node])
        state[node] = 2
        order.append(("computed" if node in computed else "rule", node))

    rank = {law: i for i, law in enumerate(law_order or [])}

    def priority(node: str) -> tuple[int, str]:
        v = computed[node][0] if node in computed else rules[node][0]
        return (rank.get(v.law, len(rank)), node)

    for node in sorted(list(computed) + list(rules), key=priority):
        visit(node, [])
    return order


def _check_person_conflict(r: Any, base: RuleSet, conds: dict[str, Any], doc: Located, path: tuple[Any, ...]) -> None:
    """A conflict between persons reads only its own two roles, and its sides name a base rule."""
    roles = ROLES[r.between]
    for j, side in enumerate(r.sides):
        if side.ref is not None and side.ref not in base.rules and side.ref not in base.computed:
            raise RuleFileError(doc.file, doc.line_of(path + ("sides", j, "ref")), f"kant verwijst naar onbekende regel of berekening {side.ref!r}")
        if side.ref is None and side.law in base.laws:
            raise RuleFileError(doc.file, doc.line_of(path + ("sides", j)), f"een kant uit {side.law!r} noemt de regel of berekening (ref) waarop hij rust")
    for key in ("requirements", "exclusions"):
        for c in conds[key]:
            for n in c.names:
                if n != "peildatum" and n not in base.parameters and n.split(".", 1)[0] not in roles:
                    raise RuleFileError(c.file, c.line, f"{c.model.id}: {n!r} hoort niet bij de rollen {' en '.join(roles)} van '{r.between}'")


PERSON_FACTS = {"intensive_care_needs": BOOL, "commercial_basis": BOOL}
"""Facts a household states on a person that have no place in a single-person situation."""


def person_scope(base: RuleSet) -> dict[str, Type]:
    """The names a conflict between persons may read: every fact, computed value and outcome of the
    base rule set per role (``kind.jw.jeugdige``), plus the parameters and the peildatum as they are."""
    scope: dict[str, Type] = {}
    roles = sorted({role for pair in ROLES.values() for role in pair})
    own = {n: t for n, t in base.scope.items() if n not in base.parameters and n != "peildatum"} | PERSON_FACTS
    for role in roles:
        for n, t in own.items():
            scope[f"{role}.{n}"] = t
    for n in base.parameters:
        scope[n] = base.scope[n]
    scope["peildatum"] = base.scope["peildatum"]
    return scope


def _person_conflicts(loader: _Loader, base: RuleSet) -> RuleSet | None:
    if not loader.person_conflict_docs:
        return None
    sub = _Loader(loader.root)
    for meta, doc in loader.person_conflict_docs:
        sub.laws[meta.id] = meta
        sub._read_rule_file(meta, doc)
        sub.files.append(doc.file)
    sub.hasher = loader.hasher.copy()
    return sub.compile(base=base, base_scope=person_scope(base))


def load_rules(path: str | Path | None = None) -> RuleSet:
    """Load and compile a rules directory (default: the rules shipped with crosslaw)."""
    root = Path(path) if path is not None else default_rules_dir()
    loader = _Loader(root.resolve())
    loader.read()
    rules = loader.compile()
    rules.person_conflicts = _person_conflicts(loader, rules)
    return rules
