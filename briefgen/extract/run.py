"""The extract stage: figures, people, events and topics from registered articles.

``extract_article`` is pure; ``run_extract`` reads the registered sources and writes the
machine-owned files ``facts/extracted/<source-id>.json`` (never touching facts/curated/).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefgen.core.workers import worker_count
from briefgen.errors import BriefgenError, Problem
from briefgen.model import Article, Extraction, Fact, Source, fact_to_dict
from briefgen.storage.atomic import write_text_atomic
from briefgen.storage.machine import dump_json

__all__ = ["ExtractReport", "extract_article", "extracted_path", "fact_identity", "render_extraction", "run_extract",
           "stable_ids"]

_SOURCE_KEYS = ("id", "path", "title", "date", "date_inferred", "outlet", "partner", "sha256")


def extract_article(article: Article, home: str) -> Extraction:
    """Every fact in one article, ordered by position (then id), ids unique."""
    # Imported here: importing any briefgen.extract submodule (periods, for the fact base) runs
    # this package first, and the rule modules cost a third of a second of regex compiling.
    from briefgen.extract.events import extract_events
    from briefgen.extract.fastre import forget_scans
    from briefgen.extract.figures import extract_figures
    from briefgen.extract.people import extract_people, settle_countries
    from briefgen.extract.topics import extract_topics

    forget_scans()
    text, source = article.text, article.source
    people = extract_people(text, source, home, dateline=False)
    visitors: dict[str, str] = {}
    events = extract_events(text, source, home, people, visitors)
    people = settle_countries(people, events, source, home, visitors)
    facts: list[Fact] = [
        *extract_figures(text, source, home),
        *people,
        *events,
        *extract_topics(text, source),
    ]
    unique: dict[str, Fact] = {}
    for fact in facts:
        unique.setdefault(fact.id, fact)
    # The rules' own ids end in an offset; (length, text) compares those numerically.
    ordered = sorted(unique.values(), key=lambda f: (f.start, len(f.id), f.id))
    return Extraction(source=source, facts=tuple(sorted(stable_ids(ordered, source.id), key=lambda f: (f.start, f.id))))


# What a fact is, per kind: the fields its id is derived from, besides the kind and the quote.
_IDENTITY = {"figure": ("metric", "value", "unit", "period", "scope"), "person": ("name",),
             "event": ("event", "date"), "topic": ("topic",)}


def fact_identity(fact: Fact) -> str:
    """The id-giving description of a fact: kind, its identity fields and its quote with case,
    spacing and punctuation normalised. Where the fact sits in the article is not part of it."""
    values = (getattr(fact, name) for name in _IDENTITY[fact.kind])
    # 20000 as extracted and 20000.0 as read back from a fact file are the same value.
    fields = [fact.kind, *(repr(float(v)) if isinstance(v, int | float) else repr(v) for v in values)]
    fields.append(" ".join(re.findall(r"\w+", fact.quote.casefold())))
    return "\x1f".join(fields)


def stable_ids(facts: Iterable[Fact], source_id: str) -> tuple[Fact, ...]:
    """``facts`` (in article order) with ids derived from what each fact is, so that a curated
    entry naming one survives re-extraction of an edited article: ``<source>#<k>-<8 hex>``.
    Facts that are the same in every identity field (the same sentence stated twice) are told
    apart by their order in the article: ``-2``, ``-3``, ... after the first."""
    counts: dict[str, int] = {}
    out = []
    for fact in facts:
        digest = hashlib.sha256(fact_identity(fact).encode("utf-8")).hexdigest()[:8]
        base = f"{source_id}#{fact.kind[0]}-{digest}"
        counts[base] = counts.get(base, 0) + 1
        fact_id = base if counts[base] == 1 else f"{base}-{counts[base]}"
        out.append(dataclasses.replace(fact, id=fact_id))
    return tuple(out)


def render_extraction(extraction: Extraction) -> str:
    """The text of ``facts/extracted/<source-id>.json`` for one extraction (machine-owned:
    rewritten by `briefgen extract`; corrections go to facts/curated/)."""
    data = {
        "source": extraction.source.id,
        "sha256": extraction.source.sha256,
        "facts": [fact_to_dict(fact) for fact in extraction.facts],
    }
    return dump_json(data)


def extracted_path(config: Any, source_id: str) -> Path:
    """Where the machine-owned fact file of ``source_id`` lives (never outside facts/extracted/)."""
    folder = Path(config.facts) / "extracted"
    path = folder / f"{source_id}.json"
    if path.parent != folder or source_id in ("", ".", "..") or "/" in source_id or "\\" in source_id:
        raise BriefgenError(f"source id {source_id!r} is not a plain file name", file="facts/sources.json")
    return path


def _source_dict(source: Source) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in _SOURCE_KEYS:
        value = getattr(source, key)
        out[key] = value.isoformat() if key == "date" and value is not None else value
    return out


@dataclass
class ExtractReport:
    """What an extract run produced, what it wrote and what it could not read."""

    extractions: list[Extraction] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    wrote_files: bool = False

    def lines(self) -> list[str]:
        """A summary table: one row per source with its fact counts."""
        if not self.extractions:
            return [] if self.problems else ["no registered sources; run `briefgen ingest` first"]
        kinds = ("figure", "person", "event", "topic")
        width = max(len("source"), *(len(e.source.id) for e in self.extractions))
        out = [f"{'source':<{width}}  figures  people  events  topics"]
        totals = dict.fromkeys(kinds, 0)
        for extraction in self.extractions:
            counts = {kind: sum(f.kind == kind for f in extraction.facts) for kind in kinds}
            for kind in kinds:
                totals[kind] += counts[kind]
            out.append(
                f"{extraction.source.id:<{width}}  {counts['figure']:>7}  {counts['person']:>6}"
                f"  {counts['event']:>6}  {counts['topic']:>6}"
            )
        out.append(
            f"{'total':<{width}}  {totals['figure']:>7}  {totals['person']:>6}"
            f"  {totals['event']:>6}  {totals['topic']:>6}"
        )
        if self.wrote_files:
            out.append(f"wrote {len(self.written)} file(s), {len(self.unchanged)} unchanged")
        return out

    def to_json(self) -> str:
        """Sources and facts as one JSON object (the ``extract --json`` output)."""
        extractions = sorted(self.extractions, key=lambda e: e.source.id)
        data = {
            "sources": [_source_dict(e.source) for e in extractions],
            "facts": [fact_to_dict(f) for e in extractions for f in e.facts],
        }
        return json.dumps(data, ensure_ascii=False, indent=2)


def _problem(exc: BriefgenError) -> Problem:
    return Problem(exc.message, file=exc.file, line=exc.line)


def _expand(paths: list[Path]) -> list[Path]:
    from briefgen.ingest.run import ARTICLE_SUFFIXES

    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)
            )
        else:
            files.append(path)
    return files


def _articles_from_paths(config: Any, paths: list[Path], registry: dict[str, Source], write: bool, report: ExtractReport) -> list[Article]:
    from briefgen.ingest.run import read_article

    by_sha = {source.sha256: source for source in registry.values()}
    articles: list[Article] = []
    for path in _expand(paths):
        display = config.relative(path)
        try:
            article = read_article(path, home=config.home, display=display)
        except BriefgenError as exc:
            report.problems.append(_problem(exc))
            continue
        registered = by_sha.get(article.source.sha256)
        if registered is not None:
            articles.append(Article(registered, article.text))
        elif write:
            report.problems.append(
                Problem("not a registered source (or changed since ingest); run `briefgen ingest` first", file=display)
            )
        else:
            articles.append(article)
    return articles


# The workspace configuration of a worker process (set once per process by the pool initialiser).
_WORKER_CONFIG: Any = None


def _init_worker(config: Any) -> None:
    global _WORKER_CONFIG
    _WORKER_CONFIG = config


def _extract_in_worker(task: tuple[Article | Source, bool]) -> tuple[Extraction | None, Problem | None, bool | None]:
    return _extract_one(_WORKER_CONFIG, task)


def _extract_one(config: Any, task: tuple[Article | Source, bool]) -> tuple[Extraction | None, Problem | None, bool | None]:
    """Load (if given a source), extract and (if ``write``) write one article.

    Returns the extraction or the problem, and whether its fact file changed.
    """
    from briefgen.ingest.run import load_article

    item, write = task
    if isinstance(item, Source):
        try:
            item = load_article(config, item)
        except BriefgenError as exc:
            return None, _problem(exc), None
    extraction = extract_article(item, config.home)
    changed = None
    if write:
        from briefgen.storage import machine

        text = render_extraction(extraction)
        size = len(text.encode("utf-8"))
        # Never write what the reader would refuse: every later command would fail on it.
        if size > machine.MAX_JSON_BYTES:
            return None, Problem(f"its facts would fill {size} bytes, more than the {machine.MAX_JSON_BYTES} a fact "
                                 "file may hold; not extracted (split the article)", file=item.source.path), None
        changed = write_text_atomic(extracted_path(config, item.source.id), text)
    return extraction, None, changed


def run_extract(config: Any, paths: list[Path] | None = None, write: bool = True, *,
                jobs: int = 1, progress: Callable[[str, int, int], None] | None = None) -> ExtractReport:
    """Extract every registered source (or the given files); write their fact files if ``write``.

    ``jobs`` > 1 extracts in that many processes (0 or less: one per core); results are
    collected in the serial order, so files and report are the same as with one process.
    ``progress(message, done, total)`` is told about each article as it is done.
    """
    if not write:
        return _run_extract(config, paths, write, jobs, progress)
    from briefgen.storage.lock import workspace_lock

    # facts/extracted/ has one writer at a time (a build or another extract waits).
    with workspace_lock(Path(config.build)):
        return _run_extract(config, paths, write, jobs, progress)


def _run_extract(config: Any, paths: list[Path] | None, write: bool, jobs: int,
                 progress: Callable[[str, int, int], None] | None) -> ExtractReport:
    from briefgen.ingest.run import load_registry

    report = ExtractReport(wrote_files=write)
    registry = load_registry(config)
    items: list[Article | Source] = []
    if paths:
        seen: set[str] = set()
        for article in _articles_from_paths(config, [Path(p) for p in paths], registry, write, report):
            if article.source.id not in seen:
                seen.add(article.source.id)
                items.append(article)
    else:
        # Workers read the articles themselves: reading and hashing is part of the work to share.
        items = [registry[source_id] for source_id in sorted(registry)]
    tasks = [(item, write) for item in items]
    workers = worker_count(jobs, len(tasks))
    if workers == 1:
        _collect(config, tasks, (_extract_one(config, task) for task in tasks), report, progress)
    else:
        from briefgen.core.workers import WorkerDied, worker_pool

        # Large chunks keep the cost of passing work between processes small.
        chunk = max(1, min(32, len(tasks) // (workers * 4)))
        try:
            with worker_pool(workers, _init_worker, (config,)) as pool:
                _collect(config, tasks, pool.map(_extract_in_worker, tasks, chunksize=chunk), report, progress)
        except WorkerDied as exc:
            # Files written before the worker died are complete; the rest are extracted next time.
            report.problems.append(Problem(f"extraction stopped: {exc}", file=config.relative(Path(config.facts) / "extracted")))
    report.extractions.sort(key=lambda e: e.source.id)
    return report


def _collect(config: Any, tasks: list, results: Any, report: ExtractReport,
             progress: Callable[[str, int, int], None] | None = None) -> None:
    """Add results to ``report`` in task order."""
    for done, ((_, write), (extraction, problem, changed)) in enumerate(zip(tasks, results, strict=True), 1):
        if progress is not None:
            progress("extracting articles", done, len(tasks))
        if problem is not None:
            report.problems.append(problem)
            continue
        report.extractions.append(extraction)
        if write:
            path = config.relative(extracted_path(config, extraction.source.id))
            (report.written if changed else report.unchanged).append(path)
