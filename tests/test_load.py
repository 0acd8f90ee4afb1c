"""Load: the API on 127.0.0.1 under 50 concurrent clients while an ingest writes to the same database.

Reduced size by default (50 clients × 6 requests); COMMUNIQUE_LOAD_REQUESTS raises the requests per
client. The figures go to tests/artifacts/load.json and the test output.
"""
import json
import os
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from communique.batch import ingest
from communique.ingest import read_path
from communique.queries import list_documents
from communique.server import create_app
from communique.store import Store
from communique.synthetic import write_corpus
from seeded_db import served

ROOT = Path(__file__).resolve().parents[1]
CLIENTS = 50
REQUESTS = int(os.environ.get("COMMUNIQUE_LOAD_REQUESTS", "6"))
PATHS = ["/api/events?dyad=KAZ,UKR", "/api/dyads/KAZ/UKR?by=week", "/api/documents?limit=20",
         "/api/quotes?search=peace", "/api/events?root=19&limit=20", "/api/network", "/api/actors?country=KAZ",
         "/api/events/1", "/", "/dyad?a=KAZ&b=UKR", "/documents/1"]


def test_fifty_clients_while_an_ingest_runs(tmp_path):
    db = str(tmp_path / "load.db")
    with Store(db) as store:
        ingest(read_path(str(ROOT / "examples" / "articles.jsonl")), store)
    corpus = write_corpus(tmp_path / "more.jsonl", 40, seed=11)
    with served(create_app(db)) as base:
        report = _load(base, db, corpus)
    artifacts = ROOT / "tests" / "artifacts"
    artifacts.mkdir(exist_ok=True)
    (artifacts / "load.json").write_text(json.dumps(report, indent=1) + "\n")
    print("\nload:", json.dumps(report))
    assert report["failed"] == 0, report["failures"]
    assert report["requests"] == CLIENTS * REQUESTS
    with Store(db) as store:
        assert len(list_documents(store, limit=1000)) == 48  # 8 bundled + 40 written during the load


def _load(base: str, db: str, corpus: Path) -> dict:
    """50 client threads against the server while a subprocess ingests into its database."""
    writer = subprocess.Popen([sys.executable, "-m", "communique", "ingest", str(corpus), "--db", db, "--quiet"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    latencies: list[float] = []
    failures: list[str] = []

    def client(number: int) -> None:
        with httpx.Client(base_url=base, timeout=60) as http:
            for k in range(REQUESTS):
                path = PATHS[(number + k) % len(PATHS)]
                started = time.perf_counter()
                try:
                    response = http.get(path)
                    if response.status_code != 200:
                        failures.append(f"{path}: HTTP {response.status_code}")
                except httpx.HTTPError as exc:
                    failures.append(f"{path}: {type(exc).__name__}")
                latencies.append(time.perf_counter() - started)

    try:
        started = time.perf_counter()
        with ThreadPoolExecutor(CLIENTS) as pool:
            list(pool.map(client, range(CLIENTS)))
        elapsed = time.perf_counter() - started
        ingest_running = writer.poll() is None
        _, stderr = writer.communicate(timeout=300)
    finally:
        if writer.poll() is None:
            writer.kill()
    assert writer.returncode == 0, stderr
    p95 = statistics.quantiles(latencies, n=20)[-1]
    return {"clients": CLIENTS, "requests": len(latencies), "failed": len(failures), "failures": failures[:5],
            "seconds": round(elapsed, 2), "requests_per_s": round(len(latencies) / elapsed, 1),
            "p50_ms": round(statistics.median(latencies) * 1000, 1), "p95_ms": round(p95 * 1000, 1),
            "ingest_still_running_when_load_ended": ingest_running}
