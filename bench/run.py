"""Time figcheck on the standard benchmark cases and check that its answers are right.

    python bench/run.py [--runs 5] [--only table-1000] [--out bench/out] [--no-hyperfine]
    python bench/run.py --scale [--size 10000/3 ...] [--peer-timeout 600] [--no-peer]

Writes the cases into bench/out/, times `figcheck check --format json FILE` (wall clock, best and
median of --runs, with hyperfine when it is installed) and `python -c "import checker.cli"`, and
prints a Markdown table. With --scale it runs the tables of the scale issue instead, once each,
with figcheck and with the Z3 program (bench/z3_baseline.py) on the same files, and prints wall
clock, peak memory and the ratio. Exits 1 when an answer of figcheck's is wrong; a slow run is
reported, not failed.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from typing import Callable

from article import article_file
from generate import Generated, table_file
from scale import SIZES, parse_size, scale_table

BENCH = pathlib.Path(__file__).resolve().parent
ROOT = BENCH.parent
CHECK_TIMEOUT = 600  # seconds for one correctness run; a hung solver is a wrong answer


@dataclass(frozen=True)
class Case:
    name: str
    label: str
    claims: int
    target: float  # seconds of wall clock, start-up included
    make: Callable[[str], Generated]  # draft file name -> generated file
    expected_exit: int


CASES = [
    Case("table-1000", "1,000 claims, 3 conflicts", 1000, 2.0, lambda _: table_file(1000, 3, seed=1), 1),
    Case("table-10000", "10,000 claims, consistent", 10000, 10.0, lambda _: table_file(10000, 0, seed=2), 0),
    Case("article-50", "50-claim article with draft", 50, 0.5, lambda draft: article_file(draft, 0, seed=1), 0),
]


def figcheck_command() -> list[str]:
    """The installed `figcheck`, or the same entry point through this Python."""
    found = shutil.which("figcheck")
    if found:
        return [found]
    return [sys.executable, "-c", "import sys; from checker.cli import main; sys.exit(main())"]


def write_case(case: Case, out: pathlib.Path) -> tuple[pathlib.Path, Generated]:
    path = out / f"{case.name}.yaml"
    generated = case.make(f"{case.name}.txt")
    path.write_text(generated.text, encoding="utf-8")
    if generated.draft is not None:
        path.with_suffix(".txt").write_text(generated.draft, encoding="utf-8")
    return path, generated


def wrong_answers(expected_exit: int, generated: Generated, exit_code: int, stdout: str) -> list[str]:
    """What is wrong with figcheck's answer for a generated file; empty when it is right."""
    if exit_code != expected_exit:
        return [f"exit status {exit_code}, expected {expected_exit}"]
    try:
        report = json.loads(stdout)["files"][0]
    except (ValueError, KeyError, IndexError) as error:
        return [f"no JSON report on stdout ({error})"]
    problems = [f"error {e.get('code')}: {e.get('message')}" for e in report.get("errors", [])]
    expected_status = "inconsistent" if generated.wrong else "consistent"
    if report.get("status") != expected_status:
        problems.append(f"status {report.get('status')!r}, expected {expected_status!r}")
    if not generated.wrong:
        problems += [f"unexpected discrepancy {d['members']}" for d in report.get("discrepancies", [])]
    else:
        repairs = report.get("repairs", [])
        first = repairs[0]["drop"] if repairs else None
        if first != list(generated.wrong):
            problems.append(f"first repair drops {first}, expected {list(generated.wrong)}")
        named = {member for d in report.get("discrepancies", []) for member in d["members"]}
        problems += [f"wrong claim {w} is in no discrepancy" for w in generated.wrong if w not in named]
    if generated.draft is not None:
        problems += [f"warning {w['code']}: {w['message']}" for w in report.get("warnings", [])
                     if w.get("code") == "quote-not-found"]
    return problems


