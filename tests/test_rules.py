"""The rule grammar: trees, canonical text, exact evaluation, and errors at the right offset."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.problems import LocalError
from checker.rules import (MAX_DEPTH, MAX_OPERATIONS, MAX_NESTING, And, BinOp, Call, Compare, Name, Neg, Num, evaluate,
                           literal_value, names, parse_rule, round_digits, round_half_away, to_text)

a, b, c = Name("a"), Name("b"), Name("c")


def n(value: str | int, percent: bool = False) -> Num:
    return Num(Fraction(value), percent)


# -- trees ----------------------------------------------------------------------------------
TREES = [
    ("a = b", Compare((a, b), ("=",))),
    ("a == b", Compare((a, b), ("=",))),
    ("a = b = 150", Compare((a, b, n(150)), ("=", "="))),
    ("0 < a < 10", Compare((n(0), a, n(10)), ("<", "<"))),
    ("a != b", Compare((a, b), ("!=",))),
    ("a <= b", Compare((a, b), ("<=",))),
    ("a >= b", Compare((a, b), (">=",))),
    ("a - b - c = 0", Compare((BinOp("-", BinOp("-", a, b), c), n(0)), ("=",))),
    ("a / b / c = 0", Compare((BinOp("/", BinOp("/", a, b), c), n(0)), ("=",))),
    ("a + b * c = 0", Compare((BinOp("+", a, BinOp("*", b, c)), n(0)), ("=",))),
    ("(a + b) * c = 0", Compare((BinOp("*", BinOp("+", a, b), c), n(0)), ("=",))),
    ("-a * b = 0", Compare((BinOp("*", Neg(a), b), n(0)), ("=",))),
    ("a * -b = 0", Compare((BinOp("*", a, Neg(b)), n(0)), ("=",))),
    ("a - -b = 0", Compare((BinOp("-", a, Neg(b)), n(0)), ("=",))),
    ("a = +b", Compare((a, b), ("=",))),
    ("a = 12%", Compare((a, n(12, True)), ("=",))),
    ("a = 0.25", Compare((a, n("0.25")), ("=",))),
    ("a = 1_000", Compare((a, n(1000)), ("=",))),
    ("a = 12.5%", Compare((a, n("12.5", True)), ("=",))),
    ("a = b and b < c", And((Compare((a, b), ("=",)), Compare((b, c), ("<",))))),
    ("share = pct(a, b)", Compare((Name("share"), Call("pct", (a, b))), ("=",))),
    ("round(a, 1) = b", Compare((Call("round", (a, n(1))), b), ("=",))),
    ("round(a, -3) = b", Compare((Call("round", (a, n(-3))), b), ("=",))),
    ("round(a) = b", Compare((Call("round", (a,)), b), ("=",))),
    ("max(a, b, c) = abs(a)", Compare((Call("max", (a, b, c)), Call("abs", (a,))), ("=",))),
    ("votes = yes + no", Compare((Name("votes"), BinOp("+", Name("yes"), Name("no"))), ("=",))),
    ("and_x = AND", Compare((Name("and_x"), Name("AND")), ("=",))),
]


@pytest.mark.parametrize("text, tree", TREES, ids=[t for t, _ in TREES])
def test_parse_gives_the_tree(text: str, tree: object) -> None:
    assert parse_rule(text) == tree


CANONICAL = [
    ("exchanged = ua_freed + ru_freed + ua_wounded", "exchanged = ua_freed + ru_freed + ua_wounded"),
    ("share=pct(backers,asked)", "share = pct(backers, asked)"),
    ("a == b == 150", "a = b = 150"),
    ("children<adults", "children < adults"),
    ("a = (b + c)", "a = b + c"),
    ("a = b - (c - a)", "a = b - (c - a)"),
    ("a = b + (c + a)", "a = b + (c + a)"),
    ("a = (b + c) + a", "a = b + c + a"),
    ("a = b / (c * a)", "a = b / (c * a)"),
    ("a = (b * c) / a", "a = b * c / a"),
    ("a = -(b + c)", "a = -(b + c)"),
    ("a = - - b", "a = -(-b)"),
    ("a = 1_000 + 007 + 2.50", "a = 1000 + 7 + 2.5"),
    ("a = 12.0%", "a = 12%"),
    ("a=b  and\n b<c", "a = b and b < c"),
    ("round( a , -2 ) = b", "round(a, -2) = b"),
    ("a = min(5,10, 2.5)", "a = min(5, 10, 2.5)"),      # a comma before 1 or 2 digits is not grouping
    ("a = max(5, 100)", "a = max(5, 100)"),
]


@pytest.mark.parametrize("text, canonical", CANONICAL)
def test_to_text_is_canonical(text: str, canonical: str) -> None:
    assert to_text(parse_rule(text)) == canonical


def test_offsets_point_into_the_text() -> None:
    rule = parse_rule("total = staff + payroll")
    assert isinstance(rule, Compare)
    total, plus = rule.operands
    assert (total.offset, total.end) == (0, 5)
    assert isinstance(plus, BinOp)
    assert (plus.offset, plus.op_offset, plus.end) == (8, 14, 23)
    assert rule.op_offsets == (6,)
    call = parse_rule("x = pct(a, b)").operands[1]  # type: ignore[union-attr]
    assert (call.offset, call.end) == (4, 13)


def test_names_in_first_use_order() -> None:
    assert names(parse_rule("z = pct(y, x) + y and x < q")) == ("z", "y", "x", "q")


def test_round_digits() -> None:
    assert round_digits(parse_rule("round(a) = 1").operands[0]) == 0  # type: ignore[union-attr, arg-type]
    assert round_digits(parse_rule("round(a, -3) = 1").operands[0]) == -3  # type: ignore[union-attr, arg-type]


# -- evaluation -----------------------------------------------------------------------------
EVALUATIONS = [
    ("1/3 + 1/3 + 1/3", {}, Fraction(1)),
    ("a - b - c", {"a": 10, "b": 3, "c": 2}, Fraction(5)),
    ("a / b / c", {"a": 12, "b": 3, "c": 2}, Fraction(2)),
    ("-a * b", {"a": 2, "b": 3}, Fraction(-6)),
    ("12% * a", {"a": 200}, Fraction(24)),
    ("a / 50%", {"a": 7}, Fraction(14)),
    ("-12% * a", {"a": 100}, Fraction(-12)),
    ("a + 12%", {"a": 1}, Fraction(13)),          # percentage points where it is added
    ("pct(a, b)", {"a": 1, "b": 3}, Fraction(100, 3)),
    ("round(2.5)", {}, Fraction(3)),
    ("round(-2.5)", {}, Fraction(-3)),
    ("round(a, 1)", {"a": Fraction(1, 3)}, Fraction(3, 10)),
    ("round(1234, -2)", {}, Fraction(1200)),
    ("abs(a - b)", {"a": 2, "b": 5}, Fraction(3)),
    ("min(a, b, 4)", {"a": 7, "b": 5}, Fraction(4)),
    ("max(a, b, 4)", {"a": 7, "b": 5}, Fraction(7)),
]


@pytest.mark.parametrize("expr, env, value", EVALUATIONS)
def test_evaluate_is_exact(expr: str, env: dict[str, int], value: Fraction) -> None:
    rule = parse_rule(f"{expr} = 0")
    assert isinstance(rule, Compare)
    assert evaluate(rule.operands[0], {k: Fraction(v) for k, v in env.items()}) == value


@pytest.mark.parametrize("rule, env, truth", [
    ("1/3 + 1/3 + 1/3 = 1", {}, True),
    ("a = b = 150", {"a": 150, "b": 150}, True),
    ("a = b = 150", {"a": 150, "b": 149}, False),
    ("0 < a < 10", {"a": 10}, False),
    ("0 < a <= 10", {"a": 10}, True),
    ("a > 1 and a < 3", {"a": 2}, True),
    ("a > 1 and a < 3", {"a": 3}, False),
    ("a != b", {"a": 1, "b": 1}, False),
])
def test_evaluate_statements(rule: str, env: dict[str, int], truth: bool) -> None:
    assert evaluate(parse_rule(rule), {k: Fraction(v) for k, v in env.items()}) is truth


def test_division_by_zero_raises() -> None:
    with pytest.raises(ZeroDivisionError):
        evaluate(parse_rule("a / b = 1"), {"a": Fraction(1), "b": Fraction(0)})


def test_literal_value_reads_percent_by_position() -> None:
    twelve = Num(Fraction(12), True)
    assert literal_value(twelve, as_factor=False) == 12
    assert literal_value(twelve, as_factor=True) == Fraction(3, 25)
    assert literal_value(Num(Fraction(12)), as_factor=True) == 12


def test_round_half_away() -> None:
    assert round_half_away(Fraction(15, 100), 1) == Fraction(2, 10)
    assert round_half_away(Fraction(-15, 100), 1) == Fraction(-2, 10)
    assert round_half_away(Fraction(149), -2) == Fraction(100)


# -- errors ---------------------------------------------------------------------------------
ERRORS = [
    # rule, offset, words in the message or hint
    ("a = __import__('os').system('x') + b", 4, "rules allow only"),
    ("a = b + 'x'", 8, "strings"),
    ("a == ", 5, "end of the rule"),
    ("a = b +", 7, "end of the rule"),
    ("(a + b = c", 0, "never closed"),
    ("a = ((b + c) * 2", 4, "never closed"),
    ("a + b) = c", 5, "closes nothing"),
    ("(a = b)", 3, "inside parentheses"),
    ("a + b", 0, "must compare"),
    ("a = b and c", 10, "must compare"),
    ("a => b", 2, ">="),
    ("a =< b", 2, "<="),
    ("a <> b", 2, "!="),
    ("a = 2 x b", 6, "`*`"),
    ("a = b × c", 6, "`*`"),
    ("a = b ÷ c", 6, "`/`"),
    ("a = 1,000", 5, "1_000"),
    ("a = 1,250,000 + b", 5, "1250000"),
    ("a = min(5,100)", 9, "space after the comma"),
    ("a = 1_000,000", 9, "1000000"),
    ("a = b ** 2", 6, "powers"),
    ("a = b ^ 2", 6, "powers"),
    ("a = b; c = d", 5, "`and`"),
    ("a = b && c = d", 6, "`and`"),
    ("a = b or c", 6, "`or`"),
    ("a = sqrt(b)", 4, "not a function"),
    ("a = rond(b)", 4, "`round`"),
    ("a = Pct(b, c)", 4, "`pct`"),
    ("a = b(c)", 4, "b * (…)"),
    ("a = 2(b)", 5, "multiply"),
    ("a = 2b", 5, "`2 * b`"),
    ("a = 1e6", 5, "exponent"),
    ("a = 1.2m", 7, "in full"),
    ("a = .5", 4, "0.5"),
    ("a = 5.", 5, "decimal point"),
    ("a = 1__0", 5, "between digits"),
    ("a = 12 % b", 7, "remainder"),
    ("a = $3", 4, "currency"),
    ("a = b.c", 5, "decimal point"),
    ("and = 5", 0, "cannot be a quantity name"),
    ("a = b and and = 5", 10, "cannot be a quantity name"),
    ("a = b and", 9, "end of the rule"),
    ("pct(a) = 1", 0, "pct(part, whole)"),
    ("abs(a, b) = 1", 0, "1 argument"),
    ("min(a) = 1", 0, "at least 2"),
    ("round(a, 1.5) = 1", 9, "whole number"),
    ("round(a, b) = 1", 9, "whole number"),
    ("round(a, 1000) = 1", 9, "at most"),
    ("a = b c", 6, "operator"),
    ("a = ()", 5, "a number, a name or `(`"),
    ("a = b, c", 5, "arguments"),
    ("   ", 0, "empty"),
    ("a = b ≤ c", 6, "<="),
    ("a = b − c", 6, "`-`"),
    ("a = @b", 4, "rules allow only"),
]


@pytest.mark.parametrize("rule, offset, words", ERRORS, ids=[r for r, _, _ in ERRORS])
def test_errors_say_where_and_what(rule: str, offset: int, words: str) -> None:
    with pytest.raises(LocalError) as caught:
        parse_rule(rule)
    error = caught.value
    assert error.code == "rule-syntax"
    assert error.offset == offset
    assert words in f"{error.message} {error.hint or ''}"


HOSTILE = [
    "(" * 4000 + "a" + ")" * 4000 + " = 1",
    "a = " + "(" * 51 + "b" + ")" * 51,
    "a = " + "-" * 5000 + "b",
    "a = " + " + ".join(["b"] * (MAX_OPERATIONS + 100)),
    "a" * 1_000_000 + " = 1",
    "a = " + "9" * 5000,
    "a = " + "(" * 9000,
    "a = round(b, 9" + "9" * 30 + ")",
]


@pytest.mark.parametrize("rule", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_rules_are_refused(rule: str) -> None:
    with pytest.raises(LocalError):
        parse_rule(rule)


def test_a_long_flat_sum_is_long_not_deep() -> None:
    # a table's total over 20,000 cells is one level of operations, however many terms
    rule = parse_rule("a = " + " + ".join(["b"] * 20_000) + " - 2 * c * d * e")
    assert evaluate(rule, {"a": Fraction(19_996), "b": Fraction(1), "c": Fraction(1), "d": Fraction(2), "e": Fraction(1)})
    with pytest.raises(LocalError) as caught:
        parse_rule("a = " + "-" * (MAX_DEPTH + 1) + "b")
    assert "deep" in caught.value.message


def test_deepest_allowed_rule_still_prints_and_evaluates() -> None:
    rule = parse_rule("a = " + " + ".join(["b"] * MAX_DEPTH))
    assert evaluate(rule, {"a": Fraction(MAX_DEPTH), "b": Fraction(1)}) is True
    assert to_text(parse_rule(to_text(rule))) == to_text(rule)
    nested = parse_rule("a = " + "(" * MAX_NESTING + "b" + " + 1)" * MAX_NESTING)
    assert evaluate(nested, {"a": Fraction(MAX_NESTING + 1), "b": Fraction(1)}) is True
    with pytest.raises(LocalError) as caught:
        parse_rule("a = " + "(" * (MAX_NESTING + 1) + "b" + ")" * (MAX_NESTING + 1))
    assert caught.value.offset == 4 + MAX_NESTING


# -- property: canonical text reparses to the same tree -------------------------------------
_names = st.sampled_from(["a", "b", "yes", "no", "x1", "total_2", "And"])
_nums = st.builds(Num, st.decimals(min_value=0, max_value=10**6, places=3, allow_nan=False,
                                   allow_infinity=False).map(Fraction), st.booleans())


def _calls(inner: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    digits = st.integers(-3, 3).map(lambda d: Num(Fraction(d)))
    return st.one_of(
        st.builds(lambda x: Call("abs", (x,)), inner),
        st.builds(lambda x: Call("round", (x,)), inner),
        st.builds(lambda x, d: Call("round", (x, d)), inner, digits),
        st.builds(lambda x, y: Call("pct", (x, y)), inner, inner),
        st.builds(lambda f, xs: Call(f, tuple(xs)), st.sampled_from(["min", "max"]),
                  st.lists(inner, min_size=2, max_size=3)),
    )


_exprs = st.recursive(
    st.one_of(st.builds(Name, _names), _nums),
    lambda inner: st.one_of(
        st.builds(Neg, inner),
        st.builds(BinOp, st.sampled_from("+-*/"), inner, inner),
        _calls(inner),
    ),
    max_leaves=12,
)
_compares = st.integers(1, 3).flatmap(lambda k: st.builds(
    lambda xs, ops: Compare(tuple(xs), tuple(ops)),
    st.lists(_exprs, min_size=k + 1, max_size=k + 1),
    st.lists(st.sampled_from(["=", "!=", "<", "<=", ">", ">="]), min_size=k, max_size=k)))
_formulas = st.one_of(_compares, st.lists(_compares, min_size=2, max_size=3).map(
    lambda parts: And(tuple(parts))))


@settings(max_examples=300, deadline=None)
@given(_formulas)
def test_to_text_reparses_to_an_equal_tree(formula: object) -> None:
    text = to_text(formula)  # type: ignore[arg-type]
    assert parse_rule(text) == formula
    assert to_text(parse_rule(text)) == text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab1_%.,()+-*/=<>!& x'", max_size=40))
def test_arbitrary_text_parses_or_fails_cleanly(text: str) -> None:
    try:
        rule = parse_rule(text)
    except LocalError as error:
        assert 0 <= error.offset <= len(text)
        assert error.message
    else:
        assert parse_rule(to_text(rule)) == rule


# Rules without a slip are tokenized by one regular expression (a table has thousands of them);
# everything else is scanned character by character, which names the slip. On any text, the
# two must give the same tokens, or the same error.
_RULE_PIECES = st.sampled_from(
    list("ab_xz019 .,%()=<>!+-*/^&|;") + ["and", "pct", "1,000", "1_000", "12%", "×", "−", "é", "\t",
                                           "\u00a0", "e6", "**", "=>", "<>", "//", "0.25", "2x"])


@settings(max_examples=2000, deadline=None)
@given(st.lists(_RULE_PIECES, max_size=14).map("".join))
def test_rule_tokens_are_the_same_by_either_reading(text: str) -> None:
    from checker import rule_tokens

    def outcome(read) -> object:
        try:
            return read(text)
        except LocalError as e:
            return (e.code, e.message, e.offset, e.hint)

    assert outcome(rule_tokens.tokenize) == outcome(rule_tokens._scan)
