"""The vocabulary as docs/vocabulary.md prints it: tables generated from the data the reader
uses, and the wordings readers use with the readings the docs promise (the tests read each).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Sequence

from .interval import Interval, format_number
from .vocabulary import (
    CURRENCY_AFTER, CURRENCY_BEFORE, CURRENCY_CODES, DEFAULT_VOCABULARY, DURATION_UNITS,
    PERCENT_WORDS, POINT_WORDS, QUALIFIERS, QUALIFIERS_AFTER, QUALIFIERS_BEFORE, SCALES, Vocabulary,
)

# Wordings readers use, each with the reading the docs promise: (written, interval, unit, why).
# docs/vocabulary.md prints this table and the tests read every row and compare.
WORDINGS: tuple[tuple[str, str, str, str], ...] = (
    ("7.22", "[7.215, 7.225)", "", "a decimal is rounded at its last stated digit"),
    ("$1.57", "[1.565, 1.575)", "usd", "so is money with cents"),
    ("{value: 7.22, exact: true}", "7.22", "", "an exact decimal, when the source gives one"),
    ("{value: 1.2 million, tolerance: 5%}", "[1140000, 1260000]", "",
     "a tolerance is around the stated figure and takes the place of its rounding"),
    ("0%", "(-0.5, 0.5)", "percent", "both ends open: 0.5% rounds to 1%; a quantity's min 0 "
     "makes it [0, 0.5)"),
    ("between 1 and 1.2 thousand", "[500, 1250)", "", "each end keeps its own reading"),
    ("half", "50", "percent", "a share in words is a percentage, exactly"),
    ("a third", "100/3", "percent", ""),
    ("two-thirds", "200/3", "percent", ""),
    ("three quarters", "75", "percent", ""),
    ("around half", "[45, 55]", "percent", "qualifiers give a share its latitude"),
    ("over half", "(50, inf)", "percent", ""),
    ("nearly a third", "[30, 100/3)", "percent", ""),
    ("none", "0", "", "also `nil`, `nobody`, `no one`"),
    ("minus 5", "-5", "", "a sign in words"),
    ("eighth", "8", "", "an ordinal where it counts: the eighth derby goal"),
    ("8th", "8", "", ""),
    ("twenty-first", "21", "", ""),
    ("as few as 120", "[120, inf)", "", "the figure is the least it may be (as many as: the most)"),
    ("a ballpark of 300", "[270, 330]", "", "like `about`"),
    ("fewer than hundreds", "(-inf, 200)", "", "a strict bound on a vague word does not reach it"),
    ("more than hundreds", "(999, inf)", "", ""),
    ("at least hundreds", "[200, inf)", "", "an inclusive bound takes the word in"),
    ("several days", "[3, 9]", "days", "a vague word with a unit of time"),
    ("3 weeks", "3", "weeks", ""),
    ("2.3 percentage points", "[2.25, 2.35)", "pp", "points: rounded like a percentage"),
    ("20 points", "[19.5, 20.5)", "pp", ""),
    ("S$181.5 million", "[181450000, 181550000)", "sgd", "a dollar with a country's prefix"),
    ("HK$3bn", "[2500000000, 3500000000)", "hkd", ""),
    ("NZ$40", "40", "nzd", ""),
    ("900 million yuan", "[899500000, 900500000)", "cny", "a currency by its name"),
    ("40 rupees", "40", "inr", ""),
)


def interval_notation(written: str) -> Interval:
    """An interval as the docs write it: "[45, 55]", "(50, inf)", "[30, 100/3)", or one number."""
    if written[0] not in "[(":
        return Interval.point(Fraction(written))
    lo, hi = (part.strip() for part in written[1:-1].split(","))
    return Interval(None if lo == "-inf" else Fraction(lo), None if hi == "inf" else Fraction(hi),
                    written[0] == "(", written[-1] == ")")


def vocabulary_table_markdown(vocab: Vocabulary = DEFAULT_VOCABULARY) -> str:
    """The tables of docs/vocabulary.md, generated from the data the reader uses."""
    pct = {name: _percent(getattr(vocab, name)) for name in ("approximate", "below", "above")}
    lines = ["### Tolerances", "", "| setting | default | used by |", "| --- | --- | --- |"]
    for name in ("approximate", "below", "above"):
        lines.append(f"| `{name}` | {pct[name]} | {_phrases(QUALIFIERS_BEFORE[name])} |")
    lines += ["", "### Vague words", "", "| phrase | lowest | highest |", "| --- | --- | --- |"]
    for phrase, interval in sorted(vocab.words.items(), key=lambda kv: (kv[1].lo, kv[1].hi, kv[0])):
        lines.append(f"| {phrase} | {_end(interval.lo, interval.lo_open)} "
                     f"| {_end(interval.hi, interval.hi_open)} |")
    lines += ["", "### Qualifiers", "", "| written | means, for a figure v |", "| --- | --- |"]
    for name, qualifier in QUALIFIERS.items():
        written = _phrases(QUALIFIERS_BEFORE[name]) + " before v"
        if name in QUALIFIERS_AFTER:
            written += "; " + _phrases(QUALIFIERS_AFTER[name]) + " after v"
        lines.append(f"| {written} | {qualifier.meaning} |")
    lines += ["", "### Scale words, currencies, percentages", "", "| written | means |",
              "| --- | --- |"]
    by_factor: dict[tuple[int, bool], list[str]] = {}
    for word, scale in SCALES.items():
        by_factor.setdefault(tuple(scale), []).append(word)
    for (factor, rounds), words in by_factor.items():
        how = "rounded at the last digit" if rounds else "exactly"
        lines.append(f"| {_phrases(words)} after a figure | × {format_number(Fraction(factor))}, {how} |")
    units: dict[str, list[str]] = {}
    for phrase, unit in [*CURRENCY_BEFORE.items(), *((c, c) for c in CURRENCY_CODES)]:
        units.setdefault(unit, []).append(phrase.upper())
    for phrase, unit in CURRENCY_AFTER.items():
        units.setdefault(unit, []).append(phrase)
    for unit, phrases in units.items():
        lines.append(f"| {_phrases(phrases)} | unit `{unit}` |")
    lines.append(f"| {_phrases(PERCENT_WORDS)} after a figure | unit `percent`, "
                 "rounded at the last digit |")
    lines.append(f"| {_phrases(POINT_WORDS)} after a figure | unit `pp` (percentage points), "
                 "rounded at the last digit |")
    lines.append(f"| {_phrases(list(DURATION_UNITS))} after a figure | unit "
                 f"{_phrases(sorted(set(DURATION_UNITS.values())))} |")
    lines += ["", "### Wordings readers use", "", "| written | means | unit | why |",
              "| --- | --- | --- | --- |"]
    for written, interval, unit, why in WORDINGS:
        shown = interval.replace("inf", "∞")
        lines.append(f"| `{written}` | {shown} | {f'`{unit}`' if unit else ''} | {why} |")
    return "\n".join(lines) + "\n"


def _phrases(phrases: Sequence[str]) -> str:
    return ", ".join(f"`{p}`" for p in phrases)


def _percent(share: Fraction) -> str:
    return format_number(share * 100) + "%"


def _end(value: Fraction | None, is_open: bool) -> str:
    if value is None:
        return "unbounded"
    return format_number(value) + (" (not included)" if is_open else "")
