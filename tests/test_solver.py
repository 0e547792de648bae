"""The solver on hand-checked problems: feasibility, minimal conflicts, lightest repairs."""

from __future__ import annotations

from fractions import Fraction as F

import pytest

from checker.conflicts import ConflictSearch, components
from checker.constraints import Atom, Choice, InSet, Lin, Never, Problem, Quotient, Var
from checker.feasibility import Oracle
from checker.interval import Interval
from checker.propagate import Budget
from checker.simplex import solve_lp


def var(name: str, integer: bool = True, lo: int | None = 0) -> Var:
    return Var(name, integer, Interval.closed(lo, None), name)


def atom(i: int, id: str, prims: list, kind: str = "claim", weight: F = F(1)) -> Atom:
    from checker.constraints import prim_vars

    a = Atom(i, id, kind, weight, prims)
    a.vars = frozenset(v for p in prims for v in prim_vars(p))
    return a


def point(v: int, x) -> InSet:
    return InSet(v, Interval.point(x))


def swap_problem() -> Problem:
    """The seed story: exchanged = ua + ru + wounded; a caption recycled from an older swap."""
    vs = [var("exchanged"), var("ua_freed"), var("ru_freed"), var("ua_wounded")]
    atoms = [
        atom(0, "parts", [Lin(((0, 1), (1, -1), (2, -1), (3, -1)), "=", 0)], "relation"),
        atom(1, "headline", [point(0, 372)]),
        atom(2, "caption", [point(1, 150), point(2, 150)]),
        atom(3, "moscow-ua", [point(1, 175)]),
        atom(4, "moscow-wounded", [point(3, 22)]),
        atom(5, "kyiv-ru", [point(2, 175)]),
        atom(6, "zelensky", [InSet(3, Interval(F(216, 10), F(24), False, True))]),
    ]
    return Problem(vs, atoms)


def analyse(problem: Problem, max_conflicts: int = 50):
    oracle = Oracle(problem, Budget(10**7))
    result = ConflictSearch(problem, oracle, max_conflicts, 5).run()
    ids = lambda s: sorted(problem.atoms[a].id for a in s)  # noqa: E731
    return oracle, [ids(c) for c in result.conflicts], [ids(r) for r in result.repairs], result


def test_seed_story_conflicts_and_repair():
    problem = swap_problem()
    oracle, conflicts, repairs, _ = analyse(problem)
    assert ["caption", "moscow-ua"] in conflicts
    assert ["caption", "kyiv-ru"] in conflicts
    assert ["caption", "headline", "moscow-wounded", "parts"] in conflicts
    assert all("caption" in c for c in conflicts)
    assert repairs[0] == ["caption"]
    # every reported conflict is minimal: each member is needed
    for c in conflicts:
        members = {a.index for a in problem.atoms if a.id in c}
        assert oracle.check(members).status == "infeasible"
        for m in members:
            assert oracle.check(members - {m}).status == "feasible"


def test_repairs_come_lightest_first_and_relations_last():
    problem = swap_problem()
    _, _, repairs, _ = analyse(problem)
    weights = [len(r) if "parts" not in r else 100 for r in repairs]
    assert weights == sorted(weights)


def test_whole_numbers_make_33_percent_of_7_impossible():
    vs = [var("asked"), var("backers"), var("share", integer=False), Var("q", False, Interval())]
    share_def = [Quotient(3, 1, 0), Lin(((2, 1), (3, -100)), "=", 0)]
    for reported, expected in (((F(325, 10), F(335, 10)), "infeasible"), ((F(425, 10), F(435, 10)), "feasible")):
        atoms = [atom(0, "share-def", share_def, "relation"), atom(1, "sample", [point(0, 7)]),
                 atom(2, "reported", [InSet(2, Interval(reported[0], reported[1], False, True))])]
        oracle = Oracle(Problem(vs, atoms), Budget(10**6))
        assert oracle.check({0, 1, 2}).status == expected


def test_unknown_sample_size_is_never_called_inconsistent():
    vs = [var("asked"), var("backers"), var("share", integer=False), Var("q", False, Interval())]
    atoms = [atom(0, "share-def", [Quotient(3, 1, 0), Lin(((2, 1), (3, -100)), "=", 0)], "relation"),
             atom(1, "reported", [InSet(2, Interval(F(325, 10), F(335, 10), False, True))])]
    verdict = Oracle(Problem(vs, atoms), Budget(10**6)).check({0, 1})
    assert verdict.status == "feasible"


def test_strict_inequalities_are_exact():
    # x > 3 and x < 3 + 1/10**30 holds for a rational; x > 3 and x < 3 does not
    assert solve_lp([(3, True, F(3) + F(1, 10**30), True)], [])[0] == "feasible"
    assert solve_lp([(3, True, 3, False)], [])[0] == "infeasible"
    # a + b < 10 with a >= 10, b >= 0
    assert solve_lp([(10, False, None, True), (0, False, None, True)], [Lin(((0, 1), (1, 1)), "<", 10)])[0] == "infeasible"


