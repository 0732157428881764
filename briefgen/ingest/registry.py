"""The source registry ``facts/sources.yaml``: reading, validating and writing it."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from briefgen.errors import FactFileError
from briefgen.model import Source
from briefgen.storage.yamlfast import dump_fast, read_fast
from briefgen.storage.yamlfiles import LineDict, LineList, write_text_atomic

REGISTRY_NAME = "sources.yaml"
HEADER = (
    "# Source registry, written by `briefgen ingest`: one entry per article, sorted by date and id.\n"
    "# Re-run `briefgen ingest` rather than editing it; fix facts in facts/curated/.\n"
)

# field -> (accepted types, description, may be null)
_FIELDS: dict[str, tuple[tuple[type, ...], str, bool]] = {
    "id": ((str,), "a text", False),
    "path": ((str,), "a file path", False),
    "title": ((str,), "a text", False),
    "date": ((dt.date,), "a date (YYYY-MM-DD)", True),
    "date_inferred": ((bool,), "true or false", False),
    "outlet": ((str,), "a text", True),
    "dateline": ((str,), "a text", True),
    "partner": ((str,), "a country name", True),
    "sha256": ((str,), "a 64-digit hex SHA-256", False),
    "words": ((int,), "a whole number", False),
}


def registry_path(config: Any) -> Path:
    """Where the registry of ``config``'s workspace lives."""
    return Path(config.facts) / REGISTRY_NAME


def source_to_dict(source: Source) -> dict[str, Any]:
    """The registry entry of ``source`` in field order."""
    return {name: getattr(source, name) for name in _FIELDS}


def _source_from_dict(entry: Any, file: str, line: int | None) -> Source:
    if not isinstance(entry, LineDict):
        raise FactFileError("each source must be a mapping of fields", file=file, line=line)
    for key in entry:
        if key not in _FIELDS:
            raise FactFileError(
                f"unknown field {key!r} (known: {', '.join(_FIELDS)})", file=file, line=entry.line_of(key)
            )
    values: dict[str, Any] = {}
    for name, (types, description, nullable) in _FIELDS.items():
        if name not in entry:
            raise FactFileError(f"source is missing the field {name!r}", file=file, line=entry.line)
        value = entry[name]
        if value is None and nullable:
            values[name] = None
            continue
        wrong_bool = isinstance(value, bool) and bool not in types
        if not isinstance(value, types) or wrong_bool or isinstance(value, dt.datetime):
            shown = "nothing" if value is None else repr(value)
            raise FactFileError(f"{name}: expected {description}, got {shown}", file=file, line=entry.line_of(name))
        if name == "sha256" and (len(value) != 64 or any(c not in "0123456789abcdef" for c in value)):
            raise FactFileError(f"sha256: expected {description}, got {value!r}", file=file, line=entry.line_of(name))
        values[name] = value
    return Source(**values)


def parse_registry(data: Any, file: str) -> dict[str, Source]:
    """Validate parsed registry YAML into sources keyed by id."""
    if data is None:
        return {}
    if not isinstance(data, LineDict) or set(data) - {"sources"}:
        raise FactFileError("expected a mapping with the single key 'sources'", file=file, line=getattr(data, "line", 1))
    entries = data.get("sources") or LineList()
    if not isinstance(entries, list):
        raise FactFileError("sources: expected a list of sources", file=file, line=data.line_of("sources"))
    sources: dict[str, Source] = {}
    lines = getattr(entries, "item_lines", [])
    for index, entry in enumerate(entries):
        line = lines[index] if index < len(lines) else None
        source = _source_from_dict(entry, file, line)
        if source.id in sources:
            raise FactFileError(f"duplicate source id {source.id!r}", file=file, line=line)
        sources[source.id] = source
    return sources


def load_registry(config: Any) -> dict[str, Source]:
    """The registered sources of the workspace ({} without a registry); ids must be plain file names."""
    sources = _read_registry(config)
    for index, source_id in enumerate(sources):
        if not _SAFE_ID.fullmatch(source_id) or ".." in source_id:
            path = registry_path(config)
            display = config.relative(path) if hasattr(config, "relative") else str(path)
            raise FactFileError(
                f"id: {source_id!r} is not a plain file name (letters, digits, '-', '_', '.'; "
                "no '/', '\\' or '..')",
                file=display,
                line=_id_line(path, index),
            )
    return sources


