"""Ingest: text, HTML, JSONL, stdin and bad input become clean Documents or one-line failures."""
import io
import json
import sys
from datetime import date
from pathlib import Path

import pytest

from communique import ingest
from communique.ingest import Failure, IngestError, decode, document_from_html, is_boilerplate, read_path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_TXT = ROOT / "examples" / "eurasianet-kazakhstan-uzbekistan-ukraine.txt"
EXAMPLE_HTML = ROOT / "tests" / "fixtures" / "eurasianet-kazakhstan-uzbekistan-ukraine.html"

STORY = ("Kenyan police fired tear gas at protesters in Nairobi on Monday, witnesses said.\n"
         "The government said it would investigate the shootings and called for calm.\n")


def read_one(path, **kwargs):
    items = list(read_path(str(path), **kwargs))
    assert len(items) == 1
    return items[0]


def write(tmp_path, name, content, encoding="utf-8"):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding=encoding)
    return path


# --- plain text ------------------------------------------------------------------------------

def test_txt_headline_and_byline_are_split_off(tmp_path):
    path = write(tmp_path, "kenya.txt", "Jane Roe: Kenyan police fire tear gas at protesters\n" + STORY)
    doc = read_one(path, published="2025-07-08")
    assert doc.title == "Kenyan police fire tear gas at protesters"
    assert doc.author == "Jane Roe"
    assert doc.published == date(2025, 7, 8)
    assert doc.id == "kenya"
    assert doc.text.startswith("Kenyan police fired tear gas")
    assert "Jane Roe" not in doc.text


def test_txt_headline_led_by_a_place_is_not_a_byline(tmp_path):
    doc = read_one(write(tmp_path, "s.txt", "South Sudan: fighting resumes in Upper Nile\n" + STORY))
    assert doc.author is None
    assert doc.title == "South Sudan: fighting resumes in Upper Nile"


def test_paragraphs_are_kept_one_blank_line_apart(tmp_path):
    doc = read_one(write(tmp_path, "p.txt", "Headline\n\n\nFirst paragraph here.\r\nSecond  paragraph\there.\n"))
    assert doc.text == "First paragraph here.\n\nSecond paragraph here."


@pytest.mark.parametrize("line", [
    "Leave a comment", "Yorum gönder", "Yorum Gonder", "Kommentar schreiben", "Laisser un commentaire",
    "Deja un comentario", "Поделиться", "Comments (12)", "Name *", "Share on Facebook | Share on X | Email",
    "Your email address will not be published. Required fields are marked *", "© 2025 Daily News. All rights reserved.",
    "Related: Police chief resigns after protests", "Accept cookies",
])
def test_furniture_lines_are_boilerplate(line):
    assert is_boilerplate(line)


@pytest.mark.parametrize("line", [
    "Share prices fell sharply in Nairobi on Monday.", "Comment", "Kenya", "Name the price, he said.",
    "Related: the minister said the two cases were linked.",
])
def test_prose_is_not_boilerplate(line):
    assert is_boilerplate(line) is (line == "Comment")


def test_boilerplate_lines_in_several_languages_are_dropped(tmp_path):
    body = STORY + "Yorum gönder\nLeave a reply\nKommentare (3)\nPartager\nComentarios\nПоделиться\n"
    doc = read_one(write(tmp_path, "b.txt", "Headline\n" + body))
    assert doc.text == ("Kenyan police fired tear gas at protesters in Nairobi on Monday, witnesses said.\n\n"
                        "The government said it would investigate the shootings and called for calm.")


def test_user_boilerplate_file_is_added(tmp_path, monkeypatch):
    extra = tmp_path / "data"
    extra.mkdir()
    (extra / "boilerplate.txt").write_text("# mine\nlisten to the podcast\n", encoding="utf-8")
    monkeypatch.setenv("COMMUNIQUE_DATA", str(extra))
    ingest.boilerplate_phrases.cache_clear()
    try:
        assert is_boilerplate("Listen to the podcast")
    finally:
        monkeypatch.delenv("COMMUNIQUE_DATA")
        ingest.boilerplate_phrases.cache_clear()
    assert not is_boilerplate("Listen to the podcast")


# --- bad input -------------------------------------------------------------------------------

