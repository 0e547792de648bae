"""JUnit XML: a case per claim file and per discrepancy, unique names, valid XML always."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from checker.findings import CheckResult
from checker.report import RenderOptions, renderer
from report_samples import (EXPLAIN_SUM, PARTIAL, consistent_report, error_report, hostile_report,
                            parks_report, partial_report, swap_report, swap_result)


def junit(result: CheckResult) -> ET.Element:
    text = renderer("junit")(result, RenderOptions())
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(text.encode("utf-8"))


def outcome(case: ET.Element) -> str:
    kinds = [child.tag for child in case if child.tag in ("failure", "error", "skipped")]
    return kinds[0] if kinds else "passed"


def test_a_case_per_file_and_per_discrepancy():
    suite = junit(CheckResult((*swap_result().files, error_report()))).find("testsuite")
    cases = [(c.get("classname"), c.get("name"), outcome(c)) for c in suite.findall("testcase")]
    assert cases == [
        ("claims/prisoner-swap.yaml", "claims/prisoner-swap.yaml", "failure"),
        ("claims/prisoner-swap.yaml", "claims/prisoner-swap.yaml: caption, moscow-ua", "failure"),
        ("claims/prisoner-swap.yaml", "claims/prisoner-swap.yaml: caption, kyiv-ru", "failure"),
        ("claims/prisoner-swap.yaml", "claims/prisoner-swap.yaml: caption, headline, moscow-wounded, parts", "failure"),
        ("claims/referendum.yaml", "claims/referendum.yaml", "passed"),
        ("claims/referendum.yaml", "claims/referendum.yaml: all-votes, no-votes, turnout, yes-votes", "skipped"),
        ("claims/parks-budget.yaml", "claims/parks-budget.yaml", "passed"),
        ("claims/protest.yaml", "claims/protest.yaml", "passed"),
        ("claims/broken.yaml", "claims/broken.yaml", "error"),
    ]
    assert {k: suite.get(k) for k in ("tests", "failures", "errors", "skipped")} == {
        "tests": "9", "failures": "4", "errors": "1", "skipped": "1"}


def test_failures_carry_the_explanation_and_skips_the_reason():
    suite = junit(swap_result()).find("testsuite")
    cases = {c.get("name"): c for c in suite.findall("testcase")}
    failure = cases["claims/prisoner-swap.yaml: caption, headline, moscow-wounded, parts"].find("failure")
    assert failure.get("message") == EXPLAIN_SUM and failure.get("type") == "discrepancy"
    assert failure.text.startswith("claims/prisoner-swap.yaml:22:5\n" + EXPLAIN_SUM)
    skipped = cases["claims/referendum.yaml: all-votes, no-votes, turnout, yes-votes"].find("skipped")
    assert skipped.get("message").startswith("accepted: spoiled ballots count in the turnout")
    file_case = cases["claims/prisoner-swap.yaml"]
    assert file_case.find("failure").get("message") == "3 open discrepancies"
    assert "quote-not-found" in file_case.find("system-out").text


def test_errors_are_error_elements():
    error = junit(CheckResult((error_report(),))).find("testsuite/testcase/error")
    assert error.get("type") == "unknown-key" and error.get("message") == "2 errors: the file cannot be checked"
    assert "claims/broken.yaml:11:12: unreadable-value: cannot read \"twelveish\" as a figure (hint: twelve)" in error.text


def test_strict_makes_warnings_fail_the_file_case():
    warned = consistent_report()._replace(warnings=swap_report().warnings)
    lenient = junit(CheckResult((warned,))).find("testsuite/testcase")
    strict = junit(CheckResult((warned,), strict=True)).find("testsuite/testcase")
    assert outcome(lenient) == "passed"
    assert strict.find("failure").get("message") == "2 warnings (failing under --strict)"


def test_hostile_text_still_makes_valid_xml_with_unique_names():
    twice = hostile_report()._replace(discrepancies=hostile_report().discrepancies * 2)
    root = junit(CheckResult((twice,)))
    names = [c.get("name") for c in root.iter("testcase")]
    assert len(set(names)) == len(names)
    failure = root.find("testsuite/testcase/failure")
    assert failure is not None
    text = ET.tostring(root, encoding="unicode")
    assert "<script>" not in text and "\x07" not in text


def test_same_input_same_bytes():
    assert renderer("junit")(swap_result(), RenderOptions()) == renderer("junit")(swap_result(), RenderOptions())


def test_real_result_of_the_pipeline():
    from report_samples import real_result

    suite = junit(real_result()).find("testsuite")
    assert {k: suite.get(k) for k in ("tests", "failures", "errors", "skipped")} == {
        "tests": "6", "failures": "2", "errors": "1", "skipped": "1"}
    names = [c.get("name") for c in suite.findall("testcase")]
    assert len(set(names)) == len(names)
    assert [n for n in names if n.startswith("swap.yaml: ")] == ["swap.yaml: caption, moscow-ua"]  # one cause


def test_one_case_per_cause_and_the_file_case_lists_every_discrepancy():
    suite = junit(CheckResult((parks_report(),))).find("testsuite")
    cases = suite.findall("testcase")
    assert [outcome(c) for c in cases] == ["failure"] * 2
    assert cases[0].find("failure").get("message") == "1 cause of 3 open discrepancies"
    assert cases[0].find("failure").text.splitlines()[-1] == (
        "approved, graphic-trees, lines, maintenance, playgrounds (same cause as discrepancy 1)")
    assert cases[1].find("failure").text.splitlines()[3] == "The same cause shows in 2 more discrepancies:"


def test_notes_go_to_the_file_cases_system_out():
    suite = junit(CheckResult((partial_report(), consistent_report()))).find("testsuite")
    file_case = suite.find("testcase")
    assert file_case.find("system-out").text.splitlines() == [
        "note: More discrepancies exist; the first 3 are listed.", f"note: {PARTIAL}"]
    assert all(c.find("system-out") is None for c in suite.findall("testcase")[1:])


def test_a_file_given_twice_gets_its_discrepancy_cases_once_each_time():
    suite = junit(CheckResult((parks_report(), parks_report()))).find("testsuite")
    assert suite.get("tests") == "4"
