"""The claim file as pydantic models, and the loader that reports every problem at once.

Two families of models. The *forms* describe a file as a user writes it: they validate the
composed YAML (every scalar still text) and give `figcheck schema` its JSON Schema. The
located models (`ClaimFile` and its parts) are what the rest of figcheck reads, each part
with its position. Values and rules stay text here; values.py and rules.py read them.
"""

from __future__ import annotations

import datetime
import difflib
import re
from fractions import Fraction
from pathlib import Path
from typing import Annotated, Any, Mapping, Union

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, Tag
from pydantic import ValidationError, WithJsonSchema
from pydantic_core import PydanticCustomError

from .positions import Position
from .problems import InputError, Problem
from .yamlnodes import MAX_BYTES, REFUSED, LMap, LNode, LScalar, LSeq, compose_tolerant
from .yamlnodes import decode_yaml_bytes, locate, plain_data

SUPPORTED_VERSIONS = (1,)
_TOLERANCES = ("approximate", "below", "above")
WHERE = ("headline", "standfirst", "body", "caption", "graphic", "quote", "other")
NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
DEFAULT_UNIT = "count"
# The spec's domain default: a quantity not given `min` is at least 0. Quantity.min keeps
# only what was written (None when absent); Quantity.domain_min applies the default.
DEFAULT_MIN = "0"

# Words that make a unit fractional by default; any other unit counts whole things
# (people, beds, votes, and a `date`, counted in days). A unit's words are matched one by
# one, so "million usd" and "people per km2" are fractional too.
FRACTIONAL_UNIT_WORDS = frozenset("""
    usd gbp eur jpy chf cad aud inr cny rmb rub uah brl zar sek nok dkk pln krw mxn nzd sgd hkd
    dollar dollars pound pounds sterling euro euros yen yuan renminbi rupee rupees rouble roubles
    ruble rubles hryvnia hryvnias franc francs $ £ € ¥ ₹ ₽ ₴
    % percent cent cents percentage percentages pct pp ratio ratios rate rates share proportion
    km km2 kilometre kilometres kilometer kilometers mile miles metre metres meter meters m2 m3
    cm mm ft feet foot inch inches kg kilogram kilograms gram grams lb lbs tonne tonnes ton tons
    litre litres liter liters gallon gallons barrel barrels hour hours minute minutes second
    seconds celsius fahrenheit degree degrees hectare hectares ha acre acres
    kwh mwh gwh twh kw mw gw tw watt watts mph kmh kph knots
""".split())
_UNIT_WORD = re.compile(r"[^\W_]+|[%$£€¥₹₽₴]")


def default_integer(unit: str) -> bool:
    """Whether a quantity in `unit` takes only whole values when `integer` is not written."""
    return not any(word in FRACTIONAL_UNIT_WORDS for word in _UNIT_WORD.findall(unit.lower()))


# -- the written form: scalars are text; validators give each mistake its own code -----------

def _fault(code: str, should: str, hint: str | None = None) -> PydanticCustomError:
    """A validation error whose message completes "`field` in claim `x` ..."; the input is added later."""
    return PydanticCustomError(code, should, {"hint": hint} if hint else None)


def _nearest(word: str, choices: Any) -> str | None:
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return match[0] if match else None


def _suggest(word: str, choices: Any) -> str | None:
    near = _nearest(word, choices)
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


def _where(text: str) -> str:
    if text.lower() in WHERE:
        return text.lower()
    raise _fault("bad-where", f"should be one of {', '.join(WHERE)}", _suggest(text.lower(), WHERE))


_POSITIVE = re.compile("[0-9]{1,15}([.][0-9]{1,15})?|[0-9]{1,15}/0*[1-9][0-9]{0,14}")


def _weight(text: str) -> str:
    if _POSITIVE.fullmatch(text.strip()) and Fraction(text.strip()) > 0:
        return text.strip()
    raise _fault("bad-weight", "should be a positive number such as 1, 2 or 0.5")


