"""The Markdown report: the verdict first, a table of files, each discrepancy's members, why,
and the repairs; long lists folded; user text inert."""

from __future__ import annotations

import re

import pytest

from checker.digest import with_causes
from checker.findings import CheckResult, Discrepancy
from checker.report import RenderOptions, renderer
from checker.report.markdown import escape
from report_samples import (EXPLAIN_SUM, MOSCOW_UA, PARTIAL, accepted_report, consistent_report,
                            error_report, hostile_report, parks_report, partial_report, swap_report,
                            swap_result)

render = renderer("markdown")


def md(result: CheckResult, **options) -> str:
    return render(result, RenderOptions(**options))


@pytest.mark.parametrize(
    ("files", "strict", "first_line"),
    [
        ((swap_report(), accepted_report(), consistent_report(), consistent_report("b.yaml")), False,
         "❌ **1 of 4 claim files has discrepancies** · 3 open discrepancies, 1 accepted, 2 warnings"),
        ((swap_report(), swap_report()), False, "❌ **2 of 2 claim files have discrepancies**"),
        ((consistent_report(), accepted_report()), False,
         "✅ **2 claim files checked, no open discrepancies** · 0 open discrepancies, 1 accepted, 0 warnings"),
        ((consistent_report(),), False, "✅ **1 claim file checked, no open discrepancies**"),
        ((error_report(), consistent_report()), False, "❌ **1 of 2 claim files could not be checked**"),
        ((swap_report(), error_report()), False, "❌ **1 of 2 claim files has discrepancies and 1 could not be checked**"),
        ((consistent_report()._replace(warnings=swap_report().warnings),), True,
         "❌ **1 of 1 claim file has warnings, which fail under --strict**"),
        ((consistent_report()._replace(warnings=swap_report().warnings),), False, "✅ **1 claim file checked"),
        ((), False, "✅ **no claim files to check**"),
    ],
)
def test_verdict_comes_first(files, strict, first_line):
    assert md(CheckResult(files, strict)).splitlines()[0].startswith(first_line)


def test_file_table_counts_accepted_apart_from_open():
    rows = [line for line in md(swap_result()).splitlines() if re.match(r"\| \S+ \| claims/", line)]
    assert rows == [
        "| ❌ | claims/prisoner-swap.yaml | inconsistent | 3 | 3 | 0 | 2 | 0 |",
        "| ☑️ | claims/referendum.yaml | inconsistent | 0 | 0 | 1 | 0 | 0 |",
        "| ✅ | claims/parks-budget.yaml | consistent | 0 | 0 | 0 | 0 | 0 |",
        "| ✅ | claims/protest.yaml | consistent | 0 | 0 | 0 | 0 | 0 |",
    ]


def test_each_discrepancy_has_members_explanation_and_repairs():
    text = md(swap_result())
    block = text.split("#### Discrepancy 3 of 3: `caption`, `headline`, `moscow-wounded`, `parts`")[1].split("####")[0]
    assert EXPLAIN_SUM in block
    assert "| `caption` | 150 | caption | claims/prisoner-swap.yaml:22 |" in block
    assert "| `moscow-wounded` | 22 | body, Russian defence ministry | claims/prisoner-swap.yaml:35 |" in block
    assert "| `parts` | exchanged = ua\\_freed + ru\\_freed + ua\\_wounded | relation | claims/prisoner-swap.yaml:18 |" in block
    assert "**Fix:** change the caption's 150 to 175." in block
    assert "**Lightest repair:** Change the caption's 150 to 175." in text
    assert ("- Or change the headline's 372 to 322, `kyiv-ru`'s 175 to 150 and `moscow-ua`'s 175 to 150."
            in text.split("**Repairs**, lightest first:")[1])


def test_warnings_ranges_and_accepted_fold_into_details():
    text = md(swap_result())
    assert re.search(r"<details>\n<summary>2 warnings</summary>\n\n- `quote-not-found` claims/prisoner-swap.yaml:40:12: "
                     r"the quote \"the nearly two dozen wounded men\" is not in the draft \(hint: ", text)
    assert "<summary>Derived ranges</summary>" in text and "| `swap_announced` | `2025-03-19` |  |" in text
    accepted = text.split("<summary>1 accepted discrepancy</summary>")[1].split("</details>")[0]
    assert "#### Accepted discrepancy 1 of 1: `all-votes`, `no-votes`, `turnout`, `yes-votes`" in accepted
    assert "Accepted: spoiled ballots count in the turnout" in accepted


