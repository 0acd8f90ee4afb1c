"""How an act is reported changes its code: refused requests and offers are rejections."""
from __future__ import annotations


def _events(coder, text):
    return [(e.source_code, e.target_code, e.cameo) for e in coder(text).events]


def test_rejecting_a_request_to_act_is_a_rejection_of_the_requester(coder):
    events = _events(coder, "Hungary rejected a German request to extradite the suspects.")
    assert [(s, t, c[:2]) for s, t, c in events] == [("HUN", "DEU", "12")], events


def test_rejecting_an_offer_to_host_talks_rejects_the_meeting(coder):
    events = _events(coder, "Venezuela rejected a Brazilian offer to host a summit on the border dispute.")
    assert [(s, t, c) for s, t, c in events] == [("VEN", "BRA", "125")], events


def test_dismissing_an_appeal_is_a_rejection(coder):
    events = _events(coder, "Houthi rebels dismissed an appeal from the Saudi government to release the sailors.")
    assert [(t[:3], c[:2]) for s, t, c in events] == [("SAU", "12")], events


def test_a_demand_that_someone_act_is_made_of_the_clause_subject(coder):
    events = _events(coder, "Greek officials demanded on Monday that Turkey return the seized fishing boats.")
    assert [(s[:3], t[:3], c[:2]) for s, t, c in events] == [("GRC", "TUR", "10")], events


def test_a_clause_after_a_demand_noun_completes_the_demand(coder):
    events = _events(coder, "The European Union repeated its demand that Belarus release all political prisoners.")
    assert [(s[:3], t[:3], c[:2]) for s, t, c in events] == [("IGO", "BLR", "10")], events


def test_a_threat_to_act_in_a_country_is_aimed_at_it(coder):
    events = _events(coder, "Al-Shabaab threatened on Friday to carry out new operations in Kenya.")
    assert [(t, c[:2]) for s, t, c in events] == [("KEN", "13")], events


def test_a_demand_a_protest_is_staged_for_is_part_of_the_protest(coder):
    events = _events(coder, "Thousands of Kenyan teachers staged rallies in Nairobi demanding higher pay.")
    assert [c[:2] for s, t, c in events] == ["14"], events


def test_returning_somewhere_is_a_journey_not_a_release(coder):
    events = _events(coder, "Iranian and American negotiators returned to Oman for a second round of talks.")
    assert not [c for s, t, c in events if c.startswith("08")], events


def test_a_riot_abroad_is_aimed_at_the_country_where_it_happens(coder):
    events = _events(coder, "Afghan migrants rioted at a detention centre in Iran on Monday.")
    assert [(t[:3], c[:2]) for s, t, c in events] == [("IRN", "14")], events


def test_being_opposed_to_a_mediation_rejects_the_mediator(coder):
    events = _events(coder, "Ethiopia is opposed to Egyptian mediation in the dam dispute, officials said.")
    assert [(s, t, c[:2]) for s, t, c in events] == [("ETH", "EGY", "12")], events


def test_telling_someone_to_act_is_a_demand(coder):
    events = _events(coder, "Mali's junta told the French ambassador to leave the country within 72 hours.")
    assert [(s[:3], t[:3], c[:2]) for s, t, c in events] == [("MLI", "FRA", "10")], events


def test_declaring_a_ceasefire_is_the_ceasefire_not_a_statement(coder):
    events = _events(coder, "The Houthis declared a unilateral ceasefire in Yemen on Monday.")
    assert [c for s, t, c in events] == ["0871"], events


def test_lifting_a_curfew_in_another_country_is_aimed_there(coder):
    events = _events(coder, "Israel lifted the curfew in the West Bank city of Hebron on Friday.")
    assert [(s, t, c) for s, t, c in events] == [("ISR", "PSE", "0813")], events


def test_resigning_and_fleeing_abroad_is_a_yield_at_home(coder):
    events = _events(coder, "Sri Lanka's president resigned and fled to Singapore on Thursday.")
    assert [(t[:3], c[:2]) for s, t, c in events if c.startswith("08")] == [("LKA", "08")], events


