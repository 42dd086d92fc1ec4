"""From a situation to facts: the flat, typed names that rules refer to.

The catalogue is derived from the situation model itself, so a field added to the
model becomes a fact rules can use (and the type checker knows its type) without a
second list to keep in step. A few facts are derived, such as ages at the evaluation
date; they name the base field they come from, so a missing birth date is reported as
the birth date, not as "age".
"""

from __future__ import annotations

import re
import types
import typing
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel

from crosslaw.errors import SituationError
from crosslaw.language.types import BOOL, DATE, INT, MONEY, TEXT, Type
from crosslaw.language.values import Unknown
from crosslaw.situation.base import MONEY as MONEY_MARK
from crosslaw.situation.model import Situation

#: Item-level derived fields: name -> (source field, type).
AGE = "age"
SKIP = {"case_ref", "bsn", "peildatum"}


@dataclass(frozen=True)
class FactSpec:
    name: str
    type: Type
    vraag: str
    path: tuple[str, ...]  # attribute path from the situation (or item)
    derived_from: str | None = None  # for ages: the birth-date fact


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """Strip Optional; report whether the Annotated metadata marks euro cents."""
    money = False
    if get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        annotation = args[0]
    if get_origin(annotation) is typing.Annotated:
        base, *meta = get_args(annotation)
        money = MONEY_MARK in meta
        annotation = base
    return annotation, money


def _type_of(annotation: Any, money: bool) -> Type | None:
    if annotation is bool:
        return BOOL
    if annotation is int:
        return MONEY if money else INT
    if annotation is date:
        return DATE
    if annotation is str:
        return TEXT
    if get_origin(annotation) is Literal:
        return Type("text", frozenset(get_args(annotation)))
    return None


def _vraag(field: Any) -> str:
    extra = field.json_schema_extra or {}
    return str(extra.get("vraag", field.description or ""))


def _walk(model: type[BaseModel], prefix: tuple[str, ...], out: dict[str, FactSpec], colls: dict[str, Type]) -> None:
    for name, field in model.model_fields.items():
        if not prefix and name in SKIP:
            continue
        path = prefix + (name,)
        dotted = ".".join(path)
        ann, money = _unwrap(field.annotation)
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            _walk(ann, path, out, colls)
            continue
        if get_origin(ann) is list:
            (item_model,) = get_args(ann)
            item_specs: dict[str, FactSpec] = {}
            _walk(item_model, (), item_specs, {})
            item_types = {k: v.type for k, v in item_specs.items()}
            if "birth_date" in item_specs:
                item_types[AGE] = INT
            colls[dotted] = Type("collection", item=item_types)
            out[dotted] = FactSpec(dotted, colls[dotted], _vraag(field), path)
            ITEM_SPECS[dotted] = item_specs
            continue
        t = _type_of(ann, money)
        if t is None:  # pragma: no cover - model/catalogue drift is a programming error
            raise TypeError(f"unsupported field type for fact {dotted}: {ann!r}")
        out[dotted] = FactSpec(dotted, t, _vraag(field), path)
        if name == "birth_date":
            age = ".".join(prefix + (AGE,))
            out[age] = FactSpec(age, INT, "", path, derived_from=dotted)


ITEM_SPECS: dict[str, dict[str, FactSpec]] = {}


@lru_cache(maxsize=1)
def catalogue() -> dict[str, FactSpec]:
    """Every fact a rule may name, with its type and Dutch question."""
    out: dict[str, FactSpec] = {"peildatum": FactSpec("peildatum", DATE, "", ())}
    _walk(Situation, (), out, {})
    return out


def fact_types() -> dict[str, Type]:
    return {name: spec.type for name, spec in catalogue().items()}


