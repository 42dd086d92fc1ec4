"""Deviations that outlive their reason: "grondslag gewijzigd" and the review list.

A deviation is approved against the legal footing of its target on the day it was assessed:
the version of the rule or computed value, the article it rests on, and the ground the law (or
policy) gives to deviate from it. When the law changes under a deviation, that footing differs
on a later peildatum: the deviation may still be right, but someone must look again. This
module compares the two footings (from the rules alone, no situation needed) and lists the
deviations an auditor or team lead should review on a date: an end or review date that is near
or past, a changed footing, and (when the resident's situation is at hand) a deviation the law
itself has made redundant ("overbodig geworden", see ``effect.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Iterable, Optional

#: days before an end or review date from which a deviation is listed for review
REVIEW_WINDOW_DAYS = 30


def footing(rules: Any, target: str, on: date) -> Optional[dict[str, Any]]:
    """The legal footing of a rule or computed value on ``on``: version, article, whether it is
    deviable, on which ground and where that room comes from. None when it does not hold then."""
    rule = rules.rule_on(target, on)
    if rule is not None:
        m = rule.model
        return {"version": rule.version, "article": m.basis.cite(), "deviable": bool(m.deviation.deviable),
                "ground": m.deviation.ground if m.deviation.deviable else None, "room": None}
    value = rules.computed_on(target, on)
    if value is None:
        return None
    m = value.model
    dev = m.deviation
    deviable = bool(dev is not None and dev.deviable)
    return {"version": m.valid_from.isoformat(), "article": m.basis.cite(), "deviable": deviable,
            "ground": dev.ground if deviable and dev is not None else None,
            "room": dev.basis.cite() if deviable and dev is not None else None}


def _version(rule_version: str) -> str:
    """A record's rule version as a date: rules store ``2025-01-01``, values ``id@2025-01-01``."""
    return rule_version.rsplit("@", 1)[-1]


def recorded_footing(rules: Any, d: Any) -> Optional[dict[str, Any]]:
    """The footing the deviation was assessed on: stored in the record (since issue 12), else
    read from the rules on the deviation's own date."""
    stored = getattr(d, "basis", None)
    if stored:
        return dict(stored)
    assessed = getattr(d, "on", None)  # deviation-like objects from other callers may not carry it
    if assessed is None:
        return None
    now = footing(rules, d.rule_id, assessed)
    if now is None:
        return None
    return {**now, "version": _version(str(getattr(d, "rule_version", now["version"]))), "ground": getattr(d, "ground", now["ground"])}


def basis_changes(rules: Any, d: Any, on: date) -> list[str]:
    """What changed in the target's legal footing between the deviation's date and ``on``, in
    Dutch ("grondslag gewijzigd"); empty when nothing did."""
    then = recorded_footing(rules, d)
    now = footing(rules, d.rule_id, on)
    kind = "waarde" if getattr(d, "target_kind", "rule") == "value" else "regel"
    if now is None:
        return [f"de {kind} {d.rule_id} geldt niet op {on.isoformat()}"]
    if then is None:
        return []
    out = []
    if _version(str(then.get("version"))) != now["version"]:
        out.append(f"nieuwe versie van {d.rule_id}: geldig vanaf {now['version']} (was {_version(str(then.get('version')))})")
    if then.get("article") != now["article"]:
        out.append(f"artikel gewijzigd: {then.get('article')} → {now['article']}")
    if not now["deviable"]:
        out.append(f"{d.rule_id} is op {on.isoformat()} niet meer afwijkbaar")
    elif now["ground"] != then.get("ground"):
        out.append(f"afwijkingsgrond gewijzigd: {then.get('ground')} → {now['ground']}")
    elif then.get("room") and now.get("room") and then["room"] != now["room"]:
        out.append(f"ruimte om af te wijken gewijzigd: {then['room']} → {now['room']}")
    return out


@dataclass(frozen=True)
class ReviewItem:
    """One deviation due for review on a date, with every reason in Dutch."""

    deviation: Any
    reasons: list[str] = field(default_factory=list)
    redundant: Optional[bool] = None  # None: not known (no situation given)

    def to_json(self) -> dict[str, Any]:
        d = self.deviation
        return {"id": d.id, "rule_id": d.rule_id, "status": d.status, "case": d.case, "reasons": self.reasons,
                "overbodig_geworden": self.redundant, "ends_on": d.ends_on.isoformat() if d.ends_on else None,
                "review_on": d.review_on.isoformat() if d.review_on else None}


def due_for_review(rules: Any, deviations: Iterable[Any], on: date, window_days: int = REVIEW_WINDOW_DAYS,
                   redundant: Optional[dict[str, bool]] = None) -> list[ReviewItem]:
    """The approved (or still proposed) deviations to look at again on ``on``: end date within
    ``window_days`` (or past), review date within it (or past), a changed legal footing, or
    redundant (``redundant`` maps deviation id -> whether the law now gives the same; only for
    the residents whose situation was at hand)."""
    horizon = on + timedelta(days=window_days)
    out = []
    for d in deviations:
        if d.status not in ("approved", "proposed"):
            continue
        reasons = []
        if d.ends_on is not None:
            if d.ends_on < on:
                reasons.append(f"einddatum {d.ends_on.isoformat()} verstreken; leg het einde vast (deviate expire)")
            elif d.ends_on <= horizon:
                reasons.append(f"einddatum nadert: {d.ends_on.isoformat()}")
        if d.review_on is not None and d.review_on <= horizon:
            reasons.append(f"heroverwegen uiterlijk {d.review_on.isoformat()}")
        changes = basis_changes(rules, d, on)
        if changes:
            reasons.append("grondslag gewijzigd: " + "; ".join(changes))
        flag = (redundant or {}).get(d.id)
        if flag:
            reasons.append("overbodig geworden: zonder afwijking geeft de wet nu zelf wat de afwijking gaf")
        if reasons:
            out.append(ReviewItem(d, reasons, flag))
    return out


def redundancy(engine: Any, situations: Iterable[Any], deviations: Iterable[Any], on: date) -> dict[str, bool]:
    """For the value deviations of the given residents: whether each is redundant on ``on`` (the
    value without the deviation already is what it sets). Residents are matched by their keyed
    pseudonym; deviations of residents whose situation is not given are left out."""
    from crosslaw.deviation.service import case_pseudonym

    wanted = [d for d in deviations if getattr(d, "target_kind", "rule") == "value" and d.status in ("approved", "proposed")]
    out: dict[str, bool] = {}
    for s in situations:
        case = case_pseudonym(s)
        mine = [d for d in wanted if d.case == case]
        if not mine:
            continue
        env, _ = engine.explain_all(s, on)
        for d in mine:
            if engine.rules.computed_on(d.rule_id, on) is not None:
                out[d.id] = env.get(d.rule_id) == d.value_with and isinstance(env.get(d.rule_id), type(d.value_with))
    return out
