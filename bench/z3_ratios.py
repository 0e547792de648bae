"""The Z3 peer for bench/ratios.py: the same table as Z3 constraints, answering what figcheck answers.

The file's quantities are Z3 variables (whole-valued counts `Int`, percents and means `Real`,
each at least its domain's `min`, 0 unless the file says otherwise); its relations are hard
and exact (`share * whole = 100 * part` with the whole above 0, `100 * now = before * (100 +
rise)`, `mean * n = total` with n above 0); each claim is the range its printed value stands
for, exactly as `Table.claims` records it (half-open for a rounded print), guarded by a
Boolean of its own, as bench/z3_baseline.py does for linear tables.

The question is the one figcheck answers: the status, the minimal conflicts (their claims) and
a lightest repair (a minimum-weight set of claims whose removal leaves the rest satisfiable).
The default method is implicit hitting sets over unsat cores, as MaxHS-style solvers work:

1. check with every claim assumed; sat is `consistent`;
2. otherwise shrink Z3's unsat core of assumptions to a minimal conflict with a deletion
   filter (each member left out in turn, the smaller core Z3 returns kept while still unsat);
3. find a minimum-weight set of claims meeting every conflict found so far (a small MaxSAT
   over those Booleans alone) and check with the rest of the claims assumed;
4. sat: that set is a lightest repair (every repair meets every conflict, none is lighter);
   unsat: its core is a new conflict, back to 2.

The file is first split into parts that share no quantity (union-find over the quantities each
relation and claim names, nothing known of rows), and each part gets its own solver: the
lightest repair of the file is the union of its parts'. This is the default because Z3's
nonlinear arithmetic does not scale with the number of unrelated products in one problem:
on one solver for the whole file (`--whole-file`) the unsat cores come at once, but the
satisfiable checks (a conflict less one claim, the file less its repair) find no model within
30 s at 100 rows of shares under one seed (with the restarts below, 54 s), where 30 rows take
2 s and one row a few milliseconds; at 1,000 rows no shape is answered within 300 s. Splitting a
problem into independent parts is what any program handed thousands of unrelated rows would
do; none of figcheck's own reasoning (linear envelopes of products, propagation, finite sets
of totals) is used.

Z3's run times on these small nonlinear checks are heavy-tailed and depend on its random seed:
one GRIM row (a mean of 4.80 with n left free) is answered in 10 ms under some seeds and not
in 5 s under others. So a check still going after FIRST_TRY seconds is started again under the
next seed with twice the time (a restart, as one runs any SMT solver with such tails); the
count of restarts is reported. Each file gets a Z3 context of its own, so that the terms made
for one file do not steer the search on the next.

`--method optimize` keeps the earlier peer: Z3's `Optimize` with each claim a soft constraint
of its weight, a conflict through each dropped claim found as in 2. It is not the default:
on the whole file it gave no answer within 120 s at 100 rows of shares or rises, and even per
part it gets stuck on single rows (at the 16th row of rises, and within 300 s on 1,000 rows of
shares), where the cores with restarts answer every table (bench/README.md has the figures).

The peer also says whether its lightest repair is the injected errors, and when it is not,
whether the injected errors are an equally light repair (a rise and its misprinted base weigh
the same, so either may be dropped; the peer says which it found).

    python bench/ratios.py --z3 --rows 100 --shape shares      # beside figcheck
    python bench/z3_ratios.py --shape grim --rows 1000 [--method optimize] [--whole-file] [--limit 300]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import z3

sys.path.insert(0, str(Path(__file__).resolve().parent))
from z3_baseline import bound  # noqa: E402  (whole-number ends for an Int, exact otherwise)

TIME_LIMIT = 300.0  # seconds of wall clock for one file; past it the answer is "no answer"
FIRST_TRY = 1.0  # seconds a check gets under its first random seed


@dataclass
class Answer:
    """What the peer found on one file, and what it cost."""

    status: str  # consistent, inconsistent, or "no answer" (the limit or Z3's unknown)
    conflicts: list[list[str]] = field(default_factory=list)
    repair: list[str] = field(default_factory=list)
    repair_is_injected: bool | None = None
    injected_is_lightest: bool | None = None
    cpu: float = 0.0
    wall: float = 0.0
    progress: str = ""  # how far it got, when it gave no answer
    checks: int = 0  # questions put to Z3 (a restart counts again)
    restarts: int = 0  # checks started again under another random seed


class _OutOfTime(Exception):
    pass


def _minimums(text: str) -> dict[str, int]:
    """Each quantity's `min` as the file declares it (the format's default is 0)."""
    return {m[1]: int(m[2]) for m in re.finditer(r"^  (\w+): \{[^}\n]*\bmin: (-?\d+)", text, re.M)}


def _parts(table, whole_file: bool):
    """The file's relations and claims grouped into parts that share no quantity.

    Found the generic way, by union-find over the quantities each relation and claim names,
    knowing nothing of rows; with `whole_file` the file is one part.
    """
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def names(data):
        for d in data:
            yield from (names(d) if isinstance(d, (list, tuple)) else [d])

    for _id, _kind, data in table.relations:
        first, *rest = names(data)
        for other in rest:
            parent[root(other)] = root(first)
    parts: dict[str, tuple[list, list]] = {}
    for rel in table.relations:
        parts.setdefault("" if whole_file else root(rel[2][0]), ([], []))[0].append(rel)
    for claim in table.claims:
        parts.setdefault("" if whole_file else root(claim[1]), ([], []))[1].append(claim)
    return list(parts.values())


def encode(integer: dict[str, bool], mins: dict[str, int], relations, claims, ctx=None):
    """Hard constraints, and per claim (its Boolean, its constraint, its weight), in Z3 context `ctx`."""
    v: dict[str, z3.ArithRef] = {}

    def var(n: str):
        if n not in v:
            v[n] = z3.Int(n, ctx) if integer[n] else z3.Real(n, ctx)
            hard.append(v[n] >= mins.get(n, 0))
        return v[n]

    hard: list = []
    for _id, kind, data in relations:
        if kind == "sum":
            total, parts = data
            hard.append(var(total) == z3.Sum([var(p) for p in parts]))
        elif kind == "pct":
            part, whole, share = data
            hard += [var(whole) > 0, var(share) * var(whole) == 100 * var(part)]
        elif kind == "rise":
            now, before, rise = data
            hard.append(100 * var(now) == var(before) * (100 + var(rise)))
        elif kind == "mean":
            mean, total, n = data
            hard += [var(n) > 0, var(mean) * var(n) == var(total)]
        else:
            raise ValueError(f"no translation for a {kind!r} relation")
    guarded = {}
    for cid, name, lo, lo_open, hi, hi_open, weight in claims:
        x = var(name)
        holds = z3.And(bound(x, lo, lo_open, integer[name], True), bound(x, hi, hi_open, integer[name], False))
        guarded[cid] = (z3.Bool(f"claim {cid}", ctx), holds, weight)
    return hard, guarded


class _Peer:
    """One incremental solver over one part, with the file's wall-clock deadline on every check."""

    def __init__(self, hard, claims, deadline: float, ctx=None):
        self.deadline, self.claims = deadline, claims
        self.ctx = ctx
        self.solver = z3.Solver(ctx=ctx)
        self.solver.add(hard)
        for b, holds, _ in claims.values():
            self.solver.add(z3.Implies(b, holds))
        self.by_bool = {str(b): cid for cid, (b, _, _) in claims.items()}
        self.checks = self.restarts = 0

    def check(self, keep):
        """Check with the claims `keep` assumed: None when sat, else the core's claim ids.

        A check still going after FIRST_TRY seconds starts again with Z3's next random seed
        and twice the time (see the module's docstring), until the file's deadline.
        """
        assumptions = [self.claims[c][0] for c in keep]
        seed, budget, reason = 0, FIRST_TRY, "timeout"
        while True:
            left = self.deadline - time.perf_counter()
            if left <= 0:
                raise _OutOfTime(reason)
            self.solver.set("random_seed", seed)
            self.solver.set("timeout", max(1, int(min(left, budget) * 1000)))
            self.checks += 1
            r = self.solver.check(assumptions)
            if r == z3.sat:
                return None
            if r == z3.unsat:
                return [self.by_bool[str(b)] for b in self.solver.unsat_core()]
            reason = self.solver.reason_unknown()
            if reason not in ("timeout", "canceled"):
                raise _OutOfTime(reason)
            self.restarts += 1
            seed, budget = seed + 1, budget * 2

    def minimal(self, core, others):
        """Deletion filter: `core` shrunk to a minimal conflict, `others` assumed throughout."""
        core = list(core)
        for cid in list(core):
            if cid not in core:
                continue
            trial = [c for c in core if c != cid]
            smaller = self.check(trial + others)
            if smaller is not None:
                core = [c for c in trial if c in set(smaller)]
        return sorted(core)

    def lightest_meeting(self, conflicts):
        """A minimum-weight set of claims meeting every conflict (MaxSAT over their Booleans)."""
        opt = z3.Optimize(ctx=self.ctx)
        for conflict in conflicts:
            opt.add(z3.Or([self.claims[c][0] for c in conflict]))
        for cid in {c for conflict in conflicts for c in conflict}:
            opt.add_soft(z3.Not(self.claims[cid][0]), self.claims[cid][2])
        opt.check()
        m = opt.model()
        return sorted({c for conflict in conflicts for c in conflict if z3.is_true(m.eval(self.claims[c][0]))})


