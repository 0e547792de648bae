"""The words reporters use for figures, and the tolerances behind them: data, not logic.

`values.py` and `dates.py` read phrases with these tables, and docs/vocabulary.md prints
them (vocabulary_docs.py), so the reader and its documentation cannot drift.
Only the tolerances and the vague words change per file or project (`Vocabulary`); the
rest is the fixed grammar of how figures are written.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType
from typing import Generic, Mapping, NamedTuple, Sequence, TypeVar

from .interval import Interval
from .problems import LocalError

T = TypeVar("T")

MAX_TEXT_LENGTH = 200  # characters in one value: a claim's figure, never a paragraph
MAX_DIGITS = 30  # digits in one number: beyond any real figure, and keeps arithmetic cheap
MAX_WORD_PHRASE = 4  # words in one vague phrase ("hundreds of thousands" has three)

# -- what a file may change ---------------------------------------------------------------

DEFAULT_TOLERANCE = Fraction(1, 10)

# Each vague word covers the whole numbers whose leading part the word describes: "hundreds"
# is 200 to 999 (one hundred is "a hundred", a thousand is "thousands"); "a few hundred"
# scales "a few" (2 to 5) the same way, so it runs to 599.
VAGUE_WORDS: tuple[tuple[str, int, int], ...] = (
    ("a few", 2, 5),
    ("a handful", 2, 6),
    ("several", 3, 9),
    ("dozens", 24, 99),
    ("a few dozen", 24, 71),
    ("several dozen", 36, 119),
    ("scores", 40, 199),
    ("hundreds", 200, 999),
    ("a few hundred", 200, 599),
    ("several hundred", 300, 999),
    ("thousands", 2_000, 9_999),
    ("a few thousand", 2_000, 5_999),
    ("several thousand", 3_000, 9_999),
    ("tens of thousands", 20_000, 99_999),
    ("hundreds of thousands", 200_000, 999_999),
    ("millions", 2_000_000, 999_999_999),
    ("a few million", 2_000_000, 5_999_999),
    ("several million", 3_000_000, 9_999_999),
    ("tens of millions", 20_000_000, 99_999_999),
    ("hundreds of millions", 200_000_000, 999_999_999),
    ("billions", 2_000_000_000, 999_999_999_999),
)


@dataclass(frozen=True)
class Vocabulary:
    """The tolerances of approximate words and the vague-words table one check uses."""

    approximate: Fraction = DEFAULT_TOLERANCE  # "about v": v widened by this share each way
    below: Fraction = DEFAULT_TOLERANCE  # "nearly v": up to this share below v
    above: Fraction = DEFAULT_TOLERANCE  # "just over v": up to this share above v
    # Equality compares the table; the hash leaves it out (a mapping has none).
    words: Mapping[str, Interval] = field(default_factory=lambda: MappingProxyType({}), hash=False)


DEFAULT_VOCABULARY = Vocabulary(
    words=MappingProxyType({phrase: Interval.closed(lo, hi) for phrase, lo, hi in VAGUE_WORDS})
)

# -- the fixed grammar --------------------------------------------------------------------


class Qualifier(NamedTuple):
    """What a qualifying phrase does to the figure it qualifies."""

    name: str
    meaning: str  # for the docs; v is the figure as stated, t the tolerance


QUALIFIERS: dict[str, Qualifier] = {
    q.name: q
    for q in (
        Qualifier("approximate", "its reading widened by `approximate` each way: about 40 is [36, 44]"),
        Qualifier("below", "[v − `below`·v, v): nearly 24 is [21.6, 24)"),
        Qualifier("above", "(v, v + `above`·v]: just over 300 is (300, 330]"),
        Qualifier("more", "(v, ∞)"),
        Qualifier("at-least", "[v, ∞)"),
        Qualifier("less", "(−∞, v)"),
        Qualifier("at-most", "(−∞, v]"),
    )
}

QUALIFIERS_BEFORE: dict[str, tuple[str, ...]] = {
    "approximate": ("about", "around", "roughly", "approximately", "approx.", "approx", "some",
                    "an estimated", "estimated", "est.", "circa", "c.", "ca.", "~",
                    "in the region of", "on the order of", "a ballpark of", "in the ballpark of",
                    "ballpark"),
    "below": ("nearly", "almost", "close to", "just under", "just below", "just shy of",
              "just short of", "just less than", "slightly less than", "slightly under",
              "a little under", "a little less than", "not quite"),
    "above": ("just over", "just above", "just more than", "slightly more than", "slightly over",
              "a little over", "a little more than"),
    "more": ("more than", "over", "above", "upwards of", "in excess of", "greater than",
             "well over", "well above"),
    # "as few as 122" stresses how small the figure is: it is the least the figure may be,
    # the mirror of "as many as" (an upper bound).
    "at-least": ("at least", "no fewer than", "no less than", "not fewer than", "not less than",
                 "a minimum of", "as few as", "as little as", "as low as"),
    "less": ("fewer than", "less than", "under", "below", "well under", "well below"),
    "at-most": ("at most", "up to", "no more than", "not more than", "a maximum of",
                "as many as", "as much as", "no greater than"),
}

QUALIFIERS_AFTER: dict[str, tuple[str, ...]] = {
    "approximate": ("or so", "or thereabouts"),
    "at-least": ("or more", "+", "plus", "-plus", "or over", "or above"),
    "at-most": ("or fewer", "or less", "or under", "or below"),
}


class Scale(NamedTuple):
    """A word that multiplies the figure before it."""

    factor: int
    rounds: bool  # True: "1.2 million" is rounded at its last digit; False: "2 dozen" is 24


SCALES: dict[str, Scale] = {
    "thousand": Scale(10**3, True), "k": Scale(10**3, True),
    "million": Scale(10**6, True), "m": Scale(10**6, True), "mn": Scale(10**6, True),
    "mln": Scale(10**6, True),
    "billion": Scale(10**9, True), "bn": Scale(10**9, True), "b": Scale(10**9, True),
    "trillion": Scale(10**12, True), "tn": Scale(10**12, True), "trn": Scale(10**12, True),
    "dozen": Scale(12, False),
}

# A dollar sign with a country's prefix is that country's dollar: S$ is not US$.
CURRENCY_BEFORE: dict[str, str] = {
    "$": "usd", "us$": "usd", "£": "gbp", "€": "eur", "¥": "jpy", "a$": "aud", "au$": "aud",
    "c$": "cad", "ca$": "cad", "s$": "sgd", "hk$": "hkd", "nz$": "nzd", "₹": "inr",
}
CURRENCY_CODES = ("usd", "gbp", "eur", "jpy", "aud", "cad", "chf", "sgd", "hkd", "nzd", "cny", "inr")
CURRENCY_AFTER: dict[str, str] = {
    "dollars": "usd", "dollar": "usd", "pounds": "gbp", "pound": "gbp",
    "euros": "eur", "euro": "eur", "yen": "jpy", "yuan": "cny", "renminbi": "cny",
    "rupees": "inr", "rupee": "inr", "francs": "chf", "swiss francs": "chf",
}
PERCENT_WORDS = ("%", "per cent", "percent", "pc", "pct")
# Percentage points: the difference of two percentages, a unit of its own (`pp`) that rules
# add to and compare with percentages (units.py). Rounded at the last digit, like a percentage.
POINT_WORDS = ("percentage points", "percentage point", "points", "point", "pts", "pp", "ppt")
# Words after a figure that give it a unit of time: "several days", "3 weeks".
DURATION_UNITS: dict[str, str] = {
    "day": "days", "days": "days", "week": "weeks", "weeks": "weeks", "month": "months",
    "months": "months", "year": "years", "years": "years", "hour": "hours", "hours": "hours",
}
# Shares written as words, read as percentages (a share's unit): "half" is 50%. Exact, like
# any spelled-out number; "about half" and "nearly a third" give the latitude.
SHARE_WORDS: dict[str, Fraction] = {
    "half": Fraction(1, 2), "third": Fraction(1, 3), "quarter": Fraction(1, 4),
    "fifth": Fraction(1, 5), "tenth": Fraction(1, 10),
}
SHARE_PLURALS: dict[str, str] = {"thirds": "third", "quarters": "quarter", "fifths": "fifth",
                                 "tenths": "tenth", "halves": "half"}
# Words that are one figure exactly: "none" is 0; an ordinal where it counts ("the eighth
# derby goal" is the eighth goal: 8).
ORDINAL_WORDS: dict[str, int] = {
    w: i for i, w in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
        "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth".split(), 1)
}
ORDINAL_TENS: dict[str, int] = {
    w: 10 * i for i, w in enumerate(
        "twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth".split(), 2)
}
NONE_WORDS = ("none", "nil", "nobody", "no one")

RANGE_JOINERS = ("to", "-", "–", "or")  # "10 to 20", "10-20", "10–20", "two or three"

# Spelled-out numbers: read exactly ("twenty-two", "one thousand two hundred").
NUMBER_UNITS: dict[str, int] = {
    w: i for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split())
}
NUMBER_TENS: dict[str, int] = {
    w: 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)
}
NUMBER_SCALES: dict[str, int] = {"thousand": 10**3, "million": 10**6, "billion": 10**9,
                                 "trillion": 10**12}

# -- characters and tokens ----------------------------------------------------------------

# Typographic variants reporters' text carries; each maps to one character so that offsets
# into the normalised text are offsets into the text as written.
_TYPOGRAPHY = str.maketrans({
    "\u2212": "-", "\u2010": "-", "\u2011": "-", "\u2012": "–", "\u2013": "–", "\u2014": "–",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2007": " ", "\u2019": "'", "\uff04": "$",
})

_TOKEN_RE = re.compile(
    r"(?P<number>\d+(?:[,_]\d+)*(?:\.\d+)?|\.\d+)|(?P<word>[^\W\d_]+)|(?P<symbol>\S)"
)
_GROUPED_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:_\d+)*(?:\.\d+)?|\.\d+")


class Token(NamedTuple):
    """One word, number or symbol of a phrase, with its place in the text as written."""

    kind: str  # "number" | "word" | "symbol"
    text: str  # lower case, typographic variants unified
    start: int
    end: int


def normalize(text: str) -> str:
    """Lower case with typographic variants unified, the same length as `text`."""
    unified = text.translate(_TYPOGRAPHY)
    lowered = unified.lower()
    if len(lowered) != len(unified):  # a few letters lower-case to two characters
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in unified)
    return lowered


def tokenize(text: str) -> list[Token]:
    """Split a phrase into words, numbers and symbols; spaces only separate."""
    return [Token(m.lastgroup or "symbol", m.group(), m.start(), m.end())
            for m in _TOKEN_RE.finditer(normalize(text))]


def check_length(text: str) -> None:
    """Refuse a value too long to be one figure, before any work is done on it."""
    if len(text) > MAX_TEXT_LENGTH:
        raise LocalError(
            "value-too-long",
            f"a value is at most {MAX_TEXT_LENGTH} characters; this one has {len(text)}",
            MAX_TEXT_LENGTH,
            "write the figure alone and keep the sentence around it in `quote`",
        )


def plain_number(text: str) -> Fraction | None:
    """A number written in digits ("1,200", "1_000", "017", "-0.25"), or None if it is not one."""
    negative = text.startswith("-")
    body = text[1:] if negative else text
    if not _GROUPED_RE.fullmatch(body):
        return None
    value = Fraction(body.replace(",", "").replace("_", ""))
    return -value if negative else value


def closest(word: str, candidates: Sequence[str] | Mapping[str, object]) -> str | None:
    """The known word nearest to a misspelt one, or None when nothing is near enough."""
    found = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return found[0] if found else None


class PhraseTable(Generic[T]):
    """Phrases looked up as runs of tokens, longest first ("just over" before "over")."""

    def __init__(self, entries: Mapping[str, T]) -> None:
        self._entries = {tuple(t.text for t in tokenize(k)): v for k, v in entries.items()}
        self._longest = max((len(k) for k in self._entries), default=0)

    def match(self, tokens: Sequence[Token], i: int) -> tuple[T, int] | None:
        """The value of the longest phrase starting at tokens[i], and how many tokens it takes."""
        for n in range(min(self._longest, len(tokens) - i), 0, -1):
            key = tuple(t.text for t in tokens[i:i + n])
            if key in self._entries:
                return self._entries[key], n
        return None

    def words(self) -> set[str]:
        return {w for key in self._entries for w in key}


class Cursor:
    """A reading position over the tokens of one phrase, for the value and date grammars."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.i = 0

    def peek(self, k: int = 0) -> Token | None:
        j = self.i + k
        return self.tokens[j] if j < len(self.tokens) else None

    def at(self, *words: str) -> bool:
        tok = self.peek()
        return tok is not None and tok.text in words

    def take_word(self, *words: str) -> bool:
        if self.at(*words):
            self.i += 1
            return True
        return False

    def take(self, table: PhraseTable[T]) -> T | None:
        found = table.match(self.tokens, self.i)
        if found is None:
            return None
        self.i += found[1]
        return found[0]

    def offset(self) -> int:
        """Where the next token starts in the text (its end when all is read)."""
        tok = self.peek()
        return tok.start if tok else len(self.text)


