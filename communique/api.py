"""The HTTP JSON API over the event database (FastAPI; schema at /openapi.json).

Every route is a thin layer over ``queries``; lists are paged with ``limit``/``offset`` and answer
``{"items": [...], "limit", "offset", "total"}``. Errors are JSON ``{"error": kind, "message": text}``.
``POST /api/code`` codes posted text or HTML without storing it; it is size-limited (413) and
rate-limited per client (429), since coding costs a second of CPU where a query costs a millisecond.
"""
from __future__ import annotations

import json
import threading
import time
from collections import defaultdict, deque
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field, ValidationError

from communique import codebook, queries
from communique.store import Store

MAX_LIMIT = 1000
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Rows per page, 1–{MAX_LIMIT}.")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Rows to skip.")]
Day = Annotated[date | None, Query(description="A date like 2025-09-23.")]
Country = Annotated[str, Path(pattern=r"^[A-Za-z]{3}$", description="Country or region code, e.g. KAZ.")]
ActorCode = Annotated[str | None, Query(pattern=r"^[A-Za-z]{3,12}$",
                                        description="Country (KAZ: every Kazakh actor) or full code (KAZGOV).")]
Dyad = Annotated[str | None, Query(pattern=r"^[A-Za-z]{3,12},[A-Za-z]{3,12}$",
                                   description="Two actor codes, either direction: KAZ,UKR.")]
Root = Annotated[str | None, Query(pattern=r"^(0?[1-9]|1[0-9]|20)$", description="CAMEO root, 01–20.")]
Plover = Annotated[str | None, Query(pattern=r"^[A-Za-z_]{2,32}$", description="PLOVER type, e.g. CONSULT.")]
Search = Annotated[str | None, Query(max_length=200)]
RowId = Annotated[int, Path(ge=1, le=2**31 - 1)]

router = APIRouter(prefix="/api")


def get_store(request: Request) -> Store:
    return request.app.state.store


StoreDep = Annotated[Store, Depends(get_store)]


def page(items: list, limit: int, offset: int, total: int | None = None) -> dict[str, Any]:
    return {"items": items, "limit": limit, "offset": offset, "total": total}


def not_found(what: str, row_id: int) -> HTTPException:
    return HTTPException(status_code=404, detail=f"no {what} with id {row_id}")


# --- reading the database ------------------------------------------------------------------------

@router.get("/documents", summary="Stored documents with their number of event mentions")
def documents(store: StoreDep, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    return page(queries.list_documents(store, limit=limit, offset=offset), limit, offset,
                queries.count_documents(store))


@router.get("/documents/{document_id}", summary="One document with its coded text",
            description="The output contract (docs/output.md): clean text, actors with mention spans, events "
                        "with trigger and sentence spans (and the stored `event_id`), places and quotes.")
def document(document_id: RowId, store: StoreDep) -> dict[str, Any]:
    found = queries.document_detail(store, document_id)
    if found is None:
        raise not_found("document", document_id)
    return found


def event_filter_params(actor: ActorCode = None, dyad: Dyad = None, root: Root = None, plover: Plover = None,
                        since: Day = None, until: Day = None) -> dict[str, Any]:
    """The filters of `communique events`, as query parameters."""
    pair = tuple(dyad.split(",")) if dyad else None
    return dict(actor=actor, dyad=pair, root=root, plover=plover, since=since, until=until)


EventFilters = Annotated[dict, Depends(event_filter_params)]


@router.get("/events", summary="Events, newest first, filtered like `communique events`")
def events(store: StoreDep, filters: EventFilters, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    return page(queries.list_events(store, limit=limit, offset=offset, **filters), limit, offset,
                queries.count_events(store, **filters))


@router.get("/events/{event_id}", summary="One event with every telling of it, grouped into accounts")
def event(event_id: RowId, store: StoreDep) -> dict[str, Any]:
    found = queries.event_detail(store, event_id)
    if found is None:
        raise not_found("event", event_id)
    return found


@router.get("/actors", summary="Actors, most mentioned first")
def actors(store: StoreDep, country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}$")] = None,
           limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    return page(queries.list_actors(store, country=country, limit=limit, offset=offset), limit, offset)


@router.get("/quotes", summary="Quotes with their speakers, searchable by speaker and words")
def quote_list(store: StoreDep, speaker: Search = None, search: Search = None, limit: Limit = 100,
               offset: Offset = 0) -> dict[str, Any]:
    rows = queries.list_quotes(store, speaker=speaker, search=search, limit=limit, offset=offset)
    return page(rows, limit, offset)


@router.get("/dyads/{a}/{b}", summary="Events between two countries per period: quad classes, mean Goldstein")
def dyad(a: Country, b: Country, store: StoreDep, by: Literal["day", "week", "month", "year"] = "month",
         since: Day = None, until: Day = None) -> dict[str, Any]:
    series = queries.dyad_series(store, a, b, by=by, since=since, until=until)
    return {"a": a.upper(), "b": b.upper(), "by": by, "series": series}


@router.get("/network", summary="Countries and the pairs with events between them (mean Goldstein)")
def network(store: StoreDep, since: Day = None, until: Day = None) -> dict[str, Any]:
    return queries.dyad_network(store, since=since, until=until)


@router.get("/places", summary="Places of events with their counts and latest events")
def places(store: StoreDep, filters: EventFilters) -> dict[str, Any]:
    return {"items": queries.event_places(store, **filters)}


# --- coding posted text ------------------------------------------------------------------------------

class CodeRequest(BaseModel):
    text: str = Field(min_length=1, description="Article text (first line may be the headline) or a web page.")
    format: Literal["auto", "text", "html"] = Field("auto", description="auto: HTML when it looks like a page.")
    published: date | None = Field(None, description="Publication date; relative dates resolve against it.")
    title: str | None = Field(None, max_length=1000)
    headline: bool = Field(False, description="Take the first line of plain text as the headline.")


CODE_BODY = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": CodeRequest.model_json_schema()},
    "text/plain": {"schema": {"type": "string"}},
    "text/html": {"schema": {"type": "string"}},
}}}

