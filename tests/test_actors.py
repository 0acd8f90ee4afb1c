"""Actors through code_text: titles, appositives, coreference, metonymy, demonyms, group nouns, IGOs, the KB."""
import pytest


def who(actor):
    return actor.type, actor.code, actor.role


# --- titles and appositives ------------------------------------------------------------------

def test_title_before_a_name(coder):
    doc = coder("Kenyan Foreign Minister Amina Wekesa arrived in Geneva on Monday.")
    assert who(doc.actor("Amina Wekesa")) == ("person", "KENGOV", "Foreign Minister")


THINK_TANK = ("Peter Mwangi, the director of Uhuru Policy Institute, a Nairobi-based think tank, "
              "said the plan was flawed.")


def test_appositive_gives_country_and_sector(coder):
    person = coder(THINK_TANK).actor("Peter Mwangi")
    assert (person.type, person.country, person.sector) == ("person", "KEN", "EDU")


def test_appositive_organisation_is_coded_from_its_based_phrase(coder):
    assert coder(THINK_TANK).actor("Uhuru Policy Institute").code == "KENEDU"


@pytest.mark.xfail(reason="role is 'think tank' (the longer sector word in the appositive), not "
                          "'director of Uhuru Policy Institute'", strict=False)
def test_appositive_role_is_the_persons_title(coder):
    assert coder(THINK_TANK).actor("Peter Mwangi").role == "director of Uhuru Policy Institute"


@pytest.mark.xfail(reason="'Savanna Research Centre, a Nairobi-based think tank' is coded USAEDU: 'Savanna' is a "
                          "GeoNames alternate name of Savannah (USA) and wins over 'Nairobi-based' (likewise "
                          "'Amani ...' -> JOR via Amman)", strict=False)
def test_a_word_in_an_org_name_that_is_also_a_city_elsewhere_does_not_set_its_country(coder):
    doc = coder("Peter Mwangi, the director of the Savanna Research Centre, a Nairobi-based think tank, "
                "said the plan was flawed.")
    assert doc.actor("Savanna Research Centre").code == "KENEDU"


# --- counterparts and coreference ------------------------------------------------------------------

def test_his_counterpart_holds_the_same_office(coder):
    doc = coder("Kazakh Foreign Minister Yerlan Abdrakhmanov met his Ukrainian counterpart Taras Melnyk "
                "in Geneva on Monday.")
    assert who(doc.actor("Taras Melnyk")) == ("person", "UKRGOV", "Foreign Minister")


def test_surname_is_the_same_actor(coder):
    doc = coder("Kenyan Foreign Minister Amina Wekesa met her Ugandan counterpart Paul Okello in Geneva on "
                "Monday. Speaking after the talks, Wekesa said trade between the two countries would grow.")
    assert doc.mentions(doc.actor("Amina Wekesa")) == ["Amina Wekesa", "Wekesa"]
    assert doc.quotes[0].speaker == doc.actor("Amina Wekesa").id


def test_untagged_surname_is_the_same_actor(coder):
    doc = coder("Kenyan Foreign Minister Peter Kamau arrived in Geneva on Monday. Kamau told reporters that the "
                "talks would focus on trade.")
    kamau = doc.actor("Peter Kamau")
    assert doc.quotes[0].speaker == kamau.id
    assert "Kamau" in doc.mentions(kamau)


PRESIDENTS = "Kazakh President Serik Amanov met Kyrgyz President Almaz Toktogulov on Tuesday. "


def test_the_kazakh_president_is_the_named_kazakh_president(coder):
    doc = coder(PRESIDENTS + "Later, the Kazakh president said the talks were constructive.")
    assert doc.quotes[0].speaker == doc.actor("Serik Amanov").id


@pytest.mark.xfail(reason="'the Kazakh president' resolves to Serik Amanov as speaker but is not added to his "
                          "mentions (they stay ['Serik Amanov'])", strict=False)
def test_the_kazakh_president_is_a_mention(coder):
    doc = coder(PRESIDENTS + "Later, the Kazakh president said the talks were constructive.")
    assert "the Kazakh president" in doc.mentions(doc.actor("Serik Amanov"))


