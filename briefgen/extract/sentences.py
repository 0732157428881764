"""Sentence splitting that keeps exact character spans into the normalised text."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

# Tokens ending in a period that do not end a sentence.
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st no nos vs etc e.g i.e jan feb mar apr jun jul aug sep sept oct nov dec "
    "mln bln bn mn thous approx est inc ltd co corp jr sr gen col lt u.s u.k u.n e.u".split()
)
# Abbreviations that often end a sentence ("... $1.2 bn. Exports grew"): decided by what follows.
_UNIT_ABBREVIATIONS = frozenset("mln bln bn mn thous etc".split())
_BOUNDARY = re.compile(r"[.!?]+[\"»”’)]*(?=\s+|$)|\n\s*\n")
# The ingest header line " date YYYY-MM-DD Title": the date and the title line are their own sentences.
_HEADER = re.compile(r"\A\s*date\s+\d{4}-\d{2}-\d{2}\b")
# "ASTANA. KAZINFORM", "NUR-SULTAN. KAZINFORM": a dateline, not the end of a sentence.
_DATELINE_WORD = re.compile(r"[A-Z][A-Z\-’']+")
_NEXT_WORD = re.compile(r"\s*(\S+)")
_SPACES = re.compile(r"\s*")
# Real sentences are a few hundred characters; text without sentence ends (a megabyte on one
# line) is cut into pieces this long so that every per-sentence step stays cheap.
MAX_SENTENCE = 1000
# Longer than any abbreviation or dateline word: how far back the word before a period is read.
_WORD_WINDOW = 64


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence and where it sits in the text."""

    text: str
    start: int
    end: int


def _last_word(text: str, lo: int, hi: int) -> str | None:
    """The non-space run ending at ``hi`` (not before ``lo``), as ``(\\S+)\\Z`` finds it."""
    if hi <= lo or text[hi - 1].isspace():
        return None
    # str.split and the regex \s agree on what is whitespace.
    return text[lo:hi].rsplit(None, 1)[-1]


def _ends_sentence(text: str, dot: int, after: int, start: int) -> bool:
    """Decide whether the punctuation at ``dot`` ends a sentence that began at ``start``."""
    if text[dot] != ".":
        return True
    # Only a window before the period and the next word after it are read, never the rest of
    # the text: each boundary costs the same however long the article is.
    last = _last_word(text, max(start, dot - _WORD_WINDOW), dot)
    token = last.lower() if last else ""
    alone = last is not None and _SPACES.match(text, start, dot).end() == dot - len(last)
    if alone and _DATELINE_WORD.fullmatch(last):
        following = _NEXT_WORD.match(text, after)
        if following and _DATELINE_WORD.match(following.group(1)) and following.group(1).isupper():
            return False
    if token.rstrip(".") in _ABBREVIATIONS and token.rstrip(".") not in _UNIT_ABBREVIATIONS:
        return False
    # Initials such as "R." in "R. Vasilenko".
    if len(token) == 1 and token.isalpha():
        return False
    following = _NEXT_WORD.match(text, after)
    first = following.group(1)[0] if following else ""
    # A lowercase continuation or a digit means the period was not final.
    return not (first and (first.islower() or first.isdigit()))


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences whose spans index ``text`` exactly."""
    return list(_split_cached(text))


@functools.lru_cache(maxsize=4)
def _split_cached(text: str) -> tuple[Sentence, ...]:
    # Every extractor splits the same article; the text's hash is cached by the string itself.
    return tuple(_split(text))


def _split(text: str) -> list[Sentence]:
    sentences: list[Sentence] = []
    start = 0
    forced: list[int] = []
    header = _HEADER.match(text)
    if header:
        forced = [header.end(), text.find("\n") if "\n" in text else len(text)]
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        while forced and forced[0] <= match.start():
            if forced[0] > start:
                _append(text, start, forced[0], sentences)
                start = forced[0]
            forced.pop(0)
        if match.group().strip() and not _ends_sentence(text, match.start(), end, start):
            continue
        _append(text, start, end, sentences)
        start = end
    for cut in forced:
        if cut > start:
            _append(text, start, cut, sentences)
            start = cut
    _append(text, start, len(text), sentences)
    return sentences


def _append(text: str, start: int, end: int, out: list[Sentence]) -> None:
    start = _SPACES.match(text, start, end).end()
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE:
        # Cut an overlong run at the last space before the limit (mid-word if it has none).
        cut = text.rfind(" ", start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
        cut = cut if cut > start else start + MAX_SENTENCE
        _append(text, start, cut, out)
        start = _SPACES.match(text, cut, end).end()
    if end > start:
        out.append(Sentence(text[start:end], start, end))
