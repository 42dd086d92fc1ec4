"""The population table: one row per resident, derived from the situation model.

Every fact of the situation catalogue is a column named by its dotted path
(``person.birth_date``, ``care.zrm.adl``); a list of the model (``household.members``,
``income``, ``obligations.violations``) is a list-of-struct column whose struct fields are
the item's facts. A null is an unknown fact, exactly as an absent field of a situation; an
empty list is a known "none". ``case_ref`` and ``bsn`` identify the row; the BSN never
reaches an output, only its keyed pseudonym.

A household of the household model (issue 11) is a row with ``persons`` and ``relations``
(list columns holding the household file's entries); it is read as one row per person, the
household projected onto that person, with ``household_ref`` and ``person_ref``
(screening/households.py).
"""

from __future__ import annotations

import typing
from datetime import date
from functools import lru_cache
from typing import Any, Iterable, Mapping

import polars as pl

from crosslaw.errors import SituationError
from crosslaw.language.types import Type
from crosslaw.situation.facts import ITEM_SPECS, FactSpec, catalogue

ID_COLUMNS = {"case_ref": pl.String, "bsn": pl.String, "household_ref": pl.String, "person_ref": pl.String}


def _dtype(t: Type) -> pl.DataType:
    kind = t.kind
    if kind == "bool":
        return pl.Boolean()
    if kind in ("int", "money"):
        return pl.Int64()
    if kind == "date":
        return pl.Date()
    if kind == "text":
        return pl.String()
    raise TypeError(f"no column type for {t}")  # pragma: no cover


@lru_cache(maxsize=1)
def base_facts() -> dict[str, FactSpec]:
    """The facts a row carries (derived ones such as ages are computed, not read)."""
    return {n: s for n, s in catalogue().items() if s.path and not s.derived_from}


@lru_cache(maxsize=1)
def item_fields(coll: str) -> dict[str, FactSpec]:
    return {n: s for n, s in ITEM_SPECS[coll].items() if not s.derived_from}


@lru_cache(maxsize=1)
def input_schema() -> dict[str, pl.DataType]:
    """Column name -> polars type of the population table."""
    from crosslaw.screening.pairs import PAIR_INPUT_COLUMNS

    out: dict[str, pl.DataType] = dict((k, v()) for k, v in ID_COLUMNS.items())
    out.update(PAIR_INPUT_COLUMNS)
    for name, spec in base_facts().items():
        if spec.type.kind == "collection":
            fields = [pl.Field(f, _dtype(s.type)) for f, s in item_fields(name).items()]
            out[name] = pl.List(pl.Struct(fields))
        else:
            out[name] = _dtype(spec.type)
    return out


def schema_description() -> list[dict[str, Any]]:
    """The documented schema (``crosslaw schema --format parquet``): one entry per column."""
    rows: list[dict[str, Any]] = [
        {"column": "case_ref", "type": "string", "question": "Referentie van het dossier (nooit een BSN)."},
        {"column": "bsn", "type": "string", "question": "BSN; alleen gebruikt voor het pseudoniem in de uitvoer."},
        {"column": "persons", "type": "List(Struct)",
         "question": "Huishouden: de personen zoals in een huishoudbestand (ref, person, income, ... ; docs/design/household.md). "
                     "Een rij met persons wordt gelezen als een rij per persoon: het huishouden gezien vanuit die persoon. "
                     "Laat de kolommen hieronder dan leeg; case_ref is die van het huishouden."},
        {"column": "relations", "type": "List(Struct)",
         "question": "Huishouden: de relaties tussen de personen (partner, ouder, mantelzorg, familie, huisgenoten); leeg = onbekend, [] = geen."},
        {"column": "household_ref", "type": "String",
         "question": "In het resultaat: het huishouden van de persoon (de case_ref van het huishouden, anders huishouden-N naar de plaats in de tabel)."},
        {"column": "person_ref", "type": "String",
         "question": "In het resultaat: de ref van de persoon in het huishouden. Een wet die de persoon niet aangaat "
                     "(concerns in law.yaml) heeft voor die persoon geen uitkomst (leeg)."},
    ]
    from crosslaw.screening.pairs import pair_schema_description

    rows.extend(pair_schema_description())
    for name, spec in base_facts().items():
        entry: dict[str, Any] = {"column": name, "type": str(input_schema()[name]), "question": spec.vraag}
        if spec.type.choices:
            entry["choices"] = sorted(spec.type.choices)
        if spec.type.kind == "money":
            entry["unit"] = "eurocent"
        if spec.type.kind == "collection":
            entry["items"] = [
                {"field": f, "type": str(_dtype(s.type)), "question": s.vraag,
                 **({"choices": sorted(s.type.choices)} if s.type.choices else {})}
                for f, s in item_fields(name).items()
            ]
        rows.append(entry)
    return rows


