"""Frozen value types passed between pipeline stages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Source:
    """A registered article: metadata only, never its text."""

    id: str
    path: str
    title: str
    date: dt.date | None
    date_inferred: bool
    outlet: str | None
    dateline: str | None
    partner: str | None
    sha256: str
    words: int
    # Where the article was published, and for a web page which extractor produced its text
    # ("trafilatura 2.3.1"); a registry written before these fields were kept reads as None.
    url: str | None = None
    extractor: str | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """A source together with its normalised text; offsets refer to ``text``."""

    source: Source
    text: str


@dataclass(frozen=True, slots=True)
class Figure:
    """A number a desk officer would cite, with the quote it came from."""

    id: str
    source: str
    metric: str
    value: float
    unit: str
    approx: str | None
    period: str | None
    scope: str | None
    base: str | None
    quote: str
    start: int
    end: int
    # The figure's own words ("$ 1.27 billion"), a span inside the quote.
    mention: str = ""
    partner: str | None = None
    # Why the extractor is unsure of this figure (no metric cue, conflicting cues, a borrowed period);
    # such a figure stays out of documents until a person confirms it in facts/curated/.
    review: str | None = None
    # Whose statistics the figure is, where the article says so ("according to Romanian
    # statistics", a national statistics office): the country's name, e.g. "Romania".
    statistics: str | None = None

    kind = "figure"


@dataclass(frozen=True, slots=True)
class Person:
    """An official named in an article, with the role the article gives."""

    id: str
    source: str
    name: str
    role: str | None
    organisation: str | None
    country: str | None
    quote: str
    start: int
    end: int
    aliases: tuple[str, ...] = ()
    date: dt.date | None = None

    kind = "person"


@dataclass(frozen=True, slots=True)
class Event:
    """A meeting, visit, round of consultations, signing, recognition or anniversary."""

    id: str
    source: str
    event: str
    title: str
    date: str | None
    place: str | None
    ordinal: int | None
    participants: tuple[str, ...]
    documents: tuple[str, ...]
    quote: str
    start: int
    end: int

    kind = "event"


@dataclass(frozen=True, slots=True)
class Topic:
    """A cooperation area mentioned in an article."""

    id: str
    source: str
    topic: str
    quote: str
    start: int
    end: int

    kind = "topic"


Fact = Figure | Person | Event | Topic


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything extracted from one article."""

    source: Source
    facts: tuple[Fact, ...] = field(default_factory=tuple)


# Fields left out of a fact's mapping while empty (most facts have none).
_WRITTEN_WHEN_SET = frozenset({"review", "statistics"})


def fact_to_dict(fact: Fact) -> dict:
    """A plain mapping of ``fact`` in field order, with ``kind`` second (for YAML and JSON)."""
    out: dict = {"id": fact.id, "kind": fact.kind}
    for name in fact.__dataclass_fields__:
        if name == "id":
            continue
        value = getattr(fact, name)
        if value is None and name in _WRITTEN_WHEN_SET:
            continue
        if isinstance(value, tuple):
            value = list(value)
        elif isinstance(value, dt.date):
            value = value.isoformat()
        out[name] = value
    return out


# ---------------------------------------------------------------------------
# The merged view of the fact base (built by factbase.load_factbase).


@dataclass(frozen=True, slots=True)
class Citation:
    """One source backing a fact: a registered article, or an external reference."""

    source: str | None
    quote: str
    start: int | None
    end: int | None
    outlet: str | None
    title: str
    date: dt.date | None
    url: str | None = None


def citation_order(citation: Citation) -> tuple:
    """A total sort key for citations (date, source, place in the text, then every other field),
    so that citations gathered in a set list in the same order in every process."""
    c = citation
    return (c.date or dt.date.min, c.source or "", c.start if c.start is not None else -1,
            c.end if c.end is not None else -1, c.title, c.outlet or "", c.url or "", c.quote)


@dataclass(frozen=True, slots=True)
class FigureView:
    """A merged figure: one (partner, metric, period, scope) reported by one or more sources."""

    id: str
    ids: tuple[str, ...]
    partner: str
    metric: str
    value: float
    unit: str
    approx: str | None
    period: str | None
    scope: str | None
    base: str | None
    as_of: dt.date | None
    status: str
    citations: tuple[Citation, ...]
    note: str | None = None
    # Set while every report of the figure is an extraction the extractor doubted (Figure.review).
    review: str | None = None
    # Whose statistics (Figure.statistics) when every report of the figure agrees on it.
    statistics: str | None = None

    @property
    def key(self) -> tuple[str, str, str | None, str | None]:
        """The identity of a figure in the fact base: (partner, metric, period, scope)."""
        return (self.partner, self.metric, self.period, self.scope)


@dataclass(frozen=True, slots=True)
class PersonView:
    """A person with one role as stated on a date."""

    id: str
    name: str
    role: str | None
    organisation: str | None
    country: str | None
    as_of: dt.date | None
    citations: tuple[Citation, ...]
    aliases: tuple[str, ...] = ()
    status: str = "extracted"


@dataclass(frozen=True, slots=True)
class EventView:
    """An event with its citations."""

    id: str
    partner: str
    event: str
    title: str
    date: str | None
    place: str | None
    ordinal: int | None
    participants: tuple[str, ...]
    documents: tuple[str, ...]
    citations: tuple[Citation, ...]
    status: str = "extracted"


@dataclass(frozen=True, slots=True)
class TopicView:
    """A cooperation area and the dated mentions of it."""

    topic: str
    partner: str
    years: tuple[int, ...]
    citations: tuple[Citation, ...]
