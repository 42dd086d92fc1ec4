"""The conflicts between the persons of a household, screened column-wise (screening/pairs.py):
every related pair, its status and its missing facts equal Engine.evaluate of the household."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date
from pathlib import Path

import polars as pl
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crosslaw.cli import main
from crosslaw.household.evaluate import pairs
from crosslaw.ruleset.model import ROLES
from crosslaw.screening import Screening
from crosslaw.screening.households import expand
from crosslaw.screening.pairs import in_force
from crosslaw.screening.schema import rows_frame
from crosslaw.screening.verify import agree_households
from strategies import blank, leaf_paths

KEY = "een-geheime-sleutel-van-tests-0123456789"
SCENARIOS = Path("tests/scenarios/conflicts/tussen_personen.yaml")


@pytest.fixture(scope="module")
def screening(engine):
    return Screening(engine.rules)


def _table(households: list[dict]) -> tuple[pl.DataFrame, dict]:
    rows, by_ref = expand(households)
    return rows_frame([{k: v for k, v in r.items() if k != "§at"} for r in rows]), by_ref


def _entries(result: pl.DataFrame, rules, on: date) -> list[tuple[str, str, str, str, str]]:
    """(household, conflict, first person, second person, status) of every pair entry."""
    out = []
    for r in in_force(rules, on):
        for row in result.select("household_ref", "person_ref", f"{r.id}.pairs").iter_rows():
            for e in row[2] or []:
                out.append((row[0], r.id, row[1], e["with"], e["status"]))
    return out


@st.composite
def households_with_unknowns(draw):
    """A household of 2-5 persons with some facts of some persons unknown (a person fact of the
    household, intensive_care_needs or commercial_basis, too), on a date the conflicts between
    persons are in force."""
    from household_strategies import household

    h, _ = draw(household(2, 5))
    on = draw(st.one_of(st.sampled_from([date(2025, 12, 31), date(2026, 1, 1), date(2026, 3, 10)]),
                        st.dates(date(2025, 1, 1), date(2027, 6, 30))))
    for p in h["persons"]:
        if p["person"]["birth_date"] > on.isoformat():
            p["person"]["birth_date"] = on.isoformat()
        if draw(st.booleans()):
            facts = {k: v for k, v in p.items() if k not in ("ref", "intensive_care_needs", "commercial_basis")}
            chosen = draw(st.lists(st.sampled_from(leaf_paths(facts)), max_size=6, unique=True))
            chosen = [c for c in chosen if c != ("person", "birth_date") or draw(st.booleans())]
            p.update(blank(facts, chosen))
        for f in ("intensive_care_needs", "commercial_basis"):
            if draw(st.integers(0, 3)) == 0:
                p.pop(f)
    h["case_ref"] = "paren-eigenschap"
    return on, h


@settings(max_examples=int(__import__("os").environ.get("CROSSLAW_SCREEN_EXAMPLES", "40")) // 2, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(case=households_with_unknowns())
def test_every_pair_equals_the_household_evaluation(engine, screening, case):
    """For every related pair: the status (present, possible, absent) and the missing facts of each
    conflict between persons equal Engine.evaluate(household); no pair is left out or added."""
    on, h = case
    table, households = _table([h])
    result = screening.screen(table, on)
    assert agree_households(engine, households, result, on, screening.slots) == []
    hh = households["paren-eigenschap"]
    expected = sum(len(list(pairs(hh, r.model.between))) for r in in_force(engine.rules, on))
    assert len(_entries(result, engine.rules, on)) == expected


def _scenario_households():
    """Every household of the scenarios of the conflicts between persons, by date, with what it expects."""
    from crosslaw.scenarios import load_scenarios

    by_date: dict[date, list[tuple[dict, dict[str, str]]]] = defaultdict(list)
    for i, ls in enumerate(load_scenarios(SCENARIOS)):
        h = dict(ls.situation, case_ref=f"scenario-{i}")
        h.pop("peildatum", None)
        by_date[ls.scenario.date].append((h, dict(ls.scenario.conflicts)))
    return by_date


def test_the_scenarios_of_the_conflicts_between_persons_screen_as_expected(engine, screening):
    """Each conflict between persons plays where its scenario says and not in its nearest miss,
    column-wise too, and every pair agrees with the engine."""
    seen = set()
    for on, cases in _scenario_households().items():
        table, households = _table([h for h, _ in cases])
        result = screening.screen(table, on)
        assert agree_households(engine, households, result, on, screening.slots) == []
        entries = _entries(result, engine.rules, on)
        for h, expect in cases:
            for cid, status in expect.items():
                got = {e[4] for e in entries if e[0] == h["case_ref"] and e[1] == cid}
                if status == "present":
                    assert "present" in got, (h["case_ref"], cid, got)
                else:
                    assert got <= {"absent"}, (h["case_ref"], cid, got)
                seen.add((cid, status))
    assert {cid for cid, s in seen if s == "present"} == {r.id for r in in_force(engine.rules, date(2026, 1, 1))}


def test_a_possible_conflict_names_the_missing_facts_of_both_persons(engine, screening):
    """Unknown youth care of the son and an unknown intensive care need: the conflict possibly
    plays and waits for facts of the son, as household paths (the engine's names)."""
    from crosslaw.household.project import project
    from crosslaw.screening.pairs import entry_missing

    h = yaml.safe_load(open("examples/gezin_samira_jayden.yaml"))
    h.pop("peildatum", None)
    jayden = next(p for p in h["persons"] if p["ref"] == "jayden")
    jayden["care"].pop("youth_care_in_progress")
    jayden.pop("intensive_care_needs", None)
    on = date(2026, 3, 9)
    table, households = _table([h])
    result = screening.screen(table, on)
    assert agree_households(engine, households, result, on, screening.slots) == []
    samira = result.filter(pl.col("person_ref") == "samira").row(0, named=True)
    (entry,) = samira["conflict.persoon.arbeidsplicht_ouder_vs_jeugdhulp_kind.pairs"]
    assert entry["status"] == "possible"
    hh = households["gezin-samira-jayden"]
    facts = entry_missing(entry, {"ouder": "samira", "kind": "jayden"}, screening.slots,
                          {r: project(hh, r) for r in ("samira", "jayden")})
    assert {"persons.jayden.care.youth_care_in_progress", "persons.jayden.intensive_care_needs"} <= facts


@pytest.fixture
def samira_file(tmp_path):
    household = yaml.safe_load(open("examples/gezin_samira_jayden.yaml"))
    household.pop("peildatum", None)
    records = [dict(household, case_ref=f"gezin-{i}") for i in range(3)]
    pl.DataFrame(records).write_parquet(tmp_path / "gezinnen.parquet")
    return tmp_path


def test_summary_counts_the_pairs_and_the_transitions_of_a_birthday(capsys, monkeypatch, samira_file):
    """Jayden turns 18 on 10 March 2026: the 18-cliff plays for 3 pairs on the 9th and none on the
    10th; the summary counts pairs per conflict, and --verify-sample checks the pairs too."""
    monkeypatch.setenv("CROSSLAW_PSEUDONYM_KEY", KEY)
    out = samira_file / "resultaat.parquet"
    args = ["screen", str(samira_file / "gezinnen.parquet"), "--date", "2026-03-10", "--compare", "2026-03-09",
            "--output", str(out), "--verify-sample", "6"]
    with pytest.raises(SystemExit) as e:
        main(args + ["--format", "json"])
    captured = capsys.readouterr()
    assert e.value.code == 0, captured.err
    assert "0 verschil(len)" in captured.err
    summary = json.loads(captured.out)
    between = {c["id"]: c for c in summary["person_conflicts"]}
    cliff = between["conflict.persoon.kind_wordt_18_in_jeugdhulp"]
    assert cliff["present"] == 0 and cliff["pairs"] == 3  # on the 10th: Jayden is 18
    assert between["conflict.persoon.jongerennorm_kind_ouder_in_bijstand"]["present"] == 3
    moved = {t["id"]: t for t in summary["transitions"]}
    assert moved["conflict.persoon.kind_wordt_18_in_jeugdhulp"]["from"]["present"] == 3
    assert moved["conflict.persoon.kind_wordt_18_in_jeugdhulp"]["to"].get("present", 0) == 0
    assert moved["conflict.persoon.kind_wordt_18_in_jeugdhulp"]["changed"] == 3
    result = pl.read_parquet(out)
    assert result.filter(pl.col("evaluation_date") == date(2026, 3, 9))[
        "conflict.persoon.kind_wordt_18_in_jeugdhulp.pairs"].list.len().sum() == 3
    with pytest.raises(SystemExit) as e:
        main(args)
    text = capsys.readouterr().out
    assert "SPANNINGEN TUSSEN PERSONEN" in text
    assert "niet in deze screening" not in text
    assert "Het kind wordt 18 terwijl de jeugdhulp loopt zonder grond voor verlenging (conflict.persoon.kind_wordt_18_in_jeugdhulp): 3 speelt -> 0 speelt" in text
    with pytest.raises(SystemExit) as e:
        main(args + ["--format", "html"])
    page = capsys.readouterr().out
    assert "Spanningen tussen personen" in page and "paren" in page


def test_slices_never_split_a_household_and_equal_one_screening(engine, screening, tmp_path):
    """Screened in slices of 3 rows (households of 2 persons and single rows mixed), the pairs are
    those of one screening of the whole table."""
    from crosslaw.screening.missing import Slots
    from crosslaw.screening.pairs import slice_starts
    from crosslaw.screening.schema import conform, situation_row
    from crosslaw.screening.stream import screen_in_slices

    h = yaml.safe_load(open("examples/gezin_samira_jayden.yaml"))
    h.pop("peildatum", None)
    single = yaml.safe_load(open("examples/alleenstaande.yaml"))
    single.pop("peildatum", None)
    records = []
    for i in range(4):
        records.append(dict(h, case_ref=f"gezin-{i}"))
        records.append(situation_row(dict(single, case_ref=f"los-{i}")))
    rows, _ = expand(records)
    ordered = []
    for n, r in enumerate(records):
        ordered += [x for x in rows if x["§at"] == n] if "persons" in r else [r]
    table = conform(rows_frame([{k: v for k, v in r.items() if k != "§at"} for r in ordered]))
    assert slice_starts(table, 3) == [0, 3, 6, 9]
    on = date(2026, 3, 9)
    slots = Slots.for_table(table)
    out = tmp_path / "r.parquet"
    screen_in_slices(screening, table, [on], slots, output=out, chunk_rows=3)
    whole = screening.screen(table, on, slots=slots)
    sliced = pl.read_parquet(out)
    col = "conflict.persoon.kind_wordt_18_in_jeugdhulp.pairs"
    assert sliced[col].to_list() == whole[col].to_list()
    assert sliced[col].list.len().sum() == 4


def test_a_household_split_over_two_tables_is_refused(screening):
    h = yaml.safe_load(open("examples/gezin_samira_jayden.yaml"))
    table, _ = _table([h])
    from crosslaw.errors import CrosslawError

    with pytest.raises(CrosslawError, match="houd de rijen van een huishouden bij elkaar"):
        screening.screen(table.head(1), date(2026, 3, 9))


def test_roles_cover_every_relation():
    """The pairs the expansion writes are those household.evaluate.pairs yields, for every relation."""
    from crosslaw.household.parse import parse_household
    from crosslaw.screening.pairs import pair_facts

    h = yaml.safe_load(open("examples/gezin_samira_jayden.yaml"))
    hh = parse_household(h)
    facts = pair_facts(hh)
    written = sorted((a, p["between"], p["with"]) for a, f in facts.items() for p in f["household_pairs"])
    assert written == sorted((a, between, b) for between in ROLES for a, b in pairs(hh, between))
    assert written  # the example relates the mother and her son


def test_dask_partitions_keep_a_household_whole():
    """Partitioned by municipality, a household goes with its first person's municipality even
    when another person of it lives elsewhere on paper, and a slice never splits it."""
    from crosslaw.screening.distributed import partitions

    h = yaml.safe_load(open("examples/gezin_samira_jayden.yaml"))
    h.pop("peildatum", None)
    records = []
    for i in range(5):
        g = yaml.safe_load(yaml.safe_dump(h))
        g["case_ref"] = f"gezin-{i}"
        g["persons"][1]["person"]["municipality"] = "Zeist" if i % 2 else "Utrecht"
        records.append(g)
    table, _ = _table(records)
    parts = partitions(table, max_rows=3)
    for part in parts:
        whole = part.group_by("household_ref").len()
        assert (whole["len"] == 2).all(), part.select("household_ref", "person_ref")
    assert sorted(r for p in parts for r in p["§orig"].to_list()) == list(range(table.height))


def test_schema_documents_the_pair_columns(capsys):
    with pytest.raises(SystemExit):
        main(["schema", "--format", "parquet"])
    out = capsys.readouterr().out
    cols = {c["column"]: c for c in json.loads(out)}
    assert {"household_pairs", "household_person.intensive_care_needs", "household_person.commercial_basis", "ID.pairs"} <= set(cols)
    assert "staan niet in de screening" not in out


def test_a_wrong_pair_is_caught(engine, screening):
    """The check is not vacuous: a pair with another status, another person, a missing fact too
    many or left out is each reported."""
    from crosslaw.screening.verify import pair_differences

    h = yaml.safe_load(open("examples/gezin_samira_jayden.yaml"))
    h.pop("peildatum", None)
    on = date(2026, 3, 9)
    table, households = _table([h])
    result = screening.screen(table, on)
    hh = households["gezin-samira-jayden"]
    ev = engine.evaluate(hh, on=on)
    row = result.filter(pl.col("person_ref") == "samira").row(0, named=True)
    col = "conflict.persoon.kind_wordt_18_in_jeugdhulp.pairs"
    assert pair_differences(row, ev, hh, engine.rules, on, screening.slots) == []
    (entry,) = row[col]
    word = next(k for k in entry if k.startswith("missing.kind."))
    for wrong in ([dict(entry, status="possible")], [dict(entry, status="absent")], [dict(entry, **{word: 1})],
                  [], [entry, entry]):
        assert pair_differences(dict(row, **{col: wrong}), ev, hh, engine.rules, on, screening.slots), wrong


def test_households_expanded_a_part_at_a_time_keep_order_and_errors(monkeypatch):
    """Expanded one household record at a time: the rows stay in table order, a case_ref named
    twice is found across parts, and the errors of all parts are named."""
    import crosslaw.screening.households as households
    from crosslaw.errors import SituationError

    monkeypatch.setattr(households, "EXPAND_PART", 1)
    h = yaml.safe_load(open("examples/gezin_samira_jayden.yaml"))
    h.pop("peildatum", None)
    records = [dict(h, case_ref="a"), dict(h, case_ref="c"), dict(h, case_ref="b")]
    df, found = households.expand_table(pl.DataFrame(records, infer_schema_length=None))
    assert df["case_ref"].to_list() == ["a", "a", "c", "c", "b", "b"]
    assert df["person_ref"].to_list() == ["samira", "jayden"] * 3
    assert df["household_pairs"].to_list()[:2] == [
        [{"between": "ouder_kind", "with": "jayden"}, {"between": "huisgenoten", "with": "jayden"}],
        [{"between": "huisgenoten", "with": "samira"}]]
    assert sorted(found) == ["a", "b", "c"]
    twice = pl.DataFrame([dict(h, case_ref="a"), dict(h, case_ref="a")], infer_schema_length=None)
    with pytest.raises(SituationError, match="1.case_ref"):
        households.expand_table(twice)
    bad = [dict(h, case_ref="x"), dict(h, case_ref="y")]
    for b in bad:
        b["persons"] = [dict(p) for p in b["persons"]]
        b["persons"][0] = dict(b["persons"][0], ref="Hoofdletter")
    with pytest.raises(SituationError) as e:
        households.expand_table(pl.DataFrame(bad, infer_schema_length=None))
    assert {f.split(".")[0] for f, _ in e.value.problems} == {"0", "1"}
