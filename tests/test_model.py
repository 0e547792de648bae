"""The claim-file models: defaults, every problem at its place, the JSON Schema, and speed."""

from __future__ import annotations

import datetime
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import jsonschema
import pytest
import yaml

from checker import forms, model
from checker.check import CheckOptions, check_file
from checker.model import (
    ClaimFile, claim_file_from_text, claim_file_json_schema, default_integer, load_claim_file,
    parse_vocabulary_overrides,
)
from checker.positions import Position
from checker.problems import InputError, Problem

GOOD = """\
version: 1
article:
  title: Russia and Ukraine confirm swap of 372 war prisoners
  draft: ../drafts/prisoner-swap.txt
  published: 2025-03-19
quantities:
  exchanged:  {unit: people, about: soldiers exchanged in this swap}
  ua_freed:   {unit: people}
  ru_freed:   {unit: people}
  ua_wounded: {unit: people}
relations:
  - id: parts
    rule: exchanged = ua_freed + ru_freed + ua_wounded
claims:
  - id: headline
    where: headline
    quote: Swap of 372 War Prisoners
    quantity: exchanged
    value: 372
  - id: caption
    where: caption
    quantity: [ua_freed, ru_freed]
    value: 150
  - id: zelensky-wounded
    source: Volodymyr Zelensky
    quantity: ua_wounded
    value: nearly two dozen
    weight: 0.5
  - id: more-than-300
    rule: exchanged > 300
    accept: reviewed
"""


def load(text: str) -> ClaimFile:
    return claim_file_from_text(text, "c.yaml")


def problems(text: str) -> list[Problem]:
    with pytest.raises(InputError) as caught:
        load(text)
    return caught.value.problems


def codes_at(text: str) -> list[tuple[str, int]]:
    return [(p.code, p.position.line) for p in problems(text)]


def test_a_good_file_loads_with_positions() -> None:
    cf = load(GOOD)
    assert cf.version == 1 and cf.path == "c.yaml"
    assert cf.article is not None and cf.article.published == datetime.date(2025, 3, 19)
    assert cf.article.draft == "../drafts/prisoner-swap.txt"
    assert cf.article.draft_position == Position("c.yaml", 4, 10)
    assert list(cf.quantities) == ["exchanged", "ua_freed", "ru_freed", "ua_wounded"]
    assert cf.quantities["exchanged"].position == Position("c.yaml", 7, 3)
    (parts,) = cf.relations
    assert parts.rule == "exchanged = ua_freed + ru_freed + ua_wounded"
    assert parts.rule_position == Position("c.yaml", 13, 11)
    headline, caption, zelensky, rule_claim = cf.claims
    assert headline.quantities == ("exchanged",) and headline.value == "372"
    assert headline.value_position == Position("c.yaml", 19, 12)
    assert headline.where == "headline" and headline.quote_position == Position("c.yaml", 17, 12)
    assert caption.quantities == ("ua_freed", "ru_freed")
    assert caption.quantity_positions == (Position("c.yaml", 22, 16), Position("c.yaml", 22, 26))
    assert zelensky.value == "nearly two dozen" and zelensky.weight == Fraction(1, 2)
    assert rule_claim.rule == "exchanged > 300" and rule_claim.quantities == () and rule_claim.accept == "reviewed"


def test_defaults() -> None:
    cf = load("quantities:\n  n: {}\n  spend: {unit: usd}\n  bare:\nclaims:\n  - {id: a, quantity: n, value: 3}\n")
    assert cf.version == 1 and cf.article is None and cf.vocabulary is None and cf.relations == []
    n, spend, bare = cf.quantities.values()
    assert (n.unit, n.integer, n.min, n.domain_min, n.max) == ("count", True, None, "0", None)
    assert (spend.unit, spend.integer) == ("usd", False)
    assert (bare.unit, bare.integer) == ("count", True)
    assert cf.claims[0].weight == Fraction(1) and cf.claims[0].where is None


