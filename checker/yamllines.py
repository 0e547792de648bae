"""Claim files written one entry a line, read without the YAML parser, to the same located nodes.

Large tables are written the way generators and spreadsheets write them: a mapping of
`name: {unit: votes}` lines and lists of `- {id: a1, rule: "a = b + c"}` lines. For such a
file the parser's events cost more than the lines themselves (each event carries two marks),
so this module reads that subset directly: block mappings and block sequences indented with
spaces, single-line flow mappings, plain scalars made of characters that mean nothing to YAML,
and quoted scalars without escapes, with whole-line comments. Anything else (a tag, an anchor,
a flow list, a multi-line or escaped scalar, a comment after a value, a duplicate key, a key
with no value, odd indentation, a limit of size or depth reached) gives None, and yamlnodes.py reads the whole
file with the parser as before, so every fault is still named by the one path that knows
how. tests/test_loader.py checks that both give the same nodes wherever this one answers.
"""

from __future__ import annotations

import re
from typing import Any

from .positions import Position
from .yamlnodes import LEntry, LMap, LNode, LScalar, LSeq

# YAML 1.1 reads these as line breaks or gives them a meaning of their own: left to the parser.
_ODD = re.compile("[\t\r\x85\u2028\u2029\ufeff]")
# A plain scalar that YAML reads as the same text in a block and in a flow mapping: it starts
# with a letter, digit or one of `_ $ £ € ( . +` (or `-` before another of its characters), holds
# none of `: # , ? [ ] { }` and ends in none of its spaces, so nothing in it can end it, start
# a comment or a node, or be a tag or alias.
_CHAR = r"[^:#,?\[\]{}\s]"
_PLAIN = rf"(?:[^\W]|[$£€(.+]|-(?={_CHAR}))(?:{_CHAR}|[ ]+(?={_CHAR}))*"
_KEY = r"[A-Za-z0-9_][A-Za-z0-9_.\-]*"
_VALUE = rf'(?P<value>"(?P<dq>[^"\\]*)"|\'(?P<sq>[^\']*)\'|(?P<plain>{_PLAIN}))'
# One `key: value` of a flow mapping, and what follows it: `,` or the closing `}`.
_FLOW_ENTRY = re.compile(rf" *(?P<key>{_KEY}): +{_VALUE} *(?P<next>[,}}])")
# A block line after its indentation: `- ` and an item, or a key with or without its value.
_ITEM = re.compile(r"- +(?=\S)")
_KEY_LINE = re.compile(rf"(?P<key>{_KEY}):(?: +(?=\S)| *$)")
_SCALAR = re.compile(rf"{_VALUE} *$")


class _Declined(Exception):
    """The file is not in the subset read here."""


class _Block:
    """An open block mapping or sequence: its indentation, its nodes so far, its keys."""

    __slots__ = ("indent", "is_map", "position", "items", "seen", "pending")

    def __init__(self, indent: int, is_map: bool, position: Position) -> None:
        self.indent = indent
        self.is_map = is_map
        self.position = position
        self.items: list[Any] = []
        self.seen: set[str] = set()
        self.pending: tuple[str, Position] | None = None  # a `key:` whose block comes next

    def node(self) -> LNode:
        if self.is_map:
            return LMap(tuple(self.items), self.position, False)
        return LSeq(tuple(self.items), self.position)


def read_lines(text: str, path: str, max_nodes: int, max_scalar: int, max_depth: int) -> LNode | None:
    """The located nodes of `text` when it is written in the line subset; None otherwise."""
    if _ODD.search(text):
        return None
    try:
        return _Reader(path, max_nodes, max_scalar, max_depth).read(text)
    except _Declined:
        return None


