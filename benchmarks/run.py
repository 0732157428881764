"""Measure briefgen end to end on synthetic corpora and print one table.

    .venv/bin/python benchmarks/run.py [--quick] [--runs N] [--keep DIR]

Every measured step runs in its own process; wall time is the median of the runs and peak RSS
is the largest resident set of that process tree (os.wait4). Steps whose feature does not exist
yet are reported as "n/a (not available)".
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

import gen_corpus  # noqa: E402

PYTHON = sys.executable
BIN = Path(PYTHON).parent
BRIEFGEN = [str(BIN / "briefgen")] if (BIN / "briefgen").exists() else [PYTHON, "-m", "briefgen"]
NA = "n/a (not available)"
CORES = os.cpu_count() or 1


@dataclass
class Run:
    """One process: wall seconds, peak RSS in MB, exit code and output."""

    wall: float
    rss_mb: float
    code: int
    out: str
    err: str


def run(cmd: list[str], cwd: Path | None = None, env: dict | None = None) -> Run:
    """Run ``cmd`` to completion; its peak RSS comes from wait4 (the largest process in its tree)."""
    environ = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", **(env or {})}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=environ, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(wall, usage.ru_maxrss / 1024, proc.returncode, out.read().decode(errors="replace"),
                   err.read().decode(errors="replace"))


def briefgen(root: Path, *args: str) -> Run:
    """Run one briefgen command in workspace ``root``."""
    return run([*BRIEFGEN, "--root", str(root), *args])


@dataclass
class Row:
    """One line of the result table."""

    step: str
    setting: str
    seconds: list[float] = field(default_factory=list)
    rss: list[float] = field(default_factory=list)
    extra: str = ""
    missing: str | None = None
    count: int | None = None  # runs behind a median measured elsewhere (pdf_probe)

    @property
    def median(self) -> float | None:
        return statistics.median(self.seconds) if self.seconds else None

    def cells(self) -> list[str]:
        if self.missing:
            return [self.step, self.setting, self.missing, "", "", ""]
        runs = str(self.count or len(self.seconds))
        peak = f"{max(self.rss):.0f}" if self.rss else ""
        return [self.step, self.setting, f"{self.median:.3f}", runs, peak, self.extra]


def table(rows: list[Row]) -> str:
    """The rows as a Markdown table."""
    head = ["step", "setting", "median s", "runs", "peak RSS MB", "notes"]
    cells = [head] + [r.cells() for r in rows]
    widths = [max(len(c[i]) for c in cells) for i in range(len(head))]
    lines = ["| " + " | ".join(c[i].ljust(widths[i]) for i in range(len(head))) + " |" for c in cells]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- feature detection ----------------------------------------------------------------------


def features(scratch: Path) -> dict:
    """Which pipeline features exist in this checkout."""
    found = {}
    probe = run([PYTHON, "-c", "from briefgen.extract.run import run_extract"])
    found["extract"] = probe.code == 0
    probe = run([PYTHON, "-c", "from briefgen.app.build import build_documents"])
    found["build"] = probe.code == 0
    for command in ("ingest", "extract", "build"):
        help_text = run([*BRIEFGEN, command, "--help"])
        found[f"{command}_jobs"] = help_text.code == 0 and "--jobs" in help_text.out
    if found["build"]:
        root = scratch / "probe"
        gen_corpus.write_workspace(root, 4, gen_corpus.choose_partners(1, "Kazakhstan"), home="Kazakhstan", seed=1)
        set_templates(root, REPO / "templates")
        result = briefgen(root, "build")
        found["build"] = not crashed(result) and "not yet available" not in result.err
        if not found["build"]:
            last = result.err.strip().splitlines()[-1:] or ["?"]
            found["build_error"] = f" (build fails: {last[0][:80]})"
        shutil.rmtree(root, ignore_errors=True)
    found["pdf"] = run([PYTHON, "-c", "import weasyprint"]).code == 0
    found["pandoc"] = shutil.which("pandoc") is not None
    return found


# --- ingest and extract ---------------------------------------------------------------------


def bench_ingest(scratch: Path, sizes: list[int], runs: dict[int, int], have: dict[str, bool]) -> list[Row]:
    """Ingest+extract of N articles, serial and on every core."""
    rows = []
    for size in sizes:
        root = scratch / f"corpus-{size}"
        log(f"generating {size} articles")
        gen_corpus.write_workspace(root, size, gen_corpus.choose_partners(8, "Kazakhstan"), home="Kazakhstan", seed=7)
        for jobs in (1, CORES):
            setting = f"N={size}, " + ("1 process" if jobs == 1 else f"--jobs {jobs}")
            ingest_row = Row("ingest", setting)
            extract_row = Row("extract", setting)
            total_row = Row("ingest+extract", setting)
            ingest_args = ["ingest"] + (["--jobs", str(jobs)] if jobs > 1 else [])
            extract_args = ["extract"] + (["--jobs", str(jobs)] if jobs > 1 else [])
            if jobs > 1 and not have["ingest_jobs"]:
                ingest_row.missing = NA + " (ingest --jobs)"
            if not have["extract"]:
                extract_row.missing = NA
            elif jobs > 1 and not have["extract_jobs"]:
                extract_row.missing = NA + " (extract --jobs)"
            for number in range(runs[size]):
                shutil.rmtree(root / "facts", ignore_errors=True)
                log(f"  {setting}: run {number + 1}/{runs[size]}")
                first = briefgen(root, *ingest_args) if not ingest_row.missing else briefgen(root, "ingest")
                if crashed(first):
                    ingest_row.missing = f"failed: {first.err.strip().splitlines()[-1:]}"
                    break
                if not ingest_row.missing:
                    ingest_row.seconds.append(first.wall)
                    ingest_row.rss.append(first.rss_mb)
                if extract_row.missing:
                    continue
                second = briefgen(root, *extract_args)
                if crashed(second):
                    extract_row.missing = f"failed: {second.err.strip().splitlines()[-1:]}"
                    continue
                extract_row.seconds.append(second.wall)
                extract_row.rss.append(second.rss_mb)
                if not ingest_row.missing:
                    total_row.seconds.append(first.wall + second.wall)
                    total_row.rss.append(max(first.rss_mb, second.rss_mb))
            for row in (ingest_row, extract_row, total_row):
                if row.seconds:
                    row.extra = f"{size / row.median:,.0f} articles/s, {1000 * row.median / size:.2f} ms/article"
            if not total_row.seconds:
                total_row.missing = ingest_row.missing or extract_row.missing or NA
            rows += [ingest_row, extract_row, total_row]
        shutil.rmtree(root, ignore_errors=True)
    return rows


# --- document builds ------------------------------------------------------------------------


def set_formats(root: Path, formats: str) -> None:
    """Rewrite the formats line of the workspace's briefgen.yaml."""
    path = root / "briefgen.yaml"
    lines = [f"formats: [{formats}]" if line.startswith("formats:") else line
             for line in path.read_text(encoding="utf-8").splitlines()]  # fmt: skip
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


