"""Safe YAML composition into located nodes; every scalar is kept as the text written.

PyYAML reads YAML 1.1, where `017` is 15, `3.10` is 3.1 and `no` is False; a reported
figure must be read as written, so nothing here ever constructs a value. The tree is built
from the parser's events (libyaml when present) without recursion, so depth, size, tags
and aliases are all bounded or refused before anything else sees the file.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, NamedTuple, Sequence

from .positions import Position
from .problems import InputError, Problem

# Size caps far above real work: a statistical release of 200,000 figures, each claim with
# its source and quote, is about 60 MB and 3 million values. Work beyond that is bounded by
# the solver's budget, not by refusing honest files; these caps only stop absurd ones.
MAX_BYTES = 100_000_000
MAX_NODES = 5_000_000
MAX_SCALAR_CHARS = 1_000_000  # one value, quote or rule; a rule itself stops at 500,000
MAX_DEPTH = 64  # a claim file needs five levels; deeper nesting is never meant

if TYPE_CHECKING:
    import yaml

# Explicit tags that only restate what plain YAML means; every other tag asks for an
# object to be constructed (`!!python/...`, `!local`) and is refused.
_HARMLESS_TAGS = frozenset(
    {None, "!"} | {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "map", "seq")}
)
_NULL_TEXTS = frozenset({"", "~", "null", "Null", "NULL"})
REFUSED = "refused"  # style of the placeholder standing where a tag or alias was refused

# Characters YAML itself forbids; found here first so the message can point at them.
_UNPRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class LScalar(NamedTuple):
    """A scalar exactly as written; `style` is '' for plain, or one of ' \" | >."""

    text: str
    position: Position
    style: str = ""

    @property
    def is_null(self) -> bool:
        """True for an empty or `~`/`null` plain scalar: the key was written with no value."""
        return self.style == "" and self.text in _NULL_TEXTS

    @property
    def content_position(self) -> Position:
        """Where the text itself starts: one past the opening quote of a quoted scalar."""
        return self.position.shifted(1) if self.style in ("'", '"') else self.position


class LEntry(NamedTuple):
    """One `key: value` of a mapping; keys are always text."""

    key: str
    key_position: Position
    value: LNode


class LMap(NamedTuple):
    """A mapping, its entries in file order (duplicate keys are reported and dropped).

    `flow` is True for a mapping written in braces, `{a: 1, b: 2}`, where a comma ends a key.
    """

    entries: tuple[LEntry, ...]
    position: Position
    flow: bool = False

    def get(self, key: str) -> LEntry | None:
        for e in self.entries:
            if e.key == key:
                return e
        return None


class LSeq(NamedTuple):
    """A sequence of nodes."""

    items: tuple[LNode, ...]
    position: Position


LNode = LMap | LSeq | LScalar


class Located(NamedTuple):
    """The node a path leads to; `complete` is False when the path runs out of the tree."""

    node: LNode
    key_position: Position | None  # set when the last step was a mapping key
    complete: bool


def decode_yaml_bytes(data: bytes, path: str) -> str:
    """The file's text, refusing files too large to be hand-written and non-UTF-8 bytes."""
    if len(data) > MAX_BYTES:
        raise InputError([_too_large(f"{len(data):,} bytes", Position(path, 1, 1))])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        return _raise(Problem(
            "encoding",
            f"the file is not UTF-8 text: byte 0x{data[exc.start]:02x} cannot be read",
            Position(path, line, column),
            "save the file as UTF-8 (most editors offer it under 'Save with encoding')",
        ))


def compose_located(text: str, path: str) -> LNode:
    """The one document in `text` as located nodes; raises InputError on any problem."""
    node, problems = compose_tolerant(text, path)
    if problems:
        raise InputError(problems)
    return node


def compose_tolerant(text: str, path: str) -> tuple[LNode, list[Problem]]:
    """The document and its recoverable problems (tags, aliases, duplicate keys).

    A refused node is replaced by an LScalar of style REFUSED, so later checks can tell
    an error caused by the refusal from a real one. Syntax, size and depth problems raise.
    """
    if len(text) > MAX_BYTES:
        _raise(_too_large(f"{len(text):,} characters", Position(path, 1, 1)))
    bad = _UNPRINTABLE.search(text)
    if bad:
        _raise(Problem(
            "yaml-syntax",
            f"the file contains a control character (U+{ord(bad.group()):04X}) YAML does not allow",
            _position_of_offset(text, bad.start(), path),
            "delete it; it is often left by copying from a PDF or a word processor",
        ))
    from .yamllines import read_lines  # which imports this module's nodes

    root = read_lines(text, path, MAX_NODES, MAX_SCALAR_CHARS, MAX_DEPTH)  # a table's lines, directly
    if root is not None:
        return root, []
    # PyYAML (a fifth of a check's imports) is imported only for a file the lines do not read.
    import yaml

    builder = _TreeBuilder(path)
    try:
        builder.build(text)
    except yaml.MarkedYAMLError as exc:
        from .yamlsyntax import syntax_problem

        _raise(syntax_problem(exc, text, path, MAX_DEPTH))
    except yaml.YAMLError as exc:  # reader errors carry no mark
        _raise(Problem("yaml-syntax", f"the file is not valid YAML: {exc}", Position(path, 1, 1)))
    return builder.result(), builder.problems


