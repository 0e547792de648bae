"""Problems with the input: what the loader, the value reader and the rule grammar report.

A problem is data (a stable code, a message, a position, an optional hint); raising
`InputError` carries all problems of a file at once, so a user fixes them in one pass.
"""

from __future__ import annotations

from typing import NamedTuple

from .positions import Position


class Problem(NamedTuple):
    """One thing wrong with, or worth a warning about, a claim file."""

    code: str
    message: str
    position: Position | None = None
    hint: str | None = None


class InputError(Exception):
    """The file cannot be checked; `problems` says every reason found, in file order."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


class LocalError(Exception):
    """An error inside one piece of text (a value or a rule), before it has a file position.

    `offset` is the 0-based character offset in that text; the caller adds the text's own
    position. `hint` is the nearest valid reading, where there is one.
    """

    def __init__(self, code: str, message: str, offset: int = 0, hint: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.offset = offset
        self.hint = hint