@pytest.mark.parametrize("content, reason", [
    (b"", "empty input"),
    (b"  \n\n", "empty input"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data"),
    ("Kenyan police café ’".encode("utf-8") + b"\xe2\x80 broken", "not valid UTF-8"),
    (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "a PDF document"),
])
def test_bad_files_give_one_line_reasons(tmp_path, content, reason):
    item = read_one(write(tmp_path, "bad.txt", content))
    assert isinstance(item, Failure)
    assert reason in item.reason and "\n" not in item.reason
    assert item.reason.startswith(str(tmp_path))


def test_missing_file_is_a_failure_not_an_exception(tmp_path):
    item = read_one(tmp_path / "nowhere.txt")
    assert isinstance(item, Failure) and item.reason.endswith("no such file")


def test_only_furniture_is_refused(tmp_path):
    item = read_one(write(tmp_path, "f.txt", "Headline\nLeave a comment\nShare\n"))
    assert isinstance(item, Failure) and "no text after cleaning" in item.reason


def test_decode_raises_ingest_error():
    with pytest.raises(IngestError, match="binary data"):
        decode(b"ab\x00cd", "x")


def test_utf16_with_bom_is_decoded(tmp_path):
    path = write(tmp_path, "u16.txt", "Headline: Kyiv talks\n" + STORY + "Київ\n", encoding="utf-16")
    doc = read_one(path)
    assert doc.title == "Headline: Kyiv talks"
    assert doc.text.startswith("Kenyan police") and doc.text.endswith("Київ")


def test_html_in_a_declared_legacy_charset_is_decoded(tmp_path):
    page = ('<html><head><meta charset="windows-1251"><title>Talks</title></head><body><article>'
            "<p>Kenyan police fired tear gas at protesters in Nairobi on Monday, witnesses said.</p>"
            "<p>Министр сказал.</p></article></body></html>")
    doc = read_one(write(tmp_path, "w.html", page.encode("windows-1251")))
    assert "Министр сказал." in doc.text


def test_non_english_text_is_detected(tmp_path):
    german = ("Schlagzeile\nDie Bundesregierung hat am Montag neue Sanktionen gegen Russland beschlossen, "
              "wie ein Sprecher in Berlin mitteilte. Der Kanzler sagte, das sei nicht genug für die Ukraine.\n")
    doc = read_one(write(tmp_path, "de.txt", german))
    assert doc.language == "de"
    assert read_one(write(tmp_path, "en.txt", "Headline\n" + STORY)).language == "en"


@pytest.mark.parametrize("text, language", [
    ("Arab League Secretary General Chadli Klibi undertook mediation mission between Syria and Palestinians", "en"),
    ("Zelensky thanks Tokayev", "en"),
    ("Cumhurbaşkanı Erdoğan, Ankara'da yaptığı açıklamada Rusya ile Ukrayna arasında arabuluculuk için hazır "
     "olduklarını söyledi ve bu konuda çok çalıştıklarını belirtti.", "tr"),
    ("Президент России заявил в понедельник, что Москва готова к переговорам с Киевом и не будет их откладывать.",
     "ru"),
    ("中华人民共和国外交部发言人周一表示，中方愿意推动和平谈判。", "zh"),
])
def test_detect_language(text, language):
    assert ingest.detect_language(text) == language


# --- stdin and JSONL ---------------------------------------------------------------------------

def test_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(("Headline\n" + STORY).encode())))
    doc = read_one("-", published="2025-07-08")
    assert doc.id == "stdin" and doc.title == "Headline" and doc.text.startswith("Kenyan police")


def test_jsonl_keeps_ids_and_order_and_records_broken_lines(tmp_path):
    lines = [
        json.dumps({"id": "b2", "text": "Police fired tear gas in Nairobi.", "published": "2025-07-08"}),
        "{not json",
        json.dumps({"id": 7, "text": "Leave a comment"}),
        json.dumps({"id": "no-text", "title": "x"}),
        "",
        json.dumps({"id": "a1", "text": "Kenya's president met Ethiopia's prime minister.", "title": "Talks",
                    "url": "https://example.org/a1"}),
    ]
    items = list(read_path(str(write(tmp_path, "batch.jsonl", "\n".join(lines)))))
    assert [type(i).__name__ for i in items] == ["Document", "Failure", "Failure", "Failure", "Document"]
    assert [i.id for i in items] == ["b2", None, "7", "no-text", "a1"]
    assert items[0].published == date(2025, 7, 8) and items[0].title is None
    assert items[0].text == "Police fired tear gas in Nairobi."  # no headline split in JSONL
    assert (items[4].title, items[4].url) == ("Talks", "https://example.org/a1")
    assert items[1].reason.startswith(f"{tmp_path / 'batch.jsonl'}:2: not valid JSON")
    assert "no text after cleaning" in items[2].reason
    assert '"text" string' in items[3].reason


