"""What a check finds: small immutable records that every report format renders.

The checker builds these; formatters only read them. Nothing here computes a verdict.
"""

from __future__ import annotations

from fractions import Fraction
from typing import NamedTuple

from .interval import Interval
from .positions import Position
from .problems import Problem


class Member(NamedTuple):
    """A claim or relation as it takes part in a discrepancy or a repair."""

    id: str
    kind: str  # "claim" or "relation"
    written: str  # the value or rule as the file wrote it
    position: Position | None
    where: str | None = None
    source: str | None = None
    quote: str | None = None
    quantities: tuple[str, ...] = ()


class Discrepancy(NamedTuple):
    """A minimal set of claims and relations that cannot all hold."""

    members: tuple[Member, ...]  # sorted by id
    explanation: str
    accepted: str | None = None  # the reviewer's reason, when an `accept:` covers it
    # The lightest repair's claims that this conflict involves: conflicts with the same
    # group are one problem seen through restatements of the same figures, and reports
    # show the first of each group in full.
    group: tuple[str, ...] = ()
    # The number (from 1) of an earlier discrepancy that sets the same rules against the same
    # quantities: this one only swaps in other statements of the same figures.
    same_as: int | None = None
    # The number (from 1) of the first discrepancy of this one's cause, when that is an earlier
    # one: same group or same_as. Reports show one finding per cause, this one folded into it.
    cause: int | None = None

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(m.id for m in self.members)


class Repair(NamedTuple):
    """A smallest set of claims whose removal makes the rest consistent."""

    drop: tuple[Member, ...]  # sorted by id
    weight: Fraction
    # claim id -> quantity name -> the range that quantity would need for the claim to fit
    would_fit: dict[str, dict[str, Interval]]
    # would_fit as a reader needs it: an end at the quantity's domain limit (≥ 0 for a count)
    # tells nothing and is left open; a claim none of whose ranges tells anything is absent.
    # None when not worked out (reports then show would_fit).
    needs: dict[str, dict[str, Interval]] | None = None
    # claim id -> quantity name -> the few values that quantity may take to fit, where they
    # are proved and say more than its range (finite.py); the range is then their hull.
    values: dict[str, dict[str, tuple[Fraction, ...]]] | None = None

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(m.id for m in self.drop)


class QuantityRange(NamedTuple):
    """A quantity's derived range, given the claims that a lightest repair keeps."""

    name: str
    unit: str
    range: Interval
    is_date: bool = False
    # The few values it can take, sorted, where they are proved and say more than the range
    # (26, 47 or 48, not [24, 48]); the range is then their hull. See finite.py.
    values: tuple[Fraction, ...] | None = None


class QuoteLocation(NamedTuple):
    """Where a claim's quote stands in the draft (None when it was not found)."""

    claim_id: str
    quote: str
    draft_position: Position | None
    start: int | None = None  # character offsets in the draft text
    end: int | None = None


class DraftFigure(NamedTuple):
    """A figure found in the draft, with the claims whose quotes cover it."""

    text: str
    position: Position  # in the draft
    start: int
    end: int
    claim_ids: tuple[str, ...] = ()


class DraftView(NamedTuple):
    """The draft beside the claims, for reports that show it."""

    path: str
    text: str
    quotes: tuple[QuoteLocation, ...] = ()
    figures: tuple[DraftFigure, ...] = ()


class OpenQuestion(NamedTuple):
    """A question that could change the verdict and was not settled within the budget."""

    members: tuple[Member, ...]  # the claims and relations it asks about, sorted by id
    # In a reader's terms, what would settle it ("give the number of valid votes").
    settle: str
    reason: str = "budget"  # "budget": the work budget ran out; "time": the time limit did


class FileReport(NamedTuple):
    """Everything a check says about one claim file."""

    path: str
    # "consistent" (proved), "inconsistent" (a discrepancy proved), "undecided" (no
    # discrepancy proved, but a question that could give one was left open) or "error"
    status: str
    quantities: tuple[QuantityRange, ...] = ()
    discrepancies: tuple[Discrepancy, ...] = ()
    repairs: tuple[Repair, ...] = ()
    warnings: tuple[Problem, ...] = ()
    errors: tuple[Problem, ...] = ()
    notes: tuple[str, ...] = ()  # e.g. "partial result: the work budget ran out"
    title: str | None = None
    more_discrepancies: bool = False  # the cap on reported conflicts was reached
    draft: DraftView | None = None
    # Questions left open: a file with any is never "consistent".
    open_questions: tuple[OpenQuestion, ...] = ()

    @property
    def open_discrepancies(self) -> tuple[Discrepancy, ...]:
        return tuple(d for d in self.discrepancies if d.accepted is None)


class CheckResult(NamedTuple):
    """The reports for every file of one run, in the order the paths were given."""

    files: tuple[FileReport, ...]
    strict: bool = False

    @property
    def exit_code(self) -> int:
        if any(f.status == "error" for f in self.files):
            return 2
        # An open question fails a gate like a discrepancy: the gate fails closed.
        if any(f.open_discrepancies or f.status == "undecided" for f in self.files):
            return 1
        if self.strict and any(f.warnings for f in self.files):
            return 1
        return 0
