"""The claim file as located models, and the loader that reports every problem at once.

The loader composes the YAML (yamlnodes.py), validates it against the written forms
(forms.py), checks what spans keys and entries (ids, names, a claim's parts), and builds
the models the rest of figcheck reads: `ClaimFile` and its parts, each with its position.
Values and rules stay text here; values.py and rules.py read them. The forms' names are
importable from here too.
"""

from __future__ import annotations

import datetime
import functools
import re
from fractions import Fraction
from pathlib import Path
from typing import Any, Callable, Mapping, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from .forms import DEFAULT_MIN, DEFAULT_UNIT, FIGURE_SCHEMA, MAX_IGNORED, NAME, SUPPORTED_VERSIONS, WHERE
from .forms import ArticleForm, ClaimForm, ExplicitValueForm, FileForm, Form, QuantityForm, RelationForm
from .forms import VocabularyForm, WordForm, claim_file_json_schema, did_you_mean, form_problems, found_text
from .forms import conversion_parts, nearest, owner_of
from .forms import Figure, Flag, Id, IsoDate, NameOrNames, Text, ValueForm, Version, Weight, Where
from .positions import Position
from .problems import InputError, Problem
from .salvage import Salvage, file_order
from .yamlnodes import MAX_BYTES, REFUSED, LMap, LNode, LScalar, LSeq, compose_tolerant
from .yamlnodes import child, child_start, content_start, entries, listed
from .yamlnodes import decode_yaml_bytes, is_empty, plain_data

__all__ = [
    # the located models and the loader
    "Article", "Claim", "ClaimFile", "Conversion", "Quantity", "Relation", "VocabularyOverrides", "WordRange",
    "claim_file_from_text", "claim_file_from_text_tolerant", "default_integer", "load_claim_file",
    "load_claim_file_tolerant", "parse_vocabulary_overrides",
    "FRACTIONAL_UNIT_WORDS",
    # the written forms, from forms.py
    "ArticleForm", "ClaimForm", "ExplicitValueForm", "FileForm", "Form", "QuantityForm", "RelationForm",
    "VocabularyForm", "WordForm", "claim_file_json_schema", "Figure", "Flag", "Id", "IsoDate",
    "NameOrNames", "Text", "ValueForm", "Version", "Weight", "Where", "DEFAULT_MIN", "DEFAULT_UNIT",
    "FIGURE_SCHEMA", "MAX_IGNORED", "NAME", "SUPPORTED_VERSIONS", "WHERE",
]

_TOLERANCES = ("approximate", "below", "above")

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


@functools.lru_cache(maxsize=1024)  # a table's thousands of quantities share a few units
def default_integer(unit: str) -> bool:
    """Whether a quantity in `unit` takes only whole values when `integer` is not written."""
    return not any(word in FRACTIONAL_UNIT_WORDS for word in _UNIT_WORD.findall(unit.lower()))


# -- the located models the rest of figcheck reads ---------------------------------------------

class _Located(BaseModel):
    # The loader makes these without validation (`_built`), so their validators are built
    # only if something else constructs or dumps one: start-up time a check does not spend.
    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True, defer_build=True)


_M = TypeVar("_M", bound=_Located)


class Article(_Located):
    title: str | None = None
    draft: str | None = None  # as written, relative to the claim file
    draft_position: Position | None = None
    published: datetime.date | None = None
    published_position: Position | None = None
    ignore: tuple[str, ...] = ()  # phrases of the draft whose figures are not claims
    sources: dict[str, datetime.date | None] = {}  # who is quoted: the date of their report


class Quantity(_Located):
    name: str
    unit: str = DEFAULT_UNIT
    about: str | None = None
    integer: bool = True  # resolved: as written, else default_integer(unit)
    min: str | None = None  # as written; None when absent (see domain_min)
    min_position: Position | None = None
    max: str | None = None
    max_position: Position | None = None
    stated: bool = True  # False: the article leaves it unstated on purpose
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
    published: datetime.date | None = None  # its own, or its source's; None: the article's
    position: Position | None = None


