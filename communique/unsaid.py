"""Arguments the words leave unsaid: where an act happened, whom a response answers, whom a protest
or an investigation is aimed at, who made an arrest, whom a promise is told to, and the home
country an unnamed group belongs to. A mixin of ArgumentBuilder (arguments.py), which supplies
``actors``, ``resolver``, ``lex`` and ``_place_actor``.
"""
from __future__ import annotations

from spacy.tokens import Token

from communique.actors import ActorRecord
from communique.events import SPEECH_LEMMAS, Trigger, pobjs
from communique.places import is_city
from communique.syntax import (_places_below, noun_sources, noun_targets_candidates, object_tokens, prep_object_tokens,
                               prep_options, subject_tokens, verb_targets)

# Protest and coercion are mostly aimed at home; so are the yields that ease domestic measures.
DOMESTIC_ROOTS = frozenset({"14", "17"})
DOMESTIC_CODES = frozenset({"080", "081", "0811", "0812", "0813", "0814", "082", "083", "0831", "0832", "0833",
                            "0834", "084", "0841"})
CLAIM_ROOTS = frozenset({"10", "11", "12", "13"})
NON_STATE_SECTORS = frozenset({"OPP", "CVL", "LAB", "EDU", "REL", "NGO"})
LOCATIVE_PREPS = frozenset("in at near outside inside around across into on off".split())
PLACE_NOUNS = frozenset("city town village capital province region district state area border camp port".split())
# 09: "crimes in Darfur"; 14: "prisoners rioted at a jail in northern Israel"
PLACE_TARGET_ROOTS = frozenset({"07", "08", "09", "14", "15", "16", "17", "18", "19", "20"})


def _in_locative_phrase(tok: Token) -> bool:
    """The word sits in the noun phrase of a place preposition: 'in Sudan's North Kordofan state',
    'outside the Iraqi city of Basra'."""
    node = tok
    while node.head.i != node.i:
        if node.dep_ == "pobj" and node.head.lower_ in LOCATIVE_PREPS:
            return True
        if node.dep_ == "prep" and node.lower_ == "of" and node.head.lower_ in LOCATIVE_PREPS:
            return True  # "outside of the Iraqi city of Basra"
        if node.dep_ not in ("compound", "poss", "amod", "nmod", "appos", "pobj", "prep") or \
                (node.dep_ == "prep" and node.lower_ != "of"):
            return False
        node = node.head
    return False


