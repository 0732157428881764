"""`briefgen build --watch`: build, then rebuild whenever articles, facts, templates or config change."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from briefgen.errors import BriefgenError


def watched_paths(config: Any) -> list[Path]:
    """The folders and files whose changes call for a rebuild (those that exist)."""
    from briefgen.config import CONFIG_NAME

    candidates = [Path(config.articles), Path(config.facts), Path(config.templates), Path(config.root) / CONFIG_NAME]
    return [p for p in candidates if p.exists()]


def _relevant(build: Path) -> Callable[[Any, str], bool]:
    def accept(_change: Any, path: str) -> bool:
        p = Path(path)
        # Temporary files of atomic writes, the lock and the manifest are our own doing.
        return not p.name.startswith(".") and not p.resolve().is_relative_to(build)

    return accept


def watch_and_build(load: Callable[[], Any], build: Callable[[Any], Any], *,
                    on_build: Callable[[Any, Any, list[str]], None],
                    on_error: Callable[[BriefgenError], None],
                    stop: threading.Event | None = None) -> None:
    """Build once, then after every batch of changes; ``load`` re-reads the config each time.

    ``on_build(config, report, changed)`` receives each result; errors in a build are passed
    to ``on_error`` and watching goes on, so a typo in a fact file can be fixed in place.
    """
    from watchfiles import watch

    def run(changed: list[str]) -> Any:
        try:
            config = load()
            on_build(config, build(config), changed)
            return config
        except BriefgenError as exc:
            on_error(exc)
            return None

    config = run([])
    while stop is None or not stop.is_set():
        if config is None:
            try:
                config = load()
            except BriefgenError as exc:
                on_error(exc)
                return
        paths = watched_paths(config)
        build_dir = Path(config.build).resolve()
        for changes in watch(*paths, watch_filter=_relevant(build_dir), stop_event=stop, raise_interrupt=False):
            # Editors and sed write through short-lived temporary files: name what is still
            # there, or only deletions when nothing is.
            touched = sorted({config.relative(Path(p)) for _, p in changes})
            changed = [p for p in touched if (Path(config.root) / p).exists()] or touched
            new_config = run(changed)
            if new_config is None or watched_paths(new_config) != paths:
                config = new_config
                break  # the folders to watch changed with the config: watch the new ones
        else:
            return
