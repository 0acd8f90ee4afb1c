"""How an act is reported: done, intended, appealed for, demanded, refused, threatened, or only
imagined. "urged X to release Y" codes one appeal (0253), not a release; "would not recognize"
codes a rejection (12); "did not meet" codes nothing; "may be trying to" codes nothing.
"""
from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Token

from communique.datafiles import read_table
from communique.events import (ACCUSATION_LEMMAS, DEMAND_CUES, DENIAL_LEMMAS, QUANTITY_WORDS, SPEECH_LEMMAS, Trigger,
                               is_light_verb,
                               reporting_verb)
from communique.lexicon import Lexicon

INTENT_MODALS = frozenset("will would shall 'll wo could may might".split())  # not "can": ability, not intent
OBLIGATION_MODALS = frozenset("must should".split())
# "a round of talks", "a wave of attacks": an event noun after these is still the event
VIOLENT_ROOTS = frozenset({"18", "19", "20"})
COUNT_NOUNS = frozenset("round rounds series wave spate string day days week weeks hours campaign number cases "
                        "incidents rounds months years night".split())


@lru_cache(maxsize=1)
def modality_words() -> dict[str, str]:
    return {row["word"]: row["family"] for row in read_table("modality.tsv")}


def is_negated(tok: Token) -> bool:
    for c in tok.children:  # one walk over the children for both tests
        dep = c.dep_
        if dep == "neg" or (dep in ("det", "advmod") and c.lower_ in ("no", "never")):
            return True
    return False


def _reported(tok: Token) -> bool:
    """Inside what someone said ("X said that ...", "X insisted ...")."""
    return reporting_verb(tok, SPEECH_LEMMAS | DEMAND_CUES | {"warn"}, 6) is not None


_MODALS = INTENT_MODALS | OBLIGATION_MODALS | {"wo", "can", "ca"}


def modal_of(tok: Token) -> str | None:
    for c in tok.children:
        if c.dep_ == "aux" and c.lower_ in _MODALS:
            return "can" if c.lower_ == "ca" else c.lower_
        if c.dep_ == "aux" and c.lower_ == "going":
            return "will"
    # "is expected to", "is due to": the governing adjective/verb handles it.
    return None


def counterfactual(tok: Token) -> bool:
    """'would have demanded' describes what did not happen."""
    auxes = [c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")]
    return any(a in ("would", "could", "might") for a in auxes) and "have" in auxes


def conditional(tok: Token) -> bool:
    """An act inside an if/unless/whether clause is not reported as happening."""
    node = tok
    for _ in range(6):
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in node.children):
            return True
        if node.dep_ in ("ROOT",) or node.head.i == node.i:
            return False
        if node.dep_ in ("ccomp", "advcl", "relcl") and node.i != tok.i:
            return False
        node = node.head
    return False


HEDGES = frozenset("may might".split())
# Verbs whose object act is a topic, not an event of its own: ending, shelving or debating it.
TOPIC_VERBS = frozenset("terminate end cancel scrap abandon revoke annul shelve freeze postpone delay discuss debate "
                        "study consider review examine propose draft flee escape".split())
# Verbs of position: "did not recognise/accept/support" is a rejection, unlike "did not meet".
STANCE_LEMMAS = frozenset("recognise recognize accept support endorse back agree approve welcome".split())


def hypothetical_context(tok: Token, words: dict[str, str]) -> bool:
    """Inside 'may be trying to ...', 'hopes to ...', 'is likely to ...' above the trigger: imagined, not done."""
    node = tok.head
    for _ in range(10):
        if node.head.i == node.i:
            break
        if words.get(node.lemma_.lower()) == "hypothetical" or words.get(node.lower_) == "hypothetical":
            return True
        if node.pos_ in ("VERB", "AUX") and any(c.dep_ == "aux" and c.lower_ in HEDGES for c in node.children) \
                and node.lemma_.lower() not in words:
            return True
        node = node.head
    return False


