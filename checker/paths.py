"""Where figcheck may read and write: the project root, one safe read, the folder walk, and
the one way a report replaces a file.

A claim file and its draft come from whoever opened the pull request, so every path they
name is untrusted. A read goes through `read_untrusted`: the path is resolved (symbolic
links followed), must land inside the project root (or a folder the user widened it to on
the command line), must be a regular file outside `.git`, and is read with a bounded read
that never blocks. What is refused is never opened for reading, so no report can quote it.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path
from typing import NamedTuple, Sequence

from .problems import Problem

# A draft is an article: 8 MB of UTF-8 is far beyond any, and small enough to hold in memory.
MAX_DRAFT_BYTES = 8_000_000
# Files a claim file or the settings can never name, even inside a widened root: the
# kernel's views of the process and the machine, and devices.
_SYSTEM = (Path("/proc"), Path("/sys"), Path("/dev"))
_CLAIM_SUFFIXES = (".yaml", ".yml")


class Refused(Exception):
    """A path figcheck will not read; `why` is one of the keys of `REASONS`."""

    def __init__(self, why: str, message: str) -> None:
        super().__init__(message)
        self.why = why
        self.message = message


# why -> what a user can do about it
REASONS = {
    "missing": "check the path, or where the link points",
    "outside-project": "keep the file inside the project, or widen the root with --allow-read DIR "
                       "for a trusted local run",
    "not-a-file": "name a regular text file",
    "hidden": "a draft is never a hidden file (.env, .npmrc, .git/...): rename it",
    "too-large": "split the file, or name the part that matters",
    "unreadable": "check the file's permissions",
}


def project_root(start: Path) -> Path:
    """The project a file in folder `start` belongs to, resolved.

    Going up from `start` as written (so that a linked folder does not carry the search
    elsewhere), the first folder that holds a pyproject.toml or a .git is the root; with
    neither, `start` itself.
    """
    here = Path(os.path.abspath(start))
    for folder in (here, *here.parents):
        # os.path.exists: False, not an exception, for a name too long or otherwise unusable
        if os.path.exists(folder / "pyproject.toml") or os.path.exists(folder / ".git"):
            return real(folder) or here
    return real(here) or here


def real(path: Path) -> Path | None:
    """`path` with every symbolic link resolved, or None for a link loop or an unusable path."""
    try:
        return Path(os.path.realpath(path, strict=True))
    except (OSError, RuntimeError, ValueError):
        return None


def inside(path: Path, roots: Sequence[Path]) -> bool:
    """True when the resolved `path` is in one of `roots` and in no `.git` folder below it."""
    below = _below(path, roots)
    return below is not None and ".git" not in below


def _below(path: Path, roots: Sequence[Path]) -> tuple[str, ...] | None:
    """The parts of `path` below the first root that holds it; None when none does."""
    if any(path == s or s in path.parents for s in _SYSTEM):
        return None
    for root in roots:
        if path == root or root in path.parents:
            return path.relative_to(root).parts
    return None


def read_untrusted(path: Path, roots: Sequence[Path], limit: int, shown: str | None = None,
                   hidden: bool = True) -> bytes:
    """The bytes of a regular file inside `roots`, at most `limit` of them; else `Refused`.

    With `hidden=False`, a file that is hidden or in a hidden folder below the root is
    refused too: where a CI step leaves credentials (.env, .npmrc, .git/config).

    Opened without following a last link (the path is already resolved, so a link swapped
    in after the check is refused) and without blocking (a FIFO opens at once and is then
    refused as not a file); the read stops after `limit` bytes whatever the size claims.
    """
    shown = shown or str(path)
    if "\0" in str(path):  # no file has such a name; the system calls would refuse it with ValueError
        raise Refused("not-a-file", f"{shown} is not a file name: it holds a NUL character")
    # Where the path leads is judged before whether it exists, so that a claim file
    # cannot learn which files exist outside the project.
    if not inside(Path(os.path.realpath(path)), roots):
        raise Refused("outside-project", f"{shown} is outside the project ({_roots(roots)})")
    if not os.path.lexists(path):
        raise Refused("missing", f"{shown} does not exist")
    resolved = real(path)
    if resolved is None:
        if os.path.islink(path) and not os.path.exists(path):
            why = "is a symbolic link that loops" if _loops(path) else "is a broken symbolic link"
            raise Refused("missing", f"{shown} {why}")
        raise Refused("unreadable", f"{shown} cannot be resolved to a file")
    if not inside(resolved, roots):
        raise Refused("outside-project", f"{shown} is outside the project ({_roots(roots)})")
    if not hidden and any(part.startswith(".") for part in _below(resolved, roots) or ()):
        raise Refused("hidden", f"{shown} is a hidden file, or in a hidden folder")
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(resolved, flags)
    except IsADirectoryError:
        raise Refused("not-a-file", f"{shown} is a folder, not a file") from None
    except OSError as exc:
        raise Refused("unreadable", f"{shown} cannot be read ({exc.strerror or exc})") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise Refused("not-a-file", f"{shown} is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise Refused("not-a-file", f"{shown} is not a regular file (a {_kind(info.st_mode)})")
        if info.st_size > limit:
            raise Refused("too-large", f"{shown} is too large ({info.st_size:,} bytes; the limit is {limit:,})")
        os.set_blocking(fd, True)
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:  # the file grew since fstat, or reports no size (some special files)
            raise Refused("too-large", f"{shown} is too large (over {limit:,} bytes)")
        return b"".join(chunks)
    except OSError as exc:
        raise Refused("unreadable", f"{shown} cannot be read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)


def _loops(path: Path) -> bool:
    try:
        os.stat(path)
    except OSError as exc:
        import errno

        return exc.errno == errno.ELOOP
    return False


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "named pipe"), (stat.S_ISCHR, "character device"),
                       (stat.S_ISBLK, "block device"), (stat.S_ISSOCK, "socket")):
        if test(mode):
            return name
    return "special file"


def _roots(roots: Sequence[Path]) -> str:
    return "project root " + ", ".join(r.as_posix() for r in roots) if roots else "no root"


# -- walking folders -------------------------------------------------------------------------


class Found(NamedTuple):
    """A claim file met on a walk, or a folder or link the walk could not use (`problem`)."""

    path: Path
    shown: str
    problem: Problem | None = None


def walk_claim_files(folder: Path, shown: str) -> list[Found]:
    """Every *.yaml/*.yml below `folder`: its own files first, then its subfolders', by name.

    Linked folders are not entered (a link to `.` would make the walk endless or
    exponential), hidden folders are skipped, and a folder that cannot be listed is
    reported and passed over. Anything else with a claim file's name is listed, links and
    pipes included: the read refuses it later, naming it, if it is not a file inside the project.
    """
    out: list[Found] = []
    stack = [(folder, shown)]
    while stack:
        here, here_shown = stack.pop()
        try:
            with os.scandir(here) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            out.append(Found(here, here_shown, Problem(
                "unreadable-folder", f"cannot list the folder {here_shown}: {exc.strerror or exc}",
                None, "check the folder's permissions")))
            continue
        subfolders = []
        for entry in entries:
            name = f"{here_shown.rstrip('/')}/{entry.name}" if here_shown not in ("", ".") else entry.name
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_dir = False
            if is_dir:
                if not entry.name.startswith("."):
                    subfolders.append((Path(entry.path), name))
            elif entry.name.endswith(_CLAIM_SUFFIXES):
                # Links, pipes and devices too: reading them is refused, with their name.
                out.append(Found(Path(entry.path), name))
        stack.extend(reversed(subfolders))
    return out


# -- writing reports -------------------------------------------------------------------------


def refuse_replacing(target: Path) -> None:
    """A report replaces a regular file or nothing: never a link, a device, a pipe or a folder.

    Run as root in a CI container, a rename over /dev/null or over a link would replace it.
    """
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise Refused("unreadable", f"cannot write {target}: {exc.strerror or exc}") from None
    if stat.S_ISREG(mode):
        return
    kind = "a symbolic link" if stat.S_ISLNK(mode) else "a folder" if stat.S_ISDIR(mode) else f"a {_kind(mode)}"
    raise Refused("not-a-file", f"cannot write {target}: it is {kind}, and figcheck replaces only "
                                "regular files; name a regular file, or - for standard output")


def write_whole(target: Path, text: str) -> None:
    """Write all of `text` to `target` or nothing: a temporary file beside it, then a rename.

    Two runs writing one path each rename a whole file, so the last one wins whole. Raises
    `Refused` for a target that is not a regular file, OSError when the folder is not writable.
    """
    refuse_replacing(target)  # again, just before: the check may have run for a while
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(temporary, _file_mode(target))
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _file_mode(target: Path) -> int:
    """The mode a plain `open(target, "w")` would leave (mkstemp's 0600 would hide reports)."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
