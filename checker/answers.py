"""Questions settled by what earlier answers proved, before the oracle is asked.

A conflict search asks hundreds of questions that differ by one atom. Two kinds of earlier
answer settle many of them outright: a solution found (a set of atoms that holds at that
point, checked exactly, holds) and a conflict found (a set that contains it fails). Both are
proofs, so nothing is assumed. Solutions are tried on small questions only: on a large one the
oracle's own reuse, part by part, is cheaper than a scan of the whole question.
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
        self.solutions: list[tuple[dict, dict[int, bool]]] = []  # values, and which atoms hold there
        self.conflicts: list[frozenset[int]] = []

    def check(self, atoms: frozenset[int]) -> Verdict:
        small = len(atoms) <= SMALL
        for values, holds in self.solutions if small else ():
            if all(self._holds(values, holds, a) for a in atoms):
                return Verdict("feasible", values)
        for c in self.conflicts:
            if c <= atoms:
                return Verdict("infeasible", core=c)
        verdict = self.oracle.check(atoms)
        if small and verdict.status == "feasible" and verdict.witness is not None:
            self.solutions.insert(0, (verdict.witness, {}))
            del self.solutions[KEPT:]
        return verdict

    def conflict(self, atoms: frozenset[int]) -> None:
        """Remember a conflict proved (by whoever proved it)."""
        self.conflicts.append(atoms)

    def inside(self, atoms: frozenset[int]) -> frozenset[int] | None:
        """A remembered conflict inside `atoms`, if there is one."""
        return next((c for c in self.conflicts if c <= atoms), None)

    def _holds(self, values: dict, holds: dict[int, bool], a: int) -> bool:
        known = holds.get(a)
        if known is None:
            atom = self.problem.atoms[a]
            try:
                known = atom.vars <= values.keys() and all(prim_holds(p, values) for p in atom.prims)
            except KeyError:  # a helper variable the solution does not give: not settled here
                known = False
            holds[a] = known
        return known
