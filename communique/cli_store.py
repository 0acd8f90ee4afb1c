"""Database commands of the CLI: ingest, failures, documents, events, event, dyad, actors, quotes,
firsts, export. Each is a thin layer over ``batch``, ``queries`` and ``export``.
"""
from __future__ import annotations

import contextlib
import sys
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape

from communique.cli import app, err, fail

DB_HELP = ("Database: a SQLite file path or a postgresql://user:pass@host/db URL "
           "(default: $COMMUNIQUE_DB, else ./communique.db).")
DbOption = typer.Option(None, "--db", envvar="COMMUNIQUE_DB", metavar="URL", help=DB_HELP, show_default=False)


class RowFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


class Period(str, Enum):
    day = "day"
    week = "week"
    month = "month"
    year = "year"


class Engine(str, Enum):
    local = "local"
    dask = "dask"


class ExportFormat(str, Enum):
    gdelt = "gdelt"
    csv = "csv"
    jsonl = "jsonl"
    parquet = "parquet"


FormatOption = typer.Option(RowFormat.table, "--format", "-f", help="table for reading; csv or json for programs.")


def open_store(db: str | None):
    from communique.store import Store, StoreError

    try:
        return Store(db)
    except StoreError as exc:
        raise fail(str(exc))


def parse_day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date like 2025-09-23", param_hint=option)


def show(rows: list[dict], format: RowFormat, title: str, columns: list[str] | None = None) -> None:
    from communique.output import print_rows

    if format is RowFormat.table and not rows:
        err.print(f"[dim]no {title.lower()} found[/dim]")
        return
    print_rows(rows, format.value, sys.stdout, title=title, columns=columns,
               console=Console(width=max(Console().width, 140)))


