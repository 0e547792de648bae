"""A draft's words and the questions the figure scanner asks about them.

Capitals, sentence starts, headlines; and what makes a number in prose a label ("page 4"), a
time ("3pm"), part of a name ("Radio 4", "FTSE 100") or an address, rather than a figure.
figures.py finds figures; this module only answers questions about the tokens around them.
"""

from __future__ import annotations

import bisect
import re

from .dates import MONTHS, WEEKDAYS
from .lookalikes import (
    CLASS_AFTER_YEAR, COUNTED_NOUNS, DURATION_WORDS, LABEL_WORDS, ONE_NOT_AFTER, ONE_NOT_BEFORE,
    OVER_AFTER, PHRASAL_UP, PHRASAL_VERBS, POINT_CONTEXT, SENTENCE_OPENERS, STREET_WORDS, TIME_WORDS,
    YEAR_NAME_BEFORE,
)
from .tables import row_at
from .vocabulary import CURRENCY_CODES, QUALIFIERS_BEFORE, SCALES, PhraseTable, Token, invert, tokenize

_SENTENCE_END = frozenset(".!?:;")
_OPENERS = frozenset("\"'“‘(")
_QUALIFIER = PhraseTable(invert(QUALIFIERS_BEFORE))
_PERIODS = frozenset("days weeks months years decades hours".split())