CURATED = """# Benchmark: one curated entry; run.py rejects a different figure of {partner} before each build.
rejections:
  - id: {fact}
    reason: Benchmark of a rebuild after one curated change.
"""


def partner_figures(root: Path, partner: str) -> list[str]:
    """Ids of the extracted figures about ``partner`` (from facts/extracted/, in file order)."""
    ids = []
    for path in sorted((root / "facts" / "extracted").glob("*.yaml")):
        fact_id = None
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("  - id: "):
                fact_id = line[len("  - id: "):].strip("'")
            elif line == f"    partner: {partner}" and fact_id and "#f" in fact_id:
                ids.append(fact_id)
    return ids


def set_templates(root: Path, templates: Path) -> None:
    """Point the workspace's briefgen.yaml at ``templates`` (adding the setting if it is missing)."""
    path = root / "briefgen.yaml"
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("templates:")]
    path.write_text("\n".join([*lines, f"templates: {templates}"]) + "\n", encoding="utf-8")


def write_curated(root: Path, partner: str, fact: str) -> None:
    folder = root / "facts" / "curated"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "bench.yaml").write_text(CURATED.format(partner=partner, fact=fact), encoding="utf-8")


def crashed(result: Run) -> bool:
    """Exit 1 is a finished run that reported problems (synthetic facts may conflict); a crash is not."""
    return result.code not in (0, 1) or "Traceback" in result.err


