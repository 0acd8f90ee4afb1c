"""Who did it and to whom: source and target of a trigger from the dependency parse.

Verbs: subject (or the by-phrase of a passive), climbing through control ("agreed to meet"),
object control ("urged X to ..."), conjoined predicates and participles; target from the
pattern (object, preposition, dative, destination place). Nouns: possessor, demonym, by- and
from-phrases, the subject of a light verb ("held talks"), "between A and B".
"""
from __future__ import annotations

from spacy.tokens import Span, Token

from communique.actors import ActorRecord
from communique.events import QUANTITY_WORDS, SPEECH_LEMMAS, CandidateEvent, Trigger, pobjs
from communique.evidence import _entity_text
from communique.frames import modality_words
from communique.lexicon import Lexicon
from communique.places import geocode, is_city
from communique.reference import TokenResolver
from communique.violence import VIOLENT_ROOTS, as_allegation, attackers_for_orphans, mass_killing, person_assault
from communique.syntax import (MAX_PAIRS, agent_tokens, prep_options, reciprocal, RELATIVE_PRONOUNS, SYMMETRIC_CODES, SYMMETRIC_ROOTS, _places_below,
                               between, is_passive, noun_sources, noun_targets_candidates, object_tokens,
                               prep_object_tokens, speaker_of, subject_tokens, verb_targets)

# Protest and coercion are mostly aimed at home; so are the yields that ease domestic measures.
DOMESTIC_ROOTS = frozenset({"14", "17"})
DOMESTIC_CODES = frozenset({"080", "081", "0811", "0812", "0813", "0814", "082", "083", "0831", "0832", "0833",
                            "0834", "084", "0841"})
REACTIVE_ROOTS = frozenset({"15", "16"})
SPEAKING_FOR = frozenset({"GOV", "MIL", "IGO", "LEG", "JUD", "COP", "OPP", "REB"})
CLAIM_ROOTS = frozenset({"10", "11", "12", "13"})
NON_STATE_SECTORS = frozenset({"OPP", "CVL", "LAB", "EDU", "REL", "NGO"})
IMPLICIT_POLICE_CODES = frozenset({"172", "173", "174"})
COUNT_WORDS = frozenset("ten tens hundred hundreds thousand thousands million millions dozen dozens scores".split())
LOCATIVE_PREPS = frozenset("in at near outside inside around across into on off".split())
PLACE_NOUNS = frozenset("city town village capital province region district state area border camp port".split())
# 09: "crimes in Darfur"; 14: "prisoners rioted at a jail in northern Israel"
PLACE_TARGET_ROOTS = frozenset({"07", "08", "09", "14", "15", "16", "17", "18", "19", "20"})


# Events that need no target: statements, protests, force posture, claims. Everything else is dyadic,
# and a dyadic event with no target found is not coded (it would be unusable in a dyad series).
MONADIC_ROOTS = frozenset({"09", "14", "15"})
MONADIC_CODES = frozenset({"011", "013", "014", "015", "016", "017", "0831", "087", "0871", "0873", "0874", "138"})



def _in_locative_phrase(tok: Token) -> bool:
    """The word sits in the noun phrase of a place preposition: 'in Sudan's North Kordofan state',
    'outside the Iraqi city of Basra'."""
    node = tok
    while node.head.i != node.i:
        if node.dep_ == "pobj" and node.head.lower_ in LOCATIVE_PREPS:
            return True
        if node.dep_ not in ("compound", "poss", "amod", "nmod", "appos", "pobj", "prep") or \
                (node.dep_ == "prep" and node.lower_ != "of"):
            return False
        node = node.head
    return False


