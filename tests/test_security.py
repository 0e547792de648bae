"""Run on a stranger's pull request: every attack of issue 8 is refused or bounded.

Each test builds a small checkout in a temporary folder (a .git beside claims/), puts in it
what a pull request could carry, and checks that figcheck refuses it with a located error,
never prints what it refused, and ends. Cases that could hang if they regressed (pipes, the
budget) run figcheck in a child process with a generous outer timeout.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from checker.check import CheckOptions, check_paths
from checker.cli import main
from checker.report import FORMATS, RenderOptions, renderer
from checker.watchdog import Outcome, run_bounded

SECRET = "hunter2-SECRET"
ENV_SECRET = "figcheck-env-secret-5f2a"
CHECKOUT = Path(__file__).resolve().parent.parent


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """outer/{.env, outside.yaml} beside outer/repo/{.git/config, .env, claims/draft.txt}."""
    outer = tmp_path / "outer"
    repo = outer / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / ".git" / "config").write_text(f"[http]\n  extraheader = AUTHORIZATION: basic {SECRET}\n")
    (repo / ".env").write_text(f"password = {SECRET}\n")
    (outer / ".env").write_text(f"password = {SECRET}\nhost = db.internal\n")
    (outer / "outside.yaml").write_text(f"{SECRET}: [\n")
    (repo / "claims").mkdir()
    (repo / "claims" / "draft.txt").write_text("Moscow and Kyiv trade 372 soldiers.\n")
    monkeypatch.chdir(repo)
    monkeypatch.setenv("FIGCHECK_TEST_SECRET", ENV_SECRET)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return repo


def claim(draft: str | None = None, quote: str = "password = hunter") -> str:
    article = f"article:\n  title: t\n  draft: {json.dumps(draft)}\n" if draft else ""
    return (f"version: 1\n{article}quantities:\n  a: {{unit: people}}\n"
            f"claims:\n  - {{id: c1, quantity: a, value: 372, quote: {json.dumps(quote)}}}\n")


def every_format(paths: list[str], **options: object) -> tuple[object, dict[str, str]]:
    """The check of `paths` and its report in every format."""
    result = check_paths(paths, CheckOptions(**options))  # type: ignore[arg-type]
    texts = {name: renderer(name)(result, RenderOptions(base_dir=str(Path.cwd())))
             for name in FORMATS if name != "auto"}
    return result, texts


def assert_no_secret(texts: dict[str, str]) -> None:
    for name, text in texts.items():
        for secret in (SECRET, ENV_SECRET, "root:x:0:0", "db.internal", "extraheader"):
            assert secret not in text, f"{secret} in the {name} report"


# -- 1. reads stay inside the project --------------------------------------------------------

@pytest.mark.parametrize("draft, code", [
    ("/proc/self/environ", "draft-outside-project"),
    ("/etc/passwd", "draft-outside-project"),
    ("../../.env", "draft-outside-project"),
    ("/dev/zero", "draft-outside-project"),
    ("../.env", "draft-hidden"),
    ("../.git/config", "draft-outside-project"),
    (".", "draft-not-a-file"),
    ("draft.txt\x00.env", "draft-not-a-file"),
])
def test_a_draft_out_of_bounds_is_a_located_error_and_never_quoted(repo: Path, draft: str, code: str) -> None:
    (repo / "claims" / "c.yaml").write_text(claim(draft))
    result, texts = every_format(["claims/c.yaml"])
    [report] = result.files
    assert report.status == "error" and result.exit_code == 2
    [problem] = report.errors
    assert problem.code == code
    assert (problem.position.line, problem.position.column) == (4, 11)  # the text of `draft:`, inside its quotes
    assert_no_secret(texts)


def test_a_draft_linked_out_of_the_project_is_refused(repo: Path) -> None:
    (repo / "claims" / "article.txt").symlink_to(repo.parent / ".env")
    (repo / "claims" / "zero.txt").symlink_to("/dev/zero")
    for name in ("article.txt", "zero.txt"):
        (repo / "claims" / "c.yaml").write_text(claim(name))
        result, texts = every_format(["claims/c.yaml"])
        assert [p.code for p in result.files[0].errors] == ["draft-outside-project"]
        assert_no_secret(texts)


def test_the_system_folders_stay_closed_even_to_a_widened_root(repo: Path) -> None:
    (repo / "claims" / "c.yaml").write_text(claim("/proc/self/environ"))
    result, texts = every_format(["claims/c.yaml"], allow_read=("/",))
    assert [p.code for p in result.files[0].errors] == ["draft-outside-project"]
    assert_no_secret(texts)


def test_allow_read_widens_the_root_for_a_trusted_run(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shared = repo.parent / "shared"
    shared.mkdir()
    (shared / "draft.txt").write_text("Moscow and Kyiv trade 372 soldiers.\n")
    (repo / "claims" / "c.yaml").write_text(claim("../../shared/draft.txt", "trade 372 soldiers"))
    assert main(["check", "--format", "json", "claims/c.yaml"]) == 2
    capsys.readouterr()
    assert main(["check", "--format", "json", "--allow-read", str(shared), "claims/c.yaml"]) == 0
    assert json.loads(capsys.readouterr().out)["files"][0]["status"] == "consistent"


def test_a_draft_inside_the_project_is_still_read(repo: Path) -> None:
    (repo / "claims" / "c.yaml").write_text(claim("draft.txt", "trade 372 soldiers"))
    result, _ = every_format(["claims/c.yaml"])
    assert result.files[0].status == "consistent" and result.files[0].draft is not None


def test_a_draft_too_large_is_refused_unread(repo: Path) -> None:
    from checker.paths import MAX_DRAFT_BYTES

    with open(repo / "claims" / "big.txt", "wb") as f:
        f.truncate(MAX_DRAFT_BYTES + 1)  # sparse: no disk used
    (repo / "claims" / "c.yaml").write_text(claim("big.txt"))
    result, _ = every_format(["claims/c.yaml"])
    assert [p.code for p in result.files[0].errors] == ["draft-too-large"]


def test_a_claim_file_linked_outside_is_refused_and_not_printed(repo: Path) -> None:
    (repo / "claims" / "passwd.yaml").symlink_to("/etc/passwd")
    (repo / "claims" / "outside.yaml").symlink_to(repo.parent / "outside.yaml")
    result, texts = every_format(["claims"])
    assert [(f.path, [p.code for p in f.errors]) for f in result.files] == [
        ("claims/outside.yaml", ["claim-file-outside-project"]),
        ("claims/passwd.yaml", ["claim-file-outside-project"]),
    ]
    assert_no_secret(texts)
    # Named on the command line, the link is refused the same way.
    result, texts = every_format(["claims/passwd.yaml"])
    assert [p.code for p in result.files[0].errors] == ["claim-file-outside-project"]
    assert_no_secret(texts)


def test_pyproject_paths_outside_the_project_are_refused(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for paths in ('["/etc"]', '["../"]', '["claims", "../../outer"]'):
        (repo / "pyproject.toml").write_text(f"[tool.figcheck]\npaths = {paths}\n")
        assert main(["check"]) == 2
        out, err = capsys.readouterr()
        assert "is outside the project" in err and "root:" not in out + err


# -- pipes and devices never block -----------------------------------------------------------

def figcheck(*args: str, cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """figcheck in a child process: a regression that blocks fails on the timeout, not forever."""
    env = {**os.environ, "PYTHONPATH": str(CHECKOUT)}
    return subprocess.run([sys.executable, "-m", "checker", *args], cwd=cwd, env=env, text=True,
                          capture_output=True, timeout=timeout)


def test_a_fifo_as_draft_claim_file_or_extract_input_is_refused_at_once(repo: Path) -> None:
    os.mkfifo(repo / "claims" / "pipe.txt")
    os.mkfifo(repo / "claims" / "pipe.yaml")
    (repo / "claims" / "c.yaml").write_text(claim("pipe.txt"))
    done = figcheck("check", "--format", "json", "claims", cwd=repo)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    files = {f["path"]: [e["code"] for e in f["errors"]] for f in json.loads(done.stdout)["files"]}
    assert files == {"claims/c.yaml": ["draft-not-a-file"], "claims/pipe.yaml": ["not-a-file"]}
    done = figcheck("extract", "claims/pipe.txt", cwd=repo)
    assert done.returncode == 2 and "not a regular file" in done.stderr


def test_extract_reads_only_a_regular_file_inside_the_project(repo: Path) -> None:
    (repo / "claims" / "zero.txt").symlink_to("/dev/zero")
    for draft, why in (("/dev/zero", "outside the project"), ("claims/zero.txt", "outside the project"),
                       ("../.env", "hidden"), (".env", "hidden"), (".git/config", "outside the project")):
        done = figcheck("extract", draft, cwd=repo)
        assert done.returncode == 2 and why in done.stderr and SECRET not in done.stdout + done.stderr


# -- 4. walking folders ----------------------------------------------------------------------

def test_links_in_claims_are_located_errors_and_the_walk_goes_on(repo: Path) -> None:
    claims = repo / "claims"
    (claims / "ok.yaml").write_text(claim())
    (claims / "loop.yaml").symlink_to("loop.yaml")
    (claims / "broken.yaml").symlink_to("nowhere.yaml")
    for n in range(2):
        (claims / f"here{n}").symlink_to(".")  # two links to `.`: exponential if followed
    (claims / "up").symlink_to("..")
    (claims / "sub").mkdir()
    (claims / "sub" / "again").symlink_to("../sub")
    (claims / "sub" / "s.yaml").write_text(claim())
    result = check_paths(["claims"], CheckOptions())
    got = {f.path: (f.status, [p.code for p in f.errors]) for f in result.files}
    assert got == {
        "claims/broken.yaml": ("error", ["no-such-file"]),
        "claims/loop.yaml": ("error", ["no-such-file"]),
        "claims/ok.yaml": ("consistent", []),
        "claims/sub/s.yaml": ("consistent", []),
    }
    assert "loops" in result.files[1].errors[0].message
    assert "broken" in result.files[0].errors[0].message


def test_a_claims_folder_linked_out_of_the_project_is_not_walked(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "claims").rename(repo / "kept")
    (repo / "claims").symlink_to("/")  # the default folder, made a link by a pull request
    assert main(["check", "--format", "json"]) == 2
    [report] = json.loads(capsys.readouterr().out)["files"]
    assert [e["code"] for e in report["errors"]] == ["folder-outside-project"]
    (repo / "inside").symlink_to("kept")  # a link that stays inside is walked
    (repo / "kept" / "c.yaml").write_text(claim())
    assert main(["check", "--format", "json", "inside"]) == 0


def test_the_cli_walks_a_looping_folder_without_an_internal_error(repo: Path) -> None:
    (repo / "claims" / "ok.yaml").write_text(claim())
    (repo / "claims" / "loop.yaml").symlink_to("loop.yaml")
    (repo / "claims" / "self").symlink_to(".")
    done = figcheck("check", "claims", cwd=repo)
    assert done.returncode == 2 and "internal error" not in done.stderr and "loops" in done.stdout


# -- 5. writing reports ----------------------------------------------------------------------

def test_o_never_replaces_a_link_a_pipe_or_a_device(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "claims" / "c.yaml").write_text(claim())
    victim = repo.parent / "victim.txt"
    victim.write_text("keep me\n")
    (repo / "link.json").symlink_to(victim)
    os.mkfifo(repo / "pipe.json")
    targets = ["link.json", "pipe.json"]
    try:
        os.mknod(repo / "null.json", stat.S_IFCHR | 0o666, os.makedev(1, 3))
        targets.append("null.json")
    except (PermissionError, OSError):
        pass  # not root: the device case is covered by /dev/null itself below
    targets.append("/dev/null")
    for target in targets:
        before = os.lstat(target)
        assert main(["check", "--format", "json", "-o", target, "claims/c.yaml"]) == 2
        err = capsys.readouterr().err
        assert "figcheck replaces only regular files" in err
        after = os.lstat(target)
        assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)
    assert victim.read_text() == "keep me\n"
    assert not list(repo.glob(".*.tmp")) and not list(Path("/dev").glob(".null.*.tmp"))


def test_dash_is_standard_output(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "claims" / "c.yaml").write_text(claim())
    assert main(["check", "--format", "json", "-o", "-", "claims/c.yaml"]) == 0
    assert json.loads(capsys.readouterr().out)["files"][0]["status"] == "consistent"
    assert not (repo / "-").exists()


def test_two_runs_writing_one_path_leave_one_whole_report(repo: Path) -> None:
    for n in range(6):
        (repo / "claims" / f"c{n}.yaml").write_text(claim())
    env = {**os.environ, "PYTHONPATH": str(CHECKOUT)}
    args = [sys.executable, "-m", "checker", "check", "--format", "json", "-o", "out/report.json", "claims"]
    runs = [subprocess.Popen(args, cwd=repo, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for _ in range(2)]
    assert [r.wait(timeout=120) for r in runs] == [0, 0]
    report = json.loads((repo / "out" / "report.json").read_text())
    assert len(report["files"]) == 6
    assert [p.name for p in (repo / "out").iterdir()] == ["report.json"]  # no temporary left


# -- 3. the budget is a hard bound -----------------------------------------------------------

# No three whole cubes add to 4, which no search proves: work that runs until it is stopped.
NEVER_SETTLED = textwrap.dedent("""\
    version: 1
    quantities:
      x: {min: -1000000, max: 1000000}
      y: {min: -1000000, max: 1000000}
      z: {min: -1000000, max: 1000000}
    relations:
      - {id: cubes, rule: "4 = x * x * x + y * y * y + z * z * z"}
