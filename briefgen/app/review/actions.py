"""What the review page's forms do: turn a posted form into a curated-file edit, and rebuild."""

from __future__ import annotations

import datetime as dt
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefgen.app.review.curated import CurationError, Edit, edit_curated
from briefgen.app.review.queue import QueueItem
from briefgen.core.slugs import slugify
from briefgen.errors import BriefgenError
from briefgen.factbase.check import CheckReport, check_factbase
from briefgen.factbase.curation import Record, group_key, is_same_value
from briefgen.factbase.query import FactBase
from briefgen.factbase.schema import ADDITION_SPECS, FACT_SPECS, Field

ACTIONS = ("confirm", "reject", "correct", "prefer", "add")
DONE = {
    "confirm": "Confirmed: written to the curated file.",
    "reject": "Rejected: written to the curated file; rebuild to take it out of the documents.",
    "correct": "Corrected: written to the curated file; rebuild to update the documents.",
    "prefer": "Preferred: the other values are deprecated in the curated file; rebuild to update the documents.",
    "add": "Added: the new figure is in the curated file; rebuild to use it.",
}
ADD_FIELDS = ("metric", "value", "unit", "period", "approx", "scope")


@dataclass(frozen=True, slots=True)
class State:
    """The fact base and its check, as of the files' last change."""

    fb: FactBase
    report: CheckReport
    texts: dict[str, str]


@dataclass(frozen=True, slots=True)
class RebuildResult:
    """What the page shows after a rebuild."""

    lines: tuple[str, ...]
    problems: tuple[str, ...]
    warnings: tuple[str, ...]
    documents: tuple[tuple[str, str], ...]  # (name, path under build/)
    changes: tuple[tuple[str, tuple[str, ...]], ...]  # (document, its "Changes since" lines)


def _form_value(raw: str, spec: Field) -> Any:
    """A form's text as the YAML value a person would write; unparseable text is passed on as
    text so that the validator names the problem."""
    text = raw.strip()
    if text == "":
        return None
    if spec.type == "number":
        try:
            return float(text.replace(",", ""))
        except ValueError:
            return text
    if spec.type == "int":
        try:
            return int(text)
        except ValueError:
            return text
    return text


def _same(current: Any, new: Any) -> bool:
    if isinstance(current, dt.date):
        current = current.isoformat()
    if isinstance(current, int | float) and isinstance(new, int | float):
        return float(current) == float(new)
    return current == new


def _required(values: dict[str, str], name: str, what: str) -> str:
    text = (values.get(name) or "").strip()
    if not text:
        raise CurationError(f"{name}: {what}")
    return text


