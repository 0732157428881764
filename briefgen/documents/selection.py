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
CULTURE_TOPICS = ("culture", "education", "science", "tourism")
MULTILATERAL_TOPICS = ("multilateral", "security")
CULTURE_METRICS = ("diaspora", "students", "scholarships")


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

    def events(self, partner: str, kind: str | None = None, *, as_of: dt.date | None = None) -> list[EventView]:
        """The partner's events (optionally one kind), sorted by date; a date or round number
        their quotes do not show is not printed as if quoted (the event stays, "reported" instead)."""
        return [self._event_checked(e) for e in self._fb.events(partner, kind, as_of=as_of)]

    @staticmethod
    def _event_checked(event: EventView) -> EventView:
        import dataclasses

        from briefgen.documents.helpers import supports_of
        from briefgen.documents.quotes import support_spans

        dropped = {
            s.label for s in supports_of(event) if s.label in ("date", "round")
            and not any(support_spans(c.quote, (s,))[0] for c in event.citations)
        }
        if not dropped:
            return event
        return dataclasses.replace(event, date=None if "date" in dropped else event.date,
                                   ordinal=None if "round" in dropped else event.ordinal)

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

    def _role_checked(self, person: PersonView) -> PersonView:
        # A role the quotes do not state (composed or mangled) is not printed as if quoted.
        from briefgen.documents.quotes import Support, support_spans

        if person.role and not any(support_spans(c.quote, (Support("role", (person.role,)),))[0] for c in person.citations):
            import dataclasses

            return dataclasses.replace(person, role=None)
        return person

    def people(self, partner: str, *, as_of: dt.date | None = None) -> list[PersonView]:
        """People with their latest role, the role kept only where their quotes state it."""
        return [self._role_checked(p) for p in self._fb.people(partner, as_of=as_of)]

    def person_history(self, name: str) -> list[PersonView]:
        """Every role a person was given (only roles their quotes state)."""
        return [self._role_checked(p) for p in self._fb.person_history(name)]

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


def trends(fb: Any, partner: str, as_of: dt.date | None, *, every_stated_growth: bool = False,
           ) -> list[tuple[FigureView, FigureView | None, FigureView | None]]:
    """(figure, stated growth, previous year) for the latest full and partial turnover and, with
    ``every_stated_growth``, for each earlier full year whose growth a source states, oldest first."""
    out: list[tuple[FigureView, FigureView | None, FigureView | None]] = []
    full = fb.latest(partner, "trade_turnover", as_of=as_of, full_year=True)
    latest = fb.latest(partner, "trade_turnover", as_of=as_of)
    earlier: list[FigureView] = []
    if every_stated_growth:
        stated = {g.period for g in fb.figures(partner, "trade_growth", as_of) if g.unit == "percent" and g.period}
        earlier = [r for r in trade_rows(fb, partner, as_of)
                   if r.full_year and r.period in stated and "trade_turnover" in r.figures
                   and (full is None or r.period != full.period)]
        earlier = [r.figures["trade_turnover"] for r in earlier]
    for view in (*earlier, full, latest):
        if view is None or any(view.period == t[0].period for t in out):
            continue
        growth = growth_for(fb, view, as_of)
        if growth is not None:
            view = companion(fb, partner, view.metric, view.period, growth, as_of) or view
        previous = None if growth else previous_full_year(fb, view, as_of)
        if previous is not None and not {c.source for c in previous.citations} & {c.source for c in view.citations}:
            previous = None  # a change is computed only from one source's pair of figures
        out.append((view, growth, previous))
    return out


def ranks(fb: Any, partner: str, as_of: dt.date | None) -> list[FigureView]:
    """Rank among trade partners over time, world scope first."""
    views = fb.figures(partner, "trade_partner_rank", as_of)
    order = {s: i for i, s in enumerate(SCOPE_ORDER)}
    return sorted(views, key=lambda v: (order.get(v.scope or "", 9), _start(v), v.id))


@dataclass(frozen=True)
class PersonRow:
    """A person with their role as of the document date and the last dated event naming them."""

    person: PersonView
    last_met: EventView | None
    role: Any = None  # roles.DatedRole: when the role is known for, and any successor in the office


