"""What goes into each document: selections from the fact base, no formatting."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from briefgen.core.names import name_key
from briefgen.core.periods import full_year as is_full_year
from briefgen.core.periods import is_stale, period_bounds
from briefgen.documents.helpers import event_date
from briefgen.model import EventView, FigureView, PersonView, TopicView

DEFAULT_METRICS = (
    "trade_turnover",
    "exports",
    "imports",
    "trade_growth",
    "trade_partner_rank",
    "investment_inflow",
    "investment_outflow",
    "companies_partner_capital",
    "companies_home_capital",
    "joint_companies",
    "diaspora",
    "students",
)
# A meeting sheet has room for trade, rank, investment and companies: the brief's list up to there.
MEETING_METRICS = DEFAULT_METRICS[:DEFAULT_METRICS.index("companies_home_capital")]
TRADE_METRICS = ("trade_turnover", "exports", "imports")
SCOPE_ORDER = ("world", "europe", "eu", "region")
RELATION_EVENTS = ("recognition", "diplomatic_relations", "anniversary")
ONCE_ONLY_EVENTS = ("recognition", "diplomatic_relations")
MECHANISM_EVENTS = ("consultations", "commission")
CULTURE_TOPICS = ("culture", "education", "science", "tourism")
MULTILATERAL_TOPICS = ("multilateral", "security")
CULTURE_METRICS = ("diaspora", "students", "scholarships")
FORMAT_EVENTS = {"consultation": "consultations", "commission": "commission", "visit": "visit", "sign": "signing"}


def _end(view: FigureView) -> dt.date:
    if view.period:
        return period_bounds(view.period)[1]
    return view.as_of or dt.date.min


def _start(view: FigureView) -> dt.date:
    if view.period:
        return period_bounds(view.period)[0]
    return view.as_of or dt.date.min


class CheckedFacts:
    """The fact base seen through the provenance rule: figures whose value does not appear in
    any of their quotes (an extractor reading "leading partner" as rank 1) are left out."""

    def __init__(self, fb: Any):
        self._fb = fb
        self.home = fb.home
        self.sources = fb.sources
        self.problems = fb.problems
        self.left_out: dict[str, FigureView] = {}

    # Queries that hold no figures pass through unchanged; every figure query is filtered below.
    # Nothing else of the FactBase is reachable from a template.

    def partners(self) -> list[str]:
        """Every partner with at least one fact or profile."""
        return self._fb.partners()

    def people(self, partner: str, *, as_of: dt.date | None = None) -> list[PersonView]:
        """The partner's people with their roles."""
        return self._fb.people(partner, as_of=as_of)

    def person_history(self, name: str) -> list[PersonView]:
        """Every role a person has been reported in, oldest first."""
        return self._fb.person_history(name)

    def events(self, partner: str, kind: str | None = None, *, as_of: dt.date | None = None) -> list[EventView]:
        """The partner's events (optionally one kind), sorted by date."""
        return self._fb.events(partner, kind, as_of=as_of)

    def topics(self, partner: str, *, as_of: dt.date | None = None) -> list[TopicView]:
        """Cooperation areas with the years they were mentioned."""
        return self._fb.topics(partner, as_of=as_of)

    def profile(self, partner: str) -> dict | None:
        """The desk's profile of the partner."""
        return self._fb.profile(partner)

    def meetings(self, partner: str | None = None) -> list[dict]:
        """Meeting specs, sorted by date."""
        return self._fb.meetings(partner)

    def _ok(self, view: FigureView) -> bool:
        from briefgen.documents.provenance import quote_supports

        if view.review:
            # The extractor doubted it and no person has confirmed it yet (`briefgen check`: needs review).
            self.left_out.setdefault(view.id, view)
            return False
        if quote_supports(view.value, (c.quote for c in view.citations)):
            return True
        self.left_out.setdefault(view.id, view)
        return False

    def figures(self, partner: str | None = None, metric: str | None = None, as_of: dt.date | None = None) -> list[FigureView]:
        """Active figures whose quotes state their value."""
        return [v for v in self._fb.figures(partner, metric, as_of) if self._ok(v)]

    def series(self, partner: str, metric: str, *, as_of: dt.date | None = None, scope: str | None = None) -> list[FigureView]:
        """The metric over time (checked figures only)."""
        return [v for v in self.figures(partner, metric, as_of) if scope is None or v.scope == scope]

    def latest(self, partner: str, metric: str, *, as_of: dt.date | None = None, scope: str | None = None,
               full_year: bool | None = None) -> FigureView | None:
        """The fact base's latest figure if its quote states it, else the next best checked one."""
        best = self._fb.latest(partner, metric, as_of=as_of, scope=scope, full_year=full_year)
        if best is None or self._ok(best):
            return best
        candidates = [
            v for v in self.series(partner, metric, as_of=as_of, scope=scope)
            if full_year is None or is_full_year(v.period) == full_year
        ]
        return max(candidates, key=lambda v: (_end(v), v.as_of or dt.date.min, v.id)) if candidates else None

    def disputed(self, *, as_of: dt.date | None = None) -> list[tuple[FigureView, ...]]:
        """Conflicts among checked figures."""
        groups = [tuple(v for v in group if self._ok(v)) for group in self._fb.disputed(as_of=as_of)]
        return [g for g in groups if len(g) > 1]


