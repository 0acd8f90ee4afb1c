"""Whole ingests: a 200+ article corpus on SQLite and PostgreSQL, worker processes, and a kill -9
in the middle of an ingest followed by a rerun."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from communique.batch import ingest
from communique.schema import metadata
from communique.sources import read_sources
from communique.store import Store
from communique.synthetic import write_corpus

from conftest import POSTGRES, fresh_database

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = str(ROOT / "examples" / "articles.jsonl")
# When rows were written differs between runs; everything else must not.
CLOCK_COLUMNS = {"ingested_at", "added_at", "first_seen", "last_seen"}


def snapshot(store: Store) -> dict[str, list[tuple]]:
    out = {}
    with store.engine.connect() as conn:
        for table in metadata.sorted_tables:
            columns = [c for c in table.columns if c.name not in CLOCK_COLUMNS]
            rows = conn.execute(select(*columns).order_by(*table.primary_key.columns)).all()
            out[table.name] = [tuple(row) for row in rows]
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[str]:
    folder = tmp_path_factory.mktemp("corpus")
    write_corpus(folder / "synthetic.jsonl", 200)
    return [str(folder / "synthetic.jsonl"), ARTICLES, str(ROOT / "../shared/gold/articles")]


@pytest.mark.skipif(not POSTGRES, reason="no PostgreSQL server: set COMMUNIQUE_TEST_POSTGRES")
def test_corpus_ingests_the_same_into_sqlite_and_postgresql(corpus, tmp_path):
    with fresh_database("sqlite", tmp_path) as lite_url, fresh_database("postgresql", tmp_path) as pg_url:
        with Store(lite_url) as lite, Store(pg_url) as pg:
            one = ingest(read_sources(corpus), lite)
            two = ingest(read_sources(corpus), pg, workers=2)  # two coding processes, same result
            assert one.coded >= 200 and one.failed == 0
            assert (one.coded, one.new_events, one.merged_events) == (two.coded, two.new_events, two.merged_events)
            assert snapshot(lite) == snapshot(pg)
            again = ingest(read_sources(corpus), pg)
            assert again.coded == 0 and again.duplicates == one.coded + one.duplicates
            assert snapshot(lite) == snapshot(pg)


def test_kill_9_then_rerun_gives_the_rows_of_an_uninterrupted_run(tmp_path):
    write_corpus(tmp_path / "c.jsonl", 60, seed=7)
    source = str(tmp_path / "c.jsonl")
    with Store(str(tmp_path / "whole.db")) as whole:
        ingest(read_sources([source]), whole)
        expected = snapshot(whole)

    db = str(tmp_path / "killed.db")
    command = [sys.executable, "-m", "communique", "ingest", source, "--db", db, "--quiet"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:  # wait until some, not all, documents are stored
            if Path(db).exists():
                with Store(db) as peek:
                    stored = len(snapshot(peek)["documents"])
                if stored >= 10:
                    break
            time.sleep(0.2)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    with Store(db) as killed:
        assert 10 <= len(snapshot(killed)["documents"]) < 60
    rerun = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    with Store(db) as finished:
        assert snapshot(finished) == expected
