"""The event lexicon (data/verbs.tsv, data/nouns.tsv, data/themes.tsv): the loader, the pattern
syntax, and one short news sentence per 3-digit CAMEO code run through the whole pipeline.

The sentences are written for these tests (wire-news phrasing, clear actors, an explicit target).
A case marked xfail names the coder behaviour that stops it; the lexicon has the pattern.
"""
from __future__ import annotations

from collections import Counter

import pytest

from communique import codebook
from communique.datafiles import read_table
from communique.lexicon import FAMILIES, PARTICLES, PREPOSITIONS, TARGETS, lexicon, parse_pattern
from communique.pipeline import code_text

PUBLISHED = "2025-01-15"


def _patterns():
    lex = lexicon()
    return [p for table in (lex.verbs, lex.nouns) for patterns in table.values() for p in patterns]


def _codes(text: str) -> list[str]:
    coded = code_text(text, published=PUBLISHED)
    assert coded.error is None, coded.error
    return [e.cameo for e in coded.events]


# --- the loader -------------------------------------------------------------------------------------

def test_lexicon_loads():
    lex = lexicon()
    assert len(lex.verbs) > 300 and len(lex.nouns) > 150
    assert "general" in lex.themes


def test_every_pattern_code_is_a_cameo_code():
    for p in _patterns():
        assert codebook.is_code(p.code), (p.text, p.code)


def test_every_theme_is_known_and_mirrors_to_cameo_codes():
    lex = lexicon()
    for p in _patterns():
        assert p.theme is None or p.theme in lex.themes, (p.text, p.theme)
    for theme, row in lex.themes.items():
        assert set(row) == set(FAMILIES)
        for family, code in row.items():
            assert codebook.is_code(code), (theme, family, code)


def test_every_target_mode_is_known():
    assert {p.target for p in _patterns()} <= TARGETS


@pytest.mark.parametrize("name", ["verbs.tsv", "nouns.tsv"])
def test_one_pattern_text_once_per_file(name):
    counts = Counter(row["pattern"] for row in read_table(name))
    assert [text for text, n in counts.items() if n > 1] == []


@pytest.mark.parametrize("name", ["verbs.tsv", "nouns.tsv"])
def test_rows_are_well_formed(name):
    for row in read_table(name):
        assert row["pattern"] and row["pattern"] == row["pattern"].strip()
        assert row["pattern"].count("[") == row["pattern"].count("]"), row["pattern"]
        assert "[]" not in row["pattern"] and "||" not in row["pattern"] and "|]" not in row["pattern"]


def test_phrasal_verbs_use_known_particles_and_prepositions():
    for p in lexicon().verbs.values():
        for pattern in p:
            assert pattern.particle is None or pattern.particle in PARTICLES
            assert pattern.prep is None or pattern.prep in PREPOSITIONS


def test_frame_verbs_take_their_family_from_the_code():
    lex = lexicon()
    assert lex.verbs["urge"][0].family == "appeal"
    assert next(p for p in lex.verbs["demand"] if p.text == "demand").family == "demand"
    assert next(p for p in lex.verbs["threaten"] if p.text == "threaten").family == "threaten"
    assert next(p for p in lex.verbs["condemn"]).family is None  # no theme: not a frame


def test_themes_mirror_an_act_across_the_five_families():
    lex = lexicon()
    assert [lex.themed_code("release", f) for f in FAMILIES] == ["0253", "0353", "1053", "1243", "130"]
    assert [lex.themed_code("ceasefire", f) for f in FAMILIES] == ["0256", "0356", "107", "1246", "138"]
    assert lex.themed_code("attack", "intent") == "1384"  # an intended attack is a threat
    assert lex.themed_code(None, "appeal") == lex.themed_code("unknown-theme", "appeal") == "020"


# --- pattern syntax ---------------------------------------------------------------------------------

def test_parse_particle_and_preposition():
    p = parse_pattern("crack down on", "verb", "173", "repression", "prep")
    assert (p.lemma, p.particle, p.prep, p.objects, p.pobjects) == ("crack", "down", "on", frozenset(), frozenset())
    assert p.specificity == 2


