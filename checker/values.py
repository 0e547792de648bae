"""Values as reporters write them ("nearly two dozen", "$1.2 million", "hundreds") as intervals.

The grammar is  [qualifier] figure [qualifier]  where a figure is a number, a spelled-out
number (number_words.py), a vague word or a range of two of them; every word comes from
vocabulary.py. A phrase it cannot read is an error at the first part it did not understand,
never a guess.
"""

from __future__ import annotations

import datetime
import re
from fractions import Fraction
from typing import NamedTuple

from . import dates
from .interval import Interval
from .number_words import NumberWords
from .problems import LocalError
from .vocabulary import (
    CURRENCY_AFTER, CURRENCY_BEFORE, CURRENCY_CODES, DURATION_UNITS, MAX_DIGITS, MAX_WORD_PHRASE,
    NONE_WORDS, NUMBER_SCALES, NUMBER_TENS, NUMBER_UNITS, ORDINAL_TENS, ORDINAL_WORDS,
    PERCENT_WORDS, POINT_WORDS, QUALIFIERS_AFTER, QUALIFIERS_BEFORE, RANGE_JOINERS, SCALES,
    SHARE_PLURALS, SHARE_WORDS, PhraseTable, Scale, Token, Vocabulary, check_length,
    closest, invert, plain_number,
)


class Reading(NamedTuple):
    """What a value means: an interval of the quantity, and what the phrase was read as."""

    interval: Interval  # for dates, day numbers (datetime.date.toordinal)
    unit: str | None  # the unit the phrase itself implies: usd, gbp, percent, date...; None when bare
    kind: str  # exact | rounded | approximate | bound | range | vague | date
    text: str  # the phrase as written
    weekday_conflict: str | None = None  # "February 6, 2025 was a Thursday, not a Tuesday"
    stated: Fraction | None = None  # the figure as stated: "nearly 24" -> 24, "1.2 million" -> 1200000


_BEFORE = PhraseTable(invert(QUALIFIERS_BEFORE))
_AFTER = PhraseTable(invert(QUALIFIERS_AFTER))
_CURRENCY_BEFORE = PhraseTable({**CURRENCY_BEFORE, **{c: c for c in CURRENCY_CODES}})
_CURRENCY_AFTER = PhraseTable({**CURRENCY_AFTER, **{c: c for c in CURRENCY_CODES}})
_PERCENT = PhraseTable({**{p: "percent" for p in PERCENT_WORDS}, **{p: "pp" for p in POINT_WORDS}})
_DURATION = PhraseTable(DURATION_UNITS)
_NONE = PhraseTable({w: w for w in NONE_WORDS})
_ORDINAL_ENDINGS = ("st", "nd", "rd", "th")
_SCALES = PhraseTable(SCALES)
_LEXICON = sorted(
    set(NUMBER_UNITS) | set(NUMBER_TENS) | set(NUMBER_SCALES) | {"hundred", "half", "and"}
    | _BEFORE.words() | _AFTER.words() | _CURRENCY_BEFORE.words() | _CURRENCY_AFTER.words()
    | _PERCENT.words() | _SCALES.words() | {"between", "from", *RANGE_JOINERS}
    | _DURATION.words() | _NONE.words() | set(SHARE_WORDS) | set(SHARE_PLURALS) | set(ORDINAL_WORDS)
    | set(ORDINAL_TENS) | {"minus"}
)
EXAMPLES = 'write a figure such as "372", "about 300", "more than 1.2 million" or "between 10 and 20"'


class _Figure(NamedTuple):
    """One figure as written, before rounding and qualifiers give it an interval."""

    number: Fraction  # sign applied, before the scale word
    places: int  # digits written after the decimal point
    spelled: bool  # written in words, which are exact even with a scale ("two million")
    scale: Scale | None
    percent: str | None  # "percent" or "pp" (percentage points) when a word after it says so
    currency: str | None  # or a unit of time ("days") that a word after it gives
    start: int
    exact: bool = False  # a share in words ("two-thirds"): exactly that share, never rounded


class _Vague(NamedTuple):
    interval: Interval
    currency: str | None
    start: int


