"""The claim file as a user writes it: pydantic forms over the composed YAML, its JSON Schema,
and every departure from the forms as a problem at its place in the file.

Every scalar is still the text written, so a form checks shape and spelling only; each
mistake gets its own error code. The same forms give `figcheck schema` the schema that
editors complete keys from.
"""

from __future__ import annotations

import datetime
import difflib
import functools
import re
from fractions import Fraction
from typing import Annotated, Any, Union

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, Tag
from pydantic import ValidationError, WithJsonSchema
from pydantic_core import PydanticCustomError

from .problems import Problem
from .yamlnodes import REFUSED, LMap, LNode, LScalar, is_empty, locate

SUPPORTED_VERSIONS = (1,)
WHERE = ("headline", "standfirst", "body", "caption", "graphic", "quote", "other")
NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
DEFAULT_UNIT = "count"
# The spec's domain default: a quantity not given `min` is at least 0. Quantity.min keeps
# only what was written (None when absent); Quantity.domain_min applies the default.
DEFAULT_MIN = "0"
# Each ignored phrase is searched for in the whole draft, so their number is bounded.
MAX_IGNORED = 1_000


def _fault(code: str, should: str, hint: str | None = None) -> PydanticCustomError:
    """A validation error whose message completes "`field` in claim `x` ..."; the input is added later."""
    return PydanticCustomError(code, should, {"hint": hint} if hint else None)


def nearest(word: str, choices: Any) -> str | None:
    """The choice closest to a misspelt `word`, if any is close."""
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return match[0] if match else None


def did_you_mean(word: str, choices: Any) -> str | None:
    """"did you mean `x`?" for the choice closest to `word`, if any is close."""
    near = nearest(word, choices)
    return f"did you mean `{near}`?" if near else None


_FLAGS = {"true": True, "false": False, "yes": True, "no": False}


def _flag(text: Any) -> Any:
    if isinstance(text, str) and text.lower() in _FLAGS:
        return _FLAGS[text.lower()]
    raise _fault("wrong-type", "should be true or false")


def _version(text: str) -> str:
    if re.fullmatch("[0-9]{1,6}", text) and int(text) in SUPPORTED_VERSIONS:
        return text
    versions = ", ".join(map(str, SUPPORTED_VERSIONS))
    raise _fault("bad-version", f"should be {versions}, the version this figcheck reads",
                 "write `version: 1`, or use a figcheck that reads this version")


