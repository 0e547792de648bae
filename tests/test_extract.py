"""`figcheck extract`: a skeleton claim file that figcheck reads, and how well it finds figures."""

from __future__ import annotations

import datetime
import importlib.util
from pathlib import Path

import pytest
import yaml

from checker.check import CheckOptions, check_paths
from checker.extract import extract_claims
from checker.model import claim_file_from_text

DRAFTS = Path(__file__).parent / "data" / "drafts"
EXAMPLES = Path(__file__).parents[1] / "claims" / "drafts"  # the project's example drafts

SWAP = """\
Moscow and Kyiv trade 372 soldiers in UAE-brokered exchange

Caption: Freed servicemen wave from a bus. On February 5, 2025, each side said 150 of their troops had come home.

A total of 372 soldiers changed hands, Russia and Ukraine said Wednesday. Kyiv said more than 1,000 prisoners were still held.

"We brought home the nearly two dozen wounded men," said Volodymyr Zelensky, who put the cost at $4.5bn.

The two sides have swapped hundreds of prisoners; turnout at the rally was 12.5 per cent.

Graphic: Prisoners held, by side. Russia 6,400 | Ukraine 8,000
"""


def skeleton(text: str = SWAP, **kw) -> dict:
    return yaml.safe_load(extract_claims(text, "drafts/swap.txt", **kw))


def test_skeleton_is_a_claim_file_figcheck_reads():
    written = extract_claims(SWAP, "drafts/swap.txt")
    cf = claim_file_from_text(written, "swap.yaml")
    assert cf.article.title == "Moscow and Kyiv trade 372 soldiers in UAE-brokered exchange"
    assert cf.article.draft == "drafts/swap.txt"
    assert {c.quantities[0] for c in cf.claims} == set(cf.quantities)


def test_a_claim_per_figure_with_the_value_as_written():
    data = skeleton()
    values = [c["value"] for c in data["claims"]]
    assert values == ["372", "February 5, 2025", "150", "372", "more than 1,000", "nearly two dozen",
                      "$4.5bn", "hundreds", "12.5 per cent", "6,400", "8,000"]
    assert len(data["quantities"]) == len(data["claims"])


def test_units_and_names_are_guessed():
    data = skeleton()
    by_value = {c["value"]: c for c in reversed(data["claims"])}  # the first of each value
    unit = {name: q["unit"] for name, q in data["quantities"].items()}
    assert by_value["372"]["quantity"] == "soldiers" and unit["soldiers"] == "people"
    assert unit[by_value["February 5, 2025"]["quantity"]] == "date"
    assert unit[by_value["$4.5bn"]["quantity"]] == "usd"
    assert unit[by_value["12.5 per cent"]["quantity"]] == "percent"
    assert unit[by_value["hundreds"]["quantity"]] == "people"  # hundreds of prisoners
    names = [c["quantity"] for c in data["claims"]]
    assert len(set(names)) == len(names) and "soldiers_2" in names


def test_where_headline_caption_graphic_and_quote():
    data = skeleton()
    where = {(c["value"], c["where"]) for c in data["claims"]}
    assert {("372", "headline"), ("150", "caption"), ("February 5, 2025", "caption"),
            ("more than 1,000", "body"), ("6,400", "graphic")} <= where
    [quoted] = [c for c in data["claims"] if c["value"] == "nearly two dozen"]
    assert quoted["where"] == "quote" and quoted["source"] == "Volodymyr Zelensky"


def test_quotes_are_verbatim_and_escaped():
    data = skeleton()
    for claim in data["claims"]:
        assert claim["quote"] in SWAP.replace("\n", " ") or claim["quote"] in SWAP
    [quoted] = [c for c in data["claims"] if c["value"] == "nearly two dozen"]
    assert quoted["quote"] == 'We brought home the nearly two dozen wounded men'
    tricky = 'Odd: "quotes" \\ and: colons\n\nIt cost "£40m: \\ #1" they said.\n'
    claim = skeleton(tricky)["claims"][0]
    assert claim["value"] == "£40m" and claim["quote"] in tricky


def test_relative_dates_wait_for_the_publication_date():
    written = extract_claims(SWAP, "swap.txt")
    assert '#   "Wednesday" (body): a date that needs the publication date' in written
    data = skeleton(published=datetime.date(2025, 3, 19))
    assert data["article"]["published"] == datetime.date(2025, 3, 19)
    assert "Wednesday" in [c["value"] for c in data["claims"]]


def test_figures_the_reader_cannot_take_are_advice():
    written = extract_claims("Poll\n\nA quarter of those asked, 25%, opposed it. Rovers won 3-2.\n", "p.txt")
    assert '#   "3-2" (body): a score or a vote' in written
    # a share in words is a percentage the reader takes, like the 25% beside it
    assert [c["value"] for c in yaml.safe_load(written)["claims"]] == ["A quarter", "25%"]


def test_empty_draft_gives_an_empty_valid_file():
    written = extract_claims("", "empty.txt")
    assert claim_file_from_text(written, "empty.yaml").claims == []


@pytest.mark.parametrize("draft", sorted([*DRAFTS.glob("*.txt"), *EXAMPLES.glob("*.txt")]), ids=lambda p: p.stem)
def test_check_reads_every_skeleton(tmp_path: Path, draft: Path):
    (tmp_path / draft.name).write_text(draft.read_text(encoding="utf-8"), encoding="utf-8")
    claims = tmp_path / "claims.yaml"
    claims.write_text(extract_claims(draft.read_text(encoding="utf-8"), draft.name), encoding="utf-8")
    result = check_paths([str(claims)], CheckOptions())
    assert result.exit_code in (0, 1), [p.message for f in result.files for p in f.errors]


def test_recall_and_precision_stay_above_target():
    spec = importlib.util.spec_from_file_location("extract_quality", Path(__file__).parents[1] / "bench" / "extract_quality.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    quality = bench.measure(DRAFTS)
    assert len(quality.drafts) >= 10
    assert quality.recall >= 0.95
    assert quality.precision >= 0.90
    # what extract writes: a found figure's value read as the label means it
    by_kind = quality.wrongly_read()
    found, wrong = sum(s for s, _ in by_kind.values()), sum(w for _, w in by_kind.values())
    assert found >= 400 and wrong <= 0.03 * found