# A source id names its fact file facts/extracted/<id>.yaml, so it must be a plain file name.
_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,199}")


def _id_line(path: Path, index: int) -> int | None:
    """The line of the ``index``-th ``id:`` key (sources are read in file order)."""
    lines = [number for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1)
             if re.match(r"\s*(?:-\s+)?id\s*:", line)]
    return lines[index] if index < len(lines) else None


def _read_registry(config: Any) -> dict[str, Source]:
    path = registry_path(config)
    if not path.is_file():
        return {}
    display = config.relative(path) if hasattr(config, "relative") else str(path)
    try:
        fast = _parse_canonical(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError):
        fast = None
    if fast is not None:
        return fast
    try:
        data = read_fast(path, display=display)
    except ValueError as exc:
        # PyYAML builds dates itself and fails on impossible ones with a bare ValueError.
        raise FactFileError(f"invalid date: {exc}", file=display, line=_bad_date_line(path)) from None
    return parse_registry(data, display)


def _bad_date_line(path: Path) -> int | None:
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
        match = re.match(r"\s*(?:-\s+)?date:\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$", line)
        if match:
            try:
                dt.date(*(int(part) for part in match.groups()))
            except ValueError:
                return number
    return None


_FIELD_LINES = tuple(f"    {name}: " for name in _FIELDS)
_HEX = re.compile(r"[0-9a-f]{64}")


def _value(text: str, name: str) -> Any:
    """One value as ``render_registry`` writes it (a mismatch is caught by the round trip)."""
    if text.startswith("'"):
        if len(text) < 2 or not text.endswith("'"):
            raise ValueError(text)
        return text[1:-1].replace("''", "'")
    if text == "null":
        return None
    if name == "date":
        return dt.date.fromisoformat(text)
    if name == "date_inferred":
        return {"true": True, "false": False}[text]
    if name == "words":
        return int(text)
    return text


def _parse_canonical(text: str) -> dict[str, Source] | None:
    """The sources of a registry that is exactly what ``render_registry`` writes; None for any other text.

    A fast path (the general YAML reader costs seconds at 10,000 sources): every value is read
    back literally, and the text must come out again byte for byte from the sources, so a file
    this reads is one the YAML reader would read the same way. Anything else, including every
    error, goes through the YAML reader and its located messages.
    """
    start = HEADER + "sources:\n"
    if not text.startswith(start) or not text.endswith("\n"):
        return None
    lines = text[len(start):-1].split("\n")
    width = len(_FIELDS)
    if len(lines) % width:
        return None
    names = tuple(_FIELDS)
    first = "  - " + names[0] + ": "
    sources: dict[str, Source] = {}
    try:
        for base in range(0, len(lines), width):
            values = {}
            for offset, name in enumerate(names):
                line = lines[base + offset]
                prefix = first if offset == 0 else _FIELD_LINES[offset]
                if not line.startswith(prefix):
                    return None
                value = _value(line[len(prefix):], name)
                types, _, nullable = _FIELDS[name]
                if (value is None and not nullable) or (value is not None and type(value) not in types):
                    return None
                values[name] = value
            source = Source(**values)
            if source.id in sources or not _HEX.fullmatch(source.sha256 or ""):
                return None
            sources[source.id] = source
    except (ValueError, KeyError, TypeError):
        return None
    return sources if render_registry(sources) == text else None


def render_registry(sources: dict[str, Source] | list[Source]) -> str:
    """The registry text: header comment, then sources sorted by (date, id)."""
    items = list(sources.values()) if isinstance(sources, dict) else list(sources)
    items.sort(key=lambda s: (s.date or dt.date.max, s.id))
    return HEADER + dump_fast({"sources": [source_to_dict(s) for s in items]})


def write_registry(config: Any, sources: dict[str, Source] | list[Source]) -> bool:
    """Write the registry; returns False (and leaves the file alone) when nothing changed."""
    return write_text_atomic(registry_path(config), render_registry(sources))
