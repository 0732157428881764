"""The phrasings events.py looks for: triggers, document names, places and ordinals."""

from __future__ import annotations

import re

from briefgen.core.calendar import MONTH_NAMES, NUMBER_WORDS, ORDINAL_WORDS, TENS_WORDS
from briefgen.extract.fastre import fast_scan
from briefgen.extract.lexicon import country_words

_TENS = TENS_WORDS
_ORDINAL_UNITS = ORDINAL_WORDS
_WORD_ORDINAL = (
    r"(?:(?:twenty|thirty|forty|fifty)-)?(?:" + "|".join(sorted(_ORDINAL_UNITS, key=len, reverse=True)) + ")"
)
_WORD_NUMBER = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|ten)"
)
ORDINAL = rf"(?:\d{{1,3}}(?:st|nd|rd|th)|{_WORD_ORDINAL})"
# "the IV High-Level Strategic Cooperation Council", "XII Astana Economic Forum"
ROMAN = r"(?-i:(?=[IVXL]{1,6}\s)(?:L?X{0,3})(?:IX|IV|V?I{0,3}))"

CONSULTATIONS = re.compile(
    rf"(?:\b(?P<ord>{ORDINAL})\s+round\s+of\s+)?\b(?P<what>(?:(?:regular|annual|political|inter-?ministerial"
    r"|consular|bilateral|inter-?agency|foreign\s+policy|interdepartmental)\s+){0,3}consultations)\b",
    re.IGNORECASE,
)
COMMISSION = re.compile(
    rf"(?:\b(?P<ord>{ORDINAL})\s+(?:meeting|session|sitting)\s+of\s+(?:the\s+)?|\b(?P<roman>{ROMAN})\s+)?"
    r"(?P<name>(?:[A-Z][\w’'-]*\s+){0,2}?(?:[Ii]nter-?governmental|Joint|Bilateral)\s+(?:[A-Z][\w-]*\s+){0,2}?"
    r"[Cc]ommission(?:\s+(?:on|for)\s+[A-Z][\w-]*(?:(?:,\s+|\s+(?:and|of|the|on|in)\s+|\s+)[A-Z][\w-]*)*)?"
    # A standing council of two states: "Hungarian-Kazakh Strategic Council", "High-Level Strategic Cooperation Council"
    r"|(?:[A-Z][\w’'-]*\s+){0,2}?(?:High-Level\s+)?Strategic\s+(?:Cooperation\s+|Partnership\s+)?Council"
    r"|(?:[A-Z][\w’'-]*\s+){0,1}Supreme\s+Interstate\s+Council)"
)
FORUM = re.compile(
    rf"(?:\b(?P<ord>{ORDINAL})\s+|\b(?P<roman>{ROMAN})\s+)?"
    r"(?P<name>(?:[A-Z][\w’'-]*\s+){0,3}?[Bb]usiness\s+(?:[Ff]orum|[Cc]ouncil|[Mm]ission))"
)
SIGNING_VERB = re.compile(r"\b(?:signed|adopted|inked|concluded|signing)\b", re.IGNORECASE)
_DOCUMENT = re.compile(
    r"(?P<head>(?:(?:Joint|Comprehensive|Intergovernmental|Bilateral|Framework|Strategic|Cooperation)\s+)*"
    r"(?:Action\s+Plan|Plan\s+of\s+Action|Statement|Declaration|Communiqu[eé]|Road\s?[Mm]ap|Programme|Program"
    r"|Convention|Treaty|Protocol|Agreement|Memorandum(?:\s+of\s+Understanding)?)s?"
    r"|(?i:joint\s+(?:statement|declaration|communiqu[eé]|action\s+plan)"
    r"|memorand(?:um|a)(?:\s+of\s+understanding)?|mous?|agreements?|protocols?|treat(?:y|ies)|contracts?"
    r"|road\s?maps?|declarations?|communiqu[eé]s?|(?:action|cooperation)\s+plans?|plans?\s+of\s+action"
    r"|(?:bilateral\s+|intergovernmental\s+|interagency\s+|cooperation\s+)?documents))\b"
)
_DOC_STOP = re.compile(
    r"\s+(?:was|were|is|are|has|have|had|will|would|shall|which|that|aimed|to\s+be|during|following|amid)\b"
    r"|\s+in\s+(?:19|20)\d{2}\b"
    r"|\s+with\s+the\s+(?:[\w-]+\s+)?(?:government|side|delegation)\b"
    r"|\s+and\s+(?:a|an|the|also)\b|\s*[,.;:()\"“”]|$"
)
_AFTER_VERB = re.compile(
    r"\s+(?:was|were|have\s+been|has\s+been)\s+(?:signed|adopted|concluded|inked)\s+"
    r"(?P<rest>(?:aimed\s+at|on|between|in\s+the\s+field|regarding|concerning)\b[^,.;:()]*)"
)
RECOGNITION = re.compile(
    r"\brecogni[sz](?:ed|es|e|ing)\s+(?:(?P<obj>[^\W\d_][\w-]*)[’']s\s+|our\s+|its\s+|their\s+|the\s+)?"
    r"(?:state\s+|national\s+)?(?:independence|sovereignty)"
    r"|\brecognition\s+of\s+(?:(?P<obj2>[^\W\d_][\w-]*)[’']s\s+|the\s+)?(?:independence|sovereignty)",
    re.IGNORECASE,
)
ANNIVERSARY = re.compile(
    rf"\b(?P<n>{ORDINAL})\s+anniv(?:ersary|\.|\b)(?:\s+of\s+(?P<what>(?:the\s+)?[\w\s-]+?))?"
    r"(?=[,.;:()]|\s+(?:between|in|on|at|with|and|was|is|were|which|that)\b|\s*$)"
    rf"|\b(?P<n2>\d{{1,3}}|{_WORD_NUMBER})\s+years\s+(?:of|since)\s+(?:the\s+)?(?:establishment\s+of\s+)?"
    r"(?P<what2>diplomatic\s+relations)",
    re.IGNORECASE,
)
DIPLOMATIC_RELATIONS = re.compile(
    r"\b(?:established|establish|establishing|establishment\s+of)\s+diplomatic\s+relations\b"
    r"|\bdiplomatic\s+relations\b[^.;]{0,60}?\b(?:were|was|had\s+been|have\s+been)\s+established\b",
    re.IGNORECASE,
)
VISIT = re.compile(
    r"\b(?P<adj>(?:(?:first|historic|official|state|working|friendly|return|reciprocal|presidential|\w+-day)\s+){1,3})visit\b"
    r"|\bvisited\b|\bpaid\s+(?:a|an|his|her|their)\s+visit\b"
    r"|\b(?:his|her|their|the)\s+visit\s+to\b|\bto\s+visit\s+(?=[A-Z])"
    r"|\b(?P<adj2>working|official|business)\s+trip\s+to\b|\bbusiness\s+mission\b",
    re.IGNORECASE,
)
VISIT_DATED = re.compile(r"\b(?:(?:high-level|bilateral|mutual|reciprocal|official)\s+)+visits\b", re.IGNORECASE)
MEETING = re.compile(
    r"\b(?P<noun>meeting|talks|negotiations|telephone\s+conversation|phone\s+call|conversation)\s+"
    r"(?:of\s+the\s+(?P<group>presidents|heads\s+of\s+state|prime\s+ministers|foreign\s+ministers|ministers)\b"
    r"|(?:held\s+)?(?:[\w-]+\s+){0,6}?with\b)"
    r"|\bmet\b|(?<=\bwill\s)meet\b|\bheld\s+(?:separate\s+)?(?P<plural>meetings)\s+with\b"
    r"|\b(?:received|receiving|welcomed|welcoming|hosted)\s+(?=(?:[\w’'-]+\s+){0,8}?(?:Ambassador|Minister|Secretary"
    r"|President|Chairman|Chair|Speaker|delegation|representatives|Emir|King|Prince|Governor|Mayor|Akim|Head|Director)\b)",
    re.IGNORECASE,
)
# "A and B discussed ...": two officials named as one subject held a meeting.
DISCUSSED = re.compile(r"\b(?:discussed|exchanged\s+views|held\s+talks|held\s+negotiations)\b", re.IGNORECASE)
EXCHANGE = re.compile(
    r"\bexchanged\s+(?P<what>(?:congratulatory\s+|official\s+)?(?:letters|messages|telegrams|instruments\s+of\s+ratification))",
    re.IGNORECASE,
)
DELEGATION = re.compile(
    r"\b(?:delegation|side|party|part|meeting|session|forum|talks|consultations)\b[^.;]{0,300}?\b(?:was|were)\s+"
    r"(?:co-)?(?:headed|led|represented|chaired)\s+by\b",
    re.IGNORECASE,
)
FUTURE = re.compile(
    r"\b(?:will|would|shall|plan(?:s|ned)?\s+to|intends?\s+to|upcoming|next|expected\s+to|to\s+be\s+held"
    r"|prospects?|preparations?\s+for)\b",
    re.IGNORECASE,
)
_PLACE = r"(?P<place>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,2})"
_NOT_PLACES = frozenset(
    ("The", "A", "An", "This", "That", *MONTH_NAMES, "Eastern", "Western", "Central", "Europe", "Asia")
)


