"""The terminal report: per file a status line, one block per cause of discrepancy (what
shares the cause folded into it), the repairs as changes, open questions, warnings and
errors as `file:line:col: code: message`, and a summary. Every string that came from a claim
file or a draft is shown with its controls and escapes written out (words.visible).
"""

from __future__ import annotations

from fractions import Fraction

from ..findings import CheckResult, Discrepancy, FileReport, Member
from ..interval import Interval
from .. import readable
from ..problems import Problem
from . import RenderOptions
from .words import (
    causes,
    count,
    fix_here,
    folded,
    folded_text,
    open_question,
    repairs_in_words,
    restatements,
    visible as v,
)

# ANSI styles; only used when RenderOptions.color says the reader has a colour terminal.
_STYLES = {
    "ok": "\033[32m",
    "bad": "\033[31m",
    "warn": "\033[33m",
    "bold": "\033[1m",
    "dim": "\033[2m",
}
_RESET = "\033[0m"
VALUE_COLUMN = 20  # widest value the member lines pad to


def render(result: CheckResult, options: RenderOptions) -> str:
    """The whole run as plain text (ANSI colour only when options.color)."""
    paint = _Painter(options.color)
    lines: list[str] = []
    for report in result.files:
        lines += _file_block(report, paint, options)
        lines.append("")
    lines.append(_summary(result, paint))
    return "\n".join(lines) + "\n"


class _Painter:
    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, text: str, style: str) -> str:
        return f"{_STYLES[style]}{text}{_RESET}" if self.enabled and text else text


def _file_block(report: FileReport, paint: _Painter, options: RenderOptions) -> list[str]:
    lines = [f"{paint(v(report.path), 'bold')}: {_status(report, paint)}"]
    if report.title:
        lines.append(f"  “{v(report.title)}”")
    lines += [f"  {paint('open question', 'bad')}: {v(open_question(q))}" for q in report.open_questions]
    lines += _discrepancies(report, paint)
    if report.more_discrepancies:
        lines.append(f"  … more discrepancies exist; the first {len(report.discrepancies)} are shown")
    repairs = repairs_in_words(report)
    if repairs:
        lines += ["", "  repairs, lightest first (any that change the model last):"]
        lines += [f"    {v(r)}" for r in repairs]
    for problems, style in ((report.errors, "bad"), (report.warnings, "warn")):
        lines += [line for problem in problems for line in _problem(problem, report.path, style, paint)]
    lines += [f"  note: {v(note)}" for note in report.notes]
    if options.show_ranges and report.quantities:
        lines.append("  derived ranges:")
        width = max(len(v(q.name)) for q in report.quantities)
        for q in report.quantities:
            unit = "" if q.is_date or q.unit in ("", "count", "percent", "usd", "gbp", "eur") else f" {v(q.unit)}"
            lines.append(f"    {v(q.name).ljust(width)}  {format_range(q.range, q.is_date, q.unit, q.values)}{unit}")
    return lines


def _status(report: FileReport, paint: _Painter) -> str:
    accepted = len(report.discrepancies) - len(report.open_discrepancies)
    extras = []
    if accepted:
        extras.append(count(accepted, "accepted discrepancy", "accepted discrepancies"))
    if report.warnings:
        extras.append(count(len(report.warnings), "warning"))
    tail = f" ({', '.join(extras)})" if extras else ""
    if report.status == "error":
        return paint(f"✗ cannot be checked: {count(len(report.errors), 'error')}", "bad")
    if report.status == "consistent":
        return paint("✓ consistent", "ok") + tail
    if report.status == "undecided" and not report.open_discrepancies:
        return paint(f"? undecided: {count(len(report.open_questions), 'open question')}", "bad") + tail
    open_count = len(report.open_discrepancies)
    heads = len(causes(report))
    label = count(open_count, "discrepancy", "discrepancies") if open_count else "inconsistent"
    if heads != open_count and open_count:
        label = f"{count(heads, 'cause')} of {label}"
    return paint(f"✗ {label}", "bad") + tail


