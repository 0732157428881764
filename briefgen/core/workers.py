"""Worker processes for the parallel stages (ingest, extract, PDFs): how many, and a pool whose
workers never outlive the run that started them."""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Callable, Iterator
from typing import Any


def worker_count(jobs: int | None, tasks: int) -> int:
    """``jobs`` processes (0 or less: one per usable core), never more than ``tasks``; 1 for None."""
    if jobs is None or jobs == 1:
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(jobs if jobs > 0 else cores, tasks))


class WorkerDied(Exception):
    """A worker process ended abruptly (killed by the system, e.g. out of memory)."""


def _die_with_parent() -> None:
    """Ask Linux to SIGKILL this process when its parent ends (prctl PR_SET_PDEATHSIG)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux: the parent still terminates its workers when it is stopped


def _start_worker(parent: int, initializer: Callable[..., None] | None, initargs: tuple) -> None:
    # First of all: a forked worker inherits the parent's handlers, and a SIGTERM arriving while it
    # starts must end it plainly rather than run the parent's shutdown code inside the worker.
    # Ctrl-C reaches the whole process group; the parent alone decides what stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.SIG_DFL)
    _die_with_parent()
    if os.getppid() != parent:  # the parent ended before prctl took effect
        os._exit(1)
    if initializer is not None:
        initializer(*initargs)


def stop_workers() -> None:
    """Terminate every worker process this process started (on Ctrl-C, SIGTERM or an error)."""
    import multiprocessing

    for child in multiprocessing.active_children():
        child.terminate()
    for child in multiprocessing.active_children():
        child.join(timeout=5)
        if child.is_alive():
            child.kill()


@contextlib.contextmanager
def worker_pool(workers: int, initializer: Callable[..., None] | None = None, initargs: tuple = ()) -> Iterator[Any]:
    """A forked ProcessPoolExecutor whose workers die with this process; when the block is left by
    an exception (Ctrl-C, SIGTERM) they are terminated at once instead of finishing their work,
    and a worker killed from outside comes out as WorkerDied, not BrokenProcessPool."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # fork: workers start in milliseconds and share the already-imported modules.
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=_start_worker, initargs=(os.getpid(), initializer, initargs))
    try:
        yield pool
    except BrokenProcessPool:
        pool.shutdown(wait=False, cancel_futures=True)
        stop_workers()
        raise WorkerDied("a worker process was killed (by the system, perhaps for lack of memory)") from None
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        stop_workers()
        raise
    pool.shutdown(wait=True)
