"""The pipeline: claim files in, one `CheckResult` out. Prints nothing."""

from __future__ import annotations

import dataclasses
import functools
import os
import re
import time
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any, Callable, Sequence

from . import gcquiet
from .findings import CheckResult, Discrepancy, FileReport, OpenQuestion, QuantityRange, Repair
from .interval import Interval
from .paths import REASONS, Found, Refused, inside, project_root, read_untrusted, real, walk_claim_files
from .positions import Position
from .problems import InputError, LocalError, Problem


# The default work budget, in units (bounds.Budget): every honest benchmark file needs a
# small share of it (bench/work.py prints how much), and on the project's machine it is
# spent in well under the 16 s that the default --time-budget leaves the solver.
WORK_BUDGET = 10_000_000
# The share of the work budget kept back from the search for what follows it: explanations,
# the ranges a repair's claims would need, and the derived ranges (1/AFTER_SEARCH).
AFTER_SEARCH = 5


@dataclass(frozen=True)
class CheckOptions:
    """How a run checks; formatting choices live with the CLI, not here."""

    strict: bool = False
    vocabulary: dict[str, Any] = field(default_factory=dict)  # [tool.figcheck] overrides
    time_budget: float = 20.0  # wall seconds per file: the backstop (see SOLVER_SHARE, watchdog.py)
    max_conflicts: int = 50  # discrepancies reported per file before "more exist"
    max_repairs: int = 5
    jobs: int = 1
    # The work one file's analysis may do, in work units (see bounds.Budget; --work-budget):
    # unlike seconds, the same on every machine, so the same file always gives the same report.
    max_steps: int = WORK_BUDGET
    # Folders outside the project that claim files may read from (--allow-read): trusted use only.
    allow_read: tuple[str, ...] = ()
    # Address space of the child process checking one file, in MiB (0: no cap); see watchdog.py.
    memory_limit: int = 2048
    # Processes one file's check may fork to answer questions ahead (see ahead.py): set where
    # a core is spare; the report is the same bytes whatever it is.
    helpers: int = 0


# The share of --time-budget the solver's own budget gets; the watchdog kills at the whole.
SOLVER_SHARE = 0.8


def claim_files(paths: Sequence[str]) -> list[Found]:
    """Each path, or every *.yaml/*.yml below a directory, as found (path, name shown).

    A folder's own files come before its subfolders', each in name order, so the same
    folder always gives the same order; see `paths.walk_claim_files` for links.
    """
    out: list[Found] = []
    for p in paths:
        path = Path(p)
        if os.path.isdir(path):  # unlike Path.is_dir, never raises (a name too long, a NUL)
            problem = _outside(path)
            out += [Found(path, p, problem)] if problem else walk_claim_files(path, path.as_posix())
        else:
            out.append(Found(path, p))
    return out


def _outside(folder: Path) -> Problem | None:
    """A folder named to walk that is a link out of its project: `claims` -> `/` in a pull request."""
    here = Path(os.path.abspath(folder))
    resolved = real(here)
    if resolved is not None and inside(resolved, [project_root(here.parent)]):
        return None
    return Problem("folder-outside-project", f"{folder.as_posix()} leads outside the project, to {resolved}",
                   None, "name a folder inside the project; a pull request may have made it a link")


def check_paths(
    paths: Sequence[str],
    options: CheckOptions,
    progress: Callable[[int, int], None] | None = None,
) -> CheckResult:
    """Check every claim file named by `paths` (directories: every *.yaml/*.yml below).

    Each file is checked in a child process killed at `options.time_budget` (see
    watchdog.py), so no file can hold the run past its budget. `progress(done, total)` is
    called after each file, for a progress bar.
    """
    found = claim_files(paths)
    if not found:
        shown = ", ".join(paths) or "."
        report = FileReport(shown, "error", errors=(Problem(
            "no-claim-files", f"no claim files (*.yaml, *.yml) in {shown}", None,
            "name a claim file or a folder that holds some"),))
        return CheckResult((report,), options.strict)
    files = [f for f in found if f.problem is None]
    jobs = max(1, min(options.jobs, len(files) or 1, _cpus()))
    reports = iter(_bounded(files, options, jobs, progress))
    out = tuple(FileReport(f.shown, "error", errors=(f.problem,)) if f.problem else next(reports) for f in found)
    return CheckResult(out, options.strict)


