"""Evidence about an actor from the words around a mention: titles, demonyms, appositives,
'X-based', possessors, and the country a passage or a story is mostly about."""
from __future__ import annotations

from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from spacy.tokens import Doc, Span, Token

from communique.knowledge import KnowledgeBase
from communique.places import geocode, country_of_place, is_city
from communique.spans import entity_around

if TYPE_CHECKING:
    from communique.actors import DocActors

LEFT_CONTEXT_POS = {"PROPN", "NOUN", "ADJ", "DET", "PART", "NUM"}


# Answers of match_sector_word per knowledge base (which does not change once loaded), by words,
# lemmas and kinds: the same few phrases ("the president", "foreign minister") come back all the time.
_SECTOR_MATCHES: WeakKeyDictionary = WeakKeyDictionary()


def match_sector_word(kb: KnowledgeBase, tokens: list[Token], kinds=("title", "noun")):
    """Longest title/group word in a run of tokens: (SectorWord, first index, last index) or None."""
    words = tuple(t.text.lower() for t in tokens)
    lemmas = tuple(t.lemma_.lower() for t in tokens)
    cache = _SECTOR_MATCHES.get(kb)
    if cache is None or len(cache) > 100_000:
        cache = _SECTOR_MATCHES[kb] = {}
    key = (words, lemmas, tuple(kinds))
    if key not in cache:
        cache[key] = _match_sector_word(kb, words, lemmas, kinds)
    return cache[key]


def _match_sector_word(kb: KnowledgeBase, words: tuple[str, ...], lemmas: tuple[str, ...], kinds):
    best = None
    for i in range(len(words)):
        for j in range(min(len(words), i + 4), i, -1):  # longest first: the first hit at i is the best at i
            word = next((w for w in (kb.sector_word(" ".join(seq).replace(" - ", "-")) for seq in
                                     (words[i:j], lemmas[i:j])) if w and w.kind in kinds), None)
            if word is not None:
                if best is None or (j - i) > (best[2] - best[1] + 1):
                    best = (word, i, j - 1)
                break
    return best


def country_evidence(actors: DocActors, tokens: list[Token]) -> str | None:
    """A country named by the words: a demonym, a country, a capital, 'X-based', a known org, a city."""
    kb = actors.kb
    cities = []
    for k, tok in enumerate(tokens):
        if tok.i in actors.modifier_country:
            return actors.modifier_country[tok.i]
        rec = actors.actor_at(tok.i)
        if rec and rec.type in ("country", "region") and rec.country:
            return rec.country
        if rec and rec.type == "organization" and rec.country and rec.country not in ("IGO", "NGO"):
            cities.append(rec.country)
        based = k + 2 < len(tokens) and tokens[k + 1].text == "-" and tokens[k + 2].lower_ == "based"
        if tok.ent_type_ in ("GPE", "LOC") or based:
            country = kb.country_of(tok.text) or country_of_place(_entity_text(tok))
            near = actors.countries_in(tok.sent) if country else frozenset()
            if near and country not in near:  # "militias in Tripoli ... the north Lebanese port"
                place = geocode(_entity_text(tok), near)
                country = place.country if place is not None and place.country in near else country
            if country:
                cities.append(country)
        elif tok.pos_ == "PROPN" and is_city(tok.text, 100000):
            cities.append(country_of_place(tok.text))  # "Vilnius University", "TuranUniversity in Almaty"
    return cities[0] if cities else None


def _entity_text(tok: Token) -> str:
    ent = entity_around(tok.doc[tok.i:tok.i + 1]) if tok.ent_type_ else None
    return ent.text if ent is not None else tok.text


def left_context(doc: Doc, start: int, limit: int = 7) -> list[Token]:
    """Title-like words just before a name: 'Kazakh President', 'his Ukrainian counterpart'."""
    out: list[Token] = []
    i = start - 1
    while i >= 0 and len(out) < limit:
        tok = doc[i]
        if tok.is_space or "\n" in tok.text:
            break
        title_of = tok.lower_ == "of" and i > 0 and doc[i - 1].pos_ in ("PROPN", "NOUN") and doc[i - 1].is_title
        if tok.is_sent_end or tok.text in (".", "!", "?"):
            break
        if tok.pos_ not in LEFT_CONTEXT_POS and tok.text not in ("-", "'s", "’s") and tok.tag_ != "POS" \
                and not title_of:  # "Minister of State X"
            break
        if tok.pos_ == "PROPN" and tok.ent_type_ == "PERSON" and i < start - 1:
            break
        out.insert(0, tok)
        if tok.pos_ == "DET" or doc[i].is_sent_start:
            break
        i -= 1
    return out