@lru_cache(maxsize=1)
def _constraints() -> dict[str, tuple[int | None, int | None]]:
    """ge/le of every integer fact, read from the pydantic model (the same limits Engine enforces)."""
    from pydantic import BaseModel

    from crosslaw.situation.model import Situation

    out: dict[str, tuple[int | None, int | None]] = {}

    def walk(model: type[BaseModel], prefix: str) -> None:
        for name, field in model.model_fields.items():
            path = f"{prefix}{name}"
            ann = field.annotation
            inner = [a for a in typing.get_args(ann) if a is not type(None)] or [ann]
            target = inner[0]
            if typing.get_origin(target) is typing.Annotated:
                target_base = typing.get_args(target)[0]
            else:
                target_base = target
            if isinstance(target_base, type) and issubclass(target_base, BaseModel):
                walk(target_base, path + ".")
                continue
            if typing.get_origin(target_base) is list:
                walk(typing.get_args(target_base)[0], path + "[].")
                continue
            ge = le = None
            for c in field.metadata:
                ge = getattr(c, "ge", ge)
                le = getattr(c, "le", le)
            if typing.get_origin(target) is typing.Annotated:
                for m in typing.get_args(target)[1:]:
                    for c in getattr(m, "metadata", [m]):
                        ge = getattr(c, "ge", ge)
                        le = getattr(c, "le", le)
            if ge is not None or le is not None:
                out[path] = (ge, le)

    walk(Situation, "")
    return out


def conform(df: pl.DataFrame, source: str | None = None) -> pl.DataFrame:
    """The table in the input schema: absent columns added as unknown, types cast, values checked.

    Unknown columns, uncastable values and values the situation model refuses raise a
    ``SituationError`` naming each column (the CLI exits 2 on it)."""
    schema = input_schema()
    problems: list[tuple[str, str]] = []
    for col in df.columns:
        if col not in schema and col != "peildatum":
            problems.append((col, "onbekende kolom; zie `crosslaw schema --format parquet`"))
    if problems:
        raise SituationError(problems, source)
    cols = []
    for name, dtype in schema.items():
        if name not in df.columns:
            cols.append(pl.lit(None, dtype).alias(name))
            continue
        have = df.schema[name]
        if have == dtype:
            cols.append(pl.col(name))
            continue
        if isinstance(dtype, pl.List):
            cols.append(_conform_list(df, name, dtype, problems))
            continue
        try:
            df.select(pl.col(name).cast(dtype, strict=True))
            cols.append(pl.col(name).cast(dtype, strict=True))
        except Exception:
            problems.append((name, f"verwacht {_dutch(dtype)}, kreeg {have}"))
    if problems:
        raise SituationError(problems, source)
    out = df.select(cols)
    _check_values(out, problems)
    if problems:
        raise SituationError(problems, source)
    return out


def _conform_list(df: pl.DataFrame, name: str, dtype: pl.List, problems: list[tuple[str, str]]) -> pl.Expr:
    have = df.schema[name]
    inner = dtype.inner
    if not isinstance(have, pl.List) or not isinstance(have.inner, pl.Struct):
        problems.append((name, "verwacht een lijst van groepen velden"))
        return pl.col(name)
    have_fields = {f.name: f.dtype for f in have.inner.fields}
    want = {f.name: f.dtype for f in inner.fields}  # type: ignore[union-attr]
    for f in have_fields:
        if f not in want:
            problems.append((f"{name}[].{f}", "onbekend veld"))
    fields = []
    for f, t in want.items():
        if f in have_fields:
            fields.append(pl.element().struct.field(f).cast(t, strict=True).alias(f))
        else:
            fields.append(pl.lit(None, t).alias(f))
    return pl.col(name).list.eval(pl.struct(fields)).cast(dtype).alias(name)


def _dutch(dtype: pl.DataType) -> str:
    return {pl.Boolean: "ja/nee", pl.Int64: "een geheel getal", pl.Date: "een datum", pl.String: "tekst"}.get(type(dtype), str(dtype))


def _check_values(df: pl.DataFrame, problems: list[tuple[str, str]]) -> None:
    """The model's enumerations and bounds, counted per column (one message per column)."""
    limits = _constraints()
    checks: list[tuple[str, pl.Expr, str]] = []
    for name, spec in base_facts().items():
        if spec.type.kind == "collection":
            for f, s in item_fields(name).items():
                e = pl.col(name).list.eval(pl.element().struct.field(f)).explode(empty_as_null=True)
                checks.extend(_value_checks(f"{name}[].{f}", e, s, limits.get(f"{name}[].{f}")))
        else:
            checks.extend(_value_checks(name, pl.col(name), spec, limits.get(name)))
    # the model's cross-field rules (situation/model.py validators), mirrored column-wise
    if "gifts.received_this_month_cents" in df.columns:
        checks.append(("gifts.received_this_month_cents",
                       (pl.col("gifts.received_this_month_cents") > pl.col("gifts.received_this_year_cents")).sum(),
                       "de giften van deze maand zijn meer dan de giften van het hele kalenderjaar"))
    if not checks:
        return
    counts = df.select([e.alias(str(i)) for i, (_, e, _) in enumerate(checks)]).row(0)
    for (label, _, reason), n in zip(checks, counts):
        if n:
            problems.append((label, f"{reason} ({n} rij(en))"))


