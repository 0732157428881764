"""Shortcuts of the extractors give the answers of the plain ways: the shared stem scan, the
regex-free person mentions, the month-less noise and word-less ordinal patterns, stems read
through groups."""

from __future__ import annotations

import random
import re
import string

from hypothesis import given, settings
from hypothesis import strategies as st

from briefgen.extract import numbers
from briefgen.extract.fastre import StemIndex, forget_scans, literal_stems, lowered
from briefgen.extract.people import person_mentions
from briefgen.model import Person

# Pieces that meet the patterns' edge cases (case twins of ASCII letters, look-behinds, months).
PIECES = ["3", "12", "2024", "12th", "No. 4", "1 May", "Jan 5", "+7 (717) 123 45 67", "05.06.2024", "10:30",
          "first", "Third", "number two", "may", "MAR", "market", "ſecond", "İ", "\u212a", "x", " ", "-", ".", ",",
          "partner", "second largest", "of", "\n"]


def _texts(count: int = 500, seed: int = 7) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choice(PIECES) for _ in range(rnd.randrange(1, 14))) for _ in range(count)]


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], dict]]:
    return [(m.span(), m.groupdict()) for m in pattern.finditer(text)]


def test_stem_indexes_sharing_one_scan_answer_as_a_plain_search_would() -> None:
    stems = {
        "a": {"first": frozenset({"ene", "energy"}), "second": frozenset({"gas"}), "always": None},
        "b": {"x": frozenset({"energ", "oil"}), "y": frozenset({"y-o-y", "q1"}),
              "z": frozenset({"armed forces", "r&d", "non-oil"})},
    }
    indexes = {name: StemIndex(table) for name, table in stems.items()}
    rnd = random.Random(3)
    words = ["energy", "ENERGY", "ene", "gas", "oil", "y-o-y", "Q1", "q", "ſ", "x", " ", "armed", "Forces", "-",
             "R&D", "&", "d", "non", "boil"]
    fixed = ["Armed Forces and R&D", "armed  forces", "non-oil", "nonoil", "boil y-o-y", "Q1 energy", "ſ gas"]
    randoms = ["".join(rnd.choice(words) for _ in range(rnd.randrange(0, 8))) for _ in range(1500)]
    for text in fixed + randoms:
        forget_scans()
        low = lowered(text)
        for name, index in indexes.items():
            possible = index.possible(text)
            if low is None:
                assert possible is None
                continue
            expected = {key for key, found in stems[name].items() if found is None or any(s in low for s in found)}
            assert possible == expected, (name, text)
            assert index.possible(text) == possible  # the remembered answer


def _regex_mentions(text: str, forms: dict[str, str], start: int, stop: int) -> list[tuple[int, str]]:
    alternation = "|".join(re.escape(f) for f in sorted(forms, key=lambda f: (-len(f), f)))
    pattern = re.compile(rf"(?<![\w.])(?:{alternation})(?![\w])")
    return [(m.start(), forms[m.group()]) for m in pattern.finditer(text, start, stop)]


def _person(name: str, aliases: tuple[str, ...]) -> Person:
    return Person(id=f"s#p{len(name)}", source="s", name=name, role="Minister", organisation=None, country=None,
                  quote="q", start=0, end=1, aliases=aliases, date=None)


NAME_PIECES = ["Ana Pop", "Pop", "Popa", "Ana", "A. Pop", "Ion Popescu", "Popescu", "Ion", "é", "_", ".", " ", "-",
               "x", "1", "’s", ","]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(NAME_PIECES), max_size=12), st.integers(0, 30), st.integers(0, 30))
def test_person_mentions_find_what_the_alternation_of_name_forms_finds(pieces: list[str], a: int, b: int) -> None:
    text = "".join(pieces)
    people = [_person("Ana Pop", ("A. Pop", "Popa")), _person("Ion Popescu", ("Ion",))]
    forms: dict[str, str] = {}
    for person in people:
        for form in (person.name, *person.aliases, person.name.split()[-1]):
            if len(form) >= 3:
                forms.setdefault(form, person.name)
    start, stop = sorted((min(a, len(text)), min(b, len(text))))
    assert person_mentions(text, people, start, stop) == _regex_mentions(text, forms, start, stop)
    assert person_mentions(text, people) == _regex_mentions(text, forms, 0, len(text))


