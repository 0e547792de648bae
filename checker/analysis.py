"""One encoded file solved, and the answer turned into findings: discrepancies with their
explanations, proved repairs with what their claims would need, derived ranges, warnings,
and the open questions of a file left undecided. Prints nothing."""

from __future__ import annotations

import re
import time
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .findings import Discrepancy, FileReport, OpenQuestion, QuantityRange, Repair
from .interval import Interval
from .problems import InputError, Problem

if TYPE_CHECKING:
    from .check import CheckOptions

# The share of the work budget kept back from the search for what follows it: explanations,
# the ranges a repair's claims would need, and the derived ranges (1/AFTER_SEARCH).
AFTER_SEARCH = 5


class FileAnalysis:
    """Solve one encoded file and turn the answer into findings."""

    def __init__(self, cf: Any, enc: Any, vocab: Any, path: Path, shown: str, options: CheckOptions,
                 draft: Any = None) -> None:
        self.cf, self.enc, self.vocab, self.path, self.shown, self.options = cf, enc, vocab, path, shown, options
        self.draft = draft  # read by check_file through paths.py, or its InputError

    def report(self) -> FileReport:
        from .conflicts import ConflictSearch
        from .explain import Explainer
        from .feasibility import Oracle
        from .propagate import Budget

        enc, options = self.enc, self.options
        # One budget for the whole analysis, a share of it kept back for what follows the
        # search; the clock is the backstop only (see bounds.Budget).
        budget = self.budget = Budget(options.max_steps, time.monotonic() + options.time_budget,
                                      reserve=options.max_steps // AFTER_SEARCH)
        oracle = Oracle(enc.problem, budget, options.helpers)
        search = ConflictSearch(enc.problem, oracle, options.max_conflicts, options.max_repairs)
        analysis = search.run()
        searched = self.searched = budget.exhausted  # before the reserve opens: did the search run out?
        budget.release()
        self.atoms = enc.problem.atoms
        first = analysis.repairs[0] if analysis.repairs else frozenset()
        explainer = Explainer(enc, oracle.propagator_for, oracle.root, budget)
        conflicts = self._minimal(analysis, oracle) if searched else analysis.conflicts
        discrepancies = self._discrepancies(conflicts, first, explainer)
        repairs = tuple(self._repair(r, oracle) for r in analysis.repairs)
        all_atoms = frozenset(range(len(self.atoms)))
        # Where no format shows every range, only the quantities the findings name, whose
        # units and dates their words need (a 5,000-row table has 30,000 quantities).
        named = None if options.derive_ranges else {
            n for m in (*(m for d in discrepancies for m in d.members), *(m for r in repairs for m in r.drop))
            for n in m.quantities}
        ranges = self._ranges(oracle, all_atoms - first, named)
        warnings = self._warnings(discrepancies)
        draft_view = None
        if self.cf.article is not None and self.cf.article.draft:
            more, draft_view = self._draft()
            warnings += more
        notes = []
        if budget.exhausted and not searched:
            which = "time" if budget.by_clock else "work"
            notes.append(f"The {which} budget ran out after the search: some explanations and derived "
                         "ranges say less than they could (what they say holds).")
        undecided = searched or analysis.undecided
        if undecided and discrepancies:
            # Never a guess: a file proved inconsistent may hold more than was found.
            warnings.append(Problem(
                "partial-result",
                "some questions could not be settled within the solver's work "
                "budget (nonlinear rules, or a very large file); every discrepancy reported is "
                "real, but there may be more",
                None,
                self._more("give the unknowns in pct() and products a value", searched),
            ))
        if not analysis.lightest and repairs:
            warnings.append(Problem(
                "partial-result",
                "the search for the lightest repair reached its node limit: each repair listed "
                "is proved to restore consistency, but a lighter one may exist",
                None,
                "check the listed discrepancies one by one",
            ))
        # The repair search may need more conflicts than a report should list.
        more = analysis.more_conflicts or self.unlisted
        opened: tuple[OpenQuestion, ...] = ()
        if discrepancies:
            status = "inconsistent"
        elif undecided:
            # No discrepancy proved, but one may exist: never "consistent" (the gate fails closed).
            status = "undecided"
            opened = self._open_questions(analysis.open_questions, budget)
        else:
            status = "consistent"
        title = self.cf.article.title if self.cf.article else None
        return FileReport(
            self.shown, status, ranges, discrepancies, repairs, tuple(warnings), (), tuple(notes),
            title, more, draft_view, opened,
        )

    def _open_questions(self, questions, budget) -> tuple[OpenQuestion, ...]:
        """Each open question's claims and relations, and what a reader could give to settle it."""
        reason = "time" if budget.by_clock else "budget"
        if not questions:  # the budget ran out before any question was asked of a part
            questions = [frozenset(range(len(self.atoms)))]
        out = []
        for atoms in questions[: self.options.max_conflicts]:
            out.append(OpenQuestion(self._members(atoms), self._settle(atoms), reason))
        return tuple(out)

    def _settle(self, atoms: frozenset[int]) -> str:
        """`give the number of valid votes`: the unknowns no claim of the question states,
        those inside products and ratios first; otherwise more budget."""
        from .constraints import Product, Quotient

        problem = self.enc.problem
        stated = {n for a in atoms for n in self.enc.info[a].readings}
        in_ratio = {v for a in atoms for p in problem.atoms[a].prims if isinstance(p, (Product, Quotient))
                    for v in (p.x, p.y)}
        unknown = sorted({v for a in atoms for v in problem.atoms[a].vars
                          if problem.vars[v].quantity and problem.vars[v].quantity not in stated},
                         key=lambda v: (v not in in_ratio, problem.vars[v].quantity))
        if not unknown:
            return self._more("state the figures the rules combine more precisely", self.searched)
        names = []
        for v in unknown[:3]:
            q = self.cf.quantities[problem.vars[v].quantity]
            about = getattr(q, "about", None)
            # "valid votes cast (not reported)" reads as "give valid votes cast (`valid`)"
            about = re.sub(r"\s*\([^)]*\)\s*$", "", about or "")
            names.append(f"{about} (`{q.name}`)" if about else f"a value for `{q.name}`")
        return "give " + (", or ".join(names) if len(names) > 1 else names[0])

    def _more(self, otherwise: str, ran_out: bool) -> str:
        """`otherwise`, after the knob that would let the check go further when a budget ran
        out: the work budget, or the time budget when the clock ended the work first."""
        if not ran_out:
            return otherwise  # a question too hard for its own limits: more budget would not help
        knob = "--time-budget" if self.budget.by_clock else "--work-budget"
        return f"raise {knob}, or {otherwise}"

    def _minimal(self, analysis, oracle) -> list[frozenset[int]]:
        """The conflicts found, each proved minimal: a shrink that the search's share of the
        budget cut short (it left a conflict less one member open) is finished from the
        reserve. One the reserve cannot prove either is left out, never listed as minimal."""
        out = []
        for c in analysis.conflicts:
            if any(len(q) == len(c) - 1 and q < c for q in analysis.open_questions):
                c = self._shrunk(c, oracle)
                if c is None:
                    continue
            if c not in out:
                out.append(c)
        return out

    @staticmethod
    def _shrunk(conflict: frozenset[int], oracle) -> frozenset[int] | None:
        work = set(conflict)
        for a in sorted(conflict):
            if a not in work:
                continue
            verdict = oracle.check(frozenset(work - {a}))
            if verdict.status == "unknown":
                return None
            if verdict.status == "infeasible":  # not needed: a member needed here stays needed below
                work = set(verdict.core) if verdict.core else work - {a}
        return frozenset(work)

    # -- findings -----------------------------------------------------------------------
    def _members(self, atoms: frozenset[int]):
        return tuple(sorted((self.enc.info[a].member for a in atoms), key=lambda m: m.id))

    def _discrepancies(self, conflicts, first, explainer) -> tuple[Discrepancy, ...]:
        def order(c: frozenset[int]) -> tuple:
            in_repair = sorted(a for a in c if a in first)
            return (not in_repair, in_repair[:1], len(c), sorted(c))

        # Whatever the cap on listed conflicts, each claim of the lightest repair is named by
        # one: the smallest conflict for each such claim not yet covered comes first.
        ranked = sorted(conflicts, key=order)
        covering: list[frozenset[int]] = []
        covered: set[int] = set()
        for a in sorted(first):
            if a in covered:
                continue
            c = min((c for c in ranked if a in c), key=lambda c: (len(c), sorted(c)), default=None)
            if c is not None and c not in covering:
                covering.append(c)
                covered |= c & first
        chosen = set(covering)
        self.covering = len(covering)  # listed even past the cap
        # The rest fill the places the cap leaves, all kept in the usual order.
        room = max(self.options.max_conflicts - len(covering), 0)
        rest = [c for c in ranked if c not in chosen]
        shown = chosen | set(rest[:room])
        self.unlisted = len(rest) - room > 0
        out = []
        shapes: dict[tuple, int] = {}
        for number, c in enumerate([c for c in ranked if c in shown], 1):
            reasons = [self.enc.info[a].accept for a in sorted(c) if self.enc.info[a].accept]
            group = tuple(sorted(self.enc.info[a].member.id for a in c if a in first))
            shape = self._shape(c)
            same_as = shapes.setdefault(shape, number)
            out.append(Discrepancy(self._members(c), explainer.explain(c), "; ".join(reasons) or None,
                                   group or tuple(m.id for m in self._members(c)),
                                   same_as if same_as != number else None))
        from .digest import with_causes

        return with_causes(tuple(out))

    def _shape(self, conflict: frozenset[int]) -> tuple:
        """The rules and quantities a conflict sets against each other, and how many
        statements of each quantity: restatements of the same figures share a shape."""
        rules = sorted(self.enc.info[a].member.id for a in conflict if self.enc.info[a].formula is not None)
        counts: dict[str, int] = {}
        for a in conflict:
            for name in self.enc.info[a].readings:
                counts[name] = counts.get(name, 0) + 1
        return tuple(rules), tuple(sorted(counts.items()))

    def _implied(self, oracle, atoms: frozenset[int], wanted: list[int]):
        """The ranges the `atoms` allow, exact where few quantities stay free."""
        from .ranges import tighten

        doms = oracle.implied(atoms)  # part by part, reusing what the questions propagated
        if doms is None:
            return None
        tighten(self.enc.problem, doms, atoms, wanted, self.budget)
        return doms

    def _repair(self, drop: frozenset[int], oracle) -> Repair:
        index = self.enc.problem.var_index()
        wanted = sorted({index[n] for a in drop for n in self.enc.info[a].readings})
        # Only the parts of the file the drop touches bear on what its claims would need:
        # in a table of a thousand rows, a repair's ranges cost its rows, not the table.
        touched = frozenset(b for comp in self._components() if not drop.isdisjoint(comp) for b in comp)
        doms = self._implied(oracle, touched - drop, wanted)
        fits = self._finite().sets(touched - drop, doms, wanted) if doms is not None and self._sets_wanted() else {}
        would_fit: dict[str, dict[str, Interval]] = {}
        for a in sorted(drop, key=lambda a: self.enc.info[a].member.id):
            readings = self.enc.info[a].readings
            if doms is not None and readings:
                would_fit[self.enc.info[a].member.id] = {n: doms.interval(index[n]) for n in readings}
        weight = sum((self.atoms[a].weight for a in drop), Fraction(0))
        from .digest import informative

        domains = {n: self.enc.problem.vars[index[n]].domain for ranges in would_fit.values() for n in ranges}
        values = {c: {n: fits[index[n]] for n in r if index[n] in fits} for c, r in would_fit.items()}
        return Repair(self._members(drop), weight, would_fit, informative(would_fit, domains),
                      {c: v for c, v in values.items() if v} or None)

    def _sets_wanted(self) -> bool:
        # A file whose work budget ran out reports what was proved within it; the sets have a
        # small budget of their own, but are not worked out past the file's.
        return not self.budget.exhausted

    def _finite(self):
        """The exact small sets of this file's values, one question budget for all (finite.py)."""
        if not hasattr(self, "_sets"):
            from .finite import FiniteSets

            self._sets = FiniteSets(self.enc.problem, self.enc.dates)
        return self._sets

    def _components(self) -> list[list[int]]:
        if not hasattr(self, "_parts"):
            from .conflicts import components

            self._parts = components(self.enc.problem)
        return self._parts

    def _ranges(self, oracle, kept: frozenset[int], only: set[str] | None = None) -> tuple[QuantityRange, ...]:
        index = self.enc.problem.var_index()
        names = sorted(self.cf.quantities if only is None else only & self.cf.quantities.keys())
        doms = self._implied(oracle, kept, sorted(index[n] for n in names))
        wanted = [index[n] for n in names]
        sets = self._finite().sets(kept, doms, wanted) if doms is not None and self._sets_wanted() else {}
        out = []
        for name in names:
            iv = doms.interval(index[name]) if doms is not None else self.enc.problem.vars[index[name]].domain
            out.append(QuantityRange(name, self.enc.units[name], iv, name in self.enc.dates, sets.get(index[name])))
        return tuple(out)

    def _warnings(self, discrepancies) -> list[Problem]:
        out: list[Problem] = []
        from .rules import names

        claimed: set[str] = set()
        related: set[str] = set()
        for info in self.enc.info:
            if info.member.kind == "claim":
                claimed |= set(info.readings)
            if info.formula is not None:
                (claimed if info.member.kind == "claim" else related).update(names(info.formula))
        for name, q in self.cf.quantities.items():
            if name in claimed or not q.stated:  # `stated: false`: left unstated on purpose
                continue
            if name in related:
                message = f"no claim gives a value for {name}; only relations mention it"
                hint = "fine for a quantity the article never states; otherwise add its claim"
            else:
                message = f"nothing in the file mentions {name}: no claim and no relation"
                hint = "add the claim that states it, or remove the quantity"
            out.append(Problem("unclaimed-quantity", message, q.position, hint))
        involved = {m.id for d in discrepancies for m in d.members}
        for info in self.enc.info:
            if info.accept and info.member.id not in involved:
                out.append(Problem(
                    "stale-accept",
                    f"`{info.member.id}` accepts a discrepancy, but it is in none any more",
                    info.member.position, "remove the `accept:` so the waiver does not outlive the problem"))
        return out

    def _draft(self) -> tuple[list[Problem], Any]:
        from .draft import draft_checks

        article, draft = self.cf.article, self.draft
        if isinstance(draft, InputError):
            return list(draft.problems), None
        if draft is None:  # built without check_file's reading: no draft to compare with
            return [], None
        readings = {}
        for info in self.enc.info:
            if info.readings:
                readings[info.member.id] = next(iter(info.readings.values()))
        ignore = getattr(article, "ignore", None) or ()
        found = draft_checks(self.cf, draft, readings, self.vocab, ignore)
        return list(found.warnings), found.view
