"""One desk session: the claim file and draft it was opened with, the text being edited, saving.

The session never reads or writes any other file: the paths are fixed when it opens, and
no request can name another. Saving writes a temporary file beside the claim file and
renames it over the old one (atomic on one file system), after keeping the old one as
`NAME~`; it refuses when the file on disk changed since the desk last read or wrote it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Any, NamedTuple

from ..check import CheckOptions
from .checking import LiveChecker
from .edits import apply, document
from .view import report_view


class DeskError(Exception):
    """Something the desk will not do, in a sentence for the user."""


class Disk(NamedTuple):
    """What the claim file on disk was when the desk last read or wrote it."""

    digest: str | None  # sha256 of the bytes; None while the file does not exist yet
    mtime_ns: int | None


def _disk(path: Path) -> Disk:
    try:
        data = path.read_bytes()
        return Disk(hashlib.sha256(data).hexdigest(), path.stat().st_mtime_ns)
    except FileNotFoundError:
        return Disk(None, None)


class Session:
    """The claim file (existing, or to be made from a draft) and the text the page edits."""

    def __init__(self, claim_path: Path, draft_path: Path | None, *, start_text: str | None = None,
                 options: CheckOptions | None = None) -> None:
        self.claim_path = claim_path.resolve()
        self.shown = _shown(self.claim_path)
        self.draft_path = draft_path.resolve() if draft_path else None
        self.disk = _disk(self.claim_path)
        if start_text is None:
            start_text = self.claim_path.read_text(encoding="utf-8")
        self.text = start_text
        # The draft as the file names it: a text naming another is not checked, so the
        # desk never reads a file it was not opened with.
        self.draft_ref = document(start_text).get("draft")
        self.revision = 0
        self.lock = threading.Lock()
        self.checker = LiveChecker(self.shown, options or CheckOptions())
        self._suggestions: list[dict[str, Any]] | None = None
        self._draft: tuple[str | None] | None = None  # the draft as first read, sent to the page once
        self._last: tuple[str, dict[str, Any]] | None = None  # the last text checked, and its report

    # -- what the page reads ---------------------------------------------------------
    def state(self, *, check: bool = True, reuse: bool = False) -> dict[str, Any]:
        """The text, its claims as the page lists them, and (when asked) a fresh report.

        `reuse`: an edit that left the text as it was (a value set to what it was) answers
        with the report of that same text, checked a moment ago, instead of checking again.
        """
        text, revision = self.text, self.revision
        out: dict[str, Any] = {
            "path": self.shown,
            "draft_path": _shown(self.draft_path) if self.draft_path else None,
            "revision": revision,
            "text": text,
            "saved": self.disk.digest is not None and self.disk.digest == _sha(text),
            "exists": self.disk.digest is not None,
            "disk": self.disk.digest,
            "document": document(text),
        }
        if check and out["document"].get("draft") != self.draft_ref:
            out["report"] = None
            out["error"] = (f"article.draft must stay {self.draft_ref!r}, the draft the desk was opened with; "
                            "to check against another draft, open the desk again")
        elif check and reuse and self._last is not None and self._last[0] == text:
            out["report"], out["checked_ms"] = self._last[1], 0.0
        elif check:
            outcome = self.checker.check(text)
            out["checked_ms"] = round(outcome.milliseconds, 1)
            if outcome.report is None:
                out["report"] = None  # stopped: the page says so and keeps the last report
            else:
                out["report"] = self._sent_once(report_view(outcome.report))
                self._last = (text, out["report"])
        return out

    def _sent_once(self, view: dict[str, Any]) -> dict[str, Any]:
        """The report without the draft's text when the page has it already (from `draft_text`):
        a draft is some kilobytes, the same on every edit. The page falls back on its copy."""
        shown = view.get("draft")
        if shown is not None and shown["text"] == self.draft_text():
            view["draft"] = {**shown, "text": None}
        return view

    def draft_text(self) -> str | None:
        """The draft the desk was opened with, line ends as the checker reads them; read once.

        Each check reads the draft again (as `figcheck check` would), so a draft changed on
        disk since is still checked as it is now, and its report then carries the new text.
        """
        if self._draft is None:
            self._draft = (self._read_draft(),)
        return self._draft[0]

    def _read_draft(self) -> str | None:
        if self.draft_path is None:
            return None
        from ..draft import load_draft
        from ..problems import InputError

        try:
            return load_draft(self.draft_path).text
        except InputError:  # gone or unreadable since: the check's report says so
            return None

    def suggestions(self) -> list[dict[str, Any]]:
        """For each figure `extract` would make a claim of: its quote, name, unit and value."""
        if self._suggestions is None:
            self._suggestions = _suggestions(self.draft_text()) if self.draft_path else []
        return self._suggestions

    # -- what the page changes ---------------------------------------------------------
    def edit(self, edit: dict[str, Any]) -> bool:
        """Make one edit from the page; whether it changed the text."""
        with self.lock:
            text = apply(self.text, edit)
            if text == self.text:
                return False
            self.text = text
            self.revision += 1
            return True

    def restore(self, text: str, based_on: str | None) -> None:
        """Unsaved text kept by the page (a reload, a restart), if it was based on this file."""
        if based_on != self.disk.digest:
            raise DeskError("the unsaved edits were made to another version of the file")
        with self.lock:
            self.text = text
            self.revision += 1

    def reload(self) -> None:
        """The file as it is on disk now, dropping the desk's unsaved edits."""
        with self.lock:
            self.text = self.claim_path.read_text(encoding="utf-8")
            self.disk = _disk(self.claim_path)
            self.revision += 1

    def changed_on_disk(self) -> bool:
        now = _disk(self.claim_path)
        if now.mtime_ns == self.disk.mtime_ns and now.digest is None and self.disk.digest is None:
            return False
        return now.digest != self.disk.digest

    def save(self) -> None:
        """Write the text over the claim file, keeping the old one as `NAME~`; atomic."""
        with self.lock:
            if self.changed_on_disk():
                raise DeskError(f"{self.shown} was changed outside the desk since it was opened; "
                                "the desk will not overwrite it (reload it from disk, or copy your edits)")
            target = self.claim_path
            data = self.text.encode("utf-8")
            fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                    handle.flush()
                    os.fsync(handle.fileno())
                if target.exists():
                    os.chmod(temporary, target.stat().st_mode & 0o777)
                    backup = target.with_name(target.name + "~")
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(backup)
                    try:
                        os.link(target, backup)  # the old version stays whole under its new name
                    except OSError:  # a file system without hard links
                        shutil.copy2(target, backup)
                os.replace(temporary, target)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                raise
            self.disk = _disk(target)


def _shown(path: Path) -> str:
    """The path as the user would type it here: relative below the working directory."""
    try:
        return path.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _suggestions(draft: str | None) -> list[dict[str, Any]]:
    """The claims `extract` writes for the draft, each placed on the figure it is about."""
    if not draft:
        return []
    import yaml

    from ..draft import locate_quote, make_draft
    from ..extract import extract_claims

    skeleton = yaml.safe_load(extract_claims(draft, "draft")) or {}
    units = {name: (q or {}).get("unit") for name, q in (skeleton.get("quantities") or {}).items()}
    located = make_draft(draft, "draft")
    out = []
    for claim in skeleton.get("claims") or []:
        quote, value = str(claim.get("quote") or ""), str(claim.get("value") or "")
        match = locate_quote(located, quote)
        if not match.found or not value:
            continue
        at = located.text.find(value, match.start, match.end)
        if at < 0:
            continue
        name = claim.get("quantity")
        out.append({"start": at, "end": at + len(value), "quote": quote, "value": value,
                    "quantity": name, "unit": units.get(name) or "count", "where": claim.get("where"),
                    "source": claim.get("source")})
    return out