def test_lp_finds_what_propagation_cannot():
    # a + b = 10, a - b = 2 over the rationals: propagation leaves ranges, the LP a point
    vs = [var("a", integer=False), var("b", integer=False)]
    atoms = [atom(0, "sum", [Lin(((0, 1), (1, 1)), "=", 10)]), atom(1, "diff", [Lin(((0, 1), (1, -1)), "=", 2)])]
    verdict = Oracle(Problem(vs, atoms), Budget(10**6)).check({0, 1})
    assert verdict.status == "feasible"
    assert [verdict.witness[0], verdict.witness[1]] == [6, 4]


def test_integer_branching_settles_parity():
    # 2a + 2b = 7 has rational solutions but no whole ones
    vs = [var("a"), var("b")]
    atoms = [atom(0, "odd", [Lin(((0, 2), (1, 2)), "=", 7)])]
    assert Oracle(Problem(vs, atoms), Budget(10**6)).check({0}).status == "infeasible"


def test_not_equal_is_a_choice():
    vs = [var("a")]
    ne = Choice(((Lin(((0, 1),), "<", 5),), (Lin(((0, -1),), "<", -5),)))
    atoms = [atom(0, "ne", [ne]), atom(1, "five", [point(0, 5)]), atom(2, "six", [point(0, 6)])]
    oracle = Oracle(Problem(vs, atoms), Budget(10**6))
    assert oracle.check({0, 1}).status == "infeasible"
    assert oracle.check({0, 2}).status == "feasible"


def test_a_self_contradicting_claim_is_its_own_conflict():
    vs = [var("day")]
    atoms = [atom(0, "body", [point(0, 10), Never("February 6, 2025 was a Thursday")])]
    _, conflicts, repairs, _ = analyse(Problem(vs, atoms))
    assert conflicts == [["body"]] and repairs == [["body"]]


def test_components_are_searched_apart():
    problem = swap_problem()
    assert len(components(problem)) == 1
    vs = problem.vars + [var("other")]
    atoms = problem.atoms + [atom(7, "x1", [point(4, 1)]), atom(8, "x2", [point(4, 2)])]
    groups = components(Problem(vs, atoms))
    assert [7, 8] in groups and len(groups) == 2
    _, conflicts, repairs, _ = analyse(Problem(vs, atoms))
    assert ["x1", "x2"] in conflicts
    assert "caption" in repairs[0] and len(repairs[0]) == 2


def test_budget_gives_unknown_not_a_verdict():
    problem = swap_problem()
    oracle = Oracle(problem, Budget(3))
    assert oracle.check({0, 1, 2, 3, 4, 5, 6}).status in ("unknown", "infeasible")
    oracle = Oracle(problem, Budget(3))
    assert oracle.check({0, 1, 3, 4, 5}).status == "unknown"


@pytest.mark.parametrize("n", [5, 40])
def test_chain_of_sums_propagates_to_points(n):
    # t_k = t_{k-1} + 1 with t_0 = 0 claimed; t_n claimed n: consistent, t_n claimed n+1: not
    vs = [var(f"t{k}") for k in range(n + 1)]
    atoms = [atom(k - 1, f"step{k}", [Lin(((k, 1), (k - 1, -1)), "=", 1)], "relation") for k in range(1, n + 1)]
    atoms.append(atom(n, "start", [point(0, 0)]))
    atoms.append(atom(n + 1, "end", [point(n, n + 1)]))
    _, conflicts, repairs, _ = analyse(Problem(vs, atoms))
    assert len(conflicts) == 1 and len(conflicts[0]) == n + 2
    assert sorted(repairs[0]) in (["end"], ["start"])


def test_simplex_maximises_over_the_closure():
    # maximise a subject to a + b <= 10, a - b < 2: the supremum 6 is approached, not reached
    rows = [Lin(((0, 1), (1, 1)), "<=", 10), Lin(((0, 1), (1, -1)), "<", 2)]
    status, x = solve_lp([(0, False, None, True), (0, False, None, True)], rows, maximise={0: 1})
    assert status == "feasible" and x[0] == 6
    assert solve_lp([(0, False, None, True)], [], maximise={0: 1})[0] == "unbounded"


def test_ranges_are_exact_where_propagation_only_approaches():
    from checker.propagate import Domains, Propagator
    from checker.ranges import tighten

    # total = m + 810,000 with total in [1,150,000, 1,250,000) and 3m > total: m in (405,000, 440,000)
    vs = [var("total", integer=False), var("m", integer=False)]
    atoms = [
        atom(0, "sum", [Lin(((0, 1), (1, -1)), "=", 810_000)], "relation"),
        atom(1, "headline", [InSet(0, Interval(F(1_150_000), F(1_250_000), False, True))]),
        atom(2, "third", [Lin(((0, 1), (1, -3)), "<", 0)]),
    ]
    problem = Problem(vs, atoms)
    doms = Domains(problem)
    Propagator(problem).run(doms, [True] * 3, Budget(10**6))
    tighten(problem, doms, frozenset({0, 1, 2}), [1])
    assert doms.interval(1) == Interval(F(405_000), F(440_000), True, True)
