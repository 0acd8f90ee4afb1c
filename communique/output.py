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
    # one line per event: who (code), what (CAMEO), to whom, when, where, and the words that say it
    events = Table(title="Events", expand=True, show_lines=True)
    events.add_column("when", style="cyan", no_wrap=True)
    events.add_column("who → whom", no_wrap=False, ratio=2)
    events.add_column("event", style="magenta", ratio=2)
    events.add_column("evidence", style="dim", ratio=4)
    for e in coded.events:
        src, tgt = actors.get(e.source), actors.get(e.target)
        info = codebook.lookup(e.cameo)
        sentence = doc.text[e.sentence[0]:e.sentence[1]]
        trigger_at = e.trigger[0] - e.sentence[0]
        evidence = _clip(sentence, 220)
        if 0 <= trigger_at < 219:
            evidence.stylize("bold yellow", trigger_at, min(219, trigger_at + e.trigger[1] - e.trigger[0]))
        when = (e.date or "") + ("" if e.date_precision in ("day", "week", "month", "year") else "*")
        where = places[e.place].name if e.place in places else ""
        who = Text(f"{e.source_code or '?'}", style="bold") + Text(f" {_clip(src.name, 24)}" if src else "")
        who += Text("\n→ ") + Text(f"{e.target_code or '—'}", style="bold") + Text(f" {_clip(tgt.name, 24)}" if tgt else "")
        what = Text(f"{e.cameo} ") + _clip(info.description, 40)
        what += Text(f"\n{e.plover or '—'} · {e.goldstein:+.1f}" + (f" · {where}" if where else "") + (" · negated" if e.negated else ""),
                     style="dim")
        events.add_row(when, who, what, evidence)
    console.print(events)
    if any(e.date_precision in ("lead", "article") for e in coded.events):
        console.print(Text("* no date in the sentence: the day of the story's lead event, or else the publication date",
                           style="dim"))

    quotes = Table(title="Quotes", expand=True)
    quotes.add_column("speaker", style="bold", ratio=1)
    quotes.add_column("kind", no_wrap=True)
    quotes.add_column("quote", ratio=4)
    for q in coded.quotes:
        speaker = _clip(q.speaker_name or "?", 28) + (Text(f"\nvia {q.via}", style="dim") if q.via else Text(""))
        quotes.add_row(speaker, q.kind, _clip(q.text, 240))
    console.print(quotes)


def print_rows(rows: list[dict], format: str, out: IO[str], *, title: str | None = None,
               columns: list[str] | None = None, console: Console | None = None) -> None:
    """Query results as a table (for reading), CSV or JSON (for programs)."""
    import csv

    columns = columns or (list(rows[0]) if rows else [])
    if format == "json":
        json.dump(rows, out, ensure_ascii=False, indent=1, default=str)
        out.write("\n")
    elif format == "csv":
        writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    else:
        table = Table(title=title, expand=True)
        for column in columns:  # short values (codes, dates, counts) stay on one line; text wraps
            widest = max((len(str(row.get(column) or "")) for row in rows), default=0)
            table.add_column(column.replace("_", " "), overflow="fold", no_wrap=widest <= 16,
                             ratio=None if widest <= 16 else min(widest, 80))
        for row in rows:
            table.add_row(*[Text("" if row.get(c) is None else str(row.get(c))) for c in columns])
        (console or Console(width=160)).print(table)
