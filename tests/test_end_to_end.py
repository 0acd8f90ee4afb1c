"""The seed article, coded from its .txt, scored against its hand-coded gold (Part 1 acceptance)."""
import json
from pathlib import Path

import pytest

from communique.evaluate import Tally, score_document
from communique.ingest import read_path
from communique.pipeline import code_documents

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "examples" / "eurasianet-kazakhstan-uzbekistan-ukraine.txt"
GOLD = json.loads((ROOT / "tests" / "fixtures" / "seed" / "eurasianet-kazakhstan-uzbekistan-ukraine.json").read_text())


@pytest.fixture(scope="module")
def coded():
    doc = next(read_path(str(ARTICLE), published="2025-10-24"))
    return next(code_documents([doc])).to_dict()


@pytest.fixture(scope="module")
def summary(coded):
    tally = Tally()
    score_document(coded, GOLD, tally)
    return tally.summary()


def test_events_recall_and_precision(summary):
    events = summary["events"]
    assert events["required_matched"] >= 7, events
    assert events["precision"] >= 0.7, events


def test_dates_of_matched_events(summary):
    assert summary["date_accuracy"] >= 0.8


def test_quotes_with_their_speakers(summary):
    assert summary["quotes"]["precision"] >= 0.9 and summary["quotes"]["recall"] >= 0.9, summary["quotes"]


def test_the_named_people_have_country_and_sector(summary):
    assert summary["people"]["right"] == summary["people"]["total"] == 7


def test_boilerplate_is_gone(coded):
    assert "Yorum gönder" not in coded["text"]
    assert coded["title"].startswith("Kazakhstan, Uzbekistan open the door")
    assert coded["author"] == "Alexander Thompson"


def test_every_span_is_inside_the_text(coded):
    n = len(coded["text"])
    for event in coded["events"]:
        assert 0 <= event["sentence"][0] <= event["trigger"][0] < event["trigger"][1] <= event["sentence"][1] <= n
    for quote in coded["quotes"]:
        assert coded["text"][quote["span"][0]:quote["span"][1]] == quote["text"]
    for actor in coded["actors"]:
        assert all(0 <= s < e <= n for s, e in actor["mentions"])
