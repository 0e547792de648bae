"""Values written as fields: {min: 18, max: 24}, {value: 200, tolerance: 5%}, {value: 372, exact: true}.

Each field is a figure that read_value reads; this module checks how the fields go together
and turns them into one Reading.
"""

from __future__ import annotations

import datetime
from fractions import Fraction
from typing import Mapping

from .interval import Interval
from .problems import LocalError
from .values import Reading, read_value
from .vocabulary import Vocabulary, closest, plain_number


_EXPLICIT_FIELDS = ("value", "tolerance", "exact", "min", "max", "min_open", "max_open")


def read_explicit(fields: Mapping[str, str], vocab: Vocabulary, *, unit: str | None = None,
                  published: datetime.date | None = None) -> Reading:
    """{min: 18, max: 24} (min_open/max_open), {value: 200, tolerance: 5%}, {value: 372, exact: true}."""
    text = "{" + ", ".join(f"{k}: {v}" for k, v in fields.items()) + "}"
    for key in fields:
        if key not in _EXPLICIT_FIELDS:
            near = closest(str(key), _EXPLICIT_FIELDS)
            raise LocalError("unknown-key", f'a value has no field "{key}"', 0,
                             f'did you mean "{near}"?' if near else "known: " + ", ".join(_EXPLICIT_FIELDS))
    if "value" in fields:
        stray = [k for k in ("min", "max", "min_open", "max_open") if k in fields]
        if stray:
            raise LocalError("unreadable-value", f'"value" and "{stray[0]}" cannot go together', 0,
                             "give either value (with tolerance or exact) or min and max")
        return _explicit_value(fields, vocab, text, unit, published)
    if "tolerance" in fields or "exact" in fields:
        raise LocalError("unreadable-value", "tolerance and exact need a value", 0,
                         "for example  {value: 200, tolerance: 5%}")
    if "min" not in fields and "max" not in fields:
        raise LocalError("unreadable-value", "an explicit value needs value, min or max", 0,
                         "for example  {min: 18, max: 24}")
    return _explicit_bounds(fields, vocab, text, unit, published)


def _field(key: str, fields: Mapping[str, str], vocab: Vocabulary, unit: str | None,
           published: datetime.date | None) -> Reading:
    try:
        return read_value(str(fields[key]), vocab, unit=unit, published=published)
    except LocalError as error:
        raise LocalError(error.code, f'in "{key}": {error.message}', error.offset, error.hint) from None


def _point(key: str, reading: Reading, unit: str | None) -> Fraction:
    """The single figure a field names: the stated number, or a single day."""
    if unit == "date" and reading.interval.is_point():
        return reading.interval.lo  # type: ignore[return-value]
    if unit != "date" and reading.stated is not None and reading.kind in ("exact", "rounded"):
        return reading.stated
    raise LocalError("unreadable-value", f'"{key}" takes a single figure, not "{reading.text}"', 0,
                     'for example  {min: 18, max: 24}' if unit != "date" else "write one day")


def _explicit_bounds(fields: Mapping[str, str], vocab: Vocabulary, text: str, unit: str | None,
                     published: datetime.date | None) -> Reading:
    ends: dict[str, Fraction | None] = {"min": None, "max": None}
    units = set()
    for key in ("min", "max"):
        if key in fields:
            reading = _field(key, fields, vocab, unit, published)
            if unit == "date":  # a span of days: min from its first day, max to its last
                ends[key] = reading.interval.lo if key == "min" else reading.interval.hi
            else:
                ends[key] = _point(key, reading, unit)
            units.add(reading.unit)
    opens = []
    for key, end in (("min_open", "min"), ("max_open", "max")):
        if key in fields and end not in fields:
            raise LocalError("unreadable-value", f'"{key}" needs "{end}"', 0, None)
        opens.append(_flag(key, fields.get(key, "false")))
    units.discard(None)
    if len(units) > 1:
        raise LocalError("unreadable-value", "min and max are in different units", 0,
                         "write both in one unit")
    interval = Interval(ends["min"], ends["max"], opens[0], opens[1])
    if interval.is_empty():
        raise LocalError("unreadable-value", "min must be below max", 0, "swap min and max")
    kind = "range" if len(ends) == sum(e is not None for e in ends.values()) else "bound"
    return Reading(interval, next(iter(units), None), kind, text)


def _explicit_value(fields: Mapping[str, str], vocab: Vocabulary, text: str, unit: str | None,
                    published: datetime.date | None) -> Reading:
    reading = _field("value", fields, vocab, unit, published)
    exact = _flag("exact", fields.get("exact", "false"))
    if exact and "tolerance" in fields:
        raise LocalError("unreadable-value", "a value cannot be both exact and within a tolerance",
                         0, "keep exact or tolerance")
    if not exact and "tolerance" not in fields:
        return reading
    v = _point("value", reading, unit)
    if exact:
        return Reading(Interval.point(v), reading.unit, "exact", text, stated=v)
    share, amount = _explicit_tolerance(str(fields["tolerance"]), unit)
    spread = abs(v) * share if share is not None else amount
    return Reading(Interval(v - spread, v + spread), reading.unit, "approximate", text, stated=v)


def _explicit_tolerance(written: str, unit: str | None) -> tuple[Fraction | None, Fraction]:
    """(share, None) for "5%"; (None, amount) for "3" (days for dates), in the value's unit."""
    body = written.strip().lower()
    share = body.endswith("%") and unit != "date"
    if unit == "date":
        body = body.removesuffix("days").removesuffix("day")
    number = plain_number(body.rstrip("%").strip())
    if number is None or number < 0:
        raise LocalError("unreadable-value", f'in "tolerance": "{written}" is not a tolerance', 0,
                         '"5%" (a share of the value) or "3" (an amount in its unit)'
                         if unit != "date" else '"3 days"')
    return (number / 100, Fraction(0)) if share else (None, number)  # type: ignore[return-value]


def _flag(key: str, written: str) -> bool:
    text = str(written).strip().lower()
    if text not in ("true", "false"):
        raise LocalError("unreadable-value", f'"{key}" is true or false, not "{written}"', 0,
                         f"{key}: true")
    return text == "true"
