"""A linear system made smaller before the simplex: aliases substituted away.

Rules write `share = pct(votes, valid)`, which the encoder splits into a ratio and a
two-term equality `share = 100 * q`. Each such equality says one unknown is a fixed linear
function of another, so one of the two can go, its bounds moving onto the other. The dense
simplex costs rows times columns per pivot, and these aliases are half of both in a table
of shares. The answer is unchanged: the system left has a solution exactly when the whole
one does, and `recover` rebuilds the eliminated values from it.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Callable

from .constraints import Lin, Num, norm

Bound = tuple[Num | None, bool, Num | None, bool]


def eliminate_aliases(bounds: list[Bound], rows: list[Lin]
                      ) -> tuple[list[Bound], list[Lin], Callable[[list], list]] | None:
    """The smaller system and a map from its points back to full points; None when the
    substitution shows the system has no solution (an empty bound or a false row)."""
    n = len(bounds)
    rep: dict[int, tuple[int, Fraction, Fraction]] = {}  # x_j = a * x_i + b
    targets: set[int] = set()
    bounds = list(bounds)
    for r in rows:
        if r.op != "=" or len(r.terms) != 2:
            continue
        (i, ci), (j, cj) = r.terms
        if i == j or i in rep or j in rep:
            continue
        if j in targets:
            if i in targets:
                continue
            i, ci, j, cj = j, cj, i, ci
        a, b = Fraction(-ci) / cj, Fraction(r.rhs) / cj
        moved = _bound_through(bounds[j], a, b)
        merged = _intersect(bounds[i], moved)
        if merged is None:
            return None
        bounds[i] = merged
        rep[j] = (i, a, b)
        targets.add(i)
    if not rep:
        return bounds, rows, lambda x: x
    keep = [v for v in range(n) if v not in rep]
    new = {v: k for k, v in enumerate(keep)}
    out: list[Lin] = []
    for r in rows:
        terms: dict[int, Fraction] = {}
        rhs = Fraction(r.rhs)
        for v, c in r.terms:
            if v in rep:
                i, a, b = rep[v]
                terms[new[i]] = terms.get(new[i], Fraction(0)) + c * a
                rhs -= c * b
            else:
                terms[new[v]] = terms.get(new[v], Fraction(0)) + c
        kept = tuple((v, norm(c)) for v, c in sorted(terms.items()) if c != 0)
        if not kept:
            if not (rhs == 0 if r.op == "=" else (0 <= rhs if r.op == "<=" else 0 < rhs)):
                return None
            continue
        out.append(Lin(kept, r.op, norm(rhs)))

    def recover(x: list) -> list:
        full: list = [None] * n
        for v, k in new.items():
            full[v] = x[k]
        for j, (i, a, b) in rep.items():
            full[j] = a * full[i] + b
        return full

    return [bounds[v] for v in keep], out, recover


def _bound_through(bound: Bound, a: Fraction, b: Fraction) -> Bound:
    """The bounds on x_i that `lo <= a * x_i + b <= hi` gives."""
    lo, lo_open, hi, hi_open = bound
    new_lo = None if lo is None else (lo - b) / a
    new_hi = None if hi is None else (hi - b) / a
    if a > 0:
        return new_lo, lo_open, new_hi, hi_open
    return new_hi, hi_open, new_lo, lo_open


def _intersect(p: Bound, q: Bound) -> Bound | None:
    lo, lo_open = _tighter(p[0], p[1], q[0], q[1], 1)
    hi, hi_open = _tighter(p[2], p[3], q[2], q[3], -1)
    if lo is not None and hi is not None and (lo > hi or (lo == hi and (lo_open or hi_open))):
        return None
    return lo, lo_open, hi, hi_open


def _tighter(a: Num | None, a_open: bool, b: Num | None, b_open: bool, side: int) -> tuple[Num | None, bool]:
    """The tighter of two lower ends (side 1) or upper ends (side -1)."""
    if a is None:
        return (None if b is None else norm(b)), b_open
    if b is None or (a - b) * side > 0:
        return norm(a), a_open
    if a == b:
        return norm(a), a_open or b_open
    return norm(b), b_open
