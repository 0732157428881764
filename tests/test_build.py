"""build_documents and the factbox/meeting commands on a copy of the fixture workspace."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen.app.build import build_documents, output_dir
from briefgen.cli import cli
from briefgen.config import load_config
from briefgen.errors import UsageError

FIXTURE = Path(__file__).parent / "fixtures" / "docs"
TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(FIXTURE / "facts", root / "facts")
    config = (FIXTURE / "briefgen.yaml").read_text(encoding="utf-8")
    config = config.replace("templates: ../../../templates", f"templates: {TEMPLATES}")
    config = config.replace("formats: [md, html, pdf]", "formats: [md, html]")
    (root / "briefgen.yaml").write_text(config, encoding="utf-8")
    return root


def test_build_writes_every_document_and_skips_unchanged_ones(workspace: Path) -> None:
    config = load_config(workspace)
    report = build_documents(config, prepare=False)
    assert report.problems == []
    names = sorted(p.relative_to(workspace / "build").as_posix() for p in report.written)
    assert "uzbekistan/country-brief.md" in names and "uzbekistan/country-brief-turnover.svg" in names
    assert "uzbekistan/fact-box.html" in names and "turkey/country-brief.md" in names
    assert "uzbekistan/meeting-2023-12-12-political-consultations.md" in names
    again = build_documents(config, prepare=False)
    assert again.written == [] and len(again.unchanged) == 5
    forced = build_documents(config, prepare=False, force=True)
    assert len(forced.written) == len(report.written)


def test_output_dir_stays_inside_build(workspace: Path) -> None:
    config = load_config(workspace)
    assert output_dir(config, "../../Evil Partner").name == "evil-partner"
    assert output_dir(config, "../..").parent == (workspace / "build").resolve()
    with pytest.raises(UsageError):
        build_documents(config, prepare=False, formats=["odt"])


def test_factbox_command_prints_markdown(workspace: Path) -> None:
    result = CliRunner().invoke(cli, ["--root", str(workspace), "factbox", "uzbekistan", "--metrics", "exports"])
    assert result.exit_code == 0, result.output
    assert "| Exports to Uzbekistan (2022) | $370 million | [^1] |" in result.output
    bad = CliRunner().invoke(cli, ["--root", str(workspace), "factbox", "Uzbekistan", "--metrics", "gdp"])
    assert bad.exit_code == 2 and "unknown metric 'gdp'" in bad.output


def test_meeting_command_writes_a_sheet_from_flags(workspace: Path) -> None:
    result = CliRunner().invoke(cli, [
        "--root", str(workspace), "meeting", "Uzbekistan", "--date", "2023-03-01", "--counterpart", "Bakhrom Aloev",
        "--place", "Tashkent", "--format", "business forum", "--output", "md"])
    assert result.exit_code == 0, result.output
    sheet = workspace / "build" / "uzbekistan" / "meeting-2023-03-01-business-forum.md"
    text = sheet.read_text(encoding="utf-8")
    assert "- **Where:** Tashkent" in text and "Bakhrom Aloev" in text
    assert "$290 million" not in text
    bad = CliRunner().invoke(cli, ["--root", str(workspace), "meeting", "Uzbekistan", "--date", "March"])
    assert bad.exit_code == 2 and "Invalid value for '--date': 'March'" in bad.output


def test_parallel_pdfs_match_a_serial_build(workspace: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    serial_root = tmp_path / "serial"
    shutil.copytree(workspace, serial_root)
    for root, jobs in ((workspace, 2), (serial_root, 1)):
        text = (root / "briefgen.yaml").read_text(encoding="utf-8").replace("formats: [md, html]", "formats: [md, pdf]")
        (root / "briefgen.yaml").write_text(text, encoding="utf-8")
        report = build_documents(load_config(root), prepare=False, jobs=jobs)
        assert report.problems == [] and len(report.rendered) == 5
    for pdf in sorted((workspace / "build").rglob("*.pdf")):
        twin = serial_root / "build" / pdf.relative_to(workspace / "build")
        assert [p.extract_text() for p in PdfReader(pdf).pages] == [p.extract_text() for p in PdfReader(twin).pages]
        assert pdf.with_suffix(".md").read_bytes() == twin.with_suffix(".md").read_bytes()
