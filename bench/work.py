"""The work each benchmark file spends beside the CPU time it takes: the margin of the work budget.

    python bench/work.py                          # scale tables, ratio tables, claims/
    python bench/work.py --acceptance /work/shared/acceptance --only-files
    python bench/work.py --size 10000/3 --size 100/30

Every file is checked in this process under the default work budget (or --work-budget) and
no deadline, so the clock plays no part. For each file it prints the status, the work units
spent (see docs/how-it-decides.md, "The work budget") and whether the budget ran out, the
CPU seconds of the whole check, file reading included (`time.process_time`, which other
processes' load does not inflate), the units per CPU second, and the share of the budget
used.
"""

from __future__ import annotations

import argparse
import pathlib
import random
import sys
import tempfile
import time

BENCH = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

from generate import table_file  # noqa: E402
from scale import SIZES, parse_size  # noqa: E402


def measured(path: pathlib.Path, shown: str, limit: int) -> tuple[str, int, bool, float]:
    """(status, work units spent, whether they ran out, CPU seconds) of one check."""
    from checker import check

    spent: list[int] = []
    report_of = check._Analysis.report

    def counting(self):  # type: ignore[no-untyped-def]
        try:
            return report_of(self)
        finally:
            spent.append((self.budget.steps, self.budget.exhausted or self.searched))

    options = check.CheckOptions(max_steps=limit, time_budget=10.0**6)
    check._Analysis.report = counting  # type: ignore[method-assign]
    try:
        start = time.process_time()
        report = check.check_file(path, shown, options)
        cpu = time.process_time() - start
    finally:
        check._Analysis.report = report_of  # type: ignore[method-assign]
    return report.status, sum(u for u, _ in spent), any(out for _, out in spent), cpu


def generated(out: pathlib.Path, sizes: list[tuple[int, int]], ratios: bool) -> list[tuple[str, pathlib.Path]]:
    """The scale tables (run.py --scale) and the ratio tables (ratios.py), written to `out`."""
    files = []
    for claims, wrong in sizes:
        path = out / f"table-{claims}-{wrong}.yaml"
        path.write_text(table_file(claims, wrong, seed=1).text, encoding="utf-8")
        files.append((f"scale {claims:,} claims, {wrong} wrong", path))
    if ratios:
        import ratios as r

        for shape in sorted(r.SHAPES):
            for rows in (1000, 5000):
                path = out / f"{shape}-{rows}.yaml"
                path.write_text(r.SHAPES[shape](rows, 3, random.Random(1)).text, encoding="utf-8")
                files.append((f"ratios {shape} {rows:,} rows, 3 wrong", path))
        path = out / "story.yaml"
        path.write_text(r.STORY, encoding="utf-8")
        files.append(("ratios story, 10 claims", path))
    return files


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", action="append", type=parse_size, metavar="CLAIMS/WRONG",
                    help="only this scale table (default: every size of run.py --scale)")
    ap.add_argument("--no-ratios", action="store_true", help="leave out the ratio tables")
    ap.add_argument("--claims", action="append", default=None, metavar="DIR",
                    help="claim files below DIR (default: claims/)")
    ap.add_argument("--acceptance", type=pathlib.Path, metavar="DIR",
                    help="also every claims.yaml of an acceptance folder")
    ap.add_argument("--only-files", action="store_true", help="no generated tables, only files found")
    ap.add_argument("--work-budget", type=int, metavar="UNITS", help="instead of the default")
    args = ap.parse_args(argv)
    from checker.check import CheckOptions, claim_files

    limit = args.work_budget or CheckOptions().max_steps
    with tempfile.TemporaryDirectory() as scratch:
        files = [] if args.only_files else generated(pathlib.Path(scratch), args.size or SIZES,
                                                     not args.no_ratios)
        for folder in args.claims or [str(BENCH.parent / "claims")]:
            files += [(f.shown, f.path) for f in claim_files([folder])]
        if args.acceptance:
            files += [(p.parent.name, p) for p in sorted(args.acceptance.glob("*/claims.yaml"))]
        print(f"work budget: {limit:,} units\n")
        print("| file | status | work units | CPU s | units per CPU s | share of budget |")
        print("| --- | --- | ---: | ---: | ---: | ---: |")
        for shown, path in files:
            status, units, out, cpu = measured(path, shown, limit)
            rate = f"{units / cpu:,.0f}" if cpu > 0.01 else "–"
            spent = f"{units:,}" + (" (ran out)" if out else "")
            print(f"| {shown} | {status} | {spent} | {cpu:.2f} | {rate} | {units / limit:.1%} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
