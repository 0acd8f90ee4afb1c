"""Actor knowledge: countries, regions, IGOs, seats of government, organisations, office-holders
and sector vocabulary, loaded from the TSV tables in communique/data (see docs/knowledge.md).

Everything is looked up by the phrase as written in text ("Kremlin", "Kazakh", "U.N.", "Putin").
"""
from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from communique.datafiles import read_table, split_values


@dataclass(frozen=True)
class Entry:
    """One thing a phrase can name."""

    kind: str  # country | capital | demonym | region | igo | seat | org | person
    code: str  # actor code: KAZ, KAZGOV, IGOUNO, CAS, KAZMED ...
    name: str  # canonical name
    type: str  # actor type in the output: country | organization | person | region | group
    role: str | None = None
    start: date | None = None
    end: date | None = None

    @property
    def country(self) -> str | None:
        return split_code(self.code)[0]

    @property
    def sector(self) -> str | None:
        return split_code(self.code)[1]


def split_code(code: str | None) -> tuple[str | None, str | None]:
    """'KAZGOV' -> ('KAZ', 'GOV'); 'IGOUNO' -> ('IGO', 'IGO'); 'NGO' -> ('NGO', 'NGO'); 'CAS' -> ('CAS', None)."""
    if not code:
        return None, None
    if code.startswith("IGO"):
        return "IGO", "IGO"
    if code in ("NGO", "IGO"):
        return code, code
    if code.startswith("IMG"):
        return "IMG", code[3:] or None
    return code[:3], (code[3:6] or None)


def join_code(country: str | None, sector: str | None) -> str | None:
    if country in ("IGO", "NGO") and sector == country:
        return country
    if country and sector:
        return country + sector
    return country or sector


@dataclass(frozen=True)
class SectorWord:
    term: str
    sector: str
    kind: str
    role: str | None


def _date(value: str) -> date | None:
    if not value:
        return None
    parts = value.split("-")
    try:
        if len(parts) == 1:
            return date(int(parts[0]), 1, 1)
        if len(parts) == 2:
            return date(int(parts[0]), int(parts[1]), 1)
        return date.fromisoformat(value)
    except ValueError:
        return None


def _end_date(value: str) -> date | None:
    """An end given as a year or month covers all of it."""
    d = _date(value)
    if d is None:
        return None
    parts = value.split("-")
    if len(parts) == 1:
        return date(d.year, 12, 31)
    if len(parts) == 2:
        return date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])
    return d


class KnowledgeBase:
    def __init__(self) -> None:
        self.phrases: dict[str, list[Entry]] = defaultdict(list)
        self.countries: dict[str, str] = {}  # iso3 -> name
        self.capitals: dict[str, str] = {}  # iso3 -> first capital
        self.sector_words: dict[str, SectorWord] = {}
        self.org_words: dict[str, SectorWord] = {}
        self.surnames: dict[str, list[Entry]] = defaultdict(list)
        self._load()

    # -- loading ----------------------------------------------------------------------------
    def _add(self, phrase: str, entry: Entry) -> None:
        phrase = phrase.strip()
        if phrase.lower().startswith("the ") and " " in phrase[4:]:
            phrase = phrase[4:]  # "the United States" -> "United States", but "the West" stays
        if phrase and entry not in self.phrases[phrase]:
            self.phrases[phrase].append(entry)

    def _load(self) -> None:
        for row in read_table("countries.tsv"):
            iso3, name = row["iso3"], row["name"]
            self.countries[iso3] = name
            country = Entry("country", iso3, name, "country")
            for phrase in [name, *split_values(row.get("aliases"))]:
                self._add(phrase, country)
            for phrase in split_values(row.get("demonyms")):
                self._add(phrase, Entry("demonym", iso3, name, "country"))
            capitals = split_values(row.get("capitals"))
            if capitals:
                self.capitals[iso3] = capitals[0]
            for phrase in capitals:
                self._add(phrase, Entry("capital", iso3 + "GOV", phrase, "country"))
        for row in read_table("regions.tsv"):
            region = Entry("region", row["code"], row["name"], "region")
            for phrase in [row["name"], *split_values(row.get("aliases"))]:
                self._add(phrase, region)
            for phrase in split_values(row.get("demonyms")):
                self._add(phrase, Entry("demonym", row["code"], row["name"], "region"))
        for row in read_table("igos.tsv"):
            igo = Entry("igo", row["code"], row["name"], "organization")
            for phrase in [row["name"], *split_values(row.get("aliases"))]:
                self._add(phrase, igo)
        for row in read_table("seats.tsv"):
            self._add(row["phrase"], Entry("seat", row["code"], row["phrase"], "organization"))
        for row in read_table("organizations.tsv"):
            kind = row.get("type") or "organization"
            org = Entry("org", row["code"], row["name"], "group" if kind == "group" else "organization",
                        role=kind)
            for phrase in [row["name"], *split_values(row.get("aliases"))]:
                self._add(phrase, org)
        for row in read_table("officeholders.tsv"):
            code = row["country"] if row["country"] == "IGO" else row["country"] + row["sector"]
            person = Entry("person", code, row["name"], "person", role=row.get("role") or None,
                           start=_date(row.get("start", "")), end=_end_date(row.get("end", "")))
            for phrase in [row["name"], *split_values(row.get("aliases"))]:
                self._add(phrase, person)
            self.surnames[row["name"].split()[-1]].append(person)
        self.igo_seats = {row["city"]: row["igo"] for row in read_table("igo_seats.tsv")}
        for row in read_table("sectors.tsv"):
            word = SectorWord(row["term"].lower(), row["sector"], row["kind"], row.get("role") or None)
            if word.kind == "orgword":
                self.org_words[word.term] = word
            else:
                self.sector_words.setdefault(word.term, word)

    # -- lookups ----------------------------------------------------------------------------
    def lookup(self, phrase: str, kinds: tuple[str, ...] | None = None, on: date | None = None) -> list[Entry]:
        phrase = phrase.strip()
        if phrase.lower().startswith("the "):
            phrase = phrase[4:]
        found = self.phrases.get(phrase) or self.phrases.get(phrase.replace("’", "'")) or []
        if kinds:
            found = [e for e in found if e.kind in kinds]
        return self.in_office(found, on) if on else found

    @staticmethod
    def in_office(entries: list[Entry], on: date | None) -> list[Entry]:
        """Prefer the people who held office on the date; otherwise keep the nearest terms."""
        people = [e for e in entries if e.kind == "person"]
        if not people or on is None:
            return entries
        current = [e for e in people if (e.start is None or e.start <= on) and (e.end is None or on <= e.end)]
        if current:
            return current + [e for e in entries if e.kind != "person"]

        def distance(e: Entry) -> int:
            if e.start and on < e.start:
                return (e.start - on).days
            if e.end and on > e.end:
                return (on - e.end).days
            return 0

        return sorted(people, key=distance) + [e for e in entries if e.kind != "person"]

    def lookup_code(self, code: str) -> list[Entry]:
        return [e for entries in self.phrases.values() for e in entries if e.code == code and e.kind in ("igo", "org")][:1]

    def country_of(self, phrase: str) -> str | None:
        """ISO3 (or region code) for a country name, demonym or capital."""
        for entry in self.lookup(phrase, ("country", "demonym", "capital", "region")):
            return entry.country
        return None

    def sector_word(self, term: str) -> SectorWord | None:
        return self.sector_words.get(term.lower())

    def org_word(self, term: str) -> SectorWord | None:
        return self.org_words.get(term.lower())


@lru_cache(maxsize=1)
def knowledge() -> KnowledgeBase:
    return KnowledgeBase()
