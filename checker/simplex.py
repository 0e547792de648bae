"""Exact linear feasibility and optimisation: a sparse bounded simplex over rationals.

The tableau is the one SMT solvers keep (Dutertre and de Moura, "A fast linear-arithmetic
solver for DPLL(T)", 2006): each row defines a slack variable as a sparse sum of the others,
every variable, structural or slack, carries its own bounds, and the basic variables are
written as sparse dicts over the nonbasic ones. Bounded quantities therefore cost no rows,
phase 1 needs no artificial columns and no dense cost row, and a pivot touches only the
rows that hold the entering variable (found through a column index).

Strict ends stay exact: a value is a pair c + k*d for a positive infinitesimal d, so
`x > 3` is the bound (3, +1). Where a question is feasible, a concrete rational d small
enough for every bound is chosen at the end. This decides exactly what the former common
slack did (the strict system holds iff some positive slack fits), without a second phase.
Bland's rule (the least index enters and leaves) keeps every loop finite; `max_pivots`
bounds the work, and `pivots` counts it.

Warm starts: a `Simplex` keeps its basis and values between questions. A caller may add
rows, remove them, or change bounds, then call `check()` again; it resumes from the last
basis, so a question that differs by a few claims costs a few pivots. A row is switched off
without losing its place by freeing its bounds (`set_bounds(row, None, False, None, False)`)
and on again by restoring them. `solve_lp` is the one-shot door the solver uses today.
"""

from __future__ import annotations

import heapq
from fractions import Fraction
from typing import Iterable

from .constraints import Lin, Num

Bound = tuple[Num | None, bool, Num | None, bool]  # lo, lo_open, hi, hi_open


def solve_lp(bounds: list[Bound], rows: list[Lin], max_pivots: int | None = None,
             maximise: dict[int, Num] | None = None, budget=None) -> tuple[str, list[Fraction] | None]:
    """("feasible", a point), ("infeasible", None) or ("unknown", None) past `max_pivots`.

    With `maximise` (variable -> coefficient) the point maximises that sum over the closure
    of the region (strict ends taken as closed), and the status is "unbounded" when it has
    no maximum; openness at the optimum is the caller's to test. By default the pivots allowed
    grow with the rows: a 30,000-figure table's 5,758 rows take about as many pivots.
    """
    if max_pivots is None:
        max_pivots = 5_000 + 4 * len(rows)
    lp = Simplex(budget)
    if budget is not None:  # setting up: every bound and row entry
        budget.spend(len(bounds) + sum(len(lin.terms) for lin in rows))
    closed = maximise is not None
    for lo, lo_open, hi, hi_open in bounds:
        lp.add_variable(lo, lo_open and not closed, hi, hi_open and not closed)
    for lin in rows:
        lp.add_row(lin.terms, "<=" if closed and lin.op == "<" else lin.op, lin.rhs)
    status = lp.check(max_pivots)
    if status != "feasible":
        return status, None
    if maximise is not None:
        status = lp.maximise(maximise, max_pivots)
        if status != "optimal":
            return status, None
    return "feasible", lp.point(range(len(bounds)))


def _exact(x: Num) -> Num:
    """Ints stay ints (fast); anything else becomes a Fraction, never a float."""
    if type(x) is int:
        return x
    q = Fraction(x)
    return q.numerator if q.denominator == 1 else q


def _div(a: Num, b: Num) -> Num:
    if b == 1:
        return a
    if b == -1:
        return -a
    q = Fraction(a) / b
    return q.numerator if q.denominator == 1 else q


