"""Which metric a number reports, read from its words and from whose side (home or partner) it is told."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from briefgen.extract.fastre import fast_scan
from briefgen.extract.metric_cues import is_deal_or_offer, is_target
from briefgen.extract.numbers import COUNT_NOUNS, PEOPLE_NOUNS, Quantity

_TRADE = r"\btrade\b|\bturnover\b|\btrading\s+volume|\bcommerce\b|\bcommercial\s+exchanges?|\btrade\s+exchanges?"
_KEYWORDS = re.compile(
    rf"(?P<balance>\b(?:trade\s+)?(?:balance|surplus|deficit)\b)"
    rf"|(?P<exports>\bexport(?:s|ed|ing)?\b)"
    rf"|(?P<imports>\bimport(?:s|ed|ing)?\b)"
    rf"|(?P<invest>\binvest(?:ment|ments|ed|ing|s|ors?)?\b|\bFDI\b|\bcapital\s+inflows?\b)"
    rf"|(?P<trade>{_TRADE})",
    re.IGNORECASE,
)
_UP = re.compile(
    r"\b(?:gr[eo]w|grown|growth|grows|growing|increas\w*|r[io]se|risen|rises|up|rising|more|higher|"
    r"expand\w*|jump\w*|surg\w*|gain\w*|climb\w*|soar\w*|added)\b",
    re.IGNORECASE,
)
_DOWN = re.compile(
    r"\b(?:f[ae]ll|fallen|falling|falls|decreas\w*|declin\w*|drop\w*|down|less|lower|shr[aiu]nk\w*|"
    r"contract\w*|reduc\w*|slump\w*|plung\w*|dipped|slid|lost)\b",
    re.IGNORECASE,
)
_OIL = re.compile(r"\b(?:oil|crude|petroleum|condensate|fuel)\b", re.IGNORECASE)
_PARTNER_RANK = re.compile(r"\bpartners?\b", re.I)
_CAPITAL_AFTER = re.compile(
    r"^\s*(?:\w+\s+){0,3}?with\s+(?:(?:the|a|an)\s+)?(?:[\w’'-]+\s+){0,2}?"
    r"(?:capital|participation|investments?|shareholding|ownership|shareholders?|founders?)\b",
    re.IGNORECASE,
)


# "US dollars", "US$": money, not the United States.
_CURRENCY_AFTER = re.compile(r"\s?\$|\s+dollars?\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Sides:
    """Phrases naming each country, with the home and partner country names."""

    pattern: re.Pattern[str]
    owner: dict[str, str]
    home: str
    partner: str | None

    def side(self, phrase: str) -> str:
        """"home", "partner" or "other" for a country phrase matched by ``pattern``."""
        name = self.owner.get(phrase.casefold())
        if name == self.home:
            return "home"
        if name == self.partner or self.partner is None:
            return "partner"
        return "other"


@lru_cache(maxsize=32)
def sides_for(home: str, partner: str | None) -> Sides:
    """The country matcher for one (home, partner) pair, from the gazetteer."""
    from briefgen.core.countries import countries, find_country

    def canonical(name: str | None) -> str | None:
        country = find_country(name) if name else None
        return country.name if country else name

    owner: dict[str, str] = {}
    for country in countries():
        for phrase in (*country.names, *country.adjectives, *country.capitals):
            owner.setdefault(phrase.casefold(), country.name)
    home_name, partner_name = canonical(home) or home, canonical(partner)
    # Countries missing from the gazetteer still count under their own name and a simple adjective.
    for name in (home_name, partner_name):
        if name and name.casefold() not in owner:
            owner[name.casefold()] = name
    return Sides(_phrase_pattern(tuple(sorted(owner))), owner, home_name, partner_name)


@lru_cache(maxsize=8)
def _phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """Any of ``phrases`` (casefolded), the longest first (shared by every pair of known countries)."""
    from briefgen.core.countries import word_start_pattern

    if _CASE_TWINS.search("".join(phrases)):
        # Two spellings one case-blind pattern matches alike ("ı" and "i") would make the
        # order of the prefix tree differ from longest-first: keep the plain alternation.
        alternation = "|".join(re.escape(p) for p in sorted(phrases, key=lambda p: (-len(p), p)))
        return re.compile(rf"(?<![\w])(?:{alternation})(?:['’]s)?(?![\w])", re.IGNORECASE)
    # The same matches as the alternation sorted longest first, thirty times faster.
    return re.compile(rf"{word_start_pattern(phrases)}(?:['’]s)?(?![\w])", re.IGNORECASE)


# Characters outside ASCII that match an ASCII letter when case is ignored.
_CASE_TWINS = re.compile("[İıſ\u212a]")


def blank_other_parens(text: str, keep: int) -> str:
    """``text`` with closed (...) groups that do not contain offset ``keep`` blanked out."""
    if "(" not in text:
        return text
    return _blank_other_parens(text, keep)


def _phrase_side(sides: Sides, match: re.Match[str]) -> str:
    return sides.side(re.sub(r"['’]s$", "", match.group()))


_WORDS = re.compile(r"[\w’'-]+")
_BREAKS = re.compile(r"[,;:()]|[-–—]\s")
_WINDOW_END = re.compile(r"[;.()]|,\s+(?:and|while|which)\b")


def side_before(sides: Sides, text: str, pos: int, words: int = 3) -> str | None:
    """The country named within ``words`` words before ``pos`` ("Romanian exports", "Romania has invested")."""
    window = text[max(0, pos - 80) : pos]
    tokens = list(_WORDS.finditer(window))[-words:]
    if not tokens:
        return None
    cut = max(tokens[0].start(), max((m.end() for m in _BREAKS.finditer(window)), default=0))
    last = None
    for match in sides.pattern.finditer(window, cut):
        if not _CURRENCY_AFTER.match(window, match.end()):
            last = _phrase_side(sides, match)
    return last


def side_after(sides: Sides, text: str, pos: int, preps: str, reach: int = 90) -> str | None:
    """The country after one of ``preps`` following ``pos`` ("from Romania", "in Romanian assets")."""
    window = text[pos : pos + reach]
    window = _WINDOW_END.split(window, maxsplit=1)[0]
    for prep in re.finditer(rf"\b(?:{preps})\s+", window, re.IGNORECASE):
        tail = window[prep.end() : prep.end() + 45]
        match = sides.pattern.search(tail)
        if match and _CURRENCY_AFTER.match(tail, match.end()):
            continue
        if match and not re.search(r"[,;]|\b(?:from|to|into|in|of|by)\b", tail[: match.start()], re.I):
            return _phrase_side(sides, match)
    return None


def _blank_other_parens(text: str, keep: int) -> str:
    chars = list(text)
    stack: list[int] = []
    for i, ch in enumerate(text):
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            start = stack.pop()
            if not start <= keep <= i:
                chars[start : i + 1] = " " * (i + 1 - start)
    return "".join(chars)


def subject_keyword(sentence: str, start: int, end: int) -> re.Match[str] | None:
    """The metric keyword a number at [start, end) belongs to: the nearest before it, else after it."""
    visible = blank_other_parens(sentence, start)
    before = list(_KEYWORDS.finditer(visible, 0, start))
    if before:
        return before[-1]
    clause = re.split(r"[;.]", visible[end:])[0]
    return _KEYWORDS.search(visible, end, end + len(clause))


def direction_conflict(sides: Sides, sentence: str, keyword: re.Match[str]) -> bool:
    """True when "from X" and "to X" name the same side ("exports from Kazakhstan to Kazakhstan")."""
    source = side_after(sides, sentence, keyword.end(), "from")
    dest = side_after(sides, sentence, keyword.end(), "to|into")
    return source is not None and source == dest and source != "other"


def trade_direction(sides: Sides, sentence: str, keyword: re.Match[str]) -> str:
    """ "exports" or "imports" from the home country's side for an export/import keyword."""
    word = "exports" if keyword.group("exports") else "imports"
    before = side_before(sides, sentence, keyword.start())
    source = side_after(sides, sentence, keyword.end(), "from")
    dest = side_after(sides, sentence, keyword.end(), "to|into")
    of_side = side_after(sides, sentence, keyword.end(), "of")
    goods = re.match(r"\s+of\s+[\w’'-]+\s+(?:goods|products|produce|origin|oil|grain)", sentence[keyword.end() :], re.I)
    if before is None and source is None and dest is None and of_side is None:
        # "Belarus' export was $783.7 million, import reached $112.3 million": a bare export or import
        # listed after another keeps the owner of the first.
        for earlier in reversed(list(_KEYWORDS.finditer(sentence, 0, keyword.start()))):
            if earlier.lastgroup in ("exports", "imports"):
                before = side_before(sides, sentence, earlier.start())
                break
    # Explicit "from X" / "to X" wins over a qualifier ("French imports into Kazakhstan").
    if word == "exports":
        exporter = source or before or of_side
        importer = dest
    else:
        exporter = source or (of_side if goods else None)
        importer = dest or (None if source else before) or (of_side if not goods else None)
    if exporter == "home" or importer in ("partner", "other"):
        return "exports"
    if exporter in ("partner", "other") or importer == "home":
        return "imports"
    if reporter(sides, sentence) == "partner":
        # "(exports $130 million, imports $282 million), the Slovak Statistical Office said": bare
        # parts are the reporting country's; the partner's exports are the home country's imports.
        return "imports" if word == "exports" else "exports"
    return word


