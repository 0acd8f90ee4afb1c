"""The command line: a thin layer over the library (ingest -> pipeline -> output, evaluate).

    communique code ARTICLE.txt --published 2025-10-24
    communique code page.html --format json > coded.json
    communique code batch.jsonl --format jsonl
    cat story.txt | communique code - --published 2025-10-24
    communique eval ../shared/gold/sentences.jsonl --errors
"""
from __future__ import annotations

import json
import os
import sys
from contextlib import nullcontext
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode="rich", help="""\
Turn news articles into political event data: actors with CAMEO codes, CAMEO/PLOVER events with
Goldstein scores, and quotes with their speakers. Everything runs offline.

  communique code article.txt --published 2025-10-24
  communique eval gold/article.json --errors

Run [bold]communique COMMAND --help[/bold] for each command's options and examples.""")
err = Console(stderr=True, highlight=False, soft_wrap=True)  # a reason stays on one line, even in logs


class Format(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"


class EvalFormat(str, Enum):
    table = "table"
    json = "json"


def fail(message: str, code: int = 2) -> typer.Exit:
    """One clear line on stderr; the caller raises the returned Exit."""
    err.print(f"[red]error:[/red] {escape(message)}")
    return typer.Exit(code)


@app.command()
def code(
    paths: list[str] = typer.Argument(..., metavar="PATH...", show_default=False,
                                      help="Articles: .txt (first line is the headline, 'Author Name: ' before it is "
                                           "the byline), .html/.htm (main text only), .jsonl (one "
                                           "{id,text,published,title,url} a line), a folder of those, or - for stdin."),
    published: Optional[str] = typer.Option(None, "--published", "-p", metavar="DATE",
                                            help="Publication date (YYYY-MM-DD); relative dates like 'on Monday' "
                                                 "resolve against it. A web page's own date is used when omitted."),
    title: Optional[str] = typer.Option(None, help="Headline, when the file does not give one."),
    url: Optional[str] = typer.Option(None, help="Where the article came from (kept in the output)."),
    format: Format = typer.Option(Format.table, "--format", "-f",
                                  help="table: events and quotes for reading; json: one object (a list for "
                                       "several documents); jsonl: one object a line, in input order."),
    workers: int = typer.Option(1, "--workers", "-w", min=1,
                                help="Coding processes for large batches (each loads the model once)."),
) -> None:
    """Code articles: actors, CAMEO/PLOVER events with Goldstein scores, and quotes.

    [bold]Examples[/bold]

      communique code article.txt --published 2025-10-24
      communique code page.html --format json > coded.json
      communique code batch.jsonl --format jsonl > coded.jsonl
      cat story.txt | communique code - -p 2025-10-24 -f json

    JSON output follows docs/output.md: every span is a [start, end) offset into "text".
    An input that cannot be read or coded is reported on stderr with its reason (and as a
    record with an "error" key in json/jsonl); the others go on. The exit status is 1 only
    when every input failed.
    """
    from communique.ingest import Failure, IngestError, parse_date, read_path
    from communique.models import CodedDocument, Document
    from communique.output import print_table, write_json, write_jsonl
    from communique.batch import coded_stream

    try:
        published_date = parse_date(published) if published else None
    except IngestError as exc:
        raise typer.BadParameter(str(exc), param_hint="--published")

    items = [item for path in paths for item in read_path(path, published=published_date, title=title, url=url)]
    documents = [item for item in items if not isinstance(item, Failure)]
    showing_spinner = format is Format.table and sys.stderr.isatty()
    results: list[CodedDocument] = []
    failures = 0
    try:
        with err.status(f"coding {len(documents)} document(s)…") if showing_spinner else nullcontext():
            coded = coded_stream(iter(documents), workers) if documents else iter(())
            for item in items:
                if isinstance(item, Failure):
                    err.print(f"[red]✗[/red] {escape(item.reason)}")
                    unread = Document(text="", id=item.id or item.source, source=item.source, language="und")
                    result = CodedDocument(unread, error=item.reason)
                else:
                    result = next(coded)
                    if result.error:
                        err.print(f"[yellow]–[/yellow] {escape(item.source or item.id)}: {escape(result.error)}")
                failures += result.error is not None
                results.append(result)
                if format is Format.jsonl:  # stream: a long batch shows progress line by line
                    write_jsonl(result, sys.stdout)
                    sys.stdout.flush()
    except RuntimeError as exc:  # the spaCy model is missing or broken
        raise fail(str(exc))
    if format is Format.json:
        write_json(results, sys.stdout)
    elif format is Format.table:
        console = Console(width=max(Console().width, 120))  # tables need room; pipes default to 80
        for result in results:
            if result.error is None:
                print_table(result, console)
    if failures == len(items):
        raise typer.Exit(1)


@app.command("eval")
def evaluate_command(
    gold: Path = typer.Argument(..., exists=True, show_default=False,
                                help="Gold file: an article .json (with a \"file\" to code) or a passages .jsonl; "
                                     "or a folder of them, scored together."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", exists=True, dir_okay=False,
                                          help="Score this coder output (from code --format json/jsonl) "
                                               "instead of running the coder."),
    errors: bool = typer.Option(False, "--errors", help="List missed gold events and false events."),
    format: EvalFormat = typer.Option(EvalFormat.table, "--format", "-f", help="table for reading, json for programs."),
) -> None:
    """Score the coder against a gold file: events P/R/F1, full-code and date accuracy, quotes P/R/F1.

    [bold]Examples[/bold]

      communique eval ../shared/gold/eurasianet-kazakhstan-uzbekistan-ukraine.json
      communique eval ../shared/gold/sentences.jsonl --errors
      communique code batch.jsonl -f jsonl > out.jsonl && communique eval gold.jsonl -o out.jsonl

    Matching follows ../shared/gold/README.md. The last line printed is a one-line summary,
    starting "events P=… R=… F1=…".
    """
    from communique.evaluate import evaluate, summary_line

    try:
        tally = evaluate(gold, output)
    except (RuntimeError, FileNotFoundError, KeyError, ValueError) as exc:  # JSONDecodeError is a ValueError
        raise fail(f"{gold}: {exc}")
    summary = tally.summary()
    if errors:
        summary["misses"] = tally.misses
        summary["false_events"] = tally.false_events
        if tally.people_wrong:
            summary["people_wrong"] = tally.people_wrong
    if format is EvalFormat.json:
        print(json.dumps(summary, ensure_ascii=False, indent=1))
        return
    console = Console(highlight=False)
    console.rule(f"[bold]{escape(gold.name)}")
    for key in ("recall_by_root", "recall_by_phenomenon"):
        if key in summary:
            console.print(f"[bold]{key.replace('_', ' ')}[/bold]: " +
                          "  ".join(f"{k} {v}" for k, v in summary[key].items()))
    if errors:
        for miss in tally.misses:
            console.print(f"[red]MISS[/red] {escape(miss['doc'] or '')} {miss['source']}→{miss['target']} "
                          f"{miss['cameo']}: {escape(_short(miss['evidence']))}")
        for false in tally.false_events:
            console.print(f"[yellow]FALSE[/yellow] {escape(false['doc'] or '')} {false['source']}→{false['target']} "
                          f"{false['cameo']} \\[{escape(false['trigger'])}]: {escape(_short(false['sentence']))}")
        if tally.people_wrong:
            console.print(f"[red]PEOPLE WRONG[/red] {escape(', '.join(tally.people_wrong))}")
    console.print(summary_line(summary), soft_wrap=True, markup=False)


def _short(text, width: int = 150) -> str:
    text = text if isinstance(text, str) else " / ".join(text)
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


from communique import cli_store  # noqa: E402,F401  (registers the database commands on ``app``)
from communique import cli_serve  # noqa: E402,F401  (registers ``serve``)


def main() -> None:
    """The ``communique`` command: every error is one line on stderr, never a Python traceback.

    Expected problems are reported by the commands themselves; this catches the rest (a full disk
    under the output, a bug). COMMUNIQUE_DEBUG=1 lets the traceback through, for a bug report.
    """
    try:
        app(prog_name="communique")
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        if os.environ.get("COMMUNIQUE_DEBUG"):
            raise
        message = " ".join(str(exc).split())[:300]
        if isinstance(exc, OSError):
            err.print(f"[red]error:[/red] {escape(exc.strerror or message)}"
                      + (f": {escape(exc.filename)}" if getattr(exc, "filename", None) else ""))
            sys.exit(74)  # EX_IOERR
        err.print(f"[red]error:[/red] unexpected {type(exc).__name__}: {escape(message)} "
                  "(COMMUNIQUE_DEBUG=1 shows the traceback)")
        sys.exit(70)  # EX_SOFTWARE
