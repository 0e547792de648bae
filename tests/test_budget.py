"""The work budget: counted, not timed, so a file cut short by it gives the same bytes on any
machine; every stage of a check shares it, and what a stage cut short says still holds."""

from __future__ import annotations

import contextlib
import sys
from fractions import Fraction
from pathlib import Path

import pytest

from checker.bounds import Budget
from checker.check import CheckOptions, check_file
from checker.findings import CheckResult
from checker.report import RenderOptions
from checker.report import json as json_report

# Thirty statements of one total, all different: every pair is a discrepancy, and finding
# them all takes many questions, so a small budget stops the search part way.
HEAD = "version: 1\nquantities:\n  total: {unit: people}\n  a: {unit: people}\n  b: {unit: people}\n"
MANY = HEAD + "relations:\n  - {id: sum, rule: total = a + b}\nclaims:\n" + "".join(
    f'  - {{id: c{i}, quantity: total, value: "{100 + i}"}}\n' for i in range(30))

# Every quantity claimed: nothing for a reader to give, only more budget.
ALL_CLAIMED = HEAD + """relations:
  - {id: sum, rule: total = a + b}
claims:
  - {id: t, quantity: total, value: "100"}
  - {id: ca, quantity: a, value: "60"}
  - {id: cb, quantity: b, value: "30"}
"""


def run(tmp_path: Path, text: str, **options) -> tuple[object, str]:
    path = tmp_path / "claims.yaml"
    path.write_text(text)
    report = check_file(path, "claims.yaml", CheckOptions(**options))
    return report, json_report.render(CheckResult((report,)), RenderOptions())


@contextlib.contextmanager
def slowed():
    """The interpreter slowed down severalfold, as a busy machine slows a check: a profile
    hook that does some work on every call and return. Cheap, and the same on every run."""

    def hook(frame, event, arg):  # noqa: ARG001
        for _ in range(20):
            pass

    sys.setprofile(hook)
    try:
        yield
    finally:
        sys.setprofile(None)


def cut_short(tmp_path: Path) -> int:
    """The least of a few work budgets that stops the search for MANY's conflicts part way."""
    for units in (200, 400, 800, 1600, 3200, 6400):
        report, _ = run(tmp_path, MANY, max_steps=units, time_budget=10.0**6)
        if report.status == "inconsistent" and len(report.discrepancies) < 40:
            assert "partial-result" in [w.code for w in report.warnings]
            return units
    raise AssertionError("no small work budget stops the search part way")


def test_a_file_cut_short_by_work_gives_the_same_bytes_whatever_the_clock(tmp_path):
    units = cut_short(tmp_path)
    fast = run(tmp_path, MANY, max_steps=units, time_budget=10.0**6)[1]
    assert run(tmp_path, MANY, max_steps=units)[1] == fast  # under the default time budget
    with slowed():
        assert run(tmp_path, MANY, max_steps=units, time_budget=10.0**6)[1] == fast
        assert run(tmp_path, MANY, max_steps=units)[1] == fast


def test_a_file_the_work_budget_cuts_short_is_undecided_with_reason_budget(tmp_path):
    outs = {run(tmp_path, ALL_CLAIMED, max_steps=5)[1] for _ in range(2)}
    assert len(outs) == 1  # the same bytes each time
    report, _ = run(tmp_path, ALL_CLAIMED, max_steps=5)
    assert report.status == "undecided" and not report.discrepancies
    (question,) = report.open_questions
    assert question.reason == "budget"
    # the knob that helps is named: not the time budget, which did not run out
    assert question.settle.startswith("raise --work-budget")
    assert run(tmp_path, ALL_CLAIMED)[0].status == "inconsistent"


def test_a_partial_result_names_the_work_budget(tmp_path):
    report, _ = run(tmp_path, MANY, max_steps=cut_short(tmp_path))
    (partial,) = [w for w in report.warnings if w.code == "partial-result"]
    assert partial.hint.startswith("raise --work-budget")


def test_explanations_share_the_budget_and_say_only_what_was_derived(tmp_path):
    from checker.conflicts import ConflictSearch
    from checker.encode import encode
    from checker.explain import Explainer
    from checker.feasibility import Oracle
    from checker.model import claim_file_from_text_tolerant
    from checker.vocabulary import DEFAULT_VOCABULARY

    cf, problems = claim_file_from_text_tolerant(ALL_CLAIMED, "claims.yaml")
    assert not problems
    enc = encode(cf, DEFAULT_VOCABULARY)
    oracle = Oracle(enc.problem, Budget(10**6))
    (conflict,) = ConflictSearch(enc.problem, oracle, 50, 5).run().conflicts
    full = Explainer(enc, oracle.propagator_for, oracle.root, Budget(10**6)).reason(conflict)
    assert "60 + 30 = 90" in full.text
    spent = Budget(0)
    spent.spend()
    assert spent.exhausted
    cut = Explainer(enc, oracle.propagator_for, oracle.root, spent).reason(conflict)
    # nothing propagated: no range to hold up, so the plain statement of the conflict
    assert cut.text.endswith("cannot all hold at once.") and cut.implied is None


