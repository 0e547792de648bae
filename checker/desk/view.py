"""A `FileReport` as the JSON the desk's page draws: it only reads the findings records.

Cards are one per cause: discrepancies that share a `Discrepancy.group` (the same claims of
the lightest repair, seen through restatements of the same figures) make one card, shown
with its first discrepancy's arithmetic and every claim its discrepancies involve.
"""

from __future__ import annotations

from typing import Any

from ..findings import Discrepancy, FileReport, Member, Repair
from ..interval import Interval, format_number
from ..problems import Problem

from ..readable import choices, days, span


def report_view(report: FileReport) -> dict[str, Any]:
    """Everything the page shows about one check, as plain JSON data."""
    dates = {q.name for q in report.quantities if q.is_date}
    units = {q.name: q.unit for q in report.quantities}
    cards = _cards(report.discrepancies)
    in_conflict = {i for card in cards if card["accepted"] is None for i in card["ids"]}
    draft = report.draft
    return {
        "status": report.status,
        "title": report.title,
        "cards": cards,
        "more": report.more_discrepancies,
        "repairs": [_repair(r, dates, units) for r in report.repairs],
        "open_questions": [{"ids": [m.id for m in q.members], "settle": q.settle, "reason": q.reason}
                           for q in report.open_questions],
        "ranges": [{"name": q.name, "unit": q.unit, "range": _range(q.range, q.is_date, q.unit)}
                   for q in report.quantities],
        "errors": [_problem(p) for p in report.errors],
        "warnings": [_problem(p) for p in report.warnings],
        "notes": list(report.notes),
        "draft": None if draft is None else {
            "path": draft.path,
            "text": draft.text,
            "quotes": [{"id": q.claim_id, "start": q.start, "end": q.end}
                       for q in draft.quotes if q.start is not None],
            "figures": [{"start": f.start, "end": f.end, "text": f.text, "ids": list(f.claim_ids),
                         "state": _state(f.claim_ids, in_conflict)} for f in draft.figures],
        },
    }


def _state(claim_ids: tuple[str, ...], in_conflict: set[str]) -> str:
    if not claim_ids:
        return "uncovered"
    return "conflict" if in_conflict.intersection(claim_ids) else "covered"


def _causes(discrepancies: tuple[Discrepancy, ...]) -> list[list[tuple[int, Discrepancy]]]:
    """The discrepancies (numbered from 1) by cause, each cause in order of its first."""
    by_cause: dict[Any, list[tuple[int, Discrepancy]]] = {}
    for number, d in enumerate(discrepancies, 1):
        by_cause.setdefault(d.cause or number, []).append((number, d))
    return list(by_cause.values())


def _cards(discrepancies: tuple[Discrepancy, ...]) -> list[dict[str, Any]]:
    cards = []
    for found in _causes(discrepancies):
        first = found[0][1]
        group = first.group
        members: dict[str, Member] = {}
        for _, d in found:
            for m in d.members:
                members.setdefault(m.id, m)
        cards.append({
            "group": list(group),
            "numbers": [n for n, _ in found],
            "explanation": first.explanation,
            "also": [d.explanation for _, d in found[1:] if d.same_as is None][:3],
            "accepted": first.accepted,
            "ids": sorted(members),
            "members": [_member(m) for m in sorted(members.values(), key=lambda m: (m.id not in group, m.id))],
        })
    return cards


def _member(m: Member) -> dict[str, Any]:
    return {"id": m.id, "kind": m.kind, "written": m.written, "where": m.where, "source": m.source,
            "quote": m.quote, "quantities": list(m.quantities),
            "line": m.position.line if m.position else None}


def _repair(repair: Repair, dates: set[str], units: dict[str, str | None]) -> dict[str, Any]:
    # What each claim would need: only the ranges that tell something.
    needs_of = repair.would_fit if repair.needs is None else repair.needs
    changes = []
    for m in repair.drop:
        fit = needs_of.get(m.id, {})
        sets = (repair.values or {}).get(m.id, {})
        # Where only a few values fit, they say more than the span around them.
        needs = {name: choices(sets[name], units.get(name)) if sets.get(name) and name not in dates else _range(iv, name in dates)
                 for name, iv in sorted(fit.items())}
        points = {iv.lo for name, iv in fit.items() if iv.is_point() and name not in dates}
        # One number that every quantity of the claim would need: the claim's new value.
        value = (format_number(points.pop(), grouping=False)
                 if len(points) == 1 and fit and all(iv.is_point() for iv in fit.values()) else None)
        changes.append({"id": m.id, "kind": m.kind, "written": m.written, "needs": needs, "value": value})
    return {"ids": list(repair.ids), "weight": format_number(repair.weight), "changes": changes}


def _range(iv: Interval, is_date: bool, unit: str | None = None) -> str:
    return days(iv) if is_date else span(iv, unit)


def _problem(p: Problem) -> dict[str, Any]:
    return {"code": p.code, "message": p.message, "hint": p.hint,
            "file": p.position.file if p.position else None,
            "line": p.position.line if p.position else None,
            "column": p.position.column if p.position else None}
