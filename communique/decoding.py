"""Bytes to text: UTF-8, UTF-16 (with or without a BOM), a web page's declared charset, or a
legacy 8-bit file (Latin-1 / Windows-1252); anything else is refused with a one-line reason that
says what the bytes look like (a PDF, an image, an archive, ...).
"""
from __future__ import annotations

import re

# Leading bytes of formats that are often saved or served where an article was expected.
SIGNATURES = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"PK\x03\x04", "a ZIP archive (or a Word/ODF document)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x7fELF", "a program (ELF)"),
    (b"RIFF", "audio or video (RIFF)"),
    (b"OggS", "audio or video (Ogg)"),
    (b"ID3", "MP3 audio"),
    (b"SQLite format 3\x00", "an SQLite database"),
)
# A page's own declaration of a legacy encoding (windows-1251, iso-8859-9, ...).
DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.I)
# Control bytes that never occur in text (tab, line feed, form feed and carriage return do).
CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")
# A well-formed UTF-8 multi-byte sequence: a file holding one is UTF-8 that went wrong, not Latin-1.
UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


class DecodeError(ValueError):
    """Bytes that are not text in an encoding we can tell; the message is the reason, in one line."""


def decode(raw: bytes, source: str = "input") -> str:
    """Bytes to str, or ``DecodeError`` saying why not."""
    if not raw.strip():
        raise DecodeError(f"{source}: empty input")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise DecodeError(f"{source}: broken UTF-16 text") from None
    for signature, kind in SIGNATURES:
        if raw.startswith(signature):
            raise DecodeError(f"{source}: binary data ({kind}), not text")
    head = raw[:4096]
    if b"\x00" in head:
        utf16 = _utf16_without_bom(raw)
        if utf16 is None:
            raise DecodeError(f"{source}: binary data, not text")
        return utf16
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = exc.start
    declared = DECLARED_CHARSET.search(head)
    if declared and declared.group(1).lower() not in (b"utf-8", b"utf8"):
        try:
            return raw.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    legacy = _legacy_8bit(raw)
    if legacy is not None:
        return legacy
    raise DecodeError(f"{source}: not valid UTF-8 (bad byte at offset {bad})")


def _utf16_without_bom(raw: bytes) -> str | None:
    """UTF-16 saved without a BOM: mostly-ASCII text has a NUL in every other byte."""
    sample = raw[:4096]
    even, odd = sample[0::2], sample[1::2]
    for encoding, nuls, chars in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if nuls.count(0) > 0.9 * len(nuls) and chars.count(0) < 0.01 * len(chars) + 1:
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError:
                return None
            return text if not CONTROL_BYTES.search(text[:4096].encode("utf-8", "replace")) else None
    return None


def _legacy_8bit(raw: bytes) -> str | None:
    """Latin-1 / Windows-1252 text: no control bytes and no UTF-8 sequence anywhere.

    Windows-1252 is Latin-1 with curly quotes and dashes in 0x80-0x9f; its five unassigned
    bytes stay as Latin-1 reads them, so nothing is lost.
    """
    if CONTROL_BYTES.search(raw) or UTF8_SEQUENCE.search(raw):
        return None
    return raw.decode("latin-1").translate(_CP1252_C1)


def _cp1252(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)


_CP1252_C1 = {byte: _cp1252(byte) for byte in range(0x80, 0xA0)}
