"""The plain words every human-facing report shares (text, Markdown, HTML, SARIF, JUnit,
GitHub, GitLab): the verdict, where a claim stands, the causes and what folds into them, the
repairs as changes, open questions, and user text made visible. Phrasing only: whatever
is decided (grouping, which bound tells something) comes in the findings.
"""

from __future__ import annotations

import re
from fractions import Fraction

from .. import readable
from ..findings import CheckResult, Discrepancy, FileReport, Member, OpenQuestion, Repair
from ..interval import Interval

# Controls (C0, DEL, C1), line and paragraph separators, and the bidirectional controls that
# could reorder or hide what a reader sees: shown as escapes, never passed through.
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")


def visible(text: str, keep_newlines: bool = False) -> str:
    """User text with every control, terminal escape and bidi override written out (`\\x1b`)."""

    def shown(match: re.Match[str]) -> str:
        c = match[0]
        if keep_newlines and c == "\n":
            return c
        return f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}"

    return _INVISIBLE.sub(shown, text)


def count(n: int, singular: str, plural: str | None = None) -> str:
    """`1 warning`, `3 warnings`, `2 discrepancies`."""
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"


# -- the verdict ------------------------------------------------------------------------
def causes(report: FileReport) -> list[int]:
    """The numbers (from 1) of the open discrepancies that head a cause."""
    return [n for n, d in enumerate(report.discrepancies, 1) if d.accepted is None and d.cause is None]


def verdict(result: CheckResult) -> tuple[bool, str]:
    """Whether the run passes, and one sentence that says so with the counts behind it."""
    files = result.files
    total = len(files)
    inconsistent = sum(1 for f in files if f.open_discrepancies)
    undecided = sum(1 for f in files if f.status == "undecided" and not f.open_discrepancies)
    failed = sum(1 for f in files if f.status == "error")
    warned = sum(1 for f in files if f.warnings)
    of_total = f"of {count(total, 'claim file')}"
    clauses = []
    for n, words in ((inconsistent, ("has discrepancies", "have discrepancies")),
                     (undecided, ("could not be decided", "could not be decided")),
                     (failed, ("could not be checked", "could not be checked"))):
        if n:
            subject = f"{n}" if clauses else f"{n} {of_total}"
            clauses.append(f"{subject} {words[0] if n == 1 else words[1]}")
    if not clauses and result.strict and warned:
        clauses.append(f"{warned} {of_total} {'has' if warned == 1 else 'have'} warnings, which fail under --strict")
    if not clauses:
        sentence = f"{count(total, 'claim file')} checked, no open discrepancies" if total else "no claim files to check"
    else:
        sentence = " and ".join(clauses)
    return result.exit_code == 0, sentence


def tallies(result: CheckResult) -> str:
    """`2 causes of 7 open discrepancies, 1 accepted, 2 warnings`: the numbers behind the verdict."""
    discrepancies = sum(len(f.discrepancies) for f in result.files)
    open_ = sum(len(f.open_discrepancies) for f in result.files)
    heads = sum(len(causes(f)) for f in result.files)
    warnings = sum(len(f.warnings) for f in result.files)
    errors = sum(len(f.errors) for f in result.files)
    undecided = sum(1 for f in result.files if f.status == "undecided")
    found = count(open_, "open discrepancy", "open discrepancies")
    if heads != open_:
        found = f"{count(heads, 'cause')} of {found}"
    parts = [found, f"{discrepancies - open_} accepted"]
    if undecided:
        parts.append(count(undecided, "undecided file"))
    parts.append(count(warnings, "warning"))
    if errors:
        parts.append(count(errors, "error"))
    return ", ".join(parts)


def caveats(report: FileReport) -> list[str]:
    """What a reader must know before trusting the list: a capped list, a partial result."""
    capped = [f"More discrepancies exist; the first {len(report.discrepancies)} are listed."]
    return (capped if report.more_discrepancies else []) + list(report.notes)


