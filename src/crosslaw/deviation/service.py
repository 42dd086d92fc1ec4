"""Propose, approve, reject, revoke and expire deviations, against a mandate register and
into the audit log. Every check runs before anything is written: a refused deviation
leaves the log exactly as it was.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any, Callable, Iterable, Mapping, Optional

from crosslaw.audit.rows import now_ts
from crosslaw.audit.store import LogStore
from crosslaw.deviation.actors import ActorError, ActorRecord, Signer, entry_day, replay_register, sign_payload
from crosslaw.deviation.mandates import Grant, MandateRegister
from crosslaw.deviation.model import Actor, DecisionRequest, Deviation, DeviationRequest
from crosslaw.engine.engine import Engine
from crosslaw.errors import CrosslawError
from crosslaw.explanation.build import situation_digest
from crosslaw.keys import PSEUDONYM_KEY_ENV, check_key, env_key
from crosslaw.ruleset.model import GROUND_FITS_KIND
from crosslaw.situation import parse_situation
from crosslaw.situation.bsn import pseudonym
from crosslaw.situation.model import Situation



def _value_text(value: Any) -> str:
    """A value as the log's status text: ja/nee for a yes/no value, else the number."""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return "onbekend" if value is None else str(value)


def _footing(rules: Any, target: str, on: date, ground: str) -> Optional[dict[str, Any]]:
    """The target's legal footing as the record keeps it (see ``review.footing``)."""
    from crosslaw.deviation.review import footing

    f = footing(rules, target, on)
    return None if f is None else {**f, "ground": ground}


ACTION_NL = {"approve": "goedkeuren", "reject": "afwijzen", "revoke": "intrekken"}


