"""Event dates: a date phrase resolved against the publication date or the previous event.

News writes dates relative to the day of publication ("on Monday", "last month") or to the event
told just before ("three days later"). Results carry their precision: ``day``, ``week``,
``month`` or ``year``; an event with no date phrase falls back to the publication date with
precision ``article``.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": 3, "a few": 3, "few": 3}
UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}

_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_NUM = r"(\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|a few|few)"


@dataclass(frozen=True)
class ResolvedDate:
    value: str  # ISO at the precision: 2025-09-23, 2025-09, 2025
    precision: str  # day | week | month | year

    @property
    def day(self) -> date:
        """A concrete day to count from ("three days later"): the first of a month or year."""
        parts = [int(p) for p in self.value.split("-")] + [1, 1]
        return date(parts[0], parts[1], parts[2])


def _day(d: date) -> ResolvedDate:
    return ResolvedDate(d.isoformat(), "day")


def _month(year: int, month: int) -> ResolvedDate:
    return ResolvedDate(f"{year:04d}-{month:02d}", "month")


def _month_number(word: str) -> int:
    word = word.rstrip(".")
    return MONTHS.get(word) or MONTHS[word[:3]]


def _infer_year(month: int, day: int | None, anchor: date) -> int:
    """A date without a year is the latest one not far after publication."""
    year = anchor.year
    candidate = date(year, month, min(day or 1, calendar.monthrange(year, month)[1]))
    if candidate > anchor + timedelta(days=31):
        year -= 1
    return year


def resolve(phrase: str, anchor: date | None, previous: date | None = None) -> ResolvedDate | None:
    """Resolve a date phrase ("on Monday", "September 23", "June 2022", "three days later")."""
    text = " ".join(phrase.lower().replace("’", "'").split())
    text = re.sub(r"'s$", "", text)
    text = re.sub(r"^(on|in|at|by|since|during|from|until|through|early|late|the)\s+", "", text)

    m = re.search(rf"\b{_NUM}\s+(day|week|month|year)s?\s+(later|after|afterwards|earlier|before|ago)\b", text)
    if m:
        n = int(m.group(1)) if m.group(1).isdigit() else NUMBERS.get(m.group(1), 1)
        unit, direction = m.group(2), m.group(3)
        base = anchor if direction == "ago" else previous  # "later" counts from the event told before
        if base is None:
            return None
        sign = -1 if direction in ("earlier", "before", "ago") else 1
        shifted = base + timedelta(days=sign * n * UNIT_DAYS[unit])
        if unit in ("day", "week"):
            return _day(shifted)
        return _month(shifted.year, shifted.month) if unit == "month" else ResolvedDate(str(shifted.year), "year")
    if re.search(r"\b(the next day|the following day|a day later)\b", text) and (previous or anchor):
        return _day((previous or anchor) + timedelta(days=1))
    if re.search(r"\b(hours|minutes) (later|earlier|before|after)\b", text) and previous is not None:
        return _day(previous)  # "hours later": the same day as the event told before

    m = re.search(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b", text)
    if m:
        month, day = _month_number(m.group(1)), int(m.group(2))
        year = int(m.group(3)) if m.group(3) else (_infer_year(month, day, anchor) if anchor else None)
        if year and 1 <= day <= calendar.monthrange(year, month)[1]:
            return _day(date(year, month, day))
    m = re.search(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+(\d{{4}}))?\b", text)
    if m:
        month, day = _month_number(m.group(2)), int(m.group(1))
        year = int(m.group(3)) if m.group(3) else (_infer_year(month, day, anchor) if anchor else None)
        if year and 1 <= day <= calendar.monthrange(year, month)[1]:
            return _day(date(year, month, day))
    m = re.search(rf"\b{_MONTH}\s+(?:of\s+)?(\d{{4}})\b", text)
    if m:
        return _month(int(m.group(2)), _month_number(m.group(1)))
    m = re.search(rf"^(?:mid-?|early-?|late-?|the end of |the start of |the beginning of |the middle of )?{_MONTH}$", text)
    if m and anchor:
        month = _month_number(m.group(1))
        return _month(_infer_year(month, None, anchor), month)

    if anchor is not None:
        for name, weekday in WEEKDAYS.items():
            if re.search(rf"\b{name}\b", text):
                back = (anchor.weekday() - weekday) % 7
                if re.search(r"\blast\b", text) and back == 0:
                    back = 7
                if re.search(r"\bnext\b", text):
                    return _day(anchor + timedelta(days=(weekday - anchor.weekday()) % 7 or 7))
                return _day(anchor - timedelta(days=back))
        if re.search(r"\b(today|tonight|this morning|this afternoon|this evening)\b", text):
            return _day(anchor)
        if re.search(r"\b(yesterday|last night)\b", text):
            return _day(anchor - timedelta(days=1))
        if re.search(r"\btomorrow\b", text):
            return _day(anchor + timedelta(days=1))
        if re.search(r"\blast week\b", text):
            return ResolvedDate((anchor - timedelta(days=7)).isoformat(), "week")
        if re.search(r"\b(this|earlier this|later this) week\b", text):
            return ResolvedDate(anchor.isoformat(), "week")
        if re.search(r"\blast month\b", text):
            prev = anchor.replace(day=1) - timedelta(days=1)
            return _month(prev.year, prev.month)
        if re.search(r"\b(this|earlier this|later this) month\b", text):
            return _month(anchor.year, anchor.month)
        if re.search(r"\blast year\b", text):
            return ResolvedDate(str(anchor.year - 1), "year")
        if re.search(r"\b(this|earlier this|later this) year\b", text):
            return ResolvedDate(str(anchor.year), "year")
        if re.search(r"\bnext year\b", text):
            return ResolvedDate(str(anchor.year + 1), "year")

    m = re.search(r"\b(1[89]\d\d|20\d\d)\b", text)
    if m and not re.search(r"\d{4}s\b", text):
        return ResolvedDate(m.group(1), "year")
    return None