def test_written_integer_and_domain_win_over_defaults() -> None:
    cf = load("quantities:\n  t: {unit: celsius, integer: true, min: -40, max: '60'}\nclaims: []\n")
    t = cf.quantities["t"]
    assert (t.integer, t.min, t.max) == (True, "-40", "60")
    assert t.min_position == Position("c.yaml", 2, 42) and t.max_position == Position("c.yaml", 2, 53)  # past the quote


@pytest.mark.parametrize("unit, integer", [
    ("people", True), ("count", True), ("beds", True), ("date", True), ("days", True), ("votes", True),
    ("usd", False), ("GBP", False), ("euros", False), ("million usd", False), ("$", False),
    ("percent", False), ("%", False), ("per cent", False), ("ratio", False), ("share", False),
    ("km", False), ("tonnes", False), ("hours", False), ("Celsius", False), ("MWh", False),
    ("people per km2", False),
])
def test_default_integer_by_unit(unit: str, integer: bool) -> None:
    assert default_integer(unit) is integer


def test_scalars_and_names_are_read_as_written() -> None:
    cf = load("quantities:\n  yes: {}\n  no: {}\n  beds: {max: 017}\nclaims:\n"
              "  - {id: 1_000, quantity: yes, value: 017}\n  - {id: b, quantity: [no], value: 1_000}\n"
              "  - {id: c, quantity: beds, value: 3.10}\n  - {id: d, quantity: beds, value: 12:30}\n")
    assert list(cf.quantities) == ["yes", "no", "beds"] and cf.quantities["beds"].max == "017"
    assert [(c.id, c.quantities, c.value) for c in cf.claims] == [
        ("1_000", ("yes",), "017"), ("b", ("no",), "1_000"), ("c", ("beds",), "3.10"), ("d", ("beds",), "12:30")]


def test_explicit_value_keeps_its_fields_as_text() -> None:
    cf = load("quantities:\n  a: {}\nclaims:\n  - id: x\n    quantity: a\n    value: {min: 18, max: 24, max_open: yes}\n")
    claim = cf.claims[0]
    assert claim.value == {"min": "18", "max": "24", "max_open": "true"}
    assert claim.value_field_positions["max"] == Position("c.yaml", 6, 27)


def test_misspelt_key_is_reported_at_its_line_with_the_nearest_key() -> None:
    text = "version: 1\nquantities:\n  deaths: {unit: people}\nclaims:\n  - id: toll\n    qantity: deaths\n    value: 12\n"
    (problem,) = problems(text)  # the misspelling does not also count as a missing `quantity`
    assert problem.code == "unknown-key" and problem.position == Position("c.yaml", 6, 5)
    assert "qantity" in problem.message and problem.hint == "did you mean `quantity`?"


def test_every_problem_of_a_file_is_reported_at_once_in_file_order() -> None:
    text = """\
version: 2
article:
  published: 19 March 2025
  titel: x
quantities:
  ua-freed: {unit: people}
  deaths: {unit: people, integer: maybe}
relations:
  - id: r1
claims:
  - id: r1
    quantity: death
    value: 3
  - id: both
    quantity: deaths
    value: 3
    rule: deaths > 1
  - id: neither
    where: headlines
    weight: -1
  - id: lonely-value
    value: 3
  - id: rule-with-quantity
    quantity: deaths
    rule: deaths > 2
"""
    assert codes_at(text) == [
        ("bad-version", 1), ("bad-date", 3), ("unknown-key", 4), ("bad-name", 6), ("wrong-type", 7),
        ("missing-key", 9), ("duplicate-id", 11), ("undefined-quantity", 12), ("value-or-rule", 17),
        ("value-or-rule", 18), ("bad-where", 19), ("bad-weight", 20), ("value-needs-quantity", 22),
        ("value-needs-quantity", 24),
    ]


