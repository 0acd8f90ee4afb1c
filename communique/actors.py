"""Actors: mentions of people, organisations, countries and groups resolved to CAMEO-style codes.

Evidence, strongest first: titles and appositives in the text (*Uzbek Foreign Minister X*,
*X, the director of Y, a Tashkent-based think tank*), in-document coreference (surnames, *the
Kazakh president*, pronouns, *his counterpart*), metonymy (capitals, seats of government),
demonyms, and the knowledge base (countries, IGOs, organisations, office-holders by date).

`DocActors` holds one document's actors; the events and quotes stages ask it who a token is.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from spacy.attrs import ORTH
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from communique.knowledge import Entry, KnowledgeBase, join_code, knowledge
from communique.models import Actor
from communique.evidence import (_main_country, _possessor_country, appositive, country_evidence, left_context,
                                 match_sector_word, shared_org_country)
from communique.places import geocode, is_city
from communique.spans import tokens_with
from communique.mentions import (LOCATIVE_PREPS, first_place_country, has_org_word, home_of_people, inside_larger_name,
                                 is_ethnic, is_modifier, name_start, role_phrase, sponsor_modifier, stance_prefix,
                                 trim_entity, used_as_noun)

PORTFOLIO_WORDS = {"minister", "ministry", "secretary", "department", "committee", "commissioner"}
NAMED_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}
GENERIC_ROLES = {"official", "senior official", "spokesperson", "spokesman", "spokeswoman", "leader", "member",
                 "director", "chairman", "chairperson", "chair", "head", "chief", "commander", "adviser", "deputy",
                 "envoy", "special envoy", "representative", "secretary-general", "commissioner", "rapporteur"}
PERSON_PRONOUNS = {"he", "she", "him", "her", "his", "hers", "himself", "herself"}
GROUP_PRONOUNS = {"it", "its", "they", "them", "their", "itself", "themselves"}
NOT_ACTOR_HEADS = {"percent", "%", "year", "day", "week", "month", "time", "way", "part", "number"}


@dataclass(eq=False)  # one record per actor: compared by identity
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

    def country_record(self, code: str) -> ActorRecord:
        """The actor a country (or region) code stands for, one per document."""
        return self.record(code, name=self.kb.countries.get(code, code),
                           type="country" if len(code) == 3 else "region", country=code)

    def government_record(self, code: str) -> ActorRecord:
        return self.record(f"{code}GOV", name=f"Government of {self.kb.countries.get(code, code)}",
                           type="country", country=code, sector="GOV")

    def mark(self, rec: ActorRecord, start: int, end: int) -> None:
        rec.add_mention(start, end)
        for i in range(start, end):
            self.token_actor.setdefault(i, rec.key)

    def actor_at(self, i: int) -> ActorRecord | None:
        key = self.token_actor.get(i)
        return self.records.get(key) if key else None

    def countries_in(self, span: Span) -> frozenset[str]:
        """Countries a sentence names, as actors or as modifiers ("the Lebanese port")."""
        found = {self.modifier_country.get(i) or getattr(self.actor_at(i), "country", None)
                 for i in range(span.start, span.end)}
        return frozenset(c for c in found if c and len(c) == 3)

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


# --- the resolver ------------------------------------------------------------------------------

class ActorResolver:
    def __init__(self, nlp, kb: KnowledgeBase | None = None):
        self.kb = kb or knowledge()
        self._describing: list[ActorRecord] = []  # people whose description is under way
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        patterns = [nlp.make_doc(p) for p in self.kb.phrases if p]
        for k in range(0, len(patterns), 1000):
            self.matcher.add("KB", patterns[k:k + 1000])

    def __call__(self, doc: Doc, published: date | None = None) -> DocActors:
        actors = DocActors(doc, self.kb, published)
        kb_spans = filter_spans([doc[s:e] for _, s, e in self.matcher(doc)])
        kb_spans = [s for s in kb_spans if not inside_larger_name(s)]
        covered = {i for s in kb_spans for i in range(s.start, s.end)}
        persons: list[Span] = []
        for span in kb_spans:
            self._add_kb_span(actors, span, persons)
        for ent in doc.ents:
            if ent.label_ not in NAMED_LABELS:
                continue
            span = trim_entity(self.kb, ent)
            if span is None:
                continue
            if any(i in covered for i in range(span.start, span.end)):
                self._extend_person(span, persons)
                continue
            self._add_entity(actors, span, persons)
        actors.main_country = _main_country(actors)
        self._resolve_people(actors, persons)
        home = actors.main_country if actors.main_country and len(actors.main_country) == 3 else first_place_country(doc)
        home = home or shared_org_country(actors)
        for rec in actors.records.values():
            if rec.type == "person" and rec.country is None and home:
                rec.country = home  # a local figure of the country the story is about (or takes place in)
        return actors

    @staticmethod
    def _extend_person(span: Span, persons: list[Span]) -> None:
        """'President Xi' from the KB and 'Xi Jinping' from the NER are one mention of one person."""
        for k, known in enumerate(persons):
            if known.start < span.end and span.start < known.end and span.label_ == "PERSON":
                start, end = min(known.start, span.start), max(known.end, span.end)
                persons[k] = Span(span.doc, name_start(span.doc, start, end), end, label="PERSON")
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
        if entry.kind == "org" and span.end < len(span.doc) and span.doc[span.end].lower_ in PORTFOLIO_WORDS:
            return  # "Serbian Labour Minister": a portfolio, not the Labour party
        if sponsor_modifier(span) or stance_prefix(span):
            return  # "the Rwanda-backed M23", "an anti-Syria journalist": not a Rwandan group, not a Syrian
        if entry.kind == "demonym":
            if not used_as_noun(span):
                for i in range(span.start, span.end):
                    actors.modifier_country[i] = entry.code
                return
            ethnic = is_ethnic(span)  # "ethnic Albanians" in Serbia are Serbia's: their country is where they live
            home = home_of_people(self.kb, span)  # "Bosnian Serbs", "the Albanians of southern Serbia"
            country = home or entry.country
            rec = actors.record(f"people:{entry.code}{':ethnic' if ethnic else ''}{'@' + home if home else ''}",
                                name=span.text, type="group", country=country,
                                sector="CVL" if entry.type == "country" else None,
                                inferred=ethnic and not home, specific=not ethnic)
            actors.mark(rec, span.start, span.end)
            return
        if entry.kind in ("country", "region"):
            if is_modifier(span):
                for i in range(span.start, span.end):
                    actors.modifier_country[i] = entry.code
            rec = actors.record(entry.code, name=entry.name, type=entry.type, country=entry.country)
            actors.mark(rec, span.start, span.end)
            return
        if entry.kind == "capital":
            if span.root.dep_ == "pobj" and span.root.head.lower_ in LOCATIVE_PREPS:
                return  # "met in Paris": where it happened, not who did it
            if is_modifier(span):
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
        if geocode(text) and not has_org_word(self.kb, span):
            return  # a place the NER called an organisation ("Novorossiysk")
        self._add_org(actors, span)

    def _looks_like_person(self, actors: DocActors, span: Span) -> bool:
        if has_org_word(self.kb, span) or not all(t.pos_ == "PROPN" or t.text == "-" for t in span):
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
        if has_org_word(self.kb, span):
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
        if country is None and span.start > 0 and span.doc[span.start - 1].ent_type_ == span.label_ \
                and self.kb.lookup(span.doc[span.start - 1].text, ("demonym",)):
            country = self.kb.country_of(span.doc[span.start - 1].text)  # "Indian Oil Corp": the name's demonym
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
        for tok in tokens_with(actors.doc, ORTH, by_surname):  # the tokens reading as a known name
            rec = by_surname.get(tok.text)
            if rec is not None and tok.pos_ == "PROPN" and (tok.i not in actors.token_actor
                                                             or actors.records[actors.token_actor[tok.i]].type != "person"):
                actors.token_actor.pop(tok.i, None)
                actors.mark(rec, tok.i, tok.i + 1)

    def _describe_person(self, actors: DocActors, rec: ActorRecord) -> None:
        # 'X ... his counterpart X' (or two people each the other's counterpart) leads back to a
        # person being described: stop there instead of recursing for ever (found by fuzzing).
        if any(r is rec for r in self._describing):
            return
        self._describing.append(rec)
        try:
            self._describe_person_once(actors, rec)
        finally:
            self._describing.pop()

    def _describe_person_once(self, actors: DocActors, rec: ActorRecord) -> None:
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
                    role = role or role_phrase(desc, title)
                if country is None:
                    country = country_evidence(actors, desc)
        entries = [e for e in kb.lookup(rec.name, ("person",), on=actors.published)]
        if not entries:
            surname = rec.name.split()[-1]
            entries = kb.in_office(kb.lookup(surname, ("person",)), actors.published)
        if not entries and country is None and len(rec.name.split()) == 1:
            # "President Bush" in an undated story: every office-holder of that surname served one country
            namesakes = kb.in_office(kb.surnames.get(rec.name.split()[-1], []), actors.published)
            if namesakes and len({e.country for e in namesakes}) == 1:
                entries = namesakes
        if entries:
            entry = entries[0]
            country = country or entry.country
            if sector is None or (sector == entry.sector and not role):
                sector, role = entry.sector, role or entry.role
            role = role or entry.role
        org = self._organisation_in_context(actors, rec)
        if org is not None and (sector is None or (role or "").lower() in GENERIC_ROLES):
            # "a senior M23 official", "a spokesman for Human Rights Watch": the body tells the sector
            # an international body's envoy speaks for the body, whatever country the title names
            country = org.country if org.country in ("IGO", "NGO") else country or org.country
            sector = org.sector or sector
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
