"""Desk edits: each changes what it says in a claim file's text and not one byte more."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

pytest.importorskip("ruamel.yaml", reason="the desk extra is not installed (pip install 'figcheck[desk]')")

from checker.desk.edits import apply, document  # noqa: E402
from checker.desk.yamledit import EditError, emit  # noqa: E402
from checker.model import claim_file_from_text  # noqa: E402

SWAP = (Path(__file__).resolve().parent.parent / "claims" / "prisoner-swap.yaml").read_text(encoding="utf-8")

BLOCK = """\
version: 1
quantities:
  total:
    unit: people   # everyone counted
# the claims, in the story's order
claims:
  - id: whole
    quantity: total
    value: 100  # the headline
  # nothing after this
"""


def changes(before: str, after: str) -> list[str]:
    """The lines removed (-) and added (+), as a unified diff lists them."""
    return [line.rstrip("\n") for line in difflib.unified_diff(before.splitlines(True), after.splitlines(True), n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


@pytest.mark.parametrize(("edit", "expected"), [
    ({"op": "set", "section": "claims", "id": "caption", "field": "value", "value": "175"},
     ["-     quantity: [ua_freed, ru_freed], value: 150}", "+     quantity: [ua_freed, ru_freed], value: 175}"]),
    # a value the author quoted stays quoted the same way
    ({"op": "set", "section": "claims", "id": "caption-day", "field": "value", "value": "March 19, 2025"},
     ['-     quantity: swap_announced, value: "February 5, 2025"}',
      '+     quantity: swap_announced, value: "March 19, 2025"}']),
    ({"op": "set", "section": "claims", "id": "lede-day", "field": "weight", "value": ""},
     ["-     quantity: swap_announced, value: Wednesday, weight: 2}", "+     quantity: swap_announced, value: Wednesday}"]),
    ({"op": "accept", "section": "claims", "id": "caption", "note": "a file photo; the desk knows"},
     ["-     quantity: [ua_freed, ru_freed], value: 150}",
      "+     quantity: [ua_freed, ru_freed], value: 150, accept: a file photo; the desk knows}"]),
    ({"op": "delete", "section": "claims", "id": "zelensky-wounded"},
     ["-  - {id: zelensky-wounded, where: quote, source: Volodymyr Zelensky,",
      "-     quote: the nearly two dozen wounded men, quantity: ua_wounded, value: nearly two dozen}"]),
    ({"op": "add_relation", "id": "wounded-part", "rule": "ua_wounded <= exchanged"},
     ["+  - {id: wounded-part, rule: ua_wounded <= exchanged}"]),
    ({"op": "set_quantity", "name": "exchanged", "field": "about", "value": ""},
     ["-  exchanged:      {unit: people, about: soldiers who changed hands in this swap}",
      "+  exchanged:      {unit: people}"]),
])
def test_an_edit_changes_only_its_own_lines(edit, expected):
    assert changes(SWAP, apply(SWAP, edit)) == expected


def test_a_claim_for_a_new_quantity_adds_both_in_the_file_style():
    after = apply(SWAP, {"op": "add_claim", "quantity": "ua_dead", "unit": "people", "where": "body",
                         "quote": "3 died, officials said", "value": "3"})
    assert changes(SWAP, after) == [
        "+  ua_dead: {unit: people}",
        "+  - {id: ua_dead, where: body, quote: '3 died, officials said', quantity: ua_dead, value: 3}",
    ]
    assert claim_file_from_text(after, "x.yaml").claims[-1].value == "3"


def test_renaming_a_quantity_renames_it_in_claims_and_rules():
    after = apply(SWAP, {"op": "rename_quantity", "name": "ua_freed", "to": "ua_released"})
    assert changes(SWAP, after) == [
        "-  ua_freed:       {unit: people, about: Ukrainian prisoners of war released by Russia}",
        "+  ua_released:       {unit: people, about: Ukrainian prisoners of war released by Russia}",
        "-  - {id: parts, rule: exchanged = ua_freed + ru_freed + ua_wounded}",
        "+  - {id: parts, rule: exchanged = ua_released + ru_freed + ua_wounded}",
        "-     quantity: [ua_freed, ru_freed], value: 150}",
        "+     quantity: [ua_released, ru_freed], value: 150}",
        "-     quote: Moscow released 175 Ukrainian prisoners of war, quantity: ua_freed, value: 175}",
        "+     quote: Moscow released 175 Ukrainian prisoners of war, quantity: ua_released, value: 175}",
    ]


def test_merging_two_names_of_one_quantity_leaves_one():
    after = apply(SWAP, {"op": "merge_quantity", "name": "ru_freed", "into": "ua_freed"})
    model = claim_file_from_text(after, "x.yaml")
    assert "ru_freed" not in model.quantities
    assert next(c for c in model.claims if c.id == "caption").quantities == ("ua_freed",)
    assert model.relations[0].rule == "exchanged = ua_freed + ua_freed + ua_wounded"


def test_block_style_entries_get_block_style_lines_and_comments_stay():
    accepted = apply(BLOCK, {"op": "accept", "section": "claims", "id": "whole", "note": "known"})
    assert changes(BLOCK, accepted) == ["+    accept: known"]
    assert accepted.index("accept: known") > accepted.index("# the headline")
    added = apply(BLOCK, {"op": "add_claim", "quantity": "total", "value": "120", "quote": "120 people"})
    assert changes(BLOCK, added) == ["+  - {id: total, quote: 120 people, quantity: total, value: 120}"]
    assert added.endswith("  # nothing after this\n")
    unit = apply(BLOCK, {"op": "set_quantity", "name": "total", "field": "unit", "value": "households"})
    assert changes(BLOCK, unit) == ["-    unit: people   # everyone counted", "+    unit: households   # everyone counted"]
    deleted = apply(BLOCK, {"op": "delete", "section": "claims", "id": "whole"})
    assert changes(BLOCK, deleted) == ["-  - id: whole", "-    quantity: total", "-    value: 100  # the headline"]
    with_relation = apply(BLOCK, {"op": "add_relation", "id": "r", "rule": "total >= 0"})
    assert with_relation.endswith("\nrelations:\n  - {id: r, rule: total >= 0}\n")


@pytest.mark.parametrize("text", [
    "150", "0150", "3.10", "nearly two dozen", "February 5, 2025", "£4.5bn", "yes", "null", "~",
    "it's 5: ok", "#1 in the list", "- a dash", "[not a list]", "{not: a map}", 'a "quoted" word',
    "trailing space ", "é, ü and 中文", "@handle", "`tick`", "* star", "&anchor", "!tag", "%", "a\\b",
])
def test_any_text_written_back_is_read_back_as_the_same_text(text):
    after = apply(SWAP, {"op": "set", "section": "claims", "id": "caption", "field": "quote", "value": text})
    claim = next(c for c in claim_file_from_text(after, "x.yaml").claims if c.id == "caption")
    assert claim.quote == text.strip()
    assert document(after)["claims"][0]["quote"] == text.strip()
    assert emit(text) != ""


@pytest.mark.parametrize(("edit", "message"), [
    ({"op": "explode"}, "unknown edit"),
    ({"op": "set", "section": "claims", "id": "nobody", "field": "value", "value": "1"}, "no entry `nobody`"),
    ({"op": "set", "section": "claims", "id": "caption", "field": "id", "value": "headline"}, "is taken"),
    ({"op": "set", "section": "claims", "id": "caption", "field": "id", "value": "a b"}, "cannot be an id"),
    ({"op": "set", "section": "claims", "id": "caption", "field": "article", "value": "x"}, "no field"),
    ({"op": "set", "section": "quantities", "id": "x", "field": "unit", "value": "x"}, "section must be"),
    ({"op": "accept", "section": "claims", "id": "caption", "note": "  "}, "needs a note"),
    ({"op": "rename_quantity", "name": "ua_freed", "to": "ru_freed"}, "merge into it instead"),
    ({"op": "rename_quantity", "name": "ua_freed", "to": "2x"}, "not a quantity name"),
    ({"op": "merge_quantity", "name": "ua_freed", "into": "ua_freed"}, "merging needs two quantities"),
    ({"op": "set", "section": "claims", "id": "caption", "field": "quote", "value": "x" * 3000}, "longer than"),
])
def test_an_edit_that_cannot_be_made_says_why_and_changes_nothing(edit, message):
    with pytest.raises(EditError, match=message):
        apply(SWAP, edit)


def test_a_file_that_is_not_yaml_is_listed_as_unreadable_and_not_edited():
    broken = SWAP.replace("claims:\n", "claims: [\n", 1)
    assert document(broken)["readable"] is False
    with pytest.raises(EditError, match="not valid YAML"):
        apply(broken, {"op": "set", "section": "claims", "id": "caption", "field": "value", "value": "1"})


def test_an_acceptance_is_withdrawn_by_leaving_it_empty():
    accepted = apply(SWAP, {"op": "accept", "section": "claims", "id": "caption", "note": "known"})
    assert apply(accepted, {"op": "set", "section": "claims", "id": "caption", "field": "accept", "value": ""}) == SWAP


from hypothesis import given, settings, strategies as st  # noqa: E402

CLAIM_IDS = [c.id for c in claim_file_from_text(SWAP, "x.yaml").claims]


@settings(max_examples=150, deadline=None)
@given(claim=st.sampled_from(CLAIM_IDS), field=st.sampled_from(["value", "quote", "source", "where"]),
       text=st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40))
def test_a_field_written_back_is_read_back_and_every_other_line_stays(claim, field, text):
    if not text.strip():
        return
    after = apply(SWAP, {"op": "set", "section": "claims", "id": claim, "field": field, "value": text})
    read = next(c for c in document(after)["claims"] if c["id"] == claim)
    assert read[field] == text.strip()
    before_lines, after_lines = SWAP.splitlines(), after.splitlines()
    assert len(before_lines) == len(after_lines)
    assert sum(a != b for a, b in zip(before_lines, after_lines)) <= 1


FOLDED = """\
version: 1
quantities:
  total: {unit: people}
