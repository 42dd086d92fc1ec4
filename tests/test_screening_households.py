"""Households (issue 11's persons and relations) in a screened population: one row per person."""

from __future__ import annotations

import json
from datetime import date

import polars as pl
import pytest
import yaml

from crosslaw.cli import main
from crosslaw.screening.schema import situation_row

KEY = "een-geheime-sleutel-van-tests-0123456789"


@pytest.fixture
def files(tmp_path):
    household = yaml.safe_load(open("examples/gezin_samira_jayden.yaml"))
    single = yaml.safe_load(open("examples/alleenstaande.yaml"))
    household.pop("peildatum", None)
    single.pop("peildatum", None)
    second = dict(household, case_ref="gezin-twee")
    with (tmp_path / "populatie.jsonl").open("w") as f:
        for record in (situation_row(single), household, second):
            f.write(json.dumps(record, default=str) + "\n")
    pl.DataFrame([household, second]).write_parquet(tmp_path / "populatie.parquet")
    return tmp_path, household


@pytest.mark.parametrize("name", ["populatie.jsonl", "populatie.parquet"])
def test_a_household_row_becomes_one_row_per_person_and_verifies(capsys, monkeypatch, files, name):
    tmp_path, household = files
    monkeypatch.setenv("CROSSLAW_PSEUDONYM_KEY", KEY)
    out = tmp_path / "resultaat.parquet"
    with pytest.raises(SystemExit) as e:
        main(["screen", str(tmp_path / name), "--date", "2026-01-01", "--output", str(out), "--verify-sample", "10", "--format", "json"])
    captured = capsys.readouterr()
    assert e.value.code == 0, captured.err
    assert "0 verschil(len)" in captured.err
    result = pl.read_parquet(out)
    refs = [p["ref"] for p in household["persons"]]
    persons = result.filter(pl.col("person_ref").is_not_null())
    assert persons["person_ref"].to_list() == refs * 2  # in place, persons in file order
    assert persons["household_ref"].to_list() == ["gezin-samira-jayden"] * len(refs) + ["gezin-twee"] * len(refs)
    # the Participatiewet does not concern the minor (art. 13 lid 1 onder f): no outcome for Jayden, one for Samira
    by_ref = {r["person_ref"]: r for r in persons.head(len(refs)).iter_rows(named=True)}
    assert by_ref["jayden"]["pw.algemene_bijstand.status"] is None
    assert by_ref["samira"]["pw.algemene_bijstand.status"] is not None
    assert by_ref["jayden"]["jw.jeugdhulp.status"] is not None
    summary = json.loads(captured.out)
    assert summary["residents"] == result.height
    assert summary["households"] == {"households": 2, "persons": 2 * len(refs)}
    bijstand = next(o for law in summary["laws"] for o in law["outcomes"] if o["id"] == "pw.algemene_bijstand")
    assert bijstand["not_concerned"] == 2  # Jayden in each household; the counts are of the others
    assert sum(bijstand["counts"].values()) == result.height - 2


def test_schema_documents_the_household_columns(capsys):
    with pytest.raises(SystemExit):
        main(["schema", "--format", "parquet"])
    cols = {c["column"]: c for c in json.loads(capsys.readouterr().out)}
    assert {"persons", "relations", "household_ref", "person_ref"} <= set(cols)
    assert "rij per persoon" in cols["persons"]["question"]


def test_an_invalid_household_names_its_field(capsys, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"case_ref": "x", "persons": [{"ref": "Hoofdletter", "person": {"birth_date": "1990-01-01"}}]}) + "\n")
    with pytest.raises(SystemExit) as e:
        main(["screen", str(bad), "--date", "2026-01-01"])
    err = capsys.readouterr().err
    assert e.value.code == 2 and "0.persons.0.ref" in err and "Traceback" not in err


def test_a_fact_next_to_the_persons_of_a_household_is_refused(capsys, tmp_path):
    """A household's facts belong to its persons: one beside them would silently not count."""
    bad = tmp_path / "bad.jsonl"
    household = {"case_ref": "x", "persons": [{"ref": "ali", "person": {"birth_date": "1990-01-01"}}], "person.municipality": "Utrecht"}
    bad.write_text(json.dumps(household) + "\n")
    with pytest.raises(SystemExit) as e:
        main(["screen", str(bad), "--date", "2026-01-01"])
    err = capsys.readouterr().err
    assert e.value.code == 2 and "0.person.municipality" in err and "hoort niet bij een huishouden" in err
