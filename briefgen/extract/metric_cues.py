"""Cues that an amount is not an actual trade figure: a target or forecast, a deal's value, an export offer."""

from __future__ import annotations

import re
from typing import Any

from briefgen.extract.fastre import fast_scan

_TARGET = re.compile(
    r"\b(?:aim(?:s|ed|ing)?|target(?:s|ed)?|goal|goals|plan(?:s|ned|ning)?|intend(?:s|ed)?|objective|strive|"
    r"seek(?:s|ing)?|task|envisag\w+|expect(?:s|ed)?|hope|ambition|eye(?:s|ing)?|propos(?:e|es|ed|al))\b"
    r"|\bto\s+(?:bring|raise|increase|boost|double|triple|expand|reach|grow|take|climb|surpass|exceed)\b"
    r"|\bon\s+(?:pace|track|course)\s+to\b"
    # A modal before the verb that governs the amount: "will reach", "can go up to", "could be raised to".
    r"|\b(?:will|would|can|could|may|might|shall)\s+(?:(?:potentially|possibly|further|soon|also|easily|be)\s+)*"
    r"(?:reach|go|grow|increase|rise|exceed|boost|surpass|amount|climb|hit|top|double|triple|total|raised|increased"
    r"|brought|expand|make\s+up)\b"
    r"|\b(?:increasing|raising|bringing|boosting|doubling|tripling|expanding)\b",
    re.IGNORECASE,
)
# A change already reported (past tense, no modal): "to reach" after it states the outcome.
_RESULT = re.compile(
    r"\b(?:increased|grew|rose|jumped|climbed|expanded|surged|soared|went\s+up|gained)\b(?![^.;]*\b(?:will|would|could|can|may|might|should)\b)",
    re.IGNORECASE,
)
def is_target(sentence: str, start: int, end: int, previous_end: int, year: int | None) -> bool:
    """True when the amount is an aim ("aim to raise trade to $1 billion"), not an actual."""
    lo = max(previous_end, start - 100)
    aims = list(_TARGET.finditer(sentence, lo, start))
    if aims:
        # "trade increased by 6 percent to reach $3.4 billion": the result of a reported change.
        last = aims[-1]
        result = _RESULT.search(sentence, max(0, start - 160), last.start())
        return not (len(aims) == 1 and last.group().lower().startswith("to ") and result)
    later = re.match(r"[^.;]{0,40}?\bby\s+(?:the\s+end\s+of\s+)?((?:19|20)\d{2})\b", sentence[end:])
    if later and year and int(later.group(1)) > year:
        return True
    return bool(re.match(r"[^.;]{0,30}?\b(?:in|within|over)\s+the\s+(?:next|coming)\b", sentence[end:], re.I))


# The value of a deal, a contract or a project portfolio, not trade or investment: "signed a $6.1
# billion agreement", "contracts worth $50 million", "projects totalling $2 billion".
_DEAL = r"(?:agreements?|deals?|contracts?|memorand\w*|packages?|portfolio|projects?)"
_DEAL_AFTER = re.compile(rf"\s+(?:worth\s+of\s+|investment\s+|trade\s+|supply\s+|export\s+)?{_DEAL}\b", re.I)
_DEAL_BEFORE = re.compile(
    rf"\b{_DEAL}\s+(?:[\w-]+\s+){{0,3}}?(?:worth|valued\s+at|totall?ing|amounting\s+to"
    rf"|with\s+a\s+(?:total\s+)?(?:value|cost)\s+of)\s+(?:(?:about|around|over|more\s+than|nearly|almost|some"
    rf"|up\s+to|an\s+estimated)\s+)?$",
    re.I,
)
# An export offer: "ready to supply ... 75 commodity items worth $250 million" (gold: other).
_OFFER = re.compile(r"\b(?:ready|readiness|willing|willingness|prepared|potential|offer\w*|propos\w*)\b", re.I)
_ITEMS = re.compile(r"\b(?:items?|positions|product\s+lines|commodity\s+groups)\b", re.I)


def is_deal_or_offer(sentence: str, q: Any) -> bool:
    """True for the value of a deal, contract or project, or of an export offer."""
    if _DEAL_AFTER.match(sentence, q.end) or _DEAL_BEFORE.search(sentence, max(0, q.start - 90), q.start):
        return True
    offers = list(_OFFER.finditer(sentence, max(0, q.start - 200), q.start))
    return bool(offers) and _ITEMS.search(sentence, offers[-1].end(), q.start) is not None


# The same matches, found faster (see fastre.fast_scan).
_TARGET = fast_scan(_TARGET)
