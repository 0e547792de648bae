"""Unit checking of rule trees: `staff + payroll` (people + usd) is an error before any solving.

Every expression gets a unit: a quantity's unit word (people, usd, percent, date, days, …),
"scalar" for bare numbers and dimensionless results, or "unknown" where the unit is not tracked
(a product of two units). `scalar`, `unknown` and `count` agree with every unit: `count` is the
default unit of a quantity, so a file that names no units is never refused for them.

Percentage points (`pp`) agree with percentages: the difference of two shares is in points,
and a share plus points is a share. A conversion the file declares (`m2 = 0.09290304 * sqft`)
turns its factor times a quantity in one unit into the other unit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Protocol

from .interval import format_number
from .problems import LocalError
from .rules import (BinOp, Call, Compare, Expr, Formula, Name, Neg, Num, evaluate, literal_value,
                    names, statements, to_text)
from .vocabulary import (CURRENCY_AFTER, CURRENCY_BEFORE, CURRENCY_CODES, DURATION_UNITS,
                         PERCENT_WORDS, POINT_WORDS)

__all__ = ["SCALAR", "UNKNOWN", "COUNT", "PERCENT", "POINTS", "DATE", "DAYS", "UNIT_FAMILIES",
           "Conversion", "check_units", "unit_of_expr", "literal_value"]

SCALAR = "scalar"
UNKNOWN = "unknown"
COUNT = "count"
PERCENT = "percent"
DATE = "date"
DAYS = "days"       # date - date; a duration quantity should say `unit: days`
POINTS = "pp"       # percentage points

# The unit a value's own words give it ("$3m" is usd, "2.3 points" pp), by the quantity unit
# words that mean the same: a value in usd fits a quantity in dollars.
UNIT_FAMILIES: dict[str, str] = {
    **{code: code for code in CURRENCY_CODES},
    **{unit: unit for unit in (*CURRENCY_BEFORE.values(), *CURRENCY_AFTER.values())},
    **CURRENCY_AFTER, "us$": "usd", "sterling": "gbp", "rmb": "cny",
    **{word: PERCENT for word in PERCENT_WORDS}, "percentage": PERCENT,
    **{word: POINTS for word in POINT_WORDS}, "percentage-points": POINTS,
    **DURATION_UNITS,
    "date": DATE,
}


class Conversion(Protocol):
    """A declared conversion: one `unit` is `factor` times `source` (m2 = 0.09290304 * sqft)."""

    unit: str
    factor: Fraction
    source: str


def _canonical(unit: str) -> str:
    """Percentages and points under their one name, so that the two can meet; others as written."""
    family = UNIT_FAMILIES.get(unit.lower())
    return family if family in (PERCENT, POINTS) else unit

# When two wildcards meet, the sum keeps the less specific: scalar + count is a count.
_WILDCARD_RANK = {SCALAR: 0, COUNT: 1, UNKNOWN: 2}
_SNIPPET_CHARS = 60
_SHOWN = {SCALAR: "a plain number", UNKNOWN: "a product of units", COUNT: "a count"}


def _join(u: str, v: str) -> str | None:
    """The unit of two things that must agree (operands of + - or a comparison), None if they don't."""
    if u == v:
        return u
    if {u, v} == {PERCENT, POINTS}:  # 64.1% - 61.8% is 2.3 points; 61.8% + 2.3 points is 64.1%
        return PERCENT
    if u in _WILDCARD_RANK and v in _WILDCARD_RANK:
        return max(u, v, key=_WILDCARD_RANK.__getitem__)
    if u in _WILDCARD_RANK:
        return v
    if v in _WILDCARD_RANK:
        return u
    return None


def _plus(u: str, v: str) -> str | None:
    if u == DATE and v == DATE:
        return None
    if {u, v} == {DATE, DAYS}:
        return DATE
    return _join(u, v)


def _minus(u: str, v: str) -> str | None:
    if u == DATE and v in (DATE, DAYS):
        return DAYS if v == DATE else DATE
    if v == DATE:
        return None
    return _join(u, v)


def _snippet(node: Expr | Compare) -> str:
    text = to_text(node)
    return text if len(text) <= _SNIPPET_CHARS else text[:_SNIPPET_CHARS - 1] + "…"


def _mismatch_message(op: str, u: str, v: str) -> str:
    if op == "+" and u == v == DATE:
        return "cannot add two dates"
    if op == "-" and v == DATE:
        return f"cannot subtract a date from {_SHOWN.get(u, u)}"
    return {"+": f"cannot add {u} and {v}", "-": f"cannot subtract {v} from {u}"}[op]


