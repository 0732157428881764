"""Topic extraction: cooperation areas from a synonym vocabulary, one per (sentence, topic)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from briefgen.core.vocab import TOPIC_LABELS
from briefgen.extract.topics import TOPICS, extract_topics
from briefgen.ingest.run import read_article
from briefgen.model import Source

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "people"
SOURCE = Source("s", "s.txt", "t", dt.date(2024, 1, 1), False, None, None, "Romania", "0" * 64, 1)


def _topics(text: str) -> set[str]:
    return {t.topic for t in extract_topics(text, SOURCE)}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Kazakhstan is one of the world's leading exporters of oil and gas.", {"energy", "trade"}),
        ("The supply of energy carriers was discussed.", {"energy"}),
        ("They agreed to develop the Middle Corridor.", {"transport"}),
        ("The potential of the Trans-Caspian International Transport Route (TMTM) was noted.", {"transport"}),
        ("Integrating the seaports of Aktau and Constanța matters.", {"transport"}),
        ("Agriculture, healthcare and digitalization are promising areas.", {"agriculture", "health", "digital"}),
        ("Cooperation in food industry and information technology will grow.", {"agriculture", "digital"}),
        ("Cooperation in energy, defense and regional security.", {"energy", "defence", "security"}),
        ("Projects in the nuclear field were discussed.", {"nuclear"}),
        ("Prospects in the banking and financial sector.", {"finance"}),
        ("They stressed the principles of the \"green\" economy.", {"green_economy"}),
        ("Kazakh film festivals are held in Bucharest.", {"culture"}),
        ("Joint projects in education, science and culture.", {"education", "science", "culture"}),
        ("Cooperation within the UN, OSCE and other international structures.", {"multilateral"}),
        ("The company ensures the energy security of Europe.", {"energy"}),
        ("The tourist flow doubled.", {"tourism"}),
    ],
)
def test_vocabulary(sentence: str, expected: set[str]) -> None:
    assert _topics(sentence) == expected


def test_names_of_institutions_are_not_topics() -> None:
    text = "He met the State Secretary of the Romanian Ministry of Energy and the Minister of Finance."
    assert _topics(text) == set()
    assert "energy" in _topics("Energy cooperation was the main subject.")  # opening a sentence


def test_one_topic_per_sentence_with_sentence_quote() -> None:
    text = "Energy and oil and gas were discussed. Then tourism. Then energy again."
    topics = extract_topics(text, SOURCE)
    assert [(t.topic, t.quote) for t in topics] == [
        ("energy", "Energy and oil and gas were discussed."),
        ("tourism", "Then tourism."),
        ("energy", "Then energy again."),
    ]
    for topic in topics:
        assert text[topic.start : topic.end] == topic.quote
        assert topic.id == f"s#t{topic.start}-{topic.topic}"
    assert set(TOPIC_LABELS) == set(TOPICS)


def test_corpus_topics(corpus_dir: Path) -> None:
    found: dict[str, set[str]] = {}
    for path in sorted(corpus_dir.glob("*.txt")):
        article = read_article(path, home="Kazakhstan")
        topics = extract_topics(article.text, article.source)
        for topic in topics:
            assert article.text[topic.start : topic.end] == topic.quote
        found[path.name[:3]] = {t.topic for t in topics}
    assert {"transport", "agriculture", "digital", "tourism", "education", "culture"} <= found["000"]
    assert {"transport", "energy", "agriculture", "health", "digital", "science"} <= found["002"]
    assert {"energy", "transport", "defence", "nuclear", "finance", "green_economy", "security"} <= found["004"]
    assert "multilateral" in found["003"]


@pytest.mark.parametrize(
    ("stem", "expected"),
    [
        ("poland_uzbekistan", {"trade", "transport", "education", "tourism", "agriculture"}),
        ("hungary_kazakhstan", {"nuclear", "health", "finance", "agriculture"}),
        ("turkey_azerbaijan", {"defence", "energy", "transport", "tourism"}),
    ],
)
def test_fixture_topics(stem: str, expected: set[str]) -> None:
    article = read_article(FIXTURES / f"{stem}.txt")
    assert expected <= {t.topic for t in extract_topics(article.text, article.source)}


def test_every_topic_the_rules_find_has_the_label_documents_print() -> None:
    assert TOPICS == tuple(TOPIC_LABELS)
