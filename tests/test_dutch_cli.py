"""A CLI in Dutch throughout: click's own texts, Dutch values next to the codes, euros, id prefixes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from crosslaw.cli_types import EURO, OUTCOME, law_id, resolve_prefix

ROOT = Path(__file__).resolve().parents[1]
GGZ = ROOT / "examples" / "intake_ggz_maatregel.yaml"
ENGLISH = ("Usage:", "Options:", "Error:", "Invalid value", "Show this message", "No such", "Missing", "[required]",
           "[default:", "Try '", "Errno")


def run(*args: str, cwd: Path | None = None, env_extra: dict | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, **(env_extra or {}))
    return subprocess.run([sys.executable, "-m", "crosslaw", *args], capture_output=True, text=True, timeout=120, cwd=cwd, env=env)


@pytest.mark.parametrize("args", [
    ("--help",), ("evaluate", "--help"), ("report", "--help"), ("deviate", "propose", "--help"), ("audit", "list", "--help"),
    ("evaluate", str(GGZ), "--format", "pdf"), ("evaluate",), ("evalueer",), ("report", str(GGZ), "--voor", "buurman"),
    ("report", str(GGZ), "-o", "/nonexistent-dir/x.md"),
])
def test_click_texts_are_dutch(args):
    r = run(*args)
    out = r.stdout + r.stderr
    assert not [w for w in ENGLISH if w in out], out
    assert "Gebruik:" in out or "Fout:" in out
    if "--help" not in args:
        assert r.returncode == 2 and "Fout:" in r.stderr


def test_outcome_words_next_to_codes():
    assert OUTCOME.convert("geldt niet", None, None) == "does_not_apply"
    assert OUTCOME.convert("Geen recht", None, None) == "not_eligible"
    assert OUTCOME.convert("does_not_apply", None, None) == "does_not_apply"
    with pytest.raises(Exception, match="geen uitkomst"):
        OUTCOME.convert("misschien", None, None)


def test_euros_with_a_comma():
    assert EURO.convert("200,00", None, None) == 20000
    assert EURO.convert("1.401,50", None, None) == 140150
    assert EURO.convert("€ 70", None, None) == 7000
    with pytest.raises(Exception, match="twee cijfers"):
        EURO.convert("1,234", None, None)


def test_unique_prefixes_and_law_names():
    ids = ["3f2a01bc9d8e77aa", "3f2b0000ffff1111"]
    assert resolve_prefix(ids, "3f2a01bc9d8e") == "3f2a01bc9d8e77aa"
    with pytest.raises(Exception, match="beginnen met"):
        resolve_prefix(ids + ["3f2a01bc0000"], "3f2a01bc")
    with pytest.raises(Exception, match="ten minste 4 tekens"):
        resolve_prefix(ids, "3f2")
    assert law_id("Participatiewet") == "participatiewet" and law_id("WMO 2015", {"wmo": "Wmo 2015"}) == "wmo"


def test_rules_list_finds_a_law_by_its_name_in_any_case():
    lower = run("rules", "list", "--law", "participatiewet", "--format", "json")
    named = run("rules", "list", "--law", "Participatiewet", "--format", "json")
    assert lower.returncode == named.returncode == 0
    assert named.stdout == lower.stdout and len(yaml.safe_load(named.stdout)) > 5


def test_deviation_by_dutch_words_euros_and_a_12_character_prefix(tmp_path):
    """Defect 6: `evaluate --log` shows 12 characters; approve and audit show accept them. Defect 8: --law in any case."""
    env = {"CROSSLAW_PSEUDONYM_KEY": "een-geheim-voor-de-test-0123456789abcdef", "CROSSLAW_LOG": str(tmp_path / "log.sqlite")}
    for actor_id, role in (("beheer", "beheerder"), ("tl-001", "teamleider"), ("tl-002", "teamleider")):
        key = run("actors", "keygen", "--out", str(tmp_path / f"{actor_id}.key"), env_extra=env).stdout.strip()
        done = run("actors", "register", actor_id, "--role", role, "--public-key", key, "--from", "2020-01-01", "--by", "beheer",
                   "--key-file", str(tmp_path / "beheer.key"), env_extra=env)
        assert done.returncode == 0, done.stderr
    (tmp_path / "m.yaml").write_text(yaml.safe_dump({
        "situation": "Mevrouw had een psychische crisis en kon de afspraken niet nakomen.",
        "purpose": "De verlaging moet aansporen om de arbeidsverplichtingen na te komen.",
        "defeats_purpose": "Een verlaging van de hele bijstand vergroot de schulden en remt het herstel.",
        "alternatives": "Een tijdelijke ontheffing en een nieuw plan van aanpak met de ggz zijn besproken.",
    }), encoding="utf-8")
    proposed = run("deviate", "propose", str(GGZ), "--rule", "pw.verlaging_arbeidsverplichting", "--naar", "geldt niet",
                   "--effect", "1.401,50", "--ground", "hardheidsclausule", "--actor", "tl-001", "--role", "teamleider",
                   "--justification", str(tmp_path / "m.yaml"), "--key-file", str(tmp_path / "tl-001.key"),
                   "--review", "2026-06-01", env_extra=env)
    assert proposed.returncode == 0, proposed.stderr
    full_id = proposed.stdout.split()[1]
    shown = run("evaluate", str(GGZ), "--log", env["CROSSLAW_LOG"], env_extra=env)
    assert full_id[:12] not in shown.stdout  # only approved deviations apply
    approved = run("deviate", "approve", full_id[:12], "--actor", "tl-002", "--role", "teamleider",
                   "--key-file", str(tmp_path / "tl-002.key"), env_extra=env)
    assert approved.returncode == 0, approved.stderr
    assert "goedgekeurd" in approved.stdout and "approved" not in approved.stdout
    shown = run("evaluate", str(GGZ), "--log", env["CROSSLAW_LOG"], env_extra=env)
    assert f"Gemotiveerde afwijking {full_id[:12]}" in shown.stdout
    audit = run("audit", "show", full_id[:12], env_extra=env)
    assert audit.returncode == 0 and full_id in audit.stdout and "heroverwegen uiterlijk 2026-06-01" in audit.stdout
    listed = run("audit", "list", "--law", "Participatiewet", env_extra=env)
    assert full_id in listed.stdout


def test_deviate_help_example_is_the_one_the_readme_runs():
    """Defect 1: the help example proposed a deviation on a rule that already did not apply there."""
    for args in (("deviate", "--help"), ("deviate", "propose", "--help")):
        text = " ".join(run(*args).stdout.split())
        assert "examples/intake_ggz_maatregel.yaml --rule pw.verlaging_arbeidsverplichting" in text
        assert "--effect 1401,50" in text and "hardheidsclausule" in text
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "examples/intake_ggz_maatregel.yaml --rule pw.verlaging_arbeidsverplichting" in readme


@pytest.mark.parametrize("args", [
    ("deviate", "propose", str(GGZ), "--rule", "pw.verlaging_arbeidsverplichting", "--naar", "geldt niet", "--ground",
     "hardheidsclausule", "--actor", "tl-001", "--role", "teamleider", "--justification", "m.yaml", "--review", "2026-02-30"),
    ("deviate", "propose", str(GGZ), "--rule", "pw.verlaging_arbeidsverplichting", "--naar", "geldt niet", "--ground",
     "hardheidsclausule", "--actor", "tl-001", "--role", "teamleider", "--justification", "m.yaml", "--ends", "morgen"),
    ("audit", "list", "--from", "gisteren"),
])
def test_impossible_dates_on_the_command_line_are_bad_input_in_dutch(tmp_path, args):
    """Defect 3: these gave 'Interne fout' and exit 1."""
    (tmp_path / "m.yaml").write_text("situation: x\n", encoding="utf-8")
    env = {"CROSSLAW_PSEUDONYM_KEY": "een-geheim-voor-de-test-0123456789abcdef", "CROSSLAW_LOG": str(tmp_path / "log.sqlite"),
           "CROSSLAW_ACTOR_KEY": ""}
    r = run(*args, cwd=tmp_path, env_extra=env)
    assert r.returncode == 2 and "Interne fout" not in r.stderr and "Fout:" in r.stderr, r.stderr