def _bounded(files: list[Found], options: CheckOptions, jobs: int,
             progress: Callable[[int, int], None] | None) -> list[FileReport]:
    from . import watchdog

    def done(count: int) -> None:
        if progress:
            progress(count, len(files))

    if not watchdog.can_fork():  # no fork (Windows): the solver's own budget is the only bound
        out = []
        for i, f in enumerate(files):
            out.append(check_file(f.path, f.shown, options))
            done(i + 1)
        return out
    if len(files) > 1:  # one child imports only what its file needs (no draft: no draft module)
        _preload()
    # A core no file is checked on may help one (only in a forked child: never in a process
    # with threads, such as the desk's).
    spare = 1 if _cpus() > jobs else 0
    # The solver aims to stop itself early enough to report what it proved; the watchdog's
    # kill at the full budget is for whatever does not stop.
    inner = dataclasses.replace(options, time_budget=options.time_budget * SOLVER_SHARE, helpers=spare)
    calls = [functools.partial(check_file, f.path, f.shown, inner) for f in files]
    memory = options.memory_limit * 1024 * 1024 if options.memory_limit else None
    # sympy (0.5 s to import) is needed by few files, PyYAML only by files not written one entry
    # a line (yamlnodes.py): each imported here once the first file needed it, not by every child.
    outcomes = watchdog.run_bounded(calls, jobs, options.time_budget, memory, done, warm=("sympy", "yaml"))
    return [o.value if o.failure is None else _cut_short(f.shown, o, options)
            for f, o in zip(files, outcomes)]


def _cpus() -> int:
    """The CPUs this process may run on (a container or `taskset` may allow fewer than exist)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on every system
        return os.cpu_count() or 1


def _preload() -> None:
    """Import the pipeline once in the parent, so that forked children share it."""
    from . import conflicts, draft, encode, explain, feasibility, model, propagate  # noqa: F401

    # The forms' validator is built on first use (forms.py): here, once, not in every child.
    model.FileForm.model_rebuild()


def _cut_short(shown: str, outcome: Any, options: CheckOptions) -> FileReport:
    """The report of a file whose check was stopped: undecided, never a guess."""
    if outcome.failure == "crash":
        return FileReport(shown, "error", errors=(Problem(
            "internal-error", f"figcheck failed on this file ({outcome.detail}); this is a bug "
            "in figcheck, not in the file", None, "please report it with the file attached"),))
    if outcome.failure == "memory":
        message = (f"the check used more than the memory limit of {options.memory_limit} MiB "
                   "and was stopped")
        code, hint = "memory-limit", "raise --memory-limit, or give the unknowns in pct() and products a value"
    else:
        message = (f"the check did not finish within the time budget of {options.time_budget:g} s "
                   "and was stopped")
        code, hint = "time-limit", "raise --time-budget, or give the unknowns in pct() and products a value"
    members, title = outcome.told or ((), None)
    question = OpenQuestion(members, hint, outcome.failure)
    return FileReport(shown, "undecided", warnings=(Problem(code, message, None, hint),),
                      title=title, open_questions=(question,))


def check_file(path: Path, shown: str, options: CheckOptions) -> FileReport:
    """One claim file, start to finish; never raises for anything the file says.

    A faulty file is still read as far as it can be, so one check reports every problem:
    the loader's and those found reading its sound values and rules. The file and its
    draft are read through paths.py: inside the project, regular files, size-capped.
    """
    from .model import claim_file_from_text_tolerant
    from .yamlnodes import MAX_BYTES, decode_yaml_bytes

    roots = read_roots(path, options)
    try:
        text = decode_yaml_bytes(read_untrusted(path, roots, MAX_BYTES + 1, shown), shown)
    except Refused as e:
        code = _REFUSED_CLAIM_FILE.get(e.why, "unreadable-file")
        return FileReport(shown, "error", errors=(Problem(code, e.message, None, REASONS[e.why]),))
    except InputError as e:
        return FileReport(shown, "error", errors=tuple(e.problems))
    with gcquiet.paused():
        cf, problems = claim_file_from_text_tolerant(text, shown)
    return check_loaded(cf, problems, path, shown, options)


def check_text(text: str, path: Path, shown: str, options: CheckOptions) -> FileReport:
    """`check_file` for a claim file's text, as if it stood at `path` (which finds its draft)."""
    from .model import claim_file_from_text_tolerant

    with gcquiet.paused():
        cf, problems = claim_file_from_text_tolerant(text, shown)
    return check_loaded(cf, problems, path, shown, options)


