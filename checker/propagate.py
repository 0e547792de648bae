"""Interval propagation with reasons: the solver's fast first answer.

Every bound the propagator derives remembers which atom derived it and from which other
bounds, so an emptied domain names the atoms that emptied it: a small conflict to shrink,
instead of a search over all of them. Propagation is sound (it never loses a solution)
but alone not complete; `feasibility` completes it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from itertools import compress

from .bounds import Budget, Conflict, Domains, Reason, atoms_of, work  # noqa: F401  (their home is bounds)
from .constraints import Atom, Choice, InSet, Lin, Never, Num, Prim, Problem, Product, Quotient, norm, prim_holds
from .constraints import prim_vars as _vars
from .exact import nadd, ncmp, ndiv, nmul, nsub
from .interval import Interval, divide_ends, mul_ends

MAX_MOVES = 48  # bound changes of one variable that may wake its neighbours, per run


class Propagator:
    """Runs primitives to a fixpoint over one problem; built once, run many times."""

    def __init__(self, problem: Problem, atoms: list[int] | None = None) -> None:
        """`atoms` (in order) limits it to those atoms' primitives, numbered as in the whole:
        what a question about some of them does is what the whole problem's propagator does."""
        self.problem = problem
        self.prims: list[tuple[int, Prim]] = []
        # Indexed by variable and by atom: lists for the whole problem, and for some atoms of
        # a large one, maps that hold only theirs (read the same way).
        self.watch: list[list[int]] | defaultdict[int, list[int]]
        self.atom_prims: list[list[int]] | defaultdict[int, list[int]]
        if atoms is None:
            self.watch = [[] for _ in problem.vars]
            self.atom_prims = [[] for _ in problem.atoms]
        else:
            self.watch, self.atom_prims = defaultdict(list), defaultdict(list)
        self.also: list[int] = []  # a second atom a derived row needs, or -1
        self.slow: list[bool] = []  # a product, ratio or choice: run after the linear ones
        self.idem: list[bool] = []  # a pass leaves nothing for a second pass of its own
        self.vars_of: list[tuple[int, ...]] = []
        self._holders: list[list[int]] | None = None
        held = problem.atoms if atoms is None else [problem.atoms[a] for a in atoms]
        for atom in held:
            for p in atom.prims:
                self._add(atom.index, p, -1)
        for a, b, lin in _eliminations(held):
            self._add(a, lin, b)

    def _add(self, atom: int, p: Prim, also: int) -> None:
        k = len(self.prims)
        self.prims.append((atom, p))
        self.also.append(also)
        self.slow.append(not isinstance(p, (Lin, InSet)))
        self.idem.append(isinstance(p, Lin) and _idempotent(p, self.problem))
        self.atom_prims[atom].append(k)
        if also >= 0:
            self.atom_prims[also].append(k)
        vs = _vars(p)
        self.vars_of.append(tuple(vs))
        # A constraint on one variable (a claim's range) holds once it has run: later
        # changes only narrow that variable further, so nothing need wake it again.
        if len(vs) > 1:
            for v in vs:
                self.watch[v].append(k)

    def holders(self) -> list[list[int]]:
        """Every primitive that holds each variable, one-variable ones included (built
        once, on first use): what must run again when a variable's bound is taken back."""
        if self._holders is None:
            self._holders = [[] for _ in self.problem.vars]
            for k, (_, p) in enumerate(self.prims):
                for v in _vars(p):
                    self._holders[v].append(k)
        return self._holders

    def run(self, doms: Domains, active: list[bool], budget: Budget,
            extra: list[tuple[int, Prim]] = (), start: list[int] | None = None,
            atoms: Iterable[int] | None = None) -> None:
        """Propagate the active atoms' primitives (and `extra`) to a fixpoint or the budget.

        Raises Conflict when a domain empties. `start` limits the first sweep to some
        primitives (after a single bound change); by default every active one is queued.
        """
        prims = self.prims
        n_base = len(prims)
        slow = self.slow
        if extra:
            prims = prims + list(extra)
            slow = slow + [not isinstance(p, (Lin, InSet)) for _, p in extra]
        if start is None:
            # Only the question's own primitives: a small question stays small in a big file.
            if atoms is None:
                atoms = compress(range(len(active)), active)  # in order, at C speed
            else:
                atoms = sorted(atoms)
            first = [k for a in atoms for k in self.atom_prims[a]]
        else:
            first = list(start)
        first += range(n_base, len(prims))
        # Linear and set constraints run before products, ratios and choices: they are
        # cheap, and what they settle (a point, a tight range) saves the costly ones steps.
        queues: tuple[list[int], list[int]] = ([], [])
        queued: set[int] = set()
        for k in first:
            if k not in queued:
                queued.add(k)
                queues[slow[k]].append(k)
        extra_watch: dict[int, list[int]] = {}
        for k in range(n_base, len(prims)):
            for v in _vars(prims[k][1]):
                extra_watch.setdefault(v, []).append(k)
        # A cycle of constraints can tighten a bound forever by ever smaller steps (or, on
        # whole numbers, by one at a time towards infinity). Past a few moves a variable
        # stops waking its neighbours: propagation stays sound, and the exact simplex
        # settles what it leaves open.
        moves: dict[int, int] = {}
        heads = [0, 0]
        try:
            self._loop(doms, active, budget, prims, n_base, slow, queues, queued, heads, extra_watch, moves)
        except Conflict as c:
            # What was still to run when the domain emptied: a caller that keeps this state
            # and later takes back some of its atoms must run these too (see fixpoints.py).
            c.pending = queued
            raise

    def _loop(self, doms: Domains, active: list[bool], budget: Budget, prims: list, n_base: int,
              slow: list[bool], queues: tuple[list[int], list[int]], queued: set[int], heads: list[int],
              extra_watch: dict[int, list[int]], moves: dict[int, int]) -> None:
        watch = self.watch
        idem_of = self.idem
        vars_of = self.vars_of
        tick = 0  # one more for each pass that moved something
        stamp: dict[int, int] = {}  # variable -> the tick of its last move
        idle: dict[int, int] = {}  # primitive queued only by its own idempotent pass -> that tick
        while True:
            which = 0 if heads[0] < len(queues[0]) else 1
            queue, head = queues[which], heads[which]
            if head >= len(queue):
                return
            k = queue[head]
            heads[which] = head + 1
            if head > 4096 and head * 2 > len(queue):
                del queue[:head + 1]
                heads[which] = 0
            queued.discard(k)
            atom, p = prims[k]
            if atom >= 0 and not active[atom]:
                continue
            if k in idle:
                ran = idle.pop(k)
                if not any(stamp.get(v, 0) > ran for v in (vars_of[k] if k < n_base else _vars(p))):
                    continue
            # A combined row runs only while both its atoms are asked about: checked before
            # it is paid for, since sparse domains hold only the question's own variables.
            also = self.also[k] if k < n_base else -1
            if also >= 0 and not active[also]:
                continue
            if not budget.spend(work(p, doms)):
                return
            try:
                if also >= 0:
                    changed = _run_lin(p, atom, doms, ((self.also[k], ()),))  # type: ignore[arg-type]
                else:
                    changed = _run_prim(p, atom, doms)
            except Conflict:
                queued.add(k)  # it did not finish
                raise
            # An inequality's pass moves only ends it does not read (upper ends of terms
            # it reads the lower ends of, and the reverse): it need not wake itself.
            quiet = isinstance(p, Lin) and p.op != "=" and k not in queued
            if quiet:
                queued.add(k)
            if changed:
                tick += 1
            for v in changed:
                stamp[v] = tick
                m = moves[v] = moves.get(v, 0) + 1
                if m > MAX_MOVES:
                    continue
                for k2 in watch[v]:
                    if k2 not in queued:
                        queued.add(k2)
                        queues[slow[k2]].append(k2)
                for k2 in extra_watch.get(v, ()):
                    if k2 not in queued:
                        queued.add(k2)
                        queues[slow[k2]].append(k2)
            if quiet:
                queued.discard(k)
            elif changed and k in queued and (
                    type(changed) is tuple  # see the end of `_run_lin`
                    or (k < n_base and idem_of[k])
                    or _settled(p, vars_of[k] if k < n_base else _vars(p), doms)):
                # Its own pass queued it again, and that second pass would find nothing to
                # do unless something else moves its quantities first: it is skipped (and
                # not paid for) when it comes up with none of them moved since.
                idle[k] = tick


