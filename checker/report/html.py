"""The editor's report: one self-contained HTML page, readable without training or scripts.

The summary comes first; each discrepancy is a card with the claims in conflict, where they
stand, the arithmetic in words and the repairs; the draft follows with every figure marked by
verdict and linked to its card or claim. Same input, same bytes: no clock, no randomness.
"""

from __future__ import annotations

import html
import importlib.resources
from typing import NamedTuple

from .. import __version__
from ..findings import CheckResult, Discrepancy, DraftFigure, DraftView, FileReport, Member
from ..positions import Position
from ..problems import Problem
from . import RenderOptions
from .markdown import code_spans
from .text import format_range
from .words import (
    caveats,
    causes,
    fix_here,
    folded_text,
    like_this_one,
    line_of,
    open_question,
    repairs_in_words,
    restatements,
    restates,
    standing,
    tallies,
    verdict,
    visible,
)

def e(text: str, keep_newlines: bool = False) -> str:
    """User text made inert for HTML, in content or in a quoted attribute: controls and bidi
    overrides written out, markup escaped (line breaks kept only for the draft's text)."""
    return html.escape(visible(text, keep_newlines), quote=True)


def prose(text: str) -> str:
    """figcheck's own sentence with its `names` as <code>, all of it escaped."""
    return "".join(f"<code>{e(piece)}</code>" if is_code else e(piece) for is_code, piece in code_spans(text))


class Card(NamedTuple):
    """A discrepancy with its number in the file and the id of its card, and the later
    discrepancies that only restate it (listed inside it, with no card of their own)."""

    id: str  # d-FILE-N, both counted from 1
    number: int
    discrepancy: Discrepancy
    restatements: tuple[tuple[int, Discrepancy], ...] = ()

    def numbers_with(self, claims: set[str]) -> list[int]:
        """The numbers of this card's discrepancies that involve any of `claims`."""
        own = [self.number] if claims & set(self.discrepancy.ids) else []
        return own + [n for n, d in self.restatements if claims & set(d.ids)]


class Mark(NamedTuple):
    """How a figure of the draft is shown: its verdict, its words, where it links."""

    verdict: str  # conflict, accepted, fine or uncovered (a CSS class and a legend entry)
    label: str  # words for screen readers and the tooltip
    href: str | None


# Legend: the class, what it means, and the shape that tells it apart without colour.
LEGEND = (
    ("conflict", "in a discrepancy", "solid box, wavy underline, marked !"),
    ("accepted", "in an accepted discrepancy", "dashed box, marked ~"),
    ("fine", "checked and consistent", "dotted underline"),
    ("uncovered", "no claim covers it", "double underline, marked ?"),
)


def render(result: CheckResult, options: RenderOptions) -> str:
    """The whole run as one HTML document with its stylesheet inline."""
    ok, sentence = verdict(result)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="figcheck {e(__version__)}">',
        f"<title>figcheck: {e(sentence)}</title>",
        f"<style>\n{_stylesheet()}</style>",
        "</head>",
        "<body>",
        '<a class="skip" href="#main">Skip to the report</a>',
        '<header class="banner"><p>figcheck report</p></header>',
        _nav(result),
        '<main id="main" tabindex="-1">',
        f"<h1>{'Consistent' if ok else 'Not consistent'}: {e(sentence)}</h1>",
        _summary(result, ok),
        *(_file(n, report, options) for n, report in enumerate(result.files, 1)),
        "</main>",
        f'<footer><p>Made by figcheck {e(__version__)}. Every figure was checked with exact arithmetic.</p></footer>',
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def _stylesheet() -> str:
    return importlib.resources.files("checker.report").joinpath("html.css").read_text(encoding="utf-8")


def _nav(result: CheckResult) -> str:
    items = "".join(f'<li><a href="#f-{n}">{e(f.path)}</a></li>' for n, f in enumerate(result.files, 1))
    return f'<nav aria-label="Claim files"><ul>{items}</ul></nav>'


# -- summary ----------------------------------------------------------------------------
_STATUS_WORDS = {"consistent": "consistent", "inconsistent": "discrepancies",
                 "undecided": "undecided: not known to be consistent", "error": "cannot be checked"}


