"""Ingest: read article files (.txt, .md, .html), describe them, and register them in facts/sources.json."""

from __future__ import annotations

import codecs
import dataclasses
import datetime as dt
import hashlib
import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefgen.core.countries import detect_partner
from briefgen.core.urls import clean_url
from briefgen.core.workers import WorkerDied, worker_count, worker_pool
from briefgen.errors import InputError, Problem
from briefgen.ingest import describe
from briefgen.ingest.files import (
    ARTICLE_SUFFIXES,
    HTML_SUFFIXES,
    collect_files,
    register_all,
    resolve_path,
)
from briefgen.ingest.registry import load_registry, registry_path, write_registry
from briefgen.ingest.webpage import page_text, read_page
from briefgen.model import Article, Source

__all__ = [
    "ARTICLE_SUFFIXES",
    "IngestReport",
    "article_from_text",
    "decode_article",
    "decode_page",
    "load_article",
    "load_registry",
    "normalise_text",
    "read_article",
    "run_ingest",
]

MAX_ARTICLE_BYTES = 5 * 1024 * 1024
# The web began in 1991: an earlier publication date is almost certainly a typo.
EARLIEST_DATE = dt.date(1991, 1, 1)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# Control characters (Unicode category Cc) other than tab, line feed, carriage return, form feed.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_SURROGATES = re.compile("[\ud800-\udfff]")
# Declared charsets that are no text encoding of a web page but would decode escape sequences
# or punycode into markup, unpaired surrogates or nothing at all; such declarations are ignored.
_NOT_PAGE_CODECS = frozenset(("unicode_escape", "raw_unicode_escape", "utf_7", "punycode", "idna", "undefined"))
# Share of control characters above which decoded "text" is really binary data.
_MAX_CONTROL_SHARE = 0.01


def normalise_text(raw: str) -> str:
    """The one canonical form of an article's text: NFC, ``\\n`` line ends, no byte-order mark,
    unpaired surrogates (which no file can store) replaced by U+FFFD."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = _SURROGATES.sub("\ufffd", text)
    return unicodedata.normalize("NFC", text.lstrip("\ufeff"))


def _warn(warnings: list[Problem] | None, message: str, file: str, line: int | None = None) -> None:
    if warnings is not None:
        warnings.append(Problem(message, file=file, line=line, severity="warning"))


def decode_article(
    data: bytes, name: str, warnings: list[Problem] | None = None, declared: str | None = None
) -> str:
    """Decode article bytes: UTF-8 (a BOM is warned about), else the ``declared`` charset, else
    Windows-1252 with a warning."""
    if not data.strip():
        raise InputError("file is empty", file=name)
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                break
            _warn(warnings, "file is UTF-16, not UTF-8; read it as UTF-16", name)
            return _check_text(text, name)
    if b"\x00" in data:
        raise InputError("binary file, not text (it contains NUL bytes)", file=name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        if declared and _page_codec(declared):
            try:
                return _check_text(data.decode(declared), name)
            except (LookupError, UnicodeError, ValueError):
                # Unknown names, and codecs such as "undefined" or "idna" that fail their own way.
                pass
        try:
            text = data.decode("cp1252")
            encoding = "Windows-1252"
        except UnicodeDecodeError:
            text = data.decode("latin-1")
            encoding = "Latin-1"
        _warn(warnings, f"not valid UTF-8; read it as {encoding}", name, line)
        return _check_text(text, name)
    if text.startswith("\ufeff"):
        _warn(warnings, "file starts with a byte-order mark; ignored it", name)
    return _check_text(text, name)


def _page_codec(declared: str) -> bool:
    try:
        return codecs.lookup(declared).name.replace("-", "_") not in _NOT_PAGE_CODECS
    except LookupError:
        return False


def _check_text(text: str, name: str) -> str:
    if not text.strip(" \t\n\r\f\v\ufeff"):
        raise InputError("file is empty", file=name)
    controls = len(_CONTROLS.findall(text))
    if controls > max(2, len(text) * _MAX_CONTROL_SHARE):
        raise InputError("binary file, not text (it is full of control characters)", file=name)
    return text


def _check_plausible(date: dt.date, path: str, warnings: list[Problem] | None) -> None:
    """Warn about a publication date no web article can have; the article is still registered."""
    if date > dt.date.today():
        _warn(warnings, f"publication date {date.isoformat()} is in the future; kept it, check the article's date", path)
    elif date < EARLIEST_DATE:
        _warn(warnings, f"publication date {date.isoformat()} is before {EARLIEST_DATE.year}, older than any "
              "article on the web; kept it, check the article's date", path)


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def text_and_url(raw: str, path: str) -> tuple[str, str | None, int]:
    """The normalised text of a text article without its ``url:`` header line, that URL, and the
    line of the file where the text's first line is (2 when the URL came first)."""
    text = normalise_text(raw)
    found = describe.find_url_line(text)
    if found is None:
        return text, None, 1
    url = clean_url(found.url)
    if url is None:
        raise InputError(
            f"url: expected an address starting with http:// or https:// and without spaces, got {found.url!r}",
            file=path,
            line=found.line,
        )
    return text[: found.start] + text[found.end:], url, 2 if found.line == 1 else 1


