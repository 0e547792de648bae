"""Random small claim files, each with its own Z3 model, for checking the solver against Z3.

A file is built around a hidden assignment: every relation holds there, and each claim
either states the hidden value (in one of the documented value forms) or, now and then,
misstates it. Z3 never sees figcheck's constraints: its model is written from the same
choices that wrote the YAML, so the two sides share only the value reader's intervals.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from fractions import Fraction

from checker.interval import Interval, finite_decimal
from checker.values import read_value
from checker.explicit import read_explicit
from checker.vocabulary import DEFAULT_VOCABULARY


@dataclass
class Atom:
    id: str
    kind: str  # "claim" or "relation"
    weight: int
    build: object  # (z3 vars) -> list of z3 constraints


@dataclass
class OracleFile:
    text: str
    atoms: list[Atom] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    integer: dict[str, bool] = field(default_factory=dict)
    domain: dict[str, Interval] = field(default_factory=dict)


def _num(x: Fraction) -> str:
    """A value field's figure: a terminating decimal (the callers make sure there is one)."""
    text = finite_decimal(x)
    assert text is not None, x
    return text


def _quarter(x: Fraction, up: bool) -> Fraction:
    return Fraction(math.ceil(x * 4) if up else math.floor(x * 4), 4)


def _rule_num(x: Fraction) -> str:
    """A literal for a rule: whole, or a fraction of two whole numbers in brackets."""
    return str(x.numerator) if x.denominator == 1 else f"({x.numerator} / {x.denominator})"


def generate(rng: random.Random) -> OracleFile:
    """One random file: 2-4 given quantities, 1-3 relations, 2-6 claims."""
    names: list[str] = []
    hidden: dict[str, Fraction] = {}
    integer: dict[str, bool] = {}
    lines_q: list[str] = []
    f = OracleFile("")
    for i in range(rng.randint(2, 4)):
        n = f"q{i}"
        whole = rng.random() < 0.6
        h = Fraction(rng.randint(0, 30)) if whole else Fraction(rng.randint(0, 60), rng.choice([1, 2, 4]))
        names.append(n)
        hidden[n] = h
        integer[n] = whole
    relations: list[tuple[str, str, object]] = []  # (id, rule, builder)
    shares: set[str] = set()
    for k in range(rng.randint(1, 3)):
        a, b = rng.choice(names), rng.choice(names)
        shape = rng.choice(["sum", "lin", "prod", "pct", "div", "cmp"])
        if shape in ("pct", "div") and hidden[b] == 0:
            shape = "sum"
        t = f"t{k}"
        if shape == "cmp":
            slack = Fraction(rng.randint(-3, 3))
            if hidden[a] <= hidden[b] + slack:
                rule = f"{a} <= {b} + {slack}" if slack >= 0 else f"{a} <= {b} - {-slack}"
                relations.append((f"r{k}", rule, lambda v, a=a, b=b, s=slack: [v[a] <= v[b] + _q(s)]))
            continue
        if shape == "sum":
            val, rule = hidden[a] + hidden[b], f"{t} = {a} + {b}"
            build = lambda v, t=t, a=a, b=b: [v[t] == v[a] + v[b]]
            whole = integer[a] and integer[b]
        elif shape == "lin":
            c1 = Fraction(rng.randint(1, 6), rng.choice([1, 2, 4]))
            c2 = Fraction(rng.randint(1, 6), rng.choice([1, 5, 20]))
            val = c1 * hidden[a] - c2 * hidden[b]
            rule = f"{t} = {_rule_num(c1)} * {a} - {b} / {_rule_num(1 / c2)}" if c2.numerator == 1 else \
                f"{t} = {_rule_num(c1)} * {a} - {_rule_num(c2)} * {b}"
            build = lambda v, t=t, a=a, b=b, c1=c1, c2=c2: [v[t] == _q(c1) * v[a] - _q(c2) * v[b]]
            whole = False
        elif shape == "prod":
            val, rule = hidden[a] * hidden[b], f"{t} = {a} * {b}"
            build = lambda v, t=t, a=a, b=b: [v[t] == v[a] * v[b]]
            whole = integer[a] and integer[b]
        elif shape == "pct":
            shares.add(t)
            val, rule = 100 * hidden[a] / hidden[b], f"{t} = pct({a}, {b})"
            build = lambda v, t=t, a=a, b=b: [v[b] != 0, v[t] * v[b] == 100 * v[a]]
            whole = False
        else:
            val, rule = hidden[a] / hidden[b], f"{t} = {a} / {b}"
            build = lambda v, t=t, a=a, b=b: [v[b] != 0, v[t] * v[b] == v[a]]
            whole = False
        names.append(t)
        hidden[t] = val
        integer[t] = whole
        relations.append((f"r{k}", rule, build))
    for n in names:
        lo = "-100000" if n.startswith("t") else "0"
        # count agrees with every unit, so only a share needs its own
        unit = "percent" if n in shares else "count"
        lines_q.append(f"  {n}: {{unit: {unit}, integer: {str(integer[n]).lower()}, min: {lo}}}")
        f.domain[n] = Interval(Fraction(lo), None)
    f.names, f.integer = names, integer
    claims: list[str] = []
    for j in range(rng.randint(2, 6)):
        cid = f"c{j}"
        weight = rng.choice([1, 1, 1, 2])
        if rng.random() < 0.2 and len(names) >= 2:
            a, b = rng.sample(names, 2)
            off = Fraction(rng.randint(-4, 4))
            op = rng.choice(["<", "<=", ">", ">="])
            rule = f"{a} {op} {b} + {off}" if off >= 0 else f"{a} {op} {b} - {-off}"
            claims.append(f"  - {{id: {cid}, rule: \"{rule}\", weight: {weight}}}")
            f.atoms.append(Atom(cid, "claim", weight, lambda v, a=a, b=b, op=op, off=off: [_cmp(v[a], op, v[b] + _q(off))]))
            continue
        n = rng.choice(names)
        written, iv = _value(rng, hidden[n], rng.random() < 0.3)
        claims.append(f"  - {{id: {cid}, quantity: {n}, value: {written}, weight: {weight}}}")
        f.atoms.append(Atom(cid, "claim", weight, lambda v, n=n, iv=iv: _in(v[n], iv)))
    rel_lines = [f"  - {{id: {rid}, rule: \"{rule}\"}}" for rid, rule, _ in relations]
    f.atoms = [Atom(rid, "relation", 1, b) for rid, _, b in relations] + f.atoms
    f.text = "version: 1\nquantities:\n" + "\n".join(lines_q) + "\n"
    if rel_lines:
        f.text += "relations:\n" + "\n".join(rel_lines) + "\n"
    f.text += "claims:\n" + "\n".join(claims) + "\n"
    return f


