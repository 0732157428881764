"""Parallel extraction (`extract --jobs`): the same fact files, byte for byte, and the same report as serial."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen.cli import cli
from briefgen.config import load_config
from briefgen.extract.run import run_extract
from briefgen.ingest.run import run_ingest

FIXTURES = Path(__file__).parent / "fixtures"


def _workspace(root: Path) -> Path:
    """Fixture articles in our own words, registered; one of them edited after ingest."""
    articles = root / "articles"
    articles.mkdir(parents=True)
    (root / "briefgen.yaml").write_text("home: Kazakhstan\npartners: [Hungary, Poland]\n", encoding="utf-8")
    for folder in ("articles", "ingest"):
        for path in sorted((FIXTURES / folder).iterdir()):
            shutil.copy(path, articles / path.name)
    report = run_ingest(load_config(root))
    assert len(report.sources) >= 15 and not report.problems
    # A registered article whose text changed since ingest is reported, not extracted.
    changed = articles / "poland_pap_investment.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nA late paragraph.\n", encoding="utf-8")
    return root


def _files(root: Path) -> dict[str, bytes]:
    folder = root / "facts" / "extracted"
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def _summary(report) -> tuple:
    return (
        [e.source.id for e in report.extractions],
        [e.facts for e in report.extractions],
        [str(p) for p in report.problems],
        report.written,
        report.unchanged,
        report.lines(),
        report.to_json(),
    )


@pytest.fixture(scope="module")
def serial(tmp_path_factory):
    root = _workspace(tmp_path_factory.mktemp("serial"))
    report = run_extract(load_config(root))
    return root, report


@pytest.mark.parametrize("jobs", [2, 0])
def test_parallel_extract_writes_the_same_files_and_report_as_serial(tmp_path: Path, serial, jobs: int):
    serial_root, serial_report = serial
    root = _workspace(tmp_path / "parallel")
    report = run_extract(load_config(root), jobs=jobs)
    assert _files(root) == _files(serial_root)
    assert _summary(report) == _summary(serial_report)
    assert report.problems and "poland_pap_investment.txt" in str(report.problems[0])
    assert len(report.written) == len(report.extractions) >= 14
    # A second parallel run rewrites nothing.
    again = run_extract(load_config(root), jobs=jobs)
    assert again.written == [] and again.unchanged == report.written


def test_parallel_extract_of_given_files_matches_serial(tmp_path: Path, serial):
    serial_root, _ = serial
    root = _workspace(tmp_path / "paths")
    files = [root / "articles" / name for name in ("hungary_mti_trade.txt", "turkey_anadolu_trade.txt",
                                                   "hungary_mti_trade.txt", "missing.txt")]
    one = run_extract(load_config(root), files, write=False, jobs=1)
    two = run_extract(load_config(root), files, write=False, jobs=2)
    assert _summary(one) == _summary(two)
    assert [e.source.id for e in two.extractions] == sorted({e.source.id for e in one.extractions})
    assert len(two.extractions) == 2 and len(two.problems) == 1
    assert not (root / "facts" / "extracted").exists()


def test_cli_extract_jobs(tmp_path: Path, serial):
    serial_root, _ = serial
    root = _workspace(tmp_path / "cli")
    result = CliRunner().invoke(cli, ["--root", str(root), "extract", "--jobs", "2"])
    assert result.exit_code == 1, result.output  # the edited article is refused
    assert "text changed since source" in result.output
    assert _files(root) == _files(serial_root)