class Simplex:
    """A warm-startable exact simplex: variables with bounds, rows as slack variables.

    Interface (indices are handles; a row's handle is its slack variable's index):
      add_variable(lo, lo_open, hi, hi_open) -> var     a new structural variable
      add_row(terms, op, rhs) -> row                     sum(c * var) op rhs, op in = <= < >= >
      remove_row(row)                                    forget a row (its slack leaves)
      set_bounds(var, lo, lo_open, hi, hi_open)          change a variable's bounds
      check(max_pivots) -> "feasible"|"infeasible"|"unknown"
      conflict() -> [(var, "lo"|"hi")]                   after "infeasible": the bounds (rows,
                                                         for slack handles) that cannot hold together
      point(vars) -> [Fraction]                          after "feasible": exact values, strict ends kept
      maximise(objective, max_pivots) -> "optimal"|"unbounded"|"unknown"|"infeasible"
                                                         over the closure, from the last feasible basis
      pivots                                             work done so far (for a counted budget)
    """

    def __init__(self, budget=None) -> None:
        self.budget = budget  # a bounds.Budget: pivots spend the entries they rewrite
        self.rows: dict[int, dict[int, Num]] = {}  # basic var -> {nonbasic var: coefficient}
        self.cols: list[set[int]] = []  # nonbasic var -> the basic vars whose rows hold it
        self.val: list[Num] = []  # value c of c + k*d
        self.dval: list[Num] = []  # value k of c + k*d
        self.lo: list[Num | None] = []
        self.lo_d: list[int] = []  # +1 for an open lower end
        self.hi: list[Num | None] = []
        self.hi_d: list[int] = []  # -1 for an open upper end
        self.removed: set[int] = set()  # slack variables of removed rows
        self.crossed: set[int] = set()  # variables whose lower bound lies above their upper
        self.pivots = 0
        self._queue: list[int] = []  # basic vars that may be out of bounds (a heap)
        self._queued: set[int] = set()
        self._projected = False  # maximise left closure values: re-clamp before checking
        self._conflict: list[tuple[int, str]] = []

    # -- building -------------------------------------------------------------------------

    def add_variable(self, lo: Num | None = None, lo_open: bool = False,
                     hi: Num | None = None, hi_open: bool = False) -> int:
        v = len(self.val)
        self.cols.append(set())
        self.val.append(0)
        self.dval.append(0)
        self.lo.append(None)
        self.lo_d.append(0)
        self.hi.append(None)
        self.hi_d.append(0)
        self.set_bounds(v, lo, lo_open, hi, hi_open)
        return v

    def add_row(self, terms: Iterable[tuple[int, Num]], op: str, rhs: Num) -> int:
        s = self.add_variable()
        row: dict[int, Num] = {}
        c: Num = 0
        k: Num = 0
        for v, a in terms:
            a = _exact(a)
            if not a:
                continue
            c += a * self.val[v]
            k += a * self.dval[v]
            # A basic variable is its row: substitute it, so rows only hold nonbasic ones.
            for w, b in self.rows[v].items() if v in self.rows else ((v, 1),):
                row[w] = row.get(w, 0) + a * b
        row = {w: b for w, b in row.items() if b}
        for w in row:
            self.cols[w].add(s)
        self.rows[s] = row
        self.val[s], self.dval[s] = c, k
        rhs = _exact(rhs)
        lo, lo_open, hi, hi_open = {
            "=": (rhs, False, rhs, False), "<=": (None, False, rhs, False), "<": (None, False, rhs, True),
            ">=": (rhs, False, None, False), ">": (rhs, True, None, False),
        }[op]
        self.set_bounds(s, lo, lo_open, hi, hi_open)
        return s

    def remove_row(self, s: int) -> None:
        if s not in self.rows:  # nonbasic: bring it into the basis through any row holding it
            users = self.cols[s]
            if users:
                i = min(users)
                self._pivot(i, s)
                self._clamp(i)
        for w in self.rows.pop(s, {}):
            self.cols[w].discard(s)
        self.removed.add(s)
        self.lo[s] = self.hi[s] = None
        self.crossed.discard(s)

    def set_bounds(self, v: int, lo: Num | None, lo_open: bool, hi: Num | None, hi_open: bool) -> None:
        self.lo[v] = None if lo is None else _exact(lo)
        self.lo_d[v] = 1 if lo is not None and lo_open else 0
        self.hi[v] = None if hi is None else _exact(hi)
        self.hi_d[v] = -1 if hi is not None and hi_open else 0
        if self._crossed(v):
            self.crossed.add(v)
        else:
            self.crossed.discard(v)
        if v in self.rows:
            self._enqueue(v)
        else:
            self._clamp(v)

    # -- answers --------------------------------------------------------------------------

    def check(self, max_pivots: int = 5000) -> str:
        """Move the values until every bound holds, or show that no values can."""
        if self._projected:
            self._projected = False
            for v in range(len(self.val)):
                if v in self.rows:
                    self._enqueue(v)  # a strict bound may no longer hold
                elif v not in self.removed:
                    self._clamp(v)
        if self.crossed:
            v = min(self.crossed)
            self._conflict = [(v, "lo"), (v, "hi")]
            return "infeasible"
        limit = self.pivots + max_pivots
        rows, val, dval = self.rows, self.val, self.dval
        while True:
            i = self._violated()
            if i is None:
                return "feasible"
            if self.pivots >= limit or (self.budget is not None and self.budget.exhausted):
                return "unknown"
            below = self._below_lo(i)
            enter = None
            for j, a in rows[i].items():
                if enter is not None and j > enter:
                    continue
                if (a > 0) == below:  # x_j must rise
                    h = self.hi[j]
                    if h is None or (val[j], dval[j]) < (h, self.hi_d[j]):
                        enter = j
                else:
                    l_ = self.lo[j]
                    if l_ is None or (val[j], dval[j]) > (l_, self.lo_d[j]):
                        enter = j
            if enter is None:
                # Row i is a sum of nonbasic variables all at the bounds that block it: Farkas.
                self._conflict = [(i, "lo" if below else "hi")] + [
                    (j, "hi" if (a > 0) == below else "lo") for j, a in sorted(rows[i].items())]
                return "infeasible"
            if below:
                self._pivot_and_update(i, enter, self.lo[i], self.lo_d[i])  # type: ignore[arg-type]
            else:
                self._pivot_and_update(i, enter, self.hi[i], self.hi_d[i])  # type: ignore[arg-type]

    def conflict(self) -> list[tuple[int, str]]:
        return list(self._conflict)

    def point(self, variables: Iterable[int]) -> list[Fraction]:
        """Exact values after a feasible check, with a rational d small enough for every bound."""
        d = Fraction(1)
        for v in range(len(self.val)):
            if v in self.removed:
                continue
            c, k = self.val[v], self.dval[v]
            if self.lo[v] is not None and self.lo_d[v] > k:
                d = min(d, Fraction(c - self.lo[v]) / (self.lo_d[v] - k))  # type: ignore[operator]
            if self.hi[v] is not None and k > self.hi_d[v]:
                d = min(d, Fraction(self.hi[v] - c) / (k - self.hi_d[v]))  # type: ignore[operator]
        return [Fraction(self.val[v]) + self.dval[v] * d for v in variables]

    def maximise(self, objective: dict[int, Num], max_pivots: int = 5000) -> str:
        """Maximise sum(c * var) over the closure of the bounds, from a feasible basis."""
        status = self.check(max_pivots)
        if status != "feasible":
            return status
        self._project()
        obj: dict[int, Num] = {}
        for v, c in objective.items():
            c = _exact(c)
            for w, b in self.rows[v].items() if v in self.rows else ((v, 1),):
                obj[w] = obj.get(w, 0) + c * b
        self._obj = obj
        limit = self.pivots + max_pivots
        try:
            while True:
                enter = None
                for j, c in obj.items():
                    if c and (enter is None or j < enter) and self._can_move(j, c > 0):
                        enter = j
                if enter is None:
                    return "optimal"
                if self.pivots >= limit or (self.budget is not None and self.budget.exhausted):
                    return "unknown"
                up = obj[enter] > 0
                step = self._ratio_test(enter, up)
                if step is None:
                    return "unbounded"
                t, leave, bound = step
                if leave == enter:
                    self._update(enter, self.val[enter] + (t if up else -t), 0)
                    self.pivots += 1
                else:
                    self._pivot_and_update(leave, enter, bound, 0)
        finally:
            self._obj = None

    # -- the moves ------------------------------------------------------------------------

    _obj: dict[int, Num] | None = None

    def _project(self) -> None:
        """Drop the infinitesimal parts: the values then hold over the closure of every bound."""
        self.dval = [0] * len(self.dval)
        self._projected = True

    def _can_move(self, j: int, up: bool) -> bool:
        bound = self.hi[j] if up else self.lo[j]
        return bound is None or (self.val[j] < bound if up else self.val[j] > bound)

    def _ratio_test(self, j: int, up: bool) -> tuple[Num, int, Num] | None:
        """How far x_j can move (over closed bounds): (step, the variable that stops it, its bound)."""
        best: tuple[Num, int, Num] | None = None
        own = self.hi[j] if up else self.lo[j]
        if own is not None:
            best = (abs(own - self.val[j]), j, own)
        for i in self.cols[j]:
            a = self.rows[i][j] if up else -self.rows[i][j]
            bound = self.hi[i] if a > 0 else self.lo[i]
            if bound is None:
                continue
            t = _div(bound - self.val[i], a)
            if best is None or (t, i) < best[:2]:
                best = (t, i, bound)
        return best

    def _violated(self) -> int | None:
        """The least basic variable out of its bounds (Bland's rule), or None."""
        queue = self._queue
        while queue:
            i = queue[0]
            if i in self.rows and (self._below_lo(i) or self._above_hi(i)):
                return i
            heapq.heappop(queue)
            self._queued.discard(i)
        return None

    def _enqueue(self, i: int) -> None:
        if i not in self._queued:
            self._queued.add(i)
            heapq.heappush(self._queue, i)

    def _below_lo(self, v: int) -> bool:
        lo = self.lo[v]
        return lo is not None and (self.val[v], self.dval[v]) < (lo, self.lo_d[v])

    def _above_hi(self, v: int) -> bool:
        hi = self.hi[v]
        return hi is not None and (self.val[v], self.dval[v]) > (hi, self.hi_d[v])

    def _crossed(self, v: int) -> bool:
        lo, hi = self.lo[v], self.hi[v]
        return lo is not None and hi is not None and (lo, self.lo_d[v]) > (hi, self.hi_d[v])

    def _clamp(self, v: int) -> None:
        """Put a nonbasic variable back inside its bounds (the lower end when they cross)."""
        if self._below_lo(v) or self._crossed(v):
            self._update(v, self.lo[v], self.lo_d[v])  # type: ignore[arg-type]
        elif self._above_hi(v):
            self._update(v, self.hi[v], self.hi_d[v])  # type: ignore[arg-type]

    def _update(self, j: int, c: Num, k: Num) -> None:
        """Set nonbasic x_j to c + k*d and carry the change to every basic variable."""
        dc, dk = c - self.val[j], k - self.dval[j]
        val, dval, rows = self.val, self.dval, self.rows
        for i in self.cols[j]:
            a = rows[i][j]
            val[i] += a * dc
            if dk:
                dval[i] += a * dk
            self._enqueue(i)
        val[j], dval[j] = c, k

    def _pivot_and_update(self, i: int, j: int, c: Num, k: Num) -> None:
        """Move basic x_i to c + k*d by moving nonbasic x_j, then swap their roles."""
        a = self.rows[i][j]
        # Moving x_j by (target - x_i)/a moves x_i exactly onto the target.
        self._update(j, self.val[j] + _div(c - self.val[i], a), self.dval[j] + _div(k - self.dval[i], a))
        self._pivot(i, j)
        self._enqueue(j)

    def _pivot(self, i: int, j: int) -> None:
        """x_j enters the basis through row i; x_i leaves. Only rows holding x_j change."""
        rows, cols = self.rows, self.cols
        row = rows.pop(i)
        a = row.pop(j)
        for w in row:
            cols[w].discard(i)
        cols[j].discard(i)
        # x_i = a*x_j + sum(r*x_w)  gives  x_j = x_i/a - sum(r/a * x_w)
        new = {i: _div(1, a)}
        for w, r in row.items():
            new[w] = _div(-r, a)
        users = cols[j]
        cols[j] = set()
        for m in users:
            self._substitute(rows[m], m, j, new)
        if self._obj is not None and j in self._obj:
            self._substitute(self._obj, None, j, new)
        rows[j] = new
        for w in new:
            cols[w].add(j)
        self.pivots += 1
        if self.budget is not None:
            self.budget.spend(len(new) * (len(users) + 1))

    def _substitute(self, target: dict[int, Num], owner: int | None, j: int, new: dict[int, Num]) -> None:
        """Replace x_j in `target` (the row of `owner`, or the objective) by its new row."""
        cols = self.cols
        f = target.pop(j)
        for w, r in new.items():
            x = target.get(w)
            if x is None:
                target[w] = f * r
                if owner is not None:
                    cols[w].add(owner)
            else:
                y = x + f * r
                if y:
                    target[w] = y
                else:
                    del target[w]
                    if owner is not None:
                        cols[w].discard(owner)
