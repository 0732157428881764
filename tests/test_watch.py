"""`build --watch` keeps going (issue 17, item 8): a typo in briefgen.yaml is reported and
watching goes on, an articles folder deleted and made again is watched again, Ctrl-C exits 130."""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

FIXTURE = Path(__file__).parent / "fixtures" / "articles"
TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
CONFIG = f"home: Kazakhstan\npartners: [Hungary]\ntemplates: {TEMPLATES}\nformats: [md]\n"


class Watcher:
    """`briefgen build --watch` in a subprocess, its stdout and stderr lines in one queue."""

    def __init__(self, root: Path):
        env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
        self.proc = subprocess.Popen([sys.executable, "-m", "briefgen", "--root", str(root), "build", "--watch"],
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=lambda: [self.lines.put(line) for line in self.proc.stdout], daemon=True).start()

    def until(self, *needles: str, timeout: float = 60.0) -> list[str]:
        seen, deadline = [], time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                seen.append(self.lines.get(timeout=0.2))
            except queue.Empty:
                continue
            if any(needle in seen[-1] for needle in needles):
                return seen
        raise AssertionError(f"never saw {needles} in {seen}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    (root / "articles").mkdir(parents=True)
    shutil.copy(FIXTURE / "hungary_mti_trade.txt", root / "articles" / "trade.txt")
    (root / "briefgen.yaml").write_text(CONFIG, encoding="utf-8")
    return root


def test_a_typo_in_the_config_is_reported_and_watching_goes_on(workspace: Path) -> None:
    watcher = Watcher(workspace)
    try:
        watcher.until("documents rendered")
        time.sleep(1.5)  # the watcher starts after the first build
        (workspace / "briefgen.yaml").write_text(CONFIG + "stale_after_monts: 12\n", encoding="utf-8")
        seen = watcher.until("still watching")
        assert any("briefgen.yaml:5: unknown key 'stale_after_monts'" in line for line in seen), seen
        assert watcher.proc.poll() is None
        time.sleep(1.5)  # the watch on the last good folders starts again
        (workspace / "briefgen.yaml").write_text(CONFIG + "stale_after_months: 12\n", encoding="utf-8")
        watcher.until("documents rendered")
    finally:
        watcher.stop()


def test_an_articles_folder_deleted_and_made_again_is_watched_again(workspace: Path) -> None:
    watcher = Watcher(workspace)
    try:
        watcher.until("documents rendered")
        time.sleep(1.5)
        shutil.rmtree(workspace / "articles")
        watcher.until("documents rendered", "up to date")
        time.sleep(1.5)
        (workspace / "articles").mkdir()
        watcher.until("documents rendered", "up to date")
        time.sleep(1.5)
        shutil.copy(FIXTURE / "poland_pap_investment.txt", workspace / "articles" / "poland.txt")
        seen = watcher.until("documents rendered")
        assert any(line.startswith("changed: articles") for line in seen), seen
        assert (workspace / "facts" / "extracted").is_dir()
        registry = (workspace / "facts" / "sources.json").read_text(encoding="utf-8")
        assert "articles/poland.txt" in registry
    finally:
        watcher.stop()


def test_ctrl_c_stops_the_watcher_with_exit_130(workspace: Path) -> None:
    watcher = Watcher(workspace)
    try:
        watcher.until("documents rendered")
        time.sleep(1.5)
        watcher.proc.send_signal(signal.SIGINT)
        assert watcher.proc.wait(timeout=20) == 130
        rest = []
        while not watcher.lines.empty():
            rest.append(watcher.lines.get())
        assert rest[-1:] == ["stopped\n"], rest
        assert not any("KeyboardInterrupt" in line or "Traceback" in line for line in rest), rest
    finally:
        watcher.stop()
