"""The command line: a thin layer over the library.

    communique code ARTICLE.txt --published 2025-10-24
    communique code page.html --format json > coded.json
    communique code batch.jsonl --format jsonl
    cat story.txt | communique code - --published 2025-10-24
    communique eval ../shared/gold/sentences.jsonl --errors
"""
from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode="rich",
                  help="Turn news articles into political event data: actors, CAMEO/PLOVER events, quotes.")
err = Console(stderr=True)


class Format(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"


@app.command()
def code(
    paths: list[str] = typer.Argument(..., metavar="PATH...",
                                      help="Articles: .txt (first line is the headline), .html/.htm, .jsonl "
                                           "(one {id,text,published,title,url} a line), or - for stdin."),
    published: Optional[str] = typer.Option(None, "--published", "-p",
                                            help="Publication date (YYYY-MM-DD) for relative dates like 'on Monday'."),
    title: Optional[str] = typer.Option(None, help="Headline, when the file does not give one."),
    url: Optional[str] = typer.Option(None, help="Where the article came from."),
    format: Format = typer.Option(Format.table, "--format", "-f", help="table for people, json or jsonl for programs."),
) -> None:
    """Code articles: actors with country+sector codes, CAMEO/PLOVER events with Goldstein scores, quotes.

    Output follows the contract in docs/output.md. Inputs that cannot be read are reported on
    stderr with the reason (and as an {"error": ...} record in json/jsonl); the rest go on.
    """
    from communique.ingest import Failure, parse_date, read_path, IngestError
    from communique.models import CodedDocument, Document
    from communique.output import print_table, write_json, write_jsonl
    from communique.pipeline import code_documents

    try:
        published_date = parse_date(published) if published else None
    except IngestError as exc:
        raise typer.BadParameter(str(exc), param_hint="--published")

    items: list = []
    for path in paths:
        items.extend(read_path(path, published=published_date, title=title, url=url))
    failures = 0
    documents = [i for i in items if not isinstance(i, Failure)]
    with err.status(f"coding {len(documents)} document(s)…", spinner="dots") if format is Format.table and sys.stderr.isatty() else _null():
        coded_docs = iter(code_documents(documents)) if documents else iter(())
        results: list[CodedDocument] = []
        for item in items:
            if isinstance(item, Failure):
                failures += 1
                err.print(f"[red]✗ {item.reason}[/red]")
                results.append(CodedDocument(document=Document(text="", id=item.id or item.source, source=item.source),
                                             error=item.reason))
                continue
            result = next(coded_docs)
            if result.error:
                failures += 1
                err.print(f"[yellow]– {item.source or item.id}: {result.error}[/yellow]")
            results.append(result)
            if format is Format.jsonl:
                write_jsonl(result, sys.stdout)
    if format is Format.json:
        write_json(results, sys.stdout)
    elif format is Format.table:
        console = Console()
        for result in results:
            if result.error is None:
                print_table(result, console)
    if failures and failures == len(items):
        raise typer.Exit(1)


class _null:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


@app.command("eval")
def evaluate_command(
    gold: Path = typer.Argument(..., exists=True, dir_okay=False, help="Gold file: an article .json or a passages .jsonl."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", exists=True, dir_okay=False,
                                          help="Score this coder output (json/jsonl) instead of running the coder."),
    errors: bool = typer.Option(False, "--errors", help="List missed gold events and false events."),
    format: Format = typer.Option(Format.table, "--format", "-f", help="table or json."),
) -> None:
    """Score the coder against a gold file (events P/R/F1, full-code and date accuracy, quotes P/R/F1).

    Scoring follows ../shared/gold/README.md. The last line printed is a one-line summary.
    """
    from communique.evaluate import evaluate, summary_line

    tally = evaluate(gold, output)
    summary = tally.summary()
    if errors:
        summary["misses"] = tally.misses
        summary["false_events"] = tally.false_events
        if tally.people_wrong:
            summary["people_wrong"] = tally.people_wrong
    if format is not Format.table:
        print(json.dumps(summary, ensure_ascii=False, indent=1))
        return
    console = Console()
    console.rule(f"[bold]{gold.name}")
    for key in ("recall_by_root", "recall_by_phenomenon"):
        if key in summary:
            console.print(f"[bold]{key.replace('_', ' ')}[/bold]: " +
                          "  ".join(f"{k} {v}" for k, v in summary[key].items()))
    if errors:
        for miss in tally.misses:
            console.print(f"[red]MISS[/red] {miss['doc'] or ''} {miss['source']}→{miss['target']} {miss['cameo']}: "
                          f"{_short(miss['evidence'])}")
        for false in tally.false_events:
            console.print(f"[yellow]FALSE[/yellow] {false['doc'] or ''} {false['source']}→{false['target']} "
                          f"{false['cameo']} [{false['trigger']}]: {_short(false['sentence'])}")
        if tally.people_wrong:
            console.print(f"[red]PEOPLE WRONG[/red] {', '.join(tally.people_wrong)}")
    console.print(summary_line(summary), soft_wrap=True)


def _short(text, width: int = 150) -> str:
    text = text if isinstance(text, str) else " / ".join(text)
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


if __name__ == "__main__":
    app()
