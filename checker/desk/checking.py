"""Checks run in the desk's own process, through checker.api (the pipeline `figcheck check`
runs), and can be stopped.

Each check runs on a thread of its own. Stopping it raises `Cancelled` inside that thread
(CPython's asynchronous exception): the solver is plain Python, so the exception lands within
a few bytecodes, and a check keeps all its state in its own objects, so nothing outlives it.
A newer edit stops the check of an older text: only the latest text's report is wanted.
"""

from __future__ import annotations

import ctypes
import threading
import time
from typing import NamedTuple

from .. import api
from ..check import CheckOptions
from ..findings import FileReport


class Cancelled(BaseException):
    """Raised inside a check's thread to stop it (BaseException: no `except Exception` eats it)."""


class Outcome(NamedTuple):
    report: FileReport | None  # None when the check was stopped
    milliseconds: float


class LiveChecker:
    """One check at a time for one claim file; `cancel` stops the one running."""

    def __init__(self, shown: str, options: CheckOptions) -> None:
        self.shown, self.options = shown, options  # `shown`: the claim file as named here
        self._lock = threading.Lock()
        self._running: int | None = None  # the ident of the thread checking now
        self._serial = threading.Lock()  # checks run one after another
        self.started: float | None = None  # monotonic time the running check began

    def check(self, text: str) -> Outcome:
        """The report for `text`, stopping any check still running on an older text."""
        self.cancel()
        with self._serial:
            box: list[FileReport | None] = []
            begun = time.perf_counter()
            worker = threading.Thread(target=self._work, args=(text, box), name="figcheck-desk-check",
                                      daemon=True)
            with self._lock:
                worker.start()
                self._running = worker.ident
                self.started = time.monotonic()
            worker.join()
            return Outcome(box[0] if box else None, (time.perf_counter() - begun) * 1000)

    def _work(self, text: str, box: list[FileReport | None]) -> None:
        try:
            try:
                box.append(api.check_text(text, path=self.shown, options=self.options).file)
            finally:
                with self._lock:
                    self._running = None
                    self.started = None
        except Cancelled:
            pass  # an exception set just before the lock was taken lands here

    def cancel(self) -> bool:
        """Stop the check running now, if any; whether one was stopped."""
        with self._lock:
            if self._running is None:
                return False
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self._running),
                                                       ctypes.py_object(Cancelled))
            self._running = None
            return True

    def running_for(self) -> float | None:
        """Seconds the running check has taken so far (None when idle): the page's progress."""
        started = self.started
        return None if started is None else time.monotonic() - started
