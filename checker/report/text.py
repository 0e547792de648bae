"""The terminal report: per file a status line, each discrepancy with its members and why,
the repairs, then warnings and errors as `file:line:col: code: message`, and a summary.
"""

from __future__ import annotations

import datetime
from fractions import Fraction

from ..findings import CheckResult, Discrepancy, FileReport, Member, Repair
from ..interval import Interval, format_number
from ..problems import Problem
from . import RenderOptions

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
    lines = [f"{paint(report.path, 'bold')}: {_status(report, paint)}"]
    if report.title:
        lines.append(f"  “{report.title}”")
    dates = {q.name for q in report.quantities if q.is_date}
    lines += _discrepancies(report.discrepancies, paint)
    if report.more_discrepancies:
        lines.append(f"  … more discrepancies exist; the first {len(report.discrepancies)} are shown")
    if report.repairs:
        lines += ["", "  repairs, lightest first (any that drop a relation last):"]
        lines += [f"    {line}" for repair in report.repairs for line in _repair(repair, dates, paint)]
    for problems, style in ((report.errors, "bad"), (report.warnings, "warn")):
        lines += [line for problem in problems for line in _problem(problem, report.path, style, paint)]
    lines += [f"  note: {note}" for note in report.notes]
    if options.show_ranges and report.quantities:
        lines.append("  derived ranges:")
        width = max(len(q.name) for q in report.quantities)
        for q in report.quantities:
            unit = "" if q.is_date or q.unit in ("", "count") else f" {q.unit}"
            lines.append(f"    {q.name.ljust(width)}  {format_range(q.range, q.is_date)}{unit}")
    return lines


def _status(report: FileReport, paint: _Painter) -> str:
    accepted = len(report.discrepancies) - len(report.open_discrepancies)
    extras = []
    if accepted:
        extras.append(_count(accepted, "accepted discrepancy", "accepted discrepancies"))
    if report.warnings:
        extras.append(_count(len(report.warnings), "warning"))
    tail = f" ({', '.join(extras)})" if extras else ""
    if report.status == "error":
        return paint(f"✗ cannot be checked: {_count(len(report.errors), 'error')}", "bad")
    if report.status == "consistent":
        return paint("✓ consistent", "ok") + tail
    open_count = len(report.open_discrepancies)
    label = _count(open_count, "discrepancy", "discrepancies") if open_count else "inconsistent"
    return paint(f"✗ {label}", "bad") + tail


def _discrepancies(discrepancies: tuple[Discrepancy, ...], paint: _Painter) -> list[str]:
    """Each discrepancy; one that shares its cause (group) with an earlier one lists only the
    members not shown yet, so restatements of the same figures do not repeat a whole table."""
    first_of_group: dict[tuple[str, ...], int] = {}
    shown: dict[tuple[str, ...], set[str]] = {}
    lines: list[str] = []
    for number, discrepancy in enumerate(discrepancies, 1):
        if discrepancy.same_as is not None and discrepancy.accepted is None:
            # The same clash through other statements of the same figures: one line is enough.
            if lines and not lines[-1].startswith("  discrepancy") and "as discrepancy" not in lines[-1]:
                lines.append("")
            lines.append(f"  {paint(f'discrepancy {number}', 'bad')}: {', '.join(discrepancy.ids)} "
                         f"(as discrepancy {discrepancy.same_as}, with other statements of the same figures)")
            continue
        group = discrepancy.group
        seen = shown.setdefault(group, set()) if group else set()
        if group and group in first_of_group:
            cause = f" (same cause as discrepancy {first_of_group[group]}: {', '.join(group)})"
        else:
            cause = ""
            if group:
                first_of_group[group] = number
        lines += _discrepancy(number, discrepancy, cause, [m for m in discrepancy.members if m.id not in seen], paint)
        seen.update(discrepancy.ids)
    return lines


def _discrepancy(number: int, discrepancy: Discrepancy, cause: str, members: list[Member],
                 paint: _Painter) -> list[str]:
    if discrepancy.accepted is None:
        head = paint(f"discrepancy {number}", "bad")
    else:
        head = paint(f"discrepancy {number}", "dim") + f" (accepted: {discrepancy.accepted})"
    lines = ["", f"  {head}: {', '.join(discrepancy.ids)}{cause}"]
    id_width = max((len(m.id) for m in members), default=0)
    # Rules can be long: line up the short values and let a long one run on.
    value_width = min(VALUE_COLUMN, max((len(m.written) for m in members), default=0))
    for member in members:
        where = paint(_provenance(member), "dim")
        lines.append(f"    {member.id.ljust(id_width)}  {member.written.ljust(value_width)}  {where}".rstrip())
    lines.append(f"    why: {discrepancy.explanation}")
    return lines


