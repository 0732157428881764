"""Footnote registry: one numbered note per distinct set of (source, quote) citations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from briefgen.core.calendar import MONTH_NAMES
from briefgen.documents.escape import Md, md_escape, md_url
from briefgen.errors import RenderError
from briefgen.model import Citation


def long_date(day: dt.date | None) -> str:
    """``19 March 2025``; ``undated`` when unknown."""
    if day is None:
        return "undated"
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


@dataclass(frozen=True, slots=True)
class Derived:
    """A value briefgen computed from cited figures (a share, a change), with how."""

    value: float
    unit: str
    text: str


@dataclass(frozen=True, slots=True)
class Note:
    """One footnote: its number, the citations it carries and any computed values."""

    number: int
    citations: tuple[Citation, ...]
    derived: tuple[Derived, ...] = ()
    # Notes backing no figure (an event, a role) show a shortened quote.
    brief: bool = False

    def markdown(self) -> Md:
        """The note text: outlet, title, date and quote of each citation (escaped)."""
        parts = [_citation_text(citation, QUOTE_LIMIT if self.brief else None) for citation in self.citations]
        text = "; ".join(parts)
        if self.derived:
            how = " ".join(md_escape(d.text) for d in self.derived)
            text = f"{how} Based on: {text}"
        return Md(text)


TITLE_LIMIT = 60
QUOTE_LIMIT = 110


def short_title(title: str, limit: int = TITLE_LIMIT) -> str:
    """``title`` cut at a word boundary to about ``limit`` characters (notes must stay short)."""
    title = " ".join(title.split()).rstrip("…").rstrip()
    if len(title) <= limit:
        return title
    cut = title[:limit].rsplit(" ", 1)[0].rstrip(",;:-–— ")
    return cut + "…"


def _citation_text(citation: Citation, quote_limit: int | None = None) -> str:
    head = []
    if citation.outlet:
        head.append(md_escape(citation.outlet))
    head.append(f"“{md_escape(short_title(citation.title))}”" if citation.title else "untitled")
    head.append(long_date(citation.date))
    text = ", ".join(head)
    if citation.url:
        text += f" ({md_url(citation.url)})"
    if citation.quote:
        quote = short_title(citation.quote, quote_limit) if quote_limit else citation.quote
        text += f": “{md_escape(quote)}”"
    return text


def _citation_key(citation: Citation) -> tuple:
    return (citation.source or citation.url or citation.title, citation.quote)


def _sort_key(citation: Citation) -> tuple:
    return (citation.date or dt.date.min, citation.outlet or "", citation.title, citation.quote)


class NoteRegistry:
    """Hands out footnote numbers in order of first use, reusing numbers for repeats."""

    def __init__(self) -> None:
        self._numbers: dict[tuple, int] = {}
        self._notes: list[Note] = []

    def cite(self, citations: Iterable[Citation], derived: Iterable[Derived] = (), *, brief: bool = False) -> int:
        """The number of the note carrying ``citations`` (and ``derived`` values); ``brief`` notes
        back no figure and show a shortened quote."""
        unique: dict[tuple, Citation] = {}
        for citation in citations:
            unique.setdefault(_citation_key(citation), citation)
        if not unique:
            raise RenderError("a figure has no citation to footnote")
        ordered = tuple(sorted(unique.values(), key=_sort_key))
        derived = tuple(derived)
        key = (tuple(_citation_key(c) for c in ordered), tuple((d.value, d.unit, d.text) for d in derived), brief)
        number = self._numbers.get(key)
        if number is None:
            number = len(self._notes) + 1
            self._numbers[key] = number
            self._notes.append(Note(number, ordered, derived, brief))
        return number

    def ref(self, citations: Iterable[Citation], derived: Iterable[Derived] = (), *, brief: bool = False) -> Md:
        """A Markdown footnote reference ``[^n]`` for ``citations``."""
        return Md(f"[^{self.cite(citations, derived, brief=brief)}]")

    @property
    def notes(self) -> tuple[Note, ...]:
        """Every note in number order."""
        return tuple(self._notes)

    def markdown(self) -> Md:
        """The footnote definitions block, one ``[^n]: text`` line per note."""
        return Md("\n".join(f"[^{note.number}]: {note.markdown()}" for note in self._notes))