class _Core(NamedTuple):
    """The figure or range a qualifier applies to."""

    interval: Interval
    stated: Fraction | None  # None for vague words and ranges
    unit: str | None
    kind: str


def read_value(text: str, vocab: Vocabulary, *, unit: str | None = None,
               published: datetime.date | None = None) -> Reading:
    """Read one value; `unit="date"` reads it as a date, relative ones against `published`."""
    check_length(text)
    if unit == "date":
        day = dates.read_date(text, published=published)
        return Reading(day.interval, "date", "date", text, day.weekday_conflict)
    return _plain_figure(text) or _Parser(text, vocab).read()


# A figure in digits alone ("12,345", "-22.1%", "0.5"): most of the values of a large table.
# Read without the grammar, to the Reading the grammar gives it (tests/test_values.py checks
# the two agree); anything else, a figure at a limit included, goes through the grammar.
_PLAIN = re.compile(r"(-?)([0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:_[0-9]+)*(?:\.[0-9]+)?)(%?)")


def _plain_figure(text: str) -> Reading | None:
    m = _PLAIN.fullmatch(text)
    if m is None:
        return None
    sign, digits, percent = m.groups()
    if sum(c.isdigit() for c in digits) > MAX_DIGITS:
        return None  # the grammar says why
    number = Fraction(digits.replace(",", "").replace("_", ""))
    figure = _Figure(-number if sign else number, len(digits.partition(".")[2]), False, None,
                     "percent" if percent else None, None, 0)
    core = _single(figure)
    return Reading(core.interval, core.unit, core.kind, text, stated=core.stated)