def _provenance(member: Member) -> str:
    """Where a member stands: its place in the article, who said it, its line in the file."""
    parts = [member.where or ("relation" if member.kind == "relation" else None), member.source]
    if member.position is not None:
        parts.append(f"{member.position.file}:{member.position.line}")
    return ", ".join(p for p in parts if p)


def _repair(repair: Repair, dates: set[str], paint: _Painter) -> list[str]:
    """One line for a single dropped claim; for several, a line for what each would need."""
    rules = [m.id for m in repair.drop if m.kind == "relation"]
    # Repairs that drop one of the fact-checker's own relations come after every repair
    # that drops claims only, whatever their weight: say so, or the order looks wrong.
    also = f"; {', '.join(rules)} {'is a relation' if len(rules) == 1 else 'are relations'}" if rules else ""
    head = f"drop {paint(', '.join(repair.ids), 'bold')} (weight {format_number(repair.weight)}{also})"
    needs = {
        claim_id: ", ".join(_need(name, interval, name in dates) for name, interval in ranges.items())
        for claim_id, ranges in sorted(repair.would_fit.items())
    }
    needs = {claim_id: need for claim_id, need in needs.items() if need}
    if len(repair.drop) == 1:
        return [head + "".join(f": it would need {need}" for need in needs.values())]
    return [head + (":" if needs else "")] + [f"  {cid} would need {need}" for cid, need in needs.items()]


def _need(name: str, interval: Interval, is_date: bool) -> str:
    """`ua_freed = 175`, `exchanged > 300`, `share in [21.6, 24)`: the range a value would need."""
    if is_date:
        interval = interval.integers()
    if interval.is_empty():
        return f"{name}: no value at all"
    if interval.is_point():
        return f"{name} = {_bound(interval.lo, is_date)}"  # type: ignore[arg-type]
    if interval.lo is None and interval.hi is None:
        return f"{name}: any value"
    if interval.hi is None:
        return f"{name} {'>' if interval.lo_open else '≥'} {_bound(interval.lo, is_date)}"  # type: ignore[arg-type]
    if interval.lo is None:
        return f"{name} {'<' if interval.hi_open else '≤'} {_bound(interval.hi, is_date)}"
    return f"{name} in {format_range(interval, is_date)}"


def format_range(interval: Interval, is_date: bool = False) -> str:
    """An interval for people: `372`, `[21.6, 24)`, `[2025-02-01, 2025-02-28]`."""
    if not is_date:
        return str(interval)
    days = interval.integers()
    if days.is_empty():
        return "∅"
    if days.is_point():
        return _bound(days.lo, True)  # type: ignore[arg-type]
    lo = "−∞" if days.lo is None else _bound(days.lo, True)
    hi = "∞" if days.hi is None else _bound(days.hi, True)
    return f"[{lo}, {hi}]"


def _bound(value: Fraction, is_date: bool) -> str:
    if is_date and 1 <= value <= datetime.date.max.toordinal():
        return datetime.date.fromordinal(int(value)).isoformat()
    return format_number(value)


def _problem(problem: Problem, path: str, style: str, paint: _Painter) -> list[str]:
    where = str(problem.position) if problem.position is not None else path
    lines = [f"  {where}: {paint(problem.code, style)}: {problem.message}"]
    if problem.hint:
        lines.append(f"    hint: {problem.hint}")
    return lines


def _summary(result: CheckResult, paint: _Painter) -> str:
    files = result.files
    by_status = {s: sum(1 for f in files if f.status == s) for s in ("consistent", "inconsistent", "error")}
    counts = [
        paint(f"{by_status['consistent']} consistent", "ok" if by_status["consistent"] else "dim"),
        paint(f"{by_status['inconsistent']} inconsistent", "bad" if by_status["inconsistent"] else "dim"),
        paint(_count(by_status["error"], "error"), "bad" if by_status["error"] else "dim"),
    ]
    discrepancies = sum(len(f.discrepancies) for f in files)
    accepted = discrepancies - sum(len(f.open_discrepancies) for f in files)
    warnings = sum(len(f.warnings) for f in files)
    found = _count(discrepancies, "discrepancy", "discrepancies")
    if accepted:
        found += f" ({accepted} accepted)"
    found += ", " + _count(warnings, "warning")
    if result.strict and warnings:
        found += " (failing: --strict)"
    return f"{_count(len(files), 'file')} checked: {', '.join(counts)}; {found}"


def _count(n: int, singular: str, plural: str | None = None) -> str:
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"
