"""Plain-language explanations of minimal conflicts, with the arithmetic shown.

An explanation picks one claim of the conflict to hold up against the rest: the one whose
quantity the rest pin down most tightly ("the caption's 150 each and the `parts` rule give
150 + 150 + 22 = 322, but the headline says 372").

Every explanation is checked before it is given: the range it says the rest allow must
really exclude the value it blames (on whole numbers, for a quantity that takes whole
values), or it says less. It never says "the rules put x at 0 to 96.45, but x is 56.3".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NamedTuple

from . import readable, rules
from .constraints import Never
from .encode import AtomInfo, Encoded
from .findings import Member
from .interval import Interval
from .propagate import Budget, Conflict, Domains, Propagator

NAMED_PLACES = ("headline", "standfirst", "caption", "graphic")
ALONE = 10_000_000  # work units for an Explainer used outside a file's check (no budget given)


class Reason(NamedTuple):
    """An explanation and the exact values behind the arithmetic it states, so that a test
    can hold the words to the numbers: `implied` (what the rest allow `quantity` to be)
    excludes `claimed` (what `blamed` says), on whole numbers when `whole`."""

    text: str
    blamed: str | None = None
    quantity: str | None = None
    implied: Interval | None = None
    claimed: Interval | None = None
    whole: bool = False


class Explainer:
    """Explains the conflicts of one encoded file."""

    def __init__(self, enc: Encoded, props: Callable[[Iterable[int]], Propagator], root: Domains,
                 budget: Budget | None = None) -> None:
        self.enc = enc
        self.props = props  # the propagator holding some atoms (see Oracle.propagator_for)
        self.root = root
        # The file's own budget, shared with the search: once it is spent, propagation stops
        # where it is, and an explanation says only what was derived by then (never wrong,
        # since every bound derived holds; at worst the plain "cannot all hold at once").
        self.budget = budget or Budget(ALONE)
        self.vars = enc.problem.vars
        self.index = enc.problem.var_index()

    def explain(self, mus: frozenset[int]) -> str:
        return self.reason(mus).text

    def reason(self, mus: frozenset[int]) -> Reason:
        atoms = sorted(mus)
        infos = [self.enc.info[a] for a in atoms]
        labels = _labels([i.member for i in infos])
        for a, info in zip(atoms, infos):
            never = next((p for p in self.enc.problem.atoms[a].prims if isinstance(p, Never)), None)
            if never is not None:
                return Reason(_sentence(f"{_says(labels[info.member.id], _q(info.member.written))}, but {never.why}."))
        claims = [a for a in atoms if self.enc.problem.atoms[a].kind == "claim" and self.enc.info[a].readings]
        relations = [a for a in atoms if self.enc.problem.atoms[a].kind == "relation" or self.enc.info[a].formula]
        if len(atoms) == 1:
            return self._alone(atoms[0], labels)
        if not relations:
            rival = self._rival_values(claims, labels)
            if rival is not None:
                return rival
        focus = self._focus(mus, claims)
        if focus is None:
            whole = self._no_whole_number(mus)
            if whole:
                return self._whole_reason(claims, relations, labels, whole)
            return self._fallback(atoms, labels)
        a, name, implied, whole_only = focus
        info = self.enc.info[a]
        reading = info.readings[name].interval
        said = _says(labels[info.member.id], f"{_q(info.member.written)}{self._meaning(info, name)}")
        others = [b for b in atoms if b != a]
        values = [self._giver(b, labels) for b in others if self.enc.info[b].readings]
        rule_ids = [f"`{self.enc.info[b].member.id}`" for b in others if not self.enc.info[b].readings]
        rules_said = f"the {_join(rule_ids)} rule{'s' if len(rule_ids) > 1 else ''}"
        lead = f"with {_join(values)}, {rules_said}" if values else rules_said
        whole = f"; {self._takes_whole(name)}, and none lies in both" if whole_only else ""
        arithmetic = self._arithmetic(others, name, reading)
        if arithmetic and not whole_only:
            text, value = arithmetic
            verb = "give" if len(rule_ids) > 1 else "gives"
            return Reason(_sentence(f"{lead} {verb} {text}, but {said}."), info.member.id, name, value, reading)
        shown = self._show(name, implied, reading)
        if implied.lo is None or implied.hi is None:
            verb = f"{'need' if len(rule_ids) > 1 else 'needs'} {name} to be"  # not "puts x at at least 1"
        else:
            verb = f"{'put' if len(rule_ids) > 1 else 'puts'} {name} at"
        return Reason(_sentence(f"{lead} {verb} {shown}, but {said}{whole}."),
                      info.member.id, name, implied, reading, whole_only)

    # -- the shapes of conflict ---------------------------------------------------------
    def _alone(self, a: int, labels: dict[str, str]) -> Reason:
        info = self.enc.info[a]
        if info.readings:
            for name, r in info.readings.items():
                var = self.vars[self.index[name]]
                dom = var.domain
                said = f"{labels[info.member.id]} gives {name} as {_q(info.member.written)}"
                if r.interval.intersect(dom).is_empty():
                    return Reason(_sentence(f"{said}{self._meaning(info, name)}, outside what {name} can be "
                                            f"({self._show(name, dom, r.interval)})."),
                                  info.member.id, name, dom, r.interval)
                if var.integer and r.interval.intersect(dom).integer_count() == 0:
                    means = self._show(name, r.interval)
                    means = ("is not a whole number" if means == info.member.written
                             else f"means {means}, which holds none")
                    return Reason(_sentence(
                        f"{said}: {self._takes_whole(name)}, and {_q(info.member.written)} {means}; "
                        f"write `integer: false` for {name} if it can be a fraction."),
                        info.member.id, name, dom, r.interval, True)
        whole = self._no_whole_number(frozenset([a]))
        if whole:
            name, iv = whole
            return Reason(f"The rule {_q(info.member.written)} needs {name} to be {self._show(name, iv)}, "
                          f"and {self._takes_whole(name)}: no whole number is in that range.",
                          quantity=name, implied=iv, whole=True)
        return Reason(f"The rule {_q(info.member.written)} can never hold.")

    def _takes_whole(self, name: str) -> str:
        unit = self.enc.units.get(name)
        return f"{name} takes whole values" + (f" (unit `{unit}`)" if unit else "")

    def _whole_reason(self, claims: list[int], relations: list[int], labels: dict[str, str],
                      whole: tuple[str, Interval]) -> Reason:
        name, iv = whole
        values = [self._giver(b, labels) for b in claims]
        rule_ids = [f"`{self.enc.info[b].member.id}`" for b in relations]
        rules_said = f"the {_join(rule_ids)} rule{'s' if len(rule_ids) > 1 else ''}"
        lead = f"with {_join(values)}, {rules_said}" if values else rules_said
        need = "need" if len(rule_ids) > 1 else "needs"
        return Reason(_sentence(f"{lead} {need} {name} to be {self._show(name, iv)}, but "
                                f"{self._takes_whole(name)} and no whole number is in that range."),
                      quantity=name, implied=iv, whole=True)

    def _rival_values(self, claims: list[int], labels: dict[str, str]) -> Reason | None:
        """Two statements of one quantity that share no value (nothing else involved)."""
        shared = set.intersection(*(set(self.enc.info[a].readings) for a in claims))
        for name in sorted(shared):
            ivs = [self.enc.info[a].readings[name].interval for a in claims]
            together = ivs[0]
            for iv in ivs[1:]:
                together = together.intersect(iv)
            integer = self.vars[self.index[name]].integer
            if not together.is_empty() and not (integer and together.integer_count() == 0):
                continue
            parts = []
            for a in claims:
                info = self.enc.info[a]
                meaning = self._meaning(info, name)[2:-1]
                where = labels[info.member.id]
                parts.append(f"{_q(info.member.written)} ({f'{meaning}, ' if meaning else ''}{where})")
            both = "both" if len(parts) == 2 else "all of"
            whole = ""
            if not together.is_empty():
                whole = f": {self._takes_whole(name)}, and none lies in both"
            rest = ivs[1]
            for iv in ivs[2:]:
                rest = rest.intersect(iv)
            return Reason(f"`{name}` cannot be {both} {_join(parts)}{whole}.",
                          self.enc.info[claims[0]].member.id, name, rest, ivs[0], bool(whole))
        return None

    def _fallback(self, atoms: list[int], labels: dict[str, str]) -> Reason:
        parts = [f"{labels[self.enc.info[a].member.id]} ({_q(self.enc.info[a].member.written)})" for a in atoms]
        return Reason(_sentence(f"{_join(parts)} cannot all hold at once."))

    def _no_whole_number(self, mus: frozenset[int]) -> tuple[str, Interval] | None:
        """When the conflict needs whole numbers: which quantity has no whole value left."""
        doms = self._start()
        doms.integer = [False] * len(self.vars)
        active = self._active(mus)
        try:
            self.props(mus).run(doms, active, self.budget, atoms=mus)
        except Conflict:
            return None
        held = self.enc.problem.atoms
        for v in sorted({v for a in mus for v in held[a].vars}):  # the conflict's own, not the file's
            var = self.vars[v]
            if var.integer and var.quantity and doms.interval(v).integer_count() == 0:
                return var.quantity, doms.interval(v)
        return None

    # -- the focus claim and the arithmetic ---------------------------------------------
    def _implied(self, atoms: frozenset[int], exact: list[int] = (), doms: Domains | None = None) -> Domains | None:
        """What propagating `atoms` over the file's domains leaves (None on a conflict), the
        `exact` variables then narrowed to their linear bounds. `doms`, when given, is that
        propagation already done (a copy, narrowed in place)."""
        if doms is None:
            doms = self._start()
            try:
                self.props(atoms).run(doms, self._active(atoms), self.budget, atoms=atoms)
            except Conflict:
                return None
        if exact:
            from .ranges import tighten

            tighten(self.enc.problem, doms, atoms, list(exact), self.budget)
        return doms

    def _active(self, atoms: frozenset[int]) -> list[bool]:
        active = [False] * len(self.enc.problem.atoms)  # set atom by atom: a few in a large file
        for a in atoms:
            active[a] = True
        return active

    def _start(self) -> Domains:
        """The file's own domains, to propagate a few atoms over. Copying them, and marking
        the atoms asked about, is work too: a unit for every eight values."""
        self.budget.spend((len(self.vars) + len(self.enc.problem.atoms)) // 8)
        return self.root.copy()

    def _focus(self, mus: frozenset[int], claims: list[int]) -> tuple[int, str, Interval, bool] | None:
        """The claim whose value the rest exclude most plainly, its quantity, what the rest
        allow, and whether only whole numbers exclude it. Only an exclusion that holds is
        kept: propagation first, then the exact linear bounds.

        The best is the least key among the claims; a claim's key can be no less than its
        floor (an exclusion on every count, a point, its quantity alone in a rule), so the
        claims are taken by floor and the search stops where the floor reaches the best key
        found: the same choice, without propagating claims that could not win. Each
        propagation is kept for the exact pass, which narrows a copy of it."""
        best = None
        alone: dict[str, bool] = {}
        order = []
        for a in claims:
            names = list(self.enc.info[a].readings)
            for name in names:
                if name not in alone:
                    alone[name] = self._alone_in_relation(mus, name)
            floor = (False, False, not any(alone[n] for n in names), len(names), a)
            order.append((floor, a, names))
        order.sort()
        propagated: dict[int, Domains | None] = {}
        for exact in (False, True):
            for floor, a, names in order:
                if best is not None and floor >= best[0]:
                    break  # every claim after this one has a key no less than the best
                if not exact:
                    doms = propagated[a] = self._implied(mus - {a})
                elif a not in propagated:
                    doms = self._implied(mus - {a}, [self.index[n] for n in names])
                elif propagated[a] is None:
                    continue
                else:
                    doms = self._implied(mus - {a}, [self.index[n] for n in names], propagated[a].copy())
                if doms is None:
                    continue
                for name in names:
                    iv = doms.interval(self.index[name])
                    reading = self.enc.info[a].readings[name].interval
                    both = iv.intersect(reading)
                    integer = self.vars[self.index[name]].integer
                    if not both.is_empty() and not (integer and both.integer_count() == 0):
                        continue  # the rest allow this value: no exclusion to state
                    key = (not both.is_empty(), not iv.is_point(), not alone[name], len(names), a)
                    if best is None or key < best[0]:
                        best = (key, (a, name, iv, not both.is_empty()))
            if best is not None:
                return best[1]
        return None

    def _alone_in_relation(self, mus: frozenset[int], name: str) -> bool:
        for a in mus:
            f = self.enc.info[a].formula
            if f is not None and any(
                any(isinstance(o, rules.Name) and o.id == name for o in s.operands)
                for s in rules.statements(f)
            ):
                return True
        return False

    def _arithmetic(self, others: list[int], name: str, reading: Interval) -> tuple[str, Interval] | None:
        """`150 + 150 + 22 = 322` when one relation sets `name` equal to an expression of
        claimed values, and that value excludes the `reading` held up against it."""
        formulas = [self.enc.info[a].formula for a in others if self.enc.info[a].formula is not None]
        if len(formulas) != 1:
            return None
        stmts = rules.statements(formulas[0])
        if len(stmts) != 1 or len(stmts[0].operands) != 2 or stmts[0].ops != ("=",):
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
        if not value.intersect(reading).is_empty():
            return None
        return f"{self._print(side, env)} = {self._show(name, value, reading)}", value

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
            return readable.number(node.value) + ("%" if node.percent else "")
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

    def _show(self, name: str, iv: Interval, against: Interval | None = None) -> str:
        """A range of `name` in words, with the digits to tell it from `against`."""
        if name in self.enc.dates:
            return readable.days(iv)
        apart = [] if against is None else [v for v in (against.lo, against.hi) if v is not None]
        return readable.span(iv, self.enc.units.get(name), apart)


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
