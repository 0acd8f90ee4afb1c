"""Attacks: results told by a verb, attackers the words leave unsaid, killings of named people."""
from __future__ import annotations


def _events(coder, text):
    doc = coder(text)
    return doc, [(e.source_code, e.target_code, e.cameo) for e in doc.events]


def test_an_air_strike_that_killed_people_is_one_attack_on_them(coder):
    doc, events = _events(coder, "An Israeli air strike killed twelve civilians in the Lebanese town of Nabatieh on Monday.")
    assert events == [("ISR", "LBNCVL", "195")], events


def test_a_bombing_with_no_named_attacker_is_coded_to_the_unidentified_attacker_of_the_place(coder):
    doc, events = _events(coder, "A car bombing killed six policemen in the Pakistani city of Quetta on Friday.")
    assert [(s, t[:3], c[:2]) for s, t, c in events] == [("PAKUAF", "PAK", "18")], events


def test_a_passive_shooting_without_agent_has_an_unidentified_attacker(coder):
    doc, events = _events(coder, "A Mexican mayor was shot dead outside his office in Guerrero state's capital Chilpancingo.")
    assert [(s, c) for s, _, c in events] == [("MEXUAF", "1823")], events


def test_deaths_in_floods_are_no_attack(coder):
    doc, events = _events(coder, "Dozens of villagers were killed in floods in northern Nigeria on Sunday.")
    assert events == [], events


def test_deaths_in_clashes_belong_to_the_clashes(coder):
    doc, events = _events(coder, "Three people were killed in clashes between police and protesters in Nairobi on Monday.")
    assert not any(s and s.endswith("UAF") for s, _, _ in events), events


def test_stoning_and_beating_to_death_are_killings(coder):
    doc, events = _events(coder, "Militants stoned a Pakistani teacher to death in Peshawar on Tuesday.")
    assert [c for _, _, c in events] == ["1823"], events


def test_shooting_a_named_person_is_an_assault_not_crowd_control(coder):
    doc, events = _events(coder, "Brazilian councillor Marielle Franco was shot by a gunman in Rio de Janeiro.")
    assert [c[:2] for _, _, c in events] == ["18"], events


def test_an_air_strike_a_killing_was_done_in_belongs_to_the_killer(coder):
    doc, events = _events(coder, "Turkey killed a senior PKK commander in a drone strike in northern Iraq on Monday.")
    assert {s for s, _, _ in events} == {"TUR"}, events


def test_soldiers_killed_in_a_gunfight_with_militants_fought_them(coder):
    doc, events = _events(coder, "Three Nigerian soldiers were killed in a gunfight with bandits in Zamfara state.")
    assert [(s, c) for s, _, c in events] == [("NGAMIL", "193")], events


def test_retaliation_as_a_motive_is_not_a_second_attack(coder):
    doc, events = _events(coder, "Iran launched missiles at Israel in retaliation for the killing of its generals.")
    assert [c[:2] for _, _, c in events] == ["19"], events


def test_an_attempted_assassination_is_an_attack(coder):
    doc, events = _events(coder, "Gunmen tried to assassinate Haitian President Jovenel Moise at his home in Port-au-Prince.")
    assert [c for _, _, c in events] == ["185"], events


def test_wounding_soldiers_is_an_assault(coder):
    doc, events = _events(coder, "Taliban fighters wounded three Pakistani soldiers near the border on Monday.")
    assert [c[:2] for _, _, c in events] == ["18"], events


def test_a_killing_in_a_bombing_no_one_is_named_for_has_an_unidentified_attacker(coder):
    doc, events = _events(coder, "A local judge was killed in a car bomb explosion in the Colombian city of Cali.")
    assert [(s, c[:2]) for s, _, c in events] == [("COLUAF", "18")], events


def test_deaths_in_riots_have_no_unidentified_attacker(coder):
    doc, events = _events(coder, "Twelve people have been killed in riots in the Kenyan city of Kisumu this year.")
    assert not [s for s, _, _ in events if s and s.endswith("UAF")], events


def test_a_place_outside_of_a_city_is_where_the_attack_happened(coder):
    doc, events = _events(coder, "Two French soldiers were killed by a roadside bomb outside of the Malian town of Gao.")
    assert [s for s, _, _ in events] == ["MLIUAF"], events


def test_a_bombing_near_a_town_the_tagger_misreads_is_still_placed(coder):
    events = [(e.source_code, e.target_code, e.cameo[:2]) for e in
              coder("A roadside bombing near the town of Baqubah on Monday killed two Iraqi policemen, officials said.").events]
    assert ("IRQUAF", "IRQCOP", "18") in events, events


def test_up_to_a_number_is_not_a_particle(coder):
    events = [(e.source_code[:3], e.cameo) for e in
              coder("Somali militants have kidnapped up to 12 Kenyan teachers near the border.").events]
    assert ("SOM", "181") in events, events


def test_the_country_owns_its_drone_strikes(coder):
    events = [(e.source_code, e.cameo[:2]) for e in
              coder("Recent US Reaper strikes have killed at least five senior al-Shabaab commanders.").events]
    assert ("USA", "19") in events or ("USA", "18") in events, events
