"""Ingest: turn files, HTML pages, JSONL batches or stdin into clean ``Document`` objects.

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

from communique.datafiles import DATA_DIR
from communique.models import Document

MAX_BYTES = 50 * 1024 * 1024
BYLINE = re.compile(r"^(?:By\s+)?([A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3}):\s+(\S.*)$")
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}


class IngestError(ValueError):
    """Input that cannot be turned into a document; the message is the reason, in one line."""


@dataclass
class Failure:
    source: str
    reason: str
    id: str | None = None


# --- decoding and cleaning -------------------------------------------------------------------

def decode(raw: bytes, source: str = "input") -> str:
    """Bytes to str: UTF-8 (with or without BOM) or UTF-16 with a BOM; anything else is refused."""
    if not raw.strip():
        raise IngestError(f"{source}: empty input")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    if b"\x00" in raw[:4096]:
        raise IngestError(f"{source}: binary data, not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(f"{source}: not valid UTF-8 (byte {exc.start})") from None


@lru_cache(maxsize=1)
def boilerplate_phrases() -> frozenset[str]:
    lines = (DATA_DIR / "boilerplate.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(_line_key(l) for l in lines if l.strip() and not l.startswith("#"))


def _line_key(line: str) -> str:
    """Lower-case, drop punctuation, symbols and trailing counts: 'Comments (12)' -> 'comments'."""
    line = unicodedata.normalize("NFKC", line).casefold()
    line = re.sub(r"[\d\W_]+$", "", line)
    line = "".join(ch if ch.isalnum() or ch in " '" else " " for ch in line)
    return " ".join(line.split())


def is_boilerplate(line: str) -> bool:
    key = _line_key(line)
    return not key or key in boilerplate_phrases()


def clean_text(text: str) -> str:
    """Normalise newlines and spaces, drop furniture lines, keep paragraphs apart by one blank line."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("\u00a0", " ").replace("\t", " ")
    paragraphs = []
    for line in text.split("\n"):
        line = re.sub(r"[ \u200b]+", " ", line).strip()
        if line and not is_boilerplate(line):
            paragraphs.append(line)
    return "\n\n".join(paragraphs)


# --- readers ---------------------------------------------------------------------------------

def parse_date(value) -> date | None:
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
        raise IngestError(f"cannot read the date {text!r}")
    return parsed.date()


def document_from_text(raw: str, *, id: str = "", title: str | None = None, published=None,
                       url: str | None = None, source: str | None = None, headline: bool = True) -> Document:
    """Plain text; with ``headline`` the first line is the title and a leading 'Author Name: ' is the byline."""
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").strip("\n").split("\n")
    author = None
    if headline and len(lines) > 1 and lines[0].strip() and len(lines[0]) < 300:
        first = lines[0].strip()
        match = BYLINE.match(first)
        if match:
            author, first = match.group(1), match.group(2)
        title = title or first
        lines = lines[1:]
    text = clean_text("\n".join(lines))
    if not text:
        raise IngestError(f"{source or 'input'}: no text after cleaning")
    return Document(text=text, id=id, title=title, author=author, published=parse_date(published),
                    url=url, source=source, language=detect_language(text))


def document_from_html(html: str, *, id: str = "", title: str | None = None, published=None,
                       url: str | None = None, source: str | None = None) -> Document:
    """Main text of a web page through trafilatura; leftover furniture lines are dropped."""
    import trafilatura

    result = trafilatura.bare_extraction(html, url=url, include_comments=False, include_tables=False,
                                         with_metadata=True, favor_precision=True)
    if result is None or not (result.text or "").strip():
        raise IngestError(f"{source or 'input'}: no article text found in the HTML")
    text = clean_text(result.text)
    if not text:
        raise IngestError(f"{source or 'input'}: no article text found in the HTML")
    page_date = None
    if published is None and result.date:
        page_date = result.date
    return Document(text=text, id=id, title=title or result.title, author=result.author,
                    published=parse_date(published if published is not None else page_date),
                    url=url or result.url, source=source, language=detect_language(text))


def looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head or ("<body" in head and "</" in head)


def read_path(path: str, *, published=None, title=None, url=None) -> Iterator[Document | Failure]:
    """Documents from one path ('-' is stdin). JSONL yields one per line, failures included in order."""
    if path == "-":
        raw = sys.stdin.buffer.read()
        source, suffix = "<stdin>", ".txt"
    else:
        p = Path(path)
        if not p.is_file():
            yield Failure(path, f"{path}: no such file" if not p.exists() else f"{path}: not a file")
            return
        if p.stat().st_size > MAX_BYTES:
            yield Failure(path, f"{path}: larger than {MAX_BYTES // (1024 * 1024)} MB")
            return
        raw, source, suffix = p.read_bytes(), path, p.suffix.lower()
    try:
        text = decode(raw, source)
    except IngestError as exc:
        yield Failure(source, str(exc))
        return
    if suffix == ".jsonl":
        yield from read_jsonl(text, source)
        return
    doc_id = Path(path).stem if path != "-" else "stdin"
    try:
        if suffix in HTML_SUFFIXES or looks_like_html(text):
            yield document_from_html(text, id=doc_id, title=title, published=published, url=url, source=source)
        else:
            yield document_from_text(text, id=doc_id, title=title, published=published, url=url, source=source)
    except IngestError as exc:
        yield Failure(source, str(exc), doc_id)


def read_jsonl(text: str, source: str) -> Iterator[Document | Failure]:
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
        try:
            body = record["text"]
            if looks_like_html(body):
                doc = document_from_html(body, id=doc_id, title=record.get("title"), published=record.get("published"),
                                         url=record.get("url"), source=where)
            else:
                doc = document_from_text(body, id=doc_id, title=record.get("title"), published=record.get("published"),
                                         url=record.get("url"), source=where, headline=False)
            yield doc
        except IngestError as exc:
            yield Failure(where, str(exc), doc_id)


def _str_id(record) -> str | None:
    if isinstance(record, dict) and record.get("id") is not None:
        return str(record["id"])
    return None


# --- language --------------------------------------------------------------------------------

_ENGLISH = frozenset("the of and to in a is that for on with as by at from was were said has have it its be "
                     "an are this which not but or will would after their they he she his her".split())


def detect_language(text: str) -> str:
    """'en' when English function words are common; 'und' otherwise (undetermined, not coded as English)."""
    words = re.findall(r"[^\W\d_]+", text[:20000].lower())
    if len(words) < 8:
        return "en"
    share = sum(w in _ENGLISH for w in words) / len(words)
    return "en" if share >= 0.08 else "und"
