"""Reading the parse: who is the subject of a verb, what are its objects and prepositional
phrases, what an event noun's possessor, by-phrase or between-pair is. Pure functions over spaCy
tokens; arguments.py turns the words they return into actors.
"""
from __future__ import annotations

from spacy.tokens import Token

from communique.events import (DEMAND_CUES, SPEECH_LEMMAS, is_light_verb, Trigger, _prep_children_by_word, pobjs,
                               prep_children, reporting_verb)
from communique.frames import COUNT_NOUNS

PLACE_PREPS = frozenset("in at near into inside outside across on off around through to".split())  # not "for Russia"
# Acts whose possessor is the one who undergoes them ("X's arrest", "X's release", "X's killing").
PATIENT_CODES = frozenset({"173", "174", "084", "116", "181", "182", "185", "186"})

OBJECT_CONTROL = frozenset("urge ask call press force prompt allow persuade tell order invite encourage "
                           "help enable lead push implore request require".split())
CIRCUMSTANCE_PREPS = frozenset("after following during before at for ahead".split())
# What an actor issues to say something: "issued a statement urging ...", "sent a letter demanding ..."
DOCUMENT_NOUNS = frozenset("declaration statement letter communique resolution note message appeal petition".split())
RELATIVE_PRONOUNS = frozenset("who which that whom".split())
AUTO_PREPS = ("with", "to", "against", "on", "at", "for", "into", "toward", "towards", "from", "among")
SYMMETRIC_ROOTS = ("04",)
SYMMETRIC_CODES = frozenset({"057", "050", "030", "036", "037", "046", "062", "064", "060", "0871", "190"})
MAX_PAIRS = 6
# Verbs whose conjoined subjects act on each other: "A and B agreed to ...", "A and B traded fire".
RECIPROCAL_LEMMAS = frozenset("agree trade exchange reach".split())  # "reached a deal"


def reciprocal(trig: Trigger) -> bool:
    """The act is mutual between conjoined subjects: the verb, the word governing it ('agreed to
    hold ...', 'agreed that their countries should cooperate') or, for a noun, its verb ('traded fire')."""
    tok = trig.token
    words = [tok, trig.governor_token] + ([tok.head] if trig.is_noun and tok.dep_ == "dobj" else [])
    return any(w is not None and w.lemma_.lower() in RECIPROCAL_LEMMAS for w in words)


def is_passive(tok: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children) or (
        tok.tag_ == "VBN" and tok.dep_ == "acl" and not any(c.dep_ == "nsubj" for c in tok.children))  # not "that X had killed"


def agent_tokens(tok: Token) -> list[Token]:
    return [p for c in tok.children if c.dep_ == "agent" for p in pobjs(c)]


# Participles that state a position, not an act done to the subject: "Israel is opposed to ..."
STATIVE_PARTICIPLES = frozenset("oppose commit determine resolve".split())


