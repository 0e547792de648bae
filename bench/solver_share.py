"""Where a check's CPU time goes: reading and encoding, the conflict search, the oracle.

    python bench/solver_share.py                       # the scale tables and the ratio shapes
    python bench/solver_share.py --case 10000/3 --case shares/5000 [--profile 25]

Each case is generated as bench/run.py --scale and bench/ratios.py generate it (seed 1) and
checked once in this process through `checker.api.check_text`. The CPU seconds
(`time.process_time`) are split by timing a few entry points from outside: the whole check,
the analysis (`_Analysis.report`: search, explanations, ranges), the conflict search, and
the oracle's own questions (`Oracle.check`, `refutes`, `implied`). Nothing in checker/ is
changed to measure it. `--profile N` prints cProfile's N dearest functions per case.
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import pstats
import random
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

SCALE = ["1000/3", "10000/0", "10000/3", "30000/0"]
RATIOS = [f"{shape}/{rows}" for shape in ("shares", "changes", "grim") for rows in (1000, 5000)]


def _text(case: str) -> tuple[str, set[str]]:
    head, _, tail = case.partition("/")
    if head.isdigit():
        from generate import table_file

        g = table_file(int(head), int(tail or 0), seed=1)
        return g.text, set(g.wrong)
    from ratios import SHAPES

    table = SHAPES[head](int(tail), 3, random.Random(1))
    return table.text, table.wrong


class _Clock:
    """CPU seconds inside some functions, counted once however deeply they nest."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = {}
        self._depth: dict[str, int] = {}

    def wrap(self, owner: object, name: str, label: str) -> None:
        inner = getattr(owner, name)

        @functools.wraps(inner)
        def timed(*args, **kwargs):
            depth = self._depth.get(label, 0)
            self._depth[label] = depth + 1
            start = time.process_time()
            try:
                return inner(*args, **kwargs)
            finally:
                self._depth[label] = depth
                if depth == 0:
                    self.spent[label] = self.spent.get(label, 0.0) + time.process_time() - start

        setattr(owner, name, timed)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--case", action="append", help="CLAIMS/WRONG or SHAPE/ROWS")
    ap.add_argument("--profile", type=int, default=0, help="print cProfile's N dearest functions")
    args = ap.parse_args(argv)

    from checker import api, check, conflicts, feasibility

    clock = _Clock()
    clock.wrap(check._Analysis, "report", "analysis")
    clock.wrap(conflicts.ConflictSearch, "run", "search")
    for name in ("check", "refutes", "implied"):
        clock.wrap(feasibility.Oracle, name, "oracle")
    # status ends in "!" when the first repair is not exactly as large as the injected
    # errors or some injected error is in no discrepancy
    print(f"{'case':16} {'status':13} {'total':>7} {'analysis':>9} {'search':>7} {'oracle':>7}  (CPU s)")
    for case in args.case or SCALE + RATIOS:
        text, wrong = _text(case)
        clock.spent.clear()
        profiler = cProfile.Profile() if args.profile else None
        start = time.process_time()
        if profiler:
            profiler.enable()
        report = api.check_text(text, path=f"{case.replace('/', '-')}.yaml")
        if profiler:
            profiler.disable()
        total = time.process_time() - start
        file = report.file
        first = set(file.repairs[0].ids) if file.repairs else set()
        seen = {i for d in file.discrepancies for i in d.ids}
        status = file.status + ("" if wrong <= seen and len(first) == len(wrong) else "!")
        s = clock.spent
        print(f"{case:16} {status:13} {total:7.2f} {s.get('analysis', 0):9.2f} {s.get('search', 0):7.2f}"
              f" {s.get('oracle', 0):7.2f}", flush=True)
        if profiler:
            pstats.Stats(profiler).sort_stats("tottime").print_stats(args.profile)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