class DeviationRefused(CrosslawError):
    """A deviation that may not be recorded; ``code`` names the reason for tests and tools."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        self.reason = message
        super().__init__(f"afwijking geweigerd: {message}")


def case_pseudonym(situation: Situation, key: bytes | None = None) -> str:
    """The keyed pseudonym a log stores for a case: from the BSN if given, else the case reference."""
    k = check_key(key, PSEUDONYM_KEY_ENV) if key is not None else env_key(PSEUDONYM_KEY_ENV, required=True)
    assert k is not None
    ident = situation.bsn or situation.case_ref
    if not ident:
        raise CrosslawError("de situatie heeft geen dossierreferentie (case_ref) of BSN om het dossier te herkennen")
    return pseudonym(ident, k)


#: what may follow each state (the first entry of a deviation is "proposed" or, within a mandate
#: without four eyes, "approved"); nothing follows rejected, revoked or expired
NEXT: dict[str, frozenset[str]] = {
    "proposed": frozenset({"approved", "rejected", "revoked"}),
    "approved": frozenset({"revoked", "expired"}),
}
DEVIATION_KINDS = frozenset({"proposed", "approved", "rejected", "revoked", "expired"})


def fold(entries: Iterable[Any], problems: Optional[list[tuple[int, str]]] = None) -> dict[str, Deviation]:
    """The current state of every deviation, rebuilt from the log (the log is the truth).

    An entry the state machine forbids (anything after rejected, revoked or expired, a second
    approval, a change to an unknown deviation) is not applied; it is listed in ``problems`` as
    (seq, Dutch reason) when a list is given. Entries of the actor register are skipped."""
    out: dict[str, Deviation] = {}
    for e in entries:
        if e.kind not in DEVIATION_KINDS:
            continue
        d = out.get(e.deviation_id)
        step = {"seq": e.seq, "kind": e.kind, "ts": e.ts, "actor": e.payload.get("actor")}
        if d is None:
            if e.kind in ("proposed", "approved"):
                try:
                    record = dict(e.payload["record"])
                    record["status"] = e.kind
                    record["history"] = [step]
                    out[e.deviation_id] = Deviation.model_validate(record)
                except (KeyError, TypeError, ValueError):  # pydantic's ValidationError is a ValueError
                    if problems is not None:
                        problems.append((e.seq, f"regel {e.seq}: geen leesbare afwijking"))
            elif problems is not None:
                problems.append((e.seq, f"regel {e.seq}: {e.kind} van een onbekende afwijking"))
            continue
        if e.kind not in NEXT.get(d.status, frozenset()):
            if problems is not None:
                problems.append((e.seq, f"regel {e.seq}: {e.kind} na {d.status} is niet toegestaan"))
            continue
        update: dict[str, Any] = {"status": e.kind, "history": d.history + [step]}
        if e.kind == "approved" and e.payload.get("actor"):
            update["approver"] = Actor.model_validate(e.payload["actor"])
        out[e.deviation_id] = d.model_copy(update=update)
    return out


def _members(deviations: dict[str, Deviation], ident: str) -> list[Deviation]:
    d = deviations.get(ident)
    decision = d.decision["id"] if d is not None and d.decision else (None if d is not None else ident)
    if decision is None:
        return [d] if d is not None else []
    group = [x for x in deviations.values() if x.decision and x.decision.get("id") == decision]
    order = {m: i for i, m in enumerate(group[0].decision.get("members", []))} if group else {}
    return sorted(group, key=lambda x: order.get(x.id, len(order)))


def decision_ids(deviations: dict[str, Deviation]) -> dict[str, Deviation]:
    """Deviation ids and decision ids, each to a deviation (for resolving an id prefix)."""
    out = dict(deviations)
    for d in deviations.values():
        if d.decision:
            out.setdefault(d.decision["id"], d)
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

    def _check_common(self, req: DeviationRequest) -> None:
        missing = req.justification.missing_parts(req.ground)
        if missing:
            raise DeviationRefused("justification_incomplete", "de motivering mist: " + "; ".join(missing))
        if req.ends_on and req.ends_on < req.on:
            raise DeviationRefused("bad_period", "de einddatum ligt voor de peildatum")

    def _effect_checked(self, req: DeviationRequest, computed: Optional[int]) -> tuple[int, Optional[int]]:
        """The effect the mandate is checked against: the engine's, never less than a typed one
        (a typed figure can make the check stricter, never looser). Returns (effect, typed)."""
        typed = req.monthly_effect_cents
        if computed is None:
            if typed is None:
                raise DeviationRefused("effect_unknown", "geef het financiële effect per maand op (monthly_effect_cents)")
            return typed, typed
        return max(computed, typed or 0), typed

    def _check_value(self, situation: Situation, req: DeviationRequest) -> dict[str, Any]:
        from crosslaw.deviation.effect import value_effect

        item = self.engine.rules.computed_on(req.rule_id, req.on)
        assert item is not None
        m = item.model
        dev = m.deviation
        if dev is None or not dev.deviable:
            raise DeviationRefused("not_deviable", f"de waarde {req.rule_id} ({m.basis.cite()}) is niet afwijkbaar")
        if req.ground != dev.ground:
            raise DeviationRefused(
                "ground_does_not_fit", f"{req.rule_id} staat afwijking alleen toe op grond {dev.ground!r}, niet {req.ground!r}"
            )
        if dev.mandate and req.actor.role != dev.mandate:
            raise DeviationRefused("no_mandate", f"afwijken van {req.rule_id} is voorbehouden aan de rol {dev.mandate!r} ({dev.basis.cite()})")
        self._check_common(req)
        if req.value_with is None:
            raise DeviationRefused("bad_outcome", f"geef de gewenste waarde van {req.rule_id} (value_with)")
        if (m.type == "bool") != isinstance(req.value_with, bool):
            want = "ja of nee (true/false)" if m.type == "bool" else "een getal (bedragen in centen)"
            raise DeviationRefused("bad_outcome", f"de waarde van {req.rule_id} is {want}")
        value_without, effect = value_effect(self.engine, situation, req.on, req.rule_id, req.value_with)
        if effect.redundant:
            raise DeviationRefused("no_change", "de gevraagde waarde is gelijk aan de waarde zonder afwijking")
        checked_effect, typed = self._effect_checked(req, effect.monthly_effect_cents)
        grant = self._grant(req.actor, req.rule_id, item.law, dev.kind, req.ground, checked_effect)
        plain = value_without if isinstance(value_without, (bool, int)) else None
        return {"version": f"{m.id}@{m.valid_from.isoformat()}", "law": item.law, "effect": checked_effect, "typed": typed,
                "grant": grant, "value_without": plain, "comparison": effect}

    def _check_request(self, situation: Situation, req: DeviationRequest) -> dict[str, Any]:
        rule = self.engine.rules.rule_on(req.rule_id, req.on)
        if rule is None:
            if self.engine.rules.computed_on(req.rule_id, req.on) is not None:
                return self._check_value(situation, req)
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
        self._check_common(req)
        ev = self.engine.evaluate(situation, on=req.on)
        outcome = ev.outcome(req.rule_id)
        allowed = {"eligible", "not_eligible"} if m.type in ("benefit", "service") else {"applies", "does_not_apply"}
        if req.status_with not in allowed:
            raise DeviationRefused("bad_outcome", f"uitkomst {req.status_with!r} past niet bij {req.rule_id}; kies uit {', '.join(sorted(allowed))}")
        amount_without = outcome.amount.cents if outcome.amount else None
        if req.status_with == outcome.status and req.amount_with_cents in (None, amount_without):
            raise DeviationRefused("no_change", "de gevraagde uitkomst is gelijk aan de uitkomst zonder afwijking")
        # the engine's effect: what is paid (or deducted) per month without and with the deviation
        paid_without = amount_without if outcome.status in ("eligible", "applies") else 0
        if req.amount_with_cents is not None:
            paid_with: Optional[int] = req.amount_with_cents if req.status_with in ("eligible", "applies") else 0
        elif req.status_with in ("eligible", "applies"):
            paid_with = amount_without if outcome.status in ("eligible", "applies") else None
        else:
            paid_with = 0
        computed = None if paid_without is None or paid_with is None else abs(paid_with - paid_without)
        effect, typed = self._effect_checked(req, computed)
        grant = self._grant(req.actor, req.rule_id, rule.law, m.kind, req.ground, effect)
        return {
            "rule": rule, "outcome": outcome, "evaluation": ev, "effect": effect, "grant": grant,
            "amount_without": amount_without, "typed": typed,
        }

    # -- writing ---------------------------------------------------------------------------------
    def _act(self, signer: Signer, actor: Actor, decide: Callable[[dict[str, Deviation], ActorRecord, date], list[tuple[str, str, str, dict[str, Any]]]],
             deviation_id: Optional[str] = None) -> None:
        """Check the signer against the actor register, let ``decide`` check the state and name
        the entries to write, sign them and append them: one transaction with the log's write
        lock, so the state ``decide`` saw is the state the entries follow. With ``deviation_id``
        only that deviation's entries (and the actor register) are read."""
        ts = now_ts()
        day = entry_day(ts)

        def step(entries: list[Any]) -> list[dict[str, Any]]:
            register = replay_register(entries)
            if actor.id != signer.actor_id:
                raise DeviationRefused("actor_mismatch", f"{actor.id!r} is niet wie ondertekent ({signer.actor_id!r})")
            try:
                record = register.check_signer(signer.actor_id, signer.public_key(), day)
            except ActorError as e:
                raise DeviationRefused("unregistered", str(e)) from None
            if actor.role not in record.roles:
                raise DeviationRefused("role_not_registered",
                                       f"{actor.id!r} heeft volgens het actorenregister niet de rol {actor.role!r}")
            planned = decide(fold(entries), record, day)
            return [{"kind": kind, "deviation_id": dev_id, "case": case, "ts": ts,
                     "payload": sign_payload(signer, kind, dev_id, case, ts, payload)}
                    for kind, dev_id, case, payload in planned]

        self.log.append_checked(step, deviation_id)

    def propose(self, situation: Situation | Mapping[str, Any], req: DeviationRequest, *, signer: Signer) -> Deviation:
        """Record a deviation: in force at once under a mandate without four eyes, else proposed.

        The effect recorded and checked against the mandate is the engine's (see ``effect.py``)."""
        s = parse_situation(situation)
        case = case_pseudonym(s, self.key)
        checked = self._check_request(s, req)
        record = self._record(s, case, req, checked)
        kind = "proposed" if checked["grant"].four_eyes else "approved"
        self._act(signer, req.actor, lambda deviations, who, day: [
            (kind, record["id"], case, {"record": record, "actor": req.actor.model_dump()})], record["id"])
        return self.get(record["id"])

    def _record(self, s: Situation, case: str, req: DeviationRequest, checked: dict[str, Any]) -> dict[str, Any]:
        """The record the log keeps of one checked request (one target)."""
        grant = checked["grant"]
        common = {
            "id": uuid.uuid4().hex,
            "case": case,
            "rule_id": req.rule_id,
            "ground": req.ground,
            "monthly_effect_cents": checked["effect"],
            "typed_effect_cents": checked["typed"],
            "justification": req.justification.model_dump(),
            "proposer": req.actor.model_dump(),
            "four_eyes": grant.four_eyes,
            "mandate": {"register": self.mandates.name, "role": req.actor.role, "grant": grant.model_dump(mode="json")},
            "on": req.on.isoformat(),
            "review_on": req.review_on.isoformat() if req.review_on else None,
            "ends_on": req.ends_on.isoformat() if req.ends_on else None,
            "situation_digest": situation_digest(s),
            "ruleset_digest": self.engine.rules.digest,
            "basis": _footing(self.engine.rules, req.rule_id, req.on, req.ground),
        }
        if "comparison" in checked:
            comparison = checked["comparison"]
            record = {**common, "rule_version": checked["version"], "law": checked["law"], "target_kind": "value",
                      "status_without": _value_text(checked["value_without"]), "status_with": _value_text(req.value_with),
                      "amount_without_cents": None, "amount_with_cents": None,
                      "value_without": checked["value_without"], "value_with": req.value_with,
                      "effect": comparison.model_dump(mode="json", exclude={"id"})}
        else:
            rule, outcome = checked["rule"], checked["outcome"]
            record = {**common, "rule_version": rule.version, "law": rule.law,
                      "status_without": outcome.status, "status_with": req.status_with,
                      "amount_without_cents": checked["amount_without"], "amount_with_cents": req.amount_with_cents}
        return record

    def propose_decision(self, situation: Situation | Mapping[str, Any], req: DecisionRequest, *, signer: Signer) -> list[Deviation]:
        """Record one motivated decision with several targets (e.g. across two laws): each target
        is checked against its own deviation policy and the proposer's mandate for it, and all are
        written in one transaction as one group (``decision``). If any target needs four eyes, the
        whole decision waits for one approval; a refused target refuses the decision."""
        s = parse_situation(situation)
        case = case_pseudonym(s, self.key)
        decision_id = uuid.uuid4().hex
        records = []
        for target in req.targets:
            single = req.request_for(target)
            try:
                checked = self._check_request(s, single)
            except DeviationRefused as e:
                raise DeviationRefused(e.code, f"{target.rule_id}: {e.reason}") from None
            records.append((self._record(s, case, single, checked), checked["grant"].four_eyes))
        members = [r["id"] for r, _ in records]
        kind = "proposed" if any(four for _, four in records) else "approved"
        group = {"id": decision_id, "members": members, "targets": [t.rule_id for t in req.targets]}
        for record, _ in records:
            record["decision"] = group
            record["four_eyes"] = kind == "proposed"
        self._act(signer, req.actor, lambda deviations, who, day: [
            (kind, r["id"], case, {"record": r, "actor": req.actor.model_dump(), "decision": decision_id}) for r, _ in records])
        now = self.all()
        return [now[i] for i in members]

    def members(self, ident: str, deviations: Optional[dict[str, Deviation]] = None) -> list[Deviation]:
        """The deviations a state change of ``ident`` covers: all members of its decision (``ident``
        may be the decision's id or a member's), or the deviation alone."""
        deviations = self.all() if deviations is None else deviations
        return _members(deviations, ident)

    def _decider_mandate(self, actor: Actor, d: Deviation, action: str) -> None:
        """Approving, rejecting and revoking need a role that may approve and whose grants cover
        the deviation (rule, ground, effect); revoking is also open to a role that could have
        recorded the deviation itself."""
        rule = self.engine.rules.rule_on(d.rule_id, d.on)
        value = self.engine.rules.computed_on(d.rule_id, d.on) if rule is None else None
        if rule is not None:
            kind = rule.model.kind
        elif value is not None and value.model.deviation is not None:
            kind = value.model.deviation.kind
        else:
            kind = "wettelijk"
        role = self.mandates.roles.get(actor.role)
        covering = [g for g in self.mandates.grants(actor.role, d.rule_id, d.law, kind)
                    if d.ground in g.grounds and d.monthly_effect_cents <= g.max_monthly_effect_cents]
        if action == "revoke" and covering:
            return
        if role is None or not role.may_approve:
            raise DeviationRefused("approver_no_mandate", f"de rol {actor.role!r} mag geen afwijkingen {ACTION_NL[action]}")
        if not covering:
            raise DeviationRefused("approver_no_mandate", f"de rol {actor.role!r} heeft geen mandaat voor {d.rule_id} met dit effect")

    def _current(self, deviations: dict[str, Deviation], deviation_id: str) -> Deviation:
        d = deviations.get(deviation_id)
        if d is None:
            raise DeviationRefused("unknown", f"onbekende afwijking {deviation_id!r}")
        return d

    def _scope(self, ident: str) -> Optional[str]:
        """What a state change must read in its transaction: one deviation's entries, or (for a
        decision with several targets) the whole log."""
        d = self.all().get(ident)
        return ident if d is not None and not d.decision else None

    def _group(self, deviations: dict[str, Deviation], ident: str) -> list[Deviation]:
        group = _members(deviations, ident)
        if not group:
            raise DeviationRefused("unknown", f"onbekende afwijking {ident!r}")
        return group

    @staticmethod
    def _step_payload(d: Deviation, payload: dict[str, Any]) -> dict[str, Any]:
        return {**payload, "decision": d.decision["id"]} if d.decision else payload

    def approve(self, deviation_id: str, approver: Actor, *, signer: Signer) -> Deviation:
        """Approve a proposed deviation; for a decision with several targets (its id or a member's),
        approve all of them at once, each against the approver's mandate for it."""
        def decide(deviations: dict[str, Deviation], who: ActorRecord, day: date) -> list[tuple[str, str, str, dict[str, Any]]]:
            planned = []
            for d in self._group(deviations, deviation_id):
                if d.status != "proposed":
                    raise DeviationRefused("bad_state", f"afwijking {d.id} is {d.status}, niet voorgesteld")
                # verified identities: the signer is the register's actor; the proposer signed the proposal
                # (the register ties one key to one id for good, so comparing ids compares keys too)
                if who.id == d.proposer.id:
                    raise DeviationRefused("approver_is_proposer", "wie de afwijking voorstelt, kan haar niet zelf goedkeuren (vier ogen)")
                self._decider_mandate(approver, d, "approve")
                if d.ends_on is not None and day > d.ends_on:
                    raise DeviationRefused("bad_period", f"de afwijking liep af op {d.ends_on.isoformat()} en kan niet meer worden goedgekeurd")
                planned.append(("approved", d.id, d.case, self._step_payload(d, {"actor": approver.model_dump()})))
            return planned

        self._act(signer, approver, decide, self._scope(deviation_id))
        return self._result(deviation_id)

    def _result(self, ident: str) -> Deviation:
        now = self.all()
        if ident in now:
            return now[ident]
        group = _members(now, ident)
        if not group:
            raise CrosslawError(f"onbekende afwijking {ident!r}")
        return group[0]

    def reject(self, deviation_id: str, approver: Actor, reason: str, *, signer: Signer) -> Deviation:
        if len(reason.strip()) < 10:
            raise DeviationRefused("reason_missing", "geef de reden van de afwijzing")

        def decide(deviations: dict[str, Deviation], who: ActorRecord, day: date) -> list[tuple[str, str, str, dict[str, Any]]]:
            planned = []
            for d in self._group(deviations, deviation_id):
                if d.status != "proposed":
                    raise DeviationRefused("bad_state", f"afwijking {d.id} is {d.status}, niet voorgesteld")
                self._decider_mandate(approver, d, "reject")
                planned.append(("rejected", d.id, d.case, self._step_payload(d, {"actor": approver.model_dump(), "reason": reason})))
            return planned

        self._act(signer, approver, decide, self._scope(deviation_id))
        return self._result(deviation_id)

    def revoke(self, deviation_id: str, actor: Actor, reason: str, *, signer: Signer) -> Deviation:
        if len(reason.strip()) < 10:
            raise DeviationRefused("reason_missing", "geef de reden van de intrekking")

        def decide(deviations: dict[str, Deviation], who: ActorRecord, day: date) -> list[tuple[str, str, str, dict[str, Any]]]:
            planned = []
            for d in self._group(deviations, deviation_id):
                if d.status not in ("approved", "proposed"):
                    raise DeviationRefused("bad_state", f"afwijking {d.id} is {d.status} en kan niet worden ingetrokken")
                self._decider_mandate(actor, d, "revoke")
                planned.append(("revoked", d.id, d.case, self._step_payload(d, {"actor": actor.model_dump(), "reason": reason})))
            return planned

        self._act(signer, actor, decide, self._scope(deviation_id))
        return self._result(deviation_id)

    def expire(self, on: date, actor: Actor, *, signer: Signer) -> list[Deviation]:
        """Record the end of every approved deviation whose end date lies before ``on``."""
        ids: list[str] = []

        def decide(deviations: dict[str, Deviation], who: ActorRecord, day: date) -> list[tuple[str, str, str, dict[str, Any]]]:
            ids.clear()
            planned = []
            for d in deviations.values():
                if d.status == "approved" and d.ends_on is not None and d.ends_on < on:
                    ids.append(d.id)  # the members of a decision share their end date: they expire together
                    planned.append(("expired", d.id, d.case, self._step_payload(d, {"on": on.isoformat(), "actor": actor.model_dump()})))
            return planned

        self._act(signer, actor, decide)
        now = self.all()
        return [now[i] for i in ids]
