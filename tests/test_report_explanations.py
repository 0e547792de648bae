"""Explanations hold to the numbers: the arithmetic an explanation states really excludes the
value it blames, checked against the exact values behind it, for every discrepancy of every
example in claims/ and of every acceptance case (when ../shared/acceptance is at hand)."""

from __future__ import annotations

import re
import time
from fractions import Fraction
from pathlib import Path

import pytest

from checker.check import CheckOptions, _vocabulary
from checker.conflicts import ConflictSearch
from checker.encode import encode
from checker.explain import Explainer, Reason
from checker.feasibility import Oracle
from checker.interval import Interval
from checker.model import load_claim_file_tolerant
from checker.propagate import Budget

ROOT = Path(__file__).resolve().parent.parent
FRACTION = re.compile(r"(?<![\w/.])\d+/\d+(?![\w/])")


def acceptance_root() -> Path | None:
    for candidate in (Path("/work/shared/acceptance"), ROOT.parent / "shared" / "acceptance",
                      ROOT.parent.parent / "shared" / "acceptance"):
        if candidate.is_dir():
            return candidate
    return None


def example_files() -> list[Path]:
    return sorted(ROOT.glob("claims/**/*.yaml"))


def acceptance_files() -> list[Path]:
    import yaml

    root = acceptance_root()
    if root is None:
        return []
    out = []
    for case in sorted(p for p in root.iterdir() if (p / "expected.yaml").is_file()):
        expected = yaml.safe_load((case / "expected.yaml").read_text()) or {}
        out.append(case / expected.get("file", "claims.yaml"))
    return out


def reasons(path: Path) -> list[tuple[frozenset[int], Reason, list[str]]]:
    """Each conflict the checker finds in `path`, its reason, and its members' ids."""
    cf, problems = load_claim_file_tolerant(path, display_path=str(path))
    if cf is None or problems:
        return []
    try:
        vocab = _vocabulary(cf, CheckOptions())
        enc = encode(cf, vocab)
    except Exception:  # a file that cannot be checked has nothing to explain
        return []
    # A short budget: the explanations of what is found are the point, not finding it all.
    oracle = Oracle(enc.problem, Budget(2_000_000, time.monotonic() + 3))
    analysis = ConflictSearch(enc.problem, oracle, 50, 5).run()
    explainer = Explainer(enc, oracle.propagator_for, oracle.root)
    return [(c, explainer.reason(c), [enc.info[a].member.id for a in c]) for c in analysis.conflicts]


def holds(reason: Reason, ids: list[str]) -> None:
    assert not FRACTION.search(reason.text), reason.text
    if reason.blamed is not None:
        assert reason.blamed in ids
    if reason.implied is None:
        return
    if reason.claimed is None:
        # "needs backers to be 5.34 to under 5.46, and no whole number is"
        assert reason.whole and reason.implied.integer_count() == 0, reason
        assert "whole" in reason.text
        return
    both = reason.implied.intersect(reason.claimed)
    if reason.whole:
        assert both.integer_count() == 0, reason
        assert "whole" in reason.text
    else:
        assert both.is_empty(), reason


def _ids(paths: list[Path]) -> list[str]:
    return [str(p.relative_to(p.parent.parent)) for p in paths]


@pytest.mark.parametrize("path", example_files(), ids=_ids(example_files()))
def test_example_explanations_hold(path: Path) -> None:
    found = reasons(path)
    for _, reason, ids in found:
        holds(reason, ids)


@pytest.mark.skipif(acceptance_root() is None, reason="no acceptance cases beside the project")
@pytest.mark.parametrize("path", acceptance_files(), ids=_ids(acceptance_files()))
def test_acceptance_explanations_hold(path: Path) -> None:
    for _, reason, ids in reasons(path):
        holds(reason, ids)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "claims.yaml"
    path.write_text(text)
    return path


def test_whole_values_said_as_such(tmp_path: Path) -> None:
    path = write(tmp_path, """version: 1
quantities:
  rating: {unit: stars}
claims:
  - {id: rating-body, quantity: rating, value: "4.3"}
""")
    [(_, reason, _)] = reasons(path)
    assert reason.whole and reason.blamed == "rating-body"
    assert "rating takes whole values (unit `stars`)" in reason.text
    assert "integer: false" in reason.text
    holds(reason, ["rating-body"])


def test_a_range_the_rest_allow_is_never_set_against_the_claim(tmp_path: Path) -> None:
    # Shares of one total adding past 100: the propagated range of one share alone does not
    # exclude it, so the explanation may not say "puts con_share at 0 to 100, but … 56.3".
    path = write(tmp_path, """version: 1
quantities:
  a: {unit: percent}
  b: {unit: percent}
  c: {unit: percent}
relations:
  - {id: whole, rule: a + b + c <= 100}
claims:
  - {id: a-says, quantity: a, value: "56.3%"}
  - {id: b-says, quantity: b, value: "38.4%"}
  - {id: c-says, quantity: c, value: "6.1%"}
""")
    found = reasons(path)
    assert found
    for _, reason, ids in found:
        holds(reason, ids)


def test_rounded_values_read_as_decimals(tmp_path: Path) -> None:
    path = write(tmp_path, """version: 1
quantities:
  now: {unit: count}
  before: {unit: count}
  rise: {unit: percent}
relations:
  - {id: rise-def, rule: "rise = pct(now - before, before)"}
claims:
  - {id: now-says, quantity: now, value: "1340"}
  - {id: before-says, quantity: before, value: "1180"}
  - {id: headline, where: headline, quantity: rise, value: "12%"}
""")
    [(_, reason, ids)] = reasons(path)
    holds(reason, ids)
    assert "13.56%" in reason.text and "800/59" not in reason.text
    assert reason.implied == Interval.point(Fraction(800, 59))
