"""Exact small sets of values (checker/finite.py): a range that holds only a few values lists
them, each proved to fit and every other proved not to, and says so in every format."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import jsonschema
import pytest

from checker import finite, readable
from checker.check import CheckOptions, check_file, check_paths
from checker.findings import CheckResult
from checker.interval import Interval
from checker.report import FORMATS, RenderOptions, renderer

ROOT = Path(__file__).resolve().parent.parent
BRIDGE = ROOT / "claims/more/bridge-poll.yaml"
REPORT_SCHEMA = jsonschema.Draft202012Validator(json.loads((ROOT / "docs/report.schema.json").read_text()))

# A club of two to four dozen members: 4% left and 23% joined. Only 26, 47 and 48 members
# give whole numbers of people for both shares, so [24, 48] would mislead.
CLUB = """version: 1
quantities:
  members: {unit: people, about: members of the club}
  left: {unit: people, stated: false}
  joined: {unit: people, stated: false}
  left_share: {unit: percent}
  joined_share: {unit: percent}
relations:
  - {id: left-def, rule: "left_share = pct(left, members)"}
  - {id: joined-def, rule: "joined_share = pct(joined, members)"}
claims:
  - {id: size, quantity: members, value: between 24 and 48}
  - {id: left-4, quantity: left_share, value: LEFT}
  - {id: joined-23, quantity: joined_share, value: 23%}
"""


def check(tmp_path: Path, text: str, name: str = "claims.yaml"):
    path = tmp_path / name
    path.write_text(text)
    return check_file(path, name, CheckOptions())


def one(report):
    """A run of one file's report, for the renderers."""
    return CheckResult((report,))


def ranges(report) -> dict:
    return {q.name: q for q in report.quantities}


def shares_fit(n: int, share: Fraction) -> bool:
    """Whether some whole number of n people is `share` percent, rounded at the unit."""
    return any(share - Fraction(1, 2) <= Fraction(100 * k, n) < share + Fraction(1, 2) for k in range(n + 1))


def test_a_group_size_with_gaps_is_listed_as_its_values(tmp_path):
    report = check(tmp_path, CLUB.replace("LEFT", "4%"))
    assert report.status == "consistent"
    truth = tuple(Fraction(n) for n in range(24, 49) if shares_fit(n, Fraction(4)) and shares_fit(n, Fraction(23)))
    assert len(truth) >= 2 and truth[-1] - truth[0] + 1 > len(truth)  # the case has gaps
    members = ranges(report)["members"]
    assert members.values == truth
    assert members.range == Interval.closed(truth[0], truth[-1])  # the range is the set's hull
    data = json.loads(renderer("json")(one(report), RenderOptions()))["files"][0]
    assert data["quantities"]["members"]["values"] == [int(v) for v in truth]
    REPORT_SCHEMA.validate({"schema": 1, "files": [data]})


def test_each_listed_value_fits_and_each_left_out_does_not(tmp_path):
    report = check(tmp_path, CLUB.replace("LEFT", "4%"))
    listed = ranges(report)["members"].values
    for n in range(24, 49):
        pinned = CLUB.replace("LEFT", "4%") + f"  - {{id: pin, quantity: members, value: {{value: {n}, exact: true}}}}\n"
        status = check(tmp_path, pinned, f"pin{n}.yaml").status
        assert (status == "consistent") == (Fraction(n) in listed), n


def test_the_bridge_poll_shares_come_in_twelfths(tmp_path):
    report = check_paths([str(BRIDGE)], CheckOptions()).files[0]
    twelfths = tuple(Fraction(100 * k, 12) for k in range(10))  # 0 to 9 of 12 people: 3 oppose
    assert ranges(report)["backers_share"].values == twelfths
    first = report.repairs[0]
    assert first.ids == ("backed",)
    assert first.values == {"backed": {"backers_share": twelfths}}
    assert first.would_fit["backed"]["backers_share"] == Interval.closed(0, 75)
    data = json.loads(renderer("json")(check_paths([str(BRIDGE)], CheckOptions()), RenderOptions()))
    fit = data["files"][0]["repairs"][0]["would_fit"]["backed"]["backers_share"]
    assert fit["values"] == [0, "25/3", "50/3", 25, "100/3", "125/3", 50, "175/3", "200/3", 75]
    REPORT_SCHEMA.validate(data)


