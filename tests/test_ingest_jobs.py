"""Parallel ingest (`--jobs`): the same registry, byte for byte, and the same report as a serial run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen.cli import cli
from briefgen.config import load_config
from briefgen.ingest.registry import registry_path
from briefgen.ingest.run import run_ingest

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
PARTNERS = (("Hungary", "BUDAPEST"), ("Poland", "WARSAW"), ("Turkey", "ANKARA"), ("Uzbekistan", "TASHKENT"))


def _article(number: int) -> str:
    partner, city = PARTNERS[number % len(PARTNERS)]
    year = 2015 + number % 9
    month = 1 + number % 12
    value = 100 + 7 * number
    header = f" date {year}-{month:02d}-{1 + number % 27:02d} Kazakhstan and {partner} review ties, round {number}\n\n"
    return header + (
        f"{city} – Kazakhstan and {partner} held talks on trade and transport. "
        f"Mutual trade reached ${value} million in {year - 1}, officials said.\n\n"
        f"The sides agreed to meet again in {year + 1}.\n"
    )


def _workspace(root: Path, count: int) -> Path:
    articles = root / "articles"
    (articles / "sub").mkdir(parents=True)
    (root / "briefgen.yaml").write_text("home: Kazakhstan\npartners: [Hungary]\n", encoding="utf-8")
    for number in range(count):
        folder = articles / "sub" if number % 5 == 0 else articles
        (folder / f"a{number:03d}.txt").write_text(_article(number), encoding="utf-8")
    # Cases where the order of registering matters: the same text twice, the same title twice,
    # files that are refused, and an undated note.
    (articles / "copy-of-a001.txt").write_text(_article(1), encoding="utf-8")
    same_title = _article(2).replace("held talks", "held further talks")
    (articles / "same-title.txt").write_text(same_title, encoding="utf-8")
    (articles / "empty.txt").write_text("  \n", encoding="utf-8")
    (articles / "bad-date.txt").write_text(" date 2021-02-30 Impossible day\n\nText.\n", encoding="utf-8")
    (articles / "notes.docx").write_bytes(b"PK\x03\x04")
    (articles / "undated.md").write_text("# Note on Poland\n\nWARSAW – Poland and Kazakhstan met.\n", encoding="utf-8")
    return root


def _run(root: Path, jobs: int | None):
    report = run_ingest(load_config(root), [root / "articles"], jobs=jobs)
    return report, registry_path(load_config(root)).read_bytes()


def _summary(report, root: Path) -> tuple:
    """What a run reports, with the workspace folder left out of messages."""
    return tuple(
        [line.replace(str(root), "<ws>") for line in part]
        for part in (
            [s.id for s in report.sources],
            report.added,
            report.updated,
            report.unchanged,
            [str(p) for p in report.problems],
            [str(w) for w in report.warnings],
            report.lines(),
        )
    )


@pytest.mark.parametrize("jobs", [2, 3, 0])
def test_parallel_ingest_writes_the_same_registry_and_report_as_serial(tmp_path: Path, jobs: int):
    serial_root = _workspace(tmp_path / "serial", 60)
    parallel_root = _workspace(tmp_path / "parallel", 60)
    serial, serial_bytes = _run(serial_root, None)
    parallel, parallel_bytes = _run(parallel_root, jobs)
    assert len(serial.sources) == 62
    assert len(serial.problems) == 3
    assert any("same text as" in str(w) for w in serial.warnings)
    assert parallel_bytes == serial_bytes
    assert _summary(parallel, parallel_root) == _summary(serial, serial_root)


def test_parallel_reingest_after_changes_matches_serial(tmp_path: Path):
    roots = [_workspace(tmp_path / name, 30) for name in ("serial", "parallel")]
    for root, jobs in zip(roots, (1, 2), strict=True):
        run_ingest(load_config(root), [root / "articles"], jobs=jobs)
        (root / "articles" / "a003.txt").write_text(_article(3).replace("transport", "energy"), encoding="utf-8")
        (root / "articles" / "a004.txt").unlink()
        shutil.copy(root / "articles" / "a006.txt", root / "articles" / "moved.txt")
    serial, serial_bytes = _run(roots[0], 1)
    parallel, parallel_bytes = _run(roots[1], 2)
    assert serial.updated and parallel_bytes == serial_bytes
    assert _summary(parallel, roots[1]) == _summary(serial, roots[0])


@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not present")
def test_parallel_ingest_of_the_shared_corpus_matches_serial(tmp_path: Path):
    outputs = []
    for name, jobs in (("serial", 1), ("parallel", 2)):
        root = tmp_path / name
        shutil.copytree(CORPUS, root / "articles")
        (root / "briefgen.yaml").write_text("home: Kazakhstan\npartners: [Romania]\n", encoding="utf-8")
        report, data = _run(root, jobs)
        outputs.append((_summary(report, root), data))
    assert outputs[0] == outputs[1]
    assert outputs[0][1].count(b'"partner": "Romania"') == len(list(CORPUS.iterdir()))


def test_cli_jobs_option(tmp_path: Path):
    serial_root = _workspace(tmp_path / "serial", 12)
    parallel_root = _workspace(tmp_path / "parallel", 12)
    runner = CliRunner()
    serial = runner.invoke(cli, ["--root", str(serial_root), "ingest"])
    parallel = runner.invoke(cli, ["--root", str(parallel_root), "ingest", "--jobs", "2"])
    assert serial.exit_code == parallel.exit_code == 1  # the refused files
    assert parallel.output == serial.output
    assert registry_path(load_config(parallel_root)).read_bytes() == registry_path(load_config(serial_root)).read_bytes()
    bad = runner.invoke(cli, ["--root", str(parallel_root), "ingest", "--jobs", "-1"])
    assert bad.exit_code == 2
