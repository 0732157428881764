"""Figures a desk officer would cite, each with metric, period, quote and exact span."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from briefgen.core.periods import previous_period
from briefgen.core.vocab import UNITS
from briefgen.extract import metrics
from briefgen.extract.fastre import fast_scan, lowered
from briefgen.extract.figure_context import (
    Frame,
    headline_periods,
    paragraph_period,
    reporting_period,
)
from briefgen.extract.numbers import Quantity, find_quantities
from briefgen.extract.periods import PeriodMention, find_periods, load_scanners
from briefgen.extract.sentences import Sentence, split_sentences
from briefgen.model import Figure, Source

load_scanners()
_MONEY = ("USD", "EUR")
_PHYSICAL = ("tonnes", "barrels", "cubic_metres")
# A rank needs ranking words nearby, so "the 17th Intergovernmental Commission" is not one.
_RANK_AFTER = re.compile(
    r"^\W{0,3}(?:\w+\W+){0,4}?(?:largest|biggest|place|position|partner|among|in\s+the\s+world|"
    r"globally|worldwide|in\s+(?:the\s+)?(?:EU|Europe|European\s+Union|region)|rank)",
    re.IGNORECASE,
)
_RANK_BEFORE = re.compile(
    r"\b(?:rank(?:s|ed|ing)?|takes?|took|holds?|held|occupie[sd]|occupy|came|comes|is|was)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_SCOPES = (
    ("region", re.compile(
        r"\bregion(?:al)?\b|\bCentral\s+Asia|\bCEE\b|\bCentral\s+and\s+(?:South-?)?Eastern\s+Europe|"
        r"\bSouth-?(?:Eastern|East)\s+Europe|\bEastern\s+Europe|\bBalkans|\bCaucasus|\bMiddle\s+East|\bCIS\b", re.I)),
    ("eu", re.compile(r"\bEU\b|\bEuropean\s+Union\b")),
    ("world", re.compile(r"\bin\s+the\s+world|\bworld(?:['’]s|wide)?\b|\bglobal(?:ly)?\b", re.I)),
    ("europe", re.compile(r"\bEurope(?:an)?\b", re.I)),
)  # fmt: skip
# A sentence that refers back to the period of the one before it.
_SAME_PERIOD = re.compile(
    r"\b(?:in|during|over|for)\s+the\s+(?:same\s+)?period\b(?!\s+(?:of|last|from|a\s+year))", re.IGNORECASE
)
# Breakdowns that follow a turnover figure belong to its period ("Exports amounted to ...").
_FOLLOWS_TURNOVER = ("exports", "imports", "trade_balance", "trade_growth", "exports_growth", "imports_growth")
# Flows over a period (not stocks such as investment to date or company counts): a figure stating
# no period of its own continues the period of its paragraph.
_FLOWS = frozenset(("trade_turnover", "exports", "imports", "trade_balance", *_FOLLOWS_TURNOVER))
_ANAPHORA = re.compile(r"\s*(?:This|That|It)\s+(?:is|was|has|figure|number|amount|indicator)\b")
_GROWTH_OF = {"exports": "exports_growth", "imports": "imports_growth", "trade_turnover": "trade_growth"}
_SERIES = {**{series: series for series in _GROWTH_OF}, **{growth: series for series, growth in _GROWTH_OF.items()}}
# Two amounts of one aim joined by "and" with no verb of its own between them.
_COORDINATED = re.compile(
    r"(?:(?!\b(?:reached|amounted|totall?ed|was|were|stood|is|are)\b)[^.;$€\d])*\band\s+(?:then\s+)?(?:up\s+to\s+|to\s+)?",
    re.IGNORECASE,
)
# "over the past five years", "since 2005", "to date": a span with no period of its own (gold: null).
_OPEN_ENDED = re.compile(r"\b(?:over|in|during)\s+the\s+(?:past|last)\s+\w+\s+years\b|\bsince\s+(?:19|20)\d{2}\b|\bto\s+date\b"
                         r"|\bso\s+far\b", re.IGNORECASE)
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_CLAUSE_BREAK = re.compile(r"[,;:()]|\s(?:and|while|whereas|but)\s|\s[-–—]\s")


def extract_figures(text: str, source: Source, home: str) -> list[Figure]:
    """Every figure in ``text`` (the normalised article), from ``home``'s point of view."""
    sides = metrics.sides_for(home, source.partner)
    figures: list[Figure] = []
    context = _Context()
    currencies = _Currencies(text)
    previous_end = 0
    paragraph: list[str] = []
    history: list[str] = []
    sentences = split_sentences(text)
    frame = Frame(sentences, source)
    for sentence in sentences:
        if "\n" in text[previous_end : sentence.start]:
            paragraph = []  # a new paragraph states its own period
        previous_end = sentence.end
        # Set in place: a new context object per sentence cost more than the rules reading it.
        context.paragraph, context.frame, context.history = paragraph, frame, (history, len(history))
        found = _sentence_figures(text, sentence, source, sides, context, currencies)
        figures.extend(found)
        paragraph.append(sentence.text)
        history.append(sentence.text)
        if found:
            context = _Context(
                turnover=next((f.period for f in found if f.metric == "trade_turnover" and f.period), None),
                last=next((f.period for f in reversed(found) if f.period), None),
                growth=next((f.metric for f in reversed(found) if f.metric.endswith("_growth")), None),
                series=next((_SERIES[f.metric] for f in reversed(found) if f.metric in _SERIES), None),
            )
    return headline_periods(text, figures)


