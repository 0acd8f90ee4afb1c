"""CAMEO codebook: descriptions, Goldstein weights, PLOVER type/mode and quad class per code."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from communique.datafiles import DATA_DIR, read_table


@dataclass(frozen=True)
class CodeInfo:
    cameo: str
    root: str
    description: str
    goldstein: float
    plover: str | None
    plover_mode: str | None
    quad_class: int


def quad_class(root: str) -> int:
    """GDELT's quad classes: 01-05 verbal coop, 06-09 material coop, 10-14 verbal conflict, 15-20 material conflict."""
    r = int(root)
    return 1 if r <= 5 else 2 if r <= 9 else 3 if r <= 14 else 4


@lru_cache(maxsize=1)
def _plover_table() -> dict[str, tuple[str, str | None]]:
    table: dict[str, tuple[str, str | None]] = {}
    for line in (DATA_DIR / "cameo_plover.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if ":" not in line or not line[:2].isdigit():
            continue
        code, rest = (p.strip() for p in line.split(":", 1))
        parts = [p.strip() for p in rest.split(",")]
        mode = parts[1] if len(parts) > 1 and parts[1] else None
        table.setdefault(code, (parts[0], mode))  # root 08 is listed twice: keep the first (CONCEDE)
    for row in read_table("plover_supplement.tsv"):
        table.setdefault(row["cameo"], (row["plover"], row.get("mode") or None))
    return table


@lru_cache(maxsize=1)
def _descriptions() -> dict[str, str]:
    return {r["CAMEOEVENTCODE"]: r["EVENTDESCRIPTION"] for r in read_table("cameo_codes.tsv")}


@lru_cache(maxsize=1)
def _goldstein() -> dict[str, float]:
    return {r["CAMEOEVENTCODE"]: float(r["GOLDSTEINSCALE"]) for r in read_table("goldstein.tsv")}


def is_code(code: str) -> bool:
    return code in _descriptions() and len(code) >= 2 and code[:2].isdigit() and len(code) > 1


def _fallback(table: dict, code: str):
    """Look a code up, falling back to its 3-digit parent and then its root."""
    for key in (code, code[:3], code[:2]):
        if key in table:
            return table[key]
    return None


@lru_cache(maxsize=None)
def lookup(code: str) -> CodeInfo:
    if not is_code(code):
        raise KeyError(f"not a CAMEO event code: {code!r}")
    root = code[:2]
    plover = _fallback(_plover_table(), code)
    return CodeInfo(
        cameo=code,
        root=root,
        description=_descriptions()[code],
        goldstein=_fallback(_goldstein(), code) or 0.0,
        plover=plover[0] if plover else None,
        plover_mode=plover[1] if plover else None,
        quad_class=quad_class(root),
    )


def all_codes() -> list[str]:
    return [c for c in _descriptions() if len(c) >= 2 and c[:2].isdigit()]


def cameo_name(code: str) -> str:
    """The codebook's description of a code, or '' for a code it does not know."""
    return _descriptions().get(code, "")
