"""Whole ingests: a 200+ article corpus on SQLite and PostgreSQL, worker processes, a Dask cluster,
and a kill -9 in the middle of an ingest followed by a rerun."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from communique.batch import ingest
from communique.ingest import Failure
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


@pytest.fixture(scope="module")
def single_process(corpus, tmp_path_factory):
    """The reference: the corpus ingested into SQLite by one process."""
    with Store(str(tmp_path_factory.mktemp("single") / "single.db")) as store:
        summary = ingest(read_sources(corpus), store)
        assert summary.coded >= 200 and summary.failed == 0
        yield summary, snapshot(store)


@pytest.mark.skipif(not POSTGRES, reason="no PostgreSQL server: set COMMUNIQUE_TEST_POSTGRES")
def test_corpus_ingests_the_same_into_sqlite_and_postgresql(corpus, single_process, tmp_path):
    one, expected = single_process
    with fresh_database("postgresql", tmp_path) as pg_url, Store(pg_url) as pg:
        two = ingest(read_sources(corpus), pg, workers=2)  # two coding processes, same result
        assert (one.coded, one.new_events, one.merged_events) == (two.coded, two.new_events, two.merged_events)
        assert snapshot(pg) == expected
        again = ingest(read_sources(corpus), pg)
        assert again.coded == 0 and again.duplicates == one.coded + one.duplicates
        assert snapshot(pg) == expected


def test_a_dask_cluster_of_two_workers_gives_the_same_database(corpus, single_process, tmp_path):
    from communique.distributed import code_on_workers, dask_client, write_parquet_on_workers

    summary, expected = single_process
    with dask_client(workers=2) as client:
        assert len(client.scheduler_info()["workers"]) == 2
        with Store(str(tmp_path / "dask.db")) as store:
            ingest(read_sources(corpus), store, coder=lambda docs: code_on_workers(docs, client))
            assert snapshot(store) == expected
        documents, mentions = write_parquet_on_workers(
            (d for d in read_sources(corpus) if not isinstance(d, Failure)), client, tmp_path / "dataset")
    import pyarrow.dataset as ds

    dataset = ds.dataset(tmp_path / "dataset", format="parquet", partitioning="hive")
    # the dataset keeps every readable document, repeated ones too: merging is the store's job
    assert documents == summary.coded + summary.duplicates and dataset.count_rows() == mentions
    assert mentions >= len(expected["event_mentions"])
    assert {"month", "cameo", "source_code", "sentence"} <= set(dataset.schema.names)


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