@pytest.mark.parametrize("text, code, line, column, hint", [
    ("version: 3\n", "bad-version", 1, 10, None),
    ("article: {published: 2025-3-9}\n", "bad-date", 1, 22, "did you mean 2025-03-09?"),
    ("article:\n  published: March 19, 2025\n", "bad-date", 2, 14, "did you mean 2025-03-19?"),
    ("article: {published: 2025-02-30}\n", "bad-date", 1, 22, None),
    ("quantities:\n  ua-freed: {}\n", "bad-name", 2, 3, "did you mean `ua_freed`?"),
    ("quantities:\n  2024total: {}\n", "bad-name", 2, 3, None),
    ("claims:\n  - {id: a, rule: x > 1, where: Captions}\n", "bad-where", 2, 33, "did you mean `caption`?"),
    ("claims:\n  - {id: a, rule: x > 1, weight: 0}\n", "bad-weight", 2, 34, None),
    ("claims:\n  - {id: a, rule: x > 1, weight: heavy}\n", "bad-weight", 2, 34, None),
    ("claims:\n  - {id: a, rule: x > 1, weight: 1/0}\n", "bad-weight", 2, 34, None),
    ("version: \u00b2\n", "bad-version", 1, 10, None),
    ("article: {published: \u0662\u0660\u0662\u0665-01-01}\n", "bad-date", 1, 22, None),
    ("quantities:\n  deaths: {}\nclaims:\n  - {id: a, quantity: [deaths, death], value: 1}\n",
     "undefined-quantity", 4, 32, "did you mean `deaths`?"),
    ("claims:\n  - {id: a, rule: x > 1}\n  - {id: a, rule: x > 2}\n", "duplicate-id", 3, 10, None),
    ("claims:\n  - {id: a, rule: x > 1, sorce: AP}\n", "unknown-key", 2, 26, "did you mean `source`?"),
    ("relations:\n  - {id: a}\n", "missing-key", 2, 5, None),
    ("claims:\n  - {rule: a > 1}\n", "missing-key", 2, 5, None),
    ("claims:\n  - {id: a, rule: [a, b]}\n", "wrong-type", 2, 19, None),
    ("claims: {id: a}\n", "wrong-type", 1, 9, None),
    ("- id: a\n", "wrong-type", 1, 1, None),
    ("", "empty-file", 1, 1, None),
])
def test_each_problem_has_its_code_place_and_hint(text: str, code: str, line: int, column: int,
                                                 hint: str | None) -> None:
    (problem,) = [p for p in problems(text) if p.code == code]
    assert (problem.position.line, problem.position.column) == (line, column)
    if hint:
        assert problem.hint == hint


def test_duplicate_id_names_the_first_line() -> None:
    text = "relations:\n  - {id: a, rule: x = 1}\nclaims:\n  - {id: a, rule: x > 2}\n"
    (problem,) = problems(text)
    assert problem.code == "duplicate-id" and "line 2" in problem.message


def test_bad_version_names_the_supported_versions() -> None:
    (problem,) = problems("version: 2\n")
    assert "1" in problem.message and "`2`" in problem.message


def test_tags_and_duplicate_keys_are_reported_with_the_rest() -> None:
    text = ("quantities:\n  a: {}\nclaims:\n  - id: x\n    quantity: a\n"
            "    value: !!python/object/apply:os.system ['true']\n  - id: y\n    rule: a > 1\n    rule: a > 2\n"
            "  - {id: z, value: 3}\n")
    assert codes_at(text) == [("yaml-tag", 6), ("duplicate-key", 9), ("value-needs-quantity", 10)]


def test_vocabulary_in_a_file_keeps_text_and_positions() -> None:
    cf = load("vocabulary:\n  approximate: 5%\n  words:\n    handful: {min: 3, max: 6, max_open: true}\nclaims: []\n")
    vocab = cf.vocabulary
    assert vocab is not None and vocab.approximate == "5%" and vocab.below is None
    assert vocab.positions == {"approximate": Position("c.yaml", 2, 16)}
    word = vocab.words["handful"]
    assert (word.min, word.max, word.min_open, word.max_open) == ("3", "6", False, True)
    assert word.position == Position("c.yaml", 4, 5)


def test_vocabulary_as_written_round_trips_and_can_remove_a_word() -> None:
    cf = load("vocabulary:\n  below: '0.05'\n  words:\n    dozens: null\n    lots: {min: 100, max: 999}\nclaims: []\n")
    assert cf.vocabulary is not None
    assert cf.vocabulary.as_written() == {
        "below": "0.05",
        "words": {"dozens": None, "lots": {"min": "100", "max": "999", "min_open": "false", "max_open": "false"}},
    }


