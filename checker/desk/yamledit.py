"""Edits to a claim file's YAML text that leave every byte they do not change as it was.

ruamel.yaml's round-trip dump keeps comments and key order but re-flows what it writes
(a flow mapping split over two lines becomes one line, aligned values lose their padding),
so one changed figure would rewrite half a file. The desk instead finds where each node
starts and ends (PyYAML's composer, libyaml's C parser where present: the same reading the
checker makes, and some 70 times faster than ruamel's pure-Python composer on a 50-claim
file), has ruamel's emitter write only the new piece (a scalar quoted as YAML needs it, a
claim as a flow mapping), and splices that piece in: the diff of a save is the edit alone.
"""

from __future__ import annotations

import functools
import io
import json
import re
import threading
from typing import Any, Iterator

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..rule_tokens import tokenize
from ..problems import LocalError

_QUOTED = {'"': DoubleQuotedScalarString, "'": SingleQuotedScalarString}
_WHOLE = re.compile(r"0|[1-9][0-9]{0,15}")


class EditError(ValueError):
    """An edit that cannot be made to this text (a missing claim, a taken name...)."""


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@functools.lru_cache(maxsize=4)
def compose(text: str) -> Node | None:
    """The node tree with start and end marks (character offsets); None for an empty document.

    Cached: the tree of the text on the page is made once, for its listing and its next edit.
    Nodes are never changed, only read.
    """
    return yaml.compose(text, Loader=_Loader)


def emit(data: Any) -> str:
    """`data` as YAML in flow style on one line, quoted only where YAML needs it."""
    if isinstance(data, dict):
        return "{" + ", ".join(f"{_scalar(str(k))}: {emit(v)}" for k, v in data.items()) + "}"
    if isinstance(data, list):
        return "[" + ", ".join(emit(item) for item in data) + "]"
    return _scalar(data)


_WRITERS = threading.local()


def _writer() -> YAML:
    """ruamel's emitter set for one flow-style line: made once per thread (costly to set up,
    and not safe to share between two desks' server threads)."""
    writer = getattr(_WRITERS, "writer", None)
    if writer is None:
        writer = _WRITERS.writer = YAML(typ="rt")
        writer.default_flow_style = True
        writer.width = 1 << 30
    return writer


def _scalar(data: Any) -> str:
    """One scalar in ruamel's choice of style, if the checker's reader reads it back the same.

    ruamel writes YAML 1.2, where `?0` may stand plain; PyYAML, which the checker reads
    with, follows YAML 1.1 and refuses it. What does not read back is written double-quoted,
    as JSON writes strings (a subset of YAML's double-quoted style), escaping more if need be.
    """
    text = str(data)
    writer = _writer()
    out = io.StringIO()
    # `150`, not `'150'`: the loader reads both as the text 150 (an author's quotes stay)
    writer.dump([int(text) if type(data) is str and _WHOLE.fullmatch(text) else data], out)
    for piece in (out.getvalue().strip()[1:-1], json.dumps(text, ensure_ascii=False), json.dumps(text)):
        if _reads_back(piece, text):
            return piece
    raise EditError(f"{text!r} cannot be written in a claim file")


def _reads_back(piece: str, text: str) -> bool:
    try:
        node = yaml.compose(f"[{piece}]", Loader=_Loader)
    except yaml.YAMLError:
        return False
    return (isinstance(node, SequenceNode) and len(node.value) == 1
            and isinstance(node.value[0], ScalarNode) and node.value[0].value == text)


def plain(node: Node | None) -> Any:
    """The node's data with every scalar as the text written (what the checker reads)."""
    if node is None:
        return None
    if isinstance(node, MappingNode):
        return {str(plain(k)): plain(v) for k, v in node.value}
    if isinstance(node, SequenceNode):
        return [plain(item) for item in node.value]
    return node.value


# -- finding nodes ------------------------------------------------------------------------

def get(node: Node | None, key: str) -> Node | None:
    if isinstance(node, MappingNode):
        for k, v in node.value:
            if isinstance(k, ScalarNode) and k.value == key:
                return v
    return None


def key_node(node: Node, key: str) -> Node | None:
    if isinstance(node, MappingNode):
        for k, _ in node.value:
            if isinstance(k, ScalarNode) and k.value == key:
                return k
    return None


def entry(root: Node | None, section: str, entry_id: str) -> MappingNode:
    """The claim or relation with this id."""
    for item in items(get(root, section)):
        ident = get(item, "id")
        if isinstance(item, MappingNode) and isinstance(ident, ScalarNode) and ident.value == entry_id:
            return item
    raise EditError(f"no entry `{entry_id}` in {section}")


def items(node: Node | None) -> list[Node]:
    return list(node.value) if isinstance(node, SequenceNode) else []


def _end(node: Node) -> int:
    """Where the node's own text ends (a block collection's mark runs on over later comments)."""
    if isinstance(node, ScalarNode) or node.flow_style or not node.value:
        return node.end_mark.index
    last = node.value[-1]
    return _end(last[1] if isinstance(node, MappingNode) else last)


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _line_end(text: str, index: int) -> int:
    """Just past the line that holds `index` (its newline included)."""
    if index > 0 and text[index - 1] == "\n":
        return index
    newline = text.find("\n", index)
    return len(text) if newline < 0 else newline + 1


def _splice(text: str, start: int, end: int, piece: str) -> str:
    return text[:start] + piece + text[end:]


