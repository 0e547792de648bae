"""The sparse simplex against the dense tableau it replaced, on thousands of small random LPs.

The dense two-phase simplex (a common slack for strict ends) is kept here, and only here, as
the oracle: both must agree on every status and optimum, and every point the sparse one gives
must satisfy every bound and row exactly, strict ends included.
"""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from checker.constraints import Lin
from checker.simplex import Simplex, solve_lp


# --- the former dense implementation, verbatim but for its names -----------------------------

def dense_solve_lp(bounds: list, rows: list[Lin], max_pivots: int = 5000,
                   maximise: dict | None = None) -> tuple[str, list[Fraction] | None]:
    """("feasible", a point), ("infeasible", None) or ("unknown", None) past `max_pivots`.

    With `maximise` (variable -> coefficient) the point maximises that sum over the closure
    of the region (strict ends taken as closed), and the status is "unbounded" when it has
    no maximum; openness at the optimum is the caller's to test.
    """
    if maximise is not None:
        bounds = [(lo, False, hi, False) for lo, _, hi, _ in bounds]
        rows = [Lin(r.terms, "<=", r.rhs) if r.op == "<" else r for r in rows]
    # Each x_j becomes offset + sign*y_a (- y_b when free); every y is >= 0.
    cols = 0
    subst: list[tuple[Fraction, list[tuple[int, int]]]] = []
    le_rows: list[tuple[dict[int, Fraction], Fraction, bool]] = []  # sum <= b, strict?
    eq_rows: list[tuple[dict[int, Fraction], Fraction]] = []
    for lo, lo_open, hi, hi_open in bounds:
        if lo is not None:
            subst.append((Fraction(lo), [(cols, 1)]))
            if lo_open:
                le_rows.append(({cols: Fraction(-1)}, Fraction(0), True))
            if hi is not None:
                le_rows.append(({cols: Fraction(1)}, Fraction(hi) - lo, hi_open))
            cols += 1
        elif hi is not None:
            subst.append((Fraction(hi), [(cols, -1)]))
            if hi_open:
                le_rows.append(({cols: Fraction(-1)}, Fraction(0), True))
            cols += 1
        else:
            subst.append((Fraction(0), [(cols, 1), (cols + 1, -1)]))
            cols += 2
    for lin in rows:
        coef: dict[int, Fraction] = {}
        b = Fraction(lin.rhs)
        for v, c in lin.terms:
            off, parts = subst[v]
            b -= c * off
            for col, s in parts:
                coef[col] = coef.get(col, Fraction(0)) + c * s
        coef = {k: x for k, x in coef.items() if x != 0}
        if lin.op == "=":
            eq_rows.append((coef, b))
        else:
            le_rows.append((coef, b, lin.op == "<"))
    strict = any(s for _, _, s in le_rows)
    t_col = cols if strict else -1
    if strict:
        cols += 1
        le_rows.append(({t_col: Fraction(1)}, Fraction(1), False))
    tab = _DenseTableau(cols)
    for coef, b, s in le_rows:
        if s:
            coef = dict(coef)
            coef[t_col] = coef.get(t_col, Fraction(0)) + 1
        tab.add(coef, b, "<=")
    for coef, b in eq_rows:
        tab.add(coef, b, "=")
    status = tab.phase1(max_pivots)
    if status != "optimal":
        return status, None
    if strict:
        status = tab.maximise({t_col: Fraction(1)}, max_pivots)
        if status != "optimal":
            return status, None
        if tab.value(t_col) <= 0:
            return "infeasible", None
    if maximise is not None:
        objective: dict[int, Fraction] = {}
        for v, c in maximise.items():
            for col, sgn in subst[v][1]:
                objective[col] = objective.get(col, Fraction(0)) + c * sgn
        status = tab.maximise(objective, max_pivots)
        if status != "optimal":
            return status, None
    y = [tab.value(j) for j in range(cols)]
    x = []
    for off, parts in subst:
        x.append(off + sum((s * y[col] for col, s in parts), Fraction(0)))
    return "feasible", x