def last_event_with(events: list[EventView], person: PersonView, before: dt.date | None = None) -> EventView | None:
    """The latest event whose participants name ``person`` (before ``before`` if given)."""
    keys = {name_key(n) for n in (person.name, *person.aliases)}
    def when(e: EventView) -> dt.date | None:
        # An undated event counts from the date of the article reporting it.
        return event_date(e) or min((c.date for c in e.citations if c.date), default=None)

    found = [
        e for e in events
        if when(e) and any(name_key(p) in keys or any(k and k in name_key(p) for k in keys) for p in e.participants)
        and (before is None or when(e) < before)
    ]
    return max(found, key=lambda e: (when(e), e.id)) if found else None


def people(fb: Any, partner: str, as_of: dt.date | None) -> dict[str, list[PersonRow]]:
    """People on each side (partner, home, other) holding their role on the document date, with
    when they were last met; those whose office a later source gives to someone else go to
    ``former_partner``, ``former_home`` and ``former_other``."""
    from briefgen.documents.roles import dated_roles

    events = fb.events(partner, as_of=as_of)
    sides: dict[str, list[PersonRow]] = {k: [] for k in ("partner", "home", "other", "former_partner", "former_home", "former_other")}
    for role in dated_roles(fb.people(partner, as_of=as_of), events):
        person = role.person
        side = "partner" if person.country == partner else "home" if person.country == fb.home else "other"
        sides[f"former_{side}" if role.former else side].append(PersonRow(person, last_event_with(events, person), role))
    return sides


def topics(fb: Any, partner: str, as_of: dt.date | None) -> dict[str, list[TopicView]]:
    """Cooperation areas split into economic, cultural and multilateral ones, each citing the
    latest sentence that names it (one fact per area, not every mention)."""
    import dataclasses

    views = [dataclasses.replace(t, citations=t.citations[-1:]) for t in fb.topics(partner, as_of=as_of)]
    return {
        "cooperation": [t for t in views if t.topic not in CULTURE_TOPICS + MULTILATERAL_TOPICS],
        "culture": [t for t in views if t.topic in CULTURE_TOPICS],
        "multilateral": [t for t in views if t.topic in MULTILATERAL_TOPICS],
    }


def stale_ids(fb: Any, partner: str, on: dt.date, months: int, as_of: dt.date | None = None) -> frozenset[str]:
    """Ids of the figures a document dated ``on`` would present as current although they are stale
    (the one rule, core.periods.is_stale): the latest figure of each metric and scope, as
    ``briefgen check`` judges them. Older values of a series are history, not stale."""
    latest: dict[tuple, FigureView] = {}
    for view in fb.figures(partner, None, as_of):
        # The latest full year and the latest partial period are both printed as current.
        key = (view.metric, view.scope, is_full_year(view.period))
        held = latest.get(key)
        if held is None or _rank(view) > _rank(held):
            latest[key] = view
    return frozenset(v.id for v in latest.values() if is_stale(v.as_of, on, months))


def _rank(view: FigureView) -> tuple:
    return (_end(view), view.as_of or dt.date.min, view.id)


def earlier_counts(fb: Any, partner: str, rows: list[FigureView], as_of: dt.date | None) -> dict[str, list[FigureView]]:
    """For each undated count or sum in ``rows`` (companies, investment stock), the earlier values
    the sources reported, oldest first: a series (over 30 → 37 → about 40), not one number."""
    out: dict[str, list[FigureView]] = {}
    for row in rows:
        if row.period or not (row.metric.startswith(("companies", "investment")) or row.metric == "joint_companies"):
            continue
        earlier = [v for v in fb.series(partner, row.metric, as_of=as_of, scope=row.scope)
                   if not v.period and v.id != row.id and v.as_of and row.as_of and v.as_of < row.as_of]
        earlier.sort(key=lambda v: (v.as_of, v.id))
        # One value per reporting date, and only where the value moved.
        kept: list[FigureView] = []
        for v in earlier:
            if kept and kept[-1].as_of == v.as_of:
                kept[-1] = v
            elif not kept or kept[-1].value != v.value:
                kept.append(v)
        kept = [v for v in kept if (v.value, v.approx) != (row.value, row.approx)] if kept and kept[-1].value == row.value else kept
        if kept:
            out[row.id] = kept
    return out
