"""What the review page shows: the queue of facts that need a person, the list of every fact,
and one fact with its article, findings and documents (plain values for the templates)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefgen.core.slugs import slugify
from briefgen.core.values import format_value
from briefgen.documents.selection import DEFAULT_METRICS
from briefgen.factbase.check import CheckReport, Finding
from briefgen.factbase.curation import Record, group_key
from briefgen.factbase.query import FactBase

# Most important first: what the extractor doubts, then contradictions, then sums that do not
# add up, then old figures and curated entries that name nothing, then the rest.
QUEUE_ORDER = {
    "needs-review": 0, "conflict": 1, "quote": 1, "value-not-in-quote": 1,
    "arithmetic-sum": 2, "arithmetic-growth": 2, "growth-base": 2, "two-labels": 2,
    "stale": 3, "person-roles": 3, "curated-id": 4, "schema": 5,
}
QUEUE_TITLES = {
    "needs-review": "Extractor unsure", "conflict": "Conflicting figures", "quote": "Quote not in article",
    "value-not-in-quote": "Value not in its quote", "arithmetic-sum": "Sum does not add up",
    "arithmetic-growth": "Growth does not match", "two-labels": "One amount, two meanings", "growth-base": "Growth against another kind of period",
    "stale": "Stale key figure", "person-roles": "Two current roles", "curated-id": "Curated entry matches nothing",
    "schema": "File problem",
}


@dataclass(frozen=True, slots=True)
class QueueItem:
    """One thing a person should look at."""

    code: str
    message: str
    fact_ids: tuple[str, ...] = ()
    file: str | None = None
    line: int | None = None

    @property
    def title(self) -> str:
        """The heading the queue shows."""
        return QUEUE_TITLES.get(self.code, self.code.replace("-", " ").capitalize())

    @property
    def rank(self) -> int:
        """Lower is more urgent."""
        return QUEUE_ORDER.get(self.code, 6)


def summary(record: Record, home: str = "") -> str:
    """One line naming a fact: "trade_turnover 2022: $405.5 million"."""
    fact = record.fact
    if fact.kind == "figure":
        scope = f" ({fact.scope})" if fact.scope else ""
        approx = f"{fact.approx} " if fact.approx else ""
        return f"{fact.metric}{scope} {fact.period or 'undated'}: {approx}{format_value(fact.value, fact.unit)}"
    if fact.kind == "person":
        return f"{fact.name}" + (f", {fact.role}" if fact.role else "")
    if fact.kind == "event":
        return f"{fact.date or 'undated'}: {fact.title}" + (f", {fact.place}" if fact.place else "")
    return f"topic: {fact.topic}"


def review_reason(record: Record) -> str | None:
    """The extractor's reason for doubting a fact (its ``review`` field), until a person has
    confirmed, corrected or rejected it."""
    reason = getattr(record.fact, "review", None)
    if not reason or record.status != "extracted" or record.confirmed is not None:
        return None
    return str(reason)


def _partner_of(fb: FactBase, finding: Finding) -> set[str]:
    return {fb.records[i].partner or "" for i in finding.facts if i in fb.records}


def _key_figure(fb: FactBase, finding: Finding) -> bool:
    return any(getattr(fb.records[i].fact, "metric", None) in DEFAULT_METRICS for i in finding.facts if i in fb.records)


def build_queue(fb: FactBase, report: CheckReport, partner: str) -> list[QueueItem]:
    """Everything that needs a person for ``partner``, most important first."""
    items: list[QueueItem] = []
    # The extractor's doubts come as `needs-review` findings of the check, like every other item.
    for finding in (*report.errors, *report.warnings):
        if finding.code not in QUEUE_ORDER:
            continue
        if finding.code == "stale" and not _key_figure(fb, finding):
            continue  # an old count of, say, students is history; an old turnover misleads
        partners = _partner_of(fb, finding)
        # Findings naming no fact (a file's problem, a curated id that matches nothing) concern everyone.
        if partners and partner not in partners:
            continue
        items.append(QueueItem(finding.code, finding.message, finding.facts, finding.file, finding.line))
    return sorted(items, key=lambda i: (i.rank, i.message))


@dataclass(frozen=True, slots=True)
class Filters:
    """The fact list's filters (empty: no filter)."""

    kind: str = ""
    metric: str = ""
    period: str = ""
    source: str = ""
    status: str = ""

    def keep(self, record: Record) -> bool:
        """True when ``record`` passes every filter that is set."""
        fact = record.fact
        return ((not self.kind or fact.kind == self.kind)
                and (not self.metric or getattr(fact, "metric", None) == self.metric)
                and (not self.period or (getattr(fact, "period", None) or "") == self.period)
                and (not self.source or fact.source == self.source)
                and (not self.status or _status(record) == self.status))


