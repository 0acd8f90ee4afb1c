"""communique's benchmark (``make bench``): one run, the same texts, every figure of docs/performance.md.

    .venv/bin/python bench/run.py                 # full run (about 15 minutes on 2 cores)
    .venv/bin/python bench/run.py --quick         # smaller sizes, for trying changes
    .venv/bin/python bench/run.py --postgres postgresql://user:pw@127.0.0.1/db

Measured, in one process unless said otherwise:

* bare spaCy: ``nlp.pipe`` over the corpus with the model and components the coder runs on;
* communique end to end: documents read from JSONL, coded, written as JSON; one process and a
  pool of 2 worker processes (models loaded before timing);
* ingest into SQLite and PostgreSQL (read, code, store);
* words/s, articles/s, ratios to bare spaCy, peak RSS per worker, model load time;
* query latency of the dyad series and ``events --dyad`` (and the API's dyad series when the API is
  installed) on a database of synthetic events (1,000,000 by default);
* cost against corpus size: 100, 1,000 and 10,000 synthetic articles.

Ratios compare two things timed in the same run, interleaved: the corpus is cut into chunks of
20 articles and each chunk goes through both sides in turn (the order flips every chunk), so the
machine's drift and load from other programs touch both alike. A run's time is the sum over its
chunks; the best of ``--repeat`` runs counts (each ingest run into a new database). Results go to
``bench/results/<time>.json``.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from communique.batch import BATCH_SIZE, CodingPool, ingest  # noqa: E402
from communique.ingest import Failure, read_path  # noqa: E402
from communique.nlp import load_parser, load_pipeline  # noqa: E402
from communique.pipeline import code_documents  # noqa: E402
from communique.sources import read_sources  # noqa: E402
from communique.store import Store, database_url  # noqa: E402
from communique.synthetic import synthetic_events, write_corpus  # noqa: E402


def timed(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def read_documents(path: Path) -> list:
    return [d for d in read_path(str(path)) if not isinstance(d, Failure)]


def code_to_json(documents, nlp) -> int:
    size = 0
    for coded in code_documents(documents, nlp=nlp, batch_size=BATCH_SIZE):
        size += len(json.dumps(coded.to_dict(), ensure_ascii=False))
    return size


def model_load_seconds() -> float:
    """In a fresh interpreter: import, load the model, add communique's components."""
    code = ("import time; t = time.perf_counter(); from communique.nlp import load_pipeline; load_pipeline(); "
            "print(time.perf_counter() - t)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return float(out.stdout.strip())


CHUNK = 20  # articles per interleaved slice


def write_chunks(corpus: Path) -> list[Path]:
    """The corpus cut into JSONL files of CHUNK articles, beside it."""
    lines = corpus.read_text(encoding="utf-8").splitlines(keepends=True)
    chunks = []
    for k in range(0, len(lines), CHUNK):
        chunk = corpus.with_name(f"{corpus.stem}-chunk{k // CHUNK:03}.jsonl")
        chunk.write_text("".join(lines[k:k + CHUNK]), encoding="utf-8")
        chunks.append(chunk)
    return chunks


def interleaved(chunks: list[Path], first, second) -> tuple[float, float]:
    """One run: every chunk through both sides in turn, the order flipping each chunk; the summed times."""
    totals = [0.0, 0.0]
    for k, chunk in enumerate(chunks):
        order = ((0, first), (1, second)) if k % 2 == 0 else ((1, second), (0, first))
        for side, function in order:
            totals[side] += timed(lambda: function(chunk))
    return totals[0], totals[1]


def throughput(corpus: Path, repeat: int) -> dict:
    documents = read_documents(corpus)
    texts = [d.text for d in documents]
    words = sum(len(t.split()) for t in texts)
    parser, nlp = load_parser(), load_pipeline()
    code_to_json(documents[:4], nlp)  # first-use costs (gazetteer, lexicons) are load, not throughput
    list(parser.pipe(texts[:4]))
    chunks = write_chunks(corpus)
    chunk_texts = {chunk: [d.text for d in read_documents(chunk)] for chunk in chunks}
    runs = [interleaved(chunks, lambda c: list(parser.pipe(chunk_texts[c], batch_size=BATCH_SIZE)),
                        lambda c: code_to_json(read_documents(c), nlp)) for _ in range(repeat)]
    bare, full = [b for b, _ in runs], [f for _, f in runs]
    bare_s, full_s = min(bare), min(full)
    with CodingPool(2) as pool:
        pool.warm_up()
        two = [timed(lambda: [json.dumps(c.to_dict()) for c in pool.code(read_documents(corpus))])
               for _ in range(repeat)]
        worker_rss = pool.peak_rss_mb()
    two_s = min(two)
    return {
        "articles": len(documents), "words": words,
        "bare_spacy": {"seconds": round(bare_s, 2), "words_per_s": round(words / bare_s),
                       "articles_per_s": round(len(documents) / bare_s, 2), "runs": [round(x, 2) for x in bare]},
        "code_1_process": {"seconds": round(full_s, 2), "words_per_s": round(words / full_s),
                           "articles_per_s": round(len(documents) / full_s, 2), "runs": [round(x, 2) for x in full],
                           "ratio_to_bare_spacy": round(bare_s / full_s, 3)},
        "code_2_workers": {"seconds": round(two_s, 2), "words_per_s": round(words / two_s),
                           "articles_per_s": round(len(documents) / two_s, 2), "runs": [round(x, 2) for x in two],
                           "ratio_to_1_process": round(full_s / two_s, 3),
                           "ratio_to_bare_spacy": round(bare_s / two_s, 3)},
        "peak_rss_mb": {"main_process": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                        "workers": [round(x) for x in worker_rss]},
    }


def ingest_against_code(corpus: Path, urls) -> dict:
    """Ingest (read, code, store) against coding alone, interleaved chunk by chunk; each run stores
    into a new database from ``urls`` (an iterable of (url, cleanup) pairs)."""
    nlp = load_pipeline()
    chunks = write_chunks(corpus)
    code, stored = [], []
    for url, cleanup in urls:
        try:
            with Store(url) as store:
                code_s, ingest_s = interleaved(chunks, lambda c: code_to_json(read_documents(c), nlp),
                                               lambda c: ingest(read_sources([str(c)]), store))
        finally:
            cleanup()
        code.append(code_s)
        stored.append(ingest_s)
    return {"seconds": round(min(stored), 2), "code_seconds": round(min(code), 2),
            "ratio_to_code": round(min(code) / min(stored), 3), "runs": [round(x, 2) for x in stored]}


def postgres_database(admin_url: str):
    """A fresh database on the given server: (url, drop function)."""
    from sqlalchemy import create_engine, text

    admin = create_engine(database_url(admin_url), isolation_level="AUTOCOMMIT")
    name = f"communique_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop():
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return database_url(admin_url).rsplit("/", 1)[0] + "/" + name, drop


def query_latency(folder: Path, events: int) -> dict:
    from communique import queries

    store = Store(str(folder / "events.db"))
    insert_s = timed(lambda: synthetic_events(store, events))

    def median_ms(function, runs: int = 7) -> float:
        function()  # warm the page cache
        return round(statistics.median(timed(function) for _ in range(runs)) * 1000, 1)

    out = {
        "events": events, "insert_seconds": round(insert_s, 1),
        "dyad_series_by_week_ms": median_ms(lambda: queries.dyad_series(store, "KAZ", "UKR", by="week")),
        "dyad_series_by_month_ms": median_ms(lambda: queries.dyad_series(store, "KAZ", "UKR", by="month")),
        "events_dyad_first_page_ms": median_ms(lambda: queries.list_events(store, dyad=("KAZ", "UKR"), limit=100)),
    }
    try:
        from fastapi.testclient import TestClient

        from communique.server import create_app
    except ImportError:
        out["api_dyad_series_ms"] = None
    else:
        client = TestClient(create_app(store))
        out["api_dyad_series_ms"] = median_ms(
            lambda: client.get("/api/dyads/KAZ/UKR", params={"by": "week"}).raise_for_status())
    store.close()
    return out


def scaling(folder: Path, sizes: list[int]) -> list[dict]:
    nlp = load_pipeline()
    rows = []
    for size in sizes:
        corpus = write_corpus(folder / f"scale-{size}.jsonl", size, seed=size)
        seconds = timed(lambda: code_to_json(read_documents(corpus), nlp))
        rows.append({"articles": size, "seconds": round(seconds, 2), "ms_per_article": round(seconds / size * 1000, 1)})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller corpus, events and sizes")
    parser.add_argument("--repeat", type=int, default=2, help="timed runs of each throughput measure")
    parser.add_argument("--postgres", default=os.environ.get("COMMUNIQUE_TEST_POSTGRES"),
                        help="a PostgreSQL server URL to time ingest into (a database is created and dropped)")
    parser.add_argument("--events", type=int, default=None, help="synthetic events for the query benchmark")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    args = parser.parse_args()
    articles, min_words = (60, 450) if args.quick else (220, 450)
    events = args.events or (100_000 if args.quick else 1_000_000)
    sizes = [50, 200, 800] if args.quick else [100, 1000, 10000]

    results: dict = {"started": datetime.now().isoformat(timespec="seconds"), "quick": args.quick,
                     "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                                 "platform": platform.platform()}}
    with tempfile.TemporaryDirectory(prefix="communique-bench-") as tmp:
        folder = Path(tmp)
        corpus = write_corpus(folder / "corpus.jsonl", articles, seed=2025, min_words=min_words)
        print(f"corpus: {articles} synthetic articles, {sum(len(json.loads(l)['text'].split()) for l in open(corpus))} words",
              flush=True)
        results["model_load_seconds"] = round(model_load_seconds(), 2)
        print("throughput …", flush=True)
        results["throughput"] = throughput(corpus, args.repeat)
        print("ingest …", flush=True)
        results["ingest"] = {"sqlite": ingest_against_code(
            corpus, ((str(folder / f"ingest-{n}.db"), lambda: None) for n in range(args.repeat)))}
        if args.postgres:
            results["ingest"]["postgres"] = ingest_against_code(
                corpus, (postgres_database(args.postgres) for _ in range(args.repeat)))
        print(f"queries over {events:,} events …", flush=True)
        results["queries"] = query_latency(folder, events)
        print("scaling …", flush=True)
        results["scaling"] = scaling(folder, sizes)
    results["finished"] = datetime.now().isoformat(timespec="seconds")
    args.out.mkdir(parents=True, exist_ok=True)
    out = args.out / f"{datetime.now():%Y%m%d-%H%M%S}{'-quick' if args.quick else ''}.json"
    out.write_text(json.dumps(results, indent=1) + "\n")
    print(json.dumps(results, indent=1))
    print(f"written to {out}")


if __name__ == "__main__":
    main()
