from datetime import date

import pytest

from communique.dates import resolve

PUBLISHED = date(2025, 10, 24)  # a Friday


@pytest.mark.parametrize("phrase, previous, expected, precision", [
    ("on September 23", None, "2025-09-23", "day"),
    ("Three days later", date(2025, 9, 23), "2025-09-26", "day"),
    ("in June 2022", None, "2022-06", "month"),
    ("in 2021", None, "2021", "year"),
    ("mid-October", None, "2025-10", "month"),
    ("on Monday", None, "2025-10-20", "day"),
    ("Sunday's", None, "2025-10-19", "day"),
    ("on Friday", None, "2025-10-24", "day"),
    ("last month", None, "2025-09", "month"),
    ("last year", None, "2024", "year"),
    ("Aug. 1", None, "2025-08-01", "day"),
    ("December 30", None, "2024-12-30", "day"),  # far after publication: last year's
    ("two weeks ago", None, "2025-10-10", "day"),
])
def test_resolve(phrase, previous, expected, precision):
    got = resolve(phrase, PUBLISHED, previous)
    assert got is not None and (got.value, got.precision) == (expected, precision)


@pytest.mark.parametrize("phrase", ["recent months", "the 1960s", "decades"])
def test_unresolvable(phrase):
    assert resolve(phrase, PUBLISHED) is None


def test_later_without_previous_event_uses_nothing():
    assert resolve("three days later", PUBLISHED, None) is None
