"""One writer per workspace: an advisory lock on build/.lock held while facts or outputs are written."""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from briefgen.errors import BriefgenError

LOCK_NAME = ".lock"
DEFAULT_WAIT = 600.0
_held: dict[Path, int] = {}  # lock file -> nesting depth in this process
_fds: set[int] = set()  # descriptors of the lock files held by this process


def _close_in_child() -> None:
    # A forked worker inherits the descriptor, and flock holds until every copy is closed: a
    # worker outliving its parent would keep the workspace locked. Closing the child's copy
    # leaves the parent's lock in place.
    for fd in _fds:
        with contextlib.suppress(OSError):
            os.close(fd)
    _fds.clear()
    _held.clear()


os.register_at_fork(after_in_child=_close_in_child)


class LockError(BriefgenError):
    """Another briefgen run kept the workspace locked for too long."""


def _holder(path: Path) -> str:
    """Who holds the lock, from the kernel's lock table (so taking the lock writes nothing)."""
    try:
        inode = path.stat().st_ino
        with open("/proc/locks", encoding="ascii") as table:
            for line in table:
                fields = line.split()
                # "1: FLOCK  ADVISORY  WRITE 4242 08:01:1234 0 EOF"; blocked waiters are marked "->"
                if len(fields) >= 6 and fields[1] == "FLOCK" and fields[5].rsplit(":", 1)[-1] == str(inode):
                    return f"another briefgen run (pid {fields[4]})"
    except (OSError, ValueError, IndexError):
        pass
    return "another briefgen run"


@contextlib.contextmanager
def workspace_lock(build: Path, *, wait: float = DEFAULT_WAIT,
                   on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the workspace lock; wait up to ``wait`` seconds (saying so once) if another run holds it."""
    path = (Path(build) / LOCK_NAME).resolve()
    if path in _held:
        # flock conflicts between two descriptors of one process, so nested use is counted.
        _held[path] += 1
        try:
            yield
        finally:
            _held[path] -= 1
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not told and on_wait is not None:
                    on_wait(f"waiting for {_holder(path)} to finish with this workspace…")
                    told = True
                if time.monotonic() >= deadline:
                    raise LockError(f"{_holder(path)} still holds the workspace lock after {wait:g} s; "
                                    f"try again when it has finished", file=str(path)) from None
                time.sleep(0.1)
        _held[path] = 1
        _fds.add(fd)
        try:
            yield
        finally:
            _held.pop(path, None)
            _fds.discard(fd)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def remove_partial_files(folder: Path) -> list[Path]:
    """Delete temporary files left by an interrupted atomic write (call with the lock held)."""
    removed = []
    if not Path(folder).is_dir():
        return removed
    for path in Path(folder).rglob(".*.tmp"):
        if path.is_file():
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed
