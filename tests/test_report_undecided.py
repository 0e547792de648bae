"""A file left undecided is shown as such in every format: not consistent, failing the gate,
each open question with its claims and relations and what would settle it."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from checker.findings import CheckResult, FileReport, Member, OpenQuestion
from checker.positions import Position
from checker.report import FORMATS, RenderOptions, renderer

PATH = "claims/council.yaml"
LAB = Member("lab-share", "claim", "56.3%", Position(PATH, 14, 5), where="body", quantities=("lab_share",))
DEF = Member("lab-def", "relation", "lab_share = pct(lab, valid)", Position(PATH, 9, 5))
SETTLE = "give the number of valid votes"


def undecided() -> CheckResult:
    report = FileReport(PATH, "undecided", title="Labour holds the ward",
                        open_questions=(OpenQuestion((DEF, LAB), SETTLE, "budget"),))
    return CheckResult((report, FileReport("claims/fine.yaml", "consistent")))


def out(name: str) -> str:
    return renderer(name)(undecided(), RenderOptions())


def test_the_gate_fails_closed():
    assert undecided().exit_code == 1


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_format_names_the_question_and_what_settles_it(name):
    text = out(name)
    assert "lab-share" in text and "lab-def" in text
    assert SETTLE in text
    assert "undecided" in text.lower()


def test_text():
    text = out("text")
    assert f"{PATH}: ? undecided: 1 open question" in text
    assert ("  open question: Not settled (the work budget ran out): `lab-def`, `lab-share`. "
            f"To settle it: {SETTLE}.") in text
    assert "2 files checked: 1 consistent, 0 inconsistent, 1 undecided, 0 errors" in text


def test_markdown_and_html_say_not_consistent():
    md = out("markdown")
    assert md.splitlines()[0].startswith("❌ **1 of 2 claim files could not be decided**")
    assert f"| ❓ | {PATH} | undecided |" in md
    assert "**Undecided:** not consistent until these questions are settled." in md
    page = out("html")
    assert "<h1>Not consistent: 1 of 2 claim files could not be decided</h1>" in page
    assert 'class="status status-undecided"' in page and '<section class="undecided"' in page


def test_ci_formats_fail_on_it():
    results = json.loads(out("sarif"))["runs"][0]["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [("undecided", "error")]
    assert results[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 9
    issues = json.loads(out("gitlab"))
    assert [(i["check_name"], i["severity"]) for i in issues] == [("undecided", "critical")]
    lines = out("github").splitlines()
    assert lines[0].startswith("::error file=claims/council.yaml,line=9,")
    suite = ET.fromstring(out("junit")).find("testsuite")
    failures = [c.find("failure") for c in suite.findall("testcase") if c.find("failure") is not None]
    assert {f.get("type") for f in failures} == {"undecided"}
    assert suite.get("failures") == "2"  # the file, and its open question


def test_json_keeps_the_contract():
    data = json.loads(out("json"))["files"][0]
    assert data["status"] == "undecided"
    assert data["open_questions"] == [{"members": ["lab-def", "lab-share"], "settle": SETTLE, "reason": "budget"}]
