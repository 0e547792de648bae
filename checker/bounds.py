"""Bounds of every variable with the reason for each, the work budget, and the conflict
an emptied domain raises: the state propagation and search work on.

A reason is (atom index, antecedent reasons); None marks a quantity's own domain.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable
from fractions import Fraction

from .constraints import Choice, InSet, Lin, Never, Num, Prim, Problem, norm
from .exact import ncmp as _cmp  # exact, and without the generic comparison's type tests
from .interval import Interval

Reason = tuple | None


class Budget:
    """The work one file's analysis may do, shared by every stage of it.

    Work is counted in units that grow with what is really done (see `work` and the callers
    of `spend`): the terms a propagation pass reads, the entries a simplex pivot rewrites,
    the primitives a branch-and-bound node weighs, the conflicts a hitting-set node scans.
    Counted, not timed, so the same file gives the same report on an idle machine and a busy
    one; the wall-clock deadline is only a backstop for what the count misses, and
    `by_clock` tells a report cut short that way from one the count ended.

    A `reserve` is kept back from the search for what follows it (explanations, the ranges a
    repair's claims would need, the derived ranges): `release` opens it, so a search that
    ran out still leaves the findings it proved explained.
    """

    __slots__ = ("steps", "limit", "cap", "exhausted", "by_clock", "deadline", "_next_clock")

    def __init__(self, limit: int, deadline: float | None = None, reserve: int = 0) -> None:
        self.steps = 0
        self.limit = limit
        self.cap = limit - reserve  # what may be spent before `release`
        self.exhausted = False
        self.by_clock = False  # the deadline, not the count, ended the work
        self.deadline = deadline
        self._next_clock = CLOCK_EVERY

    def spend(self, n: int = 1) -> bool:
        """Count `n` units of work; False once the budget is spent (and from then on)."""
        self.steps += n
        if self.steps > self.cap:
            self.exhausted = True
        elif self.deadline is not None and self.steps >= self._next_clock:
            self._next_clock = self.steps + CLOCK_EVERY
            if time.monotonic() > self.deadline:
                self.exhausted = self.by_clock = True
        return not self.exhausted

    def release(self) -> None:
        """Open the reserve to the stages after the search; a deadline passed stays passed."""
        self.cap = self.limit
        if not self.by_clock:
            self.exhausted = self.steps > self.cap


# Units of work between two looks at the clock: a few milliseconds of work.
CLOCK_EVERY = 4096


def work(p: Prim, d: Domains) -> int:
    """The units one propagation pass of `p` over `d` costs: two for taking it off the queue,
    then the terms it reads, twice for an equality (which bounds each term from both sides).
    A term whose coefficient or bounds are fractions counts FRACTION times: exact fraction
    arithmetic costs that much more than whole numbers (measured on bench/work.py's files),
    and its cost is bounded, since no bound keeps more than MAX_*_BITS."""
    kind = type(p)
    if kind is Lin:
        lo, hi = d.lo, d.hi
        n = 0
        for v, c in p.terms:  # type: ignore[union-attr]
            n += FRACTION if type(c) is Fraction or type(lo[v]) is Fraction or type(hi[v]) is Fraction else 1
        return 2 + n * (2 if p.op == "=" else 1)  # type: ignore[union-attr]
    if kind is InSet or kind is Never:
        return 4
    if kind is Choice:
        return 2 + 2 * FRACTION * sum(len(lin.terms) for alt in p.alternatives for lin in alt)  # type: ignore[union-attr]
    return NONLINEAR


FRACTION = 8
NONLINEAR = 32  # a product or ratio: products and quotients of interval ends, mostly fractions


class Domains:
    """Mutable bounds of every variable, with the reason for each bound."""

    __slots__ = ("lo", "hi", "lo_open", "hi_open", "lo_why", "hi_why", "integer")

    def __init__(self, problem: Problem | None = None) -> None:
        if problem is None:
            return
        n = len(problem.vars)
        self.lo: list[Num | None] = [None] * n
        self.hi: list[Num | None] = [None] * n
        self.lo_open = [True] * n
        self.hi_open = [True] * n
        self.lo_why: list[Reason] = [None] * n
        self.hi_why: list[Reason] = [None] * n
        self.integer = [v.integer for v in problem.vars]
        for i, v in enumerate(problem.vars):
            d = v.domain.integers() if v.integer else v.domain
            self.lo[i] = None if d.lo is None else norm(d.lo)
            self.hi[i] = None if d.hi is None else norm(d.hi)
            self.lo_open[i] = d.lo_open
            self.hi_open[i] = d.hi_open

    def copy(self) -> Domains:
        d = Domains()
        d.lo, d.hi = self.lo.copy(), self.hi.copy()
        d.lo_open, d.hi_open = self.lo_open.copy(), self.hi_open.copy()
        d.lo_why, d.hi_why = self.lo_why.copy(), self.hi_why.copy()
        d.integer = self.integer
        return d

    def sparse(self, vs: Iterable[int]) -> Domains:
        """The bounds of the variables `vs` alone, held in dicts (indexed as before): a
        question about a few rows of a large table copies those rows, not the table. Only
        those variables may be read or narrowed; `widen` adds more."""
        d = Domains()
        d.lo, d.hi, d.lo_open, d.hi_open, d.lo_why, d.hi_why = {}, {}, {}, {}, {}, {}
        d.integer = self.integer
        d.widen(self, vs)
        return d

    def widen(self, source: Domains, vs: Iterable[int]) -> None:
        """Sparse domains take the bounds `source` has for the variables in `vs` they lack."""
        lo = self.lo
        for v in vs:
            if v not in lo:
                lo[v], self.hi[v] = source.lo[v], source.hi[v]
                self.lo_open[v], self.hi_open[v] = source.lo_open[v], source.hi_open[v]
                self.lo_why[v], self.hi_why[v] = source.lo_why[v], source.hi_why[v]

    def held(self) -> Iterable[int]:
        """The variables these domains hold: all of them, or a sparse copy's own."""
        return self.lo.keys() if type(self.lo) is dict else range(len(self.lo))

    def interval(self, v: int) -> Interval:
        return Interval(self.lo[v], self.hi[v], self.lo_open[v], self.hi_open[v])

    def is_point(self, v: int) -> bool:
        lo, hi = self.lo[v], self.hi[v]
        return lo is not None and hi is not None and _cmp(lo, hi) == 0 and not (self.lo_open[v] or self.hi_open[v])

    def empty(self, v: int) -> bool:
        lo, hi = self.lo[v], self.hi[v]
        if lo is None or hi is None:
            return False
        order = _cmp(lo, hi)
        return order > 0 or (order == 0 and (self.lo_open[v] or self.hi_open[v]))

    def set_hi(self, v: int, hi: Num, hi_open: bool, why: Reason) -> bool:
        """Tighten the upper bound; True when it changed."""
        hi = _plain(hi, 1)
        if hi is None:
            return False
        if type(hi) is tuple:  # loosened to a closed end on a coarser grid
            hi, hi_open = hi[0], False
        if self.integer[v]:
            f = math.floor(hi)
            if hi_open and f == hi:
                f -= 1
            hi, hi_open = f, False
        cur = self.hi[v]
        if cur is not None:
            order = _cmp(hi, cur)
            if order > 0 or (order == 0 and (self.hi_open[v] or not hi_open)):
                return False
        self.hi[v], self.hi_open[v], self.hi_why[v] = hi, hi_open, why
        return True

    def set_lo(self, v: int, lo: Num, lo_open: bool, why: Reason) -> bool:
        lo = _plain(lo, -1)
        if lo is None:
            return False
        if type(lo) is tuple:
            lo, lo_open = lo[0], False
        if self.integer[v]:
            c = math.ceil(lo)
            if lo_open and c == lo:
                c += 1
            lo, lo_open = c, False
        cur = self.lo[v]
        if cur is not None:
            order = _cmp(lo, cur)
            if order < 0 or (order == 0 and (self.lo_open[v] or not lo_open)):
                return False
        self.lo[v], self.lo_open[v], self.lo_why[v] = lo, lo_open, why
        return True


def _plain(x: Num, side: int) -> Num | tuple | None:
    """x as an int where it is whole; a bulky x as (a coarser end,) moved outwards, or None
    when even that is too large to keep (see below)."""
    if type(x) is int:
        if x.bit_length() <= MAX_MAGNITUDE_BITS:
            return x
    else:
        n, d = x.numerator, x.denominator
        if d.bit_length() <= MAX_DENOMINATOR_BITS and n.bit_length() <= MAX_MAGNITUDE_BITS:
            return n if d == 1 else x
    coarse, _ = _coarse(x, side)
    return None if coarse is None else (coarse,)


# Around a cycle through a product, each pass can square the size of a bound's digits
# (t1 = t0 * t0 feeding back into t0): exact, sound, and ruinous. A bound past these sizes
# is loosened outwards to a coarser number, or dropped when even that is huge; a looser
# bound loses no solution, and the exact steps after propagation do not depend on it.
MAX_DENOMINATOR_BITS = 64
MAX_MAGNITUDE_BITS = 96


def _coarse(x: Num, side: int) -> tuple[Num | None, bool]:
    """x moved outwards (up for an upper end, side 1) onto a grid of 2**-32, closed;
    None when its size alone is too large to be worth keeping."""
    scaled = x * 2**32
    k = math.ceil(scaled) if side > 0 else math.floor(scaled)
    if k.bit_length() > MAX_MAGNITUDE_BITS + 32:
        return None, True
    return norm(Fraction(k, 2**32)), False


class Conflict(Exception):
    """Propagation emptied a domain; `reasons` are the bound records that did it."""

    def __init__(self, reasons: tuple) -> None:
        super().__init__("conflict")
        self.reasons = reasons

    def atoms(self, budget: Budget | None = None) -> set[int]:
        return atoms_of(self.reasons, budget)


def atoms_of(reasons: tuple, budget: Budget | None = None) -> set[int]:
    """Every atom behind a set of bound records. The walk is counted on `budget` but never
    cut short by it: a core missing an atom would blame the wrong claims."""
    found: set[int] = set()
    seen: set[int] = set()
    stack = [r for r in reasons if r is not None]
    while stack:
        r = stack.pop()
        if id(r) in seen:
            continue
        seen.add(id(r))
        found.add(r[0])
        stack.extend(a for a in r[1] if a is not None)
    if budget is not None:
        budget.spend(len(seen))
    return found