def appositive(doc: Doc, head: Token, span_start: int, span_end: int) -> list[Token]:
    """The description set off by commas next to a name, from the parse or the punctuation."""
    for child in head.children:
        if child.dep_ == "appos" and child.i > head.i and child.pos_ in ("NOUN", "PROPN"):
            return [t for t in child.subtree]
    if head.dep_ == "appos" and head.head.i < span_start and head.head.pos_ in ("NOUN", "PROPN"):
        h = head.head
        return [t for t in h.subtree if t.i < span_start]
    # ", the director of X, a Tashkent-based think tank," -- up to two comma-separated descriptions
    out: list[Token] = []
    i = span_end
    sent_end = doc[span_start].sent.end
    for _ in range(2):
        if i < sent_end and doc[i].text == "," and i + 1 < sent_end and doc[i + 1].pos_ in ("DET", "ADJ", "NOUN"):
            j = i + 1
            while j < sent_end and doc[j].text not in (",", ".", ";", "”", '"') and doc[j].pos_ not in ("VERB", "AUX"):
                j += 1
            out.extend(doc[i + 1:j])
            i = j
        else:
            break
    return out



def _possessor_country(actors: DocActors, span: Span) -> str | None:
    """'Kazakhstan's Tengri news' -> KAZ."""
    doc = span.doc
    for tok in doc[max(span.sent.start, span.start - 3):span.start]:
        # only a word that modifies the name: not "Israel and Hamas", "Israeli and Hamas negotiators"
        head = tok
        while head.dep_ in ("compound", "case") and head.head.i < span.start:
            head = head.head
        if not (span.start <= head.head.i < span.end and head.dep_ in ("poss", "compound", "amod", "nmod")):
            continue
        if tok.i in actors.modifier_country:
            return actors.modifier_country[tok.i]
        rec = actors.actor_at(tok.i)
        if rec and rec.type == "country":
            return rec.country
    return None


def _main_country(actors: DocActors, start: int = 0, end: int | None = None) -> str | None:
    """The country the article (or the token range) is mostly about: most mentioned, by country,
    capital or demonym; on a tie, the one named first."""
    end = len(actors.doc) if end is None else end
    counts: dict[str, int] = {}
    first: dict[str, int] = {}

    def count(code: str, i: int) -> None:
        if start <= i < end and len(code) == 3:
            counts[code] = counts.get(code, 0) + 1
            first[code] = min(first.get(code, 10**9), i)

    for rec in actors.records.values():
        if rec.type == "country" and rec.country:  # country names and capitals
            for s, _ in rec.mentions:
                count(rec.country, s)
    for i, code in actors.modifier_country.items():
        count(code, i)
    if not counts:
        return None
    return max(counts.items(), key=lambda kv: (kv[1], -first[kv[0]]))[0]


PARAGRAPH_REACH = 300


def local_country(actors: DocActors, i: int) -> str | None:
    """The country of the paragraph around token i, else of the whole story."""
    doc = actors.doc
    # A text without line breaks is one 'paragraph'; looking no further than PARAGRAPH_REACH tokens
    # either way keeps this linear in the length of the text, not quadratic.
    start = i
    while start > 0 and i - start < PARAGRAPH_REACH and "\n" not in doc[start - 1].text_with_ws:
        start -= 1
    end = i
    while end < len(doc) and end - i < PARAGRAPH_REACH and "\n" not in doc[end].text_with_ws:
        end += 1
    return _main_country(actors, start, end + 1) or actors.main_country


def shared_org_country(actors: DocActors) -> str | None:
    """'President X conceded to demands from UNITA': the one country the named organisations share."""
    countries = {r.country for r in actors.records.values() if r.type in ("organization", "group")
                 and r.country and len(r.country) == 3 and r.country not in ("IGO", "NGO")}
    return countries.pop() if len(countries) == 1 else None
