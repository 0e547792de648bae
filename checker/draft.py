"""The draft beside the claims: where each quote stands, and which figures no quote covers.

A quote is found in the draft the way a reader would find it: curly and straight quotes,
dashes, non-breaking spaces, line breaks and case do not matter. What the check returns is
data: warnings as `Problem`s and a `DraftView` for reports that show the draft.
"""

from __future__ import annotations

import bisect
import difflib
import heapq
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping, NamedTuple, Sequence

from .findings import DraftFigure, DraftView, QuoteLocation
from .positions import Position
from .problems import InputError, LocalError, Problem

if TYPE_CHECKING:  # only for annotations: the figure scanner and the value reader load later
    from .figures import Figure
    from .values import Reading

# Drafts are articles; a file far larger than any article is a mistake, not a draft.
MAX_DRAFT_CHARS = 2_000_000
# Quotes are a sentence fragment; longer ones are compared on their first part only.
MAX_QUOTE_CHARS = 1_000
# How many candidate windows are compared character by character when a quote is missing.
_CANDIDATES = 8
# Below this likeness a "closest passage" is noise, and the warning says so instead.
_MIN_LIKENESS = 0.5
_TRAILING = ".,;:!?)\"'"

# Characters that look different but read the same; folded before comparing.
_FOLD: dict[str, str] = {
    **dict.fromkeys("‘’‚‛′`´", "'"),
    **dict.fromkeys("“”„‟″«»", '"'),
    **dict.fromkeys("‐‑‒–—―−", "-"),
    "…": "...",
}
# Invisible characters and Markdown emphasis: dropped from both sides.
_DROP = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff*")


class Draft(NamedTuple):
    """A draft's text, with the line starts that turn an offset into line:column."""

    path: str  # as shown in reports
    text: str
    line_starts: tuple[int, ...]
    folded: str = ""  # the text as compared (see `fold`), made once per draft
    origin: tuple[int, ...] = ()  # for each folded character, its offset in `text`

    def position(self, offset: int) -> Position:
        """The 1-based line and column of a character offset."""
        line = bisect.bisect_right(self.line_starts, offset) - 1
        return Position(self.path, line + 1, offset - self.line_starts[line] + 1)


class QuoteMatch(NamedTuple):
    """Where a quote stands; when not found, where the closest passage stands instead."""

    found: bool
    start: int | None
    end: int | None
    line: int | None
    column: int | None
    closest: str | None  # the closest passage, as written in the draft (only when not found)
    similarity: float  # 1.0 when found; 0..1 for the closest passage


class DraftFindings(NamedTuple):
    """The draft check's answer: warnings for the report, the view for those that show it."""

    warnings: tuple[Problem, ...]
    view: DraftView


