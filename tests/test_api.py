"""The HTTP API and the pages, in process (FastAPI's TestClient), over the bundled articles; and a
schemathesis run of the API against its own OpenAPI schema."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings

import schemathesis
from communique.server import create_app
from seeded_db import HOSTILE_TITLE, seed_meeting

SHORT_TEXT = ("Kazakh President Kassym-Jomart Tokayev met Ukrainian President Volodymyr Zelensky "
              "in New York on Tuesday.")


@pytest.fixture(scope="module")
def client(store):
    with TestClient(create_app(store, code_requests_per_minute=1000)) as test_client:
        yield test_client


def error_of(response, status: int) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error", "message"} and body["message"]
    return body["message"]


# --- documents ---------------------------------------------------------------------------------------

def test_documents_are_listed_with_paging(client):
    everything = client.get("/api/documents").json()
    assert everything["total"] == 9 and len(everything["items"]) == 9
    second = client.get("/api/documents", params={"limit": 2, "offset": 1}).json()
    assert [d["id"] for d in second["items"]] == [d["id"] for d in everything["items"][1:3]]
    assert (second["limit"], second["offset"]) == (2, 1)


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 1001}, {"offset": -1}, {"limit": "many"}])
def test_paging_out_of_bounds_is_a_clear_422(client, params):
    assert "invalid request" in error_of(client.get("/api/events", params=params), 422)


def test_a_document_has_its_coded_text(client, store):
    meeting = seed_meeting(store)
    doc = client.get(f"/api/documents/{meeting['document_id']}").json()
    text = doc["text"]
    assert doc["title"].startswith("Kazakhstan, Uzbekistan open the door")
    tokayev = next(a for a in doc["actors"] if a["name"] == "Kassym-Jomart Tokayev")
    assert tokayev["code"] == "KAZGOV" and all("Tokayev" in text[s:e] for s, e in tokayev["mentions"])
    told = [e for e in doc["events"] if e["event_id"] == meeting["id"]]
    assert told and told[0]["root"] == "04" and told[0]["description"]
    start, end = told[0]["sentence"]
    assert "Zelensky" in text[start:end] and text[slice(*told[0]["trigger"])] == "meeting"
    quote = doc["quotes"][0]
    assert quote["speaker_name"] and quote["text"] in text[slice(*quote["span"])]


def test_a_missing_document_is_a_clear_404(client):
    assert error_of(client.get("/api/documents/9999"), 404) == "no document with id 9999"


# --- events -----------------------------------------------------------------------------------------

def test_events_take_the_cli_filters(client, store):
    meeting = seed_meeting(store)
    dyad = client.get("/api/events", params={"dyad": "KAZ,UKR", "root": "04"}).json()
    assert meeting["id"] in [e["id"] for e in dyad["items"]] and dyad["total"] == len(dyad["items"])
    assert all({e["source_code"][:3], e["target_code"][:3]} == {"KAZ", "UKR"} for e in dyad["items"])
    kazakh = client.get("/api/events", params={"actor": "KAZ", "plover": "consult"}).json()["items"]
    assert kazakh and all(e["plover"] == "CONSULT" for e in kazakh)
    dated = client.get("/api/events", params={"since": "2025-09-23", "until": "2025-09-23"}).json()["items"]
    assert dated and {e["date"] for e in dated} == {"2025-09-23"}


@pytest.mark.parametrize("params", [{"dyad": "KAZ"}, {"root": "21"}, {"since": "yesterday"}, {"actor": "<b>"}])
def test_bad_event_filters_are_clear_422s(client, params):
    error_of(client.get("/api/events", params=params), 422)


def test_an_event_has_its_mentions_and_accounts(client, store):
    meeting = seed_meeting(store)
    event = client.get(f"/api/events/{meeting['id']}").json()
    assert event["num_articles"] == 2 and len({a["document_id"] for a in event["accounts"]}) == 2
    assert all(a["sentence"] and a["trigger"] for a in event["accounts"])
    assert error_of(client.get("/api/events/99999"), 404) == "no event with id 99999"


# --- actors, quotes, dyads, network, places -------------------------------------------------------------

def test_actors_most_mentioned_first(client):
    rows = client.get("/api/actors", params={"limit": 5}).json()["items"]
    assert len(rows) == 5 and rows[0]["mentions"] >= rows[-1]["mentions"]
    kazakh = client.get("/api/actors", params={"country": "kaz"}).json()["items"]
    assert kazakh and {a["country"] for a in kazakh} == {"KAZ"}


def test_quotes_search_by_speaker_and_words(client):
    tolipov = client.get("/api/quotes", params={"speaker": "tolipov"}).json()["items"]
    assert tolipov and all("Tolipov" in q["speaker"] for q in tolipov)
    word = client.get("/api/quotes", params={"search": "independent"}).json()["items"]
    assert word and all("independent" in q["text"].lower() for q in word)


def test_dyad_series(client):
    body = client.get("/api/dyads/kaz/ukr", params={"by": "year"}).json()
    assert (body["a"], body["b"], body["by"]) == ("KAZ", "UKR", "year")
    year = next(row for row in body["series"] if row["period"] == "2025-01-01")
    assert year["events"] >= 2 and year["verbal_cooperation"] >= 1 and year["mean_goldstein"] > 0
    error_of(client.get("/api/dyads/KAZ/UKR", params={"by": "fortnight"}), 422)
    error_of(client.get("/api/dyads/KAZAKHSTAN/UKR"), 422)


def test_network_and_places(client):
    network = client.get("/api/network").json()
    edge = next(e for e in network["edges"] if {e["a"], e["b"]} == {"KAZ", "UKR"})
    assert edge["events"] >= 2 and edge["mean_goldstein"] > 0
    assert {"KAZ", "UKR"} <= {n["id"] for n in network["nodes"]}
    assert client.get("/api/network", params={"since": "2030-01-01"}).json() == {"nodes": [], "edges": []}
    places = client.get("/api/places").json()["items"]
    assert any(p["name"] == "Doha" and p["latest"] for p in places)
    assert all(-90 <= p["lat"] <= 90 and -180 <= p["lon"] <= 180 for p in places)


# --- coding posted text -------------------------------------------------------------------------------

def test_code_json_answers_the_output_contract(client):
    response = client.post("/api/code", json={"text": SHORT_TEXT, "published": "2025-09-25"})
    assert response.status_code == 200, response.text
    coded = response.json()
    event = coded["events"][0]
    assert (event["source_code"], event["target_code"], event["root"]) == ("KAZGOV", "UKRGOV", "04")
    assert event["date"] == "2025-09-23" and event["description"]
    assert coded["text"][slice(*event["trigger"])] == "met"
    assert client.get("/api/documents").json()["total"] == 9  # nothing stored


def test_code_takes_plain_text_and_html_bodies(client):
    plain = client.post("/code", content=SHORT_TEXT, headers={"Content-Type": "text/plain"}).json()
    assert plain["events"][0]["cameo"].startswith("04")
    page = f"<html><head><title>Talks</title></head><body><nav>Home | World</nav><article><p>{SHORT_TEXT}</p>" \
           f"</article></body></html>"
    html = client.post("/api/code", content=page, headers={"Content-Type": "text/html; charset=utf-8"}).json()
    assert html["events"] and "Home | World" not in html["text"]


@pytest.mark.parametrize("body,headers,status", [
    (b'{"text": ""}', {"Content-Type": "application/json"}, 422),
    (b'{"text": "   "}', {"Content-Type": "application/json"}, 422),
    (b'{"words": "x"}', {"Content-Type": "application/json"}, 422),
    (b'{"text": ', {"Content-Type": "application/json"}, 400),
    (b"\xff\xfe", {"Content-Type": "text/plain"}, 400),
    (b"text", {"Content-Type": "application/pdf"}, 415),
])
def test_code_refuses_bad_bodies_clearly(client, body, headers, status):
    error_of(client.post("/api/code", content=body, headers=headers), status)


def test_code_refuses_bodies_over_the_limit_with_413(client):
    big = "Tokayev met Zelensky. " * 50_000  # 1.1 MB
    assert "larger than the limit" in error_of(client.post("/api/code", json={"text": big}), 413)

    def chunks():  # no Content-Length: the limit applies while reading
        for _ in range(12):
            yield b"x" * 100_000
    error_of(client.post("/api/code", content=chunks(), headers={"Content-Type": "text/plain"}), 413)


def test_code_is_rate_limited_per_client(store):
    with TestClient(create_app(store, code_requests_per_minute=2)) as limited:
        for _ in range(2):
            assert limited.post("/api/code", json={"text": "   "}).status_code == 422
        response = limited.post("/api/code", json={"text": SHORT_TEXT})
        assert "too many coding requests" in error_of(response, 429)
        assert response.headers["Retry-After"] == "60"
        assert limited.get("/api/documents").status_code == 200  # reading is not limited


# --- pages -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/", "/documents/1", "/dyad?a=KAZ&b=UKR", "/dyad", "/dyad?a=KAZ&b=ZZZ",
                                  "/network", "/network?since=2030-01-01", "/map", "/map?since=bad",
                                  "/quotes?speaker=Tolipov", "/code"])
def test_pages_render(client, path):
    response = client.get(path)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert "http://" not in response.text.replace("http://www.w3.org/2000/svg", "")  # nothing from elsewhere
    assert "https://" not in response.text


def test_pages_escape_article_markup(client):
    hostile = next(d for d in client.get("/api/documents").json()["items"] if d["title"] == HOSTILE_TITLE)
    page = client.get(f"/documents/{hostile['id']}").text
    assert "<img src=x" not in page and "<script>window" not in page and "<b>test</b>" not in page
    assert "&lt;b&gt;test&lt;/b&gt;" in page
    quotes = client.get("/quotes", params={"speaker": "Ruto"}).text
    assert "<script>window" not in quotes


def test_a_missing_page_is_a_404_page(client):
    response = client.get("/documents/9999")
    assert response.status_code == 404 and "There is no document with id 9999." in response.text


def test_openapi_schema_lists_the_routes(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/documents", "/api/documents/{document_id}", "/api/events", "/api/events/{event_id}",
            "/api/actors", "/api/quotes", "/api/dyads/{a}/{b}", "/api/network", "/api/places",
            "/api/code"} <= set(paths)
    assert set(paths["/api/code"]["post"]["requestBody"]["content"]) == {"application/json", "text/plain",
                                                                       "text/html"}


# --- schemathesis: no input the schema allows makes the server fail -------------------------------------

def test_api_has_no_server_errors(store):
    """Every API operation, with inputs generated from /openapi.json (valid and invalid ones alike)."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(store, code_requests_per_minute=10_000))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 10

    for operation in operations:
        for mode in schemathesis.GenerationMode:  # valid inputs, then inputs the schema forbids
            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck), database=None,
                      derandomize=True)
            def no_server_error(case):
                case.call_and_validate(checks=[schemathesis.checks.not_a_server_error])

            no_server_error()


def test_serve_command_is_registered():
    from typer.testing import CliRunner

    from communique.cli import app

    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0 and "--port" in result.output and "dashboard" in result.output
