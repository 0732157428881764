"""Safe YAML reading that remembers line numbers, and deterministic YAML writing."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from briefgen.errors import FactFileError

MAX_YAML_BYTES = 5 * 1024 * 1024
# Aliases are legitimate in hand-written YAML but "billion laughs" documents
# expand a handful of them exponentially; real fact files need very few.
MAX_ALIASES = 100
# Fact files nest a few levels; a document nested thousands deep would exhaust Python's stack.
MAX_DEPTH = 64


class LineDict(dict):
    """A mapping loaded from YAML that knows the line of itself and of each key."""

    __slots__ = ("line", "key_lines")

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.line: int | None = None
        self.key_lines: dict[Any, int] = {}

    def line_of(self, key: Any) -> int | None:
        """Line of ``key`` in the file, falling back to the mapping's own line."""
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A sequence loaded from YAML that knows the line of each item."""

    __slots__ = ("line", "item_lines")

    def __init__(self, *args: Any):
        super().__init__(*args)
        self.line: int | None = None
        self.item_lines: list[int] = []


class _Loader(yaml.SafeLoader):
    """SafeLoader that rejects duplicate keys and caps alias use."""

    def __init__(self, stream: str, filename: str):
        super().__init__(stream)
        self.filename = filename
        self.alias_count = 0
        self.depth = 0

    def compose_node(self, parent, index):  # noqa: ANN001 - PyYAML signature
        if self.check_event(yaml.AliasEvent):
            self.alias_count += 1
            if self.alias_count > MAX_ALIASES:
                event = self.peek_event()
                raise FactFileError(
                    f"too many YAML aliases (more than {MAX_ALIASES}); refusing to expand",
                    file=self.filename,
                    line=event.start_mark.line + 1,
                )
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise FactFileError(
                    f"nested more than {MAX_DEPTH} levels deep; refusing to read further",
                    file=self.filename,
                    line=self.peek_event().start_mark.line + 1,
                )
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise FactFileError(
                "a mapping key must be a plain value",
                file=loader.filename,
                line=key_node.start_mark.line + 1,
            ) from None
        line = key_node.start_mark.line + 1
        if key in result:
            raise FactFileError(
                f"duplicate key {key!r} (first on line {result.key_lines[key]})",
                file=loader.filename,
                line=line,
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = line
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


def _located(construct, message):  # noqa: ANN001, ANN202 - PyYAML constructor signature
    """``construct`` with PyYAML's bare ValueError turned into a located FactFileError."""
    def build(loader: _Loader, node: yaml.ScalarNode):  # noqa: ANN202
        try:
            return construct(loader, node)
        except ValueError:
            raise FactFileError(message(node.value), file=loader.filename, line=node.start_mark.line + 1) from None

    return build


_construct_timestamp = _located(yaml.SafeLoader.construct_yaml_timestamp, lambda v: f"{v} is not a valid date")
# Python refuses to convert integers of thousands of digits.
_construct_int = _located(yaml.SafeLoader.construct_yaml_int,
                          lambda v: f"number with {len(v)} characters is too long")


_SURROGATE = re.compile("[\ud800-\udfff]")


def _construct_str(loader: _Loader, node: yaml.ScalarNode) -> str:
    value = loader.construct_scalar(node)
    if _SURROGATE.search(value):
        # A "\ud800" escape gives half a UTF-16 pair, which no output file can store.
        raise FactFileError(
            "escape of an unpaired surrogate (U+D800 to U+DFFF) is not a character",
            file=loader.filename,
            line=node.start_mark.line + 1,
        )
    return value


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_Loader.add_constructor("tag:yaml.org,2002:str", _construct_str)
_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def parse_yaml(text: str, filename: str) -> Any:
    """Parse YAML text into LineDict/LineList values; errors name file and line."""
    try:
        # The reader checks for unprintable characters as soon as it is made.
        loader = _Loader(text, filename)
    except yaml.reader.ReaderError as exc:
        raise _reader_error(exc, text, filename) from None
    try:
        return loader.get_single_data()
    except FactFileError:
        raise
    except yaml.reader.ReaderError as exc:
        raise _reader_error(exc, text, filename) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or "malformed YAML"
        if "found character '\\t'" in problem or "\t" in problem:
            problem = "tab character used for indentation (YAML needs spaces)"
        elif "could not determine a constructor" in problem:
            problem = f"unsupported YAML tag ({problem.split('tag')[-1].strip()})"
        raise FactFileError(problem, file=filename, line=line) from None
    except yaml.YAMLError as exc:
        raise FactFileError(f"malformed YAML: {exc}", file=filename) from None
    finally:
        loader.dispose()


def _reader_error(exc: yaml.reader.ReaderError, text: str, filename: str) -> FactFileError:
    """A located error for a character YAML does not allow (control characters, NUL)."""
    line = text.count("\n", 0, max(exc.position, 0)) + 1
    return FactFileError(f"character U+{exc.character:04X} is not allowed in a YAML file", file=filename, line=line)


def read_yaml(path: Path, display: str | None = None) -> Any:
    """Read and parse a YAML file, refusing oversized and non-UTF-8 files."""
    name = display or str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise FactFileError(f"cannot read: {exc.strerror}", file=name) from None
    if size > MAX_YAML_BYTES:
        raise FactFileError(
            f"file is {size} bytes; the limit for a YAML file is {MAX_YAML_BYTES}", file=name
        )
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise FactFileError("not valid UTF-8 text", file=name, line=line) from None
    return parse_yaml(text, name)


class _Dumper(yaml.SafeDumper):
    """Dumper that writes plain, block-style, key-order-preserving YAML."""

    def increase_indent(self, flow: bool = False, indentless: bool = False):  # noqa: ANN201
        return super().increase_indent(flow, False)


# Characters YAML reads as line breaks: written raw in a plain, single-quoted or block
# scalar they come back as a space or "\n", so such texts are written double-quoted (escaped).
_YAML_BREAKS = frozenset("\x85\u2028\u2029")


def _represent_str(dumper: yaml.SafeDumper, value: str):  # noqa: ANN202
    if not _YAML_BREAKS.isdisjoint(value):
        style = '"'
    else:
        style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(LineDict, _Dumper.represent_dict)
_Dumper.add_representer(LineList, _Dumper.represent_list)
_Dumper.add_representer(tuple, _Dumper.represent_list)


def dump_yaml(data: Any) -> str:
    """Serialise ``data`` deterministically (insertion order, unicode, no line wrapping)."""
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=10_000,
        default_flow_style=False,
    )