# Whose statistics a sentence reports: "the Slovak Statistical Office said", "according to Uzbek customs".
_REPORTER = re.compile(
    r"\b(?P<who>[A-Z][\w’'-]*)\s+(?:(?:State|National|Federal|General)\s+)?(?:Statistic(?:s|al)?|Customs|Statistics\s+Office"
    r"|Statistical\s+Office|Statistics\s+Agency|Statistics\s+Committee|Bureau\s+of\s+Statistics)\b"
)


def reporter(sides: Sides, sentence: str) -> str | None:
    """The side whose statistics office or customs the sentence cites, or None."""
    for match in _REPORTER.finditer(sentence):
        phrase = sides.pattern.fullmatch(match.group("who"))
        if phrase:
            return _phrase_side(sides, phrase)
    return None


def invest_direction(sides: Sides, sentence: str, keyword: re.Match[str], quantity_end: int) -> str:
    """ "investment_inflow" (partner into home) or "investment_outflow" (home into partner)."""
    investor = side_before(sides, sentence, keyword.start(), 4) or side_after(
        sides, sentence, keyword.end(), "from|of|by"
    )
    # "Ankara has invested $4.35 billion in Kazakhstan and the Central Asian country in turn
    # $1.13 billion in Turkey": where the amount itself went decides.
    own = side_after(sides, sentence, quantity_end, "in|into|to", reach=25)
    if own == "home":
        return "investment_inflow"
    if own in ("partner", "other"):
        return "investment_outflow"
    target = side_after(sides, sentence, keyword.end(), "in|into|to") or side_after(
        sides, sentence, quantity_end, "in|into|to"
    )
    if investor == "home" or (investor is None and target in ("partner", "other")):
        return "investment_outflow"
    return "investment_inflow"


