"""Propose, approve, reject, revoke and expire deviations, against a mandate register and
into the audit log. Every check runs before anything is written: a refused deviation
leaves the log exactly as it was.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any, Iterable, Mapping

from crosslaw.audit.store import LogStore
from crosslaw.deviation.mandates import Grant, MandateRegister
from crosslaw.deviation.model import Actor, Deviation, DeviationRequest
from crosslaw.engine.engine import Engine
from crosslaw.errors import CrosslawError
from crosslaw.explanation.build import situation_digest
from crosslaw.keys import PSEUDONYM_KEY_ENV, check_key, env_key
from crosslaw.ruleset.model import GROUND_FITS_KIND
from crosslaw.situation import parse_situation
from crosslaw.situation.bsn import pseudonym
from crosslaw.situation.model import Situation



class DeviationRefused(CrosslawError):
    """A deviation that may not be recorded; ``code`` names the reason for tests and tools."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        super().__init__(f"afwijking geweigerd: {message}")


def case_pseudonym(situation: Situation, key: bytes | None = None) -> str:
    """The keyed pseudonym a log stores for a case: from the BSN if given, else the case reference."""
    k = check_key(key, PSEUDONYM_KEY_ENV) if key is not None else env_key(PSEUDONYM_KEY_ENV, required=True)
    assert k is not None
    ident = situation.bsn or situation.case_ref
    if not ident:
        raise CrosslawError("de situatie heeft geen dossierreferentie (case_ref) of BSN om het dossier te herkennen")
    return pseudonym(ident, k)


def fold(entries: Iterable[Any]) -> dict[str, Deviation]:
    """The current state of every deviation, rebuilt from the log (the log is the truth)."""
    out: dict[str, Deviation] = {}
    for e in entries:
        if e.kind in ("proposed", "approved") and e.deviation_id not in out:
            record = dict(e.payload["record"])
            record["status"] = e.kind
            record["history"] = [{"seq": e.seq, "kind": e.kind, "ts": e.ts, "actor": e.payload.get("actor")}]
            out[e.deviation_id] = Deviation.model_validate(record)
            continue
        d = out.get(e.deviation_id)
        if d is None:
            continue
        update: dict[str, Any] = {"status": e.kind, "history": d.history + [{"seq": e.seq, "kind": e.kind, "ts": e.ts, "actor": e.payload.get("actor")}]}
        if e.kind == "approved" and e.payload.get("actor"):
            update["approver"] = Actor.model_validate(e.payload["actor"])
        out[e.deviation_id] = d.model_copy(update=update)
    return out


