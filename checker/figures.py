"""Figures in prose: every phrase of a draft that states a number, an amount or a date.

The scanner finds the core of a figure (digits, number words, a vague word, a month, a
weekday), skips what only looks like one (codes such as Covid-19 and G7, times, page numbers,
names such as Radio 4, ordinals), then grows the core over the words around it that the value
reader knows and keeps the longest phrase `read_value` reads: "nearly two dozen", "more than
1,000", "between £40m and £45m", "Wednesday, February 5, 2025". The words come from
vocabulary.py and dates.py; the tables of what is *not* a figure, from lookalikes.py; the
questions about the words around a figure (a name? a label? a headline?), from prose.py.
"""

from __future__ import annotations

import calendar
import datetime
from typing import NamedTuple

from .changes import splits_range
from .dates import MONTHS, RELATIVE, SEASONS, WEEKDAYS
from .lookalikes import (
    DATE_PREFIXES, FLAGGED_RELATIVE, FRACTIONS, GLUED_UNITS, MEASURE_PREFIXES, MONTH_CUES, NEEDS_OF,
    NOT_ALONE, NOT_YEAR_BEFORE, ORDINAL_ENDINGS, REFERENCE_BEFORE, TIME_WORDS,
)
from .problems import LocalError
from .prose import Prose, year_like
from .values import Reading, read_value
from .vocabulary import (
    CURRENCY_AFTER, CURRENCY_BEFORE, CURRENCY_CODES, DURATION_UNITS, NUMBER_SCALES, NUMBER_TENS,
    NUMBER_UNITS, PERCENT_WORDS, POINT_WORDS, QUALIFIERS_AFTER, RANGE_JOINERS, SCALES, PhraseTable,
    Token, Vocabulary, invert,
)

_FULL_MONTHS = frozenset(m.lower() for m in calendar.month_name if m)
_STAND_IN = datetime.date(2000, 6, 15)  # to test that a relative date reads, when none is given

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