class _DenseTableau:
    """Dense tableau rows over structural, slack and artificial columns."""

    def __init__(self, n_struct: int) -> None:
        self.n_struct = n_struct
        self.pending: list[tuple[dict[int, Fraction], Fraction, str]] = []

    def add(self, coef: dict[int, Fraction], b: Fraction, kind: str) -> None:
        if b < 0:
            coef = {k: -x for k, x in coef.items()}
            b = -b
            kind = {"<=": ">=", "=": "="}[kind]
        self.pending.append((coef, b, kind))

    def _build(self) -> None:
        n_slack = sum(1 for _, _, k in self.pending if k != "=")
        n_art = sum(1 for _, _, k in self.pending if k != "<=")
        self.first_art = self.n_struct + n_slack
        self.width = self.first_art + n_art
        self.rows: list[list[Fraction]] = []
        self.basis: list[int] = []
        slack = self.n_struct
        art = self.first_art
        for coef, b, kind in self.pending:
            row = [Fraction(0)] * (self.width + 1)
            for k, x in coef.items():
                row[k] = x
            row[-1] = b
            if kind == "<=":
                row[slack] = Fraction(1)
                self.basis.append(slack)
                slack += 1
            else:
                if kind == ">=":
                    row[slack] = Fraction(-1)
                    slack += 1
                row[art] = Fraction(1)
                self.basis.append(art)
                art += 1
            self.rows.append(row)

    def _pivot(self, r: int, c: int) -> None:
        row = self.rows[r]
        p = row[c]
        if p != 1:
            row[:] = [x / p for x in row]
        nz = [(j, x) for j, x in enumerate(row) if x]
        for i, other in enumerate(self.rows):
            if i != r:
                f = other[c]
                if f:
                    for j, x in nz:
                        other[j] -= f * x
        f = self.cost[c]
        if f:
            for j, x in nz:
                self.cost[j] -= f * x
        self.basis[r] = c

    def _iterate(self, max_pivots: int, allowed: int) -> str:
        for _ in range(max_pivots):
            enter = next((j for j in range(allowed) if self.cost[j] < 0), None)
            if enter is None:
                return "optimal"
            best = None
            for i, row in enumerate(self.rows):
                a = row[enter]
                if a > 0:
                    ratio = row[-1] / a
                    key = (ratio, self.basis[i])
                    if best is None or key < best[0]:
                        best = (key, i)
            if best is None:
                return "unbounded"
            self._pivot(best[1], enter)
        return "unknown"

    def phase1(self, max_pivots: int) -> str:
        self._build()
        self.cost = [Fraction(0)] * (self.width + 1)
        for i, row in enumerate(self.rows):
            if self.basis[i] >= self.first_art:
                for j in range(self.first_art):
                    self.cost[j] -= row[j]
                self.cost[-1] -= row[-1]
        status = self._iterate(max_pivots, self.first_art)
        if status == "unknown":
            return status
        if self.cost[-1] != 0:
            return "infeasible"
        # Drive artificials out of the basis; a row with no other entry is redundant.
        for i in range(len(self.rows) - 1, -1, -1):
            if self.basis[i] >= self.first_art:
                c = next((j for j in range(self.first_art) if self.rows[i][j] != 0), None)
                if c is None:
                    del self.rows[i]
                    del self.basis[i]
                else:
                    self._pivot(i, c)
        return "optimal"

    def maximise(self, objective: dict[int, Fraction], max_pivots: int) -> str:
        """Maximise sum(c * column) from the current feasible basis (phase 2)."""
        self.cost = [Fraction(0)] * (self.width + 1)
        for col, c in objective.items():
            self.cost[col] = -c
        for i, b in enumerate(self.basis):
            f = self.cost[b]
            if f:
                self.cost = [x - f * y for x, y in zip(self.cost, self.rows[i])]
        return self._iterate(max_pivots, self.first_art)

    def value(self, col: int) -> Fraction:
        for i, b in enumerate(self.basis):
            if b == col:
                return self.rows[i][-1]
        return Fraction(0)


