"""Sentence splitting that keeps exact character spans into the normalised text."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Tokens ending in a period that do not end a sentence.
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st no nos vs etc e.g i.e jan feb mar apr jun jul aug sep sept oct nov dec "
    "mln bln bn mn thous approx est inc ltd co corp jr sr gen col lt u.s u.k u.n e.u".split()
)
_BOUNDARY = re.compile(r"[.!?]+[\"»”’)]*(?=\s+|$)|\n\s*\n")


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence and where it sits in the text."""

    text: str
    start: int
    end: int


def _ends_sentence(text: str, dot: int, after: int) -> bool:
    """Decide whether the punctuation at ``dot`` ends a sentence."""
    if text[dot] != ".":
        return True
    word = re.search(r"(\S+)$", text[:dot])
    token = word.group(1).lower() if word else ""
    if token.rstrip(".") in _ABBREVIATIONS:
        return False
    # Initials such as "R." in "R. Vasilenko".
    if len(token) == 1 and token.isalpha():
        return False
    rest = text[after:].lstrip()
    # A lowercase continuation or a digit means the period was not final.
    return not (rest and (rest[0].islower() or rest[0].isdigit()))


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences whose spans index ``text`` exactly."""
    sentences: list[Sentence] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        if match.group().strip() and not _ends_sentence(text, match.start(), end):
            continue
        _append(text, start, end, sentences)
        start = end
    _append(text, start, len(text), sentences)
    return sentences


def _append(text: str, start: int, end: int, out: list[Sentence]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(text[start:end], start, end))
