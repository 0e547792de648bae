"""The JSON report: the contract for scripts (claim-format.md, "The JSON report").

Bounds are exact: a whole or finite-decimal bound is written as a JSON number with every
digit it has (21.6, never 21.600000000000001), any other as a string ("1/3"), an unbounded
end as null, a date as "2025-03-19"; a range's few proved values (`values`) are written the
same way. Same input, same bytes.
"""

from __future__ import annotations

import datetime
import json
import re
from fractions import Fraction
from typing import Any

from ..findings import CheckResult, DraftView, FileReport, Member, Repair
from ..interval import Interval, finite_decimal
from ..problems import Problem
from . import RenderOptions

SCHEMA_VERSION = 1


def render(result: CheckResult, options: RenderOptions) -> str:
    """The whole run as the JSON report; presentation options do not change it."""
    return dump({"schema": SCHEMA_VERSION, "files": [_file(report) for report in result.files]}) + "\n"


def _file(report: FileReport) -> dict[str, Any]:
    dates = {q.name for q in report.quantities if q.is_date}
    return {
        "path": report.path,
        "status": report.status,
        "title": report.title,
        "quantities": {
            q.name: {**bounds(q.range, q.is_date), **_values(q.values), "unit": q.unit} for q in report.quantities
        },
        "discrepancies": [
            {
                "members": sorted(d.ids),
                "explanation": d.explanation,
                "accepted": d.accepted is not None,
                **({"reason": d.accepted} if d.accepted is not None else {}),
                "group": sorted(d.group),  # the lightest repair's claims it involves
                "same_as": d.same_as,  # an earlier discrepancy this one restates
                "cause": d.cause,  # the first discrepancy of its cause, when an earlier one
                "details": [_member(m) for m in sorted(d.members, key=lambda m: m.id)],
            }
            for d in report.discrepancies
        ],
        "more_discrepancies": report.more_discrepancies,
        "repairs": [_repair(r, dates) for r in report.repairs],
        "warnings": [_problem(p, report.path) for p in report.warnings],
        "errors": [_problem(p, report.path) for p in report.errors],
        "notes": list(report.notes),
        "open_questions": [
            {"members": sorted(m.id for m in q.members), "settle": q.settle, "reason": q.reason}
            for q in report.open_questions
        ],
        "draft": _draft(report.draft),
    }


def bounds(interval: Interval, is_date: bool = False) -> dict[str, Any]:
    """{min, max, min_open, max_open} of an interval, dates as ISO days."""
    if is_date:
        interval = interval.integers()  # whole days: the closed hull says the same thing
    return {
        "min": _bound(interval.lo, is_date),
        "max": _bound(interval.hi, is_date),
        "min_open": interval.lo_open,
        "max_open": interval.hi_open,
    }


def _values(values: tuple[Fraction, ...] | None) -> dict[str, Any]:
    """{"values": [26, 27, 48]} where the few values a range holds are proved, else nothing;
    each written as a bound is ("25/3" for a value with no finite decimal)."""
    return {} if values is None else {"values": [_bound(v, False) for v in values]}


def _bound(value: Fraction | None, is_date: bool) -> Any:
    if value is None:
        return None
    if is_date and 1 <= value <= datetime.date.max.toordinal():
        return datetime.date.fromordinal(int(value)).isoformat()
    if value.denominator == 1:
        return int(value)
    decimal = finite_decimal(value)
    return f"{value.numerator}/{value.denominator}" if decimal is None else _Number(decimal)


def _member(member: Member) -> dict[str, Any]:
    position = member.position
    return {
        "id": member.id,
        "kind": member.kind,
        "written": member.written,
        "where": member.where,
        "source": member.source,
        "quote": member.quote,
        "quantities": list(member.quantities),
        "file": position.file if position else None,
        "line": position.line if position else None,
        "column": position.column if position else None,
    }


def _repair(repair: Repair, dates: set[str]) -> dict[str, Any]:
    return {
        "drop": sorted(repair.ids),
        "weight": _bound(repair.weight, False),
        "would_fit": {
            claim_id: {
                name: {**bounds(interval, name in dates), **_values((repair.values or {}).get(claim_id, {}).get(name))}
                for name, interval in repair.would_fit[claim_id].items()
            }
            for claim_id in sorted(repair.would_fit)
        },
    }


def _problem(problem: Problem, path: str) -> dict[str, Any]:
    position = problem.position
    return {
        "code": problem.code,
        "message": problem.message,
        "file": position.file if position else path,
        "line": position.line if position else None,
        "column": position.column if position else None,
        "hint": problem.hint,
    }


def _draft(draft: DraftView | None) -> dict[str, Any] | None:
    if draft is None:
        return None
    return {
        "path": draft.path,
        "quotes": [
            {
                "claim": q.claim_id,
                "quote": q.quote,
                "found": q.draft_position is not None,
                "line": q.draft_position.line if q.draft_position else None,
                "column": q.draft_position.column if q.draft_position else None,
                "start": q.start,
                "end": q.end,
            }
            for q in draft.quotes
        ],
        "figures": [
            {
                "text": f.text,
                "line": f.position.line,
                "column": f.position.column,
                "start": f.start,
                "end": f.end,
                "claims": sorted(f.claim_ids),
            }
            for f in draft.figures
        ],
    }


# -- a JSON writer that can write a decimal number exactly as given ---------------------------


class _Number(str):
    """The JSON text of a number, written unquoted (the standard encoder would need a float)."""


def dump(value: Any, indent: int = 0) -> str:
    """`value` as JSON, laid out like json.dumps(indent=2, ensure_ascii=False)."""
    kind = type(value)
    # The common kinds by their exact type first: a large table's report writes some 150,000
    # values, and a chain of isinstance tests for each was a third of writing it.
    if kind is str:
        return _string(value)
    if kind is dict:
        if not value:
            return "{}"
        inner = _INDENTS[indent + 2] if indent + 2 < len(_INDENTS) else " " * (indent + 2)
        items = [f"{inner}{_string(str(k))}: {dump(v, indent + 2)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + inner[2:] + "}"
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return int.__repr__(value)
    if value is None:
        return "null"
    if isinstance(value, _Number):
        return str(value)
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        inner = " " * (indent + 2)
        items = [f"{inner}{dump(v, indent + 2)}" for v in value]
        return "[\n" + ",\n".join(items) + "\n" + " " * indent + "]"
    if isinstance(value, dict):
        return dump(dict(value), indent)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return int.__repr__(value)  # as json.dumps writes it (an int subclass by its digits)
    raise TypeError(f"cannot write {type(value).__name__} in the JSON report")


_INDENTS = [" " * n for n in range(0, 41)]


def _string(text: str) -> str:
    # What json.dumps(text, ensure_ascii=False) gives, without its per-call set-up: a report
    # of a large table writes tens of thousands of strings.
    return escape_invisible(_encode_string(text))


_encode_string = json.encoder.encode_basestring


# JSON may carry any character raw inside a string; the ones that could hide or reorder text
# (line separators, bidi controls, C1 controls) are written as \u escapes instead, so the
# file itself shows nothing it does not say.
_INVISIBLE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")


def escape_invisible(json_text: str) -> str:
    """JSON text with those characters as \\u escapes (they can only stand inside strings)."""
    return _INVISIBLE.sub(lambda m: f"\\u{ord(m[0]):04x}", json_text)
