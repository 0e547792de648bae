"""JUnit XML, which every CI shows: a test case per claim file and one per discrepancy.

A file's case fails when it has open discrepancies (or warnings under --strict) and is an
error when the file cannot be checked; a discrepancy's case fails with its explanation, or
is skipped with the reviewer's reason when accepted.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ..findings import CheckResult, FileReport
from ..problems import Problem
from . import RenderOptions
from .sarif import Finding, findings_by_file
from .words import caveats, causes, count, open_question, visible

# Characters XML 1.0 cannot hold at all, not even escaped.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(text: str) -> str:
    """Text XML can hold, with controls and bidi overrides written out (line breaks kept)."""
    return _NOT_XML.sub("\ufffd", visible(text, keep_newlines=True))


def render(result: CheckResult, options: RenderOptions) -> str:
    """The run as one <testsuites> document holding a single suite."""
    suite = ET.Element("testsuite", {"name": "figcheck"})
    for report, claim_file, found, _ in findings_by_file(result, options.base_dir):
        _file_case(suite, report, claim_file, result.strict)
        names: set[str] = set()
        for f in found:
            if f.kind in ("discrepancy", "undecided"):
                _discrepancy_case(suite, f, names)
    cases = suite.findall("testcase")
    totals = {
        "tests": len(cases),
        "failures": sum(1 for c in cases if c.find("failure") is not None),
        "errors": sum(1 for c in cases if c.find("error") is not None),
        "skipped": sum(1 for c in cases if c.find("skipped") is not None),
    }
    suite.attrib.update({k: str(v) for k, v in totals.items()})
    root = ET.Element("testsuites", {"name": "figcheck", **{k: str(v) for k, v in totals.items()}})
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _file_case(suite: ET.Element, report: FileReport, claim_file: str, strict: bool) -> None:
    case = ET.SubElement(suite, "testcase", {"classname": clean(claim_file), "name": clean(claim_file)})
    if report.errors:
        body = "\n".join(_problem_line(p) for p in report.errors)
        attrs = {"message": clean(count(len(report.errors), "error") + ": the file cannot be checked"),
                 "type": clean(report.errors[0].code)}
        ET.SubElement(case, "error", attrs).text = clean(body)
    elif report.open_discrepancies or report.status == "undecided" or (strict and report.warnings):
        heads = causes(report)
        if report.open_discrepancies:
            what, kind = count(len(report.open_discrepancies), "open discrepancy", "open discrepancies"), "discrepancy"
            if len(heads) != len(report.open_discrepancies):
                what = f"{count(len(heads), 'cause')} of {what}"
        elif report.status == "undecided":
            what, kind = f"undecided: {count(len(report.open_questions), 'open question')}", "undecided"
        else:
            what, kind = count(len(report.warnings), "warning") + " (failing under --strict)", "warning"
        lines = [", ".join(d.ids) + (f" (same cause as discrepancy {d.cause})" if d.cause else "")
                 for d in report.open_discrepancies]
        lines += [open_question(q) for q in report.open_questions]
        lines += [_problem_line(p) for p in report.warnings] if strict else []
        ET.SubElement(case, "failure", {"message": clean(what), "type": kind}).text = clean("\n".join(lines))
    out = [_problem_line(p) for p in report.warnings] + [f"note: {note}" for note in caveats(report)]
    if out:
        ET.SubElement(case, "system-out").text = clean("\n".join(out))


def _discrepancy_case(suite: ET.Element, f: Finding, names: set[str]) -> None:
    # Named by the claims of the cause's first discrepancy (its identity, as in every CI format).
    name = f"{f.claim_file}: {', '.join(f.key.split(chr(31))[2:])}"
    # Minimal sets are distinct, but a name must stay unique even if the input repeats one.
    unique, n = name, 1
    while unique in names:
        n += 1
        unique = f"{name} ({n})"
    names.add(unique)
    case = ET.SubElement(suite, "testcase", {"classname": clean(f.claim_file), "name": clean(unique)})
    if f.accepted is not None:
        ET.SubElement(case, "skipped", {"message": clean(f"accepted: {f.accepted}")})
        return
    explanation = f.message.splitlines()[0]
    failure = ET.SubElement(case, "failure", {"message": clean(explanation), "type": f.kind})
    failure.text = clean(f"{f.path}:{f.line}:{f.column}\n{f.message}")


def _problem_line(p: Problem) -> str:
    where = f"{p.position}: " if p.position is not None else ""
    hint = f" (hint: {p.hint})" if p.hint else ""
    return f"{where}{p.code}: {p.message}{hint}"
