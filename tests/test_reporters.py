"""What reporters write, read as they mean it: changes with levels, date ranges, tables, points,
currencies, conversions between units, claims from reports of other dates, quantities left
unstated on purpose; and the skeleton `extract` writes for a draft holding all of them."""

from __future__ import annotations

import datetime
import io
import textwrap
from pathlib import Path

import pytest

from checker.check import CheckOptions, check_paths
from checker.cli import main
from checker.extract import extract_claims
from checker.figures import find_figures
from checker.values import read_value
from checker.vocabulary import DEFAULT_VOCABULARY

PUBLISHED = datetime.date(2026, 6, 5)

# A draft with every pattern the scanner and `extract` must read as a reporter means it.
EVERY_PATTERN = """\
Flood toll rises to 5,313 as rescuers reach cut-off valleys

The number of people confirmed dead rose by 40 to 5,313 on Thursday, 2000 more than on Monday, while the count of those still missing was down 25 to 3,345.

The army killed more than 1,400 in 1974 and 300 in 1988. Prices eased before picking up to 1.4 per cent. As few as 122 turned up. Relief flights ran between May 29 and 31, and talks from June 3 to 5.

The fund holds S$181.5 million and HK$3bn; the grant is 900 million yuan. Turnout fell 20 points, a 0.25 percentage points rise in the share voting early.

One hostage is freed for every three prisoners: Hamas will free 50 hostages and Israel 150 Palestinian prisoners. A magnitude-7.1 quake struck. One highlight of the election was turnout.

The regional governor said: "Only 12 of the 40 shelters have clean water."

Confirmed deaths by province:
Upper Vale 1,261
Marsh Coast 2
Eastern Hills 4,050
"""


def figures(text: str) -> list[str]:
    return [f.text for f in find_figures(text, DEFAULT_VOCABULARY, published=PUBLISHED)]


@pytest.mark.parametrize("sentence, expected", [
    ("The toll rose by 40 to 5,313.", ["40", "5,313"]),
    ("Missing was down 25 to 3,345.", ["25", "3,345"]),
    ("Sales rose from 150 to 175.", ["150", "175"]),
    ("There were 2000 more than on Monday.", ["2000", "Monday"]),
    ("The army killed more than 1,400 in 1974 and 300 in 1988.",
     ["more than 1,400", "1974", "300", "1988"]),
    ("Inflation eased before picking up to 1.4 per cent.", ["1.4 per cent"]),
    ("As few as 122 came.", ["As few as 122"]),
    ("Flights ran between May 29 and 31.", ["between May 29 and 31"]),
    ("Talks ran from June 3 to 5.", ["June 3 to 5"]),
    ("The fund holds S$181.5 million.", ["S$181.5 million"]),
    ("The grant is 900 million yuan.", ["900 million yuan"]),
    ("Turnout fell 20 points in the poll.", ["20 points"]),
    ("Leeds are three points behind.", ["three"]),
    ("The index closed at 8,102 points, down 1%.", ["8,102", "1%"]),
    ("One hostage for every three prisoners.", ["One hostage for every three"]),
    ("Israel 150 Palestinian prisoners were freed.", ["150"]),
    ("A magnitude-7.1 quake struck.", ["7.1"]),
    ("One highlight of the election was turnout.", []),
    ("Covid-19 cases rose.", []),
])
def test_each_pattern_is_read_as_meant(sentence: str, expected: list[str]) -> None:
    assert figures(sentence) == expected


def test_kinds_and_units_of_what_the_scanner_reads() -> None:
    found = {f.text: f for f in find_figures(EVERY_PATTERN, DEFAULT_VOCABULARY, published=PUBLISHED)}
    assert found["S$181.5 million"].reading.unit == "sgd"
    assert found["HK$3bn"].reading.unit == "hkd"
    assert found["900 million yuan"].reading.unit == "cny"
    assert found["20 points"].reading.unit == "pp" and found["20 points"].kind == "points"
    assert found["between May 29 and 31"].kind == "date"
    assert found["1974"].kind == "date" and found["2000"].kind == "number"
    assert found["One hostage is freed for every three"].kind == "ratio"
    assert found["1.4 per cent"].reading.interval.hi_open  # a level, not "up to"


