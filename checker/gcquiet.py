"""Python's cycle collector kept out of the way while a large file is read and solved.

Reading a file builds millions of small objects (located nodes, positions, models, intervals,
constraints) and next to no garbage cycles. Each time the collector runs on its oldest
generation it walks every one of them again: on a 30,000-claim table that was a third of the
whole check. So the collector is paused while a file is read and encoded, and what was read
is then frozen (`gc.freeze`) and the collector stays paused while the solver works (it makes
next to no cycles either); both end with the check, and nothing about the answer depends on
them.

Both switches are process-wide. The desk checks in threads, so a count of the checks inside
decides: the first in switches the collector off (if it was on), the last out back on.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from typing import Iterator

_lock = threading.Lock()
_paused = 0  # checks inside `paused()`
_resume = False  # whether the collector was on when the first of them came in
_frozen = 0  # checks inside `frozen()`
_ending = False  # the process ends with its check (see ends_with_the_check)


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """No cycle collection inside: for reading and encoding, which make no garbage cycles."""
    global _paused, _resume
    with _lock:
        if _paused == 0:
            _resume = gc.isenabled()
            gc.disable()
        _paused += 1
    try:
        yield
    finally:
        with _lock:
            _paused -= 1
            if _paused == 0 and _resume:
                gc.enable()


def ends_with_the_check() -> None:
    """In a process that ends when its check does (the watchdog's child): what the check froze
    stays frozen. Thawed, it would be walked by a full collection that takes a third of a
    second on a large table, for objects the process's exit frees anyway."""
    global _ending
    _ending = True


@contextlib.contextmanager
def frozen() -> Iterator[None]:
    """What exists on entry is left out of collections (the loaded file, while solving), and
    no collection runs inside. The solver makes next to no garbage cycles (1,340 objects in
    all on a 5,000-row table, 4,985 on a 1,000-claim table with 30 wrong), but it builds many
    long-lived objects, and each full collection walked them all again: a fifth of solving
    a table of thousands of rows. What cycles it does make are collected afterwards."""
    global _frozen
    with _lock:
        _frozen += 1
        gc.freeze()
    try:
        with paused():
            yield
    finally:
        with _lock:
            _frozen -= 1
            if _frozen == 0 and not _ending:
                gc.unfreeze()  # back in the oldest generation, collected as usual from here