def timed(row: Row, count: int, step) -> Row:  # noqa: ANN001
    """Append ``count`` runs of ``step()`` (a Run) to ``row``; a failing run marks the row."""
    for _ in range(count):
        result = step()
        if crashed(result):
            row.missing = f"failed (exit {result.code}): {result.err.strip().splitlines()[-1:]}"
            return row
        row.seconds.append(result.wall)
        row.rss.append(result.rss_mb)
    return row


def curated_rebuild(root: Path, partner: str, runs: int, setting: str) -> Row:
    """Reject a different figure of ``partner`` in facts/curated/bench.yaml, then build."""
    row = Row("rebuild, 1 curated fact changed", setting)
    figures = partner_figures(root, partner)
    if len(figures) < runs + 1:
        row.missing = f"n/a (only {len(figures)} extracted figures of {partner})"
        return row
    write_curated(root, partner, figures[0])
    briefgen(root, "build")
    choices = iter(figures[1:])
    rebuilt: list[bool] = []

    def step() -> Run:
        write_curated(root, partner, next(choices))
        result = briefgen(root, "build")
        rebuilt.append("wrote " in result.out)
        return result

    timed(row, runs, step)
    if row.seconds and not all(rebuilt):
        row.extra = "WARNING: a run rebuilt nothing"
    return row


def bench_builds(scratch: Path, partner_counts: list[int], runs: int, pdf_counts: list[int],
                 have: dict[str, bool]) -> tuple[list[Row], Path | None]:
    """Full builds (Markdown only, with PDF), no-op rebuild, rebuild after one curated change."""
    rows: list[Row] = []
    first_ws = None
    for count in partner_counts:
        label = f"{count} partner{'s' if count > 1 else ''}"
        if not have["build"]:
            rows.append(Row("build", label, missing=NA + have.get("build_error", "")))
            continue
        root = scratch / f"docs-{count}"
        partners = gen_corpus.choose_partners(count, "Kazakhstan")
        gen_corpus.write_workspace(root, 20 * count, partners, home="Kazakhstan", seed=11)
        set_templates(root, REPO / "templates")
        log(f"preparing {label} ({20 * count} articles)")
        briefgen(root, "ingest", *(["--jobs", "0"] if have["ingest_jobs"] else []))
        # build extracts only what its own ingest finds new, so extract everything here.
        briefgen(root, "extract", *(["--jobs", "0"] if have["extract_jobs"] else []))
        set_formats(root, "md")
        first = briefgen(root, "build")
        built = sorted((root / "build").rglob("*.md")) if (root / "build").is_dir() else []
        if crashed(first) or not built:
            last = (first.err.strip().splitlines() or ["no documents written"])[-1]
            rows.append(Row("build", label, missing=f"failed (exit {first.code}): {last[:120]}"))
            continue
        rows.append(timed(Row("build --force", f"{label}, md"), runs, lambda root=root: briefgen(root, "build", "--force")))
        rows.append(timed(Row("no-op rebuild", f"{label}, md"), runs, lambda root=root: briefgen(root, "build")))
        if have["pdf"] and count in pdf_counts:
            set_formats(root, "md, html, pdf")
            log(f"  {label}: first build with PDF")
            briefgen(root, "build")
            pdf_runs = runs if count < 50 else 1
            job_sets = [None]
            if have["build_jobs"]:
                job_sets = ["1", str(CORES)]
            for jobs in job_sets:
                args = ["build", "--force"] + (["--jobs", jobs] if jobs else [])
                name = f"{label}, md+html+pdf" + (f", --jobs {jobs}" if jobs else "")
                log(f"  {name}")
                rows.append(timed(Row("build --force", name), pdf_runs, lambda root=root, a=args: briefgen(root, *a)))
            if len(job_sets) == 2 and rows[-1].seconds and rows[-2].seconds:
                rows[-1].extra = f"speed-up {rows[-2].median / rows[-1].median:.2f}x over --jobs 1"
            elif not have["build_jobs"]:
                rows.append(Row("build --force --jobs", f"{label}, md+html+pdf", missing=NA + " (build --jobs)"))
            rows.append(timed(Row("no-op rebuild", f"{label}, md+html+pdf"), runs, lambda root=root: briefgen(root, "build")))
            first_ws = first_ws or root
        formats = "md+html+pdf" if have["pdf"] and count in pdf_counts else "md"
        rows.append(curated_rebuild(root, partners[0], runs, f"{label}, {formats}"))
    return rows, first_ws


