#!/usr/bin/env python3
"""How well the figure scanner finds the figures a fact-checker would claim.

Each draft NAME.txt in tests/data/drafts/ has NAME.labels beside it: the figure phrases that
are claims, exactly as written, in the order they appear (lines starting `#` are notes).
A label is found when a figure the scanner reports overlaps it; a reported figure is right
when it overlaps a label. `figcheck extract` writes one claim per reported figure, so these
are its recall and precision too.

Usage: python bench/extract_quality.py [--drafts DIR] [--verbose]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import NamedTuple, Sequence

HERE = Path(__file__).resolve().parent
DRAFTS = HERE.parent / "tests" / "data" / "drafts"


class DraftScore(NamedTuple):
    """One draft's labels and the scanner's figures, as character spans."""

    name: str
    labels: tuple[tuple[int, int], ...]
    found: tuple[tuple[int, int], ...]
    text: str

    @property
    def hits(self) -> int:
        return sum(any(_overlap(lab, f) for f in self.found) for lab in self.labels)

    @property
    def right(self) -> int:
        return sum(any(_overlap(f, lab) for lab in self.labels) for f in self.found)

    @property
    def exact(self) -> int:
        return len(set(self.labels) & set(self.found))

    def missed(self) -> list[str]:
        return [self.text[a:b] for a, b in self.labels if not any(_overlap((a, b), f) for f in self.found)]

    def extra(self) -> list[str]:
        return [self.text[a:b] for a, b in self.found if not any(_overlap((a, b), lab) for lab in self.labels)]

    def inexact(self) -> list[tuple[str, str]]:
        """Labels found by a figure of another extent: (label, figure)."""
        pairs = []
        for lab in self.labels:
            near = [f for f in self.found if _overlap(lab, f)]
            if near and lab not in near:
                pairs.append((self.text[lab[0]:lab[1]], self.text[near[0][0]:near[0][1]]))
        return pairs


class Quality(NamedTuple):
    """Recall, precision and exact-extent agreement over a labelled set."""

    drafts: tuple[DraftScore, ...]

    @property
    def labels(self) -> int:
        return sum(len(d.labels) for d in self.drafts)

    @property
    def found(self) -> int:
        return sum(len(d.found) for d in self.drafts)

    @property
    def recall(self) -> float:
        return sum(d.hits for d in self.drafts) / max(1, self.labels)

    @property
    def precision(self) -> float:
        return sum(d.right for d in self.drafts) / max(1, self.found)

    @property
    def exact(self) -> float:
        """Share of labels whose figure has exactly the label's extent."""
        return sum(d.exact for d in self.drafts) / max(1, self.labels)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def label_spans(text: str, labels: Sequence[str], name: str = "") -> tuple[tuple[int, int], ...]:
    """Each label's span, searched from where the previous one was found."""
    spans = []
    at = 0
    for label in labels:
        start = text.find(label, at)
        while start >= 0 and not _whole(text, start, start + len(label)):
            start = text.find(label, start + 1)
        if start < 0:
            raise ValueError(f"{name}: label {label!r} is not in the draft after offset {at}")
        spans.append((start, start + len(label)))
        at = start + len(label)
    return tuple(spans)


def _whole(text: str, start: int, end: int) -> bool:
    """A label stands alone: "14" is not the 14 of "2014", nor "12" the 12 of "12.5"."""
    before = text[start - 1] if start else " "
    after = text[end:end + 2] + "  "
    return not (before.isalnum() or after[0].isalnum() or (after[0] in ".," and after[1].isdigit()))


def read_labels(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def measure(drafts: Path = DRAFTS) -> Quality:
    """Scan every labelled draft under `drafts` and compare with its labels."""
    from checker.figures import find_figures
    from checker.vocabulary import DEFAULT_VOCABULARY

    scores = []
    for txt in sorted(drafts.glob("*.txt")):
        labels_path = txt.with_suffix(".labels")
        if not labels_path.exists():
            continue
        text = txt.read_text(encoding="utf-8")
        labels = label_spans(text, read_labels(labels_path), txt.name)
        found = tuple((f.start, f.end) for f in find_figures(text, DEFAULT_VOCABULARY))
        scores.append(DraftScore(txt.stem, labels, found, text))
    return Quality(tuple(scores))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drafts", type=Path, default=DRAFTS, help="folder of NAME.txt + NAME.labels")
    parser.add_argument("--verbose", "-v", action="store_true", help="list misses and extras")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(HERE.parent))
    quality = measure(args.drafts)
    for d in quality.drafts:
        print(f"{d.name:<12} labels {len(d.labels):>3}  found {len(d.found):>3}  "
              f"recalled {d.hits:>3}  right {d.right:>3}")
        if args.verbose:
            for text in d.missed():
                print(f"    missed: {text!r}")
            for text in d.extra():
                print(f"    extra:  {text!r}")
            for label, figure in d.inexact():
                print(f"    extent: label {label!r}, figure {figure!r}")
    print(f"{len(quality.drafts)} drafts, {quality.labels} labelled figures, {quality.found} found: "
          f"recall {quality.recall:.1%}, precision {quality.precision:.1%}, "
          f"exact extent {quality.exact:.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