# --- random small LPs ---------------------------------------------------------------------------

def _number(rng: random.Random, span: int) -> int | Fraction:
    n = rng.randint(-span, span)
    return Fraction(n, rng.choice([2, 3])) if rng.random() < 0.15 else n


def random_lp(rng: random.Random) -> tuple[list, list[Lin]]:
    n = rng.randint(1, 5)
    bounds = []
    for _ in range(n):
        lo = _number(rng, 5) if rng.random() < 0.7 else None
        hi = _number(rng, 5) if rng.random() < 0.6 else None
        if lo is not None and hi is not None and hi < lo and rng.random() < 0.8:
            lo, hi = hi, lo
        bounds.append((lo, rng.random() < 0.25, hi, rng.random() < 0.25))
    rows = []
    for _ in range(rng.randint(0, 5)):
        chosen = rng.sample(range(n), rng.randint(0, n))
        terms = tuple((v, rng.choice([-3, -2, -1, 1, 1, 2, 3, Fraction(1, 2)])) for v in chosen)
        op = rng.choice(["=", "<=", "<=", "<"])
        rows.append(Lin(terms, op, _number(rng, 10)))
    return bounds, rows


def holds(x: list[Fraction], bounds: list, rows: list[Lin], closed: bool = False) -> bool:
    for value, (lo, lo_open, hi, hi_open) in zip(x, bounds):
        if lo is not None and (value < lo or (value == lo and lo_open and not closed)):
            return False
        if hi is not None and (value > hi or (value == hi and hi_open and not closed)):
            return False
    for lin in rows:
        total = sum((c * x[v] for v, c in lin.terms), Fraction(0))
        if not {"=": total == lin.rhs, "<=": total <= lin.rhs, "<": total < lin.rhs or (closed and total == lin.rhs)}[lin.op]:
            return False
    return True


@pytest.mark.parametrize("seed", range(4))
def test_feasibility_agrees_with_the_dense_tableau(seed):
    rng = random.Random(seed)
    seen = set()
    for _ in range(1000):
        bounds, rows = random_lp(rng)
        status, x = solve_lp(bounds, rows)
        assert status == dense_solve_lp(bounds, rows)[0], (bounds, rows)
        if status == "feasible":
            assert holds(x, bounds, rows), (bounds, rows, x)
        seen.add(status)
    assert seen == {"feasible", "infeasible"}


@pytest.mark.parametrize("seed", range(4))
def test_optima_agree_with_the_dense_tableau(seed):
    rng = random.Random(100 + seed)
    seen = set()
    for _ in range(800):
        bounds, rows = random_lp(rng)
        objective = {v: rng.choice([-2, -1, 1, 3, Fraction(1, 3)]) for v in rng.sample(range(len(bounds)), rng.randint(1, len(bounds)))}
        status, x = solve_lp(bounds, rows, maximise=objective)
        expected, y = dense_solve_lp(bounds, rows, maximise=objective)
        assert status == expected, (bounds, rows, objective)
        if status == "feasible":
            assert holds(x, bounds, rows, closed=True)
            assert sum(c * x[v] for v, c in objective.items()) == sum(c * y[v] for v, c in objective.items())
        seen.add(status)
    assert seen == {"feasible", "infeasible", "unbounded"}


