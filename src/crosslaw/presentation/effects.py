"""The counterfactual of each value deviation in force, in Dutch: what the evaluation would
say without it (amounts, outcomes, conflicts), and whether it has outlived its reason."""

from __future__ import annotations

from typing import Any, Callable

from crosslaw.explanation.result import DeviationEffect, Evaluation
from crosslaw.presentation.words import STATUS_NL, euro


def value_text(value: Any) -> str:
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return "onbekend" if value is None else str(value)


def _amount(status: str, cents: int | None) -> str:
    return euro(cents) if cents is not None else STATUS_NL.get(status, status)


def effect_lines(ev: Evaluation, style: Callable[..., str]) -> list[str]:
    """One block per value deviation in force (empty without any)."""
    out: list[str] = []
    for e in ev.deviation_effects:
        out.extend(_block(e, style, e.conflict_titles))
    return out


def _block(e: DeviationEffect, style: Callable[..., str], titles: dict[str, str]) -> list[str]:
    head = (f"✎ Gemotiveerde afwijking {e.id[:12]}: {e.target_title} ({e.target}) "
            f"{value_text(e.value_without)} → {value_text(e.value_with)}")
    lines = [style(head, fg="magenta", bold=True)]
    if e.basis_changed:
        lines.append(style("  Grondslag gewijzigd sinds de afwijking: " + "; ".join(e.basis_changed) + "; heroverweeg haar.",
                           fg="yellow"))
    if e.redundant:
        lines.append(style("  Overbodig geworden: zonder afwijking geldt dit nu al volgens de wet zelf; "
                           "trek de afwijking in of leg vast waarom zij blijft.", fg="yellow"))
        return lines + [""]
    if not e.outcomes and not e.conflicts_gone and not e.conflicts_new:
        lines.append("  Op deze datum verandert de afwijking niets aan de uitkomsten; heroverweeg haar.")
        return lines + [""]
    for c in e.outcomes:
        was = _amount(c.status_without, c.amount_without_cents)
        now = _amount(c.status_with, c.amount_with_cents)
        per = " per maand" if c.amount_without_cents is not None or c.amount_with_cents is not None else ""
        lines.append(f"  {c.title}: zonder afwijking {was}, met afwijking {now}{per}")
    for cid in e.conflicts_gone:
        lines.append(f"  Conflict verdwijnt: {titles.get(cid, cid)}")
    for cid in e.conflicts_new:
        lines.append(f"  Nieuw conflict: {titles.get(cid, cid)}")
    lines.append(f"  Effect per maand (berekend): {euro(e.monthly_effect_cents)}")
    return lines + [""]
