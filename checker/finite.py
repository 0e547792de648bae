"""Exact small sets of values: where a derived range is only the hull of a few values (a group
of 26, 47 or 48 people; a share of twelve people, in steps of about 8.3%), the values themselves.

Candidates come from the whole-valued quantities of one independent part whose ranges hold
few whole numbers, carried through the kept claims' sums, products, ratios and `pct`: every
value the quantity could take is among them. Each candidate is then put to the oracle with
the quantity pinned to it. A value is listed only when the oracle finds it feasible, left out
only when the oracle proves it infeasible; an open question, or any cap reached, leaves the
range as it was (never a guessed set).
"""

from __future__ import annotations

from collections import deque
from fractions import Fraction
from itertools import product
from typing import Any, Iterable

from .bounds import Budget, Domains
from .constraints import Atom, InSet, Lin, Num, Prim, Problem, Product, Quotient, norm, part_of
from .interval import Interval
from .readable import SIGNIFICANT

MAX_VALUES = 24  # a longer set is shown as its range: past this, a list reads worse than a span
MAX_CANDIDATES = 48  # values carried for one variable while the sets narrow
MAX_PART = 60  # kept claims and relations in the quantity's part: past this, no set is sought
MAX_COMBOS = 4096  # combinations of values tried for one constraint
# A file's budget for all its sets, ranges and repairs together; counted, not timed, so the
# same file gets the same sets on every machine. A story spends a fraction of it; a table of
# thousands of rows spends it on its first rows, and its other ranges stay as they were.
MAX_WORK = 4_000  # combinations of candidate values tried (a constraint's turn counts CALL_WORK)
CALL_WORK = 10
MAX_QUESTIONS = 48  # oracle questions
STEPS = 100_000  # solver steps for those questions

Values = tuple[Num, ...]


class FiniteSets:
    """One file's exact sets, with one budget of questions shared by its ranges and repairs."""

    def __init__(self, problem: Problem, skip: Iterable[str] = ()) -> None:
        self.problem = problem
        self.skip = frozenset(skip)  # quantities never given a set (dates)
        # Its own budget: spending it never makes the file's verdict partial.
        self.budget = Budget(STEPS)
        self.questions = 0
        self.work = [MAX_WORK]  # combinations of candidate values, for every part together
        self._holders: dict[int, list[int]] | None = None
        self._known: dict[tuple[int, ...], _Part] = {}

    def sets(self, atoms: frozenset[int], doms: Domains, wanted: Iterable[int]) -> dict[int, tuple[Fraction, ...]]:
        """For each `wanted` variable whose values under `atoms` are proved to be a small set
        that says more than its range, that set, sorted. `doms` (the ranges `atoms` imply) is
        narrowed in place to each proved set's least and greatest value."""
        out: dict[int, tuple[Fraction, ...]] = {}
        big: set[int] = set()  # variables of parts too large to enumerate
        parts: dict[int, _Part] = {}  # variable -> its part under these atoms
        for v in wanted:
            if self.spent():
                break
            if v in big or not self._worth(v, doms):
                continue
            part = parts.get(v)
            if part is None:
                members, seen = self._part(atoms, v, big)
                if members is None:
                    big |= seen
                    continue
                # A repair and the ranges often keep the same part: its candidates (sound
                # under either's ranges) and what its questions proved serve both.
                part = self._known.get(tuple(members))
                if part is None:
                    part = self._known[tuple(members)] = _Part(self, members, doms)
                for u in part.vars:
                    parts[u] = part
            values = part.values(v, doms)
            if values is None:
                continue
            doms.set_lo(v, values[0], False, doms.lo_why[v])
            doms.set_hi(v, values[-1], False, doms.hi_why[v])
            if says_more(values, doms.integer[v]):
                out[v] = tuple(Fraction(x) for x in values)
        return out

    def spent(self) -> bool:
        """Whether the file's budget for sets is gone: past it, ranges stay as they are."""
        return self.questions >= MAX_QUESTIONS or self.budget.exhausted or self.work[0] <= 0

    def _worth(self, v: int, doms: Domains) -> bool:
        """A bounded range that is not one value, of a quantity that may have a set."""
        var = self.problem.vars[v]
        if var.quantity in self.skip:
            return False
        return doms.lo[v] is not None and doms.hi[v] is not None and not doms.is_point(v)

    def _part(self, atoms: frozenset[int], v: int, big: set[int]) -> tuple[list[int] | None, set[int]]:
        """The kept atoms joined to `v` by shared variables, or None past MAX_PART atoms (or
        on meeting a part already found too large), with the variables met."""
        if self._holders is None:
            self._holders = {}
            for atom in self.problem.atoms:
                for u in atom.vars:
                    self._holders.setdefault(u, []).append(atom.index)
        found: set[int] = set()
        seen = {v}
        stack = [v]
        while stack:
            u = stack.pop()
            for a in self._holders.get(u, ()):
                if a in found or a not in atoms:
                    continue
                found.add(a)
                if len(found) > MAX_PART:
                    return None, seen
                for w in self.problem.atoms[a].vars:
                    if w in big:
                        return None, seen
                    if w not in seen:
                        seen.add(w)
                        stack.append(w)
        return sorted(found), seen