def make_draft(text: str, path: str) -> Draft:
    """A draft from text already read (line ends made `\\n`)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    folded, origin = fold(text)
    return Draft(path, text, tuple(starts), folded, tuple(origin))


def load_draft(path: Path, *, display_path: str | None = None,
               referenced_at: Position | None = None, roots: Sequence[Path] | None = None) -> Draft:
    """Read a draft (UTF-8, BOM allowed) through paths.py's safe read.

    `roots` are the folders it may be in (default: the project of the folder that holds
    it). A draft outside them, not a regular file or too large is refused with its own
    code, and nothing of it is read; one that is missing or not UTF-8 is `draft-unreadable`.
    """
    from .paths import MAX_DRAFT_BYTES, REASONS, Refused, project_root, read_untrusted

    shown = display_path or str(path)
    hint = "article.draft is a path relative to the claim file"
    if roots is None:
        roots = [project_root(Path(path).parent)]

    def unreadable(why: str, code: str = "draft-unreadable", hint: str = hint) -> InputError:
        return InputError([Problem(code, f"the draft {shown} {why}", referenced_at, hint)])

    try:
        raw = read_untrusted(Path(path), roots, MAX_DRAFT_BYTES, shown, hidden=False)
    except Refused as refused:
        message = refused.message.removeprefix(shown).strip()
        if refused.why in ("missing", "unreadable"):
            raise unreadable(message) from None
        raise unreadable(message, f"draft-{refused.why}", REASONS[refused.why]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise unreadable(f"is not UTF-8 text (byte {err.start} cannot be read)") from None
    if len(text) > MAX_DRAFT_CHARS:
        raise unreadable(f"is too large to be an article (over {MAX_DRAFT_CHARS:,} characters)",
                         "draft-too-large", REASONS["too-large"])
    return make_draft(text, shown)


# -- comparing text as a reader would ---------------------------------------------------

def fold(text: str) -> tuple[str, list[int]]:
    """Text folded for comparison, and for each folded character the offset it came from.

    Quotes and dashes become plain, whitespace runs one space (none beside a dash), case lower.
    """
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        if ch in _DROP:
            continue
        if ch.isspace():
            if out and out[-1] not in " -":
                out.append(" ")
                origin.append(i)
            continue
        for piece in _FOLD.get(ch, ch).lower():
            if piece == "-" and out and out[-1] == " ":
                out.pop()
                origin.pop()
            out.append(piece)
            origin.append(i)
    if out and out[-1] == " ":
        out.pop()
        origin.pop()
    return "".join(out), origin


def _span(origin: Sequence[int], start: int, end: int) -> tuple[int, int]:
    """Folded offsets [start, end) back to offsets in the text they came from."""
    return origin[start], origin[end - 1] + 1


def _find(folded: str, piece: str, start: int = 0, end: int | None = None) -> int:
    """The first place of `piece` at or after `start` whose numbers are whole: the quote "2" is
    not the 2 of "1,261", nor "12" the 12 of "12.5"."""
    at = folded.find(piece, start, end)
    while at >= 0 and not _number_ends(folded, at, at + len(piece)):
        at = folded.find(piece, at + 1, end)
    return at


def _number_ends(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] neither starts nor ends inside a number."""
    def digit(k: int) -> bool:
        return 0 <= k < len(text) and text[k].isdigit()

    if digit(start) and (digit(start - 1) or (start >= 2 and text[start - 1] in ".," and digit(start - 2))):
        return False
    return not (digit(end - 1) and (digit(end) or (text[end:end + 1] in (".", ",") and digit(end + 1))))


def _find_pieces(folded: str, quote: str) -> tuple[int, int] | None:
    """The quote in the folded draft; an ellipsis in the quote stands for a short gap."""
    at = _find(folded, quote)
    if at >= 0:
        return at, at + len(quote)
    pieces = [p.strip(" ") for p in quote.split("...")]
    pieces = [p for p in pieces if p]
    if len(pieces) < 2:
        return None
    start = _find(folded, pieces[0])
    while start >= 0:
        end = start + len(pieces[0])
        for piece in pieces[1:]:
            nxt = _find(folded, piece, end, end + 300 + len(piece))
            if nxt < 0:
                break
            end = nxt + len(piece)
        else:
            return start, end
        start = _find(folded, pieces[0], start + 1)
    return None


def locate_quote(draft: Draft, quote: str) -> QuoteMatch:
    """Where `quote` stands in the draft, or the closest passage and how alike it is."""
    folded, origin = draft.folded, draft.origin
    wanted, _ = fold(quote[:MAX_QUOTE_CHARS])
    if not wanted:
        return QuoteMatch(False, None, None, None, None, None, 0.0)
    hit = _find_pieces(folded, wanted)
    if hit is not None:
        start, end = _span(origin, *hit)
        pos = draft.position(start)
        return QuoteMatch(True, start, end, pos.line, pos.column, None, 1.0)
    near = _closest_window(folded, wanted)
    if near is None or near[1] < _MIN_LIKENESS:
        return QuoteMatch(False, None, None, None, None, None, 0.0)
    (a, b), ratio = near
    start, end = _span(origin, a, b)
    pos = draft.position(start)
    return QuoteMatch(False, start, end, pos.line, pos.column, draft.text[start:end], ratio)


