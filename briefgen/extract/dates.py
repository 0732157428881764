"""When an event happened: calendar dates, months, years and "today", as ISO 8601 strings."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from briefgen.core.calendar import MONTH_NUMBERS, MONTH_PATTERN
from briefgen.extract.fastre import fast_scan, has_stem, lowered, stem_finder

_MONTHS = MONTH_NUMBERS
_MONTH = MONTH_PATTERN
_YEAR = r"(?:1[89]|20)\d{2}"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_ISO = rf"(?P<iso>(?<![\d-]){_YEAR}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?![\d-]))"
# The expressions naming a month.
_NAMED_MONTHS = (
    rf"(?P<dmy>\b(?P<d1>{_DAY})\s+(?:of\s+)?(?P<m1>{_MONTH}),?\s+(?P<y1>{_YEAR})\b)"
    rf"|(?P<mdy>\b(?P<m2>{_MONTH})\s+(?P<d2>{_DAY}),?\s+(?P<y2>{_YEAR})\b)"
    rf"|(?P<my>\b(?P<m3>{_MONTH}),?\s+(?:of\s+)?(?P<y3>{_YEAR})\b)"
    rf"|(?P<dm>\b(?P<d4>{_DAY})\s+(?:of\s+)?(?P<m4>{_MONTH})(?![\w-]))"
    rf"|(?P<md>\b(?-i:(?P<m5>{_MONTH}))\s+(?P<d5>{_DAY})(?![\w.,]?\d))"
)
_OTHERS = (
    rf"(?P<range>(?<![\d.,])(?P<ya>{_YEAR})\s*[-–/]\s*(?P<yb>{_YEAR})(?![\d.,]\d))"
    rf"|(?P<year>(?<![\d.,$€£-])(?P<y>{_YEAR})(?![\d-]|[.,]\d|\s*(?:%|per\s?cent|billion|million|bln|mln|bn|thousand)))"
    r"|(?P<today>\b(?:today|tonight|this\s+morning|this\s+week|on\s+the\s+same\s+day|the\s+same\s+day|this\s+day)\b)"
    r"|(?P<yesterday>\byesterday\b)"
    r"|(?P<thisyear>\b(?:this|the\s+current)\s+year\b)"
    r"|(?P<lastyear>\blast\s+year\b)"
    r"|(?P<nextyear>(?<=\bnext\s)year\b)"
    r"|(?P<season>\b(?:this|last)\s+(?P<sea>spring|summer|autumn|fall)\b)"
    r"|(?P<bare_month>(?<=\bin\s)(?-i:(?P<bm>January|February|March|April|May|June|July|August|September|October|November|December))\b(?!\s*,?\s*\d))"
    # Capitalised only, and keyed on the day's name: letters every clause has would slow the scan.
    r"|(?P<weekday>\b(?-i:(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))\b)"
)
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11)}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DATES = re.compile(f"{_ISO}|{_NAMED_MONTHS}|{_OTHERS}", re.IGNORECASE)
# The same matches in a text holding no month's letters, found faster.
_DATES_WITHOUT_MONTHS = re.compile(f"{_ISO}|{_OTHERS}", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression and the ISO date, month, year or year range it denotes."""

    start: int
    end: int
    value: str
    relative: bool


def _day(year: str, month: str, day: str) -> str | None:
    digits = re.match(r"\d+", day)
    try:
        value = dt.date(int(year), _MONTHS[month.lower().rstrip(".")], int(digits.group()))
    except (ValueError, KeyError, AttributeError):
        return None
    return value.isoformat()


def _value(match: re.Match[str], today: dt.date | None) -> tuple[str | None, bool]:
    kind = match.lastgroup
    g = match.group
    if kind == "iso":
        try:
            return dt.date.fromisoformat(g("iso")).isoformat(), False
        except ValueError:
            return None, False
    if kind == "dmy":
        return _day(g("y1"), g("m1"), g("d1")), False
    if kind == "mdy":
        return _day(g("y2"), g("m2"), g("d2")), False
    if kind == "my":
        return f"{g('y3')}-{_MONTHS[g('m3').lower().rstrip('.')]:02d}", False
    if kind in ("dm", "md"):
        if today is None:
            return None, True
        month, day = (g("m4"), g("d4")) if kind == "dm" else (g("m5"), g("d5"))
        return _day(str(today.year), month, day), True
    if kind == "range":
        if int(g("yb")) <= int(g("ya")):
            return None, False
        return f"{g('ya')}/{g('yb')}", False
    if kind == "year":
        return g("y"), False
    if today is None:
        return None, True
    if kind == "today":
        return today.isoformat(), True
    if kind == "yesterday":
        return (today - dt.timedelta(days=1)).isoformat(), True
    if kind == "thisyear":
        return str(today.year), True
    if kind == "nextyear":
        return str(today.year + 1), True
    if kind == "season":
        first, last = _SEASONS[g("sea").lower()]
        year = today.year - (1 if g("season").lower().startswith("last") else 0)
        return f"{year}-{first:02d}/{year}-{last:02d}", True
    if kind == "bare_month":
        # "in January": the latest January up to the article's date.
        month = _MONTHS[g("bm").lower()]
        return f"{today.year - (1 if month > today.month else 0)}-{month:02d}", True
    if kind == "weekday":
        # News reports what happened: "on Wednesday" is the last such day up to the article's date.
        back = (today.weekday() - _WEEKDAYS.index(g("wd").lower())) % 7
        return (today - dt.timedelta(days=back)).isoformat(), True
    return str(today.year - 1), True


# The same matches, found faster (see fastre.fast_scan).
_DATES, _DATES_WITHOUT_MONTHS = fast_scan(_DATES), fast_scan(_DATES_WITHOUT_MONTHS)
# Letters every date expression holds ("20", "jan", "today", ...): most clauses have none.
_DATE_STEMS = stem_finder(_DATES.pattern, _DATES.flags)
_MONTH_STEMS = stem_finder(_NAMED_MONTHS, re.IGNORECASE)


def find_dates(text: str, start: int = 0, end: int | None = None, today: dt.date | None = None) -> list[DateMention]:
    """Every date expression in ``text[start:end]`` that resolves, in order."""
    stop = len(text) if end is None else end
    found: list[DateMention] = []
    low = lowered(text[start:stop])
    if not has_stem(low, _DATE_STEMS):
        return found
    dates = _DATES if has_stem(low, _MONTH_STEMS) else _DATES_WITHOUT_MONTHS
    for match in dates.finditer(text, start, stop):
        value, relative = _value(match, today)
        if value is not None:
            found.append(DateMention(match.start(), match.end(), value, relative))
    return found
