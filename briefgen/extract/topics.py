"""Cooperation areas (energy, transport, agriculture, ...) named in an article, one per sentence."""

from __future__ import annotations

import re

from briefgen.extract.fastre import StemIndex, fast_scan, literal_stems
from briefgen.extract.sentences import split_sentences
from briefgen.model import Source, Topic

# topic -> (synonyms matched case-insensitively, proper names matched as written); the labels
# documents print are in core/vocab.py.
# Generic words count only in lower case (or opening a sentence): a capitalised
# "Energy" mid-sentence is part of a name such as "Ministry of Energy".
_VOCABULARY: dict[str, tuple[str, str]] = {
    "energy": (
        r"energy|oil|gas|petroleum|hydrocarbons?|energy carriers|electricity|power plants?"
        r"|pipelines?|refiner(?:y|ies)|LNG|fuel",
        r"",
    ),
    "transport": (
        r"transport(?:ation)?|transit|logistics?|seaports?|ports?|railways?|rail|freight|cargo"
        r"|shipping|trade corridors?|transport corridors?|corridors?|connectivity",
        r"Middle Corridor|Trans-Caspian(?: International)? Transport Route|TITR|TMTM",
    ),
    "agriculture": (
        r"agricultur(?:e|al)|agro(?:-industrial|industrial)?|food industry|food security|farming"
        r"|grain|wheat|livestock|fertili[sz]ers?",
        r"",
    ),
    "digital": (
        r"information technolog(?:y|ies)|digital(?:i[sz]ation)?|e-government|artificial intelligence"
        r"|telecommunications?|fintech|start-?ups?",
        r"IT|ICT|AI",
    ),
    "tourism": (r"touris(?:m|ts?|tic)", r""),
    "education": (
        r"education(?:al)?|universit(?:y|ies)|students?|scholarships?|academic|schools?",
        r"",
    ),
    "science": (r"scien(?:ce|ces|tific)|research and development|R&D", r""),
    "culture": (
        r"cultur(?:e|al)|cultural-humanitarian|film festivals?|heritage|museums?",
        r"",
    ),
    "health": (
        r"health(?:care)?|medic(?:al|ine|ines)|pharmaceuticals?|hospitals?",
        r"",
    ),
    "finance": (
        r"bank(?:s|ing)?|financ(?:e|ial)|capital markets?|tax(?:ation)? matters|insurance",
        r"",
    ),
    "defence": (r"defen[cs]e|military(?:-technical)?|armed forces", r""),
    "nuclear": (r"nuclear|uranium", r""),
    "investment": (r"invest(?:s|ed|ing|ments?|ors?)?", r""),
    "trade": (
        r"trade(?!\s+corridors?)|trading|export(?:s|ers?|ing|ed)?|import(?:s|ers?|ing|ed)?|commerce|commercial",
        r"",
    ),
    "green_economy": (
        r"green\W{0,2}\s*(?:economy|energy|transition|growth)|renewables?|renewable energy"
        r"|climate|decarboni[sz]ation|hydrogen",
        r"",
    ),
    "multilateral": (
        r"multilateral|international (?:organi[sz]ations|structures|arena|fora|forums)",
        r"UN|UNGA|United Nations|OSCE|CICA|SCO|CIS|OTS|EU Strategy for Central Asia"
        r"|Council of the European Union|Partnership and Cooperation Agreement|Global Gateway",
    ),
    "security": (
        r"(?<!energy )(?<!food )security|terrorism|extremism|non-proliferation|peacekeeping"
        r"|drug trafficking|cybersecurity|conflict settlement|conflict resolution",
        r"",
    ),
    "parliamentary": (
        r"inter-?parliamentary|parliamentary|friendship groups?",
        r"",
    ),
}

TOPICS: tuple[str, ...] = tuple(_VOCABULARY)
_ORDER = {topic: index for index, topic in enumerate(TOPICS)}

# fast_scan: the same matches, found faster.
_GENERIC = {
    key: fast_scan(re.compile(rf"(?<![\w-])(?:{words})(?![\w])", re.IGNORECASE))
    for key, (words, _) in _VOCABULARY.items()
}
_PROPER = {
    key: fast_scan(re.compile(rf"(?<![\w-])(?:{names})(?![\w])"))
    for key, (_, names) in _VOCABULARY.items()
    if names
}
# Letters every match holds: one scan of a sentence for all of them tells which
# topics' regexes can match at all (keys: topic, or ("proper", topic) for _PROPER).
_STEMS = StemIndex({
    **{key: literal_stems(words, re.IGNORECASE) for key, (words, _) in _VOCABULARY.items()},
    **{("proper", key): literal_stems(names) for key, (_, names) in _VOCABULARY.items() if names},
})
# What may precede a capitalised word that still opens a sentence or a quotation.
_OPENING = re.compile(r"(?:^|[.!?:;\"“«‘(\[]\s*|\n\s*)$")


def _opens_sentence(text: str, index: int) -> bool:
    return bool(_OPENING.search(text[max(0, index - 3) : index]))


def _mentions(sentence: str, topic: str, possible: frozenset[object] | None = None) -> bool:
    """Whether ``sentence`` names ``topic``; ``possible`` is ``_STEMS.possible(sentence)``, if known."""
    proper = _PROPER.get(topic)
    if proper and (possible is None or ("proper", topic) in possible) and proper.search(sentence):
        return True
    if possible is not None and topic not in possible:
        return False
    for match in _GENERIC[topic].finditer(sentence):
        word = match.group()
        if word[0].islower() or _opens_sentence(sentence, match.start()):
            return True
    return False


def extract_topics(text: str, source: Source) -> list[Topic]:
    """One Topic per (sentence, cooperation area) the sentence mentions."""
    topics: list[Topic] = []
    for sentence in split_sentences(text):
        possible = _STEMS.possible(sentence.text)
        if possible is None:
            candidates = TOPICS
        else:
            # Keys are a topic or ("proper", topic); candidates go in vocabulary order.
            candidates = sorted({key if type(key) is str else key[1] for key in possible}, key=_ORDER.__getitem__)
        for topic in candidates:
            if _mentions(sentence.text, topic, possible):
                topics.append(
                    Topic(
                        id=f"{source.id}#t{sentence.start}-{topic}",
                        source=source.id,
                        topic=topic,
                        quote=sentence.text,
                        start=sentence.start,
                        end=sentence.end,
                    )
                )
    return topics
