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


def count_documents(store: Store) -> int:
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(documents)).scalar_one()


def _day_text(day: date | None, precision: str) -> str | None:
    """A stored day as precise as it was told: '2025-09-23', '2022-06' or '2021'."""
    if day is None:
        return None
    return {"month": day.isoformat()[:7], "year": day.isoformat()[:4]}.get(precision, day.isoformat())


def document_detail(store: Store, document_id: int) -> Row | None:
    """A stored document in the shape of the output contract (docs/output.md): its text with actor
    mentions, event mentions (trigger and sentence spans) and quotes. Each event also carries the
    id of the stored event it is a telling of (``event_id``) and its CAMEO description."""
    source, target = actors.alias("source"), actors.alias("target")
    with store.engine.connect() as conn:
        doc = conn.execute(select(documents).where(documents.c.id == document_id)).mappings().first()
        if doc is None:
            return None
        mention_rows = conn.execute(
            select(mentions.c.actor_id, mentions.c.local_id, mentions.c.role, mentions.c.start, mentions.c.end,
                   actors.c.name, actors.c.code, actors.c.type, actors.c.country, actors.c.sector)
            .join(actors, actors.c.id == mentions.c.actor_id)
            .where(mentions.c.document_id == document_id).order_by(mentions.c.start)).mappings().all()
        telling_rows = conn.execute(
            select(event_mentions, source.c.code.label("source_code"), target.c.code.label("target_code"),
                   events.c.place_name.label("event_place"), events.c.place_country, events.c.lat, events.c.lon)
            .join(events, events.c.id == event_mentions.c.event_id)
            .outerjoin(source, source.c.id == event_mentions.c.source_actor_id)
            .outerjoin(target, target.c.id == event_mentions.c.target_actor_id)
            .where(event_mentions.c.document_id == document_id).order_by(event_mentions.c.id)).mappings().all()
        quote_rows = conn.execute(select(quotes).where(quotes.c.document_id == document_id)
                                  .order_by(quotes.c.start)).mappings().all()
    local_ids: dict[int, str] = {}
    actor_records: dict[str, Row] = {}
    for row in mention_rows:
        local_ids[row["actor_id"]] = row["local_id"]
        record = actor_records.setdefault(row["local_id"], {
            "id": row["local_id"], "name": row["name"], "type": row["type"], "code": row["code"] or None,
            "country": row["country"], "sector": row["sector"], "role": row["role"], "mentions": []})
        record["mentions"].append([row["start"], row["end"]])
    places: dict[str, Row] = {}
    event_records = []
    for row in telling_rows:
        place_id = None
        if row["place_name"]:
            known = row["place_name"] == row["event_place"]  # coordinates are kept per event, not per telling
            place = places.setdefault(row["place_name"], {
                "id": f"p{len(places) + 1}", "name": row["place_name"],
                "country": row["place_country"] if known else None,
                "lat": row["lat"] if known else None, "lon": row["lon"] if known else None, "mentions": []})
            place_id = place["id"]
        info = codebook.lookup(row["cameo"]) if codebook.is_code(row["cameo"]) else None
        event_records.append({
            "id": row["local_id"], "event_id": row["event_id"],
            "source": local_ids.get(row["source_actor_id"]), "target": local_ids.get(row["target_actor_id"]),
            "source_code": row["source_code"] or None, "target_code": row["target_code"] or None,
            "cameo": row["cameo"], "root": row["cameo"][:2], "description": codebook.cameo_name(row["cameo"]),
            "plover": info.plover if info else None, "plover_mode": info.plover_mode if info else None,
            "goldstein": info.goldstein if info else None, "quad_class": info.quad_class if info else None,
            "date": _day_text(row["date"], row["date_precision"]), "date_precision": row["date_precision"],
            "place": place_id, "sentence": [row["sentence_start"], row["sentence_end"]],
            "trigger": [row["trigger_start"], row["trigger_end"]], "negated": row["negated"],
            "confidence": row["confidence"], "claimed_by": local_ids.get(row["claimed_by_actor_id"])})
    return {
        "id": doc["id"], "key": doc["doc_key"], "url": doc["url"], "title": doc["title"], "author": doc["author"],
        "outlet": doc["outlet"], "published": doc["published"].isoformat() if doc["published"] else None,
        "language": doc["language"], "text": doc["text"], "actors": list(actor_records.values()),
        "places": list(places.values()), "events": event_records,
        "quotes": [{"id": q["local_id"], "text": q["text"], "span": [q["start"], q["end"]], "kind": q["kind"],
                    "speaker": local_ids.get(q["speaker_actor_id"]), "speaker_name": q["speaker_name"],
                    "cue": q["cue"], "via": q["via"]} for q in quote_rows],
        "tone": {"score": doc["tone"]} if doc["tone"] is not None else None,
    }


