"""PyYAML's syntax errors as problems in a reader's words, placed where the parser stopped.

Only a file the parser could not read comes here, so this is imported only then.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .positions import Position
from .problems import Problem

if TYPE_CHECKING:
    import yaml


# PyYAML's problem texts, each with what it usually means in a hand-written file.
_SYNTAX_READINGS: tuple[tuple[str, str, str], ...] = (
    ("mapping values are not allowed", "a `: ` appears inside a value",
     "put the value in quotes, e.g. quote: \"He said: 'no'\""),
    ("did not find expected key", "this line is not indented like the keys around it",
     "line keys of one mapping up in the same column"),
    ("did not find expected ',' or ']'", "a list in [ ] is not closed", "add the closing ]"),
    ("did not find expected ',' or '}'", "a mapping in { } is not closed", "add the closing }"),
    ("could not find expected ':'", "a key has no `:` after it", "write `key: value`"),
    ("found unexpected end of stream", "a quoted text is not closed", "add the closing quote"),
    ("block sequence entries are not allowed", "a `- ` list item stands where a value was expected",
     "start the list on the next line, indented under its key"),
    ("found undefined tag handle", "an unknown YAML tag (`!...`)", "remove the tag"),
    ("found character that cannot start any token", "a value starts with a character YAML reserves",
     "put the value in quotes"),
)


def syntax_problem(exc: yaml.MarkedYAMLError, text: str, path: str, max_depth: int) -> Problem:
    """The problem PyYAML found, placed, in the words of a hand-written file's usual slip."""
    mark = exc.problem_mark or exc.context_mark
    position = Position(path, mark.line + 1, mark.column + 1) if mark else Position(path, 1, 1)
    problem = (exc.problem or exc.context or "unreadable YAML").strip()
    offset = getattr(mark, "index", None)
    if "nesting depth" in problem:
        # PyYAML 6.0.4 and later refuse deep nesting in the parser itself, before our own
        # depth check sees it: the same fault, so the same code and words.
        return Problem("too-deep", f"the file nests lists and mappings more than {max_depth} levels deep",
                       position, "a claim file needs only a few levels; check the indentation")
    if "cannot start any token" in problem and offset is not None and text[offset:offset + 1] == "\t":
        return Problem("yaml-syntax", "YAML syntax: a tab is used for indentation", position,
                       "indent with spaces; YAML does not allow tabs")
    for pattern, reading, hint in _SYNTAX_READINGS:
        if pattern in problem:
            return Problem("yaml-syntax", f"YAML syntax: {reading} ({problem})", position, hint)
    context = f" {exc.context}" if exc.context else ""
    return Problem("yaml-syntax", f"YAML syntax: {problem}{context}", position)