def test_folder_reads_its_articles_in_name_order(tmp_path):
    write(tmp_path, "b.txt", "B headline\n" + STORY)
    write(tmp_path, "a.txt", "A headline\n" + STORY)
    write(tmp_path, "notes.md", "# not an article")
    assert [d.id for d in read_path(str(tmp_path))] == ["a", "b"]


# --- HTML ------------------------------------------------------------------------------------

def article_paragraphs() -> list[str]:
    lines = EXAMPLE_TXT.read_text(encoding="utf-8").splitlines()[1:]
    return [line.strip() for line in lines if line.strip() and line.strip() != "Yorum gönder"]


def test_html_page_gives_the_article_and_nothing_else():
    doc = read_one(EXAMPLE_HTML)
    assert doc.text.split("\n\n") == article_paragraphs()
    for furniture in ("Yorum gönder", "Leave a comment", "Required fields", "We use cookies", "Accept all",
                      "Sign up for our newsletter", "Related", "Tokayev seeks a bigger role", "Share on",
                      "All rights reserved", "Skip to main content", "Podcast", "freelance journalist"):
        assert furniture not in doc.text
    assert doc.title == "Kazakhstan, Uzbekistan open the door a little wider to Ukraine"
    assert doc.author == "Alexander Thompson"
    assert doc.published == date(2025, 10, 24)
    assert doc.url.startswith("https://eurasianet.org/")
    assert doc.language == "en"


def test_html_published_option_wins_over_the_page():
    assert read_one(EXAMPLE_HTML, published=date(2025, 10, 25)).published == date(2025, 10, 25)


def test_html_repeated_headline_and_byline_are_dropped():
    page = ("<html><head><title>Nairobi protests</title><meta name='author' content='Jane Roe'></head><body>"
            "<article><p>Nairobi protests</p><p>By Jane Roe</p><p>" + STORY.replace("\n", "</p><p>") +
            "</p></article></body></html>")
    doc = document_from_html(page)
    assert doc.text.startswith("Kenyan police") and doc.title == "Nairobi protests"


def test_html_without_a_date_in_markup_has_none():
    page = ("<html><head><title>T</title></head><body><article><p>" + STORY + "</p></article>"
            "<footer>© 2025 Daily News</footer></body></html>")
    assert document_from_html(page).published is None


def test_html_fallback_when_trafilatura_finds_nothing(monkeypatch):
    import trafilatura

    monkeypatch.setattr(trafilatura, "bare_extraction", lambda *a, **k: None)
    page = ("<html><head><title>Nairobi</title></head><body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
            "<div>Kenyan police fired tear gas at protesters in Nairobi on Monday.<br>Leave a comment</div>"
            "<form><label>Name</label><button>Send</button></form><footer>About us</footer></body></html>")
    doc = document_from_html(page)
    assert doc.text == "Kenyan police fired tear gas at protesters in Nairobi on Monday."
    assert doc.title == "Nairobi"


def test_html_with_no_text_is_refused():
    with pytest.raises(IngestError, match="no article text"):
        document_from_html("<html><body><nav>Home</nav><button>Subscribe</button></body></html>", source="p.html")


# --- end to end: the web page codes like the text -------------------------------------------------

def event_keys(coded):
    return {(e.source_code, e.target_code, e.cameo) for e in coded.events}


def test_web_page_codes_to_the_same_events_as_the_text():
    from communique.pipeline import code_documents

    text_doc = read_one(EXAMPLE_TXT, published="2025-10-24")
    page_doc = read_one(EXAMPLE_HTML)
    assert page_doc.published == text_doc.published
    from_text, from_page = code_documents([text_doc, page_doc])
    assert from_text.error is None and from_page.error is None
    assert from_text.events, "the article codes to some events"
    assert event_keys(from_page) == event_keys(from_text)


def test_non_english_document_is_not_coded():
    from communique.pipeline import code_documents

    doc = ingest.document_from_text("La policía dispersó a los manifestantes en Nairobi con gases lacrimógenos, "
                                    "según dijeron los testigos del lugar.", headline=False)
    assert doc.language == "es"
    coded = next(code_documents([doc]))
    assert coded.error and "not English" in coded.error and not coded.events