def test_a_table_row_is_a_figure_and_quoted_whole() -> None:
    assert figures("Deaths by province:\nUpper Vale 1,261\nMarsh Coast 2\n") == ["1,261", "2"]
    assert figures("Spain win Euro 2024\n") == []  # one line is no table
    skeleton = extract_claims(EVERY_PATTERN, "draft.txt", published=PUBLISHED)
    assert 'quote: "Marsh Coast 2"' in skeleton and 'quote: "Upper Vale 1,261"' in skeleton


def test_a_change_is_tied_to_its_level_with_a_rule_suggested() -> None:
    skeleton = extract_claims("Deaths rose by 40 to 5,313 on Friday.\n", "d.txt")
    assert "level: {unit: count}" in skeleton and "level_rise: {unit: count}" in skeleton
    assert "level_before: {unit: count, stated: false}" in skeleton
    assert "rule: level = level_before + level_rise" in skeleton


def _check(folder: Path, name: str = "claims.yaml", strict: bool = False):
    result = check_paths([str(folder / name)], CheckOptions(strict=strict))
    return result.files[0]


def test_the_unchanged_skeleton_of_every_pattern_checks_clean(tmp_path: Path) -> None:
    (tmp_path / "draft.txt").write_text(EVERY_PATTERN, encoding="utf-8")
    (tmp_path / "claims.yaml").write_text(extract_claims(EVERY_PATTERN, "draft.txt", published=PUBLISHED),
                                          encoding="utf-8")
    report = _check(tmp_path, strict=True)
    assert report.status == "consistent"
    assert [w.code for w in report.warnings] == []
    assert report.errors == ()


def write(folder: Path, text: str, name: str = "claims.yaml") -> None:
    (folder / name).write_text(textwrap.dedent(text), encoding="utf-8")


def test_points_are_the_difference_of_two_percentages(tmp_path: Path) -> None:
    write(tmp_path, """\
        quantities:
          gain: {unit: percentage points}
          now: {unit: percent}
          then: {unit: percent}
        relations:
          - {id: def, rule: gain = now - then}
          - {id: back, rule: now = then + gain}
        claims:
          - {id: a, quantity: now, value: "64.1%"}
          - {id: b, quantity: then, value: "61.8%"}
          - {id: c, quantity: gain, value: 2.3 percentage points}
        """)
    assert _check(tmp_path).status == "consistent"


def test_a_declared_conversion_checks_units(tmp_path: Path) -> None:
    body = """\
        quantities:
          garden_sqft: {unit: sqft}
          garden_m2: {unit: m2}
        {conversions}
        relations:
          - {id: metric, rule: garden_m2 = 0.09290304 * garden_sqft}
          - {id: back, rule: garden_sqft = garden_m2 / 0.09290304}
        claims:
          - {id: ft, quantity: garden_sqft, value: "1,000"}
          - {id: m, quantity: garden_m2, value: about 93}
        """
    write(tmp_path, body.replace("{conversions}", "conversions: [m2 = 0.09290304 * sqft]"))
    assert _check(tmp_path).status == "consistent"
    write(tmp_path, body.replace("{conversions}", ""))
    assert [e.code for e in _check(tmp_path).errors] == ["unit-mismatch", "unit-mismatch"]
    write(tmp_path, body.replace("{conversions}", "conversions: [m2 = about * sqft]"))
    assert "bad-conversion" in [e.code for e in _check(tmp_path).errors]


def test_a_claim_reads_its_weekday_against_its_own_report(tmp_path: Path) -> None:
    write(tmp_path, """\
        article: {published: 2025-03-19, sources: {Reuters: {published: 2025-03-12}}}
        quantities:
          a: {unit: date}
          b: {unit: date}
          c: {unit: date}
        claims:
          - {id: own, published: 2025-03-12, quantity: a, value: Tuesday}
          - {id: wire, source: Reuters, quantity: b, value: Tuesday}
          - {id: today, quantity: c, value: Tuesday}
        """)
    ranges = {q.name: datetime.date.fromordinal(int(q.range.lo)) for q in _check(tmp_path).quantities}
    assert ranges == {"a": datetime.date(2025, 3, 11), "b": datetime.date(2025, 3, 11),
                      "c": datetime.date(2025, 3, 18)}


