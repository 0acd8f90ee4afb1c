"""The event database's tables (SQLAlchemy Core), the same on SQLite and PostgreSQL.

documents ─< mentions >─ actors
documents ─< event_mentions >─ events      (one event per happening, one mention per telling)
documents ─< quotes
failures                                   (inputs that could not be coded, with the reason)
dyad_days                                  (per country pair and day: counts by quad class, Goldstein sum)

Alembic migrations under ``communique/migrations`` create exactly these tables; a test checks
that the two agree.
"""
from __future__ import annotations

from sqlalchemy import (Boolean, Column, Date, DateTime, Float, ForeignKey, Index, Integer, MetaData, String,
                        Table, Text, UniqueConstraint)

metadata = MetaData()

documents = Table(
    "documents", metadata,
    Column("id", Integer, primary_key=True),
    Column("text_hash", String(64), nullable=False, unique=True),  # sha256 of the normalised text
    Column("url", String(2048), unique=True),  # normalised; NULL for files without one
    Column("doc_key", Text),  # the input's own id (file stem, JSONL id)
    Column("source", Text),  # path or URL it was read from
    Column("title", Text),
    Column("author", Text),
    Column("outlet", String(255)),  # site or publisher; counts independent sources
    Column("published", Date),
    Column("language", String(8), nullable=False),
    Column("coder_version", String(32), nullable=False),
    Column("text", Text, nullable=False),
    Column("tone", Float),
    Column("ingested_at", DateTime, nullable=False),
)

actors = Table(
    "actors", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(512), nullable=False),
    Column("code", String(32), nullable=False),
    Column("type", String(16), nullable=False),
    Column("country", String(8)),
    Column("sector", String(8)),
    UniqueConstraint("name", "code", name="uq_actors_name_code"),
)
Index("ix_actors_country", actors.c.country)

mentions = Table(
    "mentions", metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("actor_id", Integer, ForeignKey("actors.id"), nullable=False),
    Column("local_id", String(16), nullable=False),  # the actor's id in the coded document ('a3')
    Column("role", Text),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
)
Index("ix_mentions_document", mentions.c.document_id)
Index("ix_mentions_actor", mentions.c.actor_id)

events = Table(
    "events", metadata,
    Column("id", Integer, primary_key=True),
    Column("source_actor_id", Integer, ForeignKey("actors.id")),
    Column("target_actor_id", Integer, ForeignKey("actors.id")),
    Column("source_code", String(32)),
    Column("target_code", String(32)),
    Column("source_country", String(8)),
    Column("target_country", String(8)),
    Column("cameo", String(4), nullable=False),
    Column("root", String(2), nullable=False),
    Column("plover", String(32)),
    Column("plover_mode", String(32)),
    Column("goldstein", Float, nullable=False),
    Column("quad_class", Integer, nullable=False),
    Column("date", Date),
    Column("date_precision", String(8), nullable=False),
    Column("place_name", Text),
    Column("place_country", String(8)),
    Column("lat", Float),
    Column("lon", Float),
    Column("num_mentions", Integer, nullable=False),
    Column("num_sources", Integer, nullable=False),
    Column("num_articles", Integer, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("avg_tone", Float),
    Column("source_url", Text),  # the first article that told it (its URL, else its path)
    Column("added_at", DateTime, nullable=False),
)
Index("ix_events_date", events.c.date)
Index("ix_events_dyad", events.c.source_country, events.c.target_country, events.c.date)
Index("ix_events_match", events.c.root, events.c.source_code, events.c.target_code, events.c.date)
Index("ix_events_plover", events.c.plover)

event_mentions = Table(
    "event_mentions", metadata,
    Column("id", Integer, primary_key=True),
    Column("event_id", Integer, ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("local_id", String(16), nullable=False),  # the event's id in the coded document ('e2')
    Column("cameo", String(4), nullable=False),  # as this telling codes it
    Column("source_actor_id", Integer, ForeignKey("actors.id")),
    Column("target_actor_id", Integer, ForeignKey("actors.id")),
    Column("claimed_by_actor_id", Integer, ForeignKey("actors.id")),  # the speaker, for reported speech
    Column("negated", Boolean, nullable=False),
    Column("in_lead", Boolean, nullable=False),  # told in the article's first paragraph (GDELT IsRootEvent)
    Column("confidence", Float, nullable=False),
    Column("date", Date),
    Column("date_precision", String(8), nullable=False),
    Column("place_name", Text),
    Column("sentence_start", Integer, nullable=False),
    Column("sentence_end", Integer, nullable=False),
    Column("trigger_start", Integer, nullable=False),
    Column("trigger_end", Integer, nullable=False),
    UniqueConstraint("document_id", "local_id", name="uq_event_mentions_document_local"),
)
Index("ix_event_mentions_event", event_mentions.c.event_id)

quotes = Table(
    "quotes", metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("local_id", String(16), nullable=False),
    Column("speaker_actor_id", Integer, ForeignKey("actors.id")),
    Column("speaker_name", Text),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("cue", String(64)),
    Column("via", Text),
)
Index("ix_quotes_document", quotes.c.document_id)
Index("ix_quotes_speaker", quotes.c.speaker_actor_id)

failures = Table(
    "failures", metadata,
    Column("id", Integer, primary_key=True),
    Column("source", String(2048), nullable=False, unique=True),
    Column("kind", String(16), nullable=False),  # failed | skipped (not English, ...)
    Column("reason", Text, nullable=False),
    Column("first_seen", DateTime, nullable=False),
    Column("last_seen", DateTime, nullable=False),
)

# Kept in step with events on every write: the dyad series over millions of events reads this
# small table instead of scanning events.
dyad_days = Table(
    "dyad_days", metadata,
    Column("country_a", String(8), primary_key=True),  # the pair in sorted order
    Column("country_b", String(8), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("quad1", Integer, nullable=False),
    Column("quad2", Integer, nullable=False),
    Column("quad3", Integer, nullable=False),
    Column("quad4", Integer, nullable=False),
    Column("goldstein_sum", Float, nullable=False),
)