def says_more(values: Values, integer: bool) -> bool:
    """Whether a proved set tells more than its range: at least two values, few enough to
    list, and not every whole number between its ends; values that are not whole must
    also stand apart at the significant digits figures are read to (SIGNIFICANT), or the
    range says as much: 13 shares between 23.330% and 23.359% read better as that span."""
    if not 2 <= len(values) <= MAX_VALUES:
        return False
    if integer:
        return values[-1] - values[0] + 1 != len(values)
    largest = max(abs(Fraction(x)) for x in values)
    unit = Fraction(1)
    while unit * 10 <= largest:
        unit *= 10
    while unit > largest:
        unit /= 10
    # `unit` is the place of the leading digit; the last significant one is SIGNIFICANT - 1 below.
    gap = min(b - a for a, b in zip(values, values[1:]))
    return gap >= unit / 10 ** (SIGNIFICANT - 1)


class _Part:
    """One part of the kept atoms: candidate sets for its variables, and its questions."""

    def __init__(self, owner: FiniteSets, atoms: list[int], doms: Domains) -> None:
        self.owner = owner
        self.atoms = atoms
        problem = owner.problem
        self.vars = sorted({u for a in atoms for u in problem.atoms[a].vars})
        self.candidates = candidates(problem, atoms, self.vars, doms, owner.work)
        # Questions are asked only where each product and ratio has at most one variable
        # without a candidate set: pinned, they are settled by branching on small whole
        # domains, never left to the algebraic fallback (sympy) for the sake of a range.
        self.askable = all(sum(u not in self.candidates for u in {p.z, p.x, p.y}) <= 1
                           for a in atoms for p in problem.atoms[a].prims if isinstance(p, (Product, Quotient)))
        self.seen: dict[int, set[Num]] = {}  # variable -> values some solution gave it
        self.proved: dict[int, Values | None] = {}
        self.oracle: Any = None  # built on the first question, with every pin it may ask

    def values(self, v: int, doms: Domains) -> Values | None:
        """The values of `v` proved feasible, when every other candidate is proved not."""
        if v not in self.proved:
            self.proved[v] = self._values(v, doms)
        return self.proved[v]

    def _values(self, v: int, doms: Domains) -> Values | None:
        cands = self.candidates.get(v)
        if not self.askable or not cands or len(cands) > MAX_VALUES:
            # None to try (an empty set proves nothing either), or more than could be listed.
            return None
        if doms.integer[v] and len(cands) == doms.interval(v).integer_count():
            # Every whole number of its range: only the oracle could find a gap, and a
            # question a value is too dear for what it seldom finds.
            return None
        seen = self.seen.get(v, set())
        if sum(1 for c in cands if c not in seen) > MAX_QUESTIONS - self.owner.questions:
            return None  # not enough questions left to settle it: none are spent on it
        keep = []
        for c in sorted(cands):
            if c not in self.seen.get(v, ()):
                holds = self._ask(v, c)
                if holds is None:
                    return None
                if not holds:
                    continue
            keep.append(c)
        return tuple(keep) or None

    def _ask(self, v: int, c: Num) -> bool | None:
        """Whether the part's atoms hold with `v` at `c`: True, False, or None when unsettled."""
        owner = self.owner
        if owner.spent():
            return None
        owner.questions += 1
        if self.oracle is None:
            self._build()
        verdict = self.oracle.check(self.base | {self.pins[v, c]})
        if verdict.status == "infeasible":
            return False
        if verdict.status != "feasible":
            return None
        # A solution shows every value it gives the part's variables to be feasible.
        for i, value in (verdict.witness or {}).items():
            self.seen.setdefault(self.local_vars[i], set()).add(norm(value))
        self.seen.setdefault(v, set()).add(c)
        return True

    def _build(self) -> None:
        """The part as a problem of its own, with one pinning atom per candidate value."""
        from .feasibility import Oracle

        problem, self.local_vars = part_of(self.owner.problem, self.atoms)
        self.base = frozenset(range(len(problem.atoms)))
        local = {u: i for i, u in enumerate(self.local_vars)}
        self.pins: dict[tuple[int, Num], int] = {}
        for u in sorted(self.candidates):
            for c in sorted(self.candidates[u]):
                k = len(problem.atoms)
                problem.atoms.append(Atom(k, f"{problem.vars[local[u]].name}={c}", "claim", Fraction(1),
                                          [InSet(local[u], Interval.point(c))], frozenset([local[u]])))
                self.pins[u, c] = k
        self.oracle = Oracle(problem, self.owner.budget)


