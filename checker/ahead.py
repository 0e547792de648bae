"""The first questions of a file's many small parts, answered ahead by a second process.

A table of thousands of independent rows asks each row one question first (do its claims
all hold?), and most rows hold. Those questions share nothing, so where a core is spare a
forked helper answers them from the last row backwards while the search works forwards
from the first, and the two meet in the middle.

The helper runs the very code the search would (a fresh part, the same question, the same
arithmetic), so an answer it sends is the answer the search would have found, and it comes
with the work units it cost. The search counts those units as if it had done the work, and
takes an answer only where its own budget could have paid for all of it; so the report is
the same bytes with a helper or without, on any machine. Only holding answers are sent with
what they found; a row that fails is left to the search, which needs its reasons.
"""

from __future__ import annotations

import os
import pickle
import signal
import struct
from collections.abc import Callable
from typing import Any

from . import watchdog

_HEADER = struct.Struct("<I")  # the length of the message that follows
_MISSING = object()


class Ahead:
    """The parent's end: the answers the helper has sent so far, taken one by one."""

    def __init__(self, pid: int, fd: int) -> None:
        self.pid: int | None = pid
        self.fd: int | None = fd
        self.answers: dict[int, Any] = {}
        self._buffer = bytearray()

    @classmethod
    def start(cls, answer: Callable[[int], Any], keys: list[int]) -> Ahead | None:
        """Fork a helper that sends `(key, answer(key))` for each key, the last key first;
        None where the system cannot fork (the search then asks every question itself)."""
        read_end, write_end = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read_end)
            os.close(write_end)
            return None
        if pid == 0:  # the helper: never returns into the caller's code
            try:
                os.close(read_end)
                watchdog.detach()
                parent = os.getppid()
                for key in reversed(keys):
                    if os.getppid() != parent:
                        break  # the search is gone: nobody will read this
                    _send(write_end, (key, answer(key)))
            finally:
                # Whatever happened (the search stopped reading, the budget ran out, a bug):
                # the search asks the rest itself, so the helper just ends.
                os._exit(0)
        os.close(write_end)
        os.set_blocking(read_end, False)
        return cls(pid, read_end)

    def take(self, key: int) -> Any:
        """The helper's answer for `key`, or None when it has none (not yet, or the row did not
        hold). The first key found answered is where the two met: the helper has answered
        every later key already, so it is stopped."""
        found = self.answers.pop(key, _MISSING)
        if found is _MISSING and self.fd is not None:
            self._drain()
            found = self.answers.pop(key, _MISSING)
        if found is _MISSING:
            return None
        self.stop()
        return found

    def stop(self) -> None:
        """End the helper (at once: what it is working on the search has done) and reap it."""
        if self.pid is not None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(self.pid, 0)
            self.pid = None
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None

    def _drain(self) -> None:
        """Read whatever the helper has written, without waiting."""
        assert self.fd is not None
        while True:
            try:
                chunk = os.read(self.fd, 1 << 20)
            except BlockingIOError:
                break
            if not chunk:  # the helper has sent all it will
                os.close(self.fd)
                self.fd = None
                break
            self._buffer += chunk
        buffer, at = self._buffer, 0
        while len(buffer) - at >= _HEADER.size:
            (size,) = _HEADER.unpack_from(buffer, at)
            if len(buffer) - at - _HEADER.size < size:
                break
            start = at + _HEADER.size
            key, value = pickle.loads(buffer[start:start + size])
            self.answers[key] = value
            at = start + size
        del buffer[:at]


def _send(fd: int, message: Any) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(_HEADER.pack(len(data)) + data)
    while view:
        view = view[os.write(fd, view):]
