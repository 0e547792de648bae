"""Benchmark: what the exact small sets of values (checker/finite.py) cost a check.

    python bench/finite_cost.py                   # the ratio tables (1,000 rows) and the scale table
    python bench/finite_cost.py --rows 5000 --no-scale

For each file: the CPU time of the whole check (in process, the file read included), the CPU
time spent inside the sets' work, how many oracle questions it asked, and how many derived
ranges and repairs came out with a set. CPU time, not wall clock: the machine is shared.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))


def measure(text: str | Path) -> tuple[float, float, int, int, int]:
    """(check CPU s, sets CPU s, questions, ranges with a set, repairs with a set) for one
    file's text, or for a claim file where it stands (so that its draft is found)."""
    from checker import finite
    from checker.check import CheckOptions, check_file

    spent = [0.0, 0]
    inner = finite.FiniteSets.sets

    def timed(self, *args, **kwargs):
        start = time.process_time()
        try:
            return inner(self, *args, **kwargs)
        finally:
            spent[0] += time.process_time() - start
            spent[1] = self.questions

    finite.FiniteSets.sets = timed  # type: ignore[method-assign]
    try:
        with tempfile.TemporaryDirectory() as tmp:
            path = text if isinstance(text, Path) else Path(tmp) / "table.yaml"
            if not isinstance(text, Path):
                path.write_text(text)
            start = time.process_time()
            report = check_file(path, path.name, CheckOptions())
            total = time.process_time() - start
    finally:
        finite.FiniteSets.sets = inner  # type: ignore[method-assign]
    ranges = sum(1 for q in report.quantities if q.values)
    repairs = sum(1 for r in report.repairs if r.values)
    return total, spent[0], spent[1], ranges, repairs


def main(argv: list[str] | None = None) -> int:
    import ratios
    from generate import table_file

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1000, help="rows of each ratio table")
    ap.add_argument("--no-scale", action="store_true", help="skip the 10,000-claim scale table")
    args = ap.parse_args(argv)
    files: list[tuple[str, str | Path]] = [(f"{shape} {args.rows}", ratios.SHAPES[shape](args.rows, 3, random.Random(1)).text)
             for shape in sorted(ratios.SHAPES)]
    files.append(("story 10", ratios.STORY))
    files.append(("bridge poll", BENCH.parent / "claims/more/bridge-poll.yaml"))
    if not args.no_scale:
        files.append(("scale 10000/3", table_file(10000, 3, seed=1).text))
    print("| file | check CPU | sets CPU | share | questions | ranges with a set | repairs with a set |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, text in files:
        total, sets, questions, ranges, repairs = measure(text)
        print(f"| {name} | {total:.2f} s | {sets * 1000:.0f} ms | {sets / total:.1%} | {questions} | {ranges} | {repairs} |",
              flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