def money_metric(sides: Sides, sentence: str, q: Quantity, previous_end: int, year: int | None) -> str:
    """The metric of a USD/EUR amount."""
    if is_deal_or_offer(sentence, q):
        return "other"
    keyword = subject_keyword(sentence, q.start, q.end)
    kind = keyword.lastgroup if keyword else None
    if kind in ("trade", None) and is_target(sentence, q.start, q.end, previous_end, year):
        # "set a target ... to climb $10 billion": an aim for an amount of no other kind is trade's.
        return "trade_turnover_target"
    if kind in ("exports", "imports"):
        return trade_direction(sides, sentence, keyword)
    if kind == "invest":
        return invest_direction(sides, sentence, keyword, q.end)
    if kind == "balance":
        return "trade_balance"
    if kind == "trade":
        return "trade_turnover"
    return "other"


def balance_sign(sides: Sides, sentence: str, q: Quantity) -> int:
    """-1 when a trade balance is a deficit for the home country, else 1."""
    keyword = subject_keyword(sentence, q.start, q.end)
    window = sentence[max(0, q.start - 80) : q.end + 60]
    deficit = bool(re.search(r"\bdeficit\b|\bnegative\b", window, re.I))
    favour = side_after(sides, sentence, keyword.end() if keyword else q.start, "for|of|in favou?r of|to")
    owner = side_before(sides, sentence, keyword.start()) if keyword else None
    side = owner or favour
    if side in ("partner", "other"):
        deficit = not deficit
    return -1 if deficit else 1


def growth(sentence: str, q: Quantity, previous_end: int, next_start: int) -> int | None:
    """+1 or -1 when a percentage is a change (grew, fell, more than), None when it is not."""
    if q.multiple or (q.start and sentence[q.start - 1] == "+"):
        return 1  # "doubled", "rose 1.5 times": a multiple is a rise
    if q.value < 0:
        return 1  # "-3.1%": the sign is already in the value
    left = sentence[max(previous_end, q.start - 60) : q.start]
    right = sentence[q.end : min(next_start, q.end + 40)]
    right = re.split(r"[;(]|,\s", right)[0]
    best: tuple[int, int] | None = None
    for pattern, sign in ((_UP, 1), (_DOWN, -1)):
        for match in pattern.finditer(left):
            distance = len(left) - match.end()
            if best is None or distance < best[0]:
                best = (distance, sign)
        for match in pattern.finditer(right):
            if best is None or match.start() < best[0]:
                best = (match.start(), sign)
    return best[1] if best else None


def growth_metric(sides: Sides, sentence: str, q: Quantity) -> str:
    """trade_growth, exports_growth, imports_growth, or other for a change of something else."""
    keyword = subject_keyword(sentence, q.start, q.end)
    kind = keyword.lastgroup if keyword else None
    if kind in ("exports", "imports"):
        return trade_direction(sides, sentence, keyword) + "_growth"
    if kind in ("trade", "balance"):
        return "trade_growth"
    return "other"


