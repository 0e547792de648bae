"""docs/vocabulary.md prints the tables the reader uses, and every example in them reads."""

from __future__ import annotations

import datetime
import pathlib
import re

import pytest

from checker.dates import date_table_markdown
from checker.explicit import read_explicit
from checker.values import read_value
from checker.vocabulary import (
    CURRENCY_AFTER, CURRENCY_BEFORE, CURRENCY_CODES, DEFAULT_VOCABULARY, QUALIFIERS_AFTER,
    QUALIFIERS_BEFORE, SCALES,
)
from checker.vocabulary_docs import WORDINGS, interval_notation, vocabulary_table_markdown

DOC = pathlib.Path(__file__).resolve().parent.parent / "docs" / "vocabulary.md"
PUBLISHED = datetime.date(2025, 3, 19)


@pytest.mark.parametrize("table", [vocabulary_table_markdown(), date_table_markdown()],
                         ids=["values", "dates"])
def test_docs_hold_the_generated_table(table: str) -> None:
    assert table in DOC.read_text(encoding="utf-8"), (
        "docs/vocabulary.md has drifted from the tables the reader uses; paste in:\n" + table)


def test_docs_show_the_defaults() -> None:
    table = vocabulary_table_markdown()
    assert "| hundreds | 200 | 999 |" in table
    assert "| `approximate` | 10% |" in table


@pytest.mark.parametrize("phrase", sorted(DEFAULT_VOCABULARY.words))
def test_every_vague_word_reads_as_its_row(phrase: str) -> None:
    reading = read_value(phrase, DEFAULT_VOCABULARY)
    assert (reading.interval, reading.kind) == (DEFAULT_VOCABULARY.words[phrase], "vague")


QUALIFIED = [(f"{p} 300", name) for name, ps in QUALIFIERS_BEFORE.items() for p in ps]
QUALIFIED += [(f"300{p}" if p.startswith(("-", "+")) else f"300 {p}", name)
              for name, ps in QUALIFIERS_AFTER.items() for p in ps]
KIND = {"approximate": "approximate", "below": "approximate", "above": "approximate"}


@pytest.mark.parametrize("phrase, name", QUALIFIED)
def test_every_qualifier_reads(phrase: str, name: str) -> None:
    reading = read_value(phrase, DEFAULT_VOCABULARY)
    assert reading.kind == KIND.get(name, "bound")
    assert reading.interval.contains(300) == (name in ("approximate", "at-least", "at-most"))


@pytest.mark.parametrize("phrase, unit", [
    *((f"{p}5", u) for p, u in CURRENCY_BEFORE.items()),
    *((f"{c.upper()} 5", c) for c in CURRENCY_CODES),
    *((f"5 {c.upper()}", c) for c in CURRENCY_CODES),
    *((f"5 {p}", u) for p, u in CURRENCY_AFTER.items()),
])
def test_every_currency_reads(phrase: str, unit: str) -> None:
    assert read_value(phrase, DEFAULT_VOCABULARY).unit == unit


@pytest.mark.parametrize("word", sorted(SCALES))
def test_every_scale_word_multiplies(word: str) -> None:
    assert read_value(f"3 {word}", DEFAULT_VOCABULARY).stated == 3 * SCALES[word].factor


@pytest.mark.parametrize("example", re.findall(r"`([^`]+)`", date_table_markdown()))
def test_every_date_example_reads(example: str) -> None:
    if example == "unit: date":
        return
    reading = read_value(example, DEFAULT_VOCABULARY, unit="date", published=PUBLISHED)
    assert reading.kind == "date"


@pytest.mark.parametrize("written, interval, unit, why", WORDINGS, ids=[w[0] for w in WORDINGS])
def test_every_wording_reads_as_its_row(written: str, interval: str, unit: str, why: str) -> None:
    if written.startswith("{"):
        fields = dict(part.split(": ", 1) for part in written.strip("{}").split(", "))
        reading = read_explicit(fields, DEFAULT_VOCABULARY)
    else:
        reading = read_value(written, DEFAULT_VOCABULARY)
    assert reading.interval == interval_notation(interval)
    assert (reading.unit or "") == unit
