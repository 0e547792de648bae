"""A hard bound on each piece of work: it runs in a forked child that is killed at its deadline.

The solver keeps its own budget and stops itself in the ordinary case; this is the bound
that holds when it does not (a sympy call, a loop that never looks at the clock, a file
built to exhaust memory). The parent only waits on pipes and the clock, so nothing the
child does can starve it. Each child also gets an address-space cap (RLIMIT_AS) and a CPU
cap a little above its wall budget, so that even a child whose parent died ends itself.
"""

from __future__ import annotations

import gc
import io
import math
import os
import pickle
import selectors
import signal
import time
from collections import deque
from typing import Any, Callable, NamedTuple, Sequence

# Exit statuses a child uses to say how it ended, besides 0 (a result on the pipe).
_OUT_OF_MEMORY = 3
_BROKEN = 4


class Outcome(NamedTuple):
    """What one piece of work gave: `value`, or why there is none (`failure`)."""

    value: Any = None
    # None, "time" (killed at the deadline), "memory" (over the memory cap) or "crash"
    failure: str | None = None
    detail: str = ""  # for "crash": what went wrong, for the bug report
    told: Any = None  # the last thing the work said with `tell` before it ended


# The pipe to the parent, in a child; None in the parent and without a watchdog.
_channel: int | None = None


def tell(value: Any) -> None:
    """From inside bounded work: say something the parent keeps even if the work is killed."""
    if _channel is not None:
        _send(_channel, ("told", value))


def detach() -> None:
    """In a process forked from bounded work (a helper of its own): let go of the pipe to
    the parent, which reads it to its end, so that only the work itself holds it open."""
    global _channel
    if _channel is not None:
        os.close(_channel)
        _channel = None


def _send(fd: int, message: Any) -> None:
    view = memoryview(pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL))
    while view:
        view = view[os.write(fd, view):]


def can_fork() -> bool:
    return hasattr(os, "fork")


def run_bounded(
    calls: Sequence[Callable[[], Any]],
    jobs: int,
    seconds: float,
    memory_bytes: int | None,
    done: Callable[[int], None] | None = None,
    warm: Sequence[str] = (),
) -> list[Outcome]:
    """Run each call in a child of its own, at most `jobs` at once, each for `seconds` at most.

    Outcomes come back in the order of `calls`, whatever order the children end in, so
    the result does not depend on `jobs`. `done(count)` is called as children end. A module
    of `warm` (a slow import, such as sympy) that a child had to import is imported here
    too, so that later children inherit it instead of importing it again.
    """
    outcomes: list[Outcome | None] = [None] * len(calls)
    waiting = deque(enumerate(calls))
    running: dict[int, _Child] = {}
    finished = 0
    selector = selectors.DefaultSelector()
    previous = _end_on_sigterm()
    try:
        while waiting or running:
            while waiting and len(running) < max(1, jobs):
                index, call = waiting.popleft()
                child = _start(index, call, seconds, memory_bytes)
                running[child.fd] = child
                selector.register(child.fd, selectors.EVENT_READ, child)
            wait = max(0.0, min(c.deadline for c in running.values()) - time.monotonic())
            for key, _ in selector.select(wait):
                child = key.data
                chunk = os.read(child.fd, 1 << 20)
                if chunk:
                    child.chunks.append(chunk)
                    continue
                selector.unregister(child.fd)
                del running[child.fd]
                outcomes[child.index] = child.collect()
                _warm_up(child, warm)
                finished += 1
                if done:
                    done(finished)
            now = time.monotonic()
            for child in [c for c in running.values() if c.deadline <= now]:
                selector.unregister(child.fd)
                del running[child.fd]
                child.kill()
                outcomes[child.index] = Outcome(failure="time", told=child.told())
                finished += 1
                if done:
                    done(finished)
    finally:
        # Interrupted (Ctrl-C) or failing: no child outlives the run.
        for child in running.values():
            child.kill()
        selector.close()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    return [o if o is not None else Outcome(failure="crash") for o in outcomes]