def test_a_repair_names_the_few_values_that_fit(tmp_path):
    # the size and the shares are the better sourced: only the headline's count is to blame
    text = CLUB.replace("LEFT", "4%").replace("value: between 24 and 48}", "value: between 24 and 48, weight: 3}")
    text = text.replace("value: 4%}", "value: 4%, weight: 3}").replace("value: 23%}", "value: 23%, weight: 3}")
    text += '  - {id: count, where: headline, quantity: members, value: "30"}\n'
    report = check(tmp_path, text)
    first = report.repairs[0]
    assert first.ids == ("count",) and first.values == {"count": {"members": (26, 47, 48)}}
    said = "change the headline's 30 (`count`) to one of 26, 47 or 48"
    assert said in renderer("text")(one(report), RenderOptions())
    assert said in renderer("sarif")(one(report), RenderOptions())


def test_a_set_that_is_every_whole_number_of_its_range_adds_nothing(tmp_path):
    # Between 3% and 5% of 25 to 27 members left: one of 25, 26 or 27 does it for each size.
    text = CLUB.replace("LEFT", "between 3% and 5%").replace("between 24 and 48", "between 25 and 27")
    text = text.replace("value: 23%", "value: at most 100%")
    report = check(tmp_path, text)
    members = ranges(report)["members"]
    fits = [n for n in range(25, 28) if any(3 <= Fraction(100 * k, n) <= 5 for k in range(n + 1))]
    assert fits == [25, 26, 27]
    assert members.values is None and members.range == Interval.closed(25, 27)
    data = json.loads(renderer("json")(one(report), RenderOptions()))["files"][0]
    assert "values" not in data["quantities"]["members"]


def test_more_values_than_the_cap_stay_a_range(tmp_path):
    report = check(tmp_path, """version: 1
quantities:
  asked: {unit: people}
  backers: {unit: people, stated: false}
  share: {unit: percent}
relations:
  - {id: share-def, rule: "share = pct(backers, asked)"}
  - {id: some, rule: backers <= asked}
claims:
  - {id: sample, quantity: asked, value: 40}
""")
    share = ranges(report)["share"]
    assert 41 > finite.MAX_VALUES  # 0 to 40 of 40 people
    assert share.values is None and share.range == Interval.closed(0, 100)


def test_an_unsettled_question_leaves_the_range(tmp_path, monkeypatch):
    monkeypatch.setattr(finite, "MAX_QUESTIONS", 1)
    report = check(tmp_path, CLUB.replace("LEFT", "4%"))
    members = ranges(report)["members"]
    assert members.values is None
    # the range as propagation left it: never narrower than the truth
    assert all(members.range.contains(n) for n in (26, 47, 48))


def test_sets_are_the_same_bytes_every_run(tmp_path):
    path = tmp_path / "club.yaml"
    path.write_text(CLUB.replace("LEFT", "4%"))
    outputs = {renderer("json")(check_paths([str(path)], CheckOptions()), RenderOptions()) for _ in range(3)}
    assert len(outputs) == 1


def test_dates_never_get_a_set(tmp_path):
    report = check(tmp_path, """version: 1
quantities:
  day: {unit: date}
  later: {unit: date}
relations:
  - {id: gap, rule: later = day + 7}
claims:
  - {id: d, quantity: day, value: between 2025-03-01 and 2025-03-03}
""")
    assert all(q.values is None for q in report.quantities)


