"""A skeleton claim file for a draft: one quantity and one claim per figure, to be finished by hand.

What `figcheck extract DRAFT` writes. Each figure the scanner finds becomes a claim with its
quote (the words around it, verbatim), where it stands (headline, caption, graphic, quote,
body), its value as written and a suggested quantity name. Figures the value reader cannot
take alone (a share such as "a third", a score, a weekday without a publication date) are
written as comments that say what to do. The file is valid as it stands: `figcheck check`
reads it; the relations are the fact-checker's to add.
"""

from __future__ import annotations

import datetime
import json
import re
from typing import NamedTuple

from .changes import Change, pair_changes
from .figures import GLUED_UNITS, Figure, find_figures
from .interval import format_number
from .tables import row_at
from .vocabulary import CURRENCY_CODES, DEFAULT_VOCABULARY, DURATION_UNITS, Vocabulary

# Lines a draft marks as not being body text, by their first word.
LINE_MARKS: dict[str, str] = {
    "caption": "caption", "photo": "caption", "picture": "caption", "pictured": "caption",
    "image": "caption", "graphic": "graphic", "chart": "graphic", "table": "graphic",
    "standfirst": "standfirst",
}
PEOPLE_NOUNS = frozenset("""
    people person persons residents soldiers troops prisoners patients workers staff employees
    children pupils students parents voters members passengers travellers commuters migrants
    refugees civilians adults men women officers police protesters marchers volunteers fans
    spectators candidates scientists researchers teachers nurses doctors rescuers households
    families tourists visitors users customers
""".split())
# Words that never name what a figure counts.
STOP_WORDS = frozenset("""
    the a an of and or to in on at for from by with as than were was is are be been being had has
    have will would could should may might said says say more less most each per who which that
    this these those their its his her it they we our up down over under about also not just
    only some all any other such into after before since until during while when where there
    here then them him she he you i my your within between through against among across
    around near ago later earlier left right
""".split())
_DETERMINERS = frozenset("the their its his her our these those this that".split())
SAID_VERBS = ("said", "says", "told", "added", "warned", "claimed", "insisted")
_NAME = r"((?:[A-Z][\w'’-]*\s){0,3}[A-Z][\w'’-]*)"
# "said union representative Dan Okafor": up to three lower-case words of title before the name
_SAID_AFTER = re.compile(rf"\b(?:{'|'.join(SAID_VERBS)})[,:]?(?:\s+[a-z]+){{0,3}}\s+{_NAME}")
_SAID_BEFORE = re.compile(rf"{_NAME},?\s+(?:{'|'.join(SAID_VERBS)})\b")
_SENTENCE_BREAK = re.compile(r"[.!?;:](?=\s)|\n|[“”\"]")  # quotation marks end a fragment too
_QUOTE_WORDS = 4  # words kept on each side of a figure in its quote
_UNIT_NAMES = {"C": "celsius", "F": "fahrenheit"}
_UNIT_OF_READING = {**{c: c for c in CURRENCY_CODES}, **{u: u for u in DURATION_UNITS.values()},
                    "percent": "percent", "pp": "pp", "date": "date"}
# Units whose quantities take fractions by default (model.default_integer): no `integer: false`.
_FRACTIONAL_UNITS = frozenset(CURRENCY_CODES) | {"percent", "pp"}
_FALLBACK_NAMES = {"money": "amount", "percent": "share", "points": "points", "date": "date",
                   "number": "figure"}
_UNREADABLE_ADVICE = {
    "fraction": "a share of something: write it as a rule, e.g.  rule: part = whole / 3",
    "ratio": "one in so many: write it as a rule; for one in five,  rule: part * 5 = whole",
    "score": "a score or a vote: one claim per side, e.g.  value: 3  and  value: 2",
    "date": "a date that needs the publication date: add `published: YYYY-MM-DD` under "
            "`article:`, then give it a quantity with `unit: date`",
}


class _Entry(NamedTuple):
    """One figure as the skeleton writes it."""

    figure: Figure
    claim_id: str
    name: str
    unit: str
    where: str
    quote: str
    source: str | None
    note: str | None
    level: str | None = None  # for a change ("rose by 40" of "to 5,313"): the level's name
    rise: bool = True