class Conversion(_Located):
    """A declared factor between units: `unit` is `factor` times `source` (m2 = 0.09290304 * sqft)."""

    unit: str
    factor: Fraction
    source: str
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
    conversions: tuple[Conversion, ...] = ()
    position: Position | None = None


# -- loading ---------------------------------------------------------------------------------

def load_claim_file(path: Path, *, display_path: str | None = None) -> ClaimFile:
    """Read, compose and validate one claim file; InputError lists every problem found."""
    return _whole(*load_claim_file_tolerant(path, display_path=display_path))


def claim_file_from_text(text: str, path: str) -> ClaimFile:
    """The claim file written in `text`, shown in reports as `path`."""
    return _whole(*claim_file_from_text_tolerant(text, path))


def load_claim_file_tolerant(path: Path, *, display_path: str | None = None
                             ) -> tuple[ClaimFile | None, list[Problem]]:
    """Every problem of one claim file, in file order, and the file without its faulty entries.

    The file is None when nothing of it can be used: unreadable, too large, not YAML, not a mapping.
    """
    shown = str(path) if display_path is None else display_path
    try:
        with open(path, "rb") as stream:
            data = stream.read(MAX_BYTES + 1)  # never read more than the cap, whatever the file
        text = decode_yaml_bytes(data, shown)
    except OSError as exc:
        return None, [Problem("unreadable-file", f"cannot read {shown}: {exc.strerror or exc}")]
    except InputError as exc:
        return None, exc.problems
    return claim_file_from_text_tolerant(text, shown)


def claim_file_from_text_tolerant(text: str, path: str) -> tuple[ClaimFile | None, list[Problem]]:
    """`load_claim_file_tolerant` for a file's text, shown in reports as `path`."""
    try:
        root, problems = compose_tolerant(text, path)
    except InputError as exc:
        return None, exc.problems
    if not isinstance(root, LMap):
        return None, problems + [_not_a_claim_file(root, path)]
    data = plain_data(root)
    form = None
    try:
        form = FileForm.model_validate(data)
    except ValidationError as exc:
        problems += form_problems(exc, root, data)
    problems += _cross_problems(root, data)
    problems.sort(key=file_order)
    if problems:
        root = Salvage(root, problems).usable()
        try:
            form = FileForm.model_validate(plain_data(root))
        except ValidationError:  # not expected: every entry a fault sits in is gone
            return None, problems
    assert form is not None  # a file that does not validate has problems
    return _claim_file(form, root, path), problems


def _whole(cf: ClaimFile | None, problems: list[Problem]) -> ClaimFile:
    if problems or cf is None:
        raise InputError(problems)
    return cf


def parse_vocabulary_overrides(mapping: Mapping[str, Any]) -> VocabularyOverrides:
    """Vocabulary overrides from a plain mapping (pyproject's [tool.figcheck]); no positions."""
    data = _as_text(dict(mapping))
    try:
        form = VocabularyForm.model_validate(data)
    except ValidationError as exc:
        raise InputError(form_problems(exc, None, {"vocabulary": data}, ("vocabulary",))) from None
    return _vocabulary(form, None)


def _not_a_claim_file(root: LNode, path: str) -> Problem:
    if isinstance(root, LScalar) and root.is_null:
        return Problem("empty-file", "the file is empty", Position(path, 1, 1),
                       "a claim file needs at least `quantities:` and `claims:`")
    return Problem("wrong-type", f"a claim file should be a mapping of keys such as `claims:`, not "
                   f"{found_text(plain_data(root))}", root.position)


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


# -- checks across keys and entries ------------------------------------------------------------

def _cross_problems(root: LMap, data: dict[str, Any]) -> list[Problem]:
    problems = _name_problems(root) + _id_problems(root)
    quantities = data.get("quantities")
    defined = _Defined(quantities) if isinstance(quantities, dict) else _Defined({}) if quantities is None else None
    claims = child(root, "claims")
    for i, item in enumerate(claims.items if isinstance(claims, LSeq) else ()):
        if isinstance(item, LMap):
            problems += _claim_problems(item, lambda i=i: owner_of(("claims", i), data)[0], defined)
    return problems