class UnsaidArguments:
    def localise(self, rec: ActorRecord, tok: Token, trig: Trigger | None = None) -> ActorRecord:
        """'Hundreds of people protested ... in Islamabad', 'killed twelve civilians in the Lebanese
        town of ...': a group with no country of its own belongs to the country where it acts or
        suffers, rather than to the story's main country."""
        if not rec.inferred:
            return rec
        country = None
        for place in _places_below(tok):
            if place.ent_type_ not in ("GPE", "LOC") or place.head.lower_ not in ("in", "at", "outside", "across", "through"):
                continue
            found = self._place_actor(place)
            if found and found[0].country:
                country = found[0].country
                break
        if country is None and trig is not None:
            country = self.place_country(trig)
        if not country or country == rec.country or len(country) != 3:
            return rec
        actors = self.resolver.actors
        local = actors.record(f"{rec.key}@{country}", name=rec.name, type=rec.type,
                              country=country, sector=rec.sector, specific=False)
        for start, end in rec.mentions:
            local.add_mention(start, end)
        return local

    def place_country(self, trig: Trigger) -> str | None:
        """The country of the place an act happened in: a place name in its clause, or a place noun
        with a demonym ('the Iraqi city of ...'); never a place inside 'according to ...'."""
        tok = trig.token
        clause = tok.head if trig.is_noun and tok.dep_ in ("nsubj", "nsubjpass") and tok.head.pos_ in ("VERB", "AUX") else tok
        actors = self.resolver.actors
        # not the victims' own country ("Three US servicemen were killed ..."), nor who reports it
        skip = {t.i for c in clause.children if c.dep_ in ("nsubj", "nsubjpass", "dobj") and c.i != tok.i
                for t in c.subtree}
        for t in clause.subtree:
            if t.i in skip or any(a.lower_ == "according" for a in t.ancestors):
                continue
            if not _in_locative_phrase(t):
                continue  # "in retaliation for ... helping Russia" names no place
            if t.ent_type_ in ("GPE", "LOC") or (t.pos_ == "PROPN" and is_city(t.text)):  # "Samarra" as NORP
                found = [r for r in self.resolver.resolve(t, expand=False) + self._place_actor(t)
                         if r.country and len(r.country) == 3 and r.type != "region"]
                if found:
                    return found[0].country
            elif t.dep_ == "amod" and t.i in actors.modifier_country and t.head.lemma_.lower() in PLACE_NOUNS:
                return actors.modifier_country[t.i]
        return None

    def prompted_by(self, trig: Trigger, sources: list[ActorRecord]) -> list[ActorRecord]:
        """Alerts, deployments and cut ties answer someone: 'put its forces on alert after China launched
        drills', 'mobilising ... in response to a U.S. naval deployment', 'ahead of a march called by X'."""
        tok = trig.token
        if tok.dep_ == "xcomp" and tok.head.lemma_.lower() in ("prompt", "force", "cause", "lead", "push", "spur") \
                and tok.head.dep_ in ("advcl", "conj") and tok.head.head.pos_ == "VERB":
            # "bombers flew a joint patrol, prompting South Korea to scramble jets": answers the bombers
            found = [a for a in self.actors(subject_tokens(tok.head.head)) if a not in sources]
            if found:
                return found[:1]
        for child in tok.children:
            doers: list[Token] = []
            if child.dep_ == "advcl" and any(m.lower_ in ("after", "as", "when") for m in child.children):
                doers = subject_tokens(child)
            elif child.dep_ in ("prep", "advmod") and child.lower_ in ("after", "ahead", "amid", "following", "in", "over"):
                for obj in pobjs(child) + [g for p in child.children if p.dep_ == "prep" for g in pobjs(p)]:
                    if child.lower_ == "in" and obj.lower_ != "response":
                        continue
                    for noun in [obj] + [g for p in obj.children if p.dep_ == "prep" for g in pobjs(p)]:
                        patterns = self.lex.nouns.get(noun.lemma_.lower())
                        if patterns:
                            doers += noun_sources(Trigger(noun, patterns[0], patterns[0].code))
                        for acl in noun.children:  # "a march called by X", "a rally that students plan"
                            if acl.dep_ in ("acl", "relcl"):
                                doers += subject_tokens(acl)
                    doers += [c for c in obj.subtree if c.dep_ == "advcl" for c in subject_tokens(c)]
            found = [a for a in self.actors(doers) if a not in sources]
            if found:
                return found[:1]
        return []

    def protested(self, trig: Trigger, sources: list[ActorRecord]) -> list[ActorRecord]:
        """'began a hunger strike to protest against Sweden's decision', 'rallied over Serbia's plan':
        the protest is aimed at whoever the against/over/at phrase names, or at its owner."""
        tok = trig.token
        scopes = [tok] + [c for c in tok.children if c.dep_ in ("advcl", "xcomp") and c.pos_ == "VERB"]
        # "in defiance of Chinese authorities", "in protest at the arrests": the phrase names the target
        scopes += [o for o in prep_object_tokens(tok, ("in",)) if o.lemma_.lower() in ("defiance", "protest", "opposition")]
        for scope in scopes:
            # "protested outside the Swedish embassy": the embassy's country
            for obj in (o for option in prep_options(scope, ("against", "over", "at", "outside", "of")) for o in option):
                found = [a for a in self.actors([obj]) if a not in sources and a.country]
                if found:
                    return found[:1]
        return []

    def investigated(self, trig: Trigger, sources: list[ActorRecord]) -> list[ActorRecord]:
        """'opened an inquiry into complaints that soldiers tortured detainees', 'into a drone strike',
        'cases of torture by police': the investigated are the doers of the acts looked into."""
        tok = trig.token
        scope = [t for c in tok.children if c.dep_ in ("prep", "dobj") for t in c.subtree]
        scope += [t for obj in object_tokens(tok) for c in obj.children if c.dep_ == "prep" for t in c.subtree]
        for t in scope:
            doers: list[Token] = []
            if t.dep_ in ("ccomp", "acl", "relcl") and t.pos_ == "VERB":
                doers = subject_tokens(t)
            elif t.dep_ == "agent" or (t.dep_ == "prep" and t.lower_ == "by"):
                doers = pobjs(t)
            found = [a for a in self.actors(doers) if a not in sources]
            if found:
                return found[:2]
        return []

    def implicit_police(self, tok: Token) -> list[ActorRecord]:
        actors = self.resolver.actors
        country = None
        for place in _places_below(tok):
            found = self._place_actor(place) if place.ent_type_ in ("GPE", "LOC") else []
            if found:
                country = found[0].country
                break
        country = country or actors.main_country
        if not country or len(country) != 3:
            return []
        return [actors.record(f"group:{country}:COP:police", name="police", type="group", country=country,
                              sector="COP", specific=False, inferred=True)]

    def complement_targets(self, trig: Trigger) -> list[ActorRecord]:
        comp = trig.complement
        options = noun_targets_candidates(comp) if comp.is_noun else verb_targets(comp)
        for option in options:
            found = self.actors(option)
            if found:
                return found[:1]
        place = self.implicit_target(Trigger(comp.token, comp.pattern, "190"), ActorRecord("", "", "group"))
        return place

    def addressee(self, trig: Trigger, sources: list[ActorRecord]) -> list[ActorRecord]:
        """A promise or offer quoted 'in response to X' or told to X is directed at X."""
        if not (trig.code.startswith("03") or trig.family == "intent"):
            return []
        node = trig.token
        for _ in range(8):
            if node.head.i == node.i:
                return []
            if node.dep_ in ("ccomp", "parataxis") and node.head.lemma_.lower() in SPEECH_LEMMAS:
                verb = node.head
                toks = [c for c in verb.children if c.dep_ == "dative"] + prep_object_tokens(verb, ("to",))
                for prep in verb.children:
                    if prep.lower_ == "in" and prep.dep_ == "prep":
                        for obj in pobjs(prep):
                            if obj.lower_ == "response":
                                toks += prep_object_tokens(obj, ("to",))
                found = [a for a in self.actors(toks) if a not in sources and a.sector != "MED"]
                return found[:1]
            node = node.head
        return []

    def implicit_target(self, trig: Trigger, source: ActorRecord) -> list[ActorRecord]:
        """No target in the words: a place the act happened in, or (protest, coercion, yielding)
        the source's own country - its government when people protest, its people otherwise."""
        root = trig.code[:2]
        if root in PLACE_TARGET_ROOTS:  # a yield at home has no place abroad: the place check skips home
            subject = {t.i for s in subject_tokens(trig.token) for t in s.subtree} if not trig.is_noun else set()
            # a yield at home is aimed abroad only at a place of its own phrase ("lifted a curfew in
            # Montenegro"), not of a conjoined act ("resigned and fled to India")
            own = {t.i for t in trig.token.subtree} - {t.i for c in trig.token.children if c.dep_ in ("conj", "advcl")
                                                        for t in c.subtree}
            for tok in _places_below(trig.token):
                if tok.i in subject or (trig.code in DOMESTIC_CODES and tok.i not in own):
                    continue
                found = self.resolver.resolve(tok, expand=False) or self._place_actor(tok)
                found = [f for f in found if f.country and len(f.country) == 3 and f.type != "region"
                         and f.country != source.country]
                if found:
                    return found[:1]
        if root in CLAIM_ROOTS and source.sector in NON_STATE_SECTORS and source.country and len(source.country) == 3:
            # "the opposition demanded an independent inquiry": demands at home are made of the government
            return [self.resolver.actors.government_record(source.country)]
        # "will extend the curfew", "is prepared to impose martial law": a threatened repression is domestic too
        domestic = root in DOMESTIC_ROOTS or trig.code in DOMESTIC_CODES or trig.pattern.code in DOMESTIC_CODES \
            or trig.pattern.code[:2] in DOMESTIC_ROOTS
        if domestic and source.country and len(source.country) == 3 and source.country not in ("IGO", "NGO"):
            actors = self.resolver.actors
            if root == "14" and source.sector != "GOV":
                return [actors.government_record(source.country)]
            if source.type != "country" or source.sector:
                return [actors.country_record(source.country)]
        return []