@app.command()
def ingest(
    sources: list[str] = typer.Argument(..., metavar="SOURCE...", show_default=False,
                                        help="Files, folders (searched recursively for .txt/.html/.jsonl), globs "
                                             "('news/**/*.html'), article URLs or RSS/Atom feed URLs."),
    db: Optional[str] = DbOption,
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Coding processes (each loads the model once)."),
    published: Optional[str] = typer.Option(None, "--published", "-p", metavar="DATE",
                                            help="Publication date for inputs that do not carry one."),
    allow_private: bool = typer.Option(False, "--allow-private",
                                       help="Allow fetching URLs on loopback or private networks."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or summary."),
    engine: Engine = typer.Option(Engine.local, "--engine",
                                  help="local: this machine's processes (--workers); dask: a Dask cluster."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", metavar="tcp://HOST:8786",
                                            help="Dask scheduler to use; without it a LocalCluster of "
                                                 "--workers processes is started."),
    parquet: Optional[Path] = typer.Option(None, "--parquet", metavar="DIR", file_okay=False,
                                           help="With --engine dask: workers write event mentions to a Parquet "
                                                "dataset partitioned by month instead of the database."),
) -> None:
    """Code articles into the event database; what is already there is skipped.

    [bold]Examples[/bold]

      communique ingest examples/
      communique ingest 'archive/**/*.html' --workers 2 --db postgresql://me@localhost/events
      communique ingest https://example.org/news/feed.xml
      communique ingest archive/ --engine dask --scheduler tcp://10.0.0.5:8786 --db postgresql://…
      communique ingest archive/ --engine dask --workers 4 --parquet events-dataset/

    A document already stored (same URL or same text) is skipped, so running the same ingest again
    changes nothing, and an interrupted ingest picks up where it stopped. Inputs that cannot be
    coded are recorded with their reason: see [bold]communique failures[/bold].
    """
    from communique.batch import ingest as run_ingest
    from communique.ingest import IngestError, parse_date
    from communique.sources import estimate, read_sources
    from communique.store import StoreError

    try:
        published_date = parse_date(published) if published else None
    except IngestError as exc:
        raise typer.BadParameter(str(exc), param_hint="--published")
    if parquet and engine is not Engine.dask:
        raise typer.BadParameter("--parquet needs --engine dask", param_hint="--parquet")
    items = read_sources(sources, allow_private=allow_private, published=published_date)
    if parquet:
        _ingest_to_parquet(items, parquet, scheduler, workers, quiet)
        return
    store = open_store(db)
    show_progress = not quiet and sys.stderr.isatty()
    try:
        with _dask_coder(engine, scheduler, workers) as coder:
            if show_progress:
                summary = _ingest_with_progress(run_ingest, items, store, workers, estimate(sources), coder)
            else:
                summary = run_ingest(items, store, workers=workers, coder=coder)
    except StoreError as exc:  # locked past every retry, gone, or full: what is stored stays stored
        raise fail(f"{exc} -- documents stored so far are kept; run the same command again to finish")
    except (RuntimeError, OSError) as exc:  # the spaCy model is missing, or the Dask scheduler went away
        raise fail(str(exc))
    except KeyboardInterrupt:
        err.print("[yellow]interrupted[/yellow]: documents stored so far are kept; run the same command to finish")
        raise typer.Exit(130)
    if not quiet:
        err.print(f"[bold]{summary.coded}[/bold] coded, {summary.duplicates} already stored, "
                  f"{summary.skipped} skipped (not English), {summary.failed} failed · {summary.new_events} new "
                  f"events, {summary.merged_events} merged into stored ones · {summary.seconds:.1f} s "
                  f"→ {escape(store.display_url)}")
        for reason in summary.reasons[:10]:
            err.print(f"  [red]✗[/red] {escape(reason)}")
        if len(summary.reasons) > 10:
            err.print(f"  … and {len(summary.reasons) - 10} more: communique failures")
    if summary.failed and not (summary.coded or summary.duplicates or summary.skipped):
        raise typer.Exit(1)


@contextlib.contextmanager
def _dask_coder(engine: Engine, scheduler: str | None, workers: int):
    """None for local coding; for Dask, a function that codes on the cluster."""
    if engine is Engine.local:
        yield None
        return
    from communique.distributed import code_on_workers, dask_client

    with dask_client(scheduler, workers) as client:
        yield lambda documents: code_on_workers(documents, client)


def _ingest_to_parquet(items, out: Path, scheduler: str | None, workers: int, quiet: bool) -> None:
    from communique.distributed import dask_client, write_parquet_on_workers
    from communique.ingest import Failure

    failed = []

    def readable():
        for item in items:
            if isinstance(item, Failure):
                failed.append(item.reason)
            else:
                yield item

    with dask_client(scheduler, workers) as client:
        documents, events = write_parquet_on_workers(readable(), client, out)
    if not quiet:
        err.print(f"[bold]{documents}[/bold] documents coded, {events} event mentions written to "
                  f"{escape(str(out))} (partitioned by month), {len(failed)} failed")
        for reason in failed[:10]:
            err.print(f"  [red]✗[/red] {escape(reason)}")


def _ingest_with_progress(run_ingest, items, store, workers, total, coder=None):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("[bold]ingesting"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[rate]:.1f} docs/s · {task.fields[events]} events · "
                          "{task.fields[failed]} failed"), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=False) as progress:
        task = progress.add_task("ingest", total=total or None, rate=0.0, events=0, failed=0)

        def update(_kind, summary):
            elapsed = progress.tasks[0].elapsed or 1e-9
            done = summary.documents
            progress.update(task, completed=done, total=max(total, done), rate=done / elapsed,
                            events=summary.events, failed=summary.failed)

        return run_ingest(items, store, workers=workers, progress=update, coder=coder)


@app.command()
def failures(db: Optional[str] = DbOption, format: RowFormat = FormatOption) -> None:
    """Inputs that could not be coded (or were skipped), with the reason, newest first."""
    from communique.queries import list_failures

    show(list_failures(open_store(db)), format, "Failures", ["source", "kind", "reason", "last_seen"])


@app.command()
def documents(db: Optional[str] = DbOption, limit: int = typer.Option(100, min=1),
              offset: int = typer.Option(0, min=0), format: RowFormat = FormatOption) -> None:
    """Stored documents with their number of event mentions."""
    from communique.queries import list_documents

    show(list_documents(open_store(db), limit=limit, offset=offset), format, "Documents")