def _settled(p: Prim, vs: Iterable[int], d: Domains) -> bool:
    """Whether every quantity of `p` is fixed, at values that satisfy it: a point moves no
    more without emptying, so a second pass finds nothing."""
    is_point = d.is_point
    if not all(is_point(v) for v in vs):
        return False
    val = d.lo
    if type(p) is Quotient:  # the same test as prim_holds, in the solver's own arithmetic
        return val[p.y] != 0 and ncmp(nmul(val[p.z], val[p.y]), val[p.x]) == 0  # type: ignore[arg-type]
    if type(p) is Product:
        return ncmp(nmul(val[p.x], val[p.y]), val[p.z]) == 0  # type: ignore[arg-type]
    return prim_holds(p, val)  # type: ignore[arg-type]


def _idempotent(p: Lin, problem: Problem) -> bool:
    """Whether one pass of the equality c0*x0 + c1*x1 = r is already its own fixpoint.

    The pass bounds x0 by (r - c1*X1)/c0 and x1 by (r - c0*X0)/c1, each from the other's
    ends before the pass. A second pass would bound x0 by the image of the new X1, which is
    the old X1 cut by the image of the old X0: the image of that is the old image of X1 cut
    by X0 again, ends and openness alike, so nothing moves. A whole quantity's bound is
    rounded inwards, and the image of a rounded bound can move the other further: two
    quantities that may take fractions only.
    """
    return len(p.terms) == 2 and not any(problem.vars[v].integer for v, _c in p.terms)


