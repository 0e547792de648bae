"""The pull-request comment: GitHub-flavoured Markdown, a one-line verdict first.

Also the plain-words phrasing (the verdict, where a claim stands, what a repair needs) that
the other human-facing formats share, so every report says the same thing the same way.
"""

from __future__ import annotations

import re

from ..findings import CheckResult, Discrepancy, FileReport, Member, Repair
from ..interval import Interval, format_number
from ..problems import Problem
from . import RenderOptions
from .text import format_range

# Past this many discrepancies in a file, the rest fold away under <details>.
SHOWN_DISCREPANCIES = 3


# -- plain words, shared by the human-facing formats ------------------------------------
def count(n: int, singular: str, plural: str | None = None) -> str:
    """`1 warning`, `3 warnings`, `2 discrepancies`."""
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"


def verdict(result: CheckResult) -> tuple[bool, str]:
    """Whether the run passes, and one sentence that says so with the counts behind it."""
    files = result.files
    total = len(files)
    inconsistent = sum(1 for f in files if f.open_discrepancies)
    failed = sum(1 for f in files if f.status == "error")
    warned = sum(1 for f in files if f.warnings)
    of_total = f"of {count(total, 'claim file')}"
    clauses = []
    if inconsistent:
        clauses.append(f"{inconsistent} {of_total} {'has' if inconsistent == 1 else 'have'} discrepancies")
    if failed:
        subject = f"{failed}" if clauses else f"{failed} {of_total}"
        clauses.append(f"{subject} could not be checked")
    if not clauses and result.strict and warned:
        clauses.append(f"{warned} {of_total} {'has' if warned == 1 else 'have'} warnings, which fail under --strict")
    if not clauses:
        sentence = f"{count(total, 'claim file')} checked, no open discrepancies" if total else "no claim files to check"
    else:
        sentence = " and ".join(clauses)
    return result.exit_code == 0, sentence


def tallies(result: CheckResult) -> str:
    """`3 open discrepancies, 1 accepted, 2 warnings`: the numbers behind the verdict."""
    discrepancies = sum(len(f.discrepancies) for f in result.files)
    open_ = sum(len(f.open_discrepancies) for f in result.files)
    warnings = sum(len(f.warnings) for f in result.files)
    errors = sum(len(f.errors) for f in result.files)
    parts = [count(open_, "open discrepancy", "open discrepancies"), f"{discrepancies - open_} accepted"]
    parts.append(count(warnings, "warning"))
    if errors:
        parts.append(count(errors, "error"))
    return ", ".join(parts)


def standing(member: Member) -> str:
    """Where a claim stands in the article: `caption`, `body, Russian defence ministry`."""
    parts = [member.where or ("relation" if member.kind == "relation" else None), member.source]
    return ", ".join(p for p in parts if p) or "—"


def line_of(member: Member) -> str:
    """`claims/swap.yaml:27`, or an empty string when the member has no position."""
    return "" if member.position is None else f"{member.position.file}:{member.position.line}"


def need(name: str, interval: Interval, is_date: bool) -> str:
    """`ua_freed = 175` or `share in [21.6, 24)`: the range a dropped value would need."""
    if interval.is_empty():
        return f"{name}: no value fits"
    point = (interval.integers() if is_date else interval).is_point()
    return f"{name} {'=' if point else 'in'} {format_range(interval, is_date)}"


def repair_needs(repair: Repair, date_names: set[str]) -> str:
    """What the dropped claims would have to say to fit the rest, in one clause."""
    clauses = []
    for claim_id in sorted(repair.would_fit):
        ranges = repair.would_fit[claim_id]
        needs = " and ".join(need(n, ranges[n], n in date_names) for n in sorted(ranges))
        if needs:
            subject = "it" if len(repair.drop) == 1 else claim_id
            clauses.append(f"{subject} would fit with {needs}")
    return "; ".join(clauses)


