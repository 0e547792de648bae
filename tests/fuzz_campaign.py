"""The long fuzz campaign: thousands of hostile claim files through the real command line.

    python -m tests.fuzz_campaign                 # 10,000 files, seed 0
    python -m tests.fuzz_campaign --files 500 --seed 7 --time-budget 1 --jobs 2

Files are made by tests/fuzz_claims.py in a throwaway checkout (with secrets inside and
beside it) and checked in batches, each batch one `figcheck check --format json -o FILE`
run. The campaign fails (exit 1) on a traceback or internal error, a run that outlives its
bound (files x budget / jobs, plus start-up), a secret in a report, a file left behind, or
a figcheck process still alive after its run. It prints its figures at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from .fuzz_claims import SECRETS, claim_file, make_checkout

CHECKOUT = Path(__file__).resolve().parent.parent
STARTUP_ALLOWANCE = 30.0  # seconds a batch may take beyond its files' budgets: start-up, slow disks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz_campaign", description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--time-budget", type=float, default=1.0)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    # Stopped with SIGTERM (or Ctrl-C when run in the background), still clean up the checkout.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))

    statuses: Counter[str] = Counter()
    codes: Counter[str] = Counter()
    failures: list[str] = []
    slowest = 0.0
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="figcheck-fuzz-") as temp:
        folder = Path(temp)
        claims = make_checkout(folder)
        repo = claims.parent
        report = folder / "report.json"
        rng = random.Random(args.seed)
        done = 0
        while done < args.files:
            count = min(args.batch, args.files - done)
            for old in claims.glob("f*.yaml"):
                old.unlink()
            for n in range(count):
                (claims / f"f{done + n:05d}.yaml").write_text(claim_file(rng), encoding="utf-8")
            before = _listing(folder) - {report.relative_to(folder)}
            bound = count * args.time_budget / args.jobs + args.time_budget + STARTUP_ALLOWANCE
            command = [sys.executable, "-m", "checker", "check", "--format", "json", "-o", str(report),
                       "--time-budget", str(args.time_budget), "--jobs", str(args.jobs), "claims"]
            env = {**os.environ, "PYTHONPATH": str(CHECKOUT)}
            t0 = time.monotonic()
            try:
                run = subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True, timeout=bound)
            except subprocess.TimeoutExpired:
                failures.append(f"batch at {done}: still running after {bound:.0f} s")
                break
            wall = time.monotonic() - t0
            slowest = max(slowest, wall)
            where = f"batch at file {done}"
            if run.returncode not in (0, 1, 2):
                failures.append(f"{where}: exit {run.returncode}")
            if "Traceback" in run.stderr or "internal error" in run.stderr:
                failures.append(f"{where}: {run.stderr.strip().splitlines()[-1]}")
            text = report.read_text(encoding="utf-8") if report.exists() else ""
            if not text:
                failures.append(f"{where}: no report written")
            else:
                files = json.loads(text)["files"]
                statuses.update(f["status"] for f in files)
                codes.update(p["code"] for f in files for p in f["errors"] + f["warnings"])
                if len(files) != count:
                    failures.append(f"{where}: {len(files)} reports for {count} files")
                failures += [f"{where}: {s!r} in the report" for s in SECRETS if s in text]
            after = _listing(folder) - {report.relative_to(folder)}
            if after != before:
                failures.append(f"{where}: left behind {sorted(map(str, after - before))[:5]}")
            alive = _figcheck_processes(temp)
            if alive:
                failures.append(f"{where}: {len(alive)} figcheck processes alive after the run")
            done += count
            print(f"{done:6d} files  {wall:6.1f} s  {dict(statuses)}", file=sys.stderr)
    total = time.monotonic() - started
    print(json.dumps({
        "files": done, "seed": args.seed, "time_budget": args.time_budget, "jobs": args.jobs,
        "wall_seconds": round(total, 1), "slowest_batch_seconds": round(slowest, 1),
        "statuses": dict(sorted(statuses.items())),
        "cut_short": {"time-limit": codes["time-limit"], "memory-limit": codes["memory-limit"]},
        "internal_errors": codes["internal-error"],
        "top_codes": dict(codes.most_common(12)),
        "failures": failures[:20], "failure_count": len(failures),
    }, indent=2))
    return 1 if failures else 0


def _listing(folder: Path) -> set[Path]:
    return {p.relative_to(folder) for p in folder.rglob("*")}


def _figcheck_processes(marker: str) -> list[int]:
    """Processes whose command line names the campaign's folder (Linux /proc; else none)."""
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if marker.encode() in (proc / "cmdline").read_bytes() and int(proc.name) != os.getpid():
                found.append(int(proc.name))
        except OSError:
            continue
    return found


if __name__ == "__main__":
    sys.exit(main())
