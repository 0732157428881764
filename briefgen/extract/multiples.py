"""Growth written as a multiple ("doubled", "rose 1.5 times", "a threefold increase"), in percent."""

from __future__ import annotations

import re
from decimal import Decimal

from briefgen.extract.numwords import WORDS

# Growth written as a multiple: "doubled" = +100 %, "rose 1.5 times" = +50 %, "tripled" = +200 %.
MULTIPLE = re.compile(
    r"\b(?:(?P<verb>doubled|doubling|tripled|tripling|quadrupled|quadrupling)"
    r"|(?P<k>\d+(?:[.,]\d+)?|two|three|four|five|six|seven|eight|nine|ten)(?:\s*-\s*|\s+)?(?:fold|times)"
    r"|(?P<twice>twice))\b(?!\s+(?:as|a\s+(?:year|month|week|day)|per|over\s+the\s+(?:years?|period)))",
    re.IGNORECASE,
)
_MULTIPLE_VERBS = {"doubl": 100, "tripl": 200, "quadrupl": 300}
# A number of times is a growth only after a change ("increased by almost four times", "up 4.8 times",
# "raised twofold") or before one ("a threefold increase", "three times more"); "met three times" is not.
_CHANGE_BEFORE = re.compile(
    r"\b(?:increas\w*|gr[eo]w\w*|rose|risen|rising|rises|up|jump\w*|expand\w*|surg\w*|soar\w*|climb\w*|gain\w*"
    r"|boost\w*|rais\w*|multipl\w*)\s+(?:up\s+)?(?:by\s+)?(?:(?:almost|nearly|about|around|over|more\s+than|some"
    r"|roughly|approximately|at\s+least|just\s+over|more\s+than)\s+)?$",
    re.IGNORECASE,
)
_CHANGE_AFTER = re.compile(r"\s*(?:increase|growth|rise|jump|more|higher|larger|bigger)\b", re.IGNORECASE)


def multiple_growth(match: re.Match[str], text: str) -> float | None:
    """The growth in percent a match of MULTIPLE states (+100 for "doubled"), None when it is no growth."""
    start, end = match.start(), match.end()
    verb, k = match.group("verb"), match.group("k")
    if verb:
        return float(_verb_percent(verb))
    if not (_CHANGE_BEFORE.search(text, max(0, start - 60), start) or _CHANGE_AFTER.match(text, end)):
        return None
    if k is None:
        factor = 2.0
    elif k[0].isdigit():
        factor = float(k.replace(",", "."))
    else:
        factor = float(WORDS[k.lower()])
    if not 1 < factor <= 100:
        return None
    return float(Decimal(str(factor)) * 100 - 100)


def _verb_percent(verb: str) -> int:
    low = verb.lower()
    return next(value for stem, value in _MULTIPLE_VERBS.items() if low.startswith(stem))