def test_strict_ends_that_only_a_tiny_value_fits():
    eps = Fraction(1, 10**30)
    status, x = solve_lp([(0, True, eps, True), (None, False, None, False)], [Lin(((0, 1), (1, 1)), "=", 1)])
    assert status == "feasible" and 0 < x[0] < eps and x[0] + x[1] == 1
    # x > 0, y > 0, x + y < 0 cannot hold; with <= it cannot either; x + y <= 0 with x, y >= 0 can
    rows = [Lin(((0, 1), (1, 1)), "<", 0)]
    assert solve_lp([(0, True, None, False)] * 2, rows)[0] == "infeasible"
    assert solve_lp([(0, False, None, False)] * 2, [Lin(((0, 1), (1, 1)), "<=", 0)]) == ("feasible", [0, 0])


def test_pivot_limit_gives_unknown():
    rows = [Lin(((0, 1), (1, 1)), "=", 10), Lin(((0, 1), (1, -1)), "=", 2)]
    assert solve_lp([(None, False, None, False)] * 2, rows, max_pivots=0)[0] == "unknown"
    assert solve_lp([(None, False, None, False)] * 2, rows) == ("feasible", [6, 4])


def test_a_table_of_sums():
    # 12 rows of 8 cells each summing to a row total, column totals, a grand total; cells
    # and totals claimed within ranges: feasible; one row total then claimed 100 too high: not.
    rng = random.Random(7)
    R = 12
    cells = [[rng.randint(100, 999) for _ in range(8)] for _ in range(R)]
    n_cells = R * 8
    bounds = [(c - rng.randint(0, 9), False, c + rng.randint(0, 9), rng.random() < 0.3) for row in cells for c in row]
    row_total = [sum(row) for row in cells]
    col_total = [sum(row[k] for row in cells) for k in range(8)]
    bounds += [(t, False, t, False) for t in row_total] + [(t - 5, True, t + 5, True) for t in col_total]
    rows = [Lin(tuple((r * 8 + k, 1) for k in range(8)) + ((n_cells + r, -1),), "=", 0) for r in range(R)]
    rows += [Lin(tuple((r * 8 + k, 1) for r in range(R)) + ((n_cells + R + k, -1),), "=", 0) for k in range(8)]
    status, x = solve_lp(bounds, rows)
    assert status == dense_solve_lp(bounds, rows)[0] == "feasible" and holds(x, bounds, rows)
    for v, c in ((n_cells + 3, 1), (n_cells + R + 1, -1), (5, 1)):
        objective = {v: c}
        assert solve_lp(bounds, rows, maximise=objective)[1][v] == dense_solve_lp(bounds, rows, maximise=objective)[1][v]
    bounds[n_cells + 4] = (row_total[4] + 100, False, row_total[4] + 100, False)
    assert solve_lp(bounds, rows)[0] == dense_solve_lp(bounds, rows)[0] == "infeasible"


# --- warm starts ----------------------------------------------------------------------------------

@pytest.mark.parametrize("seed", range(3))
def test_a_warm_simplex_answers_as_a_fresh_one(seed):
    """Rows added and removed and bounds changed between checks: each answer as from scratch."""
    rng = random.Random(200 + seed)
    for _ in range(150):
        bounds, rows = random_lp(rng)
        lp = Simplex()
        for b in bounds:
            lp.add_variable(*b)
        live: dict[int, Lin] = {}
        for step in range(8):
            move = rng.random()
            if move < 0.5 or not live:
                lin = rows[step % len(rows)] if rows else Lin(((0, 1),), "<=", rng.randint(-5, 5))
                live[lp.add_row(lin.terms, lin.op, lin.rhs)] = lin
            elif move < 0.75:
                handle = rng.choice(sorted(live))
                lp.remove_row(handle)
                del live[handle]
            else:
                v = rng.randrange(len(bounds))
                lo = _number(rng, 5) if rng.random() < 0.7 else None
                hi = None if lo is None else lo + rng.randint(0, 4)
                bounds[v] = (lo, rng.random() < 0.2, hi, rng.random() < 0.2)
                lp.set_bounds(v, *bounds[v])
            status = lp.check()
            current = list(live.values())
            assert status == dense_solve_lp(bounds, current)[0], (bounds, current)
            if status == "feasible":
                assert holds(lp.point(range(len(bounds))), bounds, current)
            else:
                assert_conflict_is_infeasible(lp, bounds, live)
            if rng.random() < 0.3 and status == "feasible":
                objective = {rng.randrange(len(bounds)): rng.choice([-1, 1])}
                closed = [(lo, False, hi, False) for lo, _, hi, _ in bounds]
                closed_rows = [Lin(r.terms, "<=" if r.op == "<" else r.op, r.rhs) for r in current]
                expected = dense_solve_lp(closed, closed_rows, maximise=objective)[0]
                assert {"optimal": "feasible"}.get(lp.maximise(objective), "unbounded") == expected


