"""A hostile environment (issue 17, item 6): disk full, a FIFO or /dev/zero where an output goes,
the lock file a link, a read-only workspace. Each is one line naming the path and the cause,
exit 1 or 2, nothing outside the workspace touched, and the previous outputs intact."""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURE = Path(__file__).parent / "fixtures" / "docs"
TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


@pytest.fixture
def built(tmp_path: Path) -> Path:
    """A copy of the docs workspace, built once (Markdown and HTML)."""
    root = tmp_path / "ws"
    shutil.copytree(FIXTURE / "facts", root / "facts")
    config = (FIXTURE / "briefgen.yaml").read_text(encoding="utf-8")
    config = config.replace("templates: ../../../templates", f"templates: {TEMPLATES}")
    lines = ["formats: [md, html]" if line.startswith("formats:") else line for line in config.splitlines()]
    (root / "briefgen.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    first = _briefgen(root, "build")
    assert first.returncode == 0, first.stderr
    return root


def _briefgen(root: Path, *args: str, limit_file_size: int | None = None) -> subprocess.CompletedProcess[str]:
    def limit() -> None:
        if limit_file_size is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit_file_size, limit_file_size))

    return subprocess.run([sys.executable, "-m", "briefgen", "--root", str(root), *args], capture_output=True,
                          text=True, timeout=120, preexec_fn=limit, check=False)


def _change_desk(root: Path) -> None:
    """A setting every document prints: the next build must write every output again."""
    config = root / "briefgen.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace('desk: "Central Asia Desk"', 'desk: "Asia Desk"'),
                      encoding="utf-8")


def _outputs(root: Path) -> dict[str, bytes]:
    build = root / "build"
    return {p.relative_to(build).as_posix(): p.read_bytes() for p in sorted(build.rglob("*"))
            if p.is_file() and not p.is_symlink() and p.name != ".lock"}


def _one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in result.stderr, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert errors, result.stderr
    return errors[0]


def test_disk_full_is_one_line_and_the_outputs_stay(built: Path) -> None:
    before = _outputs(built)
    _change_desk(built)
    result = _briefgen(built, "build", limit_file_size=2048)
    assert result.returncode == 1
    line = _one_error_line(result)
    assert "cannot write: File too large" in line and str(built / "build") in line, line
    after = _outputs(built)
    # Each file is the old one or a whole new one (small documents fit under the limit).
    assert sorted(after) == sorted(before)
    for name, data in after.items():
        assert data == before[name] or (len(data) <= 2048 and b"Asia Desk" in data or name.endswith(".json")), name
    assert after["uzbekistan/country-brief.md"] == before["uzbekistan/country-brief.md"]
    assert not list((built / "build").rglob("*.tmp"))


@pytest.mark.parametrize("what", ["fifo", "dev-zero"])
def test_an_output_that_is_not_a_regular_file_is_refused(built: Path, what: str) -> None:
    target = built / "build" / "uzbekistan" / "country-brief.html"
    target.unlink()
    if what == "fifo":
        os.mkfifo(target)
    else:
        target.symlink_to("/dev/zero")
    result = _briefgen(built, "build", "--force")  # finishes: the timeout would catch a block
    assert result.returncode == 1
    line = _one_error_line(result)
    expected = "the path is a FIFO" if what == "fifo" else "the path is a device (through a link)"
    assert f"{target}: cannot write: {expected}" in line, line
    assert (target.is_fifo() if what == "fifo" else os.readlink(target) == "/dev/zero")


def test_a_lock_file_that_is_a_link_is_not_followed(built: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside" / "victim"
    outside.parent.mkdir()
    lock = built / "build" / ".lock"
    lock.unlink()
    lock.symlink_to(outside)
    result = _briefgen(built, "build", "--force")
    assert result.returncode == 1
    assert "the workspace lock is a symbolic link; briefgen does not follow it" in _one_error_line(result)
    assert not outside.exists()


def test_a_foreign_temporary_file_in_the_build_folder_is_kept(built: Path) -> None:
    mine = built / "build" / "uzbekistan" / ".country-brief.md.briefgen-999999999-x1y2.tmp"
    theirs = built / "build" / ".thesis-draft.tmp"
    for path in (mine, theirs):
        path.write_text("partial", encoding="utf-8")
    assert _briefgen(built, "build").returncode == 0
    assert theirs.read_text(encoding="utf-8") == "partial" and not mine.exists()


def test_a_read_only_workspace_builds_up_to_date_and_refuses_writes_in_one_line(built: Path, tmp_path: Path) -> None:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("needs root to bind-mount the workspace read-only")
    view = tmp_path / "readonly"
    view.mkdir()
    mounted = subprocess.run(["mount", "--bind", str(built), str(view)], capture_output=True, check=False)
    if mounted.returncode != 0:
        pytest.skip(f"bind mounts not permitted here: {mounted.stderr.decode().strip()}")
    try:
        remount = subprocess.run(["mount", "-o", "remount,ro,bind", str(view)], capture_output=True, check=False)
        if remount.returncode != 0:
            pytest.skip("read-only remount not permitted here")
        before = _outputs(built)
        noop = _briefgen(view, "build")
        assert noop.returncode == 0 and "up to date" in noop.stdout, noop.stderr
        _change_desk(built)  # through the writable path: the read-only view must now write
        forced = _briefgen(view, "build")
        assert forced.returncode == 1
        assert "cannot write: Read-only file system" in _one_error_line(forced)
        assert _outputs(built) == before
    finally:
        subprocess.run(["umount", str(view)], capture_output=True, check=False)
