"""Questions settled by what earlier answers proved, before the oracle is asked.

A conflict search asks hundreds of questions that differ by one atom. Two kinds of earlier
answer settle many of them outright: a solution found (a set of atoms that holds at that
point, checked exactly, holds) and a conflict found (a set that contains it fails). Both are
proofs, so nothing is assumed. Both are tried on small questions only: a large one is a
remainder that the search built to avoid every conflict found, and the oracle's own reuse of
solutions, part by part, is cheaper there than a scan of the whole question.
"""

from __future__ import annotations

from .constraints import Problem, prim_holds
from .feasibility import Oracle, Verdict

KEPT = 32  # solutions kept
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

    def check(self, atoms: frozenset[int]) -> Verdict:
        small = len(atoms) <= SMALL
        for values, holds, fails in self.solutions if small else ():
            if fails.isdisjoint(atoms) and all(self._holds(values, holds, fails, a) for a in atoms - holds):
                return Verdict("feasible", values)
        for c in self.conflicts if small else ():
            if c <= atoms:
                return Verdict("infeasible", core=c)
        verdict = self.oracle.check(atoms)
        if small and verdict.status == "feasible" and verdict.witness is not None:
            self.solutions.insert(0, (verdict.witness, set(), set()))
            del self.solutions[KEPT:]
        return verdict

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
