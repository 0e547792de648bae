"""The `figcheck` command: arguments in, reports out, an exit code back.

This is the only code that writes to stdout or stderr. Heavy modules (the pipeline, the
models, the formats) are imported inside the subcommand that needs them, so that
`figcheck --version` and `figcheck --help` start at once.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
from pathlib import Path
from typing import Any, NamedTuple, Sequence, TextIO

from . import __version__
from .config import FORMAT_NAMES, Config, ConfigError, find_config, parse_seconds, parse_work

EXIT_OK, EXIT_DISCREPANCY, EXIT_ERROR = 0, 1, 2
PROGRESS_MIN_FILES = 5  # fewer files than this finish before a bar would be worth drawing
DEFAULT_PATH = "claims"
# -o FILE without its own --format: the format that the file's name asks for
FORMAT_BY_SUFFIX = {
    ".json": "json",
    ".md": "markdown",
    ".html": "html",
    ".htm": "html",
    ".sarif": "sarif",
    ".xml": "junit",
    ".txt": "text",
}

EPILOG = """\
examples:
  figcheck check claims/                      check every claim file below claims/
  figcheck check --strict claims/swap.yaml    warnings fail the check too
  figcheck check --format json -o report.json --format html -o report.html claims/
                                              several reports in one run
  figcheck extract drafts/swap.txt -o claims/swap.yaml
                                              start a claim file from a draft
  figcheck schema -o claim-file.schema.json   the JSON Schema for editors

exit status: 0 consistent, 1 a discrepancy not accepted (or a warning under --strict),
2 a file that cannot be read, or a usage error.
settings: [tool.figcheck] in pyproject.toml (see docs/cli.md); flags override them.
"""


class UsageError(Exception):
    """The command line asks for something figcheck will not do."""


class Output(NamedTuple):
    """One report of a run: a format, and a file (None: standard output)."""

    format: str | None  # None until resolved: -o given without its own --format
    file: str | None


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_ERROR, f"{self.prog}: error: {message}\nTry '{self.prog} --help' for more.\n")


class _FormatAction(argparse.Action):
    """--format starts a new report; an -o after it names that report's file."""

    def __call__(self, parser: Any, namespace: Any, value: Any, option: Any = None) -> None:
        namespace.outputs = [*(namespace.outputs or []), Output(value, None)]


class _OutputAction(argparse.Action):
    def __call__(self, parser: Any, namespace: Any, value: Any, option: Any = None) -> None:
        outputs = list(namespace.outputs or [])
        if outputs and outputs[-1].file is None and outputs[-1].format is not None:
            outputs[-1] = outputs[-1]._replace(file=value)
        else:
            outputs.append(Output(None, value))
        namespace.outputs = outputs


