"""Scale-out on Dask (``communique ingest … --engine dask``).

Documents are read on the client, sent to the workers in batches, and coded there with one model
per worker process. Two ways to keep the results:

* into a store (SQLite or PostgreSQL): coded documents come back in input order and the client
  writes them exactly as a single-process ingest does, so the database is the same row for row;
* into a Parquet dataset (``--parquet DIR``): each worker writes the event mentions of its batch
  itself, partitioned by month (``month=2025-09/…parquet``), for DuckDB, Spark or Trino. Nothing
  is merged there: one row per telling, with its document's URL and outlet.

Without ``--scheduler`` a ``LocalCluster`` of worker processes is started and stopped.
"""
from __future__ import annotations

import contextlib
import logging
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path

from communique.batch import BATCH_SIZE, batches
from communique.models import CodedDocument, Document



@contextlib.contextmanager
def dask_client(scheduler: str | None = None, workers: int = 2):
    from dask.distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        yield client


def code_on_workers(documents: Iterable[Document], client, in_flight: int | None = None) -> Iterator[CodedDocument]:
    """Coded documents in input order; at most ``in_flight`` batches wait on the cluster at once."""
    limit = in_flight or 2 * max(1, len(client.scheduler_info().get("workers", {})))
    pending: deque = deque()
    for batch in batches(documents, BATCH_SIZE):
        pending.append(client.submit(code_batch, batch, pure=False))
        if len(pending) >= limit:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


def code_batch(documents: list[Document]) -> list[CodedDocument]:
    """Runs on a worker: the model is loaded on first use and kept (load_pipeline is cached)."""
    from communique.pipeline import code_documents

    return list(code_documents(documents, batch_size=BATCH_SIZE))


def write_parquet_on_workers(documents: Iterable[Document], client, out: Path) -> tuple[int, int]:
    """Code and write event mentions to a month-partitioned Parquet dataset; returns (documents, events)."""
    Path(out).mkdir(parents=True, exist_ok=True)
    futures = [client.submit(code_and_write_batch, batch, str(out), number, pure=False)
               for number, batch in enumerate(batches(documents, BATCH_SIZE))]
    totals = [future.result() for future in futures]
    return sum(t[0] for t in totals), sum(t[1] for t in totals)


def code_and_write_batch(documents: list[Document], out: str, number: int) -> tuple[int, int]:
    """Runs on a worker: code a batch and write its event rows, one file per month touched."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    coded = code_batch(documents)
    rows = [row for c in coded if c.error is None for row in mention_rows(c)]
    by_month: dict[str, list[dict]] = {}
    for row in rows:
        by_month.setdefault(row["date"][:7] if row["date"] else "undated", []).append(row)
    for month, month_rows in by_month.items():
        folder = Path(out) / f"month={month}"
        folder.mkdir(parents=True, exist_ok=True)
        pq.write_table(pa.Table.from_pylist(month_rows, schema=mention_schema()), folder / f"part-{number:06d}.parquet")
    return len(coded), len(rows)


def mention_rows(coded: CodedDocument) -> list[dict]:
    doc = coded.document
    actors = {a.id: a for a in coded.actors}
    places = {p.id: p for p in coded.places}
    rows = []
    for ev in coded.events:
        source, target, place = actors.get(ev.source), actors.get(ev.target), places.get(ev.place)
        rows.append({
            "document_id": doc.id, "url": doc.url, "outlet": doc.outlet, "title": doc.title,
            "published": doc.published.isoformat() if doc.published else None,
            "event": ev.id, "source_code": ev.source_code, "target_code": ev.target_code,
            "source_name": source.name if source else None, "target_name": target.name if target else None,
            "source_country": source.country if source else None, "target_country": target.country if target else None,
            "cameo": ev.cameo, "root": ev.root, "plover": ev.plover, "goldstein": ev.goldstein,
            "quad_class": ev.quad_class, "date": ev.date, "date_precision": ev.date_precision,
            "place": place.name if place else None, "lat": place.lat if place else None,
            "lon": place.lon if place else None, "negated": ev.negated, "confidence": ev.confidence,
            "sentence": doc.text[ev.sentence[0]:ev.sentence[1]],
            "trigger": doc.text[ev.trigger[0]:ev.trigger[1]],
        })
    return rows


def mention_schema():
    import pyarrow as pa

    text = pa.string()
    return pa.schema([
        ("document_id", text), ("url", text), ("outlet", text), ("title", text), ("published", text),
        ("event", text), ("source_code", text), ("target_code", text), ("source_name", text),
        ("target_name", text), ("source_country", text), ("target_country", text), ("cameo", text),
        ("root", text), ("plover", text), ("goldstein", pa.float64()), ("quad_class", pa.int64()),
        ("date", text), ("date_precision", text), ("place", text), ("lat", pa.float64()), ("lon", pa.float64()),
        ("negated", pa.bool_()), ("confidence", pa.float64()), ("sentence", text), ("trigger", text),
    ])