def subject_tokens(tok: Token, depth: int = 0) -> list[Token]:
    """The doer of a verb, climbing through control, conjunction, participles and relative clauses."""
    if depth > 6:
        return []
    if tok.lemma_.lower() in STATIVE_PARTICIPLES and not agent_tokens(tok) and any(c.dep_ == "nsubjpass" for c in tok.children):
        return [c for c in tok.children if c.dep_ == "nsubjpass"]
    if is_passive(tok):
        agents = agent_tokens(tok)
        if not agents:
            # "rice donated by India was handed over": the agent of the subject's own participle
            for subj in (c for c in tok.children if c.dep_ == "nsubjpass"):
                for acl in (c for c in subj.subtree if c.dep_ == "acl" and c.tag_ == "VBN"):
                    agents = agent_tokens(acl)
                    if agents:
                        break
        return agents
    subj = [c for c in tok.children if c.dep_ in ("nsubj", "csubj")]
    if subj:
        if subj[0].lower_ in RELATIVE_PRONOUNS and tok.dep_ == "relcl":
            return [tok.head]
        return subj
    head, dep = tok.head, tok.dep_
    if head.i == tok.i:
        return []
    if dep == "xcomp" or (dep == "ccomp" and head.lemma_.lower() in OBJECT_CONTROL):
        if head.lemma_.lower() in OBJECT_CONTROL:
            obj = [c for c in head.children if c.dep_ in ("dobj", "dative")]
            if obj:
                return obj
            on = [p for prep in prep_children(head, "on") for p in pobjs(prep)]
            if on:
                return on
        return subject_tokens(head, depth + 1)
    if dep in ("conj", "acomp", "advcl", "pcomp") and head.pos_ in ("VERB", "AUX", "ADJ"):
        return subject_tokens(head, depth + 1)
    if dep == "acl" and head.pos_ in ("NOUN", "PROPN"):
        if tok.tag_ == "VBG" and head.lemma_.lower() in DOCUMENT_NOUNS and head.dep_ == "dobj":
            return subject_tokens(head.head, depth + 1)  # "issued a declaration demanding ...": the issuer
        if tok.tag_ == "VBG" or (tok.tag_ == "VBD" and head.dep_ == "ROOT"):
            return [head]  # "... leaders meeting in Abuja"; a past verb the parser hung off a verbless root
        if head.dep_ in ("attr", "oprd") and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
            return subject_tokens(head.head, depth + 1)  # "Russia became the first country to recognise ..."
        return []
    if dep == "relcl":
        return [head]
    return []


def object_tokens(tok: Token) -> list[Token]:
    if is_passive(tok):
        return [c for c in tok.children if c.dep_ == "nsubjpass"] or ([tok.head] if tok.dep_ == "acl" else [])
    return [c for c in tok.children if c.dep_ == "dobj"]


NOT_ACTOR_ENTS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"})


def _objects_of(tok: Token, prep: str) -> list[Token]:
    """Objects of one preposition of a word ('on Tuesday' is a date, not a target)."""
    return list(_objects_by_prep(tok).get(prep, ()))


def _objects_by_prep(tok: Token) -> dict[str, list[Token]]:
    """A word's preposition objects by preposition, worked out once per word and document: target
    search asks the same word about a dozen prepositions, again for every reading of it."""
    user_data = tok.doc.user_data
    cache = user_data.get("communique_prep_objects")
    if cache is None:
        cache = user_data["communique_prep_objects"] = {}
    found = cache.get(tok.i)
    if found is None:
        found = cache[tok.i] = {prep: [p for c in children for p in pobjs(c) if p.ent_type_ not in NOT_ACTOR_ENTS]
                                for prep, children in _prep_children_by_word(tok).items()}
    return found


def prep_options(tok: Token, preps: tuple[str, ...]) -> list[list[Token]]:
    """Objects of each of these prepositions, as separate options in order."""
    by_prep = _objects_by_prep(tok)
    return [list(found) for prep in preps if (found := by_prep.get(prep))]


def prep_object_tokens(tok: Token, preps: tuple[str, ...]) -> list[Token]:
    """Objects of the first of these prepositions that has one."""
    by_prep = _objects_by_prep(tok)
    return next((list(found) for prep in preps if (found := by_prep.get(prep))), [])


