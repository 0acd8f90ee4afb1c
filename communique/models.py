"""Typed records that flow through the pipeline and make up the output contract (docs/output.md).

Every span is a ``(start, end)`` pair of character offsets into ``Document.text``.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import date
from typing import Any

Span = tuple[int, int]


@dataclass
class Document:
    """One article after ingest: clean text plus what we know about it."""

    text: str
    id: str = ""
    title: str | None = None
    author: str | None = None
    published: date | None = None
    url: str | None = None
    language: str = "en"
    source: str | None = None  # path or URL it came from
    outlet: str | None = None  # publisher or site; the host of ``url`` when not given


@dataclass
class Actor:
    id: str
    name: str
    type: str  # person | organization | country | group | region
    code: str
    country: str | None
    sector: str | None
    role: str | None = None
    mentions: list[Span] = field(default_factory=list)


@dataclass
class Place:
    id: str
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    mentions: list[Span] = field(default_factory=list)


@dataclass
class Event:
    id: str
    source: str | None
    target: str | None
    source_code: str | None
    target_code: str | None
    cameo: str
    root: str
    plover: str | None
    plover_mode: str | None
    goldstein: float
    quad_class: int
    date: str | None
    date_precision: str
    place: str | None
    sentence: Span
    trigger: Span
    negated: bool = False
    confidence: float = 0.5
    claimed_by: str | None = None  # actor id of the speaker when the event is reported speech


@dataclass
class Quote:
    id: str
    text: str
    span: Span
    kind: str  # direct | indirect
    speaker: str | None
    speaker_name: str | None
    cue: str | None
    via: str | None = None


@dataclass
class Tone:
    score: float
    positive: float
    negative: float


@dataclass
class CodedDocument:
    document: Document
    actors: list[Actor] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    tone: Tone | None = None
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        doc = self.document
        out: dict[str, Any] = {
            "id": doc.id,
            "url": doc.url,
            "title": doc.title,
            "author": doc.author,
            "published": doc.published.isoformat() if doc.published else None,
            "language": doc.language,
            "text": doc.text,
            "actors": [_record(a) for a in self.actors],
            "places": [_record(p) for p in self.places],
            "events": [_record(e) for e in self.events],
            "quotes": [_record(q) for q in self.quotes],
            "tone": asdict(self.tone) if self.tone else None,
        }
        if self.error:
            out["error"] = self.error
        return out


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _record(obj: Any) -> dict[str, Any]:
    """``_listify(asdict(obj))`` for the flat records above (scalars, spans, lists of spans),
    without asdict's recursive deep copy: that copy was a sizeable share of writing JSON."""
    names = _FIELD_NAMES.get(type(obj))
    if names is None:
        names = _FIELD_NAMES[type(obj)] = tuple(f.name for f in fields(obj))
    record = {}
    for name in names:
        value = getattr(obj, name)
        if isinstance(value, tuple):
            value = list(value)
        elif isinstance(value, list):
            value = [list(v) if isinstance(v, tuple) else v for v in value]
        elif not isinstance(value, (str, int, float, type(None))):
            return _listify(asdict(obj))  # anything else: exactly as before
        record[name] = value
    return record


def _listify(record: dict[str, Any]) -> dict[str, Any]:
    """JSON has no tuples: spans become two-element lists."""
    for key, value in record.items():
        if isinstance(value, tuple):
            record[key] = list(value)
        elif isinstance(value, list):
            record[key] = [list(v) if isinstance(v, tuple) else v for v in value]
    return record
