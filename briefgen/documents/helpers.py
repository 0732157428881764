"""Helpers templates call to print facts: values with footnotes, periods, dates, trend sentences."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from briefgen.core.calendar import MONTH_NAMES as MONTHS
from briefgen.core.periods import full_year as is_full_year  # noqa: F401 - a template helper
from briefgen.core.periods import period_bounds, period_label  # noqa: F401 - template helpers
from briefgen.core.values import format_value, percent
from briefgen.documents.escape import Md, md_escape
from briefgen.documents.footnotes import Derived, NoteRegistry, long_date
from briefgen.documents.phrasing import change_phrase, metric_label, share
from briefgen.model import Citation, EventView, FigureView, PersonView, TopicView


def date_text(value: dt.date | str | None) -> str:
    """A date or partial ISO date as prose: ``19 March 2025``, ``December 2023``, ``2007``."""
    if value is None:
        return "undated"
    if isinstance(value, dt.date):
        return long_date(value)
    text = str(value)
    if "/" in text:
        first, _, last = text.partition("/")
        return f"{date_text(first)}–{date_text(last)}"
    try:
        if len(text) == 10:
            return long_date(dt.date.fromisoformat(text))
        if len(text) == 7:
            return f"{MONTHS[int(text[5:7]) - 1]} {text[:4]}"
    except ValueError:
        return text
    return text


def event_date(event: EventView) -> dt.date | None:
    """The first day of an event's (possibly partial) date."""
    if not event.date:
        return None
    try:
        if len(event.date) == 10:
            return dt.date.fromisoformat(event.date)
        return period_bounds(event.date)[0]
    except (ValueError, IndexError):
        return None


def citations_of(items: Iterable[object]) -> list[Citation]:
    """The citations of figures, people, events, topics or citations themselves."""
    found: list[Citation] = []
    for item in items:
        if isinstance(item, Citation):
            found.append(item)
        elif isinstance(item, FigureView | PersonView | EventView | TopicView):
            found.extend(item.citations)
        elif isinstance(item, list | tuple):
            found.extend(citations_of(item))
        elif item is not None:
            raise TypeError(f"cannot cite {type(item).__name__}")
    return found


class DocWriter:
    """Formatting helpers bound to one document's footnote registry."""

    def __init__(self, home: str, partner: str, notes: NoteRegistry):
        self.home = home
        self.partner = partner
        self.notes = notes

    def globals(self) -> dict[str, object]:
        """The helpers exposed to templates."""
        return {
            "value": self.value, "fig": self.fig, "cite": self.cite, "when": self.when,
            "label": self.label, "date": date_text, "trend": self.trend, "pair": self.pair,
            "shares": self.shares, "period": period_label, "md_list": self.md_list,
        }

    def value(self, view: FigureView) -> Md:
        """The figure's value, formatted, without a footnote."""
        return Md(md_escape(format_value(view.value, view.unit, view.approx)))

    def cite(self, *items: object, derived: Iterable[Derived] = ()) -> Md:
        """One footnote reference carrying the citations of every item.

        Notes for events and people alone (no figure) show a shortened quote.
        """
        brief = all(isinstance(item, EventView | PersonView) for item in items)
        return self.notes.ref(citations_of(items), derived, brief=brief)

    def fig(self, view: FigureView) -> Md:
        """Value and footnote: ``$2.92 billion[^3]``."""
        return self.value(view) + self.cite(view)

    def when(self, view: FigureView) -> Md:
        """The figure's period, or the date of the article stating it."""
        if view.period:
            return md_escape(period_label(view.period))
        if view.as_of:
            return md_escape(f"as of {MONTHS[view.as_of.month - 1]} {view.as_of.year}")
        return md_escape("date unknown")

    def label(self, view: FigureView, mark_disputed: bool = True) -> Md:
        """``Trade turnover (2024)``; partial periods say so."""
        text = metric_label(view.metric, self.home, self.partner, view.scope)
        when = self.when(view)
        if view.base and view.metric.endswith("_growth"):
            when = Md(when + " vs " + md_escape(period_label(view.base)))
        partial = view.period and not is_full_year(view.period) and _within_a_year(view.period)
        suffix = ", partial year" if partial else ""
        if mark_disputed and view.status == "disputed":
            suffix += "; sources differ"
        return Md(md_escape(text) + Md(f" ({when}{suffix})"))

    def md_list(self, items: Iterable[object]) -> Md:
        """Escaped items joined with commas."""
        return Md(", ".join(md_escape(item) for item in items))

    def trend(self, view: FigureView, growth: FigureView | None = None, previous: FigureView | None = None) -> Md:
        """``Trade turnover reached $2.92 billion in 2024, 1.6% more than in 2023.[^n]``."""
        label = metric_label(view.metric, self.home, self.partner, view.scope)
        when = period_label(view.period) if view.period else None
        verb = "reached" if view.metric in ("trade_turnover", "exports", "imports") else "stood at"
        text = f"{md_escape(label)} {verb} {self.value(view)}"
        if when:
            text += f" in {md_escape(when)}"
        items: list[object] = [view]
        derived: list[Derived] = []
        if growth is not None:
            base = period_label(growth.base) if growth.base else None
            if base is None and view.period and is_full_year(view.period):
                base = str(period_bounds(view.period)[0].year - 1)
            if base:
                phrase = change_phrase(growth.value, base)
                if growth.unit == "percent":
                    text += ", " + md_escape(phrase)
                    items.append(growth)
        elif previous is not None and previous.value:
            change = round(100.0 * (view.value - previous.value) / previous.value, 1)
            base = period_label(previous.period) if previous.period else "the previous period"
            text += ", " + md_escape(change_phrase(change, base))
            items.append(previous)
            derived.append(Derived(abs(change), "percent", f"Change computed by briefgen from {format_value(previous.value, previous.unit)} ({base}) to {format_value(view.value, view.unit)} ({when})."))
        return Md(text + "." + self.cite(*items, derived=derived))

    def pair(self, first: FigureView, second: FigureView, joiner: str = "and") -> Md:
        """Two figures of one period in one clause with one footnote."""
        text = (
            f"{md_escape(metric_label(first.metric, self.home, self.partner))} {self.value(first)} "
            f"{joiner} {md_escape(metric_label(second.metric, self.home, self.partner)).lower()} {self.value(second)}"
        )
        return Md(text + self.cite(first, second))

    def shares(self, turnover: FigureView, exports: FigureView | None, imports: FigureView | None) -> Md:
        """Shares of exports and imports in turnover, computed and footnoted as such."""
        parts: list[str] = []
        derived: list[Derived] = []
        items: list[object] = [turnover]
        for view, word in ((exports, "exports"), (imports, "imports")):
            if view is None:
                continue
            value = share(view.value, turnover.value)
            if value is None:
                continue
            parts.append(f"{word} {percent(value)}")
            derived.append(Derived(value, "percent", f"Share of {word} computed by briefgen as {format_value(view.value, view.unit)} ÷ {format_value(turnover.value, turnover.unit)}."))
            items.append(view)
        if not parts:
            return Md("")
        when = period_label(turnover.period) if turnover.period else "the latest period"
        text = f"Shares in turnover ({when}): " + " and ".join(parts) + "."
        return Md(md_escape(text) + self.cite(*items, derived=derived))


def _within_a_year(period: str | None) -> bool:
    if not period:
        return False
    start, end = period_bounds(period)
    return (end - start).days < 366
