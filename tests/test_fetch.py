"""URLs and feeds: fetched from a real HTTP server on 127.0.0.1, with the network-safety limits."""
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from communique.batch import ingest
from communique.fetch import FetchError, check_url, fetch, read_url
from communique.ingest import Failure
from communique.sources import expand_paths, read_sources
from communique.store import Store

ROOT = Path(__file__).resolve().parents[1]
PAGE = (ROOT / "tests" / "fixtures" / "eurasianet-kazakhstan-uzbekistan-ukraine.html").read_bytes()
SECOND = (ROOT / "tests" / "fixtures" / "store" / "zelensky-tokayev-second-report.txt").read_text()


def feed(base: str) -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Test wire</title><link>{base}/</link><description>t</description>
<item><title>Kazakhstan, Uzbekistan open the door</title><link>{base}/article.html</link>
<pubDate>Fri, 24 Oct 2025 09:00:00 GMT</pubDate></item>
<item><title>Talks on the sidelines</title><link>{base}/second.html</link>
<pubDate>Wed, 24 Sep 2025 10:00:00 GMT</pubDate></item>
<item><title>Gone</title><link>{base}/missing.html</link></item>
</channel></rss>""".encode()


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        second = ("<html><head><title>Zelensky, Tokayev hold talks</title></head><body><article>"
                  + "".join(f"<p>{p}</p>" for p in SECOND.split("\n\n")[1:]) + "</article></body></html>").encode()
        routes = {"/article.html": (200, "text/html; charset=utf-8", PAGE),
                  "/second.html": (200, "text/html; charset=utf-8", second),
                  "/feed.xml": (200, "application/rss+xml", feed(base)),
                  "/huge.html": (200, "text/html", b"<p>" + b"x" * (11 * 1024 * 1024) + b"</p>")}
        if self.path.startswith("/loop"):
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
            return
        status, kind, body = routes.get(self.path, (404, "text/plain", b"not found"))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_internal_addresses_and_other_schemes_are_refused(server):
    with pytest.raises(FetchError, match="internal address"):
        check_url(f"{server}/article.html")
    for url in ("file:///etc/passwd", "ftp://example.org/x", "gopher://x"):
        with pytest.raises(FetchError, match="only http and https"):
            check_url(url)
    for url in ("http://169.254.169.254/latest/meta-data", "http://10.0.0.1/", "http://[::1]/"):
        with pytest.raises(FetchError, match="internal address"):
            check_url(url)


def test_limits_on_size_redirects_and_dead_pages(server):
    with pytest.raises(FetchError, match="larger than 10 MB"):
        fetch(f"{server}/huge.html", allow_private=True)
    with pytest.raises(FetchError, match="more than 5 redirects"):
        fetch(f"{server}/loop", allow_private=True)
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch(f"{server}/nothing-here", allow_private=True)
    dead = list(read_url("http://127.0.0.1:9/", allow_private=True))  # nothing listens on the discard port
    assert isinstance(dead[0], Failure) and "127.0.0.1:9" in dead[0].reason


def test_an_article_url_is_one_document(server):
    [document] = list(read_url(f"{server}/article.html", allow_private=True))
    assert document.url == f"{server}/article.html"
    assert "Tokayev" in document.text and "Yorum gönder" not in document.text


def test_a_feed_is_its_entries_and_a_dead_entry_is_a_failure(server, tmp_path):
    with Store(str(tmp_path / "feed.db")) as store:
        summary = ingest(read_sources([f"{server}/feed.xml"], allow_private=True), store)
        assert (summary.coded, summary.failed) == (2, 1)
        assert "HTTP 404" in summary.reasons[0]
        from communique.queries import list_documents, list_events

        docs = {d["url"]: d for d in list_documents(store)}
        assert docs[f"{server}/second.html"]["published"] == "2025-09-24"  # the feed's date
        meeting = list_events(store, dyad=("KAZ", "UKR"), root="04")
        assert len(meeting) == 1 and meeting[0]["num_articles"] == 2
        again = ingest(read_sources([f"{server}/feed.xml"], allow_private=True), store)
        assert again.coded == 0 and again.duplicates == 2


def test_without_allow_private_a_local_feed_is_recorded_as_refused(server, tmp_path):
    with Store(str(tmp_path / "refused.db")) as store:
        summary = ingest(read_sources([f"{server}/feed.xml"]), store)
        assert summary.coded == 0 and summary.failed == 1 and "--allow-private" in summary.reasons[0]


def test_folders_are_searched_recursively_without_following_link_loops(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "one.txt").write_text("x")
    (tmp_path / "a" / "b" / "two.html").write_text("x")
    (tmp_path / "a" / "b" / "notes.pdf").write_text("x")
    (tmp_path / "a" / "b" / "loop").symlink_to(tmp_path / "a", target_is_directory=True)
    found = expand_paths(str(tmp_path / "a"))
    assert [Path(f).name for f in found] == ["one.txt", "two.html"]
    assert [Path(f).name for f in expand_paths(str(tmp_path / "a" / "**" / "*.html"))] == ["two.html"]
    assert expand_paths("https://example.org/x") is None
    [nothing] = list(read_sources([str(tmp_path / "*.none")]))
    assert isinstance(nothing, Failure) and "nothing matches" in nothing.reason
