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
    """`weight 2`; and, since repairs that drop a relation come after every claims-only
    repair whatever their weight, `weight 2; `lines` is a relation` for those."""
    rules = [f"`{m.id}`" for m in repair.drop if m.kind == "relation"]
    verb = "is a relation" if len(rules) == 1 else "are relations"
    return f"weight {format_number(repair.weight)}" + (f"; {', '.join(rules)} {verb}" if rules else "")


def caveats(report: FileReport) -> list[str]:
    """What a reader must know before trusting the list: a capped list, a partial result."""
    capped = [f"More discrepancies exist; the first {len(report.discrepancies)} are listed."]
    return (capped if report.more_discrepancies else []) + list(report.notes)


def folded(report: FileReport) -> dict[int, int]:
    """Discrepancy number -> the number of the earlier one it restates, for each open
    discrepancy that only swaps in other statements of an open discrepancy's figures
    (numbers from 1, as in every report). An accepted one, or one restating an accepted one,
    keeps a place of its own: folding must never hide an open clash inside a reviewed one."""
    hosts: dict[int, int] = {}
    for number, d in enumerate(report.discrepancies, 1):
        host = d.same_as
        if d.accepted is not None or host is None or not 1 <= host < number:
            continue
        host = hosts.get(host, host)  # same_as names the first of its kind; be safe anyway
        if report.discrepancies[host - 1].accepted is None:
            hosts[number] = host
    return hosts


def restatements(report: FileReport) -> dict[int, list[int]]:
    """Open discrepancy number -> the numbers of those folded into it, in order."""
    out: dict[int, list[int]] = {}
    for number, host in folded(report).items():
        out.setdefault(host, []).append(number)
    return out


def like_this_one(n: int) -> str:
    return f"{n} more like this one, through other statements of the same figures"


def swapped(d: Discrepancy, host: Discrepancy) -> str:
    """`` `approved` in place of `headline` ``: the statements a restatement uses instead of
    its original's, paired by the quantities they state where that pairing is clear."""
    new = [m for m in d.members if m.id not in host.ids]
    old = [m for m in host.members if m.id not in d.ids]
    pairs, unpaired = [], list(old)
    for m in new:
        partner = next((o for o in unpaired if o.quantities == m.quantities), None)
        if partner is None:
            break
        unpaired.remove(partner)
        pairs.append(f"`{m.id}` in place of `{partner.id}`")
    else:
        if not unpaired:
            return "; ".join(pairs)
    listed = [", ".join(f"`{m.id}`" for m in ms) or "nothing" for ms in (new, old)]
    return f"{listed[0]} in place of {listed[1]}"


def restates(d: Discrepancy, report: FileReport) -> str:
    """One sentence for a discrepancy with same_as: which one it restates, and how."""
    host_number = d.same_as or 0
    if not 1 <= host_number <= len(report.discrepancies):
        return ""
    host = report.discrepancies[host_number - 1]
    return (f"Restates discrepancy {host_number} ({', '.join(host.ids)}) through other statements of "
            f"the same figures: {swapped(d, host)}.")


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
    notes = caveats(report)
    if notes:
        # A quote block, so that a partial result stands out before the list it qualifies.
        out += ["", *"\n>\n".join(f"> **Note:** {prose(note)}" for note in notes).splitlines()]
    out += _discrepancies(report, dates)
    if report.repairs:
        out += ["", "**Repairs**, lightest first:", "", *(f"- {_repair_text(r, dates)}" for r in report.repairs)]
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
    """Open discrepancies (restatements folded into the one they restate), then accepted ones;
    each numbered as in every report, so "discrepancy 2" is the same clash everywhere."""
    out: list[str] = []
    numbered = list(enumerate(report.discrepancies, 1))
    hidden = folded(report)
    shown = [(n, d) for n, d in numbered if d.accepted is None and n not in hidden]
    blocks = [_discrepancy(n, d, report, dates) for n, d in shown]
    out += _stacked(blocks[:SHOWN_DISCREPANCIES])
    if len(blocks) > SHOWN_DISCREPANCIES:
        rest = [n for n, _ in shown[SHOWN_DISCREPANCIES:]]
        inside = len(rest) + sum(1 for host in hidden.values() if host in rest)
        more = count(inside, "more open discrepancy", "more open discrepancies")
        out += ["", *_details(more, _stacked(blocks[SHOWN_DISCREPANCIES:])[1:])]
    accepted = [(n, d) for n, d in numbered if d.accepted is not None]
    if accepted:
        blocks = [_discrepancy(n, d, report, dates) for n, d in accepted]
        summary = count(len(accepted), "accepted discrepancy", "accepted discrepancies")
        out += ["", *_details(summary, _stacked(blocks)[1:])]
    return out


def _stacked(blocks: list[list[str]]) -> list[str]:
    """Blocks of lines, each after a blank line."""
    return [line for block in blocks for line in ("", *block)]


def _discrepancy(n: int, d: Discrepancy, report: FileReport, dates: set[str]) -> list[str]:
    label = "Accepted discrepancy" if d.accepted is not None else "Discrepancy"
    out = [f"#### {label} {n} of {len(report.discrepancies)}: {', '.join(code(i) for i in d.ids)}", "",
           prose(d.explanation)]
    if d.accepted is not None:
        out += ["", f"Accepted: {escape(d.accepted)}"]
    if d.same_as is not None and d.accepted is not None:
        out += ["", prose(restates(d, report))]
    out += ["", "| claim | value as written | where | line |", "|---|---|---|---|"]
    for m in d.members:
        out.append(f"| {code(m.id)} | {escape(m.written)} | {escape(standing(m))} | {escape(line_of(m))} |")
    again = restatements(report).get(n, [])
    if again:
        items = [_restatement_item(k, report.discrepancies[k - 1], d) for k in again]
        out += ["", *_details(like_this_one(len(again)), items)]
    # Every repair resolves every discrepancy; the file lists them once. Here: what the
    # lightest one drops from this clash.
    here = [i for i in (report.repairs[0].ids if report.repairs else ()) if i in d.ids]
    if here:
        out += ["", f"The lightest repair drops {', '.join(code(i) for i in here)} here."]
    return out


def _restatement_item(n: int, d: Discrepancy, host: Discrepancy) -> str:
    return f"- Discrepancy {n}: {', '.join(code(i) for i in d.ids)} — {prose(swapped(d, host))}"


def _repair_text(repair: Repair, dates: set[str]) -> str:
    needs = repair_needs(repair, dates)
    head = f"drop {', '.join(code(i) for i in repair.ids)} ({prose(weight_text(repair))})"
    return head + (f": {escape(needs)}" if needs else "")


def _problem_item(problem: Problem) -> str:
    where = f" {escape(str(problem.position))}" if problem.position is not None else ""
    hint = f" (hint: {prose(problem.hint)})" if problem.hint else ""
    return f"- {code(problem.code)}{where}: {prose(problem.message)}{hint}"


def _details(summary: str, lines: list[str]) -> list[str]:
    """A folded block; `summary` is our own words (HTML context), never user text."""
    return ["<details>", f"<summary>{summary}</summary>", "", *lines, "", "</details>"]
