"""Benchmark: tables of ratios of unreported totals, with injected errors, beside a Z3 peer.

Three shapes that news tables are made of, each a row per line of the table:

  shares   pct(a, total) and pct(b, total) of an unreported total = a + b + others, printed
           to one decimal; a and b given. An error misprints a share by 2 to 9 points.
  changes  now = before * (100 + rise) / 100, rise printed to one decimal, now given, before
           unreported in most rows and given in some. An error misprints a given base.
  grim     mean = total / n of n whole scores, the mean printed to two decimals, n given. An
           error is a mean no whole total gives (GRIM).

    python bench/ratios.py                      # 1,000 and 5,000 rows of each shape, and the story
    python bench/ratios.py --rows 1000 --shape grim --errors 3 --seed 1 --z3

Each run prints the status, whether every injected error is in the lightest repair, and the
seconds figcheck took (in process, the file read included; CPU seconds in brackets, its helper
process's included). figcheck runs as `figcheck check` runs one file: with a helper process
answering rows ahead where a CPU is left over (checker/ahead.py); --no-helper keeps it to one
CPU. With --z3
the Z3 peer (bench/z3_ratios.py: unsat cores and hitting sets, see its docstring) answers the
same question on the same file, one file at a time, and its line follows figcheck's: its
status, its conflicts, whether its lightest repair is the injected errors, and its seconds, or
"no answer in N s" and how far it got (--z3-limit, default 300 s).
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import tempfile
import time
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


@dataclass
class Table:
    """A generated file: its YAML, the ids of the injected errors, and what the Z3 peer needs."""

    text: str
    wrong: set[str]
    # (id, kind, data) for the peer: value claims ("value", quantity, lo, lo_open, hi, hi_open)
    # and rules ("sum" names / "pct" part whole share / "rise" now before rise / "mean" ...)
    relations: list[tuple] = field(default_factory=list)
    claims: list[tuple] = field(default_factory=list)
    integer: dict[str, bool] = field(default_factory=dict)


def _rounded(x: Fraction, places: int) -> tuple[str, Fraction, Fraction]:
    """x printed to `places` decimals (halves up), and the half-open range the print stands for."""
    unit = Fraction(1, 10**places)
    k = math.floor(x / unit + Fraction(1, 2))
    sign, m = ("-" if k < 0 else ""), abs(k)
    text = f"{sign}{m // 10**places}.{m % 10**places:0{places}d}" if places else str(k)
    return text, (k - Fraction(1, 2)) * unit, (k + Fraction(1, 2)) * unit


def shares(rows: int, errors: int, rng: random.Random) -> Table:
    t = Table("", set())
    q, rel, cl = ["quantities:"], ["relations:"], ["claims:"]
    bad = set(rng.sample(range(rows), errors))
    for i in range(rows):
        a, b, o = rng.randint(500, 9000), rng.randint(500, 9000), rng.randint(0, 900)
        total = a + b + o
        names = (f"a{i}", f"b{i}", f"o{i}", f"n{i}", f"sa{i}", f"sb{i}")
        for n in names[:4]:
            q.append(f"  {n}: {{unit: votes}}")
            t.integer[n] = True
        for n in names[4:]:
            q.append(f"  {n}: {{unit: percent}}")
            t.integer[n] = False
        rel += [f"  - {{id: sum{i}, rule: n{i} = a{i} + b{i} + o{i}}}",
                f'  - {{id: sa{i}-def, rule: "sa{i} = pct(a{i}, n{i})"}}',
                f'  - {{id: sb{i}-def, rule: "sb{i} = pct(b{i}, n{i})"}}']
        t.relations += [(f"sum{i}", "sum", (f"n{i}", [f"a{i}", f"b{i}", f"o{i}"])),
                        (f"sa{i}-def", "pct", (f"a{i}", f"n{i}", f"sa{i}")),
                        (f"sb{i}-def", "pct", (f"b{i}", f"n{i}", f"sb{i}"))]
        share = Fraction(100 * a, total)
        if i in bad:
            share += rng.choice([-1, 1]) * rng.randint(20, 90) / Fraction(10)
            share = min(max(share, Fraction(0)), Fraction(100))
            t.wrong.add(f"sa{i}-c")
        for cid, n, val in ((f"a{i}-c", f"a{i}", a), (f"b{i}-c", f"b{i}", b)):
            cl.append(f'  - {{id: {cid}, quantity: {n}, value: "{val:,}", weight: 2}}')
            t.claims.append((cid, n, Fraction(val), False, Fraction(val), False, 2))
        for cid, n, val in ((f"sa{i}-c", f"sa{i}", share), (f"sb{i}-c", f"sb{i}", Fraction(100 * b, total))):
            text, lo, hi = _rounded(val, 1)
            cl.append(f'  - {{id: {cid}, quantity: {n}, value: "{text}%"}}')
            t.claims.append((cid, n, lo, False, hi, True, 1))
    t.text = "\n".join(["version: 1"] + q + rel + cl) + "\n"
    return t


def changes(rows: int, errors: int, rng: random.Random) -> Table:
    t = Table("", set())
    q, rel, cl = ["quantities:"], ["relations:"], ["claims:"]
    bad = set(rng.sample(range(rows), errors))
    for i in range(rows):
        before = rng.randint(200, 20000)
        now = before + rng.randint(-before // 3, before // 2)
        rise = Fraction(100 * (now - before), before)
        q += [f"  b{i}: {{unit: loans}}", f"  w{i}: {{unit: loans}}", f"  r{i}: {{unit: percent, min: -100}}"]
        t.integer.update({f"b{i}": True, f"w{i}": True, f"r{i}": False})
        rel.append(f'  - {{id: r{i}-def, rule: "w{i} = b{i} * (100 + r{i}) / 100"}}')
        t.relations.append((f"r{i}-def", "rise", (f"w{i}", f"b{i}", f"r{i}")))
        text, lo, hi = _rounded(rise, 1)
        cl.append(f'  - {{id: r{i}-c, quantity: r{i}, value: "{text}%"}}')
        t.claims.append((f"r{i}-c", f"r{i}", lo, False, hi, True, 1))
        cl.append(f'  - {{id: w{i}-c, quantity: w{i}, value: "{now:,}", weight: 2}}')
        t.claims.append((f"w{i}-c", f"w{i}", Fraction(now), False, Fraction(now), False, 2))
        if i in bad or rng.random() < 0.3:
            given = before
            if i in bad:
                given = before + rng.choice([-1, 1]) * max(5, before // rng.randint(8, 20))
                t.wrong.add(f"b{i}-c")
            cl.append(f'  - {{id: b{i}-c, quantity: b{i}, value: "{given:,}"}}')
            t.claims.append((f"b{i}-c", f"b{i}", Fraction(given), False, Fraction(given), False, 1))
    t.text = "\n".join(["version: 1"] + q + rel + cl) + "\n"
    return t


def grim(rows: int, errors: int, rng: random.Random) -> Table:
    t = Table("", set())
    q, rel, cl = ["quantities:"], ["relations:"], ["claims:"]
    bad = set(rng.sample(range(rows), errors))
    for i in range(rows):
        n = rng.randint(8, 40)
        total = rng.randint(n, 7 * n)
        mean = Fraction(total, n)
        if i in bad:  # a printed mean that no whole total of n scores rounds to
            while True:
                mean = Fraction(rng.randint(100 * 1, 700), 100)
                lo, hi = mean - Fraction(1, 200), mean + Fraction(1, 200)
                if math.ceil(lo * n) >= hi * n:
                    break
            t.wrong.add(f"m{i}-c")
        q += [f"  s{i}: {{unit: points}}", f"  n{i}: {{unit: people}}", f"  m{i}: {{unit: points, integer: false}}"]
        t.integer.update({f"s{i}": True, f"n{i}": True, f"m{i}": False})
        rel.append(f'  - {{id: m{i}-def, rule: "m{i} = s{i} / n{i}"}}')
        t.relations.append((f"m{i}-def", "mean", (f"m{i}", f"s{i}", f"n{i}")))
        cl.append(f'  - {{id: n{i}-c, quantity: n{i}, value: "{n}", weight: 2}}')
        t.claims.append((f"n{i}-c", f"n{i}", Fraction(n), False, Fraction(n), False, 2))
        text, lo, hi = _rounded(mean, 2)
        # Written as the range the printed mean stands for (how a bare "3.47" is read is the
        # value reader's choice, and this bench measures the solver), as one rule to stay
        # within the loader's limit on values at 5,000 rows
        cl.append(f'  - {{id: m{i}-c, rule: "{_dec(lo)} <= m{i} < {_dec(hi)}"}}')
        t.claims.append((f"m{i}-c", f"m{i}", lo, False, hi, True, 1))
    t.text = "\n".join(["version: 1"] + q + rel + cl) + "\n"
    return t


def _dec(x: Fraction) -> str:
    k = x * 1000
    assert k.denominator == 1
    return f"{k.numerator // 1000}.{k.numerator % 1000:03d}"


SHAPES = {"shares": shares, "changes": changes, "grim": grim}

STORY = """version: 1
quantities:
  a_votes: {unit: votes}
  b_votes: {unit: votes}
  c_votes: {unit: votes}
  d_votes: {unit: votes}
  e_votes: {unit: votes}
  valid:   {unit: votes, about: valid votes cast}
  a_share: {unit: percent, max: 100}
  b_share: {unit: percent, max: 100}
  c_share: {unit: percent, max: 100}
  d_share: {unit: percent, max: 100}
  e_share: {unit: percent, max: 100}
