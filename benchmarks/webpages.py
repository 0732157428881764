"""Score briefgen's HTML reader on trafilatura's evaluation pages with trafilatura's snippet metric.

    .venv/bin/python benchmarks/webpages.py TRAFILATURA_GIT_DIR              # briefgen as it is
    .venv/bin/python benchmarks/webpages.py TRAFILATURA_GIT_DIR --compare    # + the hand-written
                                                                             #   extractor alone, trafilatura
    .venv/bin/python benchmarks/webpages.py TRAFILATURA_GIT_DIR --failures   # list every miss

TRAFILATURA_GIT_DIR is a git directory of the trafilatura repository (a bare clone or a
clone's .git); the annotations (tests/evaldata.json) and the pages (tests/cache/, tests/eval/)
are read from its commit ``--rev`` with git, never copied into this repository.

The pages: the first ``--pages`` (100) entries of evaldata.json, in the file's order, that have
a gold title and a gold date and whose page declares itself a news article (a schema.org
``NewsArticle`` type or subtype, in JSON-LD or microdata). The publisher's own markup says
"news article"; nothing about how briefgen does on the page enters the choice.

The metric is trafilatura's (tests/eval_common.py ``count_item``): for each page, each "with"
snippet found in the whitespace-normalised text is a true positive, each missing one a false
negative, each "without" snippet found a false positive; counts are summed over all pages and
precision, recall and F1 computed from the sums. A page the reader fails on counts as empty
text. Title and date are scored as trafilatura scores authors (tests/eval_authors.py): the
share of pages where the value equals the gold one, titles compared after whitespace
normalisation, dates as YYYY-MM-DD.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from briefgen.errors import BriefgenError  # noqa: E402
from briefgen.ingest.run import article_from_text, decode_page  # noqa: E402

_NEWS = re.compile(
    rb'"@type"\s*:\s*\[?[^\]{}]{0,200}?"(?:[A-Za-z]*)NewsArticle"|itemtype\s*=\s*"https?://schema\.org/[A-Za-z]*NewsArticle"'
)
TARGETS = {"f1": 0.92, "title": 0.75, "date": 0.88}


def norm(text: str) -> str:
    """trafilatura's normalisation: whitespace runs become one space, ends stripped."""
    return re.sub(r"\s+", " ", text).strip()


