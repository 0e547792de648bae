"""The pipeline on small claim files: what a check reports beyond the solver's verdict."""

from __future__ import annotations

from pathlib import Path

from checker.check import CheckOptions, check_file, check_paths
from checker.interval import Interval

HEAD = "version: 1\nquantities:\n  total: {unit: people}\n  a: {unit: people}\n  b: {unit: people}\n"


def check(tmp_path: Path, text: str, **options) -> object:
    path = tmp_path / "claims.yaml"
    path.write_text(text)
    return check_file(path, "claims.yaml", CheckOptions(**options))


def codes(report) -> list[str]:
    return [w.code for w in report.warnings]


def test_would_fit_gives_the_range_a_dropped_claim_needs(tmp_path):
    report = check(tmp_path, HEAD + """relations:
  - {id: sum, rule: total = a + b}
claims:
  - {id: t, quantity: total, value: "100"}
  - {id: ca, quantity: a, value: "60"}
  - {id: cb, quantity: b, value: "more than 50"}
  - {id: cb2, quantity: b, value: "40"}
""")
    assert report.status == "inconsistent"
    first = report.repairs[0]
    assert first.ids == ("cb",)
    assert first.would_fit == {"cb": {"b": Interval.point(40)}}
    ranges = {q.name: q.range for q in report.quantities}
    assert ranges["b"] == Interval.point(40) and ranges["total"] == Interval.point(100)


def test_an_accept_that_matches_no_discrepancy_is_stale(tmp_path):
    report = check(tmp_path, HEAD + """claims:
  - {id: t, quantity: total, value: "100", accept: reviewed in March}
  - {id: ca, quantity: a, value: "60"}
  - {id: cb, quantity: b, value: "40"}
""")
    assert report.status == "consistent"
    assert "stale-accept" in codes(report)


def test_an_accepted_discrepancy_is_reported_but_does_not_fail(tmp_path):
    report = check(tmp_path, HEAD + """claims:
  - {id: t1, quantity: total, value: "100", accept: two counts; the later one is right}
  - {id: t2, quantity: total, value: "120"}
  - {id: ca, quantity: a, value: "60"}
  - {id: cb, quantity: b, value: "40"}
""")
    assert [d.ids for d in report.discrepancies] == [("t1", "t2")]
    assert report.discrepancies[0].accepted == "two counts; the later one is right"
    assert not report.open_discrepancies and "stale-accept" not in codes(report)


def test_a_quantity_no_claim_states_is_a_warning(tmp_path):
    report = check(tmp_path, HEAD + """relations:
  - {id: sum, rule: total = a + b}
claims:
  - {id: t, quantity: total, value: "100"}
  - {id: ca, quantity: a, value: "60"}
""")
    assert codes(report) == ["unclaimed-quantity"]
    assert {q.name: q.range for q in report.quantities}["b"] == Interval.point(40)


def test_restatements_of_the_same_figures_are_marked(tmp_path):
    report = check(tmp_path, HEAD + """relations:
  - {id: sum, rule: total = a + b}
claims:
  - {id: headline, quantity: total, value: "100"}
  - {id: lede, quantity: total, value: "100"}
  - {id: ca, quantity: a, value: "60"}
  - {id: cb, quantity: b, value: "50", weight: 0.5}
""")
    discs = report.discrepancies
    assert len(discs) == 2 and report.repairs[0].ids == ("cb",)
    assert all(d.group == ("cb",) for d in discs)
    assert discs[0].same_as is None and discs[1].same_as == 1
    assert "60 + 50 = 110" in discs[0].explanation


def test_an_irrational_answer_is_found_exactly(tmp_path):
    # x * y = 2 with x = y holds for no rational x, but for the real x = sqrt(2): consistent,
    # settled by exact algebra rather than left undecided
    report = check(tmp_path, """version: 1
quantities:
  x: {unit: ratio}
  y: {unit: ratio}
claims:
  - {id: square, rule: x * y = 2}
  - {id: same, rule: x = y}
""")
    assert report.status == "consistent"
    assert "partial-result" not in codes(report)