_NOUNS = "|".join(sorted((PEOPLE_NOUNS | COUNT_NOUNS) - {"joint"}, key=len, reverse=True))
_NUMBER_OF = re.compile(
    rf"\bnumber\s+of\s+(?P<phrase>(?:[\w’'-]+\s+){{0,3}}?(?P<noun>{_NOUNS}))\b(?P<rest>[^,;()]*?)"
    r"\b(?:is|was|are|were|has|have|reached|amounts?\s+to|amounted\s+to|stands?\s+at|stood\s+at|exceeds?|exceeded|totals?|totalled|totaled|grew\s+to|rose\s+to|increased\s+to)\b[^,;()\d]*$",
    re.IGNORECASE,
)


def noun_before(sentence: str, q: Quantity) -> tuple[str, int, int] | None:
    """ "The number of companies with Hungarian capital reached 245": the noun written before the count."""
    match = _NUMBER_OF.search(sentence[max(0, q.start - 160) : q.start])
    if not match:
        return None
    offset = max(0, q.start - 160)
    return match.group("noun").lower(), offset + match.start("noun"), offset + match.end("noun")


def count_metric(sides: Sides, sentence: str, q: Quantity) -> str | None:
    """The metric of a count of companies, people, students or scholarships; None if not a figure."""
    noun = q.noun or ""
    tail = sentence[q.end :]
    noun_at = tail.lower().find(noun) if noun else -1
    noun_end = q.end + noun_at + len(noun) if noun_at >= 0 else q.end
    between = sentence[q.end : noun_end]
    if not noun:
        found = noun_before(sentence, q)
        if not found:
            return None
        noun, noun_start, noun_end = found
        between = sentence[max(0, noun_start - 12) : noun_end]
    if noun in ("companies", "company", "enterprises", "enterprise", "firms", "businesses", "entities", "ventures"):
        if re.search(r"\bjoint\b", between, re.I) or re.match(r"\s*(?:joint|with\s+joint)", sentence[noun_end:], re.I):
            return "joint_companies"
        capital = _CAPITAL_AFTER.match(sentence[noun_end:])
        owner = None
        if capital:
            owner = side_before(sides, sentence, noun_end + capital.end(), 4)
        owner = owner or side_before(sides, sentence, noun_end, 3)
        if owner is None:
            located = side_after(sides, sentence, noun_end, "in|into")
            owner = {"home": "partner", "partner": "home", "other": "home"}.get(located or "")
        if owner == "home":
            return "companies_home_capital"
        if owner in ("partner", "other"):
            return "companies_partner_capital"
        return None
    if noun in ("students", "pupils", "graduates", "trainees"):
        # "students from Kazakhstan study in Slovakia": the home country's students abroad are not the
        # partner's students in the home country (the metric); they are kept as other.
        origin = side_after(sides, sentence, noun_end, "from", reach=40) or side_before(sides, sentence, noun_end, 3)
        return "other" if origin == "home" else "students"
    if noun == "flights" and re.match(r"\s*(?:a|per)\s+(?:week|month|day)\b", sentence[noun_end:], re.I):
        return "other"  # "15 flights per week": the air link's frequency
    if noun in ("scholarships", "scholarship") or (
        noun in ("grants", "quotas", "places") and re.search(r"scholarship|stud(?:y|ents?)|universit", sentence, re.I)
    ):
        return "scholarships"
    owner = side_before(sides, sentence, noun_end, 2)
    if noun == "diaspora" or (noun and sides.pattern.fullmatch(noun)):
        people = sides.side(noun) if noun != "diaspora" else owner
        return "diaspora" if people in (None, "partner") else None
    if noun in ("people", "persons", "citizens", "nationals") and re.search(r"\bethnic\b|\borigin\b", sentence, re.I):
        return "diaspora" if owner in (None, "partner") else None
    if noun in ("tourists", "visitors"):
        return "other"
    return None


def physical_metric(sentence: str, unit: str) -> str:
    """oil_supply for tonnes or barrels of oil, else other."""
    return "oil_supply" if unit in ("tonnes", "barrels") and _OIL.search(sentence) else "other"


_RANKED_NOUN = re.compile(r"\b(?:partners?|investors?|exporters?|importers?|suppliers?|economy|economies)\b", re.I)


def rank_metric(sentence: str, end: int | None = None) -> str:
    """trade_partner_rank when a rank is among partners, else other ("5th largest investor")."""
    if end is not None:
        noun = _RANKED_NOUN.search(sentence, end, end + 60)
        if noun:
            return "trade_partner_rank" if noun.group().lower().startswith("partner") else "other"
    return "trade_partner_rank" if _PARTNER_RANK.search(sentence) else "other"


# The same matches, found faster (see fastre.fast_scan).
_KEYWORDS, _UP, _DOWN, _OIL, _NUMBER_OF = (fast_scan(p) for p in (_KEYWORDS, _UP, _DOWN, _OIL, _NUMBER_OF))