def plain_data(node: LNode) -> Any:
    """The node as dicts, lists and strings (null scalars as None); text stays as written."""
    if isinstance(node, LScalar):
        return None if node.is_null else node.text
    if isinstance(node, LSeq):
        return [plain_data(item) for item in node.items]
    return {e.key: plain_data(e.value) for e in node.entries}


def is_empty(node: LNode) -> bool:
    """True for a key written with no value, or with an empty list."""
    return (isinstance(node, LScalar) and node.is_null) or (isinstance(node, LSeq) and not node.items)


def locate(root: LNode, path: Sequence[str | int]) -> Located:
    """Follow mapping keys and list indexes from `root` as far as the tree allows."""
    node, key_position = root, None
    for step in path:
        if isinstance(node, LMap) and isinstance(step, str) and (entry := node.get(step)):
            node, key_position = entry.value, entry.key_position
        elif isinstance(node, LSeq) and isinstance(step, int) and 0 <= step < len(node.items):
            node, key_position = node.items[step], None
        else:
            return Located(node, None, False)
    return Located(node, key_position, True)


class _Frame:
    """A mapping or sequence being built, with what its children need to be attached."""

    __slots__ = ("is_map", "position", "refused", "flow", "items", "key", "seen")

    def __init__(self, is_map: bool, position: Position, refused: bool, flow: bool) -> None:
        self.is_map = is_map
        self.position = position
        self.flow = flow
        self.refused = refused  # built only to keep the events in step, then replaced
        self.items: list[Any] = []
        self.key: LScalar | None = None  # a mapping's key waiting for its value
        self.seen: dict[str, Position] = {}


