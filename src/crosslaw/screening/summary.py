"""What a screening tells a municipality: counts per outcome and status, conflicts that play,
and with a second date the transitions between them. Rendered as Dutch text, JSON or a
self-contained HTML page with inline SVG bar charts (no scripts, no external files)."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import polars as pl

from crosslaw.ruleset.compiled import RuleSet

STATUS_NL = {
    "eligible": "recht", "not_eligible": "geen recht", "applies": "van toepassing", "does_not_apply": "niet van toepassing",
    "undetermined": "onbepaald", "present": "speelt", "possible": "mogelijk", "absent": "speelt niet",
}
ORDER = ["eligible", "applies", "not_eligible", "does_not_apply", "undetermined", "present", "possible", "absent"]


def _status(schema: pl.Schema, col: str) -> pl.Expr:
    """A status column as comparable values: the Enum itself (comparing it is a byte compare),
    text otherwise."""
    return pl.col(col) if isinstance(schema[col], pl.Enum) else pl.col(col).cast(pl.String)


def _counts(result: pl.DataFrame) -> dict[str, dict[str, int]]:
    cols = [c for c in result.columns if c.endswith(".status")]
    if not cols:
        return {}
    schema = result.schema  # built once: a wide table's schema is not free
    counts = result.select(
        [_status(schema, c).eq(s).sum().alias(f"{c}|{s}") for c in cols for s in ORDER]
    ).row(0, named=True)
    out: dict[str, dict[str, int]] = {}
    for key, n in counts.items():
        col, status = key.split("|")
        if n:
            out.setdefault(col[: -len(".status")], {})[status] = int(n)
    return out


def _pair_statuses(frame: pl.DataFrame, col: str) -> pl.Series:
    """The statuses of every pair of a ``ID.pairs`` column, flat, in row and pair order (the
    column holds the entries, or only their statuses as stream.py keeps them for --compare)."""
    s = frame[col].explode(empty_as_null=False).drop_nulls()
    return s.struct.field("status") if isinstance(s.dtype, pl.Struct) else s


@dataclass
class Tally:
    """The counts of one date, added up chunk by chunk (a screening need not hold its whole result).

    ``changed`` (filled by ``compare``) is, per outcome or conflict in force on both dates, how
    many residents have a different status on the other date."""

    residents: int = 0
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    status_columns: set[str] = field(default_factory=set)
    changed: dict[str, int] = field(default_factory=dict)
    household_persons: int = 0
    households: set[str] = field(default_factory=set)
    pair_ids: set[str] = field(default_factory=set)  # conflicts between persons: counted per pair

    def add(self, result: pl.DataFrame) -> None:
        self.residents += result.height
        if "person_ref" in result.columns:
            persons = result.filter(pl.col("person_ref").is_not_null())
            self.household_persons += persons.height
            self.households |= set(persons["household_ref"].unique().to_list())
        self.status_columns |= {c for c in result.columns if c.endswith(".status")}
        for rid, c in _counts(result).items():
            mine = self.counts.setdefault(rid, {})
            for status, n in c.items():
                mine[status] = mine.get(status, 0) + n
        for col in (c for c in result.columns if c.endswith(".pairs")):
            rid = col[: -len(".pairs")]
            self.pair_ids.add(rid)
            self.status_columns.add(f"{rid}.status")  # in force on this date
            mine = self.counts.setdefault(rid, {})
            for status, n in _pair_statuses(result, col).cast(pl.String).value_counts().iter_rows():
                mine[status] = mine.get(status, 0) + int(n)

    def compare(self, first: pl.DataFrame, second: pl.DataFrame) -> None:
        """Add the rows of ``first`` and ``second`` (the same residents on two dates) whose status differs."""
        for col in (c for c in first.columns if c.endswith(".pairs") and c in second.columns):
            a, b = _pair_statuses(first, col).cast(pl.String), _pair_statuses(second, col).cast(pl.String)
            rid = col[: -len(".pairs")]
            self.changed[rid] = self.changed.get(rid, 0) + int(a.ne_missing(b).sum())  # the same pairs on both dates
        cols = [c for c in first.columns if c.endswith(".status") and c in second.columns]
        if not cols:
            return
        sa, sb = first.schema, second.schema
        both = first.select(_status(sa, c).alias(f"a{i}") for i, c in enumerate(cols)).hstack(
            second.select(_status(sb, c).alias(f"b{i}") for i, c in enumerate(cols)).get_columns())
        diff = both.select(pl.col(f"a{i}").ne_missing(pl.col(f"b{i}")).sum() for i in range(len(cols))).row(0)
        for c, n in zip(cols, diff):
            rid = c[: -len(".status")]
            self.changed[rid] = self.changed.get(rid, 0) + int(n)


def tally(result: pl.DataFrame) -> Tally:
    t = Tally()
    t.add(result)
    return t


def summarize(rules: RuleSet, result: pl.DataFrame | Tally, on: date, compare: pl.DataFrame | Tally | None = None,
              compare_on: date | None = None) -> dict[str, Any]:
    """The summary as data (what ``--format json`` prints), from whole results or from tallies
    added up chunk by chunk (``compare``'s tally then carries the changed counts)."""
    if isinstance(result, pl.DataFrame):
        whole = result
        result = tally(result)
        if isinstance(compare, pl.DataFrame):
            other = compare
            compare = tally(compare)
            compare.compare(whole, other)
    counts = result.counts
    laws: dict[str, list[dict[str, Any]]] = {}
    conflicts = []
    between = []
    for rid, c in counts.items():
        versions = _versions(rules, rid)
        model = versions[0].model if versions else None
        title = model.title if model else rid
        if rid in result.pair_ids:
            between.append({"id": rid, "title": title, "present": c.get("present", 0), "possible": c.get("possible", 0),
                            "absent": c.get("absent", 0), "pairs": sum(c.values())})
            continue
        if rid.startswith("conflict."):
            conflicts.append({"id": rid, "title": title, "present": c.get("present", 0), "possible": c.get("possible", 0),
                              "absent": c.get("absent", 0)})
            continue
        law = versions[0].law if versions else "?"
        entry = {"id": rid, "title": title, "counts": c}
        if sum(c.values()) < result.residents:  # household persons the law does not concern: no outcome
            entry["not_concerned"] = result.residents - sum(c.values())
        laws.setdefault(law, []).append(entry)
    for conflict in conflicts:
        rest = result.residents - sum(counts[conflict["id"]].values())
        if rest:  # left out for household persons (a side's law does not concern them, or between persons)
            conflict["not_concerned"] = rest
    conflicts.sort(key=lambda x: (-x["present"], x["id"]))
    between.sort(key=lambda x: (-x["present"], x["id"]))
    out: dict[str, Any] = {
        "evaluation_date": on.isoformat(), "residents": result.residents,
        "laws": [{"law": law, "name": rules.laws[law].name if law in rules.laws else law, "outcomes": outs} for law, outs in laws.items()],
        "conflicts": conflicts,
        "person_conflicts": between,  # per related pair of persons in a household (screening/pairs.py)
    }
    if result.household_persons:
        out["households"] = {"households": len(result.households), "persons": result.household_persons}
    if compare is not None and compare_on is not None:
        assert isinstance(compare, Tally)
        out["compare_date"] = compare_on.isoformat()
        # chronological: from the earlier date to the later one
        earlier, later = (compare, result) if compare_on < on else (result, compare)
        out["from_date"], out["to_date"] = sorted([on.isoformat(), compare_on.isoformat()])
        out["transitions"] = _transitions(rules, earlier, later, compare.changed or result.changed)
    return out


def _versions(rules: RuleSet, rid: str) -> list[Any]:
    """The versions of a rule or conflict, a conflict between persons included."""
    if rid in rules.rules:
        return rules.rules[rid]
    pc = rules.person_conflicts
    return pc.rules.get(rid, []) if pc is not None else []


def transitions(rules: RuleSet, first: pl.DataFrame, second: pl.DataFrame) -> list[dict[str, Any]]:
    """``first`` is the earlier date."""
    a, b = tally(first), tally(second)
    a.compare(first, second)
    return _transitions(rules, a, b, a.changed)


def _transitions(rules: RuleSet, first: Tally, second: Tally, changed_in_both: dict[str, int]) -> list[dict[str, Any]]:
    """Per outcome and conflict: the counts on both dates and how many residents changed.

    An outcome or conflict not in force on a date counts as absent there (a conflict the law
    itself resolved, such as the kostendelersnorm for a mantelzorger from 2026, drops to 0)."""
    a, b = first.counts, second.counts
    out = []
    for rid in sorted(set(a) | set(b)):
        ca, cb = a.get(rid, {}), b.get(rid, {})
        col = f"{rid}.status"
        if col in first.status_columns and col in second.status_columns:
            changed = changed_in_both.get(rid, 0)
        else:
            key = "present" if rid.startswith("conflict.") else None
            changed = (ca.get(key, 0) if key else first.residents) if col in first.status_columns else (cb.get(key, 0) if key else second.residents)
        if changed == 0 and ca == cb:
            continue
        versions = _versions(rules, rid)
        entry = {"id": rid, "title": versions[0].model.title if versions else rid, "from": ca, "to": cb, "changed": changed}
        if rid in first.pair_ids or rid in second.pair_ids:
            entry["pairs"] = True  # counted per related pair of persons, not per resident
        category = getattr(versions[0].model, "category", None) if versions else None
        if category:
            from crosslaw.ruleset.model import CATEGORY_NL

            entry["category_title"] = CATEGORY_NL.get(category, category)
        out.append(entry)
    def moved(e: dict[str, Any]) -> int:
        key = "present" if e["id"].startswith("conflict.") else "eligible"
        return abs(e["to"].get(key, 0) - e["from"].get(key, 0))

    # conflicts first, the largest change in how many play first
    out.sort(key=lambda e: (not e["id"].startswith("conflict."), -moved(e), -e["changed"], e["id"]))
    return out


def _n(x: int) -> str:
    return f"{x:,}".replace(",", ".")


def _playing(c: dict[str, int], conflict: bool) -> str:
    if conflict:
        return f"{_n(c.get('present', 0))} speelt"
    if not c:  # the rule did not exist on that date (a provision that starts or ends in between)
        return "geen regel op die datum"
    return ", ".join(f"{_n(v)} {STATUS_NL[k]}" for k, v in sorted(c.items(), key=lambda kv: ORDER.index(kv[0])))


def _residents(n: int) -> str:
    """``1 inwoner`` / ``37 inwoners``."""
    return f"{_n(n)} {'inwoner' if n == 1 else 'inwoners'}"


def _changed(t: dict[str, Any]) -> str:
    """How many residents (or, for a conflict between persons, pairs) a transition changed."""
    if t.get("pairs"):
        return f"{_n(t['changed'])} {'paar' if t['changed'] == 1 else 'paren'}"
    return _residents(t["changed"])


def _pairs_line(c: dict[str, Any]) -> str:
    return f"{_n(c['present'])} speelt, {_n(c['possible'])} mogelijk (van {_n(c['pairs'])} {'paar' if c['pairs'] == 1 else 'paren'})"


def render_text(summary: dict[str, Any]) -> str:
    lines = [f"Screening op {summary['evaluation_date']}: {_n(summary['residents'])} inwoners"]
    if "households" in summary:
        lines.append(_households_line(summary["households"]))
    for law in summary["laws"]:
        lines.append(f"\n{law['name'].upper()}")
        for o in law["outcomes"]:
            lines.append(f"  {o['title']}: {_playing(o['counts'], False)}{_not_concerned(o)}")
    lines.append("\nSPANNINGEN TUSSEN DE WETTEN")
    for c in summary["conflicts"]:
        lines.append(f"  {c['title']}: {_n(c['present'])} speelt, {_n(c['possible'])} mogelijk{_not_concerned(c)}")
    if summary.get("person_conflicts"):
        lines.append("\nSPANNINGEN TUSSEN PERSONEN IN EEN HUISHOUDEN (per paar)")
        for c in summary["person_conflicts"]:
            lines.append(f"  {c['title']}: {_pairs_line(c)}")
    if "transitions" in summary:
        lines.append(f"\nOVERGANGEN {summary['from_date']} -> {summary['to_date']}")
        for t in summary["transitions"]:
            conflict = t["id"].startswith("conflict.")
            label = f"{t['category_title']}: {t['title']}" if t.get("category_title") else t["title"]
            lines.append(f"  {label} ({t['id']}): {_playing(t['from'], conflict)} -> {_playing(t['to'], conflict)}"
                         f"  [{_changed(t)} anders]")
    return "\n".join(lines) + "\n"


def _not_concerned(entry: dict[str, Any]) -> str:
    n = entry.get("not_concerned", 0)
    if not n:
        return ""
    if entry["id"].startswith("conflict."):
        return f", {_n(n)} niet beoordeeld voor de persoon in het huishouden"
    return f", {_n(n)} niet beoordeeld (de wet gaat de persoon niet aan)"


def _households_line(h: dict[str, int]) -> str:
    return (f"waarvan {_n(h['persons'])} in {_n(h['households'])} huishoudens, elk bekeken als persoon in het huishouden; "
            "de spanningen tussen personen zijn per paar geteld")


def render_json(summary: dict[str, Any]) -> str:
    return json.dumps(summary, ensure_ascii=False, indent=2) + "\n"


COLORS = {"eligible": "#2e7d32", "applies": "#2e7d32", "not_eligible": "#9e9e9e", "does_not_apply": "#9e9e9e",
          "undetermined": "#f9a825", "present": "#c62828", "possible": "#f9a825", "absent": "#9e9e9e"}


def _bar(counts: dict[str, int], total: int, width: int = 360) -> str:
    """A stacked horizontal bar as inline SVG, one segment per status."""
    x = 0.0
    parts = []
    for status in ORDER:
        n = counts.get(status, 0)
        if not n or not total:
            continue
        w = width * n / total
        parts.append(f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="14" fill="{COLORS[status]}">'
                     f'<title>{html.escape(STATUS_NL[status])}: {_n(n)}</title></rect>')
        x += w
    return f'<svg width="{width}" height="14" role="img" aria-label="verdeling">{"".join(parts)}</svg>'


def render_html(summary: dict[str, Any]) -> str:
    e = html.escape
    total = summary["residents"]
    rows = []
    for law in summary["laws"]:
        rows.append(f"<h2>{e(law['name'])}</h2><table>")
        for o in law["outcomes"]:
            rows.append(f"<tr><td>{e(o['title'])}</td><td>{_bar(o['counts'], total)}</td><td>{e(_playing(o['counts'], False) + _not_concerned(o))}</td></tr>")
        rows.append("</table>")
    rows.append("<h2>Spanningen tussen de wetten</h2><table>")
    for c in summary["conflicts"]:
        rows.append(f"<tr><td>{e(c['title'])}</td><td>{_bar({'present': c['present'], 'possible': c['possible'], 'absent': c['absent']}, total)}</td>"
                    f"<td>{_n(c['present'])} speelt, {_n(c['possible'])} mogelijk{e(_not_concerned(c))}</td></tr>")
    rows.append("</table>")
    if summary.get("person_conflicts"):
        rows.append("<h2>Spanningen tussen personen in een huishouden (per paar)</h2><table>")
        for c in summary["person_conflicts"]:
            rows.append(f"<tr><td>{e(c['title'])}</td><td>{_bar({'present': c['present'], 'possible': c['possible'], 'absent': c['absent']}, c['pairs'])}</td>"
                        f"<td>{e(_pairs_line(c))}</td></tr>")
        rows.append("</table>")
    if "transitions" in summary:
        rows.append(f"<h2>Overgangen {e(summary['from_date'])} &rarr; {e(summary['to_date'])}</h2><table>")
        for t in summary["transitions"]:
            conflict = t["id"].startswith("conflict.")
            rows.append(f"<tr><td>{e(t['title'])}</td><td>{e(_playing(t['from'], conflict))} &rarr; {e(_playing(t['to'], conflict))}</td>"
                        f"<td>{_changed(t)} anders</td></tr>")
        rows.append("</table>")
    legend = " ".join(f'<span class="k" style="background:{COLORS[s]}"></span>{e(STATUS_NL[s])}' for s in ORDER)
    return f"""<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>Screening {e(summary['evaluation_date'])}</title>
<style>body{{font-family:system-ui,sans-serif;margin:2em;max-width:70em}}td{{padding:2px 8px;vertical-align:middle}}
.k{{display:inline-block;width:10px;height:10px;margin:0 4px 0 12px}}h2{{margin-top:1.5em}}</style></head>
<body><h1>Screening op {e(summary['evaluation_date'])}</h1><p>{_n(total)} inwoners{e(", " + _households_line(summary["households"])) if "households" in summary else ""}. {legend}</p>
{''.join(rows)}
<p><small>Advies, geen besluit: de professional beslist (AVG art. 22). Geen BSN in deze pagina.</small></p>
</body></html>
"""
