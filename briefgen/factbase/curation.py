"""Merging extracted and curated facts into records, and figures into views (pure)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from briefgen.errors import Problem
from briefgen.factbase.files import Curation, Location, Preference, Reference
from briefgen.factbase.schema import FACT_SPECS
from briefgen.model import Citation, Extraction, Fact, Figure, FigureView, Source, citation_order

# Two reports of the same figure count as one when they differ by at most this share.
SAME_VALUE = 0.005


@dataclass(frozen=True, slots=True)
class Record:
    """One fact after curation, with its citation, date and status."""

    fact: Fact
    partner: str | None
    citation: Citation
    date: dt.date | None
    status: str  # extracted | corrected | added | rejected
    note: str | None
    where: Location | None
    corrected: tuple[str, ...] = ()  # names of fields a correction changed
    confirmed: str | None = None  # a person confirmed the fact: their reason, or ""

    @property
    def origin(self) -> str:
        """What makes two records independent reports: the article, or the external reference."""
        if self.citation.source:
            return self.citation.source
        return f"ref:{self.citation.outlet}|{self.citation.title}|{self.citation.date}"


def is_same_value(a: float, b: float) -> bool:
    """True when ``a`` and ``b`` are the same figure, allowing for rounding by a reporter."""
    if a == b:
        return True
    return abs(a - b) <= SAME_VALUE * max(abs(a), abs(b))


def _citation(fact: Fact, source: Source | None, reference: Reference | None) -> Citation:
    if reference is not None:
        return Citation(None, fact.quote, None, None, reference.outlet, reference.title, reference.date, reference.url)
    start = fact.start if fact.start >= 0 else None
    end = fact.end if fact.end >= 0 else None
    if source is None:
        return Citation(fact.source, fact.quote, start, end, None, fact.source, None)
    return Citation(source.id, fact.quote, start, end, source.outlet, source.title, source.date, source.url)


def apply_curation(
    sources: dict[str, Source],
    extracted: Iterable[Extraction],
    curated: Curation,
    locations: dict[str, Location] | None = None,
) -> tuple[dict[str, Record], tuple[Preference, ...], tuple[Problem, ...]]:
    """Records of every extracted fact with corrections, rejections and additions applied; the
    preferences that name existing facts; a problem for each curated entry that matches nothing."""
    locations = locations or {}
    curation_problems: list[Problem] = []
    records: dict[str, Record] = {}
    for extraction in extracted:
        for fact in extraction.facts:
            source = sources.get(fact.source) or (extraction.source if extraction.source.id == fact.source else None)
            partner = getattr(fact, "partner", None) or (source.partner if source else None)
            records[fact.id] = Record(
                fact, partner, _citation(fact, source, None), source.date if source else None,
                "extracted", None, locations.get(fact.id),
            )

    def unknown(entry_id: str, where: Location, what: str) -> None:
        curation_problems.append(Problem(f"{what}: no fact with id {entry_id!r}", where.file, where.line))

    for correction in curated.corrections:
        record = records.get(correction.id)
        if record is None:
            unknown(correction.id, correction.where, "correction")
            continue
        spec = FACT_SPECS[record.fact.kind]
        wrong = [name for name, _ in correction.changes if name not in spec]
        if wrong:
            curation_problems.append(Problem(
                f"correction: {', '.join(wrong)} cannot be set on a {record.fact.kind}",
                correction.where.file, correction.where.line))
            continue
        fact = dataclasses.replace(record.fact, **dict(correction.changes))
        records[correction.id] = dataclasses.replace(
            record, fact=fact, status="corrected", note=correction.reason,
            corrected=tuple(name for name, _ in correction.changes),
        )
    for rejection in curated.rejections:
        record = records.get(rejection.id)
        if record is None:
            unknown(rejection.id, rejection.where, "rejection")
            continue
        records[rejection.id] = dataclasses.replace(record, status="rejected", note=rejection.reason)
    for addition in curated.additions:
        fact = addition.fact
        if fact.id in records:
            curation_problems.append(Problem(
                f"addition: the id {fact.id!r} is already used by another fact",
                addition.where.file, addition.where.line))
            continue
        source = sources.get(fact.source) if fact.source else None
        date = addition.reference.date if addition.reference else (source.date if source else None)
        if fact.kind == "person" and fact.date is not None:
            date = fact.date
        records[fact.id] = Record(
            fact, addition.partner, _citation(fact, source, addition.reference), date,
            "added", addition.note, addition.where,
        )
    for confirmation in curated.confirmations:
        record = records.get(confirmation.id)
        if record is None:
            unknown(confirmation.id, confirmation.where, "confirmation")
            continue
        records[confirmation.id] = dataclasses.replace(record, confirmed=confirmation.reason or "")
    preferences: list[Preference] = []
    for preference in curated.preferences:
        missing = [i for i in (preference.prefer, *(preference.over or ())) if i not in records]
        for entry_id in missing:
            unknown(entry_id, preference.where, "preference")
        if not missing:
            preferences.append(preference)
    return records, tuple(preferences), tuple(curation_problems)


# ---------------------------------------------------------------------------
# Figures: grouping records by key, clustering equal values, settling conflicts.


def group_key(record: Record) -> tuple:
    """(partner, metric, period, scope); a figure without period is keyed by its article date."""
    fact: Figure = record.fact  # type: ignore[assignment]
    period = fact.period if fact.period else f"@{record.date.isoformat() if record.date else '?'}"
    return (record.partner or "", fact.metric, period, fact.scope or "")


def _clusters(records: list[Record]) -> list[list[Record]]:
    ordered = sorted(records, key=lambda r: (r.fact.unit, r.fact.value, r.fact.id))
    clusters: list[list[Record]] = []
    for record in ordered:
        last = clusters[-1] if clusters else None
        if last and last[0].fact.unit == record.fact.unit and is_same_value(last[0].fact.value, record.fact.value):
            last.append(record)
        else:
            clusters.append([record])
    return clusters


def figure_view(members: list[Record], status: str, note: str | None) -> FigureView:
    """One merged view of a cluster of records that report the same value."""
    def recency(r: Record) -> tuple:
        return (r.status == "corrected", r.date or dt.date.min, r.fact.id)

    rep = max(members, key=recency)
    fact: Figure = rep.fact  # type: ignore[assignment]
    dates = [r.date for r in members if r.date]
    citations = sorted({r.citation for r in members}, key=citation_order)
    notes = sorted({r.note for r in members if r.note})
    return FigureView(
        id=fact.id,
        ids=tuple(sorted(r.fact.id for r in members)),
        partner=rep.partner or "",
        metric=fact.metric,
        value=fact.value,
        unit=fact.unit,
        approx=fact.approx,
        period=fact.period,
        scope=fact.scope,
        base=fact.base,
        as_of=max(dates) if dates else None,
        status=status,
        citations=tuple(citations),
        note=note or ("; ".join(notes) if notes else None),
        review=_doubt(members),
    )


def _doubt(members: list[Record]) -> str | None:
    """The extractor's doubt about a figure, while no person has confirmed or corrected any report of it
    and no report of it is free of doubt."""
    reasons = [getattr(r.fact, "review", None) for r in members]
    if any(r.status != "extracted" for r in members) or not all(reasons):
        return None
    return "; ".join(sorted(set(reasons)))


def figure_views(records: Iterable[Record], preferences: Iterable[Preference]) -> tuple[list[FigureView], list[tuple[FigureView, ...]]]:
    """Merged views of active figure records, and the unsettled conflicts among them."""
    groups: dict[tuple, list[Record]] = {}
    for record in records:
        groups.setdefault(group_key(record), []).append(record)
    preferences = list(preferences)
    views: list[FigureView] = []
    disputes: list[tuple[FigureView, ...]] = []
    for key in sorted(groups, key=lambda k: tuple(map(str, k))):
        clusters = _clusters(groups[key])
        losers: dict[int, str] = {}
        if len(clusters) > 1:
            for preference in preferences:
                winner = next((i for i, c in enumerate(clusters) if any(r.fact.id == preference.prefer for r in c)), None)
                if winner is None:
                    continue
                for i, cluster in enumerate(clusters):
                    if i == winner:
                        continue
                    if preference.over is None or any(r.fact.id in preference.over for r in cluster):
                        losers[i] = f"superseded: {preference.reason}"
        active = [i for i in range(len(clusters)) if i not in losers]
        origins = {r.origin for i in active for r in clusters[i]}
        disputed = len(active) > 1 and len(origins) > 1
        group_views: list[FigureView] = []
        for i, cluster in enumerate(clusters):
            if i in losers:
                views.append(figure_view(cluster, "superseded", losers[i]))
                continue
            statuses = {r.status for r in cluster}
            if disputed:
                status = "disputed"
            elif "corrected" in statuses:
                status = "corrected"
            elif statuses == {"added"}:
                status = "added"
            else:
                status = "extracted"
            view = figure_view(cluster, status, None)
            views.append(view)
            group_views.append(view)
        if disputed:
            disputes.append(tuple(group_views))
    return views, disputes
