"""The knowledge base: tables in communique/data (and $COMMUNIQUE_DATA) looked up by phrase."""
from datetime import date

import pytest

from communique import datafiles, knowledge as knowledge_module
from communique.knowledge import join_code, knowledge, split_code


def first(phrase, kinds=None, on=None):
    found = knowledge().lookup(phrase, kinds, on=on)
    assert found, f"nothing known for {phrase!r}"
    return found[0]


@pytest.mark.parametrize("phrase, kind, code", [
    ("Kazakhstan", "country", "KAZ"),
    ("the Russian Federation", "country", "RUS"),
    ("Kazakh", "demonym", "KAZ"),
    ("Kenyans", "demonym", "KEN"),
    ("Astana", "capital", "KAZGOV"),
    ("Nairobi", "capital", "KENGOV"),
    ("Kremlin", "seat", "RUSGOV"),
    ("the Kremlin", "seat", "RUSGOV"),
    ("U.N.", "igo", "IGOUNO"),
    ("United Nations", "igo", "IGOUNO"),
    ("NATO", "igo", "IGONATO"),
    ("Daily Nation", "org", "KENMED"),
])
def test_phrases_resolve_to_codes(phrase, kind, code):
    entry = first(phrase)
    assert (entry.kind, entry.code) == (kind, code)


def test_country_of_a_demonym_or_capital():
    kb = knowledge()
    assert kb.country_of("Kazakh") == "KAZ"
    assert kb.country_of("Astana") == "KAZ"
    assert kb.country_of("Switzerland") == "CHE"
    assert kb.country_of("Knowledge") is None


def test_capital_entry_is_the_government_of_its_country():
    entry = first("Astana")
    assert (entry.country, entry.sector) == ("KAZ", "GOV")


@pytest.mark.parametrize("surname, on, code, role", [
    ("Zelensky", date(2019, 8, 1), "UKRGOV", "President"),
    ("Biden", date(2023, 5, 1), "USAGOV", "President"),
    ("Biden", date(2012, 5, 1), "USAGOV", "Vice President"),
])
def test_office_holders_by_date(surname, on, code, role):
    entry = first(surname, ("person",), on=on)
    assert (entry.kind, entry.code, entry.role) == ("person", code, role)


def test_out_of_office_date_keeps_the_nearest_term():
    entry = first("Biden", ("person",), on=date(2018, 6, 1))  # between his two terms
    assert entry.name == "Joe Biden"


def test_surnames_index_people():
    assert any(e.code == "UKRGOV" for e in knowledge().surnames["Zelensky"])


def test_sector_vocabulary():
    kb = knowledge()
    assert (kb.sector_word("police").sector, kb.sector_word("police").kind) == ("COP", "noun")
    assert kb.sector_word("protesters").sector == "CVL"
    minister = kb.sector_word("Foreign Minister")
    assert (minister.sector, minister.kind, minister.role) == ("GOV", "title", "Foreign Minister")
    assert kb.org_word("University").sector == "EDU"
    assert kb.sector_word("teapot") is None


@pytest.mark.parametrize("code, parts", [
    ("KAZGOV", ("KAZ", "GOV")),
    ("UZB", ("UZB", None)),
    ("IGOUNO", ("IGO", "IGO")),
    ("NGO", ("NGO", "NGO")),
    ("CAS", ("CAS", None)),
    ("IMGREB", ("IMG", "REB")),
    (None, (None, None)),
])
def test_split_code(code, parts):
    assert split_code(code) == parts


@pytest.mark.parametrize("parts, code", [
    (("KAZ", "GOV"), "KAZGOV"),
    (("UZB", None), "UZB"),
    (("IGO", "IGO"), "IGO"),
    (("NGO", "NGO"), "NGO"),
    ((None, None), None),
])
def test_join_code(parts, code):
    assert join_code(*parts) == code


# --- user tables --------------------------------------------------------------------------------

@pytest.fixture
def user_data(tmp_path, monkeypatch):
    """A $COMMUNIQUE_DATA folder; the caches are cleared before and after so no test sees another's KB."""
    monkeypatch.setenv("COMMUNIQUE_DATA", str(tmp_path))
    knowledge_module.knowledge.cache_clear()
    datafiles.read_table.cache_clear()
    yield tmp_path
    monkeypatch.delenv("COMMUNIQUE_DATA")
    knowledge_module.knowledge.cache_clear()
    datafiles.read_table.cache_clear()


def test_user_office_holder_is_added(user_data):
    (user_data / "officeholders.tsv").write_text(
        "name\taliases\tcountry\tsector\trole\tstart\tend\n"
        "Amina Wekesa\tWekesa\tKEN\tGOV\tForeign Minister\t2024-01-01\t\n", encoding="utf-8")
    entry = first("Wekesa", ("person",), on=date(2024, 3, 15))
    assert (entry.name, entry.code, entry.role) == ("Amina Wekesa", "KENGOV", "Foreign Minister")
    assert first("Zelensky").code == "UKRGOV"  # the bundled rows are still there


def test_user_office_holder_reaches_the_actor_resolver(user_data):
    from communique.actors import ActorResolver
    from communique.knowledge import KnowledgeBase
    from communique.nlp import load_pipeline

    (user_data / "officeholders.tsv").write_text(
        "name\taliases\tcountry\tsector\trole\tstart\tend\n"
        "Amina Wekesa\tWekesa\tKEN\tGOV\tForeign Minister\t2024-01-01\t\n", encoding="utf-8")
    nlp = load_pipeline()
    actors, _ = ActorResolver(nlp, KnowledgeBase())(nlp("Wekesa said the border would reopen."),
                                                    date(2024, 3, 15)).to_actors()
    assert (actors[0].name, actors[0].code, actors[0].role) == ("Wekesa", "KENGOV", "Foreign Minister")


def test_user_seat_and_organisation_are_added(user_data):
    (user_data / "seats.tsv").write_text("phrase\tcode\tnote\nHarambee House\tKENGOV\tKenyan presidency\n",
                                         encoding="utf-8")
    (user_data / "organizations.tsv").write_text("name\taliases\tcode\ttype\n"
                                                 "Uhuru Policy Institute\tUhuru Institute\tKENEDU\tthink tank\n",
                                                 encoding="utf-8")
    assert first("Harambee House").code == "KENGOV"
    assert first("Uhuru Institute").code == "KENEDU"


def test_user_tables_are_gone_after_the_test():
    assert knowledge().lookup("Harambee House") == []