@dataclass(slots=True)
class _Context:
    """Periods of the previous sentence with figures, for "in the same period" and follow-up sentences."""

    turnover: str | None = None
    last: str | None = None
    # The paragraph's sentences so far: a flow figure stating no period continues theirs.
    paragraph: list[str] = field(default_factory=list)
    # The growth metric of the previous sentence with figures, for "This is ... higher than ...".
    growth: str | None = None
    # The last trade series (exports, imports, turnover) of the previous sentence with figures.
    series: str | None = None
    # The article's reporting period, for flows no sentence of their paragraph dates.
    frame: Frame | None = None
    # Every sentence before this one (a shared list and how many of it): "the same period of 2022"
    # is the latest period stated before, in that year.
    history: tuple[list[str], int] = ((), 0)


# fast_scan: the same matches, found faster.
_CURRENCY_WORD = fast_scan(re.compile(r"US\$|\$|USD|dollars?|(€|EUR|euros?)", re.IGNORECASE))
# The same matches in lowercased text: alternatives opening with plain characters let the
# engine skip ahead to where one may start. A euro match opens with "€" or "e".
_CURRENCY_WORD_LOWER = re.compile(r"us\$|\$|usd|dollars?|€|eur|euros?")


class _Currencies:
    """The currency words of a text, found once, so each sentence's lookup costs O(log n)."""

    def __init__(self, text: str):
        low = lowered(text)
        if low is None:
            found = [(m.end(), "EUR" if m.group(1) else "USD") for m in _CURRENCY_WORD.finditer(text)]
        else:
            found = [(m.end(), "EUR" if m.group()[0] in "€e" else "USD") for m in _CURRENCY_WORD_LOWER.finditer(low)]
        self.ends = [end for end, _ in found]
        self.codes = [code for _, code in found]

    def before(self, position: int) -> str | None:
        """The last currency named wholly before ``position``."""
        index = bisect.bisect_right(self.ends, position)
        return self.codes[index - 1] if index else None


def _default_currency(currencies: _Currencies, sentence: Sentence) -> str | None:
    earlier = currencies.before(sentence.start)
    if earlier:
        return earlier
    return "USD" if metrics._KEYWORDS.search(sentence.text) else None


