"""Output formats: each renders one `CheckResult` to text and computes nothing.

Formats are listed by name and imported only when chosen, so that start-up pays for the
one format a run uses.
"""

from __future__ import annotations

import importlib
from typing import NamedTuple, Protocol

from ..findings import CheckResult


class RenderOptions(NamedTuple):
    """Choices about presentation only; a verdict never depends on them."""

    color: bool = False
    show_ranges: bool = False
    # report paths relative to this folder when given (SARIF artifact locations and the like)
    base_dir: str | None = None


class Renderer(Protocol):
    def __call__(self, result: CheckResult, options: RenderOptions) -> str: ...


# name -> "module:function"; every module exposes `render(result, options) -> str`
FORMATS: dict[str, str] = {
    "text": "checker.report.text:render",
    "json": "checker.report.json:render",
    "markdown": "checker.report.markdown:render",
    "html": "checker.report.html:render",
    "sarif": "checker.report.sarif:render",
    "gitlab": "checker.report.gitlab:render",
    "junit": "checker.report.junit:render",
    "github": "checker.report.github:render",
}


def renderer(name: str) -> Renderer:
    """The render function of format `name` (KeyError for an unknown name)."""
    module, _, func = FORMATS[name].partition(":")
    return getattr(importlib.import_module(module), func)
