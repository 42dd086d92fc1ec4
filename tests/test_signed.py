"""Who signed it: every action is signed by a registered actor's key, four eyes compares verified
identities, state changes are serialised, and signed checkpoints anchor the chain.

Every test taking ``backend`` runs on SQLite and on the real PostgreSQL server (see test_audit_log).
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from datetime import date

import pytest
import yaml

from actors_fixture import ROLES, signed_service
from crosslaw.audit.entry import GENESIS, Entry
from crosslaw.audit.rows import new_entry, now_ts, row_values
from crosslaw.deviation.actors import (
    ActorError, ActorRecord, Signer, register_actor, replay_register, sign_payload,
)
from crosslaw.deviation.authenticity import verify_signatures
from crosslaw.deviation.model import Actor
from crosslaw.deviation.service import DeviationRefused, DeviationService, fold
from test_audit_log import INSERT, Backend, backend, postgresql_backend, sqlite_backend  # noqa: F401 (fixtures)
from test_deviation import GOOD, request, situation

KEY = "een-geheim-voor-de-test-0123456789"
TL2 = Actor(id="tl-002", role="teamleider")


@pytest.fixture()
def svc(engine, backend, monkeypatch):
    monkeypatch.setenv("CROSSLAW_PSEUDONYM_KEY", KEY)
    monkeypatch.delenv("CROSSLAW_LOG_KEY", raising=False)
    log = backend.open()
    service = signed_service(engine, log)
    service.backend = backend
    yield service
    log.close()


def proposed(svc, **changes):
    req = request(monthly_effect_cents=60000, **changes)
    return svc.propose(situation(), req, signer=svc.signers[req.actor.id])


def hashes(svc):
    return [e.hash for e in svc.log.entries()]


# -- 1. authenticated actors --------------------------------------------------------------------------------

def test_proposer_under_another_spelling_is_refused(svc):
    d = proposed(svc)
    before = hashes(svc)
    for spelling in ("km-017 ", "KM-017", " km-017"):
        with pytest.raises(ActorError):  # such an id cannot even make a signer
            Signer.generate(spelling)
    # the proposer's own key under their own id but another role is still the proposer
    with pytest.raises(DeviationRefused) as e:
        svc.approve(d.id, Actor(id="km-017", role="teamleider"), signer=svc.signers["km-017"])
    assert e.value.code == "approver_is_proposer"
    # a typed id that is not the signer's is refused
    with pytest.raises(DeviationRefused) as e:
        svc.approve(d.id, Actor(id="km-017 ", role="teamleider"), signer=svc.signers["tl-002"])
    assert e.value.code == "actor_mismatch"
    assert hashes(svc) == before


def test_unregistered_key_is_refused(svc):
    d = proposed(svc)
    before = hashes(svc)
    impostor = Signer.generate("tl-002")  # the right id, a key the register does not know
    with pytest.raises(DeviationRefused) as e:
        svc.approve(d.id, TL2, signer=impostor)
    assert e.value.code == "unregistered" and "sleutel" in str(e.value)
    stranger = Signer.generate("tl-999")
    with pytest.raises(DeviationRefused) as e:
        svc.approve(d.id, Actor(id="tl-999", role="teamleider"), signer=stranger)
    assert e.value.code == "unregistered"
    with pytest.raises(DeviationRefused) as e:  # a role the register does not give
        svc.approve(d.id, Actor(id="km-020", role="teamleider"), signer=svc.signers["km-020"])
    assert e.value.code == "role_not_registered"
    assert hashes(svc) == before
    assert svc.approve(d.id, TL2, signer=svc.signers["tl-002"]).status == "approved"
    assert verify_signatures(svc.log.entries()) == []


def test_revoke_and_reject_need_a_mandate(svc):
    d = proposed(svc)
    before = hashes(svc)
    for action in ("revoke", "reject"):
        with pytest.raises(DeviationRefused) as e:  # a Wmo role has no say over a Participatiewet deviation
            getattr(svc, action)(d.id, Actor(id="wt-9", role="wijkteammedewerker"), "Geen reden die telt hier.",
                                 signer=svc.signers["wt-9"])
        assert e.value.code == "approver_no_mandate"
    with pytest.raises(DeviationRefused) as e:  # a klantmanager may not reject (no approval mandate)
        svc.reject(d.id, Actor(id="km-020", role="klantmanager"), "Geen reden die telt hier.", signer=svc.signers["km-020"])
    assert e.value.code == "approver_no_mandate"
    assert hashes(svc) == before
    # a klantmanager whose own grant covers the deviation may revoke it
    small = svc.propose(situation(case_ref="dossier-2"), request(), signer=svc.signers["km-017"])
    revoked = svc.revoke(small.id, Actor(id="km-020", role="klantmanager"), "De situatie is veranderd.", signer=svc.signers["km-020"])
    assert revoked.status == "revoked"


def test_approval_after_the_end_date_is_refused(svc):
    d = proposed(svc, ends_on=date(2026, 3, 31))  # the approval's date is the log's (wall-clock) date
    assert date.fromisoformat(now_ts()[:10]) > date(2026, 3, 31)
    with pytest.raises(DeviationRefused) as e:
        svc.approve(d.id, TL2, signer=svc.signers["tl-002"])
    assert e.value.code == "bad_period"


def test_verify_reports_a_forged_signature_with_its_seq(svc):
    d = proposed(svc)
    svc.approve(d.id, TL2, signer=svc.signers["tl-002"])
    assert verify_signatures(svc.log.entries()) == []
    # an attacker who can append (the chain stays sound) signs a revocation with a key of their own
    forger = Signer.generate("tl-002")
    ts = now_ts()
    payload = sign_payload(forger, "revoked", d.id, d.case, ts, {"actor": TL2.model_dump(), "reason": "vervalst, vervalst"})
    entry = svc.log.append("revoked", d.id, d.case, payload, ts=ts)
    problems = verify_signatures(svc.log.entries())
    assert problems and problems[0][0] == entry.seq
    assert f"regel {entry.seq}" in problems[0][1] and "handtekening" in problems[0][1]
    # an unsigned entry is named too
    bare = svc.log.append("revoked", d.id, d.case, {"actor": TL2.model_dump(), "reason": "zonder handtekening"})
    assert (bare.seq, f"regel {bare.seq}: niet ondertekend") in verify_signatures(svc.log.entries())


def test_verify_reports_self_approval_written_past_the_service(svc):
    """Four eyes on verified identities also when verifying: an approval signed by the proposer."""
    d = proposed(svc)
    km = svc.signers["km-017"]
    ts = now_ts()
    payload = sign_payload(km, "approved", d.id, d.case, ts, {"actor": {"id": "km-017", "role": "teamleider"}})
    entry = svc.log.append("approved", d.id, d.case, payload, ts=ts)
    problems = verify_signatures(svc.log.entries())
    assert problems and problems[0][0] == entry.seq and "vier ogen" in problems[0][1]


def test_register_rules(svc):
    log = svc.log
    km = svc.signers["km-017"]
    newcomer = Signer.generate("nieuw-1")
    record = ActorRecord(id="nieuw-1", public_key=newcomer.public_key(), roles=["teamleider"], valid_from=date(2020, 1, 1))
    with pytest.raises(ActorError, match="beheerder"):  # only a keeper changes the register
        register_actor(log, record, signer=km)
    stolen = ActorRecord(id="nieuw-2", public_key=km.public_key(), roles=["teamleider"], valid_from=date(2020, 1, 1))
    with pytest.raises(ActorError, match="één sleutel"):  # one key, one actor
        register_actor(log, stolen, signer=svc.signers["beheer"])
    ended = ActorRecord(id="tl-001", public_key=svc.signers["tl-001"].public_key(), roles=["teamleider"],
                        valid_from=date(2020, 1, 1), valid_to=date(2021, 1, 1))
    register_actor(log, ended, signer=svc.signers["beheer"])
    d = proposed(svc)
    with pytest.raises(DeviationRefused) as e:  # no longer valid
        svc.approve(d.id, Actor(id="tl-001", role="teamleider"), signer=svc.signers["tl-001"])
    assert e.value.code == "unregistered"
    assert set(replay_register(log.entries()).current) == set(ROLES)
    assert verify_signatures(log.entries()) == []


def test_register_bootstrap_needs_a_keeper_signing_itself(backend):
    with backend.open() as log:
        clerk = Signer.generate("km-1")
        with pytest.raises(ActorError, match="beheerder"):
            register_actor(log, ActorRecord(id="km-1", public_key=clerk.public_key(), roles=["klantmanager"],
                                            valid_from=date(2020, 1, 1)), signer=clerk)
        keeper, other = Signer.generate("beheer"), Signer.generate("beheer")
        with pytest.raises(ActorError):  # signed with another key than the one registered
            register_actor(log, ActorRecord(id="beheer", public_key=keeper.public_key(), roles=["beheerder"],
                                            valid_from=date(2020, 1, 1)), signer=other)
        assert list(log.entries()) == []


# -- 2. state changes serialised ------------------------------------------------------------------------------

def _entry(seq: int, kind: str, deviation_id: str, payload: dict) -> Entry:
    return Entry(seq=seq, ts="2026-02-02T10:00:00.000000+00:00", kind=kind, deviation_id=deviation_id, case="c",
                 payload=payload, prev_hash=GENESIS, hash="")


def test_fold_refuses_forbidden_transitions(svc):
    d = proposed(svc)
    first = [e for e in svc.log.entries() if e.deviation_id == d.id][0]
    actor = {"actor": TL2.model_dump()}
    base = [first]
    for kinds, status in (
        (["revoked", "approved"], "revoked"),
        (["rejected", "approved"], "rejected"),
        (["approved", "approved"], "approved"),
        (["approved", "revoked", "approved"], "revoked"),
        (["approved", "expired", "approved"], "expired"),
        (["approved", "expired", "revoked"], "expired"),
    ):
        entries = base + [_entry(first.seq + i + 1, k, d.id, actor) for i, k in enumerate(kinds)]
        problems: list = []
        assert fold(entries, problems)[d.id].status == status
        assert problems and "niet toegestaan" in problems[0][1]
    problems = []
    assert fold([_entry(1, "revoked", "onbekend", actor)], problems) == {}
    assert problems == [(1, "regel 1: revoked van een onbekende afwijking")]


RUNS = 100


def _race(svc, engine, backend, actions) -> list[str]:
    """Propose one deviation per run, then let two stores (two connections) act on it at once."""
    from crosslaw.audit.open import open_log

    ids = []
    for i in range(RUNS):
        ids.append(svc.propose(situation(case_ref=f"race-{i}"), request(monthly_effect_cents=60000),
                               signer=svc.signers["km-017"]).id)
    stores = [open_log(backend.url) for _ in actions]
    services = [DeviationService(engine, store, svc.mandates) for store in stores]
    errors: list[BaseException] = []
    try:
        for dev_id in ids:
            barrier = threading.Barrier(len(actions))

            def act(service, action, dev_id=dev_id, barrier=barrier):
                barrier.wait()
                try:
                    action(service, dev_id)
                except DeviationRefused as e:
                    if e.code != "bad_state":
                        errors.append(e)
                except BaseException as e:  # pragma: no cover - reported below
                    errors.append(e)

            threads = [threading.Thread(target=act, args=(s, a)) for s, a in zip(services, actions)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
    finally:
        for store in stores:
            store.close()
    assert errors == []
    return ids


def test_concurrent_approve_and_revoke(svc, engine):
    approve = lambda s, i: s.approve(i, TL2, signer=svc.signers["tl-002"])  # noqa: E731
    revoke = lambda s, i: s.revoke(i, Actor(id="tl-001", role="teamleider"), "Ingetrokken tijdens de goedkeuring.",  # noqa: E731
                                   signer=svc.signers["tl-001"])
    ids = _race(svc, engine, svc.backend, [approve, revoke])
    entries = list(svc.log.entries())
    problems: list = []
    state = fold(entries, problems)
    assert problems == []  # nothing the state machine forbids was ever written
    inconsistent = [i for i in ids if state[i].status != "revoked"]
    assert inconsistent == []  # whichever came first, the deviation ends revoked: never approved after revoked
    for i in ids:
        kinds = [e.kind for e in entries if e.deviation_id == i]
        assert kinds in (["proposed", "revoked"], ["proposed", "approved", "revoked"])
    assert svc.log.verify().ok and verify_signatures(entries) == []


def test_concurrent_approvals_record_one(svc, engine):
    approve2 = lambda s, i: s.approve(i, TL2, signer=svc.signers["tl-002"])  # noqa: E731
    approve1 = lambda s, i: s.approve(i, Actor(id="tl-001", role="teamleider"), signer=svc.signers["tl-001"])  # noqa: E731
    ids = _race(svc, engine, svc.backend, [approve2, approve1])
    entries = list(svc.log.entries())
    for i in ids:
        assert [e.kind for e in entries if e.deviation_id == i] == ["proposed", "approved"]
    assert verify_signatures(entries) == []


# -- 3. signed checkpoints -------------------------------------------------------------------------------

def _cli(*args, env_extra=None):
    import os

    env = dict(os.environ, CROSSLAW_PSEUDONYM_KEY=KEY, **(env_extra or {}))
    env.pop("CROSSLAW_LOG_KEY", None)
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "crosslaw", *args], capture_output=True, text=True, timeout=120, env=env)


@pytest.fixture()
def signed_log(svc, tmp_path):
    """A log with a few deviations, a keeper key file and a signed checkpoint of its head."""
    for i in range(3):
        d = svc.propose(situation(case_ref=f"cp-{i}"), request(monthly_effect_cents=60000), signer=svc.signers["km-017"])
        svc.approve(d.id, TL2, signer=svc.signers["tl-002"])
    key_file = tmp_path / "beheer.key"
    key_file.write_bytes(svc.signers["beheer"].private_pem())
    taken = _cli("audit", "checkpoint", "--log", svc.backend.url, "--actor", "beheer", "--key-file", str(key_file))
    assert taken.returncode == 0, taken.stderr
    point = json.loads(taken.stdout)
    assert point["seq"] == svc.log.head().seq and point["signer"] == "beheer" and point["sig"]
    saved = tmp_path / "controlepunten.txt"
    saved.write_text(taken.stdout, encoding="utf-8")
    ok = _cli("audit", "verify", "--log", svc.backend.url, "--checkpoint", str(saved))
    assert ok.returncode == 0 and "1 controlepunt(en) kloppen" in ok.stdout, ok.stdout + ok.stderr
    return svc, saved, point


def test_checkpoint_detects_tail_truncation(signed_log):
    svc, saved, point = signed_log
    svc.backend.drop_triggers()
    svc.backend.execute("DELETE FROM audit_log WHERE seq > ?", (point["seq"] - 2,))
    assert _cli("audit", "verify", "--log", svc.backend.url).returncode == 0  # without the checkpoint: unseen
    bad = _cli("audit", "verify", "--log", svc.backend.url, "--checkpoint", str(saved))
    assert bad.returncode == 1 and "ingekort" in bad.stderr and f"eerste foute regel: {point['seq'] - 1}" in bad.stderr


def test_checkpoint_detects_deletion_of_all_rows(signed_log):
    svc, saved, point = signed_log
    svc.backend.drop_triggers()
    svc.backend.execute("DELETE FROM audit_log")
    bad = _cli("audit", "verify", "--log", svc.backend.url, "--checkpoint", str(saved))
    assert bad.returncode == 1 and "ingekort" in bad.stderr and "leeg" in bad.stderr


def test_checkpoint_detects_a_recomputed_chain(signed_log):
    svc, saved, point = signed_log
    entries = list(svc.log.entries())
    svc.backend.drop_triggers()
    svc.backend.execute("DELETE FROM audit_log")
    prev = GENESIS
    for e in entries:  # the attacker rewrites one case and recomputes every hash
        fake = new_entry((e.seq - 1, prev) if e.seq > 1 else None, e.kind, e.deviation_id,
                         "herschreven" if e.kind != "actor" else e.case, e.payload, e.ts, None)
        svc.backend.execute(INSERT, row_values(fake))
        prev = fake.hash
    bad = _cli("audit", "verify", "--log", svc.backend.url, "--checkpoint", str(saved))
    assert bad.returncode == 1 and f"regel {point['seq']} wijkt af van het controlepunt" in bad.stderr


def test_forged_checkpoint_is_refused(signed_log, tmp_path):
    svc, saved, point = signed_log
    forged = dict(point, seq=point["seq"] - 1)
    path = tmp_path / "vals.txt"
    path.write_text(json.dumps(forged), encoding="utf-8")
    bad = _cli("audit", "verify", "--log", svc.backend.url, "--checkpoint", str(path))
    assert bad.returncode == 2 and "handtekening van het controlepunt klopt niet" in bad.stderr
    # a checkpoint signed by a key the register does not give its signer
    from crosslaw.audit.checkpoints import take

    other = take(svc.log.head(), svc.log.stored_key_check(), Signer.generate("beheer")).to_line()
    path.write_text(other, encoding="utf-8")
    bad = _cli("audit", "verify", "--log", svc.backend.url, "--checkpoint", str(path))
    assert bad.returncode == 1 and "hoort volgens het actorenregister niet bij 'beheer'" in bad.stderr


# -- the CLI path for a README example --------------------------------------------------------------------

def test_keygen_register_propose_approve_on_the_cli(tmp_path, backend):
    log = backend.url
    keys = {}
    public = {}
    for actor_id in ("beheer", "km-017", "tl-002"):
        keys[actor_id] = tmp_path / f"{actor_id}.key"
        made = _cli("actors", "keygen", "--out", str(keys[actor_id]))
        assert made.returncode == 0, made.stderr
        public[actor_id] = made.stdout.strip()
        assert oct(keys[actor_id].stat().st_mode & 0o777) == "0o600"
    again = _cli("actors", "keygen", "--out", str(keys["beheer"]))
    assert again.returncode == 2 and "bestaat al" in again.stderr
    for actor_id, role in (("beheer", "beheerder"), ("km-017", "klantmanager"), ("tl-002", "teamleider")):
        done = _cli("actors", "register", actor_id, "--role", role, "--public-key", public[actor_id], "--from", "2020-01-01",
                    "--by", "beheer", "--key-file", str(keys["beheer"]), "--log", log)
        assert done.returncode == 0, done.stderr
    case = tmp_path / "situatie.yaml"
    case.write_text(yaml.safe_dump(situation()), encoding="utf-8")
    motivation = tmp_path / "motivering.yaml"
    motivation.write_text(yaml.safe_dump(GOOD.model_dump(), allow_unicode=True), encoding="utf-8")
    proposed = _cli("deviate", "propose", str(case), "--rule", "pw.verlaging_verordening", "--to", "does_not_apply",
                    "--effect", "600,00", "--ground", "awb_4_84", "--actor", "km-017", "--role", "klantmanager",
                    "--justification", str(motivation), "--log", log, env_extra={"CROSSLAW_ACTOR_KEY_FILE": str(keys["km-017"])})
    assert proposed.returncode == 0, proposed.stderr
    dev_id = proposed.stdout.split()[1]
    self_approval = _cli("deviate", "approve", dev_id, "--actor", "km-017", "--role", "teamleider", "--log", log,
                         "--key-file", str(keys["km-017"]))
    assert self_approval.returncode == 2 and "Traceback" not in self_approval.stderr
    spelled = _cli("deviate", "approve", dev_id, "--actor", "km-017 ", "--role", "teamleider", "--log", log,
                   "--key-file", str(keys["km-017"]))
    assert spelled.returncode == 2 and "ongeldige medewerkerscode" in spelled.stderr
    no_key = _cli("deviate", "approve", dev_id, "--actor", "tl-002", "--role", "teamleider", "--log", log,
                  env_extra={"CROSSLAW_ACTOR_KEY_FILE": "", "CROSSLAW_ACTOR_KEY": ""})
    assert no_key.returncode == 2 and "geen sleutel om mee te ondertekenen" in no_key.stderr
    approved = _cli("deviate", "approve", dev_id, "--actor", "tl-002", "--role", "teamleider", "--log", log,
                    "--key-file", str(keys["tl-002"]))
    assert approved.returncode == 0, approved.stderr
    verified = _cli("audit", "verify", "--log", log)
    assert verified.returncode == 0 and "In orde: 5 regels" in verified.stdout
