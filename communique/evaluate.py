"""Scoring against hand-coded gold files, exactly as ../shared/gold/README.md describes.

* events match on evidence overlap, source/target countries (IGO* counts as IGO; a gold null
  side accepts anything; symmetric gold accepts either order; alt_targets count) and CAMEO root
  (PLOVER type where the gold has no CAMEO code); each gold event matches once, a second match
  is a duplicate that counts neither way;
* precision = matched / (matched + unmatched extracted); recall over required gold events;
* full-code and date accuracy over matched required events (dates by prefix; gold without a
  date is not counted);
* quotes match on half the words (or containment) and the gold speaker's surname;
* people: each named person in the gold must come out with the right country and sector.
"""
from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from communique.ingest import Failure, read_path
from communique.models import Document
from communique.ingest import parse_date

WORD = re.compile(r"\w+")


def country(code: str | None) -> str | None:
    if not code:
        return None
    return "IGO" if code.startswith("IGO") else code[:3]


@dataclass
class Tally:
    matched: int = 0
    matched_required: int = 0
    required: int = 0
    false: int = 0
    duplicates: int = 0
    code_right: int = 0
    codes_scored: int = 0
    dates_scored: int = 0
    dates_right: int = 0
    quotes_extracted: int = 0
    quotes_matched: int = 0
    quotes_required: int = 0
    quotes_required_matched: int = 0
    people: int = 0
    people_right: int = 0
    passages_no_event: int = 0
    passages_no_event_fired: int = 0
    root_recall: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    phenomenon_recall: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    misses: list[dict] = field(default_factory=list)
    false_events: list[dict] = field(default_factory=list)
    people_wrong: list[str] = field(default_factory=list)
    quote_misses: list[dict] = field(default_factory=list)
    false_quotes: list[dict] = field(default_factory=list)

    @staticmethod
    def ratio(a: int, b: int) -> float | None:
        return round(a / b, 3) if b else None

    def summary(self) -> dict[str, Any]:
        p = self.ratio(self.matched, self.matched + self.false)
        r = self.ratio(self.matched_required, self.required)
        f1 = round(2 * p * r / (p + r), 3) if p and r else 0.0
        qp = self.ratio(self.quotes_matched, self.quotes_extracted)
        qr = self.ratio(self.quotes_required_matched, self.quotes_required)
        qf = round(2 * qp * qr / (qp + qr), 3) if qp and qr else (None if qp is None and qr is None else 0.0)
        out = {
            "events": {"precision": p, "recall": r, "f1": f1, "matched": self.matched,
                       "required_matched": self.matched_required, "required": self.required,
                       "false": self.false, "duplicates": self.duplicates},
            "full_code_accuracy": self.ratio(self.code_right, self.codes_scored),
            "date_accuracy": self.ratio(self.dates_right, self.dates_scored),
            "quotes": {"precision": qp, "recall": qr, "f1": qf, "extracted": self.quotes_extracted,
                       "required": self.quotes_required},
        }
        if self.people:
            out["people"] = {"right": self.people_right, "total": self.people}
        if self.passages_no_event:
            out["no_event_passages"] = {"total": self.passages_no_event, "with_events": self.passages_no_event_fired,
                                        "rate": self.ratio(self.passages_no_event_fired, self.passages_no_event)}
        if self.root_recall:
            out["recall_by_root"] = {k: self.ratio(*v) for k, v in sorted(self.root_recall.items())}
        if self.phenomenon_recall:
            out["recall_by_phenomenon"] = {k: self.ratio(*v) for k, v in sorted(self.phenomenon_recall.items())}
        return out


# --- matching -------------------------------------------------------------------------------------

def evidence_spans(text: str, evidence) -> list[tuple[int, int]]:
    if evidence is None:
        return [(0, len(text))]
    spans = []
    for ev in ([evidence] if isinstance(evidence, str) else evidence):
        for m in re.finditer(re.escape(ev), text):
            spans.append((m.start(), m.end()))
    return spans


