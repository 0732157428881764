"""Regeneration (issue 6): a left-out corpus article arrives, `briefgen build` updates what it affects."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen.app.build import build_documents
from briefgen.cli import cli
from briefgen.config import load_config
from briefgen.ingest.registry import load_registry, write_registry

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
LEFT_OUT = "2025-03-19-prospects-establishing-strategic-partnership-kazakhstan"
POLAND = """\
additions:
  - id: curated/poland#turnover-2024
    kind: figure
    partner: Poland
    metric: trade_turnover
    value: {value}
    unit: USD
    period: "2024"
    quote: "Trade with Poland came to USD {value_text} in 2024."
    reference:
      outlet: Statistics desk
      title: Bilateral trade with Poland, 2024
      date: 2025-02-10
"""

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="needs ../shared/corpus")


def _workspace(root: Path, formats: str = "[md]") -> Path:
    """The committed Romania fact base without one article, plus an unrelated partner (Poland)."""
    shutil.copytree(REPO / "facts", root / "facts")
    text = (REPO / "briefgen.yaml").read_text(encoding="utf-8")
    text = text.replace("templates: templates", f"templates: {REPO / 'templates'}")
    text = re.sub(r"formats: \[.*\]", f"formats: {formats}", text)
    text = text.replace("  - Romania\n", "  - Romania\n  - Poland\n")
    (root / "briefgen.yaml").write_text(text, encoding="utf-8")
    config = load_config(root)
    registry = load_registry(config)
    left_out = registry.pop(LEFT_OUT)
    write_registry(config, registry)
    (root / "facts" / "extracted" / f"{LEFT_OUT}.json").unlink()
    (root / "facts" / "curated" / "poland.yaml").write_text(POLAND.format(value=5100000000, value_text='5.1 billion'), encoding="utf-8")
    (root / "articles").mkdir()
    (root / "left-out.txt").write_text(left_out.path, encoding="utf-8")
    return root


def _add_left_out(root: Path) -> None:
    name = Path((root / "left-out.txt").read_text(encoding="utf-8")).name
    shutil.copy(CORPUS / name, root / "articles" / name)


def _mtimes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def _section(markdown: str, heading: str) -> str:
    start = markdown.index(f"\n## {heading}") + 1
    end = markdown.find("\n## ", start)
    return markdown[start:end if end > 0 else None]


def _note(markdown: str, ref: str) -> str:
    return next(line for line in markdown.splitlines() if line.startswith(f"{ref}:"))


def test_new_article_updates_key_figures_lists_changes_and_leaves_the_rest_alone(tmp_path: Path) -> None:
    root = _workspace(tmp_path / "ws")
    config = load_config(root)
    first = build_documents(config)
    assert first.problems == [] and "romania/country-brief" in first.rendered
    brief = root / "build" / "romania" / "country-brief.md"
    before = brief.read_text(encoding="utf-8")
    assert "$2.92 billion" not in before and "Changes since" not in before
    poland_before = _mtimes(root / "build" / "poland")

    _add_left_out(root)
    time.sleep(0.01)
    second = CliRunner().invoke(cli, ["--root", str(root), "build", "--jobs", "1"])
    assert second.exit_code == 0, second.output
    assert "3 documents rendered, 2 up to date" in second.output
    assert "wrote build/romania/country-brief.md" in second.output and "poland" not in second.output
    assert (root / "facts" / "extracted" / f"{LEFT_OUT}.json").is_file()
    assert _mtimes(root / "build" / "poland") == poland_before

    after = brief.read_text(encoding="utf-8")
    key = _section(after, "Key figures")
    assert re.search(r"\| Trade turnover \(2024\) \| \$2\.92 billion \| \[\^\d+\] \|", key)
    # The older values stay in the time series.
    trade = _section(after, "Trade and investment")
    assert "| 2022 | $2.7 billion[^" in trade and "| 2024 | $2.92 billion[^" in trade
    changes = _section(after, "Changes since")
    assert changes.startswith("## Changes since the previous edition (14 December 2023)")
    new = re.search(r"- New: Trade turnover \(2024\): \$2\.92 billion(\[\^\d+\])", changes)
    assert new, changes
    assert "The prospects of establishing a strategic partnership" in _note(after, new.group(1))
    changed = re.search(r"- Changed: Companies with Romanian capital.*: 37(\[\^\d+\]) → about 40(\[\^\d+\])", changes)
    assert changed, changes
    assert "14 December 2023" in _note(after, changed.group(1)) and "19 March 2025" in _note(after, changed.group(2))
    assert "$2.7 billion" not in changes  # unchanged figures are not listed

    # Rebuilding the same facts gives the same document, changes section included.
    forced = build_documents(load_config(root), force=True)
    assert forced.problems == [] and brief.read_text(encoding="utf-8") == after
    assert build_documents(load_config(root)).up_to_date
    curated = root / "facts" / "curated"
    assert (curated / "poland.yaml").read_text(encoding="utf-8") == POLAND.format(value=5100000000, value_text="5.1 billion")
    assert (curated / "README.md").read_bytes() == (REPO / "facts" / "curated" / "README.md").read_bytes()


def test_changing_one_curated_fact_rebuilds_only_the_documents_using_it(tmp_path: Path) -> None:
    root = _workspace(tmp_path / "ws")
    assert build_documents(load_config(root)).problems == []
    romania = _mtimes(root / "build" / "romania")
    curated = root / "facts" / "curated" / "poland.yaml"
    curated.write_text(POLAND.format(value=5300000000, value_text='5.3 billion'), encoding="utf-8")
    report = build_documents(load_config(root))
    assert sorted(report.rendered) == ["poland/country-brief", "poland/fact-box"]
    assert _mtimes(root / "build" / "romania") == romania
    box = (root / "build" / "poland" / "fact-box.md").read_text(encoding="utf-8")
    assert "$5.3 billion" in box and re.search(r"- Changed: Trade turnover \(2024\): \$5\.1 billion\[\^\d+\] → \$5\.3 billion", box)


def test_noop_build_writes_nothing_and_does_not_import_weasyprint(tmp_path: Path) -> None:
    root = _workspace(tmp_path / "ws")
    assert build_documents(load_config(root)).problems == []
    before = _mtimes(root / "build")
    probe = ("import sys; from briefgen.cli import main; sys.argv = ['briefgen', 'build'];\n"
             "try:\n    main()\nexcept SystemExit as e:\n    code = e.code\n"
             "print('weasyprint' in sys.modules, 'briefgen.factbase.load' in sys.modules, code)")
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", probe], cwd=root, capture_output=True, text=True, timeout=60)
    elapsed = time.perf_counter() - started
    assert out.stdout.splitlines()[-1] == "False False 0", out.stdout + out.stderr
    assert "up to date" in out.stdout
    assert _mtimes(root / "build") == before
    assert elapsed < 5  # generous for a loaded CI machine; benchmarks/ measures the real figure


def test_deleted_output_is_rebuilt(tmp_path: Path) -> None:
    root = _workspace(tmp_path / "ws")
    config = load_config(root)
    build_documents(config)
    (root / "build" / "romania" / "fact-box.md").unlink()
    report = build_documents(config)
    assert report.rendered == ["romania/fact-box"] and (root / "build" / "romania" / "fact-box.md").is_file()


def test_diff_lists_what_the_next_brief_will_report(tmp_path: Path) -> None:
    root = _workspace(tmp_path / "ws")
    runner = CliRunner()
    none_yet = runner.invoke(cli, ["--root", str(root), "diff", "romania"])
    assert none_yet.exit_code == 0 and "no country brief built yet" in none_yet.output
    build_documents(load_config(root))
    _add_left_out(root)
    assert runner.invoke(cli, ["--root", str(root), "ingest"]).exit_code == 0
    assert runner.invoke(cli, ["--root", str(root), "extract", str(root / "articles")]).exit_code == 0
    result = runner.invoke(cli, ["--root", str(root), "diff", "Romania"])
    assert result.exit_code == 0, result.output
    assert "Romania: not yet built; the next brief will list changes since 14 December 2023" in result.output
    assert re.search(r"\+ Trade turnover \(2024\): \$2\.92 billion  \[The prospects", result.output)
    assert "~ " in result.output and "37 -> about 40" in result.output
    unknown = runner.invoke(cli, ["--root", str(root), "diff", "Atlantis"])
    assert unknown.exit_code == 2 and "unknown partner" in unknown.output


def _env() -> dict[str, str]:
    return os.environ | {"PYTHONUNBUFFERED": "1"}


def test_second_build_waits_for_the_lock(tmp_path: Path) -> None:
    root = _workspace(tmp_path / "ws")
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\nfrom pathlib import Path\nfrom briefgen.storage.lock import workspace_lock\n"
         "with workspace_lock(Path(sys.argv[1])):\n    print('held', flush=True)\n    time.sleep(1.5)\n",
         str(root / "build")], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "briefgen", "--root", str(root), "build"],
                         capture_output=True, text=True, timeout=120, env=_env())
    holder.wait(timeout=10)
    assert out.returncode == 0, out.stderr
    assert f"waiting for another briefgen run (pid {holder.pid}) to finish" in out.stderr
    assert time.perf_counter() - started > 1.0
    assert (root / "build" / "romania" / "country-brief.md").is_file()


def _wait_for_library(pid: int, name: str, timeout: float) -> None:
    """Return once process ``pid`` has loaded a shared library whose path contains ``name``."""
    maps = Path(f"/proc/{pid}/maps")
    if not maps.exists():
        time.sleep(1.0)  # no /proc: give the import a second
        return
    deadline = time.monotonic() + timeout
    while name not in maps.read_text(errors="replace"):
        assert time.monotonic() < deadline, f"{name} never loaded"
        time.sleep(0.02)


def test_killed_build_mid_pdf_leaves_the_previous_pdf_intact(tmp_path: Path) -> None:
    from pypdf import PdfReader

    root = _workspace(tmp_path / "ws", formats="[md, pdf]")
    assert build_documents(load_config(root), partners=["Romania"]).problems == []
    pdf = root / "build" / "romania" / "country-brief.pdf"
    previous = pdf.read_bytes()
    config_file = root / "briefgen.yaml"
    config_file.write_text(config_file.read_text(encoding="utf-8").replace("FOR INTERNAL USE", "RESTRICTED"),
                           encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "briefgen", "--root", str(root), "build", "--jobs", "1"],
                            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=_env())
    for line in proc.stderr:
        if "publishing romania/country-brief" in line:
            break
    _wait_for_library(proc.pid, "libpango", timeout=30)  # WeasyPrint imported: layout comes next
    time.sleep(0.3)  # inside WeasyPrint's layout of the brief
    proc.kill()
    proc.wait(timeout=10)
    assert proc.returncode == -9
    assert pdf.read_bytes() == previous
    assert "RESTRICTED" not in PdfReader(pdf).pages[0].extract_text()
    finished = build_documents(load_config(root), partners=["Romania"])
    assert finished.problems == [] and "romania/country-brief" in finished.rendered
    assert "RESTRICTED" in PdfReader(pdf).pages[0].extract_text()
    assert not list((root / "build").rglob("*.tmp"))


def test_leftover_temporary_files_are_removed(tmp_path: Path) -> None:
    root = _workspace(tmp_path / "ws")
    stray = root / "build" / "romania" / ".country-brief.md.briefgen-999999999-x1y2.tmp"
    stray.parent.mkdir(parents=True)
    stray.write_text("half", encoding="utf-8")
    assert build_documents(load_config(root)).problems == []
    assert not stray.exists()


def test_watch_rebuilds_after_a_change(tmp_path: Path) -> None:
    import queue
    import threading

    root = _workspace(tmp_path / "ws")
    proc = subprocess.Popen([sys.executable, "-m", "briefgen", "--root", str(root), "build", "--watch"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=_env())
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout], daemon=True).start()

    def until_built(timeout: float) -> list[str]:
        seen, deadline = [], time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                seen.append(lines.get(timeout=0.2))
            except queue.Empty:
                continue
            if "documents rendered" in seen[-1]:
                return seen
        return seen

    try:
        assert "documents rendered" in until_built(60)[-1]
        rebuilt: list[str] = []
        # The watcher starts after the first build; edit until it has seen an edit.
        for attempt in range(20):
            value = 5200000000 + attempt * 100000000
            text = POLAND.format(value=value, value_text=f"{value / 1e9:.1f} billion")
            (root / "facts" / "curated" / "poland.yaml").write_text(text, encoding="utf-8")
            rebuilt = until_built(3)
            if rebuilt:
                break
        assert "changed: facts/curated/poland.yaml\n" in rebuilt
        assert rebuilt[-1].strip() == "2 documents rendered, 3 up to date, 2 files written, 0 problems"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
