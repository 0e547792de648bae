"""GitLab Code Quality: a list of issues with the keys GitLab reads and unique fingerprints."""

from __future__ import annotations

import json

from checker.findings import CheckResult
from checker.report import RenderOptions, renderer
from checker.report.sarif import FINGERPRINT_KEY
from report_samples import (PARTIAL, error_report, hostile_report, parks_report, partial_report, swap_report,
                            swap_result)

REQUIRED = {"description", "check_name", "fingerprint", "severity", "location"}
SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


def gitlab(result: CheckResult) -> list[dict]:
    return json.loads(renderer("gitlab")(result, RenderOptions()))


def test_every_issue_has_what_gitlab_needs():
    issues = gitlab(CheckResult((*swap_result().files, error_report(), hostile_report(), partial_report())))
    assert all(REQUIRED <= issue.keys() and issue["severity"] in SEVERITIES for issue in issues)
    assert all(isinstance(i["location"]["path"], str) and i["location"]["lines"]["begin"] >= 1 for i in issues)
    assert len({i["fingerprint"] for i in issues}) == len(issues)


def test_issues_in_order_with_severity_by_kind():
    issues = gitlab(CheckResult((*swap_result().files, error_report())))
    assert [(i["check_name"], i["severity"]) for i in issues] == [
        ("discrepancy", "critical"), ("discrepancy", "critical"), ("discrepancy", "critical"),
        ("quote-not-found", "minor"), ("uncovered-figure", "minor"),
        ("discrepancy", "info"),  # accepted: shown, weighs nothing
        ("unknown-key", "blocker"), ("unreadable-value", "blocker"),
    ]
    third = issues[2]
    assert third["description"] == ("Discrepancy 3: caption, headline, moscow-wounded, parts: the caption's 150 each way "
                                    "and the parts rule give 150 + 150 + 22 = 322, but the headline says 372")
    assert third["location"] == {"path": "claims/prisoner-swap.yaml", "lines": {"begin": 22}}


def test_fingerprints_match_sarif_and_ignore_lines():
    issues = gitlab(swap_result())
    sarif = json.loads(renderer("sarif")(swap_result(), RenderOptions()))["runs"][0]["results"]
    assert [i["fingerprint"] for i in issues] == [r["partialFingerprints"][FINGERPRINT_KEY] for r in sarif]
    shifted = swap_report()._replace(warnings=tuple(
        w._replace(position=w.position._replace(line=w.position.line + 3)) for w in swap_report().warnings))
    assert [i["fingerprint"] for i in gitlab(CheckResult((shifted,)))][3:5] == [i["fingerprint"] for i in issues][3:5]


def test_empty_run_is_an_empty_list():
    assert renderer("gitlab")(CheckResult(()), RenderOptions()) == "[]\n"


def test_real_result_of_the_pipeline():
    from report_samples import real_result

    issues = gitlab(real_result())
    # one issue per cause: the swap file's discrepancies share one
    assert len(issues) == 9 and len({i["fingerprint"] for i in issues}) == 9
    assert all(REQUIRED <= i.keys() for i in issues)
    assert ("unknown-key", "blocker", "broken/typo.yaml", 5) in {
        (i["check_name"], i["severity"], i["location"]["path"], i["location"]["lines"]["begin"]) for i in issues}


def test_one_issue_per_cause():
    issues = gitlab(CheckResult((parks_report(),)))
    assert [i["severity"] for i in issues] == ["critical"]
    assert issues[0]["description"].startswith(
        "Discrepancy 1: graphic-trees, trees (and 2 more with the same cause): ")


def test_notes_are_info_issues_at_the_top_of_the_claim_file():
    issues = gitlab(CheckResult((partial_report(),)))
    notes = [i for i in issues if i["check_name"] == "note"]
    assert [(i["severity"], i["description"], i["location"]) for i in notes] == [
        ("info", "Note: More discrepancies exist; the first 3 are listed.",
         {"path": "claims/parks.yaml", "lines": {"begin": 1}}),
        ("info", f"Note: {PARTIAL}", {"path": "claims/parks.yaml", "lines": {"begin": 1}}),
    ]
    assert len({i["fingerprint"] for i in issues}) == len(issues) == 3