def _discrepancies(report: FileReport, paint: _Painter) -> list[str]:
    """One block per cause; the discrepancies folded into it, one line each inside it."""
    hidden = folded(report)
    again = restatements(report)
    lines: list[str] = []
    for number, d in enumerate(report.discrepancies, 1):
        if number in hidden:
            continue
        lines += _discrepancy(number, d, paint)
        for k in again.get(number, []):
            other = report.discrepancies[k - 1]
            lines.append(f"    {paint(f'also discrepancy {k}', 'dim')}: {v(', '.join(other.ids))} — "
                         f"{v(folded_text(other, report))}")
        fix = fix_here(report, d) if d.accepted is None else ""
        if fix:
            lines.append(f"    fix: {v(fix)}")
    return lines


def _discrepancy(number: int, discrepancy: Discrepancy, paint: _Painter) -> list[str]:
    if discrepancy.accepted is None:
        head = paint(f"discrepancy {number}", "bad")
    else:
        head = paint(f"discrepancy {number}", "dim") + f" (accepted: {v(discrepancy.accepted)})"
    members = discrepancy.members
    lines = ["", f"  {head}: {v(', '.join(discrepancy.ids))}"]
    id_width = max((len(v(m.id)) for m in members), default=0)
    # Rules can be long: line up the short values and let a long one run on.
    value_width = min(VALUE_COLUMN, max((len(v(m.written)) for m in members), default=0))
    for member in members:
        where = paint(v(_provenance(member)), "dim")
        lines.append(f"    {v(member.id).ljust(id_width)}  {v(member.written).ljust(value_width)}  {where}".rstrip())
    lines.append(f"    why: {v(discrepancy.explanation)}")
    return lines


def _provenance(member: Member) -> str:
    """Where a member stands: its place in the article, who said it, its line in the file."""
    parts = [member.where or ("relation" if member.kind == "relation" else None), member.source]
    if member.position is not None:
        parts.append(f"{member.position.file}:{member.position.line}")
    return ", ".join(p for p in parts if p)


def format_range(interval: Interval, is_date: bool = False, unit: str | None = None,
                 values: tuple[Fraction, ...] | None = None) -> str:
    """An interval for a table: `372`, `[21.6, 24)`, `about [53.50%, 53.64%]`, `[2025-02-01, 2025-02-28]`;
    the few values it holds where they are known: `{26, 47, 48}`."""
    if values and not is_date:
        return readable.braced(values, unit)
    if is_date:
        return readable.days(interval, compact=True)
    return readable.bracket(interval, unit)


def _problem(problem: Problem, path: str, style: str, paint: _Painter) -> list[str]:
    where = str(problem.position) if problem.position is not None else path
    lines = [f"  {v(where)}: {paint(v(problem.code), style)}: {v(problem.message)}"]
    if problem.hint:
        lines.append(f"    hint: {v(problem.hint)}")
    return lines


def _summary(result: CheckResult, paint: _Painter) -> str:
    files = result.files
    by_status = {s: sum(1 for f in files if f.status == s)
                 for s in ("consistent", "inconsistent", "undecided", "error")}
    counts = [
        paint(f"{by_status['consistent']} consistent", "ok" if by_status["consistent"] else "dim"),
        paint(f"{by_status['inconsistent']} inconsistent", "bad" if by_status["inconsistent"] else "dim"),
    ]
    if by_status["undecided"]:
        counts.append(paint(f"{by_status['undecided']} undecided", "bad"))
    counts.append(paint(count(by_status["error"], "error"), "bad" if by_status["error"] else "dim"))
    discrepancies = sum(len(f.discrepancies) for f in files)
    accepted = discrepancies - sum(len(f.open_discrepancies) for f in files)
    heads = sum(len(causes(f)) for f in files)
    warnings = sum(len(f.warnings) for f in files)
    found = count(discrepancies, "discrepancy", "discrepancies")
    if heads != discrepancies - accepted:
        found = f"{count(heads, 'cause')} of {found}"
    if accepted:
        found += f" ({accepted} accepted)"
    found += ", " + count(warnings, "warning")
    if result.strict and warnings:
        found += " (failing: --strict)"
    return f"{count(len(files), 'file')} checked: {', '.join(counts)}; {found}"