class Workspace:
    """The fact base of one workspace as the page sees it, and the page's actions on it."""

    def __init__(self, config: Any, partner: str, as_of: dt.date | None = None, *, prepare: bool = True):
        self.config, self.partner, self.as_of, self.prepare = config, partner, as_of, prepare
        self._cache: tuple[tuple, State] | None = None
        # The workspace lock is counted per process, so it does not keep two of the server's own
        # threads apart: this does (two forms posted at once must not both rewrite the file).
        self._writing = threading.Lock()

    # -- reading ------------------------------------------------------------------------

    def _fingerprint(self) -> tuple:
        facts = Path(self.config.facts)
        stats = []
        for path in sorted(facts.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                st = path.stat()
                stats.append((str(path), st.st_mtime_ns, st.st_size))
        return tuple(stats)

    def state(self) -> State:
        """The loaded and checked fact base, reloaded whenever a file in facts/ changed."""
        from briefgen.factbase.check import read_article_texts
        from briefgen.factbase.load import load_factbase

        key = self._fingerprint()
        if self._cache is None or self._cache[0] != key:
            fb = load_factbase(self.config)
            texts = read_article_texts(self.config, fb)
            report = check_factbase(fb, as_of=self.as_of, stale_months=self.config.stale_after_months,
                                    article_texts=texts)
            self._cache = (key, State(fb, report, texts))
        return self._cache[1]

    def article_text(self, record: Record) -> tuple[str | None, str | None]:
        """The article text a fact quotes, or None with the reason it cannot be shown."""
        source = record.citation.source
        if not source:
            return None, "this fact cites an external publication, not a registered article"
        return self.source_text(source)

    def source_text(self, source: str) -> tuple[str | None, str | None]:
        """A registered article's text, or None with the reason it cannot be shown."""
        if source not in self.state().fb.sources:
            return None, f"no registered source {source!r}"
        text = self.state().texts.get(source)
        if text is None:
            return None, f"the article of {source} is not available or changed since it was ingested"
        return text, None

    def summaries(self, state: State, items: list[QueueItem]) -> dict[str, str]:
        """One line for each fact a queue item names."""
        from briefgen.app.review.queue import summary

        return {i: summary(state.fb.records[i]) for item in items for i in item.fact_ids if i in state.fb.records}

    def _record(self, values: dict[str, str]) -> Record:
        fact_id = values.get("id", "")
        record = self.state().fb.records.get(fact_id)
        if record is None:
            raise CurationError(f"no fact with id {fact_id!r}")
        return record

    def _edit(self, *edits: Edit) -> None:
        sources = self.state().fb.sources
        with self._writing:
            edit_curated(self.config, self.partner, list(edits), sources)

    # -- actions ----------------------------------------------------------------------

    def confirm(self, values: dict[str, str]) -> str:
        """Record that a person checked the fact and found it right. A figure the extractor doubted
        is confirmed by a correction clearing its ``review`` (documents leave it out until then)."""
        record = self._record(values)
        reason = (values.get("reason") or "").strip()
        if record.status == "rejected":
            raise CurationError(f"this fact is rejected ({record.note}): remove its rejection from "
                                "facts/curated/ to bring it back, then confirm it")
        if getattr(record.fact, "review", None) and record.status == "extracted":
            entry = {"id": record.fact.id, "review": None, "reason": reason or "Checked against the article."}
            self._edit(Edit("corrections", entry, match="id"))
            return record.fact.id
        entry = {"id": record.fact.id, **({"reason": reason} if reason else {})}
        self._edit(Edit("confirmations", entry, match="id"))
        return record.fact.id

    def reject(self, values: dict[str, str]) -> str:
        """Exclude the fact from every document, with the person's reason."""
        record = self._record(values)
        reason = _required(values, "reason", "say why the fact is rejected")
        self._edit(Edit("rejections", {"id": record.fact.id, "reason": reason}, match="id"))
        return record.fact.id

    def correct(self, values: dict[str, str]) -> str:
        """Change the fields the person changed in the form."""
        record = self._record(values)
        reason = _required(values, "reason", "say why the fact is corrected (e.g. what it was checked against)")
        spec = FACT_SPECS[record.fact.kind]
        changes: dict[str, Any] = {}
        for name, field in spec.items():
            if name not in values or name in ("id", "kind", "source", "quote", "start", "end", "mention", "partner"):
                continue
            new = _form_value(values[name], field)
            if not _same(getattr(record.fact, name, None), new):
                changes[name] = new
        if not changes:
            raise CurationError("the correction changes nothing: edit at least one field")
        self._edit(Edit("corrections", {"id": record.fact.id, **changes, "reason": reason}, match="id"))
        return record.fact.id

    def prefer(self, values: dict[str, str]) -> str:
        """Keep this figure's value; deprecate every other value under the same key, with a reason."""
        record = self._record(values)
        reason = _required(values, "reason", "say why this value is preferred")
        if record.fact.kind != "figure":
            raise CurationError("only a figure can be preferred over other values")
        key = group_key(record)
        over = sorted(r.fact.id for r in self.state().fb.records.values()
                      if r.fact.kind == "figure" and r.fact.id != record.fact.id and r.status != "rejected"
                      and group_key(r) == key and not is_same_value(r.fact.value, record.fact.value))
        if not over:
            raise CurationError("no other value under this figure's partner, metric, period and scope")
        self._edit(Edit("preferences", {"prefer": record.fact.id, "over": over, "reason": reason}, match="prefer"))
        return record.fact.id

    def add(self, values: dict[str, str]) -> str:
        """Add a figure the extractor missed, citing the quote the person selected in the article."""
        source = (values.get("source") or "").strip()
        text, missing = self.source_text(source)
        if text is None:
            raise CurationError(f"cannot add a figure here: {missing}")
        quote = " ".join(_required(values, "quote", "select the sentence that states the figure").split())
        start = text.find(quote)
        if start < 0:
            raise CurationError("quote: not found verbatim in the article; select it in the article text")
        spec = ADDITION_SPECS["figure"]
        entry: dict[str, Any] = {"id": "", "kind": "figure"}
        for name in ADD_FIELDS:
            value = _form_value(values.get(name, ""), spec[name])
            if value is not None:
                entry[name] = value
        for name in ("metric", "value", "unit"):
            if name not in entry:
                raise CurationError(f"{name}: missing (required for a figure)")
        taken = set(self.state().fb.records)
        stem = f"curated/{slugify(self.partner, 'partner')}#{entry['metric']}-{slugify(str(entry.get('period') or 'undated'))}"
        fact_id, n = stem, 2
        while fact_id in taken:
            fact_id, n = f"{stem}-{n}", n + 1
        entry["id"] = fact_id
        entry.update(source=source, quote=quote, start=start, end=start + len(quote))
        note = (values.get("note") or "").strip()
        if note:
            entry["note"] = note
        self._edit(Edit("additions", entry))
        return fact_id

    # -- building -----------------------------------------------------------------------

    def rebuild(self) -> RebuildResult:
        """Run the incremental build (as `briefgen build`) and collect what the page shows."""
        from briefgen.app.build import build_documents

        with self._writing:
            report = build_documents(self.config, prepare=self.prepare)
        build = Path(self.config.build).resolve()
        documents: list[tuple[str, str]] = []
        changes: list[tuple[str, tuple[str, ...]]] = []
        for path in report.written:
            relative = path.resolve().relative_to(build).as_posix()
            documents.append((relative, relative))
            if path.suffix == ".md":
                section = changes_section(path.read_text(encoding="utf-8"))
                if section:
                    changes.append((relative, section))
        return RebuildResult(tuple(report.lines(self.config.root)), tuple(map(str, report.problems)),
                             tuple(map(str, report.warnings)), tuple(documents), tuple(changes))

    def build_file(self, relative: str) -> Path | None:
        """A file under build/ that may be served: no hidden files (lock, snapshots), nothing outside."""
        build = Path(self.config.build).resolve()
        parts = Path(relative).parts
        if not parts or any(p.startswith(".") for p in parts):
            return None
        path = (build / relative).resolve()
        if not path.is_relative_to(build) or not path.is_file():
            return None
        return path


_FOOTNOTE = re.compile(r"\[\^[^\]]+\]")


def changes_section(markdown: str) -> tuple[str, ...]:
    """The lines of a document's "Changes since" section, footnote marks left out."""
    lines: list[str] = []
    inside = False
    for line in markdown.splitlines():
        if line.startswith("## "):
            inside = line.startswith("## Changes since")
            if inside:
                lines.append(line[3:])
            continue
        if inside and line.startswith("- "):
            lines.append(_FOOTNOTE.sub("", line[2:]).strip())
    return tuple(lines)


__all__ = ["ACTIONS", "DONE", "BriefgenError", "RebuildResult", "State", "Workspace", "changes_section"]
