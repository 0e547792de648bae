"""Dates as reporters write them: each phrase and the days it means, given a publication date."""

from __future__ import annotations

import datetime

import pytest

from checker.dates import format_day, read_date
from checker.interval import Interval
from checker.problems import LocalError
from checker.explicit import read_explicit
from checker.values import read_value
from checker.vocabulary import DEFAULT_VOCABULARY

PUBLISHED = datetime.date(2025, 3, 19)  # a Wednesday


def days(first: str, last: str | None = None) -> Interval:
    """The closed span of days from `first` to `last` (ISO dates)."""
    lo = datetime.date.fromisoformat(first).toordinal()
    hi = datetime.date.fromisoformat(last or first).toordinal()
    return Interval.closed(lo, hi)


DATES = [
    ("2025-02-05", "2025-02-05", None),
    ("February 5, 2025", "2025-02-05", None),
    ("Feb. 5, 2025", "2025-02-05", None),
    ("Feb 5 2025", "2025-02-05", None),
    ("5 Feb 2025", "2025-02-05", None),
    ("5th of February 2025", "2025-02-05", None),
    ("5 February", "2025-02-05", None),  # the year of publication
    ("on February 5", "2025-02-05", None),
    # a bare weekday: that day in the seven days up to and including publication
    ("Wednesday", "2025-03-19", None),
    ("on Wednesday", "2025-03-19", None),
    ("Tuesday", "2025-03-18", None),
    ("Thursday", "2025-03-13", None),
    ("Thu.", "2025-03-13", None),
    ("last Wednesday", "2025-03-12", None),
    ("last Tuesday", "2025-03-18", None),
    ("today", "2025-03-19", None),
    ("yesterday", "2025-03-18", None),
    ("tomorrow", "2025-03-20", None),
    ("last week", "2025-03-10", "2025-03-16"),
    ("this week", "2025-03-17", "2025-03-23"),
    ("last month", "2025-02-01", "2025-02-28"),
    ("next month", "2025-04-01", "2025-04-30"),
    ("last year", "2024-01-01", "2024-12-31"),
    ("March 2025", "2025-03-01", "2025-03-31"),
    ("in February 2022", "2022-02-01", "2022-02-28"),
    ("2025-02", "2025-02-01", "2025-02-28"),
    ("December", "2025-12-01", "2025-12-31"),
    ("2022", "2022-01-01", "2022-12-31"),
    ("early 2022", "2022-01-01", "2022-04-30"),
    ("mid-2022", "2022-05-01", "2022-08-31"),
    ("mid 2022", "2022-05-01", "2022-08-31"),
    ("late 2022", "2022-09-01", "2022-12-31"),
    ("early March 2025", "2025-03-01", "2025-03-10"),
    ("late February 2024", "2024-02-21", "2024-02-29"),
    ("Q1 2025", "2025-01-01", "2025-03-31"),
    ("third quarter of 2024", "2024-07-01", "2024-09-30"),
    ("February 3-5, 2025", "2025-02-03", "2025-02-05"),
    ("3–5 February 2025", "2025-02-03", "2025-02-05"),
    ("between February 3 and February 5, 2025", "2025-02-03", "2025-02-05"),
    ("February 3 to February 5, 2025", "2025-02-03", "2025-02-05"),
    ("2022-2023", "2022-01-01", "2023-12-31"),
    ("Monday to Wednesday", "2025-03-17", "2025-03-19"),
]


@pytest.mark.parametrize("phrase, first, last", DATES)
def test_date(phrase: str, first: str, last: str | None) -> None:
    reading = read_value(phrase, DEFAULT_VOCABULARY, unit="date", published=PUBLISHED)
    assert reading.interval == days(first, last)
    assert (reading.unit, reading.kind, reading.weekday_conflict) == ("date", "date", None)


@pytest.mark.parametrize("phrase, lo, hi, lo_open, hi_open", [
    ("before March 2025", None, "2025-03-01", True, True),
    ("by March 2025", None, "2025-03-31", True, False),
    ("after Feb 5, 2025", "2025-02-05", None, True, True),
    ("since 2024", "2024-01-01", None, False, True),
])
def test_date_bounds(phrase: str, lo: str | None, hi: str | None, lo_open: bool, hi_open: bool) -> None:
    def day(iso: str | None) -> int | None:
        return None if iso is None else datetime.date.fromisoformat(iso).toordinal()
    reading = read_date(phrase, published=PUBLISHED)
    assert reading.interval == Interval(day(lo), day(hi), lo_open, hi_open)


def test_a_weekday_beside_a_date_must_be_its_weekday() -> None:
    wrong = read_value("Tuesday, February 6, 2025", DEFAULT_VOCABULARY, unit="date",
                       published=datetime.date(2025, 2, 10))
    assert wrong.interval == days("2025-02-06")
    assert wrong.weekday_conflict == "February 6, 2025 was a Thursday, not a Tuesday"
    right = read_value("Thursday, February 6, 2025", DEFAULT_VOCABULARY, unit="date")
    assert right.weekday_conflict is None


def test_a_future_date_is_a_weekday_not_was() -> None:
    reading = read_date("Monday, March 27, 2025", published=PUBLISHED)
    assert reading.weekday_conflict == "March 27, 2025 is a Thursday, not a Monday"


@pytest.mark.parametrize("phrase", ["Wednesday", "yesterday", "last week", "5 February", "March"])
def test_relative_dates_need_the_publication_date(phrase: str) -> None:
    with pytest.raises(LocalError) as caught:
        read_value(phrase, DEFAULT_VOCABULARY, unit="date")
    assert caught.value.code == "date-needs-published"
    assert "published" in (caught.value.hint or "")


def test_absolute_dates_need_no_publication_date() -> None:
    reading = read_value("February 5, 2025", DEFAULT_VOCABULARY, unit="date")
    assert reading.interval == days("2025-02-05")


@pytest.mark.parametrize("phrase, code, offset, hint", [
    ("Febuary 5, 2025", "unreadable-value", 0, '"February"'),
    ("Wensday", "unreadable-value", 0, '"Wednesday"'),
    ("5 Feb 2025 maybe", "unreadable-value", 11, '"5 Feb 2025"'),
    ("February 30, 2025", "invalid-date", 9, None),
    ("2025-02-30", "invalid-date", 8, None),
    ("2025-13-01", "invalid-date", 5, "YYYY-MM-DD"),
    ("March 5 to March 3, 2025", "unreadable-value", 0, None),
    ("Tuesday, March 2025", "unreadable-value", 0, "Tuesday, February 4, 2025"),
    ("early", "unreadable-value", 5, "four digits"),
    ("", "unreadable-value", 0, "such as"),
])
def test_unreadable_dates(phrase: str, code: str, offset: int, hint: str | None) -> None:
    with pytest.raises(LocalError) as caught:
        read_date(phrase, published=PUBLISHED)
    assert (caught.value.code, caught.value.offset) == (code, offset)
    if hint is not None:
        assert hint in (caught.value.hint or "")


def test_explicit_date_forms() -> None:
    span = read_explicit({"min": "February 2025", "max": "2025-03-05"}, DEFAULT_VOCABULARY,
                         unit="date")
    assert span.interval == days("2025-02-01", "2025-03-05")
    near = read_explicit({"value": "2025-03-05", "tolerance": "3 days"}, DEFAULT_VOCABULARY,
                         unit="date")
    assert near.interval == days("2025-03-02", "2025-03-08")


def test_format_day() -> None:
    assert format_day(datetime.date(2025, 2, 5).toordinal()) == "2025-02-05"