def _value_checks(label: str, e: pl.Expr, spec: FactSpec, bounds: tuple[int | None, int | None] | None) -> list[tuple[str, pl.Expr, str]]:
    out = []
    if spec.type.choices:
        allowed = sorted(spec.type.choices)
        out.append((label, (e.is_not_null() & ~e.is_in(allowed)).sum(), f"ongeldige waarde; toegestaan: {', '.join(allowed)}"))
    if bounds:
        ge, le = bounds
        if ge is not None:
            out.append((label, (e < ge).sum(), f"moet minstens {ge} zijn"))
        if le is not None:
            out.append((label, (e > le).sum(), f"mag hoogstens {le} zijn"))
    return out


def check_birth_dates(df: pl.DataFrame, on: date) -> None:
    """Birth dates after the evaluation date are impossible inputs (as in Engine.evaluate)."""
    problems = []
    for name, spec in base_facts().items():
        if spec.type.kind == "collection":
            if "birth_date" in item_fields(name):
                n = df.select(pl.col(name).list.eval(pl.element().struct.field("birth_date") > on).list.any().sum()).item()
                if n:
                    problems.append((f"{name}[].birth_date", f"geboortedatum ligt na de peildatum {on.isoformat()} ({n} rij(en))"))
        elif spec.path[-1] == "birth_date":
            n = df.select((pl.col(name) > on).sum()).item()
            if n:
                problems.append((name, f"geboortedatum ligt na de peildatum {on.isoformat()} ({n} rij(en))"))
    if problems:
        raise SituationError(problems)


# -- situations <-> rows --------------------------------------------------------------------


def situation_row(data: Mapping[str, Any]) -> dict[str, Any]:
    """A situation (dict as accepted by ``parse_situation``) as one table row."""
    row: dict[str, Any] = {"case_ref": data.get("case_ref"), "bsn": data.get("bsn")}
    flat: dict[str, Any] = {}
    _flatten(data, "", flat)  # once per situation, then one look-up per fact (a row per household person)
    for name, t, fields in _row_plan():
        v = flat.get(name)
        if v is not None:
            if fields is not None:
                v = [{f: _parse_scalar(item.get(f), ft) for f, ft in fields} for item in v]
            else:
                v = _parse_scalar(v, t)
        row[name] = v
    return row


def _flatten(data: Mapping[str, Any], prefix: str, out: dict[str, Any]) -> None:
    """Every leaf of nested mappings under its dotted path (lists are leaves)."""
    for k, v in data.items():
        if type(v) is dict or (type(v) not in _LEAVES and isinstance(v, Mapping)):  # exact types first: typing's check is slow
            _flatten(v, f"{prefix}{k}.", out)
        else:
            out[f"{prefix}{k}"] = v


_LEAVES = frozenset({str, int, bool, float, list, date, type(None)})


@lru_cache(maxsize=1)
def _row_plan() -> tuple[tuple[str, Type, tuple[tuple[str, Type], ...] | None], ...]:
    """Per fact of a row: its name (the dotted path), type and, for a list, its items' fields."""
    return tuple(
        (name, spec.type, tuple((f, fs.type) for f, fs in item_fields(name).items()) if spec.type.kind == "collection" else None)
        for name, spec in base_facts().items()
    )


def _parse_scalar(v: Any, t: Type) -> Any:
    if v is not None and t.kind == "date" and isinstance(v, str):
        return date.fromisoformat(v)
    return v


def rows_frame(rows: Iterable[Mapping[str, Any]]) -> pl.DataFrame:
    """Rows (from ``situation_row``) as a table in the input schema."""
    return pl.DataFrame(list(rows), schema=input_schema(), orient="row") if rows else pl.DataFrame(schema=input_schema())


def frame_from_situations(situations: Iterable[Mapping[str, Any]]) -> pl.DataFrame:
    return rows_frame([situation_row(s) for s in situations])


def row_situation(row: Mapping[str, Any]) -> dict[str, Any]:
    """One table row back as a situation dict (``Engine.evaluate`` accepts it)."""
    out: dict[str, Any] = {}
    if row.get("case_ref") is not None:
        out["case_ref"] = row["case_ref"]
    for name, spec in base_facts().items():
        v = row.get(name)
        if v is None:
            continue
        if spec.type.kind == "collection":
            v = [{k: x for k, x in item.items() if x is not None} for item in v]
        node = out
        for p in spec.path[:-1]:
            node = node.setdefault(p, {})
        node[spec.path[-1]] = v
    return out
