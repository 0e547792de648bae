"""GitLab Code Quality JSON for merge requests: one issue per cause of discrepancy, open
question, warning and error."""

from __future__ import annotations

import json

from ..findings import CheckResult
from . import RenderOptions
from .json import escape_invisible
from .sarif import Finding, findings_by_file

# Code Quality's five severities; an accepted discrepancy, or a note on a file (a capped
# list, a partial result), is shown but weighs nothing.
_SEVERITY = {"error": "blocker", "discrepancy": "critical", "undecided": "critical", "warning": "minor",
             "note": "info"}


def render(result: CheckResult, options: RenderOptions) -> str:
    """The run as a Code Quality report (a JSON list of issues; a file's notes before its findings)."""
    per_file = findings_by_file(result, options.base_dir)
    issues = [_issue(f) for p in per_file for f in (*p.notes, *p.findings)]
    return escape_invisible(json.dumps(issues, indent=2, ensure_ascii=False)) + "\n"


def _issue(f: Finding) -> dict:
    summary = f.message.splitlines()[0] if f.message else ""
    return {
        "description": f"{f.title}: {summary}",
        "check_name": f.rule,
        "fingerprint": f.fingerprint,
        "severity": "info" if f.accepted is not None else _SEVERITY[f.kind],
        "location": {"path": f.path, "lines": {"begin": f.line}},
    }
