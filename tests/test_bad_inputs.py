"""The bad-input corpus (tests/bad_inputs/manifest.tsv): every case codes or fails with a one-line
reason, alone and in one batch through `communique ingest` and `communique code`, and no traceback
reaches the user. Big and odd cases (20 MB, a FIFO, a symbolic-link loop) are made at test time."""
import json
import os
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from communique.batch import ingest
from communique.fetch import Fetched, read_feed
from communique.ingest import Failure, read_path
from communique.sources import expand_paths, read_sources
from communique.store import Store

CORPUS = Path(__file__).parent / "bad_inputs"
FEEDS = (".rss", ".atom")
STORY = "Kenyan police fired tear gas at protesters in Nairobi on Monday, witnesses said."


@dataclass
class Case:
    name: str
    expected: list[str]
    reason: str

    @property
    def is_feed(self) -> bool:
        return self.name.endswith(FEEDS)


def load_manifest() -> list[Case]:
    cases = []
    for line in (CORPUS / "manifest.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("file\t"):
            continue
        name, expected, *reason = line.split("\t")
        cases.append(Case(name, expected.split(","), reason[0] if reason else ""))
    return cases


CASES = load_manifest()


def _nested(depth: int) -> str:
    return f"<html><body>{'<div>' * depth}<p>{STORY}</p>{'</div>' * depth}</body></html>"


def _generate(name: str, folder: Path) -> Path:
    path = folder / name
    if name == "huge-20mb.txt":
        paragraph = (STORY + " ") * 20 + "\n\n"
        with open(path, "w", encoding="utf-8") as out:
            out.write("A huge file\n")
            for _ in range(20 * 1024 * 1024 // len(paragraph) + 1):
                out.write(paragraph)
    elif name == "single-line-5mb.txt":
        path.write_text((STORY + " ") * (5 * 1024 * 1024 // (len(STORY) + 1) + 1), encoding="utf-8")
    elif name == "mostly-script.html":
        script = "<script>" + "var x = [" + ",".join(str(n) for n in range(40000)) + "];</script>"
        path.write_text(f"<html><head>{script}</head><body>{script}<article><p>{STORY}</p></article>{script}"
                        "</body></html>", encoding="utf-8")
    elif name.startswith("nested-"):
        path.write_text(_nested(int(name.split("-")[1].split(".")[0])), encoding="utf-8")
    elif name == "vanished.txt":
        path.write_text(STORY)
        path.unlink()  # listed, then gone before it is read
    elif name == "fifo.txt":
        os.mkfifo(path)  # reading it would block for ever: it must be refused, not opened
    elif name == "symlink-loop":
        path.mkdir()
        (path / "story.txt").write_text("Loop story\nUzbek Foreign Minister Bakhtiyor Saidov met Ukrainian "
                                        "Foreign Minister Andrii Sybiha in Tashkent on Friday.\n")
        (path / "self").symlink_to(".")
        (path / "parent-again").symlink_to("../symlink-loop")
    else:
        raise KeyError(name)
    return path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, Path]:
    """Every case's path: committed files in place, generated ones in a temporary folder."""
    folder = tmp_path_factory.mktemp("bad_inputs")
    return {case.name: (_generate(case.name[4:], folder) if case.name.startswith("gen:") else CORPUS / case.name)
            for case in CASES}


@pytest.fixture(scope="module")
def feed_server():
    handler = partial(_QuietHandler, directory=str(CORPUS))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


class _QuietHandler(SimpleHTTPRequestHandler):
    extensions_map = {".rss": "application/rss+xml", ".atom": "application/atom+xml"}

    def log_message(self, *args):
        pass


def outcome(item) -> str:
    if isinstance(item, Failure):
        return "failed"
    return "coded" if item.language == "en" else "skipped"


def read_case(case: Case, path: Path):
    if case.is_feed:  # as `communique ingest URL` reads it, without the network
        content_type = _QuietHandler.extensions_map[path.suffix]
        return list(read_feed(Fetched(f"http://feeds.test/{case.name}", path.read_bytes(), content_type)))
    return list(read_path(str(path)))


def test_the_corpus_is_big_enough():
    assert len(CASES) >= 30
    assert sum(len(c.expected) for c in CASES) >= 40


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_bad_input_codes_or_fails_with_a_one_line_reason(case, corpus):
    started = time.perf_counter()
    items = read_case(case, corpus[case.name])
    assert time.perf_counter() - started < 20, "bad input must be dealt with quickly"
    assert [outcome(item) for item in items] == case.expected
    for item in items:
        if isinstance(item, Failure):
            assert case.reason in item.reason and "\n" not in item.reason and len(item.reason) < 400
        elif item.language != "en":
            assert item.language == case.reason


def test_a_file_that_disappears_mid_batch_is_recorded_and_the_rest_goes_on(tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    for name, who in (("a.txt", "Tokayev"), ("b.txt", "Mirziyoyev"), ("c.txt", "Zelensky")):
        (folder / name).write_text(f"Talks\n{who} met Putin in Moscow on Monday, officials said.\n")
    items = read_sources([str(folder)])
    first = next(items)
    (folder / "b.txt").unlink()  # gone after the folder was listed, before it was read
    with Store(str(tmp_path / "db.sqlite")) as store:
        summary = ingest(iter([first, *items]), store)
        failures = store.engine.connect().exec_driver_sql("SELECT source, reason FROM failures").all()
    assert (summary.coded, summary.failed) == (2, 1)
    assert failures[0].source.endswith("b.txt") and "no such file" in failures[0].reason


def test_symbolic_link_loops_are_not_followed(corpus):
    loop = corpus["gen:symlink-loop"]
    started = time.perf_counter()
    assert [Path(p).name for p in expand_paths(str(loop))] == ["story.txt"]
    assert [Path(p).name for p in expand_paths(f"{loop}/**/*.txt")] == ["story.txt"]
    assert time.perf_counter() - started < 5


# --- the whole corpus in one batch, through the command line -------------------------------------

def _run(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "communique", *map(str, args)], capture_output=True, text=True,
                          timeout=600)


def _totals() -> dict[str, int]:
    counts = {"coded": 0, "failed": 0, "skipped": 0}
    for case in CASES:
        for kind in case.expected:
            counts[kind] += 1
    return counts


def test_ingest_of_every_bad_input_codes_the_good_and_records_the_bad(corpus, feed_server, tmp_path):
    sources = [f"{feed_server}/{c.name}" if c.is_feed else corpus[c.name] for c in CASES]
    db = tmp_path / "bad.db"
    result = _run("ingest", *sources, "--db", db, "--allow-private")
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 0, result.stderr
    summary = re.search(r"(\d+) coded, (\d+) already stored, (\d+) skipped \(not English\), (\d+) failed",
                        result.stderr)
    coded, duplicates, skipped, failed = map(int, summary.groups())
    totals = _totals()
    assert (coded + duplicates, skipped, failed) == (totals["coded"], totals["skipped"], totals["failed"])
    with Store(str(db)) as store, store.engine.connect() as conn:
        documents = conn.exec_driver_sql("SELECT count(*) FROM documents").scalar()
        recorded = conn.exec_driver_sql("SELECT source, kind, reason FROM failures").all()
    assert documents == coded
    assert len(recorded) == failed + skipped  # every bad input has its row, with its reason
    for case in CASES:
        if case.reason and "coded" not in case.expected:
            name = case.name.removeprefix("gen:")
            assert any(name in row.source and case.reason in row.reason for row in recorded), case.name


def test_code_of_every_bad_input_gives_a_record_for_each(corpus, tmp_path):
    paths = [corpus[c.name] for c in CASES]
    result = _run("code", *paths, "--format", "jsonl", "--published", "2025-01-01")
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    totals = _totals()
    assert len(records) == sum(totals.values())  # feed files given as paths fail too
    assert sum("error" not in r for r in records) == totals["coded"]
    errors = [r["error"] for r in records if "error" in r]
    assert len(errors) == totals["failed"] + totals["skipped"] and all("\n" not in e for e in errors)
