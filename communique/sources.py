"""What ``communique ingest SOURCE…`` reads: files, folders (recursively), globs, article URLs
and RSS/Atom feed URLs, each turned into documents or failures, in a stable order.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from communique.fetch import is_url, read_url
from communique.ingest import FOLDER_SUFFIXES, Failure, read_path
from communique.models import Document

GLOB_CHARS = frozenset("*?[")


def expand_paths(source: str) -> list[str] | None:
    """The files a path, folder or glob stands for (sorted); None for a URL."""
    if is_url(source):
        return None
    if GLOB_CHARS & set(source):
        files = [f for m in _glob(source) for f in (_walk(m) if os.path.isdir(m) else [m])]
        return _once_each(files)
    if os.path.isdir(source):
        return _walk(source)
    return [source]


def _glob(pattern: str) -> list[str]:
    """What a glob matches, '**' included, without following links to folders.

    glob.glob follows them, and a folder holding two links back up to itself makes it run for
    ever; pathlib's '**' does not follow links. Hidden files stay out, as with glob.glob.
    """
    parts = Path(pattern).parts
    first_magic = next(i for i, part in enumerate(parts) if GLOB_CHARS & set(part))
    base = Path(*parts[:first_magic]) if first_magic else Path()
    rest = str(Path(*parts[first_magic:]))
    try:
        matches = list(base.glob(rest))
    except (OSError, ValueError):  # an unreadable folder, or a pattern pathlib cannot take
        return []
    return [str(m) for m in matches if not any(part.startswith(".") for part in m.parts[first_magic:])]


def _once_each(paths: list[str]) -> list[str]:
    """'**' follows links to folders, so one file can match many times: keep its shortest path."""
    seen: set[str] = set()
    kept = []
    for path in sorted(paths, key=lambda p: (p.count(os.sep), p)):
        real = os.path.realpath(path)
        if real not in seen:
            seen.add(real)
            kept.append(path)
    return sorted(kept)


def _walk(folder: str) -> list[str]:
    """Article files under a folder; symbolic links to folders are not followed (no loops)."""
    found = []
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs.sort()
        found.extend(os.path.join(root, name) for name in sorted(files)
                     if Path(name).suffix.lower() in FOLDER_SUFFIXES and not name.startswith("."))
    return found


def estimate(sources: Iterable[str]) -> int:
    """About how many documents the sources hold (a JSONL file counts its lines; a feed counts 1)."""
    total = 0
    for source in sources:
        paths = expand_paths(source)
        if paths is None:
            total += 1
            continue
        for path in paths:
            if path.lower().endswith(".jsonl"):
                try:
                    with open(path, "rb") as handle:
                        total += sum(1 for line in handle if line.strip())
                except OSError:
                    total += 1
            else:
                total += 1
    return total


def read_sources(sources: Iterable[str], *, allow_private: bool = False, published=None) -> Iterator[Document | Failure]:
    for source in sources:
        paths = expand_paths(source)
        if paths is None:
            yield from read_url(source, allow_private=allow_private)
        elif not paths:
            yield Failure(source, f"{source}: nothing matches")
        else:
            for path in paths:
                yield from read_path(path, published=published)
