"""SARIF 2.1.0 for code scanning: one result per cause of discrepancy (the discrepancies that
share it folded in, their claims as related locations), open question, warning and error.

Also the located view every CI format shares: each finding flattened to one place in one
file, a level, a message, and an identity built from the claim ids (never a line number),
so an alert keeps its identity when lines move.
"""

from __future__ import annotations

import hashlib
import json
import os
import urllib.parse
from typing import NamedTuple

from .. import __version__
from ..findings import CheckResult, Discrepancy, FileReport, Member, OpenQuestion
from ..positions import Position
from ..problems import Problem
from . import RenderOptions
from .json import escape_invisible
from .words import (
    caveats,
    cause_members,
    count,
    fix_here,
    folded,
    folded_text,
    open_question,
    restatements,
    standing,
    visible,
)

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "figcheckFinding/v1"

# Rules with stable ids: short description and help a reader sees beside the alert.
_RULE_TEXT: dict[str, tuple[str, str]] = {
    "discrepancy": (
        "Reported figures that cannot all be true",
        "Some claims and relations in this claim file cannot all hold at once. The message names them, "
        "gives each value as written and explains the arithmetic. Correct or drop one of the claims a repair "
        "names; once the clash has been reviewed and is known to be fine, add `accept: <reason>` to one of "
        "its claims.",
    ),
    "undecided": (
        "A question that could change the verdict was not settled",
        "figcheck could not settle whether these claims and relations can all hold within its work budget, "
        "so the file is not known to be consistent and the check fails. The message says what would settle "
        "it: usually a figure the article leaves out, or a larger --time-budget.",
    ),
    "quote-not-found": (
        "A claim's quote is not in the draft",
        "Every `quote` must appear word for word in the article's draft. Copy the words from the draft, or "
        "fix the claim if the draft has changed.",
    ),
    "quote-figure-mismatch": (
        "A quote's figure differs from the claim's value",
        "The figure inside the quoted words is not the value the claim records. One of them is out of date.",
    ),
    "uncovered-figure": (
        "A figure in the draft that no claim covers",
        "The draft states a figure that no claim's quote includes, so nothing checks it. Add a claim for it.",
    ),
    "unclaimed-quantity": (
        "A quantity that no claim gives a value for",
        "Only relations mention this quantity, so nothing the article reports pins it down. Add the claim "
        "that reports it, or check the quantity's name.",
    ),
    "draft-unreadable": (
        "The draft named by article.draft cannot be read",
        "The claims were checked, but their quotes could not be looked up. Fix the `article.draft` path "
        "(it is relative to the claim file) or the draft's encoding (UTF-8).",
    ),
    "stale-accept": (
        "An accept that no longer matches any discrepancy",
        "An `accept:` reason sits on a claim that is in no discrepancy any more. Remove it, so that waivers "
        "do not outlive the problem they excused.",
    ),
}
_GENERIC_HELP = "The message says what is wrong and, where there is one, the nearest valid reading."


class Finding(NamedTuple):
    """One thing to show in a CI tool, at one place in one file."""

    kind: str  # "discrepancy", "undecided", "warning", "error" or "note" (a caveat on a whole file)
    rule: str  # "discrepancy", the problem's code, or "note"
    level: str  # SARIF's words: "error", "warning" or "note"
    path: str  # the file it points into, as shown
    line: int
    column: int
    title: str
    message: str  # plain text; may span lines
    key: str  # identity: file, rule and claim ids (or the message), never a position
    claim_file: str  # the claim file it belongs to, as shown
    accepted: str | None = None
    members: tuple[Member, ...] = ()

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256(self.key.encode("utf-8")).hexdigest()


def shown_path(path: str, base_dir: str | None) -> str:
    """`path` relative to `base_dir` when it lies inside it, with forward slashes."""
    if base_dir is not None:
        relative = os.path.relpath(os.path.abspath(path), os.path.abspath(base_dir))
        if not relative.startswith(os.pardir):
            path = relative
    return path.replace(os.sep, "/")


class FileFindings(NamedTuple):
    """One claim file's findings, and the caveats (notes) that qualify them."""

    report: FileReport
    claim_file: str  # as shown
    findings: list[Finding]
    notes: list[Finding]


def findings(result: CheckResult, base_dir: str | None = None) -> list[Finding]:
    """Every discrepancy, error and warning of the run, in file order, with unique keys."""
    return [f for per_file in findings_by_file(result, base_dir) for f in per_file.findings]


