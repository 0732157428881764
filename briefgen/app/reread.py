"""Web pages re-read because the extractor changed: what changed, and which curated entries it touches.

A newer trafilatura (or the switch to it from the hand-written extractor) gives a page a
different text; `briefgen ingest` registers it again and `build` extracts it again. This module
says so ("2 web pages re-read with trafilatura 2.3.2; 3 quotes changed") and finds the curated
corrections, rejections and additions whose quote the new text no longer has, so that a desk
officer's edits are reported instead of silently applying to nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefgen.errors import InputError, Problem
from briefgen.factbase.files import parse_curated, read_safely
from briefgen.factbase.schema import Collector
from briefgen.ingest.files import HTML_SUFFIXES
from briefgen.model import Source


@dataclass
class Reread:
    """The web pages whose text came from another extractor than the one recorded for them."""

    pairs: list[tuple[Source, Source]] = field(default_factory=list)  # (as registered before, as read now)
    before: dict[str, dict[str, str]] = field(default_factory=dict)  # new source id -> fact id -> quote
    quotes_changed: int = 0

    def line(self) -> str | None:
        """The one summary line, or None when no page was re-read."""
        if not self.pairs:
            return None
        extractors = sorted({new.extractor or "the hand-written extractor" for _, new in self.pairs})
        pages = "web page" if len(self.pairs) == 1 else "web pages"
        quotes = "quote" if self.quotes_changed == 1 else "quotes"
        return f"{len(self.pairs)} {pages} re-read with {', '.join(extractors)}; {self.quotes_changed} {quotes} changed"


def find_rereads(config: Any, before: dict[str, Source], after: list[Source]) -> Reread:
    """Pages registered before under another extractor (matched by path), with their old quotes."""
    by_path = {source.path: source for source in before.values()}
    reread = Reread()
    for new in after:
        old = by_path.get(new.path)
        if old is None or Path(new.path).suffix.lower() not in HTML_SUFFIXES or old.extractor == new.extractor:
            continue
        reread.pairs.append((old, new))
        reread.before[new.id] = extracted_quotes(config, old.id)
    return reread


def extracted_quotes(config: Any, source_id: str) -> dict[str, str]:
    """Fact id -> quote of a source's facts/extracted file ({} when it has none or is unreadable)."""
    path = Path(config.facts) / "extracted" / f"{source_id}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {fact["id"]: fact.get("quote") or "" for fact in data["facts"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def compare(config: Any, reread: Reread, texts: dict[str, str]) -> list[Problem]:
    """Count the quotes that changed and report every curated entry left pointing at a lost quote.

    ``texts`` maps a re-read source id to its new text (for curated additions, which quote it).
    """
    after = {new.id: extracted_quotes(config, new.id) for _, new in reread.pairs}
    owners: dict[str, tuple[Source, str]] = {}
    for _, new in reread.pairs:
        old_quotes, new_quotes = reread.before.get(new.id, {}), after[new.id]
        reread.quotes_changed += len(set(old_quotes.values()) - set(new_quotes.values()))
        for fact_id, quote in old_quotes.items():
            if new_quotes.get(fact_id) != quote:
                owners[fact_id] = (new, quote)
    problems = []
    sources = {new.id: new for _, new in reread.pairs}
    for path in sorted((Path(config.facts) / "curated").glob("*.y*ml")):
        out = Collector(config.relative(path) if hasattr(config, "relative") else str(path))
        data = read_safely(path, out.file, out)
        if out.problems:
            continue
        curation = parse_curated(data, out, None)
        for entry, verb in [(c, "correction") for c in curation.corrections] + \
                           [(r, "rejection") for r in curation.rejections]:
            if entry.id in owners:
                source, quote = owners[entry.id]
                problems.append(Problem(
                    f"{verb} of {entry.id}: its quote “{_short(quote)}” is gone from that fact after "
                    f"{source.path} was re-read with {source.extractor or 'the hand-written extractor'}; "
                    "check the entry against `briefgen text` of the page",
                    file=entry.where.file, line=entry.where.line, severity="warning"))
        for addition in curation.additions:
            fact = addition.fact
            source = sources.get(fact.source)
            if source is not None and fact.quote and fact.quote not in texts.get(source.id, ""):
                problems.append(Problem(
                    f"added {fact.kind} {fact.id}: its quote “{_short(fact.quote)}” is not in the text of "
                    f"{source.path} since it was re-read with {source.extractor or 'the hand-written extractor'}; "
                    "check the entry against `briefgen text` of the page",
                    file=addition.where.file, line=addition.where.line, severity="warning"))
    return problems


def read_texts(config: Any, reread: Reread) -> dict[str, str]:
    """The new text of each re-read page (unreadable ones are left out: ingest reported them)."""
    from briefgen.ingest.run import load_article

    texts = {}
    for _, new in reread.pairs:
        try:
            texts[new.id] = load_article(config, new).text
        except InputError:
            continue
    return texts


def _short(quote: str, limit: int = 60) -> str:
    quote = " ".join(quote.split())
    return quote if len(quote) <= limit else quote[:limit].rsplit(" ", 1)[0] + "…"