def key_figures(fb: Any, partner: str, as_of: dt.date | None, metrics: tuple[str, ...] | None = None,
                scopes: tuple[str, ...] | None = None) -> list[FigureView]:
    """The fact-box rows: latest value of each metric, each rank scope, partial years after full ones."""
    rows: list[FigureView] = []
    for metric in metrics or DEFAULT_METRICS:
        if metric == "trade_partner_rank":
            views = fb.figures(partner, metric, as_of)
            scopes_found = sorted({v.scope for v in views if scopes is None or v.scope in scopes},
                                  key=lambda s: SCOPE_ORDER.index(s) if s in SCOPE_ORDER else 9)
            for scope in scopes_found:
                latest = max((v for v in views if v.scope == scope), key=lambda v: (_end(v), v.as_of or dt.date.min, v.id))
                rows.append(latest)
            continue
        latest = fb.latest(partner, metric, as_of=as_of)
        if latest is None:
            continue
        if metric in TRADE_METRICS or metric.endswith("_growth"):
            full = fb.latest(partner, metric, as_of=as_of, full_year=True)
            if full is not None and full.id != latest.id:
                rows.append(full)
        rows.append(latest)
    seen: set[str] = set()
    return [v for v in rows if not (v.id in seen or seen.add(v.id))]


@dataclass(frozen=True)
class TradeRow:
    """One period of the trade table: turnover, exports and imports where known."""

    period: str
    full_year: bool
    figures: dict[str, FigureView] = field(default_factory=dict)


def trade_rows(fb: Any, partner: str, as_of: dt.date | None) -> list[TradeRow]:
    """Trade by period, full years first (oldest first), then partial periods."""
    by_period: dict[str, dict[str, FigureView]] = {}
    for metric in TRADE_METRICS:
        for view in fb.series(partner, metric, as_of=as_of):
            if view.period and view.scope is None:
                by_period.setdefault(view.period, {})[metric] = view
    rows = [TradeRow(p, is_full_year(p), figs) for p, figs in by_period.items()]
    return sorted(rows, key=lambda r: (not r.full_year, period_bounds(r.period)))


def growth_for(fb: Any, view: FigureView, as_of: dt.date | None) -> FigureView | None:
    """The growth figure stated for the same metric and period as ``view``."""
    metric = {"trade_turnover": "trade_growth", "exports": "exports_growth", "imports": "imports_growth"}.get(view.metric)
    if metric is None:
        return None
    matches = [g for g in fb.figures(view.partner, metric, as_of) if g.period == view.period and g.unit == "percent"]
    return matches[-1] if matches else None


def previous_full_year(fb: Any, view: FigureView, as_of: dt.date | None) -> FigureView | None:
    """The same metric one full year earlier (only for a full-year ``view``)."""
    if not view.period or not is_full_year(view.period):
        return None
    year = period_bounds(view.period)[0].year - 1
    for other in fb.series(view.partner, view.metric, as_of=as_of):
        if other.period and is_full_year(other.period) and period_bounds(other.period)[0].year == year and other.scope == view.scope:
            return other
    return None


def _quotes(view: FigureView) -> set[tuple]:
    return {(c.source, c.quote) for c in view.citations}


def companion(fb: Any, partner: str, metric: str, period: str | None, ref: FigureView | None,
              as_of: dt.date | None) -> FigureView | None:
    """The ``metric`` figure for ``period``, preferring one quoted together with ``ref``.

    When sources disagree, a value and its growth rate (or a share's numerator and
    denominator) must come from the same report, or the sentence mixes statistics.
    """
    views = [v for v in fb.series(partner, metric, as_of=as_of) if v.period == period and v.scope is None]
    if not views:
        return None
    if ref is not None:
        shared = [v for v in views if _quotes(v) & _quotes(ref)]
        if shared:
            return shared[-1]
    latest = fb.latest(partner, metric, as_of=as_of)
    return latest if latest in views else views[-1]


