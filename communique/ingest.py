"""Ingest: turn files, HTML pages, JSONL batches, folders or stdin into clean ``Document`` objects.

Every offset downstream refers to ``Document.text``, so all cleaning happens here, once.
Bad input raises ``IngestError`` with a one-line reason; batch readers record it and go on.
"""
from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from communique.datafiles import data_paths
from communique.decoding import DecodeError
from communique.decoding import decode as _decode
from communique.language import detect_language
from communique.models import Document

MAX_BYTES = 50 * 1024 * 1024
# Longer than any article (about 50,000 words): a book, a log or a dump is refused, not coded for hours.
MAX_TEXT_CHARS = 300_000
# Markup around the text can be many times its size, but a page past this is not an article page.
MAX_HTML_CHARS = 20_000_000
# Control characters (not tab or line breaks), and invisible marks that only steer display.
CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
INVISIBLE = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
BYLINE = re.compile(r"^(?:By\s+)?([A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3}):\s+(\S.*)$")
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
FOLDER_SUFFIXES = {".txt", ".html", ".htm", ".xhtml", ".jsonl"}
# Where a furniture line splits into pieces: 'Your email ... published. Required fields are marked *'.
PIECE_BREAK = re.compile(r"[.!?|•·]+\s+|\s+[|•·/]\s+")
COPYRIGHT = re.compile(r"^\s*(?:©|\(c\)\s*\d{4}|copyright\s+(?:©|\(c\)|\d{4}))", re.I)


class IngestError(ValueError):
    """Input that cannot be turned into a document; the message is the reason, in one line."""


@dataclass
class Failure:
    """An input that could not be read, kept in its place in a batch so ids and order survive."""

    source: str
    reason: str
    id: str | None = None


def decode(raw: bytes, source: str = "input") -> str:
    """Bytes to str (see decoding.py); IngestError with the reason when they are not text."""
    try:
        return _decode(raw, source)
    except DecodeError as exc:
        raise IngestError(str(exc)) from None


# --- boilerplate -----------------------------------------------------------------------------

def _line_key(line: str) -> str:
    """Compare lines loosely: case, accents, punctuation and a trailing count do not matter.

    'Comments (12)' -> 'comments', 'Yorum Gönder' -> 'yorum gonder', 'Name *' -> 'name'.
    """
    line = unicodedata.normalize("NFKD", line.replace("©", " copyright ")).casefold()
    if not line.isascii():  # ASCII has no combining marks
        line = "".join(ch for ch in line if not unicodedata.combining(ch))
    line = re.sub(r"[\d\W_]+$", "", line)
    line = _NOT_ALNUM.sub(" ", line)
    return " ".join(line.replace("'", " ").split())


# What _line_key blanks: anything not alphanumeric (str.isalnum is \w less the underscore), space or apostrophe
_NOT_ALNUM = re.compile(r"[^\w ']|_")


@lru_cache(maxsize=1)
def boilerplate_phrases() -> frozenset[str]:
    """Phrases from data/boilerplate.txt plus any boilerplate.txt in $COMMUNIQUE_DATA."""
    phrases: set[str] = set()
    for path in data_paths("boilerplate.txt"):
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip() and not line.lstrip().startswith("#"):
                    phrases.add(_line_key(line))
    phrases.discard("")
    return frozenset(phrases)


def is_boilerplate(line: str) -> bool:
    """A line of page furniture: a known phrase, pieces that are all known phrases, or a copyright notice.

    A short headline-like line led by a known label ('Related: ...', 'Tags: ...') counts too;
    prose (ending in a full stop) never does, so 'Share prices fell.' survives.
    """
    phrases = boilerplate_phrases()
    if COPYRIGHT.match(line):
        return True
    if not _longer_than_any_phrase(line):
        key = _line_key(line)
        if not key or key in phrases:
            return True
    pieces = PIECE_BREAK.split(line.strip())
    if len(pieces) > 1 and not any(_longer_than_any_phrase(p) for p in pieces) and \
            all(not k or k in phrases for k in map(_line_key, pieces)):
        return True
    label, colon, rest = line.partition(":")
    return bool(colon) and len(rest.split()) <= 20 and not line.rstrip().endswith((".", "”", '"')) \
        and _line_key(label) in phrases


_WORD_CHARS = re.compile(r"\w")


def _longer_than_any_phrase(text: str) -> bool:
    """Too many letters to be a furniture phrase: prose lines skip the costly loose comparison."""
    longest = _longest_phrase()
    return len(text) > 2 * longest and len(_WORD_CHARS.findall(text)) > longest + 10


@lru_cache(maxsize=1)
def _longest_phrase() -> int:
    return max((len(p) for p in boilerplate_phrases()), default=0)