class _Parser(NumberWords):
    """Recursive descent over the tokens of one value."""

    def __init__(self, text: str, vocab: Vocabulary) -> None:
        super().__init__(text)
        self.vocab = vocab

    def read(self) -> Reading:
        if not self.tokens:
            raise LocalError("unreadable-value", "the value is empty", 0, EXAMPLES)
        before = self._qualifier(_BEFORE)
        core = self._core()
        after = self._qualifier(_AFTER)
        if self.i < len(self.tokens):
            raise self._unexpected(self.tokens[self.i], after_figure=True)
        if before and after:
            raise LocalError("unreadable-value", f'"{before[1]}" and "{after[1]}" both qualify the '
                             "figure; keep one", after[2], EXAMPLES)
        qualifier = before or after
        if qualifier is None:
            return Reading(core.interval, core.unit, core.kind, self.text, stated=core.stated)
        interval, kind = _qualify(qualifier[0], qualifier[1], core, self.vocab, qualifier[2])
        return Reading(interval, core.unit, kind, self.text, stated=core.stated)

    def _core(self) -> _Core:
        if self.take_word("between"):
            self.and_joins = True
            first = self._term()
            self.and_joins = False
            self._expect(("and",), '"between" takes two figures: "between 10 and 20"')
            return _join(first, self._term())
        if self.take_word("from"):
            first = self._term()
            self._expect(("to", "-", "–"), '"from" takes two figures: "from 10 to 20"')
            return _join(first, self._term())
        first = self._term()
        if self.at(*RANGE_JOINERS) and _AFTER.match(self.tokens, self.i) is None:
            self.i += 1
            return _join(first, self._term())
        return _single(first)

    def _term(self) -> _Figure | _Vague:
        start = self.offset()
        vague = self._vague()
        if vague is not None:
            return vague
        sign = self._sign()
        currency = self.take(_CURRENCY_BEFORE)
        if currency is not None and sign == 1:
            sign = self._sign()  # "$-5" as well as "-$5"
        tok = self.peek()
        if tok is None:
            written = self.text.strip()
            raise LocalError("unreadable-value", f'"{written}" ends before its figure',
                             len(self.text), EXAMPLES)
        if tok.kind == "number":
            number, places = _digits(tok), len(tok.text.partition(".")[2])
            self.i += 1
            if places == 0 and self._glued_ordinal():  # "8th": a count where it stands for one
                return _Figure(sign * number, 0, True, None, None, currency, start)
            scale = self.take(_SCALES)
            figure = _Figure(sign * number, places, False, scale, None, currency, start)
        else:
            word = self._word_figure()
            if word is not None:
                return word._replace(number=sign * word.number, currency=currency or word.currency,
                                     start=start)
            spelled = self._number_words()
            if spelled is None:
                raise self._unexpected(tok, after_figure=False)
            figure = _Figure(sign * spelled[0], 0, True, spelled[1], None, currency, start)
        percent = self.take(_PERCENT)
        after = self._currency_after(figure.currency)
        if after is None and percent is None:
            after = self.take(_DURATION)
        return figure._replace(percent=percent, currency=after)

    def _glued_ordinal(self) -> bool:
        tok, before = self.peek(), self.tokens[self.i - 1]
        if tok is not None and tok.text in _ORDINAL_ENDINGS and tok.start == before.end:
            self.i += 1
            return True
        return False

    def _word_figure(self) -> _Figure | None:
        """A figure that is one word or a share: "none", "eighth", "half", "two-thirds"."""
        start = self.i
        if self.take(_NONE) is not None:
            return _Figure(Fraction(0), 0, True, None, None, None, 0)
        share = self._share_words()
        if share is not None:
            return _Figure(share * 100, 0, True, None, "percent", None, 0, exact=True)
        self.i = start
        ordinal = self._ordinal()
        if ordinal is not None:
            return _Figure(Fraction(ordinal), 0, True, None, None, None, 0)
        self.i = start
        return None

    def _vague(self) -> _Vague | None:
        for n in range(min(MAX_WORD_PHRASE, len(self.tokens) - self.i), 0, -1):
            run = self.tokens[self.i:self.i + n]
            interval = self.vocab.words.get(" ".join(t.text for t in run))
            if interval is not None and all(t.kind == "word" for t in run):
                start = run[0].start
                self.i += n
                currency = None
                if self.at("of") and _CURRENCY_AFTER.match(self.tokens, self.i + 1):
                    self.i += 1  # "millions of dollars"
                    currency = self.take(_CURRENCY_AFTER)
                else:
                    currency = self.take(_DURATION)  # "several days"
                return _Vague(interval, currency, start)
        return None

    def _qualifier(self, table: PhraseTable[str]) -> tuple[str, str, int] | None:
        """(qualifier name, phrase as written, offset) when one starts here."""
        first = self.peek()
        name = self.take(table)
        if name is None or first is None:
            return None
        return name, self.text[first.start:self.tokens[self.i - 1].end], first.start

    def _sign(self) -> int:
        if self.take_word("-", "minus"):  # "minus 5C" as well as "-5"
            return -1
        self.take_word("+")
        return 1

    def _currency_after(self, before: str | None) -> str | None:
        where = self.offset()
        after = self.take(_CURRENCY_AFTER)
        if before and after and before != after:
            raise LocalError("unreadable-value", f"the figure is in both {before.upper()} and "
                             f"{after.upper()}", where, "keep one currency")
        return before or after

    def _expect(self, words: tuple[str, ...], hint: str) -> None:
        if not self.take_word(*words):
            where = self.offset()
            raise LocalError("unreadable-value", f'expected "{words[0]}" after '
                             f'"{self.text[:where].strip()}"', where, hint)

    def _unexpected(self, tok: Token, *, after_figure: bool) -> LocalError:
        """The error for the first token the grammar could not place."""
        written = self.text[tok.start:tok.end]
        before = self.text[:tok.start].strip()
        where = f' after "{before}"' if before else ""
        # Words after a complete figure are usually a unit or a comment: the figure reads alone.
        alone = f'write the figure alone, such as "{before}"' if after_figure else EXAMPLES
        if tok.text in ("hundred", "dozen", *NUMBER_SCALES) and not before:
            return LocalError("unreadable-value", f'"{written}" needs a number before it', tok.start,
                              f'did you mean "a {written}"?')
        if tok.kind != "word" or tok.text in _LEXICON or tok.text in _vague_words(self.vocab):
            return LocalError("unreadable-value", f'did not expect "{written}"{where}', tok.start, alone)
        near = self._suggest(tok)
        if near:
            hint = f'did you mean "{near}"?'
        elif dates.is_date_word(tok.text):
            hint = "this reads as a date: give the quantity `unit: date`"
        else:
            hint = alone
        return LocalError("unreadable-value", f'cannot read "{written}"{where}', tok.start, hint)

    def _suggest(self, tok: Token) -> str | None:
        # In "twelvety-three" the misspelt part must be a tens word; in "twenty-thre", a unit.
        j = self.tokens.index(tok)
        nxt, nxt2 = self.peek(j + 1 - self.i), self.peek(j + 2 - self.i)
        if nxt and nxt.text == "-" and nxt2 and 1 <= NUMBER_UNITS.get(nxt2.text, 0) <= 9:
            tens = closest(tok.text, NUMBER_TENS)
            return f"{tens}-{nxt2.text}" if tens else None
        if j >= 2 and self.tokens[j - 1].text == "-" and self.tokens[j - 2].text in NUMBER_TENS:
            unit = closest(tok.text, [w for w, v in NUMBER_UNITS.items() if 1 <= v <= 9])
            return f"{self.tokens[j - 2].text}-{unit}" if unit else None
        near = closest(tok.text, [*_LEXICON, *_vague_words(self.vocab)])
        return near if near is not None and _slip(tok.text, near) else None