def trends(fb: Any, partner: str, as_of: dt.date | None) -> list[tuple[FigureView, FigureView | None, FigureView | None]]:
    """(figure, stated growth, previous year) for the latest full and partial turnover."""
    out: list[tuple[FigureView, FigureView | None, FigureView | None]] = []
    full = fb.latest(partner, "trade_turnover", as_of=as_of, full_year=True)
    latest = fb.latest(partner, "trade_turnover", as_of=as_of)
    for view in (full, latest):
        if view is None or any(view.period == t[0].period for t in out):
            continue
        growth = growth_for(fb, view, as_of)
        if growth is not None:
            view = companion(fb, partner, view.metric, view.period, growth, as_of) or view
        previous = None if growth else previous_full_year(fb, view, as_of)
        out.append((view, growth, previous))
    return out


def ranks(fb: Any, partner: str, as_of: dt.date | None) -> list[FigureView]:
    """Rank among trade partners over time, world scope first."""
    views = fb.figures(partner, "trade_partner_rank", as_of)
    order = {s: i for i, s in enumerate(SCOPE_ORDER)}
    return sorted(views, key=lambda v: (order.get(v.scope or "", 9), _start(v), v.id))


def events_by_kind(fb: Any, partner: str, as_of: dt.date | None) -> dict[str, list[EventView]]:
    """Relations, mechanisms and the timeline of visits and meetings."""
    events = _precise(fb.events(partner, as_of=as_of))
    return {
        "relations": [e for e in events if e.event in RELATION_EVENTS],
        "mechanisms": [e for e in events if e.event in MECHANISM_EVENTS],
        "timeline": [e for e in events if e.event not in RELATION_EVENTS and e.date],
    }


def _precise(events: list[EventView]) -> list[EventView]:
    """Drop an event repeated by another source with a more precise date ("December 2023" vs
    14 Dec), keeping its citations on the precise one. Recognition and the establishment of
    relations happen once, so for them the kind alone makes two reports the same event."""
    import dataclasses

    def same(coarse: EventView, fine: EventView) -> bool:
        return (fine is not coarse and fine.event == coarse.event and bool(fine.date and coarse.date)
                and len(fine.date) > len(coarse.date) and fine.date.startswith(coarse.date)
                and (fine.title == coarse.title or coarse.event in ONCE_ONLY_EVENTS))

    extra: dict[int, list] = {}
    dropped = set()
    for event in events:
        finer = [e for e in events if same(event, e)]
        if finer:
            dropped.add(id(event))
            extra.setdefault(id(finer[0]), []).extend(event.citations)
    return [
        dataclasses.replace(e, citations=e.citations + tuple(extra[id(e)])) if id(e) in extra else e
        for e in events if id(e) not in dropped
    ]


@dataclass(frozen=True)
class PersonRow:
    """A person with their role on the document date and the last dated event naming them."""

    person: PersonView
    last_met: EventView | None


def last_event_with(events: list[EventView], person: PersonView, before: dt.date | None = None) -> EventView | None:
    """The latest event whose participants name ``person`` (before ``before`` if given)."""
    keys = {name_key(n) for n in (person.name, *person.aliases)}
    found = [
        e for e in events
        if e.date and any(name_key(p) in keys or any(k and k in name_key(p) for k in keys) for p in e.participants)
        and (before is None or (event_date(e) or dt.date.max) < before)
    ]
    return found[-1] if found else None


def people(fb: Any, partner: str, as_of: dt.date | None) -> dict[str, list[PersonRow]]:
    """People on each side (partner, home, other) with when they were last met."""
    events = fb.events(partner, as_of=as_of)
    sides: dict[str, list[PersonRow]] = {"partner": [], "home": [], "other": []}
    for person in fb.people(partner, as_of=as_of):
        side = "partner" if person.country == partner else "home" if person.country == fb.home else "other"
        sides[side].append(PersonRow(person, last_event_with(events, person)))
    return sides


def topics(fb: Any, partner: str, as_of: dt.date | None) -> dict[str, list[TopicView]]:
    """Cooperation areas split into economic, cultural and multilateral ones."""
    views = fb.topics(partner, as_of=as_of)
    return {
        "cooperation": [t for t in views if t.topic not in CULTURE_TOPICS + MULTILATERAL_TOPICS],
        "culture": [t for t in views if t.topic in CULTURE_TOPICS],
        "multilateral": [t for t in views if t.topic in MULTILATERAL_TOPICS],
    }


def stale(views: list[FigureView], on: dt.date, months: int) -> list[FigureView]:
    """Figures whose newest source is older than ``months`` before ``on``."""
    return [v for v in views if is_stale(v.as_of, on, months)]


def format_event_kind(format_text: str | None) -> str:
    """The event kind a meeting format corresponds to ("political consultations" -> consultations)."""
    text = (format_text or "").casefold()
    for word, kind in FORMAT_EVENTS.items():
        if word in text:
            return kind
    return "meeting"