@app.command("events")
def events_command(
    db: Optional[str] = DbOption,
    actor: Optional[str] = typer.Option(None, help="Country (KAZ: every Kazakh actor) or full code (KAZGOV)."),
    dyad: Optional[str] = typer.Option(None, metavar="A,B", help="Events between two actors, either direction."),
    root: Optional[str] = typer.Option(None, help="CAMEO root, 01–20."),
    plover: Optional[str] = typer.Option(None, help="PLOVER type (CONSULT, ASSAULT, …)."),
    since: Optional[str] = typer.Option(None, metavar="DATE", help="On or after this date."),
    until: Optional[str] = typer.Option(None, metavar="DATE", help="On or before this date."),
    limit: int = typer.Option(100, min=1), offset: int = typer.Option(0, min=0),
    format: RowFormat = FormatOption,
) -> None:
    """Stored events, newest first; one row per happening with its mention counts.

    [bold]Examples[/bold]

      communique events --dyad KAZ,UKR
      communique events --actor RUS --root 19 --since 2025-01-01 --format csv
    """
    from communique.queries import list_events

    pair = None
    if dyad:
        parts = [p.strip() for p in dyad.split(",") if p.strip()]
        if len(parts) != 2:
            raise typer.BadParameter("give two actor codes separated by a comma, like KAZ,UKR", param_hint="--dyad")
        pair = (parts[0], parts[1])
    rows = list_events(open_store(db), actor=actor, dyad=pair, root=root, plover=plover,
                       since=parse_day(since, "--since"), until=parse_day(until, "--until"), limit=limit,
                       offset=offset)
    columns = None if format is not RowFormat.table else [
        "id", "date", "source_code", "cameo", "target_code", "description", "goldstein", "num_articles",
        "sentence"]
    show(rows, format, "Events", columns)


@app.command("event")
def event_command(event_id: int = typer.Argument(..., metavar="ID"), db: Optional[str] = DbOption,
                  format: RowFormat = typer.Option(RowFormat.table, "--format", "-f",
                                                   help="table for reading; json for programs.")) -> None:
    """One event with every account of it side by side: who said it, via which outlet, how it was coded."""
    import json

    from rich.columns import Columns
    from rich.panel import Panel
    from rich.text import Text

    from communique.queries import event_detail

    detail = event_detail(open_store(db), event_id)
    if detail is None:
        raise fail(f"no event with id {event_id}", code=1)
    if format is not RowFormat.table:
        print(json.dumps(detail, ensure_ascii=False, indent=1, default=str))
        return
    console = Console(width=max(Console().width, 140))
    console.rule(f"[bold]event {event_id}: {detail['source_code'] or '?'} {detail['cameo']} "
                 f"{escape(detail['description'])} → {detail['target_code'] or '—'}")
    console.print(f"{detail['date'] or 'undated'} · {detail['plover'] or '—'} · Goldstein {detail['goldstein']:+.1f} · "
                  f"{detail['num_mentions']} mentions in {detail['num_articles']} articles from "
                  f"{detail['num_sources']} sources · confidence {detail['confidence']:.2f}", markup=False)
    panels = []
    for account in detail["accounts"]:
        body = Text()
        body.append(f"{account['cameo']} {account['description']}\n", style="magenta")
        body.append(f"{account['source'] or '?'} → {account['target'] or '—'} · {account['date'] or 'undated'}\n")
        body.append(f"said by: {account['said_by'] or 'the article'}\n", style="bold")
        body.append(account["sentence"] + "\n", style="dim")
        for quote in account["quotes"]:
            body.append(f"“{quote['text']}” — {quote['speaker'] or '?'}\n", style="italic")
        title = f"{account['outlet'] or account['title'] or 'document'} ({account['published'] or 'undated'})"
        panels.append(Panel(body, title=escape(title), width=64))
    console.print(Columns(panels))


