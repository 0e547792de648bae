"""Dates as reporters write them, read as intervals of day numbers (`date.toordinal()`).

"February 5, 2025" is one day; "March 2025", "early 2022" and "last week" are spans of days.
Relative dates ("Wednesday", "yesterday", "5 February") resolve against the publication date.
"""

from __future__ import annotations

import calendar
import datetime
from typing import Callable, NamedTuple

from .interval import Interval
from .problems import LocalError
from .vocabulary import Cursor, PhraseTable, Token, check_length, closest

Day = datetime.date
Span = tuple[Day, Day]  # first and last day, both included

MONTHS: dict[str, int] = {
    **{name.lower(): i for i, name in enumerate(calendar.month_name) if name},
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS: dict[str, int] = {
    **{name.lower(): i for i, name in enumerate(calendar.day_name)},
    "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4,
    "sat": 5, "sun": 6,
}
_MONTH_NAME = list(calendar.month_name)  # English whatever the locale: calendar's defaults
_WEEKDAY_NAME = list(calendar.day_name)


def _week(p: Day, shift: int) -> Span:
    monday = p - datetime.timedelta(days=p.weekday()) + datetime.timedelta(weeks=shift)
    return monday, monday + datetime.timedelta(days=6)


def _month(p: Day, shift: int) -> Span:
    year, month = divmod(p.year * 12 + p.month - 1 + shift, 12)
    return _month_span(year, month + 1)


def _year(p: Day, shift: int) -> Span:
    return Day(p.year + shift, 1, 1), Day(p.year + shift, 12, 31)


def _days(p: Day, shift: int) -> Span:
    day = p + datetime.timedelta(days=shift)
    return day, day


class Relative(NamedTuple):
    meaning: str  # for the docs
    span: Callable[[Day], Span]  # the days it means, given the publication date


RELATIVE: dict[str, Relative] = {
    "today": Relative("the publication day", lambda p: _days(p, 0)),
    "yesterday": Relative("the day before publication", lambda p: _days(p, -1)),
    "tomorrow": Relative("the day after publication", lambda p: _days(p, 1)),
    "this week": Relative("Monday to Sunday of the publication week", lambda p: _week(p, 0)),
    "last week": Relative("Monday to Sunday of the week before the publication week "
                          "(the 7 days before its Monday)", lambda p: _week(p, -1)),
    "next week": Relative("Monday to Sunday of the week after the publication week",
                          lambda p: _week(p, 1)),
    "this month": Relative("the calendar month of publication", lambda p: _month(p, 0)),
    "last month": Relative("the calendar month before publication", lambda p: _month(p, -1)),
    "next month": Relative("the calendar month after publication", lambda p: _month(p, 1)),
    "this year": Relative("the calendar year of publication", lambda p: _year(p, 0)),
    "last year": Relative("the calendar year before publication", lambda p: _year(p, -1)),
    "next year": Relative("the calendar year after publication", lambda p: _year(p, 1)),
}

# Thirds: of a year by months, of a month by days (the last third runs to the month's end).
PARTS: dict[str, tuple[tuple[int, int], tuple[int, int]]] = {
    "early": ((1, 4), (1, 10)),
    "mid": ((5, 8), (11, 20)),
    "late": ((9, 12), (21, 31)),
}
# Seasons by their months in the northern hemisphere; winter, which runs across two years, is
# left out: write its months.
SEASONS: dict[str, tuple[int, int]] = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11),
                                       "fall": (9, 11)}
QUARTERS: dict[str, int] = {"q1": 1, "q2": 2, "q3": 3, "q4": 4, "first quarter": 1,
                            "second quarter": 2, "third quarter": 3, "fourth quarter": 4}
BOUNDS: dict[str, str] = {
    "before": "before", "after": "after", "by": "by", "no later than": "by", "on or before": "by",
    "since": "since", "on or after": "since", "no earlier than": "since",
}
_BOUND_MEANING = {"before": "every day before it", "after": "every day after it",
                  "by": "up to and including its last day", "since": "from its first day on"}