def extract_claims(draft_text: str, draft_path: str | None, *, published: datetime.date | None = None,
                   vocab: Vocabulary = DEFAULT_VOCABULARY) -> str:
    """The YAML text of a skeleton claim file for a draft found at `draft_path` (as written;
    None for a draft read from standard input)."""
    text = draft_text.replace("\r\n", "\n").replace("\r", "\n")
    figures = find_figures(text, vocab, published=published)
    lines = text.split("\n")
    headline_end = _headline_end(text)
    title = lines[_first_line(lines)].strip().lstrip("#").strip() if text.strip() else ""
    names: dict[str, int] = {}
    ids: dict[str, int] = {}
    entries: list[_Entry] = []
    changes = {c.change: c for c in pair_changes(text, [(f.start, f.end) for f in figures])}
    levels = {c.level: c for c in changes.values()}
    for k, fig in enumerate(figures):
        where = _where(text, fig.start, headline_end)
        base = _name_for(text, fig)
        if k in levels and base in _FALLBACK_NAMES.values() and figures[levels[k].change].reading:
            base = "level"  # "rose by 40 to 5,313": the figure the change leads to
        name = _unique(base, names) if fig.reading is not None else base
        claim_id = _unique(f"{where}-{base}", ids, sep="-")
        quote = _quote_for(text, fig, headline_end)
        source = _speaker(text, fig) if where == "quote" else None
        entries.append(_Entry(fig, claim_id, name, _unit_for(text, fig), where, quote, source,
                              _note(fig, base, entries)))
    _tie_changes(figures, entries, changes, names)
    return _render(title, draft_path, published, entries)


def _tie_changes(figures: list[Figure], entries: list[_Entry], changes: dict[int, Change],
                 names: dict[str, int]) -> None:
    """Name each change after its level ("dead" and "dead_rise"), so the two read as a pair and
    the skeleton can suggest the rule between them. Only changes in the level's own unit: a
    percentage change of a count needs a rule the fact-checker writes."""
    for k, change in sorted(changes.items()):
        level, moved = entries[change.level], entries[k]
        if moved.figure.reading is None or level.figure.reading is None or moved.unit != level.unit:
            continue
        name = _unique(f"{level.name}_{'rise' if change.rise else 'fall'}", names)
        entries[k] = moved._replace(name=name, level=level.name, rise=change.rise, note=None)


# -- where a figure stands, and the words around it ---------------------------------------

def _first_line(lines: list[str]) -> int:
    return next((i for i, line in enumerate(lines) if line.strip()), 0)


def _headline_end(text: str) -> int:
    """Where the headline (the first line with text) ends."""
    start = len(text) - len(text.lstrip())
    end = text.find("\n", start)
    return len(text) if end < 0 else end


def _where(text: str, at: int, headline_end: int) -> str:
    if at < headline_end:
        return "headline"
    line_start = text.rfind("\n", 0, at) + 1
    first = re.match(r"\W*([A-Za-z]+)\s*:", text[line_start:line_start + 40])
    if first and first.group(1).lower() in LINE_MARKS:
        return LINE_MARKS[first.group(1).lower()]
    return "quote" if _inside_quotation(text, at) else "body"


def _inside_quotation(text: str, at: int) -> bool:
    """Whether `at` is between quotation marks in its paragraph."""
    para_start = text.rfind("\n\n", 0, at) + 1
    before = text[para_start:at]
    curly = before.count("“") - before.count("”")
    return curly > 0 or (before.count('"') % 2 == 1)


def _sentence(text: str, fig: Figure, headline_end: int) -> tuple[int, int]:
    starts = [m.end() for m in _SENTENCE_BREAK.finditer(text, 0, fig.start)]
    start = max(starts, default=0)
    stop = _SENTENCE_BREAK.search(text, fig.end)
    end = stop.start() if stop else len(text)
    if fig.start < headline_end:
        end = min(end, headline_end)
    return start, end


def _quote_for(text: str, fig: Figure, headline_end: int) -> str:
    """The figure with a few words either side, within its sentence, exactly as written; a
    table row whole, its label included ("Marsh Coast 2")."""
    row = row_at(text, fig.start)
    if row is not None:
        return text[row[0]:row[1]].strip()
    start, end = _sentence(text, fig, headline_end)
    before = list(re.finditer(r"\S+", text[start:fig.start]))[-_QUOTE_WORDS:]
    after = list(re.finditer(r"\S+", text[fig.end:end]))[:_QUOTE_WORDS]
    a = start + before[0].start() if before else fig.start
    b = fig.end + after[-1].end() if after else fig.end
    quote = text[a:b]
    trimmed = quote.strip(" ,.;:!?\"“”‘’()")
    if fig.text not in trimmed:  # the figure itself ends in one of those ("more than 12.")
        return quote.strip()
    return trimmed