class Repo:
    """Blobs of one commit of a git directory, read through one ``git cat-file --batch``."""

    def __init__(self, git_dir: Path, rev: str):
        self.git_dir, self.rev = git_dir, rev
        self.proc = subprocess.Popen(["git", "--git-dir", str(git_dir), "cat-file", "--batch"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        listing = subprocess.run(["git", "--git-dir", str(git_dir), "ls-tree", "-r", "-z", "--name-only", rev,
                                  "tests/cache/", "tests/eval/"], capture_output=True, check=True).stdout
        self.paths = set(listing.decode("utf-8").split("\0")) - {""}

    def read(self, path: str) -> bytes:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(f"{self.rev}:{path}\n".encode())
        self.proc.stdin.flush()
        header = self.proc.stdout.readline().split()
        if len(header) < 3 or header[1] != b"blob":
            raise FileNotFoundError(path)
        data = self.proc.stdout.read(int(header[2]))
        self.proc.stdout.read(1)
        return data

    def resolve(self, name: str) -> str | None:
        """trafilatura's lookup order: tests/cache/ first, then tests/eval/."""
        for folder in ("tests/cache", "tests/eval"):
            if f"{folder}/{name}" in self.paths:
                return f"{folder}/{name}"
        return None


@dataclass(frozen=True)
class Page:
    url: str
    item: dict
    html: bytes


def choose_pages(repo: Repo, count: int) -> list[Page]:
    """The first ``count`` news pages with a gold title and date, in evaldata.json order."""
    evaldata = json.loads(repo.read("tests/evaldata.json"))
    pages = []
    for url, item in evaldata.items():
        if not (item.get("title") and item.get("date")):
            continue
        path = repo.resolve(item["file"])
        if path is None:
            continue
        html = repo.read(path)
        if _NEWS.search(html):
            pages.append(Page(url, item, html))
            if len(pages) == count:
                break
    return pages


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    titles: int = 0
    dates: int = 0
    pages: int = 0
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)

    def row(self, name: str) -> str:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp else 0.0
        speed = self.pages / self.seconds if self.seconds else 0.0
        return (f"| {name} | {precision:.3f} | {recall:.3f} | {f1:.3f} | {self.titles / self.pages:.3f} | "
                f"{self.dates / self.pages:.3f} | {speed:.1f} |")

    @property
    def f1(self) -> float:
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp else 0.0


# A reader takes a page's bytes and returns (text, title, ISO date); None for what it has not.
Reader = Callable[[bytes], tuple[str | None, str | None, str | None]]


def briefgen_reader(data: bytes) -> tuple[str | None, str | None, str | None]:
    """briefgen's HTML path exactly as `briefgen ingest` and `briefgen text` run it."""
    article = article_from_text(decode_page(data, "page.html", []), path="page.html", kind="html", warnings=[])
    source = article.source
    return article.text, source.title, source.date.isoformat() if source.date else None


def handwritten_reader(data: bytes) -> tuple[str | None, str | None, str | None]:
    """The hand-written extractor alone (briefgen's reader before trafilatura, now its fallback)."""
    from briefgen.ingest.htmltext import extract_html

    page = extract_html(decode_page(data, "page.html", []))
    return page.text, page.title, (page.date_text or "")[:10] or None


def trafilatura_reader(data: bytes) -> tuple[str | None, str | None, str | None]:
    """trafilatura in its default mode, with trafilatura's evaluation settings."""
    import trafilatura

    document = trafilatura.bare_extraction(data, with_metadata=True, include_comments=False, include_tables=True,
                                           include_formatting=False)
    if document is None:
        return None, None, None
    return document.text, document.title, document.date


def score(pages: list[Page], reader: Reader) -> Score:
    result = Score()
    reader(pages[0].html)  # imports and caches, outside the timing
    for page in pages:
        started = time.perf_counter()
        try:
            text, title, date = reader(page.html)
        except (BriefgenError, ValueError, TypeError) as exc:  # a refused page counts as a full miss
            text, title, date = None, None, None
            result.failures.append(f"{page.url}: reader failed: {exc}")
        result.seconds += time.perf_counter() - started
        found = norm(text or "")
        hits = [w for w in page.item["with"] if norm(w) in found]
        clutter = [w for w in page.item["without"] if norm(w) in found]
        result.tp += len(hits)
        result.fp += len(clutter)
        result.fn += len(page.item["with"]) - len(hits)
        result.pages += 1
        title_ok = title is not None and norm(title) == norm(page.item["title"])
        date_ok = date == page.item["date"]
        result.titles += title_ok
        result.dates += date_ok
        missed = [w for w in page.item["with"] if w not in hits]
        if missed or clutter or not title_ok or not date_ok:
            result.failures.append(
                f"{page.url}\n    missed {missed}\n    clutter {clutter}\n"
                f"    title {title!r} (gold {page.item['title']!r})\n    date {date} (gold {page.item['date']})"
            )
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("git_dir", type=Path, help="git directory of the trafilatura repository")
    parser.add_argument("--rev", default="HEAD", help="commit to read (default HEAD)")
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--compare", action="store_true", help="also score the hand-written extractor and trafilatura")
    parser.add_argument("--failures", action="store_true", help="list every page briefgen got partly wrong")
    args = parser.parse_args()
    repo = Repo(args.git_dir, args.rev)
    commit = subprocess.run(["git", "--git-dir", str(args.git_dir), "rev-parse", "--short", args.rev],
                            capture_output=True, text=True, check=True).stdout.strip()
    pages = choose_pages(repo, args.pages)
    from importlib.metadata import version

    traf = version("trafilatura")
    print(f"{len(pages)} news pages from trafilatura's tests/evaldata.json at {commit} "
          "(first with gold title and date and a schema.org NewsArticle type)\n")
    print("| extractor | precision | recall | F1 | title | date | pages/s |")
    print("|---|---|---|---|---|---|---|")
    ours = score(pages, briefgen_reader)
    print(ours.row(f"briefgen (trafilatura {traf} text, briefgen title, page-metadata date)"))
    if args.compare:
        print(score(pages, handwritten_reader).row("briefgen `htmltext.py` alone (the fallback)"))
        print(score(pages, trafilatura_reader).row(f"trafilatura {traf} (default mode)"))
    met = {"f1": ours.f1, "title": ours.titles / ours.pages, "date": ours.dates / ours.pages}
    print("\ntargets: " + ", ".join(f"{k} >= {v} {'met' if met[k] >= v else 'MISSED'}" for k, v in TARGETS.items()))
    if args.failures:
        print("\n" + "\n".join(ours.failures))
    return 0 if all(met[k] >= v for k, v in TARGETS.items()) else 1


if __name__ == "__main__":
    sys.exit(main())