def _pair_totals(store: Store, since: date | None, until: date | None) -> list:
    count = dyad_days.c.quad1 + dyad_days.c.quad2 + dyad_days.c.quad3 + dyad_days.c.quad4
    query = (select(dyad_days.c.country_a, dyad_days.c.country_b, func.sum(count).label("events"),
                    func.sum(dyad_days.c.goldstein_sum).label("goldstein_sum"))
             .group_by(dyad_days.c.country_a, dyad_days.c.country_b))
    if since:
        query = query.where(dyad_days.c.day >= since)
    if until:
        query = query.where(dyad_days.c.day <= until)
    with store.engine.connect() as conn:
        return conn.execute(query).all()


def dyad_network(store: Store, *, since: date | None = None, until: date | None = None) -> Row:
    """Countries as nodes and the pairs with events between them as edges (events, mean Goldstein).

    Domestic events (a country with itself) count towards the node, not an edge."""
    nodes: dict[str, Row] = {}
    edges = []
    for row in _pair_totals(store, since, until):
        for country in {row.country_a, row.country_b}:
            node = nodes.setdefault(country, {"id": country, "events": 0, "domestic": 0})
            node["events"] += row.events
        if row.country_a == row.country_b:
            nodes[row.country_a]["domestic"] += row.events
            continue
        edges.append({"a": row.country_a, "b": row.country_b, "events": row.events,
                      "mean_goldstein": round(row.goldstein_sum / row.events, 2) if row.events else None})
    edges.sort(key=lambda e: (-e["events"], e["a"], e["b"]))
    return {"nodes": sorted(nodes.values(), key=lambda n: (-n["events"], n["id"])), "edges": edges}


def event_places(store: Store, *, per_place: int = 20, limit: int = 5000, **filters) -> list[Row]:
    """Places where events happened, with how many and the latest few of them (newest first)."""
    query = (select(events.c.id, events.c.date, events.c.source_code, events.c.cameo, events.c.target_code,
                    events.c.goldstein, events.c.place_name, events.c.place_country, events.c.lat, events.c.lon)
             .where(events.c.lat.is_not(None), events.c.lon.is_not(None), *event_filters(**filters))
             .order_by(events.c.date.desc(), events.c.id).limit(limit))
    places: dict[tuple, Row] = {}
    with store.engine.connect() as conn:
        for row in conn.execute(query):
            place = places.setdefault((row.place_name, row.lat, row.lon), {
                "name": row.place_name, "country": row.place_country, "lat": row.lat, "lon": row.lon,
                "events": 0, "goldstein_sum": 0.0, "latest": []})
            place["events"] += 1
            place["goldstein_sum"] += row.goldstein
            if len(place["latest"]) < per_place:
                place["latest"].append({"id": row.id, "date": row.date.isoformat() if row.date else None,
                                        "source_code": row.source_code, "cameo": row.cameo,
                                        "target_code": row.target_code,
                                        "description": codebook.cameo_name(row.cameo)})
    out = []
    for place in places.values():
        place["mean_goldstein"] = round(place.pop("goldstein_sum") / place["events"], 2)
        out.append(place)
    return sorted(out, key=lambda p: (-p["events"], p["name"] or ""))