def _eliminations(atoms: list[Atom], most: int = 3, longest: int = 8) -> list[tuple[int, int, Lin]]:
    """Equalities of two atoms combined so that a quantity they share cancels.

    `outlay = 5/2 * base + fees / 20` and `outlay = base + 37070.335` bound base only
    together: propagated one at a time, each pass moves base by a factor of 5/2 and never
    settles (the bounds grow huge denominators on the way). Their difference,
    `3/2 * base + fees / 20 = 37070.335`, bounds base at once. Only quantities in few
    equalities are eliminated, so the extra rows stay few in a large table.
    """
    eqs = [(atom.index, p) for atom in atoms for p in atom.prims
           if isinstance(p, Lin) and p.op == "=" and len(p.terms) > 1]
    holding: dict[int, list[int]] = {}
    held: list[frozenset[int]] = []
    for k, (_, lin) in enumerate(eqs):
        held.append(frozenset(v for v, _c in lin.terms))
        for v, _c in lin.terms:
            holding.setdefault(v, []).append(k)
    out: list[tuple[int, int, Lin]] = []
    seen: set[tuple] = set()
    for v, ks in holding.items():
        if not 2 <= len(ks) <= most:
            continue
        for i, k1 in enumerate(ks):
            for k2 in ks[i + 1:]:
                (a, e1), (b, e2) = eqs[k1], eqs[k2]
                if a == b or len(held[k1] ^ held[k2]) > longest:
                    continue  # only shared quantities can cancel: too long whatever they do
                c1 = dict(e1.terms)[v]
                c2 = dict(e2.terms)[v]
                terms: dict[int, Num] = {}
                for w, c in e1.terms:
                    terms[w] = terms.get(w, 0) + c * c2
                for w, c in e2.terms:
                    terms[w] = terms.get(w, 0) - c * c1
                kept = tuple((w, norm(c)) for w, c in sorted(terms.items()) if c != 0)
                if not kept or len(kept) > longest:
                    continue
                lin = Lin(kept, "=", norm(e1.rhs * c2 - e2.rhs * c1))
                key = (min(a, b), max(a, b), kept, lin.rhs)
                if key not in seen:
                    seen.add(key)
                    out.append((a, b, lin))
    return out


def _run_prim(p: Prim, atom: int, d: Domains) -> list[int]:
    if isinstance(p, Lin):
        return _run_lin(p, atom, d, ())
    if isinstance(p, InSet):
        return _run_inset(p, atom, d)
    if isinstance(p, (Product, Quotient)):
        return _run_nonlinear(p, atom, d)
    if isinstance(p, Choice):
        return _run_choice(p, atom, d)
    if isinstance(p, Never):
        raise Conflict(((atom, ()),))
    raise TypeError(p)


