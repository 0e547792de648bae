"""[tool.figcheck] in pyproject.toml: found upwards, every key checked, errors name file and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.config import Config, ConfigError, find_config


def _project(tmp_path: Path, toml: str, sub: str = "") -> Path:
    """A git checkout with a pyproject.toml; returns the folder to start the search from."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text(toml, encoding="utf-8")
    start = tmp_path / sub
    start.mkdir(parents=True, exist_ok=True)
    return start


def test_every_key_is_read(tmp_path: Path) -> None:
    start = _project(tmp_path, """
[tool.figcheck]
paths = ["claims", "more/claims"]
format = "json"
strict = true
jobs = 4
time-budget = 2.5

[tool.figcheck.vocabulary]
approximate = "5%"
words = {dozens = {min = 24, max = 99}}
""")
    config = find_config(start)
    assert config.source == tmp_path.resolve() / "pyproject.toml"
    assert config.root == tmp_path.resolve()
    assert config.paths == ("claims", "more/claims")
    assert (config.format, config.strict, config.jobs, config.time_budget) == ("json", True, 4, 2.5)
    # numbers come back as text, the way a claim file's vocabulary holds them
    assert config.vocabulary == {"approximate": "5%", "words": {"dozens": {"min": "24", "max": "99"}}}


def test_found_from_a_subfolder_with_paths_relative_to_the_working_folder(tmp_path: Path) -> None:
    start = _project(tmp_path, '[tool.figcheck]\npaths = ["claims"]\n', sub="docs/deep")
    assert find_config(start).paths == ("../../claims",)


def test_a_pyproject_without_the_table_does_not_stop_the_search(tmp_path: Path) -> None:
    start = _project(tmp_path, "[tool.figcheck]\nstrict = true\n", sub="pkg")
    (start / "pyproject.toml").write_text('[project]\nname = "pkg"\n', encoding="utf-8")
    assert find_config(start).strict is True


def test_the_search_stops_at_the_git_root(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.figcheck]\nstrict = true\n", encoding="utf-8")
    checkout = tmp_path / "checkout"
    (checkout / ".git").mkdir(parents=True)
    config = find_config(checkout)
    assert config == Config(root=checkout.resolve())


@pytest.mark.parametrize(
    ("toml", "names"),
    [
        ("[tool.figcheck]\nstrikt = true\n", ["strikt", "did you mean 'strict'"]),
        ('[tool.figcheck]\nstrict = "yes"\n', ["strict", "true or false"]),
        ('[tool.figcheck]\nformat = "xml"\n', ["format", "'xml'"]),
        ("[tool.figcheck]\njobs = -1\n", ["jobs"]),
        ("[tool.figcheck]\ntime-budget = 0\n", ["time-budget", "positive"]),
        ('[tool.figcheck]\npaths = "claims"\n', ["paths", "list"]),
        ('[tool.figcheck]\nvocabulary = {nearly = "5%"}\n', ["vocabulary", '"nearly"', "known: approximate"]),
        ('[tool.figcheck.vocabulary]\napproximate = "150%"\n', ["vocabulary", "approximate", "under 100%"]),
        ("[tool.figcheck\n", ["not valid TOML"]),
        ('[tool]\nfigcheck = "on"\n', ["must be a table"]),
    ],
)
def test_bad_settings_name_the_file_and_the_key(tmp_path: Path, toml: str, names: list[str]) -> None:
    start = _project(tmp_path, toml)
    with pytest.raises(ConfigError) as caught:
        find_config(start)
    message = str(caught.value)
    assert str(tmp_path.resolve() / "pyproject.toml") in message
    for name in names:
        assert name in message
