"""What the findings come to for a reader, decided before any formatter sees them: which
discrepancies share a cause, and which bounds of a repair's ranges tell something.
"""

from __future__ import annotations

from typing import Mapping

from .findings import Discrepancy
from .interval import Interval


def with_causes(discrepancies: tuple[Discrepancy, ...]) -> tuple[Discrepancy, ...]:
    """Each open discrepancy that shares a cause with an earlier open one (the same claims of
    the lightest repair, or the same clash through other statements) gets `cause`: the
    number of the first of that cause. Accepted ones stand alone, so that folding never hides
    an open clash inside a reviewed one."""
    out: list[Discrepancy] = []
    first_of_group: dict[tuple[str, ...], int] = {}
    for number, d in enumerate(discrepancies, 1):
        cause = None
        if d.accepted is None:
            host = d.same_as
            if host is not None and 1 <= host < number and discrepancies[host - 1].accepted is None:
                cause = out[host - 1].cause or host
            elif d.group and d.group in first_of_group:
                cause = first_of_group[d.group]
            if d.group:
                first_of_group.setdefault(d.group, cause or number)
        out.append(d._replace(cause=cause))
    return tuple(out)


def informative(would_fit: Mapping[str, Mapping[str, Interval]],
                domains: Mapping[str, Interval]) -> dict[str, dict[str, Interval]]:
    """would_fit without the ends that only repeat a quantity's domain (`asked ≥ 0`)."""
    out: dict[str, dict[str, Interval]] = {}
    for claim_id, ranges in would_fit.items():
        kept = {}
        for name, iv in ranges.items():
            dom = domains.get(name, Interval.everything())
            lo_told = iv.lo is not None and not (dom.lo is not None and iv.lo <= dom.lo)
            hi_told = iv.hi is not None and not (dom.hi is not None and iv.hi >= dom.hi)
            if iv.is_empty() or lo_told or hi_told:
                kept[name] = iv if iv.is_empty() else Interval(
                    iv.lo if lo_told else None, iv.hi if hi_told else None,
                    iv.lo_open if lo_told else True, iv.hi_open if hi_told else True)
        if kept:
            out[claim_id] = kept
    return out
