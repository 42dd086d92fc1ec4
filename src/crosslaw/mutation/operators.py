"""The mutation operators: every small change to the rule YAML a scenario should notice.

Each operator reads the YAML data of one item (a rule, conflict, computed value or
parameter) and yields mutants that differ from it in one place: a comparison made strict
or loose, ``and`` and ``or`` exchanged, a ``not`` dropped, a number literal one up or down,
a requirement removed, a start or end date one day earlier or later, a parameter value
one cent (or unit) up or down, a parameter value starting a day earlier or later, two
neighbouring parameters of the same unit exchanged. A mutant says where it sits (file,
line, item id) and on which dates it can show, so the runner only runs the scenarios
that could notice it. Generation is deterministic: the same rules give the same mutants
with the same ids, in the same order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Iterator

from crosslaw.errors import ExpressionError
from crosslaw.language.parser import _tokenize
from crosslaw.language.types import ALLOWED_NUMBER_LITERALS
from crosslaw.mutation.source import RuleSource
from crosslaw.ruleset.yamlsource import Located

#: operator id -> what it does (Dutch, as the report shows it)
OPERATORS: dict[str, str] = {
    "comparison": "vergelijking strikter of ruimer (>= en >, < en <=)",
    "logic": "'and' en 'or' verwisseld",
    "negation": "'not' weggelaten",
    "literal": "getal in een expressie 1 hoger of lager",
    "requirement": "vereiste verwijderd",
    "validity": "begin- of einddatum een dag verschoven",
    "parameter_value": "parameterwaarde 1 cent of 1 eenheid hoger of lager",
    "parameter_date": "ingangsdatum van een parameterwaarde een dag verschoven",
    "parameter_swap": "twee parameters van dezelfde eenheid verwisseld",
}

_COMPARISON_SWAP = {">=": ">", ">": ">=", "<": "<=", "<=": "<"}
_LOGIC_SWAP = {"and": "or", "or": "and"}
_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True, eq=False)
class Edit:
    """Replace the item at ``path`` in ``doc`` by ``data`` (its whole YAML mapping)."""

    doc: Located
    path: tuple[Any, ...]
    data: Any


@dataclass(frozen=True, eq=False)
class Mutant:
    id: str  # stable within one version of the rules: file:line:operator:detail
    law: str
    operator: str
    file: str
    line: int | None
    item: str  # the id of the rule, computed value or parameter it changes
    description: str  # Dutch
    edits: tuple[Edit, ...]
    start: date | None  # first day on which the change can show (None: from the beginning)
    end: date | None  # last day on which it can show (None: open)
    changed: frozenset[str]  # ids whose definition changes

    def shows_on(self, on: date) -> bool:
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)


def generate(source: RuleSource, law: str | None = None) -> list[Mutant]:
    """Every mutant of the rules (of ``law`` only, when given), sorted by id."""
    out: list[Mutant] = []
    versions = _versions(source)
    for meta, doc in source.docs:
        if law is not None and meta.id != law:
            continue
        data = doc.data or {}
        for kind in ("rules", "conflicts", "computed"):
            for i, item in enumerate(data.get(kind) or []):
                out.extend(_item_mutants(source, meta.id, doc, (kind, i), item, versions))
        params = data.get("parameters") or []
        for i, item in enumerate(params):
            out.extend(_parameter_mutants(meta.id, doc, ("parameters", i), item))
        out.extend(_swaps(meta.id, doc, params))
    seen: set[str] = set()
    unique = []
    for m in sorted(out, key=lambda m: m.id):
        if m.id not in seen:
            seen.add(m.id)
            unique.append(m)
    return unique


# -- rules, conflicts and computed values ---------------------------------------------------

def _expressions(kind: str, item: dict[str, Any]) -> Iterator[tuple[tuple[Any, ...], str, str]]:
    """(sub-path, Dutch place, text) of every expression in an item."""
    if kind == "computed":
        yield ("formula",), "formule", item["formula"]
        return
    lists = (("triggers", "trigger"), ("unless", "tenzij")) if kind == "conflicts" else (
        ("requirements", "vereiste"), ("exclusions", "uitsluiting"), ("exemptions", "ontheffing"))
    for key, dutch in lists:
        for j, cond in enumerate(item.get(key) or []):
            yield (key, j, "when"), f"{dutch} '{cond.get('id')}'", cond["when"]
    if item.get("amount"):
        yield ("amount",), "bedrag", item["amount"]


def token_changes(text: str) -> list[tuple[str, str, str, str]]:
    """(operator, detail, changed text, Dutch change) for every one-token change of an expression."""
    try:
        tokens = _tokenize(text)
    except ExpressionError:
        return []
    out = []
    for t in tokens:
        at = t.column - 1
        before, after = text[:at], text[at + len(t.text):]
        new = None
        if t.kind == "op" and t.text in _COMPARISON_SWAP:
            operator, new = "comparison", _COMPARISON_SWAP[t.text]
        elif t.kind == "keyword" and t.text in _LOGIC_SWAP:
            operator, new = "logic", _LOGIC_SWAP[t.text]
        elif t.kind == "keyword" and t.text == "not":
            out.append(("negation", f"{t.column}:not", before + after.lstrip(), f"kolom {t.column}: 'not' weggelaten"))
        elif t.kind == "number" and "." not in t.text:
            for n in (int(t.text) - 1, int(t.text) + 1):
                if n in ALLOWED_NUMBER_LITERALS:
                    out.append(("literal", f"{t.column}:{t.text}~{n}", before + str(n) + after,
                                f"kolom {t.column}: {t.text} wordt {n}"))
        if new is not None:
            out.append((operator, f"{t.column}:{t.text}~{new}", before + new + after,
                        f"kolom {t.column}: '{t.text}' wordt '{new}'"))
    return out


def _set(data: Any, path: tuple[Any, ...], value: Any) -> None:
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


def _versions(source: RuleSource) -> dict[str, list[tuple[Located, tuple[Any, ...], dict[str, Any]]]]:
    """Every version of every rule, conflict and computed value, by id."""
    out: dict[str, list[tuple[Located, tuple[Any, ...], dict[str, Any]]]] = {}
    for _, doc in source.docs:
        for kind in ("rules", "conflicts", "computed"):
            for i, item in enumerate((doc.data or {}).get(kind) or []):
                out.setdefault(item["id"], []).append((doc, (kind, i), item))
    return out


def _item_mutants(source: RuleSource, law: str, doc: Located, path: tuple[Any, ...], item: dict[str, Any],
                  versions: dict[str, list[tuple[Located, tuple[Any, ...], dict[str, Any]]]]) -> Iterator[Mutant]:
    kind = path[0]
    ident = item["id"]
    start, end = item.get("valid_from"), item.get("valid_to")

    def mutant(operator: str, detail: str, sub: tuple[Any, ...], description: str, edits: tuple[Edit, ...],
               first: date | None = start, last: date | None = end) -> Mutant:
        line = doc.line_of(path + sub)
        return Mutant(f"{doc.file}:{line:05d}:{operator}:{ident}:{'.'.join(map(str, sub))}:{detail}", law, operator,
                      doc.file, line, ident, description, edits, first, last, frozenset({ident}))

    for sub, place, text in _expressions(kind, item):
        for operator, detail, new_text, change in token_changes(text):
            data = source.data(doc, path)
            _set(data, sub, new_text)
            yield mutant(operator, detail, sub, f"{place}, {change}: {new_text}", (Edit(doc, path, data),))

    req_key = "triggers" if kind == "conflicts" else "requirements"
    reqs = item.get(req_key) or []
    if len(reqs) > 1:  # a rule keeps at least one requirement (the loader refuses none)
        for j, cond in enumerate(reqs):
            data = source.data(doc, path)
            del data[req_key][j]
            yield mutant("requirement", str(j), (req_key, j), f"{'trigger' if kind == 'conflicts' else 'vereiste'} "
                         f"'{cond.get('id')}' verwijderd", (Edit(doc, path, data),))

    for j, ex in enumerate(item.get("exemptions") or []):
        for key in ("valid_from", "valid_to"):
            if ex.get(key) is None:
                continue
            for step in (-1, 1):
                data = source.data(doc, path)
                new = ex[key] + step * _ONE_DAY
                data["exemptions"][j][key] = new
                first, last = _shift_window(key, ex[key], step)
                yield mutant("validity", f"{key}{step:+d}", ("exemptions", j, key),
                             f"ontheffing '{ex.get('id')}' {key} {ex[key]} -> {new}", (Edit(doc, path, data),), first, last)

    # a version boundary moves as one: the next version's valid_from with its predecessor's valid_to
    others = versions.get(ident, [])
    predecessor = next((o for o in others if start and o[2].get("valid_to") == start - _ONE_DAY), None)
    successor = next((o for o in others if end and o[2].get("valid_from") == end + _ONE_DAY), None)
    if start is not None:
        for step in (-1, 1):
            new = start + step * _ONE_DAY
            data = source.data(doc, path)
            data["valid_from"] = new
            edits = [Edit(doc, path, data)]
            note = ""
            if predecessor is not None:
                pdoc, ppath, _ = predecessor
                pdata = source.data(pdoc, ppath)
                pdata["valid_to"] = new - _ONE_DAY
                edits.append(Edit(pdoc, ppath, pdata))
                note = " (de vorige versie loopt mee)"
            first, last = _shift_window("valid_from", start, step)
            yield mutant("validity", f"valid_from{step:+d}", ("valid_from",), f"valid_from {start} -> {new}{note}",
                         tuple(edits), first, last)
    if end is not None and successor is None:
        for step in (-1, 1):
            new = end + step * _ONE_DAY
            data = source.data(doc, path)
            data["valid_to"] = new
            first, last = _shift_window("valid_to", end, step)
            yield mutant("validity", f"valid_to{step:+d}", ("valid_to",), f"valid_to {end} -> {new}",
                         (Edit(doc, path, data),), first, last)


def _shift_window(key: str, day: date, step: int) -> tuple[date, date]:
    """The one day on which moving a start (or end) date ``day`` by ``step`` days shows."""
    if key == "valid_from":
        changed = day if step > 0 else day - _ONE_DAY
    else:
        changed = day + _ONE_DAY if step > 0 else day
    return changed, changed


# -- parameters ------------------------------------------------------------------------------

def _param_mutant(law: str, doc: Located, path: tuple[Any, ...], sub: tuple[Any, ...], ident: str, operator: str,
                  detail: str, description: str, edits: tuple[Edit, ...], first: date | None, last: date | None,
                  changed: frozenset[str]) -> Mutant:
    line = doc.line_of(path + sub)
    return Mutant(f"{doc.file}:{line:05d}:{operator}:{ident}:{detail}", law, operator, doc.file, line, ident,
                  description, edits, first, last, changed)


def _step(unit: str, value: Any) -> Any:
    if unit == "decimal":
        exponent = Decimal(str(value)).as_tuple().exponent
        return Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0)
    return 1


def _parameter_mutants(law: str, doc: Located, path: tuple[Any, ...], item: dict[str, Any]) -> Iterator[Mutant]:
    ident, unit, values = item["id"], item["unit"], item["values"]
    # an age per calendar year (AOW art. 7a) is read as one table on every date: the age of a
    # year decides the AOW date of a birth cohort, which any later evaluation can show
    whole_table = unit == "age_by_year"
    for k, v in enumerate(values):
        nxt = values[k + 1]["valid_from"] - _ONE_DAY if k + 1 < len(values) else None
        first = None if whole_table else v["valid_from"]
        nxt = None if whole_table else nxt
        step = _step(unit, v["value"])
        for sign in (-1, 1):
            data = _copy_param(item)
            old = Decimal(str(v["value"])) if unit == "decimal" else v["value"]
            new = old + sign * step
            data["values"][k]["value"] = str(new) if unit == "decimal" else new
            yield _param_mutant(law, doc, path, ("values", k, "value"), ident, "parameter_value",
                                f"{v['valid_from']}:{sign:+d}", f"waarde vanaf {v['valid_from']}: {old} -> {new}",
                                (Edit(doc, path, data),), first, nxt, frozenset({ident}))
        if k == 0 or whole_table:
            continue  # the first value marks where knowledge starts; a year's age starts on 1 January
        for sign in (-1, 1):
            new_day = v["valid_from"] + sign * _ONE_DAY
            if new_day <= values[k - 1]["valid_from"] or (k + 1 < len(values) and new_day >= values[k + 1]["valid_from"]):
                continue
            data = _copy_param(item)
            data["values"][k]["valid_from"] = new_day
            first, last = _shift_window("valid_from", v["valid_from"], sign)
            yield _param_mutant(law, doc, path, ("values", k, "valid_from"), ident, "parameter_date",
                                f"{v['valid_from']}:{sign:+d}", f"waarde {v['value']} geldt vanaf {new_day} in plaats van "
                                f"{v['valid_from']}", (Edit(doc, path, data),), first, last, frozenset({ident}))


def _copy_param(item: dict[str, Any]) -> dict[str, Any]:
    return {**item, "values": [dict(v) for v in item["values"]]}


def _value_on(values: list[dict[str, Any]], on: date) -> Any:
    found = None
    for v in values:
        if v["valid_from"] <= on:
            found = str(v["value"])
    return found


def _swaps(law: str, doc: Located, params: list[dict[str, Any]]) -> Iterator[Mutant]:
    """Neighbouring parameters of one unit in one file, their dated values exchanged."""
    last_of_unit: dict[str, int] = {}
    for i, item in enumerate(params):
        j = last_of_unit.get(item["unit"])
        last_of_unit[item["unit"]] = i
        if j is None:
            continue
        a, b = params[j], params[i]
        days = sorted({v["valid_from"] for v in a["values"]} | {v["valid_from"] for v in b["values"]})
        if all(_value_on(a["values"], d) == _value_on(b["values"], d) for d in days):
            continue  # the same value on every date: exchanging them changes nothing
        data_a, data_b = _copy_param(a), _copy_param(b)
        data_a["values"], data_b["values"] = _copy_param(b)["values"], _copy_param(a)["values"]
        yield _param_mutant(law, doc, ("parameters", i), (), b["id"], "parameter_swap", a["id"],
                            f"waarden van {a['id']} en {b['id']} verwisseld",
                            (Edit(doc, ("parameters", j), data_a), Edit(doc, ("parameters", i), data_b)),
                            days[0], None, frozenset({a["id"], b["id"]}))
