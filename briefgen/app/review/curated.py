"""Edits of facts/curated/<partner>.yaml made by the review page, keeping the file a person's file.

The file is read and written with ruamel.yaml's round-trip mode, so comments, key order, quoting
and indentation survive. Every edit is validated by the same parser as a hand edit before it is
written, atomically, under the workspace lock. Nothing under facts/extracted/ is ever written here.
"""

from __future__ import annotations

import copy
import io
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from briefgen.core.slugs import slugify
from briefgen.errors import BriefgenError, FactFileError
from briefgen.factbase.files import parse_curated
from briefgen.factbase.schema import CURATED_KEYS, Collector
from briefgen.storage.atomic import write_text_atomic
from briefgen.storage.lock import workspace_lock
from briefgen.storage.yamlfiles import parse_yaml

HEADER = ("# Curated facts for {partner}: corrections, rejections, preferences, additions and\n"
          "# confirmations, kept by hand and by `briefgen review` (format: facts/curated/README.md).\n")


class CurationError(BriefgenError):
    """An edit the page was asked to make would not validate; nothing was written."""


@dataclass(frozen=True, slots=True)
class Edit:
    """One change to a curated file: append ``entry`` to ``section``, or merge it into the entry
    whose ``match`` key has the same value (a second correction of a fact updates the first)."""

    section: str
    entry: dict[str, Any]
    match: str | None = None


def curated_path(config: Any, partner: str) -> Path:
    """facts/curated/<partner-slug>.yaml."""
    return Path(config.facts) / "curated" / f"{slugify(partner, 'partner')}.yaml"


def _yaml(text: str) -> YAML:
    """A round-trip YAML whose indentation follows the file's own (two-space default)."""
    from ruamel.yaml.util import load_yaml_guess_indent

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long quote or reason onto a second line
    sequence, offset = 4, 2
    if text.strip():
        try:
            _, guessed, guessed_offset = load_yaml_guess_indent(text)
            if guessed:
                sequence, offset = guessed, guessed_offset or 0
        except YAMLError:
            pass
    yaml.indent(mapping=2, sequence=sequence, offset=offset)
    # `review: null` as the README writes it, not a bare `review:`.
    yaml.representer.add_representer(
        type(None), lambda rep, _: rep.represent_scalar("tag:yaml.org,2002:null", "null"))
    return yaml


# -- keeping blank lines and comments where a person put them ----------------------------
# ruamel attaches the blank lines and comment lines that follow a block to its deepest last
# value; appending after that value would push them below the new entry. They are taken off
# before an edit and put back on whatever is last afterwards.


def _trailing_slot(node: Any) -> tuple[Any, Any, int] | None:
    slot = None
    while isinstance(node, CommentedMap | CommentedSeq) and len(node):
        key = list(node)[-1] if isinstance(node, CommentedMap) else len(node) - 1
        slot = (node, key, 2 if isinstance(node, CommentedMap) else 0)
        node = node[key]
    return slot


def _take_trailing(node: Any) -> Any:
    slot = _trailing_slot(node)
    if slot is None:
        return None
    container, key, index = slot
    entry = container.ca.items.get(key)
    if not entry or len(entry) <= index or entry[index] is None:
        return None
    token = entry[index]
    value = token.value
    # An end-of-line comment ("reason: x  # why") stays on its line; only what follows moves.
    newline = value.find("\n")
    if "#" in value[: newline if newline >= 0 else len(value)]:
        if newline < 0 or not value[newline + 1:]:
            return None
        moved = copy.copy(token)
        # A moved comment's first newline ends the line it is attached to.
        moved.value = "\n" + value[newline + 1:]
        token.value = value[: newline + 1]
        return moved
    entry[index] = None
    return token


def _put_trailing(node: Any, token: Any) -> None:
    slot = _trailing_slot(node) if token is not None else None
    if slot is None:
        return
    container, key, index = slot
    entry = container.ca.items.setdefault(key, [None] * (4 if isinstance(container, CommentedMap) else 2))
    if entry[index] is None:
        entry[index] = token
    else:
        entry[index].value += token.value


