"""Reporting periods in text ("the first three quarters of 2018") as ISO 8601 strings.

Their arithmetic (bounds, labels, the previous period) is in ``briefgen.core.periods``."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from briefgen.core.calendar import MONTH_NUMBERS, MONTH_PATTERN, NUMBER_WORDS, ORDINAL_WORDS

_MONTHS = MONTH_NUMBERS
_COUNTS = {**NUMBER_WORDS, **ORDINAL_WORDS}

_MONTH = MONTH_PATTERN
_YEAR = r"(?:19|20)\d{2}"
_REL = r"(?:this|the\s+current|current|last|the\s+last|the\s+previous|previous|past|the\s+past|next|the\s+next|the\s+coming|coming)\s+year"
# "of 2018", "in this year", " 2018", "2023's", "of pre-pandemic 2019" are all the year a sub-year
# period belongs to.
_OF_YEAR = rf"(?:,?\s*(?:of|in|for)?\s*(?:the\s+)?(?:pre-[a-z]+\s+)?(?P<y>{_YEAR})|\s*(?:of|in)?\s*(?P<rel>{_REL}))?"
_N = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|\d{1,2})"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "span",
        re.compile(
            rf"\b(?:from|between|since)\s+(?P<y1>{_YEAR})\s+(?:to|and|till|until|through)\s+"
            rf"(?:(?:the\s+)?(?:Q(?P<q>[1-4])|(?P<h>H[12])|(?P<m>{_MONTH}))\s*(?:of\s+)?)?(?P<y2>{_YEAR})\b"
            rf"|\b(?P<y3>{_YEAR})\s?[-–—]\s?(?P<y4>{_YEAR})\b",
            re.IGNORECASE,
        ),
    ),
    (
        "since",
        re.compile(rf"\bsince\s+(?P<y1>{_YEAR})\b(?!\s?[-–—])", re.IGNORECASE),
    ),
    (
        "same",
        re.compile(
            r"\b(?:the\s+)?(?:same|corresponding|like)\s+period\s+(?:of\s+|in\s+)?(?:(?:the\s+)?(?:last|previous|prior|past)\s+year|a\s+year\s+(?:earlier|ago|before)|(?P<y>(?:19|20)\d{2}))"
            r"|\byear[-\s]on[-\s]year\b|\by-o-y\b|\byoy\b|\b(?:a|one)\s+year\s+(?:earlier|ago|before)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "quarters",
        re.compile(
            r"\b(?:the\s+)?(?P<first>first\s+)?(?P<n>two|three|2|3)\s+quarters" + _OF_YEAR,
            re.IGNORECASE,
        ),
    ),
    (
        "quarter",
        re.compile(
            r"\b(?:the\s+)?(?P<n>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter" + _OF_YEAR
            + rf"|\b(?:Q(?P<q>[1-4])|(?P<q2>[1-4])Q)(?:\s*(?:of\s+)?|['’]?)(?P<y2>{_YEAR}|\d{{2}}\b)?",
            re.IGNORECASE,
        ),
    ),
    (
        "half",
        re.compile(
            r"\b(?:the\s+)?(?P<n>first|second)\s+half" + _OF_YEAR
            + rf"|\b(?:(?P<h>H[12])|(?P<h2>[12])H)(?:\s*(?:of\s+)?)(?P<y2>{_YEAR})?\b",
            re.IGNORECASE,
        ),
    ),
    (
        "months",
        re.compile(
            rf"\b(?:the\s+)?(?P<first>(?:first|past|last)\s+)?(?P<n>{_N})\s+months" + _OF_YEAR
            + rf"|\b(?P<n2>\d{{1,2}})M\s?(?P<y2>{_YEAR})\b",
            re.IGNORECASE,
        ),
    ),
    (
        "month_range",
        re.compile(
            rf"\b(?:from\s+)?(?P<m1>{_MONTH})\s*(?:[-–—]|to|through|till|until)\s*(?P<m2>{_MONTH})" + _OF_YEAR,
            re.IGNORECASE,
        ),
    ),
    (
        "date",
        re.compile(
            rf"\b(?P<d>\d{{1,2}})\s+(?P<m>{_MONTH}),?\s+(?P<y>{_YEAR})\b"
            rf"|\b(?P<m2>{_MONTH})\s+(?P<d2>\d{{1,2}}),?\s+(?P<y2>{_YEAR})\b",
            re.IGNORECASE,
        ),
    ),
    (
        "month",
        re.compile(rf"\b(?P<m>{_MONTH})(?:\s+of)?,?\s+(?P<y>{_YEAR})\b", re.IGNORECASE),
    ),
    ("year", re.compile(rf"(?<![\w/.-])(?P<y>{_YEAR})(?![\w%]|[.,]\d|\s?(?:-|–|—)\s?\d)", re.IGNORECASE)),
    ("rel", re.compile(rf"\b(?P<rel>{_REL})\b(?!\s*(?:'s|’s)?\s*same)", re.IGNORECASE)),
]
# The period right after these words is the comparison base of a change, not the figure's own.
# A few words may stand between ("than in the first nine months of pre-pandemic 2019"), never a number.
_BASE_BEFORE = re.compile(
    r"(?:compared\s+(?:to|with)|as\s+against|against|than(?:\s+(?:in|for|during))?|versus|vs\.?|"
    r"relative\s+to|from\s+the\s+level\s+of|(?:%|percent|per\s+cent|times)\s+from)"
    r"\s+(?:that\s+(?:of|in)\s+)?(?:the\s+)?(?:[^\d,;.()$€]{0,40}\s)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class PeriodMention:
    """A period written in a text: its ISO value, span and whether it is a comparison base."""

    period: str | None
    start: int
    end: int
    base: bool = False
    # "the same period last year": the base is the figure's own period one year earlier.
    same_period: bool = False


def _year_of(match: re.Match[str], today: dt.date | None, months: tuple[int, int] | None = None) -> int | None:
    groups = match.groupdict()
    year = groups.get("y") or groups.get("y2")
    if year:
        value = int(year)
        return value + 2000 if value < 100 else value
    rel = groups.get("rel")
    if today is None:
        return None
    if rel:
        if re.match(r"(?:the\s+)?(?:next|coming)", rel, re.I):
            return today.year + 1
        return today.year - (0 if re.match(r"(?:this|the\s+current|current)", rel, re.I) else 1)
    # No year: the latest such period that has ended by the article date.
    if months and months[1] > today.month:
        return today.year - 1
    return today.year


def _months(y: int, m1: int, m2: int) -> str:
    if m1 == 1 and m2 == 12:
        return str(y)
    if m1 == m2:
        return f"{y}-{m1:02d}"
    return f"{y}-{m1:02d}/{y}-{m2:02d}"


def _count(word: str) -> int:
    word = word.lower()
    return int(re.sub(r"\D", "", word)) if word[0].isdigit() else _COUNTS[word]


def _resolve(kind: str, match: re.Match[str], today: dt.date | None) -> str | None:
    g = match.groupdict()
    if kind == "span":
        if g.get("y3"):
            return f"{g['y3']}/{g['y4']}"
        end = g["y2"]
        if g.get("q"):
            end = f"{end}-{int(g['q']) * 3:02d}"
        elif g.get("h"):
            end = f"{end}-{6 if g['h'].upper() == 'H1' else 12:02d}"
        elif g.get("m"):
            end = f"{end}-{_MONTHS[g['m'].lower().rstrip('.')]:02d}"
        return f"{g['y1']}/{end}"
    if kind == "since":
        return f"{g['y1']}/{today.year}" if today else None
    if kind in ("quarters", "months") and not (g.get("first") or g.get("y") or g.get("y2") or g.get("rel")):
        return None  # "three months" alone is a duration, not a period
    if kind == "quarters":
        n = _count(g["n"])
        y = _year_of(match, today, (1, 3 * n))
        return _months(y, 1, 3 * n) if y else None
    if kind == "quarter":
        q = _count(g["n"]) if g.get("n") else int(g.get("q") or g.get("q2"))
        y = _year_of(match, today, (3 * q - 2, 3 * q))
        return _months(y, 3 * q - 2, 3 * q) if y else None
    if kind == "half":
        half = (1 if g["n"].lower() == "first" else 2) if g.get("n") else int((g.get("h") or "H" + g["h2"])[1])
        y = _year_of(match, today, (6 * half - 5, 6 * half))
        return _months(y, 6 * half - 5, 6 * half) if y else None
    if kind == "months":
        n = _count(g.get("n") or g["n2"])
        if not 1 <= n <= 12:
            return None
        y = _year_of(match, today, (1, n))
        return _months(y, 1, n) if y else None
    if kind == "month_range":
        m1, m2 = (_MONTHS[g[k].lower().rstrip(".")] for k in ("m1", "m2"))
        if m2 < m1:
            return None
        y = _year_of(match, today, (m1, m2))
        return _months(y, m1, m2) if y else None
    if kind == "date":
        d, m, y = (g["d"], g["m"], g["y"]) if g.get("d") else (g["d2"], g["m2"], g["y2"])
        month = _MONTHS[m.lower().rstrip(".")]
        if not 1 <= int(d) <= calendar.monthrange(int(y), month)[1]:
            return None
        return f"{y}-{month:02d}-{int(d):02d}"
    if kind == "month":
        return f"{g['y']}-{_MONTHS[g['m'].lower().rstrip('.')]:02d}"
    if kind == "year":
        return g["y"]
    if kind == "rel":
        y = _year_of(match, today)
        return str(y) if y else None
    return None


@lru_cache(maxsize=1)
def _scanners():
    """``_PATTERNS`` as faster equivalents (see fastre.fast_scan) and an index of which may match
    a text (built on first use: the fact base imports this module too, for period arithmetic)."""
    from briefgen.extract.fastre import StemIndex, fast_scan, literal_stems

    patterns = [(kind, fast_scan(pattern)) for kind, pattern in _PATTERNS]
    # Keyed by kind: hashing a compiled pattern hashes all its code, every time.
    return patterns, StemIndex({kind: literal_stems(pattern.pattern, pattern.flags) for kind, pattern in patterns})


def load_scanners() -> None:
    """Build the faster patterns now rather than on first use: extraction does, so that their
    stem index joins the shared stem scan before that scan is first built."""
    _scanners()


def find_periods(text: str, today: dt.date | None = None) -> list[PeriodMention]:
    """Every period written in ``text``; ``today`` (the article date) resolves "this year"."""
    # One scan for the letters each pattern needs (see fastre.literal_stems) skips most of them.
    patterns, index = _scanners()
    possible = index.possible(text)
    taken: list[tuple[int, int]] = []
    found: list[PeriodMention] = []
    for kind, pattern in patterns:
        if possible is not None and kind not in possible:
            continue
        for match in pattern.finditer(text):
            start, end = match.span()
            if start == end or any(s < end and start < e for s, e in taken):
                continue
            if kind == "same":
                found.append(PeriodMention(None, start, end, base=True, same_period=True))
                taken.append((start, end))
                continue
            period = _resolve(kind, match, today)
            if period is None:
                continue
            base = bool(_BASE_BEFORE.search(text[max(0, start - 70) : start])) and kind != "span"
            taken.append((start, end))
            found.append(PeriodMention(period, start, end, base=base))
    return sorted(found, key=lambda p: p.start)


def find_period(text: str, today: dt.date | None = None) -> str | None:
    """The first period in ``text`` that is not a comparison base, or None."""
    for mention in find_periods(text, today):
        if mention.period and not mention.base:
            return mention.period
    return None