def check_loaded(cf: Any, problems: list[Problem], path: Path, shown: str, options: CheckOptions) -> FileReport:
    """The rest of a check once the loader has read what it can of a file."""
    roots = read_roots(path, options)
    if cf is None:
        return FileReport(shown, "error", errors=tuple(problems))
    try:
        with gcquiet.paused():
            vocab = _vocabulary(cf, options)
            from .encode import encode

            enc = encode(cf, vocab)
            draft = _load_draft(cf, path, shown, roots)
            _tell_what_is_asked(cf, enc)
    except InputError as e:
        return FileReport(shown, "error", errors=_in_file_order(problems + e.problems))
    if problems:
        return FileReport(shown, "error", errors=_in_file_order(problems))
    with gcquiet.frozen():  # the solver's collections skip the file just read (gcquiet.py)
        return _Analysis(cf, enc, vocab, path, shown, options, draft).report()


def _tell_what_is_asked(cf: Any, enc: Any) -> None:
    """Before solving: what a report cut short by the watchdog can still name (watchdog.tell)."""
    from .watchdog import tell

    members = {i.member.id: i.member for i in enc.info if i.formula is not None}
    if not members:  # no rule: the question is the whole file's values
        members = {i.member.id: i.member for i in enc.info}
    title = cf.article.title if cf.article else None
    tell((tuple(members[k] for k in sorted(members)), title))


# why a claim file was refused -> its error code
_REFUSED_CLAIM_FILE = {"missing": "no-such-file", "outside-project": "claim-file-outside-project",
                       "not-a-file": "not-a-file", "too-large": "file-too-large"}


def read_roots(claim_file: Path, options: CheckOptions) -> list[Path]:
    """Where reads for this claim file may go: its project, and folders widened to by the user."""
    roots = [project_root(Path(claim_file).parent)]
    return roots + [r for r in (real(Path(p)) for p in options.allow_read) if r is not None]


def _load_draft(cf: Any, path: Path, shown: str, roots: list[Path]) -> Any:
    """The file's draft, None without one, or the `draft-unreadable` InputError as a value.

    Refusals are raised, so the file is an error: a draft outside the project or not a
    file is a claim file reaching where it should not. A missing or non-UTF-8 draft stays
    a warning, which the analysis reports, as before.
    """
    from .draft import load_draft

    article = cf.article
    if article is None or not article.draft:
        return None
    try:
        return load_draft(path.parent / article.draft, display_path=(Path(shown).parent / article.draft).as_posix(),
                          referenced_at=article.draft_position, roots=roots)
    except InputError as e:
        if any(p.code != "draft-unreadable" for p in e.problems):
            raise
        return e  # reported by the analysis as a warning, as before


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
        # `scores: null` takes a word out: it stays None, for vocabulary.py to drop.
        written["words"] = {
            k: None if w is None else {f: v for f, v in w.items() if f != "position" and v is not None}
            for k, w in written.get("words", {}).items()
        }
        try:
            vocab = vocabulary_with_overrides(vocab, written)
        except LocalError as e:
            raise InputError([Problem(e.code, e.message, cf.vocabulary.position, e.hint)]) from None
    return vocab


class _Analysis:
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
        ranges = self._ranges(oracle, all_atoms - first)
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

    def _ranges(self, oracle, kept: frozenset[int]) -> tuple[QuantityRange, ...]:
        index = self.enc.problem.var_index()
        doms = self._implied(oracle, kept, sorted(index[n] for n in self.cf.quantities))
        wanted = [index[n] for n in sorted(self.cf.quantities)]
        sets = self._finite().sets(kept, doms, wanted) if doms is not None and self._sets_wanted() else {}
        out = []
        for name in sorted(self.cf.quantities):
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



