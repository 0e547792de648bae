"""The rule grammar: arithmetic statements over quantity names, parsed here, never run as Python.

    formula   = statement { "and" statement }
    statement = expr compare expr { compare expr }          (compare: = == != < <= > >=)
    expr      = term { ("+" | "-") term }
    term      = unary { ("*" | "/") unary }
    unary     = { "-" | "+" } primary
    primary   = number | name | function "(" expr { "," expr } ")" | "(" expr ")"

The tokens, and the slips refused in them, come from rule_tokens.py.
"""

from __future__ import annotations

import difflib
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from .interval import finite_decimal
from .problems import LocalError
# ALLOWED, MAX_NESTING, MAX_NUMBER_CHARS and Token stay importable from here, where they began.
from .rule_tokens import (ALLOWED, MAX_NESTING, MAX_NUMBER_CHARS, UNEXPECTED_HINTS, Token,  # noqa: F401
                          check_parentheses, syntax_error, tokenize)

# Bounds on hostile input: each limit is far above any rule a fact-checker writes.
MAX_RULE_CHARS = 500_000   # a budget book's total may sum 20,000 named lines
# Nesting: operations inside operations. A flat run of + and - (or of * and /) is one level,
# however long: a table's total of 5,000 cells is long, not deep.
MAX_DEPTH = 100
# Operations in one rule, which bound the height of its tree: every later stage walks the tree
# recursively, and a flat sum of n terms is n high. parse_rule() raises the interpreter's
# recursion limit to match; on CPython 3.11+ Python-to-Python calls do not use the C stack.
MAX_OPERATIONS = 25_000
MAX_ROUND_DIGITS = 15


# -- the tree -------------------------------------------------------------------------------
# Offsets are 0-based character positions in the rule text; they do not take part in equality,
# so a rule reprinted by to_text() parses to an equal tree.
def _pos() -> Any:
    return field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Num:
    """A number as written: `12%` has value 12 and percent True."""

    value: Fraction
    percent: bool = False          # written with `%`: see literal_value()
    text: str = field(default="", compare=False)
    offset: int = _pos()
    end: int = _pos()


@dataclass(frozen=True, slots=True)
class Name:
    """A quantity's name."""

    id: str
    offset: int = _pos()
    end: int = _pos()


@dataclass(frozen=True, slots=True)
class Neg:
    """Unary minus."""

    operand: Expr
    offset: int = _pos()
    end: int = _pos()


@dataclass(frozen=True, slots=True)
class BinOp:
    """`left op right` for + - * /; op_offset is where the operator stands."""

    op: str                        # + - * /
    left: Expr
    right: Expr
    offset: int = _pos()
    end: int = _pos()
    op_offset: int = _pos()


@dataclass(frozen=True, slots=True)
class Call:
    """One of FUNCTIONS; round's digits, when given, are a whole-number Num."""

    func: str                      # round abs min max pct
    args: tuple[Expr, ...]
    offset: int = _pos()
    end: int = _pos()


@dataclass(frozen=True, slots=True)
class Compare:
    """A statement: operands linked by comparisons, each link must hold (`0 < x < 10`)."""

    operands: tuple[Expr, ...]
    ops: tuple[str, ...]           # = != < <= > >=  ("==" is read as "=")
    offset: int = _pos()
    end: int = _pos()
    op_offsets: tuple[int, ...] = field(default=(), compare=False)


@dataclass(frozen=True, slots=True)
class And:
    """Statements joined by `and`: all must hold."""

    parts: tuple[Compare, ...]
    offset: int = _pos()
    end: int = _pos()


Expr = Num | Name | Neg | BinOp | Call
Formula = Compare | And
Node = Expr | Compare | And

# name -> (fewest, most arguments (None: no limit), how it is written)
FUNCTIONS: dict[str, tuple[int, int | None, str]] = {
    "round": (1, 2, "round(value, digits)"), "abs": (1, 1, "abs(value)"),
    "min": (2, None, "min(a, b, …)"), "max": (2, None, "max(a, b, …)"),
    "pct": (2, 2, "pct(part, whole)"),
}
_FUNCTION_ALIASES = {
    "percent": "pct", "percentage": "pct", "minimum": "min", "maximum": "max",
    "sum": "write the terms with `+`", "avg": "write `(a + b) / 2`", "mean": "write `(a + b) / 2`",
}

