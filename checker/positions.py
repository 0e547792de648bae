"""Where a thing was written: every value, rule and claim carries one to the report."""

from __future__ import annotations

from typing import NamedTuple


class Position(NamedTuple):
    """A place in a file; line and column count from 1, as editors show them."""

    file: str
    line: int
    column: int

    def shifted(self, offset: int) -> Position:
        """The position `offset` characters further along the same line."""
        return Position(self.file, self.line, self.column + offset)

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"