def _check(d: Domains, v: int) -> None:
    if d.empty(v):
        raise Conflict((d.lo_why[v], d.hi_why[v]))


def _run_inset(p: InSet, atom: int, d: Domains) -> list[int]:
    return [p.var] if _tighten(d, p.var, p.interval, (atom, ())) else []


def _run_lin(p: Lin, atom: int, d: Domains, more_why: tuple) -> list[int]:
    """Bounds consistency for sum(c*x) op rhs, by the classic min/max-sum argument."""
    terms, rhs, op = p.terms, p.rhs, p.op
    tmin, min_sum, min_inf, min_open = _term_ends(terms, d, True)
    if op == "=":
        tmax, max_sum, max_inf, max_open = _term_ends(terms, d, False)
    strict = op == "<"
    changed: list[int] = []
    rounded = 0
    for i, (v, c) in enumerate(terms):
        # From the others' least values, an upper bound on c*x_i; for "=", from their
        # greatest values, a lower bound too. (c < 0 turns each around.)
        moved = _from_rest(d, terms, i, tmin, min_sum, min_inf, min_open, rhs, strict, True, atom, more_why)
        if op == "=":
            moved |= _from_rest(d, terms, i, tmax, max_sum, max_inf, max_open, rhs, False, False, atom, more_why)
        if moved:
            changed.append(v)
            rounded |= moved & 2
            _check(d, v)
    # One term moved, to exactly the bounds the others give it: a second pass would bound
    # each other term by the old others' sum widened by the spreads of the rest, never
    # tighter than it is, so the pass is its own fixpoint (a tuple says so to the loop). A
    # bound rounded to a whole number or coarsened is no such image, and may move the rest.
    if len(changed) == 1 and not rounded:
        return (changed[0],)  # type: ignore[return-value]
    return changed


def _term_ends(terms: tuple, d: Domains, least: bool) -> tuple[list, Num, int, int]:
    """Each term's least (or greatest) value with its openness, their sum, and how many
    are unbounded or open."""
    ends: list = []
    total: Num = 0
    n_inf = n_open = 0
    for v, c in terms:
        if (c > 0) == least:
            end, is_open = d.lo[v], d.lo_open[v]
        else:
            end, is_open = d.hi[v], d.hi_open[v]
        if end is None:
            n_inf += 1
            ends.append(None)
        else:
            t = end if c == 1 else -end if c == -1 else nmul(c, end)
            total = total + t if type(total) is int and type(t) is int else nadd(total, t)
            n_open += is_open
            ends.append((t, is_open))
    return ends, total, n_inf, n_open


def _from_rest(d: Domains, terms: tuple, i: int, ends: list, total: Num, n_inf: int, n_open: int,
               rhs: Num, strict: bool, least: bool, atom: int, more_why: tuple) -> int:
    """Bound term i by rhs minus the other terms' least (or greatest) sum: 0 if it did not
    move, 1 if it moved to exactly that bound, 3 if to a rounded or coarsened one.

    The reason is built only when the bound tightens: most attempts change nothing.
    """
    mine = ends[i]
    if n_inf - (mine is None):
        return False
    if mine:
        t = mine[0]
        rest = total - t if type(total) is int and type(t) is int else nsub(total, t)
    else:
        rest = total
    rest_open = (n_open - (mine[1] if mine else 0)) > 0 or strict
    v, c = terms[i]
    bound = _div(rhs - rest if type(rhs) is int and type(rest) is int else nsub(rhs, rest), c)
    upper = (c > 0) == least
    if not (d.set_hi(v, bound, rest_open, None) if upper else d.set_lo(v, bound, rest_open, None)):
        return 0
    why = (atom, _why_others(terms, i, d, least) + more_why)
    if upper:
        d.hi_why[v] = why
        return 1 if d.hi[v] is bound and d.hi_open[v] == rest_open else 3
    d.lo_why[v] = why
    return 1 if d.lo[v] is bound and d.lo_open[v] == rest_open else 3


def _div(a: Num, c: Num) -> Num:
    if c == 1:  # the sums of a table: no arithmetic at all
        return a
    return ndiv(a, c)


