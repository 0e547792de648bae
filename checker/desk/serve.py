"""`figcheck desk`: open a session on a claim file or a draft, serve it on 127.0.0.1, open a browser.

The server listens on a socket bound here to 127.0.0.1 and a port the system picks (free by
construction), never on another interface. The address it prints carries the session's token.
"""

from __future__ import annotations

import os
import secrets
import socket
import threading
import webbrowser
from pathlib import Path
from typing import Any, Callable, TextIO

from ..check import CheckOptions
from .session import DeskError, Session

CLAIM_SUFFIXES = (".yaml", ".yml")
# A claim file small enough to check at once that still takes every step of the pipeline.
WARM_UP = """version: 1
quantities:
  total: {unit: people}
  part: {unit: people}
relations:
  - {id: r, rule: total >= part}
claims:
  - {id: a, quantity: total, value: 10}
  - {id: b, quantity: part, value: about 12}
"""


def open_session(target: str, *, output: str | None = None, options: CheckOptions | None = None) -> Session:
    """A session on a claim file (with the draft it names) or on a draft (from `extract`)."""
    path = Path(target)
    if not path.is_file():
        raise DeskError(f"{target} is not a file: name a claim file or a draft")
    if path.suffix.lower() in CLAIM_SUFFIXES:
        if output is not None:
            raise DeskError("-o names the claim file to make from a draft; a claim file is saved in place")
        return _claim_session(path, options)
    claim = Path(output) if output else path.with_suffix(".yaml")
    if claim.suffix.lower() not in CLAIM_SUFFIXES:
        raise DeskError(f"the claim file {claim} should end in .yaml")
    if claim.exists():
        raise DeskError(f"{claim} exists already; open it with `figcheck desk {claim}`, or choose another with -o")
    from ..draft import load_draft
    from ..extract import extract_claims
    from ..problems import InputError

    try:
        draft_text = load_draft(path).text
    except InputError as exc:
        raise DeskError(exc.problems[0].message) from None
    reference = Path(os.path.relpath(path.resolve(), claim.resolve().parent)).as_posix()
    return Session(claim, path, start_text=extract_claims(draft_text, reference), options=options)


def _claim_session(path: Path, options: CheckOptions | None) -> Session:
    from .edits import document

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DeskError(f"cannot read {path}: {exc}") from None
    named = document(text).get("draft")
    draft = path.parent / named if isinstance(named, str) and named else None
    if draft is not None and not draft.is_file():
        draft = None  # the check reports the missing draft where the file names it
    return Session(path, draft, start_text=text, options=options)


class Desk:
    """A running desk server for one session: `start()` in a thread, `url`, `stop()`."""

    def __init__(self, session: Session, port: int = 0) -> None:
        import uvicorn

        from .app import build_app

        self.session = session
        self.token = secrets.token_urlsafe(32)
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            self.socket.bind(("127.0.0.1", port))
        except OSError as exc:
            self.socket.close()
            raise DeskError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}") from None
        self.port = self.socket.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/?token={self.token}"
        config = uvicorn.Config(build_app(session, self.token, self.port), log_level="warning",
                                access_log=False, lifespan="off", server_header=False)
        self.server = uvicorn.Server(config)
        self._thread: threading.Thread | None = None

    def run(self, on_ready: Callable[[], None] | None = None) -> None:
        """Serve until interrupted (Ctrl-C); `on_ready` is called once the socket answers."""
        if on_ready is not None:
            threading.Thread(target=self._when_ready, args=(on_ready,), daemon=True).start()
        self.server.run(sockets=[self.socket])

    def start(self) -> "Desk":
        """Serve on a background thread (tests, notebooks); returns once it answers."""
        ready = threading.Event()
        self._thread = threading.Thread(target=self.run, args=(ready.set,), daemon=True)
        self._thread.start()
        if not ready.wait(20):
            raise DeskError("the desk's server did not start")
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.session.checker.cancel()
        if self._thread is not None:
            self._thread.join(10)
        self.socket.close()

    def _when_ready(self, on_ready: Callable[[], None]) -> None:
        import time

        while not self.server.started and not self.server.should_exit:
            time.sleep(0.02)
        if self.server.started:
            on_ready()


def run_desk(target: str, *, output: str | None, browser: bool, port: int, out: TextIO,
             options: CheckOptions | None = None) -> int:
    """The `figcheck desk` command: 0 after a clean stop; DeskError for what it will not do."""
    session = open_session(target, output=output, options=options)
    session.checker.check(WARM_UP)  # load the pipeline now, not on the page's first check
    desk = Desk(session, port)

    def ready() -> None:
        print(f"figcheck desk: {desk.url}", file=out, flush=True)
        print(f"  claim file: {session.shown}{'' if session.disk.digest else ' (made when you save)'}",
              file=out, flush=True)
        print("  Ctrl-C stops the desk; edits not yet saved are kept by the browser.", file=out, flush=True)
        if browser:
            webbrowser.open(desk.url)

    desk.run(ready)
    return 0


def main_args(args: Any, out: TextIO) -> int:
    """Entry from the CLI's parsed arguments (kept here so cli.py stays a few lines)."""
    return run_desk(args.target, output=args.output, browser=args.browser, port=args.port, out=out,
                    options=settings())


def settings() -> CheckOptions:
    """The check options `figcheck check` would use here: `[tool.figcheck]`'s vocabulary and budget."""
    from ..config import find_config

    config = find_config()
    budget = {} if config.time_budget is None else {"time_budget": config.time_budget}
    return CheckOptions(vocabulary=dict(config.vocabulary), **budget)
