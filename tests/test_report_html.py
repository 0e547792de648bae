"""The HTML report, read as markup: self-contained, ordered, linked, escaped, deterministic.
(tests/test_html_browser.py looks at it in a real browser.)"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

import checker.report
from checker.digest import with_causes
from checker.findings import CheckResult
from checker.report import RenderOptions, renderer
from report_samples import (EXPLAIN_SUM, PARTIAL, error_report, hostile_report, parks_report, partial_report,
                            swap_report, swap_result)

VOID = {"meta", "br", "img", "input", "link", "hr"}


class Page(HTMLParser):
    """Tags in order, ids, links and text, checking that every element is closed in order."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(text)
        self.close()
        assert not self.stack, f"unclosed: {self.stack}"

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)

    def all(self, tag: str, css: str | None = None) -> list[dict]:
        return [a for t, a in self.tags if t == tag and (css is None or css in (a.get("class") or "").split())]

    @property
    def ids(self) -> list[str]:
        return [a["id"] for _, a in self.tags if a.get("id")]


def page(result: CheckResult) -> tuple[str, Page]:
    text = renderer("html")(result, RenderOptions())
    return text, Page(text)


def test_self_contained_and_accessible_frame():
    text, p = page(swap_result())
    assert text.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
    assert not re.search(r"<script|<link|<img|<iframe|@import|url\(|https?://", text)
    assert [t for t, _ in p.tags if t in ("header", "nav", "main", "footer")] == ["header", "nav", "main", "footer"]
    assert p.all("a")[0] == {"class": "skip", "href": "#main"}
    css = (Path(checker.report.__file__).parent / "html.css").read_text(encoding="utf-8")
    assert f"<style>\n{css}</style>" in text


def test_headings_descend_one_level_at_a_time():
    _, p = page(swap_result())
    levels = [int(t[1]) for t, _ in p.tags if re.fullmatch(r"h[1-6]", t)]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:]))


def test_ids_are_unique_and_every_link_lands():
    _, p = page(swap_result())
    assert len(set(p.ids)) == len(p.ids)
    targets = {a["href"][1:] for a in p.all("a") if a.get("href", "").startswith("#")}
    assert targets <= set(p.ids)


def test_summary_first_with_verdict_counts_and_lightest_repair():
    text, _ = page(swap_result())
    assert text.index('class="summary"') < text.index('id="d-1-1"')
    assert "<h1>Not consistent: 1 of 4 claim files has discrepancies</h1>" in text
    assert "✗ Fails: 3 open discrepancies, 1 accepted, 2 warnings." in text
    assert "<td>Change the caption&#x27;s 150 to 175.</td>" in text


def test_cards_hold_members_explanation_and_repairs():
    text, p = page(swap_result())
    cards = p.all("section", "discrepancy")
    assert [c["id"] for c in cards] == ["d-1-1", "d-1-2", "d-1-3", "d-2-1"]
    assert all(c["tabindex"] == "-1" and c["aria-labelledby"] == c["id"] + "-h" for c in cards)
    card = text.split('id="d-1-3"')[1].split("</section>")[0]
    assert '<h3 id="d-1-3-h">Discrepancy 3: caption, headline, moscow-wounded, parts</h3>' in card
    assert f'<p class="explanation">{EXPLAIN_SUM.replace(chr(39), "&#x27;")}</p>' in card
    assert ('<tr><th scope="row"><code>moscow-wounded</code></th><td class="value" data-label="value">22</td>'
            '<td data-label="where">body, Russian defence ministry</td>'
            '<td data-label="quote"><q>22 Ukrainians it described as seriously wounded</q></td>'
            '<td data-label="line">claims/prisoner-swap.yaml:35</td></tr>') in card
    assert '<p class="fix" id="d-1-3-fix"><strong>Fix:</strong> change the caption&#x27;s 150 to 175' in card
    repairs = text.split('id="f-1-repairs"')[1].split("</ul>")[0]
    assert ("<li>Or change the headline&#x27;s 372 to 322, <code>kyiv-ru</code>&#x27;s 175 to 150 and "
            "<code>moscow-ua</code>&#x27;s 175 to 150.</li>") in repairs
    accepted = text.split('id="d-2-1"')[1].split("</section>")[0]
    assert "Accepted after review:</strong> spoiled ballots" in accepted
    assert cards[3]["class"] == "discrepancy accepted"


