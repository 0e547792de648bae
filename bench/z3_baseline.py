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

import sys
import time
from pathlib import Path

import z3

from checker.constraints import InSet, Lin
from checker.encode import encode
from checker.model import load_claim_file
from checker.vocabulary import DEFAULT_VOCABULARY


def build(path: Path):
    enc = encode(load_claim_file(path), DEFAULT_VOCABULARY)
    xs = [z3.Int(v.name) if v.integer else z3.Real(v.name) for v in enc.problem.vars]
    hard, soft = [], {}
    for i, v in enumerate(enc.problem.vars):
        d = v.domain
        if d.lo is not None:
            hard.append(xs[i] > d.lo if d.lo_open else xs[i] >= d.lo)
        if d.hi is not None:
            hard.append(xs[i] < d.hi if d.hi_open else xs[i] <= d.hi)
    for atom in enc.problem.atoms:
        parts = []
        for p in atom.prims:
            if isinstance(p, Lin):
                s = z3.Sum([c * xs[v] for v, c in p.terms]) if p.terms else z3.IntVal(0)
                parts.append({"=": s == p.rhs, "<=": s <= p.rhs, "<": s < p.rhs}[p.op])
            elif isinstance(p, InSet):
                iv, x = p.interval, xs[p.var]
                if iv.lo is not None:
                    parts.append(x > iv.lo if iv.lo_open else x >= iv.lo)
                if iv.hi is not None:
                    parts.append(x < iv.hi if iv.hi_open else x <= iv.hi)
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
