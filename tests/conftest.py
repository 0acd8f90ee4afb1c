"""Shared helpers for the per-stage tests: code a short text and look things up in the result."""
from __future__ import annotations

import os
import uuid
from contextlib import contextmanager

import pytest

from communique.pipeline import code_text

PUBLISHED = "2024-03-15"  # a Friday


class Coded:
    """A CodedDocument with lookups by the words of the text."""

    def __init__(self, coded):
        self.coded = coded
        self.text = coded.document.text
        self.actors, self.events, self.quotes, self.places = coded.actors, coded.events, coded.quotes, coded.places

    def words(self, span) -> str:
        return self.text[span[0]:span[1]]

    def actor(self, words: str):
        """The actor with a mention (or name) equal to these words; None if there is none."""
        for actor in self.actors:
            if actor.name == words or any(self.words(m) == words for m in actor.mentions):
                return actor
        return None

    def actor_id(self, actor_id: str):
        return next((a for a in self.actors if a.id == actor_id), None)

    def mentions(self, actor) -> list[str]:
        return [self.words(m) for m in actor.mentions]

    def event(self, trigger: str):
        return next((e for e in self.events if self.words(e.trigger) == trigger), None)

    def place(self, place_id: str):
        return next((p for p in self.places if p.id == place_id), None)


@pytest.fixture(scope="session")
def coder():
    """coder(text, published=...) -> Coded."""
    def run(text: str, published: str | None = PUBLISHED) -> Coded:
        coded = code_text(text, published=published)
        assert coded.error is None, coded.error
        return Coded(coded)
    return run


# --- databases: every store test runs on SQLite and, where a server is given, on PostgreSQL ---------

POSTGRES = os.environ.get("COMMUNIQUE_TEST_POSTGRES")  # set by .ci/run (scripts/start-postgres.sh)
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.skipif(
    not POSTGRES, reason="no PostgreSQL server: set COMMUNIQUE_TEST_POSTGRES (scripts/start-postgres.sh)"))]


@contextmanager
def fresh_database(backend: str, tmp_path):
    """A URL of an empty database, removed afterwards."""
    if backend == "sqlite":
        yield str(tmp_path / f"test-{uuid.uuid4().hex[:8]}.db")
        return
    from sqlalchemy import create_engine, text

    from communique.store import database_url

    admin = create_engine(database_url(POSTGRES), isolation_level="AUTOCOMMIT")
    name = f"communique_test_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield database_url(POSTGRES).rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path):
    with fresh_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture(scope="module")
def store():
    """The bundled and gold articles ingested once (seeded_db): what the API and dashboard tests read."""
    from communique.store import Store
    from seeded_db import articles_db

    with Store(articles_db()) as opened:
        yield opened
