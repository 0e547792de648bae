"""Minimal conflicts and lightest repairs, by implicit hitting sets.

A repair (a minimal correction set) must hit every minimal conflict, and a minimal
hitting set of the conflicts found so far either restores consistency, and is then the
lightest repair not yet found, or leaves a consistent-looking remainder that still fails,
which yields one more conflict. Independent components are searched apart, so a table of
a thousand claims costs a sequence of small questions, not one big one.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import NamedTuple

from . import hitting
from .constraints import Problem
from .feasibility import Oracle

# Past this many atoms, a component reports the conflicts that the lightest repairs need
# and stops there: such tables can have exponentially many minimal conflicts.
ENUMERATE_ALL_UP_TO = 60


class Analysis(NamedTuple):
    conflicts: list[frozenset[int]]
    repairs: list[frozenset[int]]  # lightest first, over the whole problem; each one proved
    more_conflicts: bool  # the caps stopped the enumeration
    undecided: bool  # some question could not be settled within the budget
    # The atoms of each question left open that could change what is reported: a
    # component never settled, a repair not proved, a conflict not proved minimal.
    open_questions: list[frozenset[int]] = []
    # False when a node limit cut a hitting-set search short: the first repair is then
    # proved a repair but not proved the lightest.
    lightest: bool = True


def components(problem: Problem) -> list[list[int]]:
    """Atoms grouped by the variables they share, each group in atom order."""
    parent = list(range(len(problem.vars)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for atom in problem.atoms:
        vs = sorted(atom.vars)
        for v in vs[1:]:
            a, b = find(vs[0]), find(v)
            if a != b:
                parent[max(a, b)] = min(a, b)
    groups: dict[object, list[int]] = {}
    for atom in problem.atoms:
        key = find(min(atom.vars)) if atom.vars else ("alone", atom.index)
        groups.setdefault(key, []).append(atom.index)
    return sorted(groups.values())


class ConflictSearch:
    """Finds the conflicts and repairs of one problem, within caps on what it reports."""

    def __init__(self, problem: Problem, oracle: Oracle, max_conflicts: int, max_repairs: int) -> None:
        self.problem = problem
        self.oracle = oracle
        self.max_conflicts = max_conflicts
        self.max_repairs = max_repairs
        # Whole-number costs keep the hitting-set search in fast int arithmetic.
        scale = math.lcm(*(a.weight.denominator for a in problem.atoms)) if problem.atoms else 1
        weights = [int(a.weight * scale) for a in problem.atoms]
        claims_total = sum(w for w, a in zip(weights, problem.atoms) if a.kind == "claim")
        # Any repair that keeps every relation is lighter than any that drops one.
        heavy = claims_total + 1
        self.cost = [w if a.kind == "claim" else heavy for w, a in zip(weights, problem.atoms)]
        self.relation = [a.kind != "claim" for a in problem.atoms]
        self.open: list[frozenset[int]] = []
        self.lightest = True

    def run(self) -> Analysis:
        conflicts: list[frozenset[int]] = []
        per_component: list[list[frozenset[int]]] = []
        more = False
        self.open: list[frozenset[int]] = []
        # A whole-file repair is proved only when every component is: one left without a
        # proved repair (or never settled) leaves every combination unproved.
        all_proved = True
        for comp in components(self.problem):
            found, repairs, capped = self._component(frozenset(comp))
            conflicts += found
            more |= capped
            if repairs:
                per_component.append(repairs)
            elif found or frozenset(comp) in self.open:
                all_proved = False
        repairs = self._combine(per_component) if all_proved else []
        opened = sorted(set(self.open), key=lambda s: (len(s), sorted(s)))
        more |= not self.lightest
        return Analysis(conflicts, repairs, more, self.oracle.undecided or bool(opened), opened, self.lightest)

    # -- one component ------------------------------------------------------------------
    def _component(self, comp: frozenset[int]) -> tuple[list[frozenset[int]], list[frozenset[int]], bool]:
        first = self.oracle.check(comp)
        if first.status == "unknown":
            # Never skipped as if consistent: the whole component is the open question.
            self.open.append(comp)
            return [], [], False
        if first.status == "feasible":
            return [], [], False
        conflicts: list[frozenset[int]] = []
        repairs: list[frozenset[int]] = []
        blocked: list[frozenset[int]] = []  # correction sets found; no seed may contain one
        large = len(comp) > ENUMERATE_ALL_UP_TO
        start = self.oracle.questions
        allowance = None
        # Memoised per part of the conflicts, so each new conflict re-searches only its part.
        cheapest = hitting.HittingSets(self.cost, self.relation, self.oracle.budget)
        # Lightest repairs first, each found as the cheapest hitting set that works. In a
        # large table every alternative costs questions of the whole table, so there the
        # alternatives may take no more questions than the lightest repair took: counted,
        # not timed, so the same file always lists the same repairs.
        while len(repairs) < self.max_repairs:
            if large and repairs and allowance is None:
                allowance = self.oracle.questions + (self.oracle.questions - start)
            if allowance is not None and self.oracle.questions > allowance:
                break
            if self.oracle.budget.exhausted:
                return conflicts, repairs, True
            hs = cheapest.cheapest(conflicts, blocked)
            if not cheapest.exact and not repairs:
                self.lightest = False  # reported as not proved the lightest, never as lightest
            if hs is None:
                break
            verdict = self.oracle.check(comp - hs)
            if verdict.status == "feasible":
                repairs.append(hs)
                blocked.append(hs)
                continue
            if verdict.status == "unknown":
                # Not proved to repair, so not listed; blocked so the search moves on.
                self.open.append(comp - hs)
                blocked.append(hs)
                continue
            mus = self._shrink(verdict.core or comp - hs)
            if mus in conflicts:
                break  # cannot happen with exact answers; stop rather than loop
            conflicts.append(mus)
            if not repairs:  # afterwards conflicts come one per alternative, and rarely apart
                self._disjoint(comp, hs | frozenset(a for a in mus if not self.relation[a]), conflicts)
        if large or not cheapest.exact:
            return conflicts, repairs, True
        # Then every other conflict, while there are few (seeds that contain no known
        # conflict and are contained in no known consistent subset).
        while len(conflicts) < self.max_conflicts:
            if self.oracle.budget.exhausted:
                return conflicts, repairs, True
            hs, proved = hitting.search(conflicts, blocked, self.cost, cheapest=False, budget=self.oracle.budget)
            if hs is None:
                return conflicts, repairs, not proved
            verdict = self.oracle.check(comp - hs)
            if verdict.status == "infeasible":
                conflicts.append(self._shrink(verdict.core or comp - hs))
            elif verdict.status == "unknown":
                self.open.append(comp - hs)
                blocked.append(hs)
            else:
                blocked.append(self._grow(comp, hs))
        return conflicts, repairs, True

    def _disjoint(self, comp: frozenset[int], dropped: frozenset[int], conflicts: list[frozenset[int]]) -> None:
        """More conflicts in the same round, each sharing no claim with those before it.

        Setting a found conflict's claims aside and asking again finds the next wrong figure
        without another hitting-set search: many independent errors cost one question each,
        not one search over all the conflicts found so far. Relations stay in, since every
        conflict of a table runs through its rules.
        """
        # Only propagation is asked: a "consistent" answer here would be thrown away, and
        # proving it (an LP over the whole table) is the dearest question there is.
        while not self.oracle.budget.exhausted:
            core = self.oracle.refutes(comp - dropped)
            if core is None:
                return
            mus = self._shrink(core)
            claims = frozenset(a for a in mus if not self.relation[a])
            if mus in conflicts or not claims:
                return
            conflicts.append(mus)
            dropped |= claims

    def _shrink(self, core: frozenset[int]) -> frozenset[int]:
        """A minimal conflict inside `core`: drop members while the rest still conflicts.

        Relations are tried first, so a conflict is stated with as few assumptions as the
        claims allow; every member kept is checked to be needed.
        """
        needed: set[int] = set()
        work = set(core)
        order = sorted(work, key=lambda a: (-self.cost[a], a))
        for a in order:
            if a not in work or a in needed:
                continue
            verdict = self.oracle.check(frozenset(work - {a}))
            if verdict.status == "infeasible":
                work = set(verdict.core) if verdict.core else work - {a}
            else:
                # Kept when not proved removable: the conflict stays proved, though an
                # "unknown" leaves its minimality open.
                if verdict.status == "unknown":
                    self.open.append(frozenset(work - {a}))
                needed.add(a)
        return frozenset(work)

    def _grow(self, comp: frozenset[int], hs: frozenset[int]) -> frozenset[int]:
        """Shrink a correction set to a minimal one by putting back what can be kept."""
        out = set(hs)
        for a in sorted(hs, key=lambda a: (self.cost[a], a)):
            trial = out - {a}
            if self.oracle.check(comp - trial).status == "feasible":
                out = trial
        return frozenset(out)

    # -- across components --------------------------------------------------------------
    def _combine(self, per_component: list[list[frozenset[int]]]) -> list[frozenset[int]]:
        """Whole-file repairs: every component's lightest, then one component varied at a time."""
        if not per_component:
            return []
        first = frozenset().union(*(r[0] for r in per_component))
        out = [first]
        alts = []
        for i, reps in enumerate(per_component):
            for alt in reps[1:]:
                alts.append(first - per_component[i][0] | alt)
        alts.sort(key=self.order_key)
        for r in alts:
            if len(out) >= self.max_repairs:
                break
            if r not in out:
                out.append(r)
        return out

    def order_key(self, atoms: frozenset[int]) -> tuple:
        relations = sum(1 for a in atoms if self.problem.atoms[a].kind == "relation")
        weight = sum((self.problem.atoms[a].weight for a in atoms), Fraction(0))
        return (relations, weight, len(atoms), sorted(atoms))