def clean_text(text: str) -> str:
    """Normalise newlines and spaces, drop furniture lines, keep paragraphs apart by one blank line."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("\u00a0", " ").replace("\t", " ").replace("\u2028", "\n").replace("\u2029", "\n")
    text = INVISIBLE.sub("", text)
    paragraphs = []
    for line in text.split("\n"):
        line = re.sub(r"[ \u200b\u200c\u200d\ufeff]+", " ", line).strip()
        if line and not is_boilerplate(line):
            paragraphs.append(line)
    return "\n\n".join(paragraphs)


# --- dates -----------------------------------------------------------------------------------

def parse_date(value) -> date | None:
    """A publication date from ISO text, a date/datetime, or words ('24 October 2025')."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    import dateparser

    parsed = dateparser.parse(text, languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first"})
    if parsed is None:
        raise IngestError(f"cannot read the date {text!r} (use YYYY-MM-DD)")
    return parsed.date()


# --- plain text and HTML ---------------------------------------------------------------------

def document_from_text(raw: str, *, id: str = "", title: str | None = None, published=None,
                       url: str | None = None, source: str | None = None, headline: bool = True) -> Document:
    """Plain text; with ``headline`` the first line is the title and a leading 'Author Name: ' is the byline."""
    _check_length(raw, 2 * MAX_TEXT_CHARS, source)  # before cleaning, which only trims spaces and furniture
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").strip("\n").split("\n")
    author = None
    if headline and len(lines) > 1 and lines[0].strip() and len(lines[0]) < 300:
        first = lines[0].strip()
        match = BYLINE.match(first)
        if match and _could_be_a_person(match.group(1)):
            author, first = match.group(1), match.group(2)
        title = title or first
        lines = lines[1:]
    text = clean_text("\n".join(lines))
    if not text:
        raise IngestError(f"{source or 'input'}: no text after cleaning")
    _check_length(text, MAX_TEXT_CHARS, source)
    return Document(text=text, id=id, title=title, author=author, published=parse_date(published),
                    url=url, source=source, language=detect_language(text))


def _could_be_a_person(name: str) -> bool:
    """'South Sudan: fighting resumes' and 'European Union: ...' lead with a place or body, not a byline."""
    from communique.knowledge import knowledge
    from communique.places import geocode

    return geocode(name) is None and all(e.kind == "person" for e in knowledge().lookup(name))


def document_from_html(html: str, *, id: str = "", title: str | None = None, published=None,
                       url: str | None = None, source: str | None = None) -> Document:
    """Main text of a web page through trafilatura; leftover furniture lines are dropped.

    Precise extraction first; when it finds nothing (short pages, text in tables or bare divs),
    a recall-oriented pass, then a plain walk over the page's text blocks without its
    navigation, forms, headers and footers.
    """
    import trafilatura

    where = source or "input"
    _check_length(html, MAX_HTML_CHARS, source)
    html = CONTROL_CHARS.sub("", html)  # lxml refuses them in text it is given back (found by fuzzing)
    options = dict(url=url, include_comments=False, with_metadata=True, prune_xpath=_FORM_CONTROLS,
                   date_extraction_params=_DATES_FROM_MARKUP)
    result = trafilatura.bare_extraction(html, include_tables=False, favor_precision=True, **options)
    text = clean_text(result.text) if result is not None and result.text else ""
    if not text:
        result = trafilatura.bare_extraction(html, include_tables=True, favor_recall=True, **options)
        text = clean_text(result.text) if result is not None and result.text else ""
    if not text:
        text = clean_text(_html_blocks(html))
    if result is None:
        result = trafilatura.extract_metadata(html, default_url=url, extensive=False)
    page_title = getattr(result, "title", None)
    author = getattr(result, "author", None)
    text = _drop_repeated_header(text, title or page_title, author)
    if not text:
        raise IngestError(f"{where}: no article text found in the HTML" + _depth_note(html))
    _check_length(text, MAX_TEXT_CHARS, source)
    page_date = getattr(result, "date", None)
    try:
        when = parse_date(published if published is not None else page_date)
    except IngestError:
        when = None  # a page's unreadable date is not the reader's fault; coding goes on without it
    return Document(text=text, id=id, title=title or page_title, author=author, published=when,
                    url=url or getattr(result, "url", None), source=source, language=detect_language(text))


# Form controls never hold article text (whole <form>s can: ASP.NET wraps entire pages in one).
_FORM_CONTROLS = ["//button", "//label", "//select", "//textarea", "//input"]
# Dates from the page's markup (meta tags, <time>), not guessed from text: a footer's
# '© 2025' must not become a publication date of 1 January.
_DATES_FROM_MARKUP = {"extensive_search": False, "original_date": True}
_NOT_TEXT = ("head", "script", "style", "noscript", "template", "svg", "nav", "header", "footer", "aside",
             "button", "select", "label", "textarea", "input", "iframe", "figure")
_BLOCKS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "blockquote", "pre", "div", "section",
           "article", "main", "br", "tr", "dd", "dt")


def _check_length(text: str, limit: int, source: str | None) -> None:
    if len(text) > limit:
        raise IngestError(f"{source or 'input'}: too long for an article ({len(text):,} characters; "
                          f"the limit is {limit:,})")


def _depth_note(html: str) -> str:
    """Why a page gave no text, when the reason is markup nested past what the parser follows."""
    import lxml.html

    parser = lxml.html.HTMLParser(huge_tree=True)
    try:
        lxml.html.document_fromstring(html, parser=parser)
    except Exception:  # lxml raises several types for hopeless markup
        return ""
    deep = any("Excessive depth" in str(error) for error in parser.error_log)
    return f" (elements nested more than {HTML_DEPTH} deep)" if deep else ""