@pytest.mark.parametrize(
    ("figure", "verdict", "href"),
    [
        ("150", "conflict", "#d-1-1"),  # the caption: in discrepancies 1 to 3
        ("372", "conflict", "#d-1-3"),  # the headline
        ("175", "conflict", "#d-1-1"),  # Moscow's count
        ("hundreds", "uncovered", "#w-1-2"),  # links to its warning
    ],
)
def test_draft_figures_are_marked_and_linked(figure, verdict, href):
    text, _ = page(swap_result())
    draft = text.split('<div class="draft-text">')[1].split("</div>")[0]
    pattern = rf'<a class="fig fig-{verdict}" title="[^"]*" href="{href}">{figure}<span class="vh"> \('
    assert re.search(pattern, draft)


def test_fine_figures_link_to_their_quote_and_the_legend_names_every_mark():
    text, p = page(swap_result())
    fine = p.all("a", "fig-fine")
    assert [a["title"] for a in fine] == ["consistent: claim lede"]
    target = fine[0]["href"][1:]
    assert re.search(rf'<li id="{target}" tabindex="-1"><code>lede</code>', text)
    legend = text.split('<ul class="legend"')[1].split("</ul>")[0]
    for words in ("in a discrepancy", "in an accepted discrepancy", "checked and consistent", "no claim covers it"):
        assert words in legend
    assert "marked !" in legend and "dotted underline" in legend  # shapes, not colour alone
    assert "(not found in the draft)" in text  # the quote that is missing


def test_draft_text_survives_intact():
    text, p = page(CheckResult((swap_report(),)))
    shown = "".join(p.text)
    assert "since 2022 & <before>." in shown
    assert "&amp; &lt;before&gt;" in text


def test_errors_and_no_draft():
    text, _ = page(CheckResult((error_report(), swap_report(draft=False))))
    assert "<h3 id=\"f-1-errors-h\">Why it cannot be checked</h3>" in text
    assert 'class="draft"' not in text
    assert "<code>unreadable-value</code>" in text and "— hint: twelve" in text


def test_user_text_is_escaped_everywhere():
    text, p = page(CheckResult((hostile_report(),)))
    assert "<script>" not in text and "\x07" not in text
    assert [t for t, _ in p.tags].count("script") == 0
    assert 'title="in a discrepancy: claim odd, discrepancy 1"' in text


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize(
    ("ink", "paper"),
    [("ink", "paper"), ("muted", "paper"), ("muted", "panel"), ("link", "paper"), ("ink", "panel"),
     ("bad-ink", "bad-bg"), ("warn-ink", "warn-bg"), ("ok-ink", "ok-bg"), ("ink", "bad-bg"),
     ("ink", "warn-bg"), ("ink", "ok-bg"), ("ink", "none-bg"), ("none", "none-bg")],
)
def test_colours_meet_wcag_aa_contrast(ink, paper):
    css = (Path(checker.report.__file__).parent / "html.css").read_text(encoding="utf-8")
    colours = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-f]{6})", css))
    light, dark = sorted((_luminance(colours[ink]), _luminance(colours[paper])), reverse=True)
    assert (light + 0.05) / (dark + 0.05) >= 4.5


def test_same_input_same_bytes():
    assert renderer("html")(swap_result(), RenderOptions()) == renderer("html")(swap_result(), RenderOptions())


