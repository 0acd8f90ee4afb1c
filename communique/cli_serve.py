"""The ``serve`` command: the dashboard and the JSON API over a database (``communique.server``)."""
from __future__ import annotations

from typing import Optional

import typer

from communique.cli import app, err
from communique.cli_store import DbOption, open_store


@app.command()
def serve(db: Optional[str] = DbOption,
          host: str = typer.Option("127.0.0.1", help="Address to listen on (0.0.0.0 for every interface)."),
          port: int = typer.Option(8000, min=1, max=65535, help="Port to listen on.")) -> None:
    """Serve the web dashboard and the HTTP JSON API over the event database.

    Pages: articles with their events highlighted, dyad timelines, the actor network, a map and
    quotes; paste a text under Code text to code it. The API is under /api (schema at /openapi.json).

    [bold]Examples[/bold]

      communique serve --db communique.db
      communique serve --db postgresql://user@localhost/events --port 8080
    """
    import uvicorn

    from communique.server import create_app

    application = create_app(open_store(db))
    err.print(f"communique dashboard: http://{host}:{port}/ (Ctrl-C to stop)", markup=False)
    uvicorn.run(application, host=host, port=port, log_level="warning")