def _plain(value: Any) -> Any:
    """Integral numbers as integers (2920000000, not 2920000000.0); lists as YAML sequences."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e18:
        return int(value)
    if isinstance(value, list | tuple):
        seq = CommentedSeq(_plain(v) for v in value)
        seq.fa.set_flow_style()
        return seq
    if isinstance(value, dict):
        return CommentedMap((k, _plain(v)) for k, v in value.items())
    return value


def apply_edit(data: Any, edit: Edit) -> Any:
    """``data`` (a round-trip mapping, or None for an empty file) with ``edit`` applied."""
    if data is None:
        data = CommentedMap()
    if not isinstance(data, CommentedMap):
        raise CurationError("the curated file is not a mapping of lists; fix it by hand first")
    section = data.get(edit.section)
    if section is not None and not isinstance(section, CommentedSeq):
        raise CurationError(f"{edit.section}: expected a list; fix the file by hand first")
    entry = {k: _plain(v) for k, v in edit.entry.items()}
    if section is not None and edit.match is not None:
        for item in section:
            if isinstance(item, CommentedMap) and item.get(edit.match) == entry.get(edit.match):
                held = _take_trailing(item)
                doc_held = _take_trailing(data)
                for key, value in entry.items():
                    item[key] = value
                if "reason" in item:  # the reason reads best last, as in the README
                    item.move_to_end("reason")
                _put_trailing(item, held)
                _put_trailing(data, doc_held)
                return data
    held = _take_trailing(section) if section is not None else None
    doc_held = _take_trailing(data)
    if section is None:
        section = data[edit.section] = CommentedSeq()
    section.append(CommentedMap(entry))
    _put_trailing(section, held)
    _put_trailing(data, doc_held)
    return data


def _problems(text: str, display: str, sources: dict | None) -> tuple[list[str], int]:
    """Problem messages of a curated file's text (lines left out) and how many entries it has."""
    out = Collector(display)
    try:
        data = parse_yaml(text, display)
    except FactFileError as exc:
        return [exc.message], 0
    curation = parse_curated(data, out, sources)
    entries = sum(len(getattr(curation, key)) for key in CURATED_KEYS)
    return [p.message for p in out.problems], entries


def edit_curated(config: Any, partner: str, edits: list[Edit], sources: dict | None = None) -> Path:
    """Apply ``edits`` to the partner's curated file, validated like a hand edit, atomically and
    under the workspace lock; raise CurationError (writing nothing) when the result is invalid."""
    path = curated_path(config, partner)
    display = config.relative(path) if hasattr(config, "relative") else str(path)
    with workspace_lock(Path(config.build)):
        old_text = path.read_text(encoding="utf-8") if path.is_file() else ""
        yaml = _yaml(old_text)
        try:
            data = yaml.load(old_text) if old_text.strip() else None
        except YAMLError as exc:
            raise CurationError(f"{display} cannot be read ({exc.__class__.__name__}); fix it by hand first",
                                file=display) from None
        for edit in edits:
            if edit.section not in CURATED_KEYS:
                raise CurationError(f"unknown section {edit.section!r}")
            data = apply_edit(data, edit)
        buffer = io.StringIO()
        yaml.dump(data, buffer)
        text = buffer.getvalue()
        if not old_text.strip():
            text = HEADER.format(partner=partner) + text
        before, count_before = _problems(old_text, display, sources)
        after, count_after = _problems(text, display, sources)
        # Problems a person left in the file are theirs to fix; only the edit's own must be absent.
        new = list((Counter(after) - Counter(before)).elements())
        if new:
            raise CurationError("; ".join(new), file=display)
        appended = sum(1 for e in edits if e.match is None)
        if count_after < count_before + appended:
            raise CurationError("the edit did not produce a valid entry", file=display)
        write_text_atomic(path, text)
    return path
