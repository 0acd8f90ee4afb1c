"""The event database: coded documents in, one event per happening, behind one interface.

SQLite (a file, WAL mode) by default, PostgreSQL with a ``postgresql://`` URL. Each document is
written in one transaction, so an interrupted ingest leaves whole documents or nothing, and a
rerun skips what is already there (same normalised URL or same normalised text).

An event told again (same source and target actors, same CAMEO root, dates within a day; the
pair in either order for meetings) becomes another *mention* of the stored event, and its
counts and confidence grow with the independent outlets that tell it.
"""
from __future__ import annotations

import hashlib
import os
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from sqlalchemy import Engine, and_, create_engine, event, func, insert, or_, select, update
from sqlalchemy.engine import Connection

from communique import __version__
from communique.dbretry import Retry, StoreError, reason as _reason
from communique.models import CodedDocument, Event
from communique.schema import (actors, documents, dyad_days, event_mentions, events, failures, mentions, quotes)

DEFAULT_DB = "communique.db"
# Roots whose events have no direction worth keeping apart when merging tellings: A met B is B met A.
SYMMETRIC_ROOTS = frozenset({"04"})
SYMMETRIC_CODES = frozenset({"057", "0311", "036"})
TRACKING_PARAMS = ("utm_", "fbclid", "gclid", "mc_", "ref")


def database_url(value: str | None = None) -> str:
    """A SQLAlchemy URL from ``--db``: a file path means SQLite; postgresql:// uses psycopg 3."""
    value = value or os.environ.get("COMMUNIQUE_DB") or DEFAULT_DB
    if "://" not in value:
        return f"sqlite:///{Path(value).expanduser()}"
    for prefix in ("postgresql://", "postgres://"):
        if value.startswith(prefix):
            return "postgresql+psycopg://" + value[len(prefix):]
    return value


def open_engine(url: str, busy_timeout: float = 30.0) -> Engine:
    """An engine; SQLite waits ``busy_timeout`` s for another writer's lock before saying it is locked."""
    # PostgreSQL: check a pooled connection before using it, so one the server dropped between
    # documents (a restart) is replaced instead of failing the next write.
    engine = create_engine(url, pool_pre_ping=url.startswith("postgresql"))
    if engine.dialect.name == "sqlite":
        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")  # readers (the dashboard) never block the ingest
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout * 1000)}")  # wait for another writer
            cursor.close()
    return engine


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision (creates it in an empty database)."""
    from alembic import command
    from alembic.config import Config

    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", "communique:migrations")
    with engine.connect() as connection:  # up to date: no lock needed (another process may be writing)
        if MigrationContext.configure(connection).get_current_revision() == \
                ScriptDirectory.from_config(config).get_current_head():
            return
    with engine.connect() as connection:
        # Two processes opening a new database at once (an ingest and a reader) must not both
        # create its tables: the migration holds the database's write lock, so the second waits
        # and then finds the schema done.
        sqlite = connection.connection.driver_connection if engine.dialect.name == "sqlite" else None
        if sqlite is not None:
            sqlite.isolation_level = None  # pysqlite would not put DDL in a transaction otherwise
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        elif engine.dialect.name == "postgresql":
            connection.exec_driver_sql("SELECT pg_advisory_xact_lock(7316020)")  # any fixed number
        try:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            connection.commit()
        except BaseException:
            connection.rollback()
            raise
        finally:
            if sqlite is not None:
                sqlite.isolation_level = ""  # back to pysqlite's default for the pooled connection


def text_hash(text: str) -> str:
    """Same article, same hash: Unicode forms, case and whitespace do not count."""
    normal = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def normalise_url(url: str | None) -> str | None:
    """One spelling per page: lower-case host, no fragment, no tracking parameters, no trailing slash."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not k.lower().startswith(TRACKING_PARAMS)]
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, urlencode(query), ""))


def outlet_of(coded: CodedDocument) -> str | None:
    doc = coded.document
    if doc.outlet:
        return doc.outlet
    if doc.url:
        host = urlsplit(doc.url).hostname or ""
        return host.removeprefix("www.") or None
    return None


def event_day(value: str | None) -> date | None:
    """'2025-09-23', '2022-06' or '2021' as the first day of that period."""
    if not value:
        return None
    parts = [int(p) for p in value.split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)


@dataclass
class AddResult:
    status: str  # added | duplicate
    document_id: int | None = None
    new_events: int = 0
    merged_events: int = 0


