"""The database commands as a user runs them: ingest, events, event, dyad (with a chart), actors,
quotes, firsts, failures, documents and export (GDELT columns in pandas, Parquet)."""
import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from communique.cli import app
from communique.export import GDELT_COLUMNS

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = str(ROOT / "examples" / "articles.jsonl")
runner = CliRunner()


def run(*args):
    result = runner.invoke(app, [str(a) for a in args])
    return result


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("db") / "events.db")
    result = run("ingest", ARTICLES, "--db", path)
    assert result.exit_code == 0, result.output
    assert "8 coded" in result.stderr
    return path


def rows(*args) -> list[dict]:
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_ingest_again_reports_everything_as_stored(db):
    result = run("ingest", ARTICLES, "--db", db)
    assert result.exit_code == 0 and "0 coded, 8 already stored" in result.stderr


def test_events_filters(db):
    everything = rows("events", "--db", db, "--limit", "1000")
    kaz_ukr = rows("events", "--db", db, "--dyad", "KAZ,UKR")
    assert kaz_ukr and all({e["source_code"][:3], e["target_code"][:3]} == {"KAZ", "UKR"} for e in kaz_ukr)
    assert all(e["cameo"].startswith("19") for e in rows("events", "--db", db, "--root", "19"))
    assert all(e["plover"] == "CONSULT" for e in rows("events", "--db", db, "--plover", "consult"))
    since = rows("events", "--db", db, "--since", "2025-07-01", "--limit", "1000")
    assert since and all(e["date"] >= "2025-07-01" for e in since) and len(since) < len(everything)
    sudan = rows("events", "--db", db, "--actor", "SDN", "--limit", "1000")
    assert sudan and all("SDN" in (e["source_code"] or "") + (e["target_code"] or "") for e in sudan)


def test_events_as_csv_and_bad_dyad(db):
    result = run("events", "--db", db, "--format", "csv", "--dyad", "KAZ,UKR")
    parsed = list(csv.DictReader(io.StringIO(result.stdout)))
    assert parsed and {"id", "date", "cameo", "sentence"} <= set(parsed[0])
    bad = run("events", "--db", db, "--dyad", "KAZ")
    assert bad.exit_code == 2 and "two actor codes" in bad.output


def test_event_shows_each_account(db):
    meeting = rows("events", "--db", db, "--dyad", "KAZ,UKR", "--root", "04")[0]
    detail = rows("event", meeting["id"], "--db", db)
    assert len({a["document_id"] for a in detail["accounts"]}) == 2
    table = run("event", meeting["id"], "--db", db)
    assert "eurasianet.org" in table.stdout and "communique fixture wire" in table.stdout
    assert run("event", 999999, "--db", db).exit_code == 1


def test_dyad_series_and_chart(db, tmp_path):
    series = rows("dyad", "KAZ", "UKR", "--db", db, "--by", "month")
    september = next(r for r in series if r["period"] == "2025-09-01")
    assert september["verbal_cooperation"] >= 2 and september["mean_goldstein"] > 0
    chart = tmp_path / "kaz-ukr.png"
    result = run("dyad", "KAZ", "UKR", "--db", db, "--by", "week", "--plot", chart)
    assert result.exit_code == 0 and chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert chart.stat().st_size > 20_000  # a drawn chart, not an empty canvas


def test_actors_quotes_firsts_documents(db):
    kazakh = rows("actors", "--db", db, "--country", "KAZ")
    assert kazakh[0]["name"] == "Kassym-Jomart Tokayev" and kazakh[0]["code"] == "KAZGOV"
    quotes = rows("quotes", "--db", db, "--speaker", "tolipov")
    assert quotes and all(q["speaker"] == "Farhod Tolipov" for q in quotes)
    assert all("peace" in q["text"].lower() for q in rows("quotes", "--db", db, "--search", "peace"))
    firsts = {r["root"]: r for r in rows("firsts", "KAZ", "UKR", "--db", db)}
    assert firsts["04"]["first"] == "2025-09-23"
    assert firsts["12"]["first"] == "2022-06-01"
    assert len(rows("documents", "--db", db)) == 8
    assert rows("failures", "--db", db) == []


def test_gdelt_export_loads_with_gdelt_columns(db, tmp_path):
    import pandas as pd

    out = tmp_path / "events.gdelt.tsv"
    result = run("export", out, "--format", "gdelt", "--db", db)
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(out, sep="\t", header=None, names=GDELT_COLUMNS, dtype={"EventCode": str,
                                                                                 "EventRootCode": str})
    assert len(GDELT_COLUMNS) == 61 and frame.shape[1] == 61
    meeting = frame[(frame.Actor1CountryCode.isin(["KAZ", "UKR"])) & (frame.EventRootCode == "04")
                    & (frame.Actor2CountryCode.isin(["KAZ", "UKR"]))]
    assert len(meeting) == 1
    row = meeting.iloc[0]
    assert row.SQLDATE == 20250923 and row.NumArticles == 2 and row.NumSources == 2
    assert set(frame.QuadClass) <= {1, 2, 3, 4}


def test_parquet_csv_jsonl_exports(db, tmp_path):
    import pandas as pd

    counts = {}
    for fmt in ("parquet", "csv", "jsonl"):
        out = tmp_path / f"events.{fmt}"
        assert run("export", out, "--format", fmt, "--db", db).exit_code == 0
        counts[fmt] = len(pd.read_parquet(out) if fmt == "parquet" else pd.read_csv(out) if fmt == "csv"
                          else pd.read_json(out, lines=True))
    assert len(set(counts.values())) == 1 and counts["csv"] > 40


def test_a_database_that_cannot_be_opened_is_one_line(tmp_path):
    result = run("events", "--db", str(tmp_path / "no" / "such" / "dir" / "x.db"))
    assert result.exit_code == 2 and "cannot open database" in result.output
