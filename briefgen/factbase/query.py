"""The merged fact base and the queries templates ask of it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from briefgen.core.names import name_key, names_match, surname_key
from briefgen.core.periods import full_year as is_full_year
from briefgen.core.periods import period_end, period_start
from briefgen.errors import Problem
from briefgen.factbase.curation import Record, apply_curation, figure_view, figure_views
from briefgen.factbase.files import Curation, Location, Preference
from briefgen.model import (
    EventView,
    Extraction,
    FigureView,
    PersonView,
    Source,
    TopicView,
    citation_order,
)

_ACTIVE = ("extracted", "corrected", "added", "disputed")


def _known_by(record: Record, as_of: dt.date | None) -> bool:
    # An undated source cannot be shown to postdate ``as_of``, so it stays.
    return as_of is None or record.date is None or record.date <= as_of


class FactBase:
    """Extracted and curated facts merged into one queryable view."""

    def __init__(
        self,
        home: str,
        sources: dict[str, Source],
        records: dict[str, Record],
        preferences: tuple[Preference, ...] = (),
        problems: tuple[Problem, ...] = (),
        curation_problems: tuple[Problem, ...] = (),
        profiles: dict[str, dict] | None = None,
        meetings: tuple[dict, ...] = (),
    ):
        self.home = home
        self.sources = sources
        self.records = records
        self.preferences = tuple(preferences)
        self.problems = tuple(problems)
        self.curation_problems = tuple(curation_problems)
        self.profiles = dict(profiles or {})
        self._meetings = tuple(meetings)
        self._cache = {}

    # -- basics -------------------------------------------------------------

    def location(self, fact_id: str) -> Location | None:
        """Where the fact ``fact_id`` is written in facts/."""
        record = self.records.get(fact_id)
        return record.where if record else None

    def partners(self) -> list[str]:
        """Every partner with at least one fact or profile."""
        found = {r.partner for r in self.records.values() if r.partner}
        return sorted(found | set(self.profiles))

    def _records(self, kind: str, partner: str | None, as_of: dt.date | None, statuses=_ACTIVE) -> list[Record]:
        # Indexed by (kind, partner): documents for fifty partners otherwise scan every record
        # of every partner for each query.
        if "records" not in self._cache:
            index: dict[tuple, list[Record]] = {}
            for r in self.records.values():
                index.setdefault((r.fact.kind, None), []).append(r)
                index.setdefault((r.fact.kind, r.partner), []).append(r)
            self._cache["records"] = index
        return [r for r in self._cache["records"].get((kind, partner), ()) if r.status in statuses and _known_by(r, as_of)]

    # -- figures ------------------------------------------------------------

    def _figure_views(self, as_of: dt.date | None) -> tuple[list[FigureView], list[tuple[FigureView, ...]]]:
        key = ("figures", as_of)
        if key not in self._cache:
            self._cache[key] = figure_views(self._records("figure", None, as_of), self.preferences)
        return self._cache[key]

    def all_figures(self, *, as_of: dt.date | None = None) -> list[FigureView]:
        """Every merged figure view including superseded ones (for check and listings)."""
        return list(self._figure_views(as_of)[0])

    def figures(self, partner: str | None = None, metric: str | None = None, as_of: dt.date | None = None) -> list[FigureView]:
        """Active figures (not rejected or superseded), known on ``as_of``."""
        key = ("active", as_of)
        if key not in self._cache:
            index: dict[tuple, list[FigureView]] = {}
            for v in sorted((v for v in self._figure_views(as_of)[0] if v.status in _ACTIVE), key=_series_order):
                for k in ((None, None), (v.partner, None), (None, v.metric), (v.partner, v.metric)):
                    index.setdefault(k, []).append(v)
            self._cache[key] = index
        return list(self._cache[key].get((partner, metric), ()))

    def latest(self, partner: str, metric: str, *, as_of: dt.date | None = None, scope: str | None = None,
               full_year: bool | None = None) -> FigureView | None:
        """The figure with the most recent period end (ties: latest as-of); scope None = any scope."""
        candidates = [
            v for v in self.figures(partner, metric, as_of)
            if (scope is None or v.scope == scope)
            and (full_year is None or is_full_year(v.period) == full_year)
        ]
        if not candidates:
            return None
        return max(candidates, key=lambda v: (
            period_end(v.period, v.as_of) or dt.date.min, v.as_of or dt.date.min,
            v.status != "disputed", len(v.citations), v.id))

    def series(self, partner: str, metric: str, *, as_of: dt.date | None = None, scope: str | None = None) -> list[FigureView]:
        """The metric's values over time, sorted by period start."""
        return [v for v in self.figures(partner, metric, as_of) if scope is None or v.scope == scope]

    def rejected(self) -> list[FigureView]:
        """Figures a desk officer rejected, each with the reason as note."""
        rejected = [r for r in self.records.values() if r.fact.kind == "figure" and r.status == "rejected"]
        return [figure_view([r], "rejected", r.note) for r in sorted(rejected, key=lambda r: r.fact.id)]

    def disputed(self, *, as_of: dt.date | None = None) -> list[tuple[FigureView, ...]]:
        """Unsettled conflicts: views under one key whose values differ, from different sources."""
        return list(self._figure_views(as_of)[1])

    # -- people -------------------------------------------------------------

    def _person_groups(self, partner: str | None, as_of: dt.date | None) -> list[list[Record]]:
        # Asked for by people(), current_roles() and each counterpart's history in one build.
        key = ("person groups", partner, as_of)
        if key not in self._cache:
            self._cache[key] = self._group_people(partner, as_of)
        return [list(group) for group in self._cache[key]]

    def _group_people(self, partner: str | None, as_of: dt.date | None) -> list[list[Record]]:
        records = sorted(self._records("person", partner, as_of), key=lambda r: r.fact.id)
        parent: dict[str, str] = {}

        def find(k: str) -> str:
            while parent.setdefault(k, k) != k:
                k = parent[k]
            return k

        for record in records:
            keys = [name_key(n) for n in (record.fact.name, *record.fact.aliases) if name_key(n)]
            for other in keys[1:]:
                parent[find(other)] = find(keys[0])
        self._join_spellings(records, find, parent)
        groups: dict[str, list[Record]] = {}
        for record in records:
            groups.setdefault(find(name_key(record.fact.name)), []).append(record)
        return list(groups.values())

    @staticmethod
    def _join_spellings(records: list[Record], find, parent: dict[str, str]) -> None:  # noqa: ANN001
        """Join name forms of one person across articles ("R.Vasilenko", "Roman Vassilenko"):
        same surname key, matching first name or initial, and no conflicting country."""

        # Records are compared as distinct (name, country) forms: 5,000 articles naming one
        # official are a handful of spellings, not 12.5 million pairs.
        by_surname: dict[str, dict[tuple[str, str | None], None]] = {}
        for record in records:
            key = surname_key(record.fact.name)
            if key and name_key(record.fact.name):
                by_surname.setdefault(key, {})[(record.fact.name, record.fact.country)] = None
        for forms in by_surname.values():
            group = list(forms)
            for i, (name_a, country_a) in enumerate(group):
                for name_b, country_b in group[i + 1:]:
                    if (country_a is None or country_b is None or country_a == country_b) \
                            and names_match(name_a, name_b):
                        parent[find(name_key(name_b))] = find(name_key(name_a))

    @staticmethod
    def _person_date(record: Record) -> dt.date | None:
        return record.fact.date or record.date

    def _person_view(self, group: list[Record], chosen: list[Record]) -> PersonView:
        rep = max(chosen, key=lambda r: (r.status == "corrected", r.fact.id))
        names = {r.fact.name for r in group}
        display = max(names, key=lambda n: (len(n), n))
        aliases = sorted((names | {a for r in group for a in r.fact.aliases}) - {display})
        citations = sorted({r.citation for r in chosen}, key=citation_order)
        statuses = {r.status for r in chosen}
        status = "corrected" if "corrected" in statuses else "added" if statuses == {"added"} else "extracted"
        return PersonView(
            id=rep.fact.id, name=display, role=rep.fact.role, organisation=rep.fact.organisation,
            country=rep.fact.country, as_of=self._person_date(rep), citations=tuple(citations),
            aliases=tuple(aliases), status=status,
        )

    def current_roles(self, partner: str | None = None, *, as_of: dt.date | None = None) -> list[tuple[list[Record], list[PersonView]]]:
        """For each person: their records and every distinct role stated on their latest date."""
        out = []
        for group in self._person_groups(partner, as_of):
            with_role = [r for r in group if r.fact.role] or group
            latest = max((self._person_date(r) or dt.date.min) for r in with_role)
            chosen = [r for r in with_role if (self._person_date(r) or dt.date.min) == latest]
            by_role: dict[str, list[Record]] = {}
            for r in chosen:
                by_role.setdefault(name_key(r.fact.role or ""), []).append(r)
            out.append((group, [self._person_view(group, rs) for _, rs in sorted(by_role.items())]))
        return out

    def people(self, partner: str, *, as_of: dt.date | None = None) -> list[PersonView]:
        """Each person named in the partner's articles, with their latest role on ``as_of``."""
        views = [roles[0] for _, roles in self.current_roles(partner, as_of=as_of)]
        return sorted(views, key=lambda v: (v.country or "", name_key(v.name)))

    def person_history(self, name: str) -> list[PersonView]:
        """Every role a person was given, oldest first (one view per date and role)."""
        key = name_key(name)
        for group in self._person_groups(None, None):
            keys = {name_key(n) for r in group for n in (r.fact.name, *r.fact.aliases)}
            if key not in keys:
                continue
            by_stated: dict[tuple, list[Record]] = {}
            for r in group:
                by_stated.setdefault((self._person_date(r) or dt.date.min, name_key(r.fact.role or "")), []).append(r)
            return [self._person_view(group, by_stated[k]) for k in sorted(by_stated)]
        return []

    # -- events and topics --------------------------------------------------

    def events(self, partner: str, kind: str | None = None, *, as_of: dt.date | None = None) -> list[EventView]:
        """Events of the partner (optionally one kind), sorted by date; one view per dated event."""
        groups: dict[tuple, list[Record]] = {}
        for r in self._records("event", partner, as_of):
            if kind is not None and r.fact.event != kind:
                continue
            key = (r.fact.event, r.fact.date, r.fact.ordinal) if r.fact.date else ("", r.fact.id)
            groups.setdefault(key, []).append(r)
        views = []
        for members in groups.values():
            rep = min(members, key=lambda r: (r.status != "corrected", r.date or dt.date.max, r.fact.id))
            fact = rep.fact
            participants = tuple(dict.fromkeys(p for r in members for p in r.fact.participants))
            documents = tuple(dict.fromkeys(d for r in members for d in r.fact.documents))
            citations = sorted({r.citation for r in members}, key=citation_order)
            views.append(EventView(
                id=fact.id, partner=rep.partner or "", event=fact.event, title=fact.title, date=fact.date,
                place=fact.place or next((r.fact.place for r in members if r.fact.place), None),
                ordinal=fact.ordinal, participants=participants, documents=documents,
                citations=tuple(citations), status=rep.status,
            ))
        return sorted(views, key=lambda v: (period_start(v.date, None) or dt.date.max, v.title, v.id))

    def topics(self, partner: str, *, as_of: dt.date | None = None) -> list[TopicView]:
        """Cooperation areas with the years in which they were mentioned."""
        groups: dict[str, list[Record]] = {}
        for r in self._records("topic", partner, as_of):
            groups.setdefault(r.fact.topic, []).append(r)
        views = []
        for topic, members in sorted(groups.items()):
            years = tuple(sorted({r.date.year for r in members if r.date}))
            citations = sorted({r.citation for r in members}, key=citation_order)
            views.append(TopicView(topic, partner, years, tuple(citations)))
        return views

    # -- hand-maintained files ----------------------------------------------

    def profile(self, partner: str) -> dict | None:
        """The partner's country profile (facts/countries/<partner>.yaml), if any."""
        return self.profiles.get(partner) or next(
            (p for name, p in self.profiles.items() if name.casefold() == partner.casefold()), None)

    def meetings(self, partner: str | None = None) -> list[dict]:
        """Validated meeting specs, sorted by date and title."""
        found = [m for m in self._meetings if partner is None or m.get("partner") == partner]
        return sorted(found, key=lambda m: (m["date"], m.get("time") or "", m["title"]))


def _series_order(view: FigureView) -> tuple:
    return (view.partner, view.metric, view.scope or "", period_start(view.period, view.as_of) or dt.date.min,
            period_end(view.period, view.as_of) or dt.date.min, view.as_of or dt.date.min, view.value, view.id)


def merge_facts(
    sources: dict[str, Source],
    extracted: Iterable[Extraction],
    curated: Curation,
    home: str,
    *,
    locations: dict[str, Location] | None = None,
    problems: Iterable[Problem] = (),
    profiles: dict[str, dict] | None = None,
    meetings: Iterable[dict] = (),
) -> FactBase:
    """Apply curation to extracted facts and return the queryable FactBase (no disk access)."""
    records, preferences, curation_problems = apply_curation(sources, extracted, curated, locations)
    return FactBase(
        home=home,
        sources=dict(sources),
        records=records,
        preferences=preferences,
        problems=tuple(problems),
        curation_problems=curation_problems,
        profiles=dict(profiles or {}),
        meetings=tuple(meetings),
    )
