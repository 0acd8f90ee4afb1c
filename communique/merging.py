"""One event per happening: a document's coded events become mentions of stored events.

A coded event tells a stored one again when both have the same source and target actor codes
(either order for codes without direction: consultations, root 04, and 036/057/0311), the same
CAMEO root, and dates at most a day apart. The stored event keeps its first telling's code, date
and place; its counts and confidence grow with the outlets that tell it.

The work is done in a few statements per document (one lookup of candidate events, bulk inserts),
not per event: ingest cost stays small beside coding.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import bindparam, func, insert, or_, select, text, union_all, update
from sqlalchemy.engine import Connection

from communique.models import CodedDocument, Event
from communique.schema import documents, dyad_days, event_mentions, events

SYMMETRIC_ROOTS = frozenset({"04"})
SYMMETRIC_CODES = frozenset({"057", "0311", "036"})
ONE_DAY = timedelta(days=1)


def event_day(value: str | None) -> date | None:
    """'2025-09-23', '2022-06' or '2021' as the first day of that period."""
    if not value:
        return None
    parts = [int(p) for p in value.split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def symmetric(ev: Event) -> bool:
    return ev.root in SYMMETRIC_ROOTS or ev.cameo in SYMMETRIC_CODES


def same_happening(ev: Event, day: date | None, root: str, source: str | None, target: str | None,
                   other_day: date | None) -> bool:
    if root != ev.root or (day is None) != (other_day is None):
        return False
    if day is not None and abs((day - other_day).days) > 1:
        return False
    return (source, target) == (ev.source_code, ev.target_code) or (
        symmetric(ev) and (source, target) == (ev.target_code, ev.source_code))


@dataclass
class _Candidate:
    """A stored event, or one this document creates (``id`` None until inserted)."""

    root: str
    source: str | None
    target: str | None
    day: date | None
    id: int | None = None
    row: dict | None = None
    mentions: list[dict] = field(default_factory=list)


def write_events(conn: Connection, document_id: int, coded: CodedDocument, actor_ids: dict[str, int],
                 in_lead, now: datetime) -> tuple[int, int]:
    """Store a document's events as mentions; returns (new events, events merged into stored ones)."""
    evs = [(ev, event_day(ev.date)) for ev in coded.events]
    if not evs:
        return 0, 0
    stored = _stored_candidates(conn, evs)
    created: list[_Candidate] = []
    touched: set[int] = set()
    places = {p.id: p for p in coded.places}
    countries = {a.id: a.country for a in coded.actors}
    tone = coded.tone.score if coded.tone else None
    url = coded.document.url or coded.document.source
    by_root: dict[str, list[_Candidate]] = defaultdict(list)  # same_happening needs the same root
    for candidate in stored:
        by_root[candidate.root].append(candidate)
    for ev, day in evs:
        place = places.get(ev.place)
        mention = dict(document_id=document_id, local_id=ev.id, cameo=ev.cameo,
                       source_actor_id=actor_ids.get(ev.source), target_actor_id=actor_ids.get(ev.target),
                       claimed_by_actor_id=actor_ids.get(ev.claimed_by), negated=ev.negated,
                       in_lead=in_lead(ev.sentence[0]), confidence=ev.confidence, date=day,
                       date_precision=ev.date_precision, place_name=place.name if place else None,
                       sentence_start=ev.sentence[0], sentence_end=ev.sentence[1], trigger_start=ev.trigger[0],
                       trigger_end=ev.trigger[1])
        match = next((c for c in by_root[ev.root]
                      if same_happening(ev, day, c.root, c.source, c.target, c.day)), None)
        if match is None:
            match = _Candidate(ev.root, ev.source_code, ev.target_code, day, row=dict(
                source_actor_id=mention["source_actor_id"], target_actor_id=mention["target_actor_id"],
                source_code=ev.source_code, target_code=ev.target_code, source_country=countries.get(ev.source),
                target_country=countries.get(ev.target), cameo=ev.cameo, root=ev.root, plover=ev.plover,
                plover_mode=ev.plover_mode, goldstein=ev.goldstein, quad_class=ev.quad_class, date=day,
                date_precision=ev.date_precision, place_name=place.name if place else None,
                place_country=place.country if place else None, lat=place.lat if place else None,
                lon=place.lon if place else None, avg_tone=tone, source_url=url, added_at=now))
            created.append(match)
            by_root[ev.root].append(match)
        elif match.id is not None:
            touched.add(match.id)
        match.mentions.append(mention)
    if created:
        for candidate in created:  # one outlet so far: counts and confidence from this document alone
            candidate.row.update(num_mentions=len(candidate.mentions), num_sources=1, num_articles=1,
                                 confidence=round(min(0.99, max(m["confidence"] for m in candidate.mentions)), 3))
        by_key = {(c.root, c.source, c.target, c.day): c for c in created}
        for row in conn.execute(_INSERT_EVENTS, [c.row for c in created]):
            by_key[(row.root, row.source_code, row.target_code, row.date)].id = row.id
        _count_dyad_days(conn, [c.row for c in created])
    conn.execute(_INSERT_MENTIONS, [dict(m, event_id=c.id) for c in stored + created for m in c.mentions])
    if touched:
        _recount(conn, sorted(touched))
    merged = sum(len(c.mentions) for c in stored) + sum(len(c.mentions) - 1 for c in created)
    return len(created), merged