def test_derived_ranges_stay_propagated_when_the_budget_is_spent():
    from checker.constraints import Atom, InSet, Lin, Problem, Var
    from checker.interval import Interval
    from checker.propagate import Domains, Propagator
    from checker.ranges import tighten

    # x + y = 10, x - y <= 4 and y <= 8: propagation alone leaves x up to 10, the LP says 7
    vs = [Var("x", False, Interval.closed(0, None)), Var("y", False, Interval.closed(0, 8))]
    atoms = [Atom(0, "s", "relation", Fraction(1), [Lin(((0, 1), (1, 1)), "=", 10)], frozenset({0, 1})),
             Atom(1, "d", "relation", Fraction(1), [Lin(((0, 1), (1, -1)), "<=", 4)], frozenset({0, 1})),
             Atom(2, "c", "claim", Fraction(1), [InSet(1, Interval.closed(0, 8))], frozenset({1}))]
    problem = Problem(vs, atoms)

    def ranged(budget):
        doms = Domains(problem)
        Propagator(problem).run(doms, [True] * 3, Budget(10**6))
        tighten(problem, doms, frozenset({0, 1, 2}), [0], budget)
        return doms.interval(0)

    exact, spent = ranged(Budget(10**6)), Budget(0)
    spent.spend()
    propagated = ranged(spent)
    assert exact.hi == 7 and not exact.hi_open
    assert propagated.hi is not None and propagated.hi >= exact.hi  # wider, never narrower


def test_the_reserve_opens_after_the_search_and_a_passed_deadline_stays_passed():
    budget = Budget(100, reserve=20)
    assert budget.spend(80) and not budget.spend(1)  # the search's share is spent
    budget.release()
    assert not budget.exhausted and budget.spend(19) and not budget.spend(1)
    late = Budget(10**9, deadline=0.0, reserve=10)
    late.spend(10**6)
    assert late.exhausted and late.by_clock
    late.release()
    assert late.exhausted


@pytest.mark.parametrize("flag, value", [("--work-budget", "2_000"), ("--work-budget", "2,000")])
def test_the_work_budget_is_a_flag_and_a_setting(tmp_path, monkeypatch, flag, value):
    from checker import cli
    from checker.config import Config, parse_work, read_table

    args = cli.build_parser().parse_args(["check", flag, value, "x.yaml"])
    assert cli._check_settings(args, Config())["max_steps"] == 2000
    config = read_table({"work-budget": 3000}, tmp_path / "pyproject.toml", tmp_path)
    args = cli.build_parser().parse_args(["check", "x.yaml"])
    assert cli._check_settings(args, config)["max_steps"] == 3000
    for bad in (0, -5, "lots", True, 1.5):
        with pytest.raises(ValueError):
            parse_work(bad)


def test_the_help_and_the_docs_give_the_default_the_check_uses():
    from checker import cli

    default = CheckOptions().max_steps
    assert f"default {default:_}" in cli.build_parser()._subparsers._group_actions[0].choices["check"].format_help()
    docs = Path(__file__).resolve().parent.parent / "docs"
    assert f"{default:,}" in (docs / "how-it-decides.md").read_text(encoding="utf-8")
    assert f"{default:,}" in (docs / "security.md").read_text(encoding="utf-8")
    assert f"The default is {default}" in (docs / "cli.md").read_text(encoding="utf-8")


def test_when_the_clock_ends_the_search_the_hint_names_the_time_budget(tmp_path):
    # a deadline already passed at the first look at the clock (after a few thousand units)
    report, _ = run(tmp_path, MANY, time_budget=1e-9)
    (partial,) = [w for w in report.warnings if w.code == "partial-result"]
    assert partial.hint.startswith("raise --time-budget")


def test_every_discrepancy_listed_is_minimal_wherever_the_budget_ends(tmp_path):
    # a table whose conflicts take many questions to shrink: cut anywhere, a shrink left
    # unfinished by the search is finished from the reserve, or its conflict is not listed
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from generate import table_file

    from checker.encode import encode
    from checker.feasibility import Oracle
    from checker.model import claim_file_from_text_tolerant
    from checker.vocabulary import DEFAULT_VOCABULARY

    text = table_file(200, 3, seed=1).text
    enc = encode(claim_file_from_text_tolerant(text, "claims.yaml")[0], DEFAULT_VOCABULARY)
    index = {info.member.id: k for k, info in enumerate(enc.info)}
    listed: set[frozenset[int]] = set()
    cut_with_findings = 0  # cut points where the budget ended a search that had found some
    for units in range(5_000, 200_000, 13_001):
        report, _ = run(tmp_path, text, max_steps=units, time_budget=10.0**6)
        listed |= {frozenset(index[i] for i in d.ids) for d in report.discrepancies}
        partial = any(w.code == "partial-result" for w in report.warnings)
        cut_with_findings += partial and bool(report.discrepancies)
    assert cut_with_findings and len(listed) >= 3  # the cuts did fall inside the search
    oracle = Oracle(enc.problem, Budget(10**9))
    for conflict in listed:
        assert oracle.check(conflict).status == "infeasible"
        assert all(oracle.check(conflict - {a}).status == "feasible" for a in conflict)