class DeviationService:
    """The library face of motivated deviation; the CLI is a thin layer over it."""

    def __init__(self, engine: Engine, log: LogStore, mandates: MandateRegister, pseudonym_key: bytes | None = None) -> None:
        self.engine = engine
        self.log = log
        self.mandates = mandates
        self.key = pseudonym_key

    # -- reading -----------------------------------------------------------------------------
    def all(self) -> dict[str, Deviation]:
        return fold(self.log.entries())

    def get(self, deviation_id: str) -> Deviation:
        d = self.all().get(deviation_id)
        if d is None:
            raise CrosslawError(f"onbekende afwijking {deviation_id!r}")
        return d

    def for_case(self, situation: Situation | Mapping[str, Any], on: date) -> list[Deviation]:
        """Approved deviations in force on ``on`` for this resident."""
        s = parse_situation(situation)
        case = case_pseudonym(s, self.key)
        return [d for d in self.all().values() if d.case == case and d.in_force(on)]

    # -- checks ----------------------------------------------------------------------------------
    def _grant(self, actor: Actor, rule_id: str, law: str, kind: str, ground: str, effect: int) -> Grant:
        if actor.role not in self.mandates.roles:
            raise DeviationRefused("unknown_role", f"rol {actor.role!r} staat niet in de mandaatregeling")
        grants = self.mandates.grants(actor.role, rule_id, law, kind)
        if not grants:
            raise DeviationRefused("no_mandate", f"de rol {actor.role!r} heeft geen mandaat om af te wijken van {rule_id}")
        fitting = [g for g in grants if ground in g.grounds]
        if not fitting:
            raise DeviationRefused("no_mandate", f"de rol {actor.role!r} heeft voor {rule_id} geen mandaat op grond {ground!r}")
        within = [g for g in fitting if effect <= g.max_monthly_effect_cents]
        if not within:
            limit = max(g.max_monthly_effect_cents for g in fitting)
            raise DeviationRefused(
                "effect_exceeds_mandate",
                f"het effect van {effect / 100:.2f} euro per maand gaat boven het mandaat van {limit / 100:.2f} euro",
            )
        # prefer the grant that needs no second person
        return sorted(within, key=lambda g: (g.four_eyes, g.max_monthly_effect_cents))[0]

    def _check_request(self, situation: Situation, req: DeviationRequest) -> dict[str, Any]:
        rule = self.engine.rules.rule_on(req.rule_id, req.on)
        if rule is None:
            raise DeviationRefused("unknown_rule", f"regel {req.rule_id!r} bestaat niet of geldt niet op {req.on.isoformat()}")
        m = rule.model
        if m.type == "conflict":
            raise DeviationRefused("not_deviable", "van een conflict wordt niet afgeweken, wel van een regel aan een van beide kanten")
        if not m.deviation.deviable:
            raise DeviationRefused("not_deviable", f"{req.rule_id} ({m.basis.cite()}) is niet afwijkbaar")
        if req.ground not in GROUND_FITS_KIND[m.kind]:
            raise DeviationRefused(
                "ground_does_not_fit", f"grond {req.ground!r} past niet bij een regel van soort {m.kind!r} ({req.rule_id})"
            )
        if req.ground != m.deviation.ground:
            raise DeviationRefused(
                "ground_does_not_fit", f"{req.rule_id} staat afwijking alleen toe op grond {m.deviation.ground!r}, niet {req.ground!r}"
            )
        missing = req.justification.missing_parts()
        if missing:
            raise DeviationRefused("justification_incomplete", "de motivering mist: " + "; ".join(missing))
        if req.ends_on and req.ends_on < req.on:
            raise DeviationRefused("bad_period", "de einddatum ligt voor de peildatum")
        ev = self.engine.evaluate(situation, on=req.on)
        outcome = ev.outcome(req.rule_id)
        allowed = {"eligible", "not_eligible"} if m.type in ("benefit", "service") else {"applies", "does_not_apply"}
        if req.status_with not in allowed:
            raise DeviationRefused("bad_outcome", f"uitkomst {req.status_with!r} past niet bij {req.rule_id}; kies uit {', '.join(sorted(allowed))}")
        amount_without = outcome.amount.cents if outcome.amount else None
        if req.status_with == outcome.status and req.amount_with_cents in (None, amount_without):
            raise DeviationRefused("no_change", "de gevraagde uitkomst is gelijk aan de uitkomst zonder afwijking")
        effect = req.monthly_effect_cents
        if effect is None:
            if req.amount_with_cents is not None or amount_without is not None:
                effect = abs((req.amount_with_cents or 0) - (amount_without or 0))
            else:
                raise DeviationRefused("effect_unknown", "geef het financiële effect per maand op (monthly_effect_cents)")
        grant = self._grant(req.actor, req.rule_id, rule.law, m.kind, req.ground, effect)
        return {
            "rule": rule, "outcome": outcome, "evaluation": ev, "effect": effect, "grant": grant,
            "amount_without": amount_without,
        }

    # -- writing ---------------------------------------------------------------------------------
    def propose(self, situation: Situation | Mapping[str, Any], req: DeviationRequest) -> Deviation:
        """Record a deviation: in force at once under a mandate without four eyes, else proposed."""
        s = parse_situation(situation)
        case = case_pseudonym(s, self.key)
        checked = self._check_request(s, req)
        rule, outcome, grant = checked["rule"], checked["outcome"], checked["grant"]
        record = {
            "id": uuid.uuid4().hex,
            "case": case,
            "rule_id": req.rule_id,
            "rule_version": rule.version,
            "law": rule.law,
            "ground": req.ground,
            "status_without": outcome.status,
            "status_with": req.status_with,
            "amount_without_cents": checked["amount_without"],
            "amount_with_cents": req.amount_with_cents,
            "monthly_effect_cents": checked["effect"],
            "justification": req.justification.model_dump(),
            "proposer": req.actor.model_dump(),
            "four_eyes": grant.four_eyes,
            "mandate": {"register": self.mandates.name, "role": req.actor.role, "grant": grant.model_dump(mode="json")},
            "on": req.on.isoformat(),
            "review_on": req.review_on.isoformat() if req.review_on else None,
            "ends_on": req.ends_on.isoformat() if req.ends_on else None,
            "situation_digest": situation_digest(s),
            "ruleset_digest": self.engine.rules.digest,
        }
        kind = "proposed" if grant.four_eyes else "approved"
        self.log.append(kind, record["id"], case, {"record": record, "actor": req.actor.model_dump()})
        return self.get(record["id"])

    def approve(self, deviation_id: str, approver: Actor) -> Deviation:
        d = self.get(deviation_id)
        if d.status != "proposed":
            raise DeviationRefused("bad_state", f"afwijking {deviation_id} is {d.status}, niet voorgesteld")
        if approver.id == d.proposer.id:
            raise DeviationRefused("approver_is_proposer", "wie de afwijking voorstelt, kan haar niet zelf goedkeuren (vier ogen)")
        role = self.mandates.roles.get(approver.role)
        if role is None or not role.may_approve:
            raise DeviationRefused("approver_no_mandate", f"de rol {approver.role!r} mag geen afwijkingen goedkeuren")
        rule = self.engine.rules.rule_on(d.rule_id, d.on)
        kind = rule.model.kind if rule else "wettelijk"
        grants = [g for g in self.mandates.grants(approver.role, d.rule_id, d.law, kind) if d.ground in g.grounds and d.monthly_effect_cents <= g.max_monthly_effect_cents]
        if not grants:
            raise DeviationRefused("approver_no_mandate", f"de rol {approver.role!r} heeft geen mandaat voor {d.rule_id} met dit effect")
        self.log.append("approved", d.id, d.case, {"actor": approver.model_dump()})
        return self.get(d.id)

    def reject(self, deviation_id: str, approver: Actor, reason: str) -> Deviation:
        d = self.get(deviation_id)
        if d.status != "proposed":
            raise DeviationRefused("bad_state", f"afwijking {deviation_id} is {d.status}, niet voorgesteld")
        if len(reason.strip()) < 10:
            raise DeviationRefused("reason_missing", "geef de reden van de afwijzing")
        self.log.append("rejected", d.id, d.case, {"actor": approver.model_dump(), "reason": reason})
        return self.get(d.id)

    def revoke(self, deviation_id: str, actor: Actor, reason: str) -> Deviation:
        d = self.get(deviation_id)
        if d.status not in ("approved", "proposed"):
            raise DeviationRefused("bad_state", f"afwijking {deviation_id} is {d.status} en kan niet worden ingetrokken")
        if len(reason.strip()) < 10:
            raise DeviationRefused("reason_missing", "geef de reden van de intrekking")
        self.log.append("revoked", d.id, d.case, {"actor": actor.model_dump(), "reason": reason})
        return self.get(d.id)

    def expire(self, on: date) -> list[Deviation]:
        """Record the end of every approved deviation whose end date lies before ``on``."""
        expired = []
        for d in self.all().values():
            if d.status == "approved" and d.ends_on is not None and d.ends_on < on:
                self.log.append("expired", d.id, d.case, {"on": on.isoformat()})
                expired.append(self.get(d.id))
        return expired