_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}


def roman_value(text: str) -> int | None:
    """4 for "IV", 12 for "XII"; None for anything else."""
    if not text or any(ch not in _ROMAN_VALUES for ch in text):
        return None
    total = 0
    for ch, nxt in zip(text, [*text[1:], ""], strict=True):
        value = _ROMAN_VALUES[ch]
        total += -value if nxt and _ROMAN_VALUES[nxt] > value else value
    return total or None


def ordinal_value(text: str | None) -> int | None:
    """8 for "8th", 25 for "twenty-fifth" or "25", None when not a number."""
    if not text:
        return None
    word = text.lower()
    digits = re.match(r"\d+", word)
    if digits:
        return int(digits.group())
    tens, _, unit = word.rpartition("-")
    base = _TENS.get(tens, 0)
    if unit in _ORDINAL_UNITS:
        return base + _ORDINAL_UNITS[unit]
    if unit in _TENS:
        return base + _TENS[unit]
    if unit in NUMBER_WORDS:
        return base + NUMBER_WORDS[unit]
    return None


def _place(text: str) -> str | None:
    text = re.sub(r"[’']s$", "", text)
    words = country_words(text)
    if words and words[0].start == 0 and words[0].kind in ("name", "capital", "city"):
        return text[: words[0].end].removesuffix("’s").removesuffix("'s")
    if words or text.split()[0] in _NOT_PLACES:
        return None
    return text.split()[0]