def test_many_discrepancies_fold_after_the_first_three():
    many = tuple(Discrepancy((MOSCOW_UA,), f"clash number {n}") for n in range(1, 6))
    text = md(CheckResult((swap_report()._replace(discrepancies=many),)))
    shown, folded = text.split("<summary>2 more causes</summary>")
    assert [n for n in range(1, 6) if f"clash number {n}\n" in shown] == [1, 2, 3]
    assert [n for n in range(1, 6) if f"clash number {n}\n" in folded] == [4, 5]


def test_errors_are_listed_unfolded():
    text = md(CheckResult((error_report(),)))
    assert "### ⛔ claims/broken.yaml\n\n**Cannot be checked:**\n\n- `unknown-key` claims/broken.yaml:9:5:" in text
    assert "- `unreadable-value` claims/broken.yaml:11:12: cannot read \"twelveish\" as a figure (hint: twelve)" in text


def test_quiet_files_get_no_section_unless_ranges_are_asked_for():
    assert "### " not in md(CheckResult((consistent_report(),)))
    assert "| `parks_total` | `[$1,150,000, $1,250,000]` | usd |" in md(CheckResult((consistent_report(),)), show_ranges=True)


def test_user_text_is_inert():
    text = md(CheckResult((hostile_report(),)))
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "@someone" not in text and "@\u2060someone" in text  # nobody gets notified
    assert "\x07" not in text
    assert "\\*b\\*" in text and "\\`c\\`" in text
    for row in (line for line in text.splitlines() if line.startswith("| `odd`")):
        assert len(re.findall(r"(?<!\\)\|", row)) == 5  # the cells stay four
    assert "<summary>1 warning</summary>" in text  # summaries hold only our own words


def test_same_input_same_bytes():
    assert md(swap_result()) == md(swap_result())


def test_real_result_of_the_pipeline():
    from report_samples import real_result

    text = md(real_result())
    assert text.splitlines()[0] == ("❌ **1 of 4 claim files has discrepancies and 1 could not be checked** · "
                                    "1 cause of 4 open discrepancies, 1 accepted, 6 warnings, 1 error")
    assert "| ☑️ | referendum.yaml | inconsistent | 0 | 0 | 1 | 0 | 0 |" in text
    assert "| ⛔ | broken/typo.yaml | error | 0 | 0 | 0 | 0 | 1 |" in text
    assert "#### Discrepancy 1 of 4: `caption`, `moscow-ua`" in text
    assert "| `caption` | 150 | caption | swap.yaml:21 |" in text
    # all four share the caption as their cause: they fold under the first
    first = text.split("#### Discrepancy 1 of 4: `caption`, `moscow-ua`")[1].split("####")[0]
    assert "<summary>3 more with the same cause</summary>" in first
    assert ("- Discrepancy 4: `caption`, `headline`, `parts`, `zelensky` — as discrepancy 3, with `zelensky` in place "
            "of `wounded`") in first
    assert "#### Discrepancy 3" not in text and "#### Discrepancy 4" not in text
    # figcheck's own `names` stay code spans; user text around them is escaped
    assert "6,020 for yes (`yes-votes`)" in text and "the `all-votes` rule gives" in text
    assert "- `unknown-key` broken/typo.yaml:5:49: unknown key `wher` in claim `headline`" in text


def test_discrepancies_of_one_cause_fold_under_its_first():
    text = md(CheckResult((parks_report(),)))
    assert "#### Discrepancy 2" not in text and "#### Discrepancy 3" not in text
    first = text.split("#### Discrepancy 1 of 3: ")[1]
    assert first.index("| `trees` |") < first.index("<details>") < first.index("**Fix:**")
    assert ("<details>\n<summary>2 more with the same cause</summary>\n\n"
            "- Discrepancy 2: `graphic-trees`, `headline`, `lines`, `maintenance`, `playgrounds` — ") in first
    assert ("- Discrepancy 3: `approved`, `graphic-trees`, `lines`, `maintenance`, `playgrounds` — "
            "as discrepancy 2, with `approved` in place of `headline`\n\n</details>") in first
    assert "| ❌ | claims/parks.yaml | inconsistent | 1 | 3 | 0 | 0 | 0 |" in text  # still counted