relations:
  - {id: five, rule: valid = a_votes + b_votes + c_votes + d_votes + e_votes}
  - {id: a-def, rule: "a_share = pct(a_votes, valid)"}
  - {id: b-def, rule: "b_share = pct(b_votes, valid)"}
  - {id: c-def, rule: "c_share = pct(c_votes, valid)"}
  - {id: d-def, rule: "d_share = pct(d_votes, valid)"}
  - {id: e-def, rule: "e_share = pct(e_votes, valid)"}
claims:
  - {id: a-votes, quantity: a_votes, value: "18,204", weight: 2}
  - {id: b-votes, quantity: b_votes, value: "12,951", weight: 2}
  - {id: a-share, quantity: a_share, value: "56.3%"}
  - {id: b-share, quantity: b_share, value: "38.4%"}
  - {id: c-share, quantity: c_share, value: "3.6%"}
  - {id: d-share, quantity: d_share, value: "2.8%"}
  - {id: e-share, quantity: e_share, value: "1.6%"}
"""


def run_figcheck(text: str, helpers: int | None = None) -> tuple[object, float, float]:
    """figcheck's report on `text`, and the wall clock and CPU seconds it took.

    As `figcheck check` runs one file: with a helper process where a CPU is left over
    (checker/ahead.py), unless `helpers` says otherwise. The CPU figure counts the helper's too.
    """
    from checker.check import CheckOptions, usable_cpus, check_file

    if helpers is None:
        helpers = 1 if usable_cpus() > 1 else 0
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "table.yaml"
        path.write_text(text)
        start, cpu, children = time.perf_counter(), time.process_time(), _children_cpu()
        report = check_file(path, "table.yaml", CheckOptions(helpers=helpers))
        cpu = time.process_time() - cpu + _children_cpu() - children
        return report, time.perf_counter() - start, cpu


def _children_cpu() -> float:
    """CPU seconds of this process's ended children (the helper is reaped when the search ends)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, action="append")
    ap.add_argument("--shape", choices=sorted(SHAPES), action="append")
    ap.add_argument("--errors", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-helper", action="store_true",
                    help="figcheck on one CPU: no helper process even where a CPU is left over")
    ap.add_argument("--z3", action="store_true", help="also run the Z3 peer on each file")
    ap.add_argument("--z3-limit", type=float, default=300, help="the peer's seconds per file (default 300)")
    ap.add_argument("--z3-method", choices=["cores", "optimize"], default="cores")
    ap.add_argument("--z3-whole-file", action="store_true", help="the peer on one solver, unsplit")
    args = ap.parse_args(argv)
    ok = True
    for shape in args.shape or sorted(SHAPES):
        for rows in args.rows or [1000, 5000]:
            table = SHAPES[shape](rows, args.errors, random.Random(args.seed))
            report, seconds, cpu = run_figcheck(table.text, 0 if args.no_helper else None)
            first = set(report.repairs[0].ids) if report.repairs else set()
            # found: each injected error is in a reported discrepancy (a misprinted base and
            # its row's rise weigh the same, so the repair may drop either)
            in_conflicts = {i for d in report.discrepancies for i in d.ids}
            found = table.wrong <= in_conflicts and len(first) == len(table.wrong)
            ok &= found and report.status in ("consistent", "inconsistent")
            print(f"{shape:8} {rows:5} rows  {report.status:12} errors found: {found} "
                  f"(repair {sorted(first)[:6]})  figcheck {seconds:6.2f} s ({cpu:.2f} s)", flush=True)
            if args.z3:
                from z3_ratios import describe, solve

                answer = solve(table, args.z3_limit, args.z3_method, args.z3_whole_file)
                print(f"{'':20}Z3 peer: {describe(answer, args.z3_limit)}", flush=True)
    report, seconds, _ = run_figcheck(STORY, 0 if args.no_helper else None)
    print(f"story    10 claims   {report.status:12} repair {list(report.repairs[0].ids) if report.repairs else []}"
          f"  figcheck {seconds:6.2f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