def place_after(clause: str, position: int, visit: bool = False) -> str | None:
    """Where an event took place: "in Bucharest", "arrived in X", a visit "to Romania"."""
    patterns = [rf"\bin\s+{_PLACE}"]
    if visit:
        arrived = re.search(rf"\barrived\s+in\s+{_PLACE}", clause)
        if arrived and _place(arrived.group("place")):
            return _place(arrived.group("place"))
        patterns = [rf"^\s*{_PLACE}", rf"\bto\s+(?:the\s+)?{_PLACE}", rf"\bin\s+{_PLACE}"]
    for pattern in patterns:
        for match in re.finditer(pattern, clause[position:]):
            place = _place(match.group("place"))
            if place and not clause[position + match.end() :].startswith(("’s", "'s")):
                return place
    return None


def find_documents(clause: str) -> list[tuple[int, int, str, str]]:
    """(start, end, document as stated, its short name) for each document named in ``clause``."""
    found: list[tuple[int, int, str, str]] = []
    taken = 0
    for match in _DOCUMENT.finditer(clause):
        if match.start() < taken:
            continue
        start = match.start()
        # "Enhanced Partnership and Cooperation Agreement": capitalised words before the head.
        before = re.search(r"((?:[A-Z][\w-]*\s+(?:and\s+)?){1,4})$", clause[:start])
        if before and not re.match(r"(?:The|A|An|As|In|On|At|Following)\b", before.group(1)):
            start = before.start(1)
        stop = _DOC_STOP.search(clause, match.end())
        end = stop.start() if stop else len(clause)
        document = clause[start:end]
        after = _AFTER_VERB.match(clause, match.end())
        if after and end == match.end():
            document += " " + after.group("rest").strip()
            end = after.end()
        document = re.sub(r"^(?:the|a|an)\s+", "", " ".join(document.split()), flags=re.IGNORECASE)
        head = " ".join(match.group("head").split())
        found.append((start, end, document, head))
        taken = end
    return found


# The same matches, found faster (see fastre.fast_scan).
(CONSULTATIONS, COMMISSION, FORUM, SIGNING_VERB, _DOCUMENT, RECOGNITION, ANNIVERSARY, DIPLOMATIC_RELATIONS, VISIT,
 VISIT_DATED, MEETING, DISCUSSED, EXCHANGE, DELEGATION, FUTURE) = (
    fast_scan(p) for p in (CONSULTATIONS, COMMISSION, FORUM, SIGNING_VERB, _DOCUMENT, RECOGNITION, ANNIVERSARY,
                           DIPLOMATIC_RELATIONS, VISIT, VISIT_DATED, MEETING, DISCUSSED, EXCHANGE, DELEGATION, FUTURE)
)
