"""Synthetic news-like articles and events, for tests and benchmarks (never for evaluation).

Articles are filled from the templates in ``data/synthetic_articles.json``; the same seed gives
the same corpus, so runs can be compared. ``synthetic_events`` writes random but well-formed
events straight into a store, for query benchmarks over millions of rows.
"""
from __future__ import annotations

import json
import random
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from communique.datafiles import DATA_DIR

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@lru_cache(maxsize=1)
def templates() -> dict:
    return json.loads((DATA_DIR / "synthetic_articles.json").read_text(encoding="utf-8"))


def synthetic_article(rng: random.Random, number: int, start: date = date(2024, 1, 1), min_words: int = 0) -> dict:
    """One article as a JSONL record: id, title, published, outlet, url, text.

    A story is a lead and 2–6 paragraphs about two countries; with ``min_words`` further stories
    about other pairs follow ('In other news ...') until the article is that long.
    """
    published = start + timedelta(days=rng.randrange(0, 700))
    title, paragraphs = _story(rng, published)
    while sum(len(p.split()) for p in paragraphs) < min_words:
        more = _story(rng, published)[1]
        lead = "the " + more[0][4:] if more[0].startswith("The ") else more[0]
        paragraphs += [f"Separately, {lead}", *more[1:]]
    outlet = rng.choice(("wire-one.example", "daily-two.example", "tribune-three.example"))
    return {
        "id": f"synthetic-{number:06d}",
        "title": title,
        "published": published.isoformat(),
        "outlet": outlet,
        "url": f"https://{outlet}/news/{number:06d}",
        "text": "\n\n".join(paragraphs),
    }


def _story(rng: random.Random, published: date) -> tuple[str, list[str]]:
    data = templates()
    a, b = rng.sample(data["countries"], 2)
    slots = {
        "A_country": a[0], "A_dem": a[1], "A_capital": a[2], "A_title": a[3], "A": a[4],
        "B_country": b[0], "B_dem": b[1], "B_capital": b[2], "B_title": b[3], "B": b[4],
        "place": rng.choice(data["places"]), "group": rng.choice(data["groups"]),
        "weekday": WEEKDAYS[(published - timedelta(days=rng.randrange(1, 4))).weekday()],
        "month": (published - timedelta(days=rng.randrange(200, 900))).strftime("%B %Y"),
        "number": str(rng.randrange(2, 40)),
    }
    paragraphs = [rng.choice(data["leads"])]
    paragraphs += rng.sample(data["bodies"], rng.randrange(2, 7))
    return rng.choice(data["headlines"]).format(**slots), [p.format(**slots) for p in paragraphs]


def write_corpus(out: Path, count: int, seed: int = 1, min_words: int = 0) -> Path:
    """Write ``count`` synthetic articles as JSONL."""
    rng = random.Random(seed)
    with open(out, "w", encoding="utf-8") as handle:
        for number in range(1, count + 1):
            record = synthetic_article(rng, number, min_words=min_words)
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return Path(out)


def synthetic_events(store, count: int, seed: int = 1, start: date = date(2015, 1, 1), days: int = 3650,
                     chunk: int = 20000) -> int:
    """Insert ``count`` random, well-formed events (and their dyad summary) straight into a store.

    For query benchmarks only: the events have no mentions or documents behind them.
    """
    from collections import defaultdict
    from datetime import datetime

    from sqlalchemy import insert

    from communique import codebook
    from communique.schema import dyad_days, events

    rng = random.Random(seed)
    countries = [c[5] for c in templates()["countries"]]
    cameo_codes = [c for c in codebook.all_codes() if len(c) == 3]
    infos = [codebook.lookup(c) for c in cameo_codes]
    sectors = ("GOV", "MIL", "", "CVL", "OPP")
    summary: dict[tuple, list[float]] = defaultdict(lambda: [0, 0, 0, 0, 0.0])
    added = datetime(2026, 1, 1)
    written = 0
    with store.engine.begin() as conn:
        while written < count:
            rows = []
            for _ in range(min(chunk, count - written)):
                a, b = rng.sample(countries, 2)
                info = rng.choice(infos)
                day = start + timedelta(days=rng.randrange(days))
                sa, sb = a, b
                rows.append(dict(source_code=sa + rng.choice(sectors), target_code=sb + rng.choice(sectors),
                                 source_country=sa, target_country=sb, cameo=info.cameo, root=info.root,
                                 plover=info.plover, plover_mode=info.plover_mode, goldstein=info.goldstein,
                                 quad_class=info.quad_class, date=day, date_precision="day", num_mentions=1,
                                 num_sources=1, num_articles=1, confidence=0.8, added_at=added))
                bucket = summary[(*sorted((sa, sb)), day)]
                bucket[info.quad_class - 1] += 1
                bucket[4] += info.goldstein
            conn.execute(insert(events), rows)
            written += len(rows)
        conn.execute(insert(dyad_days), [dict(country_a=a, country_b=b, day=day, quad1=v[0], quad2=v[1], quad3=v[2],
                                              quad4=v[3], goldstein_sum=v[4])
                                         for (a, b, day), v in summary.items()])
    return written

