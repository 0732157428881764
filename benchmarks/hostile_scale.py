"""Hostile scale: 100,000 tiny articles in one folder, and one-megabyte lines without a newline.

    .venv/bin/python benchmarks/hostile_scale.py [--articles 100000] [--extract] [--keep DIR]

Each briefgen command runs in its own process; wall time and peak RSS (os.wait4) are printed
as a Markdown table. Every tenth article is a byte copy of the one before under another name,
so the registry must end up with 90 % of the files, each distinct text once.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
BRIEFGEN = [sys.executable, "-m", "briefgen"]


def write_articles(folder: Path, count: int) -> int:
    """``count`` tiny articles in ``folder``; returns how many distinct texts there are."""
    folder.mkdir(parents=True, exist_ok=True)
    distinct = 0
    for index in range(count):
        number = index - 1 if index % 10 == 9 else index
        distinct += number == index
        day = dt.date(2000, 1, 1) + dt.timedelta(days=number % 9000)
        text = (f" date {day.isoformat()} Note {number} on Hungary\n\n"
                f"BUDAPEST – Item {number}: trade between Kazakhstan and Hungary was discussed.\n")
        (folder / f"{index:07d}.txt").write_text(text, encoding="utf-8")
    return distinct


def timed(cmd: list[str], cwd: Path) -> tuple[float, float, int, str]:
    """Wall seconds, peak RSS in MB, exit code and the last output line of one command."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        out.seek(0)
        lines = [line for line in out.read().decode(errors="replace").splitlines() if line.strip()]
    # The summary line, not the thousands of "same text as" warnings around it.
    summary = [line for line in lines if not line.startswith("warning:")] or lines or [""]
    return wall, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), summary[-1]


def long_lines() -> list[tuple[str, int, float, int]]:
    """Extract one article that is a single one-megabyte line, for several kinds of content."""
    from briefgen.extract.run import extract_article
    from briefgen.ingest.run import article_from_text

    kinds = {
        "prose": "Kazakhstan and Hungary discussed trade, energy and transport in Budapest ",
        "figures": "Trade reached $1.2 billion in 2020 and grew by 5% ",
        "one word": "word ",
        "digits and commas": "1,",
        "abbreviations": "Mr. ",
        "open parentheses": "(",
    }
    rows = []
    for name, unit in kinds.items():
        line = (unit * (1_000_000 // len(unit) + 1))[:1_000_000]
        started = time.perf_counter()
        article = article_from_text(" date 2021-09-01 Kazakhstan and Hungary\n\n" + line, path="line.txt")
        facts = extract_article(article, "Kazakhstan").facts
        rows.append((name, len(article.text), time.perf_counter() - started, len(facts)))
    return rows


def main(argv: list[str] | None = None) -> int:
    """Run the scale checks and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--extract", action="store_true", help="also time `briefgen extract` on all of them")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="briefgen-scale-"))
    root = work / "ws"
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    (root / "briefgen.yaml").write_text("home: Kazakhstan\npartners: [Hungary]\n", encoding="utf-8")
    started = time.perf_counter()
    distinct = write_articles(root / "articles", args.articles)
    print(f"wrote {args.articles} articles ({distinct} distinct) in {time.perf_counter() - started:.1f} s", flush=True)
    rows = []
    for label, cmd in [("ingest (first)", ["ingest"]), ("ingest (again, nothing new)", ["ingest"])]:
        wall, rss, code, last = timed(BRIEFGEN + ["--root", str(root), *cmd], root)
        rows.append((label, wall, rss, code, last))
        print(f"{label}: {wall:.1f} s, {rss:.0f} MB, exit {code}", flush=True)
    from briefgen.config import load_config
    from briefgen.ingest.run import load_registry

    registered = load_registry(load_config(root))
    if args.extract:
        wall, rss, code, last = timed(BRIEFGEN + ["--root", str(root), "extract"], root)
        rows.append(("extract", wall, rss, code, last))
    print(f"\n{args.articles:,} tiny articles, {distinct:,} distinct texts, {len(registered):,} registered "
          f"({'OK' if len(registered) == distinct else 'WRONG'})\n")
    print("| step | wall s | files/s | peak RSS MB | exit | last line |\n|---|---:|---:|---:|---:|---|")
    for label, wall, rss, code, last in rows:
        print(f"| {label} | {wall:.1f} | {args.articles / wall:,.0f} | {rss:.0f} | {code} | {last[:90]} |")
    print("\n| one 1 MB line of | characters | extract s | facts |\n|---|---:|---:|---:|")
    for name, chars, seconds, facts in long_lines():
        print(f"| {name} | {chars:,} | {seconds:.1f} | {facts:,} |", flush=True)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if len(registered) == distinct and all(row[3] == 0 for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
