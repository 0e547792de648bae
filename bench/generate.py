"""Synthetic claim files for timing figcheck: stacked statistics tables, or a ~50-claim article.

    python bench/generate.py --cells 1000 --conflicts 3 --seed 1 -o bench/out/table.yaml
    python bench/generate.py --article --seed 1 -o bench/out/article.yaml

Every figure comes from a hidden integer assignment. Claims are exact or written vaguely so that
they stay true of it, except the K injected ones: cells whose exact figure is wrong. Each wrong
cell sits in its own row and column, both written exactly, so it breaks two relations that share
no other claim: dropping the wrong cells is the one lightest repair. The ids of the wrong claims go
to stderr. The same arguments always give the same bytes.
"""

from __future__ import annotations

import argparse
import pathlib
import random
import sys
from dataclasses import dataclass

from phrasing import grouped, vague

ROWS, COLUMNS = 10, 8  # one table: 80 cells, 10 row totals, 8 column totals, a grand total
# For more wrong figures than such tables can hold apart (100 claims, 30 wrong): narrow tables
# with a wrong cell in every row, the first column's slips all upward, the second's downward.
NARROW = (10, 2)
CELL_RANGE = (200, 250_000)  # people per cell; totals reach the millions, so "1.2 million" occurs


@dataclass(frozen=True)
class Generated:
    """A generated claim file and what a correct checker should find in it."""

    text: str  # the claim file
    hidden: dict[str, int]  # quantity name -> the value every honest claim is true of
    wrong: tuple[str, ...]  # ids of the injected wrong claims, sorted
    draft: str | None = None  # article mode: the draft the quotes come from


@dataclass(frozen=True)
class Table:
    """The names of one table's quantities; claim ids are the same with `-` for `_`."""

    prefix: str
    rows: int
    columns: int

    def cell(self, r: int, c: int) -> str:
        return f"{self.prefix}_r{r:02d}_c{c:02d}"

    def row(self, r: int) -> str:
        return f"{self.prefix}_r{r:02d}"

    def column(self, c: int) -> str:
        return f"{self.prefix}_c{c:02d}"

    @property
    def grand(self) -> str:
        return f"{self.prefix}_all"

    @property
    def size(self) -> int:
        return (self.rows + 1) * (self.columns + 1)


def claim_id(name: str) -> str:
    return name.replace("_", "-")


def table_shape(cells: int) -> tuple[int, int, int]:
    """(tables, rows, columns) whose claims, plus the overall total, come closest to `cells` from below."""
    room = cells - 1  # the overall total's claim
    if room >= (ROWS + 1) * (COLUMNS + 1):
        return room // ((ROWS + 1) * (COLUMNS + 1)), ROWS, COLUMNS
    shapes = [(r, c) for r in range(2, ROWS + 1) for c in range(2, COLUMNS + 1) if (r + 1) * (c + 1) <= room]
    if not shapes:
        raise ValueError(f"--cells {cells} is too few: the smallest table needs 10 claims")
    rows, columns = max(shapes, key=lambda shape: ((shape[0] + 1) * (shape[1] + 1), shape))
    return 1, rows, columns


def narrow_shape(cells: int, conflicts: int) -> tuple[int, int, int] | None:
    """Narrow tables holding `conflicts` wrong cells, one per row, or None when they cannot."""
    rows, columns = NARROW
    count = (cells - 1) // ((rows + 1) * (columns + 1))
    return (count, rows, columns) if count and conflicts <= count * rows else None


def fill_tables(tables: list[Table], rng: random.Random) -> dict[str, int]:
    """The hidden assignment: random cells, and every total that follows from them."""
    hidden: dict[str, int] = {}
    for t in tables:
        for r in range(1, t.rows + 1):
            for c in range(1, t.columns + 1):
                hidden[t.cell(r, c)] = rng.randint(*CELL_RANGE)
        for r in range(1, t.rows + 1):
            hidden[t.row(r)] = sum(hidden[t.cell(r, c)] for c in range(1, t.columns + 1))
        for c in range(1, t.columns + 1):
            hidden[t.column(c)] = sum(hidden[t.cell(r, c)] for r in range(1, t.rows + 1))
        hidden[t.grand] = sum(hidden[t.row(r)] for r in range(1, t.rows + 1))
    hidden["overall"] = sum(hidden[t.grand] for t in tables)
    return hidden


