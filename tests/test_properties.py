"""Properties of whole checks on generated claim files.

A file written from a hidden assignment is true, so it is never flagged; a second, different
figure for a quantity is a contradiction, so it is always found; and every conflict reported
is minimal: it is inconsistent, and dropping any one member makes the rest consistent.
"""

from __future__ import annotations

import tempfile
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
    if draw(st.booleans()):
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
