"""The command line: exit codes, where each report goes, settings, and no tracebacks.

Most tests stand a recorded result in for the pipeline, so that they test the CLI alone;
the end-to-end tests at the bottom run the real pipeline on the files in tests/data/cli/.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import types
from pathlib import Path
from typing import Any, Callable

import pytest
from test_report_text import consistent_report, error_report, swap_report

import checker.check
import checker.report
from checker.cli import Output, _Progress, main, resolve_outputs, use_color
from checker.config import Config
from checker.findings import CheckResult, FileReport
from checker.problems import Problem

Run = Callable[..., tuple[int, str, str]]
WARNED = FileReport("claims/a.yaml", "consistent", warnings=(Problem("quote-not-found", "not in the draft"),))


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git checkout holding claims/a.yaml, as the working folder, with a clean environment."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "a.yaml").write_text("version: 1\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for name in ("GITHUB_ACTIONS", "NO_COLOR", "FIGCHECK_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    def go(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return go


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Callable[[CheckResult], list[tuple[Any, ...]]]:
    """Stand `result` in for the pipeline; returns the list of calls it receives."""

    def install(result: CheckResult) -> list[tuple[Any, ...]]:
        seen: list[tuple[Any, ...]] = []

        def fake_check_paths(paths: Any, options: Any, progress: Any = None) -> CheckResult:
            seen.append((list(paths), options, progress))
            return result

        monkeypatch.setattr(checker.check, "check_paths", fake_check_paths)
        return seen

    return install


# -- exit codes -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("files", "flags", "code"),
    [
        ((consistent_report(),), [], 0),
        ((consistent_report(), swap_report()), [], 1),
        ((swap_report(), error_report()), [], 2),
        ((WARNED,), [], 0),
        ((WARNED,), ["--strict"], 1),
    ],
)
def test_exit_codes(project: Path, run: Run, calls: Any, files: tuple[FileReport, ...],
                    flags: list[str], code: int) -> None:
    calls(CheckResult(files))
    assert run("check", *flags, "claims")[0] == code


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["check", "--format", "xml"], "invalid choice: 'xml'"),
        (["check", "--bogus"], "unrecognized arguments: --bogus"),
        (["check", "--jobs", "many"], "--jobs"),
        (["check", "--time-budget", "-1"], "positive"),
        (["check", "--color", "pink"], "--color"),
        ([], "choose a command"),
        (["extract"], "DRAFT"),
    ],
)
def test_usage_errors_exit_2_with_a_message(project: Path, run: Run, argv: list[str], says: str) -> None:
    code, out, err = run(*argv)
    assert code == 2 and out == ""
    assert says in err and "error" in err


def test_help_and_version_exit_0(run: Run) -> None:
    code, out, _ = run("--help")
    assert code == 0 and "examples:" in out and "figcheck check claims/" in out
    code, out, _ = run("--version")
    assert code == 0 and out.startswith("figcheck ")


def test_version_does_not_import_the_heavy_modules() -> None:
    probe = "import sys; from checker.cli import main; main(['--version']); " \
            "print(sorted({'pydantic', 'yaml', 'sympy', 'checker.check'} & set(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip().endswith("[]")


def test_nothing_to_check(project: Path, run: Run, calls: Any, tmp_path: Path) -> None:
    calls(CheckResult(()))
    (project / "empty").mkdir()
    code, _, err = run("check", "empty")
    assert code == 2 and "no *.yaml or *.yml files in empty" in err
    os.chdir(project / "empty")
    code, _, err = run("check")
    assert code == 2 and "no PATH given and no claims/ folder" in err


# -- formats and outputs ----------------------------------------------------------------------


def test_json_to_stdout(project: Path, run: Run, calls: Any) -> None:
    calls(CheckResult((swap_report(),)))
    code, out, _ = run("check", "--format", "json", "claims")
    assert code == 1 and json.loads(out)["files"][0]["status"] == "inconsistent"


def test_several_outputs_in_one_run(project: Path, run: Run, calls: Any) -> None:
    calls(CheckResult((swap_report(),)))
    code, out, err = run("check", "--format", "json", "-o", "out/report.json", "--format", "text",
                         "-o", "report.txt", "-o", "guessed.json", "claims")
    assert code == 1 and out == ""
    assert json.loads((project / "out/report.json").read_text())["schema"] == 1
    assert "why: 150 + 150 + 22 = 322" in (project / "report.txt").read_text()
    # -o without its own --format: the file's suffix says which
    assert json.loads((project / "guessed.json").read_text())["schema"] == 1
    assert "wrote out/report.json" in err
    assert not [p for p in project.rglob("*.tmp")]


def test_one_file_and_one_stdout(project: Path, run: Run, calls: Any) -> None:
    calls(CheckResult((consistent_report(),)))
    code, out, _ = run("check", "--format", "json", "-o", "r.json", "--format", "text", "claims")
    assert code == 0 and "✓ consistent" in out and (project / "r.json").exists()


def test_at_most_one_report_on_stdout(project: Path, run: Run, calls: Any) -> None:
    calls(CheckResult((consistent_report(),)))
    code, out, err = run("check", "--format", "json", "--format", "text", "claims")
    assert code == 2 and out == "" and "only one report can go to standard output" in err


def test_never_written_over_an_input_file(project: Path, run: Run, calls: Any) -> None:
    calls(CheckResult((consistent_report(),)))
    code, _, err = run("check", "--format", "json", "-o", "claims/a.yaml", "claims")
    assert code == 2 and "input file" in err
    assert (project / "claims/a.yaml").read_text() == "version: 1\n"


def test_unwritable_output_exits_2(project: Path, run: Run, calls: Any) -> None:
    calls(CheckResult((consistent_report(),)))
    (project / "adir").mkdir()
    code, _, err = run("check", "--format", "json", "-o", "adir", "claims")
    assert code == 2 and "cannot write adir" in err


@pytest.mark.parametrize(
    ("env", "requested", "expected"),
    [
        ({}, [], [Output("text", None)]),
        ({"GITHUB_ACTIONS": "true"}, [], [Output("github", None)]),
        ({"GITHUB_ACTIONS": "true"}, [Output("auto", "r.txt")], [Output("text", "r.txt")]),
        ({"GITHUB_ACTIONS": "true"}, [Output("json", None)], [Output("json", None)]),
        ({}, [Output(None, "r.sarif"), Output(None, "-")], [Output("sarif", "r.sarif"), Output("text", None)]),
    ],
)
def test_format_resolution(monkeypatch: pytest.MonkeyPatch, env: dict[str, str],
                           requested: list[Output], expected: list[Output]) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert resolve_outputs(requested, Config()) == expected


def test_auto_format_on_github_actions(project: Path, run: Run, calls: Any,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    calls(CheckResult((consistent_report(),)))
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    chosen: list[str] = []

    def fake_renderer(name: str) -> Any:
        chosen.append(name)
        return lambda result, options: f"{name} report\n"

    monkeypatch.setattr(checker.report, "renderer", fake_renderer)
    code, out, _ = run("check", "claims")
    assert (code, out, chosen) == (0, "github report\n", ["github"])


# -- colour and progress ----------------------------------------------------------------------


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("choice", "tty", "env", "expected"),
    [
        ("auto", True, {}, True),
        ("auto", False, {}, False),
        ("auto", True, {"NO_COLOR": "1"}, False),
        ("auto", True, {"TERM": "dumb"}, False),
        ("always", False, {"NO_COLOR": "1"}, True),
        ("never", True, {}, False),
    ],
)
def test_use_color(monkeypatch: pytest.MonkeyPatch, choice: str, tty: bool, env: dict[str, str],
                   expected: bool) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert use_color(choice, _Terminal() if tty else io.StringIO()) is expected


def test_no_colour_and_no_progress_when_piped(project: Path, run: Run, calls: Any) -> None:
    seen = calls(CheckResult((swap_report(),)))
    code, out, err = run("check", "claims")
    assert "\033[" not in out + err
    assert seen[0][2] is None  # no progress callback when stderr is not a terminal
    code, out, _ = run("check", "--color", "always", "claims")
    assert "\033[31m" in out


def test_progress_bar_only_for_many_files() -> None:
    few, many = _Terminal(), _Terminal()
    bar = _Progress(few)
    bar(1, 4)
    bar.finish()
    assert few.getvalue() == ""
    bar = _Progress(many)
    for done in range(1, 6):
        bar(done, 5)
    bar.finish()
    assert "5/5 files" in many.getvalue() and many.getvalue().endswith("\r\033[K")


# -- settings ---------------------------------------------------------------------------------


def test_settings_apply_and_flags_override_them(project: Path, run: Run, calls: Any) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.figcheck]\npaths = ["claims"]\nformat = "json"\nstrict = true\njobs = 3\ntime-budget = 1.5\n'
        '[tool.figcheck.vocabulary]\napproximate = "5%"\n', encoding="utf-8")
    (project / "claims" / "sub").mkdir()
    os.chdir(project / "claims" / "sub")
    seen = calls(CheckResult((WARNED,)))
    code, out, _ = run("check")
    paths, options, _ = seen[-1]
    assert paths == [".."]  # the settings name the folder relative to pyproject.toml
    assert (options.strict, options.jobs, options.time_budget) == (True, 3, 1.5)
    assert options.vocabulary == {"approximate": "5%"}
    assert code == 1 and json.loads(out)["schema"] == 1
    code, out, _ = run("check", "--no-strict", "--format", "text", "--jobs", "2", "--time-budget", "9", "../a.yaml")
    paths, options, _ = seen[-1]
    assert paths == ["../a.yaml"] and (options.strict, options.jobs, options.time_budget) == (False, 2, 9.0)
    assert code == 0 and "✓ consistent" in out


def test_bad_settings_exit_2_naming_the_key(project: Path, run: Run, calls: Any) -> None:
    calls(CheckResult((consistent_report(),)))
    (project / "pyproject.toml").write_text("[tool.figcheck]\njobs = 'four'\n", encoding="utf-8")
    code, _, err = run("check", "claims")
    assert code == 2 and "pyproject.toml" in err and "jobs" in err


# -- no tracebacks ----------------------------------------------------------------------------


def test_internal_error_is_short_and_asks_for_a_report(project: Path, run: Run,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> CheckResult:
        raise RuntimeError("the solver fell over")

    monkeypatch.setattr(checker.check, "check_paths", broken)
    code, out, err = run("check", "claims")
    assert code == 2 and out == ""
    assert "internal error: RuntimeError: the solver fell over" in err and "report" in err
    assert "Traceback" not in err
    monkeypatch.setenv("FIGCHECK_DEBUG", "1")
    assert "Traceback" in run("check", "claims")[2]


# -- extract and schema -----------------------------------------------------------------------


@pytest.fixture
def fake_extract(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    seen: list[tuple[str, str]] = []

    def extract_claims(draft_text: str, draft_path: str, **options: object) -> str:
        seen.append((draft_text, draft_path))
        return f"version: 1\narticle:\n  draft: {draft_path}\n"

    monkeypatch.setitem(sys.modules, "checker.extract", types.SimpleNamespace(extract_claims=extract_claims))
    return seen


def test_extract_writes_a_skeleton_and_never_overwrites(project: Path, run: Run,
                                                         fake_extract: list[tuple[str, str]]) -> None:
    (project / "drafts").mkdir()
    (project / "drafts" / "swap.txt").write_text("372 soldiers\n", encoding="utf-8")
    code, out, _ = run("extract", "drafts/swap.txt")
    assert code == 0 and out == "version: 1\narticle:\n  draft: drafts/swap.txt\n"
    code, _, _ = run("extract", "drafts/swap.txt", "-o", "claims/swap.yaml")
    assert code == 0 and fake_extract[-1] == ("372 soldiers\n", "../drafts/swap.txt")
    (project / "claims" / "swap.yaml").write_text("# hand-written\n", encoding="utf-8")
    code, _, err = run("extract", "drafts/swap.txt", "-o", "claims/swap.yaml")
    assert code == 2 and "--force" in err
    assert (project / "claims" / "swap.yaml").read_text() == "# hand-written\n"
    assert run("extract", "drafts/swap.txt", "-o", "claims/swap.yaml", "--force")[0] == 0
    assert (project / "claims" / "swap.yaml").read_text().startswith("version: 1")
    code, _, err = run("extract", "drafts/swap.txt", "-o", "drafts/swap.txt", "--force")
    assert code == 2 and "over the draft" in err
    code, _, err = run("extract", "drafts/missing.txt")
    assert code == 2 and "cannot read the draft drafts/missing.txt" in err


def test_schema_to_stdout_and_to_a_file(project: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    schema = {"title": "figcheck claim file", "type": "object"}
    monkeypatch.setitem(sys.modules, "checker.model",
                        types.SimpleNamespace(claim_file_json_schema=lambda: schema))
    code, out, _ = run("schema")
    assert code == 0 and json.loads(out) == schema
    assert run("schema", "-o", "claim.schema.json")[0] == 0
    assert json.loads((project / "claim.schema.json").read_text()) == schema


# -- end to end: the real pipeline on tests/data/cli/ -----------------------------------------

DATA = Path(__file__).parent / "data" / "cli"


@pytest.fixture
def data(project: Path) -> Path:
    """The sample claim files, copied into the project as `cli/`."""
    shutil.copytree(DATA, project / "cli")
    return project / "cli"


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (["cli/consistent.yaml"], 0),
        (["cli/warned.yaml"], 0),
        (["--strict", "cli/warned.yaml"], 1),
        (["cli/inconsistent.yaml"], 1),
        (["cli/broken.yaml"], 2),
        (["cli/missing.yaml"], 2),
        (["cli"], 2),
    ],
)
def test_real_exit_codes(data: Path, run: Run, argv: list[str], code: int) -> None:
    assert run("check", *argv)[0] == code


def test_real_text_report(data: Path, run: Run) -> None:
    code, out, _ = run("check", "cli/inconsistent.yaml", "cli/broken.yaml")
    assert code == 2
    assert "cli/inconsistent.yaml: ✗ 1 discrepancy" in out
    assert "discrepancy 1: caption, headline, parts, wounded" in out
    assert "150 + 150 + 22 = 322" in out and "372" in out
    assert "caption, cli/inconsistent.yaml:12" in out
    assert "change `wounded`'s 22 to 72" in out
    assert "cli/broken.yaml:6:17: unknown-key:" in out
    assert out.rstrip().endswith("2 files checked: 0 consistent, 1 inconsistent, 1 error; 1 discrepancy, 0 warnings")


def test_real_json_report_bounds_and_bytes(data: Path, run: Run) -> None:
    code, first, _ = run("check", "--format", "json", "cli/consistent.yaml", "cli/inconsistent.yaml")
    assert code == 1 and run("check", "--format", "json", "cli/consistent.yaml", "cli/inconsistent.yaml")[1] == first
    consistent, inconsistent = json.loads(first)["files"]
    q = consistent["quantities"]
    assert (q["total"]["min"], q["total"]["max"]) == (30, 30)
    assert q["share"] == {"min": 21.6, "max": 24, "min_open": False, "max_open": True, "unit": "percent"}
    assert q["third"]["min"] == "1/3" and q["day"]["max"] == "2025-03-19"
    assert '"min": 21.6,' in first
    assert inconsistent["discrepancies"][0]["members"] == ["caption", "headline", "parts", "wounded"]
    assert {tuple(r["drop"]) for r in inconsistent["repairs"]} >= {("caption",), ("headline",), ("wounded",)}


def test_real_run_as_a_module_with_several_outputs(data: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "checker", "check", "--format", "json", "-o", "r.json", "--format", "text",
         "cli/inconsistent.yaml"],
        capture_output=True, text=True, cwd=data.parent, env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])},
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "✗ 1 discrepancy" in done.stdout
    assert json.loads((data.parent / "r.json").read_text())["files"][0]["status"] == "inconsistent"


@pytest.mark.parametrize(
    ("flags", "derived"),
    [
        ([], False),
        (["--format", "sarif"], False),
        (["--show-ranges"], True),
        (["--format", "json"], True),
        (["--format", "markdown"], True),
        (["--format", "junit", "-o", "r.xml", "--format", "html", "-o", "r.html"], True),
    ],
)
def test_every_range_is_derived_only_where_a_report_shows_them(project, run, calls, flags, derived):
    seen = calls(CheckResult((consistent_report(),)))
    run("check", *flags, "claims")
    assert seen[0][1].derive_ranges is derived