def _slip(written: str, known: str) -> bool:
    """Whether `written` can be a slip for `known`, not a word of another meaning: a hint never
    turns "none" into "one" or "thirds" into "thirty". Slips keep the first letter and differ by
    a letter or two (one in a short word), a swap of neighbours counting as one."""
    if written[:1] != known[:1]:
        return False
    return _edits(written, known) <= max(1, len(written) // 4)


def _edits(a: str, b: str) -> int:
    """Edits from a to b (insert, delete, replace, swap two neighbours)."""
    rows = [list(range(len(b) + 1))]
    for i, ca in enumerate(a, 1):
        row = [i]
        for j, cb in enumerate(b, 1):
            cost = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, rows[-2][j - 2] + 1)
            row.append(cost)
        rows.append(row)
    return rows[-1][-1]


def _vague_words(vocab: Vocabulary) -> set[str]:
    return {w for phrase in vocab.words for w in phrase.split()}


def _digits(tok: Token) -> Fraction:
    count = sum(c.isdigit() for c in tok.text)
    if count > MAX_DIGITS:
        raise LocalError("number-too-long", f"a number has at most {MAX_DIGITS} digits; this one "
                         f"has {count}", tok.start, "check the figure, or write it with a scale word "
                         'such as "million"')
    number = plain_number(tok.text)
    if number is None:
        whole = tok.text.replace(",", "").replace("_", "")
        head, _, tail = tok.text.replace("_", "").rpartition(",")
        decimal = f"{head.replace(',', '')}.{tail}" if "." not in tok.text else whole
        raise LocalError("unreadable-value", f'"{tok.text}" is not a number: commas group digits '
                         "in threes", tok.start, f'did you mean "{whole}" or "{decimal}"?')
    return number


# -- meanings -----------------------------------------------------------------------------


def _figure_reading(f: _Figure) -> tuple[Interval, Fraction, str]:
    """(interval, stated figure, kind): decimals, scaled figures and percentages are rounded."""
    factor = f.scale.factor if f.scale else 1
    stated = f.number * factor
    # A decimal is a reporter's rounded figure: 7.22 is [7.215, 7.225), as 1.2 million is
    # rounded at its last digit; {value: 7.22, exact: true} keeps an exact one.
    rounds = not f.exact and (f.percent or f.places > 0
                              or (f.scale is not None and f.scale.rounds and not f.spelled))
    if not rounds:
        return Interval.point(stated), stated, "exact"
    half = Fraction(factor, 2 * 10**f.places)
    # Rounding half away from zero, as reporters do: 1.25 million is written "1.3 million",
    # so the end nearer zero is included and the far end is not.
    return Interval(stated - half, stated + half, stated <= 0, stated >= 0), stated, "rounded"


def _unit(term: _Figure | _Vague) -> str | None:
    return term.percent if isinstance(term, _Figure) and term.percent else term.currency


def _single(term: _Figure | _Vague) -> _Core:
    if isinstance(term, _Vague):
        return _Core(term.interval, None, term.currency, "vague")
    if term.percent and term.currency:
        raise LocalError("unreadable-value", "a figure cannot be both a percentage and money",
                         term.start, EXAMPLES)
    interval, stated, kind = _figure_reading(term)
    return _Core(interval, stated, _unit(term), kind)