class Store:
    """One database. ``Store()`` opens ./communique.db (or $COMMUNIQUE_DB), creating it if needed."""

    def __init__(self, url: str | None = None, *, busy_timeout: float = 30.0, retry: Retry | None = None):
        self.url = database_url(url)
        self.retry = retry or Retry()  # writes are retried while the database is locked or reconnecting
        try:
            self.engine = open_engine(self.url, busy_timeout)
            self.retry.run(lambda: upgrade(self.engine), f"open database {self.display_url}")
        except StoreError:
            raise
        except Exception as exc:  # driver errors differ by backend; the user needs the reason
            raise StoreError(f"cannot open database {self.display_url}: {_reason(exc)}") from exc

    @property
    def display_url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True) if hasattr(self, "engine") else self.url

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # --- documents ---------------------------------------------------------------------------

    def find_document(self, url: str | None, text: str) -> int | None:
        """The id of a stored document with this URL or this text, if any."""
        def find():
            with self.engine.connect() as conn:
                return _find_document(conn, normalise_url(url), text_hash(text))
        return self.retry.run(find, f"look up a document in {self.display_url}")

    def add(self, coded: CodedDocument) -> AddResult:
        """Store a coded document with its actors, events and quotes, in one transaction (retried whole)."""
        what = f"store {coded.document.source or coded.document.id or 'a document'} in {self.display_url}"
        return self.retry.run(lambda: self._add(coded), what)

    def _add(self, coded: CodedDocument) -> AddResult:
        doc = coded.document
        url, digest = normalise_url(doc.url), text_hash(doc.text)
        with self.engine.begin() as conn:
            if _find_document(conn, url, digest) is not None:
                return AddResult("duplicate")
            document_id = conn.execute(insert(documents).values(
                text_hash=digest, url=url, doc_key=doc.id or None, source=doc.source, title=doc.title,
                author=doc.author, outlet=outlet_of(coded), published=doc.published, language=doc.language,
                coder_version=__version__, text=doc.text, tone=coded.tone.score if coded.tone else None,
                ingested_at=_now())).inserted_primary_key[0]
            actor_ids = {a.id: _actor_id(conn, a) for a in coded.actors}
            mention_rows = [dict(document_id=document_id, actor_id=actor_ids[a.id], local_id=a.id, role=a.role,
                                 start=start, end=end) for a in coded.actors for start, end in a.mentions]
            if mention_rows:
                conn.execute(insert(mentions), mention_rows)
            result = AddResult("added", document_id)
            places = {p.id: p for p in coded.places}
            for ev in coded.events:
                merged = self._add_event(conn, document_id, coded, ev, actor_ids, places)
                result.merged_events += merged
                result.new_events += not merged
            quote_rows = [dict(document_id=document_id, local_id=q.id, speaker_actor_id=actor_ids.get(q.speaker),
                               speaker_name=q.speaker_name, text=q.text, start=q.span[0], end=q.span[1],
                               kind=q.kind, cue=q.cue, via=q.via) for q in coded.quotes]
            if quote_rows:
                conn.execute(insert(quotes), quote_rows)
            if doc.source:
                conn.execute(failures.delete().where(failures.c.source == doc.source))
        return result

    def _add_event(self, conn: Connection, document_id: int, coded: CodedDocument, ev: Event,
                   actor_ids: dict[str, int], places: dict) -> bool:
        """Insert a mention of ``ev``, under a stored event telling the same happening if there is one."""
        day = event_day(ev.date)
        place = places.get(ev.place)
        event_id = _matching_event(conn, ev, day)
        mention = dict(document_id=document_id, local_id=ev.id, cameo=ev.cameo,
                       source_actor_id=actor_ids.get(ev.source), target_actor_id=actor_ids.get(ev.target),
                       claimed_by_actor_id=actor_ids.get(ev.claimed_by), negated=ev.negated,
                       in_lead=_in_lead(coded.document.text, ev.sentence[0]),
                       confidence=ev.confidence, date=day, date_precision=ev.date_precision,
                       place_name=place.name if place else None, sentence_start=ev.sentence[0],
                       sentence_end=ev.sentence[1], trigger_start=ev.trigger[0], trigger_end=ev.trigger[1])
        if event_id is not None:
            conn.execute(insert(event_mentions).values(event_id=event_id, **mention))
            _recount(conn, event_id)
            return True
        countries = {a.id: a.country for a in coded.actors}
        source_country, target_country = countries.get(ev.source), countries.get(ev.target)
        event_id = conn.execute(insert(events).values(
            source_actor_id=mention["source_actor_id"], target_actor_id=mention["target_actor_id"],
            source_code=ev.source_code, target_code=ev.target_code, source_country=source_country,
            target_country=target_country, cameo=ev.cameo, root=ev.root, plover=ev.plover,
            plover_mode=ev.plover_mode, goldstein=ev.goldstein, quad_class=ev.quad_class, date=day,
            date_precision=ev.date_precision, place_name=place.name if place else None,
            place_country=place.country if place else None, lat=place.lat if place else None,
            lon=place.lon if place else None, num_mentions=1, num_sources=1, num_articles=1,
            confidence=ev.confidence, avg_tone=coded.tone.score if coded.tone else None,
            source_url=normalise_url(coded.document.url) or coded.document.source,
            added_at=_now())).inserted_primary_key[0]
        conn.execute(insert(event_mentions).values(event_id=event_id, **mention))
        _count_dyad_day(conn, source_country, target_country, day, ev)
        return False

    # --- failures ----------------------------------------------------------------------------

    def record_failure(self, source: str, reason: str, kind: str = "failed") -> None:
        """Remember why an input was not coded; the same source again updates its row."""
        self.retry.run(lambda: self._record_failure(source, reason, kind),
                       f"record the failure of {source} in {self.display_url}")

    def _record_failure(self, source: str, reason: str, kind: str) -> None:
        now = _now()
        with self.engine.begin() as conn:
            found = conn.execute(select(failures.c.id).where(failures.c.source == source)).first()
            if found:
                conn.execute(update(failures).where(failures.c.id == found.id)
                             .values(kind=kind, reason=reason, last_seen=now))
            else:
                conn.execute(insert(failures).values(source=source, kind=kind, reason=reason, first_seen=now,
                                                     last_seen=now))


