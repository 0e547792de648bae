"""Minimum-weight hitting sets of the conflicts found so far, split into independent parts.

Conflicts that share no atom are hit independently: the cheapest hitting set of the whole is
the union of each part's cheapest, so thirty unrelated wrong figures cost thirty small
searches, not one search over their product. Each part's answers are memoised on its
conflicts, so when the repair loop adds one conflict only the part it touches is searched
again. A repair already found is blocked (no later hitting set may contain it); a blocked set
inside one part is that part's business, one spanning several parts is honoured by taking the
parts' answers in order of total cost until a combination contains no blocked set.

Every search is bounded by a node count. When a bound stops a search its answer is not proved
the cheapest, and `exact` turns false so that the caller says so instead of claiming
"lightest".
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence

NODES = 20000  # branch-and-bound nodes per part search, and combinations tried per question


def split(sets: Sequence[frozenset[int]]) -> list[list[frozenset[int]]]:
    """The sets grouped by shared members (connected components), in a fixed order."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for s in sets:
        members = sorted(s)
        for a in members[1:]:
            ra, rb = find(members[0]), find(a)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
        if members:
            find(members[0])
    groups: dict[int, list[frozenset[int]]] = {}
    for s in sets:
        groups.setdefault(find(min(s)), []).append(s)
    return [groups[k] for k in sorted(groups)]


def search(sets: Sequence[frozenset[int]], blocked: Sequence[frozenset[int]], cost: Sequence[int],
           cheapest: bool, limit: int | None = None, budget=None) -> tuple[frozenset[int] | None, bool]:
    """A minimal hitting set of `sets` over their members, containing no blocked set.

    With `cheapest`, the one of least total cost; otherwise the first found. Returns the set
    (None when there is none) and whether the answer is proved (the node limit not reached).
    """
    limit = NODES if limit is None else limit
    freq: dict[int, int] = {}
    for s in sets:
        for a in s:
            freq[a] = freq.get(a, 0) + 1
    ordered = sorted(sets, key=lambda s: (len(s), sorted(s)))
    # A node's work units, as measured (bench/work.py): its bound looks at every conflict
    # and at the members of those not yet hit.
    per_node = 6 + len(sets) // 12 + sum(len(s) for s in sets) // 32
    best: list = [None, None]
    nodes = [0]
    stopped = [False]

    # Each set's members, cheapest first: its cheapest member not excluded is then
    # almost always the first one looked at.
    by_cost = [(s, sorted(s, key=cost.__getitem__)) for s in ordered]

    def lower_bound(hit: frozenset[int], excluded: frozenset[int]) -> int:
        # Unhit sets that share no member need one member each: sum their cheapest.
        lb = 0
        used: set[int] = set()
        for s, cheap in by_cost:
            if s.isdisjoint(hit):
                c = next((cost[a] for a in cheap if a not in excluded), None)
                if c is None:
                    return 10**18
                if used.isdisjoint(s):
                    used |= s
                    lb += c
        return lb

    def rec(hit: frozenset[int], total: int, excluded: frozenset[int]) -> None:
        if best[0] is not None and not cheapest:
            return
        nodes[0] += 1
        if nodes[0] > limit or (budget is not None and not budget.spend(per_node)):
            stopped[0] = True
            return
        if best[1] is not None and total + lower_bound(hit, excluded) >= best[1]:
            return
        if any(b <= hit for b in blocked):
            return
        unhit = next((s for s in ordered if s.isdisjoint(hit)), None)
        if unhit is None:
            best[0], best[1] = hit, total
            return
        cands = sorted((a for a in unhit if a not in excluded), key=lambda a: (cost[a], -freq[a], a))
        ex = set(excluded)
        for a in cands:
            rec(hit | {a}, total + cost[a], frozenset(ex))
            ex.add(a)

    rec(frozenset(), 0, frozenset())
    # A first-found answer is proved as soon as it is found; a cheapest one, or "none",
    # only if the search ran to the end.
    proved = not stopped[0] or (best[0] is not None and not cheapest)
    return best[0], proved