def candidates(problem: Problem, atoms: list[int], variables: list[int], doms: Domains,
               work: list[int]) -> dict[int, set[Num]]:
    """For each variable it can bound, a set holding every value the variable takes in any
    solution of `atoms`: whole-valued variables with few values in their ranges seed it,
    and each constraint that fixes one variable once the others are known carries it on.
    `work` ([combinations left]) is spent as values are combined; the sets are sound (never
    short of a value) whenever that stops."""
    sets: dict[int, set[Num]] = {}
    for v in variables:
        iv = doms.interval(v)
        if iv.is_point():
            sets[v] = {norm(iv.lo)}  # type: ignore[arg-type]
        elif doms.integer[v]:
            count = iv.integer_count()
            if count is not None and count <= MAX_CANDIDATES:
                lo = int(iv.integers().lo)  # type: ignore[arg-type]
                sets[v] = set(range(lo, lo + count))
    prims = [p for a in atoms for p in problem.atoms[a].prims if isinstance(p, (Lin, InSet, Product, Quotient))]
    watch: dict[int, list[int]] = {}
    for k, p in enumerate(prims):
        for u in _vars(p):
            watch.setdefault(u, []).append(k)
    queue, queued = deque(range(len(prims))), set(range(len(prims)))
    while queue and work[0] > 0:
        k = queue.popleft()
        queued.discard(k)
        for u in _narrow(prims[k], sets, doms, work):
            for j in watch[u]:
                if j != k and j not in queued:
                    queued.add(j)
                    queue.append(j)
    return sets


def _narrow(p: Prim, sets: dict[int, set[Num]], doms: Domains, work: list[int]) -> list[int]:
    """Narrow or extend the sets by one constraint; the variables whose sets changed."""
    if isinstance(p, InSet):
        work[0] -= 1
        known = sets.get(p.var)
        kept = None if known is None else {x for x in known if p.interval.contains(x)}
        if kept is None or kept == known:
            return []
        sets[p.var] = kept
        return [p.var]
    work[0] -= CALL_WORK
    names = _vars(p)
    unknown = [u for u in names if u not in sets]
    if len(unknown) > 1:
        return []
    given = [u for u in names if u in sets]
    size = 1
    for u in given:
        size *= len(sets[u])
    if size > min(MAX_COMBOS, work[0]):
        return []
    work[0] -= size
    found: dict[int, set[Num]] = {u: set() for u in names}
    for combo in product(*(sorted(sets[u]) for u in given)):
        point = dict(zip(given, combo))
        if unknown:
            # Solved for the one unknown, the constraint holds by construction.
            u = unknown[0]
            value = _solve(p, u, point)
            if value is _ANY:
                return []  # the others leave it free (0 = 0 * y): no set for it
            if value is None or (doms.integer[u] and Fraction(value).denominator != 1):
                continue
            if not doms.interval(u).contains(value):
                continue
            point[u] = value
        elif not _holds(p, point):
            continue
        for u, x in point.items():
            found[u].add(x)
    if unknown and len(found[unknown[0]]) > MAX_CANDIDATES:
        del found[unknown[0]]  # too many to carry: the given variables may still narrow
    changed = [u for u, values in found.items() if sets.get(u) != values]
    for u in changed:
        sets[u] = found[u]
    return changed


_ANY = object()  # a variable some constraint leaves free once the others are given


def _vars(p: Prim) -> list[int]:
    if isinstance(p, Lin):
        return [v for v, _ in p.terms]
    if isinstance(p, InSet):
        return [p.var]
    assert isinstance(p, (Product, Quotient))
    return sorted({p.z, p.x, p.y})


def _solve(p: Prim, u: int, point: dict[int, Num]) -> Any:
    """The one value of `u` that `p` allows given the others (None: no value; _ANY: any)."""
    if isinstance(p, Lin):
        if p.op != "=":
            return _ANY
        coef = next(c for v, c in p.terms if v == u)
        rest = sum((c * point[v] for v, c in p.terms if v != u), 0)
        return norm(Fraction(p.rhs - rest) / coef)
    if (p.z, p.x, p.y).count(u) > 1:
        return _ANY  # z = z * y and the like: not carried
    if isinstance(p, Product):
        if u == p.z:
            return norm(point[p.x] * point[p.y])
        if p.x == p.y:
            return _ANY  # a square root: not carried
        other = point[p.y if u == p.x else p.x]
        if other == 0:
            return _ANY if point[p.z] == 0 else None
        return norm(Fraction(point[p.z]) / other)
    assert isinstance(p, Quotient)
    if u == p.z:
        return None if point[p.y] == 0 else norm(Fraction(point[p.x]) / point[p.y])
    if u == p.x:
        return None if point[p.y] == 0 else norm(point[p.z] * point[p.y])
    if point[p.z] == 0:
        return _ANY if point[p.x] == 0 else None
    return norm(Fraction(point[p.x]) / point[p.z])


def _holds(p: Prim, point: dict[int, Num]) -> bool:
    if isinstance(p, Lin):
        s = sum((c * point[v] for v, c in p.terms), 0)
        return s == p.rhs if p.op == "=" else s <= p.rhs if p.op == "<=" else s < p.rhs
    if isinstance(p, Product):
        return point[p.z] == point[p.x] * point[p.y]
    return point[p.y] != 0 and point[p.z] == Fraction(point[p.x]) / point[p.y]
