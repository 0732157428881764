"""The source registry ``facts/sources.json``: reading, validating and writing it."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from briefgen.core.urls import clean_url
from briefgen.errors import FactFileError
from briefgen.model import Source
from briefgen.storage.atomic import write_text_atomic
from briefgen.storage.machine import dump_json, migrate_yaml, read_json
from briefgen.storage.yamlfiles import LineDict, LineList

# Machine-owned: rewritten by `briefgen ingest`; facts are corrected in facts/curated/.
REGISTRY_NAME = "sources.json"
# Where briefgen 0.1 kept the registry, as YAML; `briefgen build` converts it.
OLD_REGISTRY_NAME = "sources.yaml"

# field -> (accepted types, description, may be null)
_FIELDS: dict[str, tuple[tuple[type, ...], str, bool]] = {
    "id": ((str,), "a text", False),
    "path": ((str,), "a file path", False),
    "title": ((str,), "a text", False),
    "date": ((str,), "a date (YYYY-MM-DD)", True),
    "date_inferred": ((bool,), "true or false", False),
    "outlet": ((str,), "a text", True),
    "dateline": ((str,), "a text", True),
    "partner": ((str,), "a country name", True),
    "sha256": ((str,), "a 64-digit hex SHA-256", False),
    "words": ((int,), "a whole number", False),
    "url": ((str,), "an http(s) address", True),
    "extractor": ((str,), "an extractor name and version", True),
}
# Fields added after the first registries were written: absent reads as null.
_OPTIONAL = frozenset(("url", "extractor"))


def registry_path(config: Any) -> Path:
    """Where the registry of ``config``'s workspace lives."""
    return Path(config.facts) / REGISTRY_NAME


def source_to_dict(source: Source) -> dict[str, Any]:
    """The registry entry of ``source`` (dates as ISO text)."""
    out = {name: getattr(source, name) for name in _FIELDS}
    out["date"] = source.date.isoformat() if source.date else None
    # Left out when unknown, so registries of text articles read and write as before.
    for name in _OPTIONAL:
        if out[name] is None:
            del out[name]
    return out


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
        if name not in entry and name not in _OPTIONAL:
            raise FactFileError(f"source is missing the field {name!r}", file=file, line=entry.line)
        value = entry.get(name)
        if value is None and nullable:
            values[name] = None
            continue
        wrong_bool = isinstance(value, bool) and bool not in types
        if not isinstance(value, types) or wrong_bool or isinstance(value, dt.datetime):
            shown = "nothing" if value is None else repr(value)
            raise FactFileError(f"{name}: expected {description}, got {shown}", file=file, line=entry.line_of(name))
        if name == "date":
            try:
                value = dt.date.fromisoformat(value)
            except ValueError:
                raise FactFileError(f"date: {value!r} is not a valid date (YYYY-MM-DD)", file=file,
                                    line=entry.line_of(name)) from None
        if name == "url" and clean_url(value) is None:
            raise FactFileError(f"url: expected {description}, got {value!r}", file=file, line=entry.line_of(name))
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
    path = registry_path(config)
    if not path.is_file():
        return {}
    display = config.relative(path) if hasattr(config, "relative") else str(path)
    data = read_json(path, display=display)
    sources = parse_registry(data, display)
    entries = data.get("sources") if isinstance(data, LineDict) else None
    lines = getattr(entries, "item_lines", [])
    for index, source_id in enumerate(sources):
        if not _SAFE_ID.fullmatch(source_id) or ".." in source_id:
            raise FactFileError(
                f"id: {source_id!r} is not a plain file name (letters, digits, '-', '_', '.'; "
                "no '/', '\\' or '..')",
                file=display,
                line=lines[index] if index < len(lines) else None,
            )
    return sources


# A source id names its fact file facts/extracted/<id>.json, so it must be a plain file name.
_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,199}")


def render_registry(sources: dict[str, Source] | list[Source]) -> str:
    """The registry text: sources sorted by (date, id), as sorted, indented JSON."""
    items = list(sources.values()) if isinstance(sources, dict) else list(sources)
    items.sort(key=lambda s: (s.date or dt.date.max, s.id))
    return dump_json({"sources": [source_to_dict(s) for s in items]})


def write_registry(config: Any, sources: dict[str, Source] | list[Source]) -> bool:
    """Write the registry; returns False (and leaves the file alone) when nothing changed."""
    return write_text_atomic(registry_path(config), render_registry(sources))


def migrate_registry(config: Any) -> bool:
    """Convert the YAML registry of an older briefgen (facts/sources.yaml) to JSON; True if done."""
    old = Path(config.facts) / OLD_REGISTRY_NAME
    if not old.is_file():
        return False
    display = config.relative(old) if hasattr(config, "relative") else str(old)
    migrate_yaml(old, registry_path(config), display)
    return True
