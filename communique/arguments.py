"""Who did it and to whom: source and target of a trigger from the dependency parse.

Verbs: subject (or the by-phrase of a passive), climbing through control ("agreed to meet"),
object control ("urged X to ..."), conjoined predicates and participles; target from the
pattern (object, preposition, dative, destination place). Nouns: possessor, demonym, by- and
from-phrases, the subject of a light verb ("held talks"), "between A and B".
"""
from __future__ import annotations

from spacy.tokens import Span, Token

from communique.actors import ActorRecord, TokenResolver
from communique.events import SPEECH_LEMMAS, CandidateEvent, Trigger, pobjs, prep_children
from communique.lexicon import Lexicon
from communique.places import geocode

OBJECT_CONTROL = frozenset("urge ask call press force prompt allow persuade tell order invite encourage "
                           "help enable lead push implore request require".split())
RELATIVE_PRONOUNS = frozenset("who which that whom".split())
AUTO_PREPS = ("with", "to", "against", "on", "at", "for", "into", "toward", "towards", "from")
SYMMETRIC_ROOTS = ("04",)
SYMMETRIC_CODES = frozenset({"057", "050", "030", "036", "037", "046", "062", "064", "060", "0871", "190"})
MAX_PAIRS = 6


def is_passive(tok: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children) or (
        tok.tag_ == "VBN" and tok.dep_ == "acl")


def agent_tokens(tok: Token) -> list[Token]:
    return [p for c in tok.children if c.dep_ == "agent" for p in pobjs(c)]


def subject_tokens(tok: Token, depth: int = 0) -> list[Token]:
    """The doer of a verb, climbing through control, conjunction, participles and relative clauses."""
    if depth > 6:
        return []
    if is_passive(tok):
        return agent_tokens(tok)
    subj = [c for c in tok.children if c.dep_ in ("nsubj", "csubj")]
    if subj:
        if subj[0].lower_ in RELATIVE_PRONOUNS and tok.dep_ == "relcl":
            return [tok.head]
        return subj
    head, dep = tok.head, tok.dep_
    if head is tok:
        return []
    if dep == "xcomp" or (dep == "ccomp" and head.lemma_.lower() in OBJECT_CONTROL):
        if head.lemma_.lower() in OBJECT_CONTROL:
            obj = [c for c in head.children if c.dep_ in ("dobj", "dative")]
            if obj:
                return obj
            on = [p for prep in prep_children(head, "on") for p in pobjs(prep)]
            if on:
                return on
        if head.pos_ == "ADJ" or head.lemma_ == "be":
            return subject_tokens(head, depth + 1)
        return subject_tokens(head, depth + 1)
    if dep in ("conj", "acomp", "advcl", "pcomp") and head.pos_ in ("VERB", "AUX", "ADJ"):
        return subject_tokens(head, depth + 1)
    if dep == "acl" and head.pos_ in ("NOUN", "PROPN"):
        return [head] if tok.tag_ == "VBG" else []
    if dep == "relcl":
        return [head]
    return []


def object_tokens(tok: Token) -> list[Token]:
    if is_passive(tok):
        return [c for c in tok.children if c.dep_ == "nsubjpass"] or ([tok.head] if tok.dep_ == "acl" else [])
    return [c for c in tok.children if c.dep_ == "dobj"]


def prep_object_tokens(tok: Token, preps: tuple[str, ...]) -> list[Token]:
    for prep in preps:
        found = [p for c in prep_children(tok, prep) for p in pobjs(c)]
        if found:
            return found
    return []


def verb_targets(trig: Trigger) -> list[Token]:
    tok, pattern = trig.token, trig.pattern
    mode = pattern.target
    if trig.complement is not None and pattern.family in ("appeal", "demand"):
        own = object_tokens(tok) or prep_object_tokens(tok, ("on", "upon", "to"))
        if own:
            return own
        comp = trig.complement
        return subject_tokens(comp.token) if not comp.is_noun else noun_targets(comp)
    if mode == "none":
        found: list[Token] = []
    elif mode == "prep" and pattern.prep:
        found = prep_object_tokens(tok, (pattern.prep,))
        if not found and not pattern.objects:
            found = object_tokens(tok)
    elif mode == "dative":
        found = [c for c in tok.children if c.dep_ == "dative"] or prep_object_tokens(tok, ("to",)) or object_tokens(tok)
    elif mode == "place":
        found = object_tokens(tok) or prep_object_tokens(tok, ("in", "to", "into", "at"))
    else:
        found = object_tokens(tok) or [c for c in tok.children if c.dep_ == "dative"] or prep_object_tokens(tok, AUTO_PREPS)
    if not found and trig.complement is not None and pattern.family:
        comp = trig.complement
        found = noun_targets(comp) if comp.is_noun else verb_targets(comp)
    if not found and pattern.objects:
        # "lodged a formal protest with China": the target hangs off the object noun
        for obj in object_tokens(tok):
            found = prep_object_tokens(obj, AUTO_PREPS)
            if found:
                break
    return found


