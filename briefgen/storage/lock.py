"""One writer per workspace: an advisory lock on build/.lock held while facts or outputs are written."""

from __future__ import annotations

import contextlib
import errno
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
    # The folder is resolved, the lock file itself never: a link there is refused, not followed.
    path = Path(build).resolve() / LOCK_NAME
    if path in _held:
        # flock conflicts between two descriptors of one process, so nested use is counted.
        _held[path] += 1
        try:
            yield
        finally:
            _held[path] -= 1
        return
    fd = _open_lock(path)
    if fd is None:  # a read-only file system: no run can write here, so there is nothing to exclude
        yield
        return
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


def _open_lock(path: Path) -> int | None:
    """A descriptor of the lock file (flock works on a read-only one too), or None on a
    read-only file system; LockError naming the path and the cause otherwise."""
    nofollow = getattr(os, "O_NOFOLLOW", 0)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return os.open(path, os.O_RDWR | os.O_CREAT | nofollow, 0o644)
    except OSError as exc:
        first = exc
    if first.errno == errno.ELOOP or path.is_symlink():
        raise LockError("the workspace lock is a symbolic link; briefgen does not follow it (delete it)",
                        file=str(path)) from None
    if first.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        try:
            return os.open(path, os.O_RDONLY | nofollow)
        except OSError:
            if first.errno == errno.EROFS:
                return None
    raise LockError(f"cannot create the workspace lock: {first.strerror}", file=str(path)) from None


def remove_partial_files(folder: Path) -> list[Path]:
    """Delete temporary files that briefgen's atomic writer left when it was interrupted (named
    by its own pattern, writer no longer running); any other file is left alone."""
    from briefgen.storage.atomic import leftover_pid

    removed: list[Path] = []
    if not Path(folder).is_dir():
        return removed
    for path in Path(folder).rglob(".*.tmp"):
        pid = leftover_pid(path.name)
        if pid is None or path.is_symlink() or not path.is_file():
            continue
        if pid != os.getpid() and _dead(pid):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def _dead(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False
    return False