# --- PDF side by side and CLI start-up --------------------------------------------------------


def bench_pdf(scratch: Path, root: Path | None, runs: int, have: dict[str, bool]) -> list[Row]:
    """briefgen's PDF step vs bare WeasyPrint on briefgen's HTML vs pandoc+weasyprint on its Markdown."""
    partner = gen_corpus.choose_partners(1, "Kazakhstan")[0]
    setting = f"country brief, {partner}, synthetic corpus"
    if root is None:
        # Without a working build, use the test fixture workspace, whose facts are already extracted.
        root = scratch / "fixture-docs"
        shutil.copytree(REPO / "tests" / "fixtures" / "docs", root, dirs_exist_ok=True)
        set_templates(root, REPO / "templates")
        partner = "Uzbekistan"
        setting = f"country brief, {partner}, tests/fixtures/docs"
    out = scratch / "pdf-probe"
    probe = run([PYTHON, str(HERE / "pdf_probe.py"), str(root), partner, str(out), "--repeats", str(runs)])
    if probe.code != 0:
        return [Row("PDF side by side", "country brief", missing=f"failed: {probe.err.strip()[-200:]}")]
    data = json.loads(probe.out.strip().splitlines()[-1])
    rows = [Row("import weasyprint", "in process", [data["import_weasyprint"]])]
    step = data["briefgen_pdf_step"]
    layouts = f"{data.get('layouts_per_pdf')} layouts, {data.get('pages')} pages"
    rows.append(Row("briefgen PDF step", f"{setting}, warm, in process", [step], count=runs,
                    extra=f"render+verify+write; {layouts}"))
    for key, name in (("bare_weasyprint_pdf_html", "bare WeasyPrint, the PDF step's HTML"),
                      ("bare_weasyprint_pdf_html_linear", "same, with briefgen's linear footnote area"),
                      ("bare_weasyprint_html_file", "bare WeasyPrint, briefgen's .html file")):  # fmt: skip
        if data.get(key):
            rows.append(Row(name, "warm, in process", [data[key]], count=runs,
                            extra=f"briefgen/bare = {step / data[key]:.2f}"))
        else:
            rows.append(Row(name, "warm, in process", missing=NA))
    html_file = Path(data["html_file"])
    md_file = html_file.with_suffix(".md")
    cold = Row("briefgen, one PDF", "cold process")
    code = ("import sys; from pathlib import Path; from briefgen.config import load_config; "
            "from briefgen.factbase.load import load_factbase; from briefgen.documents.render import render_document; "
            "from briefgen.publish.outputs import publish; c = load_config(sys.argv[1]); "
            "d = render_document('country-brief', load_factbase(c), sys.argv[2], c); "
            "publish(d, Path(sys.argv[3]), ('pdf',), templates=Path(c.templates))")  # fmt: skip
    timed(cold, runs, lambda: run([PYTHON, "-c", code, str(root), partner, str(out)]))
    rows.append(cold)
    wcli = timed(Row("weasyprint CLI on briefgen's .html", "cold process"), runs,
                 lambda: run([str(BIN / "weasyprint"), str(html_file), str(out / "cli.pdf")]))
    rows.append(wcli)
    if have["pandoc"] and md_file.is_file():
        pandoc = timed(Row("pandoc --pdf-engine=weasyprint, same .md", "cold process"), runs,
                       lambda: run(["pandoc", str(md_file), "-o", str(out / "pandoc.pdf"), "--pdf-engine=weasyprint"],
                                   cwd=md_file.parent))
        if pandoc.seconds and cold.seconds:
            pandoc.extra = f"pandoc/briefgen = {pandoc.median / cold.median:.2f}"
        rows.append(pandoc)
    else:
        rows.append(Row("pandoc --pdf-engine=weasyprint", "cold process", missing=NA + " (pandoc or .md)"))
    if wcli.seconds and cold.seconds:
        cold.extra = f"briefgen/weasyprint-CLI = {cold.median / wcli.median:.2f}"
    return rows