# -- the parser -----------------------------------------------------------------------------
class _Parser:
    """Recursive descent over the tokens; recursion happens only at parentheses (bounded)."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.i = 0

    def peek(self) -> Token:
        return self.tokens[self.i]

    def take(self) -> Token:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def formula(self) -> Formula:
        parts = [self.statement()]
        while self.peek().kind == "and":
            self.take()
            parts.append(self.statement())
        if len(parts) == 1:
            return parts[0]
        return And(tuple(parts), parts[0].offset, parts[-1].end)

    def statement(self) -> Compare:
        operands = [self.expr()]
        ops: list[str] = []
        op_offsets: list[int] = []
        while self.peek().kind == "cmp":
            tok = self.take()
            ops.append("=" if tok.text == "==" else tok.text)
            op_offsets.append(tok.offset)
            operands.append(self.expr())
        if self.peek().kind not in ("end", "and"):
            raise self.unexpected("an operator, a comparison or `and`")
        if not ops:
            raise syntax_error("a rule must compare, e.g. `total = a + b`", operands[0].offset,
                               "add a comparison: = != < <= > >=")
        return Compare(tuple(operands), tuple(ops), operands[0].offset, operands[-1].end,
                       tuple(op_offsets))

    def expr(self) -> Expr:
        return self.chain(self.term, "+-")

    def term(self) -> Expr:
        return self.chain(self.unary, "*/")

    def chain(self, operand: Callable[[], Expr], ops: str) -> Expr:
        left = operand()
        tokens = self.tokens  # read in place rather than by peek(): a table has thousands of rules
        while (tok := tokens[self.i]).kind == "op" and tok.text in ops:
            self.i += 1
            right = operand()
            left = BinOp(tok.text, left, right, left.offset, right.end, tok.offset)
        return left

    def unary(self) -> Expr:
        tok = self.tokens[self.i]
        if tok.kind != "op" or tok.text not in "+-":  # most operands have no sign
            return self.primary()
        signs: list[Token] = []
        while self.peek().kind == "op" and self.peek().text in "+-":
            signs.append(self.take())
        node = self.primary()
        for sign in reversed(signs):   # unary plus changes nothing and leaves no node
            if sign.text == "-":
                node = Neg(node, sign.offset, node.end)
        return node

    def primary(self) -> Expr:
        tok = self.tokens[self.i]
        if tok.kind == "num":
            self.take()
            value = Fraction(tok.text.rstrip("%").replace("_", ""))
            return Num(value, tok.text.endswith("%"), tok.text, tok.offset, tok.offset + len(tok.text))
        if tok.kind == "name" and self.tokens[self.i + 1].kind == "(":
            return self.call()
        if tok.kind == "name":
            self.take()
            return Name(tok.text, tok.offset, tok.offset + len(tok.text))
        if tok.kind == "(":
            self.take()
            inner = self.expr()
            self.close()
            return inner
        if tok.kind == "and":
            raise syntax_error("`and` joins statements; it cannot be a quantity name", tok.offset,
                               "rename the quantity, e.g. `and_total`")
        raise self.unexpected("a number, a name or `(`")

    def call(self) -> Call:
        name = self.take()
        if name.text not in FUNCTIONS:
            raise _unknown_function(name)
        self.take()   # "("
        args = [self.expr()]
        while self.peek().kind == ",":
            self.take()
            args.append(self.expr())
        end = self.close()
        fewest, most, usage = FUNCTIONS[name.text]
        if len(args) < fewest or (most is not None and len(args) > most):
            wanted = {None: f"at least {fewest}", fewest: f"{fewest}"}.get(most, f"{fewest} or {most}")
            plural = "" if wanted == "1" else "s"
            raise syntax_error(f"`{name.text}` takes {wanted} argument{plural}, not {len(args)}", name.offset,
                               f"write {usage}")
        if name.text == "round" and len(args) == 2:
            args[1] = _round_digits_literal(args[1])
        return Call(name.text, tuple(args), name.offset, end)

    def close(self) -> int:
        """Take the `)` that must come next; return the offset after it."""
        tok = self.peek()
        if tok.kind == ")":
            self.take()
            return tok.offset + 1
        if tok.kind == "cmp":
            raise syntax_error("a comparison cannot go inside parentheses", tok.offset,
                               "compare whole expressions, e.g. `(a + b) = c`")
        if tok.kind == ",":
            raise syntax_error("a `,` only separates a function's arguments", tok.offset)
        raise self.unexpected("`)`")

    def unexpected(self, expected: str) -> LocalError:
        tok = self.peek()
        if tok.kind == "end":
            return syntax_error(f"expected {expected} at the end of the rule", tok.offset)
        after_operand = self.i > 0 and self.tokens[self.i - 1].kind in ("name", "num", ")")
        hint = UNEXPECTED_HINTS.get(tok.text)
        if tok.kind != "," and not after_operand:
            hint = None
        elif tok.kind in ("name", "num"):
            hint = hint or "put an operator between them"
        return syntax_error(f"expected {expected} before `{tok.text}`", tok.offset, hint)



def _unknown_function(name: Token) -> LocalError:
    known = ", ".join(FUNCTIONS)
    alias = _FUNCTION_ALIASES.get(name.text.lower())
    close = difflib.get_close_matches(name.text.lower(), FUNCTIONS, n=1, cutoff=0.6)
    if name.text.lower() in FUNCTIONS:
        hint = f"functions are written in lower case: `{name.text.lower()}`"
    elif alias in FUNCTIONS or close:
        hint = f"did you mean `{alias if alias in FUNCTIONS else close[0]}`?"
    else:
        hint = alias or f"to multiply, write `{name.text} * (…)`"
    return syntax_error(f"`{name.text}` is not a function rules know ({known})", name.offset, hint)


def _round_digits_literal(arg: Expr) -> Num:
    """round()'s digits: a whole-number literal, possibly negative (round(x, -3): thousands)."""
    sign = 1
    num = arg
    if isinstance(arg, Neg):
        sign, num = -1, arg.operand
    if not isinstance(num, Num) or num.percent or num.value.denominator != 1:
        raise syntax_error("round's second argument is the number of digits: a whole number like 0 or 2",
                           arg.offset)
    if num.value > MAX_ROUND_DIGITS:
        raise syntax_error(f"round keeps at most {MAX_ROUND_DIGITS} digits", arg.offset)
    return Num(sign * num.value, False, ("-" if sign < 0 else "") + num.text, arg.offset, arg.end)