def findings_by_file(result: CheckResult, base_dir: str | None = None) -> list[FileFindings]:
    """The run's findings and notes, file by file, with keys unique across the run."""
    out: list[FileFindings] = []
    seen: dict[str, int] = {}

    def unique(finding: Finding) -> Finding:
        # Two identical warnings (the same quote twice) still need two identities.
        seen[finding.key] = seen.get(finding.key, 0) + 1
        n = seen[finding.key]
        return finding if n == 1 else finding._replace(key=f"{finding.key}\x1f{n}")

    for report in result.files:
        claim_file = shown_path(report.path, base_dir)
        found = [_problem(p, "error", report, claim_file, base_dir) for p in report.errors]
        found += [_open_question(q, report, claim_file, base_dir) for q in report.open_questions]
        hidden = folded(report)
        found += [_discrepancy(n, d, report, claim_file, base_dir)
                  for n, d in enumerate(report.discrepancies, 1) if n not in hidden]
        found += [_problem(p, "warning", report, claim_file, base_dir) for p in report.warnings]
        notes = [_note(text, report, claim_file, base_dir) for text in caveats(report)]
        out.append(FileFindings(report, claim_file, [unique(f) for f in found], [unique(n) for n in notes]))
    return out


def focus(discrepancy: Discrepancy, report: FileReport) -> Member:
    """The member an alert points at: the one the lightest repair drops, else the first claim."""
    ids = set(discrepancy.ids)
    for repair in report.repairs:
        for dropped in repair.drop:
            if dropped.id in ids and dropped.position is not None:
                return next(m for m in discrepancy.members if m.id == dropped.id)
    located = [m for m in discrepancy.members if m.position is not None]
    claims = [m for m in located if m.kind == "claim"]
    return (claims or located or list(discrepancy.members))[0]


def member_text(member: Member) -> str:
    """`caption = 150 (caption, line 22)`; relations show their rule."""
    link = " =" if member.kind == "claim" else ":"
    line = "" if member.position is None else f", line {member.position.line}"
    return visible(f"{member.id}{link} {member.written} ({standing(member)}{line})")


def _discrepancy(n: int, d: Discrepancy, report: FileReport, claim_file: str, base_dir: str | None) -> Finding:
    """One cause: its first discrepancy in full, the others that share it in a line each."""
    at = focus(d, report).position
    lines = [d.explanation, "Claims in conflict: " + "; ".join(member_text(m) for m in d.members)]
    again = restatements(report).get(n, [])
    if again:
        lines.append(f"The same cause shows in {count(len(again), 'more discrepancy', 'more discrepancies')}:")
        lines += [f"- discrepancy {k} ({', '.join(report.discrepancies[k - 1].ids)}): "
                  f"{folded_text(report.discrepancies[k - 1], report)}" for k in again]
    fix = fix_here(report, d) if d.accepted is None else ""
    if fix:
        lines.append(f"Fix: {fix}.")
    if d.accepted is not None:
        lines.append(f"Accepted: {d.accepted}")
    label = "Discrepancy" if d.accepted is None else "Accepted discrepancy"
    return Finding(
        kind="discrepancy",
        rule="discrepancy",
        level="error" if d.accepted is None else "note",
        **_place(at, report, base_dir),
        title=visible(f"{label} {n}: {', '.join(d.ids)}" + (f" (and {len(again)} more with the same cause)" if again else "")),
        message=visible("\n".join(lines), keep_newlines=True),
        key="\x1f".join((claim_file, "discrepancy", *d.ids)),
        claim_file=claim_file,
        accepted=d.accepted,
        members=tuple(cause_members(report, n)),
    )


def _open_question(q: OpenQuestion, report: FileReport, claim_file: str, base_dir: str | None) -> Finding:
    """A question left open: the file fails, at the first located member."""
    at = next((m.position for m in q.members if m.position is not None), None)
    return Finding(
        kind="undecided",
        rule="undecided",
        level="error",
        **_place(at, report, base_dir),
        title="Undecided: " + visible(", ".join(m.id for m in q.members)),
        message=visible(open_question(q)),
        key="\x1f".join((claim_file, "undecided", *(m.id for m in q.members))),
        claim_file=claim_file,
        members=q.members,
    )


def _problem(p: Problem, kind: str, report: FileReport, claim_file: str, base_dir: str | None) -> Finding:
    message = visible(p.message) + (f"\nHint: {visible(p.hint)}" if p.hint else "")
    place = _place(p.position, report, base_dir)
    return Finding(
        kind=kind,
        rule=p.code,
        level=kind,
        **place,
        title=visible(p.code),
        message=message,
        key="\x1f".join((claim_file, p.code, place["path"], p.message)),
        claim_file=claim_file,
    )


