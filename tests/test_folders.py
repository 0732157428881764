"""Folder settings and output names that would make one output overwrite another, or a build
reach files it did not make, are refused or warned about (issue 17, item 4)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen.cli import cli
from briefgen.config import load_config
from briefgen.errors import ConfigError

FIXTURE = Path(__file__).parent / "fixtures" / "docs"
TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


@pytest.fixture
def workspace(docs_workspace) -> Path:  # noqa: ANN001 - the conftest factory
    return docs_workspace("[md]")


def _set(root: Path, key: str, value: str) -> int:
    """Set one top-level setting; returns its line number."""
    config = root / "briefgen.yaml"
    text = re.sub(rf"(?m)^{key}: .*$", f"{key}: {value}", config.read_text(encoding="utf-8"))
    config.write_text(text, encoding="utf-8")
    return next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith(f"{key}:"))


@pytest.mark.parametrize(("key", "value", "message"), [
    ("build", ".", "the articles and build folders overlap"),
    ("build", "facts/out", "the facts and build folders overlap"),
    ("facts", "templates-and-facts", None),
    ("build", "../elsewhere", "build: '../elsewhere' is outside the workspace; write an absolute path if that is meant"),
    ("facts", "../../facts", "facts: '../../facts' is outside the workspace"),
])
def test_folder_settings_are_validated(workspace: Path, key: str, value: str, message: str | None) -> None:
    line = _set(workspace, key, value)
    if message is None:
        assert load_config(workspace).facts == workspace / value
        return
    with pytest.raises(ConfigError) as caught:
        load_config(workspace)
    assert message in caught.value.message and caught.value.file == "briefgen.yaml"
    assert caught.value.line == line or "overlap" in message


def test_an_absolute_build_folder_outside_the_workspace_is_explicit(workspace: Path, tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / ".thesis-draft.tmp").write_text("a user's own file", encoding="utf-8")
    _set(workspace, "build", str(shared))
    result = CliRunner().invoke(cli, ["--root", str(workspace), "build"])
    assert result.exit_code == 0, result.output
    assert (shared / ".thesis-draft.tmp").read_text(encoding="utf-8") == "a user's own file"
    assert (shared / "uzbekistan" / "country-brief.md").is_file()


def test_partners_sharing_an_output_folder_are_refused(workspace: Path) -> None:
    config = workspace / "briefgen.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - Turkey\n", "  - Turkey\n  - uzbekistan\n"),
                      encoding="utf-8")
    result = CliRunner().invoke(cli, ["--root", str(workspace), "build"])
    assert result.exit_code == 2
    assert "briefgen.yaml:3: partners: 'Uzbekistan' and 'uzbekistan' would share the output folder build/uzbekistan/" \
        in result.output


def test_meeting_specs_that_would_overwrite_each_other_or_name_no_partner(workspace: Path) -> None:
    meetings = workspace / "facts" / "meetings"
    original = next(meetings.glob("*.yaml"))
    twin = meetings / "zz-twin.yaml"
    twin.write_text(original.read_text(encoding="utf-8").replace("place: Budapest", "place: Tashkent"),
                    encoding="utf-8")
    stray = meetings / "kazakhstan.yaml"
    stray.write_text(original.read_text(encoding="utf-8").replace("partner: Uzbekistan", "partner: Kazakhstan"),
                     encoding="utf-8")
    result = CliRunner().invoke(cli, ["--root", str(workspace), "build"])
    assert result.exit_code == 1
    assert (f"error: facts/meetings/zz-twin.yaml: meeting: would be written as meeting-2023-12-12-political-"
            f"consultations, like facts/meetings/{original.name}") in result.output
    assert "warning: facts/meetings/kazakhstan.yaml: meeting: partner 'Kazakhstan' is not in partners" in result.output
    sheet = workspace / "build" / "uzbekistan" / "meeting-2023-12-12-political-consultations.md"
    assert "Budapest" in sheet.read_text(encoding="utf-8")