@app.command()
def dyad(
    a: str = typer.Argument(..., metavar="A", help="Country code, e.g. KAZ."),
    b: str = typer.Argument(..., metavar="B", help="Country code, e.g. UKR."),
    db: Optional[str] = DbOption,
    by: Period = typer.Option(Period.month, "--by", help="Period of each row."),
    since: Optional[str] = typer.Option(None, metavar="DATE"), until: Optional[str] = typer.Option(None, metavar="DATE"),
    plot: Optional[Path] = typer.Option(None, "--plot", metavar="FILE.png", help="Also draw the series as a chart."),
    format: RowFormat = FormatOption,
) -> None:
    """Relations between two countries over time: events per quad class and mean Goldstein per period.

    [bold]Examples[/bold]

      communique dyad KAZ UKR --by week
      communique dyad RUS UKR --by month --plot rus-ukr.png
    """
    from communique.queries import dyad_series

    rows = dyad_series(open_store(db), a, b, by=by.value, since=parse_day(since, "--since"),
                       until=parse_day(until, "--until"))
    show(rows, format, f"{a.upper()}–{b.upper()} by {by.value}")
    if plot:
        from communique.plots import plot_dyad

        plot_dyad(rows, a.upper(), b.upper(), by.value, plot)
        err.print(f"chart written to {escape(str(plot))}")


@app.command("actors")
def actors_command(db: Optional[str] = DbOption,
                   country: Optional[str] = typer.Option(None, help="Only actors of this country (KAZ)."),
                   limit: int = typer.Option(100, min=1), offset: int = typer.Option(0, min=0),
                   format: RowFormat = FormatOption) -> None:
    """Actors in the database, most mentioned first."""
    from communique.queries import list_actors

    show(list_actors(open_store(db), country=country, limit=limit, offset=offset), format, "Actors")


@app.command("quotes")
def quotes_command(db: Optional[str] = DbOption,
                   speaker: Optional[str] = typer.Option(None, metavar="NAME", help="Part of the speaker's name."),
                   search: Optional[str] = typer.Option(None, metavar="TEXT", help="Words in the quote."),
                   limit: int = typer.Option(100, min=1), offset: int = typer.Option(0, min=0),
                   format: RowFormat = FormatOption) -> None:
    """Quotes with their speakers; search by speaker or by words."""
    from communique.queries import list_quotes

    rows = list_quotes(open_store(db), speaker=speaker, search=search, limit=limit, offset=offset)
    show(rows, format, "Quotes", None if format is not RowFormat.table else
         ["speaker", "speaker_code", "text", "via", "published"])


@app.command("firsts")
def firsts_command(a: str = typer.Argument(..., metavar="A"), b: str = typer.Argument(..., metavar="B"),
                   db: Optional[str] = DbOption,
                   gap: int = typer.Option(180, help="Days without such an event that make the latest a 'first since'."),
                   format: RowFormat = FormatOption) -> None:
    """The first event of each kind between a pair, the latest, and the gaps between them.

    A row whose "latest is first since" is set says the latest event of that kind is the first
    for at least --gap days: how a headline like 'first meeting since 2021' is checked.
    """
    from communique.queries import firsts

    show(firsts(open_store(db), a, b, min_gap_days=gap), format, f"{a.upper()}–{b.upper()} firsts")


@app.command("export")
def export_command(output: Path = typer.Argument(..., metavar="OUT", dir_okay=False, show_default=False),
                   format: ExportFormat = typer.Option(..., "--format", "-f",
                                                       help="gdelt: the 61 columns of GDELT 2.0's event table, "
                                                            "tab-separated, no header; csv, jsonl or parquet: every "
                                                            "column of the events table with actor names."),
                   db: Optional[str] = DbOption) -> None:
    """Write every stored event to a file, e.g. for GDELT notebooks, pandas or DuckDB.

    [bold]Examples[/bold]

      communique export events.gdelt.tsv --format gdelt
      communique export events.parquet --format parquet
    """
    from communique.export import export

    try:
        count = export(open_store(db), format.value, output)
    except OSError as exc:
        raise fail(f"cannot write {output}: {exc.strerror or exc}")
    err.print(f"{count} events written to {escape(str(output))}")