def _note(text: str, report: FileReport, claim_file: str, base_dir: str | None) -> Finding:
    """A caveat on a whole claim file, placed at its top."""
    return Finding(
        kind="note",
        rule="note",
        level="note",
        **_place(None, report, base_dir),
        title="Note",
        message=visible(text),
        key="\x1f".join((claim_file, "note", text)),
        claim_file=claim_file,
    )


def _place(position: Position | None, report: FileReport, base_dir: str | None) -> dict:
    if position is None:
        return {"path": shown_path(report.path, base_dir), "line": 1, "column": 1}
    return {"path": shown_path(position.file, base_dir), "line": max(1, position.line), "column": max(1, position.column)}


# -- SARIF ------------------------------------------------------------------------------
def render(result: CheckResult, options: RenderOptions) -> str:
    """The run as one SARIF 2.1.0 log with a single run."""
    per_file = findings_by_file(result, options.base_dir)
    found = [_with_notes(f, p.notes) if k == 0 else f for p in per_file for k, f in enumerate(p.findings)]
    notes = [n for p in per_file for n in p.notes]
    rule_ids = sorted({f.rule for f in found})
    index = {rule: i for i, rule in enumerate(rule_ids)}
    defaults = {}
    for f in found:
        defaults.setdefault(f.rule, "warning" if f.kind == "warning" else "error")
    log = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "figcheck",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": [_rule(rule, defaults[rule]) for rule in rule_ids],
                    }
                },
                "invocations": [_invocation(result.exit_code, notes)],
                "columnKind": "unicodeCodePoints",
                "results": [_result(f, index[f.rule], options.base_dir) for f in found],
            }
        ],
    }
    return escape_invisible(json.dumps(log, indent=2, ensure_ascii=False)) + "\n"


def _with_notes(first: Finding, notes: list[Finding]) -> Finding:
    """A file's first result, carrying the file's caveats, so a reader of the alerts sees them."""
    return first._replace(message="\n".join([first.message, *(f"Note: {n.message}" for n in notes)]))


def _invocation(exit_code: int, notes: list[Finding]) -> dict:
    invocation: dict = {"executionSuccessful": True, "exitCode": exit_code}
    if notes:
        # A capped list or a partial result: the run did its work, but not all of it.
        invocation["toolExecutionNotifications"] = [
            {"level": "warning", "message": {"text": f"{n.claim_file}: {n.message}"},
             "locations": [{"physicalLocation": {"artifactLocation": {"uri": urllib.parse.quote(n.path, safe="/")}}}],
             "properties": {"claimFile": n.claim_file}}
            for n in notes
        ]
    return invocation


def _rule(rule: str, level: str) -> dict:
    short, help_text = _RULE_TEXT.get(rule, (rule.replace("-", " ").capitalize(), _GENERIC_HELP))
    return {
        "id": rule,
        "name": "".join(word.capitalize() for word in rule.split("-")),
        "shortDescription": {"text": short},
        "fullDescription": {"text": help_text},
        "help": {"text": help_text},
        "defaultConfiguration": {"level": level},
    }


def _location(path: str, line: int, column: int) -> dict:
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": urllib.parse.quote(path, safe="/")},
            "region": {"startLine": line, "startColumn": column},
        }
    }


def _result(f: Finding, rule_index: int, base_dir: str | None) -> dict:
    result: dict = {
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": f.level,
        "message": {"text": f.message},
        "locations": [_location(f.path, f.line, f.column)],
    }
    related = [m for m in f.members if m.position is not None]
    if related:
        result["relatedLocations"] = [
            {"id": n, **_location(shown_path(m.position.file, base_dir), m.position.line, m.position.column),
             "message": {"text": member_text(m)}}
            for n, m in enumerate(related)  # type: ignore[union-attr]
        ]
    result["partialFingerprints"] = {
        FINGERPRINT_KEY: f.fingerprint,
        # Given here so that code scanning does not derive one from the line's text.
        "primaryLocationLineHash": f"{f.fingerprint[:16]}:1",
    }
    result["properties"] = {"claimFile": f.claim_file, "claimIds": [m.id for m in f.members]}
    if f.accepted is not None:
        result["suppressions"] = [{"kind": "inSource", "status": "accepted", "justification": f.accepted}]
    return result
