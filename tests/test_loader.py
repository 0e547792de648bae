"""Safe YAML composition: scalars as written, positions, and refusals of hostile input."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker import yamlnodes
from checker.positions import Position
from checker.problems import InputError
from checker.yamlnodes import LMap, LScalar, LSeq, compose_located, decode_yaml_bytes, locate, plain_data


def problems_of(text: str) -> list[tuple[str, int, int]]:
    with pytest.raises(InputError) as caught:
        compose_located(text, "f.yaml")
    return [(p.code, p.position.line, p.position.column) for p in caught.value.problems]


@pytest.mark.parametrize("written", [
    "017", "1_000", "3.10", "12:30", "yes", "no", "NO", "on", "1e3", "0x1F", "2025-03-19", "-5", "+7", ".5",
])
def test_scalars_keep_the_text_written(written: str) -> None:
    assert plain_data(compose_located(f"value: {written}\n", "f.yaml")) == {"value": written}


def test_keys_are_text_as_written() -> None:
    node = compose_located("yes: 1\nno: 2\n017: 3\n", "f.yaml")
    assert [e.key for e in node.entries] == ["yes", "no", "017"]


@pytest.mark.parametrize("written, expected", [
    ("a:\n", None), ("a: ~\n", None), ("a: null\n", None), ("a: ''\n", ""), ("a: 'null'\n", "null"),
])
def test_only_plain_nulls_are_empty(written: str, expected: str | None) -> None:
    assert plain_data(compose_located(written, "f.yaml")) == {"a": expected}


def test_positions_are_one_based_and_point_at_the_text() -> None:
    root = compose_located('version: 1\nclaims:\n  - id: a\n    quote: "he said"\n', "f.yaml")
    assert isinstance(root, LMap)
    claims = locate(root, ("claims",))
    assert claims.key_position == Position("f.yaml", 2, 1)
    assert isinstance(claims.node, LSeq)
    quote = locate(root, ("claims", 0, "quote"))
    assert quote.key_position == Position("f.yaml", 4, 5)
    assert isinstance(quote.node, LScalar) and quote.node.style == '"'
    assert quote.node.position == Position("f.yaml", 4, 12)
    assert quote.node.content_position == Position("f.yaml", 4, 13)


def test_locate_stops_where_the_tree_ends() -> None:
    root = compose_located("claims:\n  - id: a\n", "f.yaml")
    found = locate(root, ("claims", 0, "value"))
    assert not found.complete and isinstance(found.node, LMap)
    assert found.node.position == Position("f.yaml", 2, 5)
    assert not locate(root, ("claims", 5)).complete


@pytest.mark.parametrize("text, expected", [
    ('value: !!python/object/apply:os.system ["touch x"]\n', [("yaml-tag", 1, 8)]),
    ("a: 1\nb: !!python/name:os.system\n", [("yaml-tag", 2, 4)]),
    ("a: !local thing\n", [("yaml-tag", 1, 4)]),
    ("a: !!binary aGVsbG8=\n", [("yaml-tag", 1, 4)]),
    ("a: !!set {x}\n", [("yaml-tag", 1, 4)]),
])
def test_object_tags_are_refused_at_their_place(text: str, expected: list[tuple[str, int, int]]) -> None:
    assert problems_of(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("a: !!str 017\n", {"a": "017"}),
    ("a: !!int 12\n", {"a": "12"}),
    ("a: ! 12\n", {"a": "12"}),
])
def test_tags_that_only_restate_plain_yaml_are_allowed(text: str, expected: dict[str, str]) -> None:
    assert plain_data(compose_located(text, "f.yaml")) == expected


def test_aliases_are_refused() -> None:
    assert problems_of("a: &x [1, 2]\nb: *x\nc:\n  <<: *x\n") == [("yaml-alias", 2, 4), ("yaml-alias", 4, 7)]


def test_billion_laughs_is_refused_without_expansion() -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    problems = problems_of("\n".join(lines) + "\n")
    assert {code for code, _, _ in problems} == {"yaml-alias"}
    assert len(problems) == 81


def test_duplicate_keys_name_the_first_line() -> None:
    with pytest.raises(InputError) as caught:
        compose_located("claims:\n  - id: a\n    value: 1\n    value: 2\n", "f.yaml")
    (problem,) = caught.value.problems
    assert problem.code == "duplicate-key"
    assert problem.position == Position("f.yaml", 4, 5)
    assert "line 3" in problem.message


def test_recoverable_problems_are_all_collected() -> None:
    text = "a: !!python/none x\nb: 1\nb: 2\nc: !!python/tuple [1]\nd: *a\n"
    assert [code for code, _, _ in problems_of(text)] == ["yaml-tag", "duplicate-key", "yaml-tag", "yaml-alias"]


@pytest.mark.parametrize("text, line, column, words", [
    ("a: b: c\n", 1, 5, "quotes"),
    ("a:\n\tb: 1\n", 2, 1, "spaces"),
    ("a: [1, 2\n", 2, 1, "]"),
    ('a: "x\n', 2, 1, "quote"),
    ("a: 1\nb: 2\n- x\n", 3, 1, "indent"),
    ("a: @x\n", 1, 4, "quotes"),
    ("a: 1\n---\nb: 2\n", 2, 1, "one document"),
    ("k: \x07\n", 1, 4, "delete"),
])
def test_syntax_errors_are_readable_and_placed(text: str, line: int, column: int, words: str) -> None:
    with pytest.raises(InputError) as caught:
        compose_located(text, "f.yaml")
    (problem,) = caught.value.problems
    assert problem.code == "yaml-syntax"
    assert (problem.position.line, problem.position.column) == (line, column)
    assert words in problem.message + (problem.hint or "")


@pytest.mark.parametrize("text", ["[" * 10_000, "a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 200))])
def test_deep_nesting_is_a_problem_not_a_crash(text: str) -> None:
    assert problems_of(text)[0][0] == "too-deep"


def test_too_many_nodes_is_a_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlnodes, "MAX_NODES", 50)
    assert problems_of("[" + ", ".join(["1"] * 60) + "]\n")[0][0] == "file-too-large"


def test_huge_input_is_refused_before_parsing() -> None:
    assert problems_of("a: " + "x" * (yamlnodes.MAX_BYTES + 1)) == [("file-too-large", 1, 1)]
    with pytest.raises(InputError) as caught:
        decode_yaml_bytes(b"#" * (yamlnodes.MAX_BYTES + 1), "f.yaml")
    assert caught.value.problems[0].code == "file-too-large"


def test_non_utf8_names_the_byte_and_its_place() -> None:
    with pytest.raises(InputError) as caught:
        decode_yaml_bytes(b"a: 1\nb: caf\xe9\n", "f.yaml")
    (problem,) = caught.value.problems
    assert problem.code == "encoding"
    assert problem.position == Position("f.yaml", 2, 7)
    assert "0xe9" in problem.message


def test_a_byte_order_mark_is_dropped() -> None:
    assert decode_yaml_bytes(b"\xef\xbb\xbfa: 1\n", "f.yaml") == "a: 1\n"


@pytest.mark.parametrize("text", ["", "# only a comment\n", "---\n"])
def test_an_empty_document_is_an_empty_scalar(text: str) -> None:
    node = compose_located(text, "f.yaml")
    assert isinstance(node, LScalar) and node.is_null


def test_a_non_scalar_key_is_refused() -> None:
    assert problems_of("? [a, b]\n: 1\n")[0][0] == "wrong-type"


def test_flow_mappings_are_told_from_block_ones() -> None:
    root = compose_located("a: {x: 1, y: [{z: 2}]}\nb:\n  x: 1\n", "f.yaml")
    assert isinstance(root, LMap) and not root.flow
    flow, block, inner = locate(root, ("a",)).node, locate(root, ("b",)).node, locate(root, ("a", "y", 0)).node
    assert isinstance(flow, LMap) and flow.flow
    assert isinstance(block, LMap) and not block.flow
    assert isinstance(inner, LMap) and inner.flow


def test_a_huge_scalar_is_refused_where_it_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlnodes, "MAX_SCALAR_CHARS", 100)
    assert problems_of("a: ok\nb: " + "x" * 101 + "\n") == [("file-too-large", 2, 4)]
    assert problems_of("a: ok\n" + "k" * 101 + ": x\n") == [("file-too-large", 2, 1)]
    assert problems_of("a: {" + "k" * 101 + ": x}\n") == [("file-too-large", 1, 5)]
    assert plain_data(compose_located("a: ok\nb: " + "x" * 100 + "\n", "f.yaml"))["b"] == "x" * 100


# A file written one entry a line (a generated table) is read without the parser's events
# (yamllines.py); wherever that reading answers, it must give the nodes the parser gives.
# The pieces below are mostly what it reads, with the YAML it must leave to the parser mixed in.
def _mostly(usual: list[str], odd: list[str]) -> st.SearchStrategy[str]:
    return st.one_of(*[st.sampled_from(usual)] * 10, st.sampled_from(odd))


_KEYS = st.one_of(_mostly(["a", "id", "b_2", "x.y", "7", "k-1", "no", "rule", "value"],
                         ["é", "a b", "-a", "?a", "a:b", "~", "'q'", "a#", "[a]"]),
                  st.from_regex(r"[a-z][a-z0-9_]{0,6}", fullmatch=True))
_SCALARS = _mostly(
    ["x", "12", "-22.1%", "+7", ".5", "$3 million", "£2", "(a)", "n0 = a0 + b0", "pct(a, n)", "a  b", "null",
     "1,000", "a'b", 'a"b', "Q&A", "a=>b", "é", "about 1.2 million"],
    ["~", "", " ", "a #b", "a#b", "a: b", "a:b", "a,b", "[a]", "{a}", "a ?", "-", "- a", "&x", "*x", "!x",
     "!!str x", "|", ">", "@", "`", "%", "'", '"', "x\u00a0y", "a\tb", "a  ", "\\", "---", "...", "#", "? a",
     "x\u2028y", "x\u0085y", "-1"])
_QUOTES = st.sampled_from(["{}", '"{}"', "'{}'"])
_SPACES = st.sampled_from(["", " ", "  "])


@st.composite
def _flow_mappings(draw: st.DrawFn) -> str:
    entries = draw(st.lists(st.tuples(_KEYS, _SPACES, _QUOTES, _SCALARS, _SPACES), max_size=4))
    inner = ",".join(f"{before}{key}: {after}{quote.format(value)}" for key, before, quote, value, after in entries)
    return "{" + inner + draw(_mostly(["}", " }", "} "], ["}  # c", ",}", "", "}}"]))


def _values(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        return draw(_flow_mappings())
    return draw(_QUOTES).format(draw(_SCALARS))


def _block(draw: st.DrawFn, indent: int, depth: int) -> list[str]:
    """The lines of a block mapping or list at `indent`, its nested blocks further in."""
    lines, is_map = [], depth == 0 or draw(st.booleans())
    for _ in range(draw(st.integers(1, 4))):
        pad = " " * indent
        if draw(st.integers(0, 5)) == 0:
            lines.append(draw(st.sampled_from(["", f"{pad}# note", "# note", "   "])))
        head = f"{pad}{draw(_KEYS)}:" if is_map else f"{pad}-"
        if is_map and depth < 2 and draw(st.integers(0, 3)) == 0:
            lines.append(head)
            lines += _block(draw, indent + draw(st.sampled_from([2, 2, 4, 1, 0])), depth + 1)
        else:
            lines.append(f"{head}{draw(_SPACES) or ' '}{_values(draw)}")
    return lines


@st.composite
def _line_files(draw: st.DrawFn) -> str:
    lines = _block(draw, 0, 0)
    if draw(st.integers(0, 3)) == 0:  # one line as YAML allows more, or does not allow at all
        at = draw(st.integers(0, len(lines) - 1))
        lines[at] = draw(st.sampled_from([
            "{line} # c", " {line}", "{line}:", "- {line}", "{line}\n    more", "{line}\n---", "  {line}",
            "{line}\n  - x", "{line}\n  k: v", "key:\n{line}", "{line}\t", "{line}\n...", "&a {line}",
        ])).format(line=lines[at])
    return "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n", "\r\n", "\n# end"]))


def _by_the_parser(text: str) -> tuple[object, list[object]] | None:
    builder = yamlnodes._TreeBuilder("f.yaml")
    try:
        builder.build(text)
    except Exception:
        return None
    return builder.result(), builder.problems


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_line_files())
def test_a_file_of_lines_reads_as_the_parser_reads_it(text: str) -> None:
    from checker.yamllines import read_lines

    fast = read_lines(text, "f.yaml", yamlnodes.MAX_NODES, yamlnodes.MAX_SCALAR_CHARS, yamlnodes.MAX_DEPTH)
    if fast is not None:
        assert _by_the_parser(text) == (fast, [])


def test_files_of_lines_mostly_read_by_lines_read_as_the_parser_reads_them() -> None:
    """The same check on files where odd pieces are rare, so that most are read by lines."""
    import random

    from checker.yamllines import read_lines

    rng = random.Random(7)
    usual_keys = ["a", "id", "b_2", "x.y", "7", "k-1", "no", "rule", "value", "q", "r9", "unit"]
    odd_keys = ["é", "a b", "-a", "a:b", "~", "'q'", "a#"]
    usual = ["x", "12", "-22.1%", "+7", ".5", "$3 million", "£2", "(a)", "n0 = a0 + b0", "pct(a, n)", "a  b",
             "null", "1,000", "a'b", 'a"b', "Q&A", "é", "about 1.2 million", "x!", "a*b", "-x", "+", "(", "€5"]
    odd = ["", " ", "a #b", "a: b", "a,b", "[a]", "a ?", "-", "&x", "*x", "!x", "|", ">", "@", "'", '"',
           "x\u00a0y", "a  ", "---", "? a", "%", "`a", "a:", "-1:"]

    def pick(common: list[str], rare: list[str]) -> str:
        return rng.choice(rare if rng.random() < 0.03 else common)

    def value() -> str:
        if rng.random() < 0.5:
            quotes = ["{}", '"{}"', "'{}'"]
            fields = [f"{pick(usual_keys, odd_keys)}{i}: {rng.choice(quotes).format(pick(usual, odd))}"
                      for i in range(rng.randint(0, 4))]
            return "{" + rng.choice([", ", ",", " ,  "]).join(fields) + pick(["}", " }"], ["} # c", ",}"])
        return rng.choice(["{}", '"{}"', "'{}'"]).format(pick(usual, odd))

    def block(indent: int, depth: int) -> list[str]:
        lines, is_map = [], depth == 0 or rng.random() < 0.5
        for i in range(rng.randint(1, 5)):
            pad = " " * indent
            if rng.random() < 0.1:
                lines.append(rng.choice(["", f"{pad}# note", "# note", "  "]))
            head = f"{pad}{pick(usual_keys, odd_keys)}{i}:" if is_map else f"{pad}-"
            if is_map and depth < 3 and rng.random() < 0.3:
                lines.append(head)
                lines += block(indent + pick([2, 4], [1, 0]), depth + 1)
            else:
                lines.append(f"{head}{pick([' '], ['  ', ''])}{value()}")
        return lines

    read = 0
    for _ in range(1500):
        text = "\n".join(block(0, 0)) + pick(["\n"], ["", "\n  more", "\n---", "\r\n"])
        fast = read_lines(text, "f.yaml", yamlnodes.MAX_NODES, yamlnodes.MAX_SCALAR_CHARS, yamlnodes.MAX_DEPTH)
        if fast is not None:
            read += 1
            assert _by_the_parser(text) == (fast, []), text
    assert read > 500  # the check above did check something


def test_a_generated_table_is_read_by_lines_to_the_parser_s_nodes() -> None:
    from checker.yamllines import read_lines

    text = "# a table\nversion: 1\nquantities:\n" + "".join(
        f"  a{i}: {{unit: votes}}\n  s{i}: {{unit: percent, integer: false}}\n" for i in range(50)
    ) + "relations:\n" + "".join(f'  - {{id: r{i}, rule: "s{i} = pct(a{i}, n)"}}\n' for i in range(50)) + \
        "claims:\n" + "".join(f'  - {{id: c{i}, quantity: a{i}, value: "1,2{i}", weight: 2}}\n' for i in range(50))
    fast = read_lines(text, "f.yaml", yamlnodes.MAX_NODES, yamlnodes.MAX_SCALAR_CHARS, yamlnodes.MAX_DEPTH)
    assert fast is not None and _by_the_parser(text) == (fast, [])
    # at a limit of size the file is the parser's, which reports it
    assert read_lines(text, "f.yaml", 100, yamlnodes.MAX_SCALAR_CHARS, yamlnodes.MAX_DEPTH) is None
    assert read_lines(text, "f.yaml", yamlnodes.MAX_NODES, 5, yamlnodes.MAX_DEPTH) is None


@pytest.mark.parametrize("levels", [10, yamlnodes.MAX_DEPTH - 3, yamlnodes.MAX_DEPTH - 1, yamlnodes.MAX_DEPTH + 5, 500])
def test_nesting_written_one_key_a_line_is_bounded_as_any_other(levels: int) -> None:
    """The line reader leaves a file near the depth limit to the parser's path, which refuses it."""
    from checker.yamllines import read_lines

    text = "".join(" " * (2 * i) + f"k{i}:\n" for i in range(levels)) + " " * (2 * levels) + "x: {a: 1}\n"
    fast = read_lines(text, "f.yaml", yamlnodes.MAX_NODES, yamlnodes.MAX_SCALAR_CHARS, yamlnodes.MAX_DEPTH)
    parsed = _by_the_parser(text)
    if fast is not None:
        assert parsed == (fast, [])
    if levels + 2 > yamlnodes.MAX_DEPTH:
        assert fast is None and [p[0] for p in problems_of(text)] == ["too-deep"]