def age_on(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _get(obj: Any, path: tuple[str, ...]) -> Any:
    for attr in path:
        if obj is None:
            return None
        obj = getattr(obj, attr)
    return obj


@lru_cache(maxsize=4096)
def _item_unknown(coll: str, index: int, name: str) -> Unknown:
    # one shared object per item fact, like the unknowns of the other facts (see derive)
    return Unknown(frozenset({f"{coll}[{index}].{name}"}))


def _item_env(item: BaseModel, coll: str, index: int, on: date) -> dict[str, Any]:
    env: dict[str, Any] = {}
    for name, spec in ITEM_SPECS[coll].items():
        if spec.derived_from:
            continue
        v = getattr(item, name)
        env[name] = _item_unknown(coll, index, name) if v is None else v
    if "birth_date" in env:
        b = env["birth_date"]
        env[AGE] = b if isinstance(b, Unknown) else age_on(b, on)
    return env


@lru_cache(maxsize=1)
def _birth_dates() -> tuple[list[tuple[str, tuple[str, ...]]], list[tuple[str, tuple[str, ...]]]]:
    """Where birth dates live: scalar facts, and lists whose items have one."""
    scalars, lists = [], []
    for name, spec in catalogue().items():
        if spec.derived_from:
            continue
        if spec.path and spec.path[-1] == "birth_date":
            scalars.append((name, spec.path))
        if spec.type.kind == "collection" and "birth_date" in ITEM_SPECS.get(name, {}):
            lists.append((name, spec.path))
    return scalars, lists


def check_dates(situation: Situation, on: date) -> None:
    """Birth dates after the evaluation date are impossible inputs, not unknowns."""
    problems: list[tuple[str, str]] = []
    scalars, lists = _birth_dates()
    for name, path in scalars:
        v = _get(situation, path)
        if v is not None and v > on:
            problems.append((name, f"geboortedatum {v.isoformat()} ligt na de peildatum {on.isoformat()}"))
    for name, path in lists:
        for i, item in enumerate(_get(situation, path) or []):
            if item.birth_date is not None and item.birth_date > on:
                problems.append((f"{name}[{i}].birth_date", f"geboortedatum {item.birth_date.isoformat()} ligt na de peildatum {on.isoformat()}"))
    if problems:
        raise SituationError(problems)


@lru_cache(maxsize=1)
def _plan() -> tuple[list[tuple[str, tuple[str, ...], bool, Unknown]], list[tuple[str, str]]]:
    """Precomputed walk of the catalogue: (name, path, is_collection, its Unknown), and ages."""
    walk, ages = [], []
    for name, spec in catalogue().items():
        if not spec.path:
            continue
        if spec.derived_from:
            ages.append((name, spec.derived_from))
        else:
            walk.append((name, spec.path, spec.type.kind == "collection", Unknown(frozenset({name}))))
    return walk, ages


@dataclass
class _Section:
    """The catalogue as a tree of the model's sections: a section that is absent makes all its
    facts unknown in one step, and no fact walks its path from the top again."""

    leaves: list[tuple[str, str, bool, Unknown]]  # (attribute, fact, is a list, its Unknown)
    sections: list[tuple[str, "_Section", dict[str, Unknown]]]  # (attribute, section, every fact below unknown)


@lru_cache(maxsize=1)
def _tree() -> _Section:
    root = _Section([], [])
    for name, path, is_collection, unknown in _plan()[0]:
        node = root
        for attr in path[:-1]:
            for a, child, _ in node.sections:
                if a == attr:
                    node = child
                    break
            else:
                child = _Section([], [])
                node.sections.append((attr, child, {}))
                node = child
        node.leaves.append((path[-1], name, is_collection, unknown))

    def unknowns(node: _Section) -> dict[str, Unknown]:
        out = {name: u for _, name, _, u in node.leaves}
        for i, (attr, child, _) in enumerate(node.sections):
            below = unknowns(child)
            node.sections[i] = (attr, child, below)
            out.update(below)
        return out

    unknowns(root)
    return root


def _fill(obj: Any, node: _Section, env: dict[str, Any], on: date) -> None:
    d = obj.__dict__
    for attr, name, is_collection, unknown in node.leaves:
        v = d[attr]
        if v is None:
            env[name] = unknown
        elif is_collection:
            env[name] = [_item_env(item, name, i, on) for i, item in enumerate(v)]
        else:
            env[name] = v
    for attr, child, all_unknown in node.sections:
        sub = d[attr]
        if sub is None:
            env.update(all_unknown)
        else:
            _fill(sub, child, env, on)


def derive(situation: Situation, on: date) -> dict[str, Any]:
    """The fact environment: every catalogue name mapped to a value or ``Unknown``."""
    env: dict[str, Any] = {"peildatum": on}
    _fill(situation, _tree(), env, on)
    for name, source in _plan()[1]:
        b = env[source]
        env[name] = b if b.__class__ is Unknown else age_on(b, on)
    return env


_INDEXED = re.compile(r"^(?P<coll>[a-z_.]+)\[(?P<i>\d+)\]\.(?P<field>\w+)$")
ITEM_LABEL = {
    "household.members": "huisgenoot",
    "income": "inkomstenbron",
    "obligations.violations": "schending",
    "obligations.fines": "boete",
}


@lru_cache(maxsize=8192)
def question_for(path: str) -> str:
    """The Dutch question that fills the fact at ``path`` (list items are numbered from 1)."""
    m = _INDEXED.match(path)
    if m:
        spec = ITEM_SPECS.get(m["coll"], {}).get(m["field"])
        label = ITEM_LABEL.get(m["coll"], "item")
        base = spec.vraag if spec else path
        return f"{base} ({label} {int(m['i']) + 1})"
    spec = catalogue().get(path)
    return spec.vraag if spec and spec.vraag else path
