"""How many worker processes a parallel stage (ingest, extract, PDFs) should start."""

from __future__ import annotations

import os


def worker_count(jobs: int | None, tasks: int) -> int:
    """``jobs`` processes (0 or less: one per usable core), never more than ``tasks``; 1 for None."""
    if jobs is None or jobs == 1:
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(jobs if jobs > 0 else cores, tasks))