class ArgumentBuilder:
    def __init__(self, resolver: TokenResolver, lex: Lexicon, statements: bool):
        self.resolver = resolver
        self.lex = lex
        self.statements = statements
        self._forced_source: list[ActorRecord] | None = None

    def actors(self, tokens: list[Token], as_target: bool = False) -> list[ActorRecord]:
        out: list[ActorRecord] = []
        for tok in tokens:
            if tok.lower_ in RELATIVE_PRONOUNS and tok.head.dep_ == "relcl":
                tok = tok.head.head  # "Khartoum, which the army recaptured": the noun it stands for
            found = self.resolver.resolve(tok)
            if not found and (tok.ent_type_ in ("GPE", "LOC", "FAC") or (tok.pos_ == "PROPN" and is_city(tok.text))):
                found = self._place_actor(tok)  # "took control of Goma": the place's country
            actors = self.resolver.actors
            code = actors.modifier_country.get(tok.i)
            if not found and code:  # "a Ukrainian drone strike": the demonym itself
                found = [actors.country_record(code)]
            if not found:
                # "Minsk's decision", "a delegation of senior Taliban officials", "its border with
                # Belarus", "the Cambodian border": the actor hangs one level below a word that is not one
                for child in tok.children:
                    code = actors.modifier_country.get(child.i)
                    if code and child.dep_ in ("amod", "compound", "nmod") and not found:
                        found.append(actors.country_record(code))
                for child in tok.children:
                    if child.dep_ == "poss" and child.lower_ not in ("its", "their", "his", "her"):
                        found += self.resolver.resolve(child)
                    elif child.dep_ in ("compound", "nmod") and actors.actor_at(child.i) is not None:
                        found.append(actors.actor_at(child.i))  # "a U.N. Security Council resolution"
                    elif child.dep_ in ("prep", "agent") and child.lower_ in ("of", "with", "by", "from"):
                        for p in pobjs(child):
                            found += self.resolver.resolve(p) or (self._place_actor(p) if p.ent_type_ in ("GPE", "LOC") else [])
                            if not found and child.lower_ == "of" and (tok.like_num or tok.lower_ in QUANTITY_WORDS
                                                                       or tok.lemma_.lower() in COUNT_WORDS):
                                found += self.actors([p])  # "Thousands of Iraqi Kurds": the Kurds, Iraq's
            for rec in found:
                if rec not in out:
                    out.append(rec)
        return out

    def _place_actor(self, tok: Token) -> list[ActorRecord]:
        place = geocode(_entity_text(tok))
        if place is None or not place.country:
            return []
        return [self.resolver.actors.country_record(place.country)]

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

    def acts_objected_to(self, trig: Trigger) -> list[ActorRecord] | None:
        """'condemned the attacks': the target is whoever carried out the attacks (maybe unknown).
        None when the object is not an act at all."""
        if trig.is_noun:
            return None
        for obj in object_tokens(trig.token):
            patterns = self.lex.nouns.get(obj.lemma_.lower()) or self.lex.nouns.get(obj.lower_)
            if patterns:
                return self.actors(noun_sources(Trigger(obj, patterns[0], patterns[0].code)))
        return None

    def build_with_source(self, trig: Trigger, sources: list[ActorRecord]) -> list[CandidateEvent]:
        """Code a trigger with a source the words around it do not give (violence.py)."""
        saved = self._forced_source
        self._forced_source = sources
        try:
            return self.build(trig.token.sent, trig)
        finally:
            self._forced_source = saved

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
            if t.ent_type_ in ("GPE", "LOC"):
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
            elif child.dep_ == "prep" and child.lower_ in ("after", "ahead", "amid", "following", "in", "over"):
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
        if root in PLACE_TARGET_ROOTS and trig.code not in DOMESTIC_CODES:
            subject = {t.i for s in subject_tokens(trig.token) for t in s.subtree} if not trig.is_noun else set()
            for tok in _places_below(trig.token):
                if tok.i in subject:
                    continue
                found = self.resolver.resolve(tok, expand=False) or self._place_actor(tok)
                found = [f for f in found if f.country and len(f.country) == 3 and f.type != "region"
                         and f.country != source.country]
                if found:
                    return found[:1]
        if root in CLAIM_ROOTS and source.sector in NON_STATE_SECTORS and source.country and len(source.country) == 3:
            # "the opposition demanded an independent inquiry": demands at home are made of the government
            return [self.resolver.actors.government_record(source.country)]
        domestic = root in DOMESTIC_ROOTS or trig.code in DOMESTIC_CODES or trig.pattern.code in DOMESTIC_CODES
        if domestic and source.country and len(source.country) == 3 and source.country not in ("IGO", "NGO"):
            actors = self.resolver.actors
            if root == "14" and source.sector != "GOV":
                return [actors.government_record(source.country)]
            if source.type != "country" or source.sector:
                return [actors.country_record(source.country)]
        return []

    def build(self, sent: Span, trig: Trigger) -> list[CandidateEvent]:
        tok = trig.token
        if trig.pattern.target == "theme":
            return []  # "trade", "dialogue": what an appeal or a promise is about, not an event by itself
        pair_tokens = between(trig)
        if not pair_tokens and not trig.is_noun:
            # "an agreement between India and EFTA was signed": the pair hangs off the subject or object
            # not "hosted talks between A and B" (a meeting pairs its host with both); but "suspended its
            # mediation between A and B" is aimed at both
            mutual = trig.code[:2] in SYMMETRIC_ROOTS or trig.code in SYMMETRIC_CODES
            for arg in (c for c in tok.children if c.dep_ == "nsubjpass" or (c.dep_ == "dobj" and not mutual)):
                pair_tokens = prep_object_tokens(arg, ("between",))
                if pair_tokens:
                    break
        if trig.is_noun and trig.family in ("reject", "intent") and trig.governor_token is not None \
                and trig.governor_token.pos_ in ("VERB", "AUX"):
            # "Yemen rejected a U.S. request": Yemen refuses, the U.S. is refused
            source_toks = subject_tokens(trig.governor_token)
            own = [t for t in noun_sources(trig) if t.lower_ not in ("its", "their", "his", "her", "our")]
            target_options = [own, *noun_targets_candidates(trig)]  # "its agreement with China": China
        elif trig.is_noun:
            source_toks, target_options = noun_sources(trig), noun_targets_candidates(trig)
        elif (trig.family == "demand" or trig.pattern.text == "") and not trig.pattern.family:
            # "X said Libya must hand over ...": X demands it of Libya -- if X speaks for a side
            speaker = speaker_of(tok)
            found = self.actors([speaker]) if speaker is not None else []
            if not found or found[0].sector in ("EDU", "MED", "CVL", "BUS"):
                return []
            source_toks, target_options = [speaker], [subject_tokens(tok)]
        else:
            source_toks, target_options = subject_tokens(tok), verb_targets(trig)
        sources = self._forced_source or [self.localise(r, tok) for r in self.actors(source_toks)]
        if not sources and trig.governor_token is not None and not trig.is_noun \
                and trig.governor_token.lemma_.lower() in modality_words():
            # "officials agreed that their countries should cooperate": the governor's subject acts
            sources = self.actors(subject_tokens(trig.governor_token))
        targets: list[ActorRecord] = []
        for option in target_options:
            targets = [self.localise(t, tok, trig) for t in self.actors(option, as_target=True) if t not in sources]
            if targets:
                break
        if len(targets) > 1 and sources:
            # "vetoed a U.N. resolution, the sixth such veto by Washington": not the source's own side
            targets = [t for t in targets if t.country != sources[0].country] or targets
        symmetric = trig.code[:2] in SYMMETRIC_ROOTS or trig.code in SYMMETRIC_CODES or any(
            c.lower_ in ("joint", "bilateral", "mutual") for c in tok.children) or reciprocal(trig)
        symmetric = symmetric and not trig.code.startswith("045")  # a mediator is not one of the two sides
        if pair_tokens:
            pair = self.actors(pair_tokens)
            if len(pair) >= 2 and symmetric:
                sources, targets = pair[:1], pair[1:]  # "talks between A and B": A and B, whoever hosts
            elif sources and pair:
                targets = [p for p in pair if p not in sources] or targets
            elif len(pair) >= 2:
                sources, targets, symmetric = pair[:1], pair[1:], True
        if not sources and not trig.is_noun and is_passive(tok) and trig.code[:3] in IMPLICIT_POLICE_CODES:
            sources = self.implicit_police(tok)  # "500 people were arrested": by the police of the place
        if not sources and not trig.is_noun and is_passive(tok) and trig.code[:3] in ("151", "152") and not agent_tokens(tok):
            # "the army was placed on high alert": the forces put on alert are the ones that act
            sources = self.actors([c for c in tok.children if c.dep_ == "nsubjpass"])
        if not sources:
            return []
        if not targets and len(sources) >= 2 and symmetric:
            # "South Korea, Japan and the United States began sharing ...": every pair
            pairs = [(a, b) for k, a in enumerate(sources) for b in sources[k + 1:]]
            return [CandidateEvent(trig, [a], [b], trig.code, sent, symmetric=True) for a, b in pairs[:MAX_PAIRS]]
        if not targets:
            targets = self.addressee(trig, sources)
        if not targets and trig.code.startswith("016") and trig.complement is not None:
            targets = self.complement_targets(trig)  # "denied that its troops were fighting inside Congo"
        if not targets and trig.code.startswith("09"):
            targets = self.investigated(trig, sources)
        if not targets and trig.code[:2] in REACTIVE_ROOTS:
            targets = self.prompted_by(trig, sources)
        if not targets and trig.code.startswith("14"):
            targets = self.protested(trig, sources)
        if not targets:
            targets = self.implicit_target(trig, sources[0])
        acts = [] if targets else self.acts_objected_to(trig)
        if acts and not targets:
            targets = [a for a in acts if a not in sources][:1]
        condemned_act = acts is not None and trig.code[:2] in ("11", "12")  # "condemned the strikes"
        if not targets and not (trig.code[:2] in MONADIC_ROOTS or trig.code in MONADIC_CODES or condemned_act):
            return []
        # "told reporters", "told the assembly": an audience is not the other side of a statement
        audience = next((t for t in targets if trig.code.startswith("01") and (t.sector == "MED" or t.inferred)), None)
        targets = [t for t in targets if not (trig.code.startswith("01") and (t.sector == "MED" or t.inferred))]
        if not targets and trig.code == "010" and (audience is None or audience.sector == "MED"
                                                   or sources[0].sector not in SPEAKING_FOR):
            return []  # "told reporters" is no event; an office-holder addressing a forum states a position
        if trig.code.startswith("01") and not self.statements:
            return []
        code = person_assault(mass_killing(trig, target_options, targets), targets)
        events = []
        for src in sources:
            for tgt in (targets or [None]):
                if tgt is src:
                    continue
                events.append(CandidateEvent(trig, [src], [tgt] if tgt else [], code, sent, symmetric=symmetric))
                if len(events) >= MAX_PAIRS:
                    return events
        return events


def build_events(sent: Span, triggers: list[Trigger], resolver: TokenResolver, lex: Lexicon,
                 statements: bool) -> list[CandidateEvent]:
    builder = ArgumentBuilder(resolver, lex, statements)
    events: list[CandidateEvent] = []
    orphans: list[Trigger] = []
    for trig in triggers:
        if trig.consumed:
            continue
        built = builder.build(sent, trig)
        if not built and trig.code[:2] in VIOLENT_ROOTS:
            orphans.append(trig)
        speaker = speaker_of(trig.token) if built else None
        claimed = resolver.resolve(speaker, expand=False) if speaker is not None else []
        for event in built:
            if speaker is not None:
                event.claimed_by = claimed[0] if claimed else None
                event = as_allegation(event)
            events.append(event)
    for event in attackers_for_orphans(builder, orphans, events, triggers):
        speaker = speaker_of(event.trigger.token)
        claimed = resolver.resolve(speaker, expand=False) if speaker is not None else []
        event.claimed_by = claimed[0] if claimed else None
        events.append(as_allegation(event))
    return events

