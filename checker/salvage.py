"""The usable part of a faulty claim file.

A check reports every problem in one pass, the loader's and those met only when values and
rules are read. So a faulty file is still built: without each claim, relation or vague word
that a problem sits in (a quantity, the article and the vocabulary keep their sound keys),
and without what would then fail only because of those gaps, so no error is a knock-on.
"""

from __future__ import annotations

import bisect
import re
from typing import Any, Mapping

from .forms import ArticleForm, FileForm, QuantityForm, VocabularyForm, nearest
from .positions import Position
from .problems import Problem
from .yamlnodes import LMap, LNode, LScalar, LSeq, child, entries, listed, scalar_texts


def file_order(problem: Problem) -> tuple[int, int]:
    return (problem.position.line, problem.position.column) if problem.position else (0, 0)


Span = tuple[Position, Position | None]  # from a key or item up to the next one; None: the end
# What dropping a key (or a misspelling of it) takes away that values or rules rely on.
_LOSSES = {"article": "published", "published": "published", "sources": "published",
           "vocabulary": "words", "words": "words", "quantities": "quantities"}


def _spans(starts: list[Position], end: Position | None) -> list[Span]:
    return list(zip(starts, [*starts[1:], end]))


_SCALED = re.compile(r"[0-9.]\s*[*]|[*/]\s*[0-9.]")


def _scaled(item: LNode) -> bool:
    """Whether a relation or claim's rule multiplies or divides by a written number."""
    rule = child(item, "rule")
    return isinstance(rule, LScalar) and bool(_SCALED.search(rule.text))


def _phrase(text: str) -> str:
    return " ".join(text.lower().split())


class Salvage:
    """A file's tree without the parts its problems sit in, told apart by position."""

    def __init__(self, root: LMap, problems: list[Problem]) -> None:
        self.root = root
        self.faults = sorted(file_order(p) for p in problems if p.position)
        self.lost: set[str] = set()  # see _LOSSES
        self.unsure_words: set[str] = set()  # phrases whose own definitions were dropped

    def faulty(self, span: Span) -> bool:
        start, end = span
        i = bisect.bisect_left(self.faults, (start.line, start.column))
        return i < len(self.faults) and (end is None or self.faults[i] < (end.line, end.column))

    def usable(self) -> LMap:
        """The root without its faulty parts, and without what relied on them."""
        parts = {"article": self.article, "quantities": self.quantities, "relations": self.items,
                 "claims": self.items, "vocabulary": self.vocabulary, "conversions": self.conversions}
        root = self.fields(self.root, None, tuple(FileForm.model_fields), parts) or self.root
        if "quantities" in self.lost:  # every rule and value would name an unknown quantity
            return root._replace(entries=tuple(e for e in root.entries if e.key not in ("relations", "claims")))
        units = {e.key: child(e.value, "unit") for e in entries(child(root, "quantities"))}
        root = root._replace(entries=tuple(
            e._replace(value=self.readable_claims(e.value, units)) if e.key == "claims" else e
            for e in root.entries))
        if "conversions" not in self.lost:
            return root
        # a rule scaled by a number may have relied on the conversion that was dropped
        return root._replace(entries=tuple(
            e._replace(value=e.value._replace(items=tuple(i for i in e.value.items if not _scaled(i))))
            if e.key in ("relations", "claims") and isinstance(e.value, LSeq) else e
            for e in root.entries))

    def fields(self, node: LNode, end: Position | None, known: tuple[str, ...],
               parts: Mapping[str, Any] | None = None) -> LMap | None:
        """A mapping without its faulty keys; `parts` prune a faulty key's value instead."""
        if not isinstance(node, LMap):
            return None
        kept = []
        for entry, span in zip(node.entries, _spans([e.key_position for e in node.entries], end)):
            if not self.faulty(span):
                kept.append(entry)
                continue
            prune = (parts or {}).get(entry.key)
            value = prune(entry.value, span[1]) if prune else None
            if value is not None:
                kept.append(entry._replace(value=value))
            else:
                self.lose(entry.key if entry.key in known else nearest(entry.key, known))
        return node._replace(entries=tuple(kept))

    def lose(self, key: str | None) -> None:
        if key in _LOSSES:
            self.lost.add(_LOSSES[key])

    def items(self, node: LNode, end: Position | None) -> LSeq | None:
        if not isinstance(node, LSeq):
            return None
        return node._replace(items=tuple(item for item, span in zip(node.items, _spans(
            [item.position for item in node.items], end)) if not self.faulty(span)))

    def conversions(self, node: LNode, end: Position | None) -> LSeq | None:
        kept = self.items(node, end)
        if kept is None or len(kept.items) < len(node.items):  # type: ignore[union-attr]
            self.lost.add("conversions")
        return kept

    def article(self, node: LNode, end: Position | None) -> LMap | None:
        return self.fields(node, end, tuple(ArticleForm.model_fields))

    def quantities(self, node: LNode, end: Position | None) -> LMap | None:
        """Every quantity stays, a faulty one with its sound keys: rules name it, and a unit
        left out is `count`, which agrees with every unit, so nothing fails for its absence."""
        if not isinstance(node, LMap):
            return None
        kept = []
        for entry, span in zip(node.entries, _spans([e.key_position for e in node.entries], end)):
            if self.faulty(span):
                sound = self.fields(entry.value, span[1], tuple(QuantityForm.model_fields))
                entry = entry._replace(value=sound or LScalar("", entry.value.position))
            kept.append(entry)
        return node._replace(entries=tuple(kept))

    def vocabulary(self, node: LNode, end: Position | None) -> LMap | None:
        return self.fields(node, end, tuple(VocabularyForm.model_fields), {"words": self.words})

    def words(self, node: LNode, end: Position | None) -> LMap | None:
        if not isinstance(node, LMap):
            return None
        kept = []
        for entry, span in zip(node.entries, _spans([e.key_position for e in node.entries], end)):
            if self.faulty(span):
                self.unsure_words.add(_phrase(entry.key))
            else:
                kept.append(entry)
        return node._replace(entries=tuple(kept))

    def readable_claims(self, claims: LNode, units: Mapping[str, LNode | None]) -> LNode:
        """The claims whose quantities, words and dates are all still defined."""
        if not isinstance(claims, LSeq):
            return claims
        return claims._replace(items=tuple(c for c in claims.items if self.readable(c, units)))

    def readable(self, claim: LNode, units: Mapping[str, LNode | None]) -> bool:
        value = child(claim, "value")
        if value is None:
            return True  # a rule: the quantities it names all stay
        names = [n.text for n in listed(child(claim, "quantity")) if isinstance(n, LScalar)]
        if "words" in self.lost or any(name not in units for name in names):
            return False
        if "published" in self.lost and any(
                isinstance(unit := units[name], LScalar) and unit.text == "date" for name in names):
            return False  # a relative date would need it
        written = _phrase(" ".join(scalar_texts(value)))
        return not any(word in written for word in self.unsure_words)