def test_parse_object_idiom_with_preposition():
    p = parse_pattern("claim [responsibility] for", "verb", "015", None, "prep")
    assert (p.lemma, p.particle, p.prep, p.objects) == ("claim", None, "for", frozenset({"responsibility"}))
    assert p.specificity == 3


def test_parse_preposition_object_constraint():
    p = parse_pattern("take to [street|streets]", "verb", "141", "protest", "none")
    assert (p.prep, p.objects, p.pobjects) == ("to", frozenset(), frozenset({"street", "streets"}))
    q = parse_pattern("put on [alert]", "verb", "152", "military_force", "none")
    assert (q.lemma, q.particle, q.prep, q.pobjects) == ("put", None, "on", frozenset({"alert"}))


def test_parse_particle_then_object_then_preposition():
    p = parse_pattern("pull out of [talks|negotiations]", "verb", "164", "halt_talks", "prep")
    assert (p.particle, p.prep, p.pobjects) == ("out", "of", frozenset({"talks", "negotiations"}))
    q = parse_pattern("call off [strike|protest]", "verb", "082", "ease_dissent", "auto")
    assert (q.particle, q.objects, q.prep) == ("off", frozenset({"strike", "protest"}), None)


def test_parse_noun_with_modifiers_and_preposition():
    p = parse_pattern("[air|drone|missile] strike", "noun", "195", "attack", "prep")
    assert (p.lemma, p.pos, p.objects, p.prep) == ("strike", "noun", frozenset({"air", "drone", "missile"}), None)
    q = parse_pattern("request for", "noun", "020", "general", "prep")
    assert (q.lemma, q.prep) == ("request", "for")


def test_parse_rejects_a_word_that_is_neither_particle_nor_preposition():
    with pytest.raises(ValueError):
        parse_pattern("crack hard on", "verb", "173", None, "prep")


def test_more_specific_patterns_are_tried_first():
    texts = [p.text for p in lexicon().verbs["pull"]]
    assert texts.index("pull out of [talks|negotiations]") < texts.index("pull out of") < texts.index("pull out")


def test_every_three_digit_code_is_reachable_from_the_lexicon():
    """Directly, through the theme mirror (02/03/10/12/13), or (044) by the meeting-place rule."""
    lex = lexicon()
    patterns = _patterns()
    codes = {p.code for p in patterns}
    codes |= {lex.themes[p.theme][f] for p in patterns if p.theme for f in FAMILIES}
    reachable = {c[:3] for c in codes} | {"044"}
    assert [c for c in codebook.all_codes() if len(c) == 3 and c not in reachable] == []


# --- one sentence per 3-digit CAMEO code through the pipeline ----------------------------------------
# Every 3-digit code of the 20 roots has a case; none is skipped.

