"""Numbers written in words: "twenty-two", "twelve hundred", "two and a half million", and the
words that are one figure ("two-thirds", "eighth"). values.py reads a value's grammar; this
module reads the words of one number, exactly, as the reporter spelled it out.
"""

from __future__ import annotations

from fractions import Fraction

from .vocabulary import (
    NUMBER_SCALES, NUMBER_TENS, NUMBER_UNITS, ORDINAL_TENS, ORDINAL_WORDS, SCALES, SHARE_PLURALS,
    SHARE_WORDS, Cursor, Scale,
)


class NumberWords(Cursor):
    """A cursor that reads spelled-out numbers; `and_joins` is set inside "between ... and"."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.and_joins = False  # inside "between ... and", "and" ends the first figure

    def _share_words(self) -> Fraction | None:
        """ "half", "a third", "one quarter", "two-thirds", "three quarters"; not "half a million"."""
        tok, nxt = self.peek(), self.peek(1)
        if tok is None:
            return None
        if tok.text == "half":
            if nxt is not None and nxt.text in ("a", "an"):
                return None  # "half a million", "half a dozen"
            self.i += 1
            return SHARE_WORDS["half"]
        if tok.text in ("a", "an", "one") and nxt is not None and nxt.text in SHARE_WORDS:
            self.i += 2
            return SHARE_WORDS[nxt.text]
        count = NUMBER_UNITS.get(tok.text, 0)
        if 2 <= count <= 9:
            k = 2 if nxt is not None and nxt.text == "-" else 1
            plural = self.peek(k)
            if plural is not None and plural.text in SHARE_PLURALS:
                self.i += k + 1
                return count * SHARE_WORDS[SHARE_PLURALS[plural.text]]
        return None

    def _ordinal(self) -> int | None:
        """ "eighth", "twenty-first": a count where a reporter writes one that way."""
        tok = self.peek()
        if tok is None:
            return None
        if tok.text in ORDINAL_WORDS or tok.text in ORDINAL_TENS:
            self.i += 1
            return ORDINAL_WORDS.get(tok.text) or ORDINAL_TENS[tok.text]
        if tok.text in NUMBER_TENS and self.peek(1) is not None and self.peek(1).text == "-":
            unit = self.peek(2)
            if unit is not None and 1 <= ORDINAL_WORDS.get(unit.text, 0) <= 9:
                self.i += 3
                return NUMBER_TENS[tok.text] + ORDINAL_WORDS[unit.text]
        return None

    def _number_words(self) -> tuple[Fraction, Scale | None] | None:
        """A spelled-out number split at its last scale word: "three million" -> (3, million)."""
        start = self.i
        if self.take_word("half"):
            if self.take_word("a", "an") and (half_of := self._scale_word(True)):
                return Fraction(1, 2), half_of
            self.i = start
            return None
        chunk = self._chunk()
        if chunk is None:
            return None
        total = Fraction(0)
        while True:
            if not self.and_joins and self._take_phrase("and", "a", "half"):
                chunk += Fraction(1, 2)
            scale = self._scale_word(allow_dozen=total == 0)
            if scale is None:
                return total + chunk, None
            if not scale.rounds:  # "two dozen" ends the number
                return chunk, scale
            total += chunk * scale.factor
            mark = self.i
            self._take_and()
            chunk = self._chunk()
            after = self.peek()
            # "one thousand and two thousand" is two numbers: scale words must shrink.
            if chunk is None or (after is not None and after.text in NUMBER_SCALES
                                 and NUMBER_SCALES[after.text] >= scale.factor):
                self.i = mark
                return total / scale.factor, scale

    def _chunk(self) -> Fraction | None:
        """A spelled-out number below a thousand, or "a" before "hundred" or a scale word."""
        if self.at("a", "an"):
            if self.peek(1) is None or self.peek(1).text not in ("hundred", "dozen", *NUMBER_SCALES):
                return None
            self.i += 1
            value = 1
        else:
            value = self._below_hundred()
            if value is None:
                return None
        if self.at("hundred") and 1 <= value <= 99:  # "twelve hundred" is 1,200
            self.i += 1
            value *= 100
            mark = self.i
            self._take_and()
            rest = self._below_hundred()
            if rest is None:
                self.i, rest = mark, 0
            value += rest
        return Fraction(value)

    def _below_hundred(self) -> int | None:
        tok = self.peek()
        if tok is None or (tok.text not in NUMBER_UNITS and tok.text not in NUMBER_TENS):
            return None
        self.i += 1
        if tok.text in NUMBER_UNITS:
            return NUMBER_UNITS[tok.text]
        mark = self.i
        self.take_word("-")
        unit = self.peek()
        if unit is not None and 1 <= NUMBER_UNITS.get(unit.text, 0) <= 9:
            self.i += 1
            return NUMBER_TENS[tok.text] + NUMBER_UNITS[unit.text]
        self.i = mark
        return NUMBER_TENS[tok.text]

    def _scale_word(self, allow_dozen: bool) -> Scale | None:
        tok = self.peek()
        if tok is None or not (tok.text in NUMBER_SCALES or (allow_dozen and tok.text == "dozen")):
            return None
        self.i += 1
        return SCALES[tok.text]

    # -- tokens ----------------------------------------------------------------------------
    def _take_and(self) -> None:
        """The "and" of "one hundred and five", unless it joins "between 100 and 200"."""
        if not self.and_joins:
            self.take_word("and")

    def _take_phrase(self, *words: str) -> bool:
        run = self.tokens[self.i:self.i + len(words)]
        if tuple(t.text for t in run) == words:
            self.i += len(words)
            return True
        return False
