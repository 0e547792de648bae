"""figcheck desk: the draft and its claims side by side in a browser, checked on every edit.

Needs the `desk` extra (`pip install 'figcheck[desk]'`): starlette, uvicorn and ruamel.yaml.
Nothing outside this package imports it, so `figcheck check` never loads the web stack.
"""

from __future__ import annotations

import importlib.util

REQUIRES = ("starlette", "uvicorn", "ruamel.yaml")


def missing_packages() -> list[str]:
    """The desk extra's packages that are not installed (found without importing them)."""
    missing = []
    for name in REQUIRES:
        try:
            found = importlib.util.find_spec(name) is not None
        except ModuleNotFoundError:  # `ruamel` itself is absent
            found = False
        if not found:
            missing.append(name)
    return missing
