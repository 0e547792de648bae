"""Ways a reporter writes a whole number; every phrase made here is true of the number it came from.

The approximate styles ("about", "nearly", "just over") stay within 2% of the figure, so they
hold under any default tolerance of 2% or more; the bounds and ranges hold under any reading.
"""

from __future__ import annotations

import random
from typing import Callable


def grouped(n: int) -> str:
    """`12345` as a reporter writes it: `12,345`."""
    return f"{n:,}"


def _unit(n: int, digits: int) -> int:
    """The place value of the last of `digits` significant figures of `n` (at least 1)."""
    return 10 ** max(len(str(abs(n))) - digits, 0)


def round_down(n: int, digits: int) -> int:
    unit = _unit(n, digits)
    return n // unit * unit


def round_up(n: int, digits: int) -> int:
    unit = _unit(n, digits)
    return -(-n // unit) * unit


def round_nearest(n: int, digits: int) -> int:
    """Half up, so the figure lies in [written - unit/2, written + unit/2)."""
    unit = _unit(n, digits)
    return (2 * n + unit) // (2 * unit) * unit


def above(n: int, digits: int) -> int:
    """The nearest figure of `digits` significant figures strictly above `n`."""
    up = round_up(n, digits)
    return up + _unit(n, digits) if up == n else up


def below(n: int, digits: int) -> int:
    """The nearest figure of `digits` significant figures strictly below `n`."""
    down = round_down(n, digits)
    return down - _unit(n, digits) if down == n else down


def millions(n: int, decimals: int = 2, prefix: str = "") -> str:
    """`1,237,412` as `1.24 million`: rounded half up at the last stated digit, as the spec reads it."""
    step = 10 ** (6 - decimals)
    steps = (2 * n + step) // (2 * step)
    whole, part = divmod(steps, 10**decimals)
    return f"{prefix}{whole}.{part:0{decimals}d} million" if decimals else f"{prefix}{whole} million"


# style name -> (smallest figure it suits, writer); the table the generator draws from
STYLES: dict[str, tuple[int, Callable[[int], str]]] = {
    "about": (100, lambda n: f"about {grouped(round_nearest(n, 3))}"),
    "nearly": (100, lambda n: f"nearly {grouped(above(n, 3))}"),
    "just over": (100, lambda n: f"just over {grouped(below(n, 3))}"),
    "more than": (100, lambda n: f"more than {grouped(below(n, 2))}"),
    "at least": (100, lambda n: f"at least {grouped(round_down(n, 2))}"),
    "fewer than": (100, lambda n: f"fewer than {grouped(above(n, 2))}"),
    "between": (100, lambda n: f"between {grouped(below(n, 2))} and {grouped(above(n, 2))}"),
    "million": (1_000_000, lambda n: millions(n)),
}


def vague(n: int, rng: random.Random) -> str:
    """A vague or rounded phrase, chosen by `rng`, that is true of `n`."""
    suitable = [write for smallest, write in STYLES.values() if n >= smallest]
    if not suitable:
        return grouped(n)
    return rng.choice(suitable)(n)