def test_real_result_of_the_pipeline():
    from report_samples import real_result

    text, p = page(real_result())
    assert "<h1>Not consistent: 1 of 4 claim files has discrepancies and 1 could not be checked</h1>" in text
    # the swap file's four discrepancies share one cause (the caption): one card
    assert [c["id"] for c in p.all("section", "discrepancy")] == ["d-1-1", "d-2-1"]
    first = text.split('id="d-1-1"')[1].split("</section>")[0]
    assert ("<li>Discrepancy 4: <code>caption</code>, <code>headline</code>, <code>parts</code>, <code>zelensky</code>"
            in first)
    assert len(set(p.ids)) == len(p.ids)
    assert {a["href"][1:] for a in p.all("a") if a.get("href", "").startswith("#")} <= set(p.ids)
    figures = {(a["class"], a["href"]) for a in p.all("a", "fig")}
    assert ("fig fig-conflict", "#d-1-1") in figures  # the caption's 150
    assert ("fig fig-uncovered", "#w-1-2") in figures  # "hundreds"
    assert any(cls == "fig fig-fine" for cls, _ in figures)  # the ferry's 3,000
    assert "the <code>all-votes</code> rule gives 6,020 + 4,480 = 10,500" in text


def test_one_card_per_cause_listing_the_discrepancies_that_share_it():
    text, p = page(CheckResult((parks_report(),)))
    assert [c["id"] for c in p.all("section", "discrepancy")] == ["d-1-1"]
    assert "d-1-2" not in p.ids and "d-1-3" not in p.ids
    card = text.split('id="d-1-1"')[1].split("</section>")[0]
    assert ('<li>Discrepancy 3: <code>approved</code>, <code>graphic-trees</code>, '
            '<code>lines</code>, <code>maintenance</code>, <code>playgrounds</code><span class="swap"> — '
            'as discrepancy 2, with <code>approved</code> in place of <code>headline</code></span></li></ul>') in card
    assert '<h4 id="d-1-1-same">2 more with the same cause</h4>' in card
    assert card.index('class="members"') < card.index("d-1-1-same") < card.index("d-1-1-fix")


def test_figures_of_a_folded_discrepancy_link_to_the_card_that_lists_it():
    text, p = page(CheckResult((parks_report(),)))
    marks = {a["title"]: a["href"] for a in p.all("a", "fig")}
    assert marks["in a discrepancy: claim approved, discrepancy 3"] == "#d-1-1"
    assert marks["in a discrepancy: claim headline, discrepancy 2"] == "#d-1-1"
    assert marks["in a discrepancy: claim maintenance, discrepancies 2, 3"] == "#d-1-1"
    assert marks["in a discrepancy: claim graphic-trees, discrepancies 1, 2, 3"] == "#d-1-1"
    assert '<code>approved</code>: <q>approved $1.2 million</q> <span class="where">(line 3)</span> — in ' \
           '<a href="#d-1-1">discrepancy 3</a>' in text
    assert {a["href"][1:] for a in p.all("a") if a.get("href", "").startswith("#")} <= set(p.ids)


def test_notes_and_a_capped_list_stand_under_the_file_summary():
    text, p = page(CheckResult((partial_report(),)))
    assert len(p.all("div", "notes")) == 1 and p.all("div", "notes")[0]["role"] == "note"
    notes = text.split('<div class="notes" role="note">')[1].split("</div>")[0]
    assert notes == ("<p><strong>Note:</strong> More discrepancies exist; the first 3 are listed.</p>"
                     f"<p><strong>Note:</strong> {PARTIAL.replace(chr(39), '&#x27;')}</p>")
    assert text.index('class="lightest"') < text.index('class="notes"') < text.index('id="d-1-1"')
    assert 'class="notes"' not in page(CheckResult((parks_report(),)))[0]


def test_a_restatement_of_an_accepted_discrepancy_keeps_its_card():
    report = parks_report()
    first, second, third = report.discrepancies
    plain = tuple(d._replace(cause=None) for d in (first, second._replace(accepted="reviewed"), third))
    text, p = page(CheckResult((report._replace(discrepancies=with_causes(plain)),)))
    # the accepted one keeps its card; the open restatement of it folds into the open cause
    assert [c["id"] for c in p.all("section", "discrepancy")] == ["d-1-1", "d-1-2"]
    assert {a["title"]: a["href"] for a in p.all("a", "fig")}["in a discrepancy: claim approved, discrepancy 3"] == "#d-1-1"