_RELATIVE = PhraseTable(RELATIVE)
_QUARTERS = PhraseTable(QUARTERS)
_BOUNDS = PhraseTable(BOUNDS)
_ORDINAL_ENDINGS = ("st", "nd", "rd", "th")
_FILLERS = ("on", "in", "during", "of", "the")
_LEXICON = sorted({*MONTHS, *WEEKDAYS, *PARTS, *SEASONS, *_ORDINAL_ENDINGS, *_FILLERS, "last", "between",
                   "and", "from", "to", "until", "through", "quarter", "first", "second", "third",
                   "fourth", *_RELATIVE.words(), *_BOUNDS.words()})
_JOINERS = ("to", "-", "–", "until", "through")
EXAMPLES = 'write a date such as "2025-02-05", "February 5, 2025", "Wednesday" or "March 2025"'


class DateReading(NamedTuple):
    """The days a date phrase means, and any weekday it names that does not fit them."""

    interval: Interval
    weekday_conflict: str | None = None


class _Span(NamedTuple):
    """A date as written, before its year (when left out) is known."""

    year: int | None  # None: not written; from the range's other end or from publication
    days: Callable[[int], Span]  # first and last day, given the year
    start: int
    weekday: int | None = None  # a weekday written beside the date


def is_date_word(word: str) -> bool:
    """True for a month or weekday name: a sign that a value is a date."""
    return word in MONTHS or word in WEEKDAYS


def format_day(n: int) -> str:
    """A day number as an ISO date: 739331 -> "2025-02-05"."""
    return Day.fromordinal(n).isoformat()


def read_date(text: str, *, published: Day | None = None) -> DateReading:
    """Read one date phrase; relative ones need `published`."""
    check_length(text)
    try:
        return _DateParser(text, published).read()
    except (ValueError, OverflowError):  # days and months are checked; this is the year
        raise LocalError("invalid-date", "the date falls outside the calendar's years 1 to 9999",
                         0, EXAMPLES) from None


def _month_span(year: int, month: int) -> Span:
    return Day(year, month, 1), Day(year, month, calendar.monthrange(year, month)[1])