class Prose:
    """The tokens of a draft, with the small questions asked about them."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.words = [t.text for t in self.tokens]
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.title_lines: dict[int, bool] = {}

    def names_a_class(self, i: int) -> bool:
        """ "five-year-olds", "10-year gilts"; but "a 19-year-old" is an age, a figure."""
        run = self.words[i + 1:i + 5] + ["", "", "", ""]
        if run[:2] != ["-", "year"]:
            return False
        return run[2:4] == ["-", "olds"] or run[2] in CLASS_AFTER_YEAR

    def one_counts(self, i: int) -> bool:
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

    # -- what makes a number a label, a time or a name -----------------------------------------
    def time_follows(self, i: int) -> bool:
        nxt = self.words[i + 1] if i + 1 < len(self.words) else ""
        return nxt in TIME_WORDS or self.dotted_time(i) or (
            nxt == "o" and i + 3 < len(self.words) and self.words[i + 3] == "clock")

    def dotted_time(self, i: int) -> bool:
        """10 a.m., 3 p.m."""
        run = self.words[i + 1:i + 4]
        return len(run) == 3 and run[0] in ("a", "p") and run[1] == "." and run[2] == "m"

    def label_before(self, i: int) -> bool:
        if i == 0 or self.tokens[i - 1].kind != "word":
            word = self.words[i - 2] if i >= 2 and self.words[i - 1] == "." else ""
            return word in ("no", "nos", "p", "pp", "fig", "vol")
        return self.words[i - 1] in LABEL_WORDS and (self.words[i - 1] != "no" or self.capitalised(i - 1))

    def named(self, i: int) -> bool:
        """A number that is part of a name: Radio 4, FTSE 100, Euro 2024, the 2022 World Cup."""
        tok = self.tokens[i]
        plain = tok.text.isdigit()
        nxt = self.next(i)
        if not plain or (nxt is not None and (nxt.text in SCALES or nxt.text in ("%", "per", "percent"))):
            return False
        if i >= 1 and self.tokens[i - 1].kind == "word" and self.capitalised(i - 1):
            prev = self.words[i - 1]
            # "In 2022", "Only 12": a function word capitalised, wherever a quotation opens
            opens = prev in SENTENCE_OPENERS
            if not (opens or prev in MONTHS or prev in WEEKDAYS or prev in CURRENCY_CODES
                    or self.title_line(i) or self.qualifier_before(i) is not None
                    or row_at(self.text, tok.start) is not None or self.counts_after(i)):
                return True
        if year_like(tok.text) and i >= 1 and self.words[i - 1] in YEAR_NAME_BEFORE and nxt is not None:
            return nxt.kind == "word" and self.capitalised(i + 1) and nxt.text not in MONTHS
        return False

    def counts_after(self, i: int) -> bool:
        """ "Israel 150 Palestinian prisoners", "Hamas 50 hostages": what the number counts comes
        next, so it is a count, not part of a name such as Radio 4, iOS 18 or the Act 1988."""
        if year_like(self.tokens[i].text):
            return False
        run = self.tokens[i + 1:i + 3]
        written = [self.text[t.start:t.end] for t in run]
        if not run or "\n" in self.text[self.tokens[i].end:run[-1].start] or any(t.kind != "word" for t in run):
            return False
        if run[0].text in COUNTED_NOUNS:
            return True
        return len(run) == 2 and written[0][:1].isupper() and written[1].islower() and run[1].text in COUNTED_NOUNS

    def address(self, i: int) -> bool:
        """22 Elm Road."""
        for j in range(i + 1, min(i + 4, len(self.tokens))):
            if self.tokens[j].kind != "word" or not self.capitalised(j):
                return False
            if j > i + 1 and self.words[j] in STREET_WORDS:
                return True
        return False

    def points_are_shares(self, j: int) -> bool:
        """ "down 20 points" where turnout or shares are spoken of; not "8,102 points" (an
        index) nor "three points behind" (a league table)."""
        number = self.tokens[j - 1]
        if number.kind != "number" or float(number.text.replace(",", "")) > 100:
            return False
        start = max((m.end() for m in re.finditer(r"[.!?]\s", self.text[:number.start])), default=0)
        stop = re.search(r"[.!?](\s|$)", self.text[number.end:])
        sentence = tokenize(self.text[start:number.end + (stop.start() if stop else len(self.text))])
        return any(t.text in POINT_CONTEXT for t in sentence)

    # -- small questions about tokens ----------------------------------------------------------
    def next(self, i: int) -> Token | None:
        return self.tokens[i + 1] if i + 1 < len(self.tokens) else None

    def glued(self, i: int) -> bool:
        """Whether token i+1 is written straight after token i, without a space."""
        return i + 1 < len(self.tokens) and self.tokens[i].end == self.tokens[i + 1].start

    def capitalised(self, i: int) -> bool:
        tok = self.tokens[i]
        return any(c.isupper() for c in self.text[tok.start:tok.end])

    def sentence_start(self, i: int) -> bool:
        j = i - 1
        while j >= 0 and self.words[j] in _OPENERS:
            j -= 1
        if j < 0:
            return True
        return self.words[j] in _SENTENCE_END or "\n" in self.text[self.tokens[j].end:self.tokens[i].start]

    def title_line(self, i: int) -> bool:
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

    def phrase_ending_at(self, table: PhraseTable[str], j: int) -> int | None:
        for k in range(min(4, j), 0, -1):
            found = table.match(self.tokens, j - k)
            if found is not None and found[1] == k:
                return j - k
        return None

    def qualifier_before(self, j: int) -> int | None:
        start = self.phrase_ending_at(_QUALIFIER, j)
        if start is not None and start > 0 and self.words[start] == "over" and (
                self.words[start - 1] in PHRASAL_VERBS or self.words[start - 1] in OVER_AFTER
                or self.over_a_period(start, j)):
            return None  # "handed over 175", "50 hostages over four days", "years over £3.4m"
        if start is not None and start > 0 and self.words[start] == "up" and self.words[start - 1] in PHRASAL_UP:
            return None  # "picking up to 1.4 per cent"
        return start

    def over_a_period(self, start: int, j: int) -> bool:
        """ "spend £2bn on grounds over ten years": after a noun, "over" and a span of time is
        the time it takes; after a verb or "for" ("lasted over ten years") it is a bound."""
        before = self.text[self.tokens[start - 1].start:self.tokens[start - 1].end]
        after = self.words[j + 1] if j + 1 < len(self.words) else ""
        return after in _PERIODS and before.islower() and len(before) > 3 and before.endswith("s") \
            and not before.endswith("ss")

    def month_near(self, i: int) -> bool:
        """Whether the ordinal number at i is a day: "5th February", "5th of February", "February 5th"."""
        after = self.words[i + 2:i + 4]
        return (bool(after) and after[0] in MONTHS) or after == ["of", after[-1]] and after[-1] in MONTHS \
            or (i > 0 and self.words[i - 1] in MONTHS)

    def has_date_word(self, a: int, b: int) -> bool:
        return any(w in MONTHS or w in WEEKDAYS for w in self.words[a:b])



def year_like(text: str) -> bool:
    return text.isdigit() and len(text) == 4 and 1800 <= int(text) <= 2100
