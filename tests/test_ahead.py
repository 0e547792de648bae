"""The helper process that answers a many-row table's first questions ahead (ahead.py): the
same report bytes with it or without, wherever the work budget ends, answers that are the
search's own, and no process left behind."""

from __future__ import annotations

import os
import time
from fractions import Fraction
from pathlib import Path

import pytest

from checker.bounds import Budget
from checker.check import CheckOptions, check_file
from checker.conflicts import components
from checker.encode import encode
from checker.feasibility import AHEAD_FROM, Oracle
from checker.findings import CheckResult
from checker.model import claim_file_from_text
from checker.vocabulary import DEFAULT_VOCABULARY
from checker.report import RenderOptions
from checker.report import json as json_report

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the helper is forked")


def shares_table(rows: int, wrong: set[int]) -> str:
    """Rows of two vote shares of an unreported total, printed to one decimal; a wrong row's
    first share is printed 4 points off."""
    q, rel, cl = ["quantities:"], ["relations:"], ["claims:"]
    for i in range(rows):
        a, b, o = 600 + (37 * i) % 4000, 900 + (53 * i) % 3000, (11 * i) % 500
        for n in ("a", "b", "o", "n"):
            q.append(f"  {n}{i}: {{unit: votes}}")
        q += [f"  sa{i}: {{unit: percent}}", f"  sb{i}: {{unit: percent}}"]
        rel += [f"  - {{id: sum{i}, rule: n{i} = a{i} + b{i} + o{i}}}",
                f'  - {{id: sa{i}-def, rule: "sa{i} = pct(a{i}, n{i})"}}',
                f'  - {{id: sb{i}-def, rule: "sb{i} = pct(b{i}, n{i})"}}']
        cl += [f'  - {{id: a{i}-c, quantity: a{i}, value: "{a}", weight: 2}}',
               f'  - {{id: b{i}-c, quantity: b{i}, value: "{b}", weight: 2}}']
        for name, part, shift in ((f"sa{i}", a, 4 if i in wrong else 0), (f"sb{i}", b, 0)):
            tenths = (Fraction(1000 * part, a + b + o) + Fraction(1, 2)).__floor__() + 10 * shift
            cl.append(f'  - {{id: {name}-c, quantity: {name}, value: "{tenths // 10}.{tenths % 10}%"}}')
    return "\n".join(["version: 1"] + q + rel + cl) + "\n"


def report_bytes(tmp_path: Path, text: str, **options) -> str:
    path = tmp_path / "table.yaml"
    path.write_text(text)
    report = check_file(path, "table.yaml", CheckOptions(**options))
    return json_report.render(CheckResult((report,)), RenderOptions())


def children() -> list[str]:
    """This process's living children (Linux), or [] where /proc cannot tell."""
    found = Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children")
    return found.read_text().split() if found.exists() else []


ROWS = AHEAD_FROM + 44


def test_a_helper_changes_nothing_in_the_report(tmp_path):
    text = shares_table(ROWS, wrong={5, 170, ROWS - 3})
    alone = report_bytes(tmp_path, text, helpers=0)
    helped = report_bytes(tmp_path, text, helpers=1)
    assert helped == alone
    assert '"status": "inconsistent"' in alone
    for i in (5, 170, ROWS - 3):
        assert f'"sa{i}-c"' in alone


@pytest.mark.parametrize("steps", [40_000, 100_000, 160_000])
def test_wherever_the_work_budget_ends_a_helper_changes_nothing(tmp_path, steps):
    # Budgets that end in the middle of the rows: an answer the search could not have paid
    # for is not taken, so the search runs out where it always did.
    text = shares_table(ROWS, wrong={3, ROWS - 2})
    alone = report_bytes(tmp_path, text, helpers=0, max_steps=steps)
    assert '"budget"' in alone or '"partial-result"' in alone
    assert report_bytes(tmp_path, text, helpers=1, max_steps=steps) == alone


def test_the_helpers_answers_are_the_ones_the_search_finds_itself():
    text = shares_table(ROWS, wrong={7})
    enc = encode(claim_file_from_text(text, "table.yaml"), DEFAULT_VOCABULARY)
    problem = enc.problem
    comps = components(problem)
    plain = Oracle(problem, Budget(10**8))
    helped = Oracle(problem, Budget(10**8), helpers=1)
    helped.answer_ahead(comps)
    ahead = helped._ahead
    assert ahead is not None
    deadline = time.monotonic() + 120
    while ahead.fd is not None and time.monotonic() < deadline:  # let it answer every row
        ahead._drain()
        time.sleep(0.01)
    assert len(ahead.answers) == len(comps)
    for comp in comps:
        assert helped.check(frozenset(comp)) == plain.check(frozenset(comp))
    assert ahead.pid is None  # stopped once taken from
    # Every row but the failing one was answered by the helper (its part never built a
    # propagator here), and each was counted as the work it was.
    by_helper = [k for k, part in helped._solvers.items() if "prop" not in part.__dict__]
    assert len(by_helper) == len(comps) - 1
    assert helped.budget.steps == plain.budget.steps
    # The bounds each row propagated to come with its answer: the derived ranges agree.
    wrong = next(a.index for a in problem.atoms if a.id == "sa7-c")
    kept = frozenset(range(len(problem.atoms))) - {wrong}
    mine, theirs = plain.implied(kept), helped.implied(kept)
    assert (mine.lo, mine.hi, mine.lo_open, mine.hi_open) == (theirs.lo, theirs.hi, theirs.lo_open, theirs.hi_open)


def test_no_helper_outlives_the_check(tmp_path):
    before = set(children())
    report_bytes(tmp_path, shares_table(ROWS, wrong={1}), helpers=1)
    assert set(children()) <= before


def test_a_file_of_few_rows_starts_no_helper(tmp_path, monkeypatch):
    from checker import ahead

    started = []
    monkeypatch.setattr(ahead.Ahead, "start", classmethod(lambda cls, *a: started.append(a)))
    report_bytes(tmp_path, shares_table(AHEAD_FROM // 2, wrong=set()), helpers=1)
    assert started == []


@pytest.mark.parametrize(("cpus", "jobs", "helpers"), [(2, 1, 1), (1, 1, 0), (4, 4, 0), (4, 2, 1)])
def test_a_helper_is_allowed_only_where_a_cpu_is_left_over(tmp_path, monkeypatch, cpus, jobs, helpers):
    from checker import check, watchdog
    from checker.check import check_paths

    for i in range(jobs):
        (tmp_path / f"t{i}.yaml").write_text(shares_table(2, wrong=set()))
    allowed = []

    def bounded(calls, *args, **kwargs):
        allowed.extend(call.args[2].helpers for call in calls)
        return [watchdog.Outcome(failure="crash") for _ in calls]

    monkeypatch.setattr(check, "usable_cpus", lambda: cpus)
    monkeypatch.setattr(watchdog, "run_bounded", bounded)
    check_paths([str(tmp_path)], CheckOptions(jobs=jobs))
    assert allowed == [helpers] * jobs


def test_a_helper_that_fails_leaves_the_search_to_ask_everything_itself(tmp_path, monkeypatch):
    from checker import feasibility

    text = shares_table(ROWS, wrong={9})
    alone = report_bytes(tmp_path, text, helpers=0)

    def broken(self, key):
        raise RuntimeError("a bug in the helper")

    monkeypatch.setattr(feasibility.Oracle, "_first_answer", broken)
    before = set(children())
    assert report_bytes(tmp_path, text, helpers=1) == alone
    assert set(children()) <= before