def parse_rule(text: str) -> Formula:
    """The rule's tree; raises LocalError("rule-syntax", …) at the offset of the first fault."""
    # Every stage after this one walks the tree recursively, and a long sum is as deep as
    # it has terms: make room once (safe on CPython 3.11+, see MAX_OPERATIONS).
    if sys.getrecursionlimit() < 4 * MAX_OPERATIONS + 2_000:
        sys.setrecursionlimit(4 * MAX_OPERATIONS + 2_000)
    if len(text) > MAX_RULE_CHARS:
        raise syntax_error(f"a rule has at most {MAX_RULE_CHARS} characters", MAX_RULE_CHARS,
                           "split it into several rules")
    if not text.strip():
        raise syntax_error("the rule is empty", 0, "e.g. `total = a + b`")
    tokens = tokenize(text)
    operations = [tok for tok in tokens if tok.kind == "op"]
    if len(operations) > MAX_OPERATIONS:
        raise syntax_error(f"a rule has at most {MAX_OPERATIONS:,} operations", operations[MAX_OPERATIONS].offset,
                           "split it into several rules")
    check_parentheses(tokens)
    try:
        formula = _Parser(tokens).formula()
    except RecursionError:   # only when the caller's own stack is already nearly full
        raise syntax_error("the rule nests too deeply to read", 0, "split it into several rules") from None
    # Every node of the tree has a token of its own, so a rule of few tokens cannot be deep.
    if len(tokens) > MAX_DEPTH:
        _check_depth(formula)
    return formula


def _check_depth(formula: Formula) -> None:
    stack: list[tuple[Node, int]] = [(formula, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise syntax_error(f"the rule is more than {MAX_DEPTH} operations deep", node.offset,
                               "split it into several rules")
        for child in children(node):
            same_run = isinstance(node, BinOp) and isinstance(child, BinOp) and _family(child) == _family(node)
            stack.append((child, depth if same_run else depth + 1))


def _family(node: BinOp) -> str:
    return "+-" if node.op in "+-" else "*/"


# -- reading the tree -----------------------------------------------------------------------
def children(node: Node) -> tuple[Node, ...]:
    """The node's direct sub-nodes, left to right."""
    if isinstance(node, Neg):
        return (node.operand,)
    if isinstance(node, BinOp):
        return (node.left, node.right)
    if isinstance(node, Call):
        return node.args
    if isinstance(node, Compare):
        return node.operands
    if isinstance(node, And):
        return node.parts
    return ()


def statements(formula: Formula) -> tuple[Compare, ...]:
    return formula.parts if isinstance(formula, And) else (formula,)


def names(node: Node) -> tuple[str, ...]:
    """The quantity names the rule uses, each once, in the order they first appear."""
    seen: dict[str, None] = {}
    stack: list[Node] = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, Name):
            seen.setdefault(current.id)
        stack.extend(reversed(children(current)))
    return tuple(seen)


def round_digits(call: Call) -> int:
    """The digits a round() call keeps: its second argument, or 0."""
    return int(call.args[1].value) if len(call.args) == 2 else 0  # type: ignore[union-attr]


def literal_value(num: Num, as_factor: bool) -> Fraction:
    """What a literal stands for. `12%` is 12 (percentage points) where it is added or compared,
    and the fraction 0.12 where it is a factor of `*` or `/` (directly or under unary minus)."""
    return num.value / 100 if num.percent and as_factor else num.value


# -- printing -------------------------------------------------------------------------------
_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2}


