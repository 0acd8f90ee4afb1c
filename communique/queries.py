"""Questions asked of the event database, each returning plain rows (dicts) for the CLI, the API
and notebooks alike.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select

from communique import codebook
from communique.schema import actors, documents, dyad_days, event_mentions, events, failures, mentions, quotes
from communique.store import Store

Row = dict[str, Any]
PERIODS = ("day", "week", "month", "year")


def _actor_condition(code: str, column_code, column_country):
    """'KAZ' matches every Kazakh actor (KAZ, KAZGOV, ...); a longer code matches itself."""
    code = code.upper()
    if len(code) == 3:
        return or_(column_country == code, column_code == code)
    return column_code == code


def _dyad_condition(a: str, b: str):
    forward = and_(_actor_condition(a, events.c.source_code, events.c.source_country),
                   _actor_condition(b, events.c.target_code, events.c.target_country))
    backward = and_(_actor_condition(b, events.c.source_code, events.c.source_country),
                    _actor_condition(a, events.c.target_code, events.c.target_country))
    return or_(forward, backward)


def event_filters(actor: str | None = None, dyad: tuple[str, str] | None = None, root: str | None = None,
                  plover: str | None = None, since: date | None = None, until: date | None = None) -> list:
    conditions = []
    if actor:
        conditions.append(or_(_actor_condition(actor, events.c.source_code, events.c.source_country),
                              _actor_condition(actor, events.c.target_code, events.c.target_country)))
    if dyad:
        conditions.append(_dyad_condition(*dyad))
    if root:
        conditions.append(events.c.root == root.zfill(2))
    if plover:
        conditions.append(events.c.plover == plover.upper())
    if since:
        conditions.append(events.c.date >= since)
    if until:
        conditions.append(events.c.date <= until)
    return conditions


EVENT_COLUMNS = ("id", "date", "source_code", "cameo", "target_code", "plover", "goldstein", "quad_class",
                 "num_mentions", "num_sources", "num_articles", "confidence", "place_name")


def list_events(store: Store, *, limit: int = 100, offset: int = 0, **filters) -> list[Row]:
    """Events, newest first, with the CAMEO description and the sentence of their first telling.

    The page of events is chosen first (indexes on country pair and date), and only its first
    tellings are looked up: no scan of all mentions, however large the database.
    """
    page = (select(*[events.c[c] for c in EVENT_COLUMNS]).where(*event_filters(**filters))
            .order_by(events.c.date.desc(), events.c.id).limit(limit).offset(offset))
    with store.engine.connect() as conn:
        rows = conn.execute(page).mappings().all()
        ids = [row["id"] for row in rows]
        first = (select(event_mentions.c.event_id, func.min(event_mentions.c.id).label("mention_id"))
                 .where(event_mentions.c.event_id.in_(ids)).group_by(event_mentions.c.event_id).subquery())
        tellings = {t.event_id: t for t in conn.execute(
            select(first.c.event_id, event_mentions.c.document_id,
                   func.substr(documents.c.text, event_mentions.c.sentence_start + 1,
                               event_mentions.c.sentence_end - event_mentions.c.sentence_start).label("sentence"))
            .join(event_mentions, event_mentions.c.id == first.c.mention_id)
            .join(documents, documents.c.id == event_mentions.c.document_id))} if ids else {}
    return [_event_row(row, tellings.get(row["id"])) for row in rows]


def count_events(store: Store, **filters) -> int:
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(events).where(*event_filters(**filters))).scalar_one()


def _event_row(row, telling) -> Row:
    out = {c: row[c] for c in EVENT_COLUMNS}
    out["date"] = row["date"].isoformat() if row["date"] else None
    out["description"] = codebook.cameo_name(row["cameo"])
    out["document_id"] = telling.document_id if telling else None
    out["sentence"] = " ".join(telling.sentence.split()) if telling else None
    return out


def event_detail(store: Store, event_id: int) -> Row | None:
    """An event with every telling of it, grouped into accounts: who said it, via which outlet, how coded."""
    source, target, claimant = actors.alias("source"), actors.alias("target"), actors.alias("claimant")
    with store.engine.connect() as conn:
        found = conn.execute(select(events).where(events.c.id == event_id)).mappings().first()
        if found is None:
            return None
        tellings = conn.execute(
            select(event_mentions, documents.c.title, documents.c.outlet, documents.c.url, documents.c.published,
                   documents.c.text, documents.c.doc_key, source.c.name.label("source_name"),
                   target.c.name.label("target_name"), claimant.c.name.label("claimed_by"))
            .join(documents, documents.c.id == event_mentions.c.document_id)
            .outerjoin(source, source.c.id == event_mentions.c.source_actor_id)
            .outerjoin(target, target.c.id == event_mentions.c.target_actor_id)
            .outerjoin(claimant, claimant.c.id == event_mentions.c.claimed_by_actor_id)
            .where(event_mentions.c.event_id == event_id).order_by(event_mentions.c.id)).mappings().all()
        quote_rows = conn.execute(
            select(quotes).where(quotes.c.document_id.in_({t["document_id"] for t in tellings}))
            .order_by(quotes.c.start)).mappings().all()
    event = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in found.items()}
    event["description"] = codebook.cameo_name(event["cameo"])
    accounts = []
    for telling in tellings:
        text = telling["text"]
        start, end = telling["sentence_start"], telling["sentence_end"]
        paragraph_end = text.find("\n\n", end)
        paragraph_end = len(text) if paragraph_end < 0 else paragraph_end
        near = [q for q in quote_rows if q["document_id"] == telling["document_id"]
                and q["start"] < paragraph_end and q["end"] > start]
        vias = sorted({f"{q['speaker_name']} via {q['via']}" if q["speaker_name"] else q["via"]
                       for q in near if q["via"]})
        accounts.append({
            "document_id": telling["document_id"], "title": telling["title"] or telling["doc_key"],
            "outlet": telling["outlet"], "url": telling["url"],
            "published": telling["published"].isoformat() if telling["published"] else None,
            "said_by": telling["claimed_by"] or (", ".join(vias) if vias else None),
            "source": telling["source_name"], "target": telling["target_name"], "cameo": telling["cameo"],
            "description": codebook.cameo_name(telling["cameo"]), "negated": telling["negated"],
            "date": telling["date"].isoformat() if telling["date"] else None,
            "sentence": " ".join(text[start:end].split()),
            "trigger": text[telling["trigger_start"]:telling["trigger_end"]],
            "quotes": [{"speaker": q["speaker_name"], "via": q["via"], "text": q["text"]} for q in near],
        })
    event["accounts"] = accounts
    return event


def _period_start(day: date, by: str) -> date:
    if by == "week":
        return day - timedelta(days=day.weekday())
    if by == "month":
        return day.replace(day=1)
    if by == "year":
        return day.replace(month=1, day=1)
    return day


def dyad_series(store: Store, a: str, b: str, *, by: str = "month", since: date | None = None,
                until: date | None = None) -> list[Row]:
    """Events between two countries (either direction) per period: counts by quad class, mean Goldstein."""
    if by not in PERIODS:
        raise ValueError(f"--by must be one of {', '.join(PERIODS)}")
    first, second = sorted((a.upper()[:3], b.upper()[:3]))
    query = select(dyad_days).where(dyad_days.c.country_a == first, dyad_days.c.country_b == second)
    if since:
        query = query.where(dyad_days.c.day >= since)
    if until:
        query = query.where(dyad_days.c.day <= until)
    totals: dict[date, list[float]] = defaultdict(lambda: [0, 0, 0, 0, 0.0])
    with store.engine.connect() as conn:
        for row in conn.execute(query.order_by(dyad_days.c.day)):
            bucket = totals[_period_start(row.day, by)]
            for n in range(4):
                bucket[n] += row[3 + n]
            bucket[4] += row.goldstein_sum
    series = []
    for period in sorted(totals):
        q1, q2, q3, q4, gsum = totals[period]
        count = q1 + q2 + q3 + q4
        series.append({"period": period.isoformat(), "events": count, "verbal_cooperation": q1,
                       "material_cooperation": q2, "verbal_conflict": q3, "material_conflict": q4,
                       "mean_goldstein": round(gsum / count, 2) if count else None})
    return series


def list_actors(store: Store, *, country: str | None = None, limit: int = 100, offset: int = 0) -> list[Row]:
    counts = (select(mentions.c.actor_id, func.count().label("mentions"),
                     func.count(func.distinct(mentions.c.document_id)).label("documents"))
              .group_by(mentions.c.actor_id).subquery())
    query = (select(actors, func.coalesce(counts.c.mentions, 0).label("mentions"),
                    func.coalesce(counts.c.documents, 0).label("documents"))
             .outerjoin(counts, counts.c.actor_id == actors.c.id)
             .order_by(func.coalesce(counts.c.mentions, 0).desc(), actors.c.name).limit(limit).offset(offset))
    if country:
        query = query.where(actors.c.country == country.upper())
    with store.engine.connect() as conn:
        return [dict(row) for row in conn.execute(query).mappings()]


def list_quotes(store: Store, *, speaker: str | None = None, search: str | None = None, limit: int = 100,
                offset: int = 0) -> list[Row]:
    query = (select(quotes.c.id, quotes.c.speaker_name.label("speaker"), actors.c.code.label("speaker_code"),
                    quotes.c.text, quotes.c.kind, quotes.c.cue, quotes.c.via, documents.c.title,
                    documents.c.published, quotes.c.document_id)
             .join(documents, documents.c.id == quotes.c.document_id)
             .outerjoin(actors, actors.c.id == quotes.c.speaker_actor_id)
             .order_by(documents.c.published.desc(), quotes.c.id).limit(limit).offset(offset))
    if speaker:
        query = query.where(func.lower(quotes.c.speaker_name).contains(speaker.lower()))
    if search:
        query = query.where(func.lower(quotes.c.text).contains(search.lower()))
    with store.engine.connect() as conn:
        rows = [dict(row) for row in conn.execute(query).mappings()]
    for row in rows:
        row["published"] = row["published"].isoformat() if row["published"] else None
    return rows


def firsts(store: Store, a: str, b: str, *, min_gap_days: int = 180) -> list[Row]:
    """For each kind of event (CAMEO root) between a pair: the first, the latest, how many, and the
    longest gap — so 'the first meeting since 2021' can be checked against the data."""
    query = (select(events.c.root, events.c.date, events.c.cameo).where(_dyad_condition(a, b),
                                                                          events.c.date.is_not(None))
             .order_by(events.c.root, events.c.date))
    by_root: dict[str, list[date]] = defaultdict(list)
    with store.engine.connect() as conn:
        for row in conn.execute(query):
            by_root[row.root].append(row.date)
    out = []
    for root, days in sorted(by_root.items()):
        gaps = [(later - earlier, earlier, later) for earlier, later in zip(days, days[1:])]
        longest = max(gaps, default=None)
        previous = days[-2] if len(days) > 1 else None
        latest_gap = (days[-1] - previous).days if previous else None
        out.append({
            "root": root, "kind": codebook.cameo_name(root), "first": days[0].isoformat(),
            "latest": days[-1].isoformat(), "events": len(days),
            "previous_before_latest": previous.isoformat() if previous else None,
            "latest_is_first_since": previous.isoformat() if latest_gap and latest_gap >= min_gap_days else None,
            "longest_gap_days": longest[0].days if longest else None,
            "longest_gap": f"{longest[1].isoformat()} → {longest[2].isoformat()}" if longest else None,
        })
    return out


def list_failures(store: Store, *, limit: int = 1000) -> list[Row]:
    query = select(failures.c.source, failures.c.kind, failures.c.reason, failures.c.last_seen) \
        .order_by(failures.c.last_seen.desc(), failures.c.id).limit(limit)
    with store.engine.connect() as conn:
        return [{**dict(row), "last_seen": row.last_seen.isoformat(sep=" ")} for row in conn.execute(query)]


def list_documents(store: Store, *, limit: int = 100, offset: int = 0) -> list[Row]:
    event_counts = (select(event_mentions.c.document_id, func.count().label("events"))
                    .group_by(event_mentions.c.document_id).subquery())
    query = (select(documents.c.id, documents.c.title, documents.c.outlet, documents.c.url, documents.c.published,
                    documents.c.language, func.coalesce(event_counts.c.events, 0).label("events"))
             .outerjoin(event_counts, event_counts.c.document_id == documents.c.id)
             .order_by(documents.c.id).limit(limit).offset(offset))
    with store.engine.connect() as conn:
        rows = [dict(row) for row in conn.execute(query).mappings()]
    for row in rows:
        row["published"] = row["published"].isoformat() if row["published"] else None
    return rows
