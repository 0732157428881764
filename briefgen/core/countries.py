"""A gazetteer of countries (names, adjectives, capitals, former names) and partner detection."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

_DATA_FILE = "countries.yaml"
# Names followed by a currency word are money, not the country ("US dollars", "US$").
_CURRENCY_AFTER = re.compile(r"\s?\$|\s+(?:dollars?|cents?)\b")
# Phrases that contain a country's name or adjective but name no country; matching
# them first keeps "Latin American" from counting for the United States.
_NEUTRAL = (
    "Latin America", "Latin American", "South America", "South American", "North America",
    "North American", "Central America", "Central American", "Indian Ocean", "West Indies",
    "Persian Gulf", "New Mexico", "New South Wales", "Irish Sea", "English Channel",
)


@dataclass(frozen=True, slots=True)
class Country:
    """One state with every way an article may name it."""

    name: str
    official_name: str | None
    code: str
    aliases: tuple[str, ...]
    adjectives: tuple[str, ...]
    capitals: tuple[str, ...]
    cities: tuple[str, ...]
    region: str
    eu: bool
    # Names that are also common words or other places ("Georgia"): they count only
    # when the article names the country in another way too.
    ambiguous: tuple[str, ...] = ()

    @property
    def capital(self) -> str | None:
        """The capital's current name."""
        return self.capitals[0] if self.capitals else None

    @property
    def names(self) -> tuple[str, ...]:
        """The country's own names: common, official and alternative."""
        own = (self.name, self.official_name) if self.official_name else (self.name,)
        return own + self.aliases

    @property
    def mentions(self) -> tuple[str, ...]:
        """Every phrase that counts as a mention of the country."""
        return self.names + self.adjectives + self.capitals + self.cities


def _strings(entry: dict, key: str) -> tuple[str, ...]:
    value = entry.get(key) or ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(item) for item in value)


@lru_cache(maxsize=1)
def countries() -> tuple[Country, ...]:
    """Every country in the packaged gazetteer, in file order."""
    text = resources.files("briefgen").joinpath("data", _DATA_FILE).read_text(encoding="utf-8")
    # Packaged data needs no line numbers for messages; libyaml reads it ~20 times faster.
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    out: list[Country] = []
    for entry in data:
        out.append(
            Country(
                name=str(entry["name"]),
                official_name=entry.get("official"),
                code=str(entry.get("code", "")),
                aliases=_strings(entry, "aliases"),
                adjectives=_strings(entry, "adjectives"),
                capitals=_strings(entry, "capitals"),
                cities=_strings(entry, "cities"),
                region=str(entry.get("region", "")),
                eu=bool(entry.get("eu", False)),
                ambiguous=_strings(entry, "ambiguous"),
            )
        )
    return tuple(out)


@lru_cache(maxsize=1)
def _index() -> dict[str, Country]:
    index: dict[str, Country] = {}
    for country in countries():
        for name in (*country.names, country.code):
            if name:
                index.setdefault(name.casefold(), country)
    return index


def find_country(name: str) -> Country | None:
    """The country called ``name`` (any of its names or its ISO code, any case), or None."""
    return _index().get(" ".join(name.split()).casefold())


def get_country(name: str) -> Country:
    """The country called ``name``; KeyError naming it when the gazetteer does not know it."""
    country = find_country(name)
    if country is None:
        raise KeyError(f"unknown country {name!r}")
    return country


@lru_cache(maxsize=1)
def _matcher() -> tuple[re.Pattern[str], dict[str, tuple[Country | None, bool]]]:
    phrases: dict[str, tuple[Country | None, bool]] = {phrase: (None, True) for phrase in _NEUTRAL}
    for country in countries():
        for phrase in country.mentions:
            ambiguous = phrase in country.ambiguous
            for form in dict.fromkeys((phrase, phrase.upper()) if len(phrase) > 3 else (phrase,)):
                phrases.setdefault(form, (country, ambiguous))
    return re.compile(rf"{word_start_pattern(phrases)}(?![\w])"), phrases


def word_start_pattern(phrases: Iterable[str]) -> str:
    """Like ``(?<![\\w])(?:<phrases>)``, as a regex the engine scans fast.

    The check "no word character before" sits after each phrase's first character, so the
    pattern opens with plain literals and the engine skips ahead to the places where one of
    them occurs instead of trying every position (same matches, thirty times faster).
    """
    trie = _trie(phrases)
    branches = [re.escape(char) + r"(?<![\w][\s\S])" + _build_trie(child) for char, child in sorted(trie.items()) if char]
    return f"(?:{'|'.join(branches)})"


def longest_first_pattern(phrases: Iterable[str]) -> str:
    """A regex matching any of ``phrases``, the longest first at each place."""
    return _build_trie(_trie(phrases))


def _trie(phrases: Iterable[str]) -> dict[str, Any]:
    trie: dict[str, Any] = {}
    for phrase in phrases:
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}
    return trie


def _build_trie(node: dict[str, Any]) -> str:
    """A regex matching any phrase of the trie ``node``, the longest first at each place.

    Shared prefixes are factored out ("Guinea(?:-Bissau)?"), so the engine follows one branch per
    character instead of trying a thousand alternatives at every word; trying longer continuations
    before stopping keeps "Papua New Guinea" winning over "Guinea" at the same place.
    """
    branches = [re.escape(char) + _build_trie(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    return f"(?:{body})?" if "" in node else body


def count_mentions(text: str) -> dict[str, tuple[int, int]]:
    """For each country mentioned in ``text``: (number of mentions, offset of the first)."""
    pattern, phrases = _matcher()
    counts: dict[str, list[int]] = {}
    certain: set[str] = set()
    for match in pattern.finditer(text):
        if _CURRENCY_AFTER.match(text, match.end()):
            continue
        country, ambiguous = phrases[match.group()]
        if country is None:
            continue
        entry = counts.setdefault(country.name, [0, match.start()])
        entry[0] += 1
        if not ambiguous:
            certain.add(country.name)
    return {name: (n, first) for name, (n, first) in counts.items() if name in certain}


def detect_partner(text: str, home: str) -> str | None:
    """The most mentioned foreign country in ``text`` (ties: mentioned first), never ``home``."""
    home_country = find_country(home)
    home_name = home_country.name if home_country else home
    counts = {name: value for name, value in count_mentions(text).items() if name != home_name}
    if not counts:
        return None
    return min(counts, key=lambda name: (-counts[name][0], counts[name][1]))
