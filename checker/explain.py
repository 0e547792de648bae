"""Plain-language explanations of minimal conflicts, with the arithmetic shown.

An explanation picks one claim of the conflict to hold up against the rest: the one whose
quantity the rest pin down most tightly ("the caption's 150 each and the `parts` rule give
150 + 150 + 22 = 322, but the headline says 372").
"""

from __future__ import annotations

import datetime

from . import rules
from .constraints import Never
from .encode import AtomInfo, Encoded
from .findings import Member
from .interval import Interval, format_number
from .propagate import Budget, Conflict, Domains, Propagator

NAMED_PLACES = ("headline", "standfirst", "caption", "graphic")


class Explainer:
    """Explains the conflicts of one encoded file."""

    def __init__(self, enc: Encoded, prop: Propagator, root: Domains) -> None:
        self.enc = enc
        self.prop = prop
        self.root = root
        self.vars = enc.problem.vars

    def explain(self, mus: frozenset[int]) -> str:
        atoms = sorted(mus)
        infos = [self.enc.info[a] for a in atoms]
        labels = _labels([i.member for i in infos])
        for a, info in zip(atoms, infos):
            never = next((p for p in self.enc.problem.atoms[a].prims if isinstance(p, Never)), None)
            if never is not None:
                return _sentence(f"{_says(labels[info.member.id], _q(info.member.written))}, but {never.why}.")
        claims = [a for a in atoms if self.enc.problem.atoms[a].kind == "claim" and self.enc.info[a].readings]
        relations = [a for a in atoms if self.enc.problem.atoms[a].kind == "relation" or self.enc.info[a].formula]
        if len(atoms) == 1:
            return self._alone(atoms[0], labels)
        if not relations:
            return self._rival_values(claims, labels)
        whole = self._no_whole_number(mus)
        if whole:
            values = [self._giver(b, labels) for b in claims]
            rule_ids = [f"`{self.enc.info[b].member.id}`" for b in relations]
            rules_said = f"the {_join(rule_ids)} rule{'s' if len(rule_ids) > 1 else ''}"
            lead = f"with {_join(values)}, {rules_said}" if values else rules_said
            need = "need" if len(rule_ids) > 1 else "needs"
            return _sentence(f"{lead} {need} {whole[0]} to be {whole[1]}, and no whole number is.")
        focus = self._focus(mus, claims)
        if focus is None:
            return self._fallback(atoms, labels)
        a, name, implied = focus
        info = self.enc.info[a]
        said = _says(labels[info.member.id], f"{_q(info.member.written)}{self._meaning(info, name)}")
        others = [b for b in atoms if b != a]
        arithmetic = self._arithmetic(others, name)
        values = [self._giver(b, labels) for b in others if self.enc.info[b].readings]
        rule_ids = [f"`{self.enc.info[b].member.id}`" for b in others if not self.enc.info[b].readings]
        rules_said = f"the {_join(rule_ids)} rule{'s' if len(rule_ids) > 1 else ''}"
        verb = "give" if len(rule_ids) > 1 else "gives"
        lead = f"with {_join(values)}, {rules_said}" if values else rules_said
        if arithmetic:
            return _sentence(f"{lead} {verb} {arithmetic}, but {said}.")
        verb = "put" if len(rule_ids) > 1 else "puts"
        return _sentence(f"{lead} {verb} {name} at {self._show(name, implied)}, but {said}.")

    # -- the shapes of conflict ---------------------------------------------------------
    def _alone(self, a: int, labels: dict[str, str]) -> str:
        info = self.enc.info[a]
        if info.readings:
            name = next(iter(info.readings))
            dom = self.vars[self.enc.problem.var_index()[name]].domain
            return _sentence(f"{labels[info.member.id]} gives {name} as {_q(info.member.written)}"
                             f"{self._meaning(info, name)}, outside what {name} can be ({self._show(name, dom)}).")
        whole = self._no_whole_number(frozenset([a]))
        if whole:
            return f"The rule {_q(info.member.written)} needs {whole[0]} to be {whole[1]}, and no whole number is."
        return f"The rule {_q(info.member.written)} can never hold."

    def _rival_values(self, claims: list[int], labels: dict[str, str]) -> str:
        shared = set.intersection(*(set(self.enc.info[a].readings) for a in claims))
        names = sorted(shared) or sorted({n for a in claims for n in self.enc.info[a].readings})
        name = _join(names)
        parts = []
        for a in claims:
            info = self.enc.info[a]
            n = next((q for q in info.readings if q in shared), next(iter(info.readings)))
            meaning = self._meaning(info, n)[2:-1]
            where = labels[info.member.id]
            parts.append(f"{_q(info.member.written)} ({f'{meaning}, ' if meaning else ''}{where})")
        both = "both" if len(parts) == 2 else "all of"
        return f"`{name}` cannot be {both} {_join(parts)}." if len(names) == 1 else _sentence(
            f"{name} cannot be {both} {_join(parts)}.")

    def _fallback(self, atoms: list[int], labels: dict[str, str]) -> str:
        parts = [f"{labels[self.enc.info[a].member.id]} ({_q(self.enc.info[a].member.written)})" for a in atoms]
        return _sentence(f"{_join(parts)} cannot all hold at once.")

    def _no_whole_number(self, mus: frozenset[int]) -> tuple[str, str] | None:
        """When the conflict needs whole numbers: which quantity has no whole value left."""
        doms = self.root.copy()
        doms.integer = [False] * len(self.vars)
        active = [a in mus for a in range(len(self.enc.problem.atoms))]
        try:
            self.prop.run(doms, active, Budget(20000))
        except Conflict:
            return None
        for v, var in enumerate(self.vars):
            if var.integer and var.quantity and doms.interval(v).integer_count() == 0:
                return var.quantity, self._show(var.quantity, doms.interval(v))
        return None

    # -- the focus claim and the arithmetic ---------------------------------------------
    def _implied(self, atoms: frozenset[int]) -> Domains | None:
        doms = self.root.copy()
        active = [a in atoms for a in range(len(self.enc.problem.atoms))]
        try:
            self.prop.run(doms, active, Budget(20000))
        except Conflict:
            return None
        return doms

    def _focus(self, mus: frozenset[int], claims: list[int]) -> tuple[int, str, Interval] | None:
        index = self.enc.problem.var_index()
        best = None
        for a in claims:
            doms = self._implied(mus - {a})
            if doms is None:
                continue
            for name in self.enc.info[a].readings:
                iv = doms.interval(index[name])
                alone = self._alone_in_relation(mus, name)
                key = (not iv.is_point(), not alone, len(self.enc.info[a].readings), a)
                if best is None or key < best[0]:
                    best = (key, (a, name, iv))
        return best[1] if best else None

    def _alone_in_relation(self, mus: frozenset[int], name: str) -> bool:
        for a in mus:
            f = self.enc.info[a].formula
            if f is not None and any(
                any(isinstance(o, rules.Name) and o.id == name for o in s.operands)
                for s in rules.statements(f)
            ):
                return True
        return False

    def _arithmetic(self, others: list[int], name: str) -> str | None:
        """`150 + 150 + 22 = 322` when one relation sets `name` equal to an expression."""
        formulas = [self.enc.info[a].formula for a in others if self.enc.info[a].formula is not None]
        if len(formulas) != 1:
            return None
        stmts = rules.statements(formulas[0])
        if len(stmts) != 1 or len(stmts[0].operands) != 2:
            return None
        left, right = stmts[0].operands
        if isinstance(left, rules.Name) and left.id == name:
            side = right
        elif isinstance(right, rules.Name) and right.id == name:
            side = left
        else:
            return None
        env = self._claimed(others)
        if not all(n in env for n in rules.names(side)):
            return None
        if isinstance(side, rules.Name):
            return None
        value = _interval_of(side, env, False)
        return f"{self._print(side, env)} = {self._show(name, value)}"

    def _claimed(self, atoms: list[int]) -> dict[str, Interval]:
        env: dict[str, Interval] = {}
        for a in atoms:
            for n, r in self.enc.info[a].readings.items():
                env[n] = env[n].intersect(r.interval) if n in env else r.interval
        return env

    def _print(self, node: rules.Expr, env: dict[str, Interval], parent: int = 0) -> str:
        if isinstance(node, rules.Name):
            iv = env.get(node.id)
            return self._show(node.id, iv) if iv is not None else node.id
        if isinstance(node, rules.Num):
            return format_number(node.value) + ("%" if node.percent else "")
        if isinstance(node, rules.Neg):
            return "-" + self._print(node.operand, env, 3)
        if isinstance(node, rules.Call):
            return f"{node.func}({', '.join(self._print(a, env) for a in node.args)})"
        prec = 1 if node.op in "+-" else 2
        text = f"{self._print(node.left, env, prec)} {node.op} {self._print(node.right, env, prec + 1)}"
        return f"({text})" if prec < parent else text

    def _giver(self, a: int, labels: dict[str, str]) -> str:
        """`150 for ua_freed and ru_freed (the caption)`."""
        info = self.enc.info[a]
        return f"{_q(info.member.written)} for {_join(list(info.readings))} ({labels[info.member.id]})"

    # -- numbers for people -------------------------------------------------------------
    def _meaning(self, info: AtomInfo, name: str) -> str:
        """What a written value means, where that is not plain from the words."""
        r = info.readings.get(name)
        if r is None or r.kind == "exact" and r.interval.is_point():
            return ""
        shown = self._show(name, r.interval)
        return "" if shown == info.member.written else f" ({shown})"

    def _show(self, name: str, iv: Interval) -> str:
        if name in self.enc.dates:
            return _show_days(iv)
        return _show_interval(iv)