def _jobs(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 0, got {text!r}")
    return int(text)


def _seconds(text: str) -> float:
    try:
        return parse_seconds(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _work(text: str) -> int:
    try:
        return parse_work(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def build_parser() -> argparse.ArgumentParser:
    """The parser for every subcommand, with examples in the help."""
    parser = _Parser(
        prog="figcheck",
        description="Find the reported figures in a story that cannot all be true.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"figcheck {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = commands.add_parser(
        "check", help="check claim files and report discrepancies", epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Check claim files (folders: every *.yaml and *.yml below them, sorted).",
    )
    check.add_argument("paths", nargs="*", metavar="PATH",
                       help=f"claim files or folders (default: `paths` from the settings, or {DEFAULT_PATH}/)")
    check.add_argument("--format", action=_FormatAction, dest="outputs", metavar="NAME",
                       choices=FORMAT_NAMES,
                       help=f"report format: {', '.join(FORMAT_NAMES)} (default auto: github "
                            "annotations when GITHUB_ACTIONS=true, text otherwise); repeatable")
    check.add_argument("-o", "--output", action=_OutputAction, dest="outputs", metavar="FILE",
                       help="write the report of the preceding --format to FILE instead of stdout")
    check.add_argument("--strict", action=argparse.BooleanOptionalAction, default=None,
                       help="warnings fail the check (exit 1)")
    check.add_argument("--show-ranges", action="store_true",
                       help="show every quantity's derived range in the text report")
    check.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                       help="colour the report on stdout (default auto: on a terminal, unless NO_COLOR is set)")
    check.add_argument("--jobs", type=_jobs, metavar="N", help="files checked in parallel (0: one per CPU)")
    check.add_argument("--time-budget", type=_seconds, metavar="SECONDS",
                       help="wall time per file (default 20), a backstop; a file cut short is undecided")
    check.add_argument("--work-budget", type=_work, metavar="UNITS",
                       help="solver work per file (default 10_000_000): the same report on any machine; "
                            "a file that needs more is undecided or a partial result")
    check.add_argument("--memory-limit", type=_jobs, metavar="MIB",
                       help="memory per file's check, in MiB (default 2048; 0: no cap)")
    check.add_argument("--allow-read", action="append", default=[], metavar="DIR",
                       help="let claim files read drafts below DIR too, outside the project "
                            "(trusted local use only; repeatable)")
    check.set_defaults(run=run_check)

    extract = commands.add_parser("extract", help="write a skeleton claim file for a draft",
                                  description="Write a skeleton claim file with every figure of a draft.")
    extract.add_argument("draft", metavar="DRAFT", help="the draft's plain text or Markdown; - reads standard input")
    extract.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: stdout)")
    extract.add_argument("--published", type=_iso_day, metavar="YYYY-MM-DD",
                         help="the publication date, for weekdays and relative dates")
    extract.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    extract.add_argument("--allow-read", action="append", default=[], metavar="DIR",
                         help="read a draft below DIR, outside the project (trusted local use only)")
    extract.set_defaults(run=run_extract)

    desk = commands.add_parser("desk", help="the draft and its claims side by side in a browser",
                               description="Check a claim file live in the browser as you edit it "
                                           "(needs: pip install 'figcheck[desk]'; see docs/desk.md).")
    desk.add_argument("target", metavar="CLAIM_FILE|DRAFT", help="a claim file, or a draft to start one from")
    desk.add_argument("-o", "--output", metavar="FILE",
                      help="from a draft: the claim file to make (default: the draft's name with .yaml)")
    desk.add_argument("--no-browser", dest="browser", action="store_false", help="only print the address")
    desk.add_argument("--port", type=_jobs, default=0, metavar="N", help="port on 127.0.0.1 (default: a free one)")
    desk.set_defaults(run=run_desk)

    schema = commands.add_parser("schema", help="print the JSON Schema of claim files",
                                 description="The JSON Schema of claim files, for editors.")
    schema.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: stdout)")
    schema.set_defaults(run=run_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run figcheck with `argv` (default: sys.argv[1:]) and return the exit status."""
    try:
        return _main(argv)
    except KeyboardInterrupt:
        print("figcheck: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`figcheck check | head`); nothing left to say to it.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_ERROR
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no tracebacks for users
        if os.environ.get("FIGCHECK_DEBUG") == "1":
            import traceback

            traceback.print_exc()
        print(
            f"figcheck: internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in figcheck, not in your files; please report it with the command you ran"
            " (set FIGCHECK_DEBUG=1 to see the details).",
            file=sys.stderr,
        )
        return EXIT_ERROR


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version and usage errors end here
        return exc.code if isinstance(exc.code, int) else EXIT_ERROR
    if args.command is None:
        parser.print_usage(sys.stderr)
        print("figcheck: error: choose a command: check, desk, extract or schema", file=sys.stderr)
        return EXIT_ERROR
    try:
        return args.run(args)
    except (UsageError, ConfigError) as exc:
        print(f"figcheck: error: {exc}", file=sys.stderr)
        return EXIT_ERROR


# -- figcheck check ------------------------------------------------------------------------


def run_check(args: argparse.Namespace) -> int:
    """Check the claim files, write every report asked for, return the verdict's exit code."""
    from .check import CheckOptions, check_paths
    from .problems import InputError
    from .report import RenderOptions, renderer

    config = find_config()
    paths = list(args.paths) or list(config.paths or [DEFAULT_PATH])
    if not args.paths and not config.paths and not Path(DEFAULT_PATH).exists():
        raise UsageError(f"nothing to check: no PATH given and no {DEFAULT_PATH}/ folder here")
    from .check import claim_files as walk

    walked = walk(paths)  # refused folders and links included: the pipeline reports them
    if not walked:
        raise UsageError(f"nothing to check: no *.yaml or *.yml files in {', '.join(paths)}")
    inputs = claim_files(walked)
    outputs = resolve_outputs(args.outputs or [], config)
    _refuse_overwriting(outputs, inputs)
    for output in outputs:
        if output.file is not None:
            _refuse_replacing(Path(output.file))

    options = CheckOptions(**_check_settings(args, config),
                           derive_ranges=args.show_ranges or any(o.format in SHOW_RANGES for o in outputs))
    progress = _Progress(sys.stderr) if sys.stderr.isatty() else None
    try:
        result = check_paths(paths, options, progress=progress)
    except InputError as exc:
        for problem in exc.problems:
            where = f"{problem.position}: " if problem.position else ""
            print(f"figcheck: {where}{problem.code}: {problem.message}", file=sys.stderr)
        return EXIT_ERROR
    finally:
        if progress is not None:
            progress.finish()
    result = result._replace(strict=options.strict)
    drafts = {Path(f.draft.path).resolve() for f in result.files if f.draft is not None}
    _refuse_overwriting(outputs, drafts)

    status = result.exit_code
    for output in outputs:
        to_stdout = output.file is None
        render_options = RenderOptions(
            color=to_stdout and use_color(args.color, sys.stdout),
            show_ranges=args.show_ranges,
            base_dir=str(config.root),
        )
        text = renderer(output.format)(result, render_options)  # type: ignore[arg-type]
        if to_stdout:
            sys.stdout.write(text)
            sys.stdout.flush()
        elif not _write_file(output.file, text):  # type: ignore[arg-type]
            status = EXIT_ERROR
    return status


# The formats that show every quantity's derived range whatever the flags: for the others a
# check leaves them out (a 5,000-row table has 30,000), unless --show-ranges asks.
SHOW_RANGES = frozenset({"json", "html", "markdown"})


def _check_settings(args: argparse.Namespace, config: Config) -> dict[str, Any]:
    """CheckOptions fields from the flags, else the settings file, else CheckOptions' defaults.

    Reading outside the project is a flag only: pyproject.toml comes with the pull request.
    """
    settings: dict[str, Any] = {"vocabulary": dict(config.vocabulary),
                                "allow_read": _allowed(args.allow_read)}
    for name, flag, setting in (
        ("strict", args.strict, config.strict),
        ("jobs", args.jobs, config.jobs),
        ("time_budget", args.time_budget, config.time_budget),
        ("max_steps", args.work_budget, config.work_budget),
        ("memory_limit", args.memory_limit, None),  # a flag only, like --allow-read
    ):
        value = flag if flag is not None else setting
        if value is not None:
            settings[name] = value
    if settings.get("jobs") == 0:
        from .check import usable_cpus

        settings["jobs"] = usable_cpus()  # as the pipeline counts them (a container may allow fewer)
    return settings


def claim_files(walked: Sequence[Any]) -> set[Path]:
    """The claim files a walk found, resolved: the files no report may be written over.

    A link that loops or is broken resolves to nothing here and is the pipeline's to report.
    """
    from .paths import real

    files = [f.path for f in walked if f.problem is None]
    found = {real(f) for f in files} | {Path(os.path.abspath(f)) for f in files}
    return {p for p in found if p is not None}


def _allowed(folders: Sequence[str]) -> tuple[str, ...]:
    """--allow-read folders, each one that exists, resolved."""
    out = []
    for folder in folders:
        if not Path(folder).is_dir():
            raise UsageError(f"--allow-read {folder}: not a folder")
        out.append(str(Path(folder).resolve()))
    return tuple(out)


def resolve_outputs(requested: Sequence[Output], config: Config) -> list[Output]:
    """Every report with its format settled; at most one goes to stdout."""
    default = config.format or "auto"
    outputs = []
    for output in requested or [Output(default, None)]:
        file = None if output.file == "-" else output.file
        name = output.format
        if name is None:
            name = FORMAT_BY_SUFFIX.get(Path(file or "").suffix.lower(), default)
        if name == "auto":
            # Annotations only mean something in the log of a GitHub Actions step.
            on_github = os.environ.get("GITHUB_ACTIONS") == "true" and file is None
            name = "github" if on_github else "text"
        outputs.append(Output(name, file))
    if sum(1 for o in outputs if o.file is None) > 1:
        names = ", ".join(o.format for o in outputs if o.file is None)  # type: ignore[misc]
        raise UsageError(f"only one report can go to standard output (asked: {names}); "
                         "give the others -o FILE")
    files = [Path(o.file).resolve() for o in outputs if o.file is not None]
    if len(set(files)) < len(files):
        raise UsageError("two reports would be written to the same file")
    return outputs


def _refuse_overwriting(outputs: Sequence[Output], inputs: set[Path]) -> None:
    for output in outputs:
        if output.file is not None and Path(output.file).resolve() in inputs:
            raise UsageError(f"will not write the {output.format} report over {output.file}, an input file")


def use_color(choice: str, stream: TextIO) -> bool:
    """--color: always, never, or auto (a terminal, NO_COLOR unset, and not TERM=dumb)."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return stream.isatty()


class _Progress:
    """A one-line bar on a terminal's stderr, drawn only for runs of many files."""

    WIDTH = 30

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.drawn = False

    def __call__(self, done: int, total: int) -> None:
        if total < PROGRESS_MIN_FILES:
            return
        filled = self.WIDTH * done // total
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        self.stream.write(f"\rchecking [{bar}] {done}/{total} files")
        self.stream.flush()
        self.drawn = True

    def finish(self) -> None:
        if self.drawn:
            self.stream.write("\r\033[K")
            self.stream.flush()


# -- figcheck extract / schema ---------------------------------------------------------------


def run_extract(args: argparse.Namespace) -> int:
    """Write a skeleton claim file for a draft, never over an existing file unless --force."""
    from .extract import extract_claims

    from .paths import MAX_DRAFT_BYTES, REASONS, Refused, project_root, read_untrusted

    draft = Path(args.draft)
    roots = [project_root(draft.parent), *map(Path, _allowed(args.allow_read))]
    try:
        if args.draft == "-":
            text = sys.stdin.read(MAX_DRAFT_BYTES + 1)
            if len(text) > MAX_DRAFT_BYTES:
                raise Refused("too-large", f"standard input is larger than {MAX_DRAFT_BYTES:,} characters")
        else:
            text = read_untrusted(draft, roots, MAX_DRAFT_BYTES, str(draft), hidden=False).decode("utf-8-sig")
    except Refused as exc:
        why = exc.message.removeprefix(str(draft)).strip()
        print(f"figcheck: cannot read the draft {draft}: {why}\n  hint: {REASONS[exc.why]}", file=sys.stderr)
        return EXIT_ERROR
    except UnicodeDecodeError as exc:
        print(f"figcheck: cannot read the draft {draft}: not UTF-8 text (byte {exc.start})", file=sys.stderr)
        return EXIT_ERROR
    target = None if args.output in (None, "-") else Path(args.output)
    if target is not None:
        if target.resolve() == draft.resolve():
            raise UsageError(f"will not write the claim file over the draft {draft}")
        if os.path.lexists(target) and not args.force:
            raise UsageError(f"{target} exists; figcheck never overwrites it unless you add --force")
        _refuse_replacing(target)
    # The claim file names its draft relative to where the claim file will be.
    draft_ref = os.path.relpath(draft.resolve(), (target.resolve().parent if target else Path.cwd()))
    from_stdin = args.draft == "-"  # standard input has no path: the skeleton leaves it to fill in
    yaml_text = extract_claims(text, None if from_stdin else Path(draft_ref).as_posix(),
                               published=args.published)
    return _emit(yaml_text, target)


def _iso_day(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date written YYYY-MM-DD") from None


def run_schema(args: argparse.Namespace) -> int:
    """Print or write the JSON Schema of claim files."""
    import json

    from .model import claim_file_json_schema

    text = json.dumps(claim_file_json_schema(), indent=2, ensure_ascii=False) + "\n"
    target = None if args.output in (None, "-") else Path(args.output)
    if target is not None:
        _refuse_replacing(target)
    return _emit(text, target)


def run_desk(args: argparse.Namespace) -> int:
    """Serve the desk until Ctrl-C (the web stack is imported only here)."""
    from .desk import missing_packages

    if missing := missing_packages():
        raise UsageError(f"the desk needs {', '.join(missing)}: pip install 'figcheck[desk]'")
    from .desk.serve import DeskError, main_args

    try:
        return main_args(args, sys.stdout)
    except DeskError as exc:
        raise UsageError(str(exc)) from None


def _emit(text: str, target: Path | None) -> int:
    if target is None:
        sys.stdout.write(text)
        return EXIT_OK
    return EXIT_OK if _write_file(str(target), text) else EXIT_ERROR


def _refuse_replacing(target: Path) -> None:
    from .paths import Refused, refuse_replacing

    try:
        refuse_replacing(target)
    except Refused as exc:
        raise UsageError(exc.message) from None


def _write_file(name: str, text: str) -> bool:
    """Write all of `text` or nothing (see paths.write_whole); say what happened on stderr."""
    from .paths import Refused, write_whole

    try:
        write_whole(Path(name), text)
    except Refused as exc:
        print(f"figcheck: error: {exc.message}", file=sys.stderr)
        return False
    except OSError as exc:
        print(f"figcheck: cannot write {name}: {_reason(exc)}", file=sys.stderr)
        return False
    print(f"figcheck: wrote {name}", file=sys.stderr)
    return True


def _reason(exc: BaseException) -> str:
    return exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
