"""Atomic writes: a temporary file beside the target, synced, then renamed over it.

A crash, Ctrl-C or kill -9 leaves either the old file or the new one, never half of either.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path


def write_text_atomic(path: Path, text: str) -> bool:
    """Write ``text`` to ``path`` via a temporary file and rename; False if unchanged."""
    data = text.encode("utf-8")
    return write_bytes_atomic(path, data)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_TEMP_NAME = re.compile(r"\A\..+\.(\d+)-[^.]+\.tmp\Z")
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
        match = _TEMP_NAME.match(leftover.name)
        if match and not _alive(int(match.group(1))):
            try:
                leftover.unlink()
            except OSError:
                pass


def write_bytes_atomic(path: Path, data: bytes) -> bool:
    """Write ``data`` atomically; leave the file (and its mtime) alone when identical."""
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    _sweep_stale(path.parent)
    # The writer's process id in the name tells a later run whether the file is abandoned.
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}-", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp creates 0600; outputs are handouts and fact files, readable like any file.
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return True