class _UnitChecker:
    """Gives each node its unit, collecting every mismatch; a node in error gets "unknown"
    so that one mistake is reported once, not again by every operator above it."""

    def __init__(self, unit_of: Mapping[str, str], conversions: Sequence[Conversion] = ()) -> None:
        self.unit_of = unit_of
        self.conversions = conversions
        self.errors: list[LocalError] = []

    def fail(self, offset: int, message: str, hint: str | None = None,
             code: str = "unit-mismatch") -> str:
        self.errors.append(LocalError(code, message, offset, hint))
        return UNKNOWN

    def statement(self, node: Compare) -> None:
        running = self.unit(node.operands[0])
        pairs = zip(node.ops, node.op_offsets or [node.offset] * len(node.ops), node.operands, node.operands[1:])
        for op, offset, before, operand in pairs:
            unit = self.unit(operand)
            joined = _join(running, unit)
            if joined is None:
                self.fail(offset, f"cannot compare {running} with {unit}: "
                                  f"`{_snippet(before)} {op} {_snippet(operand)}`")
            running = unit if joined is None else joined

    def unit(self, node: Expr, as_factor: bool = False) -> str:
        if isinstance(node, Num):
            return PERCENT if node.percent and not as_factor else SCALAR
        if isinstance(node, Name):
            return _canonical(self.unit_of.get(node.id, UNKNOWN))
        if isinstance(node, Neg):
            unit = self.unit(node.operand, as_factor)
            return self.fail(node.offset, "cannot negate a date") if unit == DATE else unit
        if isinstance(node, BinOp):
            return self.sum(node) if node.op in "+-" else self.product(node)
        return self.call(node)

    def sum(self, node: BinOp) -> str:
        left, right = self.unit(node.left), self.unit(node.right)
        ambiguous = self.ambiguous_percent(node, left, right)
        if ambiguous:
            return ambiguous
        result = (_plus if node.op == "+" else _minus)(left, right)
        if result is None:
            return self.fail(node.op_offset, f"{_mismatch_message(node.op, left, right)}: "
                                             f"`{_snippet(node)}`",
                             "subtracting two dates gives the days between them"
                             if left == right == DATE else None)
        return result

    def product(self, node: BinOp) -> str:
        # a `%` literal here is a fraction (12% is 0.12), so it is a scalar factor
        left, right = self.unit(node.left, True), self.unit(node.right, True)
        if DATE in (left, right):
            verb = "multiply" if node.op == "*" else "divide"
            return self.fail(node.op_offset, f"cannot {verb} a date: `{_snippet(node)}`")
        converted = self.converted(node, left, right)
        if converted is not None:
            return converted
        if node.op == "*":
            return right if left == SCALAR else left if right == SCALAR else UNKNOWN
        if left == right and left != UNKNOWN:
            return SCALAR
        return left if right == SCALAR else UNKNOWN

    def converted(self, node: BinOp, left: str, right: str) -> str | None:
        """The unit a declared factor converts to: `0.09290304 * garden_sqft` is in m2 when the
        file declares m2 = 0.09290304 * sqft, and `garden_m2 / 0.09290304` is in sqft."""
        factor, unit = ((node.left, right) if node.op == "*" and isinstance(node.left, Num)
                        else (node.right, left))
        if not isinstance(factor, Num) or factor.percent:
            return None
        for c in self.conversions:
            if c.factor != factor.value:
                continue
            if node.op == "*" and c.source == unit:
                return c.unit
            if node.op == "/" and c.unit == unit and factor is node.right:
                return c.source
        return None

    def call(self, node: Call) -> str:
        units = [self.unit(arg) for arg in node.args[:1 if node.func == "round" else None]]
        if node.func in ("round", "abs"):
            return units[0]
        if node.func == "pct":
            if DATE in units:
                return self.fail(node.offset, f"cannot take a percentage of dates: `{_snippet(node)}`")
            if _join(*units) is None:
                self.fail(node.args[1].offset,
                          f"pct compares a part with its whole in one unit, not {units[0]} and "
                          f"{units[1]}: `{_snippet(node)}`")
            return PERCENT
        running = units[0]
        for arg, unit in zip(node.args[1:], units[1:]):
            joined = _join(running, unit)
            if joined is None:
                return self.fail(arg.offset, f"{node.func} needs arguments in one unit, not "
                                             f"{running} and {unit}: `{_snippet(node)}`")
            running = joined
        return running

    def ambiguous_percent(self, node: BinOp, left: str, right: str) -> str | None:
        """`1 + 5%` reads as 6 by the rules, but a reporter may well mean 1.05: refuse to guess."""
        for literal, other, other_unit in ((node.right, node.left, left), (node.left, node.right, right)):
            num = literal.operand if isinstance(literal, Neg) else literal
            if isinstance(num, Num) and num.percent and other_unit == SCALAR and not names(other):
                return self.fail(literal.offset, f"`{_snippet(node)}` mixes a percentage with a plain "
                                                 "number, which can be read two ways",
                                 _percent_hint(node, literal, other), code="ambiguous-percent")
        return None


def _percent_hint(node: BinOp, literal: Expr, other: Expr) -> str:
    """The two readings of `x ± p%`, worked out, so the reporter picks one."""
    general = "write the number you mean, or every term as a percentage"
    if not isinstance(literal, Num) or literal is not node.right:
        return general
    try:
        base = evaluate(other, {})
    except ZeroDivisionError:
        return general
    sign = 1 if node.op == "+" else -1
    as_share = base * (1 + sign * literal.value / 100)  # type: ignore[operator]
    as_points = base + sign * literal.value  # type: ignore[operator]
    return (f"write `{_plain(as_share)}` for {_plain(literal.value)}% "
            f"{'more' if sign > 0 else 'less'} than {_plain(base)}, "  # type: ignore[arg-type]
            f"or `{_plain(as_points)}%` for percentage points")


def _plain(x: Fraction) -> str:
    return format_number(x, grouping=False)


def check_units(formula: Formula, unit_of: Mapping[str, str],
                conversions: Sequence[Conversion] = ()) -> list[LocalError]:
    """Every unit mismatch in the rule, in the order met; unit_of maps a name to its unit word,
    and `conversions` are the factors the file declares between units."""
    checker = _UnitChecker(unit_of, conversions)
    for statement in statements(formula):
        checker.statement(statement)
    return checker.errors


def unit_of_expr(expr: Expr, unit_of: Mapping[str, str]) -> str:
    """The unit an expression has: a unit word, "scalar" or "unknown" (mismatches give "unknown")."""
    return _UnitChecker(unit_of).unit(expr)
