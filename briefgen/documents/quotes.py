"""Quotes as notes print them: the sentence, or a window around the words and numbers the note
supports (a name, a role, a date, a figure's value)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
# Things that look numeric but are not figures: dates, periods, times.
_NOT_FIGURES = [
    re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),
    re.compile(rf"\b\d{{1,2}}\s+{_MONTH}(?:\s+\d{{4}})?\b"),
    re.compile(rf"\b{_MONTH}(?:\s*[–-]\s*{_MONTH})?\s+\d{{4}}\b"),
    re.compile(r"\b[QH][1-4](?:\s*[–-]\s*[QH][1-4])?\s+\d{4}\b"),
    re.compile(r"\b\d{4}\s*[–-]\s*(?:Q[1-4]\s+)?\d{2,4}\b"),
    re.compile(r"\b\d{1,2}:\d{2}\b"),
    # The staleness caveat's own limit ("more than 18 months before 10 December 2026").
    re.compile(r"\bmore than \d+ months before\b"),
]
_SCALE = {"billion": 1e9, "bn": 1e9, "million": 1e6, "mn": 1e6, "mln": 1e6, "thousand": 1e3}
_NUMBER = re.compile(
    r"(?P<cur>(?:US)?[$€]\s?)?(?P<num>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)"
    r"(?:(?P<pct>\s?%)|(?P<ord>st|nd|rd|th)\b|\s?(?P<scale>billion|bn|million|mln|mn|thousand)\b)?",
    re.IGNORECASE,
)
@dataclass(frozen=True, slots=True)
class Support:
    """What a note is cited for, which its quote must show: one of ``words`` (a name, a role,
    a year), or the number ``value``."""

    label: str
    words: tuple[str, ...] = ()
    value: float | None = None
    pattern: str | None = None  # a regular expression instead of words (a cooperation area's vocabulary)


# A quote up to this long is printed whole; a longer one as a window around what it supports.
QUOTE_LIMIT = 130
WINDOW_CONTEXT = 50
AREA_LIMIT = 70
AREA_CONTEXT = 20


def fold(text: str) -> tuple[str, list[int]]:
    """``text`` casefolded without diacritics, and for each folded character its index in ``text``."""
    out: list[str] = []
    index: list[int] = []
    for i, char in enumerate(text):
        bare = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)).casefold()
        out.append(bare)
        index.extend([i] * len(bare))
    return "".join(out), index


def _word_span(quote: str, folded: str, index: list[int], words: tuple[str, ...]) -> tuple[int, int] | None:
    for word in words:
        needle = fold(word)[0].strip()
        if not needle:
            continue
        match = re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", folded)
        if match:
            return index[match.start()], index[match.end() - 1] + 1
    return None


def _value_span(quote: str, value: float) -> tuple[int, int] | None:
    plain = quote
    for pattern in _NOT_FIGURES:
        plain = pattern.sub(lambda m: " " * len(m.group(0)), plain)
    for match in _NUMBER.finditer(plain):
        digits = match.group("num").replace(",", "")
        scale = _SCALE.get((match.group("scale") or "").lower(), 1.0)
        decimals = len(digits.split(".")[1]) if "." in digits else 0
        try:
            found = float(digits) * scale
        except ValueError:
            continue
        if abs(found - value) <= 0.5 * 10 ** (-decimals) * scale + 0.005 * abs(value):
            return match.start(), match.end()
    return None


def support_spans(quote: str, support: Iterable[Support]) -> list[tuple[int, int] | None]:
    """Where in ``quote`` each supported word or number is (None where it is not)."""
    folded, index = fold(quote)
    spans: list[tuple[int, int] | None] = []
    for s in support:
        if s.value is not None:
            spans.append(_value_span(quote, s.value))
        elif s.pattern:
            match = re.search(s.pattern, quote, re.IGNORECASE)
            spans.append(match.span() if match else None)
        else:
            spans.append(_word_span(quote, folded, index, s.words))
    return spans


def quote_window(quote: str, support: Iterable[Support], limit: int = QUOTE_LIMIT) -> str:
    """The quote as a note prints it: whole when short; else the stretch holding every supported
    word and number with some context, cut at word boundaries and marked with ellipses."""
    quote = " ".join(quote.split())
    support = tuple(support)
    # A note backing only cooperation areas proves a word, not a claim: a short window will do.
    areas_only = bool(support) and all(s.pattern for s in support)
    context = AREA_CONTEXT if areas_only else WINDOW_CONTEXT
    if len(quote) <= (AREA_LIMIT if areas_only else limit):
        return quote
    located = support_spans(quote, support)
    spans = [span for span in located if span]
    if not spans or any(span is None and s.value is not None for s, span in zip(support, located, strict=True)):
        # A figure the window cannot locate ("leading partner" for rank 1): the whole sentence,
        # so that nothing the note proves is cut.
        return quote
    start = max(0, min(a for a, _ in spans) - context)
    end = min(len(quote), max(b for _, b in spans) + context)
    if start < 25:
        start = 0
    if len(quote) - end < 25:
        end = len(quote)
    while start > 0 and not quote[start - 1].isspace():
        start -= 1
    while end < len(quote) and not quote[end].isspace():
        end += 1
    text = quote[start:end].strip().rstrip(",;:-–—")
    return ("…" if start > 0 else "") + text + ("…" if end < len(quote) else "")


