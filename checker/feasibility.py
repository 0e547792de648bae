"""Can these atoms all hold? Propagation first, then exact branch and bound.

One `Oracle` serves every question a conflict search asks of one problem, and reuses
what it learns: each solution it finds is kept, and a later question whose atoms that
solution already satisfies is answered without solving anything, and each question's
propagation starts from the last one's (`fixpoints.py`).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from typing import TYPE_CHECKING

from .branching import Search, Verdict
from .constraints import Num, Problem, part_of, prim_holds
from .fixpoints import INCREMENTAL_FROM, Fixpoints
from .interval import some_point_ends
from .propagate import Budget, Conflict, Domains, Propagator

if TYPE_CHECKING:
    from .ahead import Ahead

MAX_WITNESSES = 16
MAX_KEPT = 8  # propagated domains kept per part
ALGEBRA = 50_000  # work units for one exact algebraic solve (a few unknowns, through sympy)
AHEAD_FROM = 256  # small parts in a file before a helper process answers some of them ahead


class Oracle:
    """Feasibility of subsets of one problem's atoms.

    A question is split along the problem's independent parts (atoms that share no
    variable, directly or through others), and each part is solved as a problem of its
    own: in a table of thousands of rows a question costs its rows, not the table, and
    each part keeps the solutions it found for its own later questions.
    """

    def __init__(self, problem: Problem, budget: Budget, helpers: int = 0) -> None:
        self.problem = problem
        self.budget = budget
        self.helpers = helpers  # processes it may fork to answer first questions ahead
        self._ahead: Ahead | None = None
        self._prop: Propagator | None = None
        self._root: Domains | None = None
        self.part = _parts(problem)  # atom -> the index of its part
        self._solvers: dict[int, _Part] = {}
        self._members: dict[int, list[int]] = {}  # part -> its atoms, filled on first use
        self._part_props: dict[int, Propagator] = {}  # part -> its own, for explanations
        self.questions = 0
        self.undecided = False  # some question ran out of budget: answers may be partial

    @property
    def prop(self) -> Propagator:
        """The whole problem's propagator, for explanations (built on first use)."""
        if self._prop is None:
            self._prop = Propagator(self.problem)
        return self._prop

    def propagator_for(self, atoms: Iterable[int]) -> Propagator:
        """A propagator holding the part of `atoms`, in the whole problem's numbering (built
        once per part): an explanation propagates the atoms of one conflict, and a minimal
        conflict lies in one part, so a table of many parts never builds the whole one."""
        keys = {self.part[a] for a in atoms}
        if len(keys) != 1:
            return self.prop
        key = keys.pop()
        prop = self._part_props.get(key)
        if prop is None:
            members = self._members_of(key)
            prop = self.prop if len(members) == len(self.problem.atoms) else Propagator(self.problem, members)
            self._part_props[key] = prop
        return prop

    def _members_of(self, key: int) -> list[int]:
        if not self._members:
            for a, k in enumerate(self.part):
                self._members.setdefault(k, []).append(a)
        return self._members[key]

    @property
    def root(self) -> Domains:
        """The whole problem's own domains (built on first use)."""
        if self._root is None:
            self._root = Domains(self.problem)
        return self._root

    def check(self, atoms: frozenset[int] | set[int]) -> Verdict:
        self.questions += 1
        self.budget.spend(len(atoms))
        by_part: dict[int, list[int]] = {}
        for a in sorted(atoms):
            by_part.setdefault(self.part[a], []).append(a)
        witness: dict[int, Num] | None = {}
        unknown = False
        for key in sorted(by_part):
            verdict = self._taken(key, by_part[key]) if self._ahead is not None else None
            if verdict is None:
                verdict = self._solver(key).check(by_part[key])
            if verdict.status == "infeasible":
                return verdict
            if verdict.status == "unknown":
                unknown = True
            elif verdict.witness is not None and witness is not None:
                witness.update(verdict.witness)
            else:
                witness = None  # an irrational point: proved, but nothing to show
        if unknown:
            self.undecided = True
            return Verdict("unknown")
        return Verdict("feasible", witness)

    def answer_ahead(self, questions: list[list[int]]) -> None:
        """Where a helper process is allowed and the file has many small parts, start one on
        the first questions to come, each all the atoms of one part (see ahead.py)."""
        small = [q[0] for q in questions if q and len(q) < INCREMENTAL_FROM]
        if self.helpers < 1 or self._ahead is not None or len(small) < AHEAD_FROM:
            return
        from .ahead import Ahead

        self._ahead = Ahead.start(self._first_answer, small)

    def stop_ahead(self) -> None:
        if self._ahead is not None:
            self._ahead.stop()
            self._ahead = None

    def _first_answer(self, key: int) -> tuple | None:
        """In the helper: the answer to the question of all of part `key`'s atoms, as the
        search would find it, with the units it cost; None unless it holds with a point."""
        # Each on a budget of its own: what this question costs, whatever the helper did before.
        self.budget = Budget(self.budget.cap, self.budget.deadline)
        solver = self._solver(key)
        verdict = solver.check(self._members_of(key))
        del self._solvers[key]  # the helper keeps nothing of a part it has sent
        doms = solver.propagated.get(frozenset(range(len(solver.atoms))))
        if verdict.status != "feasible" or verdict.witness is None or doms is None or self.budget.exhausted:
            return None
        return (self.budget.steps, verdict.witness, solver.vars, solver.witnesses[0][0],
                (doms.lo, doms.hi, doms.lo_open, doms.hi_open))

    def _taken(self, key: int, members: list[int]) -> Verdict | None:
        """The helper's answer to a part's first question, taken as this oracle's own; None
        when there is none, or when the budget could not have paid for it here."""
        if key in self._solvers or len(members) != len(self._members_of(key)):
            return None
        answer = self._ahead.take(key)  # type: ignore[union-attr]
        if answer is None:
            return None
        units, witness, vars, values, bounds = answer
        if self.budget.exhausted or self.budget.steps + units > self.budget.cap:
            return None  # the search would have run out inside it: it asks, and runs out the same
        solver = self._solvers[key] = _Part(self.problem, members, self.budget)
        solver.answered(vars, values, bounds)
        self.budget.spend(units)
        return Verdict("feasible", witness)

    def refutes(self, atoms: frozenset[int]) -> frozenset[int] | None:
        """A core when propagation alone proves `atoms` inconsistent, else None (no search).

        For questions whose "consistent" answer would be thrown away: no LP, no branching."""
        self.questions += 1
        self.budget.spend(len(atoms))
        by_part: dict[int, list[int]] = {}
        for a in sorted(atoms):
            by_part.setdefault(self.part[a], []).append(a)
        for key in sorted(by_part):
            core = self._solver(key).refutes(by_part[key])
            if core is not None:
                return core
        return None

    def implied(self, atoms: frozenset[int]) -> Domains | None:
        """The whole problem's domains propagated over `atoms`, part by part (None when
        they conflict): what one run over the whole file gives, at the cost of the parts
        not already propagated by a question. The bounds carry no reasons."""
        by_part: dict[int, list[int]] = {}
        for a in sorted(atoms):
            by_part.setdefault(self.part[a], []).append(a)
        doms = self.root.copy()
        for key in sorted(by_part):
            solver = self._solver(key)
            local = solver.implied(by_part[key])
            if local is None:
                return None
            for i in local.held():
                v = solver.vars[i]
                doms.lo[v], doms.hi[v] = local.lo[i], local.hi[i]
                doms.lo_open[v], doms.hi_open[v] = local.lo_open[i], local.hi_open[i]
        return doms

    def _solver(self, key: int) -> _Part:
        solver = self._solvers.get(key)
        if solver is None:
            members = self._members_of(key)
            if len(members) == len(self.problem.atoms) and _holds_all_vars(self.problem):
                # One part is the whole problem (a table joined by its totals): no renumbered
                # copy, and one propagator for the questions and the explanations alike.
                solver = _Part(self.problem, members, self.budget, whole=(self.prop, self.root))
            else:
                solver = _Part(self.problem, members, self.budget)
            self._solvers[key] = solver
            # Setting a part up (renumbering, its propagator, a point for each variable) is work.
            self.budget.spend(10 * (len(solver.atoms) + len(solver.vars)))
        return solver


