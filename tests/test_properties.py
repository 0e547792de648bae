"""Properties of whole checks on generated claim files.

A file written from a hidden assignment is true, so it is never flagged; a second, different
figure for a quantity is a contradiction, so it is always found; and every conflict reported
is minimal: it is inconsistent, and dropping any one member makes the rest consistent.
"""

from __future__ import annotations

import math
import tempfile
from fractions import Fraction
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.check import CheckOptions, check_file

OPTIONS = CheckOptions()


@st.composite
def stories(draw):
    """(quantities, relations, claims) true of a hidden whole-number assignment."""
    n_parts = draw(st.integers(2, 4))
    parts = {f"p{i}": draw(st.integers(0, 5000)) for i in range(n_parts)}
    hidden = dict(parts)
    hidden["total"] = sum(parts.values())
    relations = [("sum", "total = " + " + ".join(parts))]
    # A share of a total of 0 is no share (docs/rules.md), so such a story is not true.
    if hidden["total"] > 0 and draw(st.booleans()):
        hidden["share"] = None  # a percentage of the total, not a whole number
        relations.append(("share-def", "share = pct(p0, total)"))
    claims = []
    for name, value in hidden.items():
        if value is None or not draw(st.booleans()) and name != "total":
            continue
        claims.append((f"c-{name}", name, draw(true_phrase(value))))
    if not claims:
        claims.append(("c-total", "total", str(hidden["total"])))
    return hidden, relations, claims


@st.composite
def true_phrase(draw, v: int):
    """A way a reporter might write v that is true of v."""
    kind = draw(st.sampled_from(["exact", "about", "more", "at least", "between", "nearly", "fewer"]))
    if kind == "exact":
        return f"{v:,}"
    if kind == "about":
        return f"about {v:,}"
    if kind == "more":
        return f"more than {max(v - draw(st.integers(1, 50)), 0):,}" if v > 0 else "at least 0"
    if kind == "at least":
        return f"at least {max(v - draw(st.integers(0, 50)), 0):,}"
    if kind == "between":
        lo = max(v - draw(st.integers(0, 40)), 0)
        return f"between {lo:,} and {v + draw(st.integers(0, 40)):,}"
    if kind == "nearly":
        return f"nearly {v + 1:,}" if v >= 9 else f"{v}"
    return f"fewer than {v + draw(st.integers(1, 40)):,}"


def write(hidden, relations, claims) -> str:
    lines = ["version: 1", "quantities:"]
    for name in hidden:
        unit = "percent" if name == "share" else "people"
        lines.append(f"  {name}: {{unit: {unit}}}")
    lines.append("relations:")
    lines += [f'  - {{id: {rid}, rule: "{rule}"}}' for rid, rule in relations]
    lines.append("claims:")
    for cid, name, value in claims:
        lines.append(f'  - {{id: {cid}, quantity: {name}, value: "{value}"}}')
    return "\n".join(lines) + "\n"


def run(text: str):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "claims.yaml"
        path.write_text(text)
        return check_file(path, "claims.yaml", OPTIONS)


FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(stories())
def test_a_true_story_is_never_flagged(story):
    report = run(write(*story))
    assert report.status == "consistent", (write(*story), report.discrepancies, report.errors)
    assert not report.notes


@FAST
@given(stories(), st.integers(1, 500))
def test_a_contradiction_is_always_found_and_every_conflict_is_minimal(story, off):
    hidden, relations, claims = story
    # An exact true figure beside a different one: a contradiction whatever else is claimed.
    claims = claims + [("c-exact", "total", f"{hidden['total']:,}")]
    wrong = ("c-wrong", "total", f"{hidden['total'] + off:,}")
    text = write(hidden, relations, claims + [wrong])
    report = run(text)
    assert report.status == "inconsistent", text
    assert report.repairs and report.discrepancies
    assert any("c-wrong" in d.ids for d in report.discrepancies)
    for d in report.discrepancies:
        members = set(d.ids)
        keep_rel = [r for r in relations if r[0] in members]
        keep_claims = [c for c in claims + [wrong] if c[0] in members]
        assert run(write(hidden, keep_rel, keep_claims)).status == "inconsistent", (text, d.ids)
        for m in members:
            rest_rel = [r for r in keep_rel if r[0] != m]
            rest_claims = [c for c in keep_claims if c[0] != m]
            assert run(write(hidden, rest_rel, rest_claims)).status == "consistent", (text, d.ids, m)


@FAST
@given(stories(), st.integers(1, 500))
def test_the_lightest_repair_restores_consistency(story, off):
    hidden, relations, claims = story
    claims = claims + [("c-exact", "total", f"{hidden['total']:,}")]
    wrong = ("c-wrong", "total", f"{hidden['total'] + off:,}")
    report = run(write(hidden, relations, claims + [wrong]))
    dropped = set(report.repairs[0].ids)
    rest = [c for c in claims + [wrong] if c[0] not in dropped]
    rels = [r for r in relations if r[0] not in dropped]
    assert run(write(hidden, rels, rest)).status == "consistent"
    assert sum(r.weight for r in report.repairs[:1]) == len(dropped)


