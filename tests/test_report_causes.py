"""One finding per cause: a table whose total is restated in thirty rows, one figure wrong,
is one annotation, one SARIF result (every row a related location), one Code Quality issue
and one HTML card; the JSON report keeps all thirty conflicts and says how they group."""

from __future__ import annotations

import json
import re

import pytest

from checker.check import CheckOptions, check_paths
from checker.report import RenderOptions, renderer

ROWS = 30


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    folder = tmp_path_factory.mktemp("toll")
    lines = ["version: 1", "article:", "  title: Tsunami toll by province", "quantities:",
             "  total: {unit: people, about: deaths in all provinces}"]
    lines += [f"  p{i}: {{unit: people}}" for i in range(1, 6)]
    lines += ["relations:", '  - {id: sum, rule: "total = p1 + p2 + p3 + p4 + p5"}', "claims:"]
    lines += [f'  - {{id: row-{i}, where: graphic, quantity: p{i}, value: "{100 * i}"}}' for i in range(1, 6)]
    lines += [f'  - {{id: total-{k}, where: body, quantity: total, value: "1,600"}}' for k in range(1, ROWS + 1)]
    path = folder / "toll.yaml"
    path.write_text("\n".join(lines) + "\n")
    return check_paths([str(path)], CheckOptions())


def render(result, name: str) -> str:
    return renderer(name)(result, RenderOptions())


def test_the_checker_finds_every_conflict_and_one_cause(result):
    report = result.files[0]
    assert len(report.discrepancies) == ROWS
    assert [n for n, d in enumerate(report.discrepancies, 1) if d.cause is None] == [1]
    assert all(d.cause == 1 for d in report.discrepancies[1:])


def test_one_github_annotation(result):
    lines = render(result, "github").splitlines()
    assert len([line for line in lines if line.startswith("::error ")]) == 1
    assert "1 cause of 30 open discrepancies" in lines[-1]


def test_one_sarif_result_with_every_restatement_as_a_related_location(result):
    results = json.loads(render(result, "sarif"))["runs"][0]["results"]
    assert len(results) == 1
    related = results[0]["relatedLocations"]
    ids = {loc["message"]["text"].split(" ")[0] for loc in related}
    assert {f"total-{k}" for k in range(1, ROWS + 1)} <= ids
    assert len(related) == len(ids) == ROWS + 6  # the rows, the rule, every statement of the total
    assert "The same cause shows in 29 more discrepancies:" in results[0]["message"]["text"]


def test_one_code_quality_issue_and_one_junit_case(result):
    assert len(json.loads(render(result, "gitlab"))) == 1
    junit = render(result, "junit")
    assert junit.count("<testcase ") == 2  # the file, and its one cause


def test_one_html_card_listing_the_rest(result):
    page = render(result, "html")
    assert len(re.findall(r'<section class="discrepancy"', page)) == 1
    assert "29 more with the same cause" in page


def test_text_and_markdown_count_causes(result):
    assert "✗ 1 cause of 30 discrepancies" in render(result, "text")
    assert len(re.findall(r"^#### Discrepancy", render(result, "markdown"), re.M)) == 1


def test_json_keeps_every_conflict_and_adds_the_grouping(result):
    data = json.loads(render(result, "json"))["files"][0]
    assert len(data["discrepancies"]) == ROWS
    assert [d["cause"] for d in data["discrepancies"]] == [None] + [1] * (ROWS - 1)
