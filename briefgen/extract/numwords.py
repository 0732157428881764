"""Numbers and ordinals written in words ("twenty thousand", "a dozen", "third")."""

from __future__ import annotations

import re
from decimal import Decimal

from briefgen.core.calendar import NUMBER_WORDS, ORDINAL_WORDS
from briefgen.core.countries import longest_first_pattern

WORDS = NUMBER_WORDS
WORD_SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9, "dozen": 12}
# One number word, the longest first.
WORD = r"(?:" + "|".join(sorted([*WORDS, *WORD_SCALES], key=len, reverse=True)) + r")"
# The same words as a trie, longest first at each place as in WORD (where several words match at
# one place, each is a prefix of the next): the engine follows one branch instead of trying each.
_WORD_TRIE = "(?:" + longest_first_pattern([*WORDS, *WORD_SCALES]) + ")"
WORD_NUMBER = re.compile(
    rf"\b(?:an?\s+(?=(?:hundred|thousand|million|billion|dozen)\b))?{_WORD_TRIE}(?:(?:[\s-]+|\s+and\s+){_WORD_TRIE})*\b",
    re.IGNORECASE,
)
# Ordinals in words, as regex alternatives with the groups "numberword" and "word".
ORDINAL_IN_WORDS = r"\bnumber\s+(?P<numberword>one|two|three)\b|\b(?P<word>" + "|".join(ORDINAL_WORDS) + r")\b"

_SEPARATORS = re.compile(r"[\s-]+")


def parse_words(text: str) -> Decimal | None:
    """The value of a number in words ("two hundred and five" -> 205); None if a word is no number word."""
    total, current, seen = 0, 0, False
    for word in _SEPARATORS.split(text.lower()):
        if word in ("and", "a", "an", ""):
            continue
        if word in WORDS:
            current += WORDS[word]
        elif word == "dozen":
            current = (current or 1) * 12
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in WORD_SCALES:
            total += (current or 1) * WORD_SCALES[word]
            current = 0
        else:
            return None
        seen = True
    return Decimal(total + current) if seen else None
