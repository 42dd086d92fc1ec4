"""One decision with several targets, as the verifier sees it: an atomic group in the log.

``DeviationService.propose_decision`` writes one entry per target, all in one transaction, each
record naming the decision and all its members; every later state change (approve, reject,
revoke, expire) is written for all members at once, each entry naming the decision. The hash
chain proves the entries were not changed; this check proves no group was split: a member
proposed alone, approved alone, or a state change that skipped a member.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Iterable

TRANSITIONS = ("approved", "rejected", "revoked", "expired")


def group_problems(entries: Iterable[Any]) -> list[tuple[int, str]]:
    """Every split group as (seq, Dutch sentence), in log order; empty when every decision is whole."""
    decision_of: dict[str, str] = {}
    members: dict[str, list[str]] = {}
    batches: dict[tuple[str, str, str], list[Any]] = defaultdict(list)  # (decision, kind, ts) -> entries
    problems: list[tuple[int, str]] = []
    for e in entries:
        payload = e.payload if isinstance(e.payload, dict) else {}
        if e.kind in ("proposed", "approved") and e.deviation_id not in decision_of:
            record = payload.get("record") if isinstance(payload.get("record"), dict) else {}
            group = record.get("decision")
            decision_of[e.deviation_id] = group.get("id") if isinstance(group, dict) else ""
            if isinstance(group, dict) and group.get("id"):
                members.setdefault(group["id"], list(group.get("members") or []))
                batches[(group["id"], "start", e.ts)].append(e)
            continue
        if e.kind not in TRANSITIONS:
            continue
        decision = decision_of.get(e.deviation_id, "")
        named = payload.get("decision")
        if decision and named != decision:
            problems.append((e.seq, f"regel {e.seq}: {e.kind} van afwijking {e.deviation_id} los van haar besluit {decision}"))
        elif decision:
            batches[(decision, e.kind, e.ts)].append(e)
    for (decision, kind, _), group in batches.items():
        want = members.get(decision, [])
        got = [e.deviation_id for e in group]
        seqs = sorted(e.seq for e in group)
        what = "voorgesteld" if kind == "start" else kind
        if sorted(got) != sorted(want):
            problems.append((seqs[0], f"regel {seqs[0]}: besluit {decision} niet als geheel {what} "
                                      f"({len(set(got))} van {len(want)} doelen)"))
        elif seqs != list(range(seqs[0], seqs[0] + len(seqs))):
            problems.append((seqs[0], f"regel {seqs[0]}: besluit {decision} niet in één keer {what} (regels {seqs})"))
    return sorted(problems)