def _precedence(node: Expr) -> int:
    return _PRECEDENCE[node.op] if isinstance(node, BinOp) else 3


def to_text(node: Node) -> str:
    """The rule in canonical form: single spaces, `=` for `==`, only the parentheses it needs."""
    if isinstance(node, And):
        return " and ".join(to_text(part) for part in node.parts)
    if isinstance(node, Compare):
        words = [to_text(node.operands[0])]
        for op, operand in zip(node.ops, node.operands[1:]):
            words += [op, to_text(operand)]
        return " ".join(words)
    if isinstance(node, Num):
        written = finite_decimal(node.value) or f"({node.value.numerator}/{node.value.denominator})"
        return written + ("%" if node.percent else "")
    if isinstance(node, Name):
        return node.id
    if isinstance(node, Neg):
        inner = to_text(node.operand)
        wrap = isinstance(node.operand, (BinOp, Neg)) or inner.startswith("-")
        return f"-({inner})" if wrap else f"-{inner}"
    if isinstance(node, Call):
        return f"{node.func}({', '.join(to_text(arg) for arg in node.args)})"
    prec = _PRECEDENCE[node.op]
    left, right = to_text(node.left), to_text(node.right)
    if _precedence(node.left) < prec:
        left = f"({left})"
    if _precedence(node.right) <= prec:   # left-associative: a - (b - c) keeps its parentheses
        right = f"({right})"
    return f"{left} {node.op} {right}"


# -- exact evaluation (tests, witnesses) ----------------------------------------------------
_COMPARE = {"=": Fraction.__eq__, "!=": Fraction.__ne__, "<": Fraction.__lt__,
            "<=": Fraction.__le__, ">": Fraction.__gt__, ">=": Fraction.__ge__}
_ARITHMETIC = {"+": Fraction.__add__, "-": Fraction.__sub__, "*": Fraction.__mul__,
               "/": Fraction.__truediv__}


def evaluate(node: Node, env: Mapping[str, Fraction]) -> Fraction | bool:
    """The exact value of an expression, or the truth of a statement; ZeroDivisionError on /0."""
    if isinstance(node, And):
        return all(evaluate(part, env) for part in node.parts)
    if isinstance(node, Compare):
        values = [_value(operand, env, False) for operand in node.operands]
        return all(_COMPARE[op](a, b) for op, a, b in zip(node.ops, values, values[1:]))
    return _value(node, env, False)


def _value(node: Expr, env: Mapping[str, Fraction], as_factor: bool) -> Fraction:
    if isinstance(node, Num):
        return literal_value(node, as_factor)
    if isinstance(node, Name):
        return Fraction(env[node.id])
    if isinstance(node, Neg):
        return -_value(node.operand, env, as_factor)
    if isinstance(node, BinOp):
        factor = node.op in "*/"
        return _ARITHMETIC[node.op](_value(node.left, env, factor), _value(node.right, env, factor))
    args = [_value(arg, env, False) for arg in node.args]
    if node.func == "round":
        return round_half_away(args[0], round_digits(node))
    if node.func == "pct":
        return 100 * args[0] / args[1]
    return {"abs": lambda: abs(args[0]), "min": lambda: min(args), "max": lambda: max(args)}[node.func]()


def round_half_away(x: Fraction, digits: int) -> Fraction:
    """x rounded to `digits` decimals, halves away from zero as reporters round (2.5 -> 3)."""
    scale = Fraction(10) ** digits
    magnitude = int(abs(x) * scale + Fraction(1, 2))
    return (magnitude if x >= 0 else -magnitude) / scale
