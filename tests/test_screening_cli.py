"""crosslaw screen / synth / schema --format parquet: small populations, real files, real output."""

from __future__ import annotations

import json
from datetime import date

import polars as pl
import pytest

from crosslaw.cli import main
from crosslaw.screening import Screening
from crosslaw.screening.synth import synthesize

KEY = "een-geheime-sleutel-van-tests-0123456789"  # at least 32 bytes (keys.MIN_KEY_BYTES)


def run(capsys, *args, env=None):
    with pytest.raises(SystemExit) as e:
        main(list(args))
    out = capsys.readouterr()
    return e.value.code, out.out, out.err


@pytest.fixture(scope="module")
def population(tmp_path_factory):
    path = tmp_path_factory.mktemp("pop") / "populatie.parquet"
    synthesize(1500, 7).write_parquet(path)
    return path


def test_synth_is_deterministic_per_seed_and_uses_no_real_bsn():
    a, b, c = synthesize(500, 3), synthesize(500, 3), synthesize(500, 4)
    assert a.equals(b)
    assert not a.equals(c)
    from crosslaw.situation.bsn import is_valid_bsn

    bsns = a["bsn"].drop_nulls().to_list()
    assert len(bsns) > 450 and all(is_valid_bsn(x) and x.startswith("9") for x in bsns)


def test_synthetic_population_exercises_every_law_and_most_conflicts(engine):
    result = Screening(engine.rules).screen(synthesize(3000, 1), date(2025, 12, 31))
    positive = {c.split(".")[0] for c in result.columns if c.endswith(".status") and not c.startswith("conflict.")
                and result[c].cast(pl.String).is_in(["eligible", "applies"]).any()}
    assert {"pw", "wmo", "jw", "uwv"} <= positive
    conflicts = [c for c in result.columns if c.startswith("conflict.") and c.endswith(".status") and ".signaal." not in c]
    playing = [c for c in conflicts if (result[c].cast(pl.String) == "present").any()]
    assert len(playing) >= 0.75 * len(conflicts), (len(playing), len(conflicts))


def test_screen_compare_shows_the_mantelzorg_transition_and_no_bsn(capsys, population, tmp_path, monkeypatch):
    monkeypatch.setenv("CROSSLAW_PSEUDONYM_KEY", KEY)
    out_path = tmp_path / "resultaat.parquet"
    code, out, err = run(capsys, "screen", str(population), "--date", "2026-01-01", "--compare", "2025-12-31",
                         "--output", str(out_path), "--verify-sample", "20")
    assert code == 0, err
    line = next(x for x in out.splitlines() if "conflict.kostendelersnorm_mantelzorger_tijdelijk_elders" in x)
    assert "Kostendeling versus mantelzorg" in line and line.split("->")[1].strip().startswith("0 speelt")
    before = line.split("->")[0].rsplit(": ", 1)[1]  # "13 speelt " on 2025-12-31
    assert int(before.split()[0].replace(".", "")) > 0
    assert "0 verschil(len)" in err
    result = pl.read_parquet(out_path)
    assert set(result["evaluation_date"].unique().to_list()) == {date(2026, 1, 1), date(2025, 12, 31)}
    bsns = set(pl.read_parquet(population)["bsn"].drop_nulls().to_list())
    for col, dtype in result.schema.items():
        assert "bsn" not in col
        if dtype == pl.String:
            assert not (set(result[col].drop_nulls().to_list()) & bsns), col
    assert result["pseudonym"].str.starts_with("ps-").all()


def test_json_and_html_summaries(capsys, population):
    code, out, _ = run(capsys, "screen", str(population), "--date", "2025-12-31", "--format", "json")
    assert code == 0
    summary = json.loads(out)
    assert summary["residents"] == 1500
    assert any(c["present"] > 0 for c in summary["conflicts"])
    code, out, _ = run(capsys, "screen", str(population), "--date", "2025-12-31", "--format", "html")
    assert code == 0
    assert out.startswith("<!DOCTYPE html>") and "<svg" in out and "<script" not in out and "http" not in out.split("<body>")[1].split("Advies")[0]


def test_csv_and_jsonl_give_the_same_result_as_parquet(population, tmp_path, engine):
    from crosslaw.screening.io import read_population
    from crosslaw.screening.schema import row_situation

    df = pl.read_parquet(population).head(40)
    lists = [c for c, t in df.schema.items() if isinstance(t, pl.List)]
    df.with_columns([pl.col(c).map_elements(lambda v: json.dumps(v.to_list(), default=str) if v is not None else None,
                                             return_dtype=pl.String) for c in lists]).write_csv(tmp_path / "p.csv")
    with (tmp_path / "p.jsonl").open("w") as f:
        for row in df.iter_rows(named=True):
            f.write(json.dumps(row, default=str) + "\n")
    s = Screening(engine.rules)
    want = s.screen(df, date(2026, 1, 1))
    for name in ("p.csv", "p.jsonl"):
        got = s.screen(read_population(tmp_path / name), date(2026, 1, 1))
        assert got.equals(want), name
    assert row_situation(df.row(0, named=True))  # a row reads back as a situation


