"""The period a figure without one of its own is about: its paragraph's, the article's reporting
period, the period "the same period of 2022" names, a headline's made precise by the body.

The context rules of figures.py, kept apart so that each module stays small.
"""

from __future__ import annotations

import dataclasses
import re

from briefgen.extract.periods import find_periods
from briefgen.extract.sentences import Sentence
from briefgen.model import Figure, Source

_HEADER = re.compile(r"\s*date\s+\d{4}-\d{2}-\d{2}[^\n]*")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class Frame:
    """The period an article reports on: the first one-year-or-shorter period its text states
    ("from January through April 2023"), read once and only when a figure needs it."""

    def __init__(self, sentences: list[Sentence], source: Source):
        self._sentences, self._source, self._period, self._read = sentences, source, None, False

    @property
    def period(self) -> str | None:
        if not self._read:
            self._read = True
            for sentence in self._sentences:
                period = stated_period(sentence.text, self._source)
                if period and _within_one_year(period):
                    self._period = period
                    break
        return self._period


def _within_one_year(period: str) -> bool:
    left, _, right = period.partition("/")
    return left[:4] == (right or left)[:4]


def _in_year(period: str | None, year: str) -> str:
    """``period``'s months in ``year`` ("2023-01/2023-04", "2022" -> "2022-01/2022-04"); the year alone
    when ``period`` is unknown or spans years."""
    if not period or not _within_one_year(period) or len(period) == 4:
        return year
    left, sep, right = period.partition("/")
    return f"{year}{left[4:]}" + (f"{sep}{year}{right[4:]}" if sep else "")


def headline_periods(text: str, figures: list[Figure]) -> list[Figure]:
    """A headline figure repeated in the body takes the body's more precise period ("grows nine percent
    in 2021" above "nine percent over the first nine months of 2021")."""
    header = _HEADER.match(text)
    if not header:
        return figures
    body = [f for f in figures if f.start >= header.end()]
    out = []
    for figure in figures:
        if figure.start < header.end():
            same = next((b for b in body if (b.metric, b.unit, b.value) == (figure.metric, figure.unit, figure.value)
                         and b.period and b.period != figure.period
                         and (figure.period is None or b.period.startswith(figure.period))), None)
            if same is not None:
                figure = dataclasses.replace(figure, period=same.period)
        out.append(figure)
    return out


# "($1.4 billion over the same period of 2022)", "in the reporting period of 2023": the article's
# reporting period (its months) in the year named.
_REPORTING = re.compile(
    r"\b(?:the\s+)?(?:same|corresponding|like|reporting)\s+period\s+(?:of|in|for)\s+(?:the\s+year\s+)?(?P<y>(?:19|20)\d{2})\b",
    re.IGNORECASE,
)
_REPORTING_GAP = re.compile(r"\s*(?:million|billion|mln|bln|bn|dollars?|euros?|percent|per\s+cent|%)?\s*,?\s*(?:over|in|for|during)\s+$", re.I)


def reporting_period(s: str, q_start: int, q_end: int, history: tuple[list[str], int], source: Source) -> str | None:
    """The period of a figure at [q_start, q_end) written right before "over the same period of 2022",
    or in a clause opening "in the reporting period of 2023"; ``history`` holds the sentences before."""
    for match in _REPORTING.finditer(s):
        after = match.start() >= q_end and _REPORTING_GAP.fullmatch(s, q_end, match.start())
        opening = match.end() <= q_start and not re.search(r";|\.(?!\d)", s[match.end() : q_start]) and re.match(
            r"\s*(?:[A-Z][\w ]*,\s*)?(?:in|during|over|for)\s+$", s[: match.start()])
        if after or opening:
            sentences, count = history
            shape = stated_period(s[: match.start()], source) or paragraph_period(sentences[:count], source)
            return _in_year(shape, match.group("y"))
    return None


def paragraph_period(sentences: list[str], source: Source) -> str | None:
    """The period the paragraph's latest sentence stating one is about (read only when needed)."""
    for s in reversed(sentences):
        period = stated_period(s, source)
        if period:
            return period
    return None


def stated_period(s: str, source: Source) -> str | None:
    """The period a sentence is about (its last one that is not a comparison base or a day)."""
    # The year of "the reporting period of 2023" names the period's year, not the period.
    relative = [m.span() for m in _REPORTING.finditer(s)] if "period" in s else []
    own = [
        p.period for p in find_periods(s, source.date)
        if p.period and not p.base and not _DAY.fullmatch(p.period) and not _future(p.period, source)
        and not any(a <= p.start < b for a, b in relative)
    ]
    return own[-1] if own else None


def _future(period: str, source: Source) -> bool:
    """A period starting after the article's date: a deadline or a forecast, not what is reported."""
    return source.date is not None and period[:4].isdigit() and int(period[:4]) > source.date.year
