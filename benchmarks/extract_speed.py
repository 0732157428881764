"""Time ``extract_article`` in one process and print articles per CPU second (= per core).

    .venv/bin/python benchmarks/extract_speed.py                  # generates 1,000 articles, 10 partners
    .venv/bin/python benchmarks/extract_speed.py /tmp/xs/articles --repeat 3
    .venv/bin/python benchmarks/extract_speed.py DIR... --dump /tmp/before.json   # save every fact
    .venv/bin/python benchmarks/extract_speed.py DIR... --compare /tmp/before.json

Articles are read with ``read_article`` first (not timed); one extraction warms the modules up
(regex compiling, gazetteer), then every article is extracted and CPU time is measured with
``time.process_time``, so a busy neighbour on a shared core costs wall time but not the figure.
``--dump``/``--compare`` store or check ``fact_to_dict`` of every fact, in order, per file:
the tool for showing that a speed change left the output alone.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from briefgen.errors import BriefgenError  # noqa: E402
from briefgen.extract.run import extract_article  # noqa: E402
from briefgen.ingest.run import ARTICLE_SUFFIXES, read_article  # noqa: E402
from briefgen.model import Article, fact_to_dict  # noqa: E402


def _files(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES))
        else:
            out.append(path)
    return out


def _read(files: list[Path], home: str) -> list[tuple[str, Article]]:
    articles = []
    for path in files:
        try:
            articles.append((str(path), read_article(path, home=home)))
        except BriefgenError:
            continue  # fixtures of bad input: nothing to extract
    return articles


def _generate(out: Path) -> Path:
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "gen_corpus.py"), str(out), "--articles", "1000",
                    "--partners", "10"], check=True, stdout=subprocess.DEVNULL)
    return out / "articles"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; exit 1 if ``--compare`` finds a difference."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, help="article files or folders (default: a generated corpus)")
    parser.add_argument("--home", default="Kazakhstan")
    parser.add_argument("--repeat", type=int, default=1, help="time this many passes, report the best")
    parser.add_argument("--dump", type=Path, help="write every article's facts as JSON")
    parser.add_argument("--compare", type=Path, help="compare every article's facts with a --dump file")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        paths = args.paths or [_generate(Path(tmp) / "corpus")]
        articles = _read(_files(paths), args.home)
    if not articles:
        print("no readable articles", file=sys.stderr)
        return 2
    extract_article(articles[0][1], args.home)  # warm-up: imports, compiled patterns, caches

    best = None
    results: dict[str, list] = {}
    for _ in range(max(1, args.repeat)):
        cpu0, wall0 = time.process_time(), time.perf_counter()
        extractions = [(name, extract_article(article, args.home)) for name, article in articles]
        cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
        best = (cpu, wall) if best is None or cpu < best[0] else best
    results = {name: [fact_to_dict(f) for f in ex.facts] for name, ex in extractions}

    cpu, wall = best
    n = len(articles)
    facts = sum(len(v) for v in results.values())
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"{n} articles, {facts} facts; best of {max(1, args.repeat)}: CPU {cpu:.3f} s, wall {wall:.3f} s")
    print(f"{n / cpu:.0f} articles/s per core (CPU), {1000 * cpu / n:.2f} ms CPU/article; "
          f"{n / wall:.0f} articles/s wall; load average {load}")

    if args.dump:
        args.dump.write_text(json.dumps(results, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
        print(f"wrote {args.dump}")
    if args.compare:
        before = json.loads(args.compare.read_text(encoding="utf-8"))
        after = json.loads(json.dumps(results, ensure_ascii=False, default=str))
        differing = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
        for name in differing[:20]:
            print(f"DIFFERENT: {name}")
        print(f"compare: {len(differing)} of {len(before.keys() | after.keys())} articles differ")
        return 1 if differing else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
