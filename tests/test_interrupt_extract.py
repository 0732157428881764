"""SIGKILL during `extract`: facts/ stays consistent, the next run completes, no half-written file remains."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefgen.config import load_config
from briefgen.extract.run import run_extract
from briefgen.factbase.load import load_factbase
from briefgen.ingest.run import run_ingest

ARTICLES = Path(__file__).parent / "fixtures" / "articles"

# Run extract, but stall inside the Nth fsync (after the temporary file got its bytes, before
# the rename) and say so through a marker file, so the test can kill it exactly mid-write.
CHILD = """
import os, sys, time
from pathlib import Path
stall_at, marker = int(sys.argv[2]), Path(sys.argv[3])
real_fsync, calls = os.fsync, []
def fsync(fd):
    calls.append(fd)
    real_fsync(fd)
    if len(calls) == stall_at:
        marker.write_text("stalled", encoding="utf-8")
        time.sleep(120)
os.fsync = fsync
from briefgen.config import load_config
from briefgen.extract.run import run_extract
run_extract(load_config(Path(sys.argv[1])))
"""


def _workspace(root: Path) -> Path:
    (root / "articles").mkdir(parents=True)
    for path in sorted(ARTICLES.glob("*.txt")):
        shutil.copy(path, root / "articles" / path.name)
    (root / "briefgen.yaml").write_text("home: Kazakhstan\npartners: [Hungary]\n", encoding="utf-8")
    assert run_ingest(load_config(root)).problems == []
    return root


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.is_dir() else {}


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The extracted files of an uninterrupted run."""
    root = _workspace(tmp_path_factory.mktemp("reference") / "ws")
    report = run_extract(load_config(root))
    assert report.problems == [] and len(report.written) >= 10
    return _files(root / "facts" / "extracted")


@pytest.mark.parametrize("stall_at", [1, 4])
def test_sigkill_mid_write_leaves_facts_consistent_and_the_next_run_completes(
    tmp_path: Path, reference: dict[str, bytes], stall_at: int
) -> None:
    root = _workspace(tmp_path / "ws")
    registry_before = (root / "facts" / "sources.json").read_bytes()
    marker = tmp_path / "stalled"
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(root), str(stall_at), str(marker)])
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert child.poll() is None, "extract ended before it could be interrupted"
            assert time.monotonic() < deadline, "extract never reached the write"
            time.sleep(0.02)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    extracted = root / "facts" / "extracted"
    left = _files(extracted)
    temporary = [name for name in left if name.endswith(".tmp")]
    finished = {name: data for name, data in left.items() if not name.endswith(".tmp")}
    # Killed inside a write: that file exists only as a temporary; every finished file is whole.
    assert len(temporary) == 1 and len(finished) == stall_at - 1
    assert all(reference[name] == data for name, data in finished.items())
    assert (root / "facts" / "sources.json").read_bytes() == registry_before
    fb = load_factbase(load_config(root))
    assert fb.problems == () and {name.removesuffix(".json") for name in reference} <= set(fb.sources)
    # The next run completes, produces exactly the uninterrupted output and clears the leftover.
    report = run_extract(load_config(root))
    assert report.problems == []
    assert _files(extracted) == reference
    assert not [p for p in root.rglob("*.tmp")]
    assert load_factbase(load_config(root)).problems == ()


def test_a_temporary_file_of_a_live_writer_is_left_alone(tmp_path: Path, reference: dict[str, bytes]) -> None:
    root = _workspace(tmp_path / "ws")
    extracted = root / "facts" / "extracted"
    extracted.mkdir(parents=True)
    mine = extracted / f".x.json.briefgen-{os.getpid()}-abc.tmp"
    dead = extracted / ".y.json.briefgen-999999999-abc.tmp"
    for path in (mine, dead):
        path.write_text("partial", encoding="utf-8")
    run_extract(load_config(root))
    assert mine.exists() and not dead.exists()
    mine.unlink()
    assert _files(extracted) == reference
