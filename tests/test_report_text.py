"""The terminal report: what a reporter reads. Also the sample results other report tests use."""

from __future__ import annotations

import datetime
from fractions import Fraction

import pytest

from checker.findings import CheckResult, Discrepancy, FileReport, Member, QuantityRange, Repair
from checker.interval import Interval
from checker.positions import Position
from checker.problems import Problem
from checker.report import RenderOptions, renderer
from checker.report.text import format_range, render

SWAP = "claims/prisoner-swap.yaml"


def _claim(cid: str, written: str, line: int, where: str | None = None, source: str | None = None,
           quantities: tuple[str, ...] = ()) -> Member:
    return Member(cid, "claim", written, Position(SWAP, line, 5), where, source, None, quantities)


CAPTION = _claim("caption", "150", 27, "caption", quantities=("ua_freed", "ru_freed"))
HEADLINE = _claim("headline", "372", 18, "headline", quantities=("exchanged",))
ZELENSKY = _claim("zelensky-wounded", "nearly two dozen", 45, "body", "Volodymyr Zelensky", ("ua_wounded",))
PARTS = Member("parts", "relation", "exchanged = ua_freed + ru_freed + ua_wounded", Position(SWAP, 14, 5))


def swap_report() -> FileReport:
    """The prisoner swap: the caption's 150 each way cannot be squared with the headline."""
    return FileReport(
        path=SWAP,
        status="inconsistent",
        title="Russia and Ukraine confirm swap of 372 war prisoners",
        quantities=(
            QuantityRange("exchanged", "people", Interval.point(372)),
            QuantityRange("ua_freed", "people", Interval.point(175)),
            QuantityRange("ru_freed", "people", Interval.point(175)),
            QuantityRange("ua_wounded", "people", Interval.point(22)),
        ),
        discrepancies=(
            Discrepancy(
                (CAPTION, HEADLINE, PARTS, ZELENSKY),
                "150 + 150 + 22 = 322, but the headline says 372",
            ),
        ),
        repairs=(
            Repair((CAPTION,), Fraction(1), {"caption": {"ua_freed": Interval.point(175),
                                                         "ru_freed": Interval.point(175)}}),
            Repair((HEADLINE, ZELENSKY), Fraction(2), {
                "headline": {"exchanged": Interval.closed(318, 323)},
                "zelensky-wounded": {"ua_wounded": Interval(Fraction(72), None, True)},
            }),
        ),
        warnings=(
            Problem("quote-not-found", "the quote is not in the draft", Position(SWAP, 12, 12),
                    "the draft has: 'Swap of 372 War Prisoners'"),
        ),
        notes=("partial result: the work budget ran out",),
    )


def consistent_report(path: str = "claims/ok.yaml") -> FileReport:
    return FileReport(path, "consistent", quantities=(QuantityRange("total", "count", Interval.point(3)),))


def error_report(path: str = "claims/bad.yaml") -> FileReport:
    return FileReport(path, "error", errors=(
        Problem("unknown-key", "unknown key 'qantity'", Position(path, 3, 5), "did you mean 'quantity'?"),
    ))


def swap_result(strict: bool = False) -> CheckResult:
    return CheckResult((swap_report(), consistent_report()), strict)


def test_status_lines_and_summary() -> None:
    text = render(CheckResult((swap_report(), consistent_report(), error_report())), RenderOptions())
    assert f"{SWAP}: ✗ 1 discrepancy (1 warning)" in text
    assert "claims/ok.yaml: ✓ consistent" in text
    assert "claims/bad.yaml: ✗ cannot be checked: 1 error" in text
    assert text.rstrip("\n").splitlines()[-1] == (
        "3 files checked: 1 consistent, 1 inconsistent, 1 error; 1 discrepancy, 1 warning"
    )


def test_discrepancy_shows_members_as_written_where_they_stand_and_why() -> None:
    text = render(CheckResult((swap_report(),)), RenderOptions())
    assert "discrepancy 1: caption, headline, parts, zelensky-wounded" in text
    assert "why: 150 + 150 + 22 = 322, but the headline says 372" in text
    lines = text.splitlines()
    zelensky = next(line for line in lines if line.strip().startswith("zelensky-wounded"))
    assert "nearly two dozen" in zelensky
    assert f"body, Volodymyr Zelensky, {SWAP}:45" in zelensky
    parts = next(line for line in lines if line.strip().startswith("parts "))
    assert "exchanged = ua_freed + ru_freed + ua_wounded" in parts and f"relation, {SWAP}:14" in parts


