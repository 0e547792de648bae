"""GitHub workflow annotations: `::error file=…,line=…,col=…,title=…::message`, one a finding
(one per cause of discrepancy, so a wrong figure restated in thirty rows is one annotation).

GitHub shows at most ten annotations of each kind per step, so the last line says where the
full report is (the Action writes the Markdown report to the job summary).
"""

from __future__ import annotations

from ..findings import CheckResult
from . import RenderOptions
from .sarif import Finding, findings_by_file
from .words import tallies, verdict, visible

# GitHub's limit per kind and step, and how many of each our annotations may reach it.
SHOWN_PER_KIND = 10
# An accepted discrepancy, or a note on a file (a capped list, a partial result), is a
# notice: visible, but not a failure.
_COMMAND = {"error": "error", "warning": "warning", "note": "notice"}


def escape_data(text: str) -> str:
    """A message made safe for a workflow command (GitHub's own escaping: `%`, CR and LF),
    after every other control and bidi override is written out."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return visible(text)


def escape_property(text: str) -> str:
    """A property value (file, title) made safe: also `:` and `,`."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(f: Finding) -> str:
    props = [("file", f.path), ("line", str(f.line)), ("col", str(f.column)), ("title", f"figcheck: {f.title}")]
    joined = ",".join(f"{name}={escape_property(value)}" for name, value in props)
    return f"::{_COMMAND[f.level]} {joined}::{escape_data(f.message)}"


def render(result: CheckResult, options: RenderOptions) -> str:
    """One annotation a finding (a file's notes before its findings), then one plain line with
    the verdict and the full report."""
    found = [f for per_file in findings_by_file(result, options.base_dir) for f in (*per_file.notes, *per_file.findings)]
    lines = [annotation(f) for f in found]
    _, sentence = verdict(result)
    closing = f"figcheck: {sentence} ({tallies(result)})."
    per_kind = [sum(1 for f in found if f.level == level) for level in _COMMAND]
    if max(per_kind, default=0) > SHOWN_PER_KIND:
        closing += f" GitHub shows only {SHOWN_PER_KIND} annotations of each kind per step;"
    else:
        closing += " For every detail,"
    closing += " see the full report in the job summary (or run figcheck check --format markdown)."
    # A plain line must not start with `::`, or GitHub would read it as a command.
    return "\n".join([*lines, escape_data(closing)]) + "\n"