class _Child:
    def __init__(self, index: int, pid: int, fd: int, deadline: float) -> None:
        self.index, self.pid, self.fd, self.deadline = index, pid, fd, deadline
        self.chunks: list[bytes] = []
        self._read: tuple[int, list[tuple[str, Any]]] | None = None  # messages() of so many chunks

    def kill(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(self.pid, 0)
        os.close(self.fd)

    def messages(self) -> list[tuple[str, Any]]:
        """What the child sent, in order; a message cut off by a kill is dropped. Read once
        for what has come so far (a large table's report is megabytes of pickle)."""
        if self._read is not None and self._read[0] == len(self.chunks):
            return self._read[1]
        stream = io.BytesIO(b"".join(self.chunks))
        out = []
        # Unpickling makes no garbage cycles, and the collector would walk every new object
        # over and over while a report of tens of thousands of ranges is built.
        collecting = gc.isenabled()
        gc.disable()
        try:
            while stream.tell() < len(stream.getbuffer()):
                try:
                    out.append(pickle.load(stream))
                except Exception:  # noqa: BLE001 - the rest was cut off when the child was killed
                    break
        finally:
            if collecting:
                gc.enable()
        self._read = (len(self.chunks), out)
        return out

    def imported(self) -> frozenset[str]:
        return next((value for kind, value in self.messages() if kind == "imported"), frozenset())

    def told(self) -> Any:
        return next((value for kind, value in reversed(self.messages()) if kind == "told"), None)

    def collect(self) -> Outcome:
        """The child closed its pipe: it is ending; reap it and read what it said."""
        _, status = os.waitpid(self.pid, 0)
        os.close(self.fd)
        code = os.waitstatus_to_exitcode(status)
        told = self.told()
        if code == _OUT_OF_MEMORY or code == -signal.SIGKILL:
            # SIGKILL from no one here: the kernel's OOM killer
            return Outcome(failure="memory", told=told)
        if code == -getattr(signal, "SIGXCPU", 24):
            return Outcome(failure="time", told=told)
        if code != 0:
            return Outcome(failure="crash", detail=f"the worker ended with status {code}")
        answer = [(kind, value) for kind, value in self.messages() if kind in ("ok", "error")]
        if not answer:
            return Outcome(failure="crash", detail="no answer from the worker")
        kind, value = answer[-1]
        return Outcome(value) if kind == "ok" else Outcome(failure="crash", detail=value)


def _end_on_sigterm() -> Any:
    """A CI runner cancels with SIGTERM: end through `finally`, so that the children die too."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        return None

    def stop(signum: int, frame: Any) -> None:
        raise SystemExit(128 + signum)

    return signal.signal(signal.SIGTERM, stop)


def _warm_up(child: _Child, modules: Sequence[str]) -> None:
    import importlib
    import sys

    for name in modules:
        if name not in sys.modules and name in child.imported():
            importlib.import_module(name)


def _start(index: int, call: Callable[[], Any], seconds: float, memory_bytes: int | None) -> _Child:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into the caller's code
        try:
            os.close(read_end)
            _in_child(call, write_end, seconds, memory_bytes)
        finally:
            os._exit(_BROKEN)
    os.close(write_end)
    return _Child(index, pid, read_end, time.monotonic() + seconds)


def _in_child(call: Callable[[], Any], fd: int, seconds: float, memory_bytes: int | None) -> None:
    global _channel
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGPIPE):
        signal.signal(sig, signal.SIG_DFL)
    _limit(seconds, memory_bytes)
    _channel = fd
    import sys

    before = set(sys.modules)
    try:
        answer: tuple[str, Any] = ("ok", call())
        _send(fd, answer)
    except MemoryError:
        os._exit(_OUT_OF_MEMORY)
    except Exception as exc:  # noqa: BLE001 - the parent reports it as this file's internal error
        _send(fd, ("error", f"{type(exc).__name__}: {exc}"))
    _send(fd, ("imported", frozenset(m for m in set(sys.modules) - before if "." not in m)))
    os._exit(0)


def _limit(seconds: float, memory_bytes: int | None) -> None:
    import resource

    if memory_bytes:
        _lower(resource, resource.RLIMIT_AS, memory_bytes)
    # A backstop for a parent that died without killing its child: the CPU cap ends it.
    _lower(resource, resource.RLIMIT_CPU, math.ceil(seconds) + 2)


def _lower(resource: Any, which: int, value: int) -> None:
    soft, hard = resource.getrlimit(which)
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    try:
        resource.setrlimit(which, (value, hard))
    except (ValueError, OSError):
        pass
