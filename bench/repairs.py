"""CPU time and oracle questions of the conflict and repair search, on the files it is slow on.

    python bench/repairs.py [--only 100/30 --only story ...] [--profile]

Runs each check in this process and reports CPU time (time.process_time, which load from
other processes does not inflate), the oracle's questions, the report's status, whether the
first repair drops exactly the injected claims, and whether it is reported the lightest.
"""

from __future__ import annotations

import argparse
import pathlib
import sys
import tempfile
import time

BENCH = pathlib.Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH.parent), str(BENCH)]

from article import article_file  # noqa: E402
from generate import table_file  # noqa: E402
from ratios import STORY  # noqa: E402

CASES = ["100/30", "1000/3", "1000/30", "10000/3", "story", "article/1"]


def _made(name: str):
    """(claim text, draft text or None, the injected wrong ids or None)."""
    if name == "story":
        return STORY, None, None
    if name.startswith("article/"):
        made = article_file("article.txt", int(name.split("/")[1]), 1)
        return made.text, made.draft, None
    claims, wrong = (int(x) for x in name.split("/"))
    made = table_file(claims, wrong, seed=1)
    return made.text, None, list(made.wrong)


def run(name: str, profile: bool = False) -> str:
    from checker import conflicts, feasibility
    from checker.check import CheckOptions, check_file

    text, draft, wrong = _made(name)
    asked = {"check": 0, "refutes": 0}
    check, refutes = feasibility.Oracle.check, feasibility.Oracle.refutes

    def counted_check(self, atoms):
        asked["check"] += 1
        return check(self, atoms)

    def counted_refutes(self, atoms):
        asked["refutes"] += 1
        return refutes(self, atoms)

    search = conflicts.ConflictSearch.run
    spent = [0.0]

    def timed_search(self):
        begun = time.process_time()
        try:
            return search(self)
        finally:
            spent[0] += time.process_time() - begun

    feasibility.Oracle.check, feasibility.Oracle.refutes = counted_check, counted_refutes
    conflicts.ConflictSearch.run = timed_search
    try:
        with tempfile.TemporaryDirectory() as tmp:
            path = pathlib.Path(tmp) / "file.yaml"
            path.write_text(text, encoding="utf-8")
            if draft is not None:
                path.with_suffix(".txt").write_text(draft, encoding="utf-8")
            if profile:
                import cProfile
                import pstats

                prof = cProfile.Profile()
                prof.enable()
            cpu, wall = time.process_time(), time.perf_counter()
            report = check_file(path, "file.yaml", CheckOptions())
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            if profile:
                prof.disable()
                pstats.Stats(prof).sort_stats("cumulative").print_stats(30)
    finally:
        feasibility.Oracle.check, feasibility.Oracle.refutes = check, refutes
        conflicts.ConflictSearch.run = search
    first = sorted(report.repairs[0].ids) if report.repairs else []
    right = "" if wrong is None else f" first repair {'right' if first == sorted(wrong) else 'WRONG ' + str(first)}"
    lightest = not any("lighter one may exist" in w.message for w in report.warnings)
    return (f"{name:10} {report.status:12} {wall:6.2f} s ({cpu:5.2f} s CPU, search {spent[0]:5.2f})  questions {asked['check']}"
            f"+{asked['refutes']} refutes  conflicts {len(report.discrepancies)} repairs {len(report.repairs)}"
            f" lightest {lightest}{right}")


def main() -> int:
    from checker import check  # noqa: F401  (imported before the clock starts)

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", action="append")
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    for name in args.only or CASES:
        print(run(name, args.profile), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
