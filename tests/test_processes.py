"""Stopping a parallel build: workers die with it, the lock is free at once, one line and an exit
code per signal; a worker killed from outside (OOM) is a located problem, not a traceback."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefgen.storage.lock import workspace_lock

FIXTURE = Path(__file__).parent / "fixtures" / "docs"
TEMPLATES = Path(__file__).resolve().parents[1] / "templates"

# `briefgen build --jobs 2` whose workers, instead of laying out PDFs, note their pid and then
# sleep (or, with "die", are killed the way the kernel's OOM killer does it).
CHILD = """
import os, sys, time
from pathlib import Path
import briefgen.app.build as build
marker, root, mode = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
def _publish_job(doc, folder, formats, templates):
    with open(marker, "a", encoding="utf-8") as handle:
        handle.write(f"{os.getpid()}\\n")
    if mode == "die":
        os.kill(os.getpid(), 9)
    time.sleep(120)
build._publish_job = _publish_job
sys.argv = ["briefgen", "--root", root, "build", "--jobs", "2"]
from briefgen.cli import main
main()
"""


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(FIXTURE / "facts", root / "facts")
    config = (FIXTURE / "briefgen.yaml").read_text(encoding="utf-8")
    (root / "briefgen.yaml").write_text(config.replace("templates: ../../../templates", f"templates: {TEMPLATES}"),
                                        encoding="utf-8")
    return root


def _start(root: Path, marker: Path, mode: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", CHILD, str(marker), str(root), mode],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _workers(marker: Path, count: int, timeout: float = 60.0) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pids = [int(p) for p in marker.read_text(encoding="utf-8").split()] if marker.exists() else []
        if len(pids) >= count:
            return pids
        time.sleep(0.05)
    raise AssertionError("the workers never started")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is dead; only its parent (the test runner is not it) could reap it.
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.parametrize(("signum", "code", "line"), [
    (signal.SIGTERM, 143, "stopped by SIGTERM"),
    (signal.SIGHUP, 129, "stopped by SIGHUP"),
    (signal.SIGINT, 130, "interrupted"),
])
def test_a_signal_stops_the_workers_and_frees_the_lock(workspace: Path, tmp_path: Path,
                                                        signum: int, code: int, line: str) -> None:
    marker = tmp_path / "workers"
    run = _start(workspace, marker, "sleep")
    try:
        workers = _workers(marker, 2)
        run.send_signal(signum)
        out, err = run.communicate(timeout=60)
    finally:
        if run.poll() is None:
            run.kill()
    assert run.returncode == code, err
    assert line in err and "Traceback" not in err, err
    assert len(err.strip().splitlines()) <= 2, err  # the progress line, then the one line
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in workers), "a worker outlived its build"
    started = time.monotonic()
    with workspace_lock(workspace / "build", wait=2):
        pass
    assert time.monotonic() - started < 1.0
    # Nothing half-written: no temporary file and no manifest claiming unfinished documents.
    assert not list((workspace / "build").rglob("*.tmp"))


def test_a_worker_killed_from_outside_is_a_located_problem(workspace: Path, tmp_path: Path) -> None:
    run = _start(workspace, tmp_path / "workers", "die")
    try:
        out, err = run.communicate(timeout=120)
    finally:
        if run.poll() is None:
            run.kill()
    assert run.returncode == 1, out + err
    assert "Traceback" not in err and "BrokenProcessPool" not in err, err
    # Which document's worker dies first depends on scheduling; each failed one is named.
    assert re.search(r"error: uzbekistan/[\w-]+: not published: a worker process was killed", err), err
