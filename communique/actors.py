"""Actors: mentions of people, organisations, countries and groups resolved to CAMEO-style codes.

Evidence, strongest first: titles and appositives in the text (*Uzbek Foreign Minister X*,
*X, the director of Y, a Tashkent-based think tank*), in-document coreference (surnames, *the
Kazakh president*, pronouns, *his counterpart*), metonymy (capitals, seats of government),
demonyms, and the knowledge base (countries, IGOs, organisations, office-holders by date).

`DocActors` holds one document's actors; the events and quotes stages ask it who a token is.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from communique.knowledge import Entry, KnowledgeBase, join_code, knowledge
from communique.models import Actor
from communique.places import country_of_place, geocode, is_city

NAMED_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}
GENERIC_ROLES = {"official", "senior official", "spokesperson", "spokesman", "spokeswoman", "leader", "member",
                 "director", "chairman", "chairperson", "chair", "head", "chief", "commander", "adviser", "deputy"}
PERSON_PRONOUNS = {"he", "she", "him", "her", "his", "hers", "himself", "herself"}
GROUP_PRONOUNS = {"it", "its", "they", "them", "their", "itself", "themselves"}
LEFT_CONTEXT_POS = {"PROPN", "NOUN", "ADJ", "DET", "PART", "NUM"}
NOT_ACTOR_HEADS = {"percent", "%", "year", "day", "week", "month", "time", "way", "part", "number"}


@dataclass
class ActorRecord:
    key: str
    name: str
    type: str
    country: str | None = None
    sector: str | None = None
    role: str | None = None
    mentions: list[tuple[int, int]] = field(default_factory=list)  # token spans [start, end)
    fixed_code: str | None = None  # a knowledge-base code that country+sector cannot spell (IGOUNO)
    specific: bool = True  # False for generic groups ("police", "protesters") found only as arguments
    inferred: bool = False  # the country is the story's main country, not read off the words

    @property
    def code(self) -> str | None:
        return self.fixed_code or join_code(self.country, self.sector)

    def add_mention(self, start: int, end: int) -> None:
        if (start, end) not in self.mentions:
            self.mentions.append((start, end))


class DocActors:
    """The actors of one document and which tokens mention them."""

    def __init__(self, doc: Doc, kb: KnowledgeBase, published: date | None):
        self.doc = doc
        self.kb = kb
        self.published = published
        self.records: dict[str, ActorRecord] = {}
        self.token_actor: dict[int, str] = {}
        self.modifier_country: dict[int, str] = {}  # demonyms / country words used as modifiers
        self.main_country: str | None = None

    # -- registry ---------------------------------------------------------------------------
    def record(self, key: str, **attrs) -> ActorRecord:
        rec = self.records.get(key)
        if rec is None:
            rec = self.records[key] = ActorRecord(key=key, **attrs)
        return rec

    def mark(self, rec: ActorRecord, start: int, end: int) -> None:
        rec.add_mention(start, end)
        for i in range(start, end):
            self.token_actor.setdefault(i, rec.key)

    def actor_at(self, i: int) -> ActorRecord | None:
        key = self.token_actor.get(i)
        return self.records.get(key) if key else None

    # -- output -----------------------------------------------------------------------------
    def to_actors(self, used: set[str] = frozenset()) -> tuple[list[Actor], dict[str, str]]:
        """Contract actors (ids a1, a2 ... in order of first mention; unmentioned ones that events use
        last) and a key -> id map."""
        doc = self.doc
        records = [r for r in self.records.values() if r.mentions or r.key in used]
        ordered = sorted(records, key=lambda r: min(r.mentions) if r.mentions else (len(doc), 0))
        actors, ids = [], {}
        for n, rec in enumerate(ordered, 1):
            ids[rec.key] = f"a{n}"
            spans = sorted({(doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)) for s, e in rec.mentions})
            actors.append(Actor(id=f"a{n}", name=rec.name, type=rec.type, code=rec.code or "",
                                country=rec.country, sector=rec.sector, role=rec.role, mentions=spans))
        return actors, ids


# --- evidence from words around a mention ------------------------------------------------------

def match_sector_word(kb: KnowledgeBase, tokens: list[Token], kinds=("title", "noun")):
    """Longest title/group word in a run of tokens: (SectorWord, first index, last index) or None."""
    words = [t.text.lower() for t in tokens]
    lemmas = [t.lemma_.lower() for t in tokens]
    best = None
    for i in range(len(tokens)):
        for j in range(min(len(tokens), i + 4), i, -1):
            for seq in (words[i:j], lemmas[i:j]):
                term = " ".join(seq).replace(" - ", "-")
                word = kb.sector_word(term)
                if word and word.kind in kinds:
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
            if country:
                cities.append(country)
        elif tok.pos_ == "PROPN" and is_city(tok.text, 100000):
            cities.append(country_of_place(tok.text))  # "Vilnius University", "TuranUniversity in Almaty"
    return cities[0] if cities else None


def _entity_text(tok: Token) -> str:
    if tok.ent_type_:
        for ent in tok.doc.ents:
            if ent.start <= tok.i < ent.end:
                return ent.text
    return tok.text


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


# --- the resolver ------------------------------------------------------------------------------

class ActorResolver:
    def __init__(self, nlp, kb: KnowledgeBase | None = None):
        self.kb = kb or knowledge()
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        patterns = [nlp.make_doc(p) for p in self.kb.phrases if p]
        for k in range(0, len(patterns), 1000):
            self.matcher.add("KB", patterns[k:k + 1000])

    def __call__(self, doc: Doc, published: date | None = None) -> DocActors:
        actors = DocActors(doc, self.kb, published)
        kb_spans = filter_spans([doc[s:e] for _, s, e in self.matcher(doc)])
        kb_spans = [s for s in kb_spans if not _inside_larger_name(s)]
        covered = {i for s in kb_spans for i in range(s.start, s.end)}
        persons: list[Span] = []
        for span in kb_spans:
            self._add_kb_span(actors, span, persons)
        for ent in doc.ents:
            if ent.label_ not in NAMED_LABELS:
                continue
            span = _trim(self.kb, ent)
            if span is None:
                continue
            if any(i in covered for i in range(span.start, span.end)):
                self._extend_person(span, persons)
                continue
            self._add_entity(actors, span, persons)
        actors.main_country = _main_country(actors)
        self._resolve_people(actors, persons)
        for rec in actors.records.values():
            if rec.type == "person" and rec.country is None and actors.main_country and len(actors.main_country) == 3:
                rec.country = actors.main_country  # a local figure of the country the story is about
        return actors

    @staticmethod
    def _extend_person(span: Span, persons: list[Span]) -> None:
        """'President Xi' from the KB and 'Xi Jinping' from the NER are one mention of one person."""
        for k, known in enumerate(persons):
            if known.start < span.end and span.start < known.end and span.label_ == "PERSON":
                start, end = min(known.start, span.start), max(known.end, span.end)
                persons[k] = Span(span.doc, _name_start(span.doc, start, end), end, label="PERSON")
                return

    # KB phrases ------------------------------------------------------------------------------
    def _add_kb_span(self, actors: DocActors, span: Span, persons: list[Span]) -> None:
        entries = self.kb.lookup(span.text, on=actors.published)
        if not entries:
            return
        entry = entries[0]
        if entry.kind == "person":
            persons.append(span)
            return
        if _sponsor_modifier(span):
            return  # "the Rwanda-backed M23": Rwanda backs the group, it is not a Rwandan group
        if entry.kind == "demonym":
            if not _used_as_noun(span):
                for i in range(span.start, span.end):
                    actors.modifier_country[i] = entry.code
                return
            rec = actors.record(f"people:{entry.code}", name=span.text, type="group",
                                country=entry.country, sector="CVL" if entry.type == "country" else None)
            actors.mark(rec, span.start, span.end)
            return
        if entry.kind in ("country", "region"):
            if _is_modifier(span):
                for i in range(span.start, span.end):
                    actors.modifier_country[i] = entry.code
            rec = actors.record(entry.code, name=entry.name, type=entry.type, country=entry.country)
            actors.mark(rec, span.start, span.end)
            return
        if entry.kind == "capital":
            if span.root.dep_ == "pobj" and span.root.head.lower_ in LOCATIVE_PREPS:
                return  # "met in Paris": where it happened, not who did it
            if _is_modifier(span):
                for i in range(span.start, span.end):
                    actors.modifier_country[i] = entry.country
            igo = self.kb.igo_seats.get(span.text)
            if igo and any(e.code == igo for m in self._doc_entries(span.doc) for e in m):
                # "Brussels" in a story about the EU is the EU
                igo_entry = next(e for e in self.kb.lookup_code(igo))
                rec = actors.record(f"IGO:{igo_entry.name}", name=igo_entry.name, type="organization",
                                    country="IGO", sector="IGO", fixed_code=igo)
            else:
                rec = actors.record(entry.code, name=span.text, type="country", country=entry.country, sector="GOV")
            actors.mark(rec, span.start, span.end)
            return
        country = entry.country
        if entry.kind == "org":
            # "Colombia's National Electoral Council": the words name the country, whatever the table says
            said = _possessor_country(actors, span)
            if said and said != country and len(said) == 3:
                country = said
        key = f"{join_code(country, entry.sector)}:{entry.name}"
        rec = actors.record(key, name=entry.name, type=entry.type, country=country, sector=entry.sector,
                            fixed_code=entry.code if entry.code.startswith("IGO") else None)
        actors.mark(rec, span.start, span.end)

    def _doc_entries(self, doc: Doc) -> list[list[Entry]]:
        cached = doc.user_data.get("communique_kb_entries")
        if cached is None:
            cached = [self.kb.lookup(doc[s:e].text) for _, s, e in self.matcher(doc)]
            doc.user_data["communique_kb_entries"] = cached
        return cached

    # NER entities the KB does not know ---------------------------------------------------------
    def _add_entity(self, actors: DocActors, span: Span, persons: list[Span]) -> None:
        label = span.label_
        text = span.text
        if label in ("GPE", "LOC", "FAC"):
            place = geocode(text)
            if place and place.kind == "country":
                rec = actors.record(place.country, name=place.name, type="country", country=place.country)
                actors.mark(rec, span.start, span.end)
            return  # cities and regions are places, handled by the places stage
        if label == "NORP":
            return
        if label == "ORG" and self._looks_like_person(actors, span):
            label = "PERSON"
        if label == "PERSON" and self._looks_like_org(span):
            label = "ORG"
        if label == "PERSON":
            if is_city(text, 100000) and not self.kb.lookup(text, ("person",)):
                return  # "Jalalabad", "Port-au-Prince" tagged as people: they are places
            persons.append(span)
            return
        if geocode(text) and not _has_org_word(self.kb, span):
            return  # a place the NER called an organisation ("Novorossiysk")
        self._add_org(actors, span)

    def _looks_like_person(self, actors: DocActors, span: Span) -> bool:
        if _has_org_word(self.kb, span) or not all(t.pos_ == "PROPN" or t.text == "-" for t in span):
            return False
        before = left_context(span.doc, span.start)
        if before and match_sector_word(self.kb, before, ("title",)):
            return True
        if self.kb.surnames.get(span[-1].text):
            return True
        last = span[-1].text
        return any(e.label_ == "PERSON" and e[-1].text == last for e in span.doc.ents)

    def _looks_like_org(self, span: Span) -> bool:
        """A PERSON-tagged name that is the object of 'director of', 'expert at' ... is an organisation."""
        if _has_org_word(self.kb, span):
            return True
        head = span.root
        prep = head.head if head.dep_ == "pobj" else None
        if prep is not None and prep.lower_ in ("of", "at", "for") and prep.head.pos_ == "NOUN":
            return bool(match_sector_word(self.kb, [prep.head], ("title",)))
        return False

    def _add_org(self, actors: DocActors, span: Span) -> None:
        tokens = list(span)
        sector = None
        for tok in tokens:
            word = self.kb.org_word(tok.lower_) or self.kb.org_word(tok.lemma_.lower())
            if word:
                sector = word.sector
        pair = " ".join(t.lower_ for t in tokens)
        for term, word in self.kb.org_words.items():
            if " " in term and term in pair:
                sector = word.sector
        country = country_evidence(actors, tokens) or next(
            (self.kb.country_of(t.text) for t in tokens if self.kb.lookup(t.text, ("demonym", "country"))), None)
        outside = left_context(span.doc, span.start, 4) + appositive(span.doc, span.root, span.start, span.end)
        if country is None:
            country = country_evidence(actors, outside) or _possessor_country(actors, span)
        if sector is None:
            found = match_sector_word(self.kb, outside, ("noun",))
            sector = found[0].sector if found else None
        key = f"org:{span.text}"
        rec = actors.record(key, name=span.text, type="organization", country=country, sector=sector)
        actors.mark(rec, span.start, span.end)

    # People -------------------------------------------------------------------------------------
    def _resolve_people(self, actors: DocActors, persons: list[Span]) -> None:
        """Full names first, so that surnames can join them; then titles, appositives and the KB."""
        persons = sorted(persons, key=lambda s: (-len(s), s.start))
        by_surname: dict[str, ActorRecord] = {}
        described: list[ActorRecord] = []
        for span in persons:
            if len(span) > 1:
                key = f"person:{span.text}"
                rec = actors.records.get(key) or by_surname.get(span[-1].text)
                if rec is None:
                    rec = actors.record(key, name=span.text, type="person")
                # "Issa Tchiroma Bakary" is also "Tchiroma": every name after the first can stand alone
                by_surname.setdefault(span[-1].text, rec)
                for tok in span[1:-1]:
                    if tok.is_title and len(tok.text) > 2:
                        by_surname.setdefault(tok.text, rec)
                described.append(rec)
            else:
                rec = by_surname.get(span.text)
                if rec is None:
                    rec = actors.record(f"person:{span.text}", name=span.text, type="person")
                    by_surname[span.text] = rec
                    described.append(rec)
            actors.mark(rec, span.start, span.end)
        for rec in {id(r): r for r in described}.values():
            self._describe_person(actors, rec)
        # "Kamau told reporters": a surname already known, even where the NER tagged nothing or an organisation
        for tok in actors.doc:
            rec = by_surname.get(tok.text)
            if rec is not None and tok.pos_ == "PROPN" and (tok.i not in actors.token_actor
                                                             or actors.records[actors.token_actor[tok.i]].type != "person"):
                actors.token_actor.pop(tok.i, None)
                actors.mark(rec, tok.i, tok.i + 1)

    def _describe_person(self, actors: DocActors, rec: ActorRecord) -> None:
        doc, kb = actors.doc, self.kb
        country = sector = role = None
        for start, end in sorted(rec.mentions):
            before = left_context(doc, start)
            title = match_sector_word(kb, before, ("title",))
            if title and sector is None:
                sector, role = title[0].sector, title[0].role
                if title[0].term == "counterpart":
                    sector, role = self._counterpart(actors, before, start)
            if country is None and before:
                country = country_evidence(actors, before)
            desc = appositive(doc, doc[end - 1], start, end)
            if desc:
                title = match_sector_word(kb, desc, ("title", "noun"))
                if title and sector is None:
                    sector = title[0].sector
                    role = role or _role_phrase(desc, title)
                if country is None:
                    country = country_evidence(actors, desc)
        entries = [e for e in kb.lookup(rec.name, ("person",), on=actors.published)]
        if not entries:
            surname = rec.name.split()[-1]
            entries = kb.in_office(kb.lookup(surname, ("person",)), actors.published)
        if entries:
            entry = entries[0]
            country = country or entry.country
            if sector is None or (sector == entry.sector and not role):
                sector, role = entry.sector, role or entry.role
            role = role or entry.role
        org = self._organisation_in_context(actors, rec)
        if org is not None and (sector is None or (role or "").lower() in GENERIC_ROLES):
            # "a senior M23 official", "a spokesman for Human Rights Watch": the body tells the sector
            country, sector = country or org.country, org.sector or sector
        if country in ("IGO", "NGO"):
            sector = country
        rec.country, rec.sector, rec.role = country, sector, role

    def _organisation_in_context(self, actors: DocActors, rec: ActorRecord) -> ActorRecord | None:
        doc = actors.doc
        for start, end in sorted(rec.mentions):
            for tok in left_context(doc, start) + appositive(doc, doc[end - 1], start, end):
                found = actors.actor_at(tok.i)
                if found is not None and found.type in ("organization", "group") and found.sector:
                    return found
        return None

    def _counterpart(self, actors: DocActors, before: list[Token], start: int) -> tuple[str | None, str | None]:
        """'his Ukrainian counterpart X': X holds the office of the person 'his' refers to."""
        doc = actors.doc
        for i in range(start - 1, max(doc[start].sent.start - 1, -1), -1):
            rec = actors.actor_at(i)
            if rec and rec.type == "person" and (rec.sector or rec.role):
                return rec.sector or "GOV", rec.role
        for i in range(start - 1, -1, -1):
            rec = actors.actor_at(i)
            if rec and rec.type == "person":
                if not rec.sector:
                    self._describe_person(actors, rec)
                return rec.sector or "GOV", rec.role
        return "GOV", None


def _name_start(doc: Doc, start: int, end: int) -> int:
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


def _role_phrase(desc: list[Token], title) -> str:
    """'the director of Knowledge Caravan' -> 'director of Knowledge Caravan'."""
    word, i, j = title
    words = [t for t in desc[i:] if t.text != ","]
    out = []
    for tok in words:
        if tok.text in (",",) or (out and tok.lower_ in ("in", "a", "an")):
            break
        out.append(tok.text_with_ws)
    return "".join(out).strip() or (word.role or word.term)


def _trim(kb: KnowledgeBase, ent: Span) -> Span | None:
    """Drop leading determiners, titles and demonyms and a trailing possessive from an entity."""
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end and (doc[start].pos_ == "DET" or kb.lookup(doc[start].text, ("demonym",))
                           or _is_title(kb, doc[start].text) and doc[start].ent_iob_ != "" and start + 1 < end):
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


IGO_NOUNS = frozenset("bloc alliance organisation organization union body grouping".split())
RELATIONAL_NOUNS = frozenset("side party delegation counterpart mediator negotiator leader partner ally neighbour "
                             "neighbor rival".split())
LOCATIVE_PREPS = frozenset("in at near outside inside around across".split())
SPONSOR_WORDS = frozenset("backed supported sponsored allied aligned funded armed brokered mediated led-backed".split())


def _sponsor_modifier(span: Span) -> bool:
    doc = span.doc
    return span.end + 1 < len(doc) and doc[span.end].text == "-" and doc[span.end + 1].lower_ in SPONSOR_WORDS


def _is_title(kb: KnowledgeBase, word: str) -> bool:
    found = kb.sector_word(word)
    return bool(found and found.kind == "title")


def _has_org_word(kb: KnowledgeBase, span: Span) -> bool:
    return any(kb.org_word(t.lower_) for t in span if t.pos_ in ("PROPN", "NOUN"))


def _inside_larger_name(span: Span) -> bool:
    """'Kenya' inside 'Kenya National Commission on Human Rights' is part of a name, not a mention."""
    ent = next((e for e in span.doc.ents if e.start <= span.start and span.end <= e.end), None)
    if ent is None or ent.label_ not in ("ORG", "FAC") or len(ent) <= len(span) + 1:
        return False
    doc = span.doc
    if span.end < ent.end and doc[span.end].tag_ == "POS":
        return False  # "Kazakhstan's Tengri": a possessor, not part of the name
    rest = [t for t in ent if t.i < span.start or t.i >= span.end]
    named = any(t.pos_ == "PROPN" and t.is_title for t in rest)
    # "Kenya National Commission ...", "Bank of Lithuania"
    return named and (span.start == ent.start or (span.start > 0 and doc[span.start - 1].lower_ == "of"))


def _used_as_noun(span: Span) -> bool:
    root = span.root
    return root.tag_ in ("NNPS", "NNS") or (root.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj") and root.pos_ != "ADJ"
                                            and root.tag_ != "JJ")


def _is_modifier(span: Span) -> bool:
    root = span.root
    return root.dep_ in ("compound", "amod", "nmod", "poss") or (span.end < len(span.doc) and span.doc[span.end].tag_ == "POS")


def _possessor_country(actors: DocActors, span: Span) -> str | None:
    """'Kazakhstan's Tengri news' -> KAZ."""
    doc = span.doc
    for tok in doc[max(span.sent.start, span.start - 3):span.start]:
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


