"""A ~50-claim article with its draft: a council housing report, figures drawn from a seed.

The shape of a real story: a headline and standfirst, district figures in the body and again in
two graphics, rounded money, a share with `pct()`, a weekday beside a date, a few rule claims.
Injected conflicts are graphic labels that misstate a district's homes.
"""

from __future__ import annotations

import random
from fractions import Fraction
from typing import NamedTuple

from generate import Generated, miswrite
from phrasing import STYLES, grouped, millions, vague

DISTRICTS = ["Northgate", "Riverside", "Eastfield", "Hillcrest", "Old Town"]
PUBLISHED = "2025-03-12"  # a Wednesday: "Tuesday" in the draft is March 11, 2025


class Claim(NamedTuple):
    id: str
    quote: str
    where: str
    quantity: str = ""
    value: str = ""
    rule: str = ""
    source: str = ""


def key(district: str) -> str:
    """The district as part of a quantity name: `old_town`."""
    return district.lower().replace(" ", "_")


def slug(district: str) -> str:
    """The district as part of a claim id: `old-town`."""
    return district.lower().replace(" ", "-")


def rounded_percent(share: Fraction, decimals: int) -> str:
    """`share` rounded half up at `decimals` places, as written with a % sign."""
    steps = (2 * share * 10**decimals + 1) // 2
    whole, part = divmod(int(steps), 10**decimals)
    return f"{whole}.{part:0{decimals}d}%" if decimals else f"{whole}%"


