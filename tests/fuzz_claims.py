"""Claim files an attacker or a careless hand might write, made from a seed.

Shared by the fuzz test (tests/test_security_fuzz.py, a few dozen files in CI) and the
long campaign (tests/fuzz_campaign.py, ten thousand). A file mixes sound parts with hostile
ones: strings built to escape a terminal or a report, drafts that point out of the project,
nonlinear rules that tempt the solver into long work, and YAML that is broken outright.
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

# What a pull request would like to see echoed into a report or a terminal.
HOSTILE = (
    "\x1b]0;pwned\x07", "\x1b[2J\x1b[H", "\x1b[8mhidden\x1b[0m", "\u202eevil\u202c", "\r# Heading",
    "::error file=x::forged%0Asecond", "<img src=https://evil.example/x.png>", "<script>alert(1)</script>",
    "]]></failure><x>", "${{ secrets.TOKEN }}", "`rm -rf /`", "a\x00b", "line\nbreak", "| table | row |",
    "[link](javascript:alert(1))", "%0A%0D", "\ufeff", "\u2028", "é" * 3, "x" * 300,
)
# Drafts a claim file might name: the first is the project's own.
DRAFTS = ("draft.txt", "draft.txt", "/proc/self/environ", "/etc/passwd", "../.env", "/dev/zero",
          "pipe.txt", ".git/config", "missing.txt", "link-out.txt", ".", "sub/../draft.txt", "a\x00b",
          "draft.txt/..", "\u202edraft.txt", "x" * 5000)
NAMES = ("a", "b", "c", "total", "share")
UNITS = ("people", "percent", "usd", "count", "date", "km")
# Values a reporter writes, then values that are wrong on purpose.
VALUES = (
    "372", "150", "0", "22", "nearly two dozen", "about 40", "1.2 million", "two dozen", "a dozen",
    "3.10", "more than 1,000", "1,200", "{min: 18, max: 24}", "{value: 200, tolerance: 5%}", "half a dozen",
    "almost 400", "at least 7", "12.5", "372", "175",
)
BAD_VALUES = ("-3", "12:30", "017", "1e400", "9" * 40, "1/0", "February 30, 2025", "Wednesday",
              "{min: 24, max: 18}", "1_000", "between 3 and 1", "~5", "€12bn", "NaN", "inf", "some")
NUMBERS = ("2", "100", "0", "1/3", "0.5", "10", "372")
FUNCTIONS = ("min({x}, {y})", "max({x}, {y})", "{x} * {y}", "{x} / {y}", "({x} - {y})",
             "{x} + {y}", "abs({x})", "{x} * {x}")
COMPARE = ("=", "<=", ">=", "<", ">")
BAD_COMPARE = ("!=", "==", "=>")
BROKEN_YAML = ("\t- tab", "{unclosed", "a: *alias", "b: !!python/object:os.system {}", "key: [1, 2",
               "dup: 1\ndup: 2", "---\nsecond: document", "? complex\n: key")


def quoted(text: str) -> str:
    """`text` as a YAML double-quoted scalar (JSON's escapes are YAML's)."""
    return json.dumps(text)


def _expr(rng: random.Random, names: list[str], depth: int = 0) -> str:
    if depth > 2 or rng.random() < 0.4:
        return rng.choice(names) if rng.random() < 0.7 else rng.choice(NUMBERS)
    shape = rng.choice(FUNCTIONS)
    return shape.format(x=_expr(rng, names, depth + 1), y=_expr(rng, names, depth + 1))


def rule(rng: random.Random, names: list[str]) -> str:
    compare = rng.choice(COMPARE if rng.random() < 0.95 else BAD_COMPARE)
    if rng.random() < 0.35:  # a share: nonlinear in its whole, the solver's hard case
        whole = rng.choice((_expr(rng, names, 1), f"min({rng.choice(names)}, {_expr(rng, names, 1)})"))
        return f"pct({_expr(rng, names, 2)}, {whole}) {compare} {rng.choice(NUMBERS)}"
    return f"{_expr(rng, names)} {compare} {_expr(rng, names)}"


def text(rng: random.Random) -> str:
    """Mostly ordinary words, sometimes hostile, sometimes both."""
    roll = rng.random()
    if roll < 0.5:
        return rng.choice(("Headline", "caption", "Ministry of Health", "body text", "372 people"))
    if roll < 0.8:
        return rng.choice(HOSTILE)
    return rng.choice(HOSTILE) + " " + rng.choice(HOSTILE)


def ident(rng: random.Random, n: int) -> str:
    return f"c{n}" if rng.random() < 0.96 else text(rng)


def claim_file(rng: random.Random) -> str:
    """The text of one fuzzed claim file."""
    names = rng.sample(NAMES, rng.randint(1, len(NAMES)))
    unit = "people" if rng.random() < 0.9 else None
    lines = ["version: 1"] if rng.random() < 0.98 else [f"version: {rng.choice(['2', 'x', '[]'])}"]
    if rng.random() < 0.7:
        lines += ["article:", f"  title: {quoted(text(rng))}"]
        if rng.random() < 0.8:
            lines.append(f"  draft: {quoted(rng.choice(DRAFTS))}")
        if rng.random() < 0.3:
            lines.append("  published: 2025-03-19")
    lines.append("quantities:")
    for name in names:
        lines.append(f"  {name}: {{unit: {unit or rng.choice(UNITS)}, about: {quoted(text(rng))}}}")
    if rng.random() < 0.7:
        lines.append("relations:")
        for n in range(rng.randint(1, 3)):
            lines.append(f"  - {{id: {quoted(ident(rng, 100 + n))}, rule: {quoted(rule(rng, names))}}}")
    lines.append("claims:")
    for n in range(rng.randint(1, 6)):
        value = rng.choice(VALUES if rng.random() < 0.93 else BAD_VALUES)
        value = value if value.startswith("{") else quoted(value)
        quantity = rng.choice(names) if rng.random() < 0.97 else "nosuch"
        parts = [f"id: {quoted(ident(rng, n))}", f"quantity: {quantity}", f"value: {value}"]
        if rng.random() < 0.5:
            parts.append(f"quote: {quoted(rng.choice(['password = hunter2', '372 soldiers', text(rng)]))}")
        if rng.random() < 0.3:
            parts.append(f"source: {quoted(text(rng))}")
        if rng.random() < 0.2:
            parts.append(f"weight: {rng.choice(['2', '3', '0.5', '1/3', '2', '3', '0.5', '1/3', '0', 'x'])}")
        if rng.random() < 0.1:
            parts.append(f"accept: {quoted(text(rng))}")
        lines.append(f"  - {{{', '.join(parts)}}}")
    if rng.random() < 0.15:
        lines += ["vocabulary:", "  approximate: 5%", "  words:",
                  f"    {rng.choice(['scores', 'dozens', 'a couple'])}: "
                  f"{rng.choice(['null', '{min: 2, max: 3}', '{min: 3}', '[]'])}"]
    out = "\n".join(lines) + "\n"
    roll = rng.random()
    if roll < 0.04:
        out += rng.choice(BROKEN_YAML) + "\n"
    elif roll < 0.06:
        out = out[: rng.randrange(len(out))]
    elif roll < 0.08:
        out = out.replace("\n", "\r\n")
    return out


# A draft that holds what the quotes look for, and a secret-looking line beside it.
DRAFT_TEXT = "Moscow and Kyiv trade 372 soldiers.\nNearly two dozen were wounded; 40% came home.\n"
SECRET_TEXT = "password = hunter2-SECRET\nhost = db.internal\n"


def make_checkout(folder: Path) -> Path:
    """A checkout to fuzz in: folder/repo with claims/, secrets inside and beside it.

    Inside: .env and .git/config (where CI leaves credentials); beside: ../.env and a
    file a link inside points at. Returns the checkout's claims/ folder.
    """
    repo = folder / "repo"
    claims = repo / "claims"
    (repo / ".git").mkdir(parents=True)
    claims.mkdir()
    (repo / ".git" / "config").write_text(SECRET_TEXT)
    (repo / ".env").write_text(SECRET_TEXT)
    (claims / ".env").write_text(SECRET_TEXT)
    (folder / ".env").write_text(SECRET_TEXT)
    (folder / "outside.txt").write_text(SECRET_TEXT)
    (claims / "draft.txt").write_text(DRAFT_TEXT)
    (claims / "sub").mkdir()
    (claims / "link-out.txt").symlink_to(folder / "outside.txt")
    os.mkfifo(claims / "pipe.txt")
    return claims


# What must never appear in a report, whatever a claim file says.
SECRETS = ("hunter2-SECRET", "db.internal", "root:x:0:0")
