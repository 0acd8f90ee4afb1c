"""Who is this token? Argument words resolved to actors for the events and quotes stages:
named mentions, pronouns, group nouns (*Kenyan police*, *the two leaders*, *its troops*, *the bloc*)
and conjunctions."""
from __future__ import annotations

from spacy.tokens import Token

from communique.actors import GROUP_PRONOUNS, NOT_ACTOR_HEADS, PERSON_PRONOUNS, ActorRecord, DocActors
from communique.evidence import _entity_text, country_of_place, local_country, match_sector_word


IGO_NOUNS = frozenset("bloc alliance organisation organization union body grouping".split())
RELATIONAL_NOUNS = frozenset("side party delegation counterpart mediator negotiator leader partner ally neighbour "
                             "neighbor rival".split())
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
            if rec.type == "group" and rec.key.startswith("group:"):
                # "Israeli and Hamas negotiators": one phrase, one group per country
                return [r for r in actors.records.values() if r.key.startswith("group:") and r.mentions == rec.mentions]
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
                return [actors.country_record(actors.main_country)]
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
            if child.dep_ == "amod" and child.lemma_.lower() == "lead":  # "the Saudi-led coalition": the leader's
                for tok in (g for g in child.children if g.dep_ in ("npadvmod", "compound", "nmod", "amod")):
                    country = actors.modifier_country.get(tok.i) or (actors.actor_at(tok.i).country
                                                                    if actors.actor_at(tok.i) else None)
                    if country:
                        out.append((country, None))
            if child.dep_ in ("amod", "compound", "nmod", "poss") and child.i < head.i:
                for tok in [child, *child.conjuncts]:
                    country = actors.modifier_country.get(tok.i)
                    rec = actors.actor_at(tok.i)
                    if country and tok.i > 0 and tok.doc[tok.i - 1].lower_ == "ethnic":
                        continue  # "ethnic Albanian guerrillas": a people, living wherever the words place them
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
                            country = country_of_place(_entity_text(tok), actors.countries_in(tok.sent))
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
                country = country_of_place(_entity_text(t), self.actors.countries_in(t.sent))
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
            if rec.country not in wanted:
                continue  # only a person of the country the words name
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
            # "the two countries/sides" after "X's president hosted Y's president": their countries
            if (kind == "person" and rec.type == "person" and (rec.sector == "GOV" or lemma in ("pair", "counterpart"))) \
                    or (kind == "country" and len(rec.country or "") == 3 and rec.country != "IGO"
                        and (rec.type == "country" or (rec.type == "person" and rec.sector == "GOV"))):
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
        # "The RSF tightened their siege": the subject of the pronoun's own clause comes first
        verb = next((a for a in tok.ancestors if a.pos_ in ("VERB", "AUX")), None)
        if verb is not None and tok.dep_ == "poss":
            subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None and tok not in subj.subtree and subj.lower_ not in PERSON_PRONOUNS | GROUP_PRONOUNS:
                for rec in self.resolve(subj, expand=False):
                    if (rec.type == "person") == person and rec.country:
                        return rec
        # Prefer the subject of the clause that governs this one ("Thailand's army said it would ...").
        governor = tok.head
        while governor is not None and governor.dep_ not in ("ROOT",) and governor.head.i != governor.i:
            if governor.dep_ in ("ccomp", "xcomp", "advcl", "conj", "acl", "relcl"):
                governor = governor.head
                subj = next((c for c in governor.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                if subj is not None and tok not in subj.subtree and subj.lower_ not in PERSON_PRONOUNS | GROUP_PRONOUNS:
                    for rec in self.resolve(subj, expand=False):
                        if (rec.type == "person") == person or (not person and rec.type != "person"):
                            return rec
                        if not person and rec.type == "person":
                            return rec
                        if person and subj.pos_ == "NOUN":
                            return rec  # "the ICC's prosecutor said he ...": an office the words name
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
