"""Numbers as people read them: decimals with the digits it takes, "about" where rounded, and
never a fraction like 800/59 in any format a person reads, for every example in claims/ and
every acceptance case (when ../shared/acceptance is at hand)."""

from __future__ import annotations

import re
from fractions import Fraction as F
from pathlib import Path

import pytest

from checker import readable
from checker.check import CheckOptions, check_paths
from checker.interval import Interval
from checker.report import FORMATS, RenderOptions, renderer
from test_report_explanations import acceptance_files, acceptance_root, example_files

FRACTION = re.compile(r"(?<![\w/.])\d+/\d+(?![\w/])")
PEOPLE_READ = sorted(set(FORMATS) - {"json"})  # the JSON report keeps exact bounds by contract


@pytest.mark.parametrize(("value", "unit", "shown"), [
    (F(800, 59), None, "about 13.56"),
    (F(800, 59), "percent", "about 13.56%"),
    (F(1, 3), None, "about 0.3333"),
    (F(216, 10), None, "21.6"),
    (F(1_150_000), "usd", "$1,150,000"),
    (F(-5), "gbp", "-£5"),
    (F(1, 800), None, "0.00125"),
    (F(2, 3) * 10**6, None, "about 666,667"),
])
def test_a_number(value, unit, shown):
    assert readable.number(value, unit) == shown


@pytest.mark.parametrize(("interval", "unit", "shown"), [
    (Interval.closed(F(2943100, 55009), F(2943100, 54867)), "percent", "about 53.50% to 53.64%"),
    (Interval(F(534, 100), F(546, 100), False, True), None, "5.34 to under 5.46"),
    (Interval.closed(0, F(2943100, 54867)), None, "0 to about 53.6"),
    (Interval.closed(0, None), None, "at least 0"),
    (Interval(F(1000), None, True), None, "more than 1,000"),
    (Interval.everything(), None, "any value"),
])
def test_a_range(interval, unit, shown):
    assert readable.span(interval, unit) == shown


def test_a_range_tells_itself_apart_from_the_claim_it_is_set_against():
    # 12% means 11.5 to 12.5: the computed 13.56 keeps the digits to stand apart from both
    assert readable.span(Interval.point(F(800, 59)), "percent", [F(23, 2), F(25, 2)]) == "about 13.56%"


def test_a_repair_range_is_rounded_inward_so_any_figure_shown_fits():
    lo, hi = readable.inward(Interval.closed(F(2943100, 55009), F(2943100, 54867)), "percent")
    assert (lo, hi) == ("53.51%", "53.64%")
    assert F(2943100, 55009) <= F(5351, 100) and F(5364, 100) <= F(2943100, 54867)


def test_dates_are_dates():
    import datetime

    day = datetime.date(2025, 3, 19).toordinal()
    assert readable.days(Interval.point(day)) == "2025-03-19"
    assert readable.days(Interval.closed(day, day + 2), compact=True) == "[2025-03-19, 2025-03-21]"


def _sources(path: Path) -> str:
    """Every text the check read: what the user wrote may hold a fraction of its own."""
    texts = [path.read_text(errors="replace")]
    texts += [p.read_text(errors="replace") for p in path.parent.rglob("*") if p.suffix in (".txt", ".md")]
    texts += [p.read_text(errors="replace") for p in path.parent.parent.glob("drafts/*")]
    return "\n".join(texts)


def _no_fraction(path: Path) -> None:
    result = check_paths([str(path)], CheckOptions(time_budget=3))
    written = set(FRACTION.findall(_sources(path)))
    for name in PEOPLE_READ:
        out = renderer(name)(result, RenderOptions(show_ranges=True))
        found = set(FRACTION.findall(out)) - written
        assert not found, (name, found)


@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.name)
def test_no_format_shows_a_fraction_for_the_examples(path):
    _no_fraction(path)


@pytest.mark.skipif(acceptance_root() is None, reason="no acceptance cases beside the project")
@pytest.mark.parametrize("path", acceptance_files(), ids=lambda p: p.parent.name)
def test_no_format_shows_a_fraction_for_the_acceptance_cases(path):
    _no_fraction(path)


def test_a_one_sided_repair_range_is_rounded_inward_too():
    from checker.report.words import target

    assert target(Interval.closed(0, F(294300, 5441)), "percent", False) == "a figure between 0% and 54.08%"
    assert target(Interval(None, F(294300, 5441), True, False), "percent", False) == "a figure of at most 54.08%"
    assert target(Interval(F(405_000), F(440_000), True, True), "usd", False) == \
        "a figure of more than $405,000 and less than $440,000"
