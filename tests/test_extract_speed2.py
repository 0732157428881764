"""The faster scans of the extractors find exactly what the plain patterns find."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from briefgen.core.countries import longest_first_pattern
from briefgen.extract import fastre, mentions, numbers, numwords
from briefgen.extract.run import extract_article
from briefgen.extract.sentences import split_sentences
from briefgen.ingest.run import read_article
from briefgen.model import Article, Source

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"

# Written for these tests: dates, phone numbers, number words, names with accents.
OWN_TEXTS = [
    "On 12 March 2024 the Hungarian and Uzbek delegations met in Budapest; a second round followed on May 3rd.",
    "Trade reached two hundred and five million dollars, up 4.5% on Jan-Sep 2023 (tel. +36 1 458 1000).",
    "Ms Éva Kovács, State Secretary, and Mr Ősz Ádám signed forty-two documents at 10:30 on 03.04.2024.",
    "The Polish side sent a dozen experts; eleven thousand tourists and seventeen firms joined in Sept. 2022.",
    "Ankara hosted the 8th session of the Joint Commission; Turkey's exports rose to US$ 1.2 bn in 2021.",
    "aÉlan 1Ärger _Ñ É ’Ab ÉÁ bÉ: mixed openings, no names; nineteen-ninety, seventy seven, one.",
]


def _texts() -> list[str]:
    texts = list(OWN_TEXTS)
    if CORPUS.is_dir():
        for path in sorted(CORPUS.iterdir()):
            texts.extend(s.text for s in split_sentences(read_article(path).text))
    return texts


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


@pytest.mark.parametrize(
    ("fast", "plain"),
    [
        (numbers._NOISE, re.compile(numbers._NOISE_MONTHS + "|" + numbers._NOISE_DIGITS, re.IGNORECASE)),
        (
            numbers._WORD_NUMBER,
            re.compile(
                rf"\b(?:an?\s+(?=(?:hundred|thousand|million|billion|dozen)\b))?{numwords.WORD}"
                rf"(?:(?:[\s-]+|\s+and\s+){numwords.WORD})*\b",
                re.IGNORECASE,
            ),
        ),
        (mentions._WORD_START, re.compile(r"(?<![^\W\d_])(?=[A-Z]|[^\x00-\x7f])[^\W\d_][\w’'-]*")),
    ],
    ids=["noise", "word-number", "word-start"],
)
def test_fast_patterns_match_like_plain_ones(fast, plain):
    texts = _texts()
    assert any(_spans(plain, t) for t in texts)
    for text in texts:
        assert _spans(fast, text) == _spans(plain, text), text


def test_shared_stem_scan_finds_what_a_scan_of_every_place_finds():
    # One extraction first, so that every stem index has joined the shared scan.
    source = Source("speed2-own", "own.txt", "Own words", None, False, None, None, "Hungary", "", 20)
    extract_article(Article(source, OWN_TEXTS[1]), "Kazakhstan")
    shared = fastre._SHARED
    if shared.pattern is None:
        shared._build()
    stems = sorted(shared.owners)
    every_place = re.compile(f"(?=({longest_first_pattern(stems)}))")
    rnd = random.Random(8)
    texts = [t.lower() for t in _texts()]
    # Stems run together, overlapping in every way the stem set allows.
    texts += ["".join(rnd.choice(stems) for _ in range(rnd.randrange(1, 6))) for _ in range(3000)]
    letters = sorted(set("".join(stems)))
    texts += ["".join(rnd.choice(letters) for _ in range(rnd.randrange(1, 40))) for _ in range(3000)]
    for text in texts:
        expected = shared._answer(frozenset(every_place.findall(text)))
        assert shared._answer(shared._stems(text)) == expected, text