def _why_others(terms: tuple, i: int, d: Domains, least: bool) -> tuple:
    """The bound records of every other term's least (or greatest) value."""
    out = []
    for j, (v, c) in enumerate(terms):
        if j == i:
            continue
        use_lo = (c > 0) == least
        out.append(d.lo_why[v] if use_lo else d.hi_why[v])
    return tuple(out)


def _all_why(vs: tuple[int, ...], d: Domains) -> tuple:
    return tuple(r for v in vs for r in (d.lo_why[v], d.hi_why[v]))


def _tighten(d: Domains, v: int, iv: Interval, why: Reason) -> bool:
    changed = False
    if iv.lo is not None and d.set_lo(v, iv.lo, iv.lo_open, why):
        changed = True
    if iv.hi is not None and d.set_hi(v, iv.hi, iv.hi_open, why):
        changed = True
    if changed:
        _check(d, v)
    return changed


def _ends(d: Domains, v: int) -> tuple:
    return d.lo[v], d.lo_open[v], d.hi[v], d.hi_open[v]


def _holds_zero(lo: Num | None, lo_open: bool, hi: Num | None, hi_open: bool) -> bool:
    return not ((lo is not None and (lo > 0 or (lo == 0 and lo_open)))
                or (hi is not None and (hi < 0 or (hi == 0 and hi_open))))


def _run_nonlinear(p: Product | Quotient, atom: int, d: Domains) -> list[int]:
    # On the bare ends: whole bounds stay ints, and no Interval is built per step.
    changed: list[int] = []
    if isinstance(p, Quotient):
        # x / y asserts y != 0 (a share of nothing is no share): a closed end at 0 opens.
        ylo, yhi = d.lo[p.y], d.hi[p.y]
        if ylo == 0 or yhi == 0:
            if ylo == 0 and yhi == 0 and not (d.lo_open[p.y] or d.hi_open[p.y]):
                raise Conflict(_all_why((p.z, p.x, p.y), d) + ((atom, ()),))
            if ylo == 0 and not d.lo_open[p.y] and d.set_lo(p.y, 0, True, (atom, (d.lo_why[p.y],))):
                changed.append(p.y)
            if yhi == 0 and not d.hi_open[p.y] and d.set_hi(p.y, 0, True, (atom, (d.hi_why[p.y],))):
                changed.append(p.y)
            if changed:
                _check(d, p.y)
    z, x, y = _ends(d, p.z), _ends(d, p.x), _ends(d, p.y)
    why = (atom, _all_why((p.z, p.x, p.y), d))
    if isinstance(p, Product):
        cands = [(p.z, mul_ends(*x, *y))]
        if not _holds_zero(*y):
            cands.append((p.x, divide_ends(*z, *y)))
        if not _holds_zero(*x):
            cands.append((p.y, divide_ends(*z, *x)))
    else:
        cands = [(p.z, divide_ends(*x, *y)), (p.x, mul_ends(*z, *y))]
        if not _holds_zero(*z):
            cands.append((p.y, divide_ends(*x, *z)))
    for v, (lo, lo_open, hi, hi_open) in cands:
        moved = lo is not None and d.set_lo(v, lo, lo_open, why)
        if hi is not None and d.set_hi(v, hi, hi_open, why):
            moved = True
        if moved:
            _check(d, v)
            changed.append(v)
    return changed


def _lin_possible(lin: Lin, d: Domains) -> bool:
    lo = Interval.point(0)
    for v, c in lin.terms:
        lo = lo + d.interval(v).scale(c)
    if lin.op == "=":
        return lo.contains(lin.rhs)
    if lin.op == "<=":
        return lo.lo is None or lo.lo < lin.rhs or (lo.lo == lin.rhs and not lo.lo_open)
    return lo.lo is None or lo.lo < lin.rhs


def _run_choice(p: Choice, atom: int, d: Domains) -> list[int]:
    viable = [alt for alt in p.alternatives if all(_lin_possible(lin, d) for lin in alt)]
    vs = tuple(sorted({v for alt in p.alternatives for lin in alt for v, _ in lin.terms}))
    if not viable:
        raise Conflict(((atom, _all_why(vs, d)),))
    if len(viable) == 1:
        more = _all_why(vs, d)
        changed: list[int] = []
        for lin in viable[0]:
            changed += _run_lin(lin, atom, d, more)
        return changed
    return []