CASES = [
    # 01 make public statement
    ("010", "Russian Foreign Minister Sergei Lavrov told Turkish officials that Moscow was ready for a deal."),
    ("011", "The White House declined to comment on the report about Iran."),
    ("012", "The European Union expressed alarm at Israel's military operation in Gaza."),
    ("013", "Chinese President Xi Jinping expressed optimism about relations with the United States."),
    ("014", "The European Union is considering new measures against Russia."),
    ("015", "The Islamic State group claimed responsibility for the attack on Iraqi soldiers."),
    ("016", "Iran denied responsibility for the attack on the Israeli ship."),
    ("017", "French President Emmanuel Macron laid a wreath at the memorial in Algiers."),
    ("018", "Indian Prime Minister Narendra Modi offered condolences to Nepal after the earthquake."),
    ("019", "Slovak Prime Minister Robert Fico agreed with Hungary on the war in Ukraine."),
    # 02 appeal
    ("020", "Pope Francis appealed to Israel and Hamas to show humanity."),
    ("021", "Ukraine called on Germany to expand cooperation."),
    ("022", "Palestinian President Mahmoud Abbas urged France to recognise a Palestinian state."),
    ("023", "Somalia appealed to the United Nations for humanitarian aid."),
    ("024", "The United States urged Tunisia to restore democratic institutions."),
    ("025", "Human rights groups urged Egypt to release jailed journalists."),
    ("026", "Egypt urged Israel and Hamas to resume negotiations."),
    ("027", "The African Union urged Ethiopia and Eritrea to settle their border dispute."),
    ("028", "The opposition urged the government to accept mediation by the Catholic Church."),
    # 03 express intent to cooperate
    ("030", "India accepted Russia's offer of discounted oil."),
    ("031", "India said it would boost trade with Russia."),
    ("032", "Spain said it would recognise a Palestinian state."),
    ("033", "Germany offered humanitarian aid to Sudan."),
    ("034", "Sudan's army chief promised to hand over power to civilians."),
    ("035", "Israel said it would release Palestinian prisoners."),
    ("036", "Iran said it was ready to resume talks with the United States."),
    ("037", "Armenia and Azerbaijan pledged to settle their border dispute."),
    ("038", "Venezuela said it would accept Brazil's mediation."),
    ("039", "Qatar offered to mediate between Israel and Hamas."),
    # 04 consult
    ("040", "Chinese Foreign Minister Wang Yi met with Indian Foreign Minister Subrahmanyam Jaishankar."),
    ("041", "Russian President Vladimir Putin spoke by phone with Turkish President Recep Tayyip Erdogan."),
    ("042", "Indian Prime Minister Narendra Modi visited Kenya."),
    ("043", "Egypt hosted talks between Israel and Hamas."),
    ("044", "Armenian Prime Minister Nikol Pashinyan met Azerbaijani President Ilham Aliyev in Geneva."),
    ("045", "Qatar mediated between Russia and Ukraine."),
    ("046", "Russia negotiated with Ukraine over a prisoner exchange."),
    # 05 engage in diplomatic cooperation
    ("050", "Saudi Arabia and Iran restored diplomatic relations."),
    ("051", "The United States praised Kenya for leading the mission in Haiti."),
    ("052", "China defended Russia at the United Nations."),
    ("053", "France rallied support for Ukraine among European allies."),
    ("054", "Spain formally recognised the State of Palestine."),
    ("055", "The Dutch government apologised to Indonesia for colonial violence."),
    ("056", "The Polish president pardoned the Ukrainian truck drivers."),
    ("057", "Rwanda and Congo signed a peace agreement in Washington."),
    # 06 engage in material cooperation
    ("060", "Egypt cooperated with Sudan on water security."),
    ("061", "China invested billions of dollars in Pakistan."),
    ("062", "The United States and the Philippines held joint military exercises."),
    ("063", "Spain extradited the suspect to the United States."),
    ("064", "Britain shared intelligence with Ukraine."),
    # 07 provide aid
    ("070", "The World Bank provided assistance to Sri Lanka."),
    ("071", "The International Monetary Fund approved a loan for Egypt."),
    ("072", "The United States sent weapons to Ukraine."),
    ("073", "The United Arab Emirates sent humanitarian aid to Gaza."),
    ("074", "Kenya deployed peacekeepers to Haiti."),
    ("075", "Russia granted asylum to Syrian President Bashar al-Assad."),
    # 08 yield
    ("080", "The Serbian government yielded to protesters."),
    ("081", "China eased restrictions on Japanese seafood imports."),
    ("082", "Kenyan opposition leaders called off the protests against the government."),
    ("083", "Bangladeshi Prime Minister Sheikh Hasina resigned after weeks of protests."),
    ("084", "Russia returned the bodies of Ukrainian soldiers to Ukraine."),
    ("085", "The United States lifted sanctions on Syria."),
    ("086", "Iran allowed IAEA inspectors into the Fordow nuclear site."),
    ("087", "Armenia and Azerbaijan pulled back troops from the border."),
    # 09 investigate
    ("090", "Ukrainian prosecutors opened an investigation into the killing of civilians by Russian troops."),
    ("091", "Brazilian police investigated former President Jair Bolsonaro for corruption."),
    ("092", "The United Nations investigated human rights abuses by Myanmar's military."),
    ("093", "The United Nations investigated the Israeli strike on the aid convoy."),
    ("094", "The International Criminal Court investigated Russian war crimes in Ukraine."),
    # 10 demand
    ("100", "Hamas demanded that Israel stop the war."),
    ("101", "China demanded an explanation from the Philippines."),
    ("102", "Ukrainian President Volodymyr Zelensky demanded support from the European Union."),
    ("103", "Ukraine demanded more military aid from the United States."),
    ("104", "Protesters demanded political reforms from the Kenyan government."),
    ("105", "The Congolese opposition demanded mediation from the African Union."),
    ("106", "Congo demanded the withdrawal of Rwandan troops."),
    ("107", "Turkey demanded that Israel declare an immediate ceasefire in Gaza."),
    ("108", "Moldova demanded talks with Russia."),
    # 11 disapprove
    ("110", "Germany voiced opposition to Israel's settlement plans."),
    ("111", "France condemned Iran's missile attack on Israel."),
    ("112", "Congo accused Rwanda of backing the M23 rebels."),
    ("113", "Ukraine lobbied against Russia at the United Nations General Assembly."),
    ("114", "China lodged a protest with Japan over the visit."),
    ("115", "South Africa filed a case against Israel at the International Court of Justice."),
    ("116", "A Moscow court convicted the American journalist of espionage."),
    # 12 reject
    ("120", "Iran rejected the American proposal."),
    ("121", "India refused to cooperate with China."),
    ("122", "Hungary refused to give military aid to Ukraine."),
    ("123", "Tunisian President Kais Saied refused to hand over power to civilians."),
    ("124", "Israel refused to release Palestinian prisoners."),
    ("125", "Ukraine refused to negotiate with Russia."),
    ("126", "Ethiopia rejected Kenya's mediation."),
    ("127", "Hamas refused to sign the American peace plan."),
    ("128", "North Korea defied United Nations sanctions."),
    ("129", "The United States vetoed a Security Council resolution on Gaza."),
    # 13 threaten
    ("130", "North Korea threatened South Korea."),
    ("131", "China threatened to cut trade with Lithuania."),
    ("132", "The Pakistani government threatened to ban Imran Khan's party."),
    ("133", "Kenyan opposition leaders threatened to stage protests against the government."),
    ("134", "Iran threatened to halt talks with the United States."),
    ("135", "Qatar threatened to end its mediation between Israel and Hamas."),
    ("136", "Mali threatened to expel United Nations peacekeepers."),
    ("137", "The Ugandan government threatened to crack down on opposition supporters."),
    ("138", "Iran threatened to attack Israel."),
    ("139", "Russia gave Ukraine an ultimatum."),
    # 14 protest
    ("140", "Opposition supporters in Senegal began civil disobedience against the government."),
    ("141", "Thousands of Serbian students protested against the government in Belgrade."),
    ("142", "Palestinian prisoners began a hunger strike in Israeli jails."),
    ("143", "French workers went on strike over the pension reform."),
    ("144", "Polish farmers blocked the border crossing with Ukraine."),
    ("145", "Protesters in Kenya set fire to the parliament building."),
    # 15 exhibit force posture
    ("150", "China held military drills near Taiwan."),
    ("151", "Pakistan placed its police on high alert."),
    ("152", "Taiwan put its armed forces on alert."),
    ("153", "The Kenyan government deployed police officers to Nairobi."),
    ("154", "Russia mobilised reservists for the war in Ukraine."),
    # 16 reduce relations
    ("160", "Niger suspended military cooperation with France."),
    ("161", "Niger severed diplomatic ties with Ukraine."),
    ("162", "The United States suspended aid to Ethiopia."),
    ("163", "The European Union imposed sanctions on Russia."),
    ("164", "Ukraine suspended talks with Russia."),
    ("165", "Qatar suspended its mediation between Israel and Hamas."),
    ("166", "Mali expelled United Nations peacekeepers."),
    # 17 coerce
    ("170", "The Chinese coast guard coerced Filipino fishermen."),
    ("171", "Iranian forces seized a British oil tanker."),
    ("172", "Russia banned Western news outlets."),
    ("173", "Kenyan police arrested dozens of protesters in Nairobi."),
    ("174", "Pakistan deported thousands of Afghan refugees."),
    ("175", "Kenyan police fired tear gas at protesters in Nairobi."),
    # 18 assault
    ("180", "Al-Shabaab militants carried out a terrorist attack on Kenyan soldiers."),
    ("181", "Boko Haram militants kidnapped two Chinese engineers in Nigeria."),
    ("182", "Ugandan police beat opposition supporters in Kampala."),
    ("183", "Pakistani Taliban militants bombed a Pakistani army convoy."),
    ("184", "Hamas used Palestinian civilians as human shields."),
    ("185", "Ukraine's security service foiled a Russian assassination attempt on President Volodymyr Zelensky."),
    ("186", "Israel assassinated the Hamas leader in Tehran."),
    # 19 fight
    ("190", "Russian troops attacked Ukrainian positions."),
    ("191", "Israel imposed a blockade on Gaza."),
    ("192", "Russia occupied Ukrainian territory."),
    ("193", "Indian troops exchanged fire with Pakistani soldiers along the border."),
    ("194", "Russian forces shelled the Ukrainian city of Kharkiv."),
    ("195", "Israeli warplanes carried out air strikes on Hezbollah targets in Lebanon."),
    ("196", "Russia violated the ceasefire with Ukraine."),
    # 20 use unconventional mass violence
    ("200", "Sudanese paramilitaries carried out atrocities against civilians in Darfur."),
    ("201", "Myanmar's military expelled Rohingya civilians from Rakhine State."),
    ("202", "Paramilitaries massacred civilians in Darfur."),
    ("203", "Serbian forces carried out ethnic cleansing against Bosnian Muslims."),
    ("204", "The Syrian government used chemical weapons against civilians."),
]


