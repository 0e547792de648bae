"""A part's last propagation, kept so that the next question starts from it.

The questions a conflict search asks of a large part differ by a few atoms: the whole
table, then the table without one repair's claims, then without another's. Propagating
each from the quantities' own domains repeats, thousands of times over, bounds that no
change touched. So the state one question's propagation ends in is kept, and the next
question near it starts there:

- atoms added: their primitives are queued and propagation goes on from the kept bounds,
  which the added atoms can only narrow;
- atoms removed: every bound whose derivation uses a removed atom is taken back to the
  quantity's own domain. A bound's reason names the atom that derived it and the bound
  records it was derived from, so "uses a removed atom" is a walk down the reasons. What
  is kept was derived from the question's own atoms alone, and so still holds; then every
  primitive that holds a variable whose bound was taken back runs again, since only those
  can now derive what the removed atoms had derived.

A kept state may end in a conflict: what was still queued then is kept with it and runs
again too, and a later question that still holds every atom of that conflict has its
answer at once. The result is a fixpoint of the question's atoms, as sound as one from
scratch (propagation never loses a solution); it may differ from one from scratch only
where propagation stops early by its own limits (see `MAX_MOVES`), never in a verdict,
since every verdict past propagation is decided exactly.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from .bounds import Budget, Conflict, Domains
from .propagate import Propagator

INCREMENTAL_FROM = 64  # atoms in a question of most of its part before a kept state pays
NEAR = 4  # a kept state is near when it differs by at most 1/NEAR of the question's atoms
SPARSE = 8  # a question about under 1/SPARSE of a part's atoms gets sparse domains


class _Kept(NamedTuple):
    atoms: frozenset[int]
    doms: Domains  # never narrowed after it is kept: each question works on a copy
    pending: frozenset[int]  # primitives still queued when a conflict stopped propagation
    conflict: Conflict | None
    core: frozenset[int] | None  # the conflict's atoms


class Fixpoints:
    """Propagation of one part's questions, each started from the last one's state when near."""

    def __init__(self, prop: Propagator, root: Domains) -> None:
        self.prop = prop
        self.root = root
        # One kept state for questions about much of the part and one, in sparse domains,
        # for questions about a corner of it (a conflict being shrunk): each series of
        # questions goes on from its own last one.
        self.kept: dict[bool, _Kept | None] = {False: None, True: None}

    def run(self, atoms: frozenset[int], active: list[bool], budget: Budget) -> Domains:
        """The domains propagated over `atoms` (`active` marks the same atoms); raises
        Conflict when they empty one. The result must not be narrowed by the caller.

        A question about under 1/SPARSE of a part gets sparse domains: only its own
        quantities' bounds, so its cost does not grow with the rest of the part."""
        sparse = len(atoms) * SPARSE < len(active)
        if len(atoms) < INCREMENTAL_FROM and not sparse:
            doms = self.root.copy()
            self.prop.run(doms, active, budget, atoms=atoms)
            return doms
        kept = self.kept[sparse]
        if kept is not None:
            removed = kept.atoms - atoms
            added = atoms - kept.atoms
            if (len(removed) + len(added)) * NEAR <= len(atoms):
                if kept.core is not None and kept.core <= atoms:
                    raise Conflict(kept.conflict.reasons)  # the same conflict, all of it still there
                doms, start = self._retract(kept, removed, added, budget)
                return self._propagate(atoms, doms, active, budget, start, sparse)
        doms = self.root.sparse(self._vars(atoms)) if sparse else self.root.copy()
        return self._propagate(atoms, doms, active, budget, None, sparse)

    def _vars(self, atoms: Iterable[int]) -> set[int]:
        held = self.prop.problem.atoms
        return {v for a in atoms for v in held[a].vars}

    def _propagate(self, atoms: frozenset[int], doms: Domains, active: list[bool], budget: Budget,
                   start: list[int] | None, sparse: bool) -> Domains:
        try:
            self.prop.run(doms, active, budget, start=start, atoms=atoms if start is None else None)
        except Conflict as c:
            if not budget.exhausted:
                self.kept[sparse] = _Kept(atoms, doms, frozenset(getattr(c, "pending", ())), c,
                                          frozenset(c.atoms()))
            raise
        # A run the budget cut short is no fixpoint: nothing to start from.
        self.kept[sparse] = None if budget.exhausted else _Kept(atoms, doms, frozenset(), None, None)
        return doms

    def _retract(self, kept: _Kept, removed: frozenset[int], added: frozenset[int],
                 budget: Budget) -> tuple[Domains, list[int]]:
        """The kept bounds without what the removed atoms derived, and the primitives to run."""
        doms = kept.doms.copy()
        start = set(kept.pending)
        if removed:
            holders = self.prop.holders()
            root = self.root
            memo: dict[int, bool] = {}
            lo_why, hi_why = doms.lo_why, doms.hi_why
            sparse = type(lo_why) is dict
            for side, why in ((0, lo_why), (1, hi_why)):
                for v, r in list(why.items()) if sparse else enumerate(why):
                    if r is None:
                        continue
                    # Most records are a claim's own range, derived from nothing else.
                    if not (r[0] in removed if not r[1] else _uses(r, removed, memo)):
                        continue
                    if side:
                        doms.hi[v], doms.hi_open[v], why[v] = root.hi[v], root.hi_open[v], root.hi_why[v]
                    else:
                        doms.lo[v], doms.lo_open[v], why[v] = root.lo[v], root.lo_open[v], root.lo_why[v]
                    start.update(holders[v])
            # Counted like propagation steps: a step runs a primitive, this visits records.
            budget.spend(1 + (len(memo) + len(lo_why)) // 16)
        atom_prims = self.prop.atom_prims
        for a in added:
            start.update(atom_prims[a])
        if added and type(doms.lo) is dict:
            doms.widen(self.root, self._vars(added))
        return doms, sorted(start)


def _uses(record: tuple, removed: frozenset[int], memo: dict[int, bool]) -> bool:
    """Whether a bound record's derivation uses a removed atom (memoised by record)."""
    known = memo.get(id(record))
    if known is not None:
        return known
    stack = [record]
    while stack:
        r = stack[-1]
        key = id(r)
        if key in memo:
            stack.pop()
            continue
        atom, below = r
        if atom in removed:
            memo[key] = True
            stack.pop()
            continue
        todo = [b for b in below if b is not None and id(b) not in memo]
        if todo:
            stack.extend(todo)
            continue
        memo[key] = any(memo[id(b)] for b in below if b is not None)
        stack.pop()
    return memo[id(record)]
