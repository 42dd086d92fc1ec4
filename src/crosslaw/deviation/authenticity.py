"""Who did what, checked afterwards: every signature in the log against the actor register as it
stood when the entry was written, four eyes on verified identities, and the state machine.

The hash chain (``crosslaw.audit.verify``) says the log was not changed; this says each entry
was made by someone entitled to make it. ``audit verify`` runs both.
"""

from __future__ import annotations

from typing import Any, Iterable

from crosslaw.deviation.actors import (
    ACTOR_KIND, ActorError, ActorRegister, admit_entry, entry_day, signature_ok, signed_message,
)
from crosslaw.deviation.decisions import group_problems
from crosslaw.deviation.service import DEVIATION_KINDS, fold


def verify_signatures(entries: Iterable[Any]) -> list[tuple[int, str]]:
    """Every problem as (seq, Dutch sentence naming that seq), in log order; empty when sound."""
    register = ActorRegister()
    problems: list[tuple[int, str]] = []
    proposers: dict[str, str] = {}
    seen: list[Any] = []
    for e in entries:
        seen.append(e)
        if e.kind == ACTOR_KIND:
            try:
                admit_entry(register, e)
            except (ActorError, AttributeError, TypeError, ValueError) as exc:
                problems.append((e.seq, f"regel {e.seq}: actorenregister: {exc}"))
            continue
        if e.kind not in DEVIATION_KINDS:
            problems.append((e.seq, f"regel {e.seq}: onbekende soort regel {e.kind!r}"))
            continue
        problem = _check_signed(register, e, proposers)
        if problem:
            problems.append((e.seq, f"regel {e.seq}: {problem}"))
    fold(seen, problems)
    problems.extend(group_problems(seen))  # a decision with several targets is written as one group
    return sorted(problems)


def _check_signed(register: ActorRegister, e: Any, proposers: dict[str, str]) -> str | None:
    sig = e.payload.get("signature")
    if not isinstance(sig, dict) or not sig.get("actor") or not sig.get("sig"):
        return "niet ondertekend"
    signer = sig["actor"]
    try:
        record = register.check_signer(signer, None, entry_day(e.ts))
    except (ActorError, ValueError) as exc:
        return f"ondertekend door een onbekende of ongeldige actor: {exc}"
    if not signature_ok(record.public_key, signed_message(e.kind, e.deviation_id, e.case, e.ts, e.payload), sig["sig"]):
        return f"de handtekening van {signer!r} klopt niet (vervalst of gewijzigd)"
    actor = e.payload.get("actor") or {}
    if actor.get("id") != signer:
        return f"de regel noemt {actor.get('id')!r} maar is ondertekend door {signer!r}"
    if actor.get("role") not in record.roles:
        return f"{signer!r} had volgens het actorenregister niet de rol {actor.get('role')!r}"
    if e.kind in ("proposed", "approved") and e.deviation_id not in proposers:
        proposers[e.deviation_id] = signer
    elif e.kind == "approved" and proposers.get(e.deviation_id) == signer:
        return f"{signer!r} keurde de eigen afwijking goed (vier ogen)"
    return None
