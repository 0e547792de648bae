"""The pull-request comment: GitHub-flavoured Markdown, a one-line verdict first.

The words are shared with every human-facing format (report/words.py); here they are laid
out as Markdown, and every piece of user text is escaped for exactly what CommonMark and
GitHub would misread in it.
"""

from __future__ import annotations

import re

from ..findings import CheckResult, Discrepancy, FileReport
from ..problems import Problem
from . import RenderOptions
from .words import (
    caveats,
    causes,
    count,
    fix_here,
    folded,
    folded_text,
    line_of,
    like_this_one,
    open_question,
    repairs_in_words,
    restatements,
    restates,
    standing,
    tallies,
    verdict,
    visible,
)
from .text import format_range

# Past this many discrepancies in a file, the rest fold away under <details>.
SHOWN_DISCREPANCIES = 3


# -- Markdown ---------------------------------------------------------------------------
# What CommonMark and GitHub would read as markup anywhere in a line: emphasis, code, links
# and images, table cells, strikethrough, HTML and entities. Other punctuation stays as it is,
# so a reader never sees a stray backslash.
_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# At the start of a line: a heading, a list item or a setext underline.
_BULLET = re.compile(r"^([#=]|[-+*](?=\s|$))")
_ORDERED = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")


def escape(text: str) -> str:
    """User text made inert: no emphasis, links, HTML, table breaks, @-mentions or new lines
    (controls and line breaks are written out as escapes, see words.visible)."""
    text = _SPECIAL.sub(r"\\\1", visible(text))
    text = "".join(_ENTITIES.get(c, c) for c in text)
    # A word joiner after @ keeps GitHub from notifying whoever a quoted handle names.
    text = text.replace("@", "@\u2060")
    return _ORDERED.sub(r"\1\\\2", _BULLET.sub(r"\\\1", text))


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
    """An identifier as a code span (table-safe); escaped text when it holds a backtick or
    anything a code span would show raw (controls, line breaks)."""
    if "`" in text or visible(text) != text or text != text.strip() or not text:
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


_STATUS_MARK = {"consistent": "✅", "inconsistent": "❌", "undecided": "❓", "error": "⛔"}


def _mark(report: FileReport) -> str:
    if report.status == "inconsistent" and not report.open_discrepancies:
        return "☑️"  # every discrepancy accepted after review
    return _STATUS_MARK.get(report.status, "")


def _file_table(files: tuple[FileReport, ...]) -> list[str]:
    rows = ["| | claim file | status | causes | open | accepted | warnings | errors |",
            "|---|---|---|---:|---:|---:|---:|---:|"]
    for f in files:
        mark = _mark(f)
        accepted = len(f.discrepancies) - len(f.open_discrepancies)
        rows.append(
            f"| {mark} | {escape(f.path)} | {f.status} | {len(causes(f))} | {len(f.open_discrepancies)} | {accepted} "
            f"| {len(f.warnings)} | {len(f.errors)} |"
        )
    return rows


def _worth_a_section(report: FileReport, options: RenderOptions) -> bool:
    return bool(report.discrepancies or report.errors or report.warnings or report.notes
                or report.open_questions or options.show_ranges)


def _file_section(report: FileReport, options: RenderOptions) -> list[str]:
    out = [f"### {_mark(report)} {escape(report.path)}".replace("  ", " ")]
    if report.title:
        out += ["", f"*{escape(report.title)}*"]
    if report.errors:
        out += ["", "**Cannot be checked:**", "", *(_problem_item(p) for p in report.errors)]
    if report.open_questions:
        out += ["", "**Undecided:** not consistent until these questions are settled.", "",
                *(f"- {prose(open_question(q))}" for q in report.open_questions)]
    repairs = repairs_in_words(report)
    if repairs and report.open_discrepancies:
        out += ["", f"**Lightest repair:** {prose(repairs[0])}"]
    notes = caveats(report)
    if notes:
        # A quote block, so that a partial result stands out before the list it qualifies.
        out += ["", *"\n>\n".join(f"> **Note:** {prose(note)}" for note in notes).splitlines()]
    out += _discrepancies(report)
    if repairs:
        out += ["", "**Repairs**, lightest first:", "", *(f"- {prose(r)}" for r in repairs)]
    if report.warnings:
        items = [_problem_item(p) for p in report.warnings]
        out += ["", *_details(count(len(items), "warning"), items)]
    if report.quantities and (options.show_ranges or report.discrepancies):
        rows = ["| quantity | range | unit |", "|---|---|---|"]
        rows += [
            f"| {code(q.name)} | {code(format_range(q.range, q.is_date, q.unit, q.values))} | {escape('' if q.is_date else q.unit)} |"
            for q in report.quantities
        ]
        out += ["", *_details("Derived ranges", rows)]
    return out


def _discrepancies(report: FileReport) -> list[str]:
    """One block per cause (what shares it folded inside), then accepted ones; each numbered
    as in every report, so "discrepancy 2" is the same clash everywhere."""
    out: list[str] = []
    numbered = list(enumerate(report.discrepancies, 1))
    hidden = folded(report)
    shown = [(n, d) for n, d in numbered if d.accepted is None and n not in hidden]
    blocks = [_discrepancy(n, d, report) for n, d in shown]
    out += _stacked(blocks[:SHOWN_DISCREPANCIES])
    if len(blocks) > SHOWN_DISCREPANCIES:
        more = count(len(blocks) - SHOWN_DISCREPANCIES, "more cause", "more causes")
        out += ["", *_details(more, _stacked(blocks[SHOWN_DISCREPANCIES:])[1:])]
    accepted = [(n, d) for n, d in numbered if d.accepted is not None]
    if accepted:
        blocks = [_discrepancy(n, d, report) for n, d in accepted]
        summary = count(len(accepted), "accepted discrepancy", "accepted discrepancies")
        out += ["", *_details(summary, _stacked(blocks)[1:])]
    return out


def _stacked(blocks: list[list[str]]) -> list[str]:
    """Blocks of lines, each after a blank line."""
    return [line for block in blocks for line in ("", *block)]


def _discrepancy(n: int, d: Discrepancy, report: FileReport) -> list[str]:
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
        items = [_restatement_item(k, report.discrepancies[k - 1], report) for k in again]
        out += ["", *_details(like_this_one(len(again)), items)]
    fix = fix_here(report, d) if d.accepted is None else ""
    if fix:
        out += ["", f"**Fix:** {prose(fix)}."]
    return out


def _restatement_item(n: int, d: Discrepancy, report: FileReport) -> str:
    return f"- Discrepancy {n}: {', '.join(code(i) for i in d.ids)} — {prose(folded_text(d, report))}"


def _problem_item(problem: Problem) -> str:
    where = f" {escape(str(problem.position))}" if problem.position is not None else ""
    hint = f" (hint: {prose(problem.hint)})" if problem.hint else ""
    return f"- {code(problem.code)}{where}: {prose(problem.message)}{hint}"


def _details(summary: str, lines: list[str]) -> list[str]:
    """A folded block; `summary` is our own words (HTML context), never user text."""
    return ["<details>", f"<summary>{summary}</summary>", "", *lines, "", "</details>"]