def test_noise_without_months_matches_like_the_full_noise_pattern_where_no_month_can_match() -> None:
    months = literal_stems(numbers._NOISE_MONTHS, re.IGNORECASE)
    words = literal_stems(numbers.ORDINAL_IN_WORDS, re.IGNORECASE)
    checked = 0
    for text in _texts():
        low = lowered(text)
        if low is not None and not any(m in low for m in months):
            assert _spans(numbers._NOISE_WITHOUT_MONTHS, text) == _spans(numbers._NOISE, text), text
            checked += 1
        if low is not None and not any(w in low for w in words):
            plain = [(span, {k: v for k, v in groups.items() if k in ("num", "no")})
                     for span, groups in _spans(numbers._ORDINAL, text)]
            assert _spans(numbers._ORDINAL_WITHOUT_WORDS, text) == plain, text
    assert checked > 50


def test_literal_stems_read_through_groups() -> None:
    source = r"\b(?:Q(?P<q>[1-4])|(?P<q2>[1-4])Q)\b|\bquarter\b"
    stems = literal_stems(source, re.IGNORECASE)
    assert stems == {"q1", "q2", "q3", "q4", "1q", "2q", "3q", "4q", "quarter"}
    rnd = random.Random(11)
    for _ in range(400):
        text = "".join(rnd.choice(["Q", "q", "1", "3", "5", " ", "quarter", "Quarters", "x"]) for _ in range(8))
        for match in re.finditer(source, text, re.IGNORECASE):
            assert any(stem in match.group().lower() for stem in stems), match.group()


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=string.ascii_letters + string.digits + " .,:+()-/", max_size=60))
def test_find_quantities_is_unchanged_by_the_shortcuts(text: str) -> None:
    # The shortcuts only skip patterns whose letters are missing: running every pattern
    # (as for text the stem scan cannot judge) gives the same quantities.
    forget_scans()
    fast = numbers.find_quantities(text)
    assert fast == _find_quantities_without_shortcuts(text)


def _find_quantities_without_shortcuts(text: str) -> list:
    original = numbers._STEMS.possible
    numbers._STEMS.possible = lambda _text: None  # every pattern may match: all run, in full
    try:
        return numbers.find_quantities(text)
    finally:
        numbers._STEMS.possible = original


def test_currency_words_found_in_lowercased_text_are_those_of_the_case_blind_pattern() -> None:
    from briefgen.extract.figures import _CURRENCY_WORD, _Currencies

    rnd = random.Random(13)
    pieces = ["US$", "usd", "USD", "$", "Dollars", "dollar", "€", "EUR", "Euros", "eur", "e", "u", "ſ", " ", "5"]
    for _ in range(400):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randrange(0, 10)))
        found = _Currencies(text)
        expected = [(m.end(), "EUR" if m.group(1) else "USD") for m in _CURRENCY_WORD.finditer(text)]
        assert list(zip(found.ends, found.codes, strict=True)) == expected, text


def test_dates_without_months_match_like_the_full_pattern_where_no_month_can_match() -> None:
    from briefgen.extract import dates

    months = literal_stems(dates._NAMED_MONTHS, re.IGNORECASE)
    rnd = random.Random(17)
    pieces = ["5", "12th", " of ", "2024", "1999", "-", "–", "/", "2025-03-04", " ", ",", "today", "this week",
              "last year", "the current year", "yesterday", "3%", " billion", "$", "ſ", "x", "31", "May", "Oct"]
    checked = 0
    for _ in range(1500):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randrange(1, 10)))
        low = lowered(text)
        if low is not None and not any(month in low for month in months):
            assert _spans(dates._DATES_WITHOUT_MONTHS, text) == [
                (span, {k: v for k, v in groups.items() if k in dates._DATES_WITHOUT_MONTHS.groupindex})
                for span, groups in _spans(dates._DATES, text)
            ], text
            checked += 1
    assert checked > 300
