"""Numbers as people read them: decimals with the digits it takes, thousands grouped, dates
as dates, and "about" wherever a shown decimal is rounded.

The checker's values are exact fractions; an editor should never meet `800/59`. A value with
a short decimal form is shown exactly (`21.6`, `1,150,000`); any other is rounded to the
digits it takes to tell it from the values beside it, and the rounding is said ("about
13.56"). Only words people read come from here: the JSON report keeps its exact bounds.
"""

from __future__ import annotations

import datetime
from fractions import Fraction
from typing import Iterable

from .interval import Interval, finite_decimal

# A decimal with at most this many places is shown as it is; a longer one is rounded.
EXACT_PLACES = 4
# A lone rounded value keeps this many significant digits (13.56, 0.3333, 666,667).
SIGNIFICANT = 4
MAX_PLACES = 12  # past this, two values that close are shown the same, with "about"

# How a unit is written around a number: (before, after).
_AROUND = {
    "percent": ("", "%"),
    "usd": ("$", ""),
    "gbp": ("£", ""),
    "eur": ("€", ""),
}


def _places_needed(x: Fraction) -> int | None:
    """The decimal places x has when its decimal form is finite, else None."""
    text = finite_decimal(x)
    if text is None:
        return None
    return len(text.partition(".")[2])


def _rounded(x: Fraction, places: int) -> Fraction:
    """x rounded half away from zero to `places` decimal places."""
    scale = 10**places
    n = abs(x) * scale
    whole = int(n) + (1 if n - int(n) >= Fraction(1, 2) else 0)
    return Fraction(whole if x >= 0 else -whole, scale)


def _digits(x: Fraction, places: int) -> str:
    """x, already a multiple of 10**-places, with exactly `places` decimals and thousands grouped."""
    sign = "-" if x < 0 else ""
    scaled = abs(x) * 10**places
    whole, frac = divmod(int(scaled), 10**places)
    text = f"{whole:,}"
    if places:
        text += "." + str(frac).rjust(places, "0")
    return sign + text


def _lone_places(x: Fraction) -> int:
    """Places for a rounded value on its own: SIGNIFICANT digits, never fewer than whole units."""
    if x == 0:
        return 0
    magnitude = len(str(int(abs(x)))) if abs(x) >= 1 else 0
    if abs(x) < 1:
        # leading zeros after the point do not count as significant digits
        probe, zeros = abs(x), 0
        while probe < Fraction(1, 10) and zeros < MAX_PLACES:
            probe *= 10
            zeros += 1
        return min(MAX_PLACES, zeros + SIGNIFICANT)
    return max(0, SIGNIFICANT - magnitude)


def number(x: Fraction, unit: str | None = None) -> str:
    """`13,560`, `21.6`, `about 13.56`, `12%`, `$1,200`: one value for a reader."""
    places = _places_needed(x)
    if places is not None and places <= max(EXACT_PLACES, _lone_places(x)):
        return _unit(_digits(x, places), unit)
    p = _lone_places(x)
    return "about " + _unit(_digits(_rounded(x, p), p), unit)


def _unit(text: str, unit: str | None) -> str:
    before, after = _AROUND.get(unit or "", ("", ""))
    if before and text.startswith("-"):
        return "-" + before + text[1:] + after
    return before + text + after


def shared_places(values: Iterable[Fraction], apart: Iterable[Fraction] = ()) -> tuple[int, bool]:
    """The decimal places to show `values` with, and whether any is rounded at them.

    Values with a short decimal form are shown exactly. Otherwise: the fewest places that keep
    the values (and the `apart` values set against them) distinct, one more where the
    values are small enough for a further digit to read, and a lone value keeps its
    significant digits."""
    values = list(values)
    needed = [_places_needed(v) for v in values]
    if all(n is not None and n <= EXACT_PLACES for n in needed):
        return max((n or 0 for n in needed), default=0), False
    exact_part = max((n for n in needed if n is not None and n <= EXACT_PLACES), default=0)
    distinct = set(values) | set(apart)
    first = exact_part
    while first < MAX_PLACES and len({_rounded(v, first) for v in distinct}) < len(distinct):
        first += 1
    if len(set(values)) == 1:
        places = max(first, _lone_places(values[0]))
    else:
        largest = max(values, key=abs)
        places = max(first, min(first + 1, _lone_places(largest)))
    places = min(places, MAX_PLACES)
    return places, any(_rounded(v, places) != v for v in values)


