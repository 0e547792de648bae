"""Questions answered from the last question's state agree with questions answered afresh.

A persistent oracle starts each question's propagation from the previous one's (atoms
added or taken back, see checker/fixpoints.py); a fresh oracle per question starts from
nothing. On random tables and random walks of questions the verdicts agree, every core is
a real conflict, every witness satisfies the question, and the kept propagation never
excludes a solution.
"""

from __future__ import annotations

import random
from fractions import Fraction as F

import pytest

from checker.constraints import Atom, InSet, Lin, Problem, Quotient, Var, prim_holds, prim_vars
from checker.feasibility import Oracle
from checker.fixpoints import INCREMENTAL_FROM, Fixpoints
from checker.interval import Interval
from checker.propagate import Budget, Conflict, Domains, Propagator


def _atom(i: int, prims: list, kind: str) -> Atom:
    a = Atom(i, f"a{i}", kind, F(1), prims)
    a.vars = frozenset(v for p in prims for v in prim_vars(p))
    return a


def table(rng: random.Random, rows: int = 7, cols: int = 7, wrong: int = 2) -> Problem:
    """A table of whole cells with row, column and grand totals, a share of the grand total,
    every figure claimed (some as ranges, some open-ended), `wrong` of them misprinted."""
    vs: list[Var] = []

    def var(name: str, integer: bool = True) -> int:
        vs.append(Var(name, integer, Interval.closed(0, None) if integer else Interval(None, None, True, True), name))
        return len(vs) - 1

    cells = [[var(f"c{r}{c}") for c in range(cols)] for r in range(rows)]
    row_t = [var(f"r{r}") for r in range(rows)]
    col_t = [var(f"k{c}") for c in range(cols)]
    grand = var("g")
    share = var("s", integer=False)
    hidden = {cells[r][c]: rng.randint(1, 60) for r in range(rows) for c in range(cols)}
    for r in range(rows):
        hidden[row_t[r]] = sum(hidden[cells[r][c]] for c in range(cols))
    for c in range(cols):
        hidden[col_t[c]] = sum(hidden[cells[r][c]] for r in range(rows))
    hidden[grand] = sum(hidden[t] for t in row_t)
    hidden[share] = F(hidden[row_t[0]], hidden[grand])
    atoms: list[Atom] = []

    def relation(prims: list) -> None:
        atoms.append(_atom(len(atoms), prims, "relation"))

    for r in range(rows):
        relation([Lin(tuple((cells[r][c], 1) for c in range(cols)) + ((row_t[r], -1),), "=", 0)])
    for c in range(cols):
        relation([Lin(tuple((cells[r][c], 1) for r in range(rows)) + ((col_t[c], -1),), "=", 0)])
    relation([Lin(tuple((t, 1) for t in row_t) + ((grand, -1),), "=", 0)])
    relation([Quotient(share, row_t[0], grand)])
    claimed = sorted(hidden)
    bad = set(rng.sample(claimed, wrong))
    for v in claimed:
        x = hidden[v] + (rng.choice([-3, 2, 5]) if v in bad else 0)
        kind = rng.random()
        if v == share:
            lo = F(round(x * 100) * 2 - 1, 200)  # a share to two places, half-open
            iv = Interval(lo, lo + F(1, 100), False, True)
        elif kind < 0.6:
            iv = Interval.point(x)
        elif kind < 0.85:
            iv = Interval(x - 2, x + 1, rng.random() < 0.5, rng.random() < 0.5)
        else:
            iv = Interval(x - 1, None, True, True)  # "more than"
        atoms.append(_atom(len(atoms), [InSet(v, iv)], "claim"))
    return Problem(vs, atoms)


def walk(rng: random.Random, n: int, steps: int) -> list[frozenset[int]]:
    """Questions as a conflict search asks them: the whole, then a few atoms off or back,
    now and then a small subset (a conflict being shrunk), then near the whole again."""
    current = set(range(n))
    out = [frozenset(current)]
    for _ in range(steps):
        roll = rng.random()
        if roll < 0.15:
            out.append(frozenset(rng.sample(range(n), rng.randint(2, 12))))
            continue
        if roll < 0.25:
            current = set(range(n))
        k = rng.randint(1, 5)
        for a in rng.sample(range(n), k):
            current.symmetric_difference_update({a})
        out.append(frozenset(current))
    return out


def _satisfies(problem: Problem, witness: dict, atoms: frozenset[int]) -> bool:
    values = [witness.get(v, 0) for v in range(len(problem.vars))]
    return all(prim_holds(p, values) for a in atoms for p in problem.atoms[a].prims)


def _agrees(problem: Problem, kept: Oracle, question: frozenset[int]):
    """The persistent oracle's verdict, checked against a fresh one's."""
    verdict = kept.check(question)
    fresh = Oracle(problem, Budget(10**8)).check(question)
    assert verdict.status == fresh.status != "unknown"
    if verdict.status == "infeasible":
        assert verdict.core <= question
        assert Oracle(problem, Budget(10**8)).check(verdict.core).status == "infeasible"
    elif verdict.witness is not None:
        assert _satisfies(problem, verdict.witness, question)
    return verdict


