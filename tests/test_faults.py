"""Faults around the database: several processes opening a new database at once, a database
locked by another writer, PostgreSQL backends killed mid-ingest, a full disk."""
import threading

from communique.store import Store


def test_many_openers_of_a_new_database_do_not_collide(db_url):
    """An ingest and a reader opening a fresh database together: one creates the schema, the rest wait."""
    errors = []

    def open_it():
        try:
            Store(db_url).close()
        except Exception as exc:  # noqa: BLE001 - the test reports any failure
            errors.append(exc)

    threads = [threading.Thread(target=open_it) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors


# --- shared: a small corpus, and the rows an uninterrupted ingest of it writes ----------------------

import os  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from sqlalchemy import create_engine, event, text  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from communique import cli_store  # noqa: E402
from communique.batch import ingest  # noqa: E402
from communique.cli import app  # noqa: E402
from communique.dbretry import Retry, StoreError  # noqa: E402
from communique.sources import read_sources  # noqa: E402
from communique.store import database_url  # noqa: E402
from communique.synthetic import write_corpus  # noqa: E402

from conftest import POSTGRES, fresh_database  # noqa: E402
from test_ingest_runs import CLOCK_COLUMNS, snapshot  # noqa: E402

FAULTS = {"injected": 0, "survived": 0}  # printed at the end of the module (see docs/robustness.md)


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory):
    """(path of a 24-article JSONL, the snapshot of an uninterrupted ingest of it into SQLite)."""
    folder = tmp_path_factory.mktemp("faults")
    write_corpus(folder / "c.jsonl", 24, seed=11)
    with Store(str(folder / "whole.db")) as whole:
        ingest(read_sources([str(folder / "c.jsonl")]), whole)
        return str(folder / "c.jsonl"), snapshot(whole)


@pytest.fixture(scope="module", autouse=True)
def report_faults():
    yield
    print(f"\nfaults injected: {FAULTS['injected']}, survived: {FAULTS['survived']}")


def without_ids(tables: dict[str, list[tuple]]) -> dict[str, list[tuple]]:
    """Rows with their surrogate keys (and the keys pointing at them) left out, in a stable order."""
    from communique.schema import metadata

    out = {}
    for table in metadata.sorted_tables:
        columns = [c.name for c in table.columns if c.name not in CLOCK_COLUMNS]  # as snapshot() has them
        keep = [i for i, name in enumerate(columns) if not (name == "id" or name.endswith("_id"))]
        out[table.name] = sorted((tuple(row[i] for i in keep) for row in tables[table.name]), key=repr)
    return out


def quick_retry(attempts=8, first_wait=0.1) -> Retry:
    return Retry(attempts=attempts, first_wait=first_wait, max_wait=0.5)


class WriteLock:
    """Another process holding SQLite's write lock (BEGIN IMMEDIATE) for ``seconds``, or until stopped."""

    def __init__(self, db: str, seconds: float = 3600):
        code = ("import sqlite3, sys, time\n"
                "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
                "c.execute('BEGIN IMMEDIATE'); print('locked', flush=True)\n"
                "time.sleep(float(sys.argv[2])); c.execute('COMMIT')\n")
        self.process = subprocess.Popen([sys.executable, "-c", code, db, str(seconds)], stdout=subprocess.PIPE,
                                        text=True)
        assert self.process.stdout.readline().strip() == "locked"

    def release(self):
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=30)


# --- SQLite: another process holds the write lock ---------------------------------------------------

def test_sqlite_busy_longer_than_busy_timeout_waits_retries_and_loses_nothing(small_corpus, tmp_path):
    source, expected = small_corpus
    db = str(tmp_path / "busy.db")
    Store(db).close()  # the schema exists; the lock is on the data
    waits = []
    retry = Retry(attempts=12, first_wait=0.1, max_wait=0.5, sleep=lambda s: (waits.append(s), time.sleep(s)))
    lock = WriteLock(db, seconds=2.0)  # ten times the busy_timeout below
    FAULTS["injected"] += 1
    try:
        with Store(db, busy_timeout=0.2, retry=retry) as store:
            summary = ingest(read_sources([source]), store)
            assert snapshot(store) == expected
    finally:
        lock.release()
    assert waits, "the ingest should have met the lock and waited"
    assert summary.coded == len(expected["documents"])
    FAULTS["survived"] += 1


def test_sqlite_locked_past_every_retry_stops_with_one_line_and_a_rerun_finishes(small_corpus, tmp_path,
                                                                                monkeypatch):
    source, expected = small_corpus
    db = str(tmp_path / "locked.db")
    Store(db).close()
    monkeypatch.setattr(cli_store, "open_store",
                        lambda url: Store(url, busy_timeout=0.1, retry=quick_retry(attempts=3)))
    lock = WriteLock(db)
    FAULTS["injected"] += 1
    try:
        result = CliRunner().invoke(app, ["ingest", source, "--db", db])
    finally:
        lock.release()
    assert result.exit_code == 2 and "Traceback" not in result.output
    message = result.output.strip().splitlines()[-1]
    assert "database is locked" in message and "run the same command again" in message
    rerun = CliRunner().invoke(app, ["ingest", source, "--db", db])
    assert rerun.exit_code == 0, rerun.output
    with Store(db) as store:
        assert snapshot(store) == expected
    FAULTS["survived"] += 1