def time_with_hyperfine(command: list[str], runs: int) -> list[float] | None:
    """Wall-clock times from hyperfine (no shell in between), or None when it is missing or fails."""
    hyperfine = shutil.which("hyperfine")
    if hyperfine is None:
        return None
    with tempfile.TemporaryDirectory() as scratch:
        export = pathlib.Path(scratch) / "times.json"
        done = subprocess.run(
            [hyperfine, "--runs", str(runs), "--warmup", "1", "--shell=none", "--ignore-failure",
             "--style", "none", "--export-json", str(export), shlex.join(command)],
            cwd=ROOT, capture_output=True, text=True,
        )
        if done.returncode != 0 or not export.exists():
            return None
        return list(json.loads(export.read_text())["results"][0]["times"])


def time_with_perf_counter(command: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return times


def wall_clock(command: list[str], runs: int, use_hyperfine: bool) -> tuple[list[float], str]:
    times = time_with_hyperfine(command, runs) if use_hyperfine else None
    if times is not None:
        return times, "hyperfine"
    return time_with_perf_counter(command, runs), "perf_counter"


def seconds(value: float) -> str:
    return f"{value:.3f} s"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per case (default 5)")
    parser.add_argument("--out", type=pathlib.Path, default=BENCH / "out", help="where the cases are written")
    parser.add_argument("--only", action="append", choices=[c.name for c in CASES], help="run only this case")
    parser.add_argument("--no-hyperfine", action="store_true",
                        help="time with perf_counter even when hyperfine is installed")
    parser.add_argument("--scale", action="store_true", help="the scale tables, beside the Z3 program")
    parser.add_argument("--size", action="append", type=parse_size, metavar="CLAIMS/WRONG",
                        help=f"with --scale, only this table (default: {', '.join(f'{c}/{w}' for c, w in SIZES)})")
    parser.add_argument("--peer-timeout", type=float, default=600, help="seconds before a run is stopped (default 600)")
    parser.add_argument("--no-peer", action="store_true", help="with --scale, run figcheck only")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    args.out.mkdir(parents=True, exist_ok=True)
    figcheck = figcheck_command()
    if args.scale:
        return scale_table(figcheck, args.size or SIZES, args.out, args.peer_timeout, not args.no_peer, wrong_answers)

    rows: list[str] = []
    failures: list[str] = []
    timers: set[str] = set()
    for case in [c for c in CASES if not args.only or c.name in args.only]:
        path, generated = write_case(case, args.out)
        command = [*figcheck, "check", "--format", "json", str(path)]
        try:  # the answer first: it also warms the caches before the timed runs
            done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=CHECK_TIMEOUT)
            problems = wrong_answers(case.expected_exit, generated, done.returncode, done.stdout)
            if done.returncode == 2 and done.stderr:
                problems.append(done.stderr.strip().splitlines()[-1])
        except subprocess.TimeoutExpired as timeout:
            done, problems = timeout, [f"no answer within {CHECK_TIMEOUT} s"]
        failures += [f"{case.name}: {p}" for p in problems]
        if problems and (isinstance(done, Exception) or done.returncode not in (0, 1)):
            rows.append(f"| {case.label} | {case.claims:,} | – | – | < {case.target:g} s | no answer |")
            continue  # timing a crash says nothing
        times, timer = wall_clock(command, args.runs, not args.no_hyperfine)
        timers.add(timer)
        best, median = min(times), statistics.median(times)
        verdict = "wrong answer" if problems else ("within target" if median <= case.target else "over target")
        rows.append(f"| {case.label} | {case.claims:,} | {seconds(best)} | {seconds(median)} "
                    f"| < {case.target:g} s | {verdict} |")

    startup = [sys.executable, "-c", "import checker.cli"]
    times, timer = wall_clock(startup, args.runs, not args.no_hyperfine)
    timers.add(timer)
    rows.append(f"| start-up: `python -c \"import checker.cli\"` | – | {seconds(min(times))} "
                f"| {seconds(statistics.median(times))} | – | |")

    print(f"figcheck benchmark: {args.runs} runs each, timed with {', '.join(sorted(timers))}; "
          f"{os.cpu_count()} CPUs, Python {platform.python_version()}, {platform.platform()}\n")
    print("| case | claims | best | median | target | |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    print("\n".join(rows))
    if failures:
        print("\nWrong answers:")
        print("\n".join(f"- {f}" for f in failures))
        return 1
    print("\nEvery answer was right.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