def test_a_vague_word_needs_both_ends() -> None:
    (problem,) = problems("vocabulary:\n  words:\n    lots: {min: 100}\n")
    assert problem.code == "missing-key" and problem.position.line == 3 and "`max`" in problem.message


def test_vocabulary_from_pyproject_values() -> None:
    vocab = parse_vocabulary_overrides({"approximate": 0.1, "words": {"few": {"min": 2, "max": 5, "max_open": True}}})
    assert vocab.approximate == "0.1" and vocab.words["few"].max_open and vocab.words["few"].min == "2"
    with pytest.raises(InputError) as caught:
        parse_vocabulary_overrides({"aproximate": "5%"})
    assert caught.value.problems[0].code == "unknown-key"
    assert caught.value.problems[0].hint == "did you mean `approximate`?"


def test_load_claim_file_reads_from_disk(tmp_path: Path) -> None:
    path = tmp_path / "claims.yaml"
    path.write_text(GOOD, encoding="utf-8")
    cf = load_claim_file(path, display_path="claims/swap.yaml")
    assert cf.path == "claims/swap.yaml" and cf.claims[0].position.file == "claims/swap.yaml"
    path.write_bytes(b"claims:\n  - {id: caf\xe9}\n")
    with pytest.raises(InputError) as caught:
        load_claim_file(path)
    assert caught.value.problems[0].code == "encoding" and caught.value.problems[0].position.line == 2
    with pytest.raises(InputError) as caught:
        load_claim_file(tmp_path / "missing.yaml")
    assert caught.value.problems[0].code == "unreadable-file"


@pytest.mark.parametrize("text", [
    "a: " + "[" * 5000, "claims:\n" + "  - {id: a, rule: b}\n" * 3 + "x: *y\n", "claims: &a [*a]\n",
    "\x00", "claims:\n  - id: !!python/object:os.system\n", "? {a: 1}\n: 2\n",
])
def test_hostile_input_gives_problems_not_tracebacks(text: str) -> None:
    assert problems(text)


def test_json_schema_accepts_a_good_file_and_rejects_a_typo() -> None:
    schema = claim_file_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    # an editor reads YAML 1.2: dates stay text, numbers are numbers
    written = yaml.safe_load(GOOD)
    written["article"]["published"] = written["article"]["published"].isoformat()
    assert list(validator.iter_errors(written)) == []
    written["claims"][0]["qantity"] = written["claims"][0].pop("quantity")
    assert list(validator.iter_errors(written))
    assert "position" not in str(schema)


@pytest.mark.parametrize("change", [
    {"version": 2}, {"quantities": {"ua-freed": {}}}, {"claims": [{"id": "a", "where": "headlines"}]},
    {"claims": [{"id": "a", "weight": -1}]}, {"relations": [{"id": "a"}]},
])
def test_json_schema_rejects_what_the_loader_rejects(change: dict[str, object]) -> None:
    validator = jsonschema.Draft202012Validator(claim_file_json_schema())
    assert list(validator.iter_errors({"version": 1, **change}))


def test_a_thousand_claims_load(tmp_path: Path) -> None:
    lines = ["version: 1", "quantities:"] + [f"  q{i}: {{unit: people, about: figure {i}}}" for i in range(300)]
    lines += ["claims:"] + [f"  - id: c{i}\n    where: body\n    source: agency {i}\n    quote: said {i}\n"
                            f"    quantity: q{i % 300}\n    value: about {i}" for i in range(1000)]
    path = tmp_path / "big.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    cf = load_claim_file(path)
    assert len(cf.claims) == 1000


# -- the tolerant loader: every problem, and the file without its faulty entries ---------------

FAULTY = """\
version: 2
article: {title: Swap, published: 19 March 2025, draft: d.txt}
quantities:
  ua-freed: {unit: people}
  deaths: {unit: people, integer: maybe, about: the dead}
  money: {unti: usd}
  cost: [1, 2]
relations:
  - {id: r1, rule: deaths > 1, acept: yes}
  - {id: r2, rule: deaths < 9}
claims:
  - {id: a, quantity: deaths, value: 3}
  - {id: a, quantity: deaths, value: 4}
  - {id: b, qantity: deaths, value: 5}
  - {id: c, quantity: death, value: 6}
  - {id: d, quantity: deaths, value: !!python/name:os.system x}
  - {id: e, rule: deaths = 3, weight: 2}
"""


