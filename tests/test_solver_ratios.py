"""Shares, rates, products and means of unknown totals: decided, and decided right."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from checker.check import CheckOptions, check_file
from checker.interval import Interval

F = Fraction


def check(tmp_path: Path, text: str, **options):
    path = tmp_path / "claims.yaml"
    path.write_text("version: 1\n" + text)
    return check_file(path, "claims.yaml", CheckOptions(**options))


def without(tmp_path: Path, text: str, drop: tuple[str, ...]):
    """The same file with the claims and relations of `drop` left out."""
    kept = [line for line in text.splitlines() if not any(f"id: {d}," in line for d in drop)]
    return check(tmp_path, "\n".join(kept) + "\n")


def ranges(report) -> dict[str, Interval]:
    return {q.name: q.range for q in report.quantities}


SHARES = """quantities:
  a: {unit: votes}
  b: {unit: votes}
  c: {unit: votes}
  d: {unit: votes}
  others: {unit: votes}
  valid: {unit: votes, about: valid votes cast (not reported)}
  sa: {unit: percent}
  sb: {unit: percent}
  sc: {unit: percent}
  sd: {unit: percent}
relations:
  - {id: total, rule: valid = a + b + c + d + others}
  - {id: a-def, rule: "sa = pct(a, valid)"}
  - {id: b-def, rule: "sb = pct(b, valid)"}
  - {id: c-def, rule: "sc = pct(c, valid)"}
  - {id: d-def, rule: "sd = pct(d, valid)"}
claims:
"""


def test_product_with_a_factor_at_zero_reaches_zero_closed():
    # 0 times anything over 30,000 is exactly 0: the low end is reached, not approached
    assert Interval.point(0) * Interval(F(30000), None, True, True) == Interval.point(0)
    assert Interval(F(0), F(5)) * Interval(F(3), None, True) == Interval(F(0), None, False, True)
    # a factor that does not reach 0 leaves the open end open
    assert Interval(F(1), F(5)) * Interval(F(3), None, True) == Interval(F(3), None, True, True)


def test_zero_staff_at_any_salary_is_a_payroll_of_zero(tmp_path):
    report = check(tmp_path, """quantities:
  staff: {unit: people}
  pay: {unit: usd}
  payroll: {unit: usd}
relations:
  - {id: bill, rule: "payroll = staff * pay"}
claims:
  - {id: salary, quantity: pay, value: "more than $30,000"}
  - {id: nobody, quantity: staff, value: "0"}
""")
    assert report.status == "consistent"
    assert ranges(report)["payroll"] == Interval.point(0)


def test_a_factor_that_may_be_zero_is_not_pushed_off_it(tmp_path):
    # u = p * y with u = 0 and y > 5: p = 0 fits, so p's range starts at 0, closed
    report = check(tmp_path, """quantities:
  u: {unit: usd}
  p: {unit: usd}
  y: {unit: count, integer: false}
relations:
  - {id: def, rule: "u = p * y"}
claims:
  - {id: cu, quantity: u, value: "0"}
  - {id: cy, quantity: y, value: "more than 5"}
""")
    assert report.status == "consistent"
    assert ranges(report)["p"] == Interval.point(0)


def test_shares_over_a_hundred_percent_conflict_and_the_misprint_is_the_repair(tmp_path):
    text = SHARES + """  - {id: sa-c, quantity: sa, value: "55.2%"}
  - {id: sb-c, quantity: sb, value: "37.5%"}
  - {id: sc-c, quantity: sc, value: "5.2%"}
  - {id: sd-c, quantity: sd, value: "2.9%"}
  - {id: a-c, quantity: a, value: "18,204", weight: 3}
  - {id: b-c, quantity: b, value: "12,951", weight: 3}
"""
    report = check(tmp_path, text)
    assert report.status == "inconsistent"
    assert not report.open_questions and "partial-result" not in [w.code for w in report.warnings]
    sets = [set(d.ids) for d in report.discrepancies]
    # the four shares add to 100.6% at least: a conflict with no vote count in it
    assert {"sa-c", "sb-c", "sc-c", "sd-c", "total", "a-def", "b-def", "c-def", "d-def"} in sets
    assert report.repairs[0].ids == ("sa-c",)
    for r in report.repairs:  # every listed repair is proved
        assert without(tmp_path, text, r.ids).status == "consistent", r.ids


def test_shares_that_fit_only_by_rounding_are_consistent(tmp_path):
    report = check(tmp_path, SHARES + """  - {id: sa-c, quantity: sa, value: "48.3%"}
  - {id: sb-c, quantity: sb, value: "31.5%"}
  - {id: sc-c, quantity: sc, value: "12.4%"}
  - {id: sd-c, quantity: sd, value: "8.0%"}