def test_what_cannot_be_decided_is_undecided_never_a_discrepancy(tmp_path):
    # no three whole cubes add to 4, but no small search can show it: the file is left
    # undecided (never consistent), and the open question names its claims and what to give
    report = check(tmp_path, """version: 1
quantities:
  x: {min: -1000000, max: 1000000, integer: true}
  y: {min: -1000000, max: 1000000, integer: true}
  z: {min: -1000000, max: 1000000, integer: true}
  s: {min: -100, max: 100, integer: true}
relations:
  - {id: cubes, rule: s = x * x * x + y * y * y + z * z * z}
claims:
  - {id: four, quantity: s, value: "4"}
""", max_steps=20000)
    assert report.status == "undecided"
    assert not report.discrepancies and not report.repairs
    (question,) = report.open_questions
    assert {m.id for m in question.members} == {"cubes", "four"}
    assert question.settle.startswith("give ") and "`x`" in question.settle


def test_a_tiny_work_budget_ends_with_a_partial_result(tmp_path):
    text = HEAD + "relations:\n  - {id: sum, rule: total = a + b}\nclaims:\n" + "".join(
        f'  - {{id: c{i}, quantity: total, value: "{100 + i}"}}\n' for i in range(30))
    report = check(tmp_path, text, max_steps=1600)  # work units: a few questions, not all of them
    assert "partial-result" in codes(report)


def test_a_folder_lists_its_own_files_before_its_subfolders(tmp_path):
    (tmp_path / "sub").mkdir()
    for name in ("z.yaml", "sub/a.yaml", "b.yml"):
        (tmp_path / name).write_text("version: 1\nquantities:\n  q: {unit: people}\nclaims:\n  - {id: c, quantity: q, value: '1'}\n")
    result = check_paths([str(tmp_path)], CheckOptions())
    assert [Path(f.path).name for f in result.files] == ["b.yml", "z.yaml", "a.yaml"]


def test_every_currency_the_value_reader_knows_can_be_a_unit(tmp_path):
    for unit, value in (("aud", "A$3m"), ("cad", "C$40,000"), ("chf", "CHF 12m"), ("usd", "$3m"), ("dollars", "$5")):
        report = check(tmp_path, f"version: 1\nquantities:\n  cost: {{unit: {unit}}}\nclaims:\n"
                                 f"  - {{id: c, quantity: cost, value: \"{value}\"}}\n")
        assert report.status == "consistent", (unit, report.errors)
    report = check(tmp_path, 'version: 1\nquantities:\n  cost: {unit: aud}\nclaims:\n  - {id: c, quantity: cost, value: "£3m"}\n')
    assert [e.code for e in report.errors] == ["unit-mismatch"]


def test_a_quantity_nothing_mentions_says_so(tmp_path):
    report = check(tmp_path, HEAD + 'claims:\n  - {id: t, quantity: total, value: "1"}\n')
    messages = [w.message for w in report.warnings if w.code == "unclaimed-quantity"]
    assert len(messages) == 2 and all("nothing in the file mentions" in m for m in messages)


def test_a_report_crosses_from_the_checking_child_intact(tmp_path):
    # Reports come back from the watchdog's child as pickles; intervals pickle by hand
    # (interval.py), whole ends as ints, and must come back as the same Fractions.
    import pickle
    from fractions import Fraction

    from checker.interval import Interval

    path = tmp_path / "claims.yaml"
    path.write_text(
        "version: 1\nquantities:\n  a: {unit: people}\n  share: {unit: percent}\n  n: {unit: people}\n"
        "relations:\n  - {id: d, rule: share = pct(a, n)}\nclaims:\n"
        "  - {id: c1, quantity: a, value: '17'}\n  - {id: c2, quantity: share, value: '33.3%'}\n")
    report = check_file(path, "claims.yaml", CheckOptions())
    back = pickle.loads(pickle.dumps(report, protocol=pickle.HIGHEST_PROTOCOL))
    assert back == report
    for q, q2 in zip(report.quantities, back.quantities):
        assert (type(q2.range.lo), type(q2.range.hi)) == (type(q.range.lo), type(q.range.hi))
    for iv in (Interval(), Interval(Fraction(1, 3), 5, True, False), Interval(None, -2)):
        again = pickle.loads(pickle.dumps(iv))
        assert again == iv and all(type(e) in (Fraction, type(None)) for e in (again.lo, again.hi))