@pytest.mark.parametrize("seed", range(12))
def test_incremental_verdicts_equal_fresh_ones(seed):
    rng = random.Random(seed)
    problem = table(rng, wrong=rng.randint(0, 3))
    assert len(problem.atoms) >= INCREMENTAL_FROM
    kept = Oracle(problem, Budget(10**8))
    for question in walk(rng, len(problem.atoms), 40):
        verdict = _agrees(problem, kept, question)


@pytest.mark.parametrize("seed", range(8))
def test_refutations_from_a_kept_state_are_real(seed):
    rng = random.Random(100 + seed)
    problem = table(rng, wrong=rng.randint(1, 3))
    kept = Oracle(problem, Budget(10**8))
    for question in walk(rng, len(problem.atoms), 30):
        core = kept.refutes(question)
        fresh = Oracle(problem, Budget(10**8)).check(question).status
        if core is not None:
            assert core <= question
            assert fresh == "infeasible"
            assert Oracle(problem, Budget(10**8)).check(core).status == "infeasible"


@pytest.mark.parametrize("seed", range(8))
def test_a_kept_propagation_never_excludes_a_solution(seed):
    rng = random.Random(200 + seed)
    problem = table(rng, wrong=rng.randint(0, 2))
    prop, root = Propagator(problem), Domains(problem)
    fix = Fixpoints(prop, root)
    n = len(problem.atoms)
    for question in walk(rng, n, 30):
        active = [a in question for a in range(n)]
        try:
            doms = fix.run(question, active, Budget(10**8))
        except Conflict as c:
            assert Oracle(problem, Budget(10**8)).check(question).status == "infeasible"
            assert {a for a in c.atoms() if a >= 0} <= question
            continue
        verdict = Oracle(problem, Budget(10**8)).check(question)
        if verdict.status == "feasible" and verdict.witness is not None:
            for v, x in verdict.witness.items():
                assert doms.interval(v).contains(x), (v, x, doms.interval(v))


def test_the_same_conflict_is_answered_again_while_all_of_it_is_asked():
    rng = random.Random(7)
    problem = table(rng, wrong=2)
    fix = Fixpoints(Propagator(problem), Domains(problem))
    n = len(problem.atoms)
    everything = frozenset(range(n))
    with pytest.raises(Conflict) as first:
        fix.run(everything, [True] * n, Budget(10**8))
    core = frozenset(first.value.atoms())
    # One atom off that the conflict does not use: the same conflict, without propagating.
    spare = min(everything - core)
    budget = Budget(10**8)
    with pytest.raises(Conflict) as again:
        fix.run(everything - {spare}, [a != spare for a in range(n)], budget)
    assert frozenset(again.value.atoms()) == core
    assert budget.steps == 0


def shrink_walk(rng: random.Random, problem: Problem, steps: int) -> list[frozenset[int]]:
    """Small questions as a conflict is shrunk: a row's and a column's atoms, then one
    atom off at a time, now and then one back."""
    n = len(problem.atoms)
    current = set(rng.sample(range(n), 14))
    out = []
    for _ in range(steps):
        if rng.random() < 0.7 and len(current) > 2:
            current.discard(rng.choice(sorted(current)))
        else:
            current.add(rng.randrange(n))
        out.append(frozenset(current))
    return out


@pytest.mark.parametrize("seed", range(10))
def test_small_questions_on_a_large_part_in_sparse_domains(seed):
    rng = random.Random(300 + seed)
    problem = table(rng, rows=12, cols=12, wrong=rng.randint(0, 3))
    kept = Oracle(problem, Budget(10**8))
    kept.check(frozenset(range(len(problem.atoms))))  # the whole first, as a search asks it
    for question in shrink_walk(rng, problem, 30):
        verdict = _agrees(problem, kept, question)
    # the ranges a report derives read sparse domains back into the whole problem's
    implied = kept.implied(question)
    if verdict.status == "feasible" and verdict.witness is not None:
        for v, x in verdict.witness.items():
            assert implied.interval(v).contains(x)


def test_sparse_domains_hold_only_the_question_s_quantities():
    rng = random.Random(9)
    problem = table(rng, rows=12, cols=12, wrong=0)
    prop, root = Propagator(problem), Domains(problem)
    fix = Fixpoints(prop, root)
    n = len(problem.atoms)
    question = frozenset(range(n - 5, n))  # five claims
    doms = fix.run(question, [a in question for a in range(n)], Budget(10**8))
    assert set(doms.held()) == {v for a in question for v in problem.atoms[a].vars}


def test_a_linear_question_branching_leaves_open_is_settled_by_the_dive(monkeypatch):
    """Linear questions skip the dive (an LP vertex answers them), but when branching runs
    out of nodes the dive still gets its turn before the answer is "unknown"."""
    import checker.branching as branching

    rng = random.Random(11)
    problem = table(rng, wrong=0)
    everything = frozenset(range(len(problem.atoms)))
    no_share = everything - {a.index for a in problem.atoms if any(isinstance(p, Quotient) for p in a.prims)}
    monkeypatch.setattr(branching, "MAX_NODES", 0)  # every branch-and-bound search gives up at once
    verdict = Oracle(problem, Budget(10**8)).check(no_share)
    assert verdict.status == "feasible"
    assert _satisfies(problem, verdict.witness, no_share)
