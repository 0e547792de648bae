"""Branch and bound below one propagated root: the exact search behind a question that
propagation alone leaves open.

A question first dives (each bounded whole quantity held at the middle of what propagation
leaves it, which settles most shares and rates at once); failing that, each node solves the
linear rows, with products and ratios in them as McCormick envelopes, and the point the LP
gives either satisfies every primitive (a proof that the atoms hold) or names one it breaks,
which is split on. Children that propagation empties give the core of an infeasibility.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import TYPE_CHECKING, NamedTuple

from .constraints import Choice, InSet, Lin, Never, Num, Product, Quotient, norm, prim_holds
from .presolve import eliminate_aliases
from .propagate import Budget, Conflict, Domains
from .simplex import solve_lp

if TYPE_CHECKING:
    from .feasibility import _Part

MAX_NODES = 400  # branch-and-bound nodes per question
ENUMERATE_UP_TO = 16  # a nonlinear factor with this few whole values is tried value by value


class Verdict(NamedTuple):
    status: str  # "feasible", "infeasible" or "unknown"
    witness: dict[int, Num] | None = None  # a value for every variable of the question's atoms
    core: frozenset[int] | None = None  # atoms behind an infeasibility, not yet minimal


class Search:
    """Branch and bound below one propagated root, over the atoms of one question."""

    def __init__(self, oracle: _Part, active: list[bool], atoms: frozenset[int]) -> None:
        self.o = oracle
        self.active = active
        self.atoms = atoms
        self.nodes = 0
        problem = oracle.problem
        self.vars = sorted({v for a in atoms for v in problem.atoms[a].vars})
        self.prims = [(a, p) for a in sorted(atoms) for p in problem.atoms[a].prims]
        self.nonlinear = not all(isinstance(p, (Lin, InSet)) for _, p in self.prims)

    def dive(self, doms: Domains) -> Verdict | None:
        """A quick try for a solution: each bounded whole quantity in turn, fewest values
        first, held at the middle of what propagation leaves it; None when that fails
        (which proves nothing: the search proper then decides).

        Shares, rates and means of whole counts are mostly decided this way: propagation
        narrows an unstated total to the few values every share allows, and a middle one
        fits them all, with no linear program solved.
        """
        d = doms.copy()
        prop, budget = self.o.prop, self.o.budget
        whole = [v for v in self.vars if d.integer[v]]
        for _ in range(len(whole)):
            open_ = [v for v in whole if d.lo[v] != d.hi[v] or d.lo[v] is None]
            if not open_:
                break
            bounded = [v for v in open_ if d.lo[v] is not None and d.hi[v] is not None]
            if bounded:
                v = min(bounded, key=lambda v: (d.hi[v] - d.lo[v], v))  # type: ignore[operator]
                mid = (d.lo[v] + d.hi[v]) // 2  # type: ignore[operator]
            else:
                # Only unbounded ones left (a scale no figure states): where a linear
                # program over what is left puts the first, rounded.
                point = self._candidate(d, [])
                if not isinstance(point, list):
                    return None
                v = open_[0]
                mid = math.floor(point[v] + Fraction(1, 2))
            d.set_lo(v, mid, False, (-1, ()))
            d.set_hi(v, mid, False, (-1, ()))
            try:
                prop.run(d, self.active, budget, start=prop.watch[v])
            except Conflict:
                return None
            if budget.exhausted:
                return None
        values = self._candidate(d, [])
        if isinstance(values, list) and self._violation(d, values, []) is None:
            return Verdict("feasible", values)
        return None

    def solve(self, doms: Domains, extra: list, depth: int) -> Verdict:
        self.nodes += 1
        if self.nodes > MAX_NODES or not self.o.budget.spend(len(self.prims) + len(self.vars)):
            return Verdict("unknown")
        values = self._candidate(doms, extra)
        if values is None:
            return Verdict("infeasible", core=self.atoms)
        if values == "unknown":
            return Verdict("unknown")
        branch = self._violation(doms, values, extra)
        if branch is None:
            return Verdict("feasible", values)
        if branch == "unknown":
            return Verdict("unknown")
        cores: set[int] = set()
        unknown = False
        for child_doms, child_extra, start in branch:
            try:
                # A child differs by one bound (or a choice's rows, which run as `extra`):
                # only what watches that bound can move.
                self.o.prop.run(child_doms, self.active, self.o.budget, extra=child_extra, start=start)
            except Conflict as c:
                cores |= {a for a in c.atoms(self.o.budget) if a >= 0}
                continue
            v = self.solve(child_doms, child_extra, depth + 1)
            if v.status == "feasible":
                return v
            if v.status == "unknown":
                unknown = True
            else:
                cores |= v.core or self.atoms
        if unknown:
            return Verdict("unknown")
        return Verdict("infeasible", core=frozenset(cores) or self.atoms)

    def _candidate(self, doms: Domains, extra: list) -> list[Num] | None | str:
        """A point: the fixed values where propagation fixed everything, else an LP vertex."""
        values = self.o.default_point[:]
        free = []
        for v in self.vars:
            if doms.is_point(v):
                values[v] = doms.lo[v]  # type: ignore[assignment]
            else:
                free.append(v)
        if not free:
            return values
        col = {v: i for i, v in enumerate(free)}
        rows: list[Lin] = []
        lins = [p for _, p in self.prims if isinstance(p, Lin)] + [p for _, p in extra if isinstance(p, Lin)]
        # Products and ratios enter the LP through their linear envelopes over this node's
        # bounds: five shares of one total that add to over 100% fail here, without search.
        lins += [lin for _, p in self.prims if isinstance(p, (Product, Quotient)) for lin in envelope(p, doms)]
        for lin in lins:
            terms = []
            rhs: Num = lin.rhs
            for v, c in lin.terms:
                if v in col:
                    terms.append((col[v], c))
                else:
                    rhs -= c * values[v]
            if terms:
                rows.append(Lin(tuple(terms), lin.op, rhs))
        bounds = [(doms.lo[v], doms.lo_open[v], doms.hi[v], doms.hi_open[v]) for v in free]
        smaller = eliminate_aliases(bounds, rows)
        if smaller is None:
            return None
        bounds, rows, recover = smaller
        status, x = _inner_lp(bounds, rows, self.o.budget)
        if status != "feasible":
            status, x = solve_lp(bounds, rows, budget=self.o.budget)
        if status == "infeasible":
            return None
        if status != "feasible":
            return "unknown"
        for v, val in zip(free, recover(x)):  # type: ignore[arg-type]
            values[v] = norm(val)
        return values

    def _violation(self, doms: Domains, values: list[Num], extra: list) -> list | str | None:
        """Children to explore when `values` breaks something; None when it satisfies all.

        A whole quantity at a fraction is split on the smallest such domain (fewest values
        to cover), and the nearest whole value is tried first: a dive that usually lands on
        a solution at once where plain splitting creeps towards it one unit a node.
        """
        fractional = [v for v in self.vars if doms.integer[v] and type(values[v]) is Fraction]
        if fractional:
            v = min(fractional, key=lambda v: (_size(doms, v), v))
            f = math.floor(values[v])
            near = f + 1 if values[v] - f > Fraction(1, 2) else f
            return [self._bound(doms, extra, v, lo=near, hi=near),
                    self._bound(doms, extra, v, hi=f), self._bound(doms, extra, v, lo=f + 1)]
        for a, p in self.prims + list(extra):
            if prim_holds(p, values):
                continue
            if isinstance(p, Choice):
                return [(doms.copy(), extra + [(a, lin) for lin in alt], []) for alt in p.alternatives]
            if isinstance(p, (Product, Quotient)):
                return self._split(doms, extra, p, values)
            if isinstance(p, Never):
                return []
            # A linear or set constraint broken at an LP vertex should not happen; never
            # turn such a surprise into a verdict of "inconsistent".
            return "unknown"
        return None

    def _bound(self, doms: Domains, extra: list, v: int, lo: Num | None = None, hi: Num | None = None):
        d = doms.copy()
        if lo is not None:
            d.set_lo(v, lo, False, (-1, ()))
        if hi is not None:
            d.set_hi(v, hi, False, (-1, ()))
        return d, extra, self.o.prop.watch[v]

    def _split(self, doms: Domains, extra: list, p: Product | Quotient, values: list[Num]) -> list:
        """Children for a product or ratio the point breaks: first the point's own value of
        the result as a probe (with it fixed, the envelope is the exact linear rule), then
        a split of a factor that covers every case."""
        probe = []
        if not doms.is_point(p.z):
            x, y = values[p.x], values[p.y]
            if isinstance(p, Product) or y != 0:
                val = norm(x * y if isinstance(p, Product) else Fraction(x) / y)
                if doms.interval(p.z).contains(val) and (not doms.integer[p.z] or not isinstance(val, Fraction)):
                    probe = [self._bound(doms, extra, p.z, lo=val, hi=val)]
        # Or one factor held where the point has it: the rule is then linear in the rest.
        for f in (p.x, p.y):
            val = values[f]
            if not doms.is_point(f) and doms.interval(f).contains(val) and (
                    not doms.integer[f] or not isinstance(val, Fraction)):
                probe.append(self._bound(doms, extra, f, lo=val, hi=val))
                break
        return probe + self._cover(doms, extra, p, values)

    def _cover(self, doms: Domains, extra: list, p: Product | Quotient, values: list[Num]) -> list:
        factors = [p.x, p.y] if isinstance(p, Product) else [p.y, p.x]
        free = [v for v in factors if not doms.is_point(v)] or [v for v in (p.z,) if not doms.is_point(v)]
        if not free:
            return []
        counts = [(doms.interval(v).integer_count() if doms.integer[v] else None, v) for v in free]
        small = [(c, v) for c, v in counts if c is not None and c <= ENUMERATE_UP_TO]
        if small:
            _, v = min(small)
            lo = doms.interval(v).integers().lo
            return [self._bound(doms, extra, v, lo=lo + k, hi=lo + k) for k in range(int(min(small)[0]))]
        v = free[0]
        iv = doms.interval(v)
        if iv.is_bounded():
            mid = (iv.lo + iv.hi) / 2  # type: ignore[operator]
        else:
            # Split where the point is, but never at a finite end itself: that child would
            # be its parent again, and the search would not move.
            mid = Fraction(values[v])
            if iv.lo is not None and mid <= iv.lo:
                mid = iv.lo + 1 + abs(iv.lo)
            elif iv.hi is not None and mid >= iv.hi:
                mid = iv.hi - 1 - abs(iv.hi)
        if doms.integer[v]:
            m = math.floor(mid)
            return [self._bound(doms, extra, v, hi=m), self._bound(doms, extra, v, lo=m + 1)]
        return [self._bound(doms, extra, v, hi=mid), self._bound(doms, extra, v, lo=mid)]


def _size(doms: Domains, v: int) -> int | float:
    count = doms.interval(v).integer_count()
    return math.inf if count is None else count


def envelope(p: Product | Quotient, doms: Domains) -> list[Lin]:
    """Linear rows implied by w = u * v over the closures of the bounds of u and v.

    z = x / y is read as x = z * y. These are McCormick's envelopes: from (u - ul)(v - vl) >= 0
    and its three siblings. For a share z in [lo, hi] of a positive y they say
    lo * y <= x <= hi * y, and with a factor fixed they are the exact rule itself.
    """
    if isinstance(p, Product):
        w, u, v = p.z, p.x, p.y
    else:
        w, u, v = p.x, p.z, p.y
    ul, uh, vl, vh = doms.lo[u], doms.hi[u], doms.lo[v], doms.hi[v]
    rows = []

    def row(cu: Num, cv: Num, cw: Num, rhs: Num) -> None:
        terms: dict[int, Num] = {}
        for var, c in ((u, cu), (v, cv), (w, cw)):
            terms[var] = norm(terms.get(var, 0) + c)
        rows.append(Lin(tuple((var, c) for var, c in sorted(terms.items()) if c != 0), "<=", norm(rhs)))

    if ul is not None and vl is not None:  # w >= ul*v + vl*u - ul*vl
        row(vl, ul, -1, ul * vl)
    if uh is not None and vh is not None:  # w >= uh*v + vh*u - uh*vh
        row(vh, uh, -1, uh * vh)
    if uh is not None and vl is not None:  # w <= uh*v + vl*u - uh*vl
        row(-vl, -uh, 1, -uh * vl)
    if ul is not None and vh is not None:  # w <= ul*v + vh*u - ul*vh
        row(-vh, -ul, 1, -ul * vh)
    return rows


def _inner_lp(bounds: list, rows: list[Lin], budget: Budget) -> tuple[str, list | None]:
    """A point strictly inside every open end, from a closed LP pulled in from those ends.

    Only a shortcut for finding points: a strict LP needs a second phase to maximise its
    slack, and most points are found without it. "infeasible" here proves nothing, so the
    caller then asks the exact strict question.
    """
    if not any(lo_o or hi_o for _, lo_o, _, hi_o in bounds) and not any(r.op == "<" for r in rows):
        return "skip", None
    inner = []
    for lo, lo_o, hi, hi_o in bounds:
        gap = Fraction(hi - lo, 16) if lo is not None and hi is not None else None
        if lo is not None and lo_o:
            lo = lo + (gap if gap is not None else Fraction(1 + abs(lo), 1024))
        if hi is not None and hi_o:
            hi = hi - (gap if gap is not None else Fraction(1 + abs(hi), 1024))
        inner.append((lo, False, hi, False))
    tight = [Lin(r.terms, "<=", r.rhs - Fraction(1 + abs(r.rhs), 1024)) if r.op == "<" else r for r in rows]
    return solve_lp(inner, tight, budget=budget)
