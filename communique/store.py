"""The event database: coded documents in, one event per happening, behind one interface.

SQLite (a file, WAL mode) by default, PostgreSQL with a ``postgresql://`` URL. Each document is
written in one transaction, so an interrupted ingest leaves whole documents or nothing, and a
rerun skips what is already there (same normalised URL or same normalised text).

An event told again becomes another *mention* of the stored event (see ``merging``).
"""
from __future__ import annotations

import hashlib
import os
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from sqlalchemy import Engine, bindparam, create_engine, event, insert, or_, select, update
from sqlalchemy.engine import Connection

from communique import __version__
from communique.dbretry import Retry, StoreError, reason as _reason
from communique.merging import write_events
from communique.models import CodedDocument
from communique.schema import actors, documents, failures, mentions, quotes

DEFAULT_DB = "communique.db"
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
    """Bring the schema to the newest Alembic revision (creates it in an empty database).

    Two processes opening a new database at once must not both create it: PostgreSQL takes an
    advisory lock for the migration, SQLite an exclusive lock on a file in the temporary folder
    named after the database (never on the database file itself: closing another handle on it
    would drop SQLite's own locks).
    """
    from alembic import command
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", "communique:migrations")
    head = ScriptDirectory.from_config(config).get_current_head()
    with engine.connect() as connection:
        if MigrationContext.configure(connection).get_current_revision() == head:
            return
    with _migration_lock(engine), engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql("SELECT pg_advisory_xact_lock(7263011)")
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


@contextmanager
def _migration_lock(engine: Engine):
    path = engine.url.database if engine.dialect.name == "sqlite" else None
    if not path or path == ":memory:":
        yield
        return
    import fcntl
    import tempfile

    key = hashlib.sha1(str(Path(path).resolve()).encode()).hexdigest()[:16]
    with open(Path(tempfile.gettempdir()) / f"communique-migrate-{key}.lock", "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


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
        self._actor_cache: dict[tuple[str, str], int] = {}  # (name, code) -> id, committed rows only

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

    def find_document(self, url: str | None, digest: str) -> int | None:
        """The id of a stored document with this URL or this text (``digest`` is its ``text_hash``), if any."""
        def find():
            with self.engine.connect() as conn:
                return _find_document(conn, normalise_url(url), digest)
        return self.retry.run(find, f"look up a document in {self.display_url}")

    def add(self, coded: CodedDocument) -> AddResult:
        """Store a coded document with its actors, events and quotes, in one transaction (retried whole)."""
        what = f"store {coded.document.source or coded.document.id or 'a document'} in {self.display_url}"
        return self.retry.run(lambda: self._add(coded), what)

    def _add(self, coded: CodedDocument) -> AddResult:
        doc = coded.document
        url, digest = normalise_url(doc.url), text_hash(doc.text)
        now = _now()
        new_actors: dict[tuple[str, str], int] = {}
        with self.engine.begin() as conn:
            if _find_document(conn, url, digest) is not None:
                return AddResult("duplicate")
            document_id = conn.execute(_INSERT_DOCUMENT, dict(
                text_hash=digest, url=url, doc_key=doc.id or None, source=doc.source, title=doc.title,
                author=doc.author, outlet=outlet_of(coded), published=doc.published, language=doc.language,
                coder_version=__version__, text=doc.text, tone=coded.tone.score if coded.tone else None,
                ingested_at=now)).inserted_primary_key[0]
            actor_ids = self._actor_ids(conn, coded.actors, new_actors)
            mention_rows = [dict(document_id=document_id, actor_id=actor_ids[a.id], local_id=a.id, role=a.role,
                                 start=start, end=end) for a in coded.actors for start, end in a.mentions]
            if mention_rows:
                conn.execute(_INSERT_MENTIONS, mention_rows)
            first_break = doc.text.find("\n\n")
            new, merged = write_events(conn, document_id, coded, actor_ids,
                                       lambda start: first_break < 0 or start < first_break, now)
            quote_rows = [dict(document_id=document_id, local_id=q.id, speaker_actor_id=actor_ids.get(q.speaker),
                               speaker_name=q.speaker_name, text=q.text, start=q.span[0], end=q.span[1],
                               kind=q.kind, cue=q.cue, via=q.via) for q in coded.quotes]
            if quote_rows:
                conn.execute(_INSERT_QUOTES, quote_rows)
            if doc.source:
                conn.execute(_FORGET_FAILURE, dict(source=doc.source))
        self._actor_cache.update(new_actors)  # only once committed: a rolled-back id means nothing
        return AddResult("added", document_id, new, merged)

    def _actor_ids(self, conn: Connection, coded_actors, new_actors: dict) -> dict[str, int]:
        """Database ids of a document's actors (by name and code), creating the ones never seen."""
        keys = {a.id: (a.name, a.code or "") for a in coded_actors}
        missing = {k for k in keys.values() if k not in self._actor_cache}
        if missing:
            names = sorted({name for name, _ in missing})
            for row in conn.execute(_ACTORS_NAMED, dict(names=names)):
                if (row.name, row.code) in missing:
                    new_actors[(row.name, row.code)] = row.id
            to_create = [a for a in coded_actors if keys[a.id] in missing and keys[a.id] not in new_actors]
            rows, seen = [], set()
            for a in to_create:
                if keys[a.id] not in seen:
                    seen.add(keys[a.id])
                    rows.append(dict(name=a.name, code=a.code or "", type=a.type, country=a.country, sector=a.sector))
            if rows:
                for row in conn.execute(_INSERT_ACTORS, rows):  # ids matched by key: rows are unique by it
                    new_actors[(row.name, row.code)] = row.id
        return {local: self._actor_cache.get(key) or new_actors[key] for local, key in keys.items()}

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




# Statements built once: SQLAlchemy then finds each one's compiled form in its cache without
# rebuilding the statement and its cache key for every document.
_INSERT_DOCUMENT = insert(documents)
_INSERT_MENTIONS = insert(mentions)
_INSERT_QUOTES = insert(quotes)
# Not sort_by_parameter_order: on SQLite that inserts row by row (see merging._INSERT_EVENTS).
_INSERT_ACTORS = insert(actors).returning(actors.c.id, actors.c.name, actors.c.code)
_ACTORS_NAMED = select(actors.c.id, actors.c.name, actors.c.code).where(
    actors.c.name.in_(bindparam("names", expanding=True)))
_FORGET_FAILURE = failures.delete().where(failures.c.source == bindparam("source"))
_DOCUMENT_BY_HASH = select(documents.c.id).where(documents.c.text_hash == bindparam("digest")).limit(1)
_DOCUMENT_BY_HASH_OR_URL = (select(documents.c.id)
                            .where(or_(documents.c.text_hash == bindparam("digest"), documents.c.url == bindparam("url")))
                            .limit(1))


def _find_document(conn: Connection, url: str | None, digest: str) -> int | None:
    if url:
        row = conn.execute(_DOCUMENT_BY_HASH_OR_URL, dict(digest=digest, url=url)).first()
    else:
        row = conn.execute(_DOCUMENT_BY_HASH, dict(digest=digest)).first()
    return row.id if row else None