def test_he_is_the_subject_of_the_sentence_before(coder):
    doc = coder(PRESIDENTS + "He said the talks were constructive.")
    assert doc.quotes[0].speaker == doc.actor("Serik Amanov").id


def test_a_place_ending_the_sentence_before_is_not_a_surnames_country(coder):
    doc = coder("President Volodymyr Zelensky flew to Paris. Zelensky said Ukraine needed more air defence.")
    assert doc.actor("Volodymyr Zelensky").code == "UKRGOV"


def test_a_title_word_inside_a_name_is_part_of_the_name(coder):
    doc = coder("Kenyan President William Ruto met Ethiopian Prime Minister Abiy Ahmed on March 4. Three days later, "
                "Ruto met Somali President Hassan Sheikh Mohamud.")
    assert who(doc.actor("Hassan Sheikh Mohamud")) == ("person", "SOMGOV", "President")


def test_person_tagged_as_organisation_by_the_ner_is_still_a_person(coder):
    # the model tags "Timur Rasulov" ORG here
    doc = coder("Kazakh Foreign Minister Yerlan Abdrakhmanov met his Uzbek counterpart Timur Rasulov on Monday.")
    assert who(doc.actor("Timur Rasulov")) == ("person", "UZBGOV", "Foreign Minister")


@pytest.mark.xfail(reason="the surname of a person the NER tagged ORG becomes a separate actor: 'Rasulov said' -> "
                          "organization 'Rasulov' coded UZB, not Timur Rasulov", strict=False)
def test_surname_of_a_person_tagged_as_organisation(coder):
    doc = coder("Kazakh Foreign Minister Yerlan Abdrakhmanov met his Uzbek counterpart Timur Rasulov in Tashkent. "
                "Rasulov said trade would double.")
    assert "Rasulov" in doc.mentions(doc.actor("Timur Rasulov"))


# --- metonymy, demonyms and groups ---------------------------------------------------------------

@pytest.mark.parametrize("text, words", [
    ("Moscow said the talks had achieved nothing.", "Moscow"),
    ("The Kremlin said it would not attend the summit.", "Kremlin"),
])
def test_capital_and_seat_stand_for_the_government(coder, text, words):
    doc = coder(text)
    assert doc.actor(words).code == "RUSGOV"
    assert doc.quotes[0].speaker == doc.actor(words).id


def test_demonyms_as_groups(coder):
    doc = coder("Ukrainians queued for hours to vote. Russian troops shelled the city overnight.")
    assert (doc.actor("Ukrainians").type, doc.actor("Ukrainians").code) == ("group", "UKRCVL")
    assert doc.actor("Russian troops").code == "RUSMIL"


def test_group_nouns(coder):
    doc = coder("Kenyan police fired tear gas at protesters in Mombasa on Friday.")
    assert (doc.actor("Kenyan police").type, doc.actor("Kenyan police").code) == ("group", "KENCOP")
    assert doc.actor("protesters").code == "KENCVL"


def test_protesters_take_the_storys_country(coder):
    doc = coder("Protesters blocked roads in Mombasa after Kenya raised fuel taxes.")
    assert doc.actor("Protesters").code == "KENCVL"


# --- IGOs and the knowledge base -------------------------------------------------------------------

def test_un_secretary_general(coder):
    guterres = coder("U.N. Secretary-General Antonio Guterres called for an immediate ceasefire.").actor("Antonio Guterres")
    assert (guterres.type, guterres.country, guterres.sector) == ("person", "IGO", "IGO")


def test_un_official_not_in_the_knowledge_base(coder):
    envoy = coder("U.N. special envoy Marta Lindqvist said both sides had agreed to a truce.").actor("Marta Lindqvist")
    assert (envoy.country, envoy.sector) == ("IGO", "IGO")


def test_igo_keeps_its_own_code(coder):
    assert coder("The U.N. said the ceasefire was holding.").actor("U.N.").code == "IGOUNO"