def _speaker(text: str, fig: Figure) -> str | None:
    """Who said the quotation a figure stands in: "X said" or "said X" in its paragraph."""
    para_start = text.rfind("\n\n", 0, fig.start) + 1
    para_end = text.find("\n\n", fig.end)
    para = text[para_start:para_end if para_end >= 0 else len(text)]
    found = _SAID_BEFORE.search(para) or _SAID_AFTER.search(para)
    return found.group(1).strip() if found else None


# -- names and units ------------------------------------------------------------------------

def _words_after(text: str, end: int) -> list[str]:
    return re.findall(r"[A-Za-z][A-Za-z'-]*|[^\sA-Za-z]+", text[end:end + 80])[:6]


def _name_for(text: str, fig: Figure) -> str:
    """A snake_case name from the nouns next to the figure: "372 soldiers" -> soldiers."""
    before = re.findall(r"[A-Za-z][A-Za-z'-]*|[^\sA-Za-z]+", text[max(0, fig.start - 60):fig.start])
    owner = None  # "a turnout of 41.3 per cent", "savings of £38m", "a majority of 6,115"
    if len(before) >= 2 and before[-1] == "of" and before[-2].isalpha() and before[-2].lower() not in STOP_WORDS:
        owner = _snake(before[-2])
    if owner and fig.kind in ("money", "percent"):
        return owner
    words = _words_after(text, fig.end)
    if words[:1] == ["of"]:  # "150 of their captured troops", "40% of the network"
        words = words[1:]
        while words and words[0].lower() in _DETERMINERS:
            words = words[1:]
    nouns: list[str] = []
    for word in words:
        if not word.isalpha() or word.lower() in STOP_WORDS or word in GLUED_UNITS:
            break
        nouns.append(word)
        # a plural or a word for people is the head of its phrase: "soldiers changed hands"
        if len(nouns) == 2 or word.lower() in PEOPLE_NOUNS or re.search(r"[^s]s$", word):
            break
    if fig.kind == "date" or not nouns:
        return owner or _FALLBACK_NAMES.get(fig.kind, "figure")
    name = _snake("_".join(nouns))
    return f"{name}_share" if fig.kind == "percent" else name


def _snake(words: str) -> str:
    name = re.sub(r"[^a-z0-9]+", "_", words.lower()).strip("_")
    return name if re.match(r"[a-z]", name) else "figure"


def _unique(base: str, taken: dict[str, int], sep: str = "_") -> str:
    taken[base] = taken.get(base, 0) + 1
    return base if taken[base] == 1 else f"{base}{sep}{taken[base]}"


def _glued_unit(fig: Figure) -> str | None:
    """A unit written onto the figure ("82mph" -> mph), which the value leaves out."""
    if fig.reading is None:
        return None
    tail = fig.text[len(fig.reading.text):] if fig.text.startswith(fig.reading.text) else ""
    return _UNIT_NAMES.get(tail, tail) if tail in GLUED_UNITS else None


def _unit_for(text: str, fig: Figure) -> str:
    if fig.reading is None:
        return "date" if fig.kind == "date" else "count"
    implied = _UNIT_OF_READING.get(fig.reading.unit or "")
    if implied:
        return implied
    glued = _glued_unit(fig)
    if glued:
        return glued
    nouns = {w.lower() for w in _words_after(text, fig.end)[:3]}
    return "people" if nouns & PEOPLE_NOUNS else "count"


def _is_whole(fig: Figure) -> bool:
    """Whether the figure can be a whole number (else its quantity is written `integer: false`)."""
    return fig.reading is None or fig.reading.interval.integer_count() != 0


