"""Derived ranges: how far each quantity can move while the kept claims all hold.

Propagation gives a sound range at once, but around a cycle of constraints it only
approaches the true bound (a third of a total, reached in ever smaller steps). Where few
quantities are left free, the exact simplex finds the bound itself and whether it is
reached; elsewhere the propagated range stands, which is never narrower than the truth.
"""

from __future__ import annotations

import math

from .constraints import Lin, Problem
from .propagate import Budget, Domains
from .simplex import solve_lp

MAX_FREE = 40  # quantities left free in one question before the simplex is not worth it


def tighten(problem: Problem, doms: Domains, atoms: frozenset[int], wanted: list[int],
            budget: Budget | None = None) -> None:
    """Narrow the ranges of the `wanted` variables in place to their exact linear bounds.

    Each bound is a linear program paid from the file's `budget` (without one, only the
    simplex's own pivot limit bounds it); once it is spent, the ranges left are the
    propagated ones, wider than the exact bound but never narrower.
    """
    free = sorted({v for a in atoms for v in problem.atoms[a].vars if not doms.is_point(v)})
    if not free or len(free) > MAX_FREE:
        return
    col = {v: i for i, v in enumerate(free)}
    rows: list[Lin] = []
    for a in atoms:
        for p in problem.atoms[a].prims:
            if not isinstance(p, Lin):
                continue
            terms, rhs = [], p.rhs
            for v, c in p.terms:
                if v in col:
                    terms.append((col[v], c))
                else:
                    rhs -= c * doms.lo[v]  # type: ignore[operator]
            if terms:
                rows.append(Lin(tuple(terms), p.op, rhs))
    bounds = [(doms.lo[v], doms.lo_open[v], doms.hi[v], doms.hi_open[v]) for v in free]
    for v in wanted:
        if v not in col:
            continue
        for sign in (1, -1):
            if budget is not None and budget.exhausted:
                return  # the propagated ranges stand
            status, x = solve_lp(bounds, rows, maximise={col[v]: sign}, budget=budget)
            if status != "feasible":
                continue  # unbounded, or past the pivot limit: keep what propagation found
            best = x[col[v]]  # type: ignore[index]
            # Is the bound itself reached, or only approached (a strict end)?
            pinned = bounds[:]
            pinned[col[v]] = (best, False, best, False)
            # Left unsettled (the budget ran out), the end is kept closed: the wider claim.
            reached = solve_lp(pinned, rows, budget=budget)[0] != "infeasible"
            if doms.integer[v]:
                best = math.floor(best) if sign > 0 else math.ceil(best)
                reached = True
            if sign > 0:
                doms.set_hi(v, best, not reached, doms.hi_why[v])
            else:
                doms.set_lo(v, best, not reached, doms.lo_why[v])
