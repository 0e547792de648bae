"""Exact linear feasibility: a two-phase simplex over Fractions with Bland's rule.

Propagation answers most questions; this settles the rest of a linear system exactly,
strict inequalities included: they get a common slack t that is maximised, and the
system holds strictly exactly when the best t is positive.
"""

from __future__ import annotations

from fractions import Fraction

from .constraints import Lin, Num

Bound = tuple[Num | None, bool, Num | None, bool]  # lo, lo_open, hi, hi_open


def solve_lp(bounds: list[Bound], rows: list[Lin], max_pivots: int = 5000,
             maximise: dict[int, Num] | None = None) -> tuple[str, list[Fraction] | None]:
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
    tab = _Tableau(cols)
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


class _Tableau:
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
