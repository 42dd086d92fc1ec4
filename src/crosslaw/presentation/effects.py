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


def effect_items(e: DeviationEffect, titles: dict[str, str] | None = None) -> list[tuple[str, bool]]:
    """The counterfactual of one value deviation as Dutch sentences, each with whether it is a
    warning (the footing changed, redundant); shared by the text overview and the report."""
    titles = e.conflict_titles if titles is None else titles
    items: list[tuple[str, bool]] = []
    if e.basis_changed:
        items.append(("Grondslag gewijzigd sinds de afwijking: " + "; ".join(e.basis_changed) + "; heroverweeg de afwijking.", True))
    if e.redundant:
        items.append(("Overbodig geworden: zonder afwijking geldt dit nu al volgens de wet zelf; "
                      "trek de afwijking in of leg vast waarom zij blijft.", True))
        return items
    if not e.outcomes and not e.conflicts_gone and not e.conflicts_new:
        items.append(("Op deze datum verandert de afwijking niets aan de uitkomsten; heroverweeg de afwijking.", False))
        return items
    for c in e.outcomes:
        was = _amount(c.status_without, c.amount_without_cents)
        now = _amount(c.status_with, c.amount_with_cents)
        per = " per maand" if c.amount_without_cents is not None or c.amount_with_cents is not None else ""
        items.append((f"{c.title}: zonder afwijking {was}, met afwijking {now}{per}", False))
    for cid in e.conflicts_gone:
        items.append((f"Spanning verdwijnt: {titles.get(cid, cid)}", False))
    for cid in e.conflicts_new:
        items.append((f"Nieuwe spanning: {titles.get(cid, cid)}", False))
    items.append((f"Effect per maand (berekend): {euro(e.monthly_effect_cents)}", False))
    return items


def effect_head(e: DeviationEffect) -> str:
    return f"{e.target_title} ({e.target}) {value_text(e.value_without)} → {value_text(e.value_with)}"


def _block(e: DeviationEffect, style: Callable[..., str], titles: dict[str, str]) -> list[str]:
    lines = [style(f"✎ Gemotiveerde afwijking {e.id[:12]}: {effect_head(e)}", fg="magenta", bold=True)]
    lines += [style(f"  {text}", fg="yellow") if warn else f"  {text}" for text, warn in effect_items(e, titles)]
    return lines + [""]
