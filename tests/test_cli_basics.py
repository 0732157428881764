"""The command group: version, help on every command, and configuration errors."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from briefgen import __version__
from briefgen.cli import cli


def test_version() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_help_on_every_command(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output


def test_python_dash_m_entry_point() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "briefgen", "--version"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0
    assert __version__ in proc.stdout


def test_bad_config_is_a_located_usage_error(tmp_path) -> None:
    (tmp_path / "briefgen.yaml").write_text("home: Kazakhstan\npartner: Romania\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--root", str(tmp_path), "ingest", str(tmp_path)])
    assert result.exit_code == 2
    assert "briefgen.yaml:2: unknown key 'partner'" in result.output


@pytest.mark.parametrize("args", [
    ["facts", "--metric", "bogus"],
    ["factbox", "Romania", "--write", "--output", "xyz"],
    ["meeting", "Romania", "--date", "2026-12-10", "--output", "md,xyz"],
    ["check", "--as-of", "10/12/2026"],
])
def test_values_outside_a_closed_list_are_usage_errors(args: list[str]) -> None:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert "Invalid value" in result.output


def test_one_flag_one_meaning() -> None:
    """--output is always the output formats; --format only ever the meeting's format."""
    factbox = CliRunner().invoke(cli, ["factbox", "--help"]).output
    meeting = CliRunner().invoke(cli, ["meeting", "--help"]).output
    assert "--output" in factbox and "--format" not in factbox
    assert "--output" in meeting and "Meeting format" in meeting