# -- claims -----------------------------------------------------------------------------
def standing(member: Member) -> str:
    """Where a claim stands in the article: `caption`, `body, Russian defence ministry`."""
    parts = [member.where or ("relation" if member.kind == "relation" else None), member.source]
    return ", ".join(p for p in parts if p) or "—"


def line_of(member: Member) -> str:
    """`claims/swap.yaml:27`, or an empty string when the member has no position."""
    return "" if member.position is None else f"{member.position.file}:{member.position.line}"


_PLACES = ("headline", "standfirst", "caption", "graphic")


def whose(member: Member) -> str:
    """`the headline's 372`, `` `moscow-ua`'s 175 ``: a claim's figure, named for an editor."""
    owner = f"the {member.where}" if member.where in _PLACES else f"`{member.id}`"
    if member.where in _PLACES and member.id != member.where:
        return f"{owner}'s {member.written} (`{member.id}`)"
    return f"{owner}'s {member.written}"


# -- causes -----------------------------------------------------------------------------
def folded(report: FileReport) -> dict[int, int]:
    """Discrepancy number -> the number of the first of its cause, for each folded one."""
    n_all = len(report.discrepancies)
    return {n: d.cause for n, d in enumerate(report.discrepancies, 1)
            if d.cause is not None and 1 <= d.cause < n <= n_all}


def restatements(report: FileReport) -> dict[int, list[int]]:
    """Head of a cause -> the numbers folded into it, in order."""
    out: dict[int, list[int]] = {}
    for number, host in folded(report).items():
        out.setdefault(host, []).append(number)
    return out


def like_this_one(n: int) -> str:
    return f"{n} more with the same cause"


def swapped(d: Discrepancy, host: Discrepancy) -> str:
    """`` `approved` in place of `headline` ``: the statements a restatement uses instead of
    its original's, paired by the quantities they state where that pairing is clear."""
    new = [m for m in d.members if m.id not in host.ids]
    old = [m for m in host.members if m.id not in d.ids]
    pairs, unpaired = [], list(old)
    for m in new:
        partner = next((o for o in unpaired if o.quantities == m.quantities), None)
        if partner is None:
            break
        unpaired.remove(partner)
        pairs.append(f"`{m.id}` in place of `{partner.id}`")
    else:
        if not unpaired:
            return "; ".join(pairs)
    listed = [", ".join(f"`{m.id}`" for m in ms) or "nothing" for ms in (new, old)]
    return f"{listed[0]} in place of {listed[1]}"


def folded_text(d: Discrepancy, report: FileReport) -> str:
    """How a folded discrepancy reads beside the head of its cause: a restatement names the
    statements it swaps in; another clash of the same claims gives its own explanation."""
    host = d.same_as or 0
    if 1 <= host <= len(report.discrepancies):
        return f"as discrepancy {host}, with {swapped(d, report.discrepancies[host - 1])}"
    return d.explanation


def restates(d: Discrepancy, report: FileReport) -> str:
    """One sentence for a discrepancy with same_as: which one it restates, and how."""
    host_number = d.same_as or 0
    if not 1 <= host_number <= len(report.discrepancies):
        return ""
    host = report.discrepancies[host_number - 1]
    return (f"Restates discrepancy {host_number} ({', '.join(host.ids)}) through other statements of "
            f"the same figures: {swapped(d, host)}.")


def cause_members(report: FileReport, number: int) -> list[Member]:
    """Every claim and relation of a cause: its head's members, then the others once each."""
    seen: dict[str, Member] = {m.id: m for m in report.discrepancies[number - 1].members}
    for k in restatements(report).get(number, []):
        for m in report.discrepancies[k - 1].members:
            seen.setdefault(m.id, m)
    return list(seen.values())


# -- repairs as changes -----------------------------------------------------------------
def units(report: FileReport) -> dict[str, str]:
    return {q.name: q.unit for q in report.quantities}


def date_names(report: FileReport) -> set[str]:
    return {q.name for q in report.quantities if q.is_date}