def _shown(x: Fraction, places: int, unit: str | None) -> str:
    """x at `places` decimals, or at its own fewer places when that is exact (24, not 24.0)."""
    own = _places_needed(x)
    return _unit(_digits(x, own) if own is not None and own <= places else _digits(_rounded(x, places), places), unit)


def _at(x: Fraction, places: int, unit: str | None, about: bool = True) -> str:
    """x at `places` decimals, `about` before it when that rounds it."""
    return ("about " if about and _rounded(x, places) != x else "") + _shown(x, places, unit)


def span(iv: Interval, unit: str | None = None, apart: Iterable[Fraction] = ()) -> str:
    """A range in words: `53.50 to 53.64`, `at least 300`, `5.34 to under 5.46`, `about 13.56`.

    The ends share their decimal places, enough to tell them apart from each other and from
    the `apart` values (a claim the range is set against)."""
    if iv.is_empty():
        return "no value at all"
    lo, hi = iv.lo, iv.hi
    if lo is None and hi is None:
        return "any value"
    ends = [v for v in (lo, hi) if v is not None]
    places, _ = shared_places(ends, apart)
    if iv.is_point():
        return _at(lo, places, unit)  # type: ignore[arg-type]
    if hi is None:
        return f"{'more than' if iv.lo_open else 'at least'} {_at(lo, places, unit)}"  # type: ignore[arg-type]
    if lo is None:
        return f"{'less than' if iv.hi_open else 'at most'} {_at(hi, places, unit)}"
    # Two rounded closed ends share one "about"; otherwise each end says its own.
    both = not (iv.lo_open or iv.hi_open) and _rounded(lo, places) != lo and _rounded(hi, places) != hi
    lower = ("just over " if iv.lo_open else "") + _at(lo, places, unit, not both)
    upper = ("under " if iv.hi_open else "") + _at(hi, places, unit, not both)
    return f"{'about ' if both else ''}{lower} to {upper}"


def bracket(iv: Interval, unit: str | None = None) -> str:
    """A range in the compact notation of tables: `[21.6, 24)`, `372`, `≥ 0`, `about [53.50, 53.64]`."""
    if iv.is_empty():
        return "∅"
    lo, hi = iv.lo, iv.hi
    if lo is None and hi is None:
        return "any"
    ends = [v for v in (lo, hi) if v is not None]
    places, rounded = shared_places(ends)
    show = [None if v is None else _shown(v, places, unit) for v in (lo, hi)]
    about = "about " if rounded else ""
    if iv.is_point():
        return about + show[0]  # type: ignore[operator]
    if hi is None:
        return f"{'>' if iv.lo_open else '≥'} {about}{show[0]}"
    if lo is None:
        return f"{'<' if iv.hi_open else '≤'} {about}{show[1]}"
    return f"{about}{'(' if iv.lo_open else '['}{show[0]}, {show[1]}{')' if iv.hi_open else ']'}"


# Evenly spaced values, this many or more, are said as a span and a step, not one by one.
MIN_STEPS = 5


def listed(values: Iterable[Fraction], unit: str | None = None) -> list[str]:
    """A few values as shown side by side: `26`, `27`, `48`; `0%`, `about 8.33%`, `16.67%`…
    at the places that tell them apart, `about` on each one that is rounded."""
    values = list(values)
    places, _ = shared_places(values)
    return [_at(v, places, unit) for v in values]


def evenly_spaced(values: Iterable[Fraction]) -> bool:
    """Whether `choices` says these values as a span and a step."""
    return _step(list(values)) is not None


