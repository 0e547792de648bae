"""GitHub annotations: one command line a finding, escaped as GitHub reads them, and a closing
line that points at the full report (GitHub shows ten annotations of a kind per step)."""

from __future__ import annotations

import re

import pytest

from checker.findings import CheckResult, Discrepancy
from checker.report import RenderOptions, renderer
from checker.report.github import escape_data, escape_property
from report_samples import (MOSCOW_UA, PARTIAL, consistent_report, error_report, hostile_report,
                            parks_report, partial_report, swap_report, swap_result)

COMMAND = re.compile(r"^::(error|warning|notice) file=([^,:]*),line=(\d+),col=(\d+),title=([^,:]*)::(.*)$")


def github(result: CheckResult) -> list[str]:
    return renderer("github")(result, RenderOptions()).splitlines()


@pytest.mark.parametrize(
    ("text", "data", "prop"),
    [
        ("50%", "50%25", "50%25"),
        ("a\nb\r\nc", "a%0Ab%0D%0Ac", "a%0Ab%0D%0Ac"),
        ("x: 1, 2", "x: 1, 2", "x%3A 1%2C 2"),
        ("%0A literally", "%250A literally", "%250A literally"),
        ("bell\x07 escape\x1b[31m", "bell\\x07 escape\\x1b[31m", "bell\\x07 escape\\x1b[31m"),
        ("\u202eevil", "\\u202eevil", "\\u202eevil"),
    ],
)
def test_escaping(text, data, prop):
    assert escape_data(text) == data
    assert escape_property(text) == prop


def test_an_annotation_per_finding_then_a_closing_line():
    lines = github(CheckResult((*swap_result().files, error_report())))
    commands = [COMMAND.match(line) for line in lines[:-1]]
    assert all(commands)
    assert [(m[1], m[2], m[3], m[4]) for m in commands] == [
        ("error", "claims/prisoner-swap.yaml", "22", "5")] * 3 + [
        ("warning", "claims/prisoner-swap.yaml", "40", "12"),
        ("warning", "claims/drafts/prisoner-swap.txt", "5", "211"),
        ("notice", "claims/referendum.yaml", "12", "5"),
        ("error", "claims/broken.yaml", "9", "5"),
        ("error", "claims/broken.yaml", "11", "12"),
    ]
    third = commands[2]
    assert third[5] == "figcheck%3A Discrepancy 3%3A caption%2C headline%2C moscow-wounded%2C parts"
    assert third[6].startswith("the caption's 150 each way and the parts rule give 150 + 150 + 22 = 322, but the "
                               "headline says 372%0AClaims in conflict: caption = 150 (caption, line 22);")
    assert lines[-1].startswith("figcheck: 1 of 5 claim files has discrepancies and 1 could not be checked")
    assert "job summary" in lines[-1]


def test_closing_line_names_the_limit_when_a_kind_passes_ten():
    many = tuple(Discrepancy((MOSCOW_UA,), f"clash {n}") for n in range(12))
    lines = github(CheckResult((swap_report()._replace(discrepancies=many),)))
    assert sum(1 for line in lines if line.startswith("::error ")) == 12
    assert "GitHub shows only 10 annotations of each kind per step" in lines[-1]
    assert "GitHub shows only" not in github(swap_result())[-1]


def test_hostile_text_stays_one_command_per_line():
    lines = github(CheckResult((hostile_report(),)))
    assert len(lines) == 3 and all(COMMAND.match(line) for line in lines[:2])
    assert COMMAND.match(lines[0])[2] == "claims/we ird%2Cname%3A1.yaml"
    assert not lines[-1].startswith("::")


def test_real_result_of_the_pipeline():
    from report_samples import real_result

    lines = github(real_result())
    # one annotation per cause: the swap file's discrepancies share one
    assert len(lines) == 10 and all(COMMAND.match(line) for line in lines[:-1])
    assert lines[0].startswith("::error file=swap.yaml,line=21,col=")
    assert sum(1 for line in lines if line.startswith("::notice ")) == 1
    assert lines[-1].startswith("figcheck: 1 of 4 claim files has discrepancies and 1 could not be checked")


def test_one_annotation_per_cause_with_what_shares_it_folded_in():
    commands = [COMMAND.match(line) for line in github(CheckResult((parks_report(),)))[:-1]]
    assert [m[1] for m in commands] == ["error"]
    assert commands[0][5].endswith("trees (and 2 more with the same cause)")
    lines = commands[0][6].split("%0A")
    assert lines[2] == "The same cause shows in 2 more discrepancies:"
    assert lines[4] == ("- discrepancy 3 (approved, graphic-trees, lines, maintenance, playgrounds): as discrepancy 2, "
                        "with `approved` in place of `headline`")
    assert lines[-1] == "Fix: change the graphic's $430,000 (`graphic-trees`) to 410,000."


def test_notes_are_notices_before_the_files_annotations():
    lines = github(CheckResult((consistent_report(), partial_report())))
    commands = [COMMAND.match(line) for line in lines[:-1]]
    assert all(commands)
    assert [(m[1], m[2], m[3], m[5]) for m in commands[:2]] == [
        ("notice", "claims/parks.yaml", "1", "figcheck%3A Note")] * 2
    assert [m[6] for m in commands[:2]] == [
        "More discrepancies exist; the first 3 are listed.", escape_data(PARTIAL)]
    assert [m[1] for m in commands[2:]] == ["error"]
