"""Tables pasted into a draft as lines of a label and a figure: "Upper Vale 1,261".

A row's number is a figure even after a capitalised word ("Marsh Coast 2" is not a name
like "Radio 4"), and its quote is the whole row, label included, so that "2" is quoted as
"Marsh Coast 2" and found there, not inside "1,261".
"""

from __future__ import annotations

import re

# A row: a label of words (letters, spaces, a few joiners), then one figure, alone on its line.
_ROW = re.compile(r"[ \t]*(?P<label>[^\W\d_][\w .,'’&()/-]*?)[ \t:]+(?P<figure>[-−]?[$£€]?\d[\d,.]*%?)[ \t]*")


def row_at(text: str, at: int) -> tuple[int, int] | None:
    """The (start, end) of the table row holding offset `at`, or None when its line is no row.

    A line is a row when it is a label and a figure, and the line before or after is one too:
    one such line alone is more likely a headline ("Spain win Euro 2024").
    """
    start, end = _line(text, at)
    if not _ROW.fullmatch(text[start:end]):
        return None
    for neighbour in (start - 1, end + 1):
        if 0 <= neighbour <= len(text) and neighbour != at:
            a, b = _line(text, min(max(neighbour, 0), len(text)))
            if (a, b) != (start, end) and _ROW.fullmatch(text[a:b]):
                return start, end
    return None


def _line(text: str, at: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    return start, len(text) if end < 0 else end
