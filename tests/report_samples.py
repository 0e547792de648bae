"""Hand-built check results for the report tests: what the checker would find, made by hand,
so each format's tests read the same findings without running the solver.
"""

from __future__ import annotations

import datetime
import os
from fractions import Fraction
from pathlib import Path

from checker.findings import (
    CheckResult,
    Discrepancy,
    DraftFigure,
    DraftView,
    FileReport,
    Member,
    QuantityRange,
    QuoteLocation,
    Repair,
)
from checker.digest import with_causes
from checker.interval import Interval
from checker.positions import Position
from checker.problems import Problem

SWAP = "claims/prisoner-swap.yaml"
SWAP_DRAFT_PATH = "claims/drafts/prisoner-swap.txt"
SWAP_DRAFT = (
    "Moscow and Kyiv trade 372 soldiers in UAE-brokered prisoner exchange\n"
    "\n"
    "Caption: Russia and Ukraine each said 150 of their captured troops had come home.\n"
    "\n"
    "A total of 372 soldiers changed hands. Moscow released 175 Ukrainian prisoners of war "
    "and 22 Ukrainians it described as seriously wounded, while Kyiv sent back 175 Russian "
    "prisoners. The two sides have swapped hundreds of prisoners since 2022 & <before>.\n"
)


def _at(line: int, column: int = 5, file: str = SWAP) -> Position:
    return Position(file, line, column)


def member(id_: str, written: str, line: int, **more) -> Member:
    kind = more.pop("kind", "claim")
    return Member(id_, kind, written, _at(line), **more)


CAPTION = member("caption", "150", 22, where="caption", quote="each said 150 of their captured troops had come home",
                 quantities=("ua_freed", "ru_freed"))
HEADLINE = member("headline", "372", 26, where="headline", quote="trade 372 soldiers", quantities=("exchanged",))
LEDE = member("lede", "372", 27, where="body", quote="A total of 372 soldiers changed hands", quantities=("exchanged",))
MOSCOW_UA = member("moscow-ua", "175", 31, where="body", source="Russian defence ministry",
                   quote="Moscow released 175 Ukrainian prisoners of war", quantities=("ua_freed",))
KYIV_RU = member("kyiv-ru", "175", 33, where="body", source="Russian defence ministry",
                 quote="Kyiv sent back 175 Russian prisoners", quantities=("ru_freed",))
MOSCOW_WOUNDED = member("moscow-wounded", "22", 35, where="body", source="Russian defence ministry",
                        quote="22 Ukrainians it described as seriously wounded", quantities=("ua_wounded",))
PARTS = member("parts", "exchanged = ua_freed + ru_freed + ua_wounded", 18, kind="relation")

EXPLAIN_SUM = "the caption's 150 each way and the parts rule give 150 + 150 + 22 = 322, but the headline says 372"


def _figure(text: str, needle: str, claim_ids: tuple[str, ...], nth: int = 0,
            path: str = SWAP_DRAFT_PATH) -> DraftFigure:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return DraftFigure(needle, _in_draft(text, start, path), start, start + len(needle), claim_ids)


def _in_draft(text: str, start: int, path: str) -> Position:
    line = text.count("\n", 0, start) + 1
    return Position(path, line, start - (text.rfind("\n", 0, start) + 1) + 1)


def _quote(claim_id: str, quote: str, text: str = SWAP_DRAFT, path: str = SWAP_DRAFT_PATH) -> QuoteLocation:
    start = text.find(quote)
    if start < 0:
        return QuoteLocation(claim_id, quote, None)
    return QuoteLocation(claim_id, quote, _in_draft(text, start, path), start, start + len(quote))


def swap_draft() -> DraftView:
    figures = (
        _figure(SWAP_DRAFT, "372", ("headline",)),
        _figure(SWAP_DRAFT, "150", ("caption",)),
        _figure(SWAP_DRAFT, "372", ("lede",), nth=1),
        _figure(SWAP_DRAFT, "175", ("moscow-ua",)),
        _figure(SWAP_DRAFT, "22", ("moscow-wounded",), nth=0),
        _figure(SWAP_DRAFT, "175", ("kyiv-ru",), nth=1),
        _figure(SWAP_DRAFT, "hundreds", ()),
    )
    quotes = tuple(_quote(m.id, m.quote or "") for m in (CAPTION, HEADLINE, LEDE, MOSCOW_UA, KYIV_RU, MOSCOW_WOUNDED))
    quotes += (_quote("zelensky-wounded", "the nearly two dozen wounded men"),)
    return DraftView(SWAP_DRAFT_PATH, SWAP_DRAFT, quotes, tuple(sorted(figures, key=lambda f: f.start)))


