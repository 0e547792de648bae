"""Safe YAML composition: scalars as written, positions, and refusals of hostile input."""

from __future__ import annotations

import pytest

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
    assert plain_data(compose_located("a: ok\nb: " + "x" * 100 + "\n", "f.yaml"))["b"] == "x" * 100
