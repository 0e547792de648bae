"""A loaded claim file as constraints: values become intervals, rules become linear forms.

This is the last step that knows about YAML positions and wording; the solver after it
sees only variables and atoms. Every problem found on the way is collected, so a file
with three bad values reports three errors at once.
"""

from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass, field
from fractions import Fraction

from . import rules
from .constraints import Atom, Choice, InSet, Lin, Never, Num, Prim, Problem, Product, Quotient, Var, norm, prim_vars
from .findings import Member
from .interval import Interval
from .model import Claim, ClaimFile, Relation
from .positions import Position
from .problems import InputError, LocalError, Problem as InputProblem
from .units import UNIT_FAMILIES, check_units
from .explicit import read_explicit
from .values import Reading, read_value
from .vocabulary import Vocabulary


@dataclass
class AtomInfo:
    """What the explanations and reports need to know about an atom."""

    member: Member
    accept: str | None
    readings: dict[str, Reading] = field(default_factory=dict)  # quantity -> its reading
    formula: rules.Formula | None = None


@dataclass
class Encoded:
    problem: Problem
    info: list[AtomInfo]
    units: dict[str, str]
    dates: set[str]


class _LinExpr:
    """sum(c * var) + const while an expression stays linear."""

    __slots__ = ("terms", "const")

    def __init__(self, terms: dict[int, Num] | None = None, const: Num = 0) -> None:
        self.terms = terms or {}
        self.const = const

    def plus(self, other: _LinExpr, sign: int = 1) -> _LinExpr:
        return _LinExpr(dict(self.terms), self.const).add(other, sign)

    def add(self, other: _LinExpr, sign: int = 1) -> _LinExpr:
        """`plus` in place, for an expression no one else holds: a sum of n terms in n steps."""
        terms = self.terms
        for v, c in other.terms.items():
            terms[v] = norm(terms.get(v, 0) + sign * c)
            if terms[v] == 0:
                del terms[v]
        self.const = norm(self.const + sign * other.const)
        return self

    def scale(self, k: Num) -> _LinExpr:
        if k == 0:
            return _LinExpr()
        return _LinExpr({v: norm(c * k) for v, c in self.terms.items()}, norm(self.const * k))

    def constant(self) -> bool:
        return not self.terms


_ONE = Fraction(1)
_NOT_NEGATIVE = Interval(Fraction(0), None)  # the spec's default domain
_ANY = Interval()  # a date's, without `min` or `max`