def event_matches(ext: dict, gold: dict, text: str, countries: dict[str, str | None]) -> bool:
    s, e = ext["sentence"]
    if not any(s < ge and gs < e for gs, ge in evidence_spans(text, gold.get("evidence"))):
        return False
    src = countries.get(ext.get("source")) if ext.get("source") else country(ext.get("source_code"))
    tgt = countries.get(ext.get("target")) if ext.get("target") else country(ext.get("target_code"))
    g_src = country(gold.get("source"))
    g_tgts = {country(gold.get("target"))} | {country(t) for t in gold.get("alt_targets") or []}
    g_tgt_null = gold.get("target") is None

    def agree(a, b) -> bool:
        return (g_src is None or a == g_src) and (g_tgt_null or b in g_tgts)

    if not (agree(src, tgt) or (gold.get("symmetric") and agree(tgt, src))):
        return False
    if gold.get("cameo"):
        return ext["cameo"][:2] == gold["cameo"][:2]
    return bool(gold.get("plover")) and ext.get("plover") == gold["plover"]


def quote_matches(ext: dict, gold: dict) -> bool:
    a, b = ext["text"].lower(), gold["text"].lower()
    wa, wb = WORD.findall(a), WORD.findall(b)
    if not wa or not wb:
        return False
    text_ok = a.strip(" ,.") in b or b.strip(" ,.") in a or \
        sum((Counter(wa) & Counter(wb)).values()) >= 0.5 * min(len(wa), len(wb))
    surname = (gold.get("speaker") or "").split()[-1:] or [""]
    return text_ok and surname[0].lower() in (ext.get("speaker_name") or "").lower()


def score_document(coded: dict, gold: dict, tally: Tally, phenomena: list[str] | None = None) -> None:
    text = coded["text"]
    countries = {a["id"]: a.get("country") for a in coded.get("actors", [])}
    golds = gold.get("events", [])
    matched = [False] * len(golds)
    for g in golds:
        if g.get("required", True):
            tally.required += 1
    for ext in coded.get("events", []):
        hits = [i for i, g in enumerate(golds) if event_matches(ext, g, text, countries)]
        free = [i for i in hits if not matched[i]]
        if free:
            i = sorted(free, key=lambda k: not golds[k].get("required", True))[0]
            matched[i] = True
            tally.matched += 1
            g = golds[i]
            if g.get("required", True):
                tally.matched_required += 1
                if g.get("cameo"):
                    tally.codes_scored += 1
                    tally.code_right += int(ext["cameo"] == g["cameo"])
                if g.get("date"):
                    tally.dates_scored += 1
                    tally.dates_right += int(bool(ext.get("date")) and ext["date"].startswith(g["date"]))
        elif hits:
            tally.duplicates += 1
        else:
            tally.false += 1
            s, e = ext["sentence"]
            tally.false_events.append({"doc": coded.get("id"), "source": ext.get("source_code"),
                                       "target": ext.get("target_code"), "cameo": ext["cameo"],
                                       "trigger": text[ext["trigger"][0]:ext["trigger"][1]], "sentence": text[s:e]})
    for i, g in enumerate(golds):
        if not g.get("required", True):
            continue
        root = (g.get("cameo") or "")[:2] or (g.get("plover") or "?")
        tally.root_recall[root][1] += 1
        tally.root_recall[root][0] += int(matched[i])
        for tag in phenomena or []:
            tally.phenomenon_recall[tag][1] += 1
            tally.phenomenon_recall[tag][0] += int(matched[i])
        if not matched[i]:
            tally.misses.append({"doc": coded.get("id"), "source": g.get("source"), "target": g.get("target"),
                                 "cameo": g.get("cameo") or g.get("plover"), "evidence": g.get("evidence") or text})
    if "quotes" in gold:
        _score_quotes(coded, gold, tally)
    for actor in gold.get("actors", []):
        if actor.get("type") != "person":
            continue
        tally.people += 1
        surname = actor["name"].split()[-1].lower()
        ok = any(surname in a["name"].lower() and a.get("country") == actor.get("country")
                 and a.get("sector") == actor.get("sector") for a in coded.get("actors", []))
        tally.people_right += int(ok)
        if not ok:
            tally.people_wrong.append(actor["name"])