def _status(report: FileReport) -> tuple[str, str]:
    """A CSS class and the words for a file's state (accepted-only counts as reviewed)."""
    if report.status == "inconsistent" and not report.open_discrepancies:
        return "reviewed", "reviewed: every discrepancy accepted"
    return report.status, _STATUS_WORDS.get(report.status, report.status)


def _summary(result: CheckResult, ok: bool) -> str:
    rows = []
    for n, report in enumerate(result.files, 1):
        css, words = _status(report)
        accepted = len(report.discrepancies) - len(report.open_discrepancies)
        first = _lightest(report)
        rows.append(
            f'<tr><th scope="row"><a href="#f-{n}">{e(report.path)}</a></th>'
            f'<td><span class="status status-{css}">{e(words)}</span></td>'
            f"<td>{len(causes(report))}</td><td>{len(report.open_discrepancies)}</td><td>{accepted}</td><td>{len(report.warnings)}</td>"
            f"<td>{len(report.errors)}</td><td>{first}</td></tr>"
        )
    return (
        '<section class="summary" aria-labelledby="summary-h">'
        '<h2 id="summary-h">Summary</h2>'
        f'<p class="verdict verdict-{"ok" if ok else "bad"}">{"✓ Passes" if ok else "✗ Fails"}: {e(tallies(result))}.</p>'
        '<table class="files"><caption>Claim files checked</caption><thead><tr>'
        '<th scope="col">claim file</th><th scope="col">state</th><th scope="col">causes</th><th scope="col">open</th>'
        '<th scope="col">accepted</th><th scope="col">warnings</th><th scope="col">errors</th>'
        '<th scope="col">lightest repair</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></section>"
    )


def _lightest(report: FileReport) -> str:
    if not (report.repairs and report.open_discrepancies):
        return "—"
    return prose(repairs_in_words(report)[0])


# -- one claim file ---------------------------------------------------------------------
def _file(n: int, report: FileReport, options: RenderOptions) -> str:
    css, words = _status(report)
    out = [
        f'<article class="file" id="f-{n}" aria-labelledby="f-{n}-h">',
        f'<h2 id="f-{n}-h">{e(report.path)} <span class="status status-{css}">{e(words)}</span></h2>',
    ]
    if report.title:
        out.append(f'<p class="title">Article: <q>{e(report.title)}</q></p>')
    if report.errors:
        out.append(_problems(f"f-{n}-errors", "Why it cannot be checked", "e", n, report.errors))
    if report.open_questions:
        items = "".join(f"<li>{prose(open_question(q))}</li>" for q in report.open_questions)
        out.append(f'<section class="undecided" aria-labelledby="f-{n}-open-h"><h3 id="f-{n}-open-h">'
                   f'Undecided: not known to be consistent</h3><ul>{items}</ul></section>')
    if report.repairs and report.open_discrepancies:
        out.append(f'<p class="lightest"><strong>Lightest repair:</strong> {_lightest(report)}</p>')
    notes = caveats(report)
    if notes:
        paragraphs = "".join(f"<p><strong>Note:</strong> {prose(note)}</p>" for note in notes)
        out.append(f'<div class="notes" role="note">{paragraphs}</div>')
    if report.status == "consistent" and not report.warnings:
        out.append('<p class="all-good">All claims agree.</p>')
    cards = _cards(n, report)
    out += [_card(card, report, n) for card in cards]
    if report.repairs:
        # Every repair resolves every discrepancy, so the list stands once, after the cards.
        items = "".join(f"<li>{prose(r)}</li>" for r in repairs_in_words(report))
        out.append(f'<section class="repairs" aria-labelledby="f-{n}-repairs-h"><h3 id="f-{n}-repairs-h">'
                   f'Repairs, lightest first</h3><ul class="repairs" id="f-{n}-repairs">{items}</ul></section>')
    if report.draft is not None:
        out.append(_draft(n, report, report.draft, cards))
    if report.warnings:
        out.append(_problems(f"f-{n}-warnings", "Warnings", "w", n, report.warnings))
    if report.quantities:
        out.append(_ranges(report))
    out.append("</article>")
    return "\n".join(out)


def _cards(n: int, report: FileReport) -> list[Card]:
    """A card for each cause: its first discrepancy, the others that share it inside."""
    again = restatements(report)
    hidden = {k for ks in again.values() for k in ks}
    return [
        Card(f"d-{n}-{k}", k, d, tuple((j, report.discrepancies[j - 1]) for j in again.get(k, ())))
        for k, d in enumerate(report.discrepancies, 1)
        if k not in hidden
    ]