def _status(record: Record) -> str:
    # A doubted figure is confirmed by a correction that only clears its `review`.
    if (record.confirmed is not None and record.status == "extracted") or record.corrected == ("review",):
        return "confirmed"
    return record.status


@dataclass(frozen=True, slots=True)
class Row:
    """One fact in the list."""

    id: str
    kind: str
    summary: str
    status: str
    source: str
    review: str | None


def fact_rows(fb: FactBase, partner: str, filters: Filters) -> list[Row]:
    """Every fact of ``partner`` that passes ``filters``, by source then position."""
    records = [r for r in fb.records.values() if r.partner == partner and filters.keep(r)]
    records.sort(key=lambda r: (r.fact.source or "~", r.fact.start, r.fact.id))
    return [Row(r.fact.id, r.fact.kind, summary(r), _status(r), r.fact.source or "(reference)", review_reason(r))
            for r in records]


def filter_choices(fb: FactBase, partner: str) -> dict[str, list[str]]:
    """The values each filter can take for ``partner``."""
    records = [r for r in fb.records.values() if r.partner == partner]
    return {
        "kind": sorted({r.fact.kind for r in records}),
        "metric": sorted({r.fact.metric for r in records if r.fact.kind == "figure"}),
        "period": sorted({r.fact.period for r in records if r.fact.kind == "figure" and r.fact.period}),
        "source": sorted({r.fact.source for r in records if r.fact.source}),
        "status": sorted({_status(r) for r in records}),
    }


@dataclass(frozen=True, slots=True)
class Detail:
    """One fact with its article text split at the quote, its findings and documents."""

    record: Record
    summary: str
    status: str
    before: str = ""
    quote: str = ""
    after: str = ""
    article_missing: str | None = None
    fields: tuple[tuple[str, Any], ...] = ()
    findings: tuple[QueueItem, ...] = ()
    documents: tuple[tuple[str, str | None], ...] = ()
    rivals: tuple[tuple[str, str, str], ...] = ()  # (id, summary, status) of other values under the same key
    review: str | None = None


def documents_with(config: Any, partner: str, fact_id: str) -> list[tuple[str, str | None]]:
    """(document name, path of its HTML or Markdown under build/) of each built document whose
    last rendering used ``fact_id`` (read from the snapshots the build keeps)."""
    folder = Path(config.build) / slugify(partner, "partner")
    found: list[tuple[str, str | None]] = []
    for snap in sorted((folder / ".snapshots").glob("*.json")):
        try:
            facts = json.loads(snap.read_text(encoding="utf-8")).get("facts") or {}
        except (OSError, ValueError):
            continue
        used = False
        for section in ("figures", "events", "people"):
            for view in facts.get(section) or []:
                if isinstance(view, dict) and (view.get("id") == fact_id or fact_id in (view.get("ids") or ())):
                    used = True
        if used:
            name = snap.stem
            link = next((f"{folder.name}/{name}.{ext}" for ext in ("html", "md") if (folder / f"{name}.{ext}").is_file()), None)
            found.append((name, link))
    return found


def _shown(fact: Any, name: str) -> Any:
    value = getattr(fact, name)
    if name == "value" and isinstance(value, float):
        raw = int(value) if value.is_integer() else value
        return f"{format_value(value, fact.unit)} ({raw})"
    return value


def fact_detail(config: Any, fb: FactBase, report: CheckReport, fact_id: str, text: str | None,
                missing: str | None = None) -> Detail:
    """Everything the fact page shows; ``text`` is the article's normalised text, when present."""
    record = fb.records[fact_id]
    fact = record.fact
    before = quote = after = ""
    if text is not None and fact.quote:
        start, end = fact.start, fact.end
        if not (0 <= start <= end <= len(text) and text[start:end] == fact.quote):
            start = text.find(fact.quote)
            end = start + len(fact.quote)
        if start >= 0:
            before, quote, after = text[:start], text[start:end], text[end:]
        else:
            missing = "the quote does not occur in the article as it reads now"
    skip = {"id", "source", "quote", "start", "end", "review"}
    fields = tuple((name, _shown(fact, name)) for name in fact.__dataclass_fields__ if name not in skip)
    findings = tuple(QueueItem(f.code, f.message, f.facts, f.file, f.line)
                     for f in (*report.errors, *report.warnings) if fact_id in f.facts)
    rivals: list[tuple[str, str, str]] = []
    if fact.kind == "figure":
        key = group_key(record)
        for other in sorted(fb.records.values(), key=lambda r: r.fact.id):
            if other.fact.kind == "figure" and other.fact.id != fact_id and group_key(other) == key:
                rivals.append((other.fact.id, summary(other), _status(other)))
    return Detail(
        record=record, summary=summary(record), status=_status(record), before=before, quote=quote, after=after,
        article_missing=missing, fields=fields, findings=findings,
        documents=tuple(documents_with(config, record.partner or "", fact_id)),
        rivals=tuple(rivals), review=review_reason(record),
    )
