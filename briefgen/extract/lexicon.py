"""Country words in running text (names, adjectives, capitals, cities), found with their spans."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from briefgen.core.countries import countries, find_country, word_start_pattern


@dataclass(frozen=True, slots=True)
class CountryWord:
    """A phrase in a text naming a country in some way."""

    start: int
    end: int
    country: str
    # "name", "adjective", "capital" or "city"
    kind: str
    possessive: bool = False


@lru_cache(maxsize=1)
def _phrases() -> tuple[re.Pattern[str], dict[str, tuple[str, str]]]:
    table: dict[str, tuple[str, str]] = {}
    for country in countries():
        groups = (
            ("name", country.names),
            ("adjective", country.adjectives),
            ("capital", country.capitals),
            ("city", country.cities),
        )
        for kind, phrases in groups:
            for phrase in phrases:
                if phrase in country.ambiguous:
                    continue
                table.setdefault(phrase, (country.name, kind))
                if len(phrase) > 3:
                    table.setdefault(phrase.upper(), (country.name, kind))
    # The longest phrase first at each place, as an alternation sorted by length would.
    pattern = re.compile(rf"{word_start_pattern(table)}(?P<poss>[’']s)?(?![\w])")
    return pattern, table


def country_words(text: str, start: int = 0, end: int | None = None) -> list[CountryWord]:
    """Every country word in ``text[start:end]`` with its span in ``text``."""
    pattern, table = _phrases()
    stop = len(text) if end is None else end
    found: list[CountryWord] = []
    for match in pattern.finditer(text, start, stop):
        word_end = match.start("poss") if match.group("poss") else match.end()
        country, kind = table[text[match.start() : word_end]]
        found.append(CountryWord(match.start(), match.end(), country, kind, bool(match.group("poss"))))
    return found


def canonical_country(name: str) -> str:
    """The gazetteer's name for ``name`` (any of its names), or ``name`` unchanged."""
    country = find_country(name)
    return country.name if country else name