_ISO_DATE = re.compile("([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_DATE_FORMATS = ("%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%b %d %Y", "%Y/%m/%d")


def _iso_date(text: str) -> str:
    if len(text) == 10 and _ISO_DATE.fullmatch(text):
        try:
            datetime.date.fromisoformat(text)
            return text
        except ValueError:
            raise _fault("bad-date", "should be a date that exists on the calendar") from None
    raise _fault("bad-date", "should be a date written YYYY-MM-DD", _iso_hint(text))


def _iso_hint(text: str) -> str | None:
    written = text.strip()
    if m := _ISO_DATE.fullmatch(written):  # only the zero padding is missing
        written = "{}/{}/{}".format(*m.groups())
    for form in _DATE_FORMATS:
        try:
            return f"did you mean {datetime.datetime.strptime(written, form).date().isoformat()}?"
        except ValueError:
            continue
    return None


_CONVERSION = re.compile(r"\s*([^\s=*/][^=*/]*?)\s*=\s*([0-9][0-9_]*(?:[.][0-9_]+)?)\s*[*]\s*([^\s=*/][^=*/]*?)\s*")


def conversion_parts(text: str) -> tuple[str, str, str] | None:
    """(unit, factor, source unit) of a declared conversion `m2 = 0.09290304 * sqft`."""
    m = _CONVERSION.fullmatch(text)
    return (m.group(1), m.group(2), m.group(3)) if m else None


def _conversion(text: str) -> str:
    parts = conversion_parts(text)
    if parts is not None and parts[0] != parts[2] and Fraction(parts[1].replace("_", "")) > 0:
        return text
    raise _fault("bad-conversion", "should say how one unit is a factor times another",
                 "for example  m2 = 0.09290304 * sqft")


def _where(text: str) -> str:
    if text.lower() in WHERE:
        return text.lower()
    raise _fault("bad-where", f"should be one of {', '.join(WHERE)}", did_you_mean(text.lower(), WHERE))


_POSITIVE = re.compile("[0-9]{1,15}([.][0-9]{1,15})?|[0-9]{1,15}/0*[1-9][0-9]{0,14}")


@functools.lru_cache(maxsize=256)  # a table's thousands of weights are a few texts ("2")
def _weight(text: str) -> str:
    if _POSITIVE.fullmatch(text.strip()) and Fraction(text.strip()) > 0:
        return text.strip()
    raise _fault("bad-weight", "should be a positive number such as 1, 2 or 0.5")


def _filled(text: str) -> str:
    if text.strip():
        return text
    raise _fault("wrong-type", "should be a short name such as `headline`")


# Ids are names reports print in every format: letters and digits (any script), `_`, `-`
# and `.`, starting with a letter or digit; no spaces, control or formatting characters.
ID = re.compile(r"[^\W_][\w.-]{0,99}")


def _id(text: str) -> str:
    if ID.fullmatch(text):  # so not blank either: one call where a table has thousands of ids
        return text
    _filled(text)  # a blank id is reported as blank first
    near = re.sub(r"[^\w.-]+", "-", text).strip("-._")[:100]
    raise _fault("bad-id", "should be up to 100 letters, digits, `_`, `-` or `.`, starting with a "
                 "letter or digit", f"did you mean `{near}`?" if near else "for example `headline`")


def _shape(data: Any) -> str | None:
    kinds = {str: "<text>", list: "<list>", dict: "<mapping>"}
    return kinds.get(type(data))


FIGURE_SCHEMA = {"type": ["number", "string"]}
# Any scalar is read as text; editors parsing the YAML themselves may see a number or boolean.
Text = Annotated[str, WithJsonSchema({"type": ["string", "number", "boolean"]})]
Id = Annotated[Text, AfterValidator(_id)]
Figure = Annotated[str, WithJsonSchema(FIGURE_SCHEMA)]  # a number or phrase, as written
Flag = Annotated[bool, BeforeValidator(_flag), WithJsonSchema({"type": "boolean"})]
Version = Annotated[str, AfterValidator(_version), WithJsonSchema({"enum": list(SUPPORTED_VERSIONS)})]
IsoDate = Annotated[str, AfterValidator(_iso_date), WithJsonSchema({"type": "string", "format": "date"})]
Where = Annotated[str, AfterValidator(_where), WithJsonSchema({"enum": list(WHERE)})]
Weight = Annotated[str, AfterValidator(_weight), WithJsonSchema({**FIGURE_SCHEMA, "exclusiveMinimum": 0})]
ConversionText = Annotated[str, AfterValidator(_conversion), WithJsonSchema(
    {"type": "string", "pattern": r"^.+=\s*[0-9][0-9_.]*\s*\*.+$"})]


class Form(BaseModel):
    """A mapping of the file: unknown keys are errors, and nothing changes once read."""

    # Built when first used, not at import: a check validates only FileForm (whose schema
    # holds the others), and most other commands none, so each form's own validator would
    # be start-up time spent for nothing.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class SourceForm(Form):
    """A source whose words come from a report of another date."""

    published: IsoDate | None = Field(None, description="weekdays and relative dates in its claims read against this")


class ArticleForm(Form):
    """The article the claims come from."""

    title: Text | None = None
    draft: Text | None = Field(None, description="path to the draft's text, relative to this file")
    published: IsoDate | None = None
    ignore: list[Text] | None = Field(
        None, max_length=MAX_IGNORED,
        description='phrases of the draft whose figures are not claims, e.g. ["Covid-19", "G7"]')
    sources: dict[Text, SourceForm] | None = Field(
        None, description="who is quoted, with the date of the report the words come from")


class QuantityForm(Form):
    """A figure the article talks about."""

    unit: Text | None = Field(None, description=f"a free word; default `{DEFAULT_UNIT}`")
    about: Text | None = None
    integer: Flag | None = Field(None, description="default: true for counts, false for money and shares")
    min: Figure | None = Field(None, description=f"lowest possible value; default {DEFAULT_MIN}")
    max: Figure | None = None
    stated: Flag | None = Field(None, description="false: the article leaves it unstated on purpose "
                                "(no unclaimed-quantity warning)")


class RelationForm(Form):
    """An assumption of the fact-checker: a rule over quantity names."""

    id: Id
    rule: Text
    accept: Text | None = Field(None, description="why a known discrepancy involving it is accepted")


class _OpenEnds(Form):
    min_open: Flag | None = Field(None, description="true: the interval excludes min")
    max_open: Flag | None = Field(None, description="true: the interval excludes max")


class ExplicitValueForm(_OpenEnds):
    """A value given by its parts: min/max, value with tolerance, or value exact."""

    min: Figure | None = None
    max: Figure | None = None
    value: Figure | None = None
    tolerance: Figure | None = None
    exact: Flag | None = None


def _one_of(kinds: dict[str, Any], should: str) -> Any:
    """A union told apart by the data's shape, so errors name one alternative, not all."""
    members = tuple(Annotated[kind, Tag(tag)] for tag, kind in kinds.items())
    tell_apart = Discriminator(_shape, custom_error_type="wrong-type", custom_error_message=should)
    return Annotated[Union[members], tell_apart]


NameOrNames = _one_of({"<text>": Text, "<list>": list[Text]}, "should be one name or a list of names")
ValueForm = _one_of({"<text>": Figure, "<mapping>": ExplicitValueForm},
                    "should be a figure as written, or a mapping such as min: 18, max: 24")


class ClaimForm(Form):
    """A figure or relation the article reports."""

    id: Id
    quantity: NameOrNames | None = None
    value: ValueForm | None = None
    rule: Text | None = None
    where: Where | None = None
    source: Text | None = None
    quote: Text | None = None
    weight: Weight | None = Field(None, description="how hard to drop it in a repair; default 1")
    accept: Text | None = Field(None, description="why a known discrepancy involving it is accepted")
    published: IsoDate | None = Field(None, description="date of the report this claim comes from, "
                                      "when not the article's")


class WordForm(_OpenEnds):
    """The interval a vague word means."""

    min: Figure
    max: Figure


class VocabularyForm(Form):
    """Changes to the default tolerances and vague words."""

    approximate: Figure | None = Field(None, description='tolerance of "about", e.g. 10%')
    below: Figure | None = Field(None, description='tolerance of "nearly"')
    above: Figure | None = Field(None, description='tolerance of "just over"')
    words: dict[Text, WordForm | None] | None = Field(
        None, description="phrase: {min, max}; null takes a word out of the table")


class FileForm(Form):
    """A figcheck claim file, version 1."""

    model_config = ConfigDict(title="figcheck claim file")

    version: Version | None = None
    article: ArticleForm | None = None
    quantities: dict[Text, QuantityForm | None] | None = Field(
        None, json_schema_extra={"propertyNames": {"pattern": f"^{NAME.pattern}$"}})
    relations: list[RelationForm] | None = None
    claims: list[ClaimForm] | None = None
    vocabulary: VocabularyForm | None = None
    conversions: list[ConversionText] | None = Field(
        None, description="factors between units that rules may use, e.g. m2 = 0.09290304 * sqft")


def claim_file_json_schema() -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) of the claim file as a user writes it."""
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **FileForm.model_json_schema()}


# -- turning pydantic's errors into problems at their place in the file ------------------------

_UNION_TAGS = frozenset({"<text>", "<list>", "<mapping>"})
_SHOULD = {
    "string_type": "should be text",
    "list_type": "should be a list of `- ` items",
    "dict_type": "should be a mapping of `key: value` lines",
    "model_type": "should be a mapping of `key: value` lines",
    "model_attributes_type": "should be a mapping of `key: value` lines",
}
Loc = tuple[Union[str, int], ...]
# Where each kind of mapping sits in a file: `str` and `int` stand for any name or index.
_FORMS: tuple[tuple[tuple[Any, ...], type[Form]], ...] = (
    ((), FileForm), (("article",), ArticleForm), (("quantities", str), QuantityForm),
    (("relations", int), RelationForm), (("claims", int), ClaimForm),
    (("claims", int, "value"), ExplicitValueForm), (("vocabulary",), VocabularyForm),
    (("vocabulary", "words", str), WordForm), (("article", "sources", str), SourceForm),
)
_OWNERS = ((("claims", int), "claim"), (("relations", int), "relation"),
           (("quantities", str), "quantity"), (("vocabulary", "words", str), "vocabulary word"),
           (("article",), "the article"), (("vocabulary",), "`vocabulary`"))


def _matches(loc: Loc, pattern: tuple[Any, ...]) -> bool:
    return len(loc) == len(pattern) and all(
        isinstance(step, p) if isinstance(p, type) else step == p for step, p in zip(loc, pattern))


def owner_of(loc: Loc, data: Any) -> tuple[str, int]:
    """What a location belongs to ("claim `toll`"), and how many steps of `loc` that took."""
    for pattern, noun in _OWNERS:
        if _matches(loc[: len(pattern)], pattern):
            key = loc[len(pattern) - 1]
            if len(pattern) == 1:
                return noun, 1
            if isinstance(key, int):
                item = data.get(loc[0])[key] if isinstance(data, dict) else None
                ident = item.get("id") if isinstance(item, dict) else None
                named = isinstance(ident, str) and ident.strip()
                return (f"{noun} `{ident}`" if named else f"{noun} {key + 1}"), 2
            return f"{noun} `{key}`", len(pattern)
    return "the file", 0


def _subject(loc: Loc, data: Any) -> str:
    owner, used = owner_of(loc, data)
    rest = loc[used:]
    field = ".".join(str(step) for step in rest if isinstance(step, str))
    if rest and isinstance(rest[-1], int):
        field = f"item {rest[-1] + 1} of `{field}`" if field else f"item {rest[-1] + 1}"
    elif field:
        field = f"`{field}`"
    if not field:
        return owner
    return field if owner == "the file" else f"{field} in {owner}"


def found_text(data: Any) -> str:
    """A wrong value as a message names it: `the text`, a list, a mapping, or empty."""
    if data is None or (isinstance(data, str) and not data.strip()):
        return "empty"
    if isinstance(data, str):
        return f"`{data if len(data) <= 40 else data[:37] + '...'}`"
    return {list: "a list", dict: "a mapping"}.get(type(data), f"`{data}`")


def form_problems(exc: ValidationError, root: LNode | None, data: Any, prefix: Loc = ()) -> list[Problem]:
    """pydantic's errors as problems placed in `root` (None: no positions), in the reader's words.

    `prefix` is the path of `data` inside a claim file, when it came from elsewhere (pyproject).
    """
    problems = []
    for error in exc.errors(include_url=False):
        loc = tuple(step for step in error["loc"] if step not in _UNION_TAGS)
        found = locate(root, loc) if root is not None else None
        if found and isinstance(found.node, LScalar) and found.node.style == REFUSED:
            continue  # already reported as a refused tag or alias
        loc = prefix + loc
        kind, hint = error["type"], (error.get("ctx") or {}).get("hint")
        position = found.node.position if found else None
        if kind == "extra_forbidden":
            known = list(next((f for p, f in _FORMS if _matches(loc[:-1], p)), Form).model_fields)
            key = str(loc[-1])
            code, message = "unknown-key", f"unknown key `{key}` in {_subject(loc[:-1], data)}"
            hint = (_comma_hint(root, loc[len(prefix):]) or did_you_mean(key, known)
                    or f"the keys here are {', '.join(known)}")
            position = found.key_position if found else None
        elif kind == "missing":
            code, message = "missing-key", f"{_subject(loc[:-1], data)} has no `{loc[-1]}`"
        elif kind == "too_long":
            most = (error.get("ctx") or {}).get("max_length", 0)
            code, message = "too-long", f"{_subject(loc, data)} lists more than {most:,} items"
            # `article.ignore` is the one list with a bound
            hint = "list each phrase once: one phrase covers every place it stands in the draft"
        else:
            code = kind if "-" in kind else "wrong-type"
            should = _SHOULD.get(kind, error["msg"])
            message = f"{_subject(loc, data)} {should}, not {found_text(error['input'])}"
        problems.append(Problem(code, message, position, hint))
    return problems


# In `{id: x, about: a, b}` the comma ends the text `a`, and `b` becomes a key of its own.
_COMMA_HINTS = {
    "quantity": "a comma inside `{…}` separates keys: write several quantities as a list, `[a, b]`",
}
_COMMA_HINT = "a comma inside `{…}` separates keys: put the text in quotes"


def _comma_hint(root: LNode | None, loc: Loc) -> str | None:
    """The hint for an unknown key that looks like the end of a text a comma cut off."""
    found = locate(root, loc[:-1]) if root is not None else None
    parent = found.node if found is not None and found.complete else None
    if not isinstance(parent, LMap) or not parent.flow:
        return None
    keys = [e.key for e in parent.entries]
    if loc[-1] not in keys:
        return None
    at = keys.index(loc[-1])
    entry = parent.entries[at]
    # The text was cut from the last key before it that has a value (`b` and `c` in `a, b, c`).
    owner = next((e for e in reversed(parent.entries[:at]) if not is_empty(e.value)), None)
    after_text = (owner is not None and isinstance(owner.value, LScalar) and owner.value.style == ""
                  and is_empty(entry.value))
    if " " not in entry.key.strip() and not after_text:
        return None  # a one-word `key: value` is a misspelt key, not a fragment
    return _COMMA_HINTS.get(owner.key if owner else "", _COMMA_HINT)
