"""Events in an article: consultations, visits, meetings, commissions, signings, recognitions,
anniversaries, each with its date or period, place, participants, documents and quote.

Each detector reads one clause. A clause with no date of its own that reports something done
("held", "met", "signed") is dated by the article, since press releases report the day's events;
background facts (recognitions, anniversaries, commissions) are only dated where the text says so.
"""

from __future__ import annotations

import re

from briefgen.extract.dates import find_dates
from briefgen.extract.events_rules import (
    ANNIVERSARY,
    COMMISSION,
    CONSULTATIONS,
    DELEGATION,
    DIPLOMATIC_RELATIONS,
    DISCUSSED,
    EXCHANGE,
    FORUM,
    MEETING,
    ORDINAL,
    RECOGNITION,
    SIGNING_VERB,
    VISIT,
    VISIT_DATED,
    find_documents,
    ordinal_value,
    place_after,
    roman_value,
)
from briefgen.extract.fastre import StemIndex, literal_stems
from briefgen.extract.lexicon import canonical_country, country_words
from briefgen.extract.occasions import (
    Draft,
    add_principal,
    anniversary_signings,
    continue_dates,
    dedupe,
    follow_pronouns,
    has_pair,
    merge_signings,
    name_meetings,
    one_occasion,
    separate_meetings,
    signings_in_a_row,
)
from briefgen.extract.people import person_mentions
from briefgen.extract.sentences import Sentence, split_sentences
from briefgen.model import Event, Person, Source

_CLAUSE = re.compile(r",\s+(?:while|whereas)\s|,\s+as\s+well\s+as\s|;\s")
_HEADER = re.compile(r"\s*date\s+\d{4}-\d{2}-\d{2}[^\n]*")
# Kinds that happened on the article's date when the clause gives no other.
_DATED_BY_ARTICLE = frozenset({"consultations", "meeting", "visit", "signing", "other"})


def _clauses(sentence: Sentence) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for match in _CLAUSE.finditer(sentence.text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(sentence.text)))
    return [(sentence.start + a, sentence.start + b) for a, b in spans if b > a]


# The trigger patterns (and DELEGATION), keyed by themselves: one scan of a clause for the
# letters each needs (see fastre.literal_stems) tells which can match at all; most clauses,
# and most sentences, need none of them.
_DETECTED = (CONSULTATIONS, COMMISSION, FORUM, SIGNING_VERB, RECOGNITION, ANNIVERSARY, DIPLOMATIC_RELATIONS, VISIT,
             VISIT_DATED, MEETING, DISCUSSED, EXCHANGE)
# Keys are the patterns' ids: hashing a compiled pattern hashes all its code, every time.
_TRIGGERS = StemIndex({
    id(pattern): literal_stems(pattern.pattern, pattern.flags) for pattern in (*_DETECTED, DELEGATION)
})
_DETECTED_IDS = frozenset(id(pattern) for pattern in _DETECTED)


def _search(pattern: re.Pattern[str], clause: str, possible: frozenset[object] | None) -> re.Match[str] | None:
    return pattern.search(clause) if possible is None or id(pattern) in possible else None


def _finditer(pattern: re.Pattern[str], clause: str, possible: frozenset[object] | None):
    return pattern.finditer(clause) if possible is None or id(pattern) in possible else ()