def test_a_promised_curfew_is_a_threat_at_home(coder):
    events = _events(coder, "Guinea's president said he will extend the curfew in Conakry after the riots.")
    assert [(s[:3], t[:3], c[:2]) for s, t, c in events if c.startswith("13")] == [("GIN", "GIN", "13")], events


def test_a_riots_participle_is_part_of_the_riot(coder):
    events = _events(coder, "Inmates rioted at a prison in Ecuador on Monday, setting fire to mattresses.")
    assert [c[:2] for s, t, c in events] == ["14"], events


def test_what_reports_allege_is_not_an_event_of_its_own(coder):
    events = _events(coder, "Kenya's police watchdog said it was investigating reports that officers had shot protesters in Nairobi.")
    assert [c[:2] for s, t, c in events] == ["09"], events


def test_a_subject_inside_a_that_clause_makes_it_active(coder):
    events = _events(coder, "Kenya's police watchdog said it was investigating reports that officers had shot protesters in Nairobi.")
    assert [t for s, t, c in events] == ["KENCOP"], events


def test_what_an_agency_reported_still_happened(coder):
    events = _events(coder, "Ghana and Togo signed a border security agreement, the state news agency reported.")
    assert [c[:2] for s, t, c in events] == ["05"], events


def test_would_tighten_a_blockade_of_a_country_threatens_it(coder):
    events = _events(coder, "Saudi Arabia said it would tighten the blockade of Qatar with Egypt's support.")
    assert [(s, t, c[:2]) for s, t, c in events] == [("SAU", "QAT", "13")], events


def test_refusing_to_commit_to_assistance_refuses_the_assistance(coder):
    events = _events(coder, "Pakistan has refused to commit to any military assistance to the Saudi-led coalition in Yemen.")
    assert [(s, t[:3], c[:2]) for s, t, c in events] == [("PAK", "SAU", "12")], events


def test_announcing_an_aid_cut_for_later_threatens_it(coder):
    events = _events(coder, "Germany said it would suspend development aid to Niger after the coup.")
    assert ("DEU", "NER", "1311") in events, events


def test_a_suspension_of_links_with_a_country_reduces_relations(coder):
    events = _events(coder, "Poland announced a suspension of rail links with Belarus on Monday.")
    assert ("POL", "BLR", "161") in events, events


def test_what_a_meeting_is_aimed_at_is_not_yet_done(coder):
    events = [e.cameo for e in coder("Chinese President Xi Jinping hosted Brazilian President Lula in Beijing for talks "
                                     "aimed at expanding trade between the two countries.").events]
    assert events and all(c.startswith("04") for c in events), events


def test_a_demand_someone_yields_to_is_not_a_new_demand(coder):
    events = [(e.source_code, e.cameo[:2]) for e in
              coder("The Nepali government gave in to demands from the Maoist rebels on Sunday.").events]
    assert not any(c == "10" for s, c in events), events


def test_what_a_relative_clause_says_had_happened_is_background(coder):
    events = [e.cameo[:2] for e in coder("Colombian rebels freed two police officers whom they had kidnapped in May.").events]
    assert "18" not in events, events


def test_troops_arriving_somewhere_are_deployed_not_visiting(coder):
    events = _events(coder, "The first Kenyan peacekeeping troops arrived in Haiti on Tuesday.")
    assert ("KENMIL", "HTI", "074") in events, events


def test_what_a_country_must_be_ready_to_do_is_only_demanded(coder):
    events = _events(coder, "Egypt's foreign minister said the United States must be ready to mediate between Ethiopia and Sudan.")
    assert events == [("EGYGOV", "USA", "100")], events


def test_opposing_a_deployment_opposes_the_forces_deployed(coder):
    events = [(e.target_code, e.cameo[:2]) for e in
              coder("Haitian opposition leaders said they opposed the deployment of Kenyan police officers.").events]
    assert ("KENCOP", "12") in events, events


def test_what_an_act_responds_to_is_not_news_of_its_own(coder):
    events = [(e.source_code, e.cameo[:2]) for e in
              coder("Cuba said on Monday it was mobilising its reserves in response to a U.S. naval deployment near the island.").events]
    assert not any(s == "USA" for s, c in events), events
