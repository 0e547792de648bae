"""GitLab Code Quality JSON: one issue per discrepancy, warning and error, for merge requests."""

from __future__ import annotations

import json

from ..findings import CheckResult
from . import RenderOptions
from .sarif import Finding, findings

# Code Quality's five severities; an accepted discrepancy is shown but weighs nothing.
_SEVERITY = {"error": "blocker", "discrepancy": "critical", "warning": "minor"}


def render(result: CheckResult, options: RenderOptions) -> str:
    """The run as a Code Quality report (a JSON list of issues)."""
    issues = [_issue(f) for f in findings(result, options.base_dir)]
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"


def _issue(f: Finding) -> dict:
    summary = f.message.splitlines()[0] if f.message else ""
    return {
        "description": f"{f.title}: {summary}",
        "check_name": f.rule,
        "fingerprint": f.fingerprint,
        "severity": "info" if f.accepted is not None else _SEVERITY[f.kind],
        "location": {"path": f.path, "lines": {"begin": f.line}},
    }
