"""Every string from a claim file or a draft is inert in every format: one hostile string in
every field of a report, and in a claim file run through the checker, and each format parsed
with a parser of its kind where there is one (CommonMark, HTML, XML, JSON)."""

from __future__ import annotations

import html.parser
import json
import re
import xml.etree.ElementTree as ET
from fractions import Fraction
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from checker.check import CheckOptions, check_paths
from checker.findings import (
    CheckResult,
    Discrepancy,
    DraftFigure,
    DraftView,
    FileReport,
    Member,
    OpenQuestion,
    QuantityRange,
    QuoteLocation,
    Repair,
)
from checker.interval import Interval
from checker.positions import Position
from checker.problems import Problem
from checker.report import FORMATS, RenderOptions, renderer

# A terminal title and screen clear, a bidi override, markup of every kind, line starts,
# workflow commands and their escapes, XML-invalid characters and a CDATA end.
HOSTILE = ("h\x1b]0;pwned\x07\x1b[2J\u202eevil<img src=http://evil.example/x.png onerror=alert(1)>\r\n"
           "# Heading\n- item\n1. one\n::error::boom %0A%25 <script>alert(1)</script> "
           "[link](http://evil.example) ![i](http://evil.example/i.png) `tick` | pipe &amp; & @someone "
           "\x00\x0b\x7f\x85\u2028 ]]> <!-- x --> *em* _u_ ~s~ \u2066iso\u2069")
# What no human-facing output may carry raw (a newline only where the format puts one).
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
MARKERS = ("<img", "<script", "<!--")


def hostile_result() -> CheckResult:
    h = HOSTILE
    at = Position(f"claims/{h}.yaml", 3, 7)
    claim = Member(f"c{h}", "claim", h, at, where=h, source=h, quote=h, quantities=(f"q{h}",))
    rule = Member(f"r{h}", "relation", h, at)
    other = Member(f"o{h}", "claim", h, at, where="headline", quantities=(f"q{h}",))
    first = Discrepancy((claim, rule), h, None, group=(claim.id,))
    second = Discrepancy((claim, other), h, None, group=(claim.id,), same_as=1, cause=1)
    accepted = Discrepancy((rule, other), h, h)
    text = f"{h} 1 {h}"
    one = text.index(" 1 ") + 1
    draft = DraftView(f"claims/{h}.txt", text, (QuoteLocation(claim.id, h, Position("d", 1, 1), 0, 3),),
                      (DraftFigure("1", Position(f"claims/{h}.txt", 1, one + 1), one, one + 1, (claim.id,)),
                       DraftFigure(h[:3], Position(f"claims/{h}.txt", 1, 1), 0, 3, ())))
    inconsistent = FileReport(
        path=f"claims/{h}.yaml", status="inconsistent", title=h,
        quantities=(QuantityRange(f"q{h}", h, Interval.closed(1, Fraction(800, 59))),),
        discrepancies=(first, second, accepted),
        repairs=(Repair((claim,), Fraction(1), {claim.id: {f"q{h}": Interval.point(2)}}),
                 Repair((rule, other), Fraction(2), {other.id: {f"q{h}": Interval.closed(1, 3)}})),
        warnings=(Problem(f"w{h}", h, at, h), Problem("uncovered-figure", h, Position(f"claims/{h}.txt", 1, 1), h)),
        notes=(h,), draft=draft,
    )
    undecided = FileReport(path=f"u{h}.yaml", status="undecided", title=h,
                           open_questions=(OpenQuestion((claim, rule), h, h),))
    broken = FileReport(path=f"b{h}.yaml", status="error", errors=(Problem(f"e{h}", h, at, h),))
    return CheckResult((inconsistent, undecided, broken), strict=True)


