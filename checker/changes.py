"""A change and the level it leads to: "rose by 40 to 5,313", "down 25 to 3,345".

A reporter who writes a change and a level in one breath states two figures, not a range
from 40 to 5,313. The scanner (figures.py) asks `splits_range` before it joins two figures
with "to"; `extract` asks `pair_changes` which figure is the change of which level, to tie
their names together and suggest the rule between them.
"""

from __future__ import annotations

from typing import NamedTuple, Sequence

# Words that say a figure moved, and which way. "by" stands between the verb and the change
# ("rose by 40"); a figure after one of these, then "to", is a change, then its level.
RISE_WORDS = frozenset("""
    rose rise rises rising risen up increased increase increases increasing climbed climb climbs
    climbing jumped jump jumps jumping grew grow grows growing gained gain gains gaining soared
    surged added adding higher more swelled
""".split())
FALL_WORDS = frozenset("""
    fell fall falls falling fallen down decreased decrease decreases decreasing dropped drop
    drops dropping declined decline declines declining slipped slip slips slid lost lose loses
    losing shrank shrink shrinks eased ease eases easing cut lower fewer less plunged tumbled
""".split())
CHANGE_WORDS = RISE_WORDS | FALL_WORDS
# "from 150 to 175": a level before and a level after, two figures as well.
FROM_WORDS = frozenset(("from",))


class Change(NamedTuple):
    """Figure `change` is how far figure `level` moved; `rise` tells the direction."""

    change: int
    level: int
    rise: bool


def change_word_before(words: Sequence[str], i: int) -> str | None:
    """The change word that figure token i follows ("rose 40", "rose by 40", "down 25"), if any;
    "by" alone when the verb stands further back ("cut its rate by 0.25 points to 3.5%")."""
    j = i - 1
    if j >= 0 and words[j] == "by":
        j -= 1
        if j < 0 or words[j] not in CHANGE_WORDS:
            return "by"
    if j >= 0 and words[j] in CHANGE_WORDS:
        return words[j]
    return None


def splits_range(words: Sequence[str], i: int) -> bool:
    """Whether a figure starting at token i and followed by "to" is a change or a level left
    behind, so that "to" starts a second figure instead of joining a range."""
    return (i > 0 and words[i - 1] in FROM_WORDS) or change_word_before(words, i) is not None


def pair_changes(text: str, spans: Sequence[tuple[int, int]]) -> list[Change]:
    """Changes followed by their level in `text`: figure k then " to " then figure k+1, with a
    change word before figure k. `spans` are the figures' (start, end) in order."""
    from .vocabulary import tokenize

    out = []
    for k in range(len(spans) - 1):
        (a, b), (c, _) = spans[k], spans[k + 1]
        if text[b:c].strip().lower() != "to":
            continue
        before = [t.text for t in tokenize(text[max(0, a - 40):a])]
        word = change_word_before(before, len(before))
        if word is not None:
            out.append(Change(k, k + 1, word in RISE_WORDS))
    return out