def test_bad_population_exits_2_naming_the_field(capsys, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("person.birth_date,person.residence_status,shoe_size\n1990-01-01,marsbewoner,42\n")
    code, _, err = run(capsys, "screen", str(bad), "--date", "2026-01-01")
    assert code == 2
    assert "shoe_size" in err and "onbekende kolom" in err and "Traceback" not in err
    bad.write_text("person.birth_date,person.residence_status\n1990-01-01,marsbewoner\n")
    code, _, err = run(capsys, "screen", str(bad), "--date", "2026-01-01")
    assert code == 2 and "person.residence_status" in err and "ongeldige waarde" in err
    bad.write_text("gifts.received_this_month_cents,gifts.received_this_year_cents\n500,100\n")
    code, _, err = run(capsys, "screen", str(bad), "--date", "2026-01-01")
    assert code == 2 and "gifts.received_this_month_cents" in err and "hele kalenderjaar" in err
    bad.write_text("person.birth_date\n2027-01-01\n")
    code, _, err = run(capsys, "screen", str(bad), "--date", "2026-01-01")
    assert code == 2 and "na de peildatum" in err


def test_schema_parquet_documents_every_column(capsys):
    code, out, _ = run(capsys, "schema", "--format", "parquet")
    assert code == 0
    cols = {c["column"]: c for c in json.loads(out)}
    assert cols["person.birth_date"]["type"] == "Date"
    assert "choices" in cols["person.residence_status"]
    assert {i["field"] for i in cols["household.members"]["items"]} >= {"birth_date", "relation"}


def test_deviations_apply_like_the_per_resident_path(engine):
    """A recorded deviation in force changes the outcome's status and amount, as Engine.evaluate shows it."""
    from dataclasses import dataclass

    from crosslaw.screening.result import apply_deviations
    from crosslaw.screening.schema import frame_from_situations
    from crosslaw.situation.bsn import pseudonym

    @dataclass
    class Dev:
        id: str
        case: str
        rule_id: str
        status_with: str
        amount_with_cents: int | None
        status_without: str = "not_eligible"
        rule_version: str = "2025-01-01"
        ground: str = "awb_4_84"
        ends_on: date | None = None
        review_on: date | None = None
        amount_without_cents: int | None = None

        def in_force(self, on):
            return True

    people = synthesize(60, 5).to_dicts()
    from crosslaw.screening.schema import row_situation

    situations = [row_situation(p) | {"bsn": p["bsn"]} for p in people]
    on = date(2026, 1, 1)
    s = Screening(engine.rules)
    result = s.screen(frame_from_situations(situations), on, key=KEY.encode())
    target = result.filter(pl.col("pw.algemene_bijstand.status").cast(pl.String) == "not_eligible").row(0, named=True)
    dev = Dev("dev-1", pseudonym(people[target["row"]]["bsn"], KEY.encode()), "pw.algemene_bijstand", "eligible", 12345)
    assert dev.case == target["pseudonym"]
    changed = apply_deviations(result, [dev], on)
    row = changed.filter(pl.col("row") == target["row"]).row(0, named=True)
    ev = engine.evaluate(situations[target["row"]], on=on, deviations=[dev])
    o = ev.outcome("pw.algemene_bijstand")
    assert (row["pw.algemene_bijstand.status"], row["pw.algemene_bijstand.amount_cents"]) == (o.status, o.amount.cents) == ("eligible", 12345)
    assert row["pw.algemene_bijstand.deviation"] == "dev-1"
    others = changed.filter(pl.col("row") != target["row"])
    assert others["pw.algemene_bijstand.status"].equals(result.filter(pl.col("row") != target["row"])["pw.algemene_bijstand.status"])


def test_transition_lines_read_true_for_a_new_rule_and_one_resident():
    """A provision that did not exist on the first date says so instead of printing nothing, and one
    resident is 'inwoner', not 'inwoners'."""
    from crosslaw.screening.summary import render_text

    summary = {
        "evaluation_date": "2026-01-01", "residents": 2, "laws": [], "conflicts": [],
        "from_date": "2025-12-31", "to_date": "2026-01-01",
        "transitions": [
            {"id": "pw.bijstand_voor_melding", "title": "Bijstand voor de melding", "from": {},
             "to": {"not_eligible": 2}, "changed": 2},
            {"id": "uwv.toeslag", "title": "Toeslag", "from": {"eligible": 1, "not_eligible": 1},
             "to": {"not_eligible": 2}, "changed": 1},
        ],
    }
    text = render_text(summary)
    assert "Bijstand voor de melding (pw.bijstand_voor_melding): geen regel op die datum -> 2 geen recht" in text
    assert "[1 inwoner anders]" in text and "[2 inwoners anders]" in text
