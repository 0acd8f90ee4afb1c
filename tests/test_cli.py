"""The command line, driven as a user would: code (json, jsonl, table, stdin, errors), eval, --help."""
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from communique.cli import app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = str(ROOT / "examples" / "eurasianet-kazakhstan-uzbekistan-ukraine.txt")
GOLD = ROOT / "tests" / "fixtures" / "gold"

CONTRACT_KEYS = {"id", "url", "title", "author", "published", "language", "text", "actors", "places", "events",
                 "quotes", "tone"}
ACTOR_KEYS = {"id", "name", "type", "code", "country", "sector", "role", "mentions"}
PLACE_KEYS = {"id", "name", "country", "lat", "lon", "mentions"}
EVENT_KEYS = {"id", "source", "target", "source_code", "target_code", "cameo", "root", "plover", "plover_mode",
              "goldstein", "quad_class", "date", "date_precision", "place", "sentence", "trigger", "negated",
              "confidence", "claimed_by"}
QUOTE_KEYS = {"id", "text", "span", "kind", "speaker", "speaker_name", "cue", "via"}

runner = CliRunner()


def run(*args, input=None):
    return runner.invoke(app, [str(a) for a in args], input=input)


@pytest.fixture(scope="module")
def coded_example():
    result = run("code", EXAMPLE, "--published", "2025-10-24", "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_json_follows_the_contract(coded_example):
    doc = coded_example
    assert set(doc) == CONTRACT_KEYS
    assert doc["id"] == "eurasianet-kazakhstan-uzbekistan-ukraine"
    assert (doc["title"], doc["author"], doc["published"], doc["language"]) == (
        "Kazakhstan, Uzbekistan open the door a little wider to Ukraine", "Alexander Thompson", "2025-10-24", "en")
    assert "Yorum gönder" not in doc["text"]
    assert doc["actors"] and doc["events"] and doc["quotes"]
    assert all(set(a) == ACTOR_KEYS for a in doc["actors"])
    assert all(set(p) == PLACE_KEYS for p in doc["places"])
    assert all(set(e) == EVENT_KEYS for e in doc["events"])
    assert all(set(q) == QUOTE_KEYS for q in doc["quotes"])
    assert set(doc["tone"]) == {"score", "positive", "negative"}


def test_every_span_is_inside_the_text(coded_example):
    text = coded_example["text"]

    def inside(span):
        start, end = span
        return isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)

    for record in coded_example["actors"] + coded_example["places"]:
        assert record["mentions"] and all(inside(m) for m in record["mentions"]), record
    for event in coded_example["events"]:
        assert inside(event["sentence"]) and inside(event["trigger"])
        assert event["sentence"][0] <= event["trigger"][0] and event["trigger"][1] <= event["sentence"][1]
    for quote in coded_example["quotes"]:
        assert inside(quote["span"]) and text[quote["span"][0]:quote["span"][1]] == quote["text"]


def test_event_references_and_values(coded_example):
    actor_ids = {a["id"] for a in coded_example["actors"]}
    place_ids = {p["id"] for p in coded_example["places"]}
    for event in coded_example["events"]:
        assert event["source"] is None or event["source"] in actor_ids
        assert event["target"] is None or event["target"] in actor_ids
        assert event["claimed_by"] is None or event["claimed_by"] in actor_ids
        assert event["place"] is None or event["place"] in place_ids
        assert event["cameo"].startswith(event["root"]) and event["quad_class"] in (1, 2, 3, 4)
        assert event["date_precision"] in ("day", "week", "month", "year", "lead", "article")
        assert -10 <= event["goldstein"] <= 10
    for quote in coded_example["quotes"]:
        assert quote["kind"] in ("direct", "indirect")
        assert quote["speaker"] is None or quote["speaker"] in actor_ids


