"""Project settings: the `[tool.figcheck]` table of the nearest pyproject.toml.

The search goes from the working directory upwards and stops at the first pyproject.toml
that has the table, or at the root of the git checkout, so that a checkout never picks up
settings from a folder that happens to hold it.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Callable

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

FORMAT_NAMES = ("auto", "text", "json", "markdown", "html", "sarif", "gitlab", "junit", "github")
MAX_CONFIG_BYTES = 1_000_000  # a pyproject.toml is small; refuse to parse anything huge


class ConfigError(Exception):
    """The settings cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Config:
    """Settings as found; None means "not set", so that the CLI knows what to default."""

    source: Path | None = None  # the pyproject.toml read, if any
    root: Path = field(default_factory=Path.cwd)  # the project folder reports are relative to
    paths: tuple[str, ...] | None = None  # relative to the working directory
    format: str | None = None
    strict: bool | None = None
    jobs: int | None = None
    time_budget: float | None = None
    work_budget: int | None = None  # work units per file (CheckOptions.max_steps)
    vocabulary: dict[str, Any] = field(default_factory=dict)


def find_config(start: Path | None = None) -> Config:
    """The settings that apply in `start` (default: the working directory)."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            table = _figcheck_table(candidate)
            if table is not None:
                return read_table(table, candidate, here)
        if (folder / ".git").exists():
            return Config(root=folder)
    return Config(root=here)


def _figcheck_table(pyproject: Path) -> dict[str, Any] | None:
    from .paths import Refused, read_untrusted, real

    # A pull request can make pyproject.toml a link: it is read like any untrusted file.
    folder = real(pyproject.parent) or pyproject.parent
    try:
        text = read_untrusted(pyproject, [folder], MAX_CONFIG_BYTES).decode("utf-8")
    except Refused as exc:
        raise ConfigError(f"{pyproject}: cannot be read: {exc.message.removeprefix(str(pyproject)).strip()}"
                          ) from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{pyproject}: cannot be read (not UTF-8 text, byte {exc.start})") from None
    try:
        # Decimals keep `time-budget = 2.5` and vocabulary tolerances exact, as written.
        data = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{pyproject}: not valid TOML: {exc}") from None
    table = data.get("tool", {}).get("figcheck") if isinstance(data.get("tool"), dict) else None
    if table is None:
        return None
    if not isinstance(table, dict):
        raise ConfigError(f"{pyproject}: [tool.figcheck] must be a table")
    return table


def read_table(table: dict[str, Any], source: Path, cwd: Path) -> Config:
    """Check every key of a `[tool.figcheck]` table and turn it into a `Config`."""
    values: dict[str, Any] = {}
    for key, raw in table.items():
        reader = _READERS.get(key)
        if reader is None:
            raise ConfigError(
                f"{source}: [tool.figcheck] has an unknown key {key!r}{_suggest(key)}; "
                f"known keys: {', '.join(sorted(_READERS))}"
            )
        try:
            values[key.replace("-", "_")] = reader(raw)
        except ValueError as exc:
            raise ConfigError(f"{source}: [tool.figcheck] {key}: {exc}") from None
    folder = source.parent
    if "paths" in values:
        _refuse_outside(values["paths"], source)
        # Paths in the file are relative to the file; the pipeline works from the cwd.
        values["paths"] = tuple(os.path.relpath(folder / p, cwd) for p in values["paths"])
    return Config(source=source, root=folder, **values)


def _refuse_outside(paths: tuple[str, ...], source: Path) -> None:
    """A pull request can change pyproject.toml: its `paths` stay inside the project."""
    from .paths import inside

    root = source.parent.resolve()
    for p in paths:
        if not inside(Path(os.path.realpath(root / p)), [root]):
            raise ConfigError(f"{source}: [tool.figcheck] paths: {p!r} is outside the project "
                              f"({root}); name folders below it, like paths = [\"claims\"]")


def _suggest(key: str) -> str:
    import difflib

    near = difflib.get_close_matches(key, list(_READERS), n=1)
    return f" (did you mean {near[0]!r}?)" if near else ""


# -- one reader per key: each returns the checked value or raises ValueError ------------------


def _paths(raw: Any) -> tuple[str, ...]:
    if not isinstance(raw, list) or not raw or not all(isinstance(p, str) and p for p in raw):
        raise ValueError('expected a list of paths, like paths = ["claims"]')
    for p in raw:
        if "\0" in p or len(p) > 1000:
            raise ValueError(f"{p[:40]!r}... is not a path, like paths = [\"claims\"]")
    return tuple(raw)


def _format(raw: Any) -> str:
    if raw not in FORMAT_NAMES:
        raise ValueError(f"expected one of {', '.join(FORMAT_NAMES)}, got {raw!r}")
    return str(raw)


def _strict(raw: Any) -> bool:
    if not isinstance(raw, bool):
        raise ValueError(f"expected true or false, got {raw!r}")
    return raw


def _jobs(raw: Any) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
        raise ValueError(f"expected a whole number of at least 0 (0: one per CPU), got {raw!r}")
    return raw


def _time_budget(raw: Any) -> float:
    return parse_seconds(raw)


def _work_budget(raw: Any) -> int:
    return parse_work(raw)


def parse_work(raw: Any) -> int:
    """A positive whole number of work units, from TOML or from the command line
    (`200_000_000` and `200,000,000` read as written)."""
    if isinstance(raw, bool) or not isinstance(raw, (int, str)):
        raise ValueError(f"expected a whole number of work units, like 200_000_000, got {raw!r}")
    text = str(raw).strip().replace("_", "").replace(",", "")
    if not text.isdigit() or len(text) > 30 or int(text) <= 0:
        raise ValueError(f"expected a positive whole number of work units, like 200_000_000, got {raw!r}")
    return int(text)


def parse_seconds(raw: Any) -> float:
    """A positive number of seconds, from TOML or from the command line."""
    if isinstance(raw, bool):
        raise ValueError(f"expected a number of seconds, got {raw!r}")
    try:
        seconds = Decimal(str(raw))
    except InvalidOperation:
        raise ValueError(f"expected a number of seconds, got {raw!r}") from None
    if not seconds.is_finite() or seconds <= 0:
        raise ValueError(f"expected a positive number of seconds, got {raw!r}")
    return float(seconds)


def _vocabulary(raw: Any) -> dict[str, Any]:
    from .problems import LocalError
    from .vocabulary import DEFAULT_VOCABULARY, vocabulary_with_overrides

    if not isinstance(raw, dict):
        raise ValueError("expected a table, like [tool.figcheck.vocabulary]")
    overrides = {key: _as_written(value) for key, value in raw.items()}
    try:  # checked now, so that a mistake names pyproject.toml rather than some claim file
        vocabulary_with_overrides(DEFAULT_VOCABULARY, overrides)
    except LocalError as exc:
        raise ValueError(exc.message + (f" ({exc.hint})" if exc.hint else "")) from None
    return overrides


def _as_written(value: Any) -> Any:
    """Numbers back to text, as a claim file's `vocabulary:` holds them."""
    if isinstance(value, dict):
        return {str(k): _as_written(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_written(v) for v in value]
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return str(value)
    return value


_READERS: dict[str, Callable[[Any], Any]] = {
    "paths": _paths,
    "format": _format,
    "strict": _strict,
    "jobs": _jobs,
    "time-budget": _time_budget,
    "work-budget": _work_budget,
    "vocabulary": _vocabulary,
}