def _holds_all_vars(problem: Problem) -> bool:
    held = [False] * len(problem.vars)
    for atom in problem.atoms:
        for v in atom.vars:
            held[v] = True
    return all(held)


def _parts(problem: Problem) -> list[int]:
    """Each atom's part, named by its least atom: atoms are in one part when a chain of
    shared variables joins them."""
    holders: dict[int, list[int]] = {}  # variable -> the atoms that hold it
    for atom in problem.atoms:
        for v in atom.vars:
            holders.setdefault(v, []).append(atom.index)
    part = [-1] * len(problem.atoms)
    for atom in problem.atoms:
        if part[atom.index] >= 0:
            continue
        part[atom.index] = atom.index
        stack = [atom.index]
        while stack:
            for v in problem.atoms[stack.pop()].vars:
                for b in holders.pop(v, ()):
                    if part[b] < 0:
                        part[b] = atom.index
                        stack.append(b)
    return part


class _Part:
    """One independent part of a problem, renumbered as a problem of its own (or the problem
    itself, when one part holds it all); its questions go on from each other's propagation.

    The renumbered problem, its propagator and its domains are built on first use: a part
    whose first answer came from the helper process (`ahead.py`) may never need them."""

    def __init__(self, problem: Problem, atoms: list[int], budget: Budget,
                 whole: tuple[Propagator, Domains] | None = None) -> None:
        self.atoms = atoms
        self.budget = budget
        self._source, self._whole = problem, whole
        self.local = {a: a for a in atoms} if whole is not None else {a: k for k, a in enumerate(atoms)}
        # Each solution found, with what is known of which atoms it satisfies (filled lazily).
        self.witnesses: list[tuple[list[Num], dict[int, bool]]] = []
        # The propagated domains of the last questions, by their atoms: the ranges a report
        # derives for the file's kept claims are mostly those of a question already asked.
        self.propagated: dict[frozenset[int], Domains] = {}

    @cached_property
    def _renumbered(self) -> tuple[Problem, list[int]]:
        if self._whole is not None:
            return self._source, list(range(len(self._source.vars)))
        return part_of(self._source, self.atoms)

    @cached_property
    def problem(self) -> Problem:
        return self._renumbered[0]

    @cached_property
    def vars(self) -> list[int]:
        """Each of the part's variables' index in the whole problem."""
        return self._renumbered[1]

    @cached_property
    def prop(self) -> Propagator:
        return self._whole[0] if self._whole is not None else Propagator(self.problem)

    @cached_property
    def root(self) -> Domains:
        return self._whole[1] if self._whole is not None else Domains(self.problem)

    @cached_property
    def fixpoints(self) -> Fixpoints:
        """The last question's propagation, for the next one to start from."""
        return Fixpoints(self.prop, self.root)

    @cached_property
    def default_point(self) -> list[Num]:
        """Where a question leaves a variable free, any point of its domain will do."""
        root = self.root
        return [some_point_ends(root.lo[v], root.lo_open[v], root.hi[v], root.hi_open[v]) if not root.empty(v) else 0
                for v in range(len(self.problem.vars))]

    def answered(self, vars: list[int], values: list[Num], bounds: tuple[list, list, list, list]) -> None:
        """Take the answer the helper process found to the question of all the part's atoms:
        its solution and its propagated bounds, as if this part had found them itself."""
        self.vars = vars
        doms = Domains()
        doms.lo, doms.hi, doms.lo_open, doms.hi_open = bounds
        doms.lo_why = [None] * len(vars)
        doms.hi_why = doms.lo_why.copy()
        doms.integer = [self._source.vars[v].integer for v in vars]
        self._keep(frozenset(range(len(self.atoms))), doms)
        self._remember(values)

    def check(self, members: list[int]) -> Verdict:
        """The verdict on some of the part's atoms (whole-problem indices in and out)."""
        atoms = frozenset(self.local[a] for a in members)
        verdict = self._check(atoms)
        if verdict.core is not None:
            return Verdict(verdict.status, core=frozenset(self.atoms[k] for k in verdict.core))
        if verdict.witness is not None:
            # The question's own variables: a small question on a large part stays small.
            values, held = verdict.witness, self.problem.atoms
            used = sorted({v for k in atoms for v in held[k].vars})
            return Verdict(verdict.status, {self.vars[v]: values[v] for v in used})
        return verdict

    def _check(self, atoms: frozenset[int]) -> Verdict:
        for values, holds in self.witnesses:
            if all(self._holds(values, holds, a) for a in atoms):
                return Verdict("feasible", values)
        active = self._active(atoms)
        try:
            doms = self.fixpoints.run(atoms, active, self.budget)
        except Conflict as c:
            return Verdict("infeasible", core=frozenset(a for a in c.atoms(self.budget) if a >= 0) or atoms)
        if self.budget.exhausted:
            return Verdict("unknown")
        self._keep(atoms, doms)  # the search below copies before it narrows
        search = Search(self, active, atoms)
        # The dive pays where products and ratios are: on linear rows alone the first LP
        # vertex is the answer (a table's sums have whole vertices), and a dive would run
        # one propagation per open quantity to reach what that one LP gives.
        verdict = (search.dive(doms) if search.nonlinear else None) or search.solve(doms, [], 0)
        if verdict.status == "unknown" and not search.nonlinear and not self.budget.exhausted:
            # Branching ran out of nodes (many whole quantities at fractions of a vertex of
            # rows with fractional coefficients): the dive fixes them all, one at a time.
            verdict = search.dive(doms) or verdict
        if verdict.status == "feasible":
            self._remember(verdict.witness)  # type: ignore[arg-type]
        elif verdict.status == "unknown" and not self.budget.exhausted:
            from .algebra import has_real_solution

            self.budget.spend(ALGEBRA)
            if has_real_solution(self.problem, doms, atoms):
                return Verdict("feasible")  # an irrational point: nothing to keep for reuse
        return verdict

    def refutes(self, members: list[int]) -> frozenset[int] | None:
        """A core (whole-problem indices) when propagation alone proves some of the part's
        atoms inconsistent, else None: no LP, no branching."""
        atoms = frozenset(self.local[a] for a in members)
        try:
            self.fixpoints.run(atoms, self._active(atoms), self.budget)
        except Conflict as c:
            core = frozenset(a for a in c.atoms(self.budget) if a >= 0) or atoms
            return frozenset(self.atoms[k] for k in core)
        return None

    def implied(self, members: list[int]) -> Domains | None:
        """The part's domains propagated over some of its atoms (whole-problem indices),
        or None when they conflict; the same as a run over those atoms alone, kept from
        the questions that ran it."""
        atoms = frozenset(self.local[a] for a in members)
        doms = self.propagated.get(atoms)
        if doms is None:
            try:
                doms = self.fixpoints.run(atoms, self._active(atoms), self.budget)
            except Conflict:
                return None
        return doms

    def _active(self, atoms: frozenset[int]) -> list[bool]:
        active = [False] * len(self.problem.atoms)
        for a in atoms:
            active[a] = True
        return active

    def _keep(self, atoms: frozenset[int], doms: Domains) -> None:
        self.propagated[atoms] = doms
        if len(self.propagated) > MAX_KEPT:
            del self.propagated[next(iter(self.propagated))]

    def _holds(self, values: list[Num], holds: dict[int, bool], a: int) -> bool:
        known = holds.get(a)
        if known is None:
            known = holds[a] = all(prim_holds(p, values) for p in self.problem.atoms[a].prims)
        return known

    def _remember(self, values: list[Num]) -> None:
        self.witnesses.insert(0, (values, {}))
        del self.witnesses[MAX_WITNESSES:]