def _in_lead(text: str, start: int) -> bool:
    first_break = text.find("\n\n")
    return first_break < 0 or start < first_break


def _find_document(conn: Connection, url: str | None, digest: str) -> int | None:
    condition = documents.c.text_hash == digest
    if url:
        condition = or_(condition, documents.c.url == url)
    row = conn.execute(select(documents.c.id).where(condition).limit(1)).first()
    return row.id if row else None


def _actor_id(conn: Connection, actor) -> int:
    code = actor.code or ""
    found = conn.execute(select(actors.c.id).where(actors.c.name == actor.name, actors.c.code == code)).first()
    if found:
        return found.id
    return conn.execute(insert(actors).values(name=actor.name, code=code, type=actor.type, country=actor.country,
                                              sector=actor.sector)).inserted_primary_key[0]


def _matching_event(conn: Connection, ev: Event, day: date | None) -> int | None:
    """A stored event with the same actors (either order for symmetric codes), root and day ± 1."""
    def pair(source, target):
        return and_(events.c.source_code.is_(None) if source is None else events.c.source_code == source,
                    events.c.target_code.is_(None) if target is None else events.c.target_code == target)

    actors_match = pair(ev.source_code, ev.target_code)
    if ev.root in SYMMETRIC_ROOTS or ev.cameo in SYMMETRIC_CODES:
        actors_match = or_(actors_match, pair(ev.target_code, ev.source_code))
    when = (events.c.date.is_(None) if day is None
            else events.c.date.between(day - timedelta(days=1), day + timedelta(days=1)))
    row = conn.execute(select(events.c.id).where(events.c.root == ev.root, actors_match, when)
                       .order_by(events.c.id).limit(1)).first()
    return row.id if row else None


def _recount(conn: Connection, event_id: int) -> None:
    """Mentions, articles and independent outlets of an event, and a confidence that grows with them."""
    outlet = func.coalesce(documents.c.outlet, documents.c.doc_key, documents.c.text_hash)
    rows = conn.execute(
        select(outlet.label("outlet"), event_mentions.c.document_id, event_mentions.c.confidence)
        .join(documents, documents.c.id == event_mentions.c.document_id)
        .where(event_mentions.c.event_id == event_id)).all()
    best: dict[str, float] = {}
    for row in rows:
        best[row.outlet] = max(best.get(row.outlet, 0.0), row.confidence)
    doubt = 1.0
    for confidence in best.values():
        doubt *= 1.0 - confidence
    conn.execute(update(events).where(events.c.id == event_id).values(
        num_mentions=len(rows), num_articles=len({r.document_id for r in rows}), num_sources=len(best),
        confidence=round(min(0.99, 1.0 - doubt), 3)))


def _count_dyad_day(conn: Connection, a: str | None, b: str | None, day: date | None, ev: Event) -> None:
    """Keep the per-day summary of a country pair in step with its events (domestic pairs too)."""
    if not a or not b or day is None:
        return
    a, b = sorted((a, b))
    key = and_(dyad_days.c.country_a == a, dyad_days.c.country_b == b, dyad_days.c.day == day)
    quad = f"quad{ev.quad_class}"
    changed = conn.execute(update(dyad_days).where(key).values(
        {quad: dyad_days.c[quad] + 1, "goldstein_sum": dyad_days.c.goldstein_sum + ev.goldstein})).rowcount
    if not changed:
        counts = {f"quad{n}": int(n == ev.quad_class) for n in range(1, 5)}
        conn.execute(insert(dyad_days).values(country_a=a, country_b=b, day=day, goldstein_sum=ev.goldstein,
                                              **counts))