def hidden_figures(rng: random.Random) -> dict[str, int]:
    hidden: dict[str, int] = {}
    for d in DISTRICTS:
        homes = rng.randint(300, 1500)
        hidden[f"homes_{key(d)}"] = homes
        hidden[f"affordable_{key(d)}"] = rng.randint(homes // 5, (homes - 1) // 2)  # under half
    hidden["homes"] = sum(hidden[f"homes_{key(d)}"] for d in DISTRICTS)
    hidden["affordable"] = sum(hidden[f"affordable_{key(d)}"] for d in DISTRICTS)
    hidden["homes_before"] = hidden["homes"] - rng.randint(100, 600)
    hidden["spend_build"] = rng.randint(20_000, 40_000) * 1000
    hidden["spend_repair"] = rng.randint(5_000, 15_000) * 1000
    hidden["spend_land"] = rng.randint(2_000, 9_000) * 1000
    hidden["spend"] = hidden["spend_build"] + hidden["spend_repair"] + hidden["spend_land"]
    hidden["waiting_before"] = rng.randint(11_000, 16_000)
    hidden["waiting_drop"] = rng.randint(500, 1500)
    hidden["waiting"] = hidden["waiting_before"] - hidden["waiting_drop"]
    return hidden


QUANTITIES = {
    **{f"{kind}_{key(d)}": "homes" for kind in ("homes", "affordable") for d in DISTRICTS},
    "homes": "homes", "affordable": "homes", "homes_before": "homes", "affordable_share": "percent",
    "spend": "usd", "spend_build": "usd", "spend_repair": "usd", "spend_land": "usd",
    "waiting": "households", "waiting_before": "households", "waiting_drop": "households",
    "report_day": "date",
}


def relations() -> list[tuple[str, str]]:
    homes = " + ".join(f"homes_{key(d)}" for d in DISTRICTS)
    affordable = " + ".join(f"affordable_{key(d)}" for d in DISTRICTS)
    return [
        ("homes-sum", f"homes = {homes}"),
        ("affordable-sum", f"affordable = {affordable}"),
        ("share-def", "affordable_share = pct(affordable, homes)"),
        ("spend-sum", "spend = spend_build + spend_repair + spend_land"),
        ("waiting-change", "waiting_drop = waiting_before - waiting"),
        *((f"affordable-within-{slug(d)}", f"affordable_{key(d)} <= homes_{key(d)}") for d in DISTRICTS),
    ]


Paragraph = tuple[str, list[Claim]]  # a paragraph of the draft and the claims it carries
SPEND_LABELS = (("New building", "spend_build"), ("Repairs", "spend_repair"), ("Land", "spend_land"),
                ("Total", "spend"))


def story(hidden: dict[str, int], graphic_homes: dict[str, int], rng: random.Random) -> list[Paragraph]:
    """The draft's paragraphs, each with the claims it carries."""
    h, share = hidden, Fraction(100 * hidden["affordable"], hidden["homes"])
    money = {part: millions(h[part], 1, "$") for part in ("spend", "spend_build", "spend_repair", "spend_land")}
    headline_homes = rng.choice([STYLES["nearly"][1], STYLES["more than"][1]])(h["homes"])
    leader_homes = STYLES["more than"][1](h["homes"])
    drop = STYLES["about"][1](h["waiting_drop"])
    still_waiting = STYLES["more than"][1](h["waiting"])
    most = max(DISTRICTS, key=lambda d: h[f"homes_{key(d)}"])
    about_most = STYLES["about"][1](h[f"homes_{key(most)}"])
    most_rule = " and ".join(f"homes_{key(most)} >= homes_{key(d)}" for d in DISTRICTS if d != most)
    n = lambda name: grouped(h[name])  # noqa: E731 (a local shorthand keeps the templates readable)

    paragraphs: list[Paragraph] = [
        (f"Council completes {headline_homes} homes as waiting list shrinks",
         [Claim("headline", f"completes {headline_homes} homes", "headline", "homes", headline_homes)]),
        (f"Affordable homes made up {rounded_percent(share, 0)} of the total, according to the council's "
         "annual housing report published on Tuesday.",
         [Claim("standfirst-share", f"made up {rounded_percent(share, 0)} of the total", "standfirst",
                "affordable_share", rounded_percent(share, 0)),
          Claim("report-weekday", "published on Tuesday", "standfirst", "report_day", "Tuesday")]),
        (f"The council said {n('homes')} homes were completed across the region last year, "
         f"up from {n('homes_before')} the year before.",
         [Claim("body-homes", f"{n('homes')} homes were completed", "body", "homes", n("homes")),
          Claim("homes-before", f"up from {n('homes_before')} the year before", "body", "homes_before",
                n("homes_before")),
          Claim("up-on-year", "up from", "body", rule="homes > homes_before")]),
        (" ".join(f"{d} completed {n(f'homes_{key(d)}')} homes, {n(f'affordable_{key(d)}')} of them affordable."
                  for d in DISTRICTS),
         [c for d in DISTRICTS for c in (
             Claim(f"homes-{slug(d)}", f"{d} completed {n(f'homes_{key(d)}')} homes", "body",
                   f"homes_{key(d)}", n(f"homes_{key(d)}")),
             Claim(f"affordable-{slug(d)}", f"{n(f'affordable_{key(d)}')} of them affordable", "body",
                   f"affordable_{key(d)}", n(f"affordable_{key(d)}")))]),
        (f"{most} built the most homes of any district, and fewer than half of the new homes were affordable.",
         [Claim("most-homes", f"{most} built the most homes of any district", "body", rule=most_rule),
          Claim("under-half", "fewer than half of the new homes were affordable", "body",
                rule="2 * affordable < homes")]),
        (f"In all, {n('affordable')} affordable homes were built, {rounded_percent(share, 1)} of the total.",
         [Claim("affordable-total", f"{n('affordable')} affordable homes", "body", "affordable", n("affordable")),
          Claim("share-precise", f"{rounded_percent(share, 1)} of the total", "body", "affordable_share",
                rounded_percent(share, 1))]),
        (f"Spending on housing reached {money['spend']}: {money['spend_build']} on new building, "
         f"{money['spend_repair']} on repairs and {money['spend_land']} on land.",
         [Claim(f"{part.replace('_', '-')}-rounded", f"{money[part]}{tail}", "body", part, money[part])
          for part, tail in (("spend", ":"), ("spend_build", " on new"), ("spend_repair", " on repairs"),
                             ("spend_land", " on land"))]),
        ("Graphic: Housing spending. " + " | ".join(f"{label} ${n(part)}" for label, part in SPEND_LABELS),
         [Claim(f"graphic-{part.replace('_', '-')}", f"{label} ${n(part)}", "graphic", part, f"${n(part)}")
          for label, part in SPEND_LABELS]),
        ("Graphic: Homes completed by district. " + " | ".join(
            f"{d} {grouped(graphic_homes[d])}" for d in DISTRICTS),
         [Claim(f"graphic-homes-{slug(d)}", f"{d} {grouped(graphic_homes[d])}", "graphic", f"homes_{key(d)}",
                grouped(graphic_homes[d])) for d in DISTRICTS]),
        ("Graphic: Affordable homes by district. " + " | ".join(
            f"{d} {n(f'affordable_{key(d)}')}" for d in DISTRICTS),
         [Claim(f"graphic-affordable-{slug(d)}", f"{d} {n(f'affordable_{key(d)}')}", "graphic",
                f"affordable_{key(d)}", n(f"affordable_{key(d)}")) for d in DISTRICTS]),
    ]
    roundup = {d: vague(h[f"homes_{key(d)}"], rng) for d in DISTRICTS}
    paragraphs += [
        ("Round-up: " + "; ".join(f"{d} built {roundup[d]} homes" for d in DISTRICTS) + ".",
         [Claim(f"roundup-{slug(d)}", f"{d} built {roundup[d]} homes", "body", f"homes_{key(d)}", roundup[d])
          for d in DISTRICTS]),
        (f"Caption: New homes in {most}, where {about_most} were finished.",
         [Claim("caption", f"{about_most} were finished", "caption", f"homes_{key(most)}", about_most)]),
        (f"The waiting list fell by {drop} households to {n('waiting')}, "
         f"from {n('waiting_before')} a year earlier.",
         [Claim("waiting-drop", f"fell by {drop} households", "body", "waiting_drop", drop),
          Claim("waiting-now", f"households to {n('waiting')}", "body", "waiting", n("waiting")),
          Claim("waiting-before", f"from {n('waiting_before')} a year earlier", "body", "waiting_before",
                n("waiting_before"))]),
        (f"\"We have delivered {leader_homes} homes, and {still_waiting} households are still waiting for one,\" "
         "said the council leader.",
         [Claim("leader-homes", f"delivered {leader_homes} homes", "quote", "homes", leader_homes,
                source="council leader"),
          Claim("leader-waiting", f"{still_waiting} households are still waiting", "quote", "waiting",
                still_waiting, source="council leader")]),
        ("The report was published on March 11, 2025.",
         [Claim("report-date", "published on March 11, 2025", "body", "report_day", "March 11, 2025")]),
    ]
    return paragraphs


def scalar(text: str) -> str:
    """`text` as a YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def claim_line(c: Claim) -> str:
    fields = [f"id: {c.id}", f"where: {c.where}"]
    fields += [f"source: {scalar(c.source)}"] if c.source else []
    fields.append(f"quote: {scalar(c.quote)}")
    fields += [f"rule: {scalar(c.rule)}"] if c.rule else [f"quantity: {c.quantity}", f"value: {scalar(c.value)}"]
    return "  - {" + ", ".join(fields) + "}"


def article_file(draft_name: str, conflicts: int, seed: int) -> Generated:
    """The article's claim file (its draft named `draft_name` beside it), `conflicts` graphic labels wrong."""
    if not 0 <= conflicts <= len(DISTRICTS):
        raise ValueError(f"--conflicts {conflicts}: an article holds 0 to {len(DISTRICTS)}")
    rng = random.Random(seed)
    hidden = hidden_figures(rng)
    graphic_homes = {d: hidden[f"homes_{key(d)}"] for d in DISTRICTS}
    wrong_districts = rng.sample(DISTRICTS, conflicts)
    for d in wrong_districts:
        graphic_homes[d] = miswrite(graphic_homes[d], rng)
    paragraphs = story(hidden, graphic_homes, rng)
    for text, claims in paragraphs:
        assert all(c.quote in text for c in claims), "every quote must stand in its paragraph"
    lines = [
        f"# Generated by bench/generate.py --article --conflicts {conflicts} --seed {seed}",
        "version: 1",
        "article:",
        f"  title: {scalar(paragraphs[0][0])}",
        f"  draft: {draft_name}",
        f"  published: {PUBLISHED}",
        "quantities:",
        *(f"  {name}: {{unit: {unit}}}" for name, unit in QUANTITIES.items()),
        "relations:",
        *(f"  - {{id: {rid}, rule: {scalar(rule)}}}" for rid, rule in relations()),
        "claims:",
        *(claim_line(c) for _, claims in paragraphs for c in claims),
    ]
    draft = "\n\n".join(text for text, _ in paragraphs) + "\n"
    wrong = tuple(sorted(f"graphic-homes-{slug(d)}" for d in wrong_districts))
    return Generated("\n".join(lines) + "\n", hidden, wrong, draft)