def _show_interval(iv: Interval) -> str:
    if iv.is_empty():
        return "nothing"
    if iv.is_point():
        return format_number(iv.lo)  # type: ignore[arg-type]
    lo, hi = iv.lo, iv.hi
    if lo is None and hi is None:
        return "anything"
    if hi is None:
        return f"{'more than' if iv.lo_open else 'at least'} {format_number(lo)}"  # type: ignore[arg-type]
    if lo is None:
        return f"{'less than' if iv.hi_open else 'at most'} {format_number(hi)}"
    upper = f"under {format_number(hi)}" if iv.hi_open else format_number(hi)
    lower = f"just over {format_number(lo)}" if iv.lo_open else format_number(lo)
    return f"{lower} to {upper}"


def _show_days(iv: Interval) -> str:
    z = iv.integers()
    if z.lo is None or z.hi is None:
        return _show_interval(iv)
    lo = datetime.date.fromordinal(int(z.lo)).isoformat()
    hi = datetime.date.fromordinal(int(z.hi)).isoformat()
    return lo if lo == hi else f"{lo} to {hi}"


def _interval_of(node: rules.Expr, env: dict[str, Interval], as_factor: bool) -> Interval:
    if isinstance(node, rules.Num):
        return Interval.point(rules.literal_value(node, as_factor))
    if isinstance(node, rules.Name):
        return env[node.id]
    if isinstance(node, rules.Neg):
        return -_interval_of(node.operand, env, as_factor)
    if isinstance(node, rules.BinOp):
        f = node.op in "*/"
        a, b = _interval_of(node.left, env, f), _interval_of(node.right, env, f)
        return {"+": a.__add__, "-": a.__sub__, "*": a.__mul__, "/": a.__truediv__}[node.op](b)
    args = [_interval_of(x, env, False) for x in node.args]
    if node.func == "pct":
        return (args[0] / args[1]).scale(100)
    if node.func == "abs":
        return args[0].hull(-args[0]).intersect(Interval.closed(0, None))
    if node.func in ("min", "max"):
        out = args[0]
        for x in args[1:]:
            out = out.hull(x)
        return out
    return args[0].hull(args[0])  # round: near its argument


def _labels(members: list[Member]) -> dict[str, str]:
    """How each member is named in a sentence: "the headline", "according to police", `id`.

    Phrased so that no verb has to agree with it ("police says" would not do).
    """
    base = {}
    for m in members:
        if m.kind == "relation":
            base[m.id] = f"the `{m.id}` rule"
        elif m.where in NAMED_PLACES:
            base[m.id] = f"the {m.where}"
        elif m.source:
            base[m.id] = f"according to {m.source}"
        else:
            base[m.id] = f"`{m.id}`"
    counts: dict[str, int] = {}
    for v in base.values():
        counts[v] = counts.get(v, 0) + 1
    return {k: (f"{v}, `{k}`" if counts[v] > 1 and "`" not in v else v) for k, v in base.items()}


def _says(label: str, what: str) -> str:
    """`the headline says 372`, `according to police it is hundreds`."""
    if label.startswith("according to"):
        return f"{label} it is {what}"
    return f"{label} says {what}"


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _q(text: str) -> str:
    return text if len(text) < 60 else text[:57] + "…"


def _join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]



