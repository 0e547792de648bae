"""The Python API: a claim file, its text or a mapping in, the same report as `figcheck check`."""

from __future__ import annotations

from pathlib import Path

import yaml

from checker import api
from checker.check import CheckOptions, check_paths

ROOT = Path(__file__).resolve().parent.parent
SWAP = ROOT / "claims" / "prisoner-swap.yaml"

SMALL = """\
version: 1
quantities:
  total: {unit: people}
  part: {unit: people}
relations:
  - {id: sum, rule: total >= part}
claims:
  - {id: whole, quantity: total, value: 100}
  - {id: piece, quantity: part, value: "120"}
"""


def test_a_path_gives_what_the_command_line_gives():
    report = api.check_path(SWAP)
    assert report == check_paths([str(SWAP)], CheckOptions())
    assert report.status == "inconsistent"
    assert report.file.discrepancies[0].group == ("caption",)


def test_text_beside_its_draft_reads_the_draft():
    report = api.check_text(SWAP.read_text(encoding="utf-8"), path=SWAP)
    from_file = api.check_path(SWAP).file
    assert report.file.draft is not None
    assert report.file.draft.text == from_file.draft.text
    assert report.file.discrepancies == from_file.discrepancies


def test_text_without_a_path_is_called_text():
    report = api.check_text(SMALL)
    assert report.file.path == "<text>"
    assert report.status == "inconsistent"
    assert {m.id for m in report.file.discrepancies[0].members} == {"whole", "piece", "sum"}


def test_a_mapping_is_checked_like_the_file_it_would_be():
    data = yaml.safe_load(SMALL)
    from_data, from_text = api.check_data(data).file, api.check_text(SMALL).file
    assert [(d.ids, d.explanation) for d in from_data.discrepancies] == \
        [(d.ids, d.explanation) for d in from_text.discrepancies]
    data["claims"][1]["value"] = "80"
    assert api.check_data(data).status == "consistent"


def test_errors_are_located_in_the_text():
    report = api.check_text("version: 1\nclaims:\n  - {id: a, quantity: x}\n", path="draft.yaml")
    assert report.status == "error"
    assert {p.position.line for p in report.file.errors} == {3}
    assert report.exit_code == 2


def test_a_notebook_shows_the_html_report():
    html = api.check_text(SMALL)._repr_html_()
    assert html.startswith("<!DOCTYPE html>")
    assert "whole" in html and "piece" in html
    assert api.check_text(SMALL).render("json").lstrip().startswith("{")