claims:
  - id: whole
    quantity: total
    quote: >
      a long quote
      folded over two lines

    value: 100  # the headline
  - id: part
    quantity: total
    value: 40
    source: |
      the council
"""


def test_a_block_scalar_is_replaced_without_joining_the_next_line():
    quote = apply(FOLDED, {"op": "set", "section": "claims", "id": "whole", "field": "quote", "value": "a new quote"})
    assert changes(FOLDED, quote) == ["-    quote: >", "-      a long quote", "-      folded over two lines",
                                      "+    quote: a new quote"]
    assert "\n\n    value: 100  # the headline\n" in quote  # the blank line after it stays
    source = apply(FOLDED, {"op": "set", "section": "claims", "id": "part", "field": "source", "value": "the mayor"})
    assert source.endswith("    source: the mayor\n")
    model = claim_file_from_text(source, "x.yaml")
    assert [c.source for c in model.claims] == [None, "the mayor"]


# Every field a fact-checker writes, as the page sends it: each edit is its one line.
@pytest.mark.parametrize(("field", "value", "expected"), [
    ("quote", "trade 372 prisoners",
     ["-  - {id: headline, where: headline, quote: trade 372 soldiers, quantity: exchanged, value: 372}",
      "+  - {id: headline, where: headline, quote: trade 372 prisoners, quantity: exchanged, value: 372}"]),
    ("where", "standfirst",
     ["-  - {id: headline, where: headline, quote: trade 372 soldiers, quantity: exchanged, value: 372}",
      "+  - {id: headline, where: standfirst, quote: trade 372 soldiers, quantity: exchanged, value: 372}"]),
    ("source", "Reuters",
     ["-  - {id: headline, where: headline, quote: trade 372 soldiers, quantity: exchanged, value: 372}",
      "+  - {id: headline, where: headline, quote: trade 372 soldiers, quantity: exchanged, value: 372, source: Reuters}"]),
    ("weight", "3",
     ["-  - {id: headline, where: headline, quote: trade 372 soldiers, quantity: exchanged, value: 372}",
      "+  - {id: headline, where: headline, quote: trade 372 soldiers, quantity: exchanged, value: 372, weight: 3}"]),
    ("accept", "the headline rounds",
     ["-  - {id: headline, where: headline, quote: trade 372 soldiers, quantity: exchanged, value: 372}",
      "+  - {id: headline, where: headline, quote: trade 372 soldiers, quantity: exchanged, value: 372, "
      "accept: the headline rounds}"]),
    ("where", "",
     ["-  - {id: headline, where: headline, quote: trade 372 soldiers, quantity: exchanged, value: 372}",
      "+  - {id: headline, quote: trade 372 soldiers, quantity: exchanged, value: 372}"]),
])
def test_each_field_of_a_claim_is_its_own_one_line_change(field, value, expected):
    after = apply(SWAP, {"op": "set", "section": "claims", "id": "headline", "field": field, "value": value})
    assert changes(SWAP, after) == expected
    headline = next(c for c in document(after)["claims"] if c["id"] == "headline")
    assert headline.get(field) == (value or None)


def test_a_claims_quantities_are_set_as_one_name_or_a_list():
    one = apply(SWAP, {"op": "set", "section": "claims", "id": "caption", "field": "quantity", "value": ["ua_freed"]})
    assert changes(SWAP, one) == ["-     quantity: [ua_freed, ru_freed], value: 150}",
                                  "+     quantity: ua_freed, value: 150}"]
    both = apply(one, {"op": "set", "section": "claims", "id": "caption", "field": "quantity",
                       "value": ["ua_freed", "ru_freed"]})
    assert both == SWAP
    with pytest.raises(EditError, match="not a quantity name"):
        apply(SWAP, {"op": "set", "section": "claims", "id": "caption", "field": "quantity", "value": ["2x"]})