def _filled(text: str) -> str:
    if text.strip():
        return text
    raise _fault("wrong-type", "should be a short name such as `headline`")


def _shape(data: Any) -> str | None:
    kinds = {str: "<text>", list: "<list>", dict: "<mapping>"}
    return kinds.get(type(data))


FIGURE_SCHEMA = {"type": ["number", "string"]}
# Any scalar is read as text; editors parsing the YAML themselves may see a number or boolean.
Text = Annotated[str, WithJsonSchema({"type": ["string", "number", "boolean"]})]
Id = Annotated[Text, AfterValidator(_filled)]
Figure = Annotated[str, WithJsonSchema(FIGURE_SCHEMA)]  # a number or phrase, as written
Flag = Annotated[bool, BeforeValidator(_flag), WithJsonSchema({"type": "boolean"})]
Version = Annotated[str, AfterValidator(_version), WithJsonSchema({"enum": list(SUPPORTED_VERSIONS)})]
IsoDate = Annotated[str, AfterValidator(_iso_date), WithJsonSchema({"type": "string", "format": "date"})]
Where = Annotated[str, AfterValidator(_where), WithJsonSchema({"enum": list(WHERE)})]
Weight = Annotated[str, AfterValidator(_weight), WithJsonSchema({**FIGURE_SCHEMA, "exclusiveMinimum": 0})]


