"""What starting figcheck costs: the command's start-up and the 10-claim election story, end to end.

    python bench/startup.py [--runs 15] [--imports]
    env -u PYTHONDONTWRITEBYTECODE python bench/startup.py     # as users run it, with .pyc files

Each command runs as a child process, `--runs` times after one untimed run (which writes the
bytecode caches when Python may write them); the table gives the median wall time and the
median CPU time (user + system, from os.wait4, which counts the child and the check's own
forked child), and the least CPU time of the runs. On a shared machine the CPU figures are
the ones to compare between versions; the least is the steadiest when others load it.
`--imports` adds figcheck's slowest modules to import, from `python -X importtime`.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

BENCH = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from ratios import STORY  # noqa: E402  (the story of issue 7, as bench/ratios.py checks it)


def run(command: list[str]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds and exit code of one run of `command`, its output discarded."""
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=BENCH.parent, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    return wall, usage.ru_utime + usage.ru_stime, os.waitstatus_to_exitcode(status)


def timed(command: list[str], runs: int) -> tuple[float, float, float, int]:
    """Median wall and CPU seconds over `runs` runs, after one untimed run, and the least CPU."""
    _, _, code = run(command)
    walls, cpus = zip(*[run(command)[:2] for _ in range(runs)])
    return statistics.median(walls), statistics.median(cpus), min(cpus), code


def slowest_imports(command: list[str], count: int = 12) -> list[tuple[int, int, str]]:
    """figcheck's modules by cumulative import time (microseconds): self, cumulative, name."""
    done = subprocess.run([command[0], "-X", "importtime", *command[1:]], cwd=BENCH.parent,
                          capture_output=True, text=True)
    rows = []
    for line in done.stderr.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if len(parts) == 3 and parts[2].strip().startswith("checker"):
            rows.append((int(parts[0]), int(parts[1]), parts[2].strip()))
    return sorted(rows, key=lambda r: -r[1])[:count]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs per command (default 15)")
    parser.add_argument("--imports", action="store_true", help="also list the slowest figcheck imports")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        story = pathlib.Path(folder) / "story.yaml"
        story.write_text(STORY, encoding="utf-8")
        figcheck = [sys.executable, "-m", "checker"]
        commands = {
            "python itself": [sys.executable, "-c", "pass"],
            "figcheck --version": [*figcheck, "--version"],
            "figcheck check story": [*figcheck, "check", str(story)],
            "  (json)": [*figcheck, "check", "--format", "json", str(story)],
        }
        bytecode = "not written" if os.environ.get("PYTHONDONTWRITEBYTECODE") else "written and used"
        print(f"{args.runs} runs each, medians; bytecode caches {bytecode}\n")
        print(f"| {'command':24} | wall     | CPU      | least CPU | exit |")
        print(f"| {'-' * 24} | -------- | -------- | --------- | ---- |")
        for name, command in commands.items():
            wall, cpu, least, code = timed(command, args.runs)
            print(f"| {name:24} | {wall:6.3f} s | {cpu:6.3f} s | {least:7.3f} s | {code:4} |")
        if args.imports:
            print("\nslowest figcheck imports of `check` (ms, self / cumulative):")
            for own, cumulative, name in slowest_imports(commands["figcheck check story"]):
                print(f"  {name:28} {own / 1000:7.1f} {cumulative / 1000:7.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