def _words(text: str) -> list[tuple[int, int]]:
    """Spans of the space-separated words of folded text."""
    spans: list[tuple[int, int]] = []
    start = 0
    for i, ch in enumerate(text + " "):
        if ch == " ":
            if i > start:
                spans.append((start, i))
            start = i + 1
    return spans


def _closest_window(folded: str, wanted: str) -> tuple[tuple[int, int], float] | None:
    """The passage of the draft most like `wanted`: shortlisted by shared words, then
    compared character by character; work is linear in the draft's length."""
    words = _words(folded)
    if not words:
        return None
    want_words = [wanted[a:b] for a, b in _words(wanted)]
    n = max(1, min(len(want_words), len(words)))
    want = Counter(want_words)
    tokens = [folded[a:b] for a, b in words]
    # shared words of each n-word window, updated as the window slides
    have: Counter[str] = Counter(tokens[:n])
    shared = sum(min(c, want[w]) for w, c in have.items())
    scores = [shared]
    for i in range(1, len(tokens) - n + 1):
        out, inn = tokens[i - 1], tokens[i + n - 1]
        if have[out] <= want[out]:  # the word leaving was one of the shared ones
            shared -= 1
        have[out] -= 1
        have[inn] += 1
        if have[inn] <= want[inn]:
            shared += 1
        scores.append(shared)
    starts = heapq.nlargest(_CANDIDATES, range(len(scores)), key=lambda i: (scores[i], -i))

    def alike(first: int, size: int) -> tuple[float, int, int]:
        last = min(len(words), first + size) - 1
        a, b = words[first][0], words[last][1]
        return difflib.SequenceMatcher(None, wanted, folded[a:b], autojunk=False).ratio(), a, b

    # the shortlist compared as it stands, then the two best nudged a word or two each way
    shortlist = sorted((alike(s, n) + (s,) for s in starts), key=lambda t: (-t[0], t[1]))[:2]
    best = shortlist[0][:3]
    for *_, s in shortlist:
        for first in range(max(0, s - 2), min(len(words), s + 3)):
            for size in range(max(1, n - 2), n + 3):
                cand = alike(first, size)
                if cand[0] > best[0]:
                    best = cand
    _, a, b = best
    # words are split at spaces, so a window may carry the sentence's punctuation: leave it out
    while b > a + 1 and folded[b - 1] in _TRAILING and not wanted.endswith(folded[b - 1]):
        b -= 1
    return (a, b), difflib.SequenceMatcher(None, wanted, folded[a:b], autojunk=False).ratio()


