"""The Python door to figcheck: check a claim file, its text or a mapping, get the report.

The same pipeline as `figcheck check` (check.py), returned as data instead of printed. The
desk uses it on every edit; in a notebook a `Report` shows itself as the HTML report.

    from checker import api
    report = api.check_path("claims/prisoner-swap.yaml")
    report.status                    # "inconsistent"
    report.file.discrepancies[0]     # a findings.Discrepancy
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from .check import CheckOptions, check_paths, check_text as _check_text
from .findings import CheckResult, FileReport

__all__ = ["CheckOptions", "Report", "check_data", "check_path", "check_text"]

# What a claim document given as text is called in its report when the caller names none.
TEXT_NAME = "<text>"


class Report(CheckResult):
    """A `CheckResult` (every format renders it) that a notebook shows as the HTML report."""

    __slots__ = ()

    @property
    def file(self) -> FileReport:
        """The report of the first (for text and mappings, the only) claim file."""
        return self.files[0]

    @property
    def status(self) -> str:
        """consistent, inconsistent, undecided or error; the worst over all files."""
        order = ("error", "inconsistent", "undecided", "consistent")
        return min((f.status for f in self.files), key=order.index)

    def render(self, name: str = "text") -> str:
        """The report in one of figcheck's formats (text, json, markdown, html, sarif...)."""
        from .report import RenderOptions, renderer

        return renderer(name)(self, RenderOptions())

    def _repr_html_(self) -> str:
        return self.render("html")


def check_path(*paths: str | Path, options: CheckOptions | None = None) -> Report:
    """Check claim files or folders, exactly as `figcheck check PATH...` would."""
    result = check_paths([str(p) for p in paths], options or CheckOptions())
    return Report(result.files, result.strict)


def check_text(text: str, *, path: str | Path | None = None, options: CheckOptions | None = None) -> Report:
    """Check a claim document given as YAML text.

    `path` is where the document would stand: it names the file in the report, and a
    relative `article.draft` is found beside it. Without it the report says `<text>` and the
    draft is looked for in the working directory.
    """
    options = options or CheckOptions()
    where = Path(path) if path is not None else Path.cwd() / TEXT_NAME
    shown = str(path) if path is not None else TEXT_NAME
    report = _check_text(text, where, shown, options)
    return Report((report,), options.strict)


def check_data(data: Mapping[str, Any], *, path: str | Path | None = None,
               options: CheckOptions | None = None) -> Report:
    """Check a claim document given as a mapping (as `yaml.safe_load` or JSON would give it).

    Figures are best given as strings (`"3.10"`, not 3.1): a number keeps only the digits
    Python kept. The mapping is written out as YAML and checked like a file, so its errors
    point at the lines of that text.
    """
    import yaml

    text = yaml.safe_dump(_plain(data), sort_keys=False, allow_unicode=True)
    return check_text(text, path=path, options=options)


def _plain(data: Any) -> Any:
    """Mappings and sequences of any kind as dicts and lists, which safe_dump can write."""
    if isinstance(data, Mapping):
        return {key: _plain(value) for key, value in data.items()}
    if isinstance(data, (list, tuple)):
        return [_plain(item) for item in data]
    return data