# -- the edits ----------------------------------------------------------------------------

def replace(text: str, node: Node, data: Any) -> str:
    """The node's text replaced by `data`, written in flow style (a quoted scalar stays quoted so)."""
    if isinstance(node, ScalarNode) and isinstance(data, str) and node.style in _QUOTED:
        data = _QUOTED[node.style](data)
    return _splice(text, node.start_mark.index, _content_end(text, node), emit(data))


def _content_end(text: str, node: Node) -> int:
    """Where the node's written value ends, before the line break that closes it.

    A block scalar (`|` or `>`) ends at the start of the next line, past its last line break
    and any blank lines: a value written in its place keeps that break and those lines.
    """
    end = _end(node)
    if not (isinstance(node, ScalarNode) and node.style in ("|", ">")):
        return end
    last = node.start_mark.index + len(text[node.start_mark.index:end].rstrip())
    newline = text.find("\n", last, end)
    return end if newline < 0 else newline


def set_key(text: str, mapping: Node, key: str, data: Any) -> str:
    """`key: data` in the mapping: the value replaced when there, else added after the last key."""
    if not isinstance(mapping, MappingNode):
        raise EditError("not a mapping")
    value = get(mapping, key)
    if value is not None:
        return replace(text, value, data)
    pair = f"{emit(key)}: {emit(data)}"
    if mapping.flow_style:
        close = mapping.end_mark.index - 1
        assert text[close] == "}"
        if not mapping.value:
            return _splice(text, close, close, pair)
        at = _end(mapping.value[-1][1])
        return _splice(text, at, at, f", {pair}")
    if not mapping.value:
        raise EditError("an empty block mapping has no place for a key")
    indent = mapping.value[0][0].start_mark.column
    at = _line_end(text, _end(mapping))
    prefix = "" if at == 0 or text[at - 1] == "\n" else "\n"
    return _splice(text, at, at, f"{prefix}{' ' * indent}{pair}\n")


def remove_key(text: str, mapping: Node, key: str) -> str:
    """The mapping without `key` (nothing changes when it is not there)."""
    pairs = mapping.value if isinstance(mapping, MappingNode) else []
    for i, (k, v) in enumerate(pairs):
        if isinstance(k, ScalarNode) and k.value == key:
            break
    else:
        return text
    if not mapping.flow_style:
        start = _line_start(text, k.start_mark.index)
        return _splice(text, start, _line_end(text, _end(v)), "")
    if i > 0:
        return _splice(text, _end(pairs[i - 1][1]), _end(v), "")
    if len(pairs) > 1:
        return _splice(text, k.start_mark.index, pairs[1][0].start_mark.index, "")
    return _splice(text, k.start_mark.index, _end(v), "")


def append(text: str, root: Node | None, section: str, data: Any) -> str:
    """`data` as the last item of the top-level list `section`, made when missing."""
    seq = get(root, section)
    if isinstance(seq, SequenceNode) and seq.flow_style:
        close = seq.end_mark.index - 1
        at = _end(seq.value[-1]) if seq.value else close
        return _splice(text, at, at, f", {emit(data)}" if seq.value else emit(data))
    if isinstance(seq, SequenceNode) and seq.value:
        first = seq.value[0].start_mark
        dash = text.rfind("-", _line_start(text, first.index), first.index)
        indent = dash - _line_start(text, first.index)
        at = _line_end(text, _end(seq))
        prefix = "" if at == 0 or text[at - 1] == "\n" else "\n"
        return _splice(text, at, at, f"{prefix}{' ' * indent}- {emit(data)}\n")
    if seq is not None:  # `claims:` with nothing after it, or `claims: ~`
        key = key_node(root, section)
        at = _end(seq) if isinstance(seq, ScalarNode) and seq.value else key.end_mark.index + 1
        return _splice(text, key.end_mark.index, at, f":\n  - {emit(data)}")
    if isinstance(root, MappingNode) and root.flow_style:
        raise EditError("the file is one flow mapping; add the section in an editor")
    tail = "" if not text or text.endswith("\n") else "\n"
    return f"{text}{tail}\n{section}:\n  - {emit(data)}\n"


def remove_item(text: str, seq: Node, item: Node) -> str:
    """The list without `item`."""
    values = seq.value
    i = next(n for n, v in enumerate(values) if v is item)
    if not seq.flow_style:
        start = _line_start(text, item.start_mark.index)
        return _splice(text, start, _line_end(text, _end(item)), "")
    if i > 0:
        return _splice(text, _end(values[i - 1]), _end(item), "")
    if len(values) > 1:
        return _splice(text, item.start_mark.index, values[1].start_mark.index, "")
    return _splice(text, item.start_mark.index, _end(item), "")


def rename_in_rule(rule: str, old: str, new: str) -> str:
    """The rule with every use of the name `old` written `new`; other text untouched."""
    try:
        tokens = tokenize(rule)
    except LocalError:
        return rule  # a rule that does not read is left for its author to mend
    out, last = [], 0
    for token in tokens:
        if token.kind == "name" and token.text == old:
            out += [rule[last:token.offset], new]
            last = token.offset + len(token.text)
    return "".join(out) + rule[last:]


def nodes_with_rules(root: Node | None) -> Iterator[ScalarNode]:
    """Every `rule:` scalar, in relations and claims."""
    for section in ("relations", "claims"):
        for item in items(get(root, section)):
            rule = get(item, "rule")
            if isinstance(rule, ScalarNode):
                yield rule