def _name_problems(root: LMap) -> list[Problem]:
    problems = []
    for entry in entries(child(root, "quantities")):
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
        items = child(root, section)
        for item in items.items if isinstance(items, LSeq) else ():
            ident = child(item, "id")
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
_CLAIM_KEYS = frozenset(ClaimForm.model_fields)


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
            self.hints[name] = did_you_mean(name, self.names) or f"add `{name}` under `quantities:`"
        return self.hints.get(name, f"add `{name}` under `quantities:`")


def _claim_problems(claim: LMap, owner: Callable[[], str], defined: _Defined | None) -> list[Problem]:
    """What is wrong across a claim's keys; `owner` names it ("claim `toll`") when something is."""
    given = {k: e for k in _CLAIM_PARTS if (e := claim.get(k)) and not is_empty(e.value)}
    for entry in claim.entries:  # a misspelt `qantity:` is reported as unknown; here it counts as meant
        meant = nearest(entry.key, _CLAIM_PARTS) if entry.key not in _CLAIM_KEYS else None
        if meant and not is_empty(entry.value):
            given.setdefault(meant, entry)
    problems = []

    def report(code: str, message: str, key: str | None, hint: str) -> None:
        at = given[key].key_position if key else claim.position
        problems.append(Problem(code, f"{owner()} {message}", at, hint))

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
        for name in listed(given["quantity"].value):
            if isinstance(name, LScalar) and name.style != REFUSED and name.text not in defined.names:
                problems.append(Problem(
                    "undefined-quantity", f"{owner()} names the quantity `{name.text}`, which is not "
                    "defined under `quantities:`", name.position, defined.hint(name.text)))
    return problems


# -- building the located models from a valid file ----------------------------------------------

def _claim_file(form: FileForm, root: LMap, path: str) -> ClaimFile:
    quantities = form.quantities or {}
    article = _article(form.article, child(root, "article")) if form.article else None
    sources = article.sources if article else {}
    return _built(
        ClaimFile,
        path=path,
        version=1,
        article=article,
        quantities={e.key: _quantity(e.key, quantities[e.key] or QuantityForm(), e.value, e.key_position)
                    for e in entries(child(root, "quantities"))},
        relations=[_relation(f, n) for f, n in zip(form.relations or (), listed(child(root, "relations")))],
        claims=[_claim(f, n, sources) for f, n in zip(form.claims or (), listed(child(root, "claims")))],
        vocabulary=_vocabulary(form.vocabulary, child(root, "vocabulary")) if form.vocabulary else None,
        conversions=tuple(_conversion(text, n) for text, n in
                          zip(form.conversions or (), listed(child(root, "conversions")))),
        position=root.position,
    )


def _conversion(text: str, node: LNode) -> Conversion:
    unit, factor, source = conversion_parts(text)  # type: ignore[misc]  # the form checked it
    return _built(Conversion, unit=unit, factor=Fraction(factor.replace("_", "")), source=source,
                  position=content_start(node))


def _article(form: ArticleForm, node: LNode | None) -> Article:
    published = datetime.date.fromisoformat(form.published) if form.published else None
    sources = {name: datetime.date.fromisoformat(s.published) if s.published else None
               for name, s in (form.sources or {}).items()}
    return _built(Article, title=form.title, draft=form.draft, draft_position=child_start(node, "draft"),
                  published=published, published_position=child_start(node, "published"),
                  ignore=tuple(form.ignore or ()), sources=sources)


def _quantity(name: str, form: QuantityForm, node: LNode, position: Position) -> Quantity:
    unit = form.unit or DEFAULT_UNIT
    integer = default_integer(unit) if form.integer is None else form.integer
    return _built(Quantity, name=name, unit=unit, about=form.about, integer=integer,
                  min=form.min, min_position=child_start(node, "min"), max=form.max,
                  max_position=child_start(node, "max"), stated=form.stated is not False,
                  position=position)


