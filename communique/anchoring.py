"""When and where: the date phrase and the place phrase that belong to an event's trigger.

A date or place phrase belongs to the nearest trigger (or verb) above it in the parse, reached
directly or through a locative/temporal preposition; an event without its own phrase takes the
one of the clause that governs it ("said on Tuesday it would ...").
"""
from __future__ import annotations

import re
from datetime import date

from spacy.tokens import Span, Token

from communique.dates import ResolvedDate, resolve
from communique.places import Gazetteer, geocode
from communique.spans import doc_text, ents_in

DATE_PREPS = frozenset("on in at during over by".split())
PLACE_PREPS = frozenset("in at near outside inside into to across through around off".split())
BLOCKING_PREPS = frozenset("since until till before after from of between".split())


def _attachment(root: Token, triggers: set[int], preps: frozenset[str]) -> Token | None:
    """The trigger or verb a phrase hangs from, or None when it modifies something else."""
    node = root
    via_prep = None
    for _ in range(8):
        head = node.head
        if head.i == node.i:
            return node if node.i in triggers or node.pos_ in ("VERB", "AUX") else None
        if node.dep_ == "prep" or node.pos_ == "ADP":
            via_prep = node.lower_
            if via_prep in BLOCKING_PREPS:
                return None
        if head.i in triggers or head.pos_ in ("VERB", "AUX"):
            if via_prep is not None and via_prep not in preps:
                return None
            return head
        if head.pos_ in ("NOUN", "PROPN") and node.dep_ not in ("poss", "compound") and node.pos_ != "ADP" \
                and node.dep_ not in ("pobj", "npadvmod", "nummod", "appos"):
            return None
        node = head
    return None


DATELINE = re.compile(r"^[A-Z][A-Z .'’-]+(?:, [A-Z][A-Za-z .]+)?,\s+[A-Z][a-z]{2,8}\.? \d{1,2}\s*(?:\([A-Za-z]+\))?\s*[-–—]")


def in_dateline(ent: Span) -> bool:
    """'NAIROBI, July 8 - ...': the date of a dateline is when the story was filed."""
    text = doc_text(ent.doc)
    start = text.rfind("\n", 0, ent.start_char) + 1
    match = DATELINE.match(text[start:start + 80])
    return bool(match) and ent.start_char < start + match.end()


def lead_date(doc, published: date | None) -> ResolvedDate | None:
    """The day of the story's lead event: the first day-precision date in its first two sentences."""
    for k, sent in enumerate(doc.sents):
        if k >= 2:
            break
        for ent in ents_in(sent):
            if ent.label_ in ("DATE", "TIME") and not in_dateline(ent):
                resolved = resolve(ent.text, published)
                if resolved is not None and resolved.precision == "day":
                    return resolved
    return None


class SentenceAnchors:
    """Date and place phrases of one sentence, keyed by the token they attach to."""

    def __init__(self, sent: Span, trigger_ids: set[int], actor_tokens: set[int]):
        self.dates: dict[int, list[Span]] = {}
        self.places: dict[int, list[Span]] = {}
        for ent in ents_in(sent):
            if ent.label_ in ("DATE", "TIME") and in_dateline(ent):
                continue
            if ent.label_ in ("DATE", "TIME"):
                at = _attachment(ent.root, trigger_ids, DATE_PREPS)
                if at is not None:
                    self.dates.setdefault(at.i, []).append(ent)
            elif ent.label_ in ("GPE", "LOC", "FAC") and not any(i in actor_tokens for i in range(ent.start, ent.end)):
                at = _attachment(ent.root, trigger_ids, PLACE_PREPS)
                if at is not None:
                    self.places.setdefault(at.i, []).append(ent)

    def _find(self, table: dict[int, list[Span]], tok: Token) -> list[Span]:
        node = tok
        for _ in range(8):
            if node.i in table:
                return table[node.i]
            if node.head.i == node.i:
                return []
            node = node.head
        return []

    def date_for(self, tok: Token, published: date | None, previous: date | None) -> ResolvedDate | None:
        for ent in self._find(self.dates, tok):
            resolved = resolve(ent.text, published, previous)
            if resolved is not None:
                return resolved
        return None

    def place_for(self, tok: Token, exclude_countries: set[str]) -> tuple[Span, Gazetteer] | None:
        for ent in self._find(self.places, tok):
            place = geocode(ent.text)
            if place is None:
                continue
            if place.kind == "country" and place.country in exclude_countries:
                continue
            return ent, place
        return None