""")
    assert report.status == "consistent"
    assert not report.open_questions


def test_a_mean_of_whole_scores_that_no_total_gives_is_found(tmp_path):
    # GRIM: 20 whole scores have a whole total; 3.47 (3.465 to 3.475) times 20 is 69.3 to 69.5
    grim = """quantities:
  total: {unit: points}
  n: {unit: people}
  mean: {unit: points, integer: false}
relations:
  - {id: mean-def, rule: mean = total / n}
claims:
  - {id: sample, quantity: n, value: "20"}
  - {id: reported, quantity: mean, value: "%s"}
"""
    bad = check(tmp_path, grim % "3.47")
    assert bad.status == "inconsistent"
    assert bad.discrepancies[0].ids == ("mean-def", "reported", "sample")
    good = check(tmp_path, grim % "3.45")
    assert good.status == "consistent"
    assert ranges(good)["total"] == Interval.point(69)


def test_a_rise_on_an_unknown_base(tmp_path):
    text = """quantities:
  before: {unit: loans}
  now: {unit: loans}
  rise: {unit: percent, min: -100}
relations:
  - {id: rise-def, rule: "now = before * (100 + rise) / 100"}
claims:
  - {id: r, quantity: rise, value: "12%"}
  - {id: n, quantity: now, value: "1,340"}
"""
    report = check(tmp_path, text)
    assert report.status == "consistent"
    # 1,340 / 1.125 to 1,340 / 1.115: the whole bases 1,192 to 1,201
    assert ranges(report)["before"] == Interval(F(1192), F(1201))
    assert check(tmp_path, text + '  - {id: b, quantity: before, value: "1,180"}\n').status == "inconsistent"


def test_a_zero_denominator_conflicts_with_the_ratio(tmp_path):
    report = check(tmp_path, """quantities:
  n: {unit: people}
  k: {unit: people}
  s: {unit: percent}
relations:
  - {id: share, rule: "s = pct(k, n)"}
claims:
  - {id: none, quantity: n, value: "0"}
""")
    assert report.status == "inconsistent"
    assert report.discrepancies[0].ids == ("none", "share")


def test_round_ties_may_go_either_way(tmp_path):
    for written, rounded in (("2.5", 2), ("2.5", 3), ("-2.5", -2), ("-2.5", -3)):
        report = check(tmp_path, f"""quantities:
  x: {{unit: count, integer: false, min: -10}}
claims:
  - {{id: raw, quantity: x, value: {{value: "{written}", exact: true}}}}
  - {{id: shown, rule: "round(x) = {rounded}"}}
""")
        assert report.status == "consistent", (written, rounded)
    report = check(tmp_path, """quantities:
  x: {unit: count, integer: false}
claims:
  - {id: raw, quantity: x, value: {value: "2.5", exact: true}}
  - {id: shown, rule: "round(x) = 4"}
""")
    assert report.status == "inconsistent"


def test_linear_mixed_whole_and_fractional_gives_the_one_minimal_conflict(tmp_path):
    text = """quantities:
  fees: {unit: usd, integer: true}
  base: {unit: usd}
  outlay: {unit: usd}
relations:
  - {id: outlay-def, rule: "outlay = 5/2 * base + fees / 20"}
claims:
  - {id: floor, quantity: base, value: {min: "22737.8", min_open: true}, weight: "0.5"}
  - {id: body, rule: "outlay = base + 37070.335"}
  - {id: base-body, quantity: base, value: "at least 24715"}
"""
    report = check(tmp_path, text)
    assert report.status == "inconsistent" and not report.open_questions
    assert [d.ids for d in report.discrepancies] == [("base-body", "body", "outlay-def")]
    assert all("floor" not in r.ids for r in report.repairs)
    # the bound the two rules give together (7414067/300) is exact, not a creeping approximation,
    # and reads as a decimal
    explanation = report.discrepancies[0].explanation
    assert "/300" not in explanation and ("24,713" in explanation or "24,714" in explanation)


def test_an_unsettled_product_leaves_the_file_undecided_with_what_would_settle_it(tmp_path):
    report = check(tmp_path, """quantities:
  rows: {unit: count, about: rows of seats (not reported)}
  seats: {unit: count}
claims:
  - {id: hall, rule: rows * seats = 1000000007}
  - {id: many-rows, rule: rows >= 2}
  - {id: wide, rule: seats >= 2}
""", max_steps=30000)
    assert report.status == "undecided"
    assert not report.repairs and not report.discrepancies
    (q,) = report.open_questions
    assert {m.id for m in q.members} == {"hall", "many-rows", "wide"}
    assert q.settle.startswith("give rows of seats (`rows`)")