def test_office_holder_by_surname_and_date_zelensky(coder):
    doc = coder("Zelensky said Ukraine would hold talks with Russia.", published="2019-08-01")
    assert who(doc.actor("Zelensky")) == ("person", "UKRGOV", "President")


@pytest.mark.parametrize("published, role", [("2023-05-01", "President"), ("2012-05-01", "Vice President")])
def test_office_holder_by_surname_and_date_biden(coder, published, role):
    doc = coder("Biden said the United States would support Ukraine.", published=published)
    assert who(doc.actor("Biden")) == ("person", "USAGOV", role)


@pytest.mark.xfail(reason="'at State House' yields an organization actor 'House' coded 'GOV' with country None",
                   strict=False)
def test_no_countryless_actor_from_a_building_name(coder):
    doc = coder("Kenyan President William Ruto hosted Ethiopian Prime Minister Abiy Ahmed at State House on "
                "Wednesday.")
    assert all(a.country for a in doc.actors)


def test_a_surname_every_office_holder_of_which_served_one_country(coder):
    doc = coder("President Bush warned Iraq against further provocations.", published=None)
    actor = doc.actor("Bush")
    assert actor is not None and (actor.country, actor.sector) == ("USA", "GOV"), actor


def test_a_country_before_a_group_is_not_its_country_unless_it_modifies_it(coder):
    doc = coder("Qatar mediated between Israel and Hamas in Doha.")
    actor = doc.actor("Hamas")
    assert actor is not None and actor.country == "PSE", actor


def test_ethnic_groups_belong_to_the_country_where_they_live(coder):
    doc = coder("Hundreds of ethnic Hungarians rallied in Romania on Saturday.")
    rallies = [e for e in doc.events if e.cameo.startswith("14")]
    assert rallies and rallies[0].source_code.startswith("ROU"), [(e.source_code, e.cameo) for e in doc.events]


def test_an_unknown_titled_person_takes_the_country_of_the_place_named(coder):
    doc = coder("Governor Tamuno Briggs imposed a curfew in Port Harcourt on Monday.", published=None)
    actor = doc.actor("Tamuno Briggs")
    assert actor is not None and actor.country == "NGA", actor


def test_a_company_named_with_a_demonym_belongs_to_that_country(coder):
    doc = coder("Brazilian Steel Group signed a supply contract with a Chilean mine.")
    actor = next((a for a in doc.actors if "Steel Group" in a.name), None)
    assert actor is not None and actor.country == "BRA", [(a.name, a.country) for a in doc.actors]


def test_their_refers_to_the_subject_of_its_own_clause_first(coder):
    doc = coder("Houthi rebels tightened their blockade of Taiz this week, aid workers said.")
    blockade = [e for e in doc.events if e.cameo.startswith("19")]
    assert blockade and blockade[0].source_code.endswith("REB"), [(e.source_code, e.cameo) for e in doc.events]


def test_a_people_named_with_another_country_lives_there(coder):
    doc = coder("Bosnian Croats demanded their own television channel.")
    actor = doc.actor("Croats")
    assert actor is not None and actor.country == "BIH", actor


def test_an_anti_or_pro_country_word_is_a_stance_not_a_nationality(coder):
    doc = coder("A pro-Russian militia attacked an anti-Kremlin blogger in Donetsk.")
    assert all(a.country != "RUS" for a in doc.actors if a.type == "group"), [(a.name, a.country) for a in doc.actors]


def test_a_party_name_before_minister_is_a_portfolio(coder):
    doc = coder("Australian Labour Minister Tony Burke signed the new wage law.")
    assert all(a.country != "GBR" for a in doc.actors), [(a.name, a.country) for a in doc.actors]


def test_a_person_with_no_country_takes_the_one_the_named_organisations_share(coder):
    doc = coder("President Felix Mbuyi has conceded to demands from the UDPS.", published=None)
    actor = doc.actor("Felix Mbuyi")
    assert actor is not None and actor.country == "COD", [(a.name, a.country) for a in doc.actors]