def local_country(actors: DocActors, i: int) -> str | None:
    """The country of the paragraph around token i, else of the whole story."""
    doc = actors.doc
    start = i
    while start > 0 and "\n" not in doc[start - 1].text_with_ws:
        start -= 1
    end = i
    while end < len(doc) and "\n" not in doc[end].text_with_ws:
        end += 1
    return _main_country(actors, start, end + 1) or actors.main_country


_WORD = re.compile(r"\w")


# --- who is this token? (used by the events and quotes stages) -----------------------------------

PLURAL_HEADS = {"leader": "person", "president": "person", "minister": "person", "pair": "person",
                "counterpart": "person", "country": "country", "side": "country", "nation": "country",
                "government": "country", "neighbour": "country", "neighbor": "country", "state": "country"}
DEFINITE_TITLES = {"president", "leader", "minister", "premier", "chancellor", "king", "emir", "pope",
                   "prime minister", "foreign minister", "defence minister", "defense minister"}


class TokenResolver:
    """Resolves an argument token to actors: named mentions, pronouns, group nouns, conjunctions."""

    def __init__(self, actors: DocActors):
        self.actors = actors
        self.kb = actors.kb

    def resolve(self, tok: Token, expand: bool = True) -> list[ActorRecord]:
        heads = [tok] + ([c for c in tok.conjuncts if c.i > tok.i] if expand else [])
        if expand:  # "Prime Minister X and his counterpart Y": the "and" hangs off the appositive name
            heads += [c for a in tok.children if a.dep_ == "appos" for c in a.conjuncts if c.i > a.i]
        out: list[ActorRecord] = []
        for head in heads:
            for rec in self._resolve_one(head):
                if rec not in out:
                    out.append(rec)
        return out

    def _resolve_one(self, tok: Token) -> list[ActorRecord]:
        actors = self.actors
        rec = actors.actor_at(tok.i)
        if rec is not None and rec.type == "country":
            # "Amnesty International Kenya": the organisation's branch in that country
            for child in tok.children:
                org = actors.actor_at(child.i) if child.dep_ == "compound" else None
                if org is not None and org.type == "organization":
                    branch = actors.record(f"{org.key}@{rec.country}", name=f"{org.name} {rec.name}",
                                           type="organization", country=rec.country, sector=org.sector)
                    actors.mark(branch, min(child.left_edge.i, tok.i), tok.i + 1)
                    return [branch]
        if rec is not None and not (rec.type == "country" and tok.dep_ in ("compound", "amod") and tok.head.pos_ == "NOUN"):
            return [rec]
        if tok.pos_ == "PRON" or tok.lower_ in PERSON_PRONOUNS | GROUP_PRONOUNS:
            return self.pronoun(tok)
        pair = self.plural_reference(tok)
        if pair:
            return pair
        if tok.lemma_.lower() in IGO_NOUNS and any(c.lower_ == "the" for c in tok.children):
            # "the bloc", "the alliance": the organisation named before
            for i in range(tok.i - 1, -1, -1):
                rec = actors.actor_at(i)
                if rec is not None and rec.country == "IGO":
                    return [rec]
        if tok.pos_ not in ("NOUN", "PROPN") or tok.lemma_.lower() in NOT_ACTOR_HEADS:
            return []
        for child in tok.children:  # "his Egyptian counterpart Abdel Fattah al-Sisi"
            if child.dep_ == "appos" and child.i > tok.i:
                rec = actors.actor_at(child.i)
                if rec is not None and rec.type == "person":
                    return [rec]
        if tok.i + 1 < len(tok.doc) and tok.pos_ == "NOUN":
            # "his Ukrainian counterpart Andrii Sybiha" even when the parser splits the name off
            rec = actors.actor_at(tok.i + 1)
            if rec is not None and rec.type == "person" and match_sector_word(self.kb, [tok], ("title",)):
                return [rec]
        found = self.group_noun(tok)
        if not found:
            # "Jama'at Nusrat al-Islam wal-Muslimin, al Qaeda's affiliate": the name hangs below the head
            for child in tok.children:
                if child.dep_ in ("appos", "nmod") and actors.actor_at(child.i):
                    return [actors.actor_at(child.i)]
        return found

    # "the Kazakh president", "Kenyan police", "Brazil's Foreign Ministry", "the leaders of X and Y"
    def group_noun(self, head: Token) -> list[ActorRecord]:
        actors, kb = self.actors, self.kb
        mods = [c for c in head.children if c.dep_ in ("compound", "amod", "nmod") and c.i < head.i]
        words = sorted(mods + [head], key=lambda t: t.i)
        found = match_sector_word(kb, words[-3:], ("title", "noun"))
        if not found or found[2] != len(words[-3:]) - 1:
            found = match_sector_word(kb, [head], ("title", "noun"))
        if not found:
            return []
        word = found[0]
        countries = self._countries_of(head)
        if word.kind == "title" and word.term in DEFINITE_TITLES or head.lower_ == "counterpart":
            person = self._known_person(head, countries, word)
            if person:
                return [person]
        inferred = not countries
        if not countries and head.lemma_.lower() in RELATIONAL_NOUNS:
            if any(c.lower_ in ("all", "both") for c in head.children) and actors.main_country \
                    and len(actors.main_country) == 3:
                # "urged all parties to ...": the parties of the country the story is about
                country = actors.main_country
                return [actors.record(country, name=self.kb.countries.get(country, country), type="country",
                                      country=country)]
            return []  # "the warring sides": whose, the words do not say
        if not countries:
            fallback = local_country(actors, head.i)
            countries = [(fallback, None)] if fallback else [(None, None)]
        out = []
        for country, org in countries:
            sector = word.sector
            if org is not None and org.sector and word.kind == "title":
                sector = org.sector if org.sector not in ("CVL",) else sector
            if org is not None and org.type == "organization" and word.kind == "title":
                out.append(org)
                continue
            key = f"group:{country}:{sector}:{word.term}"
            name = " ".join(t.text for t in head.subtree if t.i <= head.i and t.dep_ not in ("det", "poss", "case")
                            and not t.is_punct) or head.text
            rec = actors.record(key, name=name, type="group", country=country, sector=sector, specific=False,
                                inferred=inferred, role=word.role if word.kind == "title" else None)
            start = min(t.i for t in words)
            actors.mark(rec, start, head.i + 1)
            out.append(rec)
        return out

    def _countries_of(self, head: Token) -> list[tuple[str | None, ActorRecord | None]]:
        """Countries (and organisations) a group noun belongs to: demonyms, possessives, of/for/in PPs."""
        actors = self.actors
        out: list[tuple[str | None, ActorRecord | None]] = []
        for child in head.children:
            if child.dep_ in ("amod", "compound", "nmod", "poss") and child.i < head.i:
                for tok in [child, *child.conjuncts]:
                    country = actors.modifier_country.get(tok.i)
                    rec = actors.actor_at(tok.i)
                    if country:
                        out.append((country, None))
                    elif rec is not None and rec.country:
                        out.append((rec.country, rec if rec.type == "organization" else None))
                    elif tok.dep_ == "poss" and tok.pos_ in ("NOUN", "PROPN", "PRON"):
                        for sub in self.resolve(tok):  # "its troops": the troops of whoever "its" is
                            out.append((sub.country, sub if sub.type == "organization" else None))
        if out:
            return out
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in ("of", "for", "in", "from", "at"):
                for pobj in (c for c in child.children if c.dep_ == "pobj"):
                    for tok in [pobj, *pobj.conjuncts]:
                        rec = actors.actor_at(tok.i)
                        if rec is not None and rec.country:
                            out.append((rec.country, rec if rec.type == "organization" else None))
                        elif tok.ent_type_ in ("GPE", "LOC"):
                            country = country_of_place(_entity_text(tok))
                            if country:
                                out.append((country, None))
                        elif tok.pos_ == "NOUN":
                            found = self.group_noun(tok)
                            for sub in found:
                                out.append((sub.country, sub if sub.type == "organization" else None))
                            if not found and child.lower_ == "in":
                                # "separatists in the Donbas region of Ukraine": the region's country
                                place = self._place_country(tok)
                                if place:
                                    out.append((place, None))
        return out

    def _place_country(self, noun: Token) -> str | None:
        for t in noun.subtree:
            rec = self.actors.actor_at(t.i)
            if rec is not None and rec.type == "country" and rec.country:
                return rec.country
            if t.ent_type_ in ("GPE", "LOC"):
                country = country_of_place(_entity_text(t))
                if country:
                    return country
        return None

    def _known_person(self, head: Token, countries, word) -> ActorRecord | None:
        """'the Kazakh president' / 'the Ukrainian leader' -> the person already named with that office."""
        wanted = {c for c, _ in countries if c}
        best = None
        for rec in self.actors.records.values():
            if rec.type != "person" or not rec.mentions or min(rec.mentions)[0] > head.i:
                continue
            if wanted and rec.country not in wanted:
                continue
            if not wanted:
                continue
            role = (rec.role or "").lower()
            if word.term in ("leader", "counterpart") and rec.sector == "GOV" or word.term in role:
                if best is None or max(rec.mentions) > max(best.mentions):
                    best = rec
        return best

    # "the two leaders", "both countries", "the pair" -------------------------------------------------
    def plural_reference(self, tok: Token) -> list[ActorRecord]:
        lemma = tok.lemma_.lower()
        counted = any(c.lower_ in ("two", "both") for c in tok.children) or lemma == "pair"
        if not counted or lemma not in PLURAL_HEADS:
            return []
        kind = PLURAL_HEADS[lemma]
        found: list[ActorRecord] = []
        for i in range(tok.i - 1, -1, -1):
            rec = self.actors.actor_at(i)
            if rec is None or rec in found:
                continue
            if (kind == "person" and rec.type == "person" and (rec.sector == "GOV" or lemma in ("pair", "counterpart"))) \
                    or (kind == "country" and rec.type == "country" and len(rec.country or "") == 3):
                if found and found[0].country == rec.country:
                    continue
                found.append(rec)
                if len(found) == 2:
                    return found[::-1]
        return []

    # he / she / it / they ------------------------------------------------------------------------
    def pronoun(self, tok: Token) -> list[ActorRecord]:
        found = self._pronoun(tok)
        if found is None:
            return []
        if tok.lower_ in ("they", "them", "their") and found.key.startswith("group:"):
            # "Tajik and Kyrgyz officials said they ...": all the conjoined groups
            siblings = [r for r in self.actors.records.values() if r.mentions == found.mentions]
            return siblings or [found]
        return [found]

    def _pronoun(self, tok: Token) -> ActorRecord | None:
        actors = self.actors
        person = tok.lower_ in PERSON_PRONOUNS
        doc = tok.doc
        sent = tok.sent
        # Prefer the subject of the clause that governs this one ("Thailand's army said it would ...").
        governor = tok.head
        while governor is not None and governor.dep_ not in ("ROOT",) and governor.head.i != governor.i:
            if governor.dep_ in ("ccomp", "xcomp", "advcl", "conj", "acl", "relcl"):
                governor = governor.head
                subj = next((c for c in governor.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                if subj is not None and subj.i != tok.i and subj.lower_ not in PERSON_PRONOUNS | GROUP_PRONOUNS:
                    for rec in self.resolve(subj, expand=False):
                        if (rec.type == "person") == person or (not person and rec.type != "person"):
                            return rec
                        if not person and rec.type == "person":
                            return rec
            else:
                governor = governor.head
            if governor.dep_ == "ROOT":
                break
        # A subject pronoun opening a sentence continues the previous sentence's subject.
        if person and tok.dep_ in ("nsubj", "nsubjpass") and not any(
                actors.actor_at(i) is not None and actors.actor_at(i).type == "person" for i in range(sent.start, tok.i)):
            prev_sent = doc[sent.start - 1].sent if sent.start > 0 else None
            for i in (range(prev_sent.start, prev_sent.end) if prev_sent is not None else ()):
                rec = actors.actor_at(i)
                # a named person, or an unnamed office-holder ("Britain's development minister ... She")
                personal = rec is not None and (rec.type == "person" or (rec.type == "group" and rec.role))
                if personal and (doc[i].dep_ in ("nsubj", "nsubjpass") or (
                        doc[i].head.dep_ in ("nsubj", "nsubjpass") and doc[i].dep_ in ("compound", "appos"))):
                    return rec
        # Otherwise the nearest earlier actor of the right kind, in this sentence then before it.
        for i in range(tok.i - 1, max(sent.start - 400, -1), -1):
            rec = actors.actor_at(i)
            if rec is None:
                continue
            if person and rec.type == "person":
                return rec
            if not person and rec.type in ("country", "organization", "group") and doc[i].dep_ in (
                    "nsubj", "nsubjpass", "poss", "pobj", "dobj", "compound", "conj", "appos"):
                return rec
        return None