def target(iv: Interval, unit: str | None, is_date: bool, values: tuple[Fraction, ...] | None = None) -> str:
    """`175`, `a figure between 52.6% and 52.8%`, `a figure of at least 1,001`: the ends
    rounded inward, so that any figure the words allow fits. Where the few values that fit
    are known: `one of 26, 47 or 48`, `a figure from 0% to 75% in steps of about 8.3%`."""
    if values and not is_date:
        said = readable.choices(values, unit)
        return f"a figure from {said}" if readable.evenly_spaced(values) else f"one of {said}"
    if is_date:
        return readable.days(iv)
    if iv.is_empty():
        return "no figure at all"
    if iv.is_point():
        return readable.span(iv, unit)
    lo, lo_open, hi, hi_open = readable.inward_ends(iv, unit)
    if lo is not None and hi is not None and not lo_open and not hi_open:
        return f"a figure between {lo} and {hi}"
    words = []
    if lo is not None:
        words.append(f"{'more than' if lo_open else 'at least'} {lo}")
    if hi is not None:
        words.append(f"{'less than' if hi_open else 'at most'} {hi}")
    return "a figure of " + " and ".join(words) if words else "any figure"


def needs_of(repair: Repair) -> dict[str, dict[str, Interval]]:
    return repair.would_fit if repair.needs is None else repair.needs


def repair_text(repair: Repair, report: FileReport) -> str:
    """`change the caption's 150 to 175 and …`, then what to drop, relations last (`or the
    model is wrong: …`)."""
    unit_of, dates = units(report), date_names(report)
    needs = needs_of(repair)
    changed, dropped, models = [], [], []
    for m in repair.drop:
        if m.kind == "relation":
            models.append(f"`{m.id}`")
            continue
        sets = (repair.values or {}).get(m.id, {})
        # A set that fits tells something even where its range only repeats the domain.
        ranges = {**{n: repair.would_fit[m.id][n] for n in sets}, **needs.get(m.id, {})}
        targets = {n: target(iv, unit_of.get(n), n in dates, sets.get(n)) for n, iv in ranges.items()}
        if not targets:
            dropped.append(whose(m))
        elif len(set(targets.values())) == 1:
            changed.append(f"{whose(m)} to {next(iter(targets.values()))}")
        else:
            changed.append(f"{whose(m)} to " + " and ".join(f"{t} for {n}" for n, t in targets.items()))
    parts = []
    if changed:
        parts.append("change " + _join(changed))
    if dropped:
        parts.append("drop " + _join(dropped))
    text = " and ".join(parts)
    if models:
        text = (f"{text}, and " if text else "") + f"the model is wrong: {_join(models)}"
    return text


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def repairs_in_words(report: FileReport) -> list[str]:
    """Every repair as one sentence, lightest first: `Change …`, then `Or …`."""
    out = []
    for k, repair in enumerate(report.repairs):
        text = repair_text(repair, report)
        out.append(_sentence(text) + "." if k == 0 else f"Or {text}.")
    return out


def fix_here(report: FileReport, d: Discrepancy) -> str:
    """What the lightest repair changes among this discrepancy's claims, as one clause."""
    if not report.repairs:
        return ""
    first = report.repairs[0]
    ids = set(d.ids)
    here = first._replace(drop=tuple(m for m in first.drop if m.id in ids))
    return repair_text(here, report) if here.drop else ""


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


# -- open questions ---------------------------------------------------------------------
_WHY_OPEN = {"budget": "the work budget ran out", "time": "the time limit was reached"}


def open_question(q: OpenQuestion) -> str:
    """`Not settled (the work budget ran out): `a`, `b`. To settle it: give the total.`"""
    ids = ", ".join(f"`{m.id}`" for m in q.members) or "the whole file"
    why = _WHY_OPEN.get(q.reason, q.reason)
    return f"Not settled ({why}): {ids}. To settle it: {q.settle}."