def noun_sources(trig: Trigger) -> list[Token]:
    tok = trig.token
    found = [c for c in tok.children if c.dep_ == "poss"]
    found += [p for c in tok.children if c.dep_ in ("prep", "agent") and c.lower_ in ("by", "from") for p in pobjs(c)]
    found += [c for c in tok.children if c.dep_ in ("amod", "compound", "nmod") and c.i < tok.i
              and (c.ent_type_ in ("NORP", "GPE", "ORG") or c.pos_ == "PROPN")]
    if found:
        return found
    if tok.dep_ in ("dobj", "attr") and tok.head.pos_ in ("VERB", "AUX"):
        return subject_tokens(tok.head)
    if tok.dep_ == "pobj" and tok.head.lower_ in ("to", "for", "in", "on") and tok.head.head.pos_ in ("VERB", "AUX", "ADJ"):
        return subject_tokens(tok.head.head)
    if tok.dep_ == "nsubjpass":
        return agent_tokens(tok.head)
    return []


def noun_targets(trig: Trigger) -> list[Token]:
    tok, pattern = trig.token, trig.pattern
    if pattern.target == "none":
        return []
    preps = (pattern.prep,) if pattern.prep else AUTO_PREPS + ("in", "over") if pattern.target == "place" else AUTO_PREPS
    found = prep_object_tokens(tok, preps)
    if not found and tok.dep_ in ("dobj",) and tok.head.pos_ == "VERB":
        found = prep_object_tokens(tok.head, AUTO_PREPS)
    return found


def between(trig: Trigger) -> list[Token]:
    """'talks between A and B', 'shuttled between A and B negotiators'."""
    tok = trig.token
    found = prep_object_tokens(tok, ("between",))
    if not found and tok.pos_ == "VERB":
        found = prep_object_tokens(tok, ("between",))
    return found


class ArgumentBuilder:
    def __init__(self, resolver: TokenResolver, lex: Lexicon, statements: bool):
        self.resolver = resolver
        self.lex = lex
        self.statements = statements

    def actors(self, tokens: list[Token], as_target: bool = False) -> list[ActorRecord]:
        out: list[ActorRecord] = []
        for tok in tokens:
            found = self.resolver.resolve(tok)
            if not found and tok.ent_type_ in ("GPE", "LOC", "FAC"):
                found = self._place_actor(tok)
            if not found:
                # "a delegation of senior Taliban officials": look one level down
                for child in tok.children:
                    if child.dep_ == "prep" and child.lower_ == "of":
                        for p in pobjs(child):
                            found += self.resolver.resolve(p)
            for rec in found:
                if rec not in out:
                    out.append(rec)
        return out

    def _place_actor(self, tok: Token) -> list[ActorRecord]:
        ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
        name = ent.text if ent is not None else tok.text
        place = geocode(name)
        if place is None or not place.country:
            return []
        actors = self.resolver.actors
        rec = actors.record(place.country, name=actors.kb.countries.get(place.country, place.country),
                            type="country", country=place.country)
        return [rec]

    def build(self, sent: Span, trig: Trigger) -> list[CandidateEvent]:
        tok = trig.token
        pair_tokens = between(trig)
        if trig.is_noun:
            source_toks, target_toks = noun_sources(trig), noun_targets(trig)
        else:
            source_toks, target_toks = subject_tokens(tok), verb_targets(trig)
        sources = self.actors(source_toks)
        targets = [t for t in self.actors(target_toks, as_target=True)]
        symmetric = trig.code[:2] in SYMMETRIC_ROOTS or trig.code in SYMMETRIC_CODES
        if pair_tokens:
            pair = self.actors(pair_tokens)
            if sources and pair:
                targets = [p for p in pair if p not in sources] or targets
            elif len(pair) >= 2:
                sources, targets, symmetric = pair[:1], pair[1:], True
        if not sources:
            return []
        if not targets and len(sources) >= 2 and symmetric:
            sources, targets = sources[:1], sources[1:]
        if trig.code.startswith("01") and not self.statements:
            return []
        events = []
        for src in sources:
            for tgt in (targets or [None]):
                if tgt is src:
                    continue
                events.append(CandidateEvent(trig, [src], [tgt] if tgt else [], trig.code, sent, symmetric=symmetric))
                if len(events) >= MAX_PAIRS:
                    return events
        return events


def speaker_of(tok: Token) -> Token | None:
    """The subject of the speech verb an event is reported under, if any."""
    node = tok
    for _ in range(8):
        if node.head is node:
            return None
        if node.dep_ in ("ccomp", "parataxis") and node.head.lemma_.lower() in SPEECH_LEMMAS:
            subj = subject_tokens(node.head)
            return subj[0] if subj else None
        node = node.head
    return None


def build_events(sent: Span, triggers: list[Trigger], resolver: TokenResolver, lex: Lexicon,
                 statements: bool) -> list[CandidateEvent]:
    builder = ArgumentBuilder(resolver, lex, statements)
    events: list[CandidateEvent] = []
    for trig in triggers:
        if trig.consumed:
            continue
        for event in builder.build(sent, trig):
            speaker = speaker_of(trig.token)
            if speaker is not None:
                claimed = resolver.resolve(speaker, expand=False)
                event.claimed_by = claimed[0] if claimed else None
            events.append(event)
    return events
