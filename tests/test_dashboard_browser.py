"""The dashboard in a real headless Chromium (Debian's, installed by scripts/install-chromium.sh from
`make test`), against a server on 127.0.0.1 with the bundled articles loaded.

Screenshots go to tests/artifacts/ (ignored by git) to be looked at.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from seeded_db import HOSTILE_TITLE, SEED_TEXT, seed_meeting, served

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

playwright_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="no /usr/bin/chromium: scripts/install-chromium.sh "
                                                             "installs it as root (apt-get install chromium)")


@pytest.fixture(scope="module")
def server(store):
    from communique.server import create_app

    with served(create_app(store)) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, server):
    """A page that fails the test on any script error or any request leaving the server."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, base_url=server)
    opened = context.new_page()
    problems: list[str] = []
    opened.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    opened.on("request", lambda request: None if request.url.startswith((server, "data:"))
              else problems.append(f"request outside the server: {request.url}"))
    yield opened
    context.close()
    assert not problems, problems


def shot(page, name: str, full_page: bool = False) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def test_article_view_highlights_the_tokayev_zelensky_meeting(page, store):
    meeting = seed_meeting(store)
    page.goto(f"/documents/{meeting['document_id']}#event-{meeting['id']}")
    page.wait_for_selector("body[data-ready=true]")
    focused = page.locator("#coded-text .sentence-focus")
    assert "Tokayev" in " ".join(focused.all_text_contents())
    assert "Zelensky" in " ".join(focused.all_text_contents())
    trigger = page.locator("#coded-text .ann-trigger.sentence-focus").first
    assert trigger.text_content() == "meeting"
    assert page.locator("#coded-text .ann-actor", has_text="Kassym-Jomart Tokayev").count() >= 1
    assert page.locator("#coded-text .ann-quote").count() >= 3
    selected = page.locator("#side-panel .event-item.selected")
    assert "KAZGOV → UKRGOV" in selected.text_content() and "2025-09-23" in selected.text_content()
    trigger.hover()
    tooltip = page.locator("#tooltip")
    assert tooltip.is_visible()
    assert "KAZGOV → UKRGOV" in tooltip.text_content() and "Goldstein +" in tooltip.text_content()
    shot(page, "article")
    page.locator("#coded-text .ann-actor", has_text="Kassym-Jomart Tokayev").first.hover()
    assert "KAZGOV" in tooltip.text_content() and "President" in tooltip.text_content()


def test_article_markup_is_shown_as_text(page, store):
    from communique.queries import list_documents

    hostile = next(d for d in list_documents(store) if d["title"] == HOSTILE_TITLE)
    page.goto(f"/documents/{hostile['id']}")
    page.wait_for_selector("body[data-ready=true]")
    assert page.evaluate("window.pwned") is None
    assert page.locator("#coded-text img, #coded-text script, #coded-text b, h1 img, h1 b").count() == 0
    assert "<script>window.pwned = 1</script>" in page.locator("#coded-text").text_content()
    assert page.locator("h1").text_content() == HOSTILE_TITLE


def test_dyad_view_draws_the_kaz_ukr_chart_and_links_to_sentences(page, store):
    page.goto("/dyad?a=KAZ&b=UKR&by=month")
    page.wait_for_selector("#dyad-chart[data-drawn=true]")
    drawn = page.evaluate("""() => {
        const chart = window.dyadChart, canvas = document.getElementById('dyad-chart');
        const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        let inked = 0;
        for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) inked++;
        const bars = chart.data.datasets.filter(d => d.type === 'bar');
        return {events: bars.reduce((n, d) => n + d.data.reduce((a, b) => a + b, 0), 0), inked,
                periods: chart.data.labels.length, eventsFrom: chart.scales.y.min,
                goldsteinRange: [chart.scales.goldstein.min, chart.scales.goldstein.max]};
    }""")
    assert drawn["events"] >= 3 and drawn["inked"] > 5000 and drawn["periods"] > 12  # 2022-06 .. 2025-09
    assert drawn["eventsFrom"] == 0 and drawn["goldsteinRange"] == [-10, 10]  # the line has its own axis
    rows = page.locator("#dyad-events tbody tr")
    assert rows.count() >= 3
    shot(page, "dyad", full_page=True)
    meeting = seed_meeting(store)
    page.locator(f"#dyad-events a[href$='#event-{meeting['id']}']").click()
    page.wait_for_selector("body[data-ready=true]")
    assert page.url.endswith(f"/documents/{meeting['document_id']}#event-{meeting['id']}")
    focused = page.locator("#coded-text .sentence-focus").first
    assert focused.is_visible() and focused.bounding_box()["y"] < 900


def test_code_text_shows_the_seed_articles_events(page):
    page.goto("/code")
    page.fill("#code-input", SEED_TEXT.read_text(encoding="utf-8"))
    page.fill("#code-published", "2025-10-24")
    page.check("input[name=headline]")
    page.click("#code-submit")
    page.wait_for_selector("body[data-coded=true]", timeout=60_000)
    items = page.locator("#side-panel .event-item")
    assert items.count() >= 8
    panel = page.locator("#side-panel").text_content()
    assert "KAZGOV → UKRGOV" in panel and "2025-09-23" in panel
    assert page.locator("#coded-text .ann-trigger", has_text="meeting").count() >= 1
    assert "events" in page.locator("#code-status").text_content()
    shot(page, "code-text")


def test_code_text_shows_a_clear_error(page):
    page.goto("/code")
    page.fill("#code-input", "Dies ist ein deutscher Text über das Wetter in Berlin und nichts weiter.")
    page.click("#code-submit")
    page.wait_for_selector("#code-status.error")
    assert "Could not code this text" in page.locator("#code-status").text_content()


def test_network_view_draws_countries_and_dyads(page):
    page.goto("/network")
    page.wait_for_selector("body[data-ready=true]")
    assert page.locator("#network .node[data-country=KAZ]").count() == 1
    assert page.locator("#network line.edge").count() >= 10
    shot(page, "network")


def test_map_shows_country_outlines_and_event_places(page):
    page.goto("/map")
    page.wait_for_selector("body[data-world=true]")
    assert page.locator(".leaflet-overlay-pane path").count() > 150  # countries and place circles
    assert page.locator("img.leaflet-tile").count() == 0
    shot(page, "map")


def test_quotes_are_searchable_by_speaker(page):
    page.goto("/quotes")
    page.fill("input[name=speaker]", "Tolipov")
    page.click("form.filters button")
    page.wait_for_url("**/quotes?speaker=Tolipov**")
    speakers = page.locator("#quotes td.speaker").all_text_contents()
    assert speakers and all("Tolipov" in s for s in speakers)
    shot(page, "quotes")