class _TreeBuilder:
    """Turns parser events into located nodes, refusing what a claim file must not hold."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.stack: list[_Frame] = []
        self.root: LNode | None = None
        self.nodes = 0
        self.documents = 0

    def result(self) -> LNode:
        return self.root if self.root is not None else LScalar("", Position(self.path, 1, 1))

    def build(self, text: str) -> None:
        """Every event of `text`; the common ones are handled here, the rest by `add`.

        A large table is hundreds of thousands of scalars, keys and flow mappings, so the
        plain cases (an untagged scalar or collection, a collection's end) are done inline;
        anything else, and anything at a limit, goes through `add`, which reports it.
        """
        import yaml

        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
        try:
            self._build(loader.check_event, loader.get_event)
        finally:
            loader.dispose()

    def _build(self, check: Any, get: Any) -> None:
        import yaml

        # The events handled inline. Nodes are made with tuple.__new__, without NamedTuple's
        # argument handling: the same tuples, for the millions a large file needs.
        scalar, map_start = yaml.ScalarEvent, yaml.MappingStartEvent  # looked up once, not per event
        starts = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
        ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
        stack, path, new = self.stack, self.path, tuple.__new__
        while check():
            event = get()
            kind = type(event)
            if kind is scalar:
                if event.tag is not None or self.nodes >= MAX_NODES or len(event.value) > MAX_SCALAR_CHARS \
                        or not stack:
                    self.add(event)
                    continue
                self.nodes += 1
                mark = event.start_mark
                node = new(LScalar, (event.value, new(Position, (path, mark.line + 1, mark.column + 1)),
                                     event.style or ""))
                frame = stack[-1]
                if not frame.is_map:
                    frame.items.append(node)
                elif frame.key is None:
                    frame.key = node
                else:
                    key = frame.key
                    frame.key = None
                    if key.text in frame.seen:
                        self._add_entry(frame, key, node)  # reports the duplicate
                    else:
                        frame.seen[key.text] = key.position
                        frame.items.append(new(LEntry, (key.text, key.position, node)))
            elif kind in starts and event.tag is None and self.nodes < MAX_NODES and 0 < len(stack) < MAX_DEPTH:
                self.nodes += 1
                mark = event.start_mark
                stack.append(_Frame(kind is map_start, new(Position, (path, mark.line + 1, mark.column + 1)),
                                    False, bool(event.flow_style)))
            elif kind in ends and len(stack) > 1:
                self._end_collection()
            else:
                self.add(event)

    def add(self, event: yaml.Event) -> None:
        import yaml

        position = Position(self.path, event.start_mark.line + 1, event.start_mark.column + 1)
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                _raise(Problem(
                    "yaml-syntax", "the file holds more than one YAML document", position,
                    "a claim file is one document: remove the second `---` or split the file",
                ))
            return
        if not isinstance(event, yaml.NodeEvent):
            if isinstance(event, yaml.CollectionEndEvent):
                self._end_collection()
            return
        self.nodes += 1
        if self.nodes > MAX_NODES:
            _raise(_too_large(f"more than {MAX_NODES:,} values", position))
        if isinstance(event, yaml.AliasEvent):
            self.problems.append(Problem(
                "yaml-alias", f"YAML aliases (`*{event.anchor}`) are not allowed in a claim file",
                position, "write the value out in full where it is needed",
            ))
            self._attach(LScalar("", position, REFUSED))
            return
        refused = event.tag not in _HARMLESS_TAGS
        if refused:
            tag = event.tag.replace("tag:yaml.org,2002:", "!!")
            self.problems.append(Problem(
                "yaml-tag", f"the YAML tag `{tag}` is not allowed: a claim file holds only text, "
                "numbers, lists and mappings", position, "remove the tag and write the value as plain text",
            ))
        if isinstance(event, yaml.ScalarEvent):
            if len(event.value) > MAX_SCALAR_CHARS:
                _raise(_too_large(f"a value of {len(event.value):,} characters", position))
            self._attach(LScalar(event.value, position, REFUSED if refused else (event.style or "")))
        else:
            if len(self.stack) >= MAX_DEPTH:
                _raise(Problem(
                    "too-deep", f"the file nests lists and mappings more than {MAX_DEPTH} levels deep",
                    position, "a claim file needs only a few levels; check the indentation",
                ))
            is_map = isinstance(event, yaml.MappingStartEvent)
            self.stack.append(_Frame(is_map, position, refused, bool(event.flow_style)))

    def _end_collection(self) -> None:
        frame = self.stack.pop()
        node: LNode
        if frame.refused:
            node = LScalar("", frame.position, REFUSED)
        elif frame.is_map:
            node = LMap(tuple(frame.items), frame.position, frame.flow)
        else:
            node = LSeq(tuple(frame.items), frame.position)
        self._attach(node)

    def _attach(self, node: LNode) -> None:
        if not self.stack:
            self.root = node
            return
        frame = self.stack[-1]
        if not frame.is_map:
            frame.items.append(node)
        elif frame.key is None:
            frame.key = self._key_of(node)
        else:
            self._add_entry(frame, frame.key, node)
            frame.key = None

    def _key_of(self, node: LNode) -> LScalar:
        if isinstance(node, LScalar):
            return node
        self.problems.append(Problem(
            "wrong-type", "a key must be a plain word, not a list or mapping", node.position,
        ))
        return LScalar("", node.position, REFUSED)

    def _add_entry(self, frame: _Frame, key: LScalar, value: LNode) -> None:
        first = frame.seen.get(key.text)
        if first is not None:
            self.problems.append(Problem(
                "duplicate-key",
                f"the key `{key.text}` appears twice in this mapping; the first is on line {first.line}",
                key.position, "keep one of them: YAML would silently use only the last",
            ))
            return
        frame.seen[key.text] = key.position
        frame.items.append(LEntry(key.text, key.position, value))


def _position_of_offset(text: str, offset: int, path: str) -> Position:
    line = text.count("\n", 0, offset) + 1
    return Position(path, line, offset - (text.rfind("\n", 0, offset) + 1) + 1)


def _too_large(size: str, position: Position) -> Problem:
    return Problem("file-too-large", f"file too large: {size} is far beyond a hand-written claim file",
                   position, "split it into one claim file per article")


def _raise(problem: Problem) -> Any:
    raise InputError([problem])


# -- finding one's way in a located tree ---------------------------------------------------

def child(node: LNode | None, key: str) -> LNode | None:
    entry = node.get(key) if isinstance(node, LMap) else None
    return entry.value if entry else None


def content_start(node: LNode) -> Position:
    """Where a node's content starts: for quoted text, its first character."""
    return node.content_position if isinstance(node, LScalar) else node.position


def child_start(node: LNode | None, key: str) -> Position | None:
    found = child(node, key)
    return content_start(found) if found is not None else None


def listed(node: LNode | None) -> tuple[LNode, ...]:
    """One node or a list of them, as a tuple."""
    if node is None:
        return ()
    return node.items if isinstance(node, LSeq) else (node,)


def entries(node: LNode | None) -> tuple[Any, ...]:
    return node.entries if isinstance(node, LMap) else ()


def scalar_texts(node: LNode) -> list[str]:
    if isinstance(node, LScalar):
        return [node.text]
    if isinstance(node, LSeq):
        return [t for item in node.items for t in scalar_texts(item)]
    return [t for e in node.entries for t in scalar_texts(e.value)]