class _Scanner(Prose):
    def __init__(self, text: str, vocab: Vocabulary, published: datetime.date | None) -> None:
        super().__init__(text)
        self.vocab = vocab
        self.published = published
        self.vague = _vague_table(vocab)

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
        if word in WEEKDAYS and len(word) > 3 and self.capitalised(i):
            return _Core(i, i + 1, "date")
        if word in FLAGGED_RELATIVE and word in RELATIVE:
            return _Core(i, i + 1, "date")
        return None

    def _number_core(self, i: int) -> _Core | None:
        tok, nxt = self.tokens[i], self.next(i)
        before = self.text[tok.start - 1] if tok.start else " "
        if before.isalpha():
            return _Core(i, i + 1, "skip")  # a code: G7, A64, CMIP6
        if before == "-" and i >= 2 and self.glued(i - 2) and self.tokens[i - 2].kind == "word":
            if self.words[i - 2] not in DATE_PREFIXES | MEASURE_PREFIXES:
                return _Core(i, i + 1, "skip")  # Covid-19, F-16; but magnitude-7.1 is a figure
        if nxt is not None and self.glued(i):
            core = self._glued_core(i, nxt)
            if core is not None:
                return core
        if self.names_a_class(i):
            return _Core(i, i + 1, "skip")
        if tok.text.startswith("0") and len(tok.text) > 1 and "." not in tok.text:
            return _Core(i, i + 1, "skip")  # 0900 GMT, phone numbers
        if self.time_follows(i) or self.label_before(i):
            return self._skip_chain(i)
        if self.named(i) or self.address(i):
            return _Core(i, i + 1, "skip")
        ratio = self._ratio(i)
        if ratio is not None:
            return ratio
        amount = nxt is not None and nxt.text in NOT_YEAR_BEFORE  # "2000 more than on Monday"
        return _Core(i, i + 1, "year" if year_like(tok.text) and not amount else "number")

    def _glued_core(self, i: int, nxt: Token) -> _Core | None:
        """What letters or symbols written straight after a number make of it."""
        after = self.text[nxt.start:nxt.end]
        if nxt.kind == "word":
            if nxt.text in ORDINAL_ENDINGS:
                return None if self.month_near(i) else _Core(i, i + 2, "skip")
            if nxt.text == "s" or nxt.text in TIME_WORDS or nxt.text in ("a", "p") and self.dotted_time(i):
                return _Core(i, i + 2, "skip")  # the 1990s, over-50s, 3pm, 10 a.m.
            if nxt.text in SCALES or after in GLUED_UNITS:
                return None
            return _Core(i, i + 2, "skip")  # 5G, 3D, 4x4
        third = self.tokens[i + 2] if i + 2 < len(self.tokens) else None
        if third is None or third.kind != "number" or not self.glued(i + 1):
            return None
        if nxt.text in (":", "/", "x"):
            return self._skip_chain(i)  # 10:30, 24/7, 2023/24
        if nxt.text in ("-", "–"):
            first, second = self.tokens[i].text, third.text
            if year_like(first) and (len(second) == 2 or year_like(second)):
                return _Core(i, i + 3, "skip")  # 2025-26, 1991-2020: a period's name
            if first.isdigit() and second.isdigit() and int(second) <= int(first) < 100:
                return _Core(i, i + 3, "score")  # 3-2, 9-4
        return None

    def _number_word_core(self, i: int) -> _Core | None:
        if self.capitalised(i) and not self.sentence_start(i) and not self.title_line(i):
            return None  # Formula One, BBC One
        after = self.words[i + 1:i + 3]
        if after[:1] == ["-"] and after[1:] and after[1] in FRACTIONS:
            return _Core(i, i + 3, "fraction")  # two-thirds
        if after[:1] and after[0] in FRACTIONS - {"half"}:
            return _Core(i, i + 2, "fraction")  # three quarters
        ratio = self._ratio(i)
        if ratio is not None:
            return ratio
        if (self.words[i] == "one" and not self.one_counts(i)) or self.names_a_class(i):
            return None
        if self.words[i] == "two" and i > 0 and self.words[i - 1] in REFERENCE_BEFORE \
                and self.words[i - 2:i - 1] != ["of"]:
            return None
        return _Core(i, i + 1, "words")

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
        if after == "of" or before in ("by", "than") or self.qualifier_before(i) is not None:
            return _Core(i, end, "fraction")
        return None

    def _ratio(self, i: int) -> _Core | None:
        """"one in five", "1 in 4", "one hostage for every three prisoners"; not "300 in 1988"."""
        j = i + 1
        while j < min(i + 4, len(self.tokens)) and self.tokens[j].kind == "word" \
                and self.words[j] not in ("in", "for"):
            j += 1  # up to three words for what the first figure counts: "hostage is freed"
        if j + 1 < len(self.tokens) and self.words[j] in ("in", "for"):
            every = self.words[j + 1] in ("every", "each")
            if self.words[j] == "for" and not every or self.words[j] == "in" and j > i + 1 and not every:
                return None
            k = j + 2 if every else j + 1
            if k < len(self.tokens) and (self.tokens[k].kind == "number" or self.words[k] in _NUMBER_WORDS):
                if year_like(self.tokens[k].text) and not every and self.words[i] not in ("1", "one"):
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
        if not self.capitalised(i):
            return False
        k = i + 2 if self.words[i + 1:i + 2] == ["."] else i + 1
        after = self.tokens[k] if k < len(self.tokens) else None
        if after is not None and after.kind == "number" and (len(after.text) <= 2 or year_like(after.text)):
            return True
        j = i - 1
        if j >= 0 and self.words[j] == "of":  # "5th of February"
            j -= 1
        if j >= 0 and self.words[j] in ORDINAL_ENDINGS:
            j -= 1
        if j >= 0 and self.tokens[j].kind == "number" and len(self.tokens[j].text) <= 2:
            return True
        word = self.words[i]
        if word not in _FULL_MONTHS:
            return False
        # "May" is a month after "in", "since", "by"...; after "and" or "to" it may be the verb
        cues = MONTH_CUES - {"and", "or", "to", "-"} if word == "may" else MONTH_CUES
        return i > 0 and self.words[i - 1] in cues

    def _skip_chain(self, i: int) -> _Core:
        """A label's numbers, joined as in "junctions 32 and 33" or "10:30"."""
        j = i + 1
        while j + 1 < len(self.tokens) and self.words[j] in (":", "/", "x", "-", "–", "and", ",", "&", "to", ".") \
                and self.tokens[j + 1].kind == "number":
            j += 2
        while j < len(self.tokens) and self.glued(j - 1) and self.tokens[j].kind == "word":
            j += 1  # 10:30am
        return _Core(i, j, "skip")

    # -- growing a core into the phrase that reads ---------------------------------------------
    def _grow(self, core: _Core, floor: int) -> tuple[Figure, int]:
        datey = core.hint in ("date", "year")
        lefts = [a for a in self._left_starts(core) if a >= floor]
        if core.hint in ("ratio", "score"):
            return self._figure(lefts[0], core.b, None, core.hint), core.b
        rights = self._right_ends(core)
        for a in lefts:
            for b in rights:
                if self._lopsided(a, b):
                    continue
                ok, reading = self._read(a, b, datey or self.has_date_word(a, b))
                if ok:
                    return self._figure(a, b, reading, core.hint), self._glued_unit_end(b)
        return self._figure(core.a, core.b, None, core.hint), core.b

    def _left_starts(self, core: _Core) -> list[int]:
        """Where the phrase may start, widest first: a qualifier, a currency, "between"."""
        starts, j = [core.a], core.a
        if core.hint in ("number", "words", "year"):
            sign = j > 0 and self.words[j - 1] in ("-", "−") and self.glued(j - 1) \
                and not (j >= 2 and self.glued(j - 2))  # "-5.5%", not the dash of "3-2"
            if j > 0 and (self.words[j - 1] == "minus" or sign):  # "minus 5C", "-5.5%"
                j -= 1
                starts.append(j)
            money = self.phrase_ending_at(_CURRENCY, j)
            if money is not None:
                j = money
                starts.append(j)
        qualifier = self.qualifier_before(j)
        if qualifier is not None:
            starts.append(qualifier)
        elif j > 0 and self.words[j - 1] == "between" and core.hint != "fraction":
            starts.append(j - 1)
        elif core.hint in ("date", "year") and j > 0:
            k = j - 1 if self.words[j - 1] != "-" else j - 2
            if k >= 0 and self.words[k] in ("early", "mid", "late", "last", *SEASONS) or (
                    k >= 0 and self.words[k] in WEEKDAYS and self.capitalised(k)):
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
            return not (self.glued(j) and self.tokens[j + 1].kind == "word" and self.words[j + 1] not in SCALES
                        and self.words[j + 1] not in ORDINAL_ENDINGS
                        and self.text[self.tokens[j + 1].start:self.tokens[j + 1].end] not in GLUED_UNITS)
        if word == ",":  # "February 5, 2025", "Tuesday, March 18"
            return nxt is not None and (year_like(nxt.text) or (nxt.text in MONTHS and prev.text in WEEKDAYS))
        if word == ".":  # "Feb. 5"; a full name ("June.") ends its sentence
            return prev.text in MONTHS and prev.text not in _FULL_MONTHS
        if word == "of":
            return nxt is not None and (nxt.text in MONTHS or nxt.text in CURRENCY_AFTER)
        if word in _POINTS and prev.text != "percentage":
            return self.points_are_shares(j)
        if word == "percentage":
            return nxt is not None and nxt.text in _POINTS
        return word in _RIGHT_WORDS

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
        if reading is None and self.has_date_word(a, b):
            hint = "date"  # "4 November" without a year or publication date
        start, end = self.tokens[a].start, self.tokens[self._glued_unit_end(b) - 1].end
        return Figure(start, end, self.text[start:end], reading, _kind(reading, hint))

    def _glued_unit_end(self, b: int) -> int:
        """Past a unit written onto the figure ("82mph", "0.3C"), which the reader leaves out."""
        if b < len(self.tokens) and self.glued(b - 1) and self.tokens[b].kind == "word":
            written = self.text[self.tokens[b].start:self.tokens[b].end]
            if written in GLUED_UNITS:
                return b + 1
        return b

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
