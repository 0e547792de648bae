"""SARIF 2.1.0: valid against the standard's schema, one result per finding, located at the
claim, with fingerprints that survive edits that move lines."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from checker import __version__
from checker.findings import CheckResult
from checker.report import RenderOptions, renderer
from checker.report.sarif import FINGERPRINT_KEY, shown_path
from report_samples import (PARTIAL, consistent_report, error_report, hostile_report, parks_report,
                            partial_report, swap_report, swap_result)

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-2.1.0.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft4Validator(SCHEMA)


def sarif(result: CheckResult, **options) -> dict:
    return json.loads(renderer("sarif")(result, RenderOptions(**options)))


def moved(result: CheckResult, lines: int) -> CheckResult:
    """The same findings with every claim-file position `lines` further down (an edit above)."""

    def shift(position):
        return None if position is None else position._replace(line=position.line + lines)

    def shift_members(members):
        return tuple(m._replace(position=shift(m.position)) for m in members)

    files = []
    for f in result.files:
        files.append(f._replace(
            discrepancies=tuple(d._replace(members=shift_members(d.members)) for d in f.discrepancies),
            repairs=tuple(r._replace(drop=shift_members(r.drop)) for r in f.repairs),
            warnings=tuple(w._replace(position=shift(w.position)) for w in f.warnings),
            errors=tuple(w._replace(position=shift(w.position)) for w in f.errors),
        ))
    return result._replace(files=tuple(files))


@pytest.mark.parametrize(
    "result",
    [swap_result(), CheckResult((hostile_report(), error_report())), CheckResult(()), moved(swap_result(), 7),
     CheckResult((partial_report(), consistent_report()))],
    ids=["prisoner-swap", "hostile-and-broken", "empty", "moved", "partial"],
)
def test_valid_against_the_sarif_schema(result):
    log = sarif(result, base_dir=".")
    VALIDATOR.validate(log)
    assert log["version"] == "2.1.0" and len(log["runs"]) == 1


def test_tool_and_rules():
    driver = sarif(swap_result())["runs"][0]["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("figcheck", __version__)
    assert [r["id"] for r in driver["rules"]] == ["discrepancy", "quote-not-found", "uncovered-figure"]
    assert all(r["help"]["text"] and r["shortDescription"]["text"] for r in driver["rules"])
    assert driver["rules"][0]["defaultConfiguration"]["level"] == "error"


def test_one_result_per_discrepancy_warning_and_error():
    run = sarif(CheckResult((*swap_result().files, error_report())))["runs"][0]
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    found = [(r["ruleId"], r["level"]) for r in run["results"]]
    assert found == [("discrepancy", "error")] * 3 + [("quote-not-found", "warning"), ("uncovered-figure", "warning"),
                     ("discrepancy", "note"), ("unknown-key", "error"), ("unreadable-value", "error")]
    assert all(rules[r["ruleIndex"]] == r["ruleId"] for r in run["results"])


def test_results_point_at_the_claim_in_the_claim_file():
    results = sarif(swap_result())["runs"][0]["results"]
    place = [(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
              r["locations"][0]["physicalLocation"]["region"]["startLine"],
              r["locations"][0]["physicalLocation"]["region"]["startColumn"]) for r in results]
    assert place[:5] == [("claims/prisoner-swap.yaml", 22, 5)] * 3 + [
        ("claims/prisoner-swap.yaml", 40, 12), ("claims/drafts/prisoner-swap.txt", 5, 211)]
    third = results[2]
    assert third["message"]["text"].startswith("the caption's 150 each way and the parts rule give 150 + 150 + 22 = 322")
    assert third["message"]["text"].endswith("\nFix: change the caption's 150 to 175.")
    related = [(loc["physicalLocation"]["region"]["startLine"], loc["message"]["text"]) for loc in third["relatedLocations"]]
    assert related[1] == (26, "headline = 372 (headline, line 26)")
    assert third["properties"]["claimIds"] == ["caption", "headline", "moscow-wounded", "parts"]


def test_paths_relative_to_base_dir_and_encoded(tmp_path):
    absolute = swap_report()._replace(path=str(tmp_path / "claims" / "swap.yaml"))
    absolute = absolute._replace(warnings=(absolute.warnings[0]._replace(
        position=absolute.warnings[0].position._replace(file=str(tmp_path / "claims" / "swap.yaml"))),))
    results = sarif(CheckResult((absolute,)), base_dir=str(tmp_path))["runs"][0]["results"]
    assert results[-1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "claims/swap.yaml"
    hostile = sarif(CheckResult((hostile_report(),)))["runs"][0]["results"][0]
    assert hostile["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "claims/we%20ird%2Cname%3A1.yaml"
    assert shown_path("/elsewhere/x.yaml", str(tmp_path)) == "/elsewhere/x.yaml"


def test_fingerprints_come_from_ids_not_lines():
    def prints(result):
        return [r["partialFingerprints"][FINGERPRINT_KEY] for r in sarif(result)["runs"][0]["results"]]

    before, after = prints(swap_result()), prints(moved(swap_result(), 12))
    assert before == after
    assert len(set(before)) == len(before)
    renamed = swap_result()
    first = renamed.files[0]
    member = first.discrepancies[0].members[1]._replace(id="moscow-ukrainians")
    changed = first._replace(discrepancies=(first.discrepancies[0]._replace(members=(first.discrepancies[0].members[0], member)),
                                            *first.discrepancies[1:]))
    assert prints(renamed._replace(files=(changed, *renamed.files[1:])))[0] != before[0]


def test_identical_warnings_still_get_distinct_fingerprints():
    report = swap_report()._replace(warnings=swap_report().warnings[:1] * 2)
    results = sarif(CheckResult((report,)))["runs"][0]["results"]
    prints = [r["partialFingerprints"][FINGERPRINT_KEY] for r in results]
    assert len(set(prints)) == len(prints)


def test_accepted_discrepancy_is_a_suppressed_note():
    accepted = sarif(swap_result())["runs"][0]["results"][5]
    assert accepted["level"] == "note"
    assert accepted["suppressions"] == [{
        "kind": "inSource", "status": "accepted",
        "justification": "spoiled ballots count in the turnout but on neither side; confirmed with the electoral office",
    }]
    assert accepted["locations"][0]["physicalLocation"]["region"]["startLine"] == 12  # no-votes, the repair's pick


def test_exit_code_recorded_and_bytes_deterministic():
    text = renderer("sarif")(swap_result(), RenderOptions())
    assert text == renderer("sarif")(swap_result(), RenderOptions())
    assert json.loads(text)["runs"][0]["invocations"] == [{"executionSuccessful": True, "exitCode": 1}]


def test_the_schema_does_reject_a_broken_log():
    log = sarif(swap_result())
    log["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        VALIDATOR.validate(log)


def test_real_result_of_the_pipeline():
    from report_samples import real_result

    result = real_result()
    log = sarif(result)
    VALIDATOR.validate(log)
    results = log["runs"][0]["results"]
    # one result per cause: the swap file's discrepancies share one
    expected = sum(len([d for d in f.discrepancies if d.cause is None]) + len(f.warnings) + len(f.errors)
                   for f in result.files)
    assert len(results) == expected == 9
    first = results[0]
    assert (first["ruleId"], first["level"]) == ("discrepancy", "error")
    assert first["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "swap.yaml"
    assert first["locations"][0]["physicalLocation"]["region"]["startLine"] == 21  # the caption
    accepted = next(r for r in results if r.get("suppressions"))
    assert accepted["suppressions"][0]["justification"] == "spoiled ballots count in the turnout but on neither side"
    assert log["runs"][0]["invocations"][0]["exitCode"] == 2


def test_one_result_per_cause_with_every_claim_of_it_as_a_related_location():
    results = sarif(CheckResult((parks_report(),)))["runs"][0]["results"]
    [result] = results
    assert result["properties"]["claimIds"] == [
        "graphic-trees", "trees", "headline", "lines", "maintenance", "playgrounds", "approved"]
    assert len(result["relatedLocations"]) == 7
    lines = result["message"]["text"].splitlines()
    assert lines[2] == "The same cause shows in 2 more discrepancies:"
    assert lines[4] == ("- discrepancy 3 (approved, graphic-trees, lines, maintenance, playgrounds): as discrepancy 2, "
                        "with `approved` in place of `headline`")


def test_notes_are_tool_notifications_and_ride_on_the_files_first_result():
    log = sarif(CheckResult((partial_report(), consistent_report())))
    VALIDATOR.validate(log)
    notifications = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert [(n["level"], n["message"]["text"]) for n in notifications] == [
        ("warning", "claims/parks.yaml: More discrepancies exist; the first 3 are listed."),
        ("warning", f"claims/parks.yaml: {PARTIAL}"),
    ]
    assert notifications[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "claims/parks.yaml"
    results = log["runs"][0]["results"]
    assert len(results) == 1  # notes are not results; one result per cause
    assert results[0]["message"]["text"].endswith(
        f"\nNote: More discrepancies exist; the first 3 are listed.\nNote: {PARTIAL}")
    assert not any("Note:" in r["message"]["text"] for r in results[1:])
    assert "toolExecutionNotifications" not in sarif(swap_result())["runs"][0]["invocations"][0]