def bench_help(runs: int) -> Row:
    """Wall time of `briefgen --help`."""
    return timed(Row("briefgen --help", "cold process"), runs, lambda: run([*BRIEFGEN, "--help"]))


def _find(rows: list[Row], step: str, setting: str) -> Row | None:
    return next((r for r in rows if r.step == step and r.setting.startswith(setting) and r.seconds), None)


def targets(rows: list[Row]) -> list[str]:
    """Issue 8's targets against the measured rows (missing measurements say so)."""
    out = []

    def verdict(ok: bool) -> str:
        return "met" if ok else "NOT met"

    sizes = sorted({int(r.setting.split(",")[0][2:]) for r in rows if r.step == "extract" and r.setting.startswith("N=")})
    for label, step in (("ingest+extract", "ingest+extract"), ("extract", "extract")):
        curve = [(n, _find(rows, step, f"N={n}, 1 process")) for n in sizes]
        points = [f"N={n}: {1000 * r.median / n:.2f}" for n, r in curve if r]
        if points:
            out.append(f"- cost per article, {label}, 1 process (ms): {'; '.join(points)} (linear = flat)")
    if sizes:
        largest = _find(rows, "extract", f"N={sizes[-1]}, 1 process")
        if largest:
            rate = sizes[-1] / largest.median
            out.append(f"- extraction >= 300 articles/s per core: {rate:,.0f}/s at N={sizes[-1]} — {verdict(rate >= 300)}")
    total = _find(rows, "ingest+extract", f"N=10000, --jobs {CORES}")
    if total:
        out.append(f"- ingest+extract of 10,000 with --jobs {CORES} < 60 s: {total.median:.1f} s — {verdict(total.median < 60)}")
    peak = max((max(r.rss) for r in rows if r.rss), default=None)
    if peak is not None:
        out.append(f"- peak memory < 500 MB: largest process {peak:.0f} MB — {verdict(peak < 500)}")
    step = _find(rows, "briefgen PDF step", "")
    bare = _find(rows, "bare WeasyPrint, the PDF step's HTML", "")
    if step and bare:
        ratio = step.median / bare.median
        out.append(f"- PDF step within 1.2x of a bare WeasyPrint render of its HTML: {ratio:.2f}x — {verdict(ratio <= 1.2)}")
    linear = _find(rows, "same, with briefgen's linear footnote area", "")
    if step and linear:
        out.append(f"  (against a bare render with the same footnote-area shortcut: {step.median / linear.median:.2f}x)")
    cold = _find(rows, "briefgen, one PDF", "")
    pandoc = _find(rows, "pandoc --pdf-engine=weasyprint, same .md", "")
    if cold and pandoc:
        out.append(f"- one PDF faster than pandoc+weasyprint: {cold.median:.2f} s vs {pandoc.median:.2f} s — "
                   f"{verdict(cold.median < pandoc.median)}")
    serial = _find(rows, "build --force", "50 partners, md+html+pdf, --jobs 1")
    parallel = _find(rows, "build --force", f"50 partners, md+html+pdf, --jobs {CORES}")
    if serial and parallel:
        gain = serial.median / parallel.median
        out.append(f"- 50 partners with PDFs, --jobs {CORES} >= 1.8x over --jobs 1: {gain:.2f}x — {verdict(gain >= 1.8)}")
    noop = [r for r in rows if r.step == "no-op rebuild" and r.seconds]
    if noop:
        worst = max(noop, key=lambda r: r.median)
        out.append(f"- no-op rebuild < 0.3 s: slowest {worst.median:.3f} s ({worst.setting}) — {verdict(worst.median < 0.3)}")
    help_row = _find(rows, "briefgen --help", "")
    if help_row:
        out.append(f"- `briefgen --help` < 0.3 s: {help_row.median:.3f} s — {verdict(help_row.median < 0.3)}")
    return out