def _short(text: str, limit: int = 80) -> str:
    """A passage on one line, cut to a readable length."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


# -- the check ----------------------------------------------------------------------------

def draft_checks(claim_file: Any, draft: Draft, readings: Mapping[str, Reading], vocab: Any,
                 ignore: Sequence[str] = ()) -> DraftFindings:
    """Quotes located, quote figures compared with the claimed values, uncovered figures.

    `readings` maps a claim id to the reading of its value; `ignore` lists phrases of the
    draft whose figures are not claims ("Covid-19", "G7", "2022").
    """
    from .figures import find_figures, readings_overlap  # the scanner loads the value reader

    published = claim_file.article.published if claim_file.article is not None else None
    figures = find_figures(draft.text, vocab, published=published)
    warnings: list[Problem] = []
    quotes: list[QuoteLocation] = []
    covering: dict[int, list[str]] = {}
    for claim in claim_file.claims:
        if not claim.quote:
            continue
        where = claim.quote_position or claim.position
        match = locate_quote(draft, claim.quote)
        if not match.found:
            quotes.append(QuoteLocation(claim.id, claim.quote, None))
            warnings.append(_not_found(draft, claim.id, claim.quote, match, where))
            continue
        assert match.start is not None and match.end is not None
        quotes.append(QuoteLocation(claim.id, claim.quote, draft.position(match.start),
                                    match.start, match.end))
        inside = [k for k, f in enumerate(figures) if f.start < match.end and match.start < f.end]
        for k in inside:
            covering.setdefault(k, []).append(claim.id)
        claimed = readings.get(claim.id)
        if claimed is None:
            continue  # a rule claim, or a value the reader could not read
        said = [(f, r) for f in (figures[k] for k in inside)
                if (r := _reading_as(f, claimed, vocab, published)) is not None]
        if said and not any(readings_overlap(r, claimed) for _, r in said):
            warnings.append(_mismatch(draft, claim, match.start, [f for f, _ in said], where))
    ignored = ignored_spans(draft, ignore)
    shown: list[DraftFigure] = []
    for k, fig in enumerate(figures):
        if any(a < fig.end and fig.start < b for a, b in ignored):
            continue
        pos = draft.position(fig.start)
        ids = tuple(covering.get(k, ()))
        shown.append(DraftFigure(fig.text, pos, fig.start, fig.end, ids))
        if not ids:
            warnings.append(Problem(
                "uncovered-figure",
                f'the figure "{_short(fig.text)}" in {draft.path} is not in any claim\'s quote',
                pos,
                f'add a claim quoting it; if it is not a claim, add "{_short(fig.text)}" to '
                "`ignore:` under `article:`"))
    return DraftFindings(tuple(warnings), DraftView(draft.path, draft.text, tuple(quotes), tuple(shown)))


def _reading_as(figure: Figure, claimed: Reading, vocab: Any, published: Any) -> Reading | None:
    """The figure read the way the claim's value was (a date, or an amount), or None when it
    cannot be: "2022" is a year beside a date claim and a number beside a count."""
    from .values import read_value

    as_date = claimed.unit == "date"
    if figure.reading is not None and (figure.reading.unit == "date") == as_date:
        return figure.reading
    try:
        return read_value(figure.text, vocab, unit="date" if as_date else None, published=published)
    except LocalError:
        return None


def _not_found(draft: Draft, claim_id: str, quote: str, match: QuoteMatch,
               where: Position | None) -> Problem:
    message = f'claim "{claim_id}": the quote "{_short(quote)}" is not in {draft.path}'
    hint = None
    if match.closest is not None:
        at = Position(draft.path, match.line or 1, match.column or 1)
        message += (f'; the closest passage ({round(match.similarity * 100)}% alike) is '
                    f'"{_short(match.closest)}" at {at}')
        hint = f"quote the draft's words as written: {_short(match.closest)}"
    else:
        message += "; no passage of it is close"
    return Problem("quote-not-found", message, where, hint)


def _mismatch(draft: Draft, claim: Any, start: int, quoted: list[Any],
              where: Position | None) -> Problem:
    said = " and ".join(f'"{f.text}"' for f in quoted)
    value = claim.value if isinstance(claim.value, str) else _explicit(claim.value)
    return Problem(
        "quote-figure-mismatch",
        f'claim "{claim.id}": the quote at {draft.position(start)} says {said}, '
        f'but the claim\'s value is "{value}"',
        where,
        "correct the value, or quote the passage the value comes from")


def _explicit(value: Any) -> str:
    """An explicit value ({min: 18, max: 24}) as one line."""
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}: {v}" for k, v in value.items()) + "}"
    return str(value)


def ignored_spans(draft: Draft, ignore: Sequence[str]) -> list[tuple[int, int]]:
    """Every place in the draft where an ignored phrase stands as whole words."""
    folded, origin = draft.folded, draft.origin
    spans: list[tuple[int, int]] = []
    for phrase in ignore:
        wanted, _ = fold(phrase)
        if not wanted:
            continue
        at = folded.find(wanted)
        while at >= 0:
            end = at + len(wanted)
            if _whole_words(folded, at, end):
                spans.append(_span(origin, at, end))
            at = folded.find(wanted, at + 1)
    return spans


def _whole_words(text: str, start: int, end: int) -> bool:
    """True when text[start:end] is not part of a longer word or number ("12" in "12.5")."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    after_next = text[end + 1] if end + 1 < len(text) else " "
    if before.isalnum() or after.isalnum():
        return False
    return not (after in ".," and after_next.isdigit())