def _stored_candidates(conn: Connection, evs: list[tuple[Event, date | None]]) -> list[_Candidate]:
    """Stored events that could be the same happening as any of the document's events, in one
    cached query (same roots, actor codes among the document's, dates in its window); the exact
    test is ``same_happening``."""
    codes = sorted({c for ev, _ in evs for c in (ev.source_code, ev.target_code) if c})
    days = [day for _, day in evs if day is not None]
    params = dict(roots=sorted({ev.root for ev, _ in evs}), codes=codes or [""],
                  first=min(days) - ONE_DAY if days else date.min, last=max(days) + ONE_DAY if days else date.min)
    rows = conn.execute(_CANDIDATES, params).all()
    return [_Candidate(r.root, r.source_code, r.target_code, r.date, id=r.id) for r in rows]


_CANDIDATE_COLUMNS = (events.c.id, events.c.root, events.c.source_code, events.c.target_code, events.c.date)
_ROOTS = events.c.root.in_(bindparam("roots", expanding=True))
_WINDOW = or_(events.c.date.between(bindparam("first"), bindparam("last")), events.c.date.is_(None))
# Two branches, each an index search on (root, source code), rather than one ``IN ... OR IS NULL``
# test, which the databases answer by reading every stored event of the roots: a cost that grew
# with the database.
_CANDIDATES = union_all(
    select(*_CANDIDATE_COLUMNS).where(_ROOTS, events.c.source_code.in_(bindparam("codes", expanding=True)), _WINDOW),
    select(*_CANDIDATE_COLUMNS).where(_ROOTS, events.c.source_code.is_(None), _WINDOW))
_CANDIDATES = _CANDIDATES.order_by(_CANDIDATES.selected_columns.id)


# New events go in as one multi-row INSERT. SQLite does not promise RETURNING rows in VALUES order,
# so asking SQLAlchemy for that order (sort_by_parameter_order) makes it insert one row at a time;
# instead each returned id is matched by its row's key. Among a document's new events the key is
# unique: an event with the key of one created before it is the same happening and merges into it.
_INSERT_EVENTS = insert(events).returning(events.c.id, events.c.root, events.c.source_code, events.c.target_code,
                                          events.c.date)
_INSERT_MENTIONS = insert(event_mentions)

_OUTLET = func.coalesce(documents.c.outlet, documents.c.doc_key, documents.c.text_hash)
# Mentions in id order per event: the order the outlets' confidences are combined in stays fixed.
_TELLINGS = (select(event_mentions.c.event_id, _OUTLET.label("outlet"), event_mentions.c.document_id,
                    event_mentions.c.confidence)
             .join(documents, documents.c.id == event_mentions.c.document_id)
             .where(event_mentions.c.event_id.in_(bindparam("ids", expanding=True)))
             .order_by(event_mentions.c.event_id, event_mentions.c.id))
_SET_COUNTS = (update(events).where(events.c.id == bindparam("event_id"))
               .values(num_mentions=bindparam("m"), num_articles=bindparam("n"), num_sources=bindparam("s"),
                       confidence=bindparam("c")))


def _recount(conn: Connection, event_ids: list[int]) -> None:
    """Mentions, articles and independent outlets of events, and a confidence that grows with them."""
    tellings: dict[int, list] = {event_id: [] for event_id in event_ids}
    for row in conn.execute(_TELLINGS, dict(ids=event_ids)):
        tellings[row.event_id].append(row)
    counts = []
    for event_id, rows in tellings.items():
        best: dict[str, float] = {}
        for row in rows:
            best[row.outlet] = max(best.get(row.outlet, 0.0), row.confidence)
        doubt = 1.0
        for confidence in best.values():
            doubt *= 1.0 - confidence
        counts.append(dict(event_id=event_id, m=len(rows), n=len({r.document_id for r in rows}), s=len(best),
                           c=round(min(0.99, 1.0 - doubt), 3)))
    conn.execute(_SET_COUNTS, counts)


# Add to a pair's day, or start it. SQLite and PostgreSQL spell the upsert alike, so a document's
# days go in one executemany and two writers cannot both insert a day. Written as text because
# SQLAlchemy does not cache its ON CONFLICT constructs: they would be compiled for every document.
_UPSERT_DYAD_DAY = text(
    "INSERT INTO dyad_days (country_a, country_b, day, quad1, quad2, quad3, quad4, goldstein_sum) "
    "VALUES (:country_a, :country_b, :day, :quad1, :quad2, :quad3, :quad4, :goldstein_sum) "
    "ON CONFLICT (country_a, country_b, day) DO UPDATE SET "
    "quad1 = dyad_days.quad1 + excluded.quad1, quad2 = dyad_days.quad2 + excluded.quad2, "
    "quad3 = dyad_days.quad3 + excluded.quad3, quad4 = dyad_days.quad4 + excluded.quad4, "
    "goldstein_sum = dyad_days.goldstein_sum + excluded.goldstein_sum"
).bindparams(*(bindparam(column.name, type_=column.type) for column in dyad_days.columns))


def _count_dyad_days(conn: Connection, rows: list[dict]) -> None:
    """Keep the per-day summary of each country pair in step with its new events."""
    totals: dict[tuple, list[float]] = defaultdict(lambda: [0, 0, 0, 0, 0.0])
    for row in rows:
        a, b, day = row["source_country"], row["target_country"], row["date"]
        if not a or not b or day is None:
            continue
        bucket = totals[(*sorted((a, b)), day)]
        bucket[row["quad_class"] - 1] += 1
        bucket[4] += row["goldstein"]
    if totals:  # sorted: concurrent writers take the rows' locks in one order (no deadlock)
        conn.execute(_UPSERT_DYAD_DAY, [dict(country_a=a, country_b=b, day=day, quad1=q1, quad2=q2, quad3=q3,
                                             quad4=q4, goldstein_sum=g)
                                        for (a, b, day), (q1, q2, q3, q4, g) in sorted(totals.items())])
