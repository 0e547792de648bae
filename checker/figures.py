"""Figures in prose: every phrase of a draft that states a number, an amount or a date.

The scanner finds the core of a figure (digits, number words, a vague word, a month, a
weekday), skips what only looks like one (codes such as Covid-19 and G7, times, page numbers,
names such as Radio 4, ordinals), then grows the core over the words around it that the value
reader knows and keeps the longest phrase `read_value` reads: "nearly two dozen", "more than
1,000", "between £40m and £45m", "Wednesday, February 5, 2025". The words come from
vocabulary.py and dates.py; the tables of what is *not* a figure, from lookalikes.py.
"""

from __future__ import annotations

import bisect
import calendar
import datetime
import re
from typing import NamedTuple

from .changes import splits_range
from .dates import MONTHS, RELATIVE, WEEKDAYS
from .lookalikes import (
    CLASS_AFTER_YEAR, COUNTED_NOUNS, DATE_PREFIXES, DURATION_WORDS, FLAGGED_RELATIVE, FRACTIONS, GLUED_UNITS,
    LABEL_WORDS, MEASURE_PREFIXES, MONTH_CUES, NEEDS_OF, NOT_ALONE, NOT_YEAR_BEFORE, ONE_NOT_AFTER,
    ONE_NOT_BEFORE, ORDINAL_ENDINGS, PHRASAL_UP, PHRASAL_VERBS, POINT_CONTEXT, REFERENCE_BEFORE,
    SENTENCE_OPENERS, STREET_WORDS, TIME_WORDS, YEAR_NAME_BEFORE,
)
from .tables import row_at
from .problems import LocalError
from .values import Reading, read_value
from .vocabulary import (
    CURRENCY_AFTER, CURRENCY_BEFORE, CURRENCY_CODES, NUMBER_SCALES, NUMBER_TENS, NUMBER_UNITS,
    DURATION_UNITS, PERCENT_WORDS, POINT_WORDS, QUALIFIERS_AFTER, QUALIFIERS_BEFORE, RANGE_JOINERS, SCALES, PhraseTable, Token,
    Vocabulary, invert, tokenize,
)

_FULL_MONTHS = frozenset(m.lower() for m in calendar.month_name if m)
_SENTENCE_END = frozenset(".!?:;")
_OPENERS = frozenset("\"'“‘(")
_STAND_IN = datetime.date(2000, 6, 15)  # to test that a relative date reads, when none is given

_QUALIFIER = PhraseTable(invert(QUALIFIERS_BEFORE))
_CURRENCY = PhraseTable({**CURRENCY_BEFORE, **{c: c for c in CURRENCY_CODES}})
_VAGUE_CACHE: dict[str, tuple[object, PhraseTable[str]]] = {}
_NUMBER_WORDS = frozenset(NUMBER_UNITS) | frozenset(NUMBER_TENS)
_SCALE_WORDS = frozenset(SCALES) | frozenset(NUMBER_SCALES) | {"hundred", "dozen"}
# Words that can continue a figure to its right; read_value decides which phrase holds.
_RIGHT_WORDS = (
    _NUMBER_WORDS | _SCALE_WORDS | frozenset(MONTHS) | ORDINAL_ENDINGS
    | {w for p in PERCENT_WORDS for w in p.split()} | frozenset(CURRENCY_AFTER) | frozenset(CURRENCY_CODES)
    | frozenset(RANGE_JOINERS) | PhraseTable(invert(QUALIFIERS_AFTER)).words()
    | frozenset(CURRENCY_BEFORE) | {"and", "a", "half", "$", "£", "€", "¥"}
    | {w for p in POINT_WORDS for w in p.split()}
)
_POINTS = frozenset(("points", "point", "pts"))  # percentage points only where shares are spoken of
_UNIT_MARKS = frozenset({w for p in PERCENT_WORDS for w in p.split()} | set(CURRENCY_CODES) | set(CURRENCY_AFTER)
                        | {"$", "£", "€", "¥"})
_MAX_RIGHT = 8  # tokens a figure may grow to its right: "between £40m and £45m" takes 7