def _case_id(case) -> str:
    values = case.values if hasattr(case, "values") else case
    return values[0]


@pytest.mark.parametrize("code, text", CASES, ids=[_case_id(c) for c in CASES])
def test_pattern_codes_its_cameo_code(code, text):
    codes = _codes(text)
    assert any(c.startswith(code) for c in codes), codes


def test_every_three_digit_code_has_a_case():
    covered = {_case_id(c) for c in CASES}
    assert [c for c in codebook.all_codes() if len(c) == 3 and c not in covered] == []


# --- wire-news phrasings (one per idiom; 4-digit codes where the lexicon should give them) -----------

PHRASINGS = [
    ("114", "China summoned the Japanese ambassador over the remarks."),
    ("163", "The United States slapped tariffs on Chinese steel."),
    ("163", "The United States hit Russia with new sanctions."),
    ("163", "Russia cut off gas supplies to Moldova."),
    ("161", "Russia expelled two Estonian diplomats."),
    ("161", "Israel recalled its ambassador from South Africa."),
    ("161", "Lithuania closed its embassy in Minsk."),
    ("164", "Hamas broke off talks with Israel."),
    ("1623", "The United States cut humanitarian aid to Afghanistan."),
    ("194", "Russian forces shelled Kharkiv."),
    ("195", "Russia launched missiles at the Ukrainian capital."),
    ("190", "Ukrainian air defences shot down a Russian drone."),
    ("192", "M23 rebels took control of Goma."),
    ("192", "Russian troops seized the town of Avdiivka."),
    ("173", "Iranian authorities detained a French tourist."),
    ("173", "A Russian court sentenced an American journalist to 16 years in prison."),
    ("063", "Spain extradited a Venezuelan general to the United States."),
    ("070", "Saudi Arabia donated $500 million to Yemen."),
    ("043", "Qatar hosted talks between the United States and the Taliban."),
    ("045", "Qatar brokered a ceasefire between Israel and Hamas."),
    ("057", "Britain and the European Union signed a defence pact."),
    ("057", "Israel and Hamas struck a deal on the release of hostages."),
    ("050", "Israel and Bahrain normalised relations."),
    ("129", "Russia vetoed a UN Security Council resolution on Ukraine."),
    ("125", "The opposition boycotted talks with the government."),
    ("1384", "North Korea threatened to attack South Korea."),
    ("154", "Russia mobilised 300,000 reservists."),
    ("1053", "Hamas demanded the release of Palestinian prisoners from Israel."),
    ("0256", "The United States urged India and Pakistan to exercise restraint."),
    ("0256", "The United Nations appealed to Kenya for calm."),
    ("055", "Germany apologised to Namibia for colonial-era atrocities."),
    ("051", "Trump praised Egypt for its role in the talks."),
    ("111", "France condemned the Israeli strike on Qatar."),
    ("111", "Zelensky hit out at Hungary over its veto."),
    ("112", "Rwanda accused Congo of backing Hutu rebels."),
    ("1125", "Russia accused the American journalist of spying."),
    ("016", "Iran denied involvement in the attack on the Israeli tanker."),
    ("128", "Venezuela defied American sanctions."),
    ("186", "Israel assassinated a senior Hezbollah commander in Beirut."),
    ("181", "Houthi rebels hijacked a British cargo ship."),
    ("0841", "Russia exchanged prisoners with Ukraine."),
    ("085", "The European Union eased sanctions on Syria."),
    ("0871", "Israel and Hezbollah agreed to a ceasefire."),
    ("0874", "Russian troops withdrew from Kherson."),
    ("1722", "Mali's junta dissolved all political parties."),
    ("1724", "South Korea's president declared martial law."),
    ("175", "Serbian police used tear gas against protesters in Belgrade."),
    ("191", "Russian forces besieged the Ukrainian city of Mariupol."),
    ("193", "Indian troops exchanged fire with Pakistani soldiers."),
    ("2041", "The Syrian army used chemical weapons against rebels."),
    ("125", "Ukraine rejected talks with Russia."),
    ("0333", "Germany pledged humanitarian aid to Sudan."),
    ("127", "Hamas rejected the peace deal with Israel."),
    ("126", "Ethiopia refused to accept Kenya's mediation."),
    ("019", 'Austria\'s chancellor said he "fully shares" Italy\'s position on migration.'),
    ("1622", "Germany has paused weapons shipments to Israel."),
    ("1722", "A Turkish court banned the mayor from politics for five years."),
    ("045", "Norway launched a mediation effort between Colombia and the ELN rebels."),
    ("0233", "Thousands of Sudanese sought refuge in Chad last month."),
    ("043", "The Spanish king gave a warm welcome to the Moroccan monarch."),
    ("064", "Dutch intelligence officials shared evidence with Germany about the plot."),
    ("139", "Nigeria gave the Benin junta two weeks to announce an election date."),
    ("081", "Kazakhstan's constitutional court cancelled restrictions on foreign media."),
    ("038", "Armenia agreed to Russian mediation in the border dispute."),
    ("075", "Uganda accepted 2,000 Congolese refugees last month."),
    ("122", "Hungary said it would not accept any more Syrian refugees."),
    ("0813", "Mali's junta shortened the nightly curfew in Bamako by two hours."),
    ("090", "The IAEA dispatched inspectors to a uranium plant in Iran."),
    ("090", "Kenya's supreme court opened a hearing into the disputed election."),
    ("143", "Thousands of Nigerian workers stopped work on Monday over fuel prices."),
]


@pytest.mark.parametrize("code, text", PHRASINGS, ids=[f"{_case_id(c)}-{i}" for i, c in enumerate(PHRASINGS)])
def test_wire_phrasing(code, text):
    codes = _codes(text)
    assert any(c.startswith(code) for c in codes), codes


# --- words that are also ordinary English must not make political events --------------------------------

@pytest.mark.parametrize("text, roots", [
    ("Argentina beat France in the World Cup final.", ("18",)),
    ("Donald Trump beat Kamala Harris in the election.", ("18",)),
    ("The typhoon hit the Philippines on Monday.", ("19",)),
    ("Oil prices hit a record high in London.", ("19",)),
    ("The Kremlin released a statement on Monday.", ("08",)),
    ("Chinese President Xi Jinping called the talks constructive.", ("04",)),
    ("India and Pakistan struck a deal on water sharing.", ("19",)),
    ("The Nigerian government approved the budget.", ("05",)),
])
def test_ordinary_senses_do_not_code_events(text, roots):
    codes = _codes(text)
    assert not [c for c in codes if c[:2] in roots], codes
