"""The pipeline: claim files in, one `CheckResult` out. Prints nothing."""

from __future__ import annotations

import dataclasses
import functools
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

from . import gcquiet
from .findings import CheckResult, FileReport, OpenQuestion
from .paths import REASONS, Found, Refused, inside, project_root, read_untrusted, real, walk_claim_files
from .positions import Position
from .problems import InputError, LocalError, Problem


# The default work budget, in units (bounds.Budget): every honest benchmark file needs a
# small share of it (bench/work.py prints how much), and on the project's machine it is
# spent in well under the 16 s that the default --time-budget leaves the solver.
WORK_BUDGET = 10_000_000


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
    # Every quantity's derived range in the report; where no format asked for shows them, only
    # those of the quantities the findings name (their units and dates are needed for words).
    derive_ranges: bool = True


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
    jobs = max(1, min(options.jobs, len(files) or 1, usable_cpus()))
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
    spare = 1 if usable_cpus() > jobs else 0
    # The solver aims to stop itself early enough to report what it proved; the watchdog's
    # kill at the full budget is for whatever does not stop.
    inner = dataclasses.replace(options, time_budget=options.time_budget * SOLVER_SHARE, helpers=spare)
    calls = [functools.partial(_check_in_child, f.path, f.shown, inner) for f in files]
    memory = options.memory_limit * 1024 * 1024 if options.memory_limit else None
    # sympy (0.5 s to import) is needed by few files, PyYAML only by files not written one entry
    # a line (yamlnodes.py): each imported here once the first file needed it, not by every child.
    outcomes = watchdog.run_bounded(calls, jobs, options.time_budget, memory, done, warm=("sympy", "yaml"))
    return [o.value if o.failure is None else _cut_short(f.shown, o, options)
            for f, o in zip(files, outcomes)]


def _check_in_child(path: Path, shown: str, options: CheckOptions) -> FileReport:
    """`check_file` in the watchdog's child, a process that ends with it."""
    gcquiet.ends_with_the_check()
    return check_file(path, shown, options)


def usable_cpus() -> int:
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
        from .analysis import FileAnalysis

        return FileAnalysis(cf, enc, vocab, path, shown, options, draft).report()


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
