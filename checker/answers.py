"""Questions settled by what earlier answers proved, before the oracle is asked.

A conflict search asks hundreds of questions that differ by one atom. Two kinds of earlier
answer settle many of them outright: a solution found (a set of atoms that holds at that
point, checked exactly, holds) and a conflict found (a set that contains it fails). Both are
proofs, so nothing is assumed. Both are tried on small questions only: a large one is a
remainder that the search built to avoid every conflict found, and the oracle's own reuse of
solutions, part by part, is cheaper there than a scan of the whole question.

When the search enumerates the remaining conflicts, most remainders it asks about hold, and
with a few atoms set aside one often falls apart into pieces that share no variable. Each
piece holds or fails on its own, so a remainder whose every piece lies inside a set already
proved to hold is settled without the oracle: proved all the same, at the cost of a scan.
"""

from __future__ import annotations

from .constraints import Problem, prim_holds
from .feasibility import Oracle, Verdict

KEPT = 32  # solutions kept
HELD = 256  # sets proved to hold, kept
SMALL = 60  # atoms of a question on which kept solutions are tried


class Answers:
    """The oracle behind a memory of the solutions and conflicts it has proved."""

    def __init__(self, problem: Problem, oracle: Oracle) -> None:
        self.problem = problem
        self.oracle = oracle
        # Each solution: its values, which atoms are known to hold there, and which to fail
        # (a set, so a question holding one of them is passed over at C speed).
        self.solutions: list[tuple[dict, set[int], set[int]]] = []
        self.conflicts: list[frozenset[int]] = []
        # Sets the oracle proved to hold (with a point to show for it or, for an irrational
        # solution, without): every subset of one holds too.
        self.held: list[frozenset[int]] = []

    def check(self, atoms: frozenset[int], apart: bool = False) -> Verdict:
        """The verdict on `atoms`; with `apart`, also settled as holding when each of its
        pieces (see _pieces) lies inside a set proved to hold."""
        small = len(atoms) <= SMALL
        for values, holds, fails in self.solutions if small else ():
            if fails.isdisjoint(atoms) and all(self._holds(values, holds, fails, a) for a in atoms - holds):
                return Verdict("feasible", values)
        for c in self.conflicts if small else ():
            if c <= atoms:
                return Verdict("infeasible", core=c)
        if apart and small and all(any(p <= h for h in self.held) for p in self._pieces(atoms)):
            return Verdict("feasible")
        verdict = self.oracle.check(atoms)
        if small and verdict.status == "feasible":
            self.held.insert(0, atoms)
            del self.held[HELD:]
            if verdict.witness is not None:
                self.solutions.insert(0, (verdict.witness, set(), set()))
                del self.solutions[KEPT:]
        return verdict

    def _pieces(self, atoms: frozenset[int]) -> list[frozenset[int]]:
        """The question split where its atoms share no variable. Such pieces hold or fail
        apart (a point of each, put together, is a point of the whole), so a question whose
        every piece lies inside a set proved to hold, holds."""
        held = self.problem.atoms
        owner: dict[int, int] = {}
        parent = list(range(len(atoms)))

        def find(x: int) -> int:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        order = sorted(atoms)
        for i, a in enumerate(order):
            for v in held[a].vars:
                j = owner.setdefault(v, i)
                if j != i:
                    ri, rj = find(i), find(j)
                    if ri != rj:
                        parent[max(ri, rj)] = min(ri, rj)
        pieces: dict[int, set[int]] = {}
        for i, a in enumerate(order):
            pieces.setdefault(find(i), set()).add(a)
        return [frozenset(p) for p in pieces.values()]

    def conflict(self, atoms: frozenset[int]) -> None:
        """Remember a conflict proved (by whoever proved it)."""
        self.conflicts.append(atoms)

    def inside(self, atoms: frozenset[int]) -> frozenset[int] | None:
        """A remembered conflict inside `atoms`, if there is one."""
        return next((c for c in self.conflicts if c <= atoms), None)

    def _holds(self, values: dict, holds: set[int], fails: set[int], a: int) -> bool:
        atom = self.problem.atoms[a]
        try:
            known = atom.vars <= values.keys() and all(prim_holds(p, values) for p in atom.prims)
        except KeyError:  # a helper variable the solution does not give: not settled here
            known = False
        (holds if known else fails).add(a)
        return known