def _relation(form: RelationForm, node: LNode) -> Relation:
    return _built(Relation, id=form.id, rule=form.rule, rule_position=child_start(node, "rule"),
                  accept=form.accept, position=node.position)


_EVERY_FIELD: dict[type, tuple[tuple[str, ...], frozenset[str]]] = {}
_set = object.__setattr__


def _built(model: type[_M], **fields: Any) -> _M:
    """A quantity, relation or claim from fields built here from a validated form, every one given.

    Validating them again would check nothing new; what matters is memory and time. Each model
    otherwise keeps its own set of the fields it was given (700 bytes a claim), and a table
    of 200,000 claims has 400,000 of them: here they share one. The instance is made as
    pydantic's `model_construct` makes it (the same `__dict__`, fields set, no extra or private
    values), without its per-field search for aliases and defaults, a fifth of reading a table.
    """
    known = _EVERY_FIELD.get(model)
    if known is None:  # what model_construct would do differently is absent from these models
        assert not model.__pydantic_post_init__ and not model.__pydantic_root_model__
        assert all(f.alias is None and f.validation_alias is None for f in model.model_fields.values())
        known = _EVERY_FIELD[model] = (tuple(model.model_fields), frozenset(model.model_fields))
    order, every = known
    assert tuple(fields) == order  # all given, in the declared order `model(**fields)` would keep
    instance = model.__new__(model)
    _set(instance, "__dict__", fields)
    _set(instance, "__pydantic_fields_set__", every)
    _set(instance, "__pydantic_extra__", None)
    _set(instance, "__pydantic_private__", None)
    return instance


_ONE = Fraction(1)


@functools.lru_cache(maxsize=256)  # a table's weights are a few texts ("2"), each read once
def _weight(text: str) -> Fraction:
    return Fraction(text)


def _flag_text(value: Any) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else value


def _claim(form: ClaimForm, node: LNode, sources: Mapping[str, datetime.date | None]) -> Claim:
    fields = {e.key: e.value for e in entries(node)}  # looked up once each, not scanned for

    def start(key: str) -> Position | None:
        found = fields.get(key)
        return content_start(found) if found is not None else None

    names = (form.quantity,) if isinstance(form.quantity, str) else tuple(form.quantity or ())
    name_nodes = listed(fields.get("quantity"))
    value: str | dict[str, str] | None = form.value
    value_node = None
    if isinstance(form.value, ExplicitValueForm):
        value = {k: _flag_text(v) for k, v in form.value.model_dump(exclude_none=True).items()}
        value_node = fields.get("value")
    return _built(
        Claim,
        id=form.id, quantities=names, quantity_positions=tuple(map(content_start, name_nodes)),
        quantities_position=start("quantity"),
        value=value, value_position=start("value"),
        value_field_positions={e.key: content_start(e.value) for e in entries(value_node)},
        rule=form.rule, rule_position=start("rule"), where=form.where, source=form.source,
        quote=form.quote, quote_position=start("quote"),
        weight=_weight(form.weight) if form.weight else _ONE, accept=form.accept,
        published=(datetime.date.fromisoformat(form.published) if form.published
                   else sources.get(form.source or "")),
        position=node.position,
    )


def _vocabulary(form: VocabularyForm, node: LNode | None) -> VocabularyOverrides:
    word_keys = {e.key: e.key_position for e in entries(child(node, "words"))}
    return VocabularyOverrides(
        approximate=form.approximate, below=form.below, above=form.above,
        words={phrase: w and WordRange(min=w.min, max=w.max, min_open=bool(w.min_open),
                                       max_open=bool(w.max_open), position=word_keys.get(phrase))
               for phrase, w in (form.words or {}).items()},
        positions={k: p for k in _TOLERANCES if (p := child_start(node, k))},
        position=node.position if node is not None else None,
    )
