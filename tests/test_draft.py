"""The draft beside the claims: quotes located as a reader finds them, and what a quote says."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.draft import fold, load_draft, locate_quote, make_draft
from checker.positions import Position
from checker.problems import InputError

DRAFT = (
    "Flood defences to cost \u00a340m\n"
    "\n"
    "The council said on Monday that new flood defences \u2013 along the river \u2013 would cost "
    "\u00a340m,\n"
    "of which the government will pay \u00a325m. \u201cIt\u2019s the right call,\u201d said the\u00a0mayor.\n"
)


@pytest.fixture
def draft():
    return make_draft(DRAFT, "draft.txt")


@pytest.mark.parametrize("quote, found_text, line, column", [
    ("Flood defences to cost £40m", "Flood defences to cost £40m", 1, 1),
    # case
    ("FLOOD DEFENCES", "Flood defences", 1, 1),
    # straight quotes for curly ones
    ("\"It's the right call,\" said the mayor", "\u201cIt\u2019s the right call,\u201d said the\u00a0mayor", 4, 40),
    # a hyphen or an em dash for the en dash, with or without spaces around it
    ("flood defences - along the river - would", "flood defences \u2013 along the river \u2013 would", 3, 37),
    ("defences—along the river", "defences \u2013 along the river", 3, 43),
    # a line break and a run of spaces in the draft
    ("would cost £40m, of which", "would cost \u00a340m,\nof which", 3, 72),
    ("the    government\twill pay", "the government will pay", 4, 10),
    # a non-breaking space in the quote for a plain one in the draft
    ("the\u00a0government will pay £25m", "the government will pay \u00a325m", 4, 10),
    # an ellipsis stands for the words left out
    ("new flood defences … would cost £40m", "new flood defences \u2013 along the river \u2013 would cost \u00a340m", 3, 33),
])
def test_quote_found_as_a_reader_finds_it(draft, quote, found_text, line, column):
    match = locate_quote(draft, quote)
    assert match.found
    assert draft.text[match.start:match.end] == found_text
    assert (match.line, match.column) == (line, column)
    assert match.similarity == 1.0 and match.closest is None


def test_quote_not_found_gives_closest_passage(draft):
    match = locate_quote(draft, "the government will pay £15m")
    assert not match.found
    assert match.closest == "the government will pay \u00a325m"
    assert 0.9 < match.similarity < 1.0
    assert (match.line, match.column) == (4, 10)


def test_quote_with_a_word_changed_finds_the_sentence(draft):
    match = locate_quote(draft, "the council said on Tuesday that new flood walls")
    assert not match.found
    assert match.closest is not None and match.closest.startswith("The council said on Monday")
    assert match.similarity > 0.7


def test_nothing_close(draft):
    match = locate_quote(draft, "zebra crossing xylophone")
    assert not match.found and match.closest is None


def test_closest_passage_in_a_long_draft_is_bounded():
    words = " ".join(f"word{i}" for i in range(60_000))
    long = make_draft(words + " the minister said 412 beds were open " + words, "long.txt")
    match = locate_quote(long, "the minister said 421 beds were open")
    assert not match.found
    assert match.closest == "the minister said 412 beds were open"


def test_fold_keeps_offsets():
    folded, origin = fold("A \u201cB\u201d \u2014 c\n\nd")
    assert folded == 'a "b"-c d'
    assert [origin[i] for i in range(len(folded))] == [0, 1, 2, 3, 4, 6, 8, 9, 11]


def test_positions_count_lines_and_columns(draft):
    assert draft.position(0) == Position("draft.txt", 1, 1)
    assert draft.position(DRAFT.index("The council")) == Position("draft.txt", 3, 1)
    assert draft.position(DRAFT.index("of which") + 3) == Position("draft.txt", 4, 4)


def test_load_draft_reads_utf8_with_bom_and_crlf(tmp_path: Path):
    path = tmp_path / "d.txt"
    path.write_bytes("\ufeffHeadline\r\nBody 12\r\n".encode("utf-8"))
    draft = load_draft(path, display_path="d.txt")
    assert draft.text == "Headline\nBody 12\n"
    assert draft.position(draft.text.index("12")) == Position("d.txt", 2, 6)


@pytest.mark.parametrize("make, why", [
    (lambda p: None, "does not exist"),
    (lambda p: p.mkdir(), "is a folder"),
    (lambda p: p.write_bytes(b"caf\xe9"), "is not UTF-8"),
])
def test_unreadable_draft(tmp_path: Path, make, why):
    path = tmp_path / "draft.txt"
    make(path)
    at = Position("claims.yaml", 3, 10)
    with pytest.raises(InputError) as err:
        load_draft(path, display_path="draft.txt", referenced_at=at)
    [problem] = err.value.problems
    assert problem.code == "draft-unreadable"
    assert why in problem.message and problem.position == at