def test_every_format_says_the_values(tmp_path):
    result = check_paths([str(BRIDGE)], CheckOptions())
    words = "a figure from 0% to 75% in steps of about 8.3%"
    for name in FORMATS:
        text = renderer(name)(result, RenderOptions(show_ranges=True))
        if name == "json":
            assert '"values"' in text
        elif name == "gitlab":
            continue  # one line per cause, its explanation: GitLab shows no repairs
        elif name == "github":
            assert words.replace("%", "%25") in text  # a workflow command's own escape
        else:
            assert words in text, name
        assert "25/3" not in text or name == "json", name
    for name in ("text", "markdown", "html"):
        assert "{0%, 8.3%, …, 75%}" in renderer(name)(result, RenderOptions(show_ranges=True)), name


def test_inert_text_stays_inert_beside_a_set(tmp_path):
    hostile = "<b>seats</b>\u202e|`x`"
    report_path = tmp_path / "club.yaml"
    people = '{unit: "' + hostile + '", integer: true'
    report_path.write_text(CLUB.replace("LEFT", "4%").replace("{unit: people, about: members of the club", people)
                           .replace("{unit: people", people))
    result = check_paths([str(report_path)], CheckOptions())
    members = ranges(result.files[0])["members"]
    assert members.values is not None and members.unit == hostile
    text = renderer("text")(result, RenderOptions(show_ranges=True))
    assert "\u202e" not in text and "{26, 47, 48}" in text
    html = renderer("html")(result, RenderOptions(show_ranges=True))
    assert "<b>seats" not in html and "\u202e" not in html
    markdown = renderer("markdown")(result, RenderOptions(show_ranges=True))
    assert "<b>seats" not in markdown and "\u202e" not in markdown


@pytest.mark.parametrize("values, unit, said, braced", [
    ([26, 47, 48], None, "26, 47 or 48", "{26, 47, 48}"),
    ([6, 11], "people", "6 or 11", "{6, 11}"),
    ([Fraction(100 * k, 12) for k in range(10)], "percent",
     "0% to 75% in steps of about 8.3%", "about {0%, 8.3%, …, 75%}"),
    ([Fraction(50, 13), Fraction(25, 6), Fraction(200, 47)], "percent",
     "about 3.85%, about 4.17% or about 4.26%", "about {3.85%, 4.17%, 4.26%}"),
    ([Fraction(1, 2), Fraction(3, 2), Fraction(5, 2), Fraction(7, 2), Fraction(9, 2)], "usd",
     "$0.5 to $4.5 in steps of $1", "{$0.5, $1.5, …, $4.5}"),
])
def test_a_few_values_in_words(values, unit, said, braced):
    values = [Fraction(v) for v in values]
    assert readable.choices(values, unit) == said
    assert readable.braced(values, unit) == braced


def test_which_sets_say_more_than_their_range():
    assert finite.says_more((26, 47, 48), True)
    assert not finite.says_more((25, 26, 27), True)  # every whole number between its ends
    assert not finite.says_more((5,), True)
    assert finite.says_more(tuple(Fraction(100 * k, 12) for k in range(10)), False)
    # thirteen shares a few thousandths of a point apart: the range says as much
    dense = tuple(sorted(Fraction(226700, n) for n in range(9705, 9718)))
    assert not finite.says_more(dense, False)
    assert not finite.says_more(tuple(range(0, 2 * (finite.MAX_VALUES + 1), 2)), True)



@pytest.mark.parametrize("path", sorted(p for p in [*ROOT.glob("claims/**/*.yaml"), *ROOT.glob("tests/data/reports/**/*.yaml")]),
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_the_report_schema_holds_for_every_example(path):
    REPORT_SCHEMA.check_schema(REPORT_SCHEMA.schema)
    REPORT_SCHEMA.validate(json.loads(renderer("json")(check_paths([str(path)], CheckOptions()), RenderOptions())))


def test_no_sets_are_worked_out_past_the_files_work_budget():
    # A file cut short by its work budget reports what was proved within it: its ranges stay
    # the propagated ones, with no set worked out on the sets' own budget after the file's ran out.
    report = check_paths([str(BRIDGE)], CheckOptions(max_steps=5000)).files[0]
    assert any(w.code == "partial-result" for w in report.warnings)  # the budget did run out
    assert report.quantities and all(q.values is None for q in report.quantities)
    assert all(r.values is None for r in report.repairs)
