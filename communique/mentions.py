"""How a named mention is shaped in the text: where a name starts, what to trim off an entity,
whether a demonym is used as a noun or a modifier, whether a name sits inside a longer one.
Pure functions over spaCy spans; actors.py uses them to build the document's actors.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from communique.knowledge import KnowledgeBase, knowledge
from communique.places import geocode
from communique.spans import entity_around


def name_start(doc: Doc, start: int, end: int) -> int:
    """Where a name begins after its titles and demonyms: 'Chinese Foreign Minister Wang Yi' -> 'Wang Yi'."""
    kb = knowledge()
    i = start
    while i < end - 1:  # strip a prefix only: "Hassan Sheikh Mohamud" keeps its "Sheikh"
        if doc[i].pos_ == "DET" or doc[i].tag_ == "POS" or kb.lookup(doc[i].text, ("demonym", "country")):
            i += 1
            continue
        for j in range(min(end - 1, i + 3), i, -1):
            if kb.sector_word(" ".join(t.text.lower() for t in doc[i:j])):
                i = j
                break
        else:
            break
    return i


def role_phrase(desc: list[Token], title) -> str:
    """'the director of Knowledge Caravan' -> 'director of Knowledge Caravan'."""
    word, i, _ = title
    words = [t for t in desc[i:] if t.text != ","]
    out = []
    for tok in words:
        if out and tok.lower_ in ("in", "a", "an"):
            break
        out.append(tok.text_with_ws)
    return "".join(out).strip() or (word.role or word.term)


def trim_entity(kb: KnowledgeBase, ent: Span) -> Span | None:
    """Drop leading determiners, titles and demonyms and a trailing possessive from an entity."""
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end and (doc[start].pos_ == "DET" or kb.lookup(doc[start].text, ("demonym",))
                           or is_title(kb, doc[start].text) and doc[start].ent_iob_ != "" and start + 1 < end):
        start += 1  # "State House" keeps its "State": only titles come off
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct):
        end -= 1
    for i in range(start + 1, end - 1):  # "TuranUniversity in Almaty": the place is not part of the name
        if doc[i].lower_ in ("in", "at") and ent.label_ == "ORG":
            end = i
            break
    if start >= end:
        return None
    span = Span(doc, start, end, label=ent.label_)
    return span


LOCATIVE_PREPS = frozenset("in at near outside inside around across".split())
SPONSOR_WORDS = frozenset("backed supported sponsored allied aligned funded armed brokered mediated led-backed".split())


def first_place_country(doc: Doc) -> str | None:
    """The country of the first place the text names ('... a curfew in Algiers')."""
    for ent in doc.ents:
        if ent.label_ in ("GPE", "LOC"):
            place = geocode(ent.text)
            if place is not None and place.country and len(place.country) == 3:
                return place.country
    return None


def home_of_people(kb: KnowledgeBase, span: Span) -> str | None:
    """A people named with another country: 'Bosnian Serbs' live in Bosnia, 'the Albanians of
    southern Serbia' in Serbia."""
    for child in span.root.children:
        if child.dep_ in ("amod", "compound") and child.i < span.start:
            country = kb.country_of(child.text)
            if country and len(country) == 3:
                return country
        if child.dep_ == "prep" and child.lower_ in ("of", "in"):
            for obj in child.children:
                if obj.ent_type_ in ("GPE", "LOC"):
                    place = geocode(obj.text)
                    country = kb.country_of(obj.text) or (place.country if place else None)
                    if country and len(country) == 3:
                        return country
    return None


def is_ethnic(span: Span) -> bool:
    """'ethnic Albanians', 'ethnic Uzbek residents': a people, not a state's citizens."""
    return span.start > 0 and span.doc[span.start - 1].lower_ == "ethnic"


def sponsor_modifier(span: Span) -> bool:
    doc = span.doc
    return span.end + 1 < len(doc) and doc[span.end].text == "-" and doc[span.end + 1].lower_ in SPONSOR_WORDS


def stance_prefix(span: Span) -> bool:
    """'anti-Syria journalist', 'pro-Iranian militia': a stance toward the country, not its nationality."""
    doc = span.doc
    if span.start >= 2 and doc[span.start - 1].text == "-" and doc[span.start - 2].lower_ in ("anti", "pro"):
        return True
    return span.start >= 1 and doc[span.start - 1].lower_ in ("anti-", "pro-")


def is_title(kb: KnowledgeBase, word: str) -> bool:
    found = kb.sector_word(word)
    return bool(found and found.kind == "title")


def has_org_word(kb: KnowledgeBase, span: Span) -> bool:
    return any(kb.org_word(t.lower_) for t in span if t.pos_ in ("PROPN", "NOUN"))


def inside_larger_name(span: Span) -> bool:
    """'Kenya' inside 'Kenya National Commission on Human Rights' is part of a name, not a mention."""
    ent = entity_around(span)
    if ent is None or ent.label_ not in ("ORG", "FAC") or len(ent) <= len(span) + 1:
        return False
    doc = span.doc
    if span.end < ent.end and doc[span.end].tag_ == "POS":
        return False  # "Kazakhstan's Tengri": a possessor, not part of the name
    rest = [t for t in ent if t.i < span.start or t.i >= span.end]
    named = any(t.pos_ == "PROPN" and t.is_title for t in rest)
    # "Kenya National Commission ...", "Bank of Lithuania"
    return named and (span.start == ent.start or (span.start > 0 and doc[span.start - 1].lower_ == "of"))


def used_as_noun(span: Span) -> bool:
    root = span.root
    return root.tag_ in ("NNPS", "NNS") or (root.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj") and root.pos_ != "ADJ"
                                            and root.tag_ != "JJ")


def is_modifier(span: Span) -> bool:
    root = span.root
    return root.dep_ in ("compound", "amod", "nmod", "poss") or (span.end < len(span.doc) and span.doc[span.end].tag_ == "POS")
