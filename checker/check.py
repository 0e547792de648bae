"""The pipeline: claim files in, one `CheckResult` out. Prints nothing."""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any, Callable, Sequence

from .findings import CheckResult, Discrepancy, FileReport, OpenQuestion, QuantityRange, Repair
from .interval import Interval
from .positions import Position
from .problems import InputError, LocalError, Problem


@dataclass(frozen=True)
class CheckOptions:
    """How a run checks; formatting choices live with the CLI, not here."""

    strict: bool = False
    vocabulary: dict[str, Any] = field(default_factory=dict)  # [tool.figcheck] overrides
    time_budget: float = 20.0  # seconds of solver work per file before a partial result
    max_conflicts: int = 50  # discrepancies reported per file before "more exist"
    max_repairs: int = 5
    jobs: int = 1
    # Solver work per file, counted in propagation steps: unlike seconds, the same on
    # every machine, so the same file always gives the same report.
    max_steps: int = 50_000_000


def claim_files(paths: Sequence[str]) -> list[tuple[Path, str]]:
    """Each path, or every *.yaml/*.yml below a directory, as (path, name shown).

    A folder's own files come before its subfolders', each in name order, so the same
    folder always gives the same order.
    """
    out: list[tuple[Path, str]] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            out += [(f, f.as_posix()) for f in _yaml_below(path)]
        else:
            out.append((path, p))
    return out


def _yaml_below(folder: Path) -> list[Path]:
    entries = sorted(folder.iterdir(), key=lambda f: f.name)
    files = [f for f in entries if f.suffix in (".yaml", ".yml") and f.is_file()]
    for sub in entries:
        if sub.is_dir() and not sub.name.startswith("."):
            files += _yaml_below(sub)
    return files


def check_paths(
    paths: Sequence[str],
    options: CheckOptions,
    progress: Callable[[int, int], None] | None = None,
) -> CheckResult:
    """Check every claim file named by `paths` (directories: every *.yaml/*.yml below).

    `progress(done, total)` is called after each file, for a progress bar.
    """
    files = claim_files(paths)
    if not files:
        shown = ", ".join(paths) or "."
        report = FileReport(shown, "error", errors=(Problem(
            "no-claim-files", f"no claim files (*.yaml, *.yml) in {shown}", None,
            "name a claim file or a folder that holds some"),))
        return CheckResult((report,), options.strict)
    jobs = max(1, min(options.jobs, len(files), os.cpu_count() or 1))
    reports: list[FileReport] = []
    if jobs == 1:
        for i, (path, shown) in enumerate(files):
            reports.append(check_file(path, shown, options))
            if progress:
                progress(i + 1, len(files))
    else:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = [pool.submit(check_file, path, shown, options) for path, shown in files]
            for i, fut in enumerate(futures):
                reports.append(fut.result())
                if progress:
                    progress(i + 1, len(files))
    return CheckResult(tuple(reports), options.strict)


def check_file(path: Path, shown: str, options: CheckOptions) -> FileReport:
    """One claim file, start to finish; never raises for anything the file says.

    A faulty file is still read as far as it can be, so one check reports every problem:
    the loader's and those found reading its sound values and rules.
    """
    from .model import load_claim_file_tolerant

    if not path.exists():
        return FileReport(shown, "error", errors=(Problem(
            "no-such-file", f"{shown} does not exist", None,
            "check the path, or name a folder of claim files"),))
    cf, problems = load_claim_file_tolerant(path, display_path=shown)
    if cf is None:
        return FileReport(shown, "error", errors=tuple(problems))
    try:
        vocab = _vocabulary(cf, options)
        from .encode import encode

        enc = encode(cf, vocab)
    except InputError as e:
        return FileReport(shown, "error", errors=_in_file_order(problems + e.problems))
    if problems:
        return FileReport(shown, "error", errors=_in_file_order(problems))
    return _Analysis(cf, enc, vocab, path, shown, options).report()


