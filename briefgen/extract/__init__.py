"""The extract stage: figures, people, events and topics from registered articles.

``extract_article`` is pure; ``run_extract`` reads the registered sources and writes the
machine-owned files ``facts/extracted/<source-id>.yaml`` (never touching facts/curated/).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefgen.errors import BriefgenError, Problem
from briefgen.extract.events import extract_events
from briefgen.extract.figures import extract_figures
from briefgen.extract.people import extract_people
from briefgen.extract.topics import extract_topics
from briefgen.model import Article, Extraction, Fact, Source, fact_to_dict
from briefgen.yamlio import dump_yaml, write_text_atomic

__all__ = ["ExtractReport", "extract_article", "extracted_path", "render_extraction", "run_extract"]

_HEADER = "# Machine-owned: rewritten by `briefgen extract`. Put corrections in facts/curated/.\n"
_SOURCE_KEYS = ("id", "path", "title", "date", "date_inferred", "outlet", "partner", "sha256")


def extract_article(article: Article, home: str) -> Extraction:
    """Every fact in one article, ordered by position (then id), ids unique."""
    text, source = article.text, article.source
    people = extract_people(text, source, home)
    facts: list[Fact] = [
        *extract_figures(text, source, home),
        *people,
        *extract_events(text, source, home, people),
        *extract_topics(text, source),
    ]
    unique: dict[str, Fact] = {}
    for fact in facts:
        unique.setdefault(fact.id, fact)
    ordered = sorted(unique.values(), key=lambda f: (f.start, f.id))
    return Extraction(source=source, facts=tuple(ordered))


def render_extraction(extraction: Extraction) -> str:
    """The text of ``facts/extracted/<source-id>.yaml`` for one extraction."""
    data = {
        "source": extraction.source.id,
        "sha256": extraction.source.sha256,
        "facts": [fact_to_dict(fact) for fact in extraction.facts],
    }
    return _HEADER + dump_yaml(data)


def extracted_path(config: Any, source_id: str) -> Path:
    """Where the machine-owned fact file of ``source_id`` lives."""
    return Path(config.facts) / "extracted" / f"{source_id}.yaml"


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
    from briefgen.ingest import ARTICLE_SUFFIXES

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
    from briefgen.ingest import read_article

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


def run_extract(config: Any, paths: list[Path] | None = None, write: bool = True) -> ExtractReport:
    """Extract every registered source (or the given files); write their fact files if ``write``."""
    from briefgen.ingest import load_article, load_registry

    report = ExtractReport(wrote_files=write)
    registry = load_registry(config)
    if paths:
        articles = _articles_from_paths(config, [Path(p) for p in paths], registry, write, report)
    else:
        articles = []
        for source_id in sorted(registry):
            try:
                articles.append(load_article(config, registry[source_id]))
            except BriefgenError as exc:
                report.problems.append(_problem(exc))
    seen: set[str] = set()
    for article in articles:
        if article.source.id in seen:
            continue
        seen.add(article.source.id)
        extraction = extract_article(article, config.home)
        report.extractions.append(extraction)
        if write:
            path = extracted_path(config, article.source.id)
            changed = write_text_atomic(path, render_extraction(extraction))
            (report.written if changed else report.unchanged).append(config.relative(path))
    report.extractions.sort(key=lambda e: e.source.id)
    return report
