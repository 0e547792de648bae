"""Where the CPU time of one check goes, stage by stage, in process.

    python bench/stages.py bench/out/scale-30000-0.yaml [more files...]

Runs `checker.api.check_text` on each file, as the desk and a notebook do, with each stage's
entry point wrapped in a CPU timer (time.process_time): YAML composition (read by lines for a
file written one entry a line, yamllines.py, by the parser otherwise), the plain mapping,
the forms' validation, the checks across entries, the located models, then encoding (and,
inside it, reading values, parsing rules and checking units), then the solver and findings
(the analysis). Each stage is timed where it is called, so the figures add up to about the
total. Generate the scale and ratio files with `run.py --scale` and `ratios.py`, or
bench/generate.py.
"""

from __future__ import annotations

import sys
import time
from collections import defaultdict
from typing import Any, Callable

STAGES = [
    ("model", "compose_tolerant", "YAML composition"),
    ("model", "plain_data", "plain mapping"),
    ("model", "_cross_problems", "checks across entries"),
    ("model", "_claim_file", "located models"),
    ("encode", "read_value", "  reading values"),
    ("encode", "read_explicit", "  reading explicit values"),
    ("rules", "parse_rule", "  parsing rules"),
    ("encode", "check_units", "  checking units"),
]


def _timed(spent: dict[str, float], name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    def run(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[name] += time.process_time() - start
    return run


def main(paths: list[str]) -> int:
    import importlib

    from checker import api, check, encode, forms, model

    spent: dict[str, float] = defaultdict(float)
    for module, attr, name in STAGES:
        mod = importlib.import_module(f"checker.{module}")
        setattr(mod, attr, _timed(spent, name, getattr(mod, attr)))
    validate = forms.FileForm.model_validate
    model.FileForm = type("TimedFileForm", (), {  # type: ignore[misc]
        "model_validate": staticmethod(_timed(spent, "form validation", validate)),
        "model_fields": forms.FileForm.model_fields})
    encode.encode = _timed(spent, "encoding (all of it)", encode.encode)
    check._Analysis.report = _timed(spent, "solver, findings, report", check._Analysis.report)
    for path in paths:
        spent.clear()
        text = open(path, encoding="utf-8").read()
        start = time.process_time()
        report = api.check_text(text, path=path)
        total = time.process_time() - start
        print(f"{path}: {report.status}, {total:.2f} s of CPU in all")
        for name, seconds in spent.items():
            print(f"  {name:28} {seconds:6.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