def _value(rng: random.Random, h: Fraction, wrong: bool) -> tuple[str, Interval]:
    """A written value (as YAML) and the interval it means; around h, or missing it."""
    centre = h + (Fraction(rng.choice([-1, 1]) * rng.randint(1, 8), rng.choice([1, 2])) if wrong else 0)
    form = rng.choice(["exact", "range", "more", "least", "decimal", "tolerance"])
    if finite_decimal(centre) is None and form in ("exact", "tolerance"):
        form = "range"  # 29/17 is no figure a reporter writes
    if form == "exact":
        fields = {"value": _num(centre), "exact": "true"}
    elif form == "range":
        lo = _quarter(centre - Fraction(rng.randint(0, 3), rng.choice([1, 2])), False)
        hi = _quarter(centre + Fraction(rng.randint(0, 3), rng.choice([1, 2])), True)
        fields = {"min": _num(lo), "max": _num(hi)}
        if lo < centre and rng.random() < 0.5:
            fields["min_open"] = "true"
        if hi > centre and rng.random() < 0.5:
            fields["max_open"] = "true"
    elif form == "tolerance":
        fields = {"value": _num(centre), "tolerance": rng.choice(["1", "2", "10%"])}
    else:
        fields = None
    if fields is not None:
        iv = read_explicit(fields, DEFAULT_VOCABULARY).interval
        return "{" + ", ".join(f"{k}: \"{v}\"" if k not in ("min_open", "max_open", "exact") else f"{k}: {v}"
                               for k, v in fields.items()) + "}", iv
    if form in ("more", "least"):
        edge = math.floor(centre) - rng.randint(0 if form == "least" else 1, 3)
        text = f"{'more than' if form == 'more' else 'at least'} {edge}" if edge >= 0 else "0"
    else:
        text = f"{float(centre):.1f}" if centre >= 0 else "0"
    iv = read_value(text, DEFAULT_VOCABULARY).interval
    return f"\"{text}\"", iv


def _q(x: Fraction):
    import z3

    return z3.Q(x.numerator, x.denominator)


def _cmp(a, op: str, b):
    return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]


def _in(x, iv: Interval) -> list:
    out = []
    if iv.lo is not None:
        out.append(x > _q(iv.lo) if iv.lo_open else x >= _q(iv.lo))
    if iv.hi is not None:
        out.append(x < _q(iv.hi) if iv.hi_open else x <= _q(iv.hi))
    return out


def z3_vars(f: OracleFile) -> tuple[dict, list]:
    """Z3 reals for the quantities, and the domain facts every question keeps."""
    import z3

    v = {n: z3.Real(n) for n in f.names}
    base = []
    for n in f.names:
        base += _in(v[n], f.domain[n])
        if f.integer[n]:
            base.append(z3.IsInt(v[n]))
    return v, base


def z3_status(f: OracleFile, ids: set[str] | None = None, extra: list | None = None, timeout_ms: int = 3000) -> str:
    """"sat", "unsat" or "unknown" for the atoms named (all by default) and any extra facts."""
    import z3

    v, base = z3_vars(f)
    s = z3.Solver()
    s.set("timeout", timeout_ms)
    s.add(*base)
    for a in f.atoms:
        if ids is None or a.id in ids:
            s.add(*a.build(v))
    for e in extra or ():
        s.add(e(v))
    return str(s.check())


def z3_lightest_repair(f: OracleFile, timeout_ms: int = 5000) -> Fraction | None:
    """The least total weight of claims whose removal leaves the rest satisfiable (relations kept)."""
    import z3

    v, base = z3_vars(f)
    o = z3.Optimize()
    o.set("timeout", timeout_ms)
    o.add(*base)
    for a in f.atoms:
        if a.kind == "relation":
            o.add(*a.build(v))
        else:
            o.add_soft(z3.And(*a.build(v)) if a.build(v) else z3.BoolVal(True), a.weight)
    if str(o.check()) != "sat":
        return None
    m = o.model()
    total = 0
    for a in f.atoms:
        if a.kind == "claim" and not z3.is_true(m.eval(z3.And(*a.build(v)), model_completion=True)):
            total += a.weight
    return Fraction(total)
