"""The yardstick: a straightforward Z3 program answering what figcheck answers, timed.

Claims are soft constraints guarded by one Boolean each; an unsat core shrunk by a deletion
filter gives a minimal conflict; Z3's MaxSAT (Optimize with soft constraints) gives the
lightest repair; each claim of that repair gets a minimal conflict of its own. It reads
claim files through figcheck's own loader and encoder, so both answer the same question.

    pip install z3-solver
    python bench/z3_baseline.py bench/out/table-1000.yaml

Only linear claims and relations are translated (the benchmark's tables have no others).
"""

from __future__ import annotations

import math
import sys
import time
from fractions import Fraction
from pathlib import Path

import z3

from checker.constraints import InSet, Lin
from checker.encode import encode
from checker.model import load_claim_file
from checker.vocabulary import DEFAULT_VOCABULARY


def bound(x, lo, open_: bool, is_int: bool, lower: bool):
    """x >= lo (or >, <=, <) with an exact constant; whole-number ends for an integer x."""
    q = Fraction(lo)
    if is_int:  # x > 12.5 is x >= 13 for a whole x: keeps the integer problem linear-integer
        if lower:
            return x >= (math.floor(q) + 1 if open_ else math.ceil(q))
        return x <= (math.ceil(q) - 1 if open_ else math.floor(q))
    c = z3.Q(q.numerator, q.denominator, x.ctx)
    if lower:
        return x > c if open_ else x >= c
    return x < c if open_ else x <= c


def linear(xs, lin: Lin):
    """sum(c * x) op rhs with every coefficient made whole (scaled by their common denominator)."""
    scale = math.lcm(*(Fraction(c).denominator for _, c in lin.terms), Fraction(lin.rhs).denominator)
    s = z3.Sum([int(c * scale) * xs[v] for v, c in lin.terms]) if lin.terms else z3.IntVal(0)
    rhs = int(lin.rhs * scale)
    return {"=": s == rhs, "<=": s <= rhs, "<": s < rhs}[lin.op]


def build(path: Path):
    enc = encode(load_claim_file(path), DEFAULT_VOCABULARY)
    xs = [z3.Int(v.name) if v.integer else z3.Real(v.name) for v in enc.problem.vars]
    hard, soft = [], {}
    for i, v in enumerate(enc.problem.vars):
        d = v.domain
        if d.lo is not None:
            hard.append(bound(xs[i], d.lo, d.lo_open, v.integer, True))
        if d.hi is not None:
            hard.append(bound(xs[i], d.hi, d.hi_open, v.integer, False))
    for atom in enc.problem.atoms:
        parts = []
        for p in atom.prims:
            if isinstance(p, Lin):
                parts.append(linear(xs, p))
            elif isinstance(p, InSet):
                iv, x, is_int = p.interval, xs[p.var], enc.problem.vars[p.var].integer
                if iv.lo is not None:
                    parts.append(bound(x, iv.lo, iv.lo_open, is_int, True))
                if iv.hi is not None:
                    parts.append(bound(x, iv.hi, iv.hi_open, is_int, False))
            else:
                raise SystemExit(f"{atom.id}: only linear claims are translated")
        soft[atom.id] = (z3.Bool(f"use_{atom.index}"), z3.And(parts), atom.kind)
    return hard, soft


def minimal_conflict(hard, soft, core_ids):
    """Deletion filter over an unsat core: drop each member whose absence stays unsat."""
    s = z3.Solver()
    s.add(hard)
    for b, c, _ in soft.values():
        s.add(z3.Implies(b, c))
    core = list(core_ids)
    for cid in list(core):
        trial = [soft[x][0] for x in core if x != cid]
        if s.check(trial) == z3.unsat:
            names = {str(b) for b in s.unsat_core()}
            core = [x for x in core if x != cid and str(soft[x][0]) in names]
    return sorted(core)


def main(path: str) -> None:
    t0 = time.perf_counter()
    hard, soft = build(Path(path))
    opt = z3.Optimize()
    opt.add(hard)
    for cid, (b, c, kind) in soft.items():
        opt.add(z3.Implies(b, c))
        opt.add_soft(b, 1 if kind == "claim" else 1000)
    opt.check()
    model = opt.model()
    repair = sorted(cid for cid, (b, _, _) in soft.items() if z3.is_false(model.eval(b)))
    conflicts = []
    s = z3.Solver()
    s.add(hard)
    for b, c, _ in soft.values():
        s.add(z3.Implies(b, c))
    for cid in repair:
        # a conflict through this claim: everything except the rest of the repair
        keep = [x for x in soft if x not in repair or x == cid]
        if s.check([soft[x][0] for x in keep]) == z3.unsat:
            core = [x for x in keep if str(soft[x][0]) in {str(b) for b in s.unsat_core()}]
            conflicts.append(minimal_conflict(hard, soft, core))
    took = time.perf_counter() - t0
    print(f"repair: {repair}")
    for c in conflicts:
        print(f"conflict ({len(c)}): {c}")
    print(f"z3 {z3.get_version_string()}: {took:.2f} s (after start-up)")


if __name__ == "__main__":
    main(sys.argv[1])
