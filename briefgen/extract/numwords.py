"""Numbers and ordinals written in words ("twenty thousand", "a dozen", "third")."""

from __future__ import annotations

import re
from decimal import Decimal

from briefgen.core.countries import longest_first_pattern

WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
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
ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20,
}  # fmt: skip
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