class Figure(NamedTuple):
    """A figure in prose; `reading` is None when the value reader cannot read it alone."""

    start: int
    end: int
    text: str
    reading: Reading | None
    kind: str  # number | money | percent | points | vague | range | date | fraction | ratio | score


class _Core(NamedTuple):
    a: int  # first token
    b: int  # one past the last token
    hint: str  # number | words | vague | date | year | fraction | ratio | score | skip


def find_figures(text: str, vocab: Vocabulary, *, published: datetime.date | None = None) -> list[Figure]:
    """Every figure in `text`, in order; relative dates are read against `published`."""
    return _Scanner(text, vocab, published).figures()


def readings_overlap(a: Reading, b: Reading) -> bool:
    """Whether two readings can be the same figure: their intervals meet, their money agrees."""
    money = {a.unit, b.unit} - {None, "percent", "date"}
    if len(money) > 1:
        return False
    return not a.interval.intersect(b.interval).is_empty()


class _Scanner:
    def __init__(self, text: str, vocab: Vocabulary, published: datetime.date | None) -> None:
        self.text = text
        self.vocab = vocab
        self.published = published
        self.tokens = tokenize(text)
        self.words = [t.text for t in self.tokens]
        self.vague = _vague_table(vocab)
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.title_lines: dict[int, bool] = {}

    def figures(self) -> list[Figure]:
        found: list[Figure] = []
        i = floor = 0  # floor: the first token no earlier figure has taken
        while i < len(self.tokens):
            core = self._core(i)
            if core is None:
                i += 1
                continue
            if core.hint == "skip":
                i = floor = core.b
                continue
            figure, i = self._grow(core, floor)
            floor = i
            found.append(figure)
        return found

    # -- the cores ---------------------------------------------------------------------------
    def _core(self, i: int) -> _Core | None:
        tok = self.tokens[i]
        if tok.kind == "number":
            return self._number_core(i)
        if tok.kind != "word":
            return None
        word = tok.text
        vague = self.vague.match(self.tokens, i)
        if vague is not None and self._vague_counts(i, vague[1]):
            return _Core(i, i + vague[1], "vague")
        if word in _NUMBER_WORDS:
            return self._number_word_core(i)
        if word in ("a", "an", "half"):
            return self._fraction_core(i)
        if word in MONTHS and self._is_month(i):
            return _Core(i, i + 1, "date")
        if word in WEEKDAYS and len(word) > 3 and self._capitalised(i):
            return _Core(i, i + 1, "date")
        if word in FLAGGED_RELATIVE and word in RELATIVE:
            return _Core(i, i + 1, "date")
        return None

    def _number_core(self, i: int) -> _Core | None:
        tok, nxt = self.tokens[i], self._next(i)
        before = self.text[tok.start - 1] if tok.start else " "
        if before.isalpha():
            return _Core(i, i + 1, "skip")  # a code: G7, A64, CMIP6
        if before == "-" and i >= 2 and self._glued(i - 2) and self.tokens[i - 2].kind == "word":
            if self.words[i - 2] not in DATE_PREFIXES | MEASURE_PREFIXES:
                return _Core(i, i + 1, "skip")  # Covid-19, F-16; but magnitude-7.1 is a figure
        if nxt is not None and self._glued(i):
            core = self._glued_core(i, nxt)
            if core is not None:
                return core
        if self._names_a_class(i):
            return _Core(i, i + 1, "skip")
        if tok.text.startswith("0") and len(tok.text) > 1 and "." not in tok.text:
            return _Core(i, i + 1, "skip")  # 0900 GMT, phone numbers
        if self._time_follows(i) or self._label_before(i):
            return self._skip_chain(i)
        if self._named(i) or self._address(i):
            return _Core(i, i + 1, "skip")
        ratio = self._ratio(i)
        if ratio is not None:
            return ratio
        amount = nxt is not None and nxt.text in NOT_YEAR_BEFORE  # "2000 more than on Monday"
        return _Core(i, i + 1, "year" if _year_like(tok.text) and not amount else "number")

    def _glued_core(self, i: int, nxt: Token) -> _Core | None:
        """What letters or symbols written straight after a number make of it."""
        after = self.text[nxt.start:nxt.end]
        if nxt.kind == "word":
            if nxt.text in ORDINAL_ENDINGS:
                return None if self._month_near(i) else _Core(i, i + 2, "skip")
            if nxt.text == "s" or nxt.text in TIME_WORDS or nxt.text in ("a", "p") and self._dotted_time(i):
                return _Core(i, i + 2, "skip")  # the 1990s, over-50s, 3pm, 10 a.m.
            if nxt.text in SCALES or after in GLUED_UNITS:
                return None
            return _Core(i, i + 2, "skip")  # 5G, 3D, 4x4
        third = self.tokens[i + 2] if i + 2 < len(self.tokens) else None
        if third is None or third.kind != "number" or not self._glued(i + 1):
            return None
        if nxt.text in (":", "/", "x"):
            return self._skip_chain(i)  # 10:30, 24/7, 2023/24
        if nxt.text in ("-", "–"):
            first, second = self.tokens[i].text, third.text
            if _year_like(first) and (len(second) == 2 or _year_like(second)):
                return _Core(i, i + 3, "skip")  # 2025-26, 1991-2020: a period's name
            if first.isdigit() and second.isdigit() and int(second) <= int(first) < 100:
                return _Core(i, i + 3, "score")  # 3-2, 9-4
        return None

    def _number_word_core(self, i: int) -> _Core | None:
        if self._capitalised(i) and not self._sentence_start(i) and not self._title_line(i):
            return None  # Formula One, BBC One
        after = self.words[i + 1:i + 3]
        if after[:1] == ["-"] and after[1:] and after[1] in FRACTIONS:
            return _Core(i, i + 3, "fraction")  # two-thirds
        if after[:1] and after[0] in FRACTIONS - {"half"}:
            return _Core(i, i + 2, "fraction")  # three quarters
        ratio = self._ratio(i)
        if ratio is not None:
            return ratio
        if (self.words[i] == "one" and not self._one_counts(i)) or self._names_a_class(i):
            return None
        if self.words[i] == "two" and i > 0 and self.words[i - 1] in REFERENCE_BEFORE \
                and self.words[i - 2:i - 1] != ["of"]:
            return None
        return _Core(i, i + 1, "words")

    def _names_a_class(self, i: int) -> bool:
        """ "five-year-olds", "10-year gilts"; but "a 19-year-old" is an age, a figure."""
        run = self.words[i + 1:i + 5] + ["", "", "", ""]
        if run[:2] != ["-", "year"]:
            return False
        return run[2:4] == ["-", "olds"] or run[2] in CLASS_AFTER_YEAR

    def _one_counts(self, i: int) -> bool:
        """Whether "one" counts something: not "one of the largest", "no one", "one-off"."""
        prev = self.words[i - 1] if i else ""
        nxt = self.words[i + 1] if i + 1 < len(self.words) else ""
        if prev in ONE_NOT_AFTER or nxt in ONE_NOT_BEFORE or nxt == "'":
            return False
        if nxt == "-" and i + 2 < len(self.words):
            return self.words[i + 2] in DURATION_WORDS
        # "One highlight of the election": one of several things, not a count
        return not (self.tokens[i + 1:i + 2] and self.tokens[i + 1].kind == "word"
                    and self.words[i + 2:i + 3] == ["of"])

    def _fraction_core(self, i: int) -> _Core | None:
        """"a dozen", "half a million"; "a third" or "half" as a share: "a third of", "by half"."""
        word = self.words[i]
        nxt = self.words[i + 1:i + 3] + ["", ""]
        if word in ("a", "an") and nxt[0] in ("dozen", "hundred", *NUMBER_SCALES):
            return _Core(i, i + 1, "words")
        if word == "half" and nxt[0] in ("a", "an") and nxt[1] in NUMBER_SCALES:
            return _Core(i, i + 1, "words")
        if word in ("a", "an") and nxt[0] in FRACTIONS - {"half"}:
            end = i + 2
        elif word == "half":
            end = i + 1
        else:
            return None
        after = self.words[end] if end < len(self.words) else ""
        before = self.words[i - 1] if i else ""
        if after == "of" or before in ("by", "than") or self._qualifier_before(i) is not None:
            return _Core(i, end, "fraction")
        return None

    def _ratio(self, i: int) -> _Core | None:
        """"one in five", "1 in 4", "one hostage for every three prisoners"; not "300 in 1988"."""
        j = i + 1
        while j < min(i + 3, len(self.tokens)) and self.tokens[j].kind == "word" \
                and self.words[j] not in ("in", "for"):
            j += 1  # up to two words for what the first figure counts
        if j + 1 < len(self.tokens) and self.words[j] in ("in", "for"):
            every = self.words[j + 1] in ("every", "each")
            if self.words[j] == "for" and not every or self.words[j] == "in" and j > i + 1 and not every:
                return None
            k = j + 2 if every else j + 1
            if k < len(self.tokens) and (self.tokens[k].kind == "number" or self.words[k] in _NUMBER_WORDS):
                if _year_like(self.tokens[k].text) and not every and self.words[i] not in ("1", "one"):
                    return None  # "more than 1,400 in 1974": a figure, then a year
                return _Core(i, k + 1, "ratio")
        return None

    def _vague_counts(self, i: int, n: int) -> bool:
        phrase = " ".join(self.words[i:i + n])
        if phrase in NOT_ALONE:
            return False
        return phrase not in NEEDS_OF or (i + n < len(self.words) and self.words[i + n] == "of")

    def _is_month(self, i: int) -> bool:
        """A month name is a date beside a day or a year, or after "in", "since" and the like;
        "May" and abbreviations only beside a day or a year."""
        if not self._capitalised(i):
            return False
        k = i + 2 if self.words[i + 1:i + 2] == ["."] else i + 1
        after = self.tokens[k] if k < len(self.tokens) else None
        if after is not None and after.kind == "number" and (len(after.text) <= 2 or _year_like(after.text)):
            return True
        j = i - 1
        if j >= 0 and self.words[j] == "of":  # "5th of February"
            j -= 1
        if j >= 0 and self.words[j] in ORDINAL_ENDINGS:
            j -= 1
        if j >= 0 and self.tokens[j].kind == "number" and len(self.tokens[j].text) <= 2:
            return True
        word = self.words[i]
        if word == "may" or word not in _FULL_MONTHS:
            return False
        return i > 0 and self.words[i - 1] in MONTH_CUES

    # -- what makes a number a label, a time or a name -----------------------------------------
    def _time_follows(self, i: int) -> bool:
        nxt = self.words[i + 1] if i + 1 < len(self.words) else ""
        return nxt in TIME_WORDS or self._dotted_time(i) or (
            nxt == "o" and i + 3 < len(self.words) and self.words[i + 3] == "clock")

    def _dotted_time(self, i: int) -> bool:
        """10 a.m., 3 p.m."""
        run = self.words[i + 1:i + 4]
        return len(run) == 3 and run[0] in ("a", "p") and run[1] == "." and run[2] == "m"

    def _label_before(self, i: int) -> bool:
        if i == 0 or self.tokens[i - 1].kind != "word":
            word = self.words[i - 2] if i >= 2 and self.words[i - 1] == "." else ""
            return word in ("no", "nos", "p", "pp", "fig", "vol")
        return self.words[i - 1] in LABEL_WORDS and (self.words[i - 1] != "no" or self._capitalised(i - 1))

    def _skip_chain(self, i: int) -> _Core:
        """A label's numbers, joined as in "junctions 32 and 33" or "10:30"."""
        j = i + 1
        while j + 1 < len(self.tokens) and self.words[j] in (":", "/", "x", "-", "–", "and", ",", "&", "to", ".") \
                and self.tokens[j + 1].kind == "number":
            j += 2
        while j < len(self.tokens) and self._glued(j - 1) and self.tokens[j].kind == "word":
            j += 1  # 10:30am
        return _Core(i, j, "skip")

    def _named(self, i: int) -> bool:
        """A number that is part of a name: Radio 4, FTSE 100, Euro 2024, the 2022 World Cup."""
        tok = self.tokens[i]
        plain = tok.text.isdigit()
        nxt = self._next(i)
        if not plain or (nxt is not None and (nxt.text in SCALES or nxt.text in ("%", "per", "percent"))):
            return False
        if i >= 1 and self.tokens[i - 1].kind == "word" and self._capitalised(i - 1):
            prev = self.words[i - 1]
            # "In 2022", "Only 12": a function word capitalised, wherever a quotation opens
            opens = prev in SENTENCE_OPENERS
            if not (opens or prev in MONTHS or prev in WEEKDAYS or prev in CURRENCY_CODES
                    or self._title_line(i) or self._qualifier_before(i) is not None
                    or row_at(self.text, tok.start) is not None or self._counts_after(i)):
                return True
        if _year_like(tok.text) and i >= 1 and self.words[i - 1] in YEAR_NAME_BEFORE and nxt is not None:
            return nxt.kind == "word" and self._capitalised(i + 1) and nxt.text not in MONTHS
        return False

    def _counts_after(self, i: int) -> bool:
        """ "Israel 150 Palestinian prisoners", "Hamas 50 hostages": what the number counts comes
        next, so it is a count, not part of a name such as Radio 4, iOS 18 or the Act 1988."""
        if _year_like(self.tokens[i].text):
            return False
        run = self.tokens[i + 1:i + 3]
        written = [self.text[t.start:t.end] for t in run]
        if not run or "\n" in self.text[self.tokens[i].end:run[-1].start] or any(t.kind != "word" for t in run):
            return False
        if run[0].text in COUNTED_NOUNS:
            return True
        return len(run) == 2 and written[0][:1].isupper() and written[1].islower() and run[1].text in COUNTED_NOUNS

    def _address(self, i: int) -> bool:
        """22 Elm Road."""
        for j in range(i + 1, min(i + 4, len(self.tokens))):
            if self.tokens[j].kind != "word" or not self._capitalised(j):
                return False
            if j > i + 1 and self.words[j] in STREET_WORDS:
                return True
        return False

    # -- growing a core into the phrase that reads ---------------------------------------------
    def _grow(self, core: _Core, floor: int) -> tuple[Figure, int]:
        datey = core.hint in ("date", "year")
        lefts = [a for a in self._left_starts(core) if a >= floor]
        if core.hint in ("fraction", "ratio", "score"):
            return self._figure(lefts[0], core.b, None, core.hint), core.b
        rights = self._right_ends(core)
        for a in lefts:
            for b in rights:
                if self._lopsided(a, b):
                    continue
                ok, reading = self._read(a, b, datey or self._has_date_word(a, b))
                if ok:
                    return self._figure(a, b, reading, core.hint), self._glued_unit_end(b)
        return self._figure(core.a, core.b, None, core.hint), core.b

    def _left_starts(self, core: _Core) -> list[int]:
        """Where the phrase may start, widest first: a qualifier, a currency, "between"."""
        starts, j = [core.a], core.a
        if core.hint in ("number", "words", "year"):
            money = self._phrase_ending_at(_CURRENCY, j)
            if money is not None:
                j = money
                starts.append(j)
        qualifier = self._qualifier_before(j)
        if qualifier is not None:
            starts.append(qualifier)
        elif j > 0 and self.words[j - 1] == "between" and core.hint != "fraction":
            starts.append(j - 1)
        elif core.hint in ("date", "year") and j > 0:
            k = j - 1 if self.words[j - 1] != "-" else j - 2
            if k >= 0 and self.words[k] in ("early", "mid", "late", "last") or (
                    k >= 0 and self.words[k] in WEEKDAYS and self._capitalised(k)):
                starts.append(k)
            elif k >= 1 and self.words[k] == "," and self.words[k - 1] in WEEKDAYS:
                starts.append(k - 1)
        return starts[::-1]

    def _right_ends(self, core: _Core) -> list[int]:
        """Where the phrase may end, farthest first."""
        ends, j = [core.b], core.b
        # "from 150 to 175", "rose by 40 to 5,313": two figures; "from June 3 to 5" is one range
        split_range = core.hint != "date" and splits_range(self.words, core.a)
        while j < len(self.tokens) and j - core.b < _MAX_RIGHT and self._continues(j, split_range):
            j += 1
            ends.append(j)
        return ends[::-1]

    def _continues(self, j: int, split_range: bool) -> bool:
        tok, prev = self.tokens[j], self.tokens[j - 1]
        if "\n" in self.text[prev.end:tok.start]:
            return False
        word = tok.text
        nxt = self.tokens[j + 1] if j + 1 < len(self.tokens) else None
        if split_range and word in RANGE_JOINERS:
            return False
        if tok.kind == "number":
            return not (self._glued(j) and self.tokens[j + 1].kind == "word" and self.words[j + 1] not in SCALES
                        and self.words[j + 1] not in ORDINAL_ENDINGS
                        and self.text[self.tokens[j + 1].start:self.tokens[j + 1].end] not in GLUED_UNITS)
        if word == ",":  # "February 5, 2025", "Tuesday, March 18"
            return nxt is not None and (_year_like(nxt.text) or (nxt.text in MONTHS and prev.text in WEEKDAYS))
        if word == ".":
            return prev.text in MONTHS and len(prev.text) <= 4
        if word == "of":
            return nxt is not None and (nxt.text in MONTHS or nxt.text in CURRENCY_AFTER)
        if word in _POINTS and prev.text != "percentage":
            return self._points_are_shares(j)
        if word == "percentage":
            return nxt is not None and nxt.text in _POINTS
        return word in _RIGHT_WORDS

    def _points_are_shares(self, j: int) -> bool:
        """ "down 20 points" where turnout or shares are spoken of; not "8,102 points" (an
        index) nor "three points behind" (a league table)."""
        number = self.tokens[j - 1]
        if number.kind != "number" or float(number.text.replace(",", "")) > 100:
            return False
        start = max((m.end() for m in re.finditer(r"[.!?]\s", self.text[:number.start])), default=0)
        stop = re.search(r"[.!?](\s|$)", self.text[number.end:])
        sentence = tokenize(self.text[start:number.end + (stop.start() if stop else len(self.text))])
        return any(t.text in POINT_CONTEXT for t in sentence)

    def _lopsided(self, a: int, b: int) -> bool:
        """A "range" whose first end alone has a % or currency is two figures: "fell 1.2% to
        8,102"; reporters write shared units at the end ("10 to 20%") or at both ends."""
        words = self.words[a:b]
        joins = [k for k, w in enumerate(words) if w in RANGE_JOINERS and k > 0]
        if not joins:
            return False
        left, right = set(words[:joins[0]]), set(words[joins[0] + 1:])
        return bool(left & _UNIT_MARKS) and not right & _UNIT_MARKS

    def _read(self, a: int, b: int, datey: bool) -> tuple[bool, Reading | None]:
        """Whether text[a:b] reads as a value, and its reading (None for a relative date
        when the publication date is not known)."""
        phrase = self.text[self.tokens[a].start:self.tokens[b - 1].end]
        if datey:
            try:
                return True, read_value(phrase, self.vocab, unit="date", published=self.published)
            except LocalError as err:
                if err.code == "date-needs-published" and self.published is None:
                    try:
                        read_value(phrase, self.vocab, unit="date", published=_STAND_IN)
                        return True, None
                    except LocalError:
                        pass
        try:
            return True, read_value(phrase, self.vocab)
        except LocalError:
            return False, None

    def _figure(self, a: int, b: int, reading: Reading | None, hint: str) -> Figure:
        if reading is None and self._has_date_word(a, b):
            hint = "date"  # "4 November" without a year or publication date
        start, end = self.tokens[a].start, self.tokens[self._glued_unit_end(b) - 1].end
        return Figure(start, end, self.text[start:end], reading, _kind(reading, hint))

    def _glued_unit_end(self, b: int) -> int:
        """Past a unit written onto the figure ("82mph", "0.3C"), which the reader leaves out."""
        if b < len(self.tokens) and self._glued(b - 1) and self.tokens[b].kind == "word":
            written = self.text[self.tokens[b].start:self.tokens[b].end]
            if written in GLUED_UNITS:
                return b + 1
        return b

    # -- small questions about tokens ----------------------------------------------------------
    def _next(self, i: int) -> Token | None:
        return self.tokens[i + 1] if i + 1 < len(self.tokens) else None

    def _glued(self, i: int) -> bool:
        """Whether token i+1 is written straight after token i, without a space."""
        return i + 1 < len(self.tokens) and self.tokens[i].end == self.tokens[i + 1].start

    def _capitalised(self, i: int) -> bool:
        tok = self.tokens[i]
        return any(c.isupper() for c in self.text[tok.start:tok.end])

    def _sentence_start(self, i: int) -> bool:
        j = i - 1
        while j >= 0 and self.words[j] in _OPENERS:
            j -= 1
        if j < 0:
            return True
        return self.words[j] in _SENTENCE_END or "\n" in self.text[self.tokens[j].end:self.tokens[i].start]

    def _title_line(self, i: int) -> bool:
        """Whether token i stands in a headline written in title case."""
        line = bisect.bisect_right(self.line_starts, self.tokens[i].start) - 1
        if line not in self.title_lines:
            end = self.line_starts[line + 1] if line + 1 < len(self.line_starts) else len(self.text)
            written = self.text[self.line_starts[line]:end].rstrip()
            long = re.findall(r"[^\W\d_]{4,}", written)
            caps = sum(w[0].isupper() for w in long)
            # a headline in title case: mostly capitalised words, and no full stop at the end
            self.title_lines[line] = len(long) >= 3 and caps >= 0.7 * len(long) and not written.endswith(".")
        return self.title_lines[line]

    def _phrase_ending_at(self, table: PhraseTable[str], j: int) -> int | None:
        for k in range(min(4, j), 0, -1):
            found = table.match(self.tokens, j - k)
            if found is not None and found[1] == k:
                return j - k
        return None

    def _qualifier_before(self, j: int) -> int | None:
        start = self._phrase_ending_at(_QUALIFIER, j)
        if start is not None and start > 0 and self.words[start] == "over" and self.words[start - 1] in PHRASAL_VERBS:
            return None
        if start is not None and start > 0 and self.words[start] == "up" and self.words[start - 1] in PHRASAL_UP:
            return None  # "picking up to 1.4 per cent"
        return start

    def _month_near(self, i: int) -> bool:
        """Whether the ordinal number at i is a day: "5th February", "5th of February", "February 5th"."""
        after = self.words[i + 2:i + 4]
        return (bool(after) and after[0] in MONTHS) or after == ["of", after[-1]] and after[-1] in MONTHS \
            or (i > 0 and self.words[i - 1] in MONTHS)

    def _has_date_word(self, a: int, b: int) -> bool:
        return any(w in MONTHS or w in WEEKDAYS for w in self.words[a:b])


def _year_like(text: str) -> bool:
    return text.isdigit() and len(text) == 4 and 1800 <= int(text) <= 2100


def _kind(reading: Reading | None, hint: str) -> str:
    if reading is None:
        return {"year": "date", "words": "number", "vague": "vague"}.get(hint, hint)
    if reading.unit == "date":
        return "date"
    if reading.unit == "percent":
        return "percent"
    if reading.unit == "pp":
        return "points"
    if reading.unit in DURATION_UNITS.values():
        return "number"
    if reading.unit is not None:
        return "money"
    return {"vague": "vague", "range": "range"}.get(reading.kind, "number")


def _vague_table(vocab: Vocabulary) -> PhraseTable[str]:
    """The vague phrases of one vocabulary, looked up as runs of tokens (made once per table)."""
    words, table = _VAGUE_CACHE.get("last", (None, None))
    if words is not vocab.words or table is None:
        table = PhraseTable({phrase: phrase for phrase in vocab.words})
        _VAGUE_CACHE["last"] = (vocab.words, table)
    return table