def swap_report(draft: bool = True) -> FileReport:
    """The prisoner-swap file: a recycled caption clashes with the body three ways."""
    point = Interval.point
    hundreds = _figure(SWAP_DRAFT, "hundreds", ())
    return FileReport(
        path=SWAP,
        status="inconsistent",
        title="Moscow and Kyiv trade 372 soldiers in UAE-brokered prisoner exchange",
        quantities=(
            QuantityRange("exchanged", "people", point(372)),
            QuantityRange("ua_freed", "people", point(175)),
            QuantityRange("ru_freed", "people", point(175)),
            QuantityRange("ua_wounded", "people", point(22)),
            QuantityRange("swap_announced", "date", point(datetime.date(2025, 3, 19).toordinal()), is_date=True),
        ),
        discrepancies=(
            Discrepancy((CAPTION, MOSCOW_UA), "the caption says 150 Ukrainians were freed, but Moscow's 175 is another figure for the same count"),
            Discrepancy((CAPTION, KYIV_RU), "the caption says 150 Russians were freed, but Kyiv's 175 is another figure for the same count"),
            Discrepancy((CAPTION, HEADLINE, MOSCOW_WOUNDED, PARTS), EXPLAIN_SUM),
        ),
        repairs=(
            Repair((CAPTION,), Fraction(1), {"caption": {"ru_freed": point(175), "ua_freed": point(175)}}),
            Repair((HEADLINE, KYIV_RU, MOSCOW_UA), Fraction(3), {
                "headline": {"exchanged": point(322)},
                "kyiv-ru": {"ru_freed": point(150)},
                "moscow-ua": {"ua_freed": point(150)},
            }),
        ),
        warnings=(
            Problem("quote-not-found", 'the quote "the nearly two dozen wounded men" is not in the draft',
                    _at(40, 12), 'the draft says "22 Ukrainians it described as seriously wounded"'),
            Problem("uncovered-figure", 'the draft\'s "hundreds" is covered by no claim', hundreds.position),
        ),
        draft=swap_draft() if draft else None,
    )


def accepted_report() -> FileReport:
    """A referendum whose only discrepancy was reviewed and accepted."""
    at = lambda line: Position("claims/referendum.yaml", line, 5)  # noqa: E731
    members = (
        Member("all-votes", "relation", "votes_cast = yes + no", at(7)),
        Member("no-votes", "claim", "4,480", at(12), where="body", quantities=("no",)),
        Member("turnout", "claim", "10,512", at(10), where="body", quantities=("votes_cast",)),
        Member("yes-votes", "claim", "6,020", at(11), where="body", quantities=("yes",)),
    )
    reason = "spoiled ballots count in the turnout but on neither side; confirmed with the electoral office"
    return FileReport(
        path="claims/referendum.yaml",
        status="inconsistent",
        discrepancies=(Discrepancy(members, "6,020 yes and 4,480 no make 10,500, but the turnout is 10,512", reason),),
        repairs=(Repair((members[1],), Fraction(1), {"no-votes": {"no": Interval.point(4492)}}),),
    )


def consistent_report(path: str = "claims/parks-budget.yaml") -> FileReport:
    return FileReport(path=path, status="consistent",
                      quantities=(QuantityRange("parks_total", "usd", Interval.closed(1_150_000, 1_250_000)),))


def error_report() -> FileReport:
    """A file that cannot be checked: a misspelt key and an unreadable value."""
    return FileReport(
        path="claims/broken.yaml",
        status="error",
        errors=(
            Problem("unknown-key", "unknown key `quantitiy`; did you mean `quantity`?", Position("claims/broken.yaml", 9, 5)),
            Problem("unreadable-value", 'cannot read "twelveish" as a figure', Position("claims/broken.yaml", 11, 12),
                    "twelve"),
        ),
    )


def swap_result(**files) -> CheckResult:
    """The prisoner swap beside an accepted discrepancy and two consistent files."""
    return CheckResult((swap_report(**files), accepted_report(), consistent_report(),
                        consistent_report("claims/protest.yaml")))


def hostile_report() -> FileReport:
    """User text full of markup, quotes, newlines and control characters, in every field."""
    nasty = 'x<script>alert("1")</script> & *b* | `c` @someone %0A: ,\n]]> \x07'
    at = Position("claims/we ird,name:1.yaml", 3, 7)
    one = nasty.index("1")
    m = Member("odd", "claim", nasty, at, where=nasty, source=nasty, quote=nasty)
    return FileReport(
        path="claims/we ird,name:1.yaml",
        status="inconsistent",
        title=nasty,
        discrepancies=(Discrepancy((m,), nasty, None),),
        repairs=(Repair((m,), Fraction(1), {"odd": {"q": Interval.point(1)}}),),
        warnings=(Problem("quote-not-found", nasty, at, nasty),),
        draft=DraftView("claims/d.txt", nasty, (), (DraftFigure("1", Position("claims/d.txt", 1, one + 1), one, one + 1, ("odd",)),)),
    )