def date_names(report: FileReport) -> set[str]:
    return {q.name for q in report.quantities if q.is_date}


def weight_text(repair: Repair) -> str:
    return format_number(repair.weight)


# -- Markdown ---------------------------------------------------------------------------
_SPECIAL = re.compile(r"([\\`*_\[\]{}|~#!])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def escape(text: str) -> str:
    """User text made inert: no emphasis, links, HTML, table breaks or @-mentions."""
    text = _SPECIAL.sub(r"\\\1", re.sub(r"\s+", " ", _CONTROL.sub("", text)))
    text = "".join(_ENTITIES.get(c, c) for c in text)
    # A word joiner after @ keeps GitHub from notifying whoever a quoted handle names.
    text = text.replace("@", "@\u2060")
    # A leading list, quote or heading marker would restructure the line.
    return re.sub(r"^([-+=]|\d+[.)])", r"\\\1", text)


_CODE_SPAN = re.compile(r"`([^`\n]+)`")


def code_spans(text: str) -> list[tuple[bool, str]]:
    """figcheck's own sentences cut into (is_code, text) pieces at their `backticked` names."""
    pieces, cursor = [], 0
    for match in _CODE_SPAN.finditer(text):
        pieces += [(False, text[cursor : match.start()]), (True, match[1])]
        cursor = match.end()
    return [*pieces, (False, text[cursor:])]


def prose(text: str) -> str:
    """An explanation or message: its `names` as code spans, everything else escaped."""
    return "".join(code(piece) if is_code else escape(piece) for is_code, piece in code_spans(text))


def code(text: str) -> str:
    """An identifier as a code span (table-safe); escaped text when it holds a backtick."""
    if "`" in text or "\n" in text:
        return escape(text)
    return f"`{text.replace('|', chr(92) + '|')}`"


def render(result: CheckResult, options: RenderOptions) -> str:
    """The whole run as one Markdown document for a pull-request comment or job summary."""
    ok, sentence = verdict(result)
    out = [f"{'✅' if ok else '❌'} **{sentence}** · {tallies(result)}", ""]
    out += _file_table(result.files)
    for report in result.files:
        if _worth_a_section(report, options):
            out += ["", *_file_section(report, options)]
    return "\n".join(out).rstrip("\n") + "\n"


_STATUS_MARK = {"consistent": "✅", "inconsistent": "❌", "error": "⛔"}


def _mark(report: FileReport) -> str:
    if report.status == "inconsistent" and not report.open_discrepancies:
        return "☑️"  # every discrepancy accepted after review
    return _STATUS_MARK.get(report.status, "")


def _file_table(files: tuple[FileReport, ...]) -> list[str]:
    rows = ["| | claim file | status | open | accepted | warnings | errors |", "|---|---|---|---:|---:|---:|---:|"]
    for f in files:
        mark = _mark(f)
        accepted = len(f.discrepancies) - len(f.open_discrepancies)
        rows.append(
            f"| {mark} | {escape(f.path)} | {f.status} | {len(f.open_discrepancies)} | {accepted} "
            f"| {len(f.warnings)} | {len(f.errors)} |"
        )
    return rows


def _worth_a_section(report: FileReport, options: RenderOptions) -> bool:
    return bool(report.discrepancies or report.errors or report.warnings or report.notes or options.show_ranges)


def _file_section(report: FileReport, options: RenderOptions) -> list[str]:
    out = [f"### {_mark(report)} {escape(report.path)}".replace("  ", " ")]
    if report.title:
        out += ["", f"*{escape(report.title)}*"]
    if report.errors:
        out += ["", "**Cannot be checked:**", "", *(_problem_item(p) for p in report.errors)]
    dates = date_names(report)
    if report.repairs and report.open_discrepancies:
        first = report.repairs[0]
        needs = repair_needs(first, dates)
        out += ["", f"**Lightest repair:** drop {', '.join(code(i) for i in first.ids)}" + (f" — {escape(needs)}" if needs else "")]
    out += _discrepancies(report, dates)
    if report.repairs:
        out += ["", "**Repairs**, lightest first:", "", *(f"- {_repair_text(r, dates)}" for r in report.repairs)]
    out += [f"\n*{prose(note)}*" for note in report.notes]
    if report.warnings:
        items = [_problem_item(p) for p in report.warnings]
        out += ["", *_details(count(len(items), "warning"), items)]
    if report.quantities and (options.show_ranges or report.discrepancies):
        rows = ["| quantity | range | unit |", "|---|---|---|"]
        rows += [
            f"| {code(q.name)} | {code(format_range(q.range, q.is_date))} | {escape('' if q.is_date else q.unit)} |"
            for q in report.quantities
        ]
        out += ["", *_details("Derived ranges", rows)]
    return out


def _discrepancies(report: FileReport, dates: set[str]) -> list[str]:
    out: list[str] = []
    open_ = report.open_discrepancies
    blocks = [_discrepancy(n, len(open_), d, report, dates) for n, d in enumerate(open_, 1)]
    out += _stacked(blocks[:SHOWN_DISCREPANCIES])
    if len(blocks) > SHOWN_DISCREPANCIES:
        more = count(len(blocks) - SHOWN_DISCREPANCIES, "more open discrepancy", "more open discrepancies")
        out += ["", *_details(more, _stacked(blocks[SHOWN_DISCREPANCIES:])[1:])]
    if report.more_discrepancies:
        out += ["", f"*More discrepancies exist; the first {len(report.discrepancies)} are listed.*"]
    accepted = [d for d in report.discrepancies if d.accepted is not None]
    if accepted:
        blocks = [_discrepancy(n, len(accepted), d, report, dates) for n, d in enumerate(accepted, 1)]
        summary = count(len(accepted), "accepted discrepancy", "accepted discrepancies")
        out += ["", *_details(summary, _stacked(blocks)[1:])]
    return out


def _stacked(blocks: list[list[str]]) -> list[str]:
    """Blocks of lines, each after a blank line."""
    return [line for block in blocks for line in ("", *block)]


def _discrepancy(n: int, of: int, d: Discrepancy, report: FileReport, dates: set[str]) -> list[str]:
    label = "Accepted discrepancy" if d.accepted is not None else "Discrepancy"
    out = [f"#### {label} {n} of {of}: {', '.join(code(i) for i in d.ids)}", "", prose(d.explanation)]
    if d.accepted is not None:
        out += ["", f"Accepted: {escape(d.accepted)}"]
    out += ["", "| claim | value as written | where | line |", "|---|---|---|---|"]
    for m in d.members:
        out.append(f"| {code(m.id)} | {escape(m.written)} | {escape(standing(m))} | {escape(line_of(m))} |")
    repairs = [r for r in report.repairs if set(r.ids) & set(d.ids)]
    if repairs:
        out += ["", "Repairs: " + " · ".join(f"drop {', '.join(code(i) for i in r.ids)}" for r in repairs)]
    return out


def _repair_text(repair: Repair, dates: set[str]) -> str:
    needs = repair_needs(repair, dates)
    head = f"drop {', '.join(code(i) for i in repair.ids)} (weight {weight_text(repair)})"
    return head + (f": {escape(needs)}" if needs else "")


def _problem_item(problem: Problem) -> str:
    where = f" {escape(str(problem.position))}" if problem.position is not None else ""
    hint = f" (hint: {prose(problem.hint)})" if problem.hint else ""
    return f"- {code(problem.code)}{where}: {prose(problem.message)}{hint}"


def _details(summary: str, lines: list[str]) -> list[str]:
    """A folded block; `summary` is our own words (HTML context), never user text."""
    return ["<details>", f"<summary>{summary}</summary>", "", *lines, "", "</details>"]
