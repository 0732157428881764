"""Currencies written next to amounts or elsewhere in a text, as ISO codes."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from briefgen.extract.fastre import fast_scan

_CURRENCY_CODES = {
    "$": "USD", "us$": "USD", "usd": "USD", "us dollars": "USD", "us dollar": "USD",
    "dollars": "USD", "dollar": "USD", "u.s. dollars": "USD",
    "€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR",
    "£": "GBP", "gbp": "GBP", "kzt": "KZT", "tenge": "KZT", "₸": "KZT",
    "rub": "RUB", "rubles": "RUB", "roubles": "RUB", "₽": "RUB",
    "cny": "CNY", "yuan": "CNY", "huf": "HUF", "forints": "HUF", "forint": "HUF",
    "pln": "PLN", "zloty": "PLN", "zlotys": "PLN", "try": "TRY", "lira": "TRY", "liras": "TRY",
    "uzs": "UZS", "soums": "UZS", "gel": "GEL", "lari": "GEL",
    "chf": "CHF", "francs": "CHF", "ron": "RON", "lei": "RON", "azn": "AZN", "manats": "AZN",
}  # fmt: skip

# Regex pieces: ISO codes (upper case only, in any pattern) and currency words after a number.
CODES = r"(?-i:USD|EUR|GBP|KZT|RUB|CNY|HUF|PLN|UZS|GEL|CHF|RON|AZN|TRY)"
SUFFIX_CUR = (
    rf"U\.?S\.?\s+dollars?|US\$|{CODES}|dollars?|euros?|tenge|rubles|roubles|yuan"
    r"|forints?|zlotys?|liras?|soums|lari|lei|manats"
)
# fast_scan: the same matches, found faster.
_CURRENCY_ANY = fast_scan(re.compile(rf"(?<![\w])(?:US\s?\$|{SUFFIX_CUR})(?![\w])|[$€£₸₽]", re.IGNORECASE))


def currency_code(raw: str) -> str:
    """The ISO code of a written currency ("US$" -> "USD", "euros" -> "EUR")."""
    key = re.sub(r"\s+", " ", raw.strip().lower()).replace("u.s.", "us").replace("u.s ", "us ")
    if "$" in key:
        return "USD"
    return _CURRENCY_CODES.get(key, key.upper())


class LazyMentions:
    """(offset, code) of every currency named in a text, found only if one must be inferred."""

    __slots__ = ("text", "_found")

    def __init__(self, text: str):
        self.text = text
        self._found: list[tuple[int, str]] | None = None

    def __iter__(self) -> Iterator[tuple[int, str]]:
        if self._found is None:
            self._found = [(m.start(), currency_code(m.group())) for m in _CURRENCY_ANY.finditer(self.text)]
        return iter(self._found)


def context_currency(start: int, mentions: Iterable[tuple[int, str]], default: str | None) -> str | None:
    """The currency of an amount at ``start`` written without one: the last named before it,
    else the first after it, else ``default``."""
    mentions = list(mentions)
    before = [code for pos, code in mentions if pos < start]
    if before:
        return before[-1]
    after = [code for pos, code in mentions if pos > start]
    return after[0] if after else default
