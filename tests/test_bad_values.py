"""Bad values get one located line and the right exit code, never a traceback (issue 17, item 7)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen.cli import cli

FIXTURE = Path(__file__).parent / "fixtures" / "docs"
TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


@pytest.fixture
def workspace(docs_workspace) -> Path:  # noqa: ANN001 - the conftest factory
    return docs_workspace("[md]")


def _run(root: Path, *args: str):  # noqa: ANN202
    result = CliRunner().invoke(cli, ["--root", str(root), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def _first_figure_id(root: Path) -> str:
    data = json.loads(next((root / "facts" / "extracted").glob("2023-02-20-*.json")).read_text(encoding="utf-8"))
    return next(f["id"] for f in data["facts"] if f["kind"] == "figure")


def test_a_correction_to_zero_is_checked_and_built_without_crashing(workspace: Path) -> None:
    curated = workspace / "facts" / "curated" / "zero.yaml"
    curated.parent.mkdir(exist_ok=True)
    curated.write_text(f"corrections:\n  - id: {_first_figure_id(workspace)}\n    value: 0\n    reason: test\n",
                       encoding="utf-8")
    check = _run(workspace, "check")
    assert check.exit_code in (0, 1) and "check as of" in check.output
    build = _run(workspace, "build")
    assert build.exit_code == 0, build.output


def test_check_as_of_the_first_day_of_the_calendar(workspace: Path) -> None:
    result = _run(workspace, "check", "--as-of", "0001-01-01")
    assert result.exit_code in (0, 1) and "check as of 0001-01-01" in result.output


def test_stale_after_months_beyond_the_calendar_is_a_config_error(workspace: Path) -> None:
    config = workspace / "briefgen.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("stale_after_months: 18", "stale_after_months: 30000"),
                      encoding="utf-8")
    line = next(i for i, text in enumerate(config.read_text(encoding="utf-8").splitlines(), 1) if "stale_after" in text)
    result = _run(workspace, "check")
    assert result.exit_code == 2
    assert f"briefgen.yaml:{line}: stale_after_months: expected a number of months from 1 to 1200, got 30000" in result.output


def test_a_damaged_snapshot_is_treated_as_absent_with_a_warning(workspace: Path) -> None:
    assert _run(workspace, "build").exit_code == 0
    snapshot = workspace / "build" / "uzbekistan" / ".snapshots" / "country-brief.json"
    snapshot.write_text('{"format": 1, "facts": {"figures": [{"value": 1}]}, "date": null, "baseline": null}',
                        encoding="utf-8")
    (snapshot.parent / "fact-box.json").write_bytes(b"\xff\xfe\x00")
    result = _run(workspace, "build", "--force")
    assert result.exit_code == 0, result.output
    assert ("warning: build/uzbekistan/.snapshots/country-brief.json: snapshot unreadable (damaged or from "
            "another version): treated as absent") in result.output
    assert "build/uzbekistan/.snapshots/fact-box.json: snapshot unreadable" in result.output
    assert _run(workspace, "diff", "Uzbekistan").exit_code == 0


def test_digits_in_settings_are_not_figures(workspace: Path) -> None:
    config = workspace / "briefgen.yaml"
    text = config.read_text(encoding="utf-8")
    text = text.replace('desk: "Central Asia Desk"', 'desk: "Desk 3, Room 214"')
    text = text.replace('classification: "RESTRICTED — TEST FIXTURE"', 'classification: "RESTRICTED 2.1"')
    config.write_text(text, encoding="utf-8")
    result = _run(workspace, "build")
    assert result.exit_code == 0, result.output
    brief = (workspace / "build" / "uzbekistan" / "country-brief.md").read_text(encoding="utf-8")
    assert "**RESTRICTED 2.1** · Desk 3, Room 214 ·" in brief


def test_unknown_format_and_metric_are_usage_errors(workspace: Path) -> None:
    meeting = _run(workspace, "meeting", "Uzbekistan", "--date", "2023-03-01", "--output", "xyz")
    assert meeting.exit_code == 2 and "unknown format 'xyz'" in meeting.output
    facts = _run(workspace, "facts", "--metric", "bogus")
    assert facts.exit_code == 2 and "'bogus' is not one of" in facts.output


def test_an_error_inside_a_macro_is_reported_in_the_macro_file(workspace: Path, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    macros = templates / "macros.md.j2"
    lines = macros.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("**{{ doc.classification }}**"))
    lines[at] = "{{ doc.classification.no_such_thing.anywhere }}"
    macros.write_text("\n".join(lines) + "\n", encoding="utf-8")
    config = workspace / "briefgen.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(str(TEMPLATES), str(templates)), encoding="utf-8")
    result = _run(workspace, "build")
    assert result.exit_code == 1
    assert f"{macros}:{at + 1}: template error:" in result.output, result.output


def test_outside_a_workspace_nothing_is_written(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = _run(empty, "build")
    assert result.exit_code == 2 and "not a briefgen workspace" in result.output
    assert list(empty.iterdir()) == []


def test_an_error_quoting_a_whole_file_is_cut_short(workspace: Path) -> None:
    curated = workspace / "facts" / "curated" / "notes.yaml"
    curated.parent.mkdir(exist_ok=True)
    curated.write_text(" ".join(f"line{i}:x:0:0:root:/root:/bin/bash" for i in range(400)), encoding="utf-8")
    result = _run(workspace, "check")
    line = next(text for text in result.output.splitlines() if "notes.yaml" in text)
    assert len(line) < 300 and "characters)" in line, line