def _sentence_figures(text: str, sentence: Sentence, source: Source, sides, context: _Context,
                      currencies: _Currencies) -> list[Figure]:
    s = sentence.text
    quantities = [q for q in find_quantities(s, _default_currency(currencies, sentence)) if q.unit in UNITS]
    if not quantities:
        return []
    today = source.date
    periods = find_periods(s, today)
    year = today.year if today else None
    items = quantities
    out: list[Figure] = []
    last_scope: str | None = None
    last_money: tuple[str, int] | None = None
    for index, q in enumerate(items):
        previous_end = items[index - 1].end if index else 0
        next_start = items[index + 1].start if index + 1 < len(items) else len(s)
        value, unit, approx, scope, base = q.value, q.unit, approx_before(s, q.start), None, None
        if unit in _MONEY:
            metric = metrics.money_metric(sides, s, q, previous_end, year)
            if metric == "other" and context.series and _ANAPHORA.match(s) and not metrics.is_deal_or_offer(s, q):
                metric = context.series  # "This figure ..., compared to $1.04 billion ...": the same series
            if metric == "trade_balance":
                value = value * metrics.balance_sign(sides, s, q)
        elif unit == "percent":
            sign = metrics.growth(s, q, previous_end, next_start)
            metric = metrics.growth_metric(sides, s, q) if sign else "other"
            if metric == "other" and sign and _ANAPHORA.match(s) and (context.growth or context.series):
                # "This is also 1.2 percent higher than ...", "This figure increased by 4 percent": the same series
                metric = context.growth or _GROWTH_OF[context.series]
            value = value * (sign or 1)
        elif unit == "rank":
            if not _is_rank(s, q, next_start):
                continue
            metric, approx = metrics.rank_metric(s, q.end), None
            scope = _scope(s, q, next_start) or last_scope or "world"
            last_scope = scope
        elif unit in _PHYSICAL:
            metric = metrics.physical_metric(s, unit)
        else:
            metric = metrics.count_metric(sides, s, q)
            if metric is None:
                continue
        if (metric == "trade_turnover" and last_money and last_money[0] == "trade_turnover_target"
                and _COORDINATED.fullmatch(s, last_money[1], q.start)):
            metric = "trade_turnover_target"  # "up to $5 billion in the short term and up to $10 billion ..."
        if unit in _MONEY:
            last_money = (metric, q.end)
        if metric == "trade_turnover_target":
            period = _target_period(s, q, periods)
        else:
            period = _period_of(s, q, periods)
        flow = metric in _FLOWS or (metric == "other" and unit == "percent")
        reported = reporting_period(s, q.start, q.end, context.history, source)
        if reported is not None and flow and (period is None or reported.startswith(period)):
            period = reported  # more precise than the bare year of "the reporting period of 2023"
        if period is None and (_SAME_PERIOD.search(s) or _ANAPHORA.match(s)):
            period = context.last  # "over the same period", "This figure ...": the period just reported
        if period is None and metric in _FOLLOWS_TURNOVER:
            period = context.turnover
        if period is None and flow:
            period = paragraph_period(context.paragraph, source)
        review = None
        if period is None and flow and context.frame is not None and not _OPEN_ENDED.search(s):
            period = context.frame.period
            if period is not None:
                review = "period taken from the article's reporting period, not stated with the figure"
        if unit in _MONEY:
            review = _money_doubt(sides, s, q, metric) or review
        if unit == "percent" and metric != "other":
            base = _base_of(q, periods, period)
        start = sentence.start + q.start
        out.append(
            Figure(
                id=f"{source.id}#f{start}",
                source=source.id,
                metric=metric,
                value=value,
                unit=unit,
                approx=approx,
                period=period,
                scope=scope,
                base=base,
                quote=s,
                start=sentence.start,
                end=sentence.end,
                mention=s[q.start : q.end],
                partner=source.partner,
                review=review,
            )
        )
    return out


def _money_doubt(sides, s: str, q: Quantity, metric: str) -> str | None:
    """Why an amount's metric is a guess: nothing says what it measures, or its cues disagree."""
    keyword = metrics.subject_keyword(s, q.start, q.end)
    if metric == "other" and keyword is None and not metrics.is_deal_or_offer(s, q):
        return "no metric cue: nothing in the sentence says what this amount measures"
    if metric in ("exports", "imports") and keyword is not None and metrics.direction_conflict(sides, s, keyword):
        return "conflicting cues: the sentence names the same side as exporter and importer"
    return None


def _is_rank(s: str, q: Quantity, next_start: int) -> bool:
    return bool(_RANK_AFTER.match(s[q.end : next_start]) or _RANK_BEFORE.search(s[max(0, q.start - 30) : q.start]))


def _scope(s: str, q: Quantity, next_start: int) -> str | None:
    # The most specific scope named before the next rank wins ("in the region of South-Eastern Europe").
    window = re.split(r"[();]|\.\s", s[q.end : next_start])[0]
    for name, pattern in _SCOPES:
        if pattern.search(window):
            return name
    return None


