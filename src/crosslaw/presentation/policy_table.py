"""``audit stats --per kwartaal`` as a Dutch text table (the rows come from ``audit.policy_stats``)."""

from __future__ import annotations

from typing import Any

from crosslaw.audit.policy_stats import Period
from crosslaw.presentation.words import euro

GROUND_SHORT = {"hardheidsclausule": "hardheid", "discretionaire_ruimte": "discr. ruimte", "awb_3_4": "Awb 3:4", "awb_4_84": "Awb 4:84"}


def render_table(rows: list[dict[str, Any]], period: Period) -> list[str]:
    """The rows as a Dutch text table (one line per period and target)."""
    head = "Kwartaal" if period == "kwartaal" else "Maand"
    width = max([len("Regel of waarde")] + [len(r["target"]) for r in rows])
    out = [f"{head:<9} {'Regel of waarde':<{width}}  {'Aantal':>6}  {'Goedgekeurd':>11}  {'Effect per maand':>16}  Gronden"]
    for r in rows:
        grounds = ", ".join(f"{GROUND_SHORT.get(g, g)} {n}" for g, n in r["grounds"].items())
        out.append(f"{r['period']:<9} {r['target']:<{width}}  {r['count']:>6}  {r['approved']:>11}  "
                   f"{euro(r['monthly_effect_cents']):>16}  {grounds}")
    return out