def article_from_text(
    raw: str,
    *,
    path: str,
    kind: str = "text",
    home: str = "Kazakhstan",
    warnings: list[Problem] | None = None,
) -> Article:
    """Describe one decoded article (``kind`` "text" or "html"); ``path`` names it in messages."""
    title: str | None = None
    date = None
    url = site = extractor = None
    if kind == "html":
        page = read_page(raw)
        text = normalise_text(page.text)
        body = text
        title, url, site, extractor = page.title, page.url, page.outlet, page.extractor
        if page.date_text:
            date = describe.parse_iso_date(page.date_text)
    else:
        text, url, first_line = text_and_url(raw, path)
        header = describe.split_header(text)
        body = text
        if header:
            date = describe.parse_iso_date(header.date_text)
            if date is None:
                raise InputError(
                    f"header date {header.date_text} is not a valid date (expected a real YYYY-MM-DD)",
                    file=path,
                    line=first_line,
                )
            if header.title and describe.is_lead_not_title(header.title):
                body = text[header.title_start:]
            else:
                body = text[header.end:]
                if not describe.is_junk_title(header.title):
                    title = header.title
                elif " | " in header.title:
                    title = describe.site_title(header.title)
    paragraphs = _paragraphs(body)
    if not paragraphs:
        raise InputError("no article text found", file=path)
    if title is None:
        title = describe.derive_title(paragraphs)
    lead_paragraphs = [
        p
        for p in paragraphs
        if p.lstrip("# ").strip() != title and describe.headline_line(p) is None and not describe.is_furniture(p)
    ]
    lead = lead_paragraphs[0] if lead_paragraphs else paragraphs[0]
    dateline = describe.find_dateline(lead)
    date_inferred = False
    if date is None:
        start = body.find(lead)
        date = describe.infer_date(body[max(start, 0):])
        date_inferred = date is not None
        if date is None:
            _warn(warnings, "no date in the header or the opening of the text; registered as undated", path)
    if date is not None:
        _check_plausible(date, path, warnings)
    partner = detect_partner(text, home)
    if partner is None:
        _warn(warnings, "no foreign country recognised in the text; partner left empty", path)
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    source = Source(
        id=describe.source_id(date, title),
        path=path,
        title=title,
        date=date,
        date_inferred=date_inferred,
        outlet=(dateline.outlet if dateline and dateline.outlet else None) or site,
        dateline=dateline.city if dateline else None,
        partner=partner,
        sha256=sha,
        words=len(describe.words(body)),
        url=url,
        extractor=extractor,
    )
    return Article(source, text)


def read_article(
    path: Path,
    *,
    home: str = "Kazakhstan",
    display: str | None = None,
    warnings: list[Problem] | None = None,
) -> Article:
    """Parse one article file; InputError naming the file for anything unreadable or refused."""
    name = display or str(path)
    raw, kind = _read_raw(Path(path), name, warnings)
    return article_from_text(raw, path=name, kind=kind, home=home, warnings=warnings)


def _read_raw(path: Path, name: str, warnings: list[Problem] | None) -> tuple[str, str]:
    """The decoded text of an article file and its kind ("html" or "text")."""
    if not path.exists():
        raise InputError("no such file", file=name)
    if path.is_dir():
        raise InputError("is a folder, not an article file", file=name)
    suffix = path.suffix.lower()
    if suffix not in ARTICLE_SUFFIXES:
        shown = repr(path.suffix) if path.suffix else "no extension"
        raise InputError(f"unknown article type ({shown}); expected .txt, .md or .html", file=name)
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            raise InputError(f"file is {size} bytes; the limit for an article is {MAX_ARTICLE_BYTES} (5 MB)", file=name)
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", file=name) from None
    kind = "html" if suffix in HTML_SUFFIXES else "text"
    return (decode_page(data, name, warnings) if kind == "html" else decode_article(data, name, warnings)), kind


def decode_page(data: bytes, name: str, warnings: list[Problem] | None = None) -> str:
    """Decode the bytes of an HTML page: UTF-8, else the charset the page declares near its top
    (the HTML encoding prescan), else Windows-1252 with a warning."""
    found = _CHARSET.search(data[:4096])
    declared = found.group(1).decode("ascii") if found else None
    return decode_article(data, name, warnings, declared)


