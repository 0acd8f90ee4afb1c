"""Who did it and to whom: source and target of a trigger from the dependency parse.

Verbs: subject (or the by-phrase of a passive), climbing through control ("agreed to meet"),
object control ("urged X to ..."), conjoined predicates and participles; target from the
pattern (object, preposition, dative, destination place). Nouns: possessor, demonym, by- and
from-phrases, the subject of a light verb ("held talks"), "between A and B". What the words leave
unsaid (places, responses, home countries) is inferred in unsaid.py; attackers in violence.py.
"""
from __future__ import annotations

from spacy.tokens import Span, Token

from communique.actors import ActorRecord
from communique.events import QUANTITY_WORDS, CandidateEvent, Trigger, pobjs
from communique.evidence import _entity_text
from communique.frames import modality_words
from communique.lexicon import Lexicon
from communique.places import geocode, is_city
from communique.reference import TokenResolver
from communique.unsaid import UnsaidArguments
from communique.violence import VIOLENT_ROOTS, as_allegation, attackers_for_orphans, mass_killing, person_assault
from communique.syntax import (MAX_PAIRS, RELATIVE_PRONOUNS, SYMMETRIC_CODES, SYMMETRIC_ROOTS, agent_tokens, between,
                               is_passive, noun_sources, noun_targets_candidates, object_tokens, prep_object_tokens,
                               reciprocal, speaker_of, subject_tokens, verb_targets)

REACTIVE_ROOTS = frozenset({"15", "16"})
SPEAKING_FOR = frozenset({"GOV", "MIL", "IGO", "LEG", "JUD", "COP", "OPP", "REB"})
IMPLICIT_POLICE_CODES = frozenset({"172", "173", "174"})
FACILITY_NOUNS = frozenset("bridge square street road highway motorway airport hotel stadium station crossing "
                           "tunnel railway canal".split())
COUNT_WORDS = frozenset("ten tens hundred hundreds thousand thousands million millions dozen dozens scores".split())


# Events that need no target: statements, protests, force posture, claims. Everything else is dyadic,
# and a dyadic event with no target found is not coded (it would be unusable in a dyad series).
MONADIC_ROOTS = frozenset({"09", "14", "15"})
MONADIC_CODES = frozenset({"011", "013", "014", "015", "016", "017", "0831", "087", "0871", "0873", "0874", "138"})


