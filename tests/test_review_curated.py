"""Edits of a curated file by the review page keep what a person wrote: comments, blank lines,
order, quoting and indentation; an invalid edit writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("ruamel.yaml")

from briefgen.app.review.curated import CurationError, Edit, edit_curated  # noqa: E402
from briefgen.config import load_config  # noqa: E402

REJECT = Edit("rejections", {"id": "b#f2", "reason": "Not bilateral."}, match="id")

CASES = {
    "readme style, blank lines between sections": (
        "# Romania desk\ncorrections:\n  - id: a#f1   # the customs figure\n    value: 2920000000\n"
        "    reason: Misprint.\n\nrejections:\n  - id: c#f3\n    reason: \"Quoted: kept as written.\"\n\n"
        "# additions come last\n",
        REJECT,
        "# Romania desk\ncorrections:\n  - id: a#f1   # the customs figure\n    value: 2920000000\n"
        "    reason: Misprint.\n\nrejections:\n  - id: c#f3\n    reason: \"Quoted: kept as written.\"\n"
        "  - id: b#f2\n    reason: Not bilateral.\n\n# additions come last\n",
    ),
    "lists at column 0 with comments after an entry": (
        "rejections:\n- id: a#f1\n  reason: x   # keep\n\n# preferences below\npreferences:\n- prefer: a#f1\n  reason: r\n",
        REJECT,
        "rejections:\n- id: a#f1\n  reason: x   # keep\n- id: b#f2\n  reason: Not bilateral.\n\n"
        "# preferences below\npreferences:\n- prefer: a#f1\n  reason: r\n",
    ),
    "a second correction of a fact updates its entry": (
        "corrections:\n  - id: a#f1\n    value: 5   # first guess\n    reason: First.\n\nrejections: []\n",
        Edit("corrections", {"id": "a#f1", "period": "2024", "reason": "Second look."}, match="id"),
        "corrections:\n  - id: a#f1\n    value: 5   # first guess\n    period: '2024'\n    reason: Second look.\n"
        "\nrejections: []\n",
    ),
}


def workspace(root: Path, text: str | None) -> object:
    (root / "facts" / "curated").mkdir(parents=True)
    (root / "briefgen.yaml").write_text("home: Kazakhstan\npartners: [Romania]\n", encoding="utf-8")
    if text is not None:
        (root / "facts" / "curated" / "romania.yaml").write_text(text, encoding="utf-8")
    return load_config(root)


@pytest.mark.parametrize("name", sorted(CASES))
def test_edits_keep_the_persons_layout(tmp_path: Path, name: str) -> None:
    before, edit, after = CASES[name]
    config = workspace(tmp_path, before)
    path = edit_curated(config, "Romania", [edit])
    assert path.read_text(encoding="utf-8") == after


def test_a_new_file_starts_with_a_header(tmp_path: Path) -> None:
    config = workspace(tmp_path, None)
    text = edit_curated(config, "Romania", [REJECT]).read_text(encoding="utf-8")
    assert text.startswith("# Curated facts for Romania")
    assert text.endswith("rejections:\n  - id: b#f2\n    reason: Not bilateral.\n")


def test_an_invalid_edit_writes_nothing(tmp_path: Path) -> None:
    original = "rejections:\n  - id: a#f1\n    reason: x\n"
    config = workspace(tmp_path, original)
    path = tmp_path / "facts" / "curated" / "romania.yaml"
    with pytest.raises(CurationError, match=r"value: expected a number, got \"2.9 bn\""):
        edit_curated(config, "Romania", [Edit("corrections", {"id": "a#f1", "value": "2.9 bn", "reason": "r"})])
    with pytest.raises(CurationError, match="metric: unknown"):
        edit_curated(config, "Romania", [Edit("corrections", {"id": "a#f1", "metric": "gdpp", "reason": "r"})])
    assert path.read_text(encoding="utf-8") == original
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]


def test_a_problem_a_person_left_in_the_file_does_not_block_the_page(tmp_path: Path) -> None:
    # The person's typo is theirs to fix (check reports it); the page's own entry must be valid.
    original = "rejections:\n  - id: a#f1\n    reasn: typo\n"
    config = workspace(tmp_path, original)
    text = edit_curated(config, "Romania", [REJECT]).read_text(encoding="utf-8")
    assert text == original + "  - id: b#f2\n    reason: Not bilateral.\n"


def test_a_file_that_is_not_yaml_is_left_alone(tmp_path: Path) -> None:
    original = "rejections:\n  - id: [unclosed\n"
    config = workspace(tmp_path, original)
    with pytest.raises(CurationError, match="fix it by hand first"):
        edit_curated(config, "Romania", [REJECT])
    assert (tmp_path / "facts" / "curated" / "romania.yaml").read_text(encoding="utf-8") == original