# -- shares, means and products of unknown totals --------------------------------------------

def _one_decimal(x: Fraction) -> str:
    """x as a reporter prints it to one decimal place (halves up)."""
    tenths = math.floor(x * 10 + Fraction(1, 2))
    return f"{tenths // 10}.{tenths % 10}"


@st.composite
def ratio_stories(draw):
    """(text, claims) of a result true of hidden whole vote counts: every share printed to one
    decimal of an unreported total, some counts given, a mean score of n whole scores, and a
    payroll as staff times pay."""
    n = draw(st.integers(2, 4))
    votes = [draw(st.integers(1, 3000)) for _ in range(n)]
    total = sum(votes)
    names = [f"v{i}" for i in range(n)]
    lines = ["version: 1", "quantities:"]
    lines += [f"  {v}: {{unit: votes}}" for v in names]
    lines += [f"  s{i}: {{unit: percent}}" for i in range(n)]
    lines += ["  valid: {unit: votes, about: valid votes}", "  scores: {unit: points}",
              "  sample: {unit: people}", "  mean: {unit: points, integer: false}",
              "  staff: {unit: people}", "  pay: {unit: usd, integer: true}", "  payroll: {unit: usd}"]
    lines += ["relations:", f"  - {{id: total, rule: valid = {' + '.join(names)}}}"]
    lines += [f'  - {{id: s{i}-def, rule: "s{i} = pct(v{i}, valid)"}}' for i in range(n)]
    lines += ['  - {id: mean-def, rule: "mean = scores / sample"}', '  - {id: bill, rule: "payroll = staff * pay"}']
    claims = [(f"s{i}-c", f"s{i}", f"{_one_decimal(Fraction(100 * v, total))}%") for i, v in enumerate(votes)]
    for i, v in enumerate(votes):
        if draw(st.booleans()):
            claims.append((f"v{i}-c", f"v{i}", f"{v:,}"))
    sample = draw(st.integers(5, 60))
    scores = draw(st.integers(0, 5 * sample))
    mean = Fraction(scores, sample)
    hundredths = math.floor(mean * 100 + Fraction(1, 2))
    # the mean as printed to two places, written as the rounding range it stands for (how a
    # bare decimal is read is the value reader's business, not this test's)
    lo, hi = Fraction(2 * hundredths - 1, 200), Fraction(2 * hundredths + 1, 200)
    claims += [("sample-c", "sample", str(sample)),
               ("mean-c", None, f"{_decimal(lo)} <= mean < {_decimal(hi)}")]
    staff, pay = draw(st.integers(0, 40)), draw(st.integers(20000, 90000))
    claims += [("staff-c", "staff", str(staff)), ("pay-c", "pay", f"${pay:,}"),
               ("payroll-c", "payroll", f"${staff * pay:,}")]
    return lines, claims, votes


def _decimal(x: Fraction) -> str:
    thousandths = x * 1000
    assert thousandths.denominator == 1
    return f"{thousandths.numerator // 1000}.{thousandths.numerator % 1000:03d}"


def ratio_text(lines, claims) -> str:
    body = [f'  - {{id: {cid}, quantity: {q}, value: "{v}"}}' if q else f'  - {{id: {cid}, rule: "{v}"}}'
            for cid, q, v in claims]
    return "\n".join(lines + ["claims:"] + body) + "\n"


RATIOS = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@RATIOS
@given(ratio_stories())
def test_a_true_story_of_shares_means_and_products_is_decided_consistent(story):
    lines, claims, _ = story
    report = run(ratio_text(lines, claims))
    assert report.status == "consistent", (ratio_text(lines, claims), report.discrepancies)
    assert not report.open_questions


@RATIOS
@given(ratio_stories(), st.integers(2, 40))
def test_one_misprinted_share_is_always_found_and_every_repair_is_proved(story, off):
    lines, claims, votes = story
    # every count given, so the total is known and a share off by 0.2 points or more is wrong
    given_counts = [(f"v{i}-c", f"v{i}", f"{v:,}") for i, v in enumerate(votes)]
    claims = [c for c in claims if not c[0].startswith("v")] + given_counts
    share = Fraction(100 * votes[0], sum(votes))
    wrong = share + Fraction(off, 10) if share + Fraction(off, 10) <= 100 else share - Fraction(off, 10)
    claims = [c if c[0] != "s0-c" else ("s0-c", "s0", f"{_one_decimal(wrong)}%") for c in claims]
    text = ratio_text(lines, claims)
    report = run(text)
    assert report.status == "inconsistent", text
    assert any("s0-c" in d.ids for d in report.discrepancies)
    assert report.repairs
    for r in report.repairs:
        kept = [c for c in claims if c[0] not in r.ids]
        kept_lines = [ln for ln in lines if not any(f"id: {d}," in ln for d in r.ids)]
        assert run(ratio_text(kept_lines, kept)).status == "consistent", (text, r.ids)
