"""Fetching articles and feeds over HTTP, safely: http(s) only, time, size and redirect limits,
and no requests to loopback, private or link-local addresses unless the user allows them
(a feed or a page must not make communique probe the network it runs in).
"""
from __future__ import annotations

import ipaddress
import re
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from urllib.parse import urljoin, urlsplit

from communique.ingest import Failure, IngestError, decode, document_from_html, document_from_text, looks_like_html
from communique.models import Document

TIMEOUT_SECONDS = 20.0
MAX_PAGE_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 5
USER_AGENT = "communique/0.1 (+offline event coder)"
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json")
# What an article or a feed is served as; images, PDFs, video, archives are refused before download.
TEXT_TYPES = ("text/", "application/xhtml+xml", "application/xml", "application/json") + FEED_TYPES
MAX_FEED_ENTRIES = 200  # a feed is a list of recent stories; past this it is a dump or an attack
# An XML entity declaration: the road to 'billion laughs' expansion, and never needed by a news feed.
ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.I)
NAT64 = ipaddress.ip_network("64:ff9b::/96")


class FetchError(IngestError):
    """A URL that could not be fetched; the message is the reason, in one line."""


@dataclass
class Fetched:
    url: str  # after redirects
    content: bytes
    content_type: str


def is_url(value: str) -> bool:
    return "://" in value[:12]


def check_url(url: str, allow_private: bool = False) -> None:
    """Refuse schemes other than http(s), and hosts that resolve to internal addresses."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError(f"{url}: only http and https URLs are fetched")
    if not parts.hostname:
        raise FetchError(f"{url}: no host in the URL")
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80),
                                   type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"{url}: host not found ({exc})") from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        for candidate in (address, _embedded_ipv4(address)):
            if candidate is not None and (not candidate.is_global or candidate.is_multicast):
                raise FetchError(f"{url}: refusing to fetch an internal address ({address}); "
                                 "pass --allow-private to allow it")


def _embedded_ipv4(address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one stands for (::ffff:a.b.c.d, 6to4, NAT64): 127.0.0.1 in disguise."""
    if address.version != 6:
        return None
    if address.ipv4_mapped or address.sixtofour:
        return address.ipv4_mapped or address.sixtofour
    return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF) if address in NAT64 else None


def fetch(url: str, *, allow_private: bool = False, timeout: float = TIMEOUT_SECONDS,
          max_bytes: int = MAX_PAGE_BYTES, transport=None) -> Fetched:
    """GET a URL, checking every redirect hop; the body is cut off with an error past ``max_bytes``,
    or past ``timeout`` seconds in all (a server dripping a byte at a time cannot hold a worker).

    ``transport`` is an httpx transport, for tests.
    """
    import httpx

    headers = {"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.5"}
    deadline = time.monotonic() + timeout
    try:
        with httpx.Client(follow_redirects=False, timeout=timeout, headers=headers, transport=transport) as client:
            for _hop in range(MAX_REDIRECTS + 1):
                check_url(url, allow_private)
                with client.stream("GET", url) as response:
                    if response.is_redirect:
                        url = urljoin(url, response.headers.get("location", ""))
                        continue
                    if response.status_code >= 400:
                        raise FetchError(f"{url}: HTTP {response.status_code} {response.reason_phrase}".rstrip())
                    kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
                    if kind and not kind.startswith(TEXT_TYPES):
                        raise FetchError(f"{url}: not a text page (content type {kind})")
                    declared = response.headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > max_bytes:
                        raise FetchError(f"{url}: larger than {max_bytes // (1024 * 1024)} MB")
                    body = bytearray()
                    for chunk in response.iter_bytes():
                        body.extend(chunk)
                        if len(body) > max_bytes:
                            raise FetchError(f"{url}: larger than {max_bytes // (1024 * 1024)} MB")
                        if time.monotonic() > deadline:
                            raise FetchError(f"{url}: timed out after {timeout:g} s")
                    return Fetched(str(response.url), bytes(body), response.headers.get("content-type", ""))
    except httpx.TimeoutException:
        raise FetchError(f"{url}: timed out after {timeout:g} s") from None
    except httpx.HTTPError as exc:
        raise FetchError(f"{url}: {type(exc).__name__}: {exc}".rstrip(": ")) from None
    raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects")


def looks_like_feed(fetched: Fetched) -> bool:
    kind = fetched.content_type.split(";")[0].strip().lower()
    if kind in FEED_TYPES:
        return True
    head = fetched.content[:1000].lstrip().lower()
    return head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head or b"<rdf" in head) \
        or b"<rss" in head[:200]


def document_from_fetched(fetched: Fetched, *, published=None, title: str | None = None) -> Document:
    text = decode(fetched.content, fetched.url)
    if "html" in fetched.content_type or looks_like_html(text):
        return document_from_html(text, url=fetched.url, source=fetched.url, published=published, title=title,
                                  id=fetched.url)
    return document_from_text(text, url=fetched.url, source=fetched.url, published=published, title=title,
                              id=fetched.url)


def read_url(url: str, *, allow_private: bool = False) -> Iterator[Document | Failure]:
    """An article page is one document; an RSS/Atom feed is one document per entry, each page fetched."""
    try:
        fetched = fetch(url, allow_private=allow_private)
        if not looks_like_feed(fetched):
            yield document_from_fetched(fetched)
            return
    except IngestError as exc:
        yield Failure(url, str(exc), url)
        return
    yield from read_feed(fetched, allow_private=allow_private)


def read_feed(fetched: Fetched, *, allow_private: bool = False) -> Iterator[Document | Failure]:
    import feedparser

    if ENTITY_DECLARATION.search(fetched.content):
        yield Failure(fetched.url, f"{fetched.url}: the feed declares XML entities (refused: entity expansion "
                                   "can exhaust memory)", fetched.url)
        return
    feed = feedparser.parse(fetched.content, sanitize_html=True, resolve_relative_uris=False)
    if not feed.entries:
        problem = feed.get("bozo_exception")
        yield Failure(fetched.url, f"{fetched.url}: not a readable RSS/Atom feed"
                                   + (f" ({type(problem).__name__})" if problem else ""), fetched.url)
        return
    if len(feed.entries) > MAX_FEED_ENTRIES:
        yield Failure(fetched.url, f"{fetched.url}: {len(feed.entries)} entries; only the first "
                                   f"{MAX_FEED_ENTRIES} are read", fetched.url)
    for number, entry in enumerate(feed.entries[:MAX_FEED_ENTRIES], 1):
        link = entry.get("link")
        published = _entry_date(entry)
        where = link or f"{fetched.url}#entry{number}"
        try:
            if link:
                page = fetch(urljoin(fetched.url, link), allow_private=allow_private)
                yield document_from_fetched(page, published=published, title=entry.get("title"))
            else:  # no page to fetch: the entry's own content is the article
                body = (entry.get("content") or [{}])[0].get("value") or entry.get("summary") or ""
                document = document_from_html(f"<html><body>{body}</body></html>", id=where, source=where,
                                              published=published, title=entry.get("title"))
                yield document
        except IngestError as exc:
            yield Failure(where, str(exc), where)


def _entry_date(entry) -> date | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday) if parsed else None
