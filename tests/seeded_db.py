"""A database with the bundled articles (examples/articles.jsonl) loaded, made once per test run and
shared by the API and dashboard tests, plus one hostile article whose text tries to inject markup."""
from __future__ import annotations

import tempfile
from contextlib import contextmanager
from datetime import date
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "examples" / "articles.jsonl"
SEED_TEXT = ROOT / "examples" / "eurasianet-kazakhstan-uzbekistan-ukraine.txt"
HOSTILE_TITLE = "Markup <b>test</b> <img src=x onerror=\"window.pwned=1\">"
HOSTILE_TEXT = ("Kenyan President William Ruto met <b>Ethiopian</b> Prime Minister Abiy Ahmed in Nairobi on Monday.\n"
                "\"<script>window.pwned = 1</script> We agreed <img src=x onerror=\"window.pwned=1\">,\" Ruto said.")


@lru_cache(maxsize=1)
def articles_db() -> str:
    """The path of a SQLite file holding the bundled articles and the hostile one."""
    from communique.batch import ingest
    from communique.ingest import read_path
    from communique.models import Document
    from communique.store import Store

    folder = Path(tempfile.mkdtemp(prefix="communique-web-"))
    path = str(folder / "articles.db")
    with Store(path) as store:
        ingest(read_path(str(ARTICLES)), store)
        hostile = Document(text=HOSTILE_TEXT, id="hostile", title=HOSTILE_TITLE, published=date(2025, 3, 4))
        ingest([hostile], store)
    return path


def seed_meeting(store) -> dict:
    """The Tokayev–Zelensky meeting: KAZGOV–UKRGOV, CAMEO root 04, 2025-09-23, told by two articles."""
    from communique.queries import list_events

    return next(e for e in list_events(store, dyad=("KAZ", "UKR"), root="04") if e["date"] == "2025-09-23")


@contextmanager
def served(app):
    """The app under uvicorn in a thread, on a free port of 127.0.0.1; yields its base URL."""
    import socket
    import threading
    import time

    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
