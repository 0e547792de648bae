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


@pytest.mark.parametrize("make, why, code", [
    (lambda p: None, "does not exist", "draft-unreadable"),
    (lambda p: p.mkdir(), "is a folder", "draft-not-a-file"),
    (lambda p: p.write_bytes(b"caf\xe9"), "is not UTF-8", "draft-unreadable"),
])
def test_unreadable_draft(tmp_path: Path, make, why, code):
    path = tmp_path / "draft.txt"
    make(path)
    at = Position("claims.yaml", 3, 10)
    with pytest.raises(InputError) as err:
        load_draft(path, display_path="draft.txt", referenced_at=at)
    [problem] = err.value.problems
    assert problem.code == code
    assert why in problem.message and problem.position == at


# -- the draft check: quotes, the figures in them, coverage ----------------------------------

from checker.draft import draft_checks  # noqa: E402
from checker.model import claim_file_from_text  # noqa: E402
from checker.values import read_value  # noqa: E402
from checker.vocabulary import DEFAULT_VOCABULARY as VOCAB  # noqa: E402

FERRY = (
    "Ferry strike strands 3,000 travellers\n"
    "\n"
    "About 3,000 travellers were stranded on Friday when ferry crews walked out.\n"
    "Of the 14 scheduled sailings, 11 were cancelled, the operator said.\n"
)


def check(claims_yaml: str, draft_text: str, ignore=()):
    cf = claim_file_from_text(claims_yaml, "claims.yaml")
    units = {name: q.unit for name, q in cf.quantities.items()}
    readings = {c.id: read_value(c.value, VOCAB, unit=units[c.quantities[0]], published=cf.article.published)
                for c in cf.claims if isinstance(c.value, str)}
    return draft_checks(cf, make_draft(draft_text, "draft.txt"), readings, VOCAB, ignore)


def codes(found) -> list[str]:
    return [w.code for w in found.warnings]


def claims(*rows: str, quantities: str = "n: {unit: count}", extra: str = "") -> str:
    body = "\n".join(f"  - {row}" for row in rows)
    return f"article:\n  draft: draft.txt\n{extra}quantities:\n  {quantities}\nclaims:\n{body}\n"


ROOF = "School roof repairs to cost £2.4m\n\nThe largest single job, at Hill Street, accounts for £900,000 of that.\n"


def test_quote_figure_mismatch_shows_both():
    found = check(claims('{id: hill, quote: "accounts for £900,000 of that", quantity: n, value: "£990,000"}',
                         '{id: head, quote: "cost £2.4m", quantity: n, value: "£2.4m"}',
                         quantities="n: {unit: gbp}"), ROOF)
    [warning] = found.warnings
    assert warning.code == "quote-figure-mismatch"
    assert "£900,000" in warning.message and "£990,000" in warning.message
    assert "draft.txt:3:41" in warning.message
    assert warning.position.file == "claims.yaml" and warning.position.line == 6


@pytest.mark.parametrize("quote, value", [
    ("accounts for £900,000 of that", "£900,000"),
    ("accounts for £900,000 of that", "about £900,000"),  # intervals meet
    ("The largest single job, at Hill Street", "£900,000"),  # a quote without a figure
    ("cost £2.4m", "£2,400,000"),
])
def test_no_mismatch(quote, value):
    found = check(claims(f'{{id: c, quote: "{quote}", quantity: n, value: "{value}"}}',
                         quantities="n: {unit: gbp}"), ROOF)
    assert "quote-figure-mismatch" not in codes(found)


def test_vague_words_in_quote_and_value_agree():
    draft = "Swap\n\nZelensky said the nearly two dozen Ukrainians had been returned.\n"
    found = check(claims('{id: z, quote: the nearly two dozen Ukrainians, quantity: n, value: nearly two dozen}',
                         quantities="n: {unit: people}"), draft)
    assert found.warnings == ()


def test_year_in_quote_is_compared_as_a_date():
    draft = "Report\n\nThe plan was adopted on February 5, 2025 by the council.\n"
    found = check(claims('{id: d, quote: "adopted on February 5, 2025", quantity: day, value: "February 6, 2025"}',
                         quantities="day: {unit: date}"), draft)
    assert codes(found) == ["quote-figure-mismatch"]


def test_uncovered_figure_at_its_place_in_the_draft():
    found = check(claims('{id: head, quote: "strands 3,000 travellers", quantity: n, value: "3,000"}',
                         '{id: lede, quote: "About 3,000 travellers", quantity: n, value: "about 3,000"}',
                         '{id: sched, quote: Of the 14 scheduled sailings, quantity: s, value: 14}',
                         quantities="n: {unit: people}\n  s: {unit: sailings}"), FERRY)
    uncovered = {w.message.split('"')[1]: w.position for w in found.warnings if w.code == "uncovered-figure"}
    assert uncovered == {"Friday": Position("draft.txt", 3, 41), "11": Position("draft.txt", 4, 31)}
    assert codes(found).count("uncovered-figure") == 2
    by_text = {f.text: f.claim_ids for f in found.view.figures}
    assert by_text == {"3,000": ("head",), "About 3,000": ("lede",), "Friday": (), "14": ("sched",), "11": ()}


def test_ignored_phrases_are_not_flagged():
    found = check(claims('{id: head, quote: "strands 3,000 travellers", quantity: n, value: "3,000"}',
                         '{id: lede, quote: "About 3,000 travellers", quantity: n, value: "about 3,000"}',
                         quantities="n: {unit: people}"), FERRY, ignore=["Friday", "14", "11 were cancelled"])
    assert codes(found) == []
    assert [f.text for f in found.view.figures] == ["3,000", "About 3,000"]


def test_ignore_takes_whole_words_only():
    found = check(claims('{id: head, quote: "strands 3,000 travellers", quantity: n, value: "3,000"}',
                         quantities="n: {unit: people}"), FERRY, ignore=["1", "3"])
    assert [w.message.split('"')[1] for w in found.warnings] == ["About 3,000", "Friday", "14", "11"]


def test_quote_not_found_names_closest_passage_and_where():
    draft = "Flood defences to cost £40m\n\nOf which the government will pay £25m.\n"
    found = check(claims('{id: share, quote: the government will pay £15m, quantity: n, value: £15m}',
                         quantities="n: {unit: gbp}"), draft)
    [missing] = [w for w in found.warnings if w.code == "quote-not-found"]
    assert "the government will pay £25m" in missing.message and "% alike" in missing.message
    assert "draft.txt:3:10" in missing.message
    assert missing.position == Position("claims.yaml", 6, 24)
    assert found.view.quotes[0].draft_position is None


def test_quote_locations_for_reports():
    found = check(claims('{id: sched, quote: "of the 14 scheduled\\nsailings", quantity: n, value: 14}'), FERRY)
    [loc] = found.view.quotes
    assert loc.claim_id == "sched" and loc.draft_position == Position("draft.txt", 4, 1)
    assert FERRY[loc.start:loc.end] == "Of the 14 scheduled sailings"
