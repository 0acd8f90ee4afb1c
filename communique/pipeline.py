"""communique's spaCy components and the function that codes documents with them.

    nlp = spacy.load("en_core_web_sm")
    nlp.add_pipe("communique_sentences", before="parser")
    for name in ("communique_actors", "communique_events", "communique_quotes"):
        nlp.add_pipe(name)
    doc = nlp("Kazakh President Kassym-Jomart Tokayev met ...")
    doc._.events, doc._.actors, doc._.quotes, doc._.places   # contract records (models.py)

Set ``doc._.published`` (a date) before the components run to resolve relative dates.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from communique import codebook
from communique.actors import ActorResolver, DocActors
from communique.anchoring import SentenceAnchors, lead_date
from communique.events import CandidateEvent, EventCoder
from communique.ingest import IngestError, document_from_text, parse_date
from communique.models import CodedDocument, Document, Event, Place, Quote
from communique.places import geocode
from communique.quotes import QuoteFinder, RawQuote
from communique.spans import TEXT_KEY, doc_text
from communique.tone import document_tone

MEETING_CODES = {"040"}

for _name, _default in (("published", None), ("actor_index", None), ("event_candidates", None),
                        ("raw_quotes", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


def _finalized(doc: Doc) -> CodedDocument:
    cached = doc.user_data.get("communique_coded")
    if cached is None:
        cached = doc.user_data["communique_coded"] = finalize(doc)
    return cached


for _name in ("actors", "events", "quotes", "places"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, getter=lambda doc, _n=_name: getattr(_finalized(doc), _n))


# --- components ----------------------------------------------------------------------------------

class ActorComponent:
    def __init__(self, nlp: Language):
        self.resolver = ActorResolver(nlp)

    def __call__(self, doc: Doc) -> Doc:
        doc._.actor_index = self.resolver(doc, doc._.published)
        return doc


class EventComponent:
    def __init__(self, statements: bool = True):
        self.coder = EventCoder(statements=statements)

    def __call__(self, doc: Doc) -> Doc:
        doc._.event_candidates = self.coder(doc, doc._.actor_index)
        return doc


class QuoteComponent:
    def __call__(self, doc: Doc) -> Doc:
        doc._.raw_quotes = QuoteFinder(doc._.actor_index)()
        return doc


@Language.factory("communique_actors")
def make_actor_component(nlp: Language, name: str) -> ActorComponent:
    return ActorComponent(nlp)


@Language.factory("communique_events", default_config={"statements": True})
def make_event_component(nlp: Language, name: str, statements: bool) -> EventComponent:
    return EventComponent(statements)


@Language.factory("communique_quotes")
def make_quote_component(nlp: Language, name: str) -> QuoteComponent:
    return QuoteComponent()


# --- from parsed doc to contract records -------------------------------------------------------------

def finalize(doc: Doc) -> CodedDocument:
    actors: DocActors = doc._.actor_index
    published: date | None = doc._.published
    candidates: list[CandidateEvent] = doc._.event_candidates or []
    raw_quotes: list[RawQuote] = doc._.raw_quotes or []
    places = PlaceTable()
    anchors: dict[int, SentenceAnchors] = {}
    trigger_ids = {c.trigger.token.i for c in candidates}
    actor_tokens = set(actors.token_actor)
    dated: list[tuple[CandidateEvent, str | None, str, str | None, str]] = []
    previous: date | None = None
    lead = lead_date(doc, published)
    for cand in sorted(candidates, key=lambda c: c.trigger.token.i):
        sent = cand.sentence
        if sent.start not in anchors:
            anchors[sent.start] = SentenceAnchors(sent, trigger_ids, actor_tokens)
        anchor = anchors[sent.start]
        resolved = anchor.date_for(cand.trigger.token, published, previous)
        if resolved is not None:
            value, precision = resolved.value, resolved.precision
            previous = resolved.day
        elif lead is not None:
            value, precision = lead.value, "lead"
        else:
            value, precision = (published.isoformat() if published else None), "article"
        countries = {r.country for r in cand.sources + cand.targets if r and r.country}
        found = anchor.place_for(cand.trigger.token, countries)
        place_id = places.add(found[1], found[0]) if found else None
        code = _refine_meeting(cand, found[1].country if found else None)
        dated.append((cand, value, precision, place_id, code))
    for ent in doc.ents:
        if ent.label_ in ("GPE", "LOC", "FAC") and ent.start not in actors.token_actor:
            place = geocode(ent.text)
            if place is not None and place.kind != "country":
                places.add(place, ent)
    used = {r.key for c in candidates for r in c.sources + c.targets if r is not None}
    used |= {q.speaker.key for q in raw_quotes if q.speaker is not None}
    actor_list, ids = actors.to_actors(used)
    events = []
    seen = set()
    sentence_ends: dict[int, int] = {}  # events share sentences: each sentence's text is built once
    for cand, value, precision, place_id, code in dated:
        src = cand.sources[0] if cand.sources else None
        tgt = cand.targets[0] if cand.targets else None
        key = (cand.sentence.start, src.country if src else None, tgt.country if tgt else None, code[:2])
        if key in seen:
            continue
        seen.add(key)
        info = codebook.lookup(code)
        tok = cand.trigger.token
        if cand.sentence.start not in sentence_ends:
            sentence_ends[cand.sentence.start] = _sentence_end(cand.sentence)
        events.append(Event(
            id=f"e{len(events) + 1}", source=ids.get(src.key) if src else None, target=ids.get(tgt.key) if tgt else None,
            source_code=src.code if src else None, target_code=tgt.code if tgt else None,
            cameo=code, root=info.root, plover=info.plover, plover_mode=info.plover_mode,
            goldstein=info.goldstein, quad_class=info.quad_class, date=value, date_precision=precision,
            place=place_id, sentence=(cand.sentence.start_char, sentence_ends[cand.sentence.start]),
            trigger=(tok.idx, tok.idx + len(tok.text)), negated=cand.trigger.negated,
            confidence=_confidence(cand), claimed_by=ids.get(cand.claimed_by.key) if cand.claimed_by else None))
    text = doc_text(doc)
    quotes = [Quote(id=f"q{n}", text=text[q.start:q.end], span=(q.start, q.end), kind=q.kind,
                    speaker=ids.get(q.speaker.key) if q.speaker else None, speaker_name=q.speaker_name,
                    cue=q.cue, via=q.via)
              for n, q in enumerate(raw_quotes, 1)]
    document = Document(text=text, published=published)
    return CodedDocument(document=document, actors=actor_list, places=places.places, events=events,
                         quotes=quotes, tone=document_tone(text))


def _sentence_end(sent) -> int:
    # sent.text is the document text between its offsets: slice the cached text, not rebuild from tokens
    return sent.start_char + len(doc_text(sent.doc)[sent.start_char:sent.end_char].rstrip())


def _refine_meeting(cand: CandidateEvent, place_country: str | None) -> str:
    """A phone call (041) or a meeting at a third place (044) from the words around a meeting."""
    code = cand.code
    if code in MEETING_CODES and any(t.lower_ in ("phone", "telephone", "call", "videoconference", "video")
                                     for t in cand.trigger.token.subtree):
        return "041"
    if code not in MEETING_CODES or place_country is None or not cand.sources:
        return code
    src = cand.sources[0].country
    tgt = cand.targets[0].country if cand.targets else None
    if place_country not in (src, tgt) and tgt is not None:
        return "044"  # met at a third place; visits and hosting are told by their own verbs
    return code


def _confidence(cand: CandidateEvent) -> float:
    score = 0.5
    if cand.sources and cand.sources[0].country:
        score += 0.15
    if cand.targets and cand.targets[0].country:
        score += 0.15
    if not cand.trigger.is_noun:
        score += 0.1
    if any(r is not None and not r.specific for r in cand.sources + cand.targets):
        score -= 0.1
    return round(min(score, 0.95), 2)


class PlaceTable:
    def __init__(self):
        self.places: list[Place] = []
        self._ids: dict[str, Place] = {}

    def add(self, gaz, span) -> str:
        place = self._ids.get(gaz.name)
        if place is None:
            place = Place(id=f"p{len(self.places) + 1}", name=gaz.name, country=gaz.country, lat=gaz.lat,
                          lon=gaz.lon)
            self.places.append(place)
            self._ids[gaz.name] = place
        mention = (span.start_char, span.end_char)
        if mention not in place.mentions:
            place.mentions.append(mention)
        return place.id


# --- coding documents --------------------------------------------------------------------------------

def code_documents(documents: Iterable[Document], nlp: Language | None = None,
                   batch_size: int = 8) -> Iterator[CodedDocument]:
    """Code documents in batches (one spaCy pipeline, loaded once). Order is kept.

    A text the coder fails on comes back with an ``error`` saying so; the rest of its batch is
    coded again one by one, so one bad document never costs the others.
    """
    from communique.nlp import load_pipeline

    nlp = nlp or load_pipeline()
    batch: list[Document] = []
    for document in documents:
        batch.append(document)
        if len(batch) == batch_size:
            yield from _code_batch_safely(nlp, batch)
            batch = []
    if batch:
        yield from _code_batch_safely(nlp, batch)


def _code_batch_safely(nlp: Language, batch: list[Document]) -> list[CodedDocument]:
    try:
        return list(_code_batch(nlp, batch))
    except Exception:  # noqa: BLE001 - whatever broke, find the document and keep the others
        if len(batch) == 1:
            return [_coder_failed(batch[0])]
        return [coded for document in batch for coded in _code_batch_safely(nlp, [document])]


def _coder_failed(document: Document) -> CodedDocument:
    import logging
    import sys

    kind, exc = sys.exc_info()[:2]
    logging.getLogger(__name__).debug("coding %s failed", document.id, exc_info=True)
    message = " ".join(str(exc).split())[:200]
    return CodedDocument(document=document, error=f"the coder failed on this text ({kind.__name__}: {message})")


def _code_batch(nlp: Language, documents: list[Document]) -> Iterator[CodedDocument]:
    def tuples():
        for document in documents:
            if document.language != "en":
                yield nlp.make_doc(""), (document, f"not English (detected language: {document.language})")
                continue
            sdoc = nlp.make_doc(document.text)
            sdoc._.published = document.published
            # the tokenizer keeps every character, so this is the Doc's text without rebuilding it
            sdoc.user_data[TEXT_KEY] = document.text
            yield sdoc, (document, None)

    for sdoc, (document, skipped) in nlp.pipe(tuples(), as_tuples=True, batch_size=len(documents)):
        if skipped:
            yield CodedDocument(document=document, error=skipped)
            continue
        coded = _finalized(sdoc)
        # The coder's records and caches in user_data hold the Doc (tokens, spans, DocActors): a
        # reference cycle per document. Dropping them frees the Doc now, by reference counting,
        # instead of leaving every document for the cyclic collector's costly full passes.
        sdoc.user_data.clear()
        yield CodedDocument(document=document, actors=coded.actors, places=coded.places, events=coded.events,
                            quotes=coded.quotes, tone=coded.tone)


def code_text(text: str, *, published=None, title: str | None = None, url: str | None = None,
              id: str = "text", headline: bool = False) -> CodedDocument:
    try:
        document = document_from_text(text, id=id, title=title, published=parse_date(published), url=url,
                                      headline=headline)
    except IngestError as exc:
        return CodedDocument(document=Document(text=text, id=id), error=str(exc))
    return next(code_documents([document]))