def verb_targets(trig: Trigger) -> list[list[Token]]:
    """Candidate target phrases in order of preference; the first that names an actor wins."""
    tok, pattern = trig.token, trig.pattern
    mode = pattern.target
    # "fight for Russia" is on Russia's side, not against it
    auto_preps = AUTO_PREPS if trig.code[:2] < "15" else tuple(p for p in AUTO_PREPS if p != "for")
    if trig.code[:2] == "11":
        # "complained to the U.N. over Israeli air raids": the complaint is about the raiders
        auto_preps = ("over", "about", "against") + auto_preps
    datives = [c for c in tok.children if c.dep_ == "dative"]
    objects = object_tokens(tok)
    via_object = [prep_object_tokens(obj, AUTO_PREPS) for o in objects for obj in (o, *o.conjuncts)]
    if pattern.family in ("appeal", "demand"):
        out = ([prep_object_tokens(tok, (pattern.prep,))] if pattern.prep and pattern.objects else []) + \
              [objects, prep_object_tokens(tok, ("on", "upon", "to", "from"))]  # "sought refuge in Germany"
        # "demanded that Manila tow away ...": the one asked to act is the complement's subject
        out += [[c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
                for clause in tok.children if clause.dep_ in ("ccomp", "xcomp")]
        comp = trig.complement
        if comp is not None:
            out.append(subject_tokens(comp.token) if not comp.is_noun else noun_targets(comp))
        return out
    if mode == "none":
        out = []
    elif mode == "prep" and pattern.prep:
        out = [prep_object_tokens(tok, (pattern.prep,))]
        if not pattern.objects:
            out.append(objects)
    elif mode == "dative":
        out = [datives, prep_object_tokens(tok, ("to",)), objects]
    elif mode == "place":
        places = prep_object_tokens(tok, ("in", "to", "into", "at", "across", "near"))
        # "contribute troops to a peacekeeping force in Liberia": the place the destination is in
        places = places + [p for d in places if d.pos_ == "NOUN" and d.head.lower_ in ("to", "into")
                           for c in d.children if c.dep_ == "prep" and c.lower_ == "in"
                           for p in pobjs(c) if p.ent_type_ in ("GPE", "LOC")]
        out = [places, *via_object] if pattern.objects else [objects, places]  # "sent troops to X"
    elif mode == "dobj":
        out = [objects, datives, *prep_options(tok, auto_preps)]
        if trig.code[:2] == "11":
            # "criticised a plan in Washington to ...": a capital standing for its government owns the plan
            out.append([p for o in objects for p in prep_object_tokens(o, ("in",)) if p.ent_type_ == "GPE"])
    elif pattern.objects or mode == "prep":
        # "offered his condolences to X", "lodged a protest with X": the object is part of the idiom;
        # "provided intelligence to X", "bought crude from X": the object is what changes hands
        out = [datives, *prep_options(tok, auto_preps), *via_object, objects]
    else:
        out = [objects, datives, *prep_options(tok, auto_preps), *via_object]
    # "approved a loan to help Nepal rebuild": the one a purpose clause helps
    # also when the parser hangs the purpose clause on the object ("a loan to help Nepal rebuild"), and
    # the helped one as the subject of what it is helped to do
    clauses = [c for c in tok.children if c.dep_ in ("advcl", "xcomp")]
    clauses += [c for obj in objects for c in obj.children if c.dep_ in ("relcl", "acl")
                and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)]
    for clause in clauses:
        if clause.lemma_.lower() in ("help", "assist", "support", "enable", "allow"):
            out.append([c for c in clause.children if c.dep_ in ("dobj", "dative")])
            out.append([s for c in clause.children if c.dep_ in ("ccomp", "xcomp") for s in c.children
                        if s.dep_ == "nsubj"])
            # "to help defend Saudi Arabia": the one the helped act is for
            out.append([s for c in clause.children if c.dep_ == "xcomp" for s in c.children if s.dep_ == "dobj"])
    if trig.complement is not None and pattern.family:
        comp = trig.complement
        out.extend(noun_targets_candidates(comp) if comp.is_noun else verb_targets(comp))
    if tok.dep_ == "advcl" and tok.tag_ == "VBG":
        out.append(object_tokens(tok.head))  # "accused Seoul of ..., warning that ...": warns Seoul
    if pattern.family == "threaten" or trig.code.startswith("13"):
        # "warned that Moscow could respond ... if Kyiv used ...": the threat is aimed at the condition's subject
        out.append([c for t in tok.subtree if t.dep_ == "advcl" and any(m.lower_ in ("if", "unless") for m in t.children)
                    for c in t.children if c.dep_ in ("nsubj", "nsubjpass")])
    if pattern.family:
        # "pledged to speed up an investment package for Pakistan": the beneficiary sits in the clause
        # "threatened to resume attacks in Israel": where a threatened act would happen
        preps = ("for", "to", "with", "against") + (("in",) if pattern.family == "threaten" else ())
        for clause in tok.children:
            if clause.dep_ in ("xcomp", "ccomp"):
                out.append([p for t in clause.subtree if t.dep_ == "prep" and t.lower_ in preps
                            for p in pobjs(t) if p.ent_type_ not in NOT_ACTOR_ENTS])
    return out