def _detect(text: str, start: int, end: int) -> list[Draft]:
    """Candidate events in the clause ``text[start:end]`` (dates and people come later)."""
    clause = text[start:end]
    drafts: list[Draft] = []
    possible = _TRIGGERS.possible(clause)
    if possible is not None and possible.isdisjoint(_DETECTED_IDS):
        return drafts  # no trigger can match (most clauses)

    def add(kind: str, title: str, at: int, **extra: object) -> None:
        drafts.append(Draft(kind, title, start, end, start + at, **extra))

    for match in _finditer(CONSULTATIONS, clause, possible):
        ordinal = ordinal_value(match.group("ord")) if match.group("ord") else None
        if ordinal is None and not re.search(r"\b(?:held|hold|holds|took\s+place|convened)\b", clause):
            continue
        words = " ".join(match.group("what").split())
        title = f"{_ordinal_text(ordinal)} round of {words}" if ordinal else words[0].upper() + words[1:]
        add("consultations", title, match.start(), ordinal=ordinal,
            place=place_after(clause, match.end()))
        break
    for match in _finditer(COMMISSION, clause, possible):
        name = " ".join(match.group("name").split())
        ordinal = ordinal_value(match.group("ord")) if match.group("ord") else roman_value(match.group("roman"))
        if ordinal is None and _SPEECH.search(clause) and not _OCCASION.search(clause):
            break  # "the potential of our intergovernmental commission": the body, not a session of it
        add("commission", name, match.start("name"), ordinal=ordinal,
            place=place_after(clause, match.end()))
        break
    for match in _finditer(FORUM, clause, possible):
        ordinal = ordinal_value(match.group("ord")) if match.group("ord") else roman_value(match.group("roman"))
        if ordinal is None and not _OCCASION.search(clause):
            break  # "Chairman of the ... Business Council": a title, not an occasion
        if ordinal is None:
            # "Chairman of the ... Business Council said at the 7th meeting of the council"
            session = _SESSION_OF.search(clause)
            ordinal = ordinal_value(session.group("ord")) if session else None
        kind = "visit" if match.group("name").lower().endswith("mission") else "forum"
        add(kind, " ".join(match.group("name").split()), match.start("name"), ordinal=ordinal,
            place=place_after(clause, match.end(), visit=kind == "visit"))
        break
    if _search(SIGNING_VERB, clause, possible):
        documents = find_documents(clause)
        if documents:
            docs = [d for _, _, d, _ in documents]
            heads = []
            for _, _, _, head in documents:
                if head not in heads:
                    heads.append(head)
            add("signing", "Signing of the " + " and ".join(heads), documents[0][0], documents=docs)
    match = _search(RECOGNITION, clause, possible)
    if match:
        obj = _country(match.group("obj") or match.group("obj2"))
        subjects = [w for w in country_words(clause, 0, match.start()) if w.kind == "name"]
        title = "Recognition of " + (f"{obj}’s independence" if obj else "independence")
        if subjects and subjects[-1].country != obj:
            title += f" by {subjects[-1].country}"
        add("recognition", title, match.start())
    match = _search(ANNIVERSARY, clause, possible)
    if match:
        ordinal = ordinal_value(match.group("n") or match.group("n2"))
        what = match.group("what") or match.group("what2") or "diplomatic relations"
        what = re.sub(r"^(?:the\s+)?(?:establishment\s+of\s+)?", "", " ".join(what.split()))
        if ordinal:
            add("anniversary", f"{_ordinal_text(ordinal)} anniversary of {what}", match.start(), ordinal=ordinal)
    else:
        match = _search(DIPLOMATIC_RELATIONS, clause, possible)
        if match and any(not d.relative for d in find_dates(clause)):
            add("diplomatic_relations", "Establishment of diplomatic relations", match.start())
    match = _search(VISIT, clause, possible)
    if match:
        words = " ".join((match.group("adj") or "").split())
        place = place_after(clause, match.end(), visit=True)
        title = (words[0].upper() + words[1:] + " visit") if words else "Visit"
        title += f" to {place}" if place else ""
        add("visit", title + (" (twice)" if re.search(r"\btwice\b", clause) else ""), match.start(), place=place)
    else:
        match = _search(VISIT_DATED, clause, possible)
        if match and find_dates(clause):
            words = " ".join(match.group().split())
            add("visit", words[0].upper() + words[1:], match.start())
    match = _search(MEETING, clause, possible)
    if match:
        group = match.group("group")
        noun = (match.group("noun") or "meeting").lower()
        noun = "Meeting" if noun == "met" else noun[0].upper() + noun[1:]
        title = f"{noun} of the {' '.join(group.split())}" if group else noun
        margins = re.search(r"\bon\s+the\s+(?:margins|sidelines)\s+of\s+(?:the\s+)?([A-Z][\w-]*(?:\s+[A-Z][\w-]*)*)", clause)
        if margins:
            title += f" on the margins of the {margins.group(1)}"
        add("meeting", title, match.start(), place=place_after(clause, match.end()))
    if not any(d.kind == "meeting" for d in drafts):
        match = _search(DISCUSSED, clause, possible)
        if match and " and " in clause[: match.start()]:
            add("meeting", "Talks", match.start(), place=place_after(clause, match.end()), needs_pair=True)
    match = _search(EXCHANGE, clause, possible)
    if match:
        add("other", "Exchange of " + " ".join(match.group("what").split()), match.start())
    return drafts