def _card(card: Card, report: FileReport, n: int) -> str:
    card_id, k, d, again = card
    accepted = d.accepted is not None
    label = f"{'Accepted discrepancy' if accepted else 'Discrepancy'} {k}: {', '.join(d.ids)}"
    rows = "".join(_member_row(m) for m in d.members)
    fix = fix_here(report, d) if not accepted else ""
    out = [
        f'<section class="discrepancy{" accepted" if accepted else ""}" id="{card_id}" tabindex="-1" '
        f'aria-labelledby="{card_id}-h">',
        f'<h3 id="{card_id}-h">{e(label)}</h3>',
        f'<p class="explanation">{prose(d.explanation)}</p>',
    ]
    if accepted:
        out.append(f'<p class="accepted-reason"><strong>Accepted after review:</strong> {e(d.accepted or "")}</p>')
    if d.same_as is not None and accepted:
        out.append(f'<p class="restates">{prose(restates(d, report))}</p>')
    out.append(
        '<table class="members"><caption>Claims in conflict</caption><thead><tr>'
        '<th scope="col">claim</th><th scope="col">value as written</th><th scope="col">where it stands</th>'
        '<th scope="col">quote</th><th scope="col">in the claim file</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )
    if again:
        items = "".join(
            f"<li>Discrepancy {j}: {', '.join(f'<code>{e(i)}</code>' for i in other.ids)}"
            f'<span class="swap"> — {prose(folded_text(other, report))}</span></li>'
            for j, other in again
        )
        out.append(f'<h4 id="{card_id}-same">{e(like_this_one(len(again)))}</h4><ul class="restatements">{items}</ul>')
    if fix:
        out.append(f'<p class="fix" id="{card_id}-fix"><strong>Fix:</strong> {prose(fix)}; '
                   f'<a href="#f-{n}-repairs">other repairs</a>.</p>')
    out.append("</section>")
    return "\n".join(out)


def _member_row(m: Member) -> str:
    written = f"<code>{e(m.written)}</code>" if m.kind == "relation" else e(m.written)
    quote = f"<q>{e(m.quote)}</q>" if m.quote else ""
    # data-label names each cell where a narrow screen stacks the table's columns
    return (
        f'<tr><th scope="row"><code>{e(m.id)}</code></th><td class="value" data-label="value">{written}</td>'
        f'<td data-label="where">{e(standing(m))}</td><td data-label="quote">{quote}</td>'
        f'<td data-label="line">{e(line_of(m))}</td></tr>'
    )


def _problems(section_id: str, heading: str, prefix: str, n: int, problems: tuple[Problem, ...]) -> str:
    items = []
    for k, p in enumerate(problems, 1):
        where = f' <span class="where">{e(str(p.position))}</span>' if p.position is not None else ""
        hint = f' <span class="hint">— hint: {prose(p.hint)}</span>' if p.hint else ""
        items.append(f'<li id="{prefix}-{n}-{k}"><code>{e(p.code)}</code>{where}: {prose(p.message)}{hint}</li>')
    css = "errors" if prefix == "e" else "warnings"
    return (
        f'<section class="{css}" aria-labelledby="{section_id}-h"><h3 id="{section_id}-h">{e(heading)}</h3>'
        f'<ul>{"".join(items)}</ul></section>'
    )


def _ranges(report: FileReport) -> str:
    rows = "".join(
        f'<tr><th scope="row"><code>{e(q.name)}</code></th><td>{e(format_range(q.range, q.is_date, q.unit, q.values))}</td>'
        f"<td>{e('' if q.is_date else q.unit)}</td></tr>"
        for q in report.quantities
    )
    return (
        '<details class="ranges"><summary>Derived ranges of every quantity</summary>'
        '<table><thead><tr><th scope="col">quantity</th><th scope="col">range</th><th scope="col">unit</th>'
        f"</tr></thead><tbody>{rows}</tbody></table></details>"
    )


# -- the draft --------------------------------------------------------------------------
def _draft(n: int, report: FileReport, draft: DraftView, cards: list[Card]) -> str:
    quote_ids = {q.claim_id: f"c-{n}-{k}" for k, q in enumerate(draft.quotes, 1)}
    uncovered = {
        p.position: f"w-{n}-{k}" for k, p in enumerate(report.warnings, 1) if p.code == "uncovered-figure" and p.position
    }
    marks = [(f, _mark(f, cards, quote_ids, uncovered)) for f in draft.figures]
    out = [
        f'<section class="draft" aria-labelledby="f-{n}-draft-h">',
        f'<h3 id="f-{n}-draft-h">The draft, figure by figure: {e(draft.path)}</h3>',
        _legend(),
        f'<div class="draft-text">{_marked_text(draft.text, marks)}</div>',
    ]
    if draft.quotes:
        out.append(_quotes(n, draft, cards))
    out.append("</section>")
    return "\n".join(out)


def _legend() -> str:
    items = "".join(
        f'<li><span class="fig fig-{css}">123</span> {e(meaning)} <span class="shape">({e(shape)})</span></li>'
        for css, meaning, shape in LEGEND
    )
    return f'<ul class="legend" aria-label="What the marks on figures mean">{items}</ul>'


def _mark(
    figure: DraftFigure,
    cards: list[Card],
    quote_ids: dict[str, str],
    uncovered: dict[Position, str],
) -> Mark:
    claims = set(figure.claim_ids)
    if not claims:
        return Mark("uncovered", "no claim covers this figure", _anchor(uncovered.get(figure.position)))
    involved = [c for c in cards if c.numbers_with(claims)]
    open_ = [c for c in involved if c.discrepancy.accepted is None]
    who = ", ".join(figure.claim_ids)
    if open_:
        # a folded discrepancy is named by its number but links to the card that lists it
        numbers = sorted(k for c in open_ for k in c.numbers_with(claims))
        return Mark("conflict", f"in a discrepancy: claim {who}, {_numbered(numbers)}", f"#{open_[0].id}")
    if involved:
        return Mark("accepted", f"in an accepted discrepancy: claim {who}", f"#{involved[0].id}")
    first = next((quote_ids[c] for c in figure.claim_ids if c in quote_ids), None)
    return Mark("fine", f"consistent: claim {who}", _anchor(first))


def _anchor(element_id: str | None) -> str | None:
    return None if element_id is None else f"#{element_id}"


def _marked_text(text: str, marks: list[tuple[DraftFigure, Mark]]) -> str:
    """The draft with each figure wrapped in a link (or a mark when it has nowhere to go)."""
    out, cursor = [], 0
    for figure, mark in sorted(marks, key=lambda fm: fm[0].start):
        if figure.start < cursor or figure.end > len(text) or figure.end <= figure.start:
            continue  # overlapping or out of range: leave the text as it is
        out.append(e(text[cursor : figure.start], True))
        inner = f'{e(text[figure.start : figure.end])}<span class="vh"> ({e(mark.label)})</span>'
        attrs = f'class="fig fig-{mark.verdict}" title="{e(mark.label)}"'
        out.append(f'<a {attrs} href="{e(mark.href)}">{inner}</a>' if mark.href else f"<mark {attrs}>{inner}</mark>")
        cursor = figure.end
    out.append(e(text[cursor:], True))
    return "".join(out)


def _quotes(n: int, draft: DraftView, cards: list[Card]) -> str:
    items = []
    for k, q in enumerate(draft.quotes, 1):
        where = f"line {q.draft_position.line}" if q.draft_position is not None else "not found in the draft"
        links = [_card_link(c, c.numbers_with({q.claim_id})) for c in cards if c.numbers_with({q.claim_id})]
        tail = f" — in {', '.join(links)}" if links else ""
        items.append(
            f'<li id="c-{n}-{k}" tabindex="-1"><code>{e(q.claim_id)}</code>: <q>{e(q.quote)}</q> '
            f'<span class="where">({e(where)})</span>{tail}</li>'
        )
    return f'<h4 id="f-{n}-quotes-h">Claims quoted from the draft</h4><ul class="quotes">{"".join(items)}</ul>'


def _card_link(card: Card, numbers: list[int]) -> str:
    return f'<a href="#{card.id}">{_numbered(numbers)}</a>'


def _numbered(numbers: list[int]) -> str:
    """`discrepancy 1`, `discrepancies 2, 3, 5`."""
    return f"{'discrepancy' if len(numbers) == 1 else 'discrepancies'} {', '.join(map(str, numbers))}"