class _Part:
    """One part's hitting sets, cheapest first, found on demand (each blocks those before)."""

    def __init__(self, sets: list[frozenset[int]], blocked: list[frozenset[int]], cost: Sequence[int],
                 budget=None) -> None:
        self.sets, self.blocked, self.cost, self.budget = sets, blocked, cost, budget
        self.ranked: list[tuple[int, frozenset[int]]] = []
        self.done = False  # no further hitting set exists
        self.exact = True

    def get(self, k: int) -> tuple[int, frozenset[int]] | None:
        while len(self.ranked) <= k and not self.done:
            hs, proved = search(self.sets, self.blocked + [h for _, h in self.ranked], self.cost, True,
                                budget=self.budget)
            self.exact &= proved
            if hs is None:
                self.done = True
            else:
                self.ranked.append((sum(self.cost[a] for a in hs), hs))
        return self.ranked[k] if k < len(self.ranked) else None


class HittingSets:
    """Cheapest hitting sets of a growing list of conflicts, part by part, memoised."""

    def __init__(self, cost: Sequence[int], relation: Sequence[bool], budget=None) -> None:
        self.cost = cost
        self.budget = budget  # a bounds.Budget, shared with the rest of the file's analysis
        self.relation = relation
        self.parts: dict[tuple[frozenset[frozenset[int]], frozenset[frozenset[int]]], _Part] = {}
        self.exact = True  # every answer so far proved the cheapest

    def cheapest(self, sets: Sequence[frozenset[int]], blocked: Sequence[frozenset[int]]) -> frozenset[int] | None:
        """The cheapest hitting set of `sets` (over their members) containing no blocked set."""
        if any(not b for b in blocked):
            return None
        # A relation costs more than every claim together, so a hitting set of claims alone,
        # when one exists, beats any that drops a relation: look among claims first, where
        # the conflicts split apart at the claims they share (not at the rules they share).
        claims = [frozenset(a for a in s if not self.relation[a]) for s in sets]
        if all(claims):
            hs = self._split_cheapest(claims, blocked)
            if hs is not None:
                return hs
        return self._split_cheapest(list(sets), blocked)

    def _split_cheapest(self, sets: list[frozenset[int]], blocked: Sequence[frozenset[int]]) -> frozenset[int] | None:
        members = frozenset().union(*sets) if sets else frozenset()
        # A blocked set with a member outside every conflict can never be contained.
        relevant = [b for b in blocked if b <= members]
        groups = split(sets)
        where = {a: i for i, g in enumerate(groups) for s in g for a in s}
        local: list[list[frozenset[int]]] = [[] for _ in groups]
        spanning = []
        for b in relevant:
            touched = {where[a] for a in b}
            if len(touched) == 1:
                local[touched.pop()].append(b)
            else:
                spanning.append(b)
        parts = [self._part(g, loc) for g, loc in zip(groups, local)]
        return self._combine(parts, spanning)

    def _part(self, sets: list[frozenset[int]], blocked: list[frozenset[int]]) -> _Part:
        key = (frozenset(sets), frozenset(blocked))
        part = self.parts.get(key)
        if part is None:
            part = self.parts[key] = _Part(sorted(sets, key=sorted), sorted(blocked, key=sorted), self.cost,
                                           self.budget)
        return part

    def _combine(self, parts: list[_Part], spanning: list[frozenset[int]]) -> frozenset[int] | None:
        """The cheapest union of one answer per part that contains no spanning blocked set.

        Combinations come out of a heap in order of total cost; each is reached from one
        parent only (raise an index at or after the last one raised), so none is seen twice.
        """
        firsts = [p.get(0) for p in parts]
        self.exact &= all(p.exact for p in parts)
        if any(f is None for f in firsts):
            return None
        start = tuple(0 for _ in parts)
        heap = [(sum(f[0] for f in firsts), start, 0)]
        tried = 0
        while heap:
            total, idx, last = heapq.heappop(heap)
            chosen = frozenset().union(*(p.get(i)[1] for p, i in zip(parts, idx)))
            if not any(b <= chosen for b in spanning):
                self.exact &= all(p.exact for p in parts)
                return chosen
            tried += 1
            if tried > NODES or (self.budget is not None and not self.budget.spend(len(parts))):
                self.exact = False
                return None
            for j in range(last, len(parts)):
                nxt = parts[j].get(idx[j] + 1)
                if nxt is None:
                    continue
                step = nxt[0] - parts[j].get(idx[j])[0]
                heapq.heappush(heap, (total + step, idx[:j] + (idx[j] + 1,) + idx[j + 1:], j))
        self.exact &= all(p.exact for p in parts)
        return None