_SESSION_OF = re.compile(
    rf"\b(?P<ord>{ORDINAL})\s+(?:meeting|session|sitting|edition)\s+of\s+the\s+(?:council|forum)\b", re.IGNORECASE
)
# An occasion, not the body or the title alone: "was held", "launched", "the 7th session of", a meeting of it.
_OCCASION = re.compile(
    r"\b(?:held|hold|holds|launched|opened|took\s+place|hosted|attended|organi[sz]ed|convened|chaired|co-chaired"
    r"|session|sitting|meeting|plenary)\b",
    re.IGNORECASE,
)
# First-person speech: what a speaker says about a mechanism is not a session of it.
_SPEECH = re.compile(r"\b(?:we|our|us|I)\b|[\"“”]")
def _country(word: str | None) -> str | None:
    if not word:
        return None
    words = country_words(word)
    return words[0].country if words else None


def _ordinal_text(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _dates(memo: dict, text: str, start: int, end: int, source: Source) -> list:
    """``find_dates`` of one span, computed once per article (drafts of one clause share spans)."""
    key = (start, end)
    if key not in memo:
        memo[key] = find_dates(text, start, end, source.date)
    return memo[key]


# The header's own "date YYYY-MM-DD" is the article's date, never an event's.
_HEADER_DATE = re.compile(r"\s*date\s+\d{4}-\d{2}-\d{2}")
# A year right after an amount or a comparison is a figure's period ("$5 billion in 2022, 42 percent more
# than in 2021", "for the period 2020 to 2024"), not when an occasion took place.
_FIGURE_PERIOD_BEFORE = re.compile(
    r"(?:(?:\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|\w+teen|\w+ty))\s*(?:%|percent|per\s+cent"
    r"|billion|million|bln|mln|bn|thousand|tonnes)|\bthan|\bperiod|\bsince|\buntil|\btill|\bmonths?\s+of"
    r"|\bquarters?\s+of|\bhalf\s+of|(?:19|20)\d{2}\s+(?:to|through|until|and))\b[^.;,\d]{0,15}$",
    re.IGNORECASE,
)


def _date(text: str, draft: Draft, sentence: Sentence, source: Source, memo: dict) -> str | None:
    excluded = [(text.find(d, draft.start, draft.end), len(d)) for d in draft.documents]
    spans = [(a, a + n) for a, n in excluded if a >= 0]
    header = _HEADER_DATE.match(text)
    if header:
        spans.append((0, header.end()))
    spans.extend(
        (m.start, m.end) for m in _dates(memo, text, sentence.start, sentence.end, source)
        if len(m.value) == 4 and _FIGURE_PERIOD_BEFORE.search(text, max(0, m.start - 40), m.start)
    )
    for lo, hi in ((draft.start, draft.end), (sentence.start, sentence.end)):
        mentions = [
            m for m in _dates(memo, text, lo, hi, source) if not any(a <= m.start < b for a, b in spans)
        ]
        if mentions:
            # The date nearest the trigger: "recognised ... in 1991, and ... paid a visit ... in 2014".
            nearest = min(mentions, key=lambda m: max(draft.trigger - m.end, m.start - draft.trigger, 0))
            return nearest.value
    return None


def extract_events(text: str, source: Source, home: str, people: list[Person],
                   visitors: dict[str, str] | None = None) -> list[Event]:
    """Every event the article reports, with participants linked to ``people``.

    ``visitors``, when given, is filled with who visited which place ("his visit to Kazakhstan,
    Prime Minister Petr Fiala ..." -> Petr Fiala: Kazakhstan), for telling people's countries.
    """
    home = canonical_country(home)
    country_of = {p.name: p.country for p in people}
    header = _HEADER.match(text)
    header_end = header.end() if header else 0
    drafts: list[Draft] = []
    memo: dict = {}
    for sentence in split_sentences(text):
        possible = _TRIGGERS.possible(sentence.text)
        if possible is not None and not possible:
            continue  # nothing to find in any of its clauses
        found: list[Draft] = []
        for start, end in _clauses(sentence):
            for draft in _detect(text, start, end):
                draft.sentence = sentence
                draft.date = _date(text, draft, sentence, source, memo)
                if draft.kind in ("recognition", "anniversary", "diplomatic_relations"):
                    found.append(draft)
                    continue
                mentions = person_mentions(text, people, start, end)
                for _, name in mentions:
                    if name not in draft.participants:
                        draft.participants.append(name)
                if draft.needs_pair and not has_pair(text, draft, mentions):
                    continue  # "discussed" with no two sides named as its subject
                if draft.kind == "visit" and draft.place and visitors is not None and mentions:
                    before = [m for m in mentions if m[0] < draft.trigger]
                    after = [m for m in mentions if m[0] > draft.trigger]
                    visitor = before[-1][1] if before else after[0][1]
                    visitors.setdefault(visitor, draft.place)
                found.extend(separate_meetings(text, draft, mentions))
        found = merge_signings(found)
        if drafts and _search(DELEGATION, sentence.text, possible):
            # "The Kazakh delegation was headed by ..., and the Romanian - by ...".
            target = drafts[-1]
            for _, name in person_mentions(text, people, sentence.start, sentence.end):
                if name not in target.participants:
                    target.participants.append(name)
        drafts.extend(d for d in found if d.kind != "meeting" or d.participants or _explicit(text, d, source, memo))
    anniversary_signings(text, drafts)
    follow_pronouns(text, drafts)
    drafts = one_occasion(text, drafts)
    continue_dates(text, drafts)
    drafts = one_occasion(text, drafts)  # talks that named the visitor only through their tie to the visit
    add_principal(drafts, country_of, home)
    name_meetings(drafts, country_of, home)
    drafts = signings_in_a_row(dedupe(drafts, header_end))
    return _finish(text, drafts, source)


def _explicit(text: str, draft: Draft, source: Source, memo: dict) -> bool:
    return any(not m.relative for m in _dates(memo, text, draft.start, draft.end, source))


def _finish(text: str, drafts: list[Draft], source: Source) -> list[Event]:
    events: list[Event] = []
    used: set[int] = set()
    for draft in drafts:
        start = draft.start
        if start in used:
            # Two events in one clause: the second quote starts at its own trigger word.
            start = draft.trigger
        if start in used:
            continue
        used.add(start)
        quote = text[start : draft.end]
        events.append(
            Event(
                id=f"{source.id}#e{start}",
                source=source.id,
                event=draft.kind,
                title=draft.title,
                date=draft.date,
                place=draft.place,
                ordinal=draft.ordinal,
                participants=tuple(draft.participants),
                documents=tuple(draft.documents),
                quote=quote,
                start=start,
                end=draft.end,
            )
        )
    return sorted(events, key=lambda e: (e.start, e.id))
