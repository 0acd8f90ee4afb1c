"""Reading the TSV data files under communique/data (and user overrides).

All tables share one format: UTF-8, tab-separated, `#` comment lines, a header row,
multi-valued cells separated by `|`. A user extends a table by dropping a file with the
same name into the directory named by ``$COMMUNIQUE_DATA`` (its rows are added).
"""
from __future__ import annotations

import csv
import os
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def data_paths(name: str) -> list[Path]:
    """The bundled table plus any user table of the same name."""
    paths = [DATA_DIR / name]
    extra = os.environ.get("COMMUNIQUE_DATA")
    if extra:
        for folder in extra.split(os.pathsep):
            candidate = Path(folder) / name
            if candidate.is_file():
                paths.append(candidate)
    return paths


@lru_cache(maxsize=None)
def read_table(name: str) -> tuple[dict[str, str], ...]:
    """Rows of a TSV table as dicts (header from the first non-comment line)."""
    rows: list[dict[str, str]] = []
    for path in data_paths(name):
        if not path.is_file():
            continue
        with path.open(encoding="utf-8", newline="") as handle:
            lines = (line for line in handle if line.strip() and not line.startswith("#"))
            reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
            for row in reader:
                rows.append({k.strip(): (v or "").strip() for k, v in row.items() if k})
    return tuple(rows)


def split_values(cell: str | None) -> list[str]:
    return [v.strip() for v in (cell or "").split("|") if v.strip()]
