"""Faster ways to run the extractors' regexes, with the very same matches.

Two tricks, both read off the parsed pattern so that they follow any change to it:
``literal_stems`` lists strings of which every match holds one, so a text holding none of them
is skipped without running the pattern (``StemIndex`` does that for many patterns in one scan);
``fast_scan`` puts a look-ahead for the possible first characters in front of a pattern, so the
engine skips the places where no match can start.
"""

from __future__ import annotations

import re
from functools import lru_cache

from briefgen.core.countries import longest_first_pattern

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
    """Which of several patterns may match a text, from one scan for all their ``literal_stems``.

    Every index joins one shared scan: the extractors ask about the same sentence several
    times (numbers, periods, topics, event triggers), and one scan of it for all their stems
    costs less than one scan per index.
    """

    def __init__(self, stems: dict[object, frozenset[str] | None]):
        self.always = frozenset(key for key, found in stems.items() if found is None)
        self.owners: dict[str, set[object]] = {}
        for key, found in stems.items():
            for stem in found or ():
                self.owners.setdefault(stem, set()).add(key)
        self._slot = _SHARED.join(self)

    def possible(self, text: str) -> frozenset[object] | None:
        """The keys whose pattern may match ``text``; None when every one may."""
        found = _SHARED.scan(text)
        return None if found is None else found[self._slot]


class _SharedScan:
    """The stems of every ``StemIndex`` looked for in one scan per text, the answers kept a while."""

    _CACHE_SIZE = 4096  # more than the sentences and clauses of any one article

    def __init__(self) -> None:
        self.indexes: list[StemIndex] = []
        self.cache: dict[str, tuple[frozenset[object], ...] | None] = {}
        self.pattern: re.Pattern[str] | None = None
        self.inside: dict[str, frozenset[str]] = {}
        self.resume: dict[str, int] = {}
        # stem -> (slot, keys) for every index holding that stem or a prefix of it.
        self.owners: dict[str, tuple[tuple[int, frozenset[object]], ...]] = {}
        # The answer for each set of stems found: texts hold few stems, in few combinations.
        self.answers: dict[frozenset[str], tuple[frozenset[object], ...]] = {}

    def join(self, index: StemIndex) -> int:
        self.indexes.append(index)
        self.pattern = None
        self.cache.clear()
        self.answers.clear()
        return len(self.indexes) - 1

    def _build(self) -> None:
        stems = {stem for index in self.indexes for stem in index.owners}
        # At each place the longest stem is reported; the shorter ones there are its prefixes.
        self.owners = {
            stem: tuple(
                (slot, frozenset(key for other, keys in index.owners.items() if stem.startswith(other) for key in keys))
                for slot, index in enumerate(self.indexes)
                if any(stem.startswith(other) for other in index.owners)
            )
            for stem in stems
        }
        # Each match is the longest stem at its place and consumes it, which spares the engine
        # the look-aheads a scan of every place needs; the places it steps over are made up
        # for by ``inside`` (the stems within the match) and ``resume`` (see ``_stems``).
        self.pattern = re.compile(longest_first_pattern(stems) if stems else "(?!)")
        self.inside = {
            stem: frozenset(other for other in stems if other != stem and other in stem[1:]) for stem in stems
        }
        beginnings = {stem[:size] for stem in stems for size in range(1, len(stem))}
        self.resume = {stem: _resume(stem, beginnings) for stem in stems}

    def _answer(self, found: frozenset[str]) -> tuple[frozenset[object], ...]:
        keys: list[set[object]] = [set(index.always) for index in self.indexes]
        for stem in found:
            for slot, owned in self.owners[stem]:
                keys[slot].update(owned)
        result = tuple(frozenset(keys_of_slot) for keys_of_slot in keys)
        if len(self.answers) >= self._CACHE_SIZE:
            self.answers.clear()
        self.answers[found] = result
        return result

    def _stems(self, low: str) -> frozenset[str]:
        """The longest stem at every place of ``low`` where one starts (plus, harmlessly, some
        shorter ones at those places: their keys are among the longest one's)."""
        found: set[str] = set()
        search, inside, resume = self.pattern.search, self.inside, self.resume
        match = search(low)
        while match is not None:
            stem = match.group()
            found.add(stem)
            found |= inside[stem]
            match = search(low, match.start() + resume[stem])
        return frozenset(found)

    def scan(self, text: str) -> tuple[frozenset[object], ...] | None:
        """For each index (by slot), the keys that may match ``text``; None when all may."""
        cache = self.cache
        if text in cache:
            return cache[text]
        low = lowered(text)
        if low is None:
            result = None
        else:
            if self.pattern is None:
                self._build()
            found = self._stems(low)
            result = self.answers.get(found)
            if result is None:
                result = self._answer(found)
        if len(cache) >= self._CACHE_SIZE:
            cache.clear()
        cache[text] = result
        return result


