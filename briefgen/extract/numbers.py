"""Numbers, money, percentages, ranks and counts in running text, normalised to base units."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from briefgen.core.calendar import MONTH_PATTERN
from briefgen.core.countries import countries
from briefgen.extract.currency import (
    CODES,
    SUFFIX_CUR,
    LazyMentions,
    context_currency,
    currency_code,
)
from briefgen.extract.fastre import StemIndex, fast_scan, literal_stems
from briefgen.extract.multiples import MULTIPLE as _MULTIPLE
from briefgen.extract.multiples import multiple_growth
from briefgen.extract.numwords import (
    ORDINAL_IN_WORDS,
    ORDINAL_WORDS,
    WORD,
    WORD_NUMBER,
    WORDS,
    parse_words,
)

# Unit families returned besides the figure units of core.vocab.UNITS: "year" (a calendar year),
# "duration" ("three years"), "ordinal" (event ordinals such as "8th round") and other
# currency codes (KZT, HUF, ...), which callers may ignore.

_SCALES = {
    "trillion": 10**12, "tn": 10**12, "trln": 10**12,
    "billion": 10**9, "bn": 10**9, "bln": 10**9, "b": 10**9,
    "million": 10**6, "mln": 10**6, "mn": 10**6, "m": 10**6,
    "thousand": 10**3, "thous": 10**3, "thsd": 10**3, "k": 10**3,
}  # fmt: skip
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:[\u00a0\u202f\u2009]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
_PREFIX = rf"US\s?\$|U\.S\.\s?\$|{CODES}|[$€£₸₽]"
_SCALE = r"trillion|trln|tn|billion|bln|bn|million|mln|mn|thousand|thous\.?|thsd"
_PERCENT = r"%|per\s?cent\b|pct\b|percentage\s+points?\b|p\.p\.?"
_PHYSICAL = (
    r"(?P<tonnes>tonnes|tons|tonne|ton)\b"
    r"|(?P<barrels>barrels|barrel|bbl)\b"
    r"|(?P<cubic>cubic\s+met(?:re|er)s?|m3\b|m³|bcm\b)"
)
_AMOUNT = re.compile(
    rf"""
    (?:(?P<prefix>{_PREFIX})\s?|(?<![\w.,/\u2212-]))  # "USD513 thousand": a code may touch the number
    (?P<minus>[\u2212-](?=\d))?
    (?P<num>{_NUM})
    (?![\d])
    (?:(?P<glued>bn|mln|mn|m|b|k)(?![\w]))?
    (?:\s?(?P<scale>{_SCALE})(?![\w]))?
    (?:\s?(?P<percent>{_PERCENT})
      |\s?(?P<curword>{SUFFIX_CUR})(?![\w])
      |\s(?:of\s)?(?P<physical>{_PHYSICAL})
    )?
    """,
    re.VERBOSE | re.IGNORECASE,
)

_ORDINAL_DIGITS = (
    r"(?<![\w.])(?P<num>\d{1,3})(?:st|nd|rd|th)(?![\w])"
    r"|\b(?:No|Nr)\.?\s?(?P<no>\d{1,2})(?![\w/.-]|\.\d)"
)
_ORDINAL = re.compile(_ORDINAL_DIGITS + r"|" + ORDINAL_IN_WORDS, re.IGNORECASE)
# The same matches in a text where no ordinal word can match (the words' letters are missing).
_ORDINAL_WITHOUT_WORDS = re.compile(_ORDINAL_DIGITS, re.IGNORECASE)
# A text with no digit has no match of _NOISE, _AMOUNT or the digit ordinals.
_DIGIT = re.compile(r"\d")
# Word ordinals are ranks only next to ranking words ("second largest", "ranks third").
_RANK_AFTER_WORD = re.compile(r"(?:\s+|\s*-\s*)(?:largest|biggest|place|position|most\b|among\b)", re.I)
_RANK_BEFORE_WORD = re.compile(r"\b(?:rank(?:s|ed|ing)?|takes?|took|holds?|occup(?:y|ies|ied))\s+(?:the\s+)?$", re.I)
# Ordinals of events, not ranks.
_EVENT_ORDINAL_AFTER = re.compile(
    r"\s*(?:-\s*)?(?:anniv|round|meeting|session|sitting|edition|century|congress|summit|forum|"
    r"plenary|conference|convocation|visit|birthday|jubilee|time|stage|phase|day|floor|grade)",
    re.IGNORECASE,
)

_MONTH = MONTH_PATTERN
# Spans that contain digits but no quantity: dates, times, phone numbers, ISO dates.
_NOISE_MONTHS = rf"\b\d{{1,2}}\s+{_MONTH}(?:,?\s+\d{{4}})?\b|\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?"
_NOISE_DIGITS = (
    r"\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}:\d{2}\b"
    r"|\+\d[\d\s()\-]{6,}\d|(?:\b\d\s?)?\(\d{3,5}\)\s?\d[\d\s-]{4,}\d|\b\d{2,4}(?:-\d{2,4}){2,}\b"
    r"|\b\d{1,4}(?:[ -]\d{2,4}){3,}\b"
)
# Every match opens with a digit, "(", "+" or, at a word start, a month's first three letters:
# a look-ahead for these spares the engine trying every branch after each "a", "n", "o", "s".
_NOISE_OPENING = "|".join(sorted({name[:3] for name in re.findall(r"[A-Z][a-z]+", _MONTH)}))
_NOISE = re.compile(rf"(?=[\d(+]|\b(?:{_NOISE_OPENING}))(?:{_NOISE_MONTHS}|{_NOISE_DIGITS})", re.IGNORECASE)
# The same matches in a text without a month's letters, found four times faster: a scan for
# month names tries every letter of the text, one for the rest only digits, "+" and "(".
_NOISE_WITHOUT_MONTHS = re.compile(_NOISE_DIGITS, re.IGNORECASE)
_DURATION_AFTER = re.compile(
    r"(?:\s+|-)(?:(?:full|calendar|consecutive|more|long|straight)\s+)?"
    r"(?:years?|months?|weeks?|days?|decades?|hours?|minutes?|centuries|century)\b",
    re.IGNORECASE,
)

PEOPLE_NOUNS = frozenset(
    "people persons citizens nationals residents students pupils tourists visitors specialists "
    "experts workers migrants compatriots diaspora members teachers doctors participants "
    "delegates representatives volunteers graduates trainees scholars researchers employees "
    "staff families individuals".split()
)
COUNT_NOUNS = frozenset(
    "companies company enterprises enterprise firms businesses entities ventures organizations "
    "organisations organization projects agreements documents memoranda scholarships scholarship "
    "grants quotas places flights branches banks investors partners contracts plants factories "
    "universities schools offices subsidiaries joint".split()
)
_COUNTED = PEOPLE_NOUNS | COUNT_NOUNS
_NOUN_STOP = frozenset("of in with from to by for at on and or the a an was were is are".split())
_TOKEN = re.compile(r"[A-Za-z][\w'’-]*|[^\sA-Za-z]")


@dataclass(frozen=True, slots=True)
class Quantity:
    """One number found in a text: value in base units, unit family and its span."""

    value: float
    unit: str
    start: int
    end: int
    # The currency was not written next to the number but taken from elsewhere.
    inferred: bool = False
    # The counted noun after the number ("companies"), lowercased, for counts and people.
    noun: str | None = None
    # A growth written as a multiple ("doubled", "rose 1.5 times"), given in percent (+100, +50).
    multiple: bool = False


def clean_number(value: Decimal | float) -> float:
    """Round away float noise and return an int when the value is integral."""
    rounded = round(float(value), 6)
    return int(rounded) if rounded.is_integer() else rounded


_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")


def parse_number(text: str) -> Decimal | None:
    """Parse "2,920.5", "1,57", "22 000" or "twenty thousand" into a Decimal (None if not a number)."""
    raw = text.strip().replace("\u00a0", " ").replace("\u202f", " ").replace("\u2009", " ")
    if raw and raw[0].isdigit():
        raw = raw.replace(" ", "")
        if _THOUSANDS.fullmatch(raw):
            raw = raw.replace(",", "")
        elif "," in raw and "." not in raw:
            raw = raw.replace(",", ".")
        try:
            return Decimal(raw)
        except InvalidOperation:
            return None
    return parse_words(raw)


def _following_noun(text: str, end: int) -> str | None:
    """The counted noun within the next few words ("35 legal entities" -> "entities")."""
    words = 0
    for token in _TOKEN.finditer(text, end, min(len(text), end + 60)):
        word = token.group()
        lower = word.lower()
        if lower in PEOPLE_NOUNS or lower in COUNT_NOUNS:
            if lower == "joint":
                continue
            return lower
        # A people's name after a number counts people ("twenty thousand Kazakh Romanians").
        if word[0].isupper() and lower.endswith("s") and lower in _demonyms():
            return lower
        if not word[0].isalpha() or lower in _NOUN_STOP or words >= 3:
            return None
        words += 1
    return None


@lru_cache(maxsize=1)
def _demonyms() -> frozenset[str]:
    """Plural names of peoples from the gazetteer ("romanians", "poles")."""
    return frozenset(a.lower() for c in countries() for a in c.adjectives if a.endswith("s"))


def _amount(match: re.Match[str], text: str, currencies, default_currency: str | None) -> Quantity | None:
    number = parse_number(match.group("num"))
    if number is None:
        return None
    prefix, glued, scale = match.group("prefix"), match.group("glued"), match.group("scale")
    # A glued single letter ("5m", "2b") is a scale only next to a currency sign.
    if glued and glued.lower() in ("m", "b", "k") and not prefix and not match.group("curword"):
        return None
    factor = 1
    for word in (glued, scale):
        if word:
            factor *= _SCALES[word.lower().rstrip(".")]
    value = number * factor
    if match.group("minus"):
        value = -value
    start, end = match.start(), match.end()
    if match.group("percent"):
        return Quantity(clean_number(value), "percent", start, end)
    if match.group("physical"):
        kind = "tonnes" if match.group("tonnes") else "barrels" if match.group("barrels") else "cubic_metres"
        if kind == "cubic_metres" and match.group("cubic").lower() == "bcm":
            value *= 10**9
        if kind == "tonnes" and match.group("tonnes").lower() == "t" and factor == 1:
            return None
        return Quantity(clean_number(value), kind, start, end)
    code = prefix or match.group("curword")
    if code:
        return Quantity(clean_number(value), currency_code(code), start, end)
    if end < len(text) and text[end].isalpha():
        return None  # "5G", "9M", "3rd": not a quantity
    noun = _following_noun(text, end)
    if factor > 1 and noun is None:
        # "(exports - 2.78 billion, ...)": the currency is written elsewhere in the text.
        unit = context_currency(start, currencies, default_currency)
        if unit:
            return Quantity(clean_number(value), unit, start, end, inferred=True)
    if factor == 1 and not match.group("minus") and _YEAR.fullmatch(match.group("num")):
        if noun is None or noun not in _COUNTED:
            return Quantity(int(number), "year", start, end)
    if _DURATION_AFTER.match(text, end):
        return Quantity(clean_number(value), "duration", start, end)
    return Quantity(clean_number(value), _count_unit(noun), start, end, noun=noun)


def _count_unit(noun: str | None) -> str:
    return "people" if noun and noun not in COUNT_NOUNS else "count"


_YEAR = re.compile(r"(?:1[89]|20)\d{2}")


_WORD_KEYS = frozenset({"ordinal words", "top partner", "word number", "multiple"})


def _may(possible: frozenset[object] | None, key: str) -> bool:
    return possible is None or key in possible


def find_quantities(text: str, default_currency: str | None = "USD") -> list[Quantity]:
    """Every quantity in ``text`` with its span, sorted by position."""
    digits = _DIGIT.search(text) is not None
    possible = _STEMS.possible(text)
    if not digits and possible is not None and possible.isdisjoint(_WORD_KEYS):
        return []  # nothing but digits or number words can make a quantity
    taken = [False] * (len(text) + 1)
    if digits:
        noises = _NOISE if _may(possible, "month names") else _NOISE_WITHOUT_MONTHS
        for noise in noises.finditer(text):
            for i in range(noise.start(), noise.end()):
                taken[i] = True
    currencies = LazyMentions(text)
    found: list[Quantity] = []

    def claim(start: int, end: int) -> bool:
        if any(taken[start:end]):
            return False
        for i in range(start, end):
            taken[i] = True
        return True

    if _may(possible, "ordinal words"):
        ordinals = _ORDINAL.finditer(text)
    else:
        ordinals = _ORDINAL_WITHOUT_WORDS.finditer(text) if digits else ()
    for match in ordinals:
        quantity = _ordinal(match, text)
        if quantity and claim(quantity.start, quantity.end):
            found.append(quantity)
    for match in _MULTIPLE.finditer(text) if _may(possible, "multiple") else ():
        growth = multiple_growth(match, text)
        if growth is not None and claim(match.start(), match.end()):
            found.append(Quantity(clean_number(growth), "percent", match.start(), match.end(), multiple=True))
    tops = _TOP_PARTNER.finditer(text) if _may(possible, "top partner") else ()
    for match in tops:
        if _NOT_TOP.search(text[max(0, match.start() - 30) : match.start()]):
            continue
        word = match.group("top")
        if claim(match.start(), match.start() + len(word)):
            found.append(Quantity(1, "rank", match.start(), match.start() + len(word)))
    for match in _AMOUNT.finditer(text) if digits else ():
        if not match.group("prefix") and match.start() > 0 and text[match.start() - 1].isalpha():
            continue
        quantity = _amount(match, text, currencies, default_currency)
        if quantity and claim(quantity.start, quantity.end):
            found.append(quantity)
    for match in _WORD_NUMBER.finditer(text) if _may(possible, "word number") else ():
        quantity = _word_amount(match, text, currencies, default_currency)
        if quantity and claim(quantity.start, quantity.end):
            found.append(quantity)
    return sorted(found, key=lambda q: q.start)


def _ordinal(match: re.Match[str], text: str) -> Quantity | None:
    start, end = match.start(), match.end()
    # A match of _ORDINAL_WITHOUT_WORDS (no word groups) always has "num" or "no".
    num, no = match.group("num", "no")
    if num:
        value = int(num)
    elif no:
        value = int(no)
    elif match.group("numberword"):
        value = WORDS[match.group("numberword").lower()]
    else:
        value = ORDINAL_WORDS[match.group("word").lower()]
        before = text[max(0, start - 30) : start]
        if not (_RANK_AFTER_WORD.match(text, end) or _RANK_BEFORE_WORD.search(before)):
            return None
    if _EVENT_ORDINAL_AFTER.match(text, end):
        return Quantity(value, "ordinal", start, end)
    if num and _MONTH_BEFORE.search(text[max(0, start - 12) : start]):
        return None
    return Quantity(value, "rank", start, end)


# "X is Kazakhstan's leading trade partner": rank 1 written without a number.
_TOP_PARTNER = re.compile(
    r"\b(?P<top>leading|largest|biggest|top|number[-\s]one)\s+(?:(?:trade|trading|economic|investment|"
    r"commercial|foreign|business|and|,)\s+){0,5}partner\b(?!s)",
    re.IGNORECASE,
)
# Pre-checks (see fastre.literal_stems): one scan tells which of these can match a text.
# Every word number holds one of the words (the optional "a"/"an" only precedes one).
_STEMS = StemIndex({
    "ordinal words": literal_stems(ORDINAL_IN_WORDS, re.IGNORECASE),
    "word number": literal_stems(WORD, re.IGNORECASE),
    "month names": literal_stems(_NOISE_MONTHS, re.IGNORECASE),
    "top partner": literal_stems(_TOP_PARTNER.pattern, _TOP_PARTNER.flags),
    "multiple": literal_stems(_MULTIPLE.pattern, _MULTIPLE.flags),
})
_NOT_TOP = re.compile(r"\b(?:one\s+of\s+(?:the\s+|its\s+|[\w’']+\s+)?|among\s+(?:the\s+)?)$|\d(?:st|nd|rd|th)\s*$|\w-\s*$", re.I)
_MONTH_BEFORE = re.compile(rf"{_MONTH}\s+$", re.IGNORECASE)


_WORD_TAIL = re.compile(rf"\s?(?P<percent>{_PERCENT})|\s(?P<cur>{SUFFIX_CUR})(?![\w])", re.I)


def _word_amount(match: re.Match[str], text: str, currencies, default_currency) -> Quantity | None:
    words = match.group()
    if words.lower() == "one":
        return None
    number = parse_words(words)
    if number is None:
        return None
    start, end = match.start(), match.end()
    tail = _WORD_TAIL.match(text, end)
    if tail and tail.group("percent"):
        return Quantity(clean_number(number), "percent", start, tail.end())
    if tail and tail.group("cur"):
        return Quantity(clean_number(number), currency_code(tail.group("cur")), start, tail.end())
    if _DURATION_AFTER.match(text, end):
        return Quantity(clean_number(number), "duration", start, end)
    noun = _following_noun(text, end)
    return Quantity(clean_number(number), _count_unit(noun), start, end, noun=noun)




# The same matches, found faster (see fastre.fast_scan).
_NOISE, _NOISE_WITHOUT_MONTHS, _ORDINAL, _ORDINAL_WITHOUT_WORDS, _AMOUNT, _WORD_NUMBER, _TOP_PARTNER = (
    fast_scan(p) for p in (_NOISE, _NOISE_WITHOUT_MONTHS, _ORDINAL, _ORDINAL_WITHOUT_WORDS, _AMOUNT, WORD_NUMBER,
                           _TOP_PARTNER)
)
