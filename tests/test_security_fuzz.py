"""Hostile claim files, kept (tests/data/hostile/) and fuzzed: no traceback, no secret, no hang.

The corpus holds one file per attack of issue 8 with what it must give; the fuzz test feeds
hypothesis-chosen claim files (tests/fuzz_claims.py) through the whole run, each file in its
bounded child, and renders every report format. A fixed number of examples keeps it short in
CI; `python -m tests.fuzz_campaign` is the long run (see docs/security.md).
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
from fuzz_claims import SECRETS, claim_file, make_checkout
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.check import CheckOptions, check_paths
from checker.report import FORMATS, RenderOptions, renderer

CORPUS = Path(__file__).parent / "data" / "hostile"
STATUSES = {"consistent", "inconsistent", "undecided", "error"}

# file -> (status, the error codes it must give); a solver question the budget cuts short
# may leave a nonlinear file undecided, never consistent.
EXPECTED = {
    "bidi-override.yaml": ("consistent", []),
    "budget-nonlinear.yaml": ("undecided", []),
    "deep-nesting.yaml": ("error", ["too-deep"]),
    "deep-rule.yaml": ("error", ["rule-syntax"]),
    "draft-dev-zero.yaml": ("error", ["draft-outside-project"]),
    "draft-dotenv.yaml": ("error", ["draft-hidden"]),
    "draft-etc-passwd.yaml": ("error", ["draft-outside-project"]),
    "draft-folder.yaml": ("error", ["draft-not-a-file"]),
    "draft-git-config.yaml": ("error", ["draft-outside-project"]),
    "draft-proc-environ.yaml": ("error", ["draft-outside-project"]),
    "escape-in-id.yaml": ("error", ["bad-id"]),
    "eval-rule.yaml": ("error", ["rule-syntax"]),
    "long-number.yaml": ("error", ["unreadable-value", "value-too-long"]),
    "many-claims.yaml": (None, []),  # large: decided or cut short by the budget, never an error
    "markdown-injection.yaml": ("inconsistent", []),
    "nonlinear-products.yaml": (None, []),
    "not-utf8.yaml": ("error", ["encoding"]),
    "nul-bytes.yaml": ("error", ["yaml-syntax"]),
    "terminal-escapes.yaml": ("consistent", []),
    "vocabulary-null-word.yaml": ("consistent", []),
    "workflow-commands.yaml": ("inconsistent", []),
    "yaml-aliases.yaml": ("error", ["unknown-key", "yaml-alias"]),
    "yaml-python-tag.yaml": ("error", ["yaml-tag"]),
}


def render_all(result: object) -> dict[str, str]:
    return {name: renderer(name)(result, RenderOptions()) for name in FORMATS if name != "auto"}  # type: ignore[arg-type]


def assert_clean(texts: dict[str, str]) -> None:
    for name, text in texts.items():
        for secret in SECRETS:
            assert secret not in text, f"{secret!r} in the {name} report"
        assert "Traceback" not in text


def test_every_file_of_the_corpus_gives_what_it_must(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    claims = make_checkout(tmp_path)
    for source in sorted(CORPUS.glob("*.yaml")):
        shutil.copy(source, claims / source.name)
    monkeypatch.chdir(claims.parent)
    assert sorted(p.name for p in CORPUS.glob("*.yaml")) == sorted(EXPECTED)
    result = check_paths(["claims"], CheckOptions(time_budget=2, jobs=2))
    got = {Path(f.path).name: (f.status, sorted(set(p.code for p in f.errors))) for f in result.files}
    for name, (status, codes) in EXPECTED.items():
        if status is None:
            assert got[name][0] in {"consistent", "inconsistent", "undecided"}, name
        elif status == "undecided":
            assert got[name][0] in {"undecided", "inconsistent"}, name
        else:
            assert got[name] == (status, codes), name
    assert_clean(render_all(result))


@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(seeds=st.lists(st.integers(0, 2 ** 32 - 1), min_size=1, max_size=4))
def test_fuzzed_claim_files_end_within_the_budget_and_leak_nothing(tmp_path_factory: pytest.TempPathFactory,
                                                                   seeds: list[int]) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    claims = make_checkout(folder)
    for n, seed in enumerate(seeds):
        (claims / f"f{n}.yaml").write_text(claim_file(random.Random(seed)), encoding="utf-8")
    before = sorted(p.relative_to(folder) for p in folder.rglob("*"))
    result = check_paths([str(claims)], CheckOptions(time_budget=1, jobs=2))
    assert len(result.files) == len(seeds)
    assert {f.status for f in result.files} <= STATUSES
    assert all(not f.open_questions or f.status in ("undecided", "inconsistent") for f in result.files)
    assert_clean(render_all(result))
    assert sorted(p.relative_to(folder) for p in folder.rglob("*")) == before  # nothing written


@settings(max_examples=200, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.one_of(st.text(max_size=300), st.sampled_from(
    ["/proc/self/environ", "../" * 50 + "etc/passwd", "\x00", "a" * 5000, ".git/config", "", ".", "/dev/zero"])))
def test_any_name_a_claim_file_gives_is_read_or_refused(tmp_path_factory: pytest.TempPathFactory, name: str) -> None:
    from checker.paths import Refused, read_untrusted

    root = tmp_path_factory.getbasetemp() / "root"
    root.mkdir(exist_ok=True)
    try:
        data = read_untrusted(root / name, [root.resolve()], 1000, hidden=False)
    except Refused as refused:
        assert refused.why in {"missing", "outside-project", "not-a-file", "too-large", "unreadable", "hidden"}
    else:
        assert len(data) <= 1000


@pytest.mark.parametrize("table", [
    'paths = ["clai\\u0000ms"]', f'paths = ["{"x" * 5000}"]', 'paths = ["/proc"]', 'paths = ["\\u202e"]',
    'paths = "claims"', 'time-budget = -1', 'time-budget = "nan"', 'jobs = 1e999', 'vocabulary = {words = {"\\u0000" = 1}}',
    'format = "\\u001b]0;x"', 'unknown = 1',
])
def test_a_hostile_settings_table_is_a_settings_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str], table: str) -> None:
    from checker.cli import main

    (tmp_path / "pyproject.toml").write_text(f"[tool.figcheck]\n{table}\n", encoding="utf-8")
    (tmp_path / "claims").mkdir()
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 2
    assert "internal error" not in capsys.readouterr().err
