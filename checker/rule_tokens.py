"""The tokens of a rule, and the slips reporters make in them: `1,000`, `2x`, `**`, `=>`, `×`.

A slip is refused where it stands, with the nearest valid spelling as the hint; rules.py
parses the tokens that pass.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .problems import LocalError

# Bounds on hostile input, far above any rule a fact-checker writes.
MAX_NESTING = 50           # parentheses inside parentheses: the parser recurses ~6 frames on each
MAX_NUMBER_CHARS = 40

ALLOWED = ("rules allow only quantity names, numbers (150, 0.25, 1_000, 12%), + - * /, "
           "parentheses, comparisons (= != < <= > >=), `and`, and the functions "
           "round, abs, min, max, pct")


class Token(NamedTuple):
    """One token: its kind, its text as written, where it starts."""

    kind: str      # num name and op cmp ( ) , end
    text: str
    offset: int


_SYMBOLS = {"==": "cmp", "!=": "cmp", "<=": "cmp", ">=": "cmp", "=": "cmp", "<": "cmp",
            ">": "cmp", "+": "op", "-": "op", "*": "op", "/": "op", "(": "(", ")": ")", ",": ","}
_POWER = ("rules have no powers", "multiply it out, e.g. `a * a`")
_STRING = ("rules have no text strings: " + ALLOWED, None)
_OR = ("a rule cannot say `or`: every statement in it must hold", "write each case as its own claim")
_SLIPS: dict[str, tuple[str, str | None]] = {   # written -> (message, hint); two-char ones win
    "**": _POWER, "^": _POWER,
    "//": ("`//` is not an operator", "rules divide exactly with `/`"),
    "=>": ("`=>` is not a comparison", "did you mean `>=`?"),
    "=<": ("`=<` is not a comparison", "did you mean `<=`?"),
    "<>": ("`<>` is not a comparison", "did you mean `!=`?"),
    "!": ("`!` on its own is not an operator", "did you mean `!=`?"),
    "&&": ("statements are joined with the word `and`", "e.g. `a > 1 and b > 2`"),
    "&": ("statements are joined with the word `and`", "e.g. `a > 1 and b > 2`"),
    "||": _OR, "|": _OR,
    ";": ("`;` does not separate statements", "join them with `and`, e.g. `a = 1 and b = 2`"),
    "×": ("`×` is not an operator here", "write `*` to multiply"),
    "·": ("`·` is not an operator here", "write `*` to multiply"),
    "÷": ("`÷` is not an operator here", "write `/` to divide"),
    "−": ("`−` is not the minus sign rules use", "type `-`"),
    "–": ("`–` is not the minus sign rules use", "type `-`"),
    "≤": ("`≤` is not a comparison rules use", "write `<=`"),
    "≥": ("`≥` is not a comparison rules use", "write `>=`"),
    "≠": ("`≠` is not a comparison rules use", "write `!=`"),
    "'": _STRING, '"': _STRING, "‘": _STRING, "’": _STRING, "“": _STRING, "”": _STRING,
    "%": ("`%` marks a percentage and must follow its number directly, as in `12%`",
          "rules have no remainder operator"),
    "[": ("use `(` and `)` to group", None), "]": ("use `(` and `)` to group", None),
    "{": ("use `(` and `)` to group", None), "}": ("use `(` and `)` to group", None),
    "$": ("currency signs do not belong in a rule: the unit comes from the quantity",
          "write the plain number, e.g. 3000000"),
    "€": ("currency signs do not belong in a rule: the unit comes from the quantity", None),
    "£": ("currency signs do not belong in a rule: the unit comes from the quantity", None),
    ".": ("`.` can only be a decimal point between digits, as in 0.25: " + ALLOWED, None),
}
_NUMBER = re.compile(r"[0-9]+(?:_[0-9]+)*(?:\.[0-9]+(?:_[0-9]+)*)?%?")
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_WORDLIKE = re.compile(r"[A-Za-z0-9_]+")
_SCALE_WORDS = ("k", "m", "bn", "million", "billion", "thousand", "mn", "b")


def syntax_error(message: str, offset: int, hint: str | None = None) -> LocalError:
    """The error for a rule that cannot be read, pointing at `offset` in its text."""
    return LocalError("rule-syntax", message, offset, hint)


def tokenize(text: str) -> list[Token]:
    """The rule's tokens, ending with an "end" token; a slip raises LocalError where it stands."""
    return _clean_tokens(text) or _scan(text)


# A token of a rule with no slip in it. A number may not run into a letter, `_`, `.` or `,`
# (`2x`, `1_`, `1.`, `1,000`): those, and every other slip, stop the match.
_CLEAN = re.compile(r"\s*(?:(?P<name>[A-Za-z][A-Za-z0-9_]*)"
                    r"|(?P<num>[0-9]+(?:_[0-9]+)*(?:\.[0-9]+(?:_[0-9]+)*)?%?)(?![0-9A-Za-z_.,])"
                    r"|(?P<sym>==|!=|<=|>=|[=<>+\-*/(),]))")


