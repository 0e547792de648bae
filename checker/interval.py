"""Intervals of exact rationals, each end closed or open, possibly unbounded.

Every value a reporter writes means one of these ("nearly 24" is [21.6, 24)), and the
solver narrows them. Fractions, never floats: a verdict must not hinge on rounding error.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from .exact import nadd, ncmp, ndiv, nmul, nneg, sign

Number = Fraction | int


@dataclass(frozen=True, slots=True)
class Interval:
    """{x : lo (<|<=) x (<|<=) hi}; None for an end means unbounded on that side."""

    lo: Fraction | None = None
    hi: Fraction | None = None
    lo_open: bool = False
    hi_open: bool = False

    def __post_init__(self) -> None:
        # An unbounded end is open by definition; normalising keeps equality meaningful.
        if self.lo is None and not self.lo_open:
            object.__setattr__(self, "lo_open", True)
        if self.hi is None and not self.hi_open:
            object.__setattr__(self, "hi_open", True)
        if self.lo is not None and not isinstance(self.lo, Fraction):
            object.__setattr__(self, "lo", Fraction(self.lo))
        if self.hi is not None and not isinstance(self.hi, Fraction):
            object.__setattr__(self, "hi", Fraction(self.hi))

    def __reduce__(self) -> tuple:
        # A report crosses from the checking child to the parent as a pickle, and the
        # dataclass's own pickling looks up its fields for every interval: a third of a
        # second each way for a 5,000-row table's 30,000 ranges.
        # Whole ends go as ints, which pickle at C speed (the constructor makes them Fractions).
        lo, hi = self.lo, self.hi
        return (Interval, (lo if lo is None or lo.denominator != 1 else lo.numerator,
                           hi if hi is None or hi.denominator != 1 else hi.numerator,
                           self.lo_open, self.hi_open))

    # -- construction -------------------------------------------------------------------
    @staticmethod
    def point(v: Number) -> Interval:
        return Interval(Fraction(v), Fraction(v))

    @staticmethod
    def closed(lo: Number | None, hi: Number | None) -> Interval:
        return Interval(None if lo is None else Fraction(lo), None if hi is None else Fraction(hi))

    @staticmethod
    def everything() -> Interval:
        return Interval()

    @staticmethod
    def empty() -> Interval:
        return Interval(Fraction(1), Fraction(0))

    # -- questions ----------------------------------------------------------------------
    def is_empty(self) -> bool:
        if self.lo is None or self.hi is None:
            return False
        if self.lo > self.hi:
            return True
        return self.lo == self.hi and (self.lo_open or self.hi_open)

    def is_point(self) -> bool:
        return self.lo is not None and self.lo == self.hi and not (self.lo_open or self.hi_open)

    def is_bounded(self) -> bool:
        return self.lo is not None and self.hi is not None

    def contains(self, x: Number) -> bool:
        if self.lo is not None and (x < self.lo or (self.lo_open and x == self.lo)):
            return False
        if self.hi is not None and (x > self.hi or (self.hi_open and x == self.hi)):
            return False
        return True

    def contains_interval(self, other: Interval) -> bool:
        """True when every point of `other` lies in self."""
        if other.is_empty():
            return True
        if self.lo is not None:
            if other.lo is None or other.lo < self.lo:
                return False
            if other.lo == self.lo and self.lo_open and not other.lo_open:
                return False
        if self.hi is not None:
            if other.hi is None or other.hi > self.hi:
                return False
            if other.hi == self.hi and self.hi_open and not other.hi_open:
                return False
        return True

    def integers(self) -> Interval:
        """The smallest closed interval holding the same whole numbers (may be empty)."""
        lo = hi = None
        if self.lo is not None:
            lo = Fraction(math.ceil(self.lo))
            if self.lo_open and lo == self.lo:
                lo += 1
        if self.hi is not None:
            hi = Fraction(math.floor(self.hi))
            if self.hi_open and hi == self.hi:
                hi -= 1
        return Interval(lo, hi)

    def integer_count(self) -> int | None:
        """How many whole numbers the interval holds; None when infinitely many."""
        z = self.integers()
        if z.lo is None or z.hi is None:
            return None
        return max(0, int(z.hi - z.lo) + 1)

    def some_point(self) -> Fraction:
        """A point inside a non-empty interval, preferring whole and round numbers."""
        return Fraction(some_point_ends(self.lo, self.lo_open, self.hi, self.hi_open))

    # -- combination --------------------------------------------------------------------
    def intersect(self, other: Interval) -> Interval:
        lo, lo_open = _max_lo(self.lo, self.lo_open, other.lo, other.lo_open)
        hi, hi_open = _min_hi(self.hi, self.hi_open, other.hi, other.hi_open)
        return Interval(lo, hi, lo_open, hi_open)

    def hull(self, other: Interval) -> Interval:
        if self.is_empty():
            return other
        if other.is_empty():
            return self
        if self.lo is None or other.lo is None:
            lo, lo_open = None, True
        elif self.lo != other.lo:
            lo, lo_open = (self.lo, self.lo_open) if self.lo < other.lo else (other.lo, other.lo_open)
        else:
            lo, lo_open = self.lo, self.lo_open and other.lo_open
        if self.hi is None or other.hi is None:
            hi, hi_open = None, True
        elif self.hi != other.hi:
            hi, hi_open = (self.hi, self.hi_open) if self.hi > other.hi else (other.hi, other.hi_open)
        else:
            hi, hi_open = self.hi, self.hi_open and other.hi_open
        return Interval(lo, hi, lo_open, hi_open)

    def __neg__(self) -> Interval:
        return Interval(
            None if self.hi is None else -self.hi,
            None if self.lo is None else -self.lo,
            self.hi_open,
            self.lo_open,
        )

    def __add__(self, other: Interval) -> Interval:
        lo = None if self.lo is None or other.lo is None else self.lo + other.lo
        hi = None if self.hi is None or other.hi is None else self.hi + other.hi
        return Interval(lo, hi, self.lo_open or other.lo_open, self.hi_open or other.hi_open)

    def __sub__(self, other: Interval) -> Interval:
        return self + (-other)

    def scale(self, k: Number) -> Interval:
        """k·self for an exact number k."""
        k = Fraction(k)
        if k == 0:
            return Interval.point(0)
        lo = None if self.lo is None else self.lo * k
        hi = None if self.hi is None else self.hi * k
        if k > 0:
            return Interval(lo, hi, self.lo_open, self.hi_open)
        return Interval(hi, lo, self.hi_open, self.lo_open)

    def shift(self, c: Number) -> Interval:
        return self + Interval.point(c)

    def __mul__(self, other: Interval) -> Interval:
        if self.is_empty() or other.is_empty():
            return Interval.empty()
        lo, lo_open, hi, hi_open = mul_ends(self.lo, self.lo_open, self.hi, self.hi_open,
                                            other.lo, other.lo_open, other.hi, other.hi_open)
        return Interval(lo, hi, lo_open, hi_open)

    def reciprocal(self) -> Interval:
        """1/x over the interval; everything when it straddles or touches zero (sound, loose)."""
        if self.is_empty():
            return Interval.empty()
        lo, lo_open, hi, hi_open = reciprocal_ends(self.lo, self.lo_open, self.hi, self.hi_open)
        return Interval(lo, hi, lo_open, hi_open)

    def __truediv__(self, other: Interval) -> Interval:
        return self * other.reciprocal()

    # -- display ------------------------------------------------------------------------
    def __str__(self) -> str:
        if self.is_empty():
            return "∅"
        if self.is_point():
            return format_number(self.lo)  # type: ignore[arg-type]
        left = "(" if self.lo_open else "["
        right = ")" if self.hi_open else "]"
        lo = "−∞" if self.lo is None else format_number(self.lo)
        hi = "∞" if self.hi is None else format_number(self.hi)
        return f"{left}{lo}, {hi}{right}"


# -- the same arithmetic on bare ends ------------------------------------------------------
# The solver keeps bounds as separate ends (ints where whole, Fractions otherwise), and
# multiplies and divides them thousands of times a question; these work on the ends
# directly, so a whole number stays an int and no Interval is built on the way. Each
# takes and returns (lo, lo_open, hi, hi_open) in the order the solver stores them, with
# None for an unbounded end; the intervals given are not empty.

Ends = tuple  # (lo, lo_open, hi, hi_open)


def _exact_div(a: Number, b: Number) -> Number:
    return ndiv(a, b)


def _scale_ends(lo: Number | None, lo_open: bool, hi: Number | None, hi_open: bool, k: Number) -> Ends:
    if not k:
        return 0, False, 0, False
    lo2 = None if lo is None else nmul(lo, k)
    hi2 = None if hi is None else nmul(hi, k)
    if sign(k) > 0:
        return lo2, lo_open or lo is None, hi2, hi_open or hi is None
    return hi2, hi_open or hi is None, lo2, lo_open or lo is None


def mul_ends(al: Number | None, alo: bool, ah: Number | None, aho: bool,
             bl: Number | None, blo: bool, bh: Number | None, bho: bool) -> Ends:
    """The product of two intervals given by their ends."""
    if al is not None and ah is not None and ncmp(al, ah) == 0 and not (alo or aho):
        return _scale_ends(bl, blo, bh, bho, al)
    if bl is not None and bh is not None and ncmp(bl, bh) == 0 and not (blo or bho):
        return _scale_ends(al, alo, ah, aho, bl)
    # Products of the four ends; an unbounded end gives an unbounded side unless the
    # other factor is exactly zero there. An end product is reached when both ends are,
    # and also when one factor reaches 0 itself: 0 times anything is 0, whatever the
    # other factor's end (0 staff at a salary of "more than $30,000" is a payroll of 0).
    lo: Number | None = None
    hi: Number | None = None
    lo_open = hi_open = True
    lo_inf = hi_inf = False
    for a, ao, asgn in ((al, alo, -1), (ah, aho, 1)):
        for b, bo, bsgn in ((bl, blo, -1), (bh, bho, 1)):
            # (`not x` is x == 0 for an int or a Fraction, without the generic comparison)
            zero_reached = (a is not None and not a and not ao) or (b is not None and not b and not bo)
            if a is not None and b is not None:
                v: Number = nmul(a, b)
                v_open = (ao or bo) and not zero_reached
            else:
                sa = asgn if a is None else sign(a)
                sb = bsgn if b is None else sign(b)
                s = sa * sb
                if s < 0:
                    lo_inf = True
                    continue
                if s > 0:
                    hi_inf = True
                    continue
                v, v_open = 0, not zero_reached
            # a finite candidate counts for both ends; at a tie, any closed one closes it
            if lo is None:
                lo, lo_open, hi, hi_open = v, v_open, v, v_open
                continue
            order = ncmp(v, lo)
            if order < 0:
                lo, lo_open = v, v_open
            elif order == 0:
                lo_open = lo_open and v_open
            order = ncmp(v, hi)
            if order > 0:
                hi, hi_open = v, v_open
            elif order == 0:
                hi_open = hi_open and v_open
    if lo_inf:
        lo, lo_open = None, True
    if hi_inf:
        hi, hi_open = None, True
    return lo, lo_open, hi, hi_open


def reciprocal_ends(lo: Number | None, lo_open: bool, hi: Number | None, hi_open: bool) -> Ends:
    """1/x over an interval; everything when it holds zero (sound, loose)."""
    slo = None if lo is None else sign(lo)
    shi = None if hi is None else sign(hi)
    above = slo is not None and (slo > 0 or (slo == 0 and lo_open))
    below = shi is not None and (shi < 0 or (shi == 0 and hi_open))
    if not (above or below):
        return None, True, None, True
    if above:  # positive side: (lo, hi]
        new_lo = 0 if hi is None else _exact_div(1, hi)
        new_lo_open = True if hi is None else hi_open
        new_hi = None if slo == 0 else _exact_div(1, lo)  # type: ignore[arg-type]
        return new_lo, new_lo_open, new_hi, True if new_hi is None else lo_open
    nl, nlo, nh, nho = reciprocal_ends(nneg(hi), hi_open, None if lo is None else nneg(lo), lo_open)  # type: ignore[arg-type]
    return (None if nh is None else nneg(nh)), nho, (None if nl is None else nneg(nl)), nlo


def divide_ends(al: Number | None, alo: bool, ah: Number | None, aho: bool,
                bl: Number | None, blo: bool, bh: Number | None, bho: bool) -> Ends:
    """a / b over intervals given by their ends (everything when b holds zero)."""
    rl, rlo, rh, rho = reciprocal_ends(bl, blo, bh, bho)
    return mul_ends(al, alo, ah, aho, rl, rlo, rh, rho)


def some_point_ends(lo: Number | None, lo_open: bool, hi: Number | None, hi_open: bool) -> Number:
    """A point inside a non-empty interval given by its ends, preferring whole and round
    numbers: the middle whole number, else the whole number nearest 0, else the middle."""
    zlo = zhi = None
    if lo is not None:
        zlo = math.ceil(lo)
        if lo_open and zlo == lo:
            zlo += 1
    if hi is not None:
        zhi = math.floor(hi)
        if hi_open and zhi == hi:
            zhi -= 1
    if zlo is not None and zhi is not None:
        if zlo <= zhi:
            return (zlo + zhi) // 2
        return ndiv(nadd(lo, hi), 2)  # type: ignore[arg-type]  # no whole number inside
    if zlo is not None:
        return max(zlo, 0)
    if zhi is not None:
        return min(zhi, 0)
    return 0


def _max_lo(a: Fraction | None, ao: bool, b: Fraction | None, bo: bool) -> tuple[Fraction | None, bool]:
    if a is None:
        return b, bo
    if b is None or a > b:
        return a, ao
    if b > a:
        return b, bo
    return a, ao or bo


def _min_hi(a: Fraction | None, ao: bool, b: Fraction | None, bo: bool) -> tuple[Fraction | None, bool]:
    if a is None:
        return b, bo
    if b is None or a < b:
        return a, ao
    if b < a:
        return b, bo
    return a, ao or bo


def finite_decimal(x: Fraction) -> str | None:
    """x written as a terminating decimal, or None when it has no such form (1/3)."""
    d = x.denominator
    twos = fives = 0
    while d % 2 == 0:
        d //= 2
        twos += 1
    while d % 5 == 0:
        d //= 5
        fives += 1
    if d != 1:
        return None
    places = max(twos, fives)
    sign = "-" if x < 0 else ""
    scaled = abs(x.numerator) * 10**places // x.denominator
    if places == 0:
        return f"{sign}{scaled}"
    digits = str(scaled).rjust(places + 1, "0")
    return f"{sign}{digits[:-places]}.{digits[-places:]}"


def format_number(x: Fraction, *, grouping: bool = True) -> str:
    """A number for people: 1,240,000 or 21.6 or 1/3 (exact, never a float's rounding)."""
    dec = finite_decimal(x)
    if dec is None:
        return f"{x.numerator}/{x.denominator}"
    if grouping:
        sign = "-" if dec.startswith("-") else ""
        whole, _, frac = dec.lstrip("-").partition(".")
        whole = f"{int(whole):,}"
        return sign + whole + ("." + frac if frac else "")
    return dec
