"""Network safety without a network: every redirect hop is checked (a public-looking page that
redirects to 127.0.0.1, a private or metadata address, or file:// is refused), addresses hidden in
other spellings are seen through, non-text content types and slow drips are refused, feeds are capped."""
import socket
import time

import httpx
import pytest

from communique import fetch as fetch_module
from communique.fetch import FetchError, Fetched, check_url, fetch, read_feed
from communique.ingest import Failure

PUBLIC = "93.184.216.34"
DNS = {"news.example": PUBLIC, "intranet.example": "10.1.2.3", "metadata.example": "169.254.169.254"}
REAL_GETADDRINFO = socket.getaddrinfo


@pytest.fixture(autouse=True)
def fake_dns(monkeypatch):
    """Names resolve from DNS above; numeric hosts as the system resolves them (no network needed)."""
    def getaddrinfo(host, port, *args, **kwargs):
        if host in DNS:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (DNS[host], port))]
        return REAL_GETADDRINFO(host, port, *args, **kwargs)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


def redirecting_to(location: str, seen: list[str]) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        if request.url.host == "news.example":
            return httpx.Response(302, headers={"Location": location})
        return httpx.Response(200, text="<html><body><p>internal secrets</p></body></html>",
                              headers={"Content-Type": "text/html"})
    return httpx.MockTransport(handler)


@pytest.mark.parametrize("target", [
    "http://127.0.0.1:8080/admin", "http://localhost/", "http://[::1]/", "http://intranet.example/wiki",
    "http://metadata.example/latest/meta-data/", "http://169.254.169.254/", "http://[::ffff:127.0.0.1]/",
    "http://2130706433/", "http://0.0.0.0/", "file:///etc/passwd", "gopher://news.example/",
])
def test_a_redirect_from_a_public_page_to_an_internal_address_is_refused(target):
    seen: list[str] = []
    with pytest.raises(FetchError) as refused:
        fetch("http://news.example/story", transport=redirecting_to(target, seen))
    assert seen == ["http://news.example/story"]  # the internal address was never asked
    assert "refusing to fetch an internal address" in str(refused.value) or "only http and https" in str(refused.value)


def test_allow_private_lets_the_same_redirect_through():
    seen: list[str] = []
    page = fetch("http://news.example/story", allow_private=True,
                 transport=redirecting_to("http://127.0.0.1:8080/admin", seen))
    assert seen[-1] == "http://127.0.0.1:8080/admin" and b"internal" in page.content


@pytest.mark.parametrize("url", ["http://[64:ff9b::7f00:1]/", "http://[2002:7f00:1::]/", "http://[fe80::1]/",
                                 "http://100.64.0.1/", "http://[fc00::1]/", "http://224.0.0.1/"])
def test_internal_addresses_in_other_spellings_are_refused(url):
    with pytest.raises(FetchError, match="internal address"):
        check_url(url)


def test_a_public_address_passes():
    check_url("http://news.example/story")


@pytest.mark.parametrize("kind", ["image/png", "application/pdf", "video/mp4", "application/octet-stream",
                                  "application/zip"])
def test_content_that_is_not_text_is_refused_before_download(kind):
    def handler(request):
        return httpx.Response(200, content=b"\x89PNG" + b"\x00" * 100, headers={"Content-Type": kind})
    with pytest.raises(FetchError, match=f"not a text page \\(content type {kind}\\)"):
        fetch("http://news.example/x", transport=httpx.MockTransport(handler))


def test_a_server_dripping_bytes_is_cut_off_at_the_overall_time_limit():
    def drip():
        for _ in range(100):
            time.sleep(0.1)
            yield b"<p>x</p>"

    def handler(request):
        return httpx.Response(200, content=drip(), headers={"Content-Type": "text/html"})
    started = time.monotonic()
    with pytest.raises(FetchError, match="timed out after 0.5 s"):
        fetch("http://news.example/slow", timeout=0.5, transport=httpx.MockTransport(handler))
    assert time.monotonic() - started < 3


def test_a_feed_is_read_up_to_its_entry_limit_and_says_what_it_left(monkeypatch):
    monkeypatch.setattr(fetch_module, "MAX_FEED_ENTRIES", 5)
    items = "".join(f"<item><title>Story {n}</title><description>&lt;p&gt;Kenyan police fired tear gas at protesters "
                    f"in Nairobi on day {n}, witnesses said.&lt;/p&gt;</description></item>" for n in range(8))
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'.encode()
    got = list(read_feed(Fetched("http://news.example/feed.xml", feed, "application/rss+xml")))
    failures = [g for g in got if isinstance(g, Failure)]
    assert len(got) == 6 and len(failures) == 1
    assert "8 entries; only the first 5 are read" in failures[0].reason


def test_feed_entries_linking_to_internal_or_odd_schemes_fail_one_by_one():
    items = "".join(f"<item><title>{n}</title><link>{link}</link></item>" for n, link in enumerate(
        ["http://127.0.0.1/admin", "file:///etc/passwd", "javascript:alert(1)"]))
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'.encode()
    got = list(read_feed(Fetched("http://news.example/feed.xml", feed, "application/rss+xml")))
    assert len(got) == 3 and all(isinstance(g, Failure) for g in got)
    assert "internal address" in got[0].reason and "only http and https" in got[1].reason


def test_an_entity_bomb_feed_is_refused_at_once():
    bomb = ('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "' + "a" * 1000 + '">'
            + "".join(f'<!ENTITY {chr(98 + i)} "' + f"&{chr(97 + i)};" * 10 + '">' for i in range(8))
            + ']><rss version="2.0"><channel><title>&i;</title><item><title>&i;</title></item></channel></rss>')
    started = time.monotonic()
    got = list(read_feed(Fetched("http://news.example/bomb.xml", bomb.encode(), "application/rss+xml")))
    assert time.monotonic() - started < 1
    assert len(got) == 1 and "declares XML entities" in got[0].reason