def _clean_tokens(text: str) -> list[Token] | None:
    """The tokens of a rule written without a slip, read in one pass of a regular expression;
    None for anything else, which `_scan` reads character by character to say what is wrong.
    A table's thousands of rules are read this way (tests/test_rules.py checks both agree)."""
    tokens: list[Token] = []
    pos, match, new = 0, _CLEAN.match, tuple.__new__  # tuple.__new__: Token without its argument handling
    while (m := match(text, pos)) is not None:
        group = m.lastindex
        written, start = m.group(group), m.start(group)
        if group == 1:
            kind = "and" if written == "and" else "name"
        elif group == 2:
            if len(written) > MAX_NUMBER_CHARS:
                return None
            kind = "num"
        else:
            if text[start:start + 2] in _SLIPS:  # `**`, `=>`, `<>`, `//`
                return None
            kind = _SYMBOLS[written]
        tokens.append(new(Token, (kind, written, start)))
        pos = m.end()
    if text[pos:].strip():
        return None
    tokens.append(Token("end", "", len(text)))
    return tokens


def _scan(text: str) -> list[Token]:
    tokens: list[Token] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch.isspace():
            i += 1
        elif "0" <= ch <= "9":
            tokens.append(_number_token(text, i))
            i += len(tokens[-1].text)
        elif name := _NAME.match(text, i):
            tokens.append(Token("and" if name.group() == "and" else "name", name.group(), i))
            i = name.end()
        elif ch == "_":
            word = _WORDLIKE.match(text, i).group()  # type: ignore[union-attr]
            raise syntax_error(f"`{word}` is not a quantity name (names start with a letter); {ALLOWED}", i)
        elif fraction := re.match(r"\.[0-9]+", text[i:i + MAX_NUMBER_CHARS]):
            raise syntax_error("a number must start with a digit", i, f"write `0{fraction.group()}`")
        elif (pair := text[i:i + 2]) in _SLIPS or (pair not in _SYMBOLS and ch in _SLIPS):
            message, hint = _SLIPS.get(pair) or _SLIPS[ch]   # two characters first: `**` before `*`
            raise syntax_error(message, i, hint)
        elif (symbol := pair if pair in _SYMBOLS else ch) in _SYMBOLS:
            tokens.append(Token(_SYMBOLS[symbol], symbol, i))
            i += len(symbol)
        else:
            raise syntax_error(f"`{ch}` cannot appear in a rule: {ALLOWED}", i)
    tokens.append(Token("end", "", len(text)))
    return tokens


def _number_token(text: str, i: int) -> Token:
    """A number literal at i, refusing the near misses a reporter types (1,000, 2x, 1e6, 5.)."""
    written = _NUMBER.match(text, i).group()  # type: ignore[union-attr]
    j = i + len(written)
    if len(written) > MAX_NUMBER_CHARS:
        raise syntax_error(f"a number in a rule has at most {MAX_NUMBER_CHARS} characters", i)
    after = text[j:j + 1]
    groups = re.match(r"(?:,[0-9]{3})+(?![0-9.])", text[j:j + MAX_NUMBER_CHARS])
    if groups and written.replace("_", "").isdigit():
        raise syntax_error("`,` cannot group digits in a rule", j,
                           f"write {written.replace('_', '')}{groups.group().replace(',', '')} or "
                           f"{written}{groups.group().replace(',', '_')}; to separate a function's "
                           "arguments, put a space after the comma")
    if after == "_" or (after == "." and not written.endswith("%")):
        what = "`_` in a number goes between digits" if after == "_" else "a decimal point needs digits on both sides"
        raise syntax_error(what, j, "e.g. 1_000 or 0.25")
    if after.isascii() and after.isalpha():
        word = _WORDLIKE.match(text, j).group()  # type: ignore[union-attr]
        if word[0] in "eE" and word[1:].isdigit():
            hint = "rules have no exponent notation: write the number in full, e.g. 1_000_000"
        elif word.lower() in _SCALE_WORDS:
            hint = f"write the number in full (1_200_000, not 1.2m), or `{written} * {word}` to multiply"
        else:
            hint = f"write `{written} * {word}` to multiply"
        raise syntax_error(f"the number `{written}` runs into `{word}`", j, hint)
    return Token("num", written, i)


def check_parentheses(tokens: list[Token]) -> None:
    """Unbalanced or too deeply nested parentheses, pointing at the one that is wrong."""
    opened: list[Token] = []
    for tok in tokens:
        if tok.kind == "(":
            opened.append(tok)
            if len(opened) > MAX_NESTING:
                raise syntax_error(f"parentheses nest more than {MAX_NESTING} deep", tok.offset,
                                   "split the rule into several")
        elif tok.kind == ")":
            if not opened:
                raise syntax_error("this `)` closes nothing", tok.offset, "remove it or add its `(`")
            opened.pop()
    if opened:
        raise syntax_error("this `(` is never closed", opened[-1].offset, "add its `)`")


# What probably went wrong when the parser meets a token where it cannot stand.
UNEXPECTED_HINTS = {
    "x": "write `*` to multiply", "X": "write `*` to multiply", "(": "write `*` to multiply",
    "or": _OR[0], ",": "a `,` only separates a function's arguments; join statements with `and`",
}