class _DateParser(Cursor):
    def __init__(self, text: str, published: Day | None) -> None:
        super().__init__(text)
        self.published = published
        self.range_words: tuple[str, ...] = ()  # what joins two days of one month in this range

    def read(self) -> DateReading:
        if not self.tokens:
            raise LocalError("unreadable-value", "the date is empty", 0, EXAMPLES)
        bound = self.take(_BOUNDS)
        # "between May 29 and 31", "from June 3 to 5": the days of one month are the range.
        if self.take_word("between") or self.take_word("from"):
            joiners = ("and",) if self.tokens[self.i - 1].text == "between" else _JOINERS
            self.range_words = joiners
            first = self._span()
            # the days took the joiner when both ends are in one month ("May 29 and 31")
            joiner = self._expect(joiners) if self.range_words else False
        else:
            first = self._span()
            joiner = self.take_word(*_JOINERS)
        second = self._span() if joiner else None
        if self.i < len(self.tokens):
            raise self._unexpected(after_date=True)
        if bound and second:
            raise LocalError("unreadable-value", f'"{bound}" takes one date, not a range', 0,
                             EXAMPLES)
        # In "February 3 to February 5, 2025" the first end takes its year from the second.
        lo, hi = self._resolve(first, second.year if second else None)
        conflict = self._weekday_conflict(first, lo, hi)
        if second is not None:
            lo2, hi = self._resolve(second, None)
            conflict = conflict or self._weekday_conflict(second, lo2, hi)
            if lo2 < lo:
                raise LocalError("unreadable-value", "the range runs backward in time: write the "
                                 "earlier date first", first.start, None)
        ends = {
            None: Interval(lo.toordinal(), hi.toordinal()),
            "before": Interval(None, lo.toordinal(), True, True),
            "after": Interval(hi.toordinal(), None, True, True),
            "by": Interval(None, hi.toordinal(), True, False),
            "since": Interval(lo.toordinal(), None, False, True),
        }
        return DateReading(ends[bound], conflict)

    # -- one date ---------------------------------------------------------------------------
    def _span(self) -> _Span:
        while self.take_word(*_FILLERS):
            pass
        start = self.offset()
        relative = self.take(_RELATIVE)
        if relative is not None:
            return self._relative(relative.span, start)
        if self.take_word("last"):
            weekday = self._weekday()
            if weekday is None:
                raise self._unexpected()
            # "last Wednesday": within the seven days before publication, not on it.
            return self._relative(lambda p: _days(p, -((p.weekday() - weekday - 1) % 7 + 1)), start)
        weekday = self._weekday()
        if weekday is not None:
            self.take_word(",")
            if self.peek() is None or self.at(*_JOINERS, "and"):
                # A bare weekday is that day in the seven days up to and including publication.
                return self._relative(lambda p: _days(p, -((p.weekday() - weekday) % 7)), start)
            return self._calendar(start)._replace(weekday=weekday)
        return self._calendar(start)

    def _calendar(self, start: int) -> _Span:
        tok = self.peek()
        if tok is None:
            raise LocalError("unreadable-value", "the date ends before its day, month or year",
                             len(self.text), EXAMPLES)
        if tok.text in PARTS:
            self.i += 1
            self.take_word("-")
            return self._part(tok.text, start)
        if tok.text in SEASONS:  # "spring 2026": its three months, as the northern half sees it
            self.i += 1
            first, last = SEASONS[tok.text]
            year = self._year(required=True)
            return _Span(year, lambda y: (_month_span(y, first)[0], _month_span(y, last)[1]), start)
        quarter = self.take(_QUARTERS)
        if quarter is not None:
            self.take_word("of")
            year = self._year(required=True)
            first_month = 3 * quarter - 2
            return _Span(year, lambda y: (_month_span(y, first_month)[0],
                                          _month_span(y, first_month + 2)[1]), start)
        if tok.kind == "number" and len(tok.text) == 4 and tok.text.isdigit():
            if self.peek(1) and self.peek(1).text == "-" and self._is_day(self.peek(2)):
                return self._iso(start)
            self.i += 1
            year = int(tok.text)
            return _Span(year, lambda y: (Day(y, 1, 1), Day(y, 12, 31)), start)
        if self._is_day(tok):  # "5 February 2025", "3-5 February"
            days = self._days()
            self.take_word("of")
            month = self._month(required=True)
            return self._day_span(month, days, start)
        month = self._month(required=True)
        if self._is_day(self.peek()):  # "February 5, 2025", "February 3-5"
            return self._day_span(month, self._days(), start)
        self.take_word(",")
        return _Span(self._year(required=False), lambda y: _month_span(y, month), start)

    def _part(self, part: str, start: int) -> _Span:
        months, days = PARTS[part]
        month = self._month(required=False)
        if month is not None:
            self.take_word(",")

            def span(y: int) -> Span:
                last = min(days[1], calendar.monthrange(y, month)[1])
                return Day(y, month, days[0]), Day(y, month, last)
            return _Span(self._year(required=False), span, start)
        year = self._year(required=True)
        return _Span(year, lambda y: (Day(y, months[0], 1), _month_span(y, months[1])[1]), start)

    def _iso(self, start: int) -> _Span:
        year = int(self.tokens[self.i].text)
        month_tok = self.tokens[self.i + 2]
        self.i += 3
        month = int(month_tok.text)
        if not 1 <= month <= 12:
            raise LocalError("invalid-date", f"there is no month {month}", month_tok.start,
                             "write the date as YYYY-MM-DD")
        day_tok = self.peek(1)
        if not self.at("-") or not self._is_day(day_tok):
            return _Span(year, lambda y: _month_span(y, month), start)
        self.i += 2
        day = self._day(year, month, day_tok)
        return _Span(year, lambda _: (day, day), start)

    def _day_span(self, month: int, days: tuple[Token, Token], start: int) -> _Span:
        self.take_word(",")
        year = self._year(required=False)
        first, last = days

        def span(y: int) -> Span:
            return self._day(y, month, first), self._day(y, month, last)
        return _Span(year, span, start)

    def _days(self) -> tuple[Token, Token]:
        """A day of the month, or two ("3-5"), as tokens; ordinal endings allowed."""
        first = self.tokens[self.i]
        self.i += 1
        self.take_word(*_ORDINAL_ENDINGS)
        last = first
        if self.at("-", "–", "to", "and", *self.range_words) and self._is_day(self.peek(1)):
            self.range_words = ()  # the range is read: nothing more may join it
            self.i += 1
            last = self.tokens[self.i]
            self.i += 1
            self.take_word(*_ORDINAL_ENDINGS)
        return first, last

    def _day(self, year: int, month: int, tok: Token) -> Day:
        day = int(tok.text)
        length = calendar.monthrange(year, month)[1]
        if not 1 <= day <= length:
            raise LocalError("invalid-date", f"{_MONTH_NAME[month]} {year} has {length} days, "
                             f"not {day}", tok.start, None)
        return Day(year, month, day)

    # -- words ------------------------------------------------------------------------------
    def _is_day(self, tok: Token | None) -> bool:
        return tok is not None and tok.kind == "number" and tok.text.isdigit() and len(tok.text) <= 2

    def _named(self, names: dict[str, int]) -> int | None:
        """A month or weekday name; an abbreviation may end in a full stop ("Feb.")."""
        tok = self.peek()
        if tok is None or tok.text not in names:
            return None
        self.i += 1
        self.take_word(".")
        return names[tok.text]

    def _weekday(self) -> int | None:
        return self._named(WEEKDAYS)

    def _month(self, *, required: bool) -> int | None:
        month = self._named(MONTHS)
        if month is None and required:
            raise self._unexpected()
        return month

    def _year(self, *, required: bool) -> int | None:
        tok = self.peek()
        if tok is not None and tok.kind == "number" and tok.text.isdigit() and len(tok.text) == 4:
            self.i += 1
            return int(tok.text)
        if required:
            where = self.offset()
            raise LocalError("unreadable-value", f'expected a year after "{self.text[:where].strip()}"',
                             where, "write the year in four digits, such as 2025")
        return None

    def _expect(self, words: tuple[str, ...]) -> bool:
        if not self.take_word(*words):
            raise LocalError("unreadable-value", f'expected "{words[0]}" after '
                             f'"{self.text[:self.offset()].strip()}"', self.offset(), EXAMPLES)
        return True

    def _relative(self, span: Callable[[Day], Span], start: int) -> _Span:
        if self.published is None:
            raise LocalError("date-needs-published", f'"{self.text.strip()}" is relative to the '
                             "publication date, which the file does not give", start,
                             "add `published: YYYY-MM-DD` under `article:`")
        first, last = span(self.published)
        return _Span(first.year, lambda _: (first, last), start)

    def _resolve(self, span: _Span, other_year: int | None) -> Span:
        year = span.year if span.year is not None else other_year
        if year is None:
            if self.published is None:
                raise LocalError("date-needs-published", f'"{self.text.strip()}" gives no year, and '
                                 "the file has no publication date to take it from", span.start,
                                 "write the year, or add `published: YYYY-MM-DD` under `article:`")
            year = self.published.year
        return span.days(year)

    def _weekday_conflict(self, span: _Span, lo: Day, hi: Day) -> str | None:
        if span.weekday is None:
            return None
        if lo != hi:
            raise LocalError("unreadable-value", "a weekday goes with a single day, not a span",
                             span.start, "write a day of the month: \"Tuesday, February 4, 2025\"")
        if lo.weekday() == span.weekday:
            return None
        tense = "is" if self.published is not None and lo > self.published else "was"
        return (f"{_MONTH_NAME[lo.month]} {lo.day}, {lo.year} {tense} a "
                f"{_WEEKDAY_NAME[lo.weekday()]}, not a {_WEEKDAY_NAME[span.weekday]}")

    def _unexpected(self, *, after_date: bool = False) -> LocalError:
        tok = self.peek()
        if tok is None:
            return LocalError("unreadable-value", f'"{self.text.strip()}" ends too soon',
                              len(self.text), EXAMPLES)
        written = self.text[tok.start:tok.end]
        before = self.text[:tok.start].strip()
        where = f' after "{before}"' if before else ""
        if after_date:  # words after a whole date are a comment, not a misspelling
            return LocalError("unreadable-value", f'cannot read "{written}"{where}', tok.start,
                              f'write the date alone, such as "{before}"')
        near = closest(tok.text, _LEXICON) if tok.kind == "word" and tok.text not in _LEXICON else None
        if near:
            shown = near.capitalize() if is_date_word(near) else near
            return LocalError("unreadable-value", f'cannot read "{written}"{where}', tok.start,
                              f'did you mean "{shown}"?')
        return LocalError("unreadable-value", f'did not expect "{written}"{where}', tok.start, EXAMPLES)


