"""Country words in running text (names, adjectives, capitals, cities), found with their spans."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from briefgen.gazetteer import countries, find_country, longest_first_pattern, word_start_pattern

# Letters that Unicode does not decompose into a base letter plus a mark.
_UNDECOMPOSED = str.maketrans({"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss"})


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


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """``text`` without diacritics, case-folded: "Nițulescu" and "Nitulescu" fold alike."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


# Characters outside ASCII that a case-insensitive pattern matches to an ASCII letter ("ſ" to
# "s", the Kelvin sign to "k"): in a text holding one, lowercasing may hide a match.
_FOLDS_TO_ASCII = re.compile("[İıſ\u212a]")
_MAX_STEMS = 200


def lowered(text: str) -> str | None:
    """``text`` lowercased for ``has_stem``, or None where that could miss a case-insensitive match."""
    if not text.isascii() and _FOLDS_TO_ASCII.search(text):
        return None
    return text.lower()


def has_stem(low: str | None, stems: re.Pattern[str] | None) -> bool:
    """False only when no match of the pattern behind ``stems`` (a ``stem_finder``) can be in the
    text that ``low`` lowercases."""
    return low is None or stems is None or stems.search(low) is not None


class StemIndex:
    """Which of several patterns may match a text, from one scan for all their ``literal_stems``."""

    def __init__(self, stems: dict[object, frozenset[str] | None]):
        self.always = frozenset(key for key, found in stems.items() if found is None)
        owners: dict[str, set[object]] = {}
        for key, found in stems.items():
            for stem in found or ():
                owners.setdefault(stem, set()).add(key)
        # At each place the longest stem is reported; the shorter ones there are its prefixes.
        self._keys = {
            stem: frozenset(k for other, keys in owners.items() if stem.startswith(other) for k in keys)
            for stem in owners
        }
        self._pattern = re.compile(f"(?=({longest_first_pattern(owners)}))") if owners else None

    def possible(self, text: str) -> frozenset[object] | None:
        """The keys whose pattern may match ``text``; None when every one may."""
        low = lowered(text)
        if low is None:
            return None
        found = set(self.always)
        if self._pattern is not None:
            for match in self._pattern.finditer(low):
                found |= self._keys[match.group(1)]
        return frozenset(found)


def stem_finder(pattern: str, flags: int = 0) -> re.Pattern[str] | None:
    """A plain regex finding the ``literal_stems`` of ``pattern`` in lowercased text (None: no stems)."""
    stems = literal_stems(pattern, flags)
    if stems is None:
        return None
    return re.compile("|".join(re.escape(s) for s in sorted(stems)))


@lru_cache(maxsize=256)
def literal_stems(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Lowercase ASCII strings of which every match of ``pattern`` contains at least one.

    A cheap pre-check: a text containing none of them cannot match, so the regex need not run.
    None when the pattern has no such strings (then every text must be searched).
    """
    try:
        from re import _constants as c
        from re import _parser as parser

        stems = _factors(list(parser.parse(pattern, flags).data), c)
    except (ImportError, AttributeError, re.error):  # pragma: no cover - other Pythons
        return None
    if not stems or any(not s or not s.isascii() for s in stems):
        return None
    lower = {s.lower() for s in stems}
    # "energy carriers" holds "energy": the shorter stem is checked anyway.
    return frozenset(s for s in lower if not any(t != s and t in s for t in lower))


def _chars(av: list, c) -> list[str] | None:
    """The characters of a small set ``[...]`` of plain letters, else None."""
    if not all(o in (c.LITERAL, c.RANGE) for o, _ in av):
        return None
    chars = [chr(x) for o, a in av for x in ((a,) if o is c.LITERAL else range(a[0], a[1] + 1))]
    return chars if len(chars) <= 16 else None


def _factors(data: list, c) -> set[str] | None:
    """Strings of which every match of the parsed sequence ``data`` contains one (None: unknown).

    Each run of letters, and each required part, is such a set; the most selective one is kept.
    """
    candidates: list[set[str]] = []
    run: set[str] = {""}

    def close_run() -> None:
        nonlocal run
        if run != {""}:
            candidates.append(run)
        run = {""}

    for op, av in data:
        if op is c.LITERAL:
            run = {r + chr(av) for r in run}
        elif op in (c.ASSERT, c.ASSERT_NOT, c.AT):
            continue  # zero-width: the letters on either side stay next to each other
        elif op is c.IN and _chars(av, c) and len(run) * len(_chars(av, c)) <= _MAX_STEMS:
            run = {r + ch for r in run for ch in _chars(av, c)}
        else:
            close_run()
            part: set[str] | None = None
            if op is c.BRANCH:
                alternatives = [_factors(list(alt.data), c) for alt in av[1]]
                if all(alternatives) and sum(len(a) for a in alternatives) <= _MAX_STEMS:
                    part = set().union(*alternatives)
            elif op is c.SUBPATTERN:
                part = _factors(list(av[-1].data), c)
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)) and av[0] >= 1:
                part = _factors(list(av[2].data), c)
            if part:
                candidates.append(part)
    close_run()
    if not candidates:
        return None
    # Longer strings are rarer; of two sets as long, the smaller one is cheaper to look for.
    return max(candidates, key=lambda found: (min(len(s) for s in found), -len(found)))