def governor_of(trig: Trigger) -> Token | None:
    """The word this event is the complement of: 'ready to [meet]', 'agreed to [a ceasefire]'."""
    tok = trig.token
    if trig.is_noun:
        if tok.dep_ == "pobj" and tok.head.lower_ == "of" and (tok.head.head.lower_ in QUANTITY_WORDS
                                                               or tok.head.head.like_num):
            tok = tok.head.head  # "lifted most of its sanctions": the quantity stands in the object's place
        if tok.dep_ in ("dobj", "nsubjpass", "attr") and tok.head.pos_ in ("VERB", "AUX", "ADJ"):
            return tok.head
        if tok.dep_ == "pobj" and tok.head.lower_ in ("to", "for", "on") and tok.head.head.pos_ in ("VERB", "ADJ", "AUX"):
            return tok.head.head
        if tok.dep_ == "conj":
            return governor_of(Trigger(tok.head, trig.pattern, trig.code)) if tok.head.pos_ == "NOUN" else None
        return None
    if tok.dep_ in ("xcomp", "ccomp", "acomp"):
        return tok.head
    if tok.dep_ == "conj" and tok.head.dep_ in ("xcomp", "ccomp"):
        return tok.head.head
    if tok.dep_ == "acl" and tok.head.pos_ == "NOUN":
        return tok.head
    if tok.dep_ == "pcomp" and tok.head.head.pos_ in ("VERB", "ADJ"):
        return tok.head.head
    return None


def _codes_its_complement(gov: Trigger, tok: Token) -> bool:
    """The governor's own pattern names this word (an idiom), or the governor is itself folded away."""
    words = gov.pattern.objects | gov.pattern.pobjects
    return tok.lemma_.lower() in words or tok.lower_ in words or (gov.consumed and gov.pattern.lemma not in SPEECH_LEMMAS)


# "reports that troops had killed civilians", "complaints that soldiers tortured detainees": alleged, not told
ALLEGATION_NOUNS = frozenset("report reports complaint complaints allegation allegations claim claims accusation "
                             "accusations rumour rumours rumor rumors".split())


def _alleged_in(tok: Token) -> bool:
    return tok.dep_ in ("acl", "ccomp", "relcl") and tok.head.pos_ == "NOUN" and tok.head.lemma_.lower() in ALLEGATION_NOUNS \
        and not any(c.dep_ in ("nsubj",) and c.lower_ in ("which", "that") for c in tok.children)


def _accused_of(tok: Token) -> bool:
    """'accused Armenian troops of firing on ... and shelling ...': the firing is what is alleged."""
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    head = tok.head
    return tok.dep_ in ("pcomp", "pobj") and head.lower_ in ("of", "for") and head.head.lemma_.lower() in ACCUSATION_LEMMAS


def _purpose_clause(tok: Token, by_token: dict[int, Trigger]) -> bool:
    """An infinitive of purpose under another act ("sent aid to help", "flew to Kabul to meet")."""
    if tok.dep_ not in ("advcl", "xcomp"):
        return False
    head = by_token.get(tok.head.i)
    if head is None:
        # "began a hunger strike to protest ...", "opened fire to disperse ...": the act is the verb's
        # object noun, and the infinitive says what it was for
        acts = [c for c in tok.head.children if c.dep_ == "dobj" and c.i in by_token and by_token[c.i].is_noun]
        if not acts or tok.dep_ != "advcl":
            return False
        head = by_token[acts[0].i]
    if head.pattern.family or head.pattern.lemma in SPEECH_LEMMAS or head.pattern.lemma in modality_words():
        return False
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


# "struck targets in retaliation for ...": the motive of the act told by the verb, not a second act
MOTIVE_NOUNS = frozenset("retaliation reprisal reprisals revenge response".split())


def _motive(trig: Trigger) -> bool:
    tok = trig.token
    if not trig.is_noun or tok.dep_ != "pobj":
        return False
    # "in response to a U.S. naval deployment": what prompted the act was told before, not news here
    answered = tok.head.lower_ in ("to", "for") and tok.head.head.lemma_.lower() in MOTIVE_NOUNS
    return answered or (tok.lemma_.lower() in MOTIVE_NOUNS and tok.head.lower_ == "in")


def _inside_of_phrase(trig: Trigger) -> bool:
    tok = trig.token
    return (trig.is_noun and tok.dep_ == "pobj" and tok.head.lower_ == "of"
            and tok.head.head.pos_ == "NOUN" and tok.head.head.lemma_.lower() not in COUNT_NOUNS)