def _note(fig: Figure, base: str, earlier: list[_Entry]) -> str | None:
    """A hint for the fact-checker: the same figure, or the same noun, met before."""
    if fig.reading is None:
        return None
    for entry in earlier:
        other = entry.figure.reading
        if other is None or other.unit != fig.reading.unit:
            continue
        same_noun = base not in _FALLBACK_NAMES.values() and entry.name.rstrip("0123456789_") == base
        if other.interval == fig.reading.interval or same_noun:
            return f"the same as `{entry.name}` ({entry.claim_id})? then give both claims one quantity"
    return None


# -- the YAML -----------------------------------------------------------------------------

def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _ignored(unreadable: list[_Entry]) -> list[str]:
    """The figures the skeleton leaves to the fact-checker, ignored until a claim or rule
    covers them, so that the unchanged skeleton checks clean."""
    if not unreadable:
        return []
    phrases = sorted({e.figure.text for e in unreadable})
    return ["  ignore:                     # until a claim or rule covers them (see the end)",
            *(f"    - {_q(p)}" for p in phrases)]


def _render(title: str, draft_path: str | None, published: datetime.date | None,
            entries: list[_Entry]) -> str:
    readable = [e for e in entries if e.figure.reading is not None]
    unreadable = [e for e in entries if e.figure.reading is None]
    out = [
        f"# Claim file drafted by `figcheck extract` from {draft_path or 'standard input'}: "
        f"{len(entries)} figures.",
        "# To finish it:",
        "#  - give quantities that are the same figure one name, and delete the spares;",
        "#  - check each unit (people, count, usd, gbp, percent, date...) and add `about:`;",
        "#  - add `source:` to figures someone said, and `weight:` to the claims you trust most;",
        "#  - write `relations:` for how the quantities fit together (parts of a total, shares);",
        "#  - turn the commented figures at the end into claims or rules, or ignore them.",
        "version: 1",
        "article:",
        f"  title: {_q(title)}",
        f"  draft: {_q(draft_path)}" if draft_path is not None else
        "  # draft: path/to/the/draft.txt    # read from standard input: give its path here",
        f"  published: {published.isoformat()}" if published else
        "  # published: YYYY-MM-DD    # needed for weekdays and dates without a year",
        *_ignored(unreadable),
        "",
        "quantities:",
    ]
    for e in readable:
        fields = [f"unit: {e.unit}"] + ([] if _is_whole(e.figure) or e.unit in _FRACTIONAL_UNITS
                                        else ["integer: false"])
        low = e.figure.reading.interval.lo  # type: ignore[union-attr]
        if e.unit != "date" and low is not None and low < 0:  # "minus 5C": below the default min 0
            written = format_number(low, grouping=False)
            fields.append(f"min: {written if '/' not in written else low.__floor__()}")
        out.append(f"  {e.name}: {{{', '.join(fields)}}}" + (f"    # {e.note}" if e.note else ""))
    changed = [e for e in readable if e.level is not None]
    for e in changed:  # the level before the change: a figure the article leaves unstated
        out.append(f"  {e.level}_before: {{unit: {e.unit}, stated: false}}    # before the change in {e.level}")
    if not readable:
        out[-1] = "quantities: {}"
    out.append("")
    if changed:
        out.append("relations:                   # suggested from the draft's wording: check them")
        for e in changed:
            sign = "+" if e.rise else "-"
            out.append(f"  - {{id: {e.name.replace('_', '-')}, rule: {e.level} = {e.level}_before {sign} {e.name}}}")
    else:
        out += ["# relations:                 # the fact-checker's model, for example",
                "#   - id: parts",
                "#     rule: total = part_a + part_b"]
    out += ["", "claims:" if readable else "claims: []"]
    for e in readable:
        out.append(f"  - id: {e.claim_id}")
        out.append(f"    where: {e.where}")
        if e.where == "quote":
            out.append(f"    source: {_q(e.source)}" if e.source else "    # source: who said it?")
        out.append(f"    quote: {_q(e.quote)}")
        out.append(f"    quantity: {e.name}")
        out.append(f"    value: {_q(e.figure.reading.text)}")  # type: ignore[union-attr]
    if unreadable:
        out += ["", "# Figures the value reader cannot take alone; each needs a claim or a rule:"]
        for e in unreadable:
            advice = _UNREADABLE_ADVICE.get(e.figure.kind, "write it as a value the reader knows")
            out.append(f"#   {_q(e.figure.text)} ({e.where}): {advice}")
            out.append(f"#     quote: {_q(e.quote)}")
    return "\n".join(out) + "\n"
