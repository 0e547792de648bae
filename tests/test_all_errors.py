"""One check reports every error of a claim file: the loader's and those met reading values
and rules, each once, in file order, and none that only follows from another."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checker.check import CheckOptions, _in_file_order, check_file
from checker.cli import main
from checker.positions import Position
from checker.problems import Problem

FIVE_FAULTS = """\
version: 1
quantities:
  staff: {unit: people}
  payroll: {unit: usd}
  total: {unit: people}
relations:
  - id: parts
    rule: total = staff +* payroll
  - id: mixed
    rule: total = staff + payroll
claims:
  - id: headline
    qantity: total
    value: 40
  - id: garbled
    quantity: staff
    value: twelvety-three or so
  - id: typo
    quantity: stafff
    value: 12
  - id: fine
    quantity: total
    value: 40
"""
FIVE_ERRORS = [("rule-syntax", 8, 26), ("unit-mismatch", 10, 25), ("unknown-key", 13, 5),
               ("unreadable-value", 17, 12), ("undefined-quantity", 19, 15)]


def errors(tmp_path: Path, text: str, **options: object) -> list[tuple[str, int | None]]:
    path = tmp_path / "claims.yaml"
    path.write_text(text, encoding="utf-8")
    report = check_file(path, "claims.yaml", CheckOptions(**options))  # type: ignore[arg-type]
    assert report.status == "error"
    return [(e.code, e.position.line if e.position else None) for e in report.errors]


def test_one_check_reports_all_five_faults_in_file_order(tmp_path: Path) -> None:
    path = tmp_path / "claims.yaml"
    path.write_text(FIVE_FAULTS, encoding="utf-8")
    report = check_file(path, "claims.yaml", CheckOptions())
    assert report.status == "error"
    assert [(e.code, e.position.line, e.position.column) for e in report.errors] == FIVE_ERRORS


def test_the_json_report_lists_every_error_and_the_exit_is_2(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "claims.yaml").write_text(FIVE_FAULTS, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--format", "json", "claims.yaml"]) == 2
    (file,) = json.loads(capsys.readouterr().out)["files"]
    assert file["status"] == "error"
    assert [(e["code"], e["line"], e["column"]) for e in file["errors"]] == FIVE_ERRORS


@pytest.mark.parametrize("text, expected", [
    # a YAML syntax error leaves nothing to read: it is the only error
    ("quantities:\n  a: {unit: people\nclaims:\n  - {id: p, qantity: a, value: zorp}\n", [("yaml-syntax", 3)]),
    ("- a\n- b\n", [("wrong-type", 1)]),
    # a file without faults in its structure still reports every value and rule at once
    ("quantities:\n  a: {}\nrelations:\n  - {id: r, rule: a = = 1}\n"
     "claims:\n  - {id: p, quantity: a, value: zorp}\n  - {id: q, quantity: a, value: blah}\n",
     [("rule-syntax", 4), ("unreadable-value", 6), ("unreadable-value", 7)]),
])
def test_what_cannot_be_read_at_all_is_reported_alone(tmp_path: Path, text: str,
                                                      expected: list[tuple[str, int]]) -> None:
    assert errors(tmp_path, text) == expected


@pytest.mark.parametrize("text, expected", [
    # a quantity with a faulty key keeps its name and sound keys: its rules and claims are read
    ("quantities:\n  staff: {unit: people}\n  payroll: {unti: usd, integer: maybe}\n"
     "relations:\n  - {id: r, rule: payroll = staff + 3}\n  - {id: s, rule: payroll = = 3}\n"
     "claims:\n  - {id: p, quantity: payroll, value: $3m}\n",
     [("unknown-key", 3), ("wrong-type", 3), ("rule-syntax", 6)]),
    ("quantities:\n  ua-freed: {unit: people}\nclaims:\n  - {id: p, quantity: ua-freed, value: 3}\n",
     [("bad-name", 2)]),
    # no usable `quantities:`: rules and values would name only unknown quantities
    ("quantities: [a, b]\nrelations:\n  - {id: r, rule: a = b}\nclaims:\n  - {id: q, rule: a > 2}\n",
     [("wrong-type", 1)]),
    ("quantites:\n  a: {}\nrelations:\n  - {id: r, rule: a = 1}\nclaims:\n  - {id: p, quantity: a, value: 3}\n",
     [("unknown-key", 1), ("undefined-quantity", 6)]),
    # a vague word whose definition failed is not then called unreadable
    ("vocabulary:\n  words:\n    a bunch: {min: 3, mx: 5}\nquantities:\n  a: {}\n"
     "claims:\n  - {id: p, quantity: a, value: A  bunch}\n  - {id: q, quantity: a, value: zorp}\n",
     [("missing-key", 3), ("unknown-key", 3), ("unreadable-value", 8)]),
    ("vocabulry:\n  words:\n    a bunch: {min: 3, max: 5}\nquantities:\n  a: {}\n"
     "claims:\n  - {id: p, quantity: a, value: a bunch}\n", [("unknown-key", 1)]),
    # a relative date whose publication date failed is not then said to need one
    ("article: {published: 19 March 2025}\nquantities:\n  d: {unit: date}\n  a: {}\n"
     "claims:\n  - {id: p, quantity: d, value: Wednesday}\n  - {id: q, quantity: a, value: zorp}\n",
     [("bad-date", 1), ("unreadable-value", 7)]),
    # the second of two ids is left out, the claims after it are still read
    ("quantities:\n  a: {}\nclaims:\n  - {id: p, quantity: a, value: 3}\n  - {id: p, quantity: a, value: zorp}\n"
     "  - {id: q, quantity: a, value: blah}\n", [("duplicate-id", 5), ("unreadable-value", 6)]),
    # a refused YAML tag leaves no empty value behind to be misread
    ("quantities:\n  a: {}\nclaims:\n  - {id: p, quantity: a, value: !!python/name:os.system x}\n"
     "  - {id: q, quantity: a, value: blah}\n", [("yaml-tag", 4), ("unreadable-value", 5)]),
])
def test_no_error_follows_only_from_another(tmp_path: Path, text: str, expected: list[tuple[str, int]]) -> None:
    assert errors(tmp_path, text) == expected


def test_a_vocabulary_that_cannot_be_applied_is_reported_with_the_loaders_errors(tmp_path: Path) -> None:
    text = ("vocabulary: {approximate: lots}\nquantities:\n  a: {}\n"
            "claims:\n  - {id: p, qantity: a, value: 3}\n  - {id: q, quantity: a, value: about 3}\n")
    assert errors(tmp_path, text) == [("bad-vocabulary", 1), ("unknown-key", 5)]
    # a project's setting has no line: it comes first
    assert errors(tmp_path, text, vocabulary={"below": "lots"}) == [("bad-vocabulary", None), ("unknown-key", 5)]


def test_a_fault_both_stages_report_is_listed_once_in_file_order() -> None:
    def at(code: str, line: int, column: int = 1) -> Problem:
        return Problem(code, f"{code} here", Position("c.yaml", line, column))

    loader = [at("unknown-key", 3), at("bad-date", 9)]
    encoder = [at("unreadable-value", 5), at("unknown-key", 3), Problem("bad-vocabulary", "in pyproject")]
    assert [(p.code, p.position and p.position.line) for p in _in_file_order(loader + encoder)] == [
        ("bad-vocabulary", None), ("unknown-key", 3), ("unreadable-value", 5), ("bad-date", 9)]
