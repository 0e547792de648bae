"""Minimal conflicts and lightest repairs, by implicit hitting sets with bounds.

A repair (a minimal correction set) must hit every minimal conflict. The cheapest hitting
set of the conflicts found so far is a lower bound on the lightest repair; a repair proved
by the oracle (its remainder checks feasible) is an upper bound. The search raises the one
and lowers the other until they meet:

- first, conflicts that share no claim, found by setting each one's claims aside and asking
  again: many independent wrong figures give a strong lower bound at one question each;
- then the cheapest hitting set is tried; when its remainder still fails, the conflicts
  inside that remainder are added, and once a proved repair is built: from the claims a
  least-change fit of the figures moves (elastic.py), or greedily from the hitting set,
  widened until its remainder checks feasible and then narrowed back to a minimal one. A
  table with thousands of equally cheap hitting sets then stops as soon as the bound
  reaches that repair's weight, not after trying every tie.

Questions that earlier answers already settle are not asked again (answers.py).

Independent components are searched apart, so a table of a thousand claims costs a sequence
of small questions, not one big one.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import NamedTuple

from . import hitting
from .answers import Answers
from .constraints import Problem
from .feasibility import Oracle, Verdict

# Past this many atoms, a component reports the conflicts that the lightest repairs need
# and stops there: such tables can have exponentially many minimal conflicts.
ENUMERATE_ALL_UP_TO = 60
# Hitting sets whose remainders fail, in a large component, before a proved repair is built
# as an upper bound. Several failures are common there (each round finds the conflicts a
# wrong figure's row and column give) and cheaper than the repair; many suggest many ties.
TIES_BEFORE_BOUND = 20
# Up to this many atoms, one exact LP over the component (a least-change fit) is cheap next
# to the questions it saves, and is tried as soon as the first hitting set fails.
GUESS_UP_TO = 400
GUESS_PIVOTS = 20_000


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
        # What earlier answers proved, reused before a question is asked (answers.py).
        self.answers = Answers(problem, oracle)

    def run(self) -> Analysis:
        conflicts: list[frozenset[int]] = []
        per_component: list[list[frozenset[int]]] = []
        more = False
        self.open = []
        # A whole-file repair is proved only when every component is: one left without a
        # proved repair (or never settled) leaves every combination unproved.
        all_proved = True
        comps = components(self.problem)
        self.oracle.answer_ahead(comps)
        try:
            for comp in comps:
                found, repairs, capped = self._component(frozenset(comp))
                conflicts += found
                more |= capped
                if repairs:
                    per_component.append(repairs)
                elif found or frozenset(comp) in self.open:
                    all_proved = False
        finally:
            self.oracle.stop_ahead()
        repairs = self._combine(per_component) if all_proved else []
        opened = sorted(set(self.open), key=lambda s: (len(s), sorted(s)))
        more |= not self.lightest
        # Undecided only where an open question could change what is reported: a question
        # asked to build a bound, left open, changes nothing (the bound is built otherwise).
        return Analysis(conflicts, repairs, more, bool(opened), opened, self.lightest)

    def _ask(self, atoms: frozenset[int], apart: bool = False) -> Verdict:
        return self.answers.check(atoms, apart)

    def _found(self, mus: frozenset[int], conflicts: list[frozenset[int]]) -> bool:
        """Record a minimal conflict; False when it was already known."""
        if mus in conflicts:
            return False
        conflicts.append(mus)
        self.answers.conflict(mus)
        return True

    # -- one component ------------------------------------------------------------------
    def _component(self, comp: frozenset[int]) -> tuple[list[frozenset[int]], list[frozenset[int]], bool]:
        first = self._ask(comp)
        if first.status == "unknown":
            # Never skipped as if consistent: the whole component is the open question.
            self.open.append(comp)
            return [], [], False
        if first.status == "feasible":
            return [], [], False
        conflicts: list[frozenset[int]] = []
        start = self.oracle.questions
        cheapest = hitting.HittingSets(self.cost, self.relation, self.oracle.budget)
        mus = self._shrink(first.core or comp)
        self._found(mus, conflicts)
        self._disjoint(comp, self._claims(mus), conflicts)
        best, stopped = self._lightest(comp, conflicts, cheapest)
        if best is None:
            return conflicts, [], True
        repairs, blocked = [best], [best]
        large = len(comp) > ENUMERATE_ALL_UP_TO
        # Then the next lightest repairs, each found as the cheapest hitting set that works.
        # In a large table every alternative costs questions of the whole table, so there the
        # alternatives may take no more questions than the lightest repair took: counted,
        # not timed, so the same file always lists the same repairs.
        allowance = self.oracle.questions + (self.oracle.questions - start) if large else None
        while len(repairs) < self.max_repairs and not stopped:
            if allowance is not None and self.oracle.questions > allowance:
                break
            if self.oracle.budget.exhausted:
                return conflicts, repairs, True
            hs = cheapest.cheapest(conflicts, blocked)
            if hs is None:
                break
            verdict = self._ask(comp - hs)
            if verdict.status == "feasible":
                repairs.append(hs)
                blocked.append(hs)
            elif verdict.status == "unknown":
                # Not proved to repair, so not listed; blocked so the search moves on.
                self.open.append(comp - hs)
                blocked.append(hs)
            elif not self._found(self._shrink(verdict.core or comp - hs), conflicts):
                break  # cannot happen with exact answers; stop rather than loop
        if large or stopped or not cheapest.exact:
            return conflicts, repairs, True
        # Then every other conflict, while there are few (seeds that contain no known
        # conflict and are contained in no known consistent subset).
        while len(conflicts) < self.max_conflicts:
            if self.oracle.budget.exhausted:
                return conflicts, repairs, True
            hs, proved = hitting.search(conflicts, blocked, self.cost, cheapest=False, budget=self.oracle.budget)
            if hs is None:
                return conflicts, repairs, not proved
            # Most of these remainders hold, and with a few atoms left out a remainder often
            # falls apart into pieces that earlier remainders already proved to hold.
            verdict = self._ask(comp - hs, apart=True)
            if verdict.status == "infeasible":
                self._found(self._shrink(verdict.core or comp - hs), conflicts)
            elif verdict.status == "unknown":
                self.open.append(comp - hs)
                blocked.append(hs)
            else:
                blocked.append(self._narrow(comp, hs, (), apart=True))
        return conflicts, repairs, True

    def _lightest(self, comp: frozenset[int], conflicts: list[frozenset[int]],
                  cheapest: hitting.HittingSets) -> tuple[frozenset[int] | None, bool]:
        """The lightest repair, proved, and whether the search was cut short.

        The cheapest hitting set of the conflicts found is a lower bound; a proved repair
        an upper bound. Each remainder that fails adds its conflicts. Once hitting sets
        have failed (at once in a component of up to GUESS_UP_TO atoms, after several tries
        in a larger one), a proved repair is built as the upper bound: when the lower bound
        reaches its weight it is the lightest, however many other hitting sets tie with it.
        Past that point,
        in a component too large for a full search, the search may take as many questions
        again as it took to get there, and then reports the repair as proved but not proved
        the lightest: counted, not timed, so the same file gives the same report.
        """
        best: frozenset[int] | None = None
        open_weight: int | None = None  # the lightest hitting set whose remainder was left open
        blocked: list[frozenset[int]] = []  # those hitting sets, so the search moves on
        failed = 0
        start, allowance = self.oracle.questions, None
        while not self.oracle.budget.exhausted:
            if allowance is not None and self.oracle.questions > allowance:
                return self._settled(comp, best, conflicts, False), False
            hs = cheapest.cheapest(conflicts, blocked)
            if hs is None or (best is not None and self._weight(hs) >= self._weight(best)):
                # The bound has reached the repair (or nothing else can hit them all).
                proved = cheapest.exact and (open_weight is None or best is None
                                             or open_weight >= self._weight(best))
                return self._settled(comp, best, conflicts, proved), False
            if not cheapest.exact and best is not None:
                return self._settled(comp, best, conflicts, False), False
            verdict = self._ask(comp - hs)
            if verdict.status == "feasible":
                proved = cheapest.exact and (open_weight is None or open_weight >= self._weight(hs))
                return self._settled(comp, hs, conflicts, proved), False
            if verdict.status == "unknown":
                self.open.append(comp - hs)
                blocked.append(hs)
                weight = self._weight(hs)
                open_weight = weight if open_weight is None else min(open_weight, weight)
                continue
            mus = self._shrink(verdict.core or comp - hs)
            if not self._found(mus, conflicts):
                break  # cannot happen with exact answers; stop rather than loop
            self._disjoint(comp, hs | self._claims(mus), conflicts)
            failed += 1
            small = len(comp) <= GUESS_UP_TO
            if best is None and failed >= (1 if small else TIES_BEFORE_BOUND):
                guess = self._guess(comp) if small else None
                best = self._repair_from(comp, guess or hs, conflicts)
                if len(comp) > ENUMERATE_ALL_UP_TO:  # a small one ends at the node limit
                    allowance = 2 * self.oracle.questions - start
        self.lightest &= best is None
        return best, True

    def _settled(self, comp: frozenset[int], best: frozenset[int] | None,
                 conflicts: list[frozenset[int]], proved: bool) -> frozenset[int] | None:
        """The repair chosen, each of its claims named by a conflict found.

        A claim of a minimal repair that no conflict found contains gets one: putting it
        back alone fails (the repair is minimal), and the conflict shrunk from that failure
        must contain it, since the rest of the remainder holds."""
        self.lightest &= proved or best is None
        for a in sorted(best or ()):
            if self.oracle.budget.exhausted:
                break
            if any(a in c for c in conflicts):
                continue
            back = comp - (best - {a})  # type: ignore[operator]
            verdict = self._ask(back)
            if verdict.status == "infeasible":
                self._found(self._shrink(verdict.core or back), conflicts)
            elif verdict.status == "unknown":
                self.open.append(back)
        return best

    def _guess(self, comp: frozenset[int]) -> frozenset[int] | None:
        """The claims a least-change fit of the component moves (see elastic.py)."""
        from .elastic import suspects

        return suspects(self.problem, comp, self.cost, GUESS_PIVOTS, self.oracle.budget) or None

    def _repair_from(self, comp: frozenset[int], hs: frozenset[int],
                     conflicts: list[frozenset[int]]) -> frozenset[int] | None:
        """A proved repair grown from a hitting set whose remainder fails: add, for each
        conflict the set misses, the member that hits most of them (cheapest first), until
        the remainder holds; then put back all that can be kept, the new members first."""
        drop = set(hs)
        while not self.oracle.budget.exhausted:
            verdict = self._ask(comp - frozenset(drop))
            if verdict.status == "unknown":
                return None
            if verdict.status == "feasible":
                return self._narrow(comp, frozenset(drop), hs, listed=True)
            if verdict.core is not None and not any(c <= verdict.core for c in conflicts):
                mus = self._shrink(verdict.core)
                self._found(mus, conflicts)
            missed = [c for c in conflicts if c.isdisjoint(drop)]
            if not missed:
                return None  # cannot happen with exact answers
            while missed:
                count: dict[int, int] = {}
                for c in missed:
                    for a in c:
                        count[a] = count.get(a, 0) + 1
                pick = min(count, key=lambda a: (Fraction(self.cost[a], count[a]), a))
                drop.add(pick)
                missed = [c for c in missed if pick not in c]
        return None

    def _narrow(self, comp: frozenset[int], drop: frozenset[int], last: frozenset[int] | tuple,
                listed: bool = False, apart: bool = False) -> frozenset[int]:
        """A correction set narrowed to a minimal one by putting back what can be kept:
        the dearest first, and the members of `last` after the others. A member whose
        question is left open stays; for a repair to be `listed` that is an open question
        (it may not be minimal), for a set only blocked from later seeds it is not."""
        out = set(drop)
        for a in sorted(drop, key=lambda a: (a in last, -self.cost[a], a)):
            trial = out - {a}
            status = self._ask(comp - frozenset(trial), apart).status
            if status == "feasible":
                out = trial
            elif status == "unknown" and listed:
                self.open.append(comp - frozenset(trial))
        return frozenset(out)

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
            claims = self._claims(mus)
            if not claims or not self._found(mus, conflicts):
                return
            dropped |= claims

    def _claims(self, atoms: frozenset[int]) -> frozenset[int]:
        return frozenset(a for a in atoms if not self.relation[a])

    def _weight(self, atoms: frozenset[int]) -> int:
        return sum(self.cost[a] for a in atoms)

    def _shrink(self, core: frozenset[int]) -> frozenset[int]:
        """A minimal conflict inside `core`: drop members while the rest still conflicts.

        Relations are tried first, so a conflict is stated with as few assumptions as the
        claims allow; every member kept is checked to be needed.
        """
        known = self.answers.inside(core)
        if known is not None:
            return known
        needed: set[int] = set()
        work = set(core)
        order = sorted(work, key=lambda a: (-self.cost[a], a))
        for a in order:
            if a not in work or a in needed:
                continue
            verdict = self._ask(frozenset(work - {a}))
            if verdict.status == "infeasible":
                work = set(verdict.core) if verdict.core else work - {a}
            else:
                # Kept when not proved removable: the conflict stays proved, though an
                # "unknown" leaves its minimality open.
                if verdict.status == "unknown":
                    self.open.append(frozenset(work - {a}))
                needed.add(a)
        return frozenset(work)

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