class _Encoder:
    def __init__(self, cf: ClaimFile, vocab: Vocabulary) -> None:
        self.cf = cf
        self.vocab = vocab
        self.problems: list[InputProblem] = []
        self.vars: list[Var] = []
        self.index: dict[str, int] = {}
        self.atoms: list[Atom] = []
        self.info: list[AtomInfo] = []
        self.published = cf.article.published if cf.article else None
        self.units = {name: q.unit for name, q in cf.quantities.items()}
        self._nonlinear: dict[tuple[str, int, int], int] = {}
        self._readings: dict[str, Reading] = {}  # value text -> its reading (dates aside)
        for name, q in cf.quantities.items():
            self.index[name] = len(self.vars)
            self.vars.append(Var(name, q.integer or q.unit == "date", self._domain(name), name))

    # -- positions and errors -----------------------------------------------------------
    def _error(self, e: LocalError, at: Position | None) -> None:
        pos = at.shifted(e.offset) if at is not None else None
        self.problems.append(InputProblem(e.code, e.message, pos, e.hint))

    def _domain(self, name: str) -> Interval:
        q = self.cf.quantities[name]
        if q.min is None and q.max is None:  # most of a table's quantities: one shared (frozen) interval
            return _NOT_NEGATIVE if q.unit != "date" else _ANY
        lo: Fraction | None = None
        hi: Fraction | None = None
        if q.unit != "date":
            lo = Fraction(0)
        for text, pos, is_min in ((q.min, q.min_position, True), (q.max, q.max_position, False)):
            if text is None:
                continue
            try:
                bound = self._read(text, q.unit, self.published)
                # a domain limit is the figure as written: `max: 99.5` is 99.5, not its rounding
                iv = Interval.point(bound.stated) if bound.kind == "rounded" else bound.interval
            except LocalError as e:
                self._error(e, pos)
                continue
            if is_min:
                lo = iv.lo
            else:
                hi = iv.hi
        return Interval(lo, hi)

    def _read(self, text: str, unit: str, published: datetime.date | None) -> Reading:
        """`read_value`, once per text: a table repeats its figures ("24", "61.4%") many times.

        A value's reading depends on its text and the vocabulary alone, except for a date,
        which is read against its publication date.
        """
        if unit == "date":
            return read_value(text, self.vocab, unit=unit, published=published)
        reading = self._readings.get(text)
        if reading is None:
            reading = self._readings[text] = read_value(text, self.vocab, unit=unit)
        return reading

    # -- atoms --------------------------------------------------------------------------
    def _atom(self, id: str, kind: str, weight: Fraction, prims: list[Prim], info: AtomInfo) -> None:
        a = Atom(len(self.atoms), id, kind, weight, prims)
        a.vars = frozenset(v for p in prims for v in prim_vars(p))
        self.atoms.append(a)
        self.info.append(info)

    def claim(self, c: Claim) -> None:
        written = c.rule if c.rule is not None else _written(c.value)
        member = Member(c.id, "claim", written, c.position, c.where, c.source, c.quote, tuple(c.quantities))
        info = AtomInfo(member, c.accept)
        if c.rule is not None:
            prims = self._rule(c.rule, c.rule_position, info)
        else:
            prims = self._value(c, info)
        if prims is not None:
            self._atom(c.id, "claim", c.weight, prims, info)

    def relation(self, r: Relation) -> None:
        member = Member(r.id, "relation", r.rule, r.position)
        info = AtomInfo(member, r.accept)
        prims = self._rule(r.rule, r.rule_position, info)
        if prims is not None:
            self._atom(r.id, "relation", _ONE, prims, info)

    def _value(self, c: Claim, info: AtomInfo) -> list[Prim] | None:
        prims: list[Prim] = []
        published = c.published or self.published  # a claim from an older report reads its own dates
        for name in c.quantities:
            unit = self.units[name]
            try:
                if isinstance(c.value, dict):
                    reading = read_explicit(c.value, self.vocab, unit=unit, published=published)
                else:
                    reading = self._read(str(c.value), unit, published)
            except LocalError as e:
                pos = c.value_position
                if isinstance(c.value, dict):  # at the field the reader names: 'in "max": ...'
                    named = re.match(r'(?:in )?"(\w+)"', e.message)
                    pos = c.value_field_positions.get(named.group(1) if named else "", pos)
                self._error(e, pos)
                return None
            family = UNIT_FAMILIES.get(unit.lower())
            if reading.unit and reading.unit != "date" and family != reading.unit and unit != "count":
                self.problems.append(InputProblem(
                    "unit-mismatch",
                    f"the value {c.value!r} is in {reading.unit}, but {name} is measured in {unit}",
                    c.value_position,
                    f"change the unit of {name}, or write the value in {unit}",
                ))
                return None
            info.readings[name] = reading
            prims.append(InSet(self.index[name], reading.interval))
            if reading.weekday_conflict:
                prims.append(Never(reading.weekday_conflict))
        return prims

    def _rule(self, text: str, at: Position | None, info: AtomInfo) -> list[Prim] | None:
        try:
            formula = rules.parse_rule(text)
        except LocalError as e:
            self._error(e, at)
            return None
        bad = False
        for node in _walk(formula):
            if type(node) is rules.Name and node.id not in self.index:
                near = difflib.get_close_matches(node.id, list(self.index), n=1)
                hint = f"did you mean `{near[0]}`?" if near else "declare it under `quantities:`"
                self._error(LocalError("undefined-quantity", f"the rule uses `{node.id}`, which is not a declared quantity", node.offset, hint), at)
                bad = True
        if bad:
            return None
        unit_errors = check_units(formula, self.units, self.cf.conversions)
        for e in unit_errors:
            self._error(e, at)
        if unit_errors:
            return None
        info.formula = formula
        prims: list[Prim] = []
        try:
            for stmt in rules.statements(formula):
                sides = [self._expr(op, prims, False) for op in stmt.operands]
                for op, left, right in zip(stmt.ops, sides, sides[1:]):
                    prims.extend(_compare(left.plus(right, -1), op))
        except _Undefined as u:
            prims.append(Never(str(u)))
        return prims

    # -- expressions --------------------------------------------------------------------
    def _aux(self, name: str, integer: bool = False) -> int:
        self.vars.append(Var(name, integer, Interval()))
        return len(self.vars) - 1

    def _as_var(self, e: _LinExpr, prims: list[Prim]) -> int:
        if not e.const and len(e.terms) == 1:
            (v, c), = e.terms.items()
            if c == 1:
                return v
        z = self._aux("_t")
        prims.append(_lin(e.plus(_LinExpr({z: 1}), -1), "="))
        return z

    def _expr(self, node: rules.Expr, prims: list[Prim], as_factor: bool) -> _LinExpr:
        if isinstance(node, rules.Num):
            return _LinExpr(const=norm(rules.literal_value(node, as_factor)))
        if isinstance(node, rules.Name):
            return _LinExpr({self.index[node.id]: 1})
        if isinstance(node, rules.Neg):
            return self._expr(node.operand, prims, as_factor).scale(-1)
        if isinstance(node, rules.BinOp):
            factor = node.op in "*/"
            left = self._expr(node.left, prims, factor)
            right = self._expr(node.right, prims, factor)
            if node.op in "+-":  # `left` was made just now, for this node alone
                return left.add(right, 1 if node.op == "+" else -1)
            if node.op == "*":
                if left.constant():
                    return right.scale(left.const)
                if right.constant():
                    return left.scale(right.const)
                return _LinExpr({self._shared(Product, self._as_var(left, prims), self._as_var(right, prims), prims): 1})
            return self._divide(left, right, prims)
        assert isinstance(node, rules.Call)
        args = [self._expr(a, prims, False) for a in node.args]
        if node.func == "pct":
            return self._divide(args[0], args[1], prims).scale(100)
        if node.func == "round":
            return self._round(args[0], rules.round_digits(node), prims)
        if node.func == "abs":
            return self._pick(args + [args[0].scale(-1)], prims, "max")
        return self._pick(args, prims, node.func)

    def _divide(self, left: _LinExpr, right: _LinExpr, prims: list[Prim]) -> _LinExpr:
        if right.constant():
            if right.const == 0:
                raise _Undefined("the rule divides by zero")
            return left.scale(Fraction(1) / Fraction(right.const))
        return _LinExpr({self._shared(Quotient, self._as_var(left, prims), self._as_var(right, prims), prims): 1})

    def _shared(self, kind: type, x: int, y: int, prims: list[Prim]) -> int:
        """The helper for x * y (or x / y): one per pair of operands in the whole file, so
        two rules that both say `q0 * q1` are seen to speak of the same number. Each atom
        still carries the definition, so dropping one keeps it for the other."""
        if kind is Product and x > y:
            x, y = y, x  # x * y and y * x are one product
        key = (kind.__name__, x, y)
        z = self._nonlinear.get(key)
        if z is None:
            z = self._nonlinear[key] = self._aux("_p" if kind is Product else "_q")
        prims.append(kind(z, x, y))
        return z

    def _round(self, x: _LinExpr, digits: int, prims: list[Prim]) -> _LinExpr:
        # round(x, d) = k / 10^d for a whole k within half a unit of x; a tie may go
        # either way, so that no rounding convention is ever called wrong.
        unit = Fraction(1, 10**digits) if digits >= 0 else Fraction(10 ** -digits)
        z = self._aux("_r")
        k = self._aux("_k", integer=True)
        zx = _LinExpr({z: 1})
        prims.append(_lin(zx.plus(_LinExpr({k: unit}), -1), "="))
        half = _LinExpr(const=unit / 2)
        prims.append(_lin(x.plus(zx, -1).plus(half, -1), "<="))
        prims.append(_lin(zx.plus(x, -1).plus(half, -1), "<="))
        return zx

    def _pick(self, args: list[_LinExpr], prims: list[Prim], which: str) -> _LinExpr:
        """min or max of several expressions: below (or above) all, equal to one."""
        z = self._aux("_m")
        zx = _LinExpr({z: 1})
        alts = []
        for a in args:
            diff = zx.plus(a, -1) if which == "min" else a.plus(zx, -1)
            prims.append(_lin(diff, "<="))
            alts.append((_lin(zx.plus(a, -1), "="),))
        prims.append(Choice(tuple(alts)))
        return zx