def invert(table: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    """{name: phrases} as {phrase: name}."""
    return {phrase: name for name, phrases in table.items() for phrase in phrases}


# -- overrides ----------------------------------------------------------------------------

_SETTINGS = ("approximate", "below", "above", "words")
_WORD_FIELDS = ("min", "max", "min_open", "max_open")
_TOLERANCE_RE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(%?)\s*")
_PHRASE_RE = re.compile(r"[a-z]+(?: [a-z]+)*")


def vocabulary_with_overrides(base: Vocabulary, overrides: Mapping[str, object]) -> Vocabulary:
    """`base` with a file's or project's `vocabulary:` settings, given as written (strings)."""
    changes: dict[str, object] = {}
    for key, value in overrides.items():
        if key not in _SETTINGS:
            raise _unknown_key(str(key), _SETTINGS, "vocabulary")
        if key == "words":
            changes["words"] = MappingProxyType(_words_with_overrides(base.words, value))
        else:
            changes[key] = _tolerance(key, value)
    return dataclasses.replace(base, **changes)


def _tolerance(key: str, value: object) -> Fraction:
    m = _TOLERANCE_RE.fullmatch(_as_text(value))
    if not m:
        raise LocalError("bad-vocabulary", f"vocabulary.{key}: {value!r} is not a tolerance", 0,
                         'write a share such as "10%" or "0.1"')
    share = Fraction(m.group(1)) / (100 if m.group(2) else 1)
    if share >= 1:
        raise LocalError("bad-vocabulary", f"vocabulary.{key}: a tolerance must be under 100%", 0,
                         f'did you mean "{m.group(1)}%"?' if not m.group(2) else None)
    return share


def _words_with_overrides(words: Mapping[str, Interval], value: object) -> dict[str, Interval]:
    if not isinstance(value, Mapping):
        raise LocalError("bad-vocabulary", "vocabulary.words must map phrases to {min, max}", 0,
                         'for example  words: {dozens: {min: 13, max: 99}}')
    table = dict(words)
    reserved = set(invert(QUALIFIERS_BEFORE)) | set(invert(QUALIFIERS_AFTER))
    for raw, spec in value.items():
        phrase = " ".join(str(raw).lower().split())
        if not _PHRASE_RE.fullmatch(phrase) or len(phrase.split()) > MAX_WORD_PHRASE:
            raise LocalError("bad-vocabulary", f"vocabulary.words: {raw!r} is not a phrase", 0,
                             f"use up to {MAX_WORD_PHRASE} words of letters, such as \"dozens\"")
        if phrase in reserved:
            raise LocalError("bad-vocabulary", f'vocabulary.words: "{phrase}" already qualifies '
                             "figures and cannot be a vague word", 0, None)
        if spec is None:  # `dozens: null` takes a word out of the table
            table.pop(phrase, None)
            continue
        table[phrase] = _word_interval(phrase, spec)
    return table


def _word_interval(phrase: str, spec: object) -> Interval:
    where = f"vocabulary.words.{phrase}"
    if not isinstance(spec, Mapping) or "min" not in spec or "max" not in spec:
        raise LocalError("bad-vocabulary", f"{where} needs min and max", 0,
                         f"for example  {phrase}: {{min: 13, max: 99}}")
    for key in spec:
        if key not in _WORD_FIELDS:
            raise _unknown_key(str(key), _WORD_FIELDS, where)
    ends = []
    for key in ("min", "max"):
        n = plain_number(_as_text(spec[key]).strip())
        if n is None:
            raise LocalError("bad-vocabulary", f"{where}.{key}: {spec[key]!r} is not a number", 0,
                             "write digits, such as 13 or 1,000")
        ends.append(n)
    opens = [_flag(f"{where}.{key}", spec.get(key, "false")) for key in ("min_open", "max_open")]
    interval = Interval(ends[0], ends[1], opens[0], opens[1])
    if interval.is_empty():
        raise LocalError("bad-vocabulary", f"{where}: min must be below max", 0, None)
    return interval


def _flag(where: str, value: object) -> bool:
    text = _as_text(value).strip().lower()
    if text not in ("true", "false"):
        raise LocalError("bad-vocabulary", f"{where}: {value!r} is not true or false", 0,
                         "write true or false")
    return text == "true"


def _as_text(value: object) -> str:
    # Settings arrive as the text written; pyproject.toml may give numbers and booleans.
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else str(value)


def _unknown_key(key: str, known: Sequence[str], where: str) -> LocalError:
    near = closest(key, known)
    hint = f'did you mean "{near}"?' if near else "known: " + ", ".join(known)
    return LocalError("unknown-key", f'{where} has no setting "{key}"', 0, hint)