PARKS = "claims/parks.yaml"
PARKS_DRAFT = (
    "City sets aside $1.2 million for parks\n"
    "\n"
    "The council approved $1.2 million: maintenance $450,000, playgrounds $380,000 and trees $410,000.\n"
    "\n"
    "Graphic. Trees $430,000\n"
)
PARTIAL = ("partial result: the solver's work budget ran out before every question was settled; "
           "what is reported holds, but there may be more")


def _parks(id_: str, written: str, line: int, quantity: str | None = None, **more) -> Member:
    return Member(id_, more.pop("kind", "claim"), written, Position(PARKS, line, 5),
                  quantities=(quantity,) if quantity else (), **more)


P_HEADLINE = _parks("headline", "$1.2 million", 12, "total", where="headline", quote="sets aside $1.2 million")
P_APPROVED = _parks("approved", "$1.2 million", 13, "total", where="body", quote="approved $1.2 million")
P_MAINTENANCE = _parks("maintenance", "$450,000", 14, "maintenance", where="body", quote="maintenance $450,000")
P_PLAYGROUNDS = _parks("playgrounds", "$380,000", 15, "playgrounds", where="body", quote="playgrounds $380,000")
P_TREES = _parks("trees", "$410,000", 16, "trees", where="body", quote="trees $410,000")
P_GRAPHIC = _parks("graphic-trees", "$430,000", 17, "trees", where="graphic", quote="Trees $430,000")
P_LINES = _parks("lines", "total = maintenance + playgrounds + trees", 9, kind="relation")


PARKS_DRAFT_PATH = "claims/parks.txt"


def _parks_figure(needle: str, claim_ids: tuple[str, ...], nth: int = 0) -> DraftFigure:
    return _figure(PARKS_DRAFT, needle, claim_ids, nth, PARKS_DRAFT_PATH)


def parks_report() -> FileReport:
    """A budget whose headline and body state the same total: the sum's clash comes twice,
    the second time only through the body's statement of it (same_as 2); all three share one
    cause (the graphic's trees figure), as the checker's digest groups them."""
    sum_clash = "450,000 + 380,000 + 430,000 = 1,260,000, but the headline says $1.2 million"
    quotes = tuple(_quote(m.id, m.quote or "", PARKS_DRAFT, PARKS_DRAFT_PATH)
                   for m in (P_HEADLINE, P_APPROVED, P_MAINTENANCE, P_PLAYGROUNDS, P_TREES, P_GRAPHIC))
    figures = (
        _parks_figure("$1.2 million", ("headline",)),
        _parks_figure("$1.2 million", ("approved",), nth=1),
        _parks_figure("$450,000", ("maintenance",)),
        _parks_figure("$380,000", ("playgrounds",)),
        _parks_figure("$410,000", ("trees",)),
        _parks_figure("$430,000", ("graphic-trees",)),
    )
    return FileReport(
        path=PARKS,
        status="inconsistent",
        title="City sets aside $1.2 million for parks",
        discrepancies=with_causes((
            Discrepancy((P_GRAPHIC, P_TREES), "`trees` cannot be both $410,000 and $430,000 (the graphic)",
                        group=("graphic-trees",)),
            Discrepancy((P_GRAPHIC, P_HEADLINE, P_LINES, P_MAINTENANCE, P_PLAYGROUNDS), sum_clash,
                        group=("graphic-trees",)),
            Discrepancy((P_APPROVED, P_GRAPHIC, P_LINES, P_MAINTENANCE, P_PLAYGROUNDS),
                        sum_clash.replace("the headline", "`approved`"), group=("graphic-trees",), same_as=2),
        )),
        repairs=(Repair((P_GRAPHIC,), Fraction(1), {"graphic-trees": {"trees": Interval.point(410_000)}}),
                 Repair((P_LINES, P_TREES), Fraction(2), {"trees": {"trees": Interval.point(430_000)}})),
        draft=DraftView(PARKS_DRAFT_PATH, PARKS_DRAFT, quotes, figures),
    )


def partial_report() -> FileReport:
    """The parks file as a run that hit the cap on conflicts and ran out of work budget."""
    return parks_report()._replace(notes=(PARTIAL,), more_discrepancies=True)


REPORTS = Path(__file__).parent / "data" / "reports"
REAL_FILES = ("swap.yaml", "referendum.yaml", "ferry.yaml", "broken/typo.yaml")


def real_result(*names: str, strict: bool = False) -> CheckResult:
    """The pipeline's own result for claim files in tests/data/reports, with paths as written
    from that folder (so reports show `swap.yaml`, whatever the working directory)."""
    from checker.check import CheckOptions, check_paths

    here = os.getcwd()
    os.chdir(REPORTS)
    try:
        result = check_paths(list(names or REAL_FILES), CheckOptions(strict=strict))
    finally:
        os.chdir(here)
    return result._replace(strict=strict)