def test_repairs_say_what_each_dropped_claim_would_need() -> None:
    text = render(CheckResult((swap_report(),)), RenderOptions())
    assert "    Change the caption's 150 to 175.\n" in text
    assert ("    Or change the headline's 372 to a figure between 318 and 323 and "
            "`zelensky-wounded`'s nearly two dozen to a figure of more than 72.\n") in text


def test_problems_are_file_line_col_code_message_with_hints() -> None:
    text = render(CheckResult((swap_report(), error_report())), RenderOptions())
    assert f"  {SWAP}:12:12: quote-not-found: the quote is not in the draft" in text
    assert "    hint: the draft has: 'Swap of 372 War Prisoners'" in text
    assert "claims/bad.yaml:3:5: unknown-key: unknown key 'qantity'" in text
    assert "note: partial result: the work budget ran out" in text


def test_a_discrepancy_of_the_same_cause_folds_into_one_line() -> None:
    moscow = _claim("moscow-ua", "175", 31, "body", "Russian defence ministry")
    kyiv = _claim("kyiv-ru", "175", 33, "body", "Russian defence ministry")
    first = Discrepancy((CAPTION, moscow), "ua_freed cannot be both 150 and 175", group=("caption",))
    second = Discrepancy((CAPTION, kyiv), "ru_freed cannot be both 150 and 175", group=("caption",), cause=1)
    text = render(CheckResult((FileReport(SWAP, "inconsistent", discrepancies=(first, second)),)), RenderOptions())
    assert "✗ 1 cause of 2 discrepancies" in text
    assert "    also discrepancy 2: caption, kyiv-ru — ru_freed cannot be both 150 and 175" in text
    assert text.count(f"caption, {SWAP}:27") == 1  # the caption's row is not repeated
    assert "1 cause of 2 discrepancies, 0 warnings" in text


def test_accepted_discrepancy_is_marked_with_its_reason_and_does_not_count_as_open() -> None:
    accepted = Discrepancy((CAPTION, HEADLINE), "150 ≠ 372", accepted="the caption is about an earlier swap")
    report = FileReport("claims/a.yaml", "consistent", discrepancies=(accepted,))
    text = render(CheckResult((report,)), RenderOptions())
    assert "claims/a.yaml: ✓ consistent (1 accepted discrepancy)" in text
    assert "discrepancy 1 (accepted: the caption is about an earlier swap): caption, headline" in text
    assert "1 discrepancy (1 accepted)" in text


def test_ranges_only_on_request() -> None:
    result = CheckResult((swap_report(),))
    assert "derived ranges" not in render(result, RenderOptions())
    shown = render(result, RenderOptions(show_ranges=True))
    assert "derived ranges:" in shown and "ua_wounded  22 people" in shown


@pytest.mark.parametrize(
    ("interval", "is_date", "expected"),
    [
        (Interval.point(372), False, "372"),
        (Interval(Fraction(108, 5), Fraction(24), False, True), False, "[21.6, 24)"),
        (Interval.point(Fraction(1, 3)), False, "about 0.3333"),
        (Interval.closed(Fraction(2943100, 55009), Fraction(2943100, 54867)), False, "about [53.50, 53.64]"),
        (Interval(Fraction(300), None, True), False, "> 300"),
        (Interval.point(datetime.date(2025, 2, 5).toordinal()), True, "2025-02-05"),
        (Interval.closed(datetime.date(2025, 3, 1).toordinal(), datetime.date(2025, 3, 31).toordinal()),
         True, "[2025-03-01, 2025-03-31]"),
    ],
)
def test_format_range(interval: Interval, is_date: bool, expected: str) -> None:
    assert format_range(interval, is_date) == expected


def test_colour_only_when_asked_and_output_is_deterministic() -> None:
    result = swap_result()
    plain = render(result, RenderOptions())
    assert "\033[" not in plain
    assert "\033[31m" in render(result, RenderOptions(color=True))
    assert render(result, RenderOptions()) == plain
    assert renderer("text") is render


def test_strict_summary_says_warnings_fail() -> None:
    assert "(failing: --strict)" in render(swap_result(strict=True), RenderOptions())
    assert "failing" not in render(swap_result(), RenderOptions())