class _Reader:
    def __init__(self, path: str, max_nodes: int, max_scalar: int, max_depth: int) -> None:
        self.path = path
        self.max_nodes = max_nodes
        self.max_scalar = max_scalar
        self.max_depth = max_depth
        self.nodes = 0

    def read(self, text: str) -> LNode:
        stack: list[_Block] = []
        path, new = self.path, tuple.__new__
        closes_value = False  # the last line ended a value: nothing may hang below it
        last_indent = 0
        for number, line in enumerate(text.split("\n"), 1):
            stripped = line.lstrip(" ")
            if not stripped or stripped[0] == "#":
                continue  # blank, or a comment of its own line
            indent = len(line) - len(stripped)
            if closes_value and indent > last_indent:
                raise _Declined  # a continued plain scalar, or a fault the parser should name
            item = _ITEM.match(stripped) if stripped[0] == "-" else None
            block = stack[-1] if stack else None
            if block is None or block.indent != indent or block.is_map is not (item is None) \
                    or block.pending is not None:  # not the next line of the block before
                block = self._block_for(stack, indent, item is not None, new(Position, (path, number, indent + 1)))
            last_indent = indent
            if item is not None:
                block.items.append(self._value(stripped, item.end(), number, indent))
                closes_value = True
                continue
            m = _KEY_LINE.match(stripped)
            if m is None:
                raise _Declined
            key = m.group("key")
            if key in block.seen or len(key) > self.max_scalar:
                raise _Declined  # the parser's path reports the duplicate, or the size
            block.seen.add(key)
            key_position = new(Position, (path, number, indent + 1))
            self._count(1)
            if m.end() == len(stripped):  # `key:` alone: its mapping or list follows, indented
                block.pending = (key, key_position)
                closes_value = False
                continue
            block.items.append(new(LEntry, (key, key_position, self._value(stripped, m.end(), number, indent))))
            closes_value = True
        if not stack:
            raise _Declined  # an empty file, or one of comments alone
        while len(stack) > 1:
            self._close(stack)
        if stack[0].pending is not None or stack[0].indent != 0 or not stack[0].is_map:
            raise _Declined
        return stack[0].node()

    def _block_for(self, stack: list[_Block], indent: int, is_item: bool, position: Position) -> _Block:
        """The block this line belongs to, opening or closing blocks as its indentation says."""
        if stack and stack[-1].pending is not None:
            parent = stack[-1]
            if indent <= parent.indent:
                raise _Declined  # a key with no value, or a list not indented under its key
            if len(stack) + 2 >= self.max_depth:  # this block and a flow mapping in it
                raise _Declined  # the parser's path reports the depth
            block = _Block(indent, not is_item, position)
            self._count(1)
            stack.append(block)
            return block
        if not stack:
            if indent != 0 or is_item:
                raise _Declined
            self._count(1)
            stack.append(_Block(0, True, position))
            return stack[0]
        while stack[-1].indent > indent:
            self._close(stack)
        block = stack[-1]
        if block.indent != indent or block.is_map == is_item or block.pending is not None:
            raise _Declined
        return block

    def _close(self, stack: list[_Block]) -> None:
        block = stack.pop()
        if block.pending is not None:
            raise _Declined
        parent = stack[-1]
        key, key_position = parent.pending  # type: ignore[misc]  # every inner block has its key
        parent.pending = None
        parent.items.append(LEntry(key, key_position, block.node()))

    def _value(self, line: str, start: int, number: int, indent: int) -> LNode:
        """The scalar or flow mapping from `start` to the end of the line."""
        if line[start] == "{":
            return self._flow(line, start, number, indent)
        m = _SCALAR.match(line, start)
        if m is None:
            raise _Declined
        return self._scalar(m, Position(self.path, number, indent + start + 1))

    def _flow(self, line: str, start: int, number: int, indent: int) -> LMap:
        """A flow mapping of scalars, `{key: value, ...}`, to the end of the line."""
        path, new, column = self.path, tuple.__new__, indent + 1
        entries: list[LEntry] = []
        seen: set[str] = set()
        pos = start + 1
        if line[pos:].strip(" ") != "}":  # not `{}`
            match, longest = _FLOW_ENTRY.match, self.max_scalar
            while True:
                m = match(line, pos)
                if m is None:
                    raise _Declined
                key, _, dq, sq, plain, after = m.groups()
                if key in seen or len(key) > longest:
                    raise _Declined
                seen.add(key)
                text, style = (dq, '"') if dq is not None else (sq, "'") if sq is not None else (plain, "")
                if len(text) > longest:
                    raise _Declined
                value = new(LScalar, (text, new(Position, (path, number, column + m.start(2))), style))
                entries.append(new(LEntry, (key, new(Position, (path, number, column + m.start(1))), value)))
                pos = m.end()
                if after == "}":
                    break
            if line[pos:].strip(" "):
                raise _Declined  # something after the mapping: a comment, or more than YAML allows
        self._count(1 + 2 * len(entries))
        return LMap(tuple(entries), new(Position, (path, number, column + start)), True)

    def _scalar(self, m: re.Match[str], position: Position) -> LScalar:
        self._count(1)
        if (text := m.group("dq")) is not None:
            style = '"'
        elif (text := m.group("sq")) is not None:
            style = "'"
        else:
            text, style = m.group("plain"), ""
        if len(text) > self.max_scalar:
            raise _Declined
        return tuple.__new__(LScalar, (text, position, style))

    def _count(self, nodes: int) -> None:
        self.nodes += nodes
        if self.nodes >= self.max_nodes:
            raise _Declined  # the parser's path reports the size