def _in_file_order(problems: list[Problem]) -> tuple[Problem, ...]:
    """Sorted by place, each fault once: the first report of a code at a place wins."""
    seen: dict[tuple[str, Position | None], Problem] = {}
    for p in problems:
        seen.setdefault((p.code, p.position), p)
    return tuple(sorted(seen.values(), key=lambda p: (p.position.line, p.position.column) if p.position
                        else (0, 0)))


def _vocabulary(cf: Any, options: CheckOptions) -> Any:
    from .vocabulary import DEFAULT_VOCABULARY, vocabulary_with_overrides

    vocab = DEFAULT_VOCABULARY
    if options.vocabulary:
        try:
            vocab = vocabulary_with_overrides(vocab, options.vocabulary)
        except LocalError as e:
            raise InputError([Problem(e.code, f"pyproject.toml [tool.figcheck.vocabulary]: {e.message}", None, e.hint)]) from None
    if cf.vocabulary is not None:
        written = cf.vocabulary.model_dump(exclude={"positions", "position"}, exclude_none=True)
        written["words"] = {
            k: {f: v for f, v in w.items() if f != "position" and v is not None}
            for k, w in written.get("words", {}).items()
        }
        try:
            vocab = vocabulary_with_overrides(vocab, written)
        except LocalError as e:
            raise InputError([Problem(e.code, e.message, cf.vocabulary.position, e.hint)]) from None
    return vocab