def relations(tables: list[Table]) -> list[tuple[str, str]]:
    """(id, rule) for every row, column and grand total, and the overall total."""
    out: list[tuple[str, str]] = []
    for t in tables:
        rows, columns = range(1, t.rows + 1), range(1, t.columns + 1)
        p = claim_id(t.prefix)
        out += [(f"{p}-row{r:02d}", f"{t.row(r)} = " + " + ".join(t.cell(r, c) for c in columns)) for r in rows]
        out += [(f"{p}-col{c:02d}", f"{t.column(c)} = " + " + ".join(t.cell(r, c) for r in rows)) for c in columns]
        out.append((f"{p}-sum", f"{t.grand} = " + " + ".join(t.row(r) for r in rows)))
    out.append(("overall-sum", "overall = " + " + ".join(t.grand for t in tables)))
    return out


def miswrite(n: int, rng: random.Random, direction: int = 0) -> int:
    """`n` with its second digit changed: a visible slip, never negative.

    With a `direction`, the slip goes that way, by up to 9 in the second or third digit
    (carrying when it must), so that many slips in one table can still all differ.
    """
    place = 10 ** (len(str(n)) - 2)
    digit = n // place % 10
    if direction:
        return n + direction * rng.randint(1, 9) * rng.choice([place, max(1, place // 10)])
    return n + (rng.choice([d for d in range(10) if d != digit]) - digit) * place


def slips(wrong: list[str], hidden: dict[str, int], rng: random.Random,
          directions: dict[str, int] | None = None) -> dict[str, int]:
    """A miswritten figure for each wrong cell, no two in a table off by the same amount.

    Two equal slips in one table could trade places: dropping the two cells at the other corners
    of their rectangle would then be a repair as light as dropping the wrong ones.
    """
    written: dict[str, int] = {}
    used: set[tuple[str, int]] = set()
    for name in wrong:
        table = name.split("_")[0]
        for _ in range(1000):
            figure = miswrite(hidden[name], rng, (directions or {}).get(name, 0))
            if (table, figure - hidden[name]) not in used:
                break
        else:
            raise ValueError("too many conflicts for one table: cannot keep their slips distinct")
        used.add((table, figure - hidden[name]))
        written[name] = figure
    return written


def place_wrong_cells(tables: list[Table], conflicts: int, rng: random.Random) -> list[str]:
    """`conflicts` cells, spread over the tables, never two in one row or one column."""
    capacity = len(tables) * min(tables[0].rows, tables[0].columns)
    if conflicts > capacity:
        raise ValueError(f"--conflicts {conflicts} is too many: these tables hold at most {capacity}")
    per_table = [conflicts // len(tables) + (i < conflicts % len(tables)) for i in range(len(tables))]
    wrong: list[str] = []
    for t, count in zip(tables, per_table):
        rows = rng.sample(range(1, t.rows + 1), count)
        columns = rng.sample(range(1, t.columns + 1), count)
        wrong += [t.cell(r, c) for r, c in zip(rows, columns)]
    return wrong


def place_in_narrow_tables(tables: list[Table], conflicts: int, rng: random.Random) -> dict[str, int]:
    """Wrong cells in distinct rows of two-column tables -> +1 (first column) or -1 (second).

    Wrong cells then share columns, but a column's slips all point one way and the other
    column's the other way, so no slips of one column can cancel those of the other: keeping
    any wrong cell still costs more drops than it saves, and the wrong cells stay the lightest repair.
    """
    per_table = [conflicts // len(tables) + (i < conflicts % len(tables)) for i in range(len(tables))]
    directions: dict[str, int] = {}
    for t, count in zip(tables, per_table):
        for k, r in enumerate(sorted(rng.sample(range(1, t.rows + 1), count))):
            column = 1 + k % 2
            directions[t.cell(r, column)] = 1 if column == 1 else -1
    return directions


def pinned_exact(tables: list[Table], wrong: list[str]) -> set[str]:
    """Quantities whose claims must be exact: every cell and total in a wrong cell's row or column."""
    by_prefix = {t.prefix: t for t in tables}
    pinned: set[str] = set()
    for name in wrong:
        prefix, r_part, c_part = name.rsplit("_", 2)
        t, r, c = by_prefix[prefix], int(r_part[1:]), int(c_part[1:])
        pinned |= {t.cell(r, k) for k in range(1, t.columns + 1)} | {t.row(r)}
        pinned |= {t.cell(k, c) for k in range(1, t.rows + 1)} | {t.column(c)}
    return pinned


def restatements(honest: list[str], count: int) -> list[tuple[str, str]]:
    """`count` more claims that restate honest quantities, totals first (a story repeats those)."""
    ordered = sorted(honest, key=lambda name: (name.count("_"), name))
    return [(f"{ordered[i % len(ordered)]}_again{i // len(ordered) + 1}", ordered[i % len(ordered)])
            for i in range(count)]


def table_file(cells: int, conflicts: int, seed: int, vague_fraction: float = 0.15) -> Generated:
    """A claim file of stacked tables with `cells` value claims, `conflicts` of them wrong."""
    rng = random.Random(seed)
    count, rows, columns = table_shape(cells)
    narrow = narrow_shape(cells, conflicts) if conflicts > count * min(rows, columns) else None
    if narrow:
        count, rows, columns = narrow
    width = len(str(count))
    tables = [Table(f"t{i:0{width}d}", rows, columns) for i in range(1, count + 1)]
    hidden = fill_tables(tables, rng)
    directions = place_in_narrow_tables(tables, conflicts, rng) if narrow else None
    wrong = sorted(directions) if directions else place_wrong_cells(tables, conflicts, rng)
    written = slips(wrong, hidden, rng, directions)

    claims = [(name, name) for name in hidden]  # (claim name, quantity); ids are names with "-"
    claims += restatements([name for name in hidden if name not in written], cells - len(claims))

    pinned = pinned_exact(tables, wrong)
    loose = [i for i, (_, quantity) in enumerate(claims) if quantity not in pinned]
    vague_at = set(rng.sample(loose, round(vague_fraction * len(loose))))

    lines = [
        f"# Generated by bench/generate.py --cells {cells} --conflicts {conflicts} --seed {seed}"
        f" --vague-fraction {vague_fraction}",
        "version: 1",
        "article:",
        f"  title: Residents by district and age band in {count} region{'s' * (count != 1)} (synthetic)",
        "quantities:",
        *(f"  {name}: {{unit: people}}" for name in hidden),
        "relations:",
        *(f"  - {{id: {rid}, rule: {rule}}}" for rid, rule in relations(tables)),
        "claims:",
    ]
    for i, (source, quantity) in enumerate(claims):
        value = written.get(source)
        text = grouped(value) if value is not None else grouped(hidden[quantity])
        if i in vague_at:
            text = vague(hidden[quantity], rng)
        lines.append(f'  - {{id: {claim_id(source)}, quantity: {quantity}, value: "{text}"}}')
    return Generated("\n".join(lines) + "\n", hidden, tuple(sorted(claim_id(n) for n in wrong)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cells", type=int, default=1000, help="value claims in the file")
    parser.add_argument("--conflicts", type=int, default=0, help="wrong claims to inject")
    parser.add_argument("--consistent", action="store_true", help="inject none (same as --conflicts 0)")
    parser.add_argument("--article", action="store_true", help="a ~50-claim article with a draft instead")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--vague-fraction", type=float, default=0.15,
                        help="share of the honest claims written vaguely (default 0.15)")
    parser.add_argument("-o", "--output", type=pathlib.Path, required=True, help="claim file to write")
    args = parser.parse_args(argv)
    conflicts = 0 if args.consistent else args.conflicts
    if not 0 <= args.vague_fraction <= 1 or conflicts < 0:
        parser.error("--vague-fraction must be in [0, 1] and --conflicts at least 0")
    try:
        if args.article:
            from article import article_file  # only article mode needs it

            generated = article_file(args.output.stem + ".txt", conflicts, args.seed)
        else:
            generated = table_file(args.cells, conflicts, args.seed, args.vague_fraction)
    except ValueError as error:
        parser.error(str(error))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(generated.text, encoding="utf-8")
    if generated.draft is not None:
        args.output.with_suffix(".txt").write_text(generated.draft, encoding="utf-8")
    print(f"wrong claims ({len(generated.wrong)}): {' '.join(generated.wrong) or 'none'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