def test_folded_restatements_count_in_the_fold_of_their_original():
    report = parks_report()
    first, second, restated = report.discrepancies
    others = tuple(first._replace(explanation=f"clash {n}", group=(f"g{n}",)) for n in range(3))
    plain = (*others, second._replace(cause=None, group=("g",)), restated._replace(same_as=4, cause=None))
    text = md(CheckResult((report._replace(discrepancies=with_causes(plain)),)))
    folded = text.split("<summary>1 more cause</summary>")[1]
    assert "#### Discrepancy 4 of 5" in folded and "- Discrepancy 5: `approved`" in folded


@pytest.mark.parametrize("accepted", ["original", "restatement"])
def test_accepted_discrepancies_never_fold(accepted):
    report = parks_report()
    first, second, third = report.discrepancies
    if accepted == "original":
        second = second._replace(accepted="reviewed")
    else:
        third = third._replace(accepted="reviewed")
    plain = tuple(d._replace(cause=None) for d in (first, second, third))
    text = md(CheckResult((report._replace(discrepancies=with_causes(plain)),)))
    # the accepted one keeps a block of its own; an open one folds only into an open one
    assert f"#### Accepted discrepancy {2 if accepted == 'original' else 3} of 3" in text
    if accepted == "restatement":
        assert ("Restates discrepancy 2 (graphic-trees, headline, lines, maintenance, playgrounds) through other "
                "statements of the same figures: `approved` in place of `headline`.") in text


def test_notes_and_a_capped_list_stand_under_the_file_summary():
    text = md(CheckResult((partial_report(),)))
    section = text.split("### ❌ claims/parks.yaml")[1]
    notes = section.split("**Lightest repair:**")[1].split("#### Discrepancy 1")[0]
    assert notes.strip().splitlines()[2:] == [
        "> **Note:** More discrepancies exist; the first 3 are listed.",
        ">",
        f"> **Note:** {PARTIAL}",
    ]
    assert text.count(PARTIAL) == 1


# Rendered by a real CommonMark renderer (with GitHub's tables), user text reads back exactly
# as written: nothing misread, and no backslash a reader would see.
@pytest.mark.parametrize("text", [
    "56.3 per cent", "1. first", "1) first", "- a dash", "+ plus", "* star", "# not a heading", "> not a quote",
    "=== not an underline", "a_b_c and *stars* and __dunder__", "`ticks` and ``double``", "[x](http://e.example)",
    "![img](http://e.example/i.png)", "<b>bold</b> & &amp; &#65;", "a | b | c", "~~struck~~", "back\\slash \\*",
    "price: $1.57 (est.)", "100% #1 {braces} !bang", "2025-03-19: a date", "http://e.example/x_y_z",
])
def test_escaped_text_reads_back_as_written(text):
    from markdown_it import MarkdownIt

    renderer_ = MarkdownIt("commonmark").enable("table")
    import html as html_

    def shown(markdown: str) -> str:
        rendered = renderer_.render(markdown)
        return html_.unescape(re.sub(r"<[^>]+>", "", rendered)).strip()

    assert shown(escape(text)) == text
    cell = re.search(r"<td>(.*?)</td>", renderer_.render(f"| a |\n|---|\n| {escape(text)} |"), re.S)[1]
    assert html_.unescape(re.sub(r"<[^>]+>", "", cell)).strip() == text
    tokens = renderer_.parse(escape(text))
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]
    assert {c.type for c in tokens[1].children} == {"text"}


def test_no_backslash_before_a_figure():
    assert escape("56.3 per cent") == "56.3 per cent"
    assert "\\5" not in md(CheckResult((swap_report()._replace(title="56.3 per cent"),)))