class _Analysis:
    """Solve one encoded file and turn the answer into findings."""

    def __init__(self, cf: Any, enc: Any, vocab: Any, path: Path, shown: str, options: CheckOptions) -> None:
        self.cf, self.enc, self.vocab, self.path, self.shown, self.options = cf, enc, vocab, path, shown, options

    def report(self) -> FileReport:
        from .conflicts import ConflictSearch
        from .explain import Explainer
        from .feasibility import Oracle
        from .propagate import Budget

        enc, options = self.enc, self.options
        budget = Budget(options.max_steps, time.monotonic() + options.time_budget)
        oracle = Oracle(enc.problem, budget)
        search = ConflictSearch(enc.problem, oracle, options.max_conflicts, options.max_repairs)
        analysis = search.run()
        self.atoms = enc.problem.atoms
        first = analysis.repairs[0] if analysis.repairs else frozenset()
        explainer = Explainer(enc, oracle.prop, oracle.root)
        discrepancies = self._discrepancies(analysis.conflicts, first, explainer)
        repairs = tuple(self._repair(r, oracle) for r in analysis.repairs)
        all_atoms = frozenset(range(len(self.atoms)))
        ranges = self._ranges(oracle, all_atoms - first)
        warnings = self._warnings(discrepancies)
        draft_view = None
        if self.cf.article is not None and self.cf.article.draft:
            more, draft_view = self._draft()
            warnings += more
        notes = []
        undecided = budget.exhausted or analysis.undecided
        if undecided and discrepancies:
            # Never a guess: a file proved inconsistent may hold more than was found.
            warnings.append(Problem(
                "partial-result",
                "some questions could not be settled within the solver's work "
                "budget (nonlinear rules, or a very large file); every discrepancy reported is "
                "real, but there may be more",
                None,
                "raise --time-budget, or give the unknowns in pct() and products a value",
            ))
        # The repair search may need more conflicts than a report should list.
        more = analysis.more_conflicts or len(discrepancies) > options.max_conflicts
        discrepancies = discrepancies[: options.max_conflicts]
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
            return "raise --time-budget, or state the figures the rules combine more precisely"
        names = []
        for v in unknown[:3]:
            q = self.cf.quantities[problem.vars[v].quantity]
            about = getattr(q, "about", None)
            # "valid votes cast (not reported)" reads as "give valid votes cast (`valid`)"
            about = re.sub(r"\s*\([^)]*\)\s*$", "", about or "")
            names.append(f"{about} (`{q.name}`)" if about else f"a value for `{q.name}`")
        return "give " + (", or ".join(names) if len(names) > 1 else names[0])

    # -- findings -----------------------------------------------------------------------
    def _members(self, atoms: frozenset[int]):
        return tuple(sorted((self.enc.info[a].member for a in atoms), key=lambda m: m.id))

    def _discrepancies(self, conflicts, first, explainer) -> tuple[Discrepancy, ...]:
        def order(c: frozenset[int]) -> tuple:
            in_repair = sorted(a for a in c if a in first)
            return (not in_repair, in_repair[:1], len(c), sorted(c))

        out = []
        shapes: dict[tuple, int] = {}
        for number, c in enumerate(sorted(conflicts, key=order), 1):
            reasons = [self.enc.info[a].accept for a in sorted(c) if self.enc.info[a].accept]
            group = tuple(sorted(self.enc.info[a].member.id for a in c if a in first))
            shape = self._shape(c)
            same_as = shapes.setdefault(shape, number)
            out.append(Discrepancy(self._members(c), explainer.explain(c), "; ".join(reasons) or None,
                                   group or tuple(m.id for m in self._members(c)),
                                   same_as if same_as != number else None))
        return tuple(out)

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
        from .propagate import Budget, Conflict
        from .ranges import tighten

        doms = oracle.root.copy()
        active = [i in atoms for i in range(len(self.atoms))]
        try:
            oracle.prop.run(doms, active, Budget(5_000_000))
        except Conflict:
            return None
        tighten(self.enc.problem, doms, atoms, wanted)
        return doms

    def _repair(self, drop: frozenset[int], oracle) -> Repair:
        index = self.enc.problem.var_index()
        wanted = sorted({index[n] for a in drop for n in self.enc.info[a].readings})
        # Only the parts of the file the drop touches bear on what its claims would need:
        # in a table of a thousand rows, a repair's ranges cost its rows, not the table.
        touched = frozenset(b for comp in self._components() if not drop.isdisjoint(comp) for b in comp)
        doms = self._implied(oracle, touched - drop, wanted)
        would_fit: dict[str, dict[str, Interval]] = {}
        for a in sorted(drop, key=lambda a: self.enc.info[a].member.id):
            readings = self.enc.info[a].readings
            if doms is not None and readings:
                would_fit[self.enc.info[a].member.id] = {n: doms.interval(index[n]) for n in readings}
        weight = sum((self.atoms[a].weight for a in drop), Fraction(0))
        return Repair(self._members(drop), weight, would_fit)

    def _components(self) -> list[list[int]]:
        if not hasattr(self, "_parts"):
            from .conflicts import components

            self._parts = components(self.enc.problem)
        return self._parts

    def _ranges(self, oracle, kept: frozenset[int]) -> tuple[QuantityRange, ...]:
        index = self.enc.problem.var_index()
        doms = self._implied(oracle, kept, sorted(index[n] for n in self.cf.quantities))
        out = []
        for name in sorted(self.cf.quantities):
            iv = doms.interval(index[name]) if doms is not None else self.enc.problem.vars[index[name]].domain
            out.append(QuantityRange(name, self.enc.units[name], iv, name in self.enc.dates))
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
            if name in claimed:
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
        from .draft import draft_checks, load_draft

        article = self.cf.article
        draft_path = self.path.parent / article.draft
        shown = Path(self.shown).parent / article.draft
        try:
            draft = load_draft(draft_path, display_path=shown.as_posix(), referenced_at=article.draft_position)
        except InputError as e:
            return list(e.problems), None
        readings = {}
        for info in self.enc.info:
            if info.readings:
                readings[info.member.id] = next(iter(info.readings.values()))
        ignore = getattr(article, "ignore", None) or ()
        found = draft_checks(self.cf, draft, readings, self.vocab, ignore)
        return list(found.warnings), found.view