def assert_conflict_is_infeasible(lp: Simplex, bounds: list, live: dict[int, Lin]) -> None:
    """The bounds a conflict names, with the rows it names, cannot hold together."""
    named = lp.conflict()
    rows = [live[v] for v, _ in named if v in live]
    kept = [[None, False, None, False] for _ in bounds]
    for v, end in named:
        if v < len(bounds):
            lo, lo_open, hi, hi_open = bounds[v]
            if end == "lo":
                kept[v][:2] = [lo, lo_open]
            else:
                kept[v][2:] = [hi, hi_open]
    assert dense_solve_lp([tuple(b) for b in kept], rows)[0] == "infeasible", (named, bounds, rows)


def test_pivots_are_counted():
    lp = Simplex()
    a, b = lp.add_variable(), lp.add_variable()
    lp.add_row(((a, 1), (b, 1)), "=", 10)
    lp.add_row(((a, 1), (b, -1)), "=", 2)
    assert lp.check() == "feasible" and lp.point([a, b]) == [6, 4]
    assert lp.pivots == 2
    again = lp.pivots
    assert lp.check() == "feasible" and lp.pivots == again  # nothing changed: no work


def test_degenerate_and_wider_lps_agree_too():
    """Right-hand sides of 0 (where cycling lurks) and systems of up to 12 variables and 10 rows."""
    rng = random.Random(300)
    for case in range(600):
        n = rng.randint(2, 12)
        bounds = [(rng.choice([None, 0, -1]), rng.random() < 0.2, rng.choice([None, 0, 1, 2]), rng.random() < 0.2)
                  for _ in range(n)]
        rows = [Lin(tuple((v, rng.choice([-2, -1, 1, 1, 3])) for v in rng.sample(range(n), rng.randint(1, min(n, 5)))),
                    rng.choice(["=", "<=", "<"]), 0 if case % 2 else rng.randint(-3, 3))
                for _ in range(rng.randint(1, 10))]
        status, x = solve_lp(bounds, rows)
        assert status == dense_solve_lp(bounds, rows)[0], (bounds, rows)
        if status == "feasible":
            assert holds(x, bounds, rows)
        objective = {rng.randrange(n): rng.choice([-1, 1, 2])}
        status, x = solve_lp(bounds, rows, maximise=objective)
        expected, y = dense_solve_lp(bounds, rows, maximise=objective)
        assert status == expected, (bounds, rows, objective)
        if status == "feasible":
            assert sum(c * x[v] for v, c in objective.items()) == sum(c * y[v] for v, c in objective.items())


def test_a_row_switched_off_by_its_bounds_and_on_again():
    lp = Simplex()
    a, b = lp.add_variable(0, False, None, False), lp.add_variable(0, False, None, False)
    total = lp.add_row(((a, 1), (b, 1)), "=", 10)
    cap = lp.add_row(((a, 1),), ">", 12)
    assert lp.check() == "infeasible" and {v for v, _ in lp.conflict()} >= {total, cap}
    lp.set_bounds(total, None, False, None, False)  # the total claim left out of this question
    assert lp.check() == "feasible" and lp.point([a])[0] > 12
    lp.set_bounds(total, 10, False, 10, False)
    assert lp.check() == "infeasible"