HTML_DEPTH = 2048  # libxml2's limit with huge_tree; without it, 256 (deep <div> soups go past that)


def _html_blocks(html: str) -> str:
    """Last resort: the page's visible text, one block a line, without page furniture elements."""
    import lxml.html

    try:
        root = lxml.html.document_fromstring(html, parser=lxml.html.HTMLParser(huge_tree=True))
    except Exception:  # lxml raises several types for hopeless markup
        return ""
    for element in list(root.iter(*_NOT_TEXT)):
        if element.getparent() is not None:
            element.drop_tree()
    for element in root.iter(*_BLOCKS):
        element.tail = "\n" + (element.tail or "")
        if element.tag != "br":
            element.text = "\n" + (element.text or "")
    body = root.find("body")
    return (body if body is not None else root).text_content()


def _drop_repeated_header(text: str, title: str | None, author: str | None) -> str:
    """Pages often repeat the headline and 'By Author' at the top of the body; the title field has them."""
    paragraphs = text.split("\n\n")
    header_keys = {_line_key(title or ""), _line_key(author or ""), _line_key(f"by {author}") if author else ""}
    header_keys.discard("")
    while len(paragraphs) > 1 and _line_key(paragraphs[0]) in header_keys:
        paragraphs.pop(0)
    return "\n\n".join(paragraphs)


def looks_like_feed_xml(text: str) -> bool:
    head = text[:1000].lstrip().lower()
    return head.startswith("<?xml") and any(tag in head for tag in ("<rss", "<feed", "<rdf:rdf")) \
        or head.startswith(("<rss", "<feed"))


def looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head or ("<body" in head and "</" in head)


# --- paths, stdin, batches -------------------------------------------------------------------

def read_path(path: str, *, published=None, title=None, url=None) -> Iterator[Document | Failure]:
    """Documents from one path ('-' is stdin, a folder is its .txt/.html/.jsonl files in name order).

    JSONL yields one item per line, failures included, in order.
    """
    if path == "-":
        raw = sys.stdin.buffer.read()
        source, suffix = "<stdin>", ""
    else:
        p = Path(path)
        if p.is_dir():
            for child in sorted(c for c in p.iterdir() if c.is_file() and c.suffix.lower() in FOLDER_SUFFIXES):
                yield from read_path(str(child), published=published, title=title, url=url)
            return
        if not p.is_file():
            yield Failure(path, f"{path}: no such file" if not p.exists() else f"{path}: not a file", p.stem)
            return
        if p.stat().st_size > MAX_BYTES:
            yield Failure(path, f"{path}: larger than {MAX_BYTES // (1024 * 1024)} MB", p.stem)
            return
        try:
            raw = p.read_bytes()
        except OSError as exc:
            yield Failure(path, f"{path}: cannot read ({exc.strerror or exc})", p.stem)
            return
        source, suffix = path, p.suffix.lower()
    doc_id = Path(path).stem if path != "-" else "stdin"
    try:
        text = decode(raw, source)
    except IngestError as exc:
        yield Failure(source, str(exc), doc_id)
        return
    if suffix == ".jsonl":
        yield from read_jsonl(text, source, published=published)
        return
    if looks_like_feed_xml(text):
        yield Failure(source, f"{source}: an RSS/Atom feed, not an article (give its URL to communique ingest)",
                      doc_id)
        return
    try:
        if suffix in HTML_SUFFIXES or looks_like_html(text):
            yield document_from_html(text, id=doc_id, title=title, published=published, url=url, source=source)
        else:
            yield document_from_text(text, id=doc_id, title=title, published=published, url=url, source=source)
    except IngestError as exc:
        yield Failure(source, str(exc), doc_id)


def read_jsonl(text: str, source: str, published=None) -> Iterator[Document | Failure]:
    """One ``{"id", "text", "published", "title", "url"}`` object a line; a bad line becomes a Failure.

    ``published`` is the date for lines that do not give their own.
    """
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Failure(where, f"{where}: not valid JSON ({exc.msg})")
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            yield Failure(where, f"{where}: a line needs an object with a \"text\" string", _str_id(record))
            continue
        doc_id = _str_id(record) or f"{Path(source).stem}-{number}"
        fields = dict(id=doc_id, title=record.get("title"), url=record.get("url"), source=where)
        try:
            if looks_like_html(record["text"]):
                document = document_from_html(record["text"], published=record.get("published") or published,
                                              **fields)
            else:
                document = document_from_text(record["text"], published=record.get("published") or published,
                                              headline=False, **fields)
            document.outlet = record.get("outlet") if isinstance(record.get("outlet"), str) else None
            yield document
        except IngestError as exc:
            reason = str(exc) if str(exc).startswith(where) else f"{where}: {exc}"
            yield Failure(where, reason, doc_id)


def _str_id(record) -> str | None:
    if isinstance(record, dict) and record.get("id") is not None:
        return str(record["id"])
    return None