def load_average() -> str:
    """The 1-minute load average (other work on the machine skews the times)."""
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except OSError:
        return "?"


def main() -> int:
    """Command line: run everything and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes and fewer runs (a few minutes)")
    parser.add_argument("--runs", type=int, help="runs per step (default 3, quick 2)")
    parser.add_argument("--keep", type=Path, help="build the workspaces here and keep them")
    parser.add_argument("--only", choices=("ingest", "build", "pdf", "help"), action="append",
                        help="run only these parts (repeatable)")
    args = parser.parse_args()
    runs = args.runs or (2 if args.quick else 3)
    sizes = [100, 1000] if args.quick else [100, 1000, 10_000]
    size_runs = {size: (1 if size >= 10_000 and not args.runs else runs) for size in sizes}
    size_runs[100] = max(runs, 5)
    partner_counts = [1, 10] if args.quick else [1, 10, 50]
    pdf_counts = [1] if args.quick else [1, 10, 50]
    parts = set(args.only or ("ingest", "build", "pdf", "help"))
    scratch = args.keep or Path(tempfile.mkdtemp(prefix="briefgen-bench-"))
    scratch.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    load_before = load_average()
    try:
        have = features(scratch)
        log(f"features: {have}")
        rows: list[Row] = []
        if "help" in parts:
            rows.append(bench_help(max(runs, 5)))
        if "ingest" in parts:
            rows += bench_ingest(scratch, sizes, size_runs, have)
        pdf_ws = None
        if "build" in parts or "pdf" in parts:
            build_rows, pdf_ws = bench_builds(scratch, partner_counts if "build" in parts else [1], runs,
                                              pdf_counts, have)  # fmt: skip
            if "build" in parts:
                rows += build_rows
        if "pdf" in parts:
            rows += bench_pdf(scratch, pdf_ws, runs, have)
    finally:
        if args.keep is None:
            shutil.rmtree(scratch, ignore_errors=True)
    print(f"briefgen benchmarks — {CORES} cores, Python {sys.version.split()[0]}, "
          f"command: {' '.join(['benchmarks/run.py', *sys.argv[1:]])}, total {time.perf_counter() - started:.0f} s, "
          f"load average {load_before} before, {load_average()} after\n")
    print(table(rows))
    checks = targets(rows)
    if checks:
        print("\nTargets (issue 8):\n" + "\n".join(checks))
    return 0


if __name__ == "__main__":
    sys.exit(main())
