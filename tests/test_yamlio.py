"""Safe YAML loading: located errors for every malformed or hostile file; deterministic writing."""

from __future__ import annotations

import pytest

from briefgen.errors import FactFileError
from briefgen.storage.atomic import write_text_atomic
from briefgen.storage.yamlfiles import (
    MAX_YAML_BYTES,
    dump_yaml,
    parse_yaml,
    read_yaml,
)


def test_lines_are_recorded_for_keys_and_items() -> None:
    data = parse_yaml("a: 1\nlist:\n  - x: 2\n    y: 3\n  - x: 4\n", "f.yaml")
    assert data.line_of("list") == 2
    assert data["list"].item_lines == [3, 5]
    assert data["list"][1].line_of("x") == 5


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("a: 1\nb: 2\na: 3\n", 3, "duplicate key 'a' (first on line 1)"),
        ("a:\n\t- 1\n", 2, "tab character"),
        ("a: !!python/object/apply:os.system ['true']\n", 1, "unsupported YAML tag"),
        ("a: [1, 2\n", 2, "expected ','"),
        ("a: 1\ndate: 2023-13-01\n", 2, "2023-13-01 is not a valid date"),
    ],
)
def test_malformed_yaml_names_file_and_line(text: str, line: int, fragment: str) -> None:
    with pytest.raises(FactFileError) as info:
        parse_yaml(text, "facts/curated/x.yaml")
    assert info.value.file == "facts/curated/x.yaml"
    assert info.value.line == line
    assert fragment in info.value.message


def test_billion_laughs_is_refused() -> None:
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 14):
        refs = ", ".join([f"*l{i - 1}"] * 9)
        lines.append(f"l{i}: &l{i} [{refs}]")
    with pytest.raises(FactFileError, match="too many YAML aliases"):
        parse_yaml("\n".join(lines) + "\n", "bomb.yaml")


def test_oversized_and_non_utf8_files_are_refused(tmp_path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: " + b"x" * (MAX_YAML_BYTES + 1) + b"\n")
    with pytest.raises(FactFileError, match="limit"):
        read_yaml(big)
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("a: 1\nname: café\n".encode("latin-1"))
    with pytest.raises(FactFileError) as info:
        read_yaml(latin)
    assert "not valid UTF-8" in info.value.message and info.value.line == 2


def test_dump_is_deterministic_and_round_trips() -> None:
    data = {"b": "Spătaru", "a": [1, 2.5, None], "text": "two\nlines"}
    first = dump_yaml(data)
    assert first == dump_yaml(dict(data))
    assert first.startswith("b: Spătaru\n")
    assert parse_yaml(first, "x") == data


def test_atomic_write_leaves_identical_file_untouched(tmp_path) -> None:
    path = tmp_path / "out.yaml"
    assert write_text_atomic(path, "a: 1\n") is True
    mtime = path.stat().st_mtime_ns
    assert write_text_atomic(path, "a: 1\n") is False
    assert path.stat().st_mtime_ns == mtime
    assert [p.name for p in tmp_path.iterdir()] == ["out.yaml"]