def _hitting_sets(peer: _Peer, found: list) -> list[str]:
    """The part's lightest repair; its minimal conflicts are appended to `found` as they come."""
    everything = list(peer.claims)
    core, drop, conflicts = peer.check(everything), [], []
    while core is not None:
        conflicts.append(peer.minimal(core, []))
        found.append(conflicts[-1])
        drop = peer.lightest_meeting(conflicts)
        core = peer.check([c for c in everything if c not in drop])
    return drop


def _optimize(peer: _Peer, found: list) -> list[str]:
    opt = z3.Optimize(ctx=peer.ctx)
    opt.set("timeout", max(1, int((peer.deadline - time.perf_counter()) * 1000)))
    opt.add(peer.solver.assertions())
    for b, _, weight in peer.claims.values():
        opt.add_soft(b, weight)
    if opt.check() != z3.sat:
        raise _OutOfTime(opt.reason_unknown())
    m = opt.model()
    drop = sorted(c for c, (b, _, _) in peer.claims.items() if z3.is_false(m.eval(b, model_completion=True)))
    keep = [c for c in peer.claims if c not in drop]
    for cid in drop:  # a conflict through each dropped claim: the rest of the repair left out
        core = peer.check(keep + [cid])
        found.append(peer.minimal(core, [c for c in keep if c not in core]))
    return drop


