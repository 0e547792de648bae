"""The benchmark generator writes what it promises: true claims, K wrong ones, same bytes for a seed.

These tests judge the generated files with their own small reading of the phrases and rules the
generator writes (not figcheck's), so they hold whatever state the solver is in.
"""

from __future__ import annotations

import datetime
import re
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest
import yaml

BENCH = Path(__file__).resolve().parents[1] / "bench"
sys.path.insert(0, str(BENCH))

import article  # noqa: E402  (bench/ is scripts, not a package)
import generate  # noqa: E402

TOLERANCE = Fraction(2, 100)  # the generator keeps "about", "nearly" and "just over" within 2%


def number(text: str) -> Fraction:
    return Fraction(text.replace(",", ""))


def rounded(figure: str, scale: int, x: Fraction) -> bool:
    """Whether `x` rounds to `figure` (times `scale`) at the figure's last stated digit."""
    decimals = len(figure.partition(".")[2])
    half = Fraction(scale, 2 * 10**decimals)
    middle = number(figure) * scale
    return middle - half <= x < middle + half


BOUNDS = {  # phrase prefix -> does x fit the figure v
    "about ": lambda x, v: abs(x - v) <= v * TOLERANCE,
    "nearly ": lambda x, v: v * (1 - TOLERANCE) <= x < v,
    "just over ": lambda x, v: v < x <= v * (1 + TOLERANCE),
    "more than ": lambda x, v: x > v,
    "at least ": lambda x, v: x >= v,
    "fewer than ": lambda x, v: x < v,
}


def holds(text: str, x: Fraction) -> bool:
    """Whether the value phrase `text`, as the generator writes it, is true of `x`."""
    text = text.removeprefix("$")
    if m := re.fullmatch(r"([\d.]+) million", text):
        return rounded(m[1], 10**6, x)
    if m := re.fullmatch(r"([\d.]+)%", text):
        return rounded(m[1], 1, x)
    if m := re.fullmatch(r"between ([\d,]+) and ([\d,]+)", text):
        return number(m[1]) <= x <= number(m[2])
    for prefix, fits in BOUNDS.items():
        if text.startswith(prefix):
            return fits(x, number(text.removeprefix(prefix)))
    assert re.fullmatch(r"[\d,]+", text), f"a phrase this test cannot read: {text!r}"
    return x == number(text)


def term(text: str, env: dict[str, Fraction]) -> Fraction:
    if m := re.fullmatch(r"pct\((\w+), (\w+)\)", text):
        return 100 * env[m[1]] / env[m[2]]
    if m := re.fullmatch(r"(\d+) \* (\w+)", text):
        return int(m[1]) * env[m[2]]
    return Fraction(text) if text[0].isdigit() else env[text]


def side(text: str, env: dict[str, Fraction]) -> Fraction:
    """A sum or difference of terms: `a + b - c`, `2 * a`, `pct(a, b)`."""
    parts = re.split(r" ([+-]) ", text)
    total = term(parts[0], env)
    for op, operand in zip(parts[1::2], parts[2::2]):
        total += term(operand, env) if op == "+" else -term(operand, env)
    return total


COMPARE = {
    "=": Fraction.__eq__, "<=": Fraction.__le__, ">=": Fraction.__ge__, "<": Fraction.__lt__, ">": Fraction.__gt__,
}


def rule_holds(rule: str, env: dict[str, Fraction]) -> bool:
    for part in rule.split(" and "):
        left, op, right = re.fullmatch(r"(.+?) (<=|>=|=|<|>) (.+)", part).groups()
        if not COMPARE[op](side(left, env), side(right, env)):
            return False
    return True


def environment(hidden: dict[str, int]) -> dict[str, Fraction]:
    env = {name: Fraction(v) for name, v in hidden.items()}
    if "affordable" in env:
        env["affordable_share"] = 100 * env["affordable"] / env["homes"]
    return env


def false_claims(doc: dict, env: dict[str, Fraction]) -> list[str]:
    """Ids of the claims in `doc` that are not true of `env` (date claims are checked elsewhere)."""
    wrong = []
    for claim in doc["claims"]:
        if "rule" in claim:
            ok = rule_holds(claim["rule"], env)
        elif doc["quantities"][claim["quantity"]]["unit"] == "date":
            continue
        else:
            ok = holds(claim["value"], env[claim["quantity"]])
        if not ok:
            wrong.append(claim["id"])
    return sorted(wrong)


@pytest.mark.parametrize(
    ("cells", "conflicts", "seed"),
    [(10, 0, 1), (10, 1, 2), (57, 2, 3), (99, 0, 4), (100, 2, 5), (250, 3, 6), (1000, 3, 1), (1000, 12, 7)],
)
def test_table_file_keeps_its_promises(cells: int, conflicts: int, seed: int) -> None:
    made = generate.table_file(cells, conflicts, seed, vague_fraction=0.3)
    doc = yaml.safe_load(made.text)
    env = environment(made.hidden)
    assert len(doc["claims"]) == cells
    ids = [c["id"] for c in doc["claims"]] + [r["id"] for r in doc["relations"]]
    assert len(set(ids)) == len(ids), "ids are unique"
    assert set(doc["quantities"]) == set(made.hidden)
    assert all(rule_holds(r["rule"], env) for r in doc["relations"])
    assert len(made.wrong) == conflicts
    assert false_claims(doc, env) == list(made.wrong)
    assert any(not re.fullmatch(r"[\d,]+", c["value"]) for c in doc["claims"]), "some claims are vague"


