"""Property tests (hypothesis): random text and random HTML never crash the coder, every span lies
inside the text, every event code is in the codebook with its own Goldstein score.

Run time is bounded (max_examples per test, no deadline); the number of examples run is printed
at the end of the module (see docs/robustness.md)."""
import os

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from communique import codebook
from communique.ingest import IngestError, document_from_html
from communique.pipeline import code_documents, code_text

RUNS = {"text": 0, "words": 0, "html": 0}
CHECKED = {"events": 0, "actors": 0, "quotes": 0}
# The same 100 examples on every run, so make test stays deterministic; COMMUNIQUE_FUZZ_EXAMPLES=5000
# runs that many fresh random ones instead (a deeper search, by hand).
DEEP = os.environ.get("COMMUNIQUE_FUZZ_EXAMPLES")
FUZZ = settings(max_examples=int(DEEP or 100), deadline=None, derandomize=not DEEP, database=None,
                suppress_health_check=[HealthCheck.too_slow])

# Words that make events, actors, dates and quotes, so the properties are tested on real output.
WORDS = ("Kazakh President Kassym-Jomart Tokayev met Ukrainian Volodymyr Zelensky Russia Putin said "
         "accused attacked sanctions talks in Astana Moscow on Monday the police arrested protesters "
         "would not recognize urged condemned visited Kenya Nairobi .  ,  \" “ ” ' ’ « » ( ) — \n \n\n "
         "UN envoy his her counterpart on 3 March 2024 three days later Saidov Sybiha drone strike").split(" ")
word_salad = st.lists(st.sampled_from(WORDS), min_size=1, max_size=120).map(" ".join)
any_text = st.text(st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=400)


def check(coded) -> None:
    """The invariants of docs/output.md on one coded document."""
    text = coded.document.text
    n = len(text)
    CHECKED["events"] += len(coded.events)
    CHECKED["actors"] += len(coded.actors)
    CHECKED["quotes"] += len(coded.quotes)

    def inside(span):
        start, end = span
        assert 0 <= start <= end <= n, (span, n)

    for actor in coded.actors:
        for mention in actor.mentions:
            inside(mention)
    for place in coded.places:
        for mention in place.mentions:
            inside(mention)
    for event in coded.events:
        inside(event.sentence)
        inside(event.trigger)
        assert event.sentence[0] <= event.trigger[0] and event.trigger[1] <= event.sentence[1] + 1
        info = codebook.lookup(event.cameo)  # raises KeyError for a code not in the codebook
        assert codebook.is_code(event.cameo)
        assert event.goldstein == info.goldstein and event.root == info.root == event.cameo[:2]
        assert event.quad_class == info.quad_class and event.plover == info.plover
    for quote in coded.quotes:
        inside(quote.span)
        assert text[quote.span[0]:quote.span[1]] == quote.text


@FUZZ
@given(any_text)
@example("An70ve1 COUNTERPARt An70ve1")  # found by fuzzing: 'counterpart' led back to itself, recursing
@example("Mr Smith met his counterpart Mr Jones. Jones greeted his counterpart Smith.")
def test_random_text_never_crashes_the_coder(raw):
    RUNS["text"] += 1
    coded = code_text(raw, published="2025-01-01")
    assert not (coded.error or "").startswith("the coder failed"), coded.error
    if coded.error is None:
        check(coded)


@FUZZ
@given(word_salad)
def test_political_word_salad_gives_spans_inside_the_text_and_codebook_codes(raw):
    RUNS["words"] += 1
    coded = code_text(raw, published="2025-01-01")
    assert not (coded.error or "").startswith("the coder failed"), coded.error
    if coded.error is None:
        check(coded)


TAGS = ("p", "div", "span", "article", "script", "style", "b", "i", "a", "table", "td", "li", "h1", "nav", "footer",
        "blockquote", "br", "html", "body", "head", "title", "!--", "![CDATA[", "template", "svg")
html_piece = st.one_of(
    st.sampled_from(TAGS).map(lambda t: f"<{t}>"), st.sampled_from(TAGS).map(lambda t: f"</{t}>"),
    word_salad, any_text, st.sampled_from(["&amp;", "&nbsp;", "&#x0;", "&#1234567;", "&bogus;", "<", ">", "\"", "'"]))
random_html = st.lists(html_piece, min_size=1, max_size=60).map(lambda parts: "<html><body>" + "".join(parts))


@FUZZ
@given(random_html)
@example("<html><body><p>\x08")  # found by fuzzing: lxml refuses control characters it is handed back
def test_random_html_is_read_or_refused_and_never_crashes_the_coder(html):
    RUNS["html"] += 1
    try:
        document = document_from_html(html, id="fuzz")
    except IngestError as exc:
        assert "\n" not in str(exc)
        return
    assert document.text
    [coded] = list(code_documents([document]))
    if coded.error is None:
        check(coded)
    else:
        assert "not English" in coded.error


@pytest.fixture(scope="module", autouse=True)
def report_examples():
    yield
    print(f"\nfuzz examples run: {sum(RUNS.values())} ({RUNS}); checked {CHECKED}")
