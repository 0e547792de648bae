"""The constraint language the solver works in, and nothing about where it came from.

A problem is a list of variables (each with a domain and an integrality flag) and a list of
atoms; an atom is what a repair may drop (one claim or one relation) and holds the
primitive constraints that together say what it asserts. Linear constraints carry most of
the work; products, quotients and choices cover `pct`, `abs`, `min`, `max` and `!=`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from .interval import Interval

Num = int | Fraction


def norm(x: Num) -> Num:
    """Whole fractions as ints: int arithmetic is far faster and the solver is hot."""
    if type(x) is Fraction and x.denominator == 1:  # not isinstance: Fraction's ABC check is slow
        return x.numerator
    return x


@dataclass(slots=True)
class Var:
    name: str
    integer: bool
    domain: Interval
    quantity: str | None = None  # None for helper variables introduced by the compiler


@dataclass(frozen=True, slots=True)
class Lin:
    """sum(c * x) op rhs, with op one of '=', '<=', '<'."""

    terms: tuple[tuple[int, Num], ...]
    op: str
    rhs: Num


@dataclass(frozen=True, slots=True)
class InSet:
    """x lies in the interval: what a value claim says."""

    var: int
    interval: Interval


@dataclass(frozen=True, slots=True)
class Product:
    """z = x * y, both x and y variables."""

    z: int
    x: int
    y: int


@dataclass(frozen=True, slots=True)
class Quotient:
    """z = x / y and y != 0."""

    z: int
    x: int
    y: int


@dataclass(frozen=True, slots=True)
class Choice:
    """At least one of the alternatives holds; each alternative is a conjunction."""

    alternatives: tuple[tuple[Lin, ...], ...]


@dataclass(frozen=True, slots=True)
class Never:
    """An atom that cannot hold whatever the quantities are (a value contradicting itself)."""

    why: str


Prim = Lin | InSet | Product | Quotient | Choice | Never


@dataclass(slots=True)
class Atom:
    """One droppable unit: a claim or a relation, as constraints."""

    index: int
    id: str
    kind: str  # "claim" or "relation"
    weight: Fraction
    prims: list[Prim] = field(default_factory=list)
    vars: frozenset[int] = frozenset()


@dataclass(slots=True)
class Problem:
    vars: list[Var]
    atoms: list[Atom]

    def var_index(self) -> dict[str, int]:
        return {v.name: i for i, v in enumerate(self.vars)}


def prim_vars(p: Prim) -> set[int]:
    if isinstance(p, Lin):
        return {v for v, _ in p.terms}
    if isinstance(p, InSet):
        return {p.var}
    if isinstance(p, (Product, Quotient)):
        return {p.z, p.x, p.y}
    if isinstance(p, Choice):
        return {v for alt in p.alternatives for lin in alt for v, _ in lin.terms}
    return set()


def lin_value(lin: Lin, values: dict[int, Num] | list[Num]) -> Num:
    return sum((c * values[v] for v, c in lin.terms), 0)


def lin_holds(lin: Lin, values: dict[int, Num] | list[Num]) -> bool:
    s = lin_value(lin, values)
    if lin.op == "=":
        return s == lin.rhs
    if lin.op == "<=":
        return s <= lin.rhs
    return s < lin.rhs


def prim_holds(p: Prim, values: list[Num]) -> bool:
    """Whether an exact assignment satisfies a primitive constraint."""
    if isinstance(p, Lin):
        return lin_holds(p, values)
    if isinstance(p, InSet):
        return p.interval.contains(values[p.var])
    if isinstance(p, Product):
        return values[p.z] == values[p.x] * values[p.y]
    if isinstance(p, Quotient):
        return values[p.y] != 0 and values[p.z] == Fraction(values[p.x]) / values[p.y]
    if isinstance(p, Choice):
        return any(all(lin_holds(lin, values) for lin in alt) for alt in p.alternatives)
    return False


def renumber(p: Prim, new: dict[int, int]) -> Prim:
    """The same primitive over renumbered variables (`new` maps old index to new)."""
    if isinstance(p, Lin):
        return Lin(tuple((new[v], c) for v, c in p.terms), p.op, p.rhs)
    if isinstance(p, InSet):
        return InSet(new[p.var], p.interval)
    if isinstance(p, (Product, Quotient)):
        return type(p)(new[p.z], new[p.x], new[p.y])
    if isinstance(p, Choice):
        return Choice(tuple(tuple(renumber(lin, new) for lin in alt) for alt in p.alternatives))  # type: ignore[misc]
    return p


def part_of(problem: Problem, atoms: list[int]) -> tuple[Problem, list[int]]:
    """The atoms (sorted) as a problem of their own, and its variables' indices in the whole:
    local atom k is atoms[k], local variable i is the returned list's i-th."""
    vs = sorted({v for a in atoms for v in problem.atoms[a].vars})
    new = {v: i for i, v in enumerate(vs)}
    local = []
    for k, a in enumerate(atoms):
        atom = problem.atoms[a]
        local.append(Atom(k, atom.id, atom.kind, atom.weight, [renumber(p, new) for p in atom.prims],
                          frozenset(new[v] for v in atom.vars)))
    return Problem([problem.vars[v] for v in vs], local), vs
