"""Atomic writes: a temporary file beside the target, synced, then renamed over it.

A crash, Ctrl-C or kill -9 leaves either the old file or the new one, never half of either.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from pathlib import Path

from briefgen.errors import BriefgenError


def write_text_atomic(path: Path, text: str) -> bool:
    """Write ``text`` to ``path`` via a temporary file and rename; False if unchanged."""
    data = text.encode("utf-8")
    return write_bytes_atomic(path, data)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# ".<target name>.briefgen-<pid>-<random>.tmp": only files named so are ever deleted as leftovers,
# and only when the writer <pid> is gone (a user's own ".draft.tmp" beside the outputs is theirs).
_TEMP_NAME = re.compile(r"\A\..+\.briefgen-(\d+)-[^.]+\.tmp\Z")


class WriteError(BriefgenError):
    """A file could not be written (disk full, no permission, not a regular file)."""


def leftover_pid(name: str) -> int | None:
    """The writer's pid when ``name`` is a temporary file of briefgen's atomic writer, else None."""
    match = _TEMP_NAME.match(name)
    return int(match.group(1)) if match else None
_swept: set[Path] = set()


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def _sweep_stale(folder: Path) -> None:
    """Delete temporary files that killed writers left in ``folder`` (once per folder and process)."""
    key = folder.resolve()
    if key in _swept:
        return
    _swept.add(key)
    for leftover in folder.glob(".*.tmp"):
        pid = leftover_pid(leftover.name)
        if pid is not None and not _alive(pid):
            try:
                leftover.unlink()
            except OSError:
                pass


def _unchanged(path: Path, data: bytes) -> bool:
    """True when ``path`` is a regular file holding exactly ``data``. Anything else already there
    is refused: a FIFO would block the read forever, a link to /dev/zero would never end."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise WriteError(f"cannot write: {exc.strerror}", file=str(path)) from None
    if not stat.S_ISREG(st.st_mode):
        kind = "a folder" if stat.S_ISDIR(st.st_mode) else "a FIFO" if stat.S_ISFIFO(st.st_mode) \
            else "a device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) else "not a regular file"
        raise WriteError(f"cannot write: the path is {kind}" + (" (through a link)" if path.is_symlink() else "")
                         + "; briefgen only replaces regular files", file=str(path))
    if st.st_size != len(data):
        return False
    try:
        return path.read_bytes() == data
    except OSError:
        return False


def write_bytes_atomic(path: Path, data: bytes) -> bool:
    """Write ``data`` atomically; leave the file (and its mtime) alone when identical.

    Every failure (disk full, no permission, a FIFO or device in the way) is a WriteError naming
    the path and the cause, and the file that was there stays as it was."""
    if _unchanged(path, data):
        return False
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _sweep_stale(path.parent)
        # The writer's process id in the name tells a later run whether the file is abandoned.
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.briefgen-{os.getpid()}-", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise WriteError(f"cannot write: {exc.strerror or exc}", file=str(exc.filename or path)) from None
    try:
        # mkstemp creates 0600; outputs are handouts and fact files, readable like any file.
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise WriteError(f"cannot write: {exc.strerror or exc}", file=str(path)) from None
        raise
    return True
