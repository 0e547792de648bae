"""The last resort for nonlinear rules: exact algebraic solutions, from sympy.

Branch and bound settles products and quotients when a factor has few whole values; when
the unknowns are continuous (x * y = 2 with x = y), the answer may be irrational and no
finite search finds it. Here the few unknowns left free are solved symbolically and each
exact solution is tested against every constraint. Only a solution that satisfies all of
them counts: this can prove a set of claims consistent, never inconsistent, so a gap in
what sympy solves can only leave a question undecided. sympy is imported here alone,
because its import costs more than a whole check of an ordinary article.
"""

from __future__ import annotations

from fractions import Fraction

from .constraints import Choice, InSet, Lin, Never, Problem, Product, Quotient
from .propagate import Domains

MAX_UNKNOWNS = 3
MAX_EQUATIONS = 6


def has_real_solution(problem: Problem, doms: Domains, atoms: frozenset[int]) -> bool:
    """True when an exact (possibly irrational) point satisfies every constraint of `atoms`."""
    prims = [p for a in sorted(atoms) for p in problem.atoms[a].prims]
    if any(isinstance(p, (Choice, Never)) for p in prims):
        return False
    free = sorted({v for a in atoms for v in problem.atoms[a].vars if not doms.is_point(v)})
    if not free or len(free) > MAX_UNKNOWNS:
        return False
    import sympy

    def rational(x: int | Fraction) -> sympy.Rational:
        x = Fraction(x)
        return sympy.Rational(x.numerator, x.denominator)

    sym = {v: sympy.Symbol(f"x{v}", real=True) for v in free}

    def term(v: int) -> sympy.Expr:
        return sym[v] if v in sym else rational(doms.lo[v])  # type: ignore[arg-type]

    equations, conditions = [], []
    for p in prims:
        if isinstance(p, Lin):
            lhs = sum((rational(c) * term(v) for v, c in p.terms), sympy.Integer(0))
            rhs = rational(p.rhs)
            if p.op == "=":
                equations.append(lhs - rhs)
            conditions.append((lhs, p.op, rhs))
        elif isinstance(p, InSet):
            conditions += _interval_conditions(term(p.var), p.interval.lo, p.interval.lo_open,
                                               p.interval.hi, p.interval.hi_open, rational)
        elif isinstance(p, Product):
            equations.append(term(p.z) - term(p.x) * term(p.y))
            conditions.append((term(p.z) - term(p.x) * term(p.y), "=", sympy.Integer(0)))
        elif isinstance(p, Quotient):
            equations.append(term(p.z) * term(p.y) - term(p.x))
            conditions.append((term(p.z) * term(p.y) - term(p.x), "=", sympy.Integer(0)))
            conditions.append((term(p.y), "!=", sympy.Integer(0)))
    for v in free:
        conditions += _interval_conditions(sym[v], doms.lo[v], doms.lo_open[v], doms.hi[v],
                                           doms.hi_open[v], rational)
    equations = [e for e in equations if e.free_symbols]
    if not equations or len(equations) > MAX_EQUATIONS:
        return False
    try:
        solutions = sympy.solve(equations, list(sym.values()), dict=True)
    except (NotImplementedError, ValueError, TypeError):
        return False
    for sol in solutions:
        if set(sol) != set(sym.values()):
            continue  # a family of solutions: not a point to test
        point = {s: sympy.nsimplify(val) for s, val in sol.items()}
        if any(not val.is_real for val in point.values()):
            continue
        if any(doms.integer[v] and not point[sym[v]].is_integer for v in free):
            continue
        if all(_holds(lhs.subs(point), op, rhs.subs(point)) for lhs, op, rhs in conditions):
            return True
    return False


def _interval_conditions(x, lo, lo_open, hi, hi_open, rational) -> list:
    out = []
    if lo is not None:
        out.append((rational(lo), "<" if lo_open else "<=", x))
    if hi is not None:
        out.append((x, "<" if hi_open else "<=", rational(hi)))
    return out


def _holds(lhs, op: str, rhs) -> bool:
    """Exact comparison of algebraic numbers; anything sympy cannot settle counts as false."""
    import sympy

    diff = sympy.simplify(lhs - rhs)
    if op == "=":
        return diff == 0
    if op == "!=":
        return diff.is_zero is False
    sign = diff.is_negative if op == "<" else diff.is_nonpositive
    return sign is True
