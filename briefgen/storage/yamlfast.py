"""Fast paths for the YAML files briefgen writes and re-reads at scale (registry, extracted facts).

``dump_fast`` produces exactly the text of ``yamlio.dump_yaml`` (PyYAML's pure-Python emitter took
two thirds of extract's time and most of ingest's at scale). It handles block mappings and
sequences of plain or single-quoted scalars; for anything else (line breaks, control characters,
shared objects that PyYAML would anchor, floats it spells specially) it hands the whole
document to ``dump_yaml``, so the output never differs.

``read_fast`` parses with libyaml's C parser and yamlio's own constructors (line numbers,
duplicate keys, located errors); text that could use anchors, aliases, characters the
pure-Python reader refuses or deep nesting, and every error, goes to ``yamlio`` for the same
values and messages.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from pathlib import Path
from typing import Any

import yaml

from briefgen.storage import yamlfiles as yamlio

_STR_TAG = "tag:yaml.org,2002:str"
_FLOAT_TAG = "tag:yaml.org,2002:float"
_INF = float("inf")
_MAPPINGS = (dict, yamlio.LineDict)
_SEQUENCES = (list, tuple, yamlio.LineList)
_RESOLVER = yaml.resolver.Resolver()
# First characters for which a plain scalar may resolve to something other than a string.
# (A resolver registered for every first character, key None, would make every scalar count.)
_IMPLICIT_FIRST = frozenset(key for key in _RESOLVER.yaml_implicit_resolvers if key)
_ANY_FIRST = None in _RESOLVER.yaml_implicit_resolvers
# Characters PyYAML writes as they are (allow_unicode); anything else, and line breaks, make it
# pick a double-quoted or block style, which is left to PyYAML itself.
_AWKWARD = re.compile("[^\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010fffe]|[\u2028\u2029]")
# Places where a plain scalar would be read as an indicator (PyYAML's analyze_scalar): an
# opening matched by this, or ": ", " #" or a final ":" anywhere (line breaks never get here).
_INDICATOR_START = re.compile(r"(?:[#,\[\]{}&*!|>'\"%@`]|[?:-](?: |$)|---|\.\.\.)")
_MAX_PLAIN = 4000  # PyYAML folds scalars past its width (10,000 columns); stay well clear


class _Unsupported(Exception):
    """The value needs an emitter feature the fast path leaves to PyYAML."""


@functools.lru_cache(maxsize=1 << 16)
def _scalar_text(value: str) -> str:
    """A string as PyYAML writes it in block context: plain, else single-quoted."""
    if len(value) > _MAX_PLAIN or _AWKWARD.search(value):
        raise _Unsupported
    plain = (
        value != ""
        and value[0] != " "
        and value[-1] != " "
        and not _INDICATOR_START.match(value)
        and ": " not in value
        and " #" not in value
        and value[-1] != ":"
        and ((value[0] not in _IMPLICIT_FIRST and not _ANY_FIRST)
             or _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == _STR_TAG)
    )
    return value if plain else "'" + value.replace("'", "''") + "'"


def _float_text(value: float) -> str:
    # SafeRepresenter.represent_float, for finite numbers only.
    if value != value or value in (_INF, -_INF):
        raise _Unsupported
    text = repr(value).lower()
    if "." not in text and "e" in text:
        text = text.replace("e", ".0e", 1)
    if _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) != _FLOAT_TAG:
        raise _Unsupported
    return text


def _scalar(value: Any) -> str:
    kind = type(value)
    if kind is str:
        return _scalar_text(value)
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return str(value)
    if kind is float:
        return _float_text(value)
    if kind is dt.date:
        return value.isoformat()
    raise _Unsupported


# Mapping keys as written, for keys already checked (one dict lookup instead of the checks).
_KEY_TEXTS: dict[str, str] = {}


def _key_text(key: Any) -> str:
    if type(key) is not str or len(key) > 100:
        raise _Unsupported
    key_text = _scalar_text(key)
    if key_text[0] == "'":
        raise _Unsupported
    if len(_KEY_TEXTS) < 4096:
        _KEY_TEXTS[key] = key_text
    return key_text


class _Emitter:
    def __init__(self) -> None:
        self.out: list[str] = []
        # PyYAML anchors any mapping, list or date that occurs twice; leave those to it.
        self.seen: set[int] = set()

    def mark(self, value: Any) -> None:
        if id(value) in self.seen:
            raise _Unsupported
        self.seen.add(id(value))

    def mapping(self, data: dict, indent: int, first_prefix: str) -> None:
        """Write ``data`` (non-empty) with its first key after ``first_prefix``."""
        pad = " " * indent
        prefix = first_prefix
        out = self.out
        keys = _KEY_TEXTS
        for key, value in data.items():
            key_text = keys.get(key) if type(key) is str else None
            if key_text is None:
                key_text = _key_text(key)
            # Plain scalars inline (most values of a fact): the same text as ``value`` writes.
            kind = type(value)
            if kind is str:
                out.append(f"{prefix}{key_text}: {_scalar_text(value)}\n")
            elif kind is int:
                out.append(f"{prefix}{key_text}: {value}\n")
            elif value is None:
                out.append(f"{prefix}{key_text}: null\n")
            else:
                self.value(prefix + key_text + ":", value, indent)
            prefix = pad

    def value(self, head: str, value: Any, indent: int) -> None:
        out = self.out
        kind = type(value)
        if kind in _MAPPINGS:
            self.mark(value)
            if not value:
                out.append(head + " {}\n")
                return
            out.append(head + "\n")
            self.mapping(value, indent + 2, " " * (indent + 2))
        elif kind in _SEQUENCES:
            if value or kind is not tuple:  # PyYAML never anchors the empty tuple
                self.mark(value)
            if not value:
                out.append(head + " []\n")
                return
            out.append(head + "\n")
            self.sequence(value, indent + 2)
        else:
            if kind is dt.date:
                self.mark(value)
            out.append(head + " " + _scalar(value) + "\n")

    def sequence(self, items: list | tuple, indent: int) -> None:
        pad = " " * indent
        for item in items:
            kind = type(item)
            if kind in _MAPPINGS and item:
                self.mark(item)
                self.mapping(item, indent + 2, pad + "- ")
            elif kind in _MAPPINGS or kind in _SEQUENCES:
                raise _Unsupported  # nested sequences and empty collections: rare, PyYAML's job
            else:
                if kind is dt.date:
                    self.mark(item)
                self.out.append(pad + "- " + _scalar(item) + "\n")


def dump_fast(data: Any) -> str:
    """``yamlio.dump_yaml(data)``, byte for byte, without PyYAML's emitter where it can."""
    if type(data) in _MAPPINGS and data:
        emitter = _Emitter()
        try:
            emitter.mark(data)
            emitter.mapping(data, 0, "")
            return "".join(emitter.out)
        except _Unsupported:
            pass
    return yamlio.dump_yaml(data)


