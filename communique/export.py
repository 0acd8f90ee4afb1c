"""Exports of the event table: GDELT 2.0 (61 tab-separated columns, no header, as GDELT ships
them), CSV, JSONL and Parquet (readable by DuckDB, pandas, Spark).

GDELT fields communique has no value for are empty: ethnic and religion codes, ADM1/ADM2 codes,
feature ids and actor geography (communique places the action, not the actors).
"""
from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import exists, select

from communique.schema import actors, event_mentions, events
from communique.store import Store

GDELT_COLUMNS = [
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *[f"Actor{n}{field}" for n in (1, 2) for field in (
        "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
        "Type1Code", "Type2Code", "Type3Code")],
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *[f"{who}Geo_{field}" for who in ("Actor1", "Actor2", "Action") for field in (
        "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")],
    "DATEADDED", "SOURCEURL",
]
FORMATS = ("gdelt", "csv", "jsonl", "parquet")
CHUNK = 5000


def event_rows(store: Store) -> Iterator[dict[str, Any]]:
    """Every event with its actors' names and whether a telling is in an article's lead, in id order."""
    source, target = actors.alias("source"), actors.alias("target")
    in_lead = exists().where(event_mentions.c.event_id == events.c.id, event_mentions.c.in_lead)
    query = (select(events, source.c.name.label("source_name"), source.c.sector.label("source_sector"),
                    target.c.name.label("target_name"), target.c.sector.label("target_sector"),
                    in_lead.label("in_lead"))
             .outerjoin(source, source.c.id == events.c.source_actor_id)
             .outerjoin(target, target.c.id == events.c.target_actor_id)
             .order_by(events.c.id))
    with store.engine.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=CHUNK).execute(query)
        for row in result.mappings():
            yield dict(row)


def _iso2(alpha3: str | None) -> str:
    if not alpha3:
        return ""
    import pycountry

    country = pycountry.countries.get(alpha_3=alpha3)
    return country.alpha_2 if country else ""


def _actor_fields(code: str | None, name: str | None, country: str | None, sector: str | None) -> list:
    code = code or ""
    group = code[3:] if code.startswith("IGO") else ""
    return [code, (name or "").upper(), country or "", group, "", "", "", sector or "", "", ""]


def gdelt_record(row: dict[str, Any]) -> list:
    when: date = row["date"] or row["added_at"].date()
    fraction = round(when.year + (when.timetuple().tm_yday - 1) / 365.0, 4)
    action_geo = (["4" if row["lat"] is not None else "0", row["place_name"] or "", _iso2(row["place_country"]),
                   "", "", _num(row["lat"]), _num(row["lon"]), ""] if row["place_name"] else ["0"] + [""] * 7)
    return [
        row["id"], when.strftime("%Y%m%d"), when.strftime("%Y%m"), when.year, f"{fraction:.4f}",
        *_actor_fields(row["source_code"], row["source_name"], row["source_country"], row["source_sector"]),
        *_actor_fields(row["target_code"], row["target_name"], row["target_country"], row["target_sector"]),
        int(bool(row["in_lead"])), row["cameo"], row["cameo"][:3], row["root"], row["quad_class"],
        _num(row["goldstein"]), row["num_mentions"], row["num_sources"], row["num_articles"],
        _num(row["avg_tone"]),
        "0", *[""] * 7, "0", *[""] * 7, *action_geo,
        row["added_at"].strftime("%Y%m%d%H%M%S"), row["source_url"] or "",
    ]


def _num(value) -> str:
    return "" if value is None else f"{value:g}"


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, (date, datetime)) else v) for k, v in row.items()}


def export(store: Store, format: str, out: Path) -> int:
    """Write every event to ``out`` in ``format``; returns the number of events written."""
    if format not in FORMATS:
        raise ValueError(f"unknown export format {format!r}: use one of {', '.join(FORMATS)}")
    count = 0
    if format == "parquet":
        return _export_parquet(store, out)
    with open(out, "w", encoding="utf-8", newline="") as handle:
        if format == "gdelt":
            writer = csv.writer(handle, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE,
                                escapechar="\\")
            for row in event_rows(store):
                writer.writerow(gdelt_record(row))
                count += 1
        elif format == "csv":
            writer = None
            for row in event_rows(store):
                if writer is None:
                    writer = csv.DictWriter(handle, fieldnames=list(row))
                    writer.writeheader()
                writer.writerow(_plain(row))
                count += 1
        else:
            for row in event_rows(store):
                handle.write(json.dumps(_plain(row), ensure_ascii=False) + "\n")
                count += 1
    return count


def _arrow_schema():
    """Fixed column types: a first chunk with only empty places must not decide the file's types."""
    import pyarrow as pa
    from sqlalchemy import Boolean, Date, DateTime, Float, Integer

    def arrow_type(column_type):
        for sql_type, arrow in ((Boolean, pa.bool_()), (Integer, pa.int64()), (Float, pa.float64()),
                                (DateTime, pa.timestamp("s")), (Date, pa.date32())):
            if isinstance(column_type, sql_type):
                return arrow
        return pa.string()

    fields = [pa.field(c.name, arrow_type(c.type)) for c in events.columns]
    fields += [pa.field(name, pa.string()) for name in ("source_name", "source_sector", "target_name",
                                                         "target_sector")]
    return pa.schema(fields + [pa.field("in_lead", pa.bool_())])


def _export_parquet(store: Store, out: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _arrow_schema()
    count = 0
    with pq.ParquetWriter(out, schema) as writer:
        batch: list[dict[str, Any]] = []
        for row in event_rows(store):
            row["in_lead"] = bool(row["in_lead"])
            batch.append(row)
            count += 1
            if len(batch) >= CHUNK:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                batch.clear()
        writer.write_table(pa.Table.from_pylist(batch, schema=schema))
    return count