def _first_inner_trigger(trig: Trigger, by_token: dict[int, Trigger]) -> Trigger | None:
    for child in trig.token.children:
        if child.dep_ in ("xcomp", "ccomp", "dobj") or (child.dep_ == "prep" and child.lower_ in ("for", "to")):
            for tok in child.subtree:
                inner = by_token.get(tok.i)
                if inner is not None and inner is not trig and inner.pattern.theme:
                    return inner
    return None


def _inside_demanded_clause(tok: Token, by_token: dict[int, Trigger]) -> bool:
    """'said the US must be ready to mediate': the mediation is what is demanded, not an act of its own."""
    node = tok
    for _ in range(3):
        if node.head.i == node.i:
            return False
        node = node.head
        demand = by_token.get(node.i)
        if demand is not None and demand.code == "100" and not demand.pattern.text:
            return True
    return False


def apply_frames(triggers: list[Trigger], lex: Lexicon) -> None:
    by_token = {t.token.i: t for t in triggers}
    words = modality_words()
    demanded = any(t.code == "100" and not t.pattern.text for t in triggers)
    for trig in triggers:
        tok = trig.token
        if demanded and _inside_demanded_clause(tok, by_token):
            trig.consumed = True
            continue
        trig.negated = is_negated(tok)
        attempted_attack = trig.code[:2] in VIOLENT_ROOTS and tok.dep_ in ("xcomp", "acl") \
            and tok.head.lemma_.lower() in ("try", "attempt")  # an attempted attack is an attack (185)
        if conditional(tok) or counterfactual(tok) or (not attempted_attack and hypothetical_context(tok, words)):
            trig.consumed = True
            continue
        if tok.dep_ == "relcl" and any(c.dep_ == "aux" and c.lower_ == "had" for c in tok.children):
            trig.consumed = True  # "the hostages, whom they had taken two weeks ago": background to the news
            continue
        if _purpose_clause(tok, by_token) or _inside_of_phrase(trig) or _motive(trig):
            trig.consumed = True  # "sent troops to help ...", "the suppression of unrest"
            continue
        gov_tok = governor_of(trig)
        if gov_tok is not None and not trig.is_noun and tok.dep_ == "ccomp":
            # "reiterated its demand that Israel ease ...": the clause completes the demand, not the verb
            framed = next((by_token[c.i] for c in gov_tok.children if c.dep_ == "dobj" and c.i in by_token
                           and by_token[c.i].pattern.family in ("appeal", "demand")), None)
            gov_tok = framed.token if framed is not None else gov_tok
        trig.governor_token = gov_tok
        gov = by_token.get(gov_tok.i) if gov_tok is not None else None
        if gov is not None and _codes_its_complement(gov, tok):
            trig.consumed = True  # "offered condolences", "declined to comment", "return to dialogue"
            if gov.complement is None and not gov.consumed:
                gov.complement = trig  # the idiom is complete: no other theme re-codes it
            continue
        if gov_tok is not None and gov_tok.lemma_.lower() in DENIAL_LEMMAS and not (
                gov is not None and gov.pattern.family == "reject"):  # "dismissed an appeal" refuses it
            trig.consumed = True  # what is denied did not happen; it tells whom the denial answers
            if gov is not None and gov.complement is None:
                gov.complement = trig
            continue
        if _accused_of(tok) or (not trig.is_noun and _alleged_in(tok)):
            trig.consumed = True
            continue
        # an adjective like "ready"/"open" stands between the event and the verb "be"
        gov_word = gov_tok.lemma_.lower() if gov_tok is not None else None
        if gov_tok is not None and gov_word not in words and gov_tok.pos_ == "ADJ" and gov_tok.lower_ in words:
            gov_word = gov_tok.lower_
        if gov_tok is not None and words.get(gov_word) == "intent" and gov_tok.dep_ == "acl" and gov_tok.tag_ == "VBN":
            trig.consumed = True  # "a meeting aimed at establishing ties": what the meeting is for
            continue
        if gov_tok is not None and gov_word in words and words[gov_word] != "actual" and gov is not None \
                and gov.pattern.family in ("appeal", "demand"):
            pass  # "urged ... to" is an appeal frame, handled below
        elif gov is not None and gov.is_noun and gov.family == "reject" and gov_word in words:
            # "rejected a U.S. offer to host a summit": what is refused is hosting (125), not an offer
            gov.code = lex.themed_code(trig.pattern.theme, "reject")
            gov.complement = trig
            trig.consumed = True
            continue
        elif gov_tok is not None and gov_word in words:
            family = words[gov_word]
            if family == "agree":
                family = "actual" if trig.is_noun else "intent"
            if gov is not None and gov.family == "reject" and family in ("intent", "actual"):
                family = "reject"  # "refused to commit to any assistance": the assistance is refused
            if gov is not None:
                gov.consumed = True
                gov.complement = trig
            if family == "hypothetical" and gov_word in ("try", "attempt") and trig.code[:2] in VIOLENT_ROOTS:
                # "attempted to assassinate the prime minister": the attempt is itself an attack (185)
                family = "actual"
                trig.code = "185" if trig.code[:3] == "186" or trig.code == "1823" else trig.code
            if family == "hypothetical":
                trig.consumed = True
                continue
            trig.governor = gov
            if family != "actual":
                if is_negated(gov_tok) or is_negated(gov_tok.head):
                    trig.consumed = True  # "no indications they plan to ...": nothing is intended
                    continue
                trig.family = family
                trig.code = lex.themed_code(trig.pattern.theme, trig.family)
                continue
            if is_negated(gov_tok):
                trig.consumed = True
                continue
        if trig.is_noun and trig.pattern.family in ("demand", "appeal") and gov is not None and not gov.pattern.family:
            trig.consumed = True  # "conceded to demands from UNITA": the demand was made before; the yield is news
            continue
        if trig.is_noun and tok.dep_ == "dobj" and gov is not None and gov.family != "actual":
            trig.consumed = True  # "offered to host talks": the talks are part of what is offered
            continue
        if trig.is_noun and tok.dep_ == "dobj" and gov is None and gov_tok is not None \
                and gov_tok.lemma_.lower() in TOPIC_VERBS and not is_negated(gov_tok):
            trig.consumed = True  # "terminated a cooperation agreement", "discussed a ceasefire": a topic
            continue
        if trig.is_noun and gov_tok is not None and tok.dep_ == "dobj" and is_negated(gov_tok) and gov is None:
            # "will not renew its cooperation agreement": a refusal; "did not sign a deal": nothing
            if modal_of(gov_tok) in INTENT_MODALS | {"wo"}:
                trig.family = "reject"
                trig.code = lex.themed_code(trig.pattern.theme, "reject")
            else:
                trig.consumed = True
            continue
        if gov is not None and not gov.consumed:
            if gov.pattern.family and gov.pattern.lemma not in SPEECH_LEMMAS:
                # the frame verb takes its sub-code from this complement
                # "rejected a request to ...": the refusal keeps its family, the complement its theme
                gov.code = lex.themed_code(trig.pattern.theme, gov.family if gov.family != "actual" else gov.pattern.family)
                if trig.negated and gov.pattern.family == "appeal":
                    gov.code = gov.pattern.code
                gov.complement = trig
                trig.consumed = True
                continue
            if trig.is_noun and (trig.token.lemma_.lower() in gov.pattern.objects or trig.token.lower_ in gov.pattern.objects):
                trig.consumed = True  # "imposed sanctions", "held talks": the verb pattern codes it
                continue
            if gov.pattern.lemma in SPEECH_LEMMAS or gov.code.startswith("01"):
                gov.complement = trig
        # modality on the event itself
        # "would tighten the blockade": the light verb's modal frames the act its noun names
        modal = modal_of(tok) or (modal_of(gov_tok) if gov_tok is not None and (
            gov_tok.lemma_ == "be" or (trig.is_noun and tok.dep_ == "dobj" and is_light_verb(gov_tok))) else None)
        if modal == "can" or (modal is None and any(c.dep_ == "aux" and c.lower_ in ("can", "ca") for c in tok.children)):
            trig.consumed = True  # "they can arrest us": what is possible, not what happened
            continue
        if modal in OBLIGATION_MODALS and not trig.pattern.family and _reported(tok):
            # "X said Libya must hand over the suspects": X demands it of Libya
            trig.family = "demand"
            trig.code = lex.themed_code(trig.pattern.theme, "demand") if trig.pattern.theme else "100"
            continue
        if trig.negated:
            if modal in INTENT_MODALS or modal == "wo" or trig.pattern.lemma in STANCE_LEMMAS:
                # "would not recognize", "did not recognise the decision": a refusal
                trig.family = "reject"
                trig.code = lex.themed_code(trig.pattern.theme, "reject")
            elif not trig.pattern.family:
                trig.consumed = True  # "did not meet": nothing happened
            continue
        if modal and trig.family == "actual" and not trig.pattern.family and not trig.code.startswith("01"):
            trig.family = "intent"
            trig.code = lex.themed_code(trig.pattern.theme, "intent") if trig.pattern.theme else "030"
    # a frame verb whose complement is not a trigger takes the theme of the first act inside it:
    # "called on Germany to follow France in recognising a Palestinian state" -> 022
    for trig in triggers:
        if trig.pattern.family and trig.complement is None and not trig.consumed \
                and trig.pattern.lemma not in SPEECH_LEMMAS and trig.family == "actual":
            inner = _first_inner_trigger(trig, by_token)
            if inner is not None:
                trig.code = lex.themed_code(inner.pattern.theme, trig.pattern.family)
                trig.complement = inner
                inner.consumed = True
    # "warned that X could ..." threatens; "warned that elections were unlikely" is a pessimistic comment
    for trig in triggers:
        if trig.pattern.lemma == "warn" and trig.complement is None and not trig.pattern.prep:
            clauses = [c for c in trig.token.children if c.dep_ in ("ccomp", "xcomp")]
            if not any(modal_of(c) in INTENT_MODALS for c in clauses):
                trig.code = "012"
    # "a drone strike killed 40 people", "an attack that wounded two soldiers": one attack, whose
    # victims are the verb's objects
    for trig in triggers:
        if trig.is_noun or trig.consumed or trig.code[:2] not in VIOLENT_ROOTS:
            continue
        tok = trig.token
        doers = [c for c in tok.children if c.dep_ == "nsubj"] + ([tok.head] if tok.dep_ == "relcl" else [])
        attack = next((by_token[d.i] for d in doers if d.i in by_token and by_token[d.i].is_noun
                       and by_token[d.i].code[:2] in VIOLENT_ROOTS), None)
        if attack is not None:
            trig.consumed = True
            attack.result = trig
    # "told the Russian guards to leave": telling someone to act is a demand, with the act's theme
    for trig in triggers:
        tok = trig.token
        if trig.pattern.lemma != "tell" or trig.consumed:
            continue
        clause = next((c for c in tok.children if c.dep_ == "xcomp"
                       and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)), None)
        if clause is None:
            continue
        inner = by_token.get(clause.i)
        trig.code = lex.themed_code(inner.pattern.theme if inner is not None and inner.pattern.theme else "general", "demand")
        if inner is not None:
            inner.consumed = True
            trig.complement = inner
    # "staged rallies demanding reforms", "began a hunger strike to demand ...": the demand is what the
    # protest is for, not a second event
    for trig in triggers:
        tok = trig.token
        # ... and so is a riot's "setting fire to ..." told as its participle
        folded = trig.pattern.family in ("demand", "appeal") or (trig.code.startswith("14") and tok.tag_ == "VBG")
        if not folded or trig.is_noun or tok.dep_ not in ("advcl", "xcomp"):
            continue
        protest = [tok.head] + [c for c in tok.head.children if c.dep_ == "dobj"]  # "staged rallies demanding"
        if any(p.i in by_token and by_token[p.i].code.startswith("14") for p in protest):
            trig.consumed = True
    # "returned to Geneva", "allowed refugees to return home": a journey, not a release (084)
    for trig in triggers:
        tok = trig.token
        if trig.code.startswith("084") and not trig.is_noun and not trig.pattern.objects \
                and not any(c.dep_ in ("dobj", "nsubjpass", "auxpass") for c in tok.children):
            trig.consumed = True
    # a speech verb that reports an event is not itself a statement event
    for trig in triggers:
        if trig.complement is not None and trig.pattern.lemma in SPEECH_LEMMAS and not trig.pattern.objects:
            trig.consumed = True