def test_the_tolerant_loader_keeps_the_sound_entries_and_reports_every_problem() -> None:
    cf, found = model.claim_file_from_text_tolerant(FAULTY, "c.yaml")
    assert [(p.code, p.position.line) for p in found] == [
        ("bad-version", 1), ("bad-date", 2), ("bad-name", 4), ("wrong-type", 5), ("unknown-key", 6),
        ("wrong-type", 7), ("unknown-key", 9), ("duplicate-id", 13), ("unknown-key", 14),
        ("undefined-quantity", 15), ("yaml-tag", 16)]
    assert cf is not None and cf.version == 1
    assert cf.article is not None
    assert (cf.article.title, cf.article.draft, cf.article.published) == ("Swap", "d.txt", None)
    # every quantity stays, a faulty one with its sound keys and defaults for the rest
    assert list(cf.quantities) == ["ua-freed", "deaths", "money", "cost"]
    deaths = cf.quantities["deaths"]
    assert (deaths.unit, deaths.about, deaths.integer) == ("people", "the dead", True)
    assert cf.quantities["money"].unit == cf.quantities["cost"].unit == "count"
    assert [r.id for r in cf.relations] == ["r2"]
    assert [c.id for c in cf.claims] == ["a", "e"]
    assert cf.claims[0].value == "3" and cf.claims[1].position == Position("c.yaml", 17, 5)
    assert cf.claims[1].weight == 2


def test_the_tolerant_loader_gives_a_good_file_and_no_problems(tmp_path: Path) -> None:
    path = tmp_path / "claims.yaml"
    path.write_text(GOOD, encoding="utf-8")
    cf, found = model.load_claim_file_tolerant(path, display_path="claims/swap.yaml")
    assert found == [] and cf == load_claim_file(path, display_path="claims/swap.yaml")


@pytest.mark.parametrize("written, code", [
    (b"claims:\n  - {id: a\n", "yaml-syntax"), (b"- a\n", "wrong-type"), (b"", "empty-file"),
    (b"claims: [caf\xe9]\n", "encoding"), (b"#" * (model.MAX_BYTES + 1), "file-too-large"),
])
def test_the_tolerant_loader_gives_no_file_when_nothing_of_it_is_usable(
        tmp_path: Path, written: bytes, code: str) -> None:
    path = tmp_path / "claims.yaml"
    path.write_bytes(written)
    cf, found = model.load_claim_file_tolerant(path)
    assert cf is None and [p.code for p in found] == [code]
    with pytest.raises(InputError) as caught:
        load_claim_file(path)
    assert caught.value.problems == found
    assert model.load_claim_file_tolerant(tmp_path / "missing.yaml")[1][0].code == "unreadable-file"


# -- article.ignore ------------------------------------------------------------------------

DATA = Path(__file__).parent / "data" / "model"


def test_ignored_phrases_load_as_text_in_order() -> None:
    cf = load('article: {draft: d.txt, ignore: ["G7", 2022, Covid-19]}\nclaims: []\n')
    assert cf.article is not None and cf.article.ignore == ("G7", "2022", "Covid-19")
    assert load("article: {draft: d.txt}\nclaims: []\n").article.ignore == ()


@pytest.mark.parametrize("written, code", [
    ("G7", "wrong-type"), ("[G7, [a]]", "wrong-type"), ("[G7, ~]", "wrong-type"),
    ("[" + ", ".join(["x"] * (model.MAX_IGNORED + 1)) + "]", "too-long"),
])
def test_ignore_must_be_a_bounded_list_of_phrases(written: str, code: str) -> None:
    (problem,) = problems(f"article:\n  ignore: {written}\n")
    assert problem.code == code and problem.position.line == 2 and "`ignore`" in problem.message


