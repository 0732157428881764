"""`briefgen build --watch`: build, then rebuild whenever articles, facts, templates or config change."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from briefgen.errors import BriefgenError


def _candidates(config: Any) -> list[Path]:
    from briefgen.config import CONFIG_NAME

    return [Path(config.articles), Path(config.facts), Path(config.templates), Path(config.root) / CONFIG_NAME]


def watched_paths(config: Any) -> list[Path]:
    """The folders and files whose changes call for a rebuild (those that exist)."""
    return [p for p in _candidates(config) if p.exists()]


def _relevant(build: Path | None) -> Callable[[Any, str], bool]:
    def accept(_change: Any, path: str) -> bool:
        p = Path(path)
        # Temporary files of atomic writes, the lock and the manifest are our own doing.
        return not p.name.startswith(".") and (build is None or not p.resolve().is_relative_to(build))

    return accept


def watch_and_build(load: Callable[[], Any], build: Callable[[Any], Any], *,
                    on_build: Callable[[Any, Any, list[str]], None],
                    on_error: Callable[[BriefgenError], None],
                    stop: threading.Event | None = None, root: Path | None = None,
                    on_note: Callable[[str], None] | None = None) -> None:
    """Build once, then after every batch of changes; ``load`` re-reads the config each time.

    ``on_build(config, report, changed)`` receives each result. Errors in a build or in the
    config go to ``on_error`` and watching goes on (``on_note`` says so), so a typo in a fact
    file or in briefgen.yaml is fixed in place. A watched folder deleted and made again is
    watched again. Ctrl-C ends it with KeyboardInterrupt; the caller decides the exit code.
    """
    from watchfiles import watch

    from briefgen.config import CONFIG_NAME

    home = Path(root or Path.cwd()).resolve()

    def run(changed: list[str]) -> Any:
        try:
            config = load()
            on_build(config, build(config), changed)
            return config
        except BriefgenError as exc:
            on_error(exc)
            if on_note is not None:
                on_note("still watching: fix it and save, and the build runs again")
            return None

    config = run([])
    # Without a valid config, the folders the last good one named (or briefgen.yaml) are watched.
    candidates = _candidates(config) if config is not None else [home / CONFIG_NAME]
    while stop is None or not stop.is_set():
        if config is not None:
            candidates = _candidates(config)
        paths = [p for p in candidates if p.exists()]
        if not paths:
            return
        build_dir = Path(config.build).resolve() if config is not None else None
        # yield_on_timeout: once a second, look whether a watched folder appeared or vanished.
        for changes in watch(*paths, watch_filter=_relevant(build_dir), stop_event=stop, raise_interrupt=True,
                             yield_on_timeout=True, rust_timeout=1000):
            present = [p for p in candidates if p.exists()]
            if not changes and present == paths:
                continue
            touched = {Path(p) for _, p in changes} | (set(present) ^ set(paths))
            # Editors and sed write through short-lived temporary files: name what is still
            # there, or only deletions when nothing is.
            names = sorted({_shown(home, p) for p in touched if p.exists()} or {_shown(home, p) for p in touched})
            new_config = run(names)
            if new_config is None or config is None or _candidates(new_config) != candidates \
                    or [p for p in candidates if p.exists()] != paths:
                config = new_config
                break  # what to watch changed: watch that
        else:
            return


def _shown(home: Path, path: Path) -> str:
    try:
        return path.resolve().relative_to(home).as_posix()
    except ValueError:
        return str(path)
