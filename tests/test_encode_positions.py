"""An explicit value's error points at the field that failed, not at the mapping or at `value`."""

from __future__ import annotations

import pytest

from checker.encode import encode
from checker.model import claim_file_from_text
from checker.problems import InputError
from checker.vocabulary import DEFAULT_VOCABULARY

HEAD = "quantities:\n  n: {}\n  day: {unit: date}\nclaims:\n  - id: a\n    quantity: n\n    value: "


def error_at(value: str, head: str = HEAD) -> tuple[str, int, int]:
    cf = claim_file_from_text(head + value + "\n", "c.yaml")
    with pytest.raises(InputError) as caught:
        encode(cf, DEFAULT_VOCABULARY)
    (problem,) = caught.value.problems
    return problem.message, problem.position.line, problem.position.column


@pytest.mark.parametrize("value, line, column, says", [
    # line 7 is `    value: {...`; the mapping opens at column 12
    ("{min: 12, max: twelvety}", 7, 27, 'in "max"'),
    ("{min: twelvety, max: 20}", 7, 18, 'in "min"'),
    ("{value: 200, tolerance: lots}", 7, 36, 'in "tolerance"'),
    ("{min: 12, max: about 20}", 7, 27, '"max" takes a single figure'),
    ("{max: 20, min: 30}", 7, 12, "min must be below max"),  # about both: at the mapping
    ("\n      min: 12\n      max: twelvety", 9, 12, 'in "max"'),
    ("\n      min: 12\n      max: 'twelvety'", 9, 13, 'in "max"'),  # past the quote
])
def test_the_error_is_at_the_failing_field(value: str, line: int, column: int, says: str) -> None:
    message, at_line, at_column = error_at(value)
    assert says in message
    assert (at_line, at_column) == (line, column)


def test_a_field_error_keeps_its_offset_inside_the_field() -> None:
    # `max` starts at column 27 (28 inside quotes); "twelvety" is 6 characters into it
    assert error_at("{min: 12, max: 20 or twelvety}")[1:] == (7, 33)
    assert error_at("{min: 12, max: '20 or twelvety'}")[1:] == (7, 34)