class _Undefined(Exception):
    """A rule with no possible value (a division by zero)."""


def _lin(e: _LinExpr, op: str) -> Lin:
    """e op 0 as a Lin."""
    return Lin(tuple(sorted(e.terms.items())), op, norm(-e.const))


def _compare(diff: _LinExpr, op: str) -> list[Prim]:
    """left - right op 0, with > and >= turned around and != as a choice."""
    if op in ("=", "<", "<="):
        lin = _lin(diff, op)
    elif op in (">", ">="):
        lin = _lin(diff.scale(-1), "<" if op == ">" else "<=")
    else:
        return [Choice(((_lin(diff, "<"),), (_lin(diff.scale(-1), "<"),)))]
    if not lin.terms:
        ok = (lin.rhs == 0) if op == "=" else (0 <= lin.rhs if lin.op == "<=" else 0 < lin.rhs)
        return [] if ok else [Never("the rule compares numbers that do not satisfy it")]
    return [lin]


def _walk(node: rules.Node):
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(rules.children(n))


def _written(value: str | dict[str, str] | None) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {v}" for k, v in value.items()) + "}"
    return "" if value is None else str(value)


def encode(cf: ClaimFile, vocab: Vocabulary) -> Encoded:
    """The file's claims and relations as a constraint problem; InputError lists every fault."""
    enc = _Encoder(cf, vocab)
    for r in cf.relations:
        enc.relation(r)
    for c in cf.claims:
        enc.claim(c)
    if enc.problems:
        enc.problems.sort(key=lambda p: (p.position.line, p.position.column) if p.position else (0, 0))
        raise InputError(enc.problems)
    # Atoms in file order: the order reports list ties in.
    order = sorted(range(len(enc.atoms)), key=lambda i: _line(enc.info[i].member.position))
    atoms = [enc.atoms[i] for i in order]
    info = [enc.info[i] for i in order]
    for new, a in enumerate(atoms):
        a.index = new
    dates = {n for n, q in cf.quantities.items() if q.unit == "date"}
    return Encoded(Problem(enc.vars, atoms), info, enc.units, dates)


def _line(p: Position | None) -> tuple[int, int]:
    return (p.line, p.column) if p else (0, 0)

