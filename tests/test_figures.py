"""The figure scanner: which phrases of prose are figures, their extent and their reading."""

from __future__ import annotations

import datetime
from fractions import Fraction

import pytest

from checker.figures import find_figures, readings_overlap
from checker.interval import Interval
from checker.values import read_value
from checker.vocabulary import DEFAULT_VOCABULARY as VOCAB

PUBLISHED = datetime.date(2025, 3, 19)  # a Wednesday


def figures(text: str, published: datetime.date | None = None) -> list[str]:
    return [f.text for f in find_figures(text, VOCAB, published=published)]


# A figure inside a sentence: the phrase found (qualifier included), its kind and its interval.
FOUND = [
    ("The swap freed 372 soldiers.", "372", "number", Interval.point(372)),
    ("He said the nearly two dozen Ukrainians were freed.", "nearly two dozen", "number",
     Interval(Fraction(108, 5), Fraction(24), False, True)),
    ("Organisers said more than 1,000 people had joined.", "more than 1,000", "number",
     Interval(Fraction(1000), None, True, True)),
    ("Profit rose to $4.5bn in the quarter.", "$4.5bn", "money",
     Interval(Fraction(4_450_000_000), Fraction(4_550_000_000), False, True)),
    ("Turnout was 12.5 per cent, the lowest yet.", "12.5 per cent", "percent",
     Interval(Fraction(1245, 100), Fraction(1255, 100), False, True)),
    ("Hundreds of people marched.", "Hundreds", "vague", Interval.closed(200, 999)),
    ("The budget rose to 1.2 million last year.", "1.2 million", "number",
     Interval(Fraction(1_150_000), Fraction(1_250_000), False, True)),
    ("Reserves stand at between £40m and £45m now.", "between £40m and £45m", "money",
     Interval(Fraction(39_500_000), Fraction(45_500_000), False, True)),
    ("It costs twenty-two pounds.", "twenty-two pounds", "money", Interval.point(22)),
    ("They waited four and a half hours.", "four and a half", "number", Interval.point(Fraction(9, 2))),
    ("Some 25,000 homes lost power.", "Some 25,000", "number", Interval.closed(22_500, 27_500)),
    ("Tens of thousands fled.", "Tens of thousands", "vague", Interval.closed(20_000, 99_999)),
    ("Half a million people signed.", "Half a million", "number", Interval.point(500_000)),
    ("Gusts reached up to 82mph.", "up to 82mph", "number", Interval(None, Fraction(82), True, False)),
    ("Nearly 2,000 residents responded.", "Nearly 2,000", "number", Interval(Fraction(1800), Fraction(2000), False, True)),
    ("The crowd was 10-20 strong.", "10-20", "range", Interval.closed(10, 20)),
]


@pytest.mark.parametrize("sentence, phrase, kind, interval", FOUND)
def test_figure_in_a_sentence(sentence, phrase, kind, interval):
    [figure] = find_figures(sentence, VOCAB)
    assert figure.text == phrase
    assert sentence[figure.start:figure.end] == phrase
    assert figure.kind == kind
    assert figure.reading is not None and figure.reading.interval == interval


@pytest.mark.parametrize("sentence, phrase, day", [
    ("Both sides said on February 5, 2025 that it was over.", "February 5, 2025", datetime.date(2025, 2, 5)),
    ("The hearing is on 14 March.", "14 March", datetime.date(2025, 3, 14)),
    ("Moscow and Kyiv said Wednesday.", "Wednesday", datetime.date(2025, 3, 19)),
    ("It was announced on Tuesday, March 18, 2025 in Abu Dhabi.", "Tuesday, March 18, 2025", datetime.date(2025, 3, 18)),
])
def test_dates_are_figures(sentence, phrase, day):
    [figure] = find_figures(sentence, VOCAB, published=PUBLISHED)
    assert figure.text == phrase and figure.kind == "date"
    assert figure.reading is not None and figure.reading.interval == Interval.point(day.toordinal())


@pytest.mark.parametrize("sentence, phrases", [
    ("The invasion began in early 2022 and fighting went on through February 2022.", ["early 2022", "February 2022"]),
    ("Cuts are due by mid-2025.", ["mid-2025"]),
    ("He was first elected in 2010.", ["2010"]),
    ("It fell vacant in March when he resigned.", ["March"]),
])
def test_years_and_months_are_dates(sentence, phrases):
    found = find_figures(sentence, VOCAB, published=PUBLISHED)
    assert [f.text for f in found] == phrases
    assert all(f.kind == "date" for f in found)


