"""docs/claim-file.schema.json: the committed JSON Schema is the one figcheck generates, and it
accepts the example claim files that point editors at it.

The file is written by `figcheck schema -o docs/claim-file.schema.json`, which prints
`checker.model.claim_file_json_schema()`; run that again whenever the forms change.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from checker.cli import main
from checker.model import claim_file_json_schema

ROOT = Path(__file__).parent.parent
SCHEMA = ROOT / "docs" / "claim-file.schema.json"
REGENERATE = "figcheck schema -o docs/claim-file.schema.json"
EXAMPLES = sorted((ROOT / "claims").rglob("*.yaml")) + [Path(__file__).parent / "data" / "model" / "ignore.yaml"]


def committed() -> dict[str, Any]:
    return json.loads(SCHEMA.read_text(encoding="utf-8"))


def as_an_editor_reads(path: Path) -> Any:
    """The file as a YAML-reading editor sees it: dates are the text written, not date objects."""
    def text_dates(data: Any) -> Any:
        if isinstance(data, datetime.date):
            return data.isoformat()
        if isinstance(data, dict):
            return {k: text_dates(v) for k, v in data.items()}
        if isinstance(data, list):
            return [text_dates(v) for v in data]
        return data
    return text_dates(yaml.safe_load(path.read_text(encoding="utf-8")))


def test_the_committed_schema_is_the_generated_one(capsys: pytest.CaptureFixture[str]) -> None:
    assert SCHEMA.exists(), f"docs/claim-file.schema.json is missing: run `{REGENERATE}`"
    assert committed() == json.loads(json.dumps(claim_file_json_schema())), \
        f"docs/claim-file.schema.json is out of date: run `{REGENERATE}`"
    assert main(["schema"]) == 0  # and byte for byte what the command writes
    assert capsys.readouterr().out == SCHEMA.read_text(encoding="utf-8"), f"run `{REGENERATE}`"


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(committed())


def test_there_are_examples_to_validate() -> None:
    assert len(EXAMPLES) >= 3 and any(p.parent.name == "more" for p in EXAMPLES)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_claim_file_validates(path: Path) -> None:
    errors = list(jsonschema.Draft202012Validator(committed()).iter_errors(as_an_editor_reads(path)))
    assert not errors, [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors]


@pytest.mark.parametrize("path", [p for p in EXAMPLES if p.is_relative_to(ROOT / "claims")], ids=lambda p: p.name)
def test_every_example_points_its_editor_at_the_schema(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    prefix = "# yaml-language-server: $schema="
    assert first.startswith(prefix)
    assert (path.parent / first.removeprefix(prefix)).resolve() == SCHEMA.resolve()


@pytest.mark.parametrize("change", [
    lambda f: f["claims"][0].update(qantity=f["claims"][0].pop("quantity")),  # a misspelt key
    lambda f: f["article"].update(ignore="G7"),  # one phrase, not a list
    lambda f: f["article"].update(published="19 March 2025"),
])
def test_a_file_with_a_slip_fails_validation(change: Any) -> None:
    written = as_an_editor_reads(Path(__file__).parent / "data" / "model" / "ignore.yaml")
    validator = jsonschema.Draft202012Validator(committed(), format_checker=jsonschema.FormatChecker())
    assert not list(validator.iter_errors(written))
    change(written)
    assert list(validator.iter_errors(written))