class ArgumentBuilder(UnsaidArguments):
    def __init__(self, resolver: TokenResolver, lex: Lexicon, statements: bool):
        self.resolver = resolver
        self.lex = lex
        self.statements = statements
        self._forced_source: list[ActorRecord] | None = None
        self._fallback_target: list[ActorRecord] | None = None

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
            if not found and tok.lemma_.lower() not in FACILITY_NOUNS:  # "the Europe Bridge" is no actor
                # "Minsk's decision", "a delegation of senior Taliban officials", "its border with
                # Belarus", "the Cambodian border": the actor hangs one level below a word that is not one
                for child in tok.children:
                    code = actors.modifier_country.get(child.i)
                    if code and child.dep_ in ("amod", "compound", "nmod") and not found:
                        found.append(actors.country_record(code))
                owners: list[ActorRecord] = []
                for child in tok.children:
                    if child.dep_ == "poss" and child.lower_ not in ("its", "their", "his", "her"):
                        owners += self.resolver.resolve(child)
                    elif child.dep_ in ("compound", "nmod") and actors.actor_at(child.i) is not None:
                        found.append(actors.actor_at(child.i))  # "a U.N. Security Council resolution"
                    elif child.dep_ == "amod" and child.lemma_.lower() == "lead":
                        # "the US-led war", "a Saudi-led coalition": the leader owns it
                        found += [r for g in child.children if g.dep_ in ("npadvmod", "compound", "nmod")
                                  for r in self.resolver.resolve(g)]
                    elif child.dep_ in ("prep", "agent") and child.lower_ in ("of", "with", "by", "from"):
                        for p in pobjs(child):
                            found += self.resolver.resolve(p) or (self._place_actor(p) if p.ent_type_ in ("GPE", "LOC") else [])
                            if not found and child.lower_ == "of" and (tok.like_num or tok.lower_ in QUANTITY_WORDS
                                                                       or tok.lemma_.lower() in COUNT_WORDS):
                                found += self.actors([p])  # "Thousands of Iraqi Kurds": the Kurds, Iraq's
                # "Osama bin Laden's al-Qaeda network": the named body acts, its owner only when alone
                found = found or owners
            for rec in found:
                if rec not in out:
                    out.append(rec)
        return out

    def _place_actor(self, tok: Token) -> list[ActorRecord]:
        place = geocode(_entity_text(tok), self.resolver.actors.countries_in(tok.sent))
        if place is None or not place.country:
            return []
        return [self.resolver.actors.country_record(place.country)]

    def acts_objected_to(self, trig: Trigger) -> list[ActorRecord] | None:
        """'condemned the attacks': the target is whoever carried out the attacks (maybe unknown).
        None when the object is not an act at all."""
        if trig.is_noun:
            return None
        for obj in object_tokens(trig.token):
            patterns = self.lex.nouns.get(obj.lemma_.lower()) or self.lex.nouns.get(obj.lower_)
            if patterns:
                act = Trigger(obj, patterns[0], patterns[0].code)
                doers = self.actors(noun_sources(act))
                if not doers and (act.code[:2] == "15" or act.code[:3] == "074"):
                    # "opposed the deployment of a regional peacekeeping force": the force deploys
                    doers = self.actors([p for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"
                                         for p in pobjs(c)])
                return doers
        return None

    def build_with_source(self, trig: Trigger, sources: list[ActorRecord]) -> list[CandidateEvent]:
        """Code a trigger with a source the words around it do not give (violence.py)."""
        saved = self._forced_source
        self._forced_source = sources
        try:
            return self.build(trig.token.sent, trig)
        finally:
            self._forced_source = saved

    def build_toward(self, trig: Trigger, targets: list[ActorRecord]) -> list[CandidateEvent]:
        """Code a promise or aid with the target its sentence gives another act of the same source."""
        saved = self._fallback_target
        self._fallback_target = targets
        try:
            return self.build(trig.token.sent, trig)
        finally:
            self._fallback_target = saved

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
        if not sources and not trig.is_noun and is_passive(tok) and trig.code[:3] in ("151", "152", "087") and not agent_tokens(tok):
            # "the army was placed on high alert", "the guerrillas have been demobilized": the forces put
            # on alert or stood down are the ones that act
            sources = self.actors([c for c in tok.children if c.dep_ == "nsubjpass"])
            targets = [t for t in targets if t not in sources]  # not the object of its own passive
        if not sources:
            return []
        if trig.code == "150" and not targets and len({s.country for s in sources}) >= 2:
            # "French and Egyptian warships launched war games": drilling together is military cooperation
            trig.code, symmetric = "062", True
        if len(sources) >= 2 and reciprocal(trig) and not pair_tokens:
            targets = []  # "A and B reached a compromise on the border commission": with each other
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
        if not targets and self._fallback_target and self._fallback_target[0].country != sources[0].country:
            targets = self._fallback_target
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
        if code.startswith("042") and sources[0].sector == "MIL" and not trig.is_noun:
            # "NATO peacekeeping troops arrived in Bosnia": a deployment, not a visit
            words = {t.lower_ for s in source_toks for t in s.subtree}
            code = "074" if any(w.startswith("peacekeep") for w in words) else "154"
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
    untargeted: list[Trigger] = []
    for trig in triggers:
        if trig.consumed:
            continue
        built = builder.build(sent, trig)
        if not built and trig.code[:2] in VIOLENT_ROOTS:
            orphans.append(trig)
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in trig.token.children)
        if not built and (trig.code[:2] == "07" and not infinitive
                          or trig.family == "intent" and trig.pattern.theme and "aid" in trig.pattern.theme):
            untargeted.append(trig)  # aid or promised aid whose receiver another act of the sentence names
        speaker = speaker_of(trig.token) if built else None
        claimed = resolver.resolve(speaker, expand=False) if speaker is not None else []
        for event in built:
            if speaker is not None:
                event.claimed_by = claimed[0] if claimed else None
                event = as_allegation(event)
            events.append(event)
    # "offered condolences to Myanmar and said Tokyo stood ready to send relief": the relief is for Myanmar
    for trig in untargeted:
        for event in builder.build_toward(trig, [e.targets[0] for e in events if e.targets][:1]):
            if any(e.sources and e.targets and e.sources[0].country == event.sources[0].country
                   and e.targets[0] is event.targets[0] for e in events):
                events.append(event)
    for event in attackers_for_orphans(builder, orphans, events, triggers):
        speaker = speaker_of(event.trigger.token)
        claimed = resolver.resolve(speaker, expand=False) if speaker is not None else []
        event.claimed_by = claimed[0] if claimed else None
        events.append(as_allegation(event))
    return events