def _step(values: list[Fraction]) -> Fraction | None:
    """The common difference of MIN_STEPS or more evenly spaced values, else None."""
    if len(values) < MIN_STEPS:
        return None
    step = values[1] - values[0]
    return step if all(b - a == step for a, b in zip(values, values[1:])) else None


def choices(values: Iterable[Fraction], unit: str | None = None) -> str:
    """A few values in words: `26, 27 or 48`; evenly spaced ones as a span and its step,
    `0% to 75% in steps of about 8.33%` (each shown as `listed` shows it)."""
    values = list(values)
    shown = listed(values, unit)
    step = _step(values)
    if step is not None:
        places, _ = shared_places(values)
        return f"{shown[0]} to {shown[-1]} in steps of {_at(step, places, unit)}"
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]


def braced(values: Iterable[Fraction], unit: str | None = None) -> str:
    """A few values in the compact notation of tables: `{26, 27, 48}`, `about {0%, 8.33%, …, 75%}`
    (evenly spaced ones by their first two and last)."""
    values = list(values)
    places, rounded = shared_places(values)
    shown = [_shown(v, places, unit) for v in values]
    if _step(values) is not None:
        shown = shown[:2] + ["…", shown[-1]]
    return ("about " if rounded else "") + "{" + ", ".join(shown) + "}"


def inward(iv: Interval, unit: str | None = None) -> tuple[str, str]:
    """The ends of a closed range rounded inward, at the digits that keep them in order, so
    any figure between the two shown lies in the range: (`53.51%`, `53.64%`)."""
    lo, _, hi, _ = inward_ends(iv, unit)
    assert lo is not None and hi is not None
    return lo, hi


def inward_ends(iv: Interval, unit: str | None = None) -> tuple[str | None, bool, str | None, bool]:
    """Each end of a range (None when unbounded) rounded inward and whether it stays open: an
    exact end keeps its own openness; a rounded one lies strictly inside, so it is closed."""
    ends = [v for v in (iv.lo, iv.hi) if v is not None]
    places, _ = shared_places(ends)
    # an end that has to be rounded keeps its significant digits: "at most 54.08%", not 54.0%
    places = max([places] + [_lone_places(v) for v in ends if _rounded(v, places) != v])
    while True:
        scale = 10**places
        up = None if iv.lo is None else Fraction(-((-iv.lo.numerator * scale) // iv.lo.denominator), scale)
        down = None if iv.hi is None else Fraction((iv.hi.numerator * scale) // iv.hi.denominator, scale)
        if up is None or down is None or up <= down or places >= MAX_PLACES:
            break
        places += 1
    lo = None if up is None else _unit(_digits(up, places) if up != iv.lo else _shown(up, places, None), unit)
    hi = None if down is None else _unit(_digits(down, places) if down != iv.hi else _shown(down, places, None), unit)
    return lo, iv.lo_open and up == iv.lo, hi, iv.hi_open and down == iv.hi


def day(ordinal: Fraction | int) -> str:
    """A day number (date.toordinal) as the ISO date people and editors both read: 2025-03-19."""
    n = int(ordinal)
    if 1 <= n <= datetime.date.max.toordinal():
        return datetime.date.fromordinal(n).isoformat()
    return number(Fraction(ordinal))


def days(iv: Interval, compact: bool = False) -> str:
    """A span of days: `2025-03-19`, `2025-02-01 to 2025-02-28` (`[…, …]` when compact)."""
    z = iv.integers()
    if z.is_empty():
        return "∅" if compact else "no day at all"
    lo = "−∞" if z.lo is None else day(z.lo)
    hi = "∞" if z.hi is None else day(z.hi)
    if z.is_point():
        return lo
    if compact:
        return f"[{lo}, {hi}]"
    if z.lo is None:
        return f"on or before {hi}"
    if z.hi is None:
        return f"on or after {lo}"
    return f"{lo} to {hi}"
