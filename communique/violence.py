"""Attacks: who did them when the words do not say, and how they are reported.

* an attack with no named attacker takes the one the sentence blames or who claims it;
* otherwise, when the text tells an attack (an attack noun, a passive "was shot", "killed by an
  explosive device") and its victims but no attacker, the attacker is CAMEO's unidentified armed
  actor of the country where it happened (``UAF``), not nobody;
* killing dozens of civilians is a mass killing (202);
* violence reported by a rights group or a journalist is their accusation (1122/1123).
"""
from __future__ import annotations

from spacy.tokens import Token

from communique.actors import ActorRecord
from communique.events import CandidateEvent, Trigger, pobjs
from communique.frames import VIOLENT_ROOTS
from communique.syntax import agent_tokens, is_passive

ALLEGING_SECTORS = frozenset({"NGO", "MED", "EDU"})
MASS_KILLING = 20
UNIDENTIFIED_SECTOR = "UAF"
# What kills without an attacker: "killed in floods", "died in a crash" are no attack.
NON_HOSTILE_CAUSES = frozenset("flood floods earthquake quake storm storms typhoon hurricane cyclone landslide "
                               "landslides accident accidents crash collision stampede collapse fire fires blaze "
                               "disease outbreak heat cold avalanche eruption tsunami drought famine".split())


def mass_killing(trig: Trigger, target_options: list[list[Token]], targets: list[ActorRecord]) -> str:
    """Killing dozens of civilians is CAMEO's mass killing (202), not a single killing (1823)."""
    if not trig.code.startswith("1823") or (targets and targets[0].sector not in (None, "CVL", "REF", "REL")):
        return trig.code
    for option in target_options:
        for tok in option:
            for t in tok.subtree:
                number = t.text.replace(",", "")
                if t.lower_ in ("hundreds", "thousands", "scores", "dozens") or (number.isdigit() and int(number) >= MASS_KILLING):
                    return "202"
    return trig.code


def person_assault(code: str, targets: list[ActorRecord]) -> str:
    """Shooting at a crowd is repression (175); shooting a named person is an assault on them (180)."""
    if code.startswith("175") and targets and targets[0].type == "person":
        return "180"
    return code


def as_allegation(event: CandidateEvent) -> CandidateEvent:
    """Violence reported by a rights group or a journalist is their accusation, not a confirmed act:
    'Amnesty said officers had fired live rounds at demonstrators' -> Amnesty accuses the police (1122)."""
    claimant = event.claimed_by
    root = event.code[:2]
    if claimant is None or claimant.sector not in ALLEGING_SECTORS or not event.sources or \
            not (root in VIOLENT_ROOTS or event.code.startswith("175")) or claimant in event.sources:
        return event
    code = "1123" if root in ("19", "20") else "1122"
    return CandidateEvent(event.trigger, [claimant], event.sources[:1], code, event.sentence,
                          claimed_by=claimant, confidence=event.confidence)


def attackers_for_orphans(builder, orphans: list[Trigger], events: list[CandidateEvent],
                          triggers: list[Trigger]) -> list[CandidateEvent]:
    """Code attacks that found no attacker: first with the one the sentence blames ('..., local
    activists said, blaming the RSF') or who claims it; else, when the attack is told without an
    attacker on purpose, with the unidentified attacker of the place."""
    blamed = [e.targets[0] for e in events if e.code[:3] in ("111", "112") and e.targets] or \
             [e.sources[0] for e in events if e.code.startswith("015") and e.sources]
    if blamed:
        for trig in orphans:
            built = builder.build_with_source(trig, blamed[:1])
            if built:
                return built
        return []
    # deaths "in clashes between X and Y" belong to the clashes, deaths "in riots" to no attacker
    told = {e.trigger.token.i for e in events} | {t.token.i for t in triggers if t.code[:2] not in VIOLENT_ROOTS}
    for trig in orphans:
        if not attacker_left_unsaid(trig, told):
            continue
        attacker = unidentified_attacker(builder, trig)
        if attacker is None:
            continue
        built = builder.build_with_source(trig, [attacker])
        if built:
            return built  # one attack a sentence: the others are usually the same one retold
    return []


def attacker_left_unsaid(trig: Trigger, told: set[int]) -> bool:
    """'an attack on ...', 'was shot dead', 'were killed by a roadside bomb': the act is told, the
    attacker is not named. Not 'killed in floods', nor 'killed in clashes between X and Y' or '...,
    in which 16 people were killed' (the deaths belong to an event told by its own words)."""
    tok = trig.token
    if trig.is_noun:
        return True
    if not is_passive(tok):
        return False
    causes = agent_tokens(tok) + [p for c in tok.children if c.dep_ == "prep" and c.lower_ in ("in", "during")
                                  for p in pobjs(c)]
    return not any(c.lemma_.lower() in NON_HOSTILE_CAUSES or c.lower_ in NON_HOSTILE_CAUSES or c.i in told
                   or c.tag_ in ("WDT", "WP") for c in causes)


def unidentified_attacker(builder, trig: Trigger) -> ActorRecord | None:
    """The unidentified armed actor of the country where the attack happened; None when the words
    name no place (then the attack is likely told elsewhere, or is no attack at all). A place the
    knowledge base does not know is taken to be in the story's country."""
    actors = builder.resolver.actors
    country = builder.place_country(trig)
    if country is None and not trig.is_noun and any(
            c.dep_ == "prep" and c.lower_ in ("in", "at", "near", "outside") for c in trig.token.children):
        country = actors.main_country  # "was shot dead outside his office in ...": a place the KB does not know
    if not country or len(country) != 3 or country == "IGO":
        return None
    return actors.record(f"group:{country}:{UNIDENTIFIED_SECTOR}:attacker", name="unidentified attackers",
                         type="group", country=country, sector=UNIDENTIFIED_SECTOR, specific=False, inferred=True)
