"""The event database: schema, writes, re-ingest, one event per happening, on SQLite and PostgreSQL."""
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from communique.batch import ingest
from communique.ingest import Failure
from communique.models import CodedDocument, Document, Event
from communique.queries import event_detail, list_events
from communique.schema import documents, event_mentions, events, failures, metadata
from communique.sources import read_sources
from communique.merging import event_day
from communique.store import Store, database_url, normalise_url, text_hash

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = str(ROOT / "examples" / "articles.jsonl")


def count(store, table) -> int:
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def table_counts(store) -> dict[str, int]:
    return {table.name: count(store, table) for table in metadata.sorted_tables}


def test_database_url_forms():
    assert database_url("events.db") == "sqlite:///events.db"
    assert database_url("postgresql://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    assert database_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"


def test_normalisation_makes_the_same_article_match():
    assert text_hash("Talks  began\n today.") == text_hash("talks began today.")
    assert text_hash("Talks began today.") != text_hash("Talks ended today.")
    assert normalise_url("HTTPS://Example.ORG/a/?utm_source=x&id=3#top") == "https://example.org/a?id=3"
    assert event_day("2022-06") == date(2022, 6, 1) and event_day("2021") == date(2021, 1, 1)


def test_migrations_create_exactly_the_schema(tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    store = Store(str(tmp_path / "m.db"))
    with store.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), metadata) == []
    with store.engine.connect() as conn:  # WAL: readers do not block the writer
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def _event(cameo="040", source="a1", target="a2", day="2025-09-23", id="e1"):
    from communique import codebook

    info = codebook.lookup(cameo)
    return Event(id=id, source=source, target=target, source_code="KAZGOV", target_code="UKRGOV", cameo=cameo,
                 root=info.root, plover=info.plover, plover_mode=info.plover_mode, goldstein=info.goldstein,
                 quad_class=info.quad_class, date=day, date_precision="day", place=None, sentence=(0, 10),
                 trigger=(0, 4), confidence=0.8)


def _coded(text, *events_, outlet=None, swap=False):
    from communique.models import Actor

    kaz = Actor("a1", "Kassym-Jomart Tokayev", "person", "KAZGOV", "KAZ", "GOV", mentions=[(0, 4)])
    ukr = Actor("a2", "Volodymyr Zelensky", "person", "UKRGOV", "UKR", "GOV", mentions=[(5, 9)])
    if swap:
        for ev in events_:
            ev.source, ev.target, ev.source_code, ev.target_code = "a2", "a1", "UKRGOV", "KAZGOV"
    return CodedDocument(Document(text=text, id=text[:8], outlet=outlet), actors=[kaz, ukr], events=list(events_))


def test_the_same_happening_told_twice_is_one_event(db_url):
    with Store(db_url) as store:
        assert store.add(_coded("First telling of the meeting.", _event(), outlet="a.example")).new_events == 1
        second = store.add(_coded("Second telling, reversed.", _event(day="2025-09-24"), outlet="b.example",
                                  swap=True))
        assert (second.new_events, second.merged_events) == (0, 1)  # a meeting has no direction
        row = dict(list_events(store)[0])
        assert (row["num_mentions"], row["num_articles"], row["num_sources"]) == (2, 2, 2)
        assert row["confidence"] > 0.8  # grows with independent sources
        # two days apart, or another kind of event, is another happening
        store.add(_coded("Third telling, later.", _event(day="2025-09-26"), outlet="c.example"))
        store.add(_coded("A condemnation that day.", _event(cameo="122"), outlet="c.example"))
        store.add(_coded("Condemnation in reverse.", _event(cameo="122"), outlet="d.example", swap=True))
        assert count(store, events) == 4  # directed codes keep their direction
        assert store.add(_coded("First telling of the meeting.", _event())).status == "duplicate"


def test_ingest_twice_changes_nothing(db_url):
    with Store(db_url) as store:
        summary = ingest(read_sources([ARTICLES]), store)
        assert summary.coded == 8 and summary.failed == 0 and summary.new_events > 40
        before = table_counts(store)
        again = ingest(read_sources([ARTICLES]), store)
        assert (again.coded, again.duplicates) == (0, 8)
        assert table_counts(store) == before


def test_second_report_of_the_seed_meeting_is_one_event_with_both_accounts(db_url):
    with Store(db_url) as store:
        ingest(read_sources([ARTICLES]), store)
        meetings = list_events(store, dyad=("KAZ", "UKR"), root="04")
        assert len(meetings) == 1, meetings
        meeting = meetings[0]
        assert meeting["date"] == "2025-09-23" and meeting["num_articles"] == 2 and meeting["num_sources"] == 2
        detail = event_detail(store, meeting["id"])
        outlets = {account["outlet"] for account in detail["accounts"]}
        assert outlets == {"eurasianet.org", "communique fixture wire"}
        said_by = " | ".join(account["said_by"] or "" for account in detail["accounts"])
        assert "Kazakh readout" in said_by and "readout" in said_by.replace("Kazakh readout", "")
        sentences = " ".join(account["sentence"] for account in detail["accounts"])
        assert "economic and humanitarian cooperation" in sentences and "peace efforts" in sentences


def test_failures_are_recorded_with_their_reason_and_cleared_on_success(db_url, tmp_path):
    bad = tmp_path / "broken.jsonl"
    bad.write_text('{"id": "ok", "text": "Kenya recalled its ambassador from Uganda on Monday."}\nnot json\n'
                   '{"id": "tr", "text": "Türkiye ve Rusya arasında bu hafta yeni bir anlaşma imzalandı, ama '
                   'daha çok sorun var ve bu da bir gerçek olarak kalıyor."}\n')
    with Store(db_url) as store:
        summary = ingest(read_sources([str(bad), str(tmp_path / "missing.txt")]), store)
        assert (summary.coded, summary.failed, summary.skipped) == (1, 2, 1)
        with store.engine.connect() as conn:
            rows = {r.source: (r.kind, r.reason) for r in conn.execute(select(failures))}
        assert rows[f"{bad}:2"][0] == "failed" and "not valid JSON" in rows[f"{bad}:2"][1]
        assert "no such file" in rows[str(tmp_path / "missing.txt")][1]
        assert any(kind == "skipped" and "tr" in reason for kind, reason in rows.values())
        (tmp_path / "missing.txt").write_text("Headline\n\nKenya recalled its ambassador from Tanzania.")
        ingest(read_sources([str(tmp_path / "missing.txt")]), store)
        with store.engine.connect() as conn:
            sources = {r.source for r in conn.execute(select(failures.c.source))}
        assert str(tmp_path / "missing.txt") not in sources


def test_unreadable_items_keep_their_place(tmp_path):
    with Store(str(tmp_path / "f.db")) as store:
        summary = ingest(iter([Failure("x", "x: empty input")]), store)
        assert summary.failed == 1 and count(store, documents) == 0
        assert count(store, event_mentions) == 0
