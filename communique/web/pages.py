"""The dashboard's pages: server-rendered Jinja2 templates over ``queries``.

Each page hands its data to a small script of its own as JSON in a ``<script type="application/json">``
block (Jinja's ``tojson`` escapes it); the scripts build the page with ``textContent``, so no text
from an article ever becomes markup.
"""
from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from communique import queries
from communique.datafiles import read_table
from communique.store import Store

TEMPLATES = Jinja2Templates(directory=Path(__file__).resolve().parent / "templates")
QUAD_CLASSES = ("verbal cooperation", "material cooperation", "verbal conflict", "material conflict")
PAGE_SIZE = 50
MAX_FILLED_PERIODS = 500  # empty periods are drawn as zeros up to this many, so gaps look like gaps

router = APIRouter(include_in_schema=False)
OptionalDay = Annotated[str | None, Query(max_length=10)]


@lru_cache(maxsize=1)
def _place_names() -> dict[str, str]:
    names = {row["code"]: row["name"] for row in read_table("regions.tsv")}
    names.update({row["iso3"]: row["name"] for row in read_table("countries.tsv")})
    names["IGO"] = "International organisations"
    return names


def country_name(code: str | None) -> str:
    return _place_names().get((code or "").upper(), code or "?")


def parse_day(value: str | None) -> date | None:
    """A date from a form field; an empty or malformed field is no filter (the form shows it back)."""
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    return TEMPLATES.TemplateResponse(request, template, {"country_name": country_name, **context},
                                      status_code=status_code)


def not_found_page(request: Request, message: str) -> HTMLResponse:
    if message == "Not Found":
        message = f"There is no page at {request.url.path}."
    return render(request, "not_found.html", status_code=404, message=message)


def store_of(request: Request) -> Store:
    return request.app.state.store


@router.get("/", response_class=HTMLResponse)
def home(request: Request):
    store = store_of(request)
    return render(request, "index.html", documents=queries.list_documents(store, limit=PAGE_SIZE),
                  document_count=queries.count_documents(store), event_count=queries.count_events(store),
                  recent=queries.list_events(store, limit=10))


@router.get("/documents/{document_id}", response_class=HTMLResponse)
def article(request: Request, document_id: int):
    coded = queries.document_detail(store_of(request), document_id)
    if coded is None:
        raise HTTPException(status_code=404, detail=f"There is no document with id {document_id}.")
    return render(request, "article.html", coded=coded)


def _next_period(day: date, by: str) -> date:
    if by == "day":
        return day + timedelta(days=1)
    if by == "week":
        return day + timedelta(days=7)
    if by == "month":
        return (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return day.replace(year=day.year + 1)


def filled_series(series: list[dict], by: str) -> list[dict]:
    """The series with the periods that had no events put back in as zeros."""
    if not series:
        return []
    present = {row["period"]: row for row in series}
    periods, day, last = [], date.fromisoformat(series[0]["period"]), date.fromisoformat(series[-1]["period"])
    while day <= last and len(periods) <= MAX_FILLED_PERIODS:
        periods.append(day.isoformat())
        day = _next_period(day, by)
    if len(periods) > MAX_FILLED_PERIODS:
        return series
    empty = {"events": 0, "verbal_cooperation": 0, "material_cooperation": 0, "verbal_conflict": 0,
             "material_conflict": 0, "mean_goldstein": None}
    return [present.get(p, {"period": p, **empty}) for p in periods]


@router.get("/dyad", response_class=HTMLResponse)
def dyad(request: Request, a: Annotated[str, Query(max_length=12)] = "",
         b: Annotated[str, Query(max_length=12)] = "", by: Literal["day", "week", "month", "year"] = "month",
         since: OptionalDay = None, until: OptionalDay = None):
    store = store_of(request)
    network = queries.dyad_network(store)
    countries = sorted((n["id"] for n in network["nodes"]), key=country_name)
    if not (a and b) and network["edges"]:  # start on the busiest pair
        a, b = network["edges"][0]["a"], network["edges"][0]["b"]
    a, b = a.upper()[:3], b.upper()[:3]
    series, rows = [], []
    if a.isalpha() and b.isalpha() and len(a) == len(b) == 3:
        start, end = parse_day(since), parse_day(until)
        series = filled_series(queries.dyad_series(store, a, b, by=by, since=start, until=end), by)
        rows = queries.list_events(store, dyad=(a, b), since=start, until=end, limit=500)
    return render(request, "dyad.html", a=a, b=b, by=by, since=since or "", until=until or "",
                  countries=countries, series=series, events=rows, quad_classes=QUAD_CLASSES,
                  chart={"a": a, "b": b, "by": by, "series": series, "quad_classes": QUAD_CLASSES})


@router.get("/network", response_class=HTMLResponse)
def network(request: Request, since: OptionalDay = None, until: OptionalDay = None):
    graph = queries.dyad_network(store_of(request), since=parse_day(since), until=parse_day(until))
    for node in graph["nodes"]:
        node["name"] = country_name(node["id"])
    return render(request, "network.html", graph=graph, since=since or "", until=until or "")


@router.get("/map", response_class=HTMLResponse)
def event_map(request: Request, since: OptionalDay = None, until: OptionalDay = None):
    places = queries.event_places(store_of(request), since=parse_day(since), until=parse_day(until))
    return render(request, "map.html", places=places, since=since or "", until=until or "")


@router.get("/quotes", response_class=HTMLResponse)
def quote_search(request: Request, speaker: Annotated[str, Query(max_length=200)] = "",
                 search: Annotated[str, Query(max_length=200)] = "",
                 offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0):
    rows = queries.list_quotes(store_of(request), speaker=speaker or None, search=search or None,
                               limit=PAGE_SIZE + 1, offset=offset)
    return render(request, "quotes.html", quotes=rows[:PAGE_SIZE], more=len(rows) > PAGE_SIZE, speaker=speaker,
                  search=search, offset=offset, page_size=PAGE_SIZE)


@router.get("/code", response_class=HTMLResponse)
def code_text(request: Request):
    return render(request, "code.html")
