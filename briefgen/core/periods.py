"""ISO 8601 periods ("2024", "2023-12", "2018-01/2018-09"): bounds, full years, labels, the
previous period, and the one staleness rule every check and document uses."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any

from briefgen.core.calendar import MONTH_ABBREVIATIONS as _SHORT

_POINT = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def _point(text: str) -> tuple[dt.date, dt.date, str]:
    match = _POINT.fullmatch(text.strip())
    if not match:
        raise ValueError(f"not an ISO 8601 period: {text!r}")
    y, m, d = match.groups()
    year = int(y)
    try:
        if d:
            day = dt.date(year, int(m), int(d))
            return day, day, "day"
        if m:
            first = dt.date(year, int(m), 1)
            return first, dt.date(year, int(m), calendar.monthrange(year, int(m))[1]), "month"
    except ValueError as exc:
        raise ValueError(f"not an ISO 8601 period: {text!r}") from exc
    return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"


def period_bounds(period: str) -> tuple[dt.date, dt.date]:
    """The first and last day of an ISO 8601 period ("2018-01/2018-09" -> 1 Jan, 30 Sep 2018)."""
    left, _, right = period.partition("/")
    first = _point(left)[0]
    last = _point(right)[1] if right else _point(left)[1]
    if last < first:
        raise ValueError(f"period ends before it starts: {period!r}")
    return first, last


def is_full_year(period: str) -> bool:
    """True when the period is exactly one calendar year."""
    first, last = period_bounds(period)
    return first.year == last.year and (first.month, first.day, last.month, last.day) == (1, 1, 12, 31)


def _month_name(day: dt.date) -> str:
    return _SHORT[day.month - 1]


def _end_label(text: str) -> str:
    first, last, grain = _point(text)
    if grain == "year" or last.month == 12 and grain == "month":
        return str(last.year)
    if grain == "month" and last.month % 3 == 0:
        return f"Q{last.month // 3} {last.year}"
    if grain == "month":
        return f"{_month_name(last)} {last.year}"
    return f"{last.day} {_month_name(last)} {last.year}"


def period_label(period: str) -> str:
    """A short human label: "2024", "Jan–Sep 2018", "Q1 2024", "H1 2024", "2005 – Q3 2023"."""
    first, last = period_bounds(period)
    left, _, right = period.partition("/")
    if not right:
        grain = _point(left)[2]
        if grain == "year":
            return left
        if grain == "month":
            return f"{_month_name(first)} {first.year}"
        return f"{first.day} {_month_name(first)} {first.year}"
    whole_months = first.day == 1 and last == _point(f"{last.year}-{last.month:02d}")[1]
    if first.year == last.year and whole_months:
        if (first.month, last.month) == (1, 12):
            return str(first.year)
        if first.month == last.month:
            return f"{_month_name(first)} {first.year}"
        if last.month - first.month == 2 and first.month % 3 == 1:
            return f"Q{last.month // 3} {first.year}"
        if (first.month, last.month) in ((1, 6), (7, 12)):
            return f"H{1 if first.month == 1 else 2} {first.year}"
        return f"{_month_name(first)}–{_month_name(last)} {first.year}"
    if _point(left)[2] == "year" and _point(right)[2] == "year":
        return f"{left}–{right}"
    start = left if _point(left)[2] == "year" else f"{_month_name(first)} {first.year}"
    if _point(left)[2] == "day":
        start = f"{first.day} {start}"
    return f"{start} – {_end_label(right)}"


def _shape(period: str) -> tuple:
    first, last = period_bounds(period)
    return (first.month, first.day, last.month, last.day, last.year - first.year)


def same_period_kind(a: str, b: str) -> bool:
    """True when two periods cover the same part of the year (both full years, both Jan–Sep, ...)."""
    try:
        return _shape(a) == _shape(b)
    except ValueError:
        return False


def _shift(point: str, years: int) -> str:
    y, rest = point[:4], point[4:]
    if rest.endswith("-02-29"):
        rest = "-02-28"
    return f"{int(y) + years:04d}{rest}"


def previous_period(period: str) -> str | None:
    """The same span one year earlier ("2018-01/2018-09" -> "2017-01/2017-09"); None if unparsable."""
    try:
        period_bounds(period)
    except ValueError:
        return None
    left, sep, right = period.partition("/")
    return _shift(left, -1) + (sep + _shift(right, -1) if sep else "")


def period_range(period: Any) -> tuple[dt.date, dt.date] | None:
    """First and last day of an ISO period, or None when it is not a valid period (never raises)."""
    if isinstance(period, int) and not isinstance(period, bool):
        period = str(period)
    if not isinstance(period, str) or not period.strip():
        return None
    try:
        return period_bounds(period.strip())
    except ValueError:
        return None


def period_end(period: str | None, fallback: dt.date | None) -> dt.date | None:
    """Last day of ``period``; a figure without a period stands as of its article's date."""
    bounds = period_range(period) if period else None
    return bounds[1] if bounds else fallback


def period_start(period: str | None, fallback: dt.date | None) -> dt.date | None:
    """First day of ``period`` (or ``fallback`` for a figure without a period)."""
    bounds = period_range(period) if period else None
    return bounds[0] if bounds else fallback


def full_year(period: str | None) -> bool:
    """True for a single full calendar year; False for anything else, including no or a bad period."""
    bounds = period_range(period) if period else None
    return bool(bounds) and is_full_year(period.strip())


# ---------------------------------------------------------------------------
# Staleness: one rule for `briefgen check` and every document.


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months earlier, clamped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    if year < dt.MINYEAR:
        return dt.date.min
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def is_stale(as_of: dt.date | None, on: dt.date, months: int) -> bool:
    """True when a figure last reported on ``as_of`` is older than ``months`` before ``on``.

    A figure with no date cannot be shown to be stale.
    """
    return as_of is not None and as_of < months_before(on, months)
