"""Rendering coded documents: JSON, JSONL (docs/output.md), and Rich tables for people."""
from __future__ import annotations

import json
from typing import IO

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from communique import codebook
from communique.models import CodedDocument


def write_json(coded: list[CodedDocument], out: IO[str]) -> None:
    """One document is one object; several are a list of them."""
    payload = [c.to_dict() for c in coded]
    json.dump(payload[0] if len(payload) == 1 else payload, out, ensure_ascii=False, indent=1)
    out.write("\n")


def write_jsonl(coded: CodedDocument, out: IO[str]) -> None:
    out.write(json.dumps(coded.to_dict(), ensure_ascii=False) + "\n")


def _clip(text: str, width: int) -> Text:
    """Article words as plain Text: '[The war]' in a quote is not Rich markup."""
    text = " ".join(text.split())
    return Text(text if len(text) <= width else text[: width - 1] + "…")


def print_table(coded: CodedDocument, console: Console) -> None:
    doc = coded.document
    if coded.error:
        console.print(f"[red]✗ {escape(doc.source or doc.id)}: {escape(coded.error)}[/red]")
        return
    console.rule(f"[bold]{escape(doc.title or doc.id)}")
    meta = [f"published {doc.published or 'unknown'}", f"{len(coded.actors)} actors", f"{len(coded.events)} events",
            f"{len(coded.quotes)} quotes"]
    if doc.author:
        meta.insert(0, f"by {doc.author}")
    if coded.tone:
        meta.append(f"tone {coded.tone.score:+.1f}")
    console.print(Text(" · ".join(meta), style="dim"))

    actors = {a.id: a for a in coded.actors}
    places = {p.id: p for p in coded.places}
    events = Table(title="Events", show_lines=False, expand=True)
    for col, style in (("date", "cyan"), ("source", "bold"), ("target", "bold"), ("CAMEO", "magenta"),
                       ("PLOVER", None), ("Gold.", None), ("place", None), ("evidence", "dim")):
        events.add_column(col, style=style, no_wrap=col != "evidence",
                          justify="right" if col == "Gold." else "left")
    for e in coded.events:
        src = actors.get(e.source)
        tgt = actors.get(e.target)
        info = codebook.lookup(e.cameo)
        sentence = doc.text[e.sentence[0]:e.sentence[1]]
        trigger_at = e.trigger[0] - e.sentence[0]
        evidence = _clip(sentence, 140)
        if 0 <= trigger_at < 139:
            evidence.stylize("bold yellow", trigger_at, min(139, trigger_at + e.trigger[1] - e.trigger[0]))
        events.add_row(
            (e.date or "") + ("" if e.date_precision in ("day", "week", "month", "year") else f" ({e.date_precision})"),
            _clip(src.name, 22) + f" {e.source_code}" if src else "—",
            _clip(tgt.name, 22) + f" {e.target_code}" if tgt else "—",
            Text(f"{e.cameo} ") + _clip(info.description, 28) + (" (neg)" if e.negated else ""),
            e.plover or "", f"{e.goldstein:+.1f}", _clip(places[e.place].name, 30) if e.place in places else "",
            evidence)
    console.print(events)

    quotes = Table(title="Quotes", expand=True)
    for col in ("speaker", "kind", "via", "quote"):
        quotes.add_column(col, no_wrap=col != "quote", style="bold" if col == "speaker" else None)
    for q in coded.quotes:
        quotes.add_row(_clip(q.speaker_name or "?", 28), q.kind, _clip(q.via or "", 30), _clip(q.text, 160))
    console.print(quotes)
