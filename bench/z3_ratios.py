"""The Z3 peer for bench/ratios.py: the same table as Z3 constraints, claims soft.

Relations are hard; each claim is a soft constraint of its weight, and Z3's optimiser finds
the lightest set of claims to drop, which is what figcheck's first repair is. Run through
`python bench/ratios.py --z3`.
"""

from __future__ import annotations

import time

import z3

TIMEOUT_MS = 120_000  # past this the peer's time is reported as the limit, with no drops


def solve(table) -> tuple[float, list[str]]:
    """Seconds Z3 took, and the claims its optimum drops."""
    start = time.perf_counter()
    v = {}

    def var(name: str):
        if name not in v:
            v[name] = z3.Real(name)
        return v[name]

    o = z3.Optimize()
    o.set("timeout", TIMEOUT_MS)
    for name, whole in table.integer.items():
        x = var(name)
        o.add(x >= -100 if name.startswith("r") else x >= 0)
        if whole:
            o.add(z3.IsInt(x))
    for _id, kind, data in table.relations:
        if kind == "sum":
            total, parts = data
            o.add(var(total) == z3.Sum([var(p) for p in parts]))
        elif kind == "pct":
            part, whole, share = data
            o.add(var(whole) != 0, var(share) * var(whole) == 100 * var(part))
        elif kind == "rise":
            now, before, rise = data
            o.add(100 * var(now) == var(before) * (100 + var(rise)))
        elif kind == "mean":
            mean, total, n = data
            o.add(var(n) != 0, var(mean) * var(n) == var(total))
    soft = {}
    for cid, name, lo, lo_open, hi, hi_open, weight in table.claims:
        x = var(name)
        lo_q, hi_q = z3.Q(lo.numerator, lo.denominator), z3.Q(hi.numerator, hi.denominator)
        holds = z3.And(x > lo_q if lo_open else x >= lo_q, x < hi_q if hi_open else x <= hi_q)
        soft[cid] = holds
        o.add_soft(holds, weight)
    status = o.check()
    dropped = []
    if status == z3.sat:
        m = o.model()
        dropped = [cid for cid, h in soft.items() if not z3.is_true(m.eval(h, model_completion=True))]
    return time.perf_counter() - start, dropped
