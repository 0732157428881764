"""Helpers templates call to print facts: values with footnotes, periods, dates, trend sentences."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from briefgen.core.calendar import MONTH_NAMES as MONTHS
from briefgen.core.periods import full_year as is_full_year  # noqa: F401 - a template helper
from briefgen.core.periods import period_bounds, period_label  # noqa: F401 - template helpers
from briefgen.core.values import format_value, percent
from briefgen.documents.escape import Md, md_escape
from briefgen.documents.footnotes import Derived, NoteRegistry, long_date
from briefgen.documents.phrasing import change_phrase, metric_label, share
from briefgen.documents.quotes import Support
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


_RELATIVE_WEEK = re.compile(r"\b(this|last|past) week\b", re.IGNORECASE)


def event_day(event: EventView) -> str:
    """The event's date as prose; a date that is only the article's own date for something that
    happened "this week" or "last week" is printed as that week ("week of 17 December 2018")."""
    if event.date and len(event.date) == 10:
        for citation in event.citations:
            match = _RELATIVE_WEEK.search(citation.quote)
            if citation.date and citation.date.isoformat() == event.date and match:
                monday = citation.date - dt.timedelta(days=citation.date.weekday())
                if match.group(1).casefold() != "this":
                    monday -= dt.timedelta(days=7)
                return f"week of {long_date(monday)}"
    if not event.date:
        dates = [c.date for c in event.citations if c.date]
        return f"reported {long_date(min(dates))}" if dates else "undated"
    return date_text(event.date)


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


STALE_MARK = "†"


def _key(name: str) -> str:
    from briefgen.core.names import name_key

    return name_key(name)


def _name_words(name: str) -> tuple[str, ...]:
    """A name and its surname alone ("Deputy Minister Vassilenko" names Roman Vassilenko)."""
    parts = [p for p in name.replace(".", " ").split() if len(p) > 2]
    return tuple(dict.fromkeys([name, *parts[-1:]]))


def _topic_pattern(topic: str) -> str | None:
    """The extractor's vocabulary for a cooperation area, as one expression (None if unknown)."""
    from briefgen.extract import topics

    # The extractor's own table (words, proper names): the window shows the word it matched.
    entry = getattr(topics, "_VOCABULARY", {}).get(topic, ())
    alternatives = "|".join(p for p in entry[-2:] if isinstance(p, str) and p)
    return rf"\b(?:{alternatives})\b" if alternatives else None


def supports_of(item: object) -> list[Support]:
    """What a document prints for ``item`` and its note must therefore quote."""
    from briefgen.core.values import ordinal

    if isinstance(item, FigureView):
        return [Support("figure", (format_value(item.value, item.unit),), item.value)]
    if isinstance(item, PersonView):
        out = [Support("name", tuple(w for n in (item.name, *item.aliases) for w in _name_words(n)))]
        if item.role:
            out.append(Support("role", (item.role,)))
        return out
    if isinstance(item, EventView):
        out = [Support("name", _name_words(p)) for p in item.participants]
        if item.ordinal:
            out.append(Support("round", (ordinal(item.ordinal), str(item.ordinal))))
        # A date read from the article's own date ("today") is in the dateline, not the sentence.
        article_dates = {c.date.isoformat()[:len(item.date)] for c in item.citations if c.date} if item.date else set()
        if item.date and item.date[:4].isdigit() and item.date not in article_dates:
            # "on September 6" in an article of that year dates the event as well as "2017" does.
            month_number = int(item.date[5:7]) if re.match(r"\d{4}-\d{2}", item.date) else 0
            month = MONTHS[month_number - 1] if 1 <= month_number <= 12 else None
            out.append(Support("date", (item.date[:4], *([month] if month else []))))
        return out
    if isinstance(item, TopicView):
        pattern = _topic_pattern(item.topic)
        return [Support("area", (item.topic,), pattern=pattern)] if pattern else []
    if isinstance(item, list | tuple):
        return [s for x in item for s in supports_of(x)]
    return []


class DocWriter:
    """Formatting helpers bound to one document's footnote registry."""

    def __init__(self, home: str, partner: str, notes: NoteRegistry, *, stale: frozenset[str] = frozenset(),
                 people: Iterable[PersonView] = ()):
        self.home = home
        self.people = tuple(people)
        self.partner = partner
        self.notes = notes
        # Figures too old to stand as current on the document's date, and those printed so far.
        self.stale = stale
        self.marked: dict[str, FigureView] = {}

    def globals(self) -> dict[str, object]:
        """The helpers exposed to templates."""
        return {
            "value": self.value, "fig": self.fig, "cite": self.cite, "when": self.when,
            "label": self.label, "date": date_text, "trend": self.trend, "pair": self.pair,
            "shares": self.shares, "period": period_label, "md_list": self.md_list,
            "stale_marked": self.stale_marked, "event_day": event_day,
        }

    def value(self, view: FigureView) -> Md:
        """The figure's value, formatted, without a footnote; a dagger marks a stale one."""
        text = md_escape(format_value(view.value, view.unit, view.approx))
        if view.id in self.stale:
            self.marked.setdefault(view.id, view)
            text += STALE_MARK
        return Md(text)

    def stale_marked(self) -> list[FigureView]:
        """The stale figures printed so far (each marked with a dagger where printed)."""
        return list(self.marked.values())

    def cite(self, *items: object, derived: Iterable[Derived] = ()) -> Md:
        """One footnote reference carrying the citations of every item; its quotes must show
        each figure's value and each name, role, round and date printed for an item."""
        support = [s for item in items for s in supports_of(item)]
        citations = citations_of(items)
        for item in items:
            if isinstance(item, EventView):
                citations += self._participant_citations(item)
        return self.notes.ref(citations, derived, support)

    def _participant_citations(self, event: EventView) -> list[Citation]:
        """For each participant the event's own sentences do not name, the sentence of the same
        article naming them (the delegations are often listed in the next sentence)."""
        from briefgen.documents.quotes import support_spans

        found: list[Citation] = []
        sources = {c.source for c in event.citations}
        for name in event.participants:
            support = Support("name", _name_words(name))
            if any(span for c in event.citations for span in support_spans(c.quote, (support,))):
                continue
            key = _key(name)
            cited = [
                c for p in self.people if key in {_key(n) for n in (p.name, *p.aliases)}
                for c in p.citations if c.source in sources and any(support_spans(c.quote, (support,)))
            ]
            found.extend(cited[:1])
        return found

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
            change = supported_round(100.0 * (view.value - previous.value) / previous.value,
                                     significant_digits(view), significant_digits(previous))
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


def significant_digits(view: FigureView) -> int:
    """How many significant digits the figure is stated with ("$1.6 billion": 2)."""
    digits = re.sub(r"\D", "", format_value(view.value, view.unit).split(" ")[0]).lstrip("0")
    return max(1, len(digits.rstrip("0")) if "." not in format_value(view.value, view.unit) else len(digits))


def supported_round(value: float, *digits: int) -> float:
    """``value`` rounded to what its inputs support: no more significant digits than the least
    precise input (1.6 and 2.7 billion give a 69% rise, not 68.8%), and one decimal at most."""
    import math

    if value == 0:
        return 0.0
    keep = min(digits) - int(math.floor(math.log10(abs(value)))) - 1
    return round(value, max(min(keep, 1), -2))


def _within_a_year(period: str | None) -> bool:
    if not period:
        return False
    start, end = period_bounds(period)
    return (end - start).days < 366