_coding_lock = threading.Lock()  # one spaCy pipeline: one document at a time, the other cores stay free


class RateLimiter:
    """At most ``per_minute`` requests per client address in any sliding minute."""

    def __init__(self, per_minute: int):
        self.per_minute = per_minute
        self.seen: dict[str, deque[float]] = defaultdict(deque)
        self.lock = threading.Lock()

    def allow(self, client: str) -> bool:
        now = time.monotonic()
        with self.lock:
            times = self.seen[client]
            while times and now - times[0] > 60:
                times.popleft()
            if len(times) >= self.per_minute:
                return False
            times.append(now)
            if len(self.seen) > 10_000:  # forget clients quiet for a minute, so the table stays small
                for quiet in [c for c, t in self.seen.items() if now - t[-1] > 60]:
                    del self.seen[quiet]
            return True


async def read_code_request(request: Request) -> CodeRequest:
    limiter: RateLimiter = request.app.state.rate_limiter
    if not limiter.allow(request.client.host if request.client else "unknown"):
        raise HTTPException(status_code=429, detail=f"too many coding requests: at most {limiter.per_minute} "
                                                    "a minute per client; try again shortly",
                            headers={"Retry-After": "60"})
    body = await request.body()  # the size limit applies while this reads (see server.BodySizeLimit)
    media_type = request.headers.get("content-type", "application/json").split(";")[0].strip().lower()
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise HTTPException(status_code=400, detail="the body is not UTF-8 text")
    if media_type in ("text/plain", "text/html"):
        return _validated({"text": text, "format": "html" if media_type == "text/html" else "text"})
    if media_type != "application/json":
        raise HTTPException(status_code=415, detail=f"cannot code {media_type}: send application/json, "
                                                    "text/plain or text/html")
    try:
        payload = json.loads(text)
    except ValueError:
        raise HTTPException(status_code=400, detail="the body is not valid JSON")
    return _validated(payload)


def _validated(payload: Any) -> CodeRequest:
    try:
        return CodeRequest.model_validate(payload)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'body'}: {e['msg']}" for e in exc.errors())
        raise HTTPException(status_code=422, detail=f"invalid request: {problems}")


def code_posted(posted: CodeRequest) -> dict[str, Any]:
    from communique.ingest import IngestError, document_from_html, document_from_text, looks_like_html
    from communique.pipeline import code_documents

    if not posted.text.strip():
        raise HTTPException(status_code=422, detail="there is no text to code")
    html = posted.format == "html" or (posted.format == "auto" and looks_like_html(posted.text))
    try:
        if html:
            document = document_from_html(posted.text, id="posted", title=posted.title, published=posted.published)
        else:
            document = document_from_text(posted.text, id="posted", title=posted.title, published=posted.published,
                                          headline=posted.headline)
    except IngestError as exc:
        raise HTTPException(status_code=422, detail=str(exc))
    with _coding_lock:
        coded = next(code_documents([document]))
    if coded.error:
        raise HTTPException(status_code=422, detail=coded.error)
    record = coded.to_dict()
    for event_record in record["events"]:
        event_record["description"] = codebook.cameo_name(event_record["cameo"])
    return record


@router.post("/code", summary="Code posted text or HTML without storing it", openapi_extra=CODE_BODY,
             description="JSON `{text, format, published, title, headline}`, or the article itself as "
                         "text/plain or text/html. Answers the output contract (docs/output.md). Bodies over "
                         "the size limit get 413, too many requests from one client 429.",
             responses={413: {"description": "Body too large"}, 429: {"description": "Too many requests"}})
async def code(request: Request) -> dict[str, Any]:
    posted = await read_code_request(request)
    return await run_in_threadpool(code_posted, posted)