def uncovered(path: Path) -> list[str]:
    report = check_file(path, path.name, CheckOptions())
    assert report.status == "consistent", report.errors
    return sorted(w.message.split('"')[1] for w in report.warnings if w.code == "uncovered-figure")


def test_ignored_phrase_hides_its_figure_from_the_draft_checks(tmp_path: Path) -> None:
    assert uncovered(DATA / "ignore.yaml") == ["12"]  # the 20 of "Group of 20" is ignored
    # the same files without `ignore:`: the 20 is reported, so the phrase is what hid it
    (tmp_path / "ignore.txt").write_bytes((DATA / "ignore.txt").read_bytes())
    written = (DATA / "ignore.yaml").read_text(encoding="utf-8")
    kept = [line for line in written.splitlines(keepends=True) if "ignore: [" not in line]
    (tmp_path / "ignore.yaml").write_text("".join(kept), encoding="utf-8")
    assert uncovered(tmp_path / "ignore.yaml") == ["12", "20"]


# -- a comma inside {…} ----------------------------------------------------------------------

COMMA = "a comma inside `{…}` separates keys: put the text in quotes"
QUANTITIES = "a comma inside `{…}` separates keys: write several quantities as a list, `[a, b]`"


@pytest.mark.parametrize("text, key, column, hint", [
    ("quantities:\n  n: {unit: people, about: soldiers, freed and wounded}\n", "freed and wounded", 38, COMMA),
    ("quantities:\n  n: {unit: people, about: soldiers, sailors}\n", "sailors", 38, COMMA),
    ("claims:\n  - {id: x, rule: n > 1, quote: He said 5, not 6}\n", "not 6", 44, COMMA),
    ("claims:\n  - {id: x, rule: n > 1, source: Smith, Jones}\n", "Jones", 41, COMMA),
    ("quantities:\n  n: {}\n  m: {}\nclaims:\n  - {id: x, quantity: n, m, value: 3}\n", "m", 26, QUANTITIES),
    # not a fragment: a misspelt key with its own value, or a block mapping
    ("claims:\n  - {id: a, rule: x > 1, sorce: AP}\n", "sorce", 26, "did you mean `source`?"),
    ("claims:\n  - id: a\n    rule: x > 1\n    sorce a:\n", "sorce a", 5, "did you mean `source`?"),
])
def test_a_comma_that_split_a_text_is_named_in_the_hint(text: str, key: str, column: int, hint: str) -> None:
    (problem,) = [p for p in problems(text) if p.code == "unknown-key"]
    assert f"`{key}`" in problem.message and problem.position.column == column
    assert problem.hint == hint


def test_every_key_after_the_comma_gets_the_hint() -> None:
    found = problems("quantities:\n  n: {unit: people, about: soldiers, sailors, airmen}\n")
    assert [(p.code, p.hint) for p in found] == [("unknown-key", COMMA), ("unknown-key", COMMA)]


# -- the split into forms.py and model.py ---------------------------------------------------

def test_the_written_forms_are_still_importable_from_model() -> None:
    for name in ("FileForm", "ClaimForm", "ArticleForm", "ExplicitValueForm", "claim_file_json_schema",
                 "SUPPORTED_VERSIONS", "WHERE", "DEFAULT_UNIT", "Figure", "Text"):
        assert getattr(model, name) is getattr(forms, name)
    assert set(model.__all__) <= set(dir(model))


def test_importing_the_model_stays_light() -> None:
    code = "import sys, checker.model; print(sorted(m for m in ('sympy', 'checker.values', 'checker.check') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_loader_s_models_are_the_models_validation_makes() -> None:
    """The loader builds its models without validating them again (model._built): each must be
    equal to, print as, and dump as the one pydantic makes from the same fields."""
    cf = claim_file_from_text(GOOD, "f.yaml")
    made = [cf, *cf.quantities.values(), *cf.relations, *cf.claims, *([cf.article] if cf.article else [])]
    assert len(made) > 5
    for instance in made:
        fields = {name: getattr(instance, name) for name in type(instance).model_fields}
        validated = type(instance)(**fields)
        assert instance == validated and repr(instance) == repr(validated)
        assert instance.model_dump() == validated.model_dump()
        assert instance.model_fields_set == validated.model_fields_set