def _count_head(tok: Token) -> Token:
    """'a campaign of ethnic cleansing', 'a wave of arrests': the act takes its head noun's place."""
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lemma_.lower() in COUNT_NOUNS:
        return tok.head.head
    return tok


def patient_noun(trig: Trigger) -> bool:
    """'Navalny's arrest', 'the hostages' release': the possessor undergoes the act."""
    return trig.code[:3] in PATIENT_CODES or trig.code[:2] in ("18",)


def noun_sources(trig: Trigger) -> list[Token]:
    tok = trig.token
    head = _count_head(tok)
    if head.i != tok.i:
        found = noun_sources(Trigger(head, trig.pattern, trig.code))
        if found:
            return found
    found = [] if patient_noun(trig) else [c for c in tok.children if c.dep_ == "poss"]
    # "aid from Japan" comes from Japan; "a withdrawal from Armenia" leaves it
    froms = ("by",) if trig.pattern.theme == "withdraw" else ("by", "from")
    found += [p for c in tok.children if c.dep_ in ("prep", "agent") and c.lower_ in froms for p in pobjs(c)]
    # "a roadside bomb planted by al Shabaab militants"
    found += [p for acl in tok.children if acl.dep_ == "acl" and acl.tag_ == "VBN" for p in agent_tokens(acl)]
    found += [c for c in tok.children if c.dep_ in ("amod", "compound", "nmod") and c.i < tok.i
              and (c.ent_type_ in ("NORP", "GPE", "ORG") or c.pos_ == "PROPN")]
    # "US Predator attacks": the owner one compound further out
    found += [g for c in tok.children if c.dep_ == "compound" and c.i < tok.i and c not in found
              for g in c.children if g.dep_ in ("amod", "compound", "nmod") and (g.ent_type_ in ("NORP", "GPE") or g.pos_ == "PROPN")]
    if found:
        return found
    if tok.dep_ in ("dobj", "attr") and is_light_verb(tok.head):
        return subject_tokens(tok.head)  # "held talks", "launched an attack" -- but not "fled the fighting"
    if tok.dep_ == "pobj" and tok.head.lower_ in ("to", "for") and tok.head.head.pos_ in ("VERB", "AUX", "ADJ"):
        return subject_tokens(tok.head.head)
    if tok.dep_ == "nsubjpass":
        return agent_tokens(tok.head)
    if tok.dep_ == "pobj" and tok.head.lower_ in CIRCUMSTANCE_PREPS and tok.head.head.pos_ in ("VERB", "AUX") \
            and trig.code.startswith("04"):
        return subject_tokens(tok.head.head)  # "X arrived on Friday for talks", "said after talks with Y"
    if tok.dep_ == "pobj" and tok.head.lower_ in ("in", "during") and tok.head.head.pos_ == "VERB" \
            and trig.code[:2] in ("18", "19", "20"):
        # "Israel killed X in an air strike": the strike is the killer's; "two soldiers were killed in a
        # gunfight with militants": the soldiers were in the fight
        verb = tok.head.head
        return subject_tokens(verb) or ([c for c in verb.children if c.dep_ == "nsubjpass"]
                                        if trig.code[:3] in ("190", "193") and prep_object_tokens(tok, ("with",)) else [])
    return []


