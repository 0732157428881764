"""Machine-owned files (the source registry, facts/extracted/): sorted, indented JSON.

JSON because no person edits these files: the standard library reads and writes them quickly
and the same data always gives the same bytes, so they diff well in version control. Files a
person edits (facts/curated/, facts/countries/, facts/meetings/, briefgen.yaml) stay YAML.

Values come back as ``LineDict``/``LineList`` so one set of validators serves both formats. The
JSON reader knows no positions, so each mapping in a list is given the line of its ``"id"`` key
(found in the text in document order): enough to point at the source or fact that is wrong.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from briefgen.errors import FactFileError
from briefgen.storage.yamlfiles import LineDict, LineList

# A fact file of the largest article briefgen reads stays well under this (see ingest's limit).
MAX_JSON_BYTES = 64 * 1024 * 1024
_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(r"\\[uU][dD][89a-fA-F]")


def dump_json(data: Any) -> str:
    """``data`` as sorted, 2-space indented JSON with a final newline (same data, same bytes)."""
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _pairs(pairs: list[tuple[str, Any]]) -> LineDict:
    mapping = LineDict(pairs)
    if len(mapping) != len(pairs):
        seen: set[str] = set()
        repeated = next(key for key, _ in pairs if key in seen or seen.add(key))
        raise ValueError(f"duplicate key {repeated!r}")
    return mapping


def _lists(data: Any) -> Any:
    """The top-level lists as LineList (the validators read their items' lines); lists deeper
    down (a fact's participants) stay plain lists."""
    if isinstance(data, dict):
        for key, item in data.items():
            if isinstance(item, list):
                data[key] = LineList(item)
    return data


def _locate_ids(data: Any, text: str) -> None:
    """Give each mapping with an ``id`` inside a top-level list the line of that id in ``text``."""
    if not isinstance(data, LineDict):
        return
    data.line = 1
    position, line = 0, 1
    for key, items in data.items():
        found = text.find(json.dumps(key, ensure_ascii=False) + ":", position)
        if found >= 0:
            line += text.count("\n", position, found)
            position = found
            data.key_lines[key] = line
        if not isinstance(items, LineList):
            continue
        items.line = data.key_lines.get(key)
        for item in items:
            item_line = None
            if isinstance(item, LineDict) and isinstance(item.get("id"), str):
                needle = '"id": ' + json.dumps(item["id"], ensure_ascii=False)
                found = text.find(needle, position)
                if found >= 0:
                    line += text.count("\n", position, found)
                    position = found
                    item_line = line
                item.line = item_line
            items.item_lines.append(item_line)


def parse_json(text: str, display: str) -> Any:
    """Parse a machine-owned JSON file; errors name the file and line."""
    try:
        data = json.loads(text, object_pairs_hook=_pairs)
    except json.JSONDecodeError as exc:
        raise FactFileError(f"malformed JSON: {exc.msg}", file=display, line=exc.lineno) from None
    except ValueError as exc:  # a duplicate key, from _pairs
        raise FactFileError(str(exc), file=display, line=_duplicate_key_line(text)) from None
    except RecursionError:
        raise FactFileError("nested too deeply", file=display) from None
    if _SURROGATE_ESCAPE.search(text) and _has_surrogate(data):
        raise FactFileError("escape of an unpaired surrogate (U+D800 to U+DFFF) is not a character", file=display)
    data = _lists(data)
    _locate_ids(data, text)
    return data


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"(\s*:)?|[{}\[\]]')


def _duplicate_key_line(text: str) -> int | None:
    """The line of the first key repeated within one object (only looked for after json refused one)."""
    keys: list[set[str] | None] = []
    for token in _TOKEN.finditer(text):
        value = token.group(0)
        if value in "{[":
            keys.append(set() if value == "{" else None)
        elif value in "}]":
            if keys:
                keys.pop()
        elif token.group(1) and keys and keys[-1] is not None:
            if value in keys[-1]:
                return text.count("\n", 0, token.start()) + 1
            keys[-1].add(value)
    return None


def _has_surrogate(value: Any) -> bool:
    if isinstance(value, str):
        return bool(_SURROGATE.search(value))
    if isinstance(value, dict):
        return any(_has_surrogate(k) or _has_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_surrogate(item) for item in value)
    return False


def read_json(path: Path, display: str | None = None) -> Any:
    """Read and parse a machine-owned JSON file, refusing oversized and non-UTF-8 files."""
    name = display or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_JSON_BYTES:
            raise FactFileError(f"file is {size} bytes; the limit for a fact file is {MAX_JSON_BYTES}", file=name)
        raw = path.read_bytes()
    except OSError as exc:
        raise FactFileError(f"cannot read: {exc.strerror}", file=name) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise FactFileError("not valid UTF-8 text", file=name, line=line) from None
    return parse_json(text, name)


def _plain(value: Any) -> Any:
    """YAML values as JSON can hold them: dates as ISO text, sequences as lists."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def migrate_yaml(old: Path, new: Path, display: str, drop_keys: tuple[str, ...] = ()) -> None:
    """Rewrite a machine-owned YAML file of an older briefgen as JSON at ``new``, then remove it.

    The JSON file is complete on disk before the YAML one goes, so an interrupted migration
    leaves one readable copy (the next run sees the JSON file and removes the leftover YAML).
    """
    from briefgen.storage.atomic import write_text_atomic
    from briefgen.storage.yamlfiles import read_yaml

    if not new.exists():
        data = _plain(read_yaml(old, display=display))
        if isinstance(data, dict):
            for key in drop_keys:
                data.pop(key, None)
        write_text_atomic(new, dump_json(data))
    old.unlink()
