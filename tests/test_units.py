"""Unit checking: which rules mix units, where the fault is, and what unit an expression has."""

from __future__ import annotations

import pytest

from checker.rules import BinOp, Compare, parse_rule
from checker.units import check_units, unit_of_expr

UNITS = {
    "staff": "people", "total": "people", "backers": "people", "asked": "people",
    "payroll": "usd", "price": "usd", "cost": "usd", "salary": "usd",
    "share": "percent", "items": "count", "n": "count",
    "start": "date", "finish": "date", "gap": "days",
}

AGREEING = [
    "total = staff + backers",
    "share = pct(backers, asked)",
    "total = staff + n",                   # count is a wildcard
    "items = payroll",                     # ... even against money
    "total = staff + 5",                   # a bare number agrees with anything
    "share = 12%",
    "share > 50% and share < 100%",
    "share = share - 5",                   # percentage points
    "share = 5% + 12%",
    "cost = 12% * price",                  # a % factor is a fraction: cost is still usd
    "cost = price / 50%",
    "cost = price * items",                # count times usd: not tracked, never refused
    "payroll = staff * salary",            # people times usd: unknown, not checked
    "price = payroll / staff",
    "staff / total = 1 / 2",               # people / people is a plain ratio
    "round(cost, 2) = price",
    "abs(staff - total) <= 3",
    "total = max(staff, backers, 10)",
    "gap = finish - start",
    "finish = start + 30",
    "finish = start + gap",
    "finish = gap + start",
    "start = finish - gap",
    "finish > start",
    "start <= finish <= start + 7",
    "unlisted = staff + payroll / staff",  # names the caller has not declared are unknown
]


@pytest.mark.parametrize("rule", AGREEING)
def test_agreeing_rules_have_no_errors(rule: str) -> None:
    assert check_units(parse_rule(rule), UNITS) == []


MISMATCHES = [
    # rule, code, offset, words in the message
    ("total = staff + payroll", "unit-mismatch", 14, "cannot add people and usd: `staff + payroll`"),
    ("total = staff - payroll", "unit-mismatch", 14, "cannot subtract usd from people"),
    ("staff = payroll", "unit-mismatch", 6, "cannot compare people with usd: `staff = payroll`"),
    ("total = staff = payroll", "unit-mismatch", 14, "cannot compare people with usd"),
    ("staff < n < payroll", "unit-mismatch", 10, "cannot compare people with usd"),
    ("share = pct(backers, cost)", "unit-mismatch", 21, "pct compares a part with its whole"),
    ("total = min(staff, payroll)", "unit-mismatch", 19, "min needs arguments in one unit"),
    ("share = staff + share", "unit-mismatch", 14, "cannot add people and percent"),
    ("total = staff + 12%", "unit-mismatch", 14, "cannot add people and percent"),
    ("start + finish = gap", "unit-mismatch", 6, "cannot add two dates"),
    ("gap = 30 - start", "unit-mismatch", 9, "cannot subtract a date from a plain number"),
    ("finish = start * 2", "unit-mismatch", 15, "cannot multiply a date"),
    ("gap = finish / 2", "unit-mismatch", 13, "cannot divide a date"),
    ("finish = -start", "unit-mismatch", 9, "cannot negate a date"),
    ("share = pct(start, finish)", "unit-mismatch", 8, "percentage of dates"),
    ("finish = gap", "unit-mismatch", 7, "cannot compare date with days"),
    ("gap = start - 1", "unit-mismatch", 4, "cannot compare days with date"),
    ("n = 1 + 5%", "ambiguous-percent", 8, "`1 + 5%` mixes a percentage with a plain number"),
    ("n = 12% + 1", "ambiguous-percent", 4, "mixes a percentage"),
]


@pytest.mark.parametrize("rule, code, offset, words", MISMATCHES, ids=[m[0] for m in MISMATCHES])
def test_mismatches_are_reported_where_they_are(rule: str, code: str, offset: int, words: str) -> None:
    errors = check_units(parse_rule(rule), UNITS)
    assert [(e.code, e.offset) for e in errors] == [(code, offset)]
    assert words in errors[0].message


def test_one_mistake_is_reported_once() -> None:
    errors = check_units(parse_rule("total = staff + payroll + staff + staff"), UNITS)
    assert len(errors) == 1


def test_every_statement_is_checked() -> None:
    errors = check_units(parse_rule("staff = payroll and share = staff + share"), UNITS)
    assert [e.offset for e in errors] == [6, 34]


def test_ambiguous_percent_hint_works_out_both_readings() -> None:
    (error,) = check_units(parse_rule("n = 1 + 5%"), UNITS)
    assert error.hint is not None
    assert "`1.05`" in error.hint and "`6%`" in error.hint
    (error,) = check_units(parse_rule("n = 200 - 10%"), UNITS)
    assert "`180`" in error.hint and "`190%`" in error.hint  # type: ignore[operator]


def _left(rule: str) -> object:
    formula = parse_rule(rule)
    assert isinstance(formula, Compare)
    return formula.operands[0]


UNIT_OF = [
    ("staff + backers", "people"),
    ("staff + 5", "people"),
    ("5 + 6", "scalar"),
    ("n + 5", "count"),
    ("12%", "percent"),
    ("12% * price", "usd"),
    ("price * 12%", "usd"),
    ("staff * salary", "unknown"),
    ("payroll / staff", "unknown"),
    ("payroll / salary", "scalar"),
    ("payroll / 4", "usd"),
    ("4 / staff", "unknown"),
    ("pct(backers, asked)", "percent"),
    ("round(price, 2)", "usd"),
    ("abs(-staff)", "people"),
    ("max(n, staff)", "people"),
    ("finish - start", "days"),
    ("start + gap", "date"),
    ("finish - 3", "date"),
    ("staff + payroll", "unknown"),      # a mismatch does not spread
]


@pytest.mark.parametrize("expr, unit", UNIT_OF)
def test_unit_of_expr(expr: str, unit: str) -> None:
    node = _left(f"{expr} = 0")
    assert unit_of_expr(node, UNITS) == unit  # type: ignore[arg-type]


def test_error_offset_is_the_operator_of_the_offending_node() -> None:
    formula = parse_rule("total = (staff + payroll) * 2")
    assert isinstance(formula, Compare)
    product = formula.operands[1]
    assert isinstance(product, BinOp) and isinstance(product.left, BinOp)
    (error,) = check_units(formula, UNITS)
    assert error.offset == product.left.op_offset == 15
