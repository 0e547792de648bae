"""Exact arithmetic on the solver's numbers: an int where whole, else a Fraction in
lowest terms.

The solver's bounds are ints or Fractions, and it adds, multiplies and divides them about
a million times on a table of shares. Fraction's operators dispatch on the operand types
through several layers and build each result through its general constructor; these
compute the same exact value from the numerators and denominators directly, give an int
for a whole result, and build a Fraction only from an already reduced pair. A value that
is not an int is a Fraction here (its slots are read directly: the properties cost a call).
"""

from __future__ import annotations

import math
from fractions import Fraction

Number = Fraction | int

_gcd = math.gcd
_make = object.__new__


def _reduced(n: int, d: int) -> Number:
    """n/d for coprime ints n and d > 0: an int when d is 1."""
    if d == 1:
        return n
    f = _make(Fraction)
    f._numerator = n  # type: ignore[attr-defined]
    f._denominator = d  # type: ignore[attr-defined]
    return f


def ratio(n: int, d: int) -> Number:
    """n/d for ints n and d != 0, exact, an int where whole."""
    if d <= 0:
        if d == 0:
            raise ZeroDivisionError(f"{n}/0")
        n, d = -n, -d
    g = _gcd(n, d)
    if g != 1:
        n //= g
        d //= g
    return _reduced(n, d)


def nmul(a: Number, b: Number) -> Number:
    """a * b, exact."""
    if type(a) is int:
        if type(b) is int:
            return a * b
        an, ad, bn, bd = a, 1, b._numerator, b._denominator
    else:
        an, ad = a._numerator, a._denominator
        if type(b) is int:
            bn, bd = b, 1
        else:
            bn, bd = b._numerator, b._denominator
    # cross-reduce first, as Fraction does: the product of coprime halves is in lowest terms
    g1 = _gcd(an, bd)
    if g1 > 1:
        an //= g1
        bd //= g1
    g2 = _gcd(bn, ad)
    if g2 > 1:
        bn //= g2
        ad //= g2
    return _reduced(an * bn, ad * bd)


def nadd(a: Number, b: Number) -> Number:
    """a + b, exact."""
    if type(a) is int:
        if type(b) is int:
            return a + b
        bd = b._denominator
        return _reduced(a * bd + b._numerator, bd)  # coprime: bd divides no part of it
    ad = a._denominator
    if type(b) is int:
        return _reduced(a._numerator + b * ad, ad)
    bd = b._denominator
    if ad == bd:
        return ratio(a._numerator + b._numerator, ad)
    return ratio(a._numerator * bd + b._numerator * ad, ad * bd)


def nneg(a: Number) -> Number:
    return -a if type(a) is int else _reduced(-a._numerator, a._denominator)


def nsub(a: Number, b: Number) -> Number:
    """a - b, exact."""
    if type(a) is int and type(b) is int:
        return a - b
    return nadd(a, nneg(b))


def ndiv(a: Number, b: Number) -> Number:
    """a / b for b != 0, exact, an int where whole."""
    if type(b) is int:
        if type(a) is int:
            q, r = divmod(a, b)
            return q if r == 0 else ratio(a, b)
        return nmul(a, ratio(1, b))
    return nmul(a, ratio(b._denominator, b._numerator))


def ncmp(a: Number, b: Number) -> int:
    """-1, 0 or 1 as a <, = or > b: exact, without the generic comparison's type tests."""
    if type(a) is int:
        if type(b) is int:
            return (a > b) - (a < b)
        x, y = a * b._denominator, b._numerator
    elif type(b) is int:
        x, y = a._numerator, b * a._denominator
    else:
        x, y = a._numerator * b._denominator, b._numerator * a._denominator
    return (x > y) - (x < y)


def sign(x: Number) -> int:
    """-1, 0 or 1 as x is negative, zero or positive."""
    if type(x) is not int:
        x = x._numerator  # type: ignore[union-attr]
    return (x > 0) - (x < 0)