def _resume(stem: str, beginnings: set[str]) -> int:
    """Where to look on after finding ``stem``: its first offset at which a stem might start
    that runs past its end (one starting earlier lies within it and is in ``inside``);
    ``beginnings`` holds every proper prefix of every stem."""
    return next((offset for offset in range(1, len(stem)) if stem[offset:] in beginnings), len(stem))


_SHARED = _SharedScan()


def forget_scans() -> None:
    """Drop the remembered answers of ``StemIndex.possible``.

    ``extract_article`` calls it first: the answers serve the extractors of one article, so
    no speed hinges on articles repeating each other's sentences.
    """
    _SHARED.cache.clear()


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


def _inline_groups(data: list, c):
    """The items of ``data`` with groups replaced by their contents: "Q(?P<q>[1-4])" reads as
    "Q[1-4]", so the letters of a group join the run around it ("q1", not "q")."""
    for op, av in data:
        if op is c.SUBPATTERN:
            yield from _inline_groups(list(av[-1].data), c)
        else:
            yield op, av


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

    for op, av in _inline_groups(data, c):
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
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)) and av[0] >= 1:
                part = _factors(list(av[2].data), c)
            if part:
                candidates.append(part)
    close_run()
    if not candidates:
        return None
    # Longer strings are rarer; of two sets as long, the smaller one is cheaper to look for.
    return max(candidates, key=lambda found: (min(len(s) for s in found), -len(found)))


def fast_scan(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` led by a look-ahead for the characters its matches can open with.

    The same matches, found two to three times faster where the pattern opens with ``\\b`` or a
    look-behind: the engine then skips the places no match can start at. ``pattern`` itself
    when its openings cannot be worked out (or it may match an empty string).
    """
    try:
        from re import _constants as c
        from re import _parser as parser

        ignorecase = bool(pattern.flags & re.IGNORECASE)
        opening, nullable = _openings(list(parser.parse(pattern.pattern, pattern.flags).data), c, ignorecase)
    except (ImportError, AttributeError, re.error):  # pragma: no cover - other Pythons
        return pattern
    if opening is None or nullable or not opening:
        return pattern
    # Characters under another case rule than the pattern's (inside "(?-i:...)") keep theirs.
    classes = []
    for case in (ignorecase, not ignorecase):
        items = "".join(sorted(item for item, ic in opening if ic == case))
        if items:
            classes.append(f"[{items}]" if case == ignorecase else f"(?{'i' if case else '-i'}:[{items}])")
    return re.compile(f"(?={'|'.join(classes)})(?:{pattern.pattern})", pattern.flags)


def _openings(data: list, c, ignorecase: bool) -> tuple[set[tuple[str, bool]] | None, bool]:
    """The class items (escaped, with their case rule) a match of ``data`` can open with, and
    whether it can be empty."""
    found: set[tuple[str, bool]] = set()
    for op, av in data:
        if op in (c.ASSERT, c.ASSERT_NOT, c.AT):
            continue
        if op is c.LITERAL:
            return found | {(re.escape(chr(av)), ignorecase)}, False
        if op is c.IN:
            items = _class_items(av, c)
            return (None, False) if items is None else (found | {(i, ignorecase) for i in items}, False)
        if op is c.BRANCH:
            parts = [_openings(list(alt.data), c, ignorecase) for alt in av[1]]
            first, nullable = set(), False
        elif op is c.SUBPATTERN:
            _, add, remove, sub = av
            inner = (ignorecase or bool(add & c.SRE_FLAG_IGNORECASE)) and not remove & c.SRE_FLAG_IGNORECASE
            parts = [_openings(list(sub.data), c, inner)]
            first, nullable = set(), False
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
            parts = [_openings(list(av[2].data), c, ignorecase)]
            first, nullable = set(), av[0] == 0
        else:
            return None, False
        for items, empty in parts:
            if items is None:
                return None, False
            first |= items
            nullable = nullable or empty
        found |= first
        if not nullable:
            return found, False
    return found, True


_CATEGORIES = {"CATEGORY_DIGIT": r"\d", "CATEGORY_SPACE": r"\s", "CATEGORY_WORD": r"\w"}


def _class_items(av: list, c) -> set[str] | None:
    items: set[str] = set()
    for op, a in av:
        if op is c.LITERAL:
            items.add(re.escape(chr(a)))
        elif op is c.RANGE:
            items.add(f"{re.escape(chr(a[0]))}-{re.escape(chr(a[1]))}")
        elif op is c.CATEGORY and str(a) in _CATEGORIES:
            items.add(_CATEGORIES[str(a)])
        else:
            return None  # a negated class, say: any character may open
    return items
