"""The solver's own exact arithmetic on bounds (ints where whole, Fractions otherwise)
gives what Fraction's operators give, in the same normal form, and propagation that skips
its idempotent second passes reaches the same bounds as the passes themselves."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from checker.exact import nadd, ncmp, ndiv, nmul, nneg, nsub, ratio
from checker.interval import Interval, some_point_ends


def _num(rng: random.Random):
    """An int, or a Fraction in lowest terms that is not whole, of either sign or zero."""
    if rng.random() < 0.4:
        return rng.randint(-50, 50)
    f = Fraction(rng.randint(-10**6, 10**6), rng.randint(2, 10**4))
    return f.numerator if f.denominator == 1 else f


def _same(got, want: Fraction) -> None:
    assert got == want
    # the normal form: whole values are ints, everything else a reduced Fraction
    if want.denominator == 1:
        assert type(got) is int
    else:
        assert type(got) is Fraction
        assert (got.numerator, got.denominator) == (want.numerator, want.denominator)


def test_operations_agree_with_fraction():
    rng = random.Random(5)
    for _ in range(5000):
        a, b = _num(rng), _num(rng)
        fa, fb = Fraction(a), Fraction(b)
        _same(nadd(a, b), fa + fb)
        _same(nsub(a, b), fa - fb)
        _same(nmul(a, b), fa * fb)
        _same(nneg(a), -fa)
        if b != 0:
            _same(ndiv(a, b), fa / fb)
        assert ncmp(a, b) == (fa > fb) - (fa < fb)


def test_ratio_normalises_and_refuses_zero():
    _same(ratio(6, -4), Fraction(-3, 2))
    _same(ratio(-8, -4), Fraction(2))
    with pytest.raises(ZeroDivisionError):
        ratio(1, 0)


def test_some_point_prefers_whole_numbers():
    assert some_point_ends(Fraction(1, 3), True, Fraction(7, 2), False) == 2
    assert some_point_ends(Fraction(-5, 2), False, None, True) == 0
    assert some_point_ends(None, True, Fraction(-5, 2), True) == -3
    assert some_point_ends(Fraction(1, 3), False, Fraction(2, 3), True) == Fraction(1, 2)
    assert Interval(Fraction(1, 3), Fraction(2, 3), False, True).some_point() == Fraction(1, 2)
    assert some_point_ends(3, True, 3 + Fraction(1, 2), False) == Fraction(13, 4)


def test_skipped_second_passes_change_no_bound():
    """A share table's rows propagated with and without the skipping of passes that only
    their own idempotent move queued end at the same bounds."""
    from checker import propagate
    from checker.bounds import Budget, Domains
    from checker.constraints import Atom, InSet, Lin, Problem, Quotient, Var, prim_vars

    def var(name: str, integer: bool) -> Var:
        return Var(name, integer, Interval.closed(0, None), name)

    def atom(i: int, prims: list) -> Atom:
        a = Atom(i, f"a{i}", "relation", Fraction(1), prims)
        a.vars = frozenset(v for p in prims for v in prim_vars(p))
        return a

    # a, b, o, n whole votes; qa, qb the fractions a/n, b/n; sa, sb the shares in percent
    vs = [var(n, n in "a b o n".split()) for n in ("a", "b", "o", "n", "qa", "qb", "sa", "sb")]
    atoms = [
        atom(0, [Lin(((0, -1), (1, -1), (2, -1), (3, 1)), "=", 0)]),
        atom(1, [Lin(((6, 1), (4, -100)), "=", 0), Quotient(4, 0, 3)]),
        atom(2, [Lin(((7, 1), (5, -100)), "=", 0), Quotient(5, 1, 3)]),
        atom(3, [InSet(0, Interval.point(2701))]),
        atom(4, [InSet(1, Interval.point(1533))]),
        atom(5, [InSet(6, Interval(Fraction(1201, 20), Fraction(1203, 20), False, True))]),
        atom(6, [InSet(7, Interval(Fraction(681, 20), Fraction(683, 20), False, True))]),
    ]
    problem = Problem(vs, atoms)

    def bounds(skip: bool):
        prop = propagate.Propagator(problem)
        real_run_lin = propagate._run_lin
        if not skip:
            prop.idem = [False] * len(prop.idem)
            # never report a pass as its own fixpoint
            propagate._run_lin = lambda p, atom, doms, more: list(real_run_lin(p, atom, doms, more))
        d = Domains(problem)
        try:
            prop.run(d, [True] * len(problem.atoms), Budget(10**7))
        finally:
            propagate._run_lin = real_run_lin
        return [(d.lo[v], d.lo_open[v], d.hi[v], d.hi_open[v]) for v in range(len(problem.vars))]

    got = bounds(True)
    assert got == bounds(False)
    assert got[3] == (4491, False, 4497, False)  # the total the two shares allow
