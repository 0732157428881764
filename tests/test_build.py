"""build_documents and the factbox/meeting commands on a copy of the fixture workspace."""

from __future__ import annotations

import re
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
def workspace(docs_workspace) -> Path:  # noqa: ANN001 - the conftest factory
    return docs_workspace("[md, html]")


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


def test_meeting_command_never_silently_replaces_a_sheet_for_the_same_date(workspace: Path) -> None:
    args = ["--root", str(workspace), "meeting", "Uzbekistan", "--date", "2023-03-01", "--format", "business forum"]
    first = CliRunner().invoke(cli, [*args, "--output", "md,html"])
    assert first.exit_code == 0, first.output
    folder = workspace / "build" / "uzbekistan"
    sheet = folder / "meeting-2023-03-01-business-forum.md"
    sheet.write_text(sheet.read_text(encoding="utf-8") + "\nDesk note: bring the MoU draft.\n", encoding="utf-8")
    refused = CliRunner().invoke(cli, [*args, "--output", "md"])
    assert refused.exit_code == 2 and "already there" in refused.output and "--force" in refused.output
    assert "Desk note: bring the MoU draft." in sheet.read_text(encoding="utf-8")
    # Rewritten in fewer formats: the HTML of the old sheet goes, so no stale sibling is left.
    forced = CliRunner().invoke(cli, [*args, "--output", "md", "--force"])
    assert forced.exit_code == 0, forced.output
    assert sorted(p.name for p in folder.glob("meeting-2023-03-01-*")) == ["meeting-2023-03-01-business-forum.md"]
    assert "Desk note" not in sheet.read_text(encoding="utf-8")


def test_diff_counts_articles_not_yet_extracted(workspace: Path) -> None:
    assert build_documents(load_config(workspace), prepare=False).problems == []
    articles = workspace / "articles"
    articles.mkdir()
    shutil.copy(FIXTURE / "articles" / "2023-11-20-energy-talks.txt", articles / "new-talks.txt")
    (articles / "notes.txt").write_text("Budapest, 1 May 2024. Trade reached $1 billion in 2023.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--root", str(workspace), "diff"])
    assert result.exit_code == 0, result.output
    assert "2 articles are in articles not extracted yet" in result.output


def test_facts_lists_people_and_events_in_plain_columns_when_piped(workspace: Path) -> None:
    result = CliRunner().invoke(cli, ["--root", str(workspace), "facts", "Uzbekistan"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].endswith("figure(s)") and lines[1].split("\t")[:3] == ["partner", "metric", "period"]
    assert any(x.startswith("# ") and x.endswith("person(s)") for x in lines)
    assert any(x.startswith("# ") and x.endswith("event(s)") for x in lines)
    assert any(x.split("\t")[1:3] == ["Jasur Tashkentov", "Foreign Minister"] for x in lines)
    assert any("\tMeeting with Farrukh Ismoilov\t" in x for x in lines)
    assert not any(ch in result.output for ch in "┃│━")


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


REPO = Path(__file__).resolve().parents[1]


def test_the_default_documents_fit_their_page_budgets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Romania workspace as `make brief` builds it: meeting sheet at most 2 pages, fact box 1,
    country brief at most 5 (generated in December 2026, when every figure carries its dagger)."""
    from pypdf import PdfReader

    if not any((REPO / "facts" / "extracted").glob("*.json")):
        pytest.skip("the workspace's own fact base is absent")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796256000")
    root = tmp_path / "ws"
    shutil.copytree(REPO / "facts", root / "facts")
    config = (REPO / "briefgen.yaml").read_text(encoding="utf-8")
    config = re.sub(r"(?m)^formats: .*$", "formats: [pdf]", config.replace("templates: templates", f"templates: {TEMPLATES}"))
    (root / "briefgen.yaml").write_text(config, encoding="utf-8")
    report = build_documents(load_config(root), prepare=False)
    assert report.problems == []
    pages = {p.stem: len(PdfReader(p).pages) for p in (root / "build" / "romania").glob("*.pdf")}
    meeting = [n for name, n in pages.items() if name.startswith("meeting-")]
    assert meeting and max(meeting) <= 2, pages
    assert pages["fact-box"] == 1 and pages["country-brief"] <= 5, pages
