"""Ingest's file handling: finding article files in folders and merging them into the registry."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from briefgen.errors import Problem
from briefgen.model import Source

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
ARTICLE_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES


def resolve_path(config: Any, relative: str) -> Path:
    """A registered path (relative to the workspace root, or absolute) as a usable path."""
    path = Path(relative)
    return path if path.is_absolute() else Path(config.root) / path


def collect_files(
    paths: list[tuple[Path, str]], report: Any, lenient: bool = False
) -> list[tuple[Path, str]]:
    """Expand files and folders into (file, display name) pairs, reporting what cannot be used.

    ``lenient``: an empty or missing folder is only a warning (the workspace's own articles
    folder, which a fresh clone has empty).
    """
    found: list[tuple[Path, str]] = []
    complaints = report.warnings if lenient else report.problems
    severity = "warning" if lenient else "error"
    for given, name in paths:
        if not given.exists():
            complaints.append(Problem("no such file or folder", file=name, severity=severity))
            continue
        if not given.is_dir():
            found.append((given, name))
            continue
        files = sorted(
            p
            for p in given.rglob("*")
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(given).parts)
        )
        if not any(p.suffix.lower() in ARTICLE_SUFFIXES for p in files):
            kinds = ", ".join(ARTICLE_SUFFIXES)
            complaints.append(Problem(f"folder has no articles ({kinds})", file=name, severity=severity))
        found.extend((p, str(Path(name) / p.relative_to(given))) for p in files)
    unique: dict[Path, tuple[Path, str]] = {}
    for path, name in found:
        if not _representable(str(path.resolve())):
            # The registry is UTF-8 text: a name with bytes that are not UTF-8 could be written
            # only as an escape that no reader accepts, breaking every later command.
            shown = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            complaints.append(Problem("the file name is not valid UTF-8; rename the file to register it",
                                      file=shown, severity=severity))
            continue
        unique.setdefault(path.resolve(), (path, name))
    return list(unique.values())


def _representable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def register_all(config: Any, registry: dict[str, Source], results: Any, report: Any) -> None:
    """Merge read results into ``registry`` in file order, collecting problems and warnings."""
    index = RegistryIndex(registry)
    for (_, name, _, _), (source, problem, warnings) in results:
        report.warnings.extend(warnings)
        if problem is not None:
            report.problems.append(problem)
            continue
        register_source(config, index, source, name, report)


class RegistryIndex:
    """The registry with lookups by text hash and by path, so merging N files costs O(N), not O(N²)."""

    def __init__(self, registry: dict[str, Source]):
        self.registry = registry
        self.keys: dict[str, list[str]] = {}
        for key, source in registry.items():
            self.put(key, source)

    def find(self, field: str, value: str) -> list[str]:
        """Keys of registered sources whose ``field`` ("sha256" or "path") is ``value``, in registry order."""
        keys = {k for k in self.keys.get(value, ()) if k in self.registry and getattr(self.registry[k], field) == value}
        return sorted(keys, key=list(self.registry).index) if len(keys) > 1 else list(keys)

    def put(self, key: str, source: Source) -> None:
        """Set ``registry[key]``; stale index entries are filtered out by ``find``."""
        self.registry[key] = source
        self.keys.setdefault(source.sha256, []).append(key)
        self.keys.setdefault(source.path, []).append(key)


def register_source(config: Any, index: RegistryIndex, source: Source, name: str, report: Any) -> None:
    """Merge one freshly read source into the indexed registry."""
    registry = index.registry
    same = index.find("sha256", source.sha256)
    same_text = registry[same[0]] if same else None
    if same_text is not None:
        if same_text.path != source.path and resolve_path(config, same_text.path).is_file():
            report.warnings.append(
                Problem(
                    f"same text as {same_text.path}; registered once as {same_text.id}",
                    file=name,
                    severity="warning",
                )
            )
            return
        # Ids stay stable for the same text even if the description improves or the file moved.
        refreshed = dataclasses.replace(source, id=same_text.id)
        index.put(same_text.id, refreshed)
        (report.unchanged if refreshed == same_text else report.updated).append(same_text.id)
        return
    replaced = index.find("path", source.path)
    for key in replaced:
        del registry[key]
    if source.id in registry:
        source = dataclasses.replace(source, id=f"{source.id}-{source.sha256[:7]}")
    index.put(source.id, source)
    (report.updated if replaced else report.added).append(source.id)
