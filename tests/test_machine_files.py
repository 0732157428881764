"""Machine-owned files (registry, extracted facts) as sorted JSON; old YAML workspaces migrated by build."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen.cli import cli
from briefgen.errors import FactFileError
from briefgen.ingest.registry import load_registry, registry_path, render_registry
from briefgen.model import Source
from briefgen.storage.machine import dump_json, parse_json
from briefgen.storage.yamlfiles import dump_yaml

FIXTURE = Path(__file__).parent / "fixtures" / "docs"
TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


class _Config:
    def __init__(self, root: Path):
        self.facts = root / "facts"

    def relative(self, path: Path) -> str:
        return str(path.relative_to(self.facts.parent))


def _sources(count: int) -> list[Source]:
    return [
        Source(id=f"2016-02-{n % 28 + 1:02d}-item-{n}", path=f"articles/{n}.txt", title=f"Item {n}: it's news",
               date=None if n % 5 == 0 else dt.date(2016, 2, n % 28 + 1), date_inferred=n % 3 == 0,
               outlet="KAZINFORM", dateline=None, partner="Hungary",
               sha256=hashlib.sha256(str(n).encode()).hexdigest(), words=100 + n)
        for n in range(count)
    ]


def _write_registry(tmp_path: Path, text: str) -> _Config:
    config = _Config(tmp_path)
    registry_path(config).parent.mkdir(parents=True, exist_ok=True)
    registry_path(config).write_text(text, encoding="utf-8")
    return config


def test_registry_is_sorted_indented_json_that_reads_back(tmp_path: Path) -> None:
    sources = _sources(40)
    text = render_registry(sources)
    assert text == render_registry(list(reversed(sources)))  # order of input does not matter
    assert text == dump_json(json.loads(text)) and text.startswith('{\n  "sources": [\n')
    loaded = load_registry(_write_registry(tmp_path, text))
    assert loaded == {s.id: s for s in sources}
    dated = [s for s in loaded.values() if s.date]
    assert list(loaded)[: len(dated)] == [s.id for s in sorted(dated, key=lambda s: (s.date, s.id))]


@pytest.mark.parametrize(("old", "new", "message"), [
    ('"words": 101', '"words": "many"', "words: expected a whole number, got 'many'"),
    ('"outlet": "KAZINFORM"', '"outlet": "KAZINFORM", "colour": "red"', "unknown field 'colour'"),
    ('"outlet": "KAZINFORM"', '"outlet": "KAZINFORM", "outlet": "X"', "duplicate key 'outlet'"),
    ('"date": "2016-02-02"', '"date": "2016-02-30"', "date: '2016-02-30' is not a valid date"),
])
def test_a_damaged_registry_is_an_error_at_its_source(tmp_path: Path, old: str, new: str, message: str) -> None:
    text = render_registry(_sources(3))
    assert old in text
    config = _write_registry(tmp_path, text.replace(old, new, 1))
    with pytest.raises(FactFileError, match=message) as caught:
        load_registry(config)
    lines = text.splitlines()
    damaged = next(n for n, line in enumerate(lines, 1) if old in line)
    opening = max(n for n, line in enumerate(lines, 1) if line == "    {" and n < damaged)
    id_line = next(n for n, line in enumerate(lines, 1) if '"id":' in line and n > opening)
    assert caught.value.file == "facts/sources.json"
    assert caught.value.line in (id_line, damaged)  # the source, or the repeated key itself


def test_malformed_json_names_its_line() -> None:
    with pytest.raises(FactFileError) as caught:
        parse_json('{\n  "facts": [\n    {"id": 1}\n    {"id": 2}\n  ]\n}\n', "facts/extracted/x.json")
    assert str(caught.value).startswith("facts/extracted/x.json:4: malformed JSON")


def _old_format(root: Path) -> None:
    """Turn a workspace's JSON registry and fact files into what briefgen 0.1 wrote (YAML)."""
    facts = root / "facts"
    registry = json.loads((facts / "sources.json").read_text(encoding="utf-8"))
    for source in registry["sources"]:
        source["date"] = dt.date.fromisoformat(source["date"]) if source["date"] else None
    (facts / "sources.yaml").write_text("# Source registry\n" + dump_yaml(registry), encoding="utf-8")
    (facts / "sources.json").unlink()
    for path in (facts / "extracted").glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        path.with_suffix(".yaml").write_text("# Machine-owned\n" + dump_yaml(data), encoding="utf-8")
        path.unlink()


def _build(root: Path) -> tuple[int, str, dict[str, bytes]]:
    result = CliRunner().invoke(cli, ["--root", str(root), "build", "--jobs", "1"])
    outputs = {str(p.relative_to(root / "build")): p.read_bytes()
               for p in sorted((root / "build").rglob("*.md"))}
    return result.exit_code, result.output, outputs


def test_build_migrates_an_old_yaml_workspace_to_json(tmp_path: Path) -> None:
    new, old = tmp_path / "new", tmp_path / "old"
    for root in (new, old):
        shutil.copytree(FIXTURE / "facts", root / "facts")
        shutil.copytree(TEMPLATES, root / "templates")
        (root / "briefgen.yaml").write_text("home: Hungary\npartners: [Uzbekistan, Turkey]\nformats: [md]\n",
                                            encoding="utf-8")
    json_files = {p.relative_to(new): p.read_bytes() for p in sorted((new / "facts").rglob("*.json"))}
    _old_format(old)
    assert not list((old / "facts").rglob("*.json"))
    # Until build converts them, read-only commands say what to do instead of showing an empty fact base.
    checked = CliRunner().invoke(cli, ["--root", str(old), "check"])
    assert "`briefgen build` converts them to JSON" in checked.output
    code, output, documents = _build(old)
    assert code == 0, output
    assert "converted facts/sources.yaml to facts/sources.json" in output
    assert "converted 4 file(s) in facts/extracted/ from YAML to JSON" in output
    assert not list((old / "facts").rglob("sources.yaml")) and not list((old / "facts" / "extracted").glob("*.yaml"))
    # The converted files are exactly what today's briefgen writes, and give the same documents.
    assert {p.relative_to(old): p.read_bytes() for p in sorted((old / "facts").rglob("*.json"))} == json_files
    assert _build(new)[2] == documents and documents
    # Hand-maintained YAML stays YAML.
    assert sorted(p.name for p in (old / "facts" / "meetings").iterdir()) == \
        sorted(p.name for p in (FIXTURE / "facts" / "meetings").iterdir())
