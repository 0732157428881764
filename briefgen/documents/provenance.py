"""Provenance lint: every figure printed in a document sits next to a footnote quoting it."""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

from briefgen.documents.footnotes import Note
from briefgen.errors import RenderError

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
]
_SCALE = {"billion": 1e9, "bn": 1e9, "million": 1e6, "mn": 1e6, "mln": 1e6, "thousand": 1e3}
_NUMBER = re.compile(
    r"(?P<cur>(?:US)?[$€]\s?)?(?P<num>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)"
    r"(?:(?P<pct>\s?%)|(?P<ord>st|nd|rd|th)\b|\s?(?P<scale>billion|bn|million|mln|mn|thousand)\b)?",
    re.IGNORECASE,
)
# Ordinals that count rounds, sessions or anniversaries are not figures.
_ORDINAL_COUNTS = re.compile(
    r"^\s*(?:round|session|meeting|sitting|anniv|edition|century|congress|summit|forum|"
    r"visit|term|convocation|consultation|plenary)",
    re.IGNORECASE,
)
_REF = re.compile(r"\[\^(\d+)\]")
_DEFINITION = re.compile(r"^\[\^\d+\]:")
_SENTENCE_END = re.compile(r"(?<=[.!?])((?:\[\^\d+\])*)\s+(?=[A-Z“\"(])")
_UNESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")
OFF = "<!-- provenance: off -->"
ON = "<!-- provenance: on -->"
_INLINE_OFF = re.compile(re.escape(OFF) + ".*?" + re.escape(ON))


@dataclass(frozen=True, slots=True)
class Mention:
    """A number printed in a document: its text, value and rounding tolerance."""

    text: str
    value: float
    tolerance: float


def _plain(text: str) -> str:
    return html.unescape(_UNESCAPE.sub(r"\1", text))


def find_mentions(text: str, *, quote: bool = False) -> list[Mention]:
    """Numbers in ``text`` that count as figures (dates, years and round ordinals excluded)."""
    text = _plain(text)
    for pattern in _NOT_FIGURES:
        text = pattern.sub(lambda m: " " * len(m.group(0)), text)
    mentions = []
    for match in _NUMBER.finditer(text):
        raw = match.group("num")
        digits = raw.replace(",", "")
        try:
            value = float(digits)
        except ValueError:
            continue
        scale = _SCALE.get((match.group("scale") or "").lower(), 1.0)
        decimals = len(digits.split(".")[1]) if "." in digits else 0
        plain_int = not (match.group("cur") or match.group("pct") or match.group("ord") or match.group("scale"))
        if not quote:
            if plain_int and "," not in raw and "." not in raw and 1900 <= value <= 2100:
                continue  # a year
            if match.group("ord") and _ORDINAL_COUNTS.match(text[match.end():]):
                continue
        tolerance = 0.5 * 10 ** (-decimals) * scale
        mentions.append(Mention(match.group(0).strip(), value * scale, tolerance))
    return mentions


@functools.lru_cache(maxsize=65536)
def _quote_values(quote: str) -> tuple[float, ...]:
    # Cached: one quote backs several figures and is checked again by every document.
    values = [m.value for m in find_mentions(quote, quote=True)]
    from briefgen.extract.readback import (
        find_values,  # compiles the extraction patterns: only when linting
    )
    try:
        values.extend(value for value, _family in find_values(quote))
    except Exception:  # noqa: BLE001 - the extractor's own parser is a bonus, not a requirement
        pass
    return tuple(values)


def _units(line: str) -> list[tuple[str, list[int]]]:
    """Sentences of a paragraph line, or cells of a table row, each with its footnote numbers.

    A table cell without a footnote of its own (the value column of a fact box)
    is covered by the footnotes of its row.
    """
    stripped = line.strip()
    if stripped.startswith("|"):
        row_refs = [int(n) for n in _REF.findall(stripped)]
        cells = re.split(r"(?<!\\)\|", stripped.strip("|"))
        out = []
        for cell in cells:
            refs = [int(n) for n in _REF.findall(cell)]
            out.append((cell, refs or row_refs))
        return out
    marked = _SENTENCE_END.sub(lambda m: m.group(1) + "\n", stripped)
    return [(unit, [int(n) for n in _REF.findall(unit)]) for unit in marked.split("\n")]


def lint_markdown(markdown: str, notes: Iterable[Note], *, name: str, settings: dict[str, str] | None = None) -> None:
    """Raise RenderError naming the line and figure of the first unsupported figure.

    ``settings`` (name -> text as printed, e.g. the desk "Desk 3") are the workspace's own
    wording, not figures: their digits are not checked."""
    wording = sorted({v for v in (settings or {}).values() if v and any(c.isdigit() for c in v)}, key=len, reverse=True)
    by_number = {note.number: note for note in notes}
    values: dict[int, list[float]] = {}
    for number, note in by_number.items():
        found: list[float] = []
        for citation in note.citations:
            found.extend(_quote_values(citation.quote))
        found.extend(d.value for d in note.derived)
        values[number] = found
    active = True
    for line_no, line in enumerate(markdown.splitlines(), start=1):
        stripped = line.strip()
        if stripped == OFF:
            active = False
        elif stripped == ON:
            active = True
        if not active or not stripped or _DEFINITION.match(stripped) or stripped.startswith("!["):
            continue
        if stripped.startswith("# "):
            continue  # the document title is the desk's wording (a meeting "on the G7 agenda")
        # Text the desk wrote inside a line (a role from the meeting spec) is marked inline.
        stripped = _INLINE_OFF.sub(" ", stripped)
        for text in wording:
            stripped = stripped.replace(text, " ")
        if re.fullmatch(r"\|?[\s:|-]+\|?", stripped):
            continue  # table separator row
        if stripped.startswith("#"):
            stripped = re.sub(r"^#+\s*(?:\d+(?:\.\d+)*\.?\s+)?", "", stripped)  # section numbers
        for unit, refs in _units(stripped):
            text = _REF.sub(" ", unit)
            for mention in find_mentions(text):
                supported = [
                    v
                    for n in refs
                    for v in values.get(n, ())
                    if abs(v - mention.value) <= mention.tolerance + 1e-9 * abs(v)
                ]
                if supported:
                    continue
                if not refs:
                    why = "has no footnote"
                elif any(n not in by_number for n in refs):
                    why = "cites a footnote that does not exist"
                else:
                    why = f"is not in the quote of footnote {', '.join(str(n) for n in refs)}"
                raise RenderError(f"figure “{mention.text}” {why}", file=name, line=line_no)


def quote_supports(value: float, quotes: Iterable[str], *, relative: float = 0.005) -> bool:
    """True when one of ``quotes`` states ``value`` (allowing the rounding a reporter applies)."""
    for quote in quotes:
        for found in _quote_values(quote):
            if abs(found - value) <= max(relative * abs(value), 1e-9):
                return True
    return False