def _join(first: _Figure | _Vague, second: _Figure | _Vague) -> _Core:
    """A range: the ends share a currency, a percent sign and a trailing scale word."""
    if isinstance(first, _Figure) and isinstance(second, _Figure):
        first, second = _share(first, second)
    a, b = _single(first), _single(second)
    if a.unit and b.unit and a.unit != b.unit:
        raise LocalError("unreadable-value", f"the range mixes {a.unit} and {b.unit}",
                         second.start, "write both ends in one unit")
    low = a.stated if a.stated is not None else a.interval.lo
    high = b.stated if b.stated is not None else b.interval.lo
    if low is not None and high is not None and low > high:
        raise LocalError("unreadable-value", "the range runs downward: write the smaller end first",
                         first.start, None)
    # Each end keeps its own reading: the range runs from the first end's least value to the
    # second end's greatest. "1.2 to 1.5 million" is [1.15 million, 1.55 million), and
    # "between 1 and 1.2 thousand" is [500, 1,250), not the hull [500, 1,500).
    lo, hi = a.interval, b.interval
    return _Core(Interval(lo.lo, hi.hi, lo.lo_open, hi.hi_open), None, a.unit or b.unit, "range")


def _share(first: _Figure, second: _Figure) -> tuple[_Figure, _Figure]:
    # A unit written at one end only is shared; ends in two units ("0.25 points to 3.5%") are not.
    first = first._replace(percent=first.percent or second.percent,
                           currency=first.currency or second.currency)
    second = second._replace(percent=second.percent or first.percent,
                             currency=second.currency or first.currency)
    # "between 1.2 and 1.5 million" shares the scale word; "500 to 1.2 million" cannot.
    if first.scale is None and second.scale is not None and first.number <= second.number:
        first = first._replace(scale=second.scale)
    return first, second


def _qualify(name: str, phrase: str, core: _Core, vocab: Vocabulary,
             offset: int) -> tuple[Interval, str]:
    """The interval and kind of a qualified figure ("nearly 24", "more than 1.2 million")."""
    iv, v = core.interval, core.stated
    if name == "approximate":
        lo = None if iv.lo is None else iv.lo - abs(iv.lo) * vocab.approximate
        hi = None if iv.hi is None else iv.hi + abs(iv.hi) * vocab.approximate
        return Interval(lo, hi, iv.lo_open, iv.hi_open), "approximate"
    if name in ("below", "above"):
        if v is None:
            raise LocalError("unreadable-value", f'"{phrase}" needs one figure, not a vague word '
                             "or a range", offset, f'such as "{phrase} 300"')
        if v == 0:
            raise LocalError("unreadable-value", f'"{phrase}" zero has no reading: the tolerance '
                             "is a share of the figure", offset, "write a bound such as \"under 5\"")
        # "nearly v" lies between v and a point nearer zero, "just over v" beyond v; v itself
        # is excluded either way, and for negatives the same holds mirrored.
        near = v * (1 - vocab.below) if name == "below" else v * (1 + vocab.above)
        lo, hi = sorted((near, v))
        return Interval(lo, hi, lo == v, hi == v), "approximate"
    if core.kind == "range":
        raise LocalError("unreadable-value", f'"{phrase}" takes one figure, not a range', offset,
                         'write "between 10 and 20", or one bound such as "more than 10"')
    if v is None:
        # A bound on a vague word: "at least hundreds" and "up to hundreds" include the word
        # ([200, ∞), (−∞, 999]); "fewer than hundreds" does not reach it (below 200) and
        # "more than hundreds" passes it (above 999).
        return {
            "more": Interval(iv.hi, None, not iv.hi_open, True),
            "at-least": Interval(iv.lo, None, iv.lo_open, True),
            "less": Interval(None, iv.lo, True, not iv.lo_open),
            "at-most": Interval(None, iv.hi, True, iv.hi_open),
        }[name], "bound"
    bounds = {
        "more": Interval(v, None, True, True), "at-least": Interval(v, None, False, True),
        "less": Interval(None, v, True, True), "at-most": Interval(None, v, True, False),
    }
    return bounds[name], "bound"