def _score_quotes(coded: dict, gold: dict, tally: Tally) -> None:
    golds = gold.get("quotes", [])
    tally.quotes_required += sum(1 for q in golds if q.get("required", True))
    hit = [False] * len(golds)
    for ext in coded.get("quotes", []):
        tally.quotes_extracted += 1
        found = [i for i, g in enumerate(golds) if quote_matches(ext, g)]
        if found:
            tally.quotes_matched += 1
            for i in found:
                hit[i] = True
        else:
            tally.false_quotes.append({"doc": coded.get("id"), "speaker": ext.get("speaker_name"), "text": ext["text"]})
    tally.quotes_required_matched += sum(1 for i, g in enumerate(golds) if hit[i] and g.get("required", True))
    tally.quote_misses += [{"doc": coded.get("id"), "speaker": g.get("speaker"), "text": g["text"]}
                           for i, g in enumerate(golds) if not hit[i] and g.get("required", True)]


# --- running ------------------------------------------------------------------------------------

def _shared_root(gold_path: Path, relative: str) -> Path:
    for parent in gold_path.resolve().parents:
        if (parent / relative).is_file():
            return parent / relative
    raise FileNotFoundError(f"cannot find {relative} above {gold_path}")


def load_outputs(path: Path) -> list[dict]:
    text = path.read_text(encoding="utf-8").strip()
    if text.startswith("["):
        return json.loads(text)
    if "\n" in text and text.lstrip().startswith("{") and not text.rstrip().endswith("}\n}"):
        try:
            return [json.loads(line) for line in text.splitlines() if line.strip()]
        except json.JSONDecodeError:
            pass
    return [json.loads(text)]


def evaluate(gold_path: str | Path, output: str | Path | None = None) -> Tally:
    """Score one gold file, or every gold file in a folder together (micro-averaged)."""
    from communique.pipeline import code_documents

    gold_path = Path(gold_path)
    if gold_path.is_dir():
        total = Tally()
        for path in sorted(gold_path.glob("*.json")) + sorted(gold_path.glob("*.jsonl")):
            _merge(total, evaluate(path))
        return total
    tally = Tally()
    if gold_path.suffix == ".jsonl":
        golds = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
        if output:
            outputs = {o.get("id"): o for o in load_outputs(Path(output))}
        else:
            docs = [Document(text=g["text"], id=g["id"], published=parse_date(g.get("published"))) for g in golds]
            outputs = {c.document.id: c.to_dict() for c in code_documents(docs)}
        for g in golds:
            coded = outputs.get(g["id"]) or {"text": g["text"], "events": [], "actors": []}
            tags = g.get("phenomena") or []
            no_event = not g.get("events") or "no_event" in tags
            if no_event:
                tally.passages_no_event += 1
                tally.passages_no_event_fired += int(bool(coded.get("events")))
            score_document(coded, g, tally, tags)
        return tally
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    if output:
        coded = load_outputs(Path(output))[0]
    else:
        source = _shared_root(gold_path, gold["file"])
        items = list(read_path(str(source), published=gold.get("published")))
        if not items or isinstance(items[0], Failure):
            raise RuntimeError(items[0].reason if items else f"nothing read from {source}")
        coded = next(code_documents(items)).to_dict()
    score_document(coded, gold, tally)
    return tally


def _merge(total: Tally, part: Tally) -> None:
    for name, value in vars(part).items():
        if isinstance(value, int):
            setattr(total, name, getattr(total, name) + value)
        elif isinstance(value, list):
            getattr(total, name).extend(value)
        elif isinstance(value, dict):
            for key, (hit, count) in value.items():
                total_counts = getattr(total, name)[key]
                total_counts[0] += hit
                total_counts[1] += count


def summary_line(summary: dict[str, Any]) -> str:
    ev, q = summary["events"], summary["quotes"]
    parts = [f"events P={ev['precision']} R={ev['recall']} F1={ev['f1']} ({ev['required_matched']}/{ev['required']} required)",
             f"code acc={summary['full_code_accuracy']}", f"date acc={summary['date_accuracy']}"]
    if q["extracted"] or q["required"]:
        parts.append(f"quotes P={q['precision']} R={q['recall']} F1={q['f1']}")
    if "people" in summary:
        parts.append(f"people {summary['people']['right']}/{summary['people']['total']}")
    if "no_event_passages" in summary:
        ne = summary["no_event_passages"]
        parts.append(f"no-event passages firing {ne['with_events']}/{ne['total']}")
    return " | ".join(parts)