def _depth(s: str, pos: int) -> int:
    depth = 0
    for ch in s[:pos]:
        depth += ch == "("
        depth -= ch == ")" and depth > 0
    return depth


def _clause(s: str, q: Quantity) -> tuple[int, int]:
    left = [m.end() for m in _CLAUSE_BREAK.finditer(s, 0, q.start)]
    right = _CLAUSE_BREAK.search(s, q.end)
    return (left[-1] if left else 0), (right.start() if right else len(s))


_OPEN_PAREN = re.compile(r"\s*\(\s*")
_PAREN_AFTER = re.compile(r"\s*(?:[\w$€]+\s*){0,2}\(\s*(?:from\s+|in\s+|for\s+)?")


def _period_of(s: str, q: Quantity, periods: list[PeriodMention]) -> str | None:
    own = [p for p in periods if p.period]
    # "... than in 2023 (2.87 billion dollars)": the bracketed amount restates that period.
    for p in own:
        if _OPEN_PAREN.fullmatch(s[p.end : q.start]):
            return p.period
    # "1.57 billion dollars (from 2005 to Q3 2023)": a bracketed period right after the amount.
    for p in own:
        if not p.base and _PAREN_AFTER.fullmatch(s[q.end : p.start]):
            return p.period
    lo, hi = _clause(s, q)
    inside = [p for p in own if not p.base and lo <= p.start and p.end <= hi]
    before = [p for p in inside if p.end <= q.start]
    if before:
        return before[-1].period
    after = [p for p in inside if p.start >= q.end]
    if after:
        return after[0].period
    for p in own:
        if not p.base and _depth(s, p.start) == 0 and not _DAY.fullmatch(p.period):
            return p.period
    return None


def _target_period(s: str, q: Quantity, periods: list[PeriodMention]) -> str | None:
    """A target's period is its deadline ("by 2030"), never the period of the actuals around it."""
    lo, hi = _clause(s, q)
    for p in periods:
        if p.period and not p.base and lo <= p.start and p.end <= hi:
            return p.period
    return None


def _base_of(q: Quantity, periods: list[PeriodMention], period: str | None) -> str | None:
    bases = [p for p in periods if p.base]
    if not bases:
        return None
    nearest = min(bases, key=lambda p: abs(p.start - q.end))
    if nearest.same_period:
        return previous_period(period) if period else None
    return nearest.period


_APPROX_BEFORE = (
    ("about", re.compile(
        r"\b(?:about|around|nearly|almost|approximately|approx\.?|some|roughly|close\s+to|circa|ca\.|an\s+estimated|estimated\s+at|up\s+to\s+almost)\s*$",
        re.I)),
    ("over", re.compile(
        r"\b(?:over|more\s+than|exceed(?:ed|ing|s)?|above|in\s+excess\s+of|upwards\s+of|at\s+least|surpass(?:ed|ing|es)?|topp(?:ed|ing)|beyond)\s*$",
        re.I)),
    ("under", re.compile(r"\b(?:under|less\s+than|below|fewer\s+than|(?<!\badded\s)(?<!\badds\s)(?<!\badd\s)up\s+to|not\s+more\s+than|just\s+short\s+of)\s*$", re.I)),
)  # fmt: skip
# The same matches, found faster (see fastre.fast_scan).
_APPROX_BEFORE = tuple((name, fast_scan(pattern)) for name, pattern in _APPROX_BEFORE)
_APPROX_GAP = re.compile(r"(?:\s+(?:the|a|of|worth|by|reached|reaching|amounted|amounting|totalled|totaling))*\s*$", re.I)


def approx_before(text: str, start: int) -> str | None:
    """The approximation word right before a number: "about", "over", "under" or None."""
    window = text[max(0, start - 40) : start]
    window = window[: _APPROX_GAP.search(window).start()] if window else window
    for name, pattern in _APPROX_BEFORE:
        if pattern.search(window):
            # "not more than" is an upper bound, not "over".
            if name == "over" and re.search(r"\bnot\s+more\s+than\s*$", window, re.I):
                return "under"
            return name
    return None