""")

BUDGET_EXAMPLE = textwrap.dedent("""\
    version: 1
    quantities:
      a: {unit: count}
      b: {unit: count}
    relations:
      - {id: r1, rule: "pct(a, min(b, a / b)) = 10"}
      - {id: r2, rule: "a >= b"}
""")


def test_the_issue_example_ends_within_its_budget_as_undecided(repo: Path) -> None:
    (repo / "claims" / "slow.yaml").write_text(BUDGET_EXAMPLE)
    done = figcheck("check", "--format", "json", "--time-budget", "2", "claims/slow.yaml", cwd=repo, timeout=120)
    assert "Traceback" not in done.stderr
    [report] = json.loads(done.stdout)["files"]
    if report["status"] == "undecided":  # the solver may settle it on a fast machine; never a hang
        assert done.returncode == 1
        reasons = [q["reason"] for q in report["open_questions"]]
        assert reasons and set(reasons) <= {"time", "budget"}
        if reasons == ["time"]:  # cut short by the watchdog: the question names the file's rules
            assert report["open_questions"][0]["members"] == ["r1", "r2"]
    else:
        assert report["status"] in ("inconsistent", "consistent")


def test_the_watchdog_kills_work_that_never_ends() -> None:
    def forever() -> None:
        while True:
            pass

    assert run_bounded([forever, forever], jobs=2, seconds=0.5, memory_bytes=None) == [Outcome(failure="time")] * 2
    assert run_bounded([lambda: 42], jobs=1, seconds=30, memory_bytes=None) == [Outcome(42)]


def test_what_work_tells_before_it_is_killed_is_kept() -> None:
    from checker.watchdog import tell

    def slow() -> None:
        tell("loaded")
        tell(("rules", ["r1"]))
        while True:
            pass

    [outcome] = run_bounded([slow], jobs=1, seconds=3, memory_bytes=None)
    assert outcome.failure == "time" and outcome.told == ("rules", ["r1"])
    [outcome] = run_bounded([lambda: tell("x") or 7], jobs=1, seconds=5, memory_bytes=None)
    assert outcome.value == 7 and outcome.failure is None


def test_the_watchdog_caps_memory() -> None:
    def greedy() -> bytes:
        return bytes(4 * 1024 ** 3)

    [outcome] = run_bounded([greedy], jobs=1, seconds=30, memory_bytes=512 * 1024 ** 2)
    assert outcome.failure == "memory"


def test_the_watchdog_reports_a_crash_and_keeps_order() -> None:
    def broken() -> None:
        raise ValueError("boom")

    outcomes = run_bounded([lambda: 1, broken, lambda: 3], jobs=2, seconds=10, memory_bytes=None)
    assert [o.value for o in outcomes] == [1, None, 3]
    assert outcomes[1].failure == "crash" and "ValueError: boom" in outcomes[1].detail


def test_no_child_outlives_the_run() -> None:
    import time

    outcomes = run_bounded([lambda: time.sleep(60)] * 3, jobs=3, seconds=0.3, memory_bytes=None)
    assert [o.failure for o in outcomes] == ["time"] * 3
    children = Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children")
    if children.exists():
        assert children.read_text().split() == []


def test_a_cancelled_run_leaves_no_child_behind(repo: Path) -> None:
    import signal
    import time

    (repo / "claims" / "slow.yaml").write_text(NEVER_SETTLED)
    env = {**os.environ, "PYTHONPATH": str(CHECKOUT)}
    run = subprocess.Popen([sys.executable, "-m", "checker", "check", "--time-budget", "60", "claims"],
                           cwd=repo, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    children = Path(f"/proc/{run.pid}/task/{run.pid}/children")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not (children.exists() and children.read_text().split()):
        time.sleep(0.05)  # wait for the file's child to start
    forked = children.read_text().split() if children.exists() else []
    run.send_signal(signal.SIGTERM)
    _, err = run.communicate(timeout=30)
    assert run.returncode == 128 + signal.SIGTERM and b"Traceback" not in err
    for pid in forked:
        assert not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text().split()[2]


def test_jobs_give_the_same_bytes_as_one_job(repo: Path) -> None:
    for n, source in enumerate(sorted((CHECKOUT / "claims").glob("*.yaml"))):
        (repo / "claims" / f"{n}.yaml").write_text(source.read_text().replace("draft:", "# draft:"))
    (repo / "claims" / "z.yaml").write_text(claim("draft.txt", "trade 372 soldiers"))
    one = figcheck("check", "--format", "json", "--jobs", "1", "claims", cwd=repo)
    two = figcheck("check", "--format", "json", "--jobs", "2", "claims", cwd=repo)
    assert one.stdout == two.stdout and one.returncode == two.returncode


# -- 6. the documented null vocabulary word; 7. ids ------------------------------------------

def test_a_vocabulary_word_set_to_null_is_taken_out(repo: Path) -> None:
    text = claim().replace("value: 372", "value: scores") + "vocabulary:\n  words:\n    scores: null\n"
    (repo / "claims" / "c.yaml").write_text(text)
    [report] = check_paths(["claims/c.yaml"], CheckOptions()).files
    assert [p.code for p in report.errors] == ["unreadable-value"]  # "scores" no longer a figure
    (repo / "claims" / "c.yaml").write_text(claim() + "vocabulary:\n  words:\n    scores: null\n")
    assert check_paths(["claims/c.yaml"], CheckOptions()).files[0].status == "consistent"


@pytest.mark.parametrize("bad", ["x\x1b]0;pwned\x07", "a b", "<img>", "\u202eevil", "-lead", "x" * 101, "a\rb"])
def test_an_id_outside_the_character_set_is_a_located_error(repo: Path, bad: str) -> None:
    (repo / "claims" / "c.yaml").write_text(claim().replace("id: c1", f"id: {json.dumps(bad)}"))
    [report] = check_paths(["claims/c.yaml"], CheckOptions()).files
    [problem] = report.errors
    assert problem.code == "bad-id" and problem.position.line == 5 and problem.hint


@pytest.mark.parametrize("good", ["headline", "caption-day", "v1.2", "über_schrift", "2024_total"])
def test_ids_inside_the_character_set_are_fine(repo: Path, good: str) -> None:
    (repo / "claims" / "c.yaml").write_text(claim().replace("id: c1", f"id: {json.dumps(good)}"))
    assert check_paths(["claims/c.yaml"], CheckOptions()).files[0].status == "consistent"