METHODS = {"cores": _hitting_sets, "optimize": _optimize}


def solve(table, limit: float = TIME_LIMIT, method: str = "cores", whole_file: bool = False) -> Answer:
    """The peer's answer on `table` (a bench/ratios.py Table), within `limit` seconds of wall clock."""
    wall, cpu = time.perf_counter(), time.process_time()
    answer = Answer("no answer")
    deadline = wall + limit
    mins = _minimums(table.text)
    parts = _parts(table, whole_file)
    ctx = z3.Context()  # the file's own, so that one file's terms do not steer the next's search
    weight = {c[0]: c[6] for c in table.claims}
    done = 0
    try:
        for relations, claims in parts:
            hard, guarded = encode(table.integer, mins, relations, claims, ctx)
            peer = _Peer(hard, guarded, deadline, ctx)
            try:
                answer.repair += METHODS[method](peer, answer.conflicts)
            finally:
                answer.checks, answer.restarts = answer.checks + peer.checks, answer.restarts + peer.restarts
            done += 1
        answer.repair.sort()
        answer.status = "inconsistent" if answer.conflicts else "consistent"
        if answer.conflicts:
            answer.repair_is_injected = set(answer.repair) == table.wrong
            if not answer.repair_is_injected:
                answer.injected_is_lightest = sum(weight[c] for c in answer.repair) == sum(
                    weight[c] for c in table.wrong) and _repairs(table, parts, mins, deadline, ctx)
    except _OutOfTime as stop:
        answer.status, answer.repair = "no answer", []
        why = f"Z3 said {stop.args[0]!r}; " if stop.args and stop.args[0] not in ("timeout", "canceled") else ""
        answer.progress = (f"{why}{done} of {len(parts)} parts done, {len(answer.conflicts)} conflicts found, "
                           f"{answer.checks} checks")
    finally:
        answer.cpu, answer.wall = time.process_time() - cpu, time.perf_counter() - wall
    return answer


def _repairs(table, parts, mins, deadline: float, ctx) -> bool:
    """Whether leaving out the injected errors leaves each part satisfiable."""
    for relations, claims in parts:
        hard, guarded = encode(table.integer, mins, relations, claims, ctx)
        if any(c in table.wrong for c in guarded):
            if _Peer(hard, guarded, deadline, ctx).check([c for c in guarded if c not in table.wrong]) is not None:
                return False
    return True


def describe(answer: Answer, limit: float = TIME_LIMIT) -> str:
    """One line for a table of results: the status, the repair against the injected errors, the cost."""
    if answer.status == "no answer":
        return (f"no answer in {limit:g} s ({answer.cpu:.2f} s CPU); got to {answer.progress}, "
                f"{answer.restarts} restarts")
    repair = ("" if answer.status == "consistent"
              else "repair = the injected errors" if answer.repair_is_injected
              else "repair as light as the injected errors" if answer.injected_is_lightest
              else "repair NOT the injected errors")
    drops = f" {answer.repair[:6]}" if answer.repair else ""
    if answer.restarts:
        drops += f" ({answer.restarts} restarts)"
    return f"{answer.status:12} {len(answer.conflicts)} conflicts, {repair}{drops}  {answer.wall:6.2f} s ({answer.cpu:.2f} s)"


def main(argv: list[str] | None = None) -> int:
    from ratios import SHAPES

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shape", choices=sorted(SHAPES), required=True)
    ap.add_argument("--rows", type=int, default=100)
    ap.add_argument("--errors", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--limit", type=float, default=TIME_LIMIT, help="seconds of wall clock (default 300)")
    ap.add_argument("--method", choices=sorted(METHODS), default="cores")
    ap.add_argument("--whole-file", action="store_true", help="one solver for the whole file")
    args = ap.parse_args(argv)
    table = SHAPES[args.shape](args.rows, args.errors, random.Random(args.seed))
    answer = solve(table, args.limit, args.method, args.whole_file)
    print(f"{args.shape} {args.rows} rows: {describe(answer, args.limit)}")
    print(f"repair: {answer.repair}  injected: {sorted(table.wrong)}")
    for c in answer.conflicts:
        print(f"conflict ({len(c)}): {c}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