def load_article(config: Any, source: Source) -> Article:
    """Re-read a registered source's file and check its text is the one that was ingested."""
    path = resolve_path(config, source.path)
    if not path.is_file():
        raise InputError(f"article file of source {source.id!r} is missing", file=source.path)
    # Only the text is needed: describing the article again (title, date, partner) cost 5 % of extract.
    raw, kind = _read_raw(path, source.path, [])
    text = normalise_text(page_text(raw)) if kind == "html" else text_and_url(raw, source.path)[0]
    if hashlib.sha256(text.encode("utf-8")).hexdigest() != source.sha256:
        raise InputError(
            f"text changed since source {source.id!r} was ingested (SHA-256 differs); run `briefgen ingest` again",
            file=source.path,
        )
    return Article(source, text)


@dataclass
class IngestReport:
    """What an ingest run did: every registered source, what changed, what was refused."""

    sources: list[Source] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    registry: str = "facts/sources.json"
    written: bool = False

    def lines(self) -> list[str]:
        """Human-readable summary lines, one per new or updated source, then a total."""
        by_id = {s.id: s for s in self.sources}
        out = []
        for verb, ids in (("added", self.added), ("updated", self.updated)):
            for source_id in ids:
                source = by_id[source_id]
                date = source.date.isoformat() if source.date else "undated"
                if source.date_inferred:
                    date += " (inferred)"
                out.append(f"{verb} {source_id}: {source.title} [{date}, partner {source.partner or '?'}]")
        state = "written" if self.written else "unchanged"
        out.append(
            f"{len(self.sources)} sources registered ({len(self.added)} added, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.problems)} refused); {self.registry} {state}"
        )
        return out


def _read_registered(task: tuple[Path, str, str, str]) -> tuple[Source | None, Problem | None, list[Problem]]:
    """Read one file for the registry: its source (path made relative), or the problem, and warnings.

    A top-level function so that worker processes can run it.
    """
    resolved, name, relative, home = task
    warnings: list[Problem] = []
    try:
        article = read_article(resolved, home=home, display=name, warnings=warnings)
    except InputError as exc:
        return None, Problem(exc.message, file=exc.file, line=exc.line), warnings
    return dataclasses.replace(article.source, path=relative), None, warnings


def run_ingest(config: Any, paths: list[Path] | None = None, *, jobs: int | None = None,
               progress: Callable[[str, int, int], None] | None = None) -> IngestReport:
    """Register every article under ``paths`` in facts/sources.json, merging with what is there.

    Without paths the workspace's articles folder is read, and its being empty is no error.
    ``jobs`` > 1 reads files in that many processes (0 or less: one per core); registering stays
    serial in file order, so the registry is byte-identical to a single-process run.
    """
    from briefgen.storage.lock import workspace_lock

    with workspace_lock(Path(config.build)):  # one writer of facts/sources.json at a time
        return _run_ingest(config, paths, jobs, progress)


def _counted(items: Any, total: int, progress: Callable[[str, int, int], None] | None) -> Any:
    for done, item in enumerate(items, 1):
        if progress is not None:
            progress("reading articles", done, total)
        yield item


def _run_ingest(config: Any, paths: list[Path] | None, jobs: int | None,
                progress: Callable[[str, int, int], None] | None) -> IngestReport:
    report = IngestReport(registry=config.relative(registry_path(config)))
    registry = load_registry(config)
    lenient = not paths
    if paths:
        targets = [(Path(p), str(p)) for p in paths]
    else:
        targets = [(Path(config.articles), config.relative(Path(config.articles)))]
    root = Path(config.root).resolve()
    tasks = []
    for path, name in collect_files(targets, report, lenient):
        resolved = path.resolve()
        tasks.append((resolved, name, os.path.relpath(resolved, root), config.home))
    workers = worker_count(jobs, len(tasks))
    if workers == 1:
        results = map(_read_registered, tasks)
        register_all(config, registry, _counted(zip(tasks, results, strict=True), len(tasks), progress), report)
    else:
        # Large chunks keep the per-file cost of passing work between processes small.
        chunk = max(1, min(64, len(tasks) // (workers * 4)))
        # Build the gazetteer matcher before the pool starts, so forked workers inherit it.
        detect_partner("", config.home)
        try:
            with worker_pool(workers) as pool:
                results = pool.map(_read_registered, tasks, chunksize=chunk)
                register_all(config, registry, _counted(zip(tasks, results, strict=True), len(tasks), progress), report)
        except WorkerDied as exc:
            # What was registered before is kept (the registry is written below); the rest next time.
            report.problems.append(Problem(f"ingest stopped: {exc}", file=config.relative(Path(config.articles))))
    # A run that registered nothing in a workspace without a registry leaves no empty file behind.
    if registry or registry_path(config).exists():
        report.written = write_registry(config, registry)
    report.sources = sorted(registry.values(), key=lambda s: (s.date is None, s.date or 0, s.id))
    return report
