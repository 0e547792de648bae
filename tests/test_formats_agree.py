"""Every format renders the same findings: for every claim file the project carries, each
format names every discrepancy and every error the JSON report names, and parses as its kind."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from checker.check import CheckOptions, check_paths
from checker.report import FORMATS, RenderOptions, renderer

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted(
    p for p in [*ROOT.glob("claims/**/*.yaml"), *ROOT.glob("tests/data/reports/**/*.yaml"), *ROOT.glob("tests/data/cli/*.yaml")]
)
SARIF = jsonschema.Draft4Validator(json.loads((ROOT / "tests/data/sarif-2.1.0.schema.json").read_text()))


@pytest.fixture(scope="module", params=FILES, ids=lambda p: str(p.relative_to(ROOT)))
def result(request):
    return check_paths([str(request.param)], CheckOptions())


def test_the_project_carries_claim_files_to_compare_on():
    assert len(FILES) >= 10


def test_every_format_names_every_finding(result):
    report = result.files[0]
    outputs = {name: renderer(name)(result, RenderOptions()) for name in FORMATS}
    data = json.loads(outputs["json"])["files"][0]
    assert data["status"] == report.status
    assert [sorted(d["members"]) for d in data["discrepancies"]] == [sorted(d.ids) for d in report.discrepancies]
    for name, text in outputs.items():
        for d in report.discrepancies:
            # GitLab's issue is one line per cause: the head names its claims, no more.
            if name == "gitlab" and d.cause is not None:
                continue
            for member in d.ids:
                assert member in text, (name, member)
        for problem in report.errors:
            assert problem.code in text, (name, problem.code)
    SARIF.validate(json.loads(outputs["sarif"]))
    ET.fromstring(outputs["junit"])
    gitlab = json.loads(outputs["gitlab"])
    assert len({issue["fingerprint"] for issue in gitlab}) == len(gitlab)
    assert outputs["html"].startswith("<!DOCTYPE html>")


def test_every_format_gives_the_same_bytes_twice(result):
    for name in FORMATS:
        assert renderer(name)(result, RenderOptions()) == renderer(name)(result, RenderOptions()), name


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_format_that_shows_no_ranges_says_the_same_when_they_are_not_derived(path):
    # The command leaves out every quantity's derived range where no format it writes shows
    # them (cli.SHOW_RANGES); the findings' words still need their quantities' units and dates.
    from checker.cli import SHOW_RANGES

    full = check_paths([str(path)], CheckOptions())
    lean = check_paths([str(path)], CheckOptions(derive_ranges=False))
    assert len(lean.files[0].quantities) <= len(full.files[0].quantities)
    for name in sorted(set(FORMATS) - SHOW_RANGES):
        assert renderer(name)(lean, RenderOptions()) == renderer(name)(full, RenderOptions()), name