def hostile_claim_files(tmp_path: Path) -> CheckResult:
    """The same string, through YAML escapes, in every text a claim file holds: one file that
    checks (title, unit, about, source, quote, draft, vocabulary word), one that cannot
    (where, value, rule)."""
    y = json.dumps(HOSTILE)  # a JSON string is a YAML double-quoted scalar
    (tmp_path / "draft.txt").write_text(f"{HOSTILE} says 40 people came, 50 by another count.\n")
    (tmp_path / "good.yaml").write_text(f"""version: 1
article:
  title: {y}
  draft: draft.txt
quantities:
  people: {{unit: {y}, about: {y}}}
  other: {{unit: {y}}}
relations:
  - {{id: rel, rule: "people = other"}}
claims:
  - {{id: a, where: body, source: {y}, quote: {y}, quantity: people, value: "40"}}
  - {{id: b, where: body, source: {y}, quote: {y}, quantity: other, value: "50"}}
""")
    (tmp_path / "bad.yaml").write_text(f"""version: 1
vocabulary:
  words: {{{y}: {{min: 1, max: 2}}}}
quantities:
  people: {{unit: people}}
relations:
  - {{id: rel, rule: {y}}}
claims:
  - {{id: a, where: {y}, quantity: people, value: {json.dumps(HOSTILE[:150])}}}
""")
    return check_paths([str(tmp_path / "good.yaml"), str(tmp_path / "bad.yaml")], CheckOptions())


class _Tags(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_data(self, data):
        self.text.append(data)

    def handle_comment(self, data):
        raise AssertionError(f"a comment got through: {data!r}")


def _inert(name: str, out: str) -> None:
    if name == "json":
        json.loads(out)  # data for scripts: valid JSON is all its syntax asks
        return
    assert not RAW.search(out), (name, RAW.search(out))
    if name == "text":
        return
    if name == "markdown":
        md = MarkdownIt("commonmark").enable("table")
        tokens = md.parse(out)
        flat = [t for tok in tokens for t in (tok, *(tok.children or ()))]
        kinds = {t.type for t in flat}
        assert not kinds & {"image", "link_open", "html_inline", "code_block", "fence", "hr"}, kinds
        ours = re.compile(r"^(</?details>|<summary>[^<>]*</summary>)$")
        for t in flat:
            if t.type == "html_block":
                assert all(ours.match(line) for line in t.content.strip().splitlines()), t.content
        rendered = md.render(out)
        assert not any(m in rendered for m in MARKERS), name
        headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
        assert all(re.match(r"^([❌✅❓⛔☑️]+ |(Accepted d|D)iscrepancy \d)", h) for h in headings), headings
        assert "ordered_list_open" not in kinds
        return
    if name == "html":
        parser = _Tags()
        parser.feed(out)
        tags = {t for t, _ in parser.tags}
        assert not tags & {"img", "script", "iframe", "object"}, tags
        assert not any(a.startswith("on") for _, attrs in parser.tags for a, _ in attrs)
        return
    if name in ("sarif", "gitlab"):
        json.loads(out)
        return
    if name == "junit":
        ET.fromstring(out)
        return
    if name == "github":
        lines = out.splitlines()
        command = re.compile(r"^::(error|warning|notice) file=[^,:]*,line=\d+,col=\d+,title=[^:]*::[^\r\n]*$")
        assert all(command.match(line) for line in lines[:-1]), lines
        assert not lines[-1].startswith("::")
        return
    raise AssertionError(f"no check for format {name}")


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_field_of_a_report_is_inert(name: str) -> None:
    result = hostile_result()
    for options in (RenderOptions(), RenderOptions(show_ranges=True, color=True)):
        out = renderer(name)(result, options)
        if name == "text" and options.color:
            out = re.sub(r"\x1b\[\d+m", "", out)  # our own colours, nothing else
        _inert(name, out)


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_a_hostile_claim_file_checks_into_inert_reports(name: str, tmp_path: Path) -> None:
    result = hostile_claim_files(tmp_path)
    assert [f.status for f in result.files] == ["inconsistent", "error"]
    _inert(name, renderer(name)(result, RenderOptions(show_ranges=True)))


def test_github_escapes_data_and_properties_by_its_rules() -> None:
    from checker.report.github import escape_data, escape_property

    assert escape_data("a%b\r\nc::d") == "a%25b%0D%0Ac::d"
    assert escape_property("x:y,z%\n") == "x%3Ay%2Cz%25%0A"
    assert escape_data("\x1b[2J\u202e") == "\\x1b[2J\\u202e"


def test_text_shows_what_it_escaped() -> None:
    out = renderer("text")(hostile_result(), RenderOptions())
    assert "h\\x1b]0;pwned\\x07\\x1b[2J\\u202eevil" in out
    assert "\\x0d\\x0a# Heading" in out