# --- a full disk --------------------------------------------------------------------------------------

def test_a_full_database_stops_the_ingest_clearly_and_a_rerun_with_room_finishes(small_corpus, tmp_path):
    """SQLite's max_page_count makes the database 'full' as a full disk does (SQLITE_FULL)."""
    source, expected = small_corpus
    db = str(tmp_path / "full.db")
    with Store(db) as store:
        with store.engine.connect() as conn:
            pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
        event.listen(store.engine, "connect",
                     lambda dbapi, _: dbapi.execute(f"PRAGMA max_page_count={pages + 12}"))
        store.engine.dispose()  # new connections, each with the limit
        FAULTS["injected"] += 1
        with pytest.raises(StoreError, match="database or disk is full") as raised:
            ingest(read_sources([source]), store)
        assert "\n" not in str(raised.value)
        with store.engine.connect() as conn:
            stored = conn.exec_driver_sql("SELECT count(*) FROM documents").scalar()
    assert 0 < stored < len(expected["documents"])  # some were stored, whole, before the disk filled
    with Store(db) as roomy:
        with roomy.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        ingest(read_sources([source]), roomy)
        assert snapshot(roomy) == expected
    FAULTS["survived"] += 1


@pytest.fixture
def tiny_disk(tmp_path):
    """A 400 KB tmpfs, where the machine lets us mount one (root, no container limits)."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=400k", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_a_real_full_disk_is_reported_not_truncated(tiny_disk, tmp_path):
    big = tmp_path / "big.jsonl"  # more than 400 KB of rows
    write_corpus(big, 300, seed=3)
    db = tiny_disk / "x.db"
    FAULTS["injected"] += 1
    command = [sys.executable, "-m", "communique", "ingest", str(big), "--db", str(db), "--quiet"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert result.returncode == 2 and "Traceback" not in result.stderr + result.stdout
    assert "disk is full" in result.stderr or "No space left" in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    moved = tmp_path / "moved.db"  # room again: the same database on a big disk
    for suffix in ("", "-wal"):
        if Path(f"{db}{suffix}").exists():
            Path(f"{moved}{suffix}").write_bytes(Path(f"{db}{suffix}").read_bytes())
    with Store(str(moved)) as store:
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            before = conn.exec_driver_sql("SELECT count(*) FROM documents").scalar()
            mentions = conn.exec_driver_sql("SELECT count(DISTINCT document_id) FROM event_mentions").scalar()
        assert 0 < before < 300 and mentions <= before  # whole documents only; the rerun is tested above
    FAULTS["survived"] += 1


def test_output_to_a_full_disk_is_one_line_not_a_traceback(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Talks\nKazakh President Kassym-Jomart Tokayev met Vladimir Putin in Moscow on Monday.\n")
    FAULTS["injected"] += 1
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "communique", "code", str(article), "--format", "json"],
                                stdout=full, stderr=subprocess.PIPE, text=True, timeout=300)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "No space left on device" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    FAULTS["survived"] += 1


# --- PostgreSQL: backends terminated mid-ingest -------------------------------------------------------

@pytest.mark.skipif(not POSTGRES, reason="no PostgreSQL server: set COMMUNIQUE_TEST_POSTGRES")
def test_postgresql_connections_killed_mid_ingest_are_retried_and_nothing_is_lost(small_corpus, tmp_path):
    source, expected = small_corpus
    admin = create_engine(database_url(POSTGRES), isolation_level="AUTOCOMMIT")
    kills = []
    with fresh_database("postgresql", tmp_path) as url:
        name = url.rsplit("/", 1)[1]
        with Store(url, retry=quick_retry(attempts=10)) as store:
            done = False

            def killer():  # an administrator (or a restart) ending every session of this database, repeatedly
                with admin.connect() as conn:
                    while not done:
                        time.sleep(0.4)
                        killed = conn.execute(text("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) "
                                                   "FROM pg_stat_activity WHERE datname = :db AND pid <> "
                                                   "pg_backend_pid()"), {"db": name}).scalar()
                        kills.append(killed)

            thread = threading.Thread(target=killer)
            thread.start()
            try:
                summary = ingest(read_sources([source]), store)
            finally:
                done = True
                thread.join()
            rows = snapshot(store)
    admin.dispose()
    FAULTS["injected"] += sum(kills)
    assert sum(kills) > 0, "no connection was killed: the test proved nothing"
    assert summary.failed == 0 and summary.coded + summary.duplicates == len(expected["documents"])
    # PostgreSQL does not give back the ids a killed transaction drew, so compare rows without them
    assert without_ids(rows) == without_ids(expected)
    FAULTS["survived"] += sum(kills)
