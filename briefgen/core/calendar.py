"""Calendar and number words of English news text: one table each, shared by every reader and writer."""

from __future__ import annotations

MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")  # fmt: skip
# Short labels as documents print them ("Jan–Sep 2018"); "Sept" is also read.
MONTH_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# Every spelling of a month in lower case -> its number ("january", "jan", "sept" -> 9).
MONTH_NUMBERS: dict[str, int] = {
    **{name.lower(): number for number, name in enumerate(MONTH_NAMES, 1)},
    **{short.lower(): number for number, short in enumerate(MONTH_ABBREVIATIONS, 1)},
    "sept": 9,
}

# A month name or abbreviation in running text, with an optional full stop ("Sept.", "Dec").
MONTH_PATTERN = (
    "(?:" + "|".join(MONTH_NAMES)
    + "|" + "|".join("Sept?" if short == "Sep" else short for short in MONTH_ABBREVIATIONS if short != "May")
    + r")\.?"
)

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
TENS_WORDS = {word: value for word, value in NUMBER_WORDS.items() if value >= 20}

ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
}  # fmt: skip
