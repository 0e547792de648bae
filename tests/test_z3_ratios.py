"""The Z3 peer of the ratio bench answers figcheck's question: minimal conflicts, a lightest repair.

bench/z3_ratios.py is a yardstick, so what it says must be right before its times mean
anything: its conflicts are unsatisfiable and minimal, its repair meets each of them and leaves
a satisfiable file, and splitting the file into parts changes none of that. Skipped without Z3.
"""

from __future__ import annotations

import random
import sys
from fractions import Fraction
from pathlib import Path

import pytest

z3 = pytest.importorskip("z3")

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import ratios  # noqa: E402  (bench/ is scripts, not a package)
import z3_ratios  # noqa: E402


def _satisfiable(table, kept: set[str]) -> bool:
    """The whole file with only the claims `kept`, on one plain solver."""
    hard, claims = z3_ratios.encode(table.integer, z3_ratios._minimums(table.text), table.relations, table.claims)
    s = z3.Solver()
    s.add(hard)
    s.add([holds for cid, (_, holds, _) in claims.items() if cid in kept])
    result = s.check()
    assert result != z3.unknown
    return result == z3.sat


@pytest.mark.parametrize("shape", sorted(ratios.SHAPES))
def test_conflicts_are_minimal_and_the_repair_is_as_light_as_the_injected_errors(shape: str) -> None:
    table = ratios.SHAPES[shape](8, 2, random.Random(5))
    answer = z3_ratios.solve(table, limit=120)
    everything = {c[0] for c in table.claims}
    weight = {c[0]: c[6] for c in table.claims}
    assert answer.status == "inconsistent"
    for conflict in answer.conflicts:
        assert not _satisfiable(table, set(conflict))
        for cid in conflict:
            assert _satisfiable(table, set(conflict) - {cid})
    assert all(set(answer.repair) & set(c) for c in answer.conflicts)
    assert _satisfiable(table, everything - set(answer.repair))
    assert sum(weight[c] for c in answer.repair) == sum(weight[c] for c in table.wrong)
    assert answer.repair_is_injected or answer.injected_is_lightest


@pytest.mark.parametrize("shape", sorted(ratios.SHAPES))
def test_a_table_without_errors_is_consistent_and_each_row_is_its_own_part(shape: str) -> None:
    table = ratios.SHAPES[shape](6, 0, random.Random(2))
    assert len(z3_ratios._parts(table, whole_file=False)) == 6
    answer = z3_ratios.solve(table, limit=120)
    assert (answer.status, answer.conflicts, answer.repair) == ("consistent", [], [])


def test_one_solver_for_the_whole_file_finds_the_same_conflicts() -> None:
    table = ratios.SHAPES["grim"](5, 2, random.Random(7))
    split = z3_ratios.solve(table, limit=120)
    whole = z3_ratios.solve(table, limit=120, whole_file=True)
    assert sorted(whole.conflicts) == sorted(split.conflicts)
    assert whole.repair == split.repair == sorted(table.wrong)


def _mean_row(n: int, printed: str) -> ratios.Table:
    """One GRIM row written by hand: n people, a mean printed to two decimals."""
    lo = Fraction(printed) - Fraction(1, 200)
    t = ratios.Table("version: 1\n", {"m-c"} if n == 3 else set())
    t.integer = {"s": True, "n": True, "m": False}
    t.relations = [("m-def", "mean", ("m", "s", "n"))]
    t.claims = [("n-c", "n", Fraction(n), False, Fraction(n), False, 2),
                ("m-c", "m", lo, False, lo + Fraction(1, 100), True, 1)]
    return t


def test_a_mean_no_whole_total_gives_is_the_one_conflict() -> None:
    # 1.50 of 3 scores needs a total in [4.485, 4.515): none is whole; of 2 scores, 3 is
    assert z3_ratios.solve(_mean_row(2, "1.50")).status == "consistent"
    answer = z3_ratios.solve(_mean_row(3, "1.50"))
    assert (answer.conflicts, answer.repair, answer.repair_is_injected) == ([["m-c", "n-c"]], ["m-c"], True)


def test_out_of_time_is_no_answer_and_no_repair() -> None:
    answer = z3_ratios.solve(ratios.SHAPES["shares"](3, 1, random.Random(1)), limit=0)
    assert (answer.status, answer.repair) == ("no answer", [])
    assert "0 of 3 parts done" in z3_ratios.describe(answer, 0)