@pytest.mark.parametrize("sentence, phrase, kind", [
    ("One in five trusts missed every target.", "One in five", "ratio"),
    ("Rovers beat City 3-2 on the day.", "3-2", "score"),
])
def test_figures_the_reader_cannot_take_alone(sentence, phrase, kind):
    [figure] = find_figures(sentence, VOCAB)
    assert (figure.text, figure.kind, figure.reading) == (phrase, kind, None)


@pytest.mark.parametrize("sentence, phrase, interval", [
    ("Around a third of them will go.", "Around a third", Interval(30, Fraction(110, 3))),
    ("Sales fell by a quarter.", "a quarter", Interval.point(25)),
    ("It now makes almost half of revenue.", "almost half", Interval(45, 50, False, True)),
])
def test_shares_in_words_are_percentages(sentence, phrase, interval):
    [figure] = find_figures(sentence, VOCAB)
    assert (figure.text, figure.kind, figure.reading.interval) == (phrase, "percent", interval)


# Things that look like figures and are not.
NOT_FIGURES = [
    "The Covid-19 inquiry reported.",
    "The G7 and G20 summits met.",
    "An F-16 and a 4x4 were seen.",
    "The meeting began at 10:30 and ended at 3pm.",
    "It ran until 10 a.m. and resumed at 0900 GMT.",
    "Page 4 of the report, and page 12, say so.",
    "It was one of the largest swaps of the war.",
    "No one is pretending it is good enough, said one another.",
    "She was the first woman and the 14th leader.",
    "He spoke on Radio 4 and Channel 4 News.",
    "Shares in the FTSE 100 and the S&P 500 fell.",
    "The 2022 World Cup was held in Qatar.",
    "Euro 2024 was held in Germany.",
    "It is 24/7 and the 9/11 memorial is near.",
    "The 2023/24 and 2025-26 budgets were set.",
    "Music from the 1990s played.",
    "The A64 and M4 were closed at junctions 32 and 33.",
    "He lives at 22 Elm Road in Harrow.",
    "Section 71 of the Criminal Justice Act 1988 applies.",
    "A fault hit its 5G network and the CMIP6 models.",
    "He said it several times, a few weeks ago.",
    "The team scores often.",
    "The two sides met in Riyadh.",
    "The Russian defence ministry said it had handed over the prisoners.",
]


@pytest.mark.parametrize("sentence", NOT_FIGURES)
def test_not_figures(sentence):
    assert figures(sentence) == []


@pytest.mark.parametrize("sentence, expected", [
    ("The ministry handed over 175 Ukrainian prisoners.", ["175"]),
    ("Of the 14 scheduled sailings, 11 were cancelled.", ["14", "11"]),
    ("Numbers rose from 150 to 175 this year.", ["150", "175"]),
    ("Profits jump 18% to $4.5bn as sales soar.", ["18%", "$4.5bn"]),
    ("They strike again on 3 and 4 November.", ["3 and 4 November"]),  # two days, one span
    ("A 19-year-old scored twice in the last 10 minutes.", ["19", "10"]),
    ("Temperatures fell to 0.3C and 4.5mm of rain fell.", ["0.3C", "4.5mm"]),
    ("One person died and one of the wounded is critical.", ["One"]),
    ("Shah, 38, told supporters after 2am.", ["38"]),
])
def test_figures_in_a_sentence_are_kept_apart(sentence, expected):
    assert figures(sentence) == expected


def test_spans_are_offsets_into_the_text():
    text = "Headline with 3,000\n\nAbout 3,000 travellers were stranded on Friday."
    for figure in find_figures(text, VOCAB, published=PUBLISHED):
        assert text[figure.start:figure.end] == figure.text


def test_relative_dates_need_publication_to_be_read():
    [figure] = find_figures("Moscow and Kyiv said Wednesday.", VOCAB)
    assert figure.text == "Wednesday" and figure.kind == "date" and figure.reading is None


@pytest.mark.parametrize("a, b, meet", [
    ("£900,000", "£990,000", False),
    ("nearly two dozen", "nearly two dozen", True),
    ("22", "nearly two dozen", True),
    ("£40m", "$40m", False),
    ("12%", "12", True),
    ("about 3,000", "3,100", True),
])
def test_readings_overlap(a, b, meet):
    assert readings_overlap(read_value(a, VOCAB), read_value(b, VOCAB)) is meet


def test_long_text_is_scanned_in_one_pass():
    text = "About 3,000 travellers were stranded on Friday. " * 2000
    assert len(find_figures(text, VOCAB)) == 4000
