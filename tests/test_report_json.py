"""The JSON report: exactly the contract's shapes, exact bounds, the same bytes every time."""

from __future__ import annotations

import datetime
import json
from fractions import Fraction
from typing import Any

import pytest
from test_report_text import SWAP, consistent_report, error_report, swap_report, swap_result

from checker.findings import CheckResult, DraftFigure, DraftView, FileReport, QuantityRange, QuoteLocation
from checker.interval import Interval
from checker.positions import Position
from checker.report import RenderOptions, renderer
from checker.report.json import bounds, dump, render


def _report(result: CheckResult) -> dict[str, Any]:
    return json.loads(render(result, RenderOptions()))


def test_top_level_and_file_keys() -> None:
    report = _report(swap_result())
    assert report["schema"] == 1
    assert [f["path"] for f in report["files"]] == [SWAP, "claims/ok.yaml"]
    first = report["files"][0]
    assert first["status"] == "inconsistent"
    assert {"path", "status", "quantities", "discrepancies", "repairs", "warnings", "errors"} <= set(first)
    assert first["title"] == "Russia and Ukraine confirm swap of 372 war prisoners"
    assert first["notes"] == ["partial result: the work budget ran out"]


def test_discrepancies_repairs_and_problems_have_the_contract_shapes() -> None:
    swap = _report(swap_result())["files"][0]
    (disc,) = swap["discrepancies"]
    assert disc["members"] == ["caption", "headline", "parts", "zelensky-wounded"]
    assert disc["explanation"] == "150 + 150 + 22 = 322, but the headline says 372"
    assert disc["accepted"] is False and "reason" not in disc
    assert disc["group"] == []
    zelensky = disc["details"][3]
    assert (zelensky["id"], zelensky["written"], zelensky["source"], zelensky["line"]) == (
        "zelensky-wounded", "nearly two dozen", "Volodymyr Zelensky", 45)
    first, second = swap["repairs"]
    assert first == {
        "drop": ["caption"],
        "weight": 1,
        "would_fit": {"caption": {
            "ua_freed": {"min": 175, "max": 175, "min_open": False, "max_open": False},
            "ru_freed": {"min": 175, "max": 175, "min_open": False, "max_open": False},
        }},
    }
    assert second["drop"] == ["headline", "zelensky-wounded"]
    assert second["would_fit"]["zelensky-wounded"]["ua_wounded"] == {
        "min": 72, "max": None, "min_open": True, "max_open": True}
    (warning,) = swap["warnings"]
    assert (warning["code"], warning["line"], warning["column"]) == ("quote-not-found", 12, 12)
    assert warning["hint"] == "the draft has: 'Swap of 372 War Prisoners'"
    errors = _report(CheckResult((error_report(),)))["files"][0]["errors"]
    assert [(e["code"], e["line"], e["column"]) for e in errors] == [("unknown-key", 3, 5)]


def test_accepted_discrepancy_carries_its_reason() -> None:
    (disc,) = swap_report().discrepancies
    report = FileReport("a.yaml", "consistent", discrepancies=(disc._replace(accepted="reviewed"),))
    out = _report(CheckResult((report,)))["files"][0]["discrepancies"][0]
    assert out["accepted"] is True and out["reason"] == "reviewed"


DAY = datetime.date(2025, 3, 19).toordinal()


@pytest.mark.parametrize(
    ("interval", "is_date", "expected_text"),
    [
        (Interval.point(372), False, '"min": 372,\n  "max": 372'),
        (Interval(Fraction(108, 5), Fraction(24), False, True), False, '"min": 21.6,\n  "max": 24'),
        (Interval.point(Fraction(1, 3)), False, '"min": "1/3",\n  "max": "1/3"'),
        (Interval.point(Fraction(-1, 8)), False, '"min": -0.125,\n  "max": -0.125'),
        (Interval(Fraction(300), None, True), False, '"min": 300,\n  "max": null'),
        (Interval(None, Fraction(10), True, True), False, '"min": null,\n  "max": 10'),
        (Interval.point(DAY), True, '"min": "2025-03-19",\n  "max": "2025-03-19"'),
        # an open end of a day span is the next whole day, closed
        (Interval(Fraction(DAY), Fraction(DAY + 3), True, False), True, '"min": "2025-03-20",\n  "max": "2025-03-22"'),
    ],
)
def test_bounds_are_exact_numbers_strings_nulls_or_iso_days(
    interval: Interval, is_date: bool, expected_text: str
) -> None:
    assert expected_text in dump(bounds(interval, is_date))


def test_bounds_in_the_report_text() -> None:
    report = FileReport("q.yaml", "consistent", quantities=(
        QuantityRange("share", "percent", Interval(Fraction(108, 5), Fraction(24), False, True)),
        QuantityRange("third", "ratio", Interval.point(Fraction(1, 3))),
        QuantityRange("day", "date", Interval.point(DAY), is_date=True),
    ))
    text = render(CheckResult((report,)), RenderOptions())
    assert '"min": 21.6' in text and "21.600" not in text
    quantities = json.loads(text)["files"][0]["quantities"]
    assert quantities["share"] == {"min": 21.6, "max": 24, "min_open": False, "max_open": True, "unit": "percent"}
    assert quantities["third"]["min"] == "1/3"
    assert quantities["day"]["max"] == "2025-03-19"


def test_same_input_same_bytes_and_the_layout_of_json_dumps() -> None:
    first = render(swap_result(), RenderOptions())
    assert first == render(swap_result(), RenderOptions(color=True, show_ranges=True))
    assert first.endswith("}\n") and "\t" not in first
    # Without decimals our writer lays out exactly like the standard library's.
    plain = render(CheckResult((consistent_report(), error_report())), RenderOptions())
    assert plain == json.dumps(json.loads(plain), indent=2, ensure_ascii=False) + "\n"
    assert renderer("json") is render


def test_non_ascii_is_written_as_is() -> None:
    report = FileReport("é.yaml", "consistent", title="Flood defences to cost £40m")
    assert "£40m" in render(CheckResult((report,)), RenderOptions())


def test_draft_quotes_and_figures_with_positions() -> None:
    draft = DraftView(
        "drafts/swap.txt", "Swap of 372 War Prisoners",
        quotes=(QuoteLocation("headline", "Swap of 372", Position("drafts/swap.txt", 1, 1), 0, 11),
                QuoteLocation("caption", "150 of them", None)),
        figures=(DraftFigure("372", Position("drafts/swap.txt", 1, 9), 8, 11, ("headline",)),),
    )
    out = _report(CheckResult((FileReport("s.yaml", "consistent", draft=draft),)))["files"][0]["draft"]
    assert out["path"] == "drafts/swap.txt"
    assert out["quotes"][0] == {"claim": "headline", "quote": "Swap of 372", "found": True,
                                "line": 1, "column": 1, "start": 0, "end": 11}
    assert out["quotes"][1]["found"] is False and out["quotes"][1]["line"] is None
    assert out["figures"] == [{"text": "372", "line": 1, "column": 9, "start": 8, "end": 11, "claims": ["headline"]}]


def test_dump_refuses_floats() -> None:
    with pytest.raises(TypeError):
        dump({"x": 0.1})
