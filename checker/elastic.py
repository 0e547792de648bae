"""A guess at which claims are wrong: the ones a least-change fit of the figures has to move.

Every claim of a component is loosened by slack (how far its figure must move, in proportion
to the figure's size), the linear relations are kept, and the exact simplex minimises the
weighted slack. Where a few figures of a table are misprinted, that fit moves exactly those
figures: moving a true one instead leaves another sum to mend, which costs more. Ties among
equally cheap hitting sets of the conflicts, which the hitting sets alone cannot tell apart,
are told apart by the arithmetic.

It is only a guess. Nonlinear relations are left out (the fit is looser), the slack is real
while quantities may be whole, and the least total change need not be the fewest claims; the
conflict search proves every repair it takes from here with the oracle, and a wrong guess
costs questions, never a wrong answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from .constraints import InSet, Lin, Problem
from .simplex import solve_lp


def suspects(problem: Problem, atoms: frozenset[int], cost: Sequence[int],
             max_pivots: int, budget=None) -> frozenset[int] | None:
    """The claims among `atoms` that a least weighted change moves; None when the fit
    cannot be made (relations that conflict among themselves, or too many pivots)."""
    col: dict[int, int] = {}
    bounds: list = []
    rows: list[Lin] = []
    slack_of: dict[int, list[int]] = {}
    objective: dict[int, Fraction] = {}

    def var(v: int) -> int:
        if v not in col:
            d = problem.vars[v].domain
            col[v] = len(bounds)
            bounds.append((d.lo, d.lo_open, d.hi, d.hi_open))
        return col[v]

    def slack(atom: int, weight: Fraction) -> int:
        k = len(bounds)
        bounds.append((Fraction(0), False, None, True))
        slack_of.setdefault(atom, []).append(k)
        objective[k] = -weight
        return k

    for a in sorted(atoms):
        atom = problem.atoms[a]
        claim = atom.kind == "claim"
        for p in atom.prims:
            if isinstance(p, InSet):
                ends = [e for e in (p.interval.lo, p.interval.hi) if e is not None]
                scale = Fraction(1)
                x = var(p.var)
                if p.interval.lo is not None:
                    terms = ((x, 1),) if not claim else ((x, 1), (slack(a, cost[a] / scale), 1))
                    rows.append(Lin(tuple((c, -k) for c, k in terms), "<=", -p.interval.lo))
                if p.interval.hi is not None:
                    terms = ((x, 1),) if not claim else ((x, 1), (slack(a, cost[a] / scale), -1))
                    rows.append(Lin(terms, "<=", p.interval.hi))
            elif isinstance(p, Lin):
                terms = tuple((var(v), c) for v, c in p.terms)
                op = "<=" if p.op == "<" else p.op
                if claim:
                    scale = Fraction(1)
                    terms += ((slack(a, cost[a] / scale), -1),)
                    if op == "=":
                        terms += ((slack(a, cost[a] / scale), 1),)
                rows.append(Lin(terms, op, p.rhs))
            # Products, ratios and alternatives are left out: the fit is only looser.
    if not objective:
        return None
    status, point = solve_lp(bounds, rows, max_pivots, maximise=objective, budget=budget)
    if status != "feasible" or point is None:
        return None
    return frozenset(a for a, ks in slack_of.items() if any(point[k] > 0 for k in ks))