def test_jsonl_batch_keeps_ids_order_and_bad_lines(tmp_path):
    batch = tmp_path / "batch.jsonl"
    batch.write_text("\n".join([
        json.dumps({"id": "z9", "text": "Kenyan police arrested 12 suspected smugglers near Moyale on Tuesday.",
                    "published": "2025-06-11"}),
        "{broken",
        json.dumps({"id": "a1", "text": "Ghana's foreign minister met his Togolese counterpart in Accra."}),
    ]) + "\n", encoding="utf-8")
    result = run("code", batch, "--format", "jsonl")
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 3
    assert [r["id"] for r in records[::2]] == ["z9", "a1"]
    assert "error" not in records[0] and "error" not in records[2]
    assert "not valid JSON" in records[1]["error"]
    assert set(records[1]) == CONTRACT_KEYS | {"error"}
    assert records[0]["published"] == "2025-06-11"
    assert "not valid JSON" in result.stderr


def test_table_output_has_events_and_quotes():
    result = run("code", EXAMPLE, "-p", "2025-10-24")
    assert result.exit_code == 0, result.output
    assert "Events" in result.stdout and "Quotes" in result.stdout
    assert "KAZGOV" in result.stdout


def test_stdin(tmp_path):
    story = "Kenya talks\nKenyan President William Ruto met Ethiopian Prime Minister Abiy Ahmed on Monday.\n"
    result = run("code", "-", "-p", "2025-06-11", "-f", "json", input=story)
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["id"] == "stdin" and doc["title"] == "Kenya talks"


def test_missing_file_alone_fails_with_a_clear_message(tmp_path):
    result = run("code", tmp_path / "nowhere.txt")
    assert result.exit_code == 1
    assert "nowhere.txt: no such file" in result.stderr
    assert "Traceback" not in result.output


def test_missing_file_among_good_ones_is_reported_and_the_rest_coded(tmp_path):
    result = run("code", tmp_path / "nowhere.txt", EXAMPLE, "-p", "2025-10-24", "-f", "json")
    assert result.exit_code == 0
    assert "no such file" in result.stderr
    missing, coded = json.loads(result.stdout)
    assert missing["id"] == "nowhere" and "no such file" in missing["error"]
    assert coded["events"] and "error" not in coded


def test_bad_published_date_is_a_usage_error():
    result = run("code", EXAMPLE, "--published", "someday soon-ish")
    assert result.exit_code == 2
    assert "--published" in result.output


def test_command_line_entry_point_separates_stdout_and_stderr(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "communique", "code", str(tmp_path / "gone.txt"), "-f", "jsonl"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert json.loads(proc.stdout)["error"].endswith("no such file")
    assert "gone.txt: no such file" in proc.stderr


# --- eval ------------------------------------------------------------------------------------

def test_eval_article_gold_prints_a_summary_line():
    result = run("eval", GOLD / "kenya-ethiopia-border.json", "--errors")
    assert result.exit_code == 0, result.output
    last = result.stdout.strip().splitlines()[-1]
    assert last.startswith("events P=")
    assert "quotes P=" in last and "people " in last


def test_eval_passages_gold():
    result = run("eval", GOLD / "passages.jsonl")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().splitlines()[-1].startswith("events P=")


def test_eval_scores_saved_output(tmp_path):
    out = tmp_path / "out.jsonl"
    coded = run("code", GOLD / "passages.jsonl", "-f", "jsonl")
    assert coded.exit_code == 0, coded.output
    out.write_text(coded.stdout, encoding="utf-8")
    result = run("eval", GOLD / "passages.jsonl", "--output", out, "--format", "json")
    summary = json.loads(result.stdout)
    assert set(summary["events"]) >= {"precision", "recall", "f1"}


def test_eval_broken_gold_is_a_clear_error(tmp_path):
    gold = tmp_path / "gold.json"
    gold.write_text("{not json", encoding="utf-8")
    result = run("eval", gold)
    assert result.exit_code == 2
    assert "error:" in result.stderr and "Traceback" not in result.output


# --- help ------------------------------------------------------------------------------------

@pytest.mark.parametrize("command, example", [
    ([], "communique code article.txt"),
    (["code"], "communique code batch.jsonl --format jsonl"),
    (["eval"], "communique eval ../shared/gold/sentences.jsonl --errors"),
])
def test_help_teaches_by_example(command, example):
    result = runner.invoke(app, command + ["--help"], env={"COLUMNS": "150"})
    assert result.exit_code == 0
    assert example in result.stdout
