"""Events: predicates (verbs and event nouns) coded to CAMEO, with source and target actors.

For each sentence: find trigger words through the lexicon (lexicon.py), work out how they are
reported (frames.py: intent, appeal, demand, refusal, threat, negation, hypothesis), take the
source and target from the parse (arguments.py), then attach date and place (anchoring.py).
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from communique.actors import ActorRecord, DocActors
from communique.reference import TokenResolver
from communique.lexicon import PARTICLES, Lexicon, Pattern, lexicon

SPEECH_LEMMAS = frozenset("say tell state announce add note declare stress insist write post report".split())
# Whatever is said under these did not happen: "denied that its soldiers were fighting".
DENIAL_LEMMAS = frozenset("deny dismiss refute".split())
# What someone is accused of is the accusation, not an event of its own: "accused X of firing on ..."
ACCUSATION_LEMMAS = frozenset("accuse blame suspect charge".split())
# Verbs that only carry an event noun: their subject does the act the noun names.
LIGHT_VERBS = frozenset("hold have launch stage mount carry conduct make give take begin start continue resume "
                        "announce sign reach impose lodge file issue offer extend express deliver pay open set "
                        "undertake lead organise organize call intensify step escalate complete finalise finalize "
                        "conclude wage commit perpetrate order approve grant accept agree seek trade exchange renew undertake "
                        "tighten enforce maintain reimpose expand widen speed accelerate hasten".split())
PARTY_NOUNS = frozenset("mission team delegation group contingent".split())
QUANTITY_WORDS = frozenset("most some all part many much several half dozens hundreds thousands".split())
DEMAND_CUES = frozenset("reiterate insist remind conclude declare stress".split())


@dataclass
class Trigger:
    token: Token
    pattern: Pattern
    code: str
    family: str = "actual"  # actual | intent | appeal | demand | reject | threaten
    negated: bool = False
    consumed: bool = False  # folded into another event (a complement, a light verb's object)
    governor: "Trigger | None" = None
    governor_token: Token | None = None  # the word it is the complement of ("ready", "agreed")
    complement: "Trigger | None" = None
    result: "Trigger | None" = None  # what the act did, told by a verb: "a strike [killed] 40 people"

    @property
    def is_noun(self) -> bool:
        return self.pattern.pos == "noun"


@dataclass
class CandidateEvent:
    trigger: Trigger
    sources: list[ActorRecord]
    targets: list[ActorRecord]
    code: str
    sentence: Span
    symmetric: bool = False
    claimed_by: ActorRecord | None = None
    confidence: float = 0.6


# --- finding triggers ----------------------------------------------------------------------------

def _children(tok: Token, deps: tuple[str, ...]) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def _object_lemmas(tok: Token) -> set[str]:
    objs = _children(tok, ("dobj", "nsubjpass", "attr", "oprd", "acomp", "ccomp", "xcomp", "npadvmod", "advmod"))
    # "lifted most of its sanctions", "received a mission of observers": look through a quantity or
    # a party to what it counts
    objs += [p for o in list(objs) if o.lower_ in QUANTITY_WORDS or o.like_num or o.lemma_.lower() in PARTY_NOUNS
             for prep in o.children if prep.dep_ == "prep" and prep.lower_ == "of" for p in prep.children if p.dep_ == "pobj"]
    lemmas = set()
    for obj in objs:
        lemmas.update({obj.lemma_.lower(), obj.lower_})
        for sub in obj.children:
            if sub.dep_ in ("compound", "amod", "nmod"):
                lemmas.add(sub.lemma_.lower())
    return lemmas


def prep_children(tok: Token, prep: str) -> list[Token]:
    """Preposition children with this text, looking through a particle ('pull out of')."""
    return list(_prep_children_by_word(tok).get(prep, ()))


def _prep_children_by_word(tok: Token) -> dict[str, list[Token]]:
    """All of a word's preposition children by their text, worked out once per word and document:
    the coder asks about many prepositions of the same word."""
    cache = tok.doc.user_data.setdefault("communique_preps", {})
    found = cache.get(tok.i)
    if found is not None:
        return found
    direct: dict[str, list[Token]] = {}
    through: dict[str, list[Token]] = {}
    # "With the signing of ..., the two sides agreed": a phrase before the subject frames the clause
    subject_at = min((c.i for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), default=-1)
    for c in tok.children:
        if c.dep_ == "prep" and c.i < subject_at:
            continue
        if c.dep_ in ("prep", "agent", "dative", "prt", "advmod"):
            direct.setdefault(c.lower_, []).append(c)
        if c.dep_ in ("prt", "advmod", "prep") and c.lower_ in PARTICLES:  # not "according to"
            for g in c.children:
                if g.dep_ in ("prep", "pcomp"):
                    through.setdefault(g.lower_, []).append(g)
        elif c.dep_ == "dobj":  # "claimed responsibility for", "imposed sanctions on"
            for g in c.children:
                if g.dep_ == "prep":
                    through.setdefault(g.lower_, []).append(g)
    for word, tokens in through.items():
        direct.setdefault(word, []).extend(tokens)
    cache[tok.i] = direct
    return direct


def pobjs(prep: Token) -> list[Token]:
    return [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]


def match_verb(tok: Token, patterns: tuple[Pattern, ...]) -> Pattern | None:
    particles = {c.lower_ for c in tok.children if c.dep_ in ("prt", "advmod", "prep")}
    # not "kidnapped up to 16 advisers": a number's "up to" is no particle
    phrasal = {c.lower_ for c in tok.children if c.dep_ == "prt"
               and not any(g.dep_ == "prep" and g.lower_ == "to" for g in c.children)}
    objects = None
    predicative = any(c.dep_ in ("oprd", "xcomp") and c.pos_ in ("ADJ", "NOUN") for c in tok.children)
    for pattern in patterns:
        if pattern.particle and pattern.particle not in particles:
            continue
        if phrasal and pattern.particle not in phrasal:
            continue  # "signed up" is not "signed", "called off" is not "called"
        if predicative and not (pattern.particle or pattern.prep or pattern.objects):
            continue  # "called the move regrettable" describes; it is not a call
        if pattern.objects:
            objects = objects if objects is not None else _object_lemmas(tok)
            if not (pattern.objects & objects):
                continue
        if pattern.prep:
            preps = prep_children(tok, pattern.prep)
            if pattern.pobjects:
                heads = [p for prep in preps for p in pobjs(prep)]
                if pattern.prep == "to":
                    heads += _children(tok, ("xcomp",))
                if not any(h.lemma_.lower() in pattern.pobjects or h.lower_ in pattern.pobjects for h in heads):
                    continue
            elif not preps and pattern.target == "prep" and any(p.lemma == pattern.lemma and not p.prep for p in patterns):
                continue  # a bare-verb pattern exists for this lemma: use it
            elif not preps:
                continue
        return pattern
    return None


def match_noun(tok: Token, patterns: tuple[Pattern, ...]) -> Pattern | None:
    left = [t for t in tok.subtree if t.i < tok.i and t.dep_ in ("compound", "amod", "nmod", "npadvmod")]
    mods = {t.lemma_.lower() for t in left} | {t.lower_ for t in left}
    if tok.dep_ == "compound":
        mods.add(tok.head.lemma_.lower())
    for prep in tok.children:  # "a request for financing", "a show of force"
        if prep.dep_ == "prep" and prep.lower_ in ("for", "of"):
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    mods.add(obj.lemma_.lower())
                    mods.update(c.lemma_.lower() for c in obj.children if c.dep_ in ("compound", "amod"))
    for pattern in patterns:
        if pattern.objects and not (pattern.objects & mods):
            continue
        return pattern
    return None


def reporting_verb(tok: Token, cues: frozenset[str], depth: int) -> Token | None:
    """The speech verb whose reported clause holds this word ("X said that ... [tok] ..."), if any."""
    node = tok
    for _ in range(depth):
        if node.head.i == node.i:
            return None
        if node.dep_ in ("ccomp", "parataxis") and node.head.lemma_.lower() in cues:
            return node.head
        node = node.head
    return None


def _regular_lemmas(tok: Token) -> list[str]:
    """Second guesses when the lemmatizer slips ('staged' -> 'stag'): undo a regular ending."""
    word = tok.lower_
    return [word[: -len(suffix)] + repl
            for suffix, repl in (("ied", "y"), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", ""), ("es", ""), ("s", ""))
            if word.endswith(suffix) and len(word) > len(suffix) + 2]


_SPEECH_OR_DEMAND = SPEECH_LEMMAS | DEMAND_CUES


def _used_as_verb(tok: Token) -> bool:
    """A word tagged as a noun that heads a clause with a subject and an object."""
    if tok.dep_ not in ("ROOT", "ccomp", "conj", "xcomp"):
        return False  # most nouns: no need to walk the children
    deps = {c.dep_ for c in tok.children}
    return "nsubj" in deps and "dobj" in deps


def is_light_verb(tok: Token) -> bool:
    """'held talks', 'staged demonstrations' (even when the lemmatizer reads 'staged' as 'stag')."""
    return tok.pos_ in ("VERB", "AUX") and (tok.lemma_.lower() in LIGHT_VERBS
                                            or any(g in LIGHT_VERBS for g in _regular_lemmas(tok)))


def find_triggers(sent: Span, lex: Lexicon) -> list[Trigger]:
    triggers = []
    speech = []  # one pass over the sentence: each token and its attributes are built once
    for tok in sent:
        lemma = tok.lemma_.lower()
        pos = tok.pos_
        if lemma in _SPEECH_OR_DEMAND:
            speech.append(tok)
        if pos == "VERB" or (pos == "AUX" and lemma not in ("be", "have", "do")):
            patterns = lex.verbs.get(lemma) or next(
                (lex.verbs[g] for g in _regular_lemmas(tok) if g in lex.verbs), None)
            pattern = match_verb(tok, patterns) if patterns else None
        elif pos in ("NOUN", "PROPN") and tok.dep_ != "compound":
            patterns = lex.nouns.get(lemma) or lex.nouns.get(tok.lower_)
            pattern = match_noun(tok, patterns) if patterns else None
            if pattern is None and _used_as_verb(tok):
                # 'he "fully shares" Hungary's position': a verb the tagger took for a noun
                patterns = next((lex.verbs[g] for g in [lemma, *_regular_lemmas(tok)] if g in lex.verbs), None)
                pattern = match_verb(tok, patterns) if patterns else None
        else:
            pattern = None
        if pattern is not None:
            triggers.append(Trigger(tok, pattern, pattern.code))
    known = {t.token.i for t in triggers}
    # "X said (that) Y must ...": a demand of Y, even when what Y must do is not in the lexicon
    for tok in speech:
        for clause in tok.children:
            if clause.dep_ == "ccomp" and clause.i not in known and any(
                    c.dep_ == "aux" and c.lower_ in ("must", "should") for c in clause.children):
                triggers.append(Trigger(clause, Pattern(clause.lemma_.lower(), "verb", "100"), "100"))
    return sorted(triggers, key=lambda t: t.token.i)


# --- the component ---------------------------------------------------------------------------------

class EventCoder:
    """Codes the events of a document whose actors are already resolved."""

    def __init__(self, lex: Lexicon | None = None, statements: bool = True):
        self.lex = lex or lexicon()
        self.statements = statements

    def __call__(self, doc: Doc, actors: DocActors) -> list[CandidateEvent]:
        from communique.arguments import build_events
        from communique.frames import apply_frames

        resolver = TokenResolver(actors)
        events: list[CandidateEvent] = []
        for sent in doc.sents:
            triggers = find_triggers(sent, self.lex)
            if not triggers:
                continue
            apply_frames(triggers, self.lex)
            events.extend(build_events(sent, triggers, resolver, self.lex, self.statements))
        return events
