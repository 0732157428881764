"""Name mentions in a sentence, with the title phrase attached to each where the text gives one.

The grammar: runs of capitalised words joined by "of", "the", dashes; in a run, name-like words
(not titles, organisation words or country words) form a name, and the title words before it
its role. A comma links a role and a name across runs ("the State Secretary ..., Raduly Kalman",
"Florin Spătaru, State Counsellor ...").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from briefgen.core.names import PARTICLES, fold
from briefgen.extract.lexicon import CountryWord, country_words
from briefgen.extract.sentences import Sentence

_TITLES = frozenset(
    """minister secretary secretary-general ambassador president vice-president chairman chairwoman
    chairperson chair speaker counsellor counselor adviser advisor director director-general head
    consul consul-general governor mayor akim hokim senator deputy envoy representative spokesperson
    spokesman spokeswoman commissioner chancellor premier rector attaché attache chargé charge ceo
    undersecretary under-secretary vice-minister vice-chairman ombudsman prosecutor-general king
    queen emir prince co-chair co-chairman ministers""".split()
)
# Words that belong to titles and organisation names, never to a person's name.
_ROLE_WORDS = frozenset(
    """vice first acting state foreign prime senior special permanent executive extraordinary
    plenipotentiary general chief assistant presidential affairs economic economy strategic trade
    integration finance finances energy agriculture education science health healthcare defence
    defense culture information digital development industry infrastructure investment investments
    justice interior internal labour labor social protection transport communications tourism sport
    sports ecology environment natural resources emergency emergencies situations public
    administration national international european relations cooperation security policy policies
    technical scientific humanitarian legal consular protocol multilateral bilateral regional
    cultural water energetics mining innovation innovations innovative aerospace nuclear media
    religious ministry ministries office committee senate parliament government embassy consulate
    council agency department commission bank fund company corporation institute university chamber
    assembly service mission presidency cabinet secretariat majilis mazhilis mazhlis sejm court group
    union organization organisation board authority centre center foundation academy directorate
    republic kingdom federation states united nations house intergovernmental central federal
    inter-governmental joint interparliamentary inter-parliamentary""".split()
)
ORG_HEADS = frozenset(
    """ministry ministries office committee senate parliament government embassy consulate council
    agency department commission administration bank fund company corporation institute university
    chamber assembly service mission presidency cabinet secretariat majilis mazhilis mazhlis sejm
    court group union organization organisation board authority centre center foundation academy
    directorate""".split()
)
_NOT_NAMES = frozenset(
    """the a an in on at of for to by with within during after before since until following as over
    under about according this that these those it its he she his her they their we our you i
    today yesterday tomorrow nowadays namely additionally also moreover meanwhile furthermore
    besides however therefore thus then there here both each several many some such all other
    another while when where which who what why how and but or nor yet so if
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday mr mrs ms dr madam excellency his
    mfa sheikh sheikha lord lady sir asia europe africa america caucasus eurasia""".split()
)
_CONNECTORS = frozenset("of for at the and on to".split()) | PARTICLES
_PLACE_NOUNS = frozenset("city region province oblast district county town".split())
_TOKEN = re.compile(
    r"(?P<initial>(?:[^\W\d_]\.\s?){1,2}[^\W\d_][\w’'-]*[^\W_])"
    r"|(?P<word>[^\W\d_][\w’'-]*)"
    r"|(?P<dash>(?<=\s)[-–—](?=\s))"
    r"|(?P<comma>,)"
    r"|(?P<other>[^\w\s])"
)
POSSESSIVE = re.compile(r"[’']s$")


@dataclass(slots=True)
class _Token:
    text: str
    start: int
    end: int
    kind: str  # "initial", "word", "dash", "comma", "other"
    cls: str = ""  # for words: T title, R role word, C country, S stop, N name, c connector


@dataclass(slots=True)
class Mention:
    """A name in the text and, where stated next to it, the span of its title."""

    name: str
    start: int
    end: int
    sentence: Sentence
    role_start: int | None = None
    role_end: int | None = None


def _classify(tokens: list[_Token], countries: list[CountryWord]) -> None:
    covered = set()
    if countries:
        # Tokens are sorted and never empty: those from a word's start on, up to its end.
        starts = [token.start for token in tokens]
        for word in countries:
            for k in range(bisect_left(starts, word.start), len(tokens)):
                token = tokens[k]
                if token.start >= word.end and token.start != word.start:
                    break
                if token.end <= word.end or token.start == word.start:
                    covered.add(token.start)
    for token in tokens:
        kind = token.kind
        if kind == "word":
            token.cls = "C" if token.start in covered else _word_class(token.text)
        elif kind == "initial":
            token.cls = "N" if token.text[0].isupper() else "S"
    for k in range(1, len(tokens) - 1):
        token = tokens[k]
        if token.cls != "l":
            continue
        before, after = tokens[k - 1].cls, tokens[k + 1].cls
        # "the Polish Embassy in Kazakhstan", "Ambassador of Kazakhstan in India": one title.
        if token.text == "in" and before in ("T", "R", "C") and after in ("R", "C"):
            token.cls = "c"
        # "Akim of Turkestan region Umirzak Shukeyev", "Mayor of Klaipeda city Arvydas Vaitkus"
        elif token.text in _PLACE_NOUNS and before in ("N", "C") and after == "N":
            token.cls = "c"


@lru_cache(maxsize=1 << 16)
def _word_class(text: str) -> str:
    """The class of a word outside any country phrase (the same word, the same class: cached)."""
    bare = POSSESSIVE.sub("", text)
    low = fold(bare)
    if not text[0].isupper():
        return "c" if low in _CONNECTORS else "l"
    if low in _TITLES:
        return "T"
    if low in _ROLE_WORDS:
        return "R"
    if low in _NOT_NAMES or (bare.isupper() and len(bare) > 1) or len(bare) < 2:
        return "S"
    return "N"


def _runs(tokens: list[_Token]) -> list[list[_Token]]:
    """Runs of capitalised words joined by connectors ("of", "the", dashes)."""
    runs: list[list[_Token]] = []
    current: list[_Token] = []
    for token in tokens:
        if token.cls in ("T", "R", "C", "S", "N", "c") or token.kind == "dash":
            current.append(token)
            continue
        if current:
            runs.append(current)
        current = []
    if current:
        runs.append(current)
    trimmed = []
    for run in runs:
        while run and (run[0].cls in ("c", "S") or run[0].kind == "dash"):
            run = run[1:]
        while run and (run[-1].cls == "c" or run[-1].kind == "dash"):
            run = run[:-1]
        if run:
            trimmed.append(run)
    return trimmed


_COMMA = re.compile(r"\s*,\s*(?:the\s+)?")


def _comma_between(text: str, left: list[_Token], right: list[_Token]) -> bool:
    return bool(_COMMA.fullmatch(text[left[-1].end : right[0].start]))


def _segments(run: list[_Token]) -> list[tuple[int, int]]:
    """Index ranges [i, j) of name-like token sequences within a run."""
    found: list[tuple[int, int]] = []
    i = 0
    while i < len(run):
        if run[i].cls != "N":
            i += 1
            continue
        j = i + 1
        while j < len(run):
            if run[j].cls == "N":
                j += 1
            elif (
                run[j].cls == "c"
                and fold(run[j].text) in PARTICLES
                and j + 1 < len(run)
                and run[j + 1].cls == "N"
            ):
                j += 2
            else:
                break
        # "Minister of Trade and Integration Serik Zhumangarin": a name does not follow "of".
        if i > 0 and run[i - 1].cls == "c" and j - i >= 3 and run[i - 1].text in ("of", "for", "and", "on", "at"):
            i += 1
        # "Chairman of the State Great Khural Dashzegviin Amarbayasgalan": after a title's organisation
        # word, four or more name-like words end in the person's two-word name.
        if j - i >= 4 and i > 0 and run[i - 1].cls == "R" and _has_title(run[:i]):
            i = j - 2
        if sum(fold(t.text) not in PARTICLES for t in run[i:j]) <= 4:
            found.append((i, j))
        i = j
    return [seg for seg in found if not _inside_title(run, seg)]


_PREPOSITIONS = frozenset(("of", "for", "to", "at", "in"))


def _inside_title(run: list[_Token], segment: tuple[int, int]) -> bool:
    """Whether a name-like segment is a word of the organisation or place a title names.

    After a title and a preposition ("Chairman of the ... Business Council", "Commissioner for
    Repatriates and ...", "Mayor of Klaipeda") capitalised words belong to the title until the
    person's name, which is a word pair or longer closing the run or followed by another title
    ("Minister of Trade and Integration Serik Zhumangarin and Foreign Minister ...").
    """
    i, j = segment
    if j < len(run) and run[j].cls == "R" and fold(run[j].text) in ORG_HEADS and i > 0:
        return True  # "the Kazakhstan-Korea Parliamentary Friendship Group": an organisation's name
    complement = False
    for token in run[:i]:
        if token.cls == "T":
            complement = False
        elif token.cls == "c" and token.text in _PREPOSITIONS:
            complement = complement or any(t.cls in ("T", "R") for t in run[: run.index(token)])
    if not complement:
        # "Minister of Ecology, Geology and Natural ...": a word continuing a title's list.
        rest = run[j:]
        return j - i == 1 and any(t.cls == "R" for t in rest) and all(t.cls in ("R", "C", "c") for t in rest)
    if j - i < 2:
        return True
    for token in run[j:]:
        if token.cls == "T":
            return False
        if token.cls == "N":
            return True
    return False


def _has_title(tokens: list[_Token]) -> bool:
    return any(t.cls == "T" for t in tokens)


def _role_bounds(tokens: list[_Token]) -> tuple[int, int] | None:
    """Span of a role phrase in ``tokens`` (must hold a title), without leading filler."""
    dash = next((k for k, t in enumerate(tokens) if t.kind == "dash"), None)
    if dash is not None and all(t.text.isupper() for t in tokens[:dash]):
        tokens = tokens[dash + 1 :]  # a dateline ("ASTANA – Kazakh President ...") is no part of a title
    first = next((k for k, t in enumerate(tokens) if t.cls in ("T", "R", "C")), None)
    if first is None or not _has_title(tokens[first:]):
        return None
    last = len(tokens)
    while last > first and (tokens[last - 1].cls == "c" or tokens[last - 1].kind == "dash"):
        last -= 1
    return tokens[first].start, tokens[last - 1].end


# Where a word token may open with a capital: a letter after a non-letter (every such token
# does; the word token there is this match, unless an initial "J." opens there). ASCII
# lowercase letters are skipped; other letters are checked by the caller. The pattern opens
# with a character class and checks the letter and the one before it only then: the engine
# scans for that class alone, instead of trying the look-behind at every character.
_WORD_START = re.compile(r"(?:[A-Z]|[^\x00-\x7f])(?<![^\W\d_].)(?<=[^\W\d_])[\w’'-]*")


def _countries_if_named(sentence: Sentence, offset_text: str) -> list[CountryWord] | None:
    """The sentence's country words, or None when it holds no name-like token (most sentences):
    a cheap scan that spares tokenising them, with the same outcome."""
    text, base, countries = sentence.text, sentence.start, None
    for match in _WORD_START.finditer(text):
        word = match.group()
        if not word[0].isupper():
            continue
        if len(word) == 1 and text.startswith(".", match.end()):
            break  # may open an initial, a name whatever country words surround it
        if _word_class(word) != "N":
            continue
        if countries is None:
            countries = country_words(offset_text, base, sentence.end)
        start, end = base + match.start(), base + match.end()
        if not any(w.start <= start and end <= w.end or start == w.start for w in countries):
            break
    else:
        return None
    return country_words(offset_text, base, sentence.end) if countries is None else countries


def name_mentions(sentence: Sentence, offset_text: str) -> list[Mention]:
    """Every name in ``sentence`` (spans index ``offset_text``), with its role span if any."""
    base, token = sentence.start, _Token
    countries = _countries_if_named(sentence, offset_text)
    if countries is None:
        return []
    tokens = [token(m.group(), base + m.start(), base + m.end(), m.lastgroup or "other") for m in _TOKEN.finditer(sentence.text)]
    _classify(tokens, countries)
    runs = _runs(tokens)
    mentions: list[Mention] = []
    pure_roles: dict[int, tuple[int, int]] = {}
    for index, run in enumerate(runs):
        comma = index > 0 and _comma_between(offset_text, runs[index - 1], run)
        segments = _segments(run)
        if not segments:
            bounds = _role_bounds(run)
            if bounds:
                pure_roles[index] = bounds
            continue
        boundary = 0
        for i, j in segments:
            name = Mention(
                offset_text[run[i].start : run[j - 1].end], run[i].start, run[j - 1].end, sentence
            )
            bounds = _role_bounds(run[boundary:i]) if i > boundary else None
            if bounds:
                # "Deputy Prime Minister, Minister of Foreign Affairs of Kazakhstan Mukhtar Tileuberdi"
                previous = pure_roles.get(index - 1)
                if boundary == 0 and comma and previous and run[0].cls in ("T", "R"):
                    bounds = (previous[0], bounds[1])
                name.role_start, name.role_end = bounds
            elif i == 0 and comma and (index - 1) in pure_roles:
                # "the State Secretary of the Ministry of Finance of Romania, Raduly Kalman"
                name.role_start, name.role_end = pure_roles[index - 1]
            mentions.append(name)
            boundary = j
        # "Florin Spătaru, State Counsellor for Economic Affairs at ..."
        last = mentions[-1] if mentions else None
        if (
            last is not None
            and last.role_start is None
            and segments[-1][1] == len(run)
            and index + 1 < len(runs)
            and _comma_between(offset_text, run, runs[index + 1])
            and not _segments(runs[index + 1])
        ):
            follower = runs[index + 1]
            bounds = _role_bounds(follower)
            if bounds and follower[0].cls in ("T", "R", "C"):
                last.role_start, last.role_end = bounds
    return mentions