def noun_targets_candidates(trig: Trigger) -> list[list[Token]]:
    tok, pattern = trig.token, trig.pattern
    if pattern.target == "none":
        return []
    preps = (pattern.prep,) if pattern.prep else AUTO_PREPS + ("in", "over") if pattern.target == "place" else AUTO_PREPS
    out = prep_options(tok, preps)
    if trig.pattern.code[:2] == "19":
        out = prep_options(tok, ("of",)) + out  # "the blockade of Serbia (with Albania's help)"
    comp = trig.complement
    if comp is not None and pattern.family in ("appeal", "demand") and not comp.is_noun:
        out.append(subject_tokens(comp.token))  # "its demand that Israel ease restrictions": of Israel
    elif pattern.family in ("appeal", "demand"):  # ... also when what Israel must do is not an event
        out.append([s for c in tok.children if c.dep_ in ("acl", "ccomp", "relcl") and not any(
            m.lower_ in ("which", "that") and m.dep_ in ("nsubj", "dobj") for m in c.children)
            for s in c.children if s.dep_ in ("nsubj", "nsubjpass")])
    if patient_noun(trig):
        out.insert(0, [c for c in tok.children if c.dep_ == "poss" and c.lower_ not in ("its", "their")])
    if trig.result is not None:
        out.append(object_tokens(trig.result.token))  # "a drone strike killed 40 people"
    head = _count_head(tok)
    if head.i != tok.i:
        out += prep_options(head, AUTO_PREPS)
    if head.dep_ in ("dobj", "nsubjpass") and head.head.pos_ == "VERB":
        out += prep_options(head.head, AUTO_PREPS)
    # "the killing of hundreds of civilians by JNIM fighters": with an agent named, "of" is the victim
    if any(c.lower_ == "by" or c.dep_ == "poss" for c in tok.children):
        out += prep_options(tok, ("of",))
    # "the withdrawal of some forces from Panama": the phrase hangs off what is withdrawn
    out += [found for of_obj in _objects_of(tok, "of") for found in prep_options(of_obj, preps)]
    return out


def noun_targets(trig: Trigger) -> list[Token]:
    return next((c for c in noun_targets_candidates(trig) if c), [])


def _betweens(doc) -> list[int]:
    """Where the document says "between", found once per document."""
    found = doc.user_data.get("communique_betweens")
    if found is None:
        lower = doc.to_array("LOWER")  # one array read, no Token objects
        found = doc.user_data["communique_betweens"] = (lower == doc.vocab.strings.add("between")).nonzero()[0].tolist()
    return found


def between(trig: Trigger) -> list[Token]:
    """'talks between A and B', 'shuttled between A and B negotiators'."""
    tok = trig.token
    found = prep_object_tokens(tok, ("between",))
    if not found and trig.is_noun:  # "talks in Mecca between A and B": attached a level lower
        # the grandchildren of the noun are inside its span: look only where a "between" is
        for prep in (tok.doc[i] for i in _betweens(tok.doc) if tok.left_edge.i <= i <= tok.right_edge.i):
            if prep.dep_ == "prep" and prep.head.head.i == tok.i:
                found = [p for p in pobjs(prep) if p.ent_type_ not in NOT_ACTOR_ENTS]
                break
    return found


def _places_below(tok: Token) -> list[Token]:
    """Place names in the trigger's phrase (or, for a subject noun, in its clause)."""
    scope = list(tok.subtree)
    if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.pos_ in ("VERB", "AUX"):
        scope = list(tok.head.subtree)
    # not who reports it, nor a clause with its own subject ("..., while UN inspectors said ...")
    other_clauses = {t.i for c in tok.children if c.dep_ in ("advcl", "ccomp", "relcl", "conj")
                     and any(s.dep_ in ("nsubj", "nsubjpass") for s in c.children) for t in c.subtree}
    scope = [t for t in scope if t.i not in other_clauses and not any(a.lower_ == "according" for a in t.ancestors)]
    return [t for t in scope if t.ent_type_ in ("GPE", "LOC", "FAC", "ORG") and (
        t.dep_ in ("dobj", "compound", "poss", "appos")
        or (t.dep_ == "pobj" and (t.head.lower_ in PLACE_PREPS or t.head.lower_ == "against")))]  # "a war against Iraq"



def speaker_of(tok: Token) -> Token | None:
    """The subject of the speech verb an event is reported under, if any."""
    verb = reporting_verb(tok, SPEECH_LEMMAS | DEMAND_CUES, 8)
    subj = subject_tokens(verb) if verb is not None else []
    return subj[0] if subj else None
