"""Values as reporters write them: each phrase, the interval it means, its unit and kind."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.interval import Interval
from checker.problems import LocalError
from checker.explicit import read_explicit
from checker.values import read_value
from checker.vocabulary import DEFAULT_VOCABULARY, vocabulary_with_overrides
from checker.vocabulary_docs import interval_notation


def iv(written: str) -> Interval:
    """An interval written as in the spec: "[21.6, 24)", "(300, inf)", or one number "372"."""
    return interval_notation(written)


# phrase, interval, unit, kind
READINGS = [
    # exactly that number, as written (not as YAML 1.1 would load it)
    ("372", "372", None, "exact"),
    ("1,200", "1200", None, "exact"),
    ("-5", "-5", None, "exact"),
    ("−5", "-5", None, "exact"),
    ("017", "17", None, "exact"),
    ("1_000", "1000", None, "exact"),
    ("£990,000", "990000", "gbp", "exact"),
    ("$450,000", "450000", "usd", "exact"),
    ("-$5", "-5", "usd", "exact"),
    # spelled out, exactly
    ("seven", "7", None, "exact"),
    ("three", "3", None, "exact"),
    ("twenty-two", "22", None, "exact"),
    ("twenty two", "22", None, "exact"),
    ("a dozen", "12", None, "exact"),
    ("two dozen", "24", None, "exact"),
    ("half a dozen", "6", None, "exact"),
    ("half a million", "500000", None, "exact"),
    ("a hundred", "100", None, "exact"),
    ("one hundred and twenty", "120", None, "exact"),
    ("twelve hundred", "1200", None, "exact"),
    ("one thousand two hundred", "1200", None, "exact"),
    ("nine hundred ninety-nine thousand nine hundred ninety-nine", "999999", None, "exact"),
    ("a million", "1000000", None, "exact"),
    ("two million", "2000000", None, "exact"),
    ("two and a half million", "2500000", None, "exact"),
    ("two million three hundred thousand", "2300000", None, "exact"),
    ("2 dozen", "24", None, "exact"),
    ("two million dollars", "2000000", "usd", "exact"),
    # rounded at the last stated digit
    ("1.2 million", "[1150000, 1250000)", None, "rounded"),
    ("$1.2 million", "[1150000, 1250000)", "usd", "rounded"),
    ("4.5bn", "[4450000000, 4550000000)", None, "rounded"),
    ("$3m", "[2500000, 3500000)", "usd", "rounded"),
    ("US$3m", "[2500000, 3500000)", "usd", "rounded"),
    ("3m USD", "[2500000, 3500000)", "usd", "rounded"),
    ("€2.1 billion", "[2050000000, 2150000000)", "eur", "rounded"),
    ("2.1 billion euros", "[2050000000, 2150000000)", "eur", "rounded"),
    ("£40m", "[39500000, 40500000)", "gbp", "rounded"),
    ("£2.4m", "[2350000, 2450000)", "gbp", "rounded"),
    ("20k", "[19500, 20500)", None, "rounded"),
    ("1.5mn", "[1450000, 1550000)", None, "rounded"),
    ("12%", "[11.5, 12.5)", "percent", "rounded"),
    ("33%", "[32.5, 33.5)", "percent", "rounded"),
    ("12.5 per cent", "[12.45, 12.55)", "percent", "rounded"),
    ("12 percent", "[11.5, 12.5)", "percent", "rounded"),
    ("twelve per cent", "[11.5, 12.5)", "percent", "rounded"),
    ("-5%", "(-5.5, -4.5]", "percent", "rounded"),  # half away from zero, mirrored
    ("0%", "(-0.5, 0.5)", "percent", "rounded"),  # both ends open: 0.5 rounds to 1%, -0.5 to -1%
    # a decimal is rounded at its last stated digit, like a scaled figure
    ("0.25", "[0.245, 0.255)", None, "rounded"),
    ("7.22", "[7.215, 7.225)", None, "rounded"),
    ("$1.57", "[1.565, 1.575)", "usd", "rounded"),
    ("2.7", "[2.65, 2.75)", None, "rounded"),
    ("-0.5", "(-0.55, -0.45]", None, "rounded"),
    # currencies by prefix and by name
    ("S$181.5 million", "[181450000, 181550000)", "sgd", "rounded"),
    ("HK$3m", "[2500000, 3500000)", "hkd", "rounded"),
    ("NZ$40", "40", "nzd", "exact"),
    ("A$40", "40", "aud", "exact"),
    ("C$40", "40", "cad", "exact"),
    ("900 million yuan", "[899500000, 900500000)", "cny", "rounded"),
    # percentage points: a unit of their own, rounded like a percentage
    ("2.3 percentage points", "[2.25, 2.35)", "pp", "rounded"),
    ("20 points", "[19.5, 20.5)", "pp", "rounded"),
    ("0.25 percentage points", "[0.245, 0.255)", "pp", "rounded"),
    # shares in words are percentages, exactly; qualifiers give the latitude
    ("half", "50", "percent", "exact"),
    ("a third", "100/3", "percent", "exact"),
    ("two-thirds", "200/3", "percent", "exact"),
    ("three quarters", "75", "percent", "exact"),
    ("around half", "[45, 55]", "percent", "approximate"),
    ("over half", "(50, inf)", "percent", "bound"),
    ("nearly a third", "[30, 100/3)", "percent", "approximate"),
    # words that are one figure
    ("none", "0", None, "exact"),
    ("eighth", "8", None, "exact"),
    ("8th", "8", None, "exact"),
    ("twenty-first", "21", None, "exact"),
    ("several days", "[3, 9]", "days", "vague"),
    ("3 weeks", "3", "weeks", "exact"),
    # approximately: the reading widened by 10% each way
    ("about 200", "[180, 220]", None, "approximate"),
    ("about 40", "[36, 44]", None, "approximate"),
    ("around 40", "[36, 44]", None, "approximate"),
    ("roughly 40", "[36, 44]", None, "approximate"),
    ("approximately 40", "[36, 44]", None, "approximate"),
    ("some 40", "[36, 44]", None, "approximate"),
    ("an estimated 40", "[36, 44]", None, "approximate"),
    ("~40", "[36, 44]", None, "approximate"),
    ("40 or so", "[36, 44]", None, "approximate"),
    ("about 3,000", "[2700, 3300]", None, "approximate"),
    ("about 12%", "[10.35, 13.75)", "percent", "approximate"),
    ("about 1.2 million", "[1035000, 1375000)", None, "approximate"),
    ("about -5", "[-5.5, -4.5]", None, "approximate"),
    ("about a dozen", "[10.8, 13.2]", None, "approximate"),
    # below and above a stated figure, within the tolerance
    ("nearly 24", "[21.6, 24)", None, "approximate"),
    ("nearly two dozen", "[21.6, 24)", None, "approximate"),
    ("almost 24", "[21.6, 24)", None, "approximate"),
    ("close to 24", "[21.6, 24)", None, "approximate"),
    ("just under 24", "[21.6, 24)", None, "approximate"),
    ("nearly 1.2 million", "[1080000, 1200000)", None, "approximate"),
    ("nearly -5", "(-5, -4.5]", None, "approximate"),
    ("just over 300", "(300, 330]", None, "approximate"),
    ("just over -5", "[-5.5, -5)", None, "approximate"),
    # bounds use the stated figure, not its rounding
    ("more than 300", "(300, inf)", None, "bound"),
    ("over 300", "(300, inf)", None, "bound"),
    ("above 300", "(300, inf)", None, "bound"),
    ("upwards of 300", "(300, inf)", None, "bound"),
    ("more than 1,000", "(1000, inf)", None, "bound"),
    ("more than 1.2 million", "(1200000, inf)", None, "bound"),
    ("at least 300", "[300, inf)", None, "bound"),
    ("no fewer than 300", "[300, inf)", None, "bound"),
    ("1,000+", "[1000, inf)", None, "bound"),
    ("300-plus", "[300, inf)", None, "bound"),
    ("300 or more", "[300, inf)", None, "bound"),
    ("fewer than 10", "(-inf, 10)", None, "bound"),
    ("less than 10", "(-inf, 10)", None, "bound"),
    ("under 10", "(-inf, 10)", None, "bound"),
    ("below 10", "(-inf, 10)", None, "bound"),
    ("at most 10", "(-inf, 10]", None, "bound"),
    ("up to 10", "(-inf, 10]", None, "bound"),
    ("no more than 10", "(-inf, 10]", None, "bound"),
    ("as few as 120", "[120, inf)", None, "bound"),
    ("a ballpark of 300", "[270, 330]", None, "approximate"),
    ("up to $4m", "(-inf, 4000000]", "usd", "bound"),
    ("at least hundreds", "[200, inf)", None, "bound"),
    ("up to hundreds", "(-inf, 999]", None, "bound"),
    ("fewer than hundreds", "(-inf, 200)", None, "bound"),  # does not reach the word
    ("more than hundreds", "(999, inf)", None, "bound"),  # passes it
    # ranges: each end keeps its rounding, so the range widens outward
    ("between 10 and 20", "[10, 20]", None, "range"),
    ("10 to 20", "[10, 20]", None, "range"),
    ("10-20", "[10, 20]", None, "range"),
    ("10–20", "[10, 20]", None, "range"),
    ("from 10 to 20", "[10, 20]", None, "range"),
    ("two or three", "[2, 3]", None, "range"),
    ("-5 to -3", "[-5, -3]", None, "range"),
    ("$3m-$4m", "[2500000, 4500000)", "usd", "range"),
    ("$3-4m", "[2500000, 4500000)", "usd", "range"),
    ("between 1.2 and 1.5 million", "[1150000, 1550000)", None, "range"),
    ("between two and three million", "[2000000, 3000000]", None, "range"),
    ("500 to 1.2 million", "[500, 1250000)", None, "range"),
    ("between 1 and 1.2 thousand", "[500, 1250)", None, "range"),  # each end its own reading
    ("10-20%", "[9.5, 20.5)", "percent", "range"),
    ("between a hundred and two hundred", "[100, 200]", None, "range"),
    ("between one thousand and two thousand", "[1000, 2000]", None, "range"),
    ("about 10 to 20", "[9, 22]", None, "approximate"),
    ("hundreds to thousands", "[200, 9999]", None, "range"),
    # vague words, from the vocabulary's one table
    ("hundreds", "[200, 999]", None, "vague"),
    ("several hundred", "[300, 999]", None, "vague"),
    ("a few hundred", "[200, 599]", None, "vague"),
    ("dozens", "[24, 99]", None, "vague"),
    ("scores", "[40, 199]", None, "vague"),
    ("a few", "[2, 5]", None, "vague"),
    ("several", "[3, 9]", None, "vague"),
    ("a handful", "[2, 6]", None, "vague"),
    ("thousands", "[2000, 9999]", None, "vague"),
    ("tens of thousands", "[20000, 99999]", None, "vague"),
    ("hundreds of thousands", "[200000, 999999]", None, "vague"),
    ("millions", "[2000000, 999999999]", None, "vague"),
    ("millions of dollars", "[2000000, 999999999]", "usd", "vague"),
    ("Hundreds", "[200, 999]", None, "vague"),
]


@pytest.mark.parametrize("phrase, interval, unit, kind", READINGS)
def test_reading(phrase: str, interval: str, unit: str | None, kind: str) -> None:
    reading = read_value(phrase, DEFAULT_VOCABULARY)
    assert reading.interval == iv(interval)
    assert (reading.unit, reading.kind, reading.text) == (unit, kind, phrase)


@pytest.mark.parametrize("phrase, stated", [
    ("1.2 million", 1_200_000), ("nearly 24", 24), ("nearly two dozen", 24), ("12.5%", Fraction(25, 2)),
    ("more than 1,000", 1000), ("hundreds", None), ("between 10 and 20", None), ("017", 17),
])
def test_stated_figure(phrase: str, stated: int | None) -> None:
    assert read_value(phrase, DEFAULT_VOCABULARY).stated == stated


def test_open_ends_are_kept() -> None:
    nearly = read_value("nearly 24", DEFAULT_VOCABULARY).interval
    assert nearly.contains(Fraction(216, 10)) and not nearly.contains(24)
    rounded = read_value("1.2 million", DEFAULT_VOCABULARY).interval
    assert rounded.contains(1_150_000) and not rounded.contains(1_250_000)
    more = read_value("more than 300", DEFAULT_VOCABULARY).interval
    assert not more.contains(300) and more.contains(301) and more.hi is None


# phrase, error code, offset of the part not understood, words the hint must contain
ERRORS = [
    ("twelvety-three or so maybe", "unreadable-value", 0, "twenty-three"),
    ("twenty-thre", "unreadable-value", 7, "twenty-three"),
    ("hundredz", "unreadable-value", 0, '"hundred"'),
    ("abuot 300", "unreadable-value", 0, '"about"'),
    ("300 people", "unreadable-value", 4, '"300"'),
    ("more than 1,000 protesters", "unreadable-value", 16, '"more than 1,000"'),
    ("1,20", "unreadable-value", 0, '"1.20"'),
    ("12,5", "unreadable-value", 0, '"12.5"'),
    ("", "unreadable-value", 0, "such as"),
    ("about", "unreadable-value", 5, "such as"),
    ("more than about 300", "unreadable-value", 10, "such as"),
    ("about 300 or so", "unreadable-value", 10, "such as"),
    ("nearly hundreds", "unreadable-value", 0, "nearly 300"),
    ("nearly 0", "unreadable-value", 0, "under"),
    ("more than 10 to 20", "unreadable-value", 0, "between 10 and 20"),
    ("between 10 20", "unreadable-value", 11, "between 10 and 20"),
    ("20 to 10", "unreadable-value", 0, None),
    ("$3m-£4m", "unreadable-value", 4, "one unit"),
    ("$12%", "unreadable-value", 0, "such as"),
    ("dozen", "unreadable-value", 0, '"a dozen"'),
    ("two three", "unreadable-value", 4, '"two"'),
    ("February 5, 2025", "unreadable-value", 0, "unit: date"),
    ("1" * 31, "number-too-long", 0, "scale word"),
    ("1" * 201, "value-too-long", 200, "quote"),
]


@pytest.mark.parametrize("phrase, code, offset, hint", ERRORS)
def test_unreadable(phrase: str, code: str, offset: int, hint: str | None) -> None:
    with pytest.raises(LocalError) as caught:
        read_value(phrase, DEFAULT_VOCABULARY)
    error = caught.value
    assert (error.code, error.offset) == (code, offset)
    assert error.message
    if hint is not None:
        assert hint in (error.hint or "")


def test_unreadable_names_the_part_not_understood() -> None:
    with pytest.raises(LocalError) as caught:
        read_value("twelvety-three or so maybe", DEFAULT_VOCABULARY)
    assert '"twelvety"' in caught.value.message
    assert caught.value.hint == 'did you mean "twenty-three"?'


# -- explicit forms ------------------------------------------------------------------------

EXPLICIT = [
    ({"min": "18", "max": "24"}, "[18, 24]", "range"),
    ({"min": "18", "max": "24", "min_open": "true"}, "(18, 24]", "range"),
    ({"min": "18", "max": "24", "max_open": "true"}, "[18, 24)", "range"),
    ({"min": "18"}, "[18, inf)", "bound"),
    ({"max": "1.2 million"}, "(-inf, 1200000]", "bound"),
    ({"value": "200", "tolerance": "5%"}, "[190, 210]", "approximate"),
    ({"value": "200", "tolerance": "3"}, "[197, 203]", "approximate"),
    ({"value": "372", "exact": "true"}, "372", "exact"),
    ({"value": "1.2 million", "exact": "true"}, "1200000", "exact"),
    ({"value": "1.2 million", "exact": "false"}, "[1150000, 1250000)", "rounded"),
    ({"value": "nearly two dozen"}, "[21.6, 24)", "approximate"),
]


@pytest.mark.parametrize("fields, interval, kind", EXPLICIT)
def test_explicit(fields: dict[str, str], interval: str, kind: str) -> None:
    reading = read_explicit(fields, DEFAULT_VOCABULARY)
    assert (reading.interval, reading.kind) == (iv(interval), kind)


def test_explicit_keeps_the_unit_of_its_figures() -> None:
    assert read_explicit({"min": "$3m", "max": "$4m"}, DEFAULT_VOCABULARY).unit == "usd"


@pytest.mark.parametrize("fields, code, hint", [
    ({"mn": "3"}, "unknown-key", '"min"'),
    ({"min": "24", "max": "18"}, "unreadable-value", "swap"),
    ({"min": "18", "max": "18", "max_open": "true"}, "unreadable-value", "swap"),
    ({"value": "2", "min": "3"}, "unreadable-value", "either"),
    ({"value": "about 3", "exact": "true"}, "unreadable-value", "min: 18"),
    ({"value": "3", "exact": "true", "tolerance": "5%"}, "unreadable-value", "keep"),
    ({"min_open": "true"}, "unreadable-value", "min: 18"),
    ({"tolerance": "5%"}, "unreadable-value", "value: 200"),
    ({"min": "3", "min_open": "yes"}, "unreadable-value", "true"),
    ({"min": "$3m", "max": "£4m"}, "unreadable-value", "one unit"),
    ({"value": "3", "tolerance": "lots"}, "unreadable-value", "5%"),
    ({"min": "twelvety-three"}, "unreadable-value", "twenty-three"),
])
def test_explicit_errors(fields: dict[str, str], code: str, hint: str) -> None:
    with pytest.raises(LocalError) as caught:
        read_explicit(fields, DEFAULT_VOCABULARY)
    assert caught.value.code == code
    assert hint in (caught.value.hint or "")


def test_explicit_field_errors_name_the_field() -> None:
    with pytest.raises(LocalError) as caught:
        read_explicit({"min": "twelvety-three"}, DEFAULT_VOCABULARY)
    assert caught.value.message.startswith('in "min":')


# -- the vocabulary changes meanings --------------------------------------------------------

def test_overrides_change_tolerances_and_words() -> None:
    vocab = vocabulary_with_overrides(DEFAULT_VOCABULARY, {
        "approximate": "15%", "below": "0.2", "above": "5%",
        "words": {"dozens": {"min": "13", "max": "99"}, "a couple": {"min": "2", "max": "3"}},
    })
    assert read_value("about 40", vocab).interval == iv("[34, 46]")
    assert read_value("nearly 10", vocab).interval == iv("[8, 10)")
    assert read_value("just over 100", vocab).interval == iv("(100, 105]")
    assert read_value("dozens", vocab).interval == iv("[13, 99]")
    assert read_value("a couple", vocab).interval == iv("[2, 3]")
    assert read_value("hundreds", vocab).interval == iv("[200, 999]")  # untouched
    assert read_value("about 40", DEFAULT_VOCABULARY).interval == iv("[36, 44]")  # base unchanged


def test_a_word_can_be_taken_out() -> None:
    vocab = vocabulary_with_overrides(DEFAULT_VOCABULARY, {"words": {"scores": None}})
    with pytest.raises(LocalError):
        read_value("scores", vocab)


WORDS = ("a an one two twelve twenty - – , . $ £ % per cent hundred thousand million dozen half "
         "and or so more than about nearly between to from 1.2 3 017 1,000 -5 m bn k hundreds of "
         "dollars a few several 0 + plus February 2025 the").split()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=7), st.booleans())
def test_any_phrase_reads_or_fails_cleanly(words: list[str], spaced: bool) -> None:
    phrase = (" " if spaced else "").join(words)
    try:
        reading = read_value(phrase, DEFAULT_VOCABULARY)
    except LocalError as error:
        assert 0 <= error.offset <= len(phrase) and error.message
    else:
        assert not reading.interval.is_empty()


@pytest.mark.parametrize("overrides, code, hint", [
    ({"aproximate": "5%"}, "unknown-key", '"approximate"'),
    ({"approximate": "15"}, "bad-vocabulary", '"15%"'),
    ({"approximate": "lots"}, "bad-vocabulary", "10%"),
    ({"words": "dozens"}, "bad-vocabulary", "min: 13"),
    ({"words": {"dozens": {"min": "13"}}}, "bad-vocabulary", "min: 13"),
    ({"words": {"dozens": {"min": "13", "max": "many"}}}, "bad-vocabulary", "digits"),
    ({"words": {"dozens": {"min": "13", "max": "99", "mx": "3"}}}, "unknown-key", "max"),
    ({"words": {"dozens": {"min": "99", "max": "13"}}}, "bad-vocabulary", "min must be below max"),
    ({"words": {"12 things": {"min": "1", "max": "2"}}}, "bad-vocabulary", "words of letters"),
    ({"words": {"about": {"min": "1", "max": "2"}}}, "bad-vocabulary", "qualifies"),
])
def test_override_errors(overrides: dict, code: str, hint: str) -> None:
    with pytest.raises(LocalError) as caught:
        vocabulary_with_overrides(DEFAULT_VOCABULARY, overrides)
    assert caught.value.code == code
    assert hint in (caught.value.hint or "") + caught.value.message


def test_overrides_accept_numbers_from_pyproject() -> None:
    vocab = vocabulary_with_overrides(DEFAULT_VOCABULARY, {"approximate": 0.15, "below": "10 %"})
    assert (vocab.approximate, vocab.below) == (Fraction(3, 20), Fraction(1, 10))
    assert vocabulary_with_overrides(DEFAULT_VOCABULARY, {}) == DEFAULT_VOCABULARY
    assert hash(vocab) != hash(DEFAULT_VOCABULARY)


# A figure in digits alone is read by a shortcut (most of a large table's values); a space
# around it sends the same figure through the whole grammar. Both must mean the same.
_DIGITS = st.builds(
    lambda sign, body, percent: sign + body + percent,
    st.sampled_from(["", "-"]),
    st.one_of(
        st.integers(0, 10**40).map(str),
        st.integers(0, 10**12).map(lambda n: f"{n:,}"),
        st.integers(0, 10**12).map(lambda n: f"{n:_}"),
        st.tuples(st.integers(0, 10**9), st.integers(0, 10**6), st.integers(1, 6)).map(
            lambda t: f"{t[0]:,}.{t[1]:0{t[2]}d}"),
        st.sampled_from(["0", "00", "0.0", "017", "3.10", "12,34", "1,2345", "1__0", "1" * 30, "1" * 31]),
    ),
    st.sampled_from(["", "%"]),
)


@settings(max_examples=400, deadline=None)
@given(_DIGITS)
def test_figures_in_digits_read_as_the_grammar_reads_them(text: str) -> None:
    def outcome(written: str) -> tuple:
        try:
            r = read_value(written, DEFAULT_VOCABULARY)
        except LocalError as e:
            return ("error", e.code, e.message, e.offset - written.index(written.strip()))
        return (r.interval, r.unit, r.kind, r.stated, r.weekday_conflict)

    assert outcome(text) == outcome(f" {text} ")