def date_table_markdown() -> str:
    """The table of date phrases for docs/vocabulary.md, generated from the tables above."""
    rows = [
        ("`2025-02-05`, `February 5, 2025`, `Feb. 5, 2025`, `5 Feb 2025`, `5th February 2025`",
         "that day"),
        ("`February 5`, `5 Feb`", "that day in the year of publication"),
        ("`February 3-5, 2025`, `3–5 February 2025`", "those days"),
        ("`Tuesday, February 4, 2025`", "that day; the weekday must be that date's weekday"),
        ("`Wednesday`", "that day in the seven days up to and including publication"),
        ("`last Wednesday`", "that day in the seven days before publication"),
        *((f"`{phrase}`", r.meaning) for phrase, r in RELATIVE.items()),
        ("`March 2025`, `2025-03`, `in March 2025`", "every day of that month"),
        ("`March`", "that month in the year of publication"),
        ("`2022`", "every day of that year"),
        *((f"`{part} 2022`" + (", `mid-2022`" if part == "mid" else ""),
           f"{_MONTH_NAME[m[0]]} to {_MONTH_NAME[m[1]]} 2022") for part, (m, _) in PARTS.items()),
        *((f"`{part} March 2025`", f"March {d[0]} to {d[1]}, 2025 (in any month, the last "
           "third runs to its end)" if part == "late" else f"March {d[0]} to {d[1]}, 2025")
          for part, (_, d) in PARTS.items()),
        ("`Q1 2025`, `first quarter of 2025`", "January to March 2025 (and so on)"),
        *((f"`{season} 2025`", f"{_MONTH_NAME[m[0]]} to {_MONTH_NAME[m[1]]} 2025")
          for season, m in SEASONS.items()),
        ("`3 and 4 November 2025`", "those days"),
        ("`between March 3 and March 5, 2025`, `March 3 to March 5, 2025`",
         "from the first day of one to the last of the other"),
        ("`between May 29 and 31, 2025`, `from June 3 to 5, 2025`", "those days of one month"),
        *((f"`{phrase} March 2025`", _BOUND_MEANING[bound]) for phrase, bound in BOUNDS.items()),
    ]
    lines = ["| written (for `unit: date`) | means |", "| --- | --- |"]
    lines += [f"| {written} | {meaning} |" for written, meaning in rows]
    return "\n".join(lines) + "\n"
