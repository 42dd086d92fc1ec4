"""What changes for one resident between two dates: outcomes, amounts, computed values,
the rule versions behind them and the conflicts (for example across 1 January 2026)."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict

from crosslaw.explanation.result import Evaluation


class Change(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: Literal["outcome", "computed", "conflict"]
    id: str
    law: str
    title: str
    before: Optional[str]
    after: Optional[str]
    article_before: Optional[str]
    article_after: Optional[str]
    rule_changed: bool  # another version of the rule (or another article) applies
    value_type: Optional[str] = None  # for computed values: money, bool, int, decimal, text


class Diff(BaseModel):
    model_config = ConfigDict(frozen=True)

    date_from: date
    date_to: date
    ruleset_digest: str
    changes: list[Change]


def _outcome_value(o: Any) -> str:
    amount = f" {o.amount.cents}" if o.amount is not None and o.amount.cents is not None else ""
    return f"{o.status}{amount}"


def compare(before: Evaluation, after: Evaluation) -> Diff:
    """Every outcome, computed value and conflict that differs between the two evaluations."""
    changes: list[Change] = []
    a_out = {o.id: (law.law, o) for law in before.laws for o in law.outcomes}
    b_out = {o.id: (law.law, o) for law in after.laws for o in law.outcomes}
    for oid in list(a_out) + [k for k in b_out if k not in a_out]:
        la, oa = a_out.get(oid, (None, None))
        lb, ob = b_out.get(oid, (None, None))
        va = _outcome_value(oa) if oa else None
        vb = _outcome_value(ob) if ob else None
        version_changed = bool(oa and ob and oa.version != ob.version)
        if va != vb or version_changed:
            ref = ob or oa
            changes.append(Change(
                kind="outcome", id=oid, law=lb or la or "", title=ref.title, before=va, after=vb,
                article_before=oa.article.text if oa else None, article_after=ob.article.text if ob else None,
                rule_changed=version_changed or oa is None or ob is None,
            ))
    a_c = {c.id: (law.law, c) for law in before.laws for c in law.computed}
    b_c = {c.id: (law.law, c) for law in after.laws for c in law.computed}
    for cid in list(a_c) + [k for k in b_c if k not in a_c]:
        la, ca = a_c.get(cid, (None, None))
        lb, cb = b_c.get(cid, (None, None))
        va = None if ca is None else str(ca.value)
        vb = None if cb is None else str(cb.value)
        art_a = ca.article.text if ca else None
        art_b = cb.article.text if cb else None
        if va != vb or art_a != art_b:
            ref = cb or ca
            changes.append(Change(kind="computed", id=cid, law=lb or la or "", title=ref.title, before=va, after=vb,
                                  article_before=art_a, article_after=art_b, rule_changed=art_a != art_b,
                                  value_type=ref.type))
    a_k = {c.id: c for c in before.conflicts}
    b_k = {c.id: c for c in after.conflicts}
    for kid in list(a_k) + [k for k in b_k if k not in a_k]:
        ka, kb = a_k.get(kid), b_k.get(kid)
        sa, sb = (ka.status if ka else "absent"), (kb.status if kb else "absent")
        if sa != sb:
            ref = kb or ka
            changes.append(Change(kind="conflict", id=kid, law="conflicts", title=ref.title, before=sa, after=sb,
                                  article_before=ka.article.text if ka else None, article_after=kb.article.text if kb else None,
                                  rule_changed=False))
    return Diff(date_from=before.evaluation_date, date_to=after.evaluation_date, ruleset_digest=after.ruleset_digest, changes=changes)