class _Form(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ArticleForm(_Form):
    """The article the claims come from."""

    title: Text | None = None
    draft: Text | None = Field(None, description="path to the draft's text, relative to this file")
    published: IsoDate | None = None


class QuantityForm(_Form):
    """A figure the article talks about."""

    unit: Text | None = Field(None, description=f"a free word; default `{DEFAULT_UNIT}`")
    about: Text | None = None
    integer: Flag | None = Field(None, description="default: true for counts, false for money and shares")
    min: Figure | None = Field(None, description=f"lowest possible value; default {DEFAULT_MIN}")
    max: Figure | None = None


class RelationForm(_Form):
    """An assumption of the fact-checker: a rule over quantity names."""

    id: Id
    rule: Text
    accept: Text | None = Field(None, description="why a known discrepancy involving it is accepted")


class _OpenEnds(_Form):
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


class ClaimForm(_Form):
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


class WordForm(_OpenEnds):
    """The interval a vague word means."""

    min: Figure
    max: Figure


class VocabularyForm(_Form):
    """Changes to the default tolerances and vague words."""

    approximate: Figure | None = Field(None, description='tolerance of "about", e.g. 10%')
    below: Figure | None = Field(None, description='tolerance of "nearly"')
    above: Figure | None = Field(None, description='tolerance of "just over"')
    words: dict[Text, WordForm | None] | None = Field(
        None, description="phrase: {min, max}; null takes a word out of the table")


class FileForm(_Form):
    """A figcheck claim file, version 1."""

    model_config = ConfigDict(title="figcheck claim file")

    version: Version | None = None
    article: ArticleForm | None = None
    quantities: dict[Text, QuantityForm | None] | None = Field(
        None, json_schema_extra={"propertyNames": {"pattern": f"^{NAME.pattern}$"}})
    relations: list[RelationForm] | None = None
    claims: list[ClaimForm] | None = None
    vocabulary: VocabularyForm | None = None


def claim_file_json_schema() -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) of the claim file as a user writes it."""
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **FileForm.model_json_schema()}


# -- the located models the rest of figcheck reads ---------------------------------------------

class _Located(BaseModel):
    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)


class Article(_Located):
    title: str | None = None
    draft: str | None = None  # as written, relative to the claim file
    draft_position: Position | None = None
    published: datetime.date | None = None
    published_position: Position | None = None


class Quantity(_Located):
    name: str
    unit: str = DEFAULT_UNIT
    about: str | None = None
    integer: bool = True  # resolved: as written, else default_integer(unit)
    min: str | None = None  # as written; None when absent (see domain_min)
    min_position: Position | None = None
    max: str | None = None
    max_position: Position | None = None
    position: Position | None = None

    @property
    def domain_min(self) -> str:
        return DEFAULT_MIN if self.min is None else self.min


class Relation(_Located):
    id: str
    rule: str
    rule_position: Position | None = None
    accept: str | None = None
    position: Position | None = None


class Claim(_Located):
    id: str
    quantities: tuple[str, ...] = ()  # from `quantity`: one name or several
    quantity_positions: tuple[Position, ...] = ()
    quantities_position: Position | None = None
    value: str | dict[str, str] | None = None  # text as written, or an explicit form's fields
    value_position: Position | None = None
    value_field_positions: dict[str, Position] = {}
    rule: str | None = None
    rule_position: Position | None = None
    where: str | None = None
    source: str | None = None
    quote: str | None = None
    quote_position: Position | None = None
    weight: Fraction = Fraction(1)
    accept: str | None = None
    position: Position | None = None


class WordRange(_Located):
    min: str
    max: str
    min_open: bool = False
    max_open: bool = False
    position: Position | None = None


class VocabularyOverrides(_Located):
    """Tolerances and words as written; vocabulary.py turns them into numbers."""

    approximate: str | None = None
    below: str | None = None
    above: str | None = None
    words: dict[str, WordRange | None] = {}  # None takes a word out of the table
    positions: dict[str, Position] = {}  # of approximate, below, above, when from a file
    position: Position | None = None

    def as_written(self) -> dict[str, Any]:
        """The overrides as the plain mapping a file holds (what vocabulary.py reads)."""
        written: dict[str, Any] = {k: v for k in _TOLERANCES if (v := getattr(self, k)) is not None}
        if self.words:
            written["words"] = {phrase: w and {"min": w.min, "max": w.max, "min_open": _flag_text(w.min_open),
                                               "max_open": _flag_text(w.max_open)}
                                for phrase, w in self.words.items()}
        return written


class ClaimFile(_Located):
    path: str
    version: int = 1
    article: Article | None = None
    quantities: dict[str, Quantity] = {}
    relations: list[Relation] = []
    claims: list[Claim] = []
    vocabulary: VocabularyOverrides | None = None
    position: Position | None = None


# -- loading ---------------------------------------------------------------------------------

def load_claim_file(path: Path, *, display_path: str | None = None) -> ClaimFile:
    """Read, compose and validate one claim file; InputError lists every problem found."""
    shown = str(path) if display_path is None else display_path
    try:
        with open(path, "rb") as stream:
            data = stream.read(MAX_BYTES + 1)  # never read more than the cap, whatever the file
    except OSError as exc:
        problem = Problem("unreadable-file", f"cannot read {shown}: {exc.strerror or exc}")
        raise InputError([problem]) from None
    return claim_file_from_text(decode_yaml_bytes(data, shown), shown)


def claim_file_from_text(text: str, path: str) -> ClaimFile:
    """The claim file written in `text`, shown in reports as `path`."""
    root, problems = compose_tolerant(text, path)
    if not isinstance(root, LMap):
        raise InputError(problems + [_not_a_claim_file(root, path)])
    data = plain_data(root)
    form = None
    try:
        form = FileForm.model_validate(data)
    except ValidationError as exc:
        problems += _form_problems(exc, root, data)
    problems += _cross_problems(root, data)
    if problems or form is None:
        raise InputError(sorted(problems, key=_file_order))
    return _claim_file(form, root, path)


def parse_vocabulary_overrides(mapping: Mapping[str, Any]) -> VocabularyOverrides:
    """Vocabulary overrides from a plain mapping (pyproject's [tool.figcheck]); no positions."""
    data = _as_text(dict(mapping))
    try:
        form = VocabularyForm.model_validate(data)
    except ValidationError as exc:
        raise InputError(_form_problems(exc, None, {"vocabulary": data}, ("vocabulary",))) from None
    return _vocabulary(form, None)


def _file_order(problem: Problem) -> tuple[int, int]:
    return (problem.position.line, problem.position.column) if problem.position else (0, 0)


def _not_a_claim_file(root: LNode, path: str) -> Problem:
    if isinstance(root, LScalar) and root.is_null:
        return Problem("empty-file", "the file is empty", Position(path, 1, 1),
                       "a claim file needs at least `quantities:` and `claims:`")
    return Problem("wrong-type", f"a claim file should be a mapping of keys such as `claims:`, not "
                   f"{_found(plain_data(root))}", root.position)


def _as_text(data: Any) -> Any:
    """TOML values as the text a YAML file would hold, so one validator serves both."""
    if isinstance(data, bool):
        return "true" if data else "false"
    if isinstance(data, (int, float)):
        return str(data)
    if isinstance(data, dict):
        return {str(k): _as_text(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_as_text(v) for v in data]
    return data


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
_FORMS: tuple[tuple[tuple[Any, ...], type[_Form]], ...] = (
    ((), FileForm), (("article",), ArticleForm), (("quantities", str), QuantityForm),
    (("relations", int), RelationForm), (("claims", int), ClaimForm),
    (("claims", int, "value"), ExplicitValueForm), (("vocabulary",), VocabularyForm),
    (("vocabulary", "words", str), WordForm),
)
_OWNERS = ((("claims", int), "claim"), (("relations", int), "relation"),
           (("quantities", str), "quantity"), (("vocabulary", "words", str), "vocabulary word"),
           (("article",), "the article"), (("vocabulary",), "`vocabulary`"))


def _matches(loc: Loc, pattern: tuple[Any, ...]) -> bool:
    return len(loc) == len(pattern) and all(
        isinstance(step, p) if isinstance(p, type) else step == p for step, p in zip(loc, pattern))


def _owner(loc: Loc, data: Any) -> tuple[str, int]:
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
    owner, used = _owner(loc, data)
    rest = loc[used:]
    field = ".".join(str(step) for step in rest if isinstance(step, str))
    if rest and isinstance(rest[-1], int):
        field = f"item {rest[-1] + 1} of `{field}`" if field else f"item {rest[-1] + 1}"
    elif field:
        field = f"`{field}`"
    if not field:
        return owner
    return field if owner == "the file" else f"{field} in {owner}"


def _found(data: Any) -> str:
    if data is None or (isinstance(data, str) and not data.strip()):
        return "empty"
    if isinstance(data, str):
        return f"`{data if len(data) <= 40 else data[:37] + '...'}`"
    return {list: "a list", dict: "a mapping"}.get(type(data), f"`{data}`")


def _form_problems(exc: ValidationError, root: LNode | None, data: Any, prefix: Loc = ()) -> list[Problem]:
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
            known = list(next((f for p, f in _FORMS if _matches(loc[:-1], p)), _Form).model_fields)
            key = str(loc[-1])
            code, message = "unknown-key", f"unknown key `{key}` in {_subject(loc[:-1], data)}"
            hint = _suggest(key, known) or f"the keys here are {', '.join(known)}"
            position = found.key_position if found else None
        elif kind == "missing":
            code, message = "missing-key", f"{_subject(loc[:-1], data)} has no `{loc[-1]}`"
        else:
            code = kind if "-" in kind else "wrong-type"
            should = _SHOULD.get(kind, error["msg"])
            message = f"{_subject(loc, data)} {should}, not {_found(error['input'])}"
        problems.append(Problem(code, message, position, hint))
    return problems


# -- checks across keys and entries ------------------------------------------------------------

def _cross_problems(root: LMap, data: dict[str, Any]) -> list[Problem]:
    problems = _name_problems(root) + _id_problems(root)
    quantities = data.get("quantities")
    defined = _Defined(quantities) if isinstance(quantities, dict) else _Defined({}) if quantities is None else None
    claims = _child(root, "claims")
    for i, item in enumerate(claims.items if isinstance(claims, LSeq) else ()):
        if isinstance(item, LMap):
            problems += _claim_problems(item, _owner(("claims", i), data)[0], defined)
    return problems


def _name_problems(root: LMap) -> list[Problem]:
    problems = []
    for entry in _entries(_child(root, "quantities")):
        if not NAME.fullmatch(entry.key):
            fixed = re.sub(r"[^A-Za-z0-9_]+", "_", entry.key).strip("_")
            problems.append(Problem(
                "bad-name", f"`{entry.key}` cannot be a quantity name: use letters, digits and _, "
                "starting with a letter", entry.key_position,
                f"did you mean `{fixed}`?" if NAME.fullmatch(fixed) else None))
    return problems


def _id_problems(root: LMap) -> list[Problem]:
    first: dict[str, Position] = {}
    problems = []
    for section in ("relations", "claims"):
        items = _child(root, section)
        for item in items.items if isinstance(items, LSeq) else ():
            ident = _child(item, "id")
            if not isinstance(ident, LScalar) or ident.is_null or ident.style == REFUSED:
                continue
            text, position = ident.text, ident.position
            if text in first:
                problems.append(Problem(
                    "duplicate-id", f"the id `{text}` is used twice; the first is on line "
                    f"{first[text].line}", position,
                    "each claim and relation needs its own id: reports name them by it"))
            else:
                first[text] = position
    return problems


_CLAIM_PARTS = ("quantity", "value", "rule")


class _Defined:
    """The quantity names a file defines, with suggestions for names it does not (bounded work)."""

    COMPARISONS = 20_000  # each suggestion compares the unknown name with every defined one

    def __init__(self, names: Mapping[str, Any]) -> None:
        self.names = set(names)
        self.hints: dict[str, str] = {}
        self.budget = self.COMPARISONS

    def hint(self, name: str) -> str:
        if name not in self.hints and self.budget >= len(self.names):
            self.budget -= len(self.names)
            self.hints[name] = _suggest(name, self.names) or f"add `{name}` under `quantities:`"
        return self.hints.get(name, f"add `{name}` under `quantities:`")


def _claim_problems(claim: LMap, owner: str, defined: _Defined | None) -> list[Problem]:
    given = {k: e for k in _CLAIM_PARTS if (e := claim.get(k)) and not _is_empty(e.value)}
    for entry in claim.entries:  # a misspelt `qantity:` is reported as unknown; here it counts as meant
        meant = _nearest(entry.key, _CLAIM_PARTS) if entry.key not in ClaimForm.model_fields else None
        if meant and not _is_empty(entry.value):
            given.setdefault(meant, entry)
    problems = []

    def report(code: str, message: str, key: str | None, hint: str) -> None:
        at = given[key].key_position if key else claim.position
        problems.append(Problem(code, f"{owner} {message}", at, hint))

    if "value" in given and "rule" in given:
        report("value-or-rule", "has both `value` and `rule`", "rule",
               "a claim is a figure for a quantity or a rule, not both: split it into two claims")
    elif "value" not in given and "rule" not in given:
        report("value-or-rule", "has neither `value` nor `rule`", None,
               "give `quantity` and `value` for a reported figure, or `rule` for a relation")
    elif "value" in given and "quantity" not in given:
        report("value-needs-quantity", "has a `value` but no `quantity` saying what it measures",
               "value", "add `quantity:` naming one of the quantities")
    elif "rule" in given and "quantity" in given:
        report("value-needs-quantity", "has a `quantity` beside its `rule`", "quantity",
               "a rule names its quantities itself: remove `quantity`, or write `value` instead of `rule`")
    if "quantity" in given and defined is not None:
        for name in _listed(given["quantity"].value):
            if isinstance(name, LScalar) and name.style != REFUSED and name.text not in defined.names:
                problems.append(Problem(
                    "undefined-quantity", f"{owner} names the quantity `{name.text}`, which is not "
                    "defined under `quantities:`", name.position, defined.hint(name.text)))
    return problems


def _is_empty(node: LNode) -> bool:
    return (isinstance(node, LScalar) and node.is_null) or (isinstance(node, LSeq) and not node.items)


# -- building the located models from a valid file ----------------------------------------------

def _child(node: LNode | None, key: str) -> LNode | None:
    entry = node.get(key) if isinstance(node, LMap) else None
    return entry.value if entry else None


def _start(node: LNode) -> Position:
    """Where a node's content starts: for quoted text, its first character."""
    return node.content_position if isinstance(node, LScalar) else node.position


def _at(node: LNode | None, key: str) -> Position | None:
    child = _child(node, key)
    return _start(child) if child is not None else None


def _listed(node: LNode | None) -> tuple[LNode, ...]:
    """One node or a list of them, as a tuple."""
    if node is None:
        return ()
    return node.items if isinstance(node, LSeq) else (node,)


def _entries(node: LNode | None) -> tuple[Any, ...]:
    return node.entries if isinstance(node, LMap) else ()


def _claim_file(form: FileForm, root: LMap, path: str) -> ClaimFile:
    quantities = form.quantities or {}
    return ClaimFile(
        path=path,
        article=_article(form.article, _child(root, "article")) if form.article else None,
        quantities={e.key: _quantity(e.key, quantities[e.key] or QuantityForm(), e.value, e.key_position)
                    for e in _entries(_child(root, "quantities"))},
        relations=[_relation(f, n) for f, n in zip(form.relations or (), _listed(_child(root, "relations")))],
        claims=[_claim(f, n) for f, n in zip(form.claims or (), _listed(_child(root, "claims")))],
        vocabulary=_vocabulary(form.vocabulary, _child(root, "vocabulary")) if form.vocabulary else None,
        position=root.position,
    )


def _article(form: ArticleForm, node: LNode | None) -> Article:
    published = datetime.date.fromisoformat(form.published) if form.published else None
    return Article(title=form.title, draft=form.draft, draft_position=_at(node, "draft"),
                   published=published, published_position=_at(node, "published"))


def _quantity(name: str, form: QuantityForm, node: LNode, position: Position) -> Quantity:
    unit = form.unit or DEFAULT_UNIT
    integer = default_integer(unit) if form.integer is None else form.integer
    return Quantity(name=name, unit=unit, about=form.about, integer=integer,
                    min=form.min, min_position=_at(node, "min"), max=form.max,
                    max_position=_at(node, "max"), position=position)


def _relation(form: RelationForm, node: LNode) -> Relation:
    return Relation(id=form.id, rule=form.rule, rule_position=_at(node, "rule"),
                    accept=form.accept, position=node.position)


def _flag_text(value: Any) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else value


def _claim(form: ClaimForm, node: LNode) -> Claim:
    names = (form.quantity,) if isinstance(form.quantity, str) else tuple(form.quantity or ())
    name_nodes = _listed(_child(node, "quantity"))
    value: str | dict[str, str] | None = form.value
    value_node = None
    if isinstance(form.value, ExplicitValueForm):
        value = {k: _flag_text(v) for k, v in form.value.model_dump(exclude_none=True).items()}
        value_node = _child(node, "value")
    return Claim(
        id=form.id, quantities=names, quantity_positions=tuple(map(_start, name_nodes)),
        quantities_position=_at(node, "quantity"),
        value=value, value_position=_at(node, "value"),
        value_field_positions={e.key: _start(e.value) for e in _entries(value_node)},
        rule=form.rule, rule_position=_at(node, "rule"), where=form.where, source=form.source,
        quote=form.quote, quote_position=_at(node, "quote"),
        weight=Fraction(form.weight) if form.weight else Fraction(1), accept=form.accept,
        position=node.position,
    )


def _vocabulary(form: VocabularyForm, node: LNode | None) -> VocabularyOverrides:
    word_keys = {e.key: e.key_position for e in _entries(_child(node, "words"))}
    return VocabularyOverrides(
        approximate=form.approximate, below=form.below, above=form.above,
        words={phrase: w and WordRange(min=w.min, max=w.max, min_open=bool(w.min_open),
                                       max_open=bool(w.max_open), position=word_keys.get(phrase))
               for phrase, w in (form.words or {}).items()},
        positions={k: p for k in _TOLERANCES if (p := _at(node, k))},
        position=node.position if node is not None else None,
    )