def test_a_quantity_left_unstated_on_purpose_is_no_warning(tmp_path: Path) -> None:
    write(tmp_path, """\
        quantities:
          valid: {stated: false}
          yes_votes: {}
          share: {unit: percent}
        relations:
          - {id: def, rule: share = pct(yes_votes, valid)}
        claims:
          - {id: s, quantity: share, value: "52%"}
          - {id: y, quantity: yes_votes, value: "5,200"}
        """)
    report = _check(tmp_path, strict=True)
    assert [w.code for w in report.warnings if w.code == "unclaimed-quantity"] == []


def test_extract_takes_a_publication_date_and_standard_input(monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("Two people died on Tuesday.\n"))
    assert main(["extract", "-", "--published", "2026-06-05"]) == 0
    out = capsys.readouterr().out
    assert "published: 2026-06-05" in out and 'value: "Tuesday"' in out
    assert "# draft: path/to/the/draft.txt" in out
    assert main(["extract", "-", "--published", "5 June"]) == 2


def test_a_hint_never_offers_a_word_of_another_meaning() -> None:
    from checker.problems import LocalError

    for written, unwanted in (("nought point", "none"), ("thirdz", "thirty"), ("onee", "none")):
        with pytest.raises(LocalError) as caught:
            read_value(written, DEFAULT_VOCABULARY)
        assert unwanted not in (caught.value.hint or "")
    assert read_value("none", DEFAULT_VOCABULARY).interval.lo == 0


def test_quotes_match_at_number_boundaries() -> None:
    from checker.draft import locate_quote, make_draft

    draft = make_draft("Upper Vale 1,261\nMarsh Coast 2\nA rate of 12.5 and 12 more.\n", "d.txt")
    assert locate_quote(draft, "2").start == draft.text.index("2\n")
    assert not locate_quote(draft, "261").found and not locate_quote(draft, "Vale 1").found
    assert locate_quote(draft, "12").start == draft.text.index("12 more")
    assert locate_quote(draft, "1,261").found


@pytest.mark.parametrize("value, warned", [("1", False), ("23", False), ("2", True)])
def test_a_two_figure_quote_opening_with_a_capital_names_its_figures(tmp_path: Path, value: str,
                                                                    warned: bool) -> None:
    (tmp_path / "d.txt").write_text("Health\n\nThe report says Only 1 of the 23 deaths was "
                                    "recorded on time.\n", encoding="utf-8")
    write(tmp_path, f"""\
        article: {{draft: d.txt}}
        quantities:
          n: {{}}
        claims:
          - {{id: c, quote: "Only 1 of the 23 deaths", quantity: n, value: "{value}"}}
        """)
    warnings = [w for w in _check(tmp_path).warnings if w.code == "quote-figure-mismatch"]
    assert bool(warnings) == warned
    if warned:
        assert '"1" and "23"' in warnings[0].message


@pytest.mark.parametrize("rule, errors", [
    ("gain = now - then", 0),
    ("now = then + gain", 0),
    ("gain = now + people", 1),
])
def test_points_meet_percentages_in_units(rule: str, errors: int) -> None:
    from checker.rules import parse_rule
    from checker.units import check_units

    units = {"gain": "percentage points", "now": "percent", "then": "%", "people": "people"}
    assert len(check_units(parse_rule(rule), units)) == errors


def test_a_domain_limit_is_the_figure_as_written(tmp_path: Path) -> None:
    write(tmp_path, """\
        quantities:
          rate: {unit: percent, max: 99.5}
        claims:
          - {id: r, quantity: rate, value: "99.52"}
        """)
    assert _check(tmp_path).status == "inconsistent"  # 99.515 and up: above 99.5


def test_a_negative_figure_gets_a_minimum_in_the_skeleton(tmp_path: Path) -> None:
    text = "Cold snap\n\nLows of minus 5C are due, and the index changed by -5.5% today.\n"
    assert figures(text) == ["minus 5C", "-5.5%"]
    (tmp_path / "draft.txt").write_text(text, encoding="utf-8")
    skeleton = extract_claims(text, "draft.txt")
    assert "min: -5}" in skeleton and "min: -5.55}" in skeleton
    (tmp_path / "claims.yaml").write_text(skeleton, encoding="utf-8")
    report = _check(tmp_path, strict=True)
    assert (report.status, report.warnings) == ("consistent", ())
