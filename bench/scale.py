"""The scale table: figcheck beside the Z3 program on the same generated tables (run.py --scale).

Each table is run once by each program, as a child process whose own peak memory comes from
os.wait4 (the kernel's count for that child alone). A run past the timeout is stopped and
reported as "> timeout", not waited for. For each program the first repair is checked against
the injected wrong claims.
"""

from __future__ import annotations

import argparse
import ast
import importlib.util
import os
import pathlib
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from typing import Callable

from generate import Generated, table_file

BENCH = pathlib.Path(__file__).resolve().parent
ROOT = BENCH.parent
# (claims, wrong claims): the table of the scale issue
SIZES = [(100, 30), (1000, 3), (1000, 30), (3000, 3), (10000, 0), (10000, 3), (30000, 0)]


@dataclass(frozen=True)
class Measured:
    seconds: float  # wall clock
    cpu: float  # user + system seconds of the child: what load from other processes does not inflate
    peak_mb: float
    exit_code: int | None  # None: stopped at the timeout
    stdout: str


def parse_size(text: str) -> tuple[int, int]:
    claims, _, wrong = text.partition("/")
    try:
        return int(claims), int(wrong or 0)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not CLAIMS/WRONG, e.g. 10000/3") from None


def measure(command: list[str], timeout: float) -> Measured:
    """Run `command` to its end or to the timeout: wall clock, the child's own peak memory, its output."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        child = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.DEVNULL)
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                exit_code: int | None = os.waitstatus_to_exitcode(status)
                break
            if time.perf_counter() - start > timeout:
                child.kill()
                _, status, usage = os.wait4(child.pid, 0)
                exit_code = None
                break
            time.sleep(0.02)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        out.seek(0)
        stdout = out.read().decode("utf-8", "replace")
    return Measured(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, exit_code, stdout)  # ru_maxrss is in KiB on Linux


def peer_repair(stdout: str) -> list[str] | None:
    """The repair the Z3 program printed (`repair: [...]`), or None."""
    for line in stdout.splitlines():
        if line.startswith("repair: "):
            return list(ast.literal_eval(line[len("repair: "):]))
    return None


def _cell(run: Measured | None, timeout: float, problems: list[str]) -> list[str]:
    if run is None:
        return ["–", "–", "–"]
    if run.exit_code is None:
        return [f"> {timeout:g} s", f"{run.peak_mb:,.0f} MB", "stopped"]
    return [f"{run.seconds:.1f} s ({run.cpu:.1f} s)", f"{run.peak_mb:,.0f} MB", "wrong (below)" if problems else "right"]


def scale_table(figcheck: list[str], sizes: list[tuple[int, int]], out: pathlib.Path, timeout: float,
                with_peer: bool, wrong_answers: Callable[[int, Generated, int, str], list[str]]) -> int:
    if with_peer and importlib.util.find_spec("z3") is None:
        print("the Z3 program needs z3-solver (pip install z3-solver); running figcheck only\n")
        with_peer = False
    rows, failures = [], []
    for claims, wrong in sizes:
        generated = table_file(claims, wrong, seed=1)
        path = out / f"scale-{claims}-{wrong}.yaml"
        path.write_text(generated.text, encoding="utf-8")
        ours = measure([*figcheck, "check", "--format", "json", str(path)], timeout)
        our_problems = [] if ours.exit_code is None else wrong_answers(
            1 if generated.wrong else 0, generated, ours.exit_code, ours.stdout)
        failures += [f"{claims:,}/{wrong}: {p[:300]}" for p in our_problems[:3]]
        if len(our_problems) > 3:
            failures.append(f"{claims:,}/{wrong}: … and {len(our_problems) - 3} more")
        peer, peer_problems = None, []
        if with_peer:
            peer = measure([sys.executable, str(BENCH / "z3_baseline.py"), str(path)], timeout)
            if peer.exit_code is not None:
                repair = peer_repair(peer.stdout)
                if repair != list(generated.wrong):
                    peer_problems = [f"repair {repair}" if repair is not None else f"exit status {peer.exit_code}"]
                    failures.append(f"{claims:,}/{wrong} (Z3 peer): {peer_problems[0]}")
        ratio = "–"
        if peer is not None and ours.exit_code is not None:
            more = "> " if peer.exit_code is None else ""
            ratio = f"{more}{peer.seconds / ours.seconds:.1f}× ({more}{peer.cpu / ours.cpu:.1f}×)"
        rows.append([f"{claims:,}", str(wrong), *_cell(ours, timeout, our_problems),
                     *_cell(peer, timeout, peer_problems), ratio])
        print(f"  {claims:,}/{wrong}: figcheck {rows[-1][2]}, peer {rows[-1][5]}", file=sys.stderr)

    print(f"Scale table: one run each, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"{platform.platform()}, load average {os.getloadavg()[0]:.1f}\n")
    print("Times are wall clock (CPU time of the process in brackets); memory is the process's peak resident size.\n")
    print("| claims | wrong | figcheck | memory | first repair | Z3 peer | memory | first repair | peer ÷ figcheck |")
    print("| ---: | ---: | ---: | ---: | --- | ---: | ---: | --- | ---: |")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    if failures:
        print("\nWrong answers:")
        print("\n".join(f"- {f}" for f in failures))
    else:
        print("\nEvery answer was right.")
    return 1 if any("(Z3 peer)" not in f for f in failures) else 0