class _CLoader(yaml.CSafeLoader):
    """libyaml's parser with yamlio's constructors (line numbers, duplicate keys, dates, numbers)."""

    def __init__(self, stream: str, filename: str):
        super().__init__(stream)
        self.filename = filename


_CLoader.yaml_constructors = dict(yamlio._Loader.yaml_constructors)

# Anything that might be an anchor or alias (false alarms only cost speed), and characters the
# pure-Python reader refuses but libyaml may accept.
_SLOW_SIGNS = re.compile(r"(?:^|[\s\[\]{},])[&*][^\s,\[\]{}]|[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# libyaml's composer recurses in C without a limit: only text that cannot nest deeply goes to it.
_OPENERS = re.compile(r"[\[{](?![\]}])")
_INDENT = re.compile(r"^ {200}", re.MULTILINE)
_DASHES = re.compile(r"(?:[-?:] +){32}")


def _shallow(text: str) -> bool:
    return len(_OPENERS.findall(text)) <= 200 and not _INDENT.search(text) and not _DASHES.search(text)


def _depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    return 1


def parse_fast(text: str, filename: str) -> Any:
    """``yamlio.parse_yaml(text, filename)``: the same values, lines and errors, mostly faster."""
    if not getattr(yaml, "__with_libyaml__", False) or _SLOW_SIGNS.search(text) or not _shallow(text):
        return yamlio.parse_yaml(text, filename)
    loader = _CLoader(text, filename)
    try:
        data = loader.get_single_data()
    except Exception:  # noqa: BLE001 - the pure-Python reader words every problem as users already see it
        data = _FAILED
    finally:
        loader.dispose()
    if data is _FAILED or _depth(data) > yamlio.MAX_DEPTH:
        return yamlio.parse_yaml(text, filename)
    return data


_FAILED = object()


def read_fast(path: Path, display: str | None = None) -> Any:
    """``yamlio.read_yaml(path, display)`` through ``parse_fast``."""
    name = display or str(path)
    try:
        size = path.stat().st_size
        if size > yamlio.MAX_YAML_BYTES:
            return yamlio.read_yaml(path, display)
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return yamlio.read_yaml(path, display)
    return parse_fast(text, name)
