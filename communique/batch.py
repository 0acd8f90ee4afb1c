"""Ingest: sources → documents → coded in batches (optionally on worker processes) → the store.

Documents are written in input order, one transaction each, so a run that is killed and started
again ends with exactly the rows of a run that was not: stored documents are skipped before
coding, and a half-written document was never committed.
"""
from __future__ import annotations

import os
import time
from collections import deque
from contextlib import contextmanager
from pathlib import Path
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from communique.ingest import Failure
from communique.models import CodedDocument, Document
from communique.store import Store, text_hash

BATCH_SIZE = 8


@dataclass
class IngestSummary:
    coded: int = 0
    duplicates: int = 0
    failed: int = 0
    skipped: int = 0  # readable but not coded (not English)
    new_events: int = 0
    merged_events: int = 0
    seconds: float = 0.0
    reasons: list[str] = field(default_factory=list)

    @property
    def documents(self) -> int:
        return self.coded + self.duplicates + self.failed + self.skipped

    @property
    def events(self) -> int:
        return self.new_events + self.merged_events


Progress = Callable[[str, IngestSummary], None]  # called with 'coded' | 'duplicate' | 'failed' | 'skipped'


Coder = Callable[[Iterator[Document]], Iterator[CodedDocument]]  # documents in, coded documents out, in order


def ingest(items: Iterable[Document | Failure], store: Store, *, workers: int = 1,
           progress: Progress | None = None, coder: Coder | None = None) -> IngestSummary:
    """Code and store documents; duplicates and failures are counted (failures recorded with reason).

    ``coder`` replaces the local coding (``distributed.code_on_workers`` codes on a Dask cluster).
    """
    summary = IngestSummary()
    started = time.perf_counter()
    pending: deque[tuple[str, Document | Failure]] = deque()  # side results, written by this thread
    seen: set[str] = set()

    def to_code() -> Iterator[Document]:
        for item in items:
            if isinstance(item, Failure):
                pending.append(("failed", item))
            elif item.language != "en":
                pending.append(("skipped", item))
            else:
                digest = text_hash(item.text)
                if digest in seen or store.find_document(item.url, digest) is not None:
                    pending.append(("duplicate", item))
                    continue
                seen.add(digest)
                yield item

    def settle() -> None:
        while pending:
            kind, item = pending.popleft()
            if kind == "failed":
                store.record_failure(item.source, item.reason)
                summary.failed += 1
                summary.reasons.append(item.reason)
            elif kind == "skipped":
                reason = f"{item.source or item.id}: not English (detected language: {item.language})"
                store.record_failure(item.source or item.id, reason, kind="skipped")
                summary.skipped += 1
            else:
                summary.duplicates += 1
            if progress:
                progress(kind, summary)

    stream = coder(to_code()) if coder else coded_stream(to_code(), workers)
    for coded in stream:
        settle()
        if coded.error:  # the coder failed on this text: recorded like unreadable input, nothing stored
            pending.append(("failed", Failure(coded.document.source or coded.document.id, coded.error)))
            settle()
            continue
        result = store.add(coded)
        if result.status == "duplicate":
            summary.duplicates += 1
        else:
            summary.coded += 1
            summary.new_events += result.new_events
            summary.merged_events += result.merged_events
        if progress:
            progress("coded" if result.status == "added" else "duplicate", summary)
    settle()
    summary.seconds = time.perf_counter() - started
    return summary


def coded_stream(documents: Iterator[Document], workers: int = 1) -> Iterator[CodedDocument]:
    """Coded documents in input order: in this process, or on ``workers`` processes (one model each)."""
    from communique.pipeline import code_documents

    if workers <= 1:
        yield from code_documents(documents, batch_size=BATCH_SIZE)
        return
    with CodingPool(workers) as pool:
        yield from pool.code(documents)


class CodingPool:
    """Worker processes that each load the model once and code batches of documents in order."""

    def __init__(self, workers: int):
        import multiprocessing

        context = multiprocessing.get_context("spawn")  # a clean interpreter: no threads or locks copied
        self.workers = workers
        # one BLAS thread per worker: the processes are the parallelism, threads would only contend
        with _environment(OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1"):
            self._pool = context.Pool(workers, initializer=_load_worker_model)

    def code(self, documents: Iterable[Document]) -> Iterator[CodedDocument]:
        for batch in self._pool.imap(_code_batch, batches(iter(documents), BATCH_SIZE)):
            yield from batch

    def warm_up(self) -> None:
        """Wait until every worker has its model loaded (benchmarks time the coding alone)."""
        self._pool.map(_worker_ready, range(self.workers * 4), chunksize=1)

    def peak_rss_mb(self) -> list[float]:
        """Peak resident memory of each worker process, from /proc (Linux)."""
        peaks = []
        for process in self._pool._pool:  # the worker processes
            try:
                status = Path(f"/proc/{process.pid}/status").read_text()
            except OSError:
                continue
            peaks += [int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmHWM:")]
        return peaks

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._pool.terminate()
        self._pool.join()


@contextmanager
def _environment(**values: str):
    """Environment variables for child processes started inside the block."""
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def batches(documents: Iterator[Document], size: int) -> Iterator[list[Document]]:
    batch: list[Document] = []
    for document in documents:
        batch.append(document)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


_worker_nlp = None


def _load_worker_model() -> None:
    global _worker_nlp
    from communique.nlp import load_pipeline

    _worker_nlp = load_pipeline()


def _worker_ready(_: int) -> bool:
    return _worker_nlp is not None


def _code_batch(documents: list[Document]) -> list[CodedDocument]:
    from communique.pipeline import code_documents

    return list(code_documents(documents, nlp=_worker_nlp, batch_size=BATCH_SIZE))
