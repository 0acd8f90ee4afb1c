"""Shared helpers for the per-stage tests: code a short text and look things up in the result."""
from __future__ import annotations

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