@pytest.mark.parametrize(("cells", "conflicts", "seed"), [(57, 2, 3), (1000, 3, 1), (1000, 12, 7)])
def test_each_wrong_cell_breaks_its_row_and_its_column(cells: int, conflicts: int, seed: int) -> None:
    """The wrong cells' rows and columns are exact and distinct, so dropping them is the lightest repair."""
    made = generate.table_file(cells, conflicts, seed, vague_fraction=0.3)
    doc = yaml.safe_load(made.text)
    written = {c["quantity"]: c["value"] for c in doc["claims"] if "again" not in c["id"]}
    seen: set[tuple[str, str]] = set()
    for claim_id in made.wrong:
        table, row, column = claim_id.split("-")
        assert (table, row) not in seen and (table, column) not in seen
        seen |= {(table, row), (table, column)}
        for line, total in ((row, f"{table}_{row}"), (column, f"{table}_{column}")):
            members = [q for q in written if q.split("_")[0] == table and q.count("_") == 2 and line in q.split("_")]
            assert all(re.fullmatch(r"[\d,]+", written[q]) for q in [*members, total]), "its lines are exact"
            assert sum(number(written[q]) for q in members) != number(written[total])
    names = [w.replace("-", "_") for w in made.wrong]
    slips = [(name.split("_")[0], number(written[name]) - made.hidden[name]) for name in names]
    assert len(set(slips)) == len(slips), "no two slips in a table are equal"


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    def run(seed: int, name: str) -> tuple[bytes, str]:
        out = tmp_path / name
        done = subprocess.run(
            [sys.executable, str(BENCH / "generate.py"), "--cells", "300", "--conflicts", "2",
             "--seed", str(seed), "-o", str(out)],
            capture_output=True, text=True, check=True,
        )
        return out.read_bytes(), done.stderr

    first, second, other = run(9, "a.yaml"), run(9, "b.yaml"), run(10, "c.yaml")
    assert first == second
    assert first[0] != other[0]
    made = generate.table_file(300, 2, 9)
    assert first[0] == made.text.encode()
    assert all(claim_id in first[1] for claim_id in made.wrong)


@pytest.mark.parametrize(("cells", "conflicts", "seed"), [(100, 30, 1), (300, 60, 2), (2000, 200, 3)])
def test_many_wrong_cells_sit_in_narrow_tables(cells: int, conflicts: int, seed: int) -> None:
    """More wrong cells than rows and columns to hold them apart: one per row, each column's slips one way."""
    made = generate.table_file(cells, conflicts, seed)
    doc = yaml.safe_load(made.text)
    assert len(doc["claims"]) == cells and false_claims(doc, environment(made.hidden)) == list(made.wrong)
    written = {c["quantity"]: c["value"] for c in doc["claims"] if "again" not in c["id"]}
    rows = [w.rsplit("-", 1)[0] for w in made.wrong]
    assert len(set(rows)) == len(rows), "one wrong cell per row"
    for claim_id in made.wrong:
        name = claim_id.replace("-", "_")
        slip = number(written[name]) - made.hidden[name]
        assert slip > 0 if name.endswith("_c01") else slip < 0
        table, row, column = name.split("_")
        lines = [q for q in written if q.startswith(f"{table}_") and (row in q.split("_") or column in q.split("_"))]
        assert all(re.fullmatch(r"[\d,]+", written[q]) for q in lines), "its lines are exact"


@pytest.mark.parametrize(("cells", "conflicts"), [(5, 0), (10, 3), (1000, 400)])
def test_impossible_requests_are_refused(cells: int, conflicts: int) -> None:
    with pytest.raises(ValueError):
        generate.table_file(cells, conflicts, 1)


def test_consistent_flag_means_no_conflicts(tmp_path: Path) -> None:
    out = tmp_path / "c.yaml"
    subprocess.run([sys.executable, str(BENCH / "generate.py"), "--cells", "120", "--conflicts", "4",
                    "--consistent", "-o", str(out)], check=True, capture_output=True)
    doc = yaml.safe_load(out.read_text())
    assert len(doc["claims"]) == 120
    assert out.read_text() == generate.table_file(120, 0, 1).text


@pytest.mark.parametrize(("conflicts", "seed"), [(0, 1), (0, 2), (1, 3), (3, 4)])
def test_article_keeps_its_promises(conflicts: int, seed: int) -> None:
    made = article.article_file("story.txt", conflicts, seed)
    doc = yaml.safe_load(made.text)
    env = environment(made.hidden)
    assert 45 <= len(doc["claims"]) <= 55
    assert doc["article"]["draft"] == "story.txt"
    assert made.draft.splitlines()[0] == doc["article"]["title"], "the headline is the draft's first line"
    assert all(c["quote"] in made.draft for c in doc["claims"])
    assert all(rule_holds(r["rule"], env) for r in doc["relations"])
    assert false_claims(doc, env) == list(made.wrong)
    assert len(made.wrong) == conflicts
    days = {c["value"] for c in doc["claims"] if c.get("quantity") == "report_day"}
    published = doc["article"]["published"]
    assert days == {"Tuesday", "March 11, 2025"}
    assert published - datetime.timedelta(days=1) == datetime.date(2025, 3, 11)
    assert datetime.date(2025, 3, 11).strftime("%A") == "Tuesday"
    assert made == article.article_file("story.txt", conflicts, seed)


def test_the_scale_bench_stops_a_run_at_its_timeout_and_reads_the_peer() -> None:
    import scale

    stopped = scale.measure([sys.executable, "-c", "import time; time.sleep(30)"], timeout=0.5)
    assert stopped.exit_code is None
    done = scale.measure([sys.executable, "-c", "print('repair: [\"a-1\", \"b-2\"]'); raise SystemExit(3)"], timeout=30)
    assert done.exit_code == 3 and done.peak_mb > 0
    assert scale.peer_repair(done.stdout) == ["a-1", "b-2"]
    assert scale.parse_size("10000/3") == (10000, 3)
